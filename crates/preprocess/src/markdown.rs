//! Stage 4, render Markdown: pulldown-cmark with tables, strikethrough,
//! footnotes, task lists and heading attributes; every heading gets a stable
//! id, h2–h4 feed the table of contents, and a leading `# Title` that repeats
//! the page title is dropped (the layout shows the title).

use super::diag::{Diagnostic, line_col};
use super::sanitize;
use crate::model::TocEntry;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

/// A rendered body, before sanitizing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings h2–h4 with their ids, in order.
    pub toc: Vec<TocEntry>,
    /// Whether the HTML needs the sanitizer: it has raw HTML, a URL the
    /// sanitizer would drop, heading attributes, table alignments (inline
    /// styles) or task-list inputs. Otherwise pulldown-cmark escaped every
    /// text and attribute itself, sanitizing would change nothing, and links
    /// that leave the app already have their `rel="external"`.
    pub needs_sanitizing: bool,
    /// The links and ids of the body, for the link check.
    pub links: super::links::PageLinks,
}

/// Where a body comes from, for messages.
pub struct Origin<'a> {
    /// File as shown in messages.
    pub shown: &'a str,
    /// The body text.
    pub body: &'a str,
    /// File line of the body's first line.
    pub first_line: usize,
    /// Which iframes the body may have.
    pub policy: &'a sanitize::Policy,
}

impl Origin<'_> {
    fn position(&self, offset: usize) -> (usize, usize) {
        let (line, column) = line_col(self.body, offset);
        (self.first_line + line - 1, column)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a page body titled `title` (the layout's h1): a leading
/// `# title` is dropped, and what the sanitizer will drop and headings that
/// skip a level are reported as warnings.
pub fn render(origin: &Origin, title: &str, warnings: &mut Vec<Diagnostic>) -> Rendered {
    render_events(origin, Some(title), warnings)
}

/// Renders Markdown that is part of a page, not its body (a timeline
/// entry's description); what the sanitizer will drop is reported.
pub fn render_fragment(origin: &Origin, warnings: &mut Vec<Diagnostic>) -> Rendered {
    render_events(origin, None, warnings)
}

fn render_events(origin: &Origin, title: Option<&str>, warnings: &mut Vec<Diagnostic>) -> Rendered {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(origin.body, options())
        .into_offset_iter()
        .collect();
    report_unsafe(origin, &events, warnings);
    let needs_sanitizing = events.iter().any(|(e, _)| needs_sanitizer(e));
    if let Some(title) = title {
        drop_leading_title(&mut events, title);
        report_skipped_levels(origin, &events, warnings);
    }
    let toc = assign_heading_ids(&mut events);
    let links = super::links::collect_markdown(origin.body, origin.first_line, &events);
    if !needs_sanitizing {
        mark_external(&mut events);
    }
    let mut html = String::with_capacity(origin.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    Rendered {
        html,
        toc,
        needs_sanitizing,
        links,
    }
}

/// Gives each link that leaves the app its `rel="external"` as it is
/// written: the start tag pulldown-cmark would write, marked by
/// [`sanitize::mark_link_tag`], so the HTML is not scanned again for links.
/// A link inside an image's description is left alone: only its text is
/// written, into the `alt` attribute.
fn mark_external(events: &mut [(Event, Range<usize>)]) {
    let mut in_image = 0usize;
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ => {}
        }
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) = &*event
        else {
            continue;
        };
        if in_image > 0 {
            continue;
        }
        let mut tag = String::from("<a href=\"");
        if *link_type == LinkType::Email {
            tag.push_str("mailto:");
        }
        // Writing into a String cannot fail.
        let _ = escape_href(&mut tag, dest_url);
        if !title.is_empty() {
            tag.push_str("\" title=\"");
            let _ = escape_html(&mut tag, title);
        }
        tag.push('"');
        if let Cow::Owned(marked) = sanitize::mark_link_tag(&tag) {
            *event = Event::InlineHtml(format!("{marked}>").into());
        }
    }
}

/// Whether an event yields markup the sanitizer would change.
fn needs_sanitizer(event: &Event) -> bool {
    match event {
        Event::Html(html) | Event::InlineHtml(html) => !super::liquid::is_placeholder(html),
        Event::TaskListMarker(_) => true,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            sanitize::url_problem(dest_url).is_some()
        }
        Event::Start(Tag::Heading { classes, attrs, .. }) => {
            !classes.is_empty() || !attrs.is_empty()
        }
        Event::Start(Tag::Table(alignments)) => alignments
            .iter()
            .any(|a| *a != pulldown_cmark::Alignment::None),
        _ => false,
    }
}

/// Reports raw HTML and link URLs the sanitizer will remove.
fn report_unsafe(
    origin: &Origin,
    events: &[(Event, Range<usize>)],
    warnings: &mut Vec<Diagnostic>,
) {
    for (event, range) in events {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                for problem in origin.policy.problems(html) {
                    let (line, column) = origin.position(range.start);
                    warnings.push(sanitize::warning(origin.shown, line, column, &problem));
                }
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if let Some(problem) = sanitize::url_problem(dest_url) {
                    let (line, column) = origin.position(range.start);
                    warnings.push(sanitize::warning(origin.shown, line, column, &problem));
                }
            }
            Event::Start(Tag::Heading { level, attrs, .. }) if !attrs.is_empty() => {
                // `## Title {#id onclick=…}`: the attributes as a start tag.
                let tag: String = attrs
                    .iter()
                    .map(|(key, value)| {
                        format!(
                            " {key}=\"{}\"",
                            value.as_deref().unwrap_or("").replace('"', "")
                        )
                    })
                    .collect();
                for problem in sanitize::problems(&format!("<{level}{tag}>")) {
                    let (line, column) = origin.position(range.start);
                    warnings.push(sanitize::warning(origin.shown, line, column, &problem));
                }
            }
            _ => {}
        }
    }
}

/// Warns about each heading more than one level below the heading before
/// it: screen readers and search engines read the levels as the page's
/// outline. The page title, the layout's h1, comes before the body.
fn report_skipped_levels(
    origin: &Origin,
    events: &[(Event, Range<usize>)],
    warnings: &mut Vec<Diagnostic>,
) {
    // The heading before: level, Markdown text and line (none: the title).
    let mut before: (u8, Option<(String, usize)>) = (1, None);
    for (i, (event, range)) in events.iter().enumerate() {
        let Event::Start(Tag::Heading { level, .. }) = event else {
            continue;
        };
        let level = *level as u8;
        let end = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| i + p);
        let text = plain_text(&events[i + 1..end]).trim().to_string();
        let (line, column) = origin.position(range.start);
        if level > before.0 + 1 {
            warnings.push(skipped_level(
                origin.shown,
                (line, column),
                level,
                &text,
                &before,
            ));
        }
        before = (level, Some((text, line)));
    }
}

/// The warning for a heading of `level` after the heading `before`.
fn skipped_level(
    shown: &str,
    (line, column): (usize, usize),
    level: u8,
    text: &str,
    before: &(u8, Option<(String, usize)>),
) -> Diagnostic {
    let hashes = |n: u8| "#".repeat(usize::from(n));
    let wanted = before.0 + 1;
    let after = match &before.1 {
        Some((text, line)) => format!("`{} {text}` (h{}, line {line})", hashes(before.0), before.0),
        None => String::from("the page title (h1)"),
    };
    Diagnostic::warning(
        shown,
        line,
        column,
        format!(
            "heading level skipped: `{} {text}` (h{level}) follows {after}",
            hashes(level)
        ),
    )
    .fix(format!(
        "write it `{} {text}` (h{wanted}), or add an h{wanted} heading before it",
        hashes(wanted)
    ))
}

/// Removes a first `# heading` whose text is the page title.
fn drop_leading_title(events: &mut Vec<(Event, Range<usize>)>, title: &str) {
    let Some((
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }),
        _,
    )) = events.first()
    else {
        return;
    };
    let Some(end) = events
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
    else {
        return;
    };
    let text = plain_text(&events[1..end]);
    if text.trim().eq_ignore_ascii_case(title.trim())
        || text.trim().to_lowercase() == title.trim().to_lowercase()
    {
        events.drain(..=end);
    }
}

/// Gives every heading an id (kept when the author wrote `{#id}`) and
/// returns the h2–h4 entries for a table of contents.
pub(crate) fn assign_heading_ids(events: &mut [(Event, Range<usize>)]) -> Vec<TocEntry> {
    let mut used = HashSet::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level as u8;
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let text = plain_text(&events[i + 1..end]);
            let wanted = id.as_ref().map_or_else(|| slug(&text), ToString::to_string);
            let unique = unique_id(&wanted, &mut used);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            if (2..=4).contains(&level) {
                toc.push(TocEntry {
                    level,
                    id: unique,
                    text: text.trim().to_string(),
                });
            }
            i = end;
        }
        i += 1;
    }
    toc
}

/// The text of a run of inline events.
fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect()
}

/// A URL-safe id from heading text, as kramdown makes them.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if (c == ' ' || c == '-') && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "section".into()
    } else {
        out
    }
}

fn unique_id(wanted: &str, used: &mut HashSet<String>) -> String {
    let mut candidate = wanted.to_string();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        candidate = format!("{wanted}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str, title: &str) -> (Rendered, Vec<String>) {
        let mut warnings = Vec::new();
        let origin = Origin {
            shown: "p.md",
            body,
            first_line: 5,
            policy: sanitize::Policy::any_https(),
        };
        let rendered = render(&origin, title, &mut warnings);
        (rendered, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn extensions_table() {
        let cases = [
            ("a | b\n--|--\n1 | 2\n", "<table>"),
            ("~~x~~", "<del>x</del>"),
            ("x[^1]\n\n[^1]: note\n", "footnote-definition"),
            ("- [x] done\n", "checkbox"),
            ("<p class=\"small\">raw</p>\n", "<p class=\"small\">raw</p>"),
            ("### Il ruolo del Team\n", "<h3 id=\"il-ruolo-del-team\">"),
            ("## Hi {#custom}\n", "<h2 id=\"custom\">"),
        ];
        for (body, expected) in cases {
            let html = md(body, "T").0.html;
            assert!(html.contains(expected), "{body:?} gave {html}");
        }
    }

    #[test]
    fn links_that_leave_the_app_are_marked_as_written() {
        let cases = [
            (
                "[a](https://x.org/?a=1&b=2 \"T & <t>\")",
                "<p><a href=\"https://x.org/?a=1&amp;b=2\" title=\"T &amp; &lt;t&gt;\" rel=\"external\">a</a></p>\n",
            ),
            (
                "<https://x.org> <me@x.org>",
                "<p><a href=\"https://x.org\" rel=\"external\">https://x.org</a> <a href=\"mailto:me@x.org\" rel=\"external\">me@x.org</a></p>\n",
            ),
            (
                "[f](</docs/bando 1.pdf>) [p](/it/progetti) [h](#top)",
                "<p><a href=\"/docs/bando%201.pdf\" rel=\"external\">f</a> <a href=\"/it/progetti\">p</a> <a href=\"#top\">h</a></p>\n",
            ),
            (
                "![a [b](https://x.org) c](/i.png)",
                "<p><img src=\"/i.png\" alt=\"a b c\" /></p>\n",
            ),
        ];
        for (body, expected) in cases {
            let rendered = md(body, "T").0;
            assert!(!rendered.needs_sanitizing, "{body}");
            assert_eq!(rendered.html, expected, "{body}");
            assert_eq!(
                crate::sanitize::mark_external_links(&rendered.html),
                expected,
                "the same as marking the HTML afterwards: {body}"
            );
        }
    }

    #[test]
    fn toc_and_unique_ids() {
        let (rendered, _) = md("## A b\n### Cè?\n#### A b\n##### deep\n", "T");
        let ids: Vec<(u8, &str)> = rendered
            .toc
            .iter()
            .map(|t| (t.level, t.id.as_str()))
            .collect();
        assert_eq!(ids, vec![(2, "a-b"), (3, "cè"), (4, "a-b-1")]);
    }

    #[test]
    fn leading_title_is_dropped_once() {
        let html = md("# Join us\n\ntext\n\n# Join us\n", "Join Us").0.html;
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(md("# Other\n", "Join Us").0.html.contains("<h1"));
    }

    #[test]
    fn unsafe_html_is_reported_at_its_line() {
        let (_, warnings) = md(
            "ok\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
            "T",
        );
        assert_eq!(
            warnings,
            vec![
                "p.md:7:1: warning: removed <script> element: it is not allowed in content\n  fix: remove it; content may not run scripts, embed only https iframes",
                "p.md:9:1: warning: removed the URL `javascript:alert(1)`: only http, https, mailto and tel links and site paths are allowed\n  fix: use a plain https link or a site path",
            ]
        );
    }

    #[test]
    fn skipped_heading_levels_are_warnings() {
        let cases: [(&str, &[&str]); 7] = [
            ("## A\n### B\n#### C\n## D\n", &[]),
            ("text\n\n# Other\n## B\n", &[]),
            ("# T\n\n## B\n", &[]),
            (
                "### Descrizione\n\ntext\n",
                &[
                    "p.md:5:1: warning: heading level skipped: `### Descrizione` (h3) follows the page title (h1)\n  fix: write it `## Descrizione` (h2), or add an h2 heading before it",
                ],
            ),
            (
                "# T\n\ntext\n\n### B\n",
                &[
                    "p.md:9:1: warning: heading level skipped: `### B` (h3) follows the page title (h1)\n  fix: write it `## B` (h2), or add an h2 heading before it",
                ],
            ),
            (
                "## A *b*\n\n#### C\n##### D\n\nE\n---\n\n### F\n",
                &[
                    "p.md:7:1: warning: heading level skipped: `#### C` (h4) follows `## A b` (h2, line 5)\n  fix: write it `### C` (h3), or add an h3 heading before it",
                ],
            ),
            (
                "#### A\n## B\n",
                &[
                    "p.md:5:1: warning: heading level skipped: `#### A` (h4) follows the page title (h1)\n  fix: write it `## A` (h2), or add an h2 heading before it",
                ],
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(md(body, "T").1, expected, "{body:?}");
        }
    }

    #[test]
    fn fragments_have_no_title_and_no_outline() {
        let mut warnings = Vec::new();
        let origin = Origin {
            shown: "p.md",
            body: "# T\n\n### x\n",
            first_line: 5,
            policy: sanitize::Policy::any_https(),
        };
        let rendered = render_fragment(&origin, &mut warnings);
        assert!(rendered.html.contains("<h1"), "{}", rendered.html);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Descrizione e responsabilità"),
            "descrizione-e-responsabilità"
        );
        assert_eq!(slug("  L'API — v2!  "), "lapi-v2");
        assert_eq!(slug("???"), "section");
    }
}
