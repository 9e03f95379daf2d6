//! One page file, from bytes to a checked page with its body rendered:
//! decode, split front matter, parse and validate it, turn Liquid tags into
//! blocks, render Markdown and sanitize. Site-wide checks come later.

use super::diag::Diagnostic;
use super::front::{self, SplitError};
use super::links::{PageLinks, collect_html};
use super::liquid::{self, Include};
use super::markdown::{self, Origin};
use super::meta::{self, FrontMatter, Text};
use super::prerender::escape;
use super::sanitize;
use crate::model::{Layout, TimelineEntry, TocEntry};
use std::borrow::Cow;

/// Deepest nesting of elements a body may have: deeper bodies make the
/// sanitizer slow (its time grows with the square of the depth) and no
/// reader can follow them.
pub const MAX_DEPTH: usize = 100;

/// A piece of body before the site is resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Sanitized HTML.
    Html(String),
    /// A component, resolved with the site.
    Include(Include),
}

/// A page file, parsed and checked on its own.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// File as shown in messages.
    pub shown: String,
    /// Path relative to the content folder.
    pub rel: String,
    /// The YAML, to find lines of keys for later messages.
    pub yaml: String,
    /// File line where the YAML starts.
    pub yaml_line: usize,
    /// The typed front matter.
    pub front: FrontMatter,
    /// Language code (validated).
    pub lang: String,
    /// Title.
    pub title: String,
    /// Permalink, as written or derived from the file's place.
    pub url: String,
    /// Normalised permalink, for lookups.
    pub key: String,
    /// Layout.
    pub layout: Layout,
    /// Name of the layout as written (default when absent).
    pub layout_name: String,
    /// The body.
    pub pieces: Vec<Piece>,
    /// Table of contents entries of the body.
    pub toc: Vec<TocEntry>,
    /// Timeline entries, rendered.
    pub timeline: Vec<TimelineEntry>,
    /// Links and ids of the body and timeline, for the link check.
    pub links: PageLinks,
    /// A body with Liquid left for the site's templates, with its first
    /// line (see [`super::templates`]).
    pub liquid: Option<(String, usize)>,
}

impl Parsed {
    /// File line and column of a top-level key's value (the file start if absent).
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        key_position(&self.yaml, self.yaml_line, key)
    }

    /// File line and column of a list item under a top-level key.
    pub fn item_position(&self, key: &str, item: &str) -> (usize, usize) {
        let (key_line, _) = self.key_position(key);
        self.yaml
            .lines()
            .enumerate()
            .skip(key_line.saturating_sub(self.yaml_line))
            .find_map(|(i, line)| line.find(item).map(|col| (self.yaml_line + i, col + 1)))
            .unwrap_or(self.key_position(key))
    }

    /// The `ref` of the page, if any.
    pub fn reference(&self) -> Option<&str> {
        text(&self.front.reference)
    }
}

/// The text of an optional front-matter value, `None` when empty.
pub fn text(value: &Option<Text>) -> Option<&str> {
    value.as_ref().map(|t| t.0.trim()).filter(|t| !t.is_empty())
}

/// What became of a page file.
#[derive(Debug)]
pub enum Outcome {
    /// A page.
    Page(Box<Parsed>),
    /// No front matter: copied as it is, like Jekyll does.
    Static,
}

/// Processes one page file. `langs` are the configured language codes.
pub fn process(
    shown: &str,
    rel: &str,
    bytes: &[u8],
    langs: &[&str],
    warnings: &mut Vec<Diagnostic>,
) -> Result<Outcome, Diagnostic> {
    let policy = sanitize::Policy::any_https();
    process_with(shown, rel, bytes, langs, Defer::Off, policy, warnings)
}

/// Which bodies are kept for the site's templates (see [`process_with`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Defer {
    /// None: the site has no `_includes`.
    Off,
    /// Those with Liquid beyond built-in includes, comments and raw text.
    Templates,
    /// Every body with `{%` or `{{` (a site include replaces a built-in).
    All,
}

/// Like [`process`]; the bodies `defer` names are kept in
/// [`Parsed::liquid`] for the site's templates instead of rendered, and
/// HTML is sanitized with `policy` (the site's iframe hosts).
pub fn process_with(
    shown: &str,
    rel: &str,
    bytes: &[u8],
    langs: &[&str],
    defer: Defer,
    policy: &sanitize::Policy,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Outcome, Diagnostic> {
    let text = super::source::decode(shown, bytes)?;
    let split = match front::split(&text) {
        Ok(split) => split,
        Err(SplitError::NoFrontMatter) => {
            warnings.push(
                Diagnostic::warning(shown, 1, 1, "no front matter: the file is copied as it is, not made a page")
                    .fix("start the file with a `---` line, `title:` and `lang:`, and a closing `---` line to make it a page"),
            );
            return Ok(Outcome::Static);
        }
        Err(SplitError::NotClosed) => {
            return Err(Diagnostic::error(
                shown,
                1,
                1,
                "the front matter opened on line 1 is never closed",
            )
            .fix("add a line with just `---` after the last front matter key"));
        }
    };
    let front = meta::parse(shown, split.yaml, split.yaml_line, warnings)?;
    let mut page = Parsed {
        shown: shown.to_string(),
        rel: rel.to_string(),
        yaml: split.yaml.to_string(),
        yaml_line: split.yaml_line,
        lang: String::new(),
        title: String::new(),
        url: String::new(),
        key: String::new(),
        layout: Layout::Default,
        layout_name: String::new(),
        pieces: Vec::new(),
        toc: Vec::new(),
        timeline: Vec::new(),
        links: PageLinks::default(),
        liquid: None,
        front,
    };
    validate(&mut page, langs, warnings)?;
    let deferred = match defer {
        Defer::Off => false,
        Defer::Templates => liquid::needs_templates(split.body),
        Defer::All => {
            super::scan::find(split.body, "{%").is_some()
                || super::scan::find(split.body, "{{").is_some()
        }
    };
    if deferred {
        page.liquid = Some((split.body.to_string(), split.body_line));
    } else {
        let body = render_body(&page, split.body, split.body_line, &[], policy, warnings)?;
        (page.pieces, page.toc, page.links) = (body.pieces, body.toc, body.links);
    }
    let mut desc_links = PageLinks::default();
    page.timeline = timeline(&page, &mut desc_links, policy, warnings)?;
    page.links.append(desc_links);
    Ok(Outcome::Page(Box::new(page)))
}

/// Checks the keys every page needs and fills the derived fields.
fn validate(
    page: &mut Parsed,
    langs: &[&str],
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    let shown = page.shown.clone();
    let Some(title) = text(&page.front.title) else {
        return Err(Diagnostic::error(&shown, 1, 1, "the page has no `title`")
            .fix("add `title: …` with the page title to the front matter"));
    };
    page.title = title.to_string();
    let Some(lang) = text(&page.front.lang) else {
        return Err(
            Diagnostic::error(&shown, 1, 1, "the page has no `lang`").fix(format!(
                "add `lang:` with one of the configured languages: {}",
                langs.join(", ")
            )),
        );
    };
    if !langs.contains(&lang) {
        let (line, column) = page.key_position("lang");
        return Err(Diagnostic::error(
            &shown,
            line,
            column,
            format!("language `{lang}` is not configured"),
        )
        .fix(format!(
            "use one of {}, or add the language to _config.yml",
            langs.join(", ")
        )));
    }
    page.lang = lang.to_string();
    page.url =
        text(&page.front.permalink).map_or_else(|| derived_permalink(&page.rel), str::to_string);
    page.key = check_url(page, "permalink", &page.url.clone())?;
    (page.layout, page.layout_name) = layout(page, warnings);
    if let Some(target) = text(&page.front.redirect_to) {
        check_redirect_to(page, target)?;
    }
    Ok(())
}

/// Normalises a URL written in front matter, or explains why it cannot be.
pub fn check_url(page: &Parsed, key: &str, url: &str) -> Result<String, Diagnostic> {
    let normalized = is_plain_path(url)
        .then(|| crate::route::normalize(url))
        .flatten()
        .filter(|n| n == n.trim());
    normalized.ok_or_else(|| {
        let (line, column) = if key == "permalink" {
            page.key_position(key)
        } else {
            page.item_position(key, url)
        };
        Diagnostic::error(
            &page.shown,
            line,
            column,
            format!("`{key}` `{url}` is not a site path"),
        )
        .fix("write a path starting with a single `/`, e.g. `/it/lavora-con-noi`")
    })
}

/// A path as authors should write it: from the root, no empty, `.` or `..`
/// segments, no escapes, query, fragment or blanks. Such a path is also a
/// safe file name in the output folder.
pub fn is_plain_path(url: &str) -> bool {
    let Some(rest) = url.strip_prefix('/') else {
        return false;
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    !url.contains(['\\', '%', '?', '#', '"', '<', '>'])
        && !url.contains(char::is_whitespace)
        && !url.contains(char::is_control)
        && segments
            .iter()
            .enumerate()
            .all(|(i, s)| !matches!(*s, "." | "..") && (!s.is_empty() || i == last))
}

fn check_redirect_to(page: &Parsed, target: &str) -> Result<(), Diagnostic> {
    let lower = target.to_ascii_lowercase();
    let host_ok = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
        .is_some_and(|rest| {
            !rest.is_empty() && !rest.starts_with('/') && !target.contains(char::is_whitespace)
        });
    if host_ok {
        return Ok(());
    }
    let (line, column) = page.key_position("redirect_to");
    Err(Diagnostic::error(&page.shown, line, column, format!("`redirect_to` `{target}` is not an absolute http(s) URL"))
        .fix("write the full address, e.g. `redirect_to: https://example.org/page`; for a page of this site, list this page's path in that page's `redirect_from`"))
}

/// The permalink Jekyll gives a file without one: Markdown files become
/// `.html`, HTML files keep their name (`a.htm` stays `a.htm`).
pub fn derived_permalink(rel: &str) -> String {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, n)| (d, n));
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let prefix = if dir.is_empty() {
        String::from("/")
    } else {
        format!("/{dir}/")
    };
    match stem {
        "index" => prefix,
        _ if ext.eq_ignore_ascii_case("htm") || ext.eq_ignore_ascii_case("html") => {
            format!("{prefix}{name}")
        }
        _ => format!("{prefix}{stem}.html"),
    }
}

fn layout(page: &Parsed, warnings: &mut Vec<Diagnostic>) -> (Layout, String) {
    let name = text(&page.front.layout).unwrap_or("default").to_string();
    let layout = match name.as_str() {
        "default" | "default_with_toc" | "page" => Layout::Default,
        "job" => Layout::Job,
        "project" => Layout::Project,
        "people" | "i7person" => Layout::People,
        other => {
            let (line, column) = page.key_position("layout");
            warnings.push(
                Diagnostic::warning(
                    &page.shown,
                    line,
                    column,
                    format!("unknown layout `{other}`: the page renders with the default layout"),
                )
                .fix("use one of default, default_with_toc, job, project, people, i7person"),
            );
            Layout::Default
        }
    };
    (layout, name)
}

/// A rendered body: its pieces, contents and links.
pub struct Body {
    /// The pieces (HTML and component blocks).
    pub pieces: Vec<Piece>,
    /// Table of contents entries.
    pub toc: Vec<TocEntry>,
    /// Links and ids, for the link check (not those of site includes' output).
    pub links: PageLinks,
}

/// Liquid, Markdown (or HTML), sanitizing; includes become pieces.
/// `site_html`: the output of the site's templates, put back at their
/// placeholders (empty for a body without site includes).
pub fn render_body(
    page: &Parsed,
    body: &str,
    body_line: usize,
    site_html: &[String],
    policy: &sanitize::Policy,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Body, Diagnostic> {
    let processed = liquid::process(&page.shown, body, body_line, warnings)?;
    let mut toc = Vec::new();
    let links;
    let is_markdown = !page.rel.to_ascii_lowercase().ends_with(".html")
        && !page.rel.to_ascii_lowercase().ends_with(".htm");
    let origin = Origin {
        shown: &page.shown,
        body: &processed.body,
        first_line: body_line,
        policy,
    };
    let (html, needs_sanitizing) = if is_markdown {
        let rendered = markdown::render(&origin, &page.title, warnings);
        toc = rendered.toc;
        links = rendered.links;
        (rendered.html, rendered.needs_sanitizing)
    } else {
        links = collect_html(&processed.body, body_line);
        for problem in policy.problems(&processed.body) {
            warnings.push(sanitize::warning(&page.shown, body_line, 1, &problem));
        }
        (processed.body.clone(), true)
    };
    let (html, needs_sanitizing) = if site_html.is_empty() {
        (html, needs_sanitizing)
    } else {
        (put_back(&html, site_html), true)
    };
    let depth = sanitize::nesting_depth(&html);
    if depth > MAX_DEPTH {
        return Err(Diagnostic::error(
            &page.shown,
            body_line,
            1,
            format!("the body nests {depth} levels deep; at most {MAX_DEPTH} are allowed"),
        )
        .fix("flatten the nested lists, quotes or HTML elements"));
    }
    Ok(Body {
        pieces: split_pieces(&html, processed.includes, needs_sanitizing, policy),
        toc,
        links,
    })
}

/// Puts each site include's HTML back at its placeholder.
fn put_back(html: &str, site_html: &[String]) -> String {
    let mut out = html.to_string();
    for (index, part) in site_html.iter().enumerate().rev() {
        let marker = format!("{}{index}-->", super::templates::HTML_OPEN);
        out = out.replace(&format!("<p>{marker}</p>"), part);
        out = out.replace(&marker, part);
    }
    out
}

/// Cuts rendered HTML at include placeholders and sanitizes each part.
fn split_pieces(
    html: &str,
    includes: Vec<Include>,
    needs_sanitizing: bool,
    policy: &sanitize::Policy,
) -> Vec<Piece> {
    let html = show_escaped_includes(html, &includes);
    let mut pieces = Vec::new();
    let mut rest = &*html;
    // An include in the middle of a paragraph ends it; the text after the
    // include is a paragraph of its own.
    let mut reopen = false;
    for (index, include) in includes.into_iter().enumerate() {
        let marker = liquid::placeholder(index);
        let Some(at) = rest.find(&marker) else {
            continue;
        };
        let mut before = if reopen {
            format!("<p>{}", &rest[..at])
        } else {
            rest[..at].to_string()
        };
        reopen = before.matches("<p>").count() > before.matches("</p>").count();
        if reopen {
            before.push_str("</p>");
        }
        push_html(&mut pieces, &before, needs_sanitizing, policy);
        pieces.push(Piece::Include(include));
        rest = &rest[at + marker.len()..];
    }
    let last = if reopen {
        format!("<p>{rest}")
    } else {
        rest.to_string()
    };
    push_html(&mut pieces, &last, needs_sanitizing, policy);
    pieces
}

/// An include written inside code (a code span or block) reaches the HTML
/// escaped: it shows as the tag the author wrote, not as a component.
fn show_escaped_includes<'a>(html: &'a str, includes: &[Include]) -> Cow<'a, str> {
    let mut html = Cow::Borrowed(html);
    for (index, include) in includes.iter().enumerate() {
        let escaped = escape(&liquid::placeholder(index));
        if html.contains(&escaped) {
            let args: String = include
                .args
                .iter()
                .map(|(key, value)| format!(" {key}={value}"))
                .collect();
            let written = format!("{{% include {}.html{args} %}}", include.name);
            html = Cow::Owned(html.replace(&escaped, &escape(&written)));
        }
    }
    html
}

/// Adds one part of the body, cleaned and trimmed, unless it is empty.
fn push_html(
    pieces: &mut Vec<Piece>,
    html: &str,
    needs_sanitizing: bool,
    policy: &sanitize::Policy,
) {
    let clean = cleaned(html, needs_sanitizing, policy);
    let clean = clean.trim();
    if !clean.is_empty() {
        pieces.push(Piece::Html(clean.to_string()));
    }
}

/// `html` through the sanitizer if it needs it; rendered Markdown that does
/// not already has its links marked, so it is kept as it is.
fn cleaned<'a>(html: &'a str, needs_sanitizing: bool, policy: &sanitize::Policy) -> Cow<'a, str> {
    if needs_sanitizing {
        Cow::Owned(policy.clean(html))
    } else {
        Cow::Borrowed(html)
    }
}

/// Renders the front matter timeline; an entry needs a period and a title.
fn timeline(
    page: &Parsed,
    links: &mut PageLinks,
    policy: &sanitize::Policy,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<TimelineEntry>, Diagnostic> {
    let Some(items) = &page.front.timeline else {
        return Ok(Vec::new());
    };
    let mut entries = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let line = page.yaml_line + item.line - 1;
        let column = item.column;
        let (Some(period), Some(title)) = (text(&item.value.period), text(&item.value.title))
        else {
            let missing = if text(&item.value.period).is_none() {
                "period"
            } else {
                "title"
            };
            return Err(Diagnostic::error(
                &page.shown,
                line,
                column,
                format!("timeline entry {} has no `{missing}`", index + 1),
            )
            .fix(format!("add `{missing}: …` to the entry")));
        };
        let desc = text(&item.value.desc).map(|desc| {
            let origin = Origin {
                shown: &page.shown,
                body: desc,
                first_line: line,
                policy,
            };
            let rendered = markdown::render_fragment(&origin, warnings);
            links.append(rendered.links);
            cleaned(&rendered.html, rendered.needs_sanitizing, policy)
                .trim()
                .to_string()
        });
        entries.push(TimelineEntry {
            period: period.to_string(),
            title: title.to_string(),
            desc,
            todo: text(&item.value.status).is_some_and(|s| s.eq_ignore_ascii_case("todo")),
        });
    }
    Ok(entries)
}

/// Longest description made from a page's first paragraph, in characters
/// (what search engines show of one).
pub const SUMMARY_CHARS: usize = 160;

/// The description of a page whose author gave none, as jekyll-seo-tag and
/// Hugo make it: the plain text of the body's first paragraph with text,
/// whitespace collapsed, at most [`SUMMARY_CHARS`] characters, cut at a
/// word with `…` when longer. `None` when the body has no paragraph.
pub fn summary(pieces: &[Piece]) -> Option<String> {
    pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Html(html) => Some(html.as_str()),
            Piece::Include(_) => None,
        })
        .flat_map(paragraphs)
        .map(|p| collapse_whitespace(&plain_text(p)))
        .find(|text| !text.is_empty())
        .map(|text| cut_at_word(&text, SUMMARY_CHARS))
}

/// The inner HTML of each `<p>` element of sanitized HTML, in order.
fn paragraphs(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let at = rest.find("<p")?;
            let after = &rest[at + 2..];
            if !after.starts_with(['>', ' ', '\t', '\n', '/']) {
                rest = after;
                continue;
            }
            let open_end = after.find('>')? + 1;
            let inner = &after[open_end..];
            let close = inner.find("</p>").unwrap_or(inner.len());
            rest = &inner[close..];
            return Some(&inner[..close]);
        }
    })
}

/// The text of an HTML fragment: tags dropped, the entities the sanitizer
/// and pulldown-cmark write decoded.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            // A line break separates words.
            if rest[..end].starts_with("<br") {
                out.push(' ');
            }
            rest = &rest[end..];
        } else {
            let (text, used) = entity(rest);
            out.push_str(&text);
            rest = &rest[used..];
        }
    }
    out.push_str(rest);
    out
}

/// The character of the entity `text` starts with, and its length; a lone
/// `&` stays as it is.
fn entity(text: &str) -> (Cow<'static, str>, usize) {
    let Some(end) = text[..text.len().min(12)].find(';') else {
        return (Cow::Borrowed("&"), 1);
    };
    let name = &text[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name.strip_prefix('#').and_then(|n| {
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            code.and_then(char::from_u32)
        }),
    };
    match decoded {
        Some(c) => (Cow::Owned(c.to_string()), end + 1),
        None => (Cow::Borrowed("&"), 1),
    }
}

/// Runs of whitespace as one space, none at the ends.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` when it has at most `max` characters; else its longest start of
/// whole words that fits with `…` after it (cut inside the word only when
/// the first word alone is too long), without trailing punctuation.
fn cut_at_word(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let limit = text
        .char_indices()
        .nth(max - 1)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..limit];
    // The cut falls between words when the next character is a space.
    let head = if text[limit..].starts_with(' ') {
        head
    } else {
        head.rfind(' ').map_or(head, |space| &head[..space])
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:.-–—(".contains(c));
    format!("{head}…")
}

/// File line and column of the value of top-level `key` in `yaml`.
pub fn key_position(yaml: &str, yaml_line: usize, key: &str) -> (usize, usize) {
    yaml.lines()
        .enumerate()
        .find_map(|(i, line)| {
            let rest = line.strip_prefix(key)?.strip_prefix(':')?;
            let value_at = key.len() + 1 + (rest.len() - rest.trim_start().len());
            Some((yaml_line + i, value_at + 1))
        })
        .unwrap_or((1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_permalinks() {
        let cases = [
            ("en/index.md", "/en/"),
            ("en/team.md", "/en/team.html"),
            ("index.md", "/"),
            ("it/progetti/a.html", "/it/progetti/a.html"),
            ("about.markdown", "/about.html"),
            ("it/vecchia.htm", "/it/vecchia.htm"),
            ("it/index.htm", "/it/"),
        ];
        for (rel, expected) in cases {
            assert_eq!(derived_permalink(rel), expected, "{rel}");
        }
    }

    #[test]
    fn plain_paths() {
        for ok in ["/", "/it/", "/it/lavora-con-noi", "/it/a.htm", "/caffè"] {
            assert!(is_plain_path(ok), "{ok}");
        }
        for bad in [
            "",
            "it/x",
            "//evil.example/x",
            "/a//b",
            "/a/../b",
            "/a/./b",
            "/a%2Fb",
            "/a b",
            "/a?b",
            "/a\\b",
        ] {
            assert!(!is_plain_path(bad), "{bad}");
        }
    }

    fn html(s: &str) -> Piece {
        Piece::Html(s.to_string())
    }

    #[test]
    fn summaries() {
        let long = "parola ".repeat(40);
        let cut = format!("{}…", "parola ".repeat(22).trim_end());
        let cases: Vec<(Vec<Piece>, Option<String>)> = vec![
            (vec![], None),
            (vec![html("<h2 id=\"a\">A</h2><ul><li>x</li></ul>")], None),
            (vec![html("<p>Uno.</p><p>Due.</p>")], Some("Uno.".into())),
            (
                vec![html(
                    "<p><img src=\"/a.png\" alt=\"a\" /></p>\n<p>Dopo.</p>",
                )],
                Some("Dopo.".into()),
            ),
            (
                vec![html(
                    "<pre><code>x</code></pre><p class=\"small\">Il <strong>Team</strong>\nlavora con le <a href=\"/it/pa\">PA</a>.</p>",
                )],
                Some("Il Team lavora con le PA.".into()),
            ),
            (
                vec![html(
                    "<p>A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#x27; f&nbsp;g &copy; h & i</p>",
                )],
                Some("A & B <c> \"d\" 'e' f g &copy; h & i".into()),
            ),
            (
                vec![html("<p>riga<br />dopo</p>")],
                Some("riga dopo".into()),
            ),
            (
                vec![
                    Piece::Include(Include {
                        name: "jobs_list".into(),
                        args: Vec::new(),
                    }),
                    html("<p>Testo.</p>"),
                ],
                Some("Testo.".into()),
            ),
            (vec![html(&format!("<p>{long}</p>"))], Some(cut)),
        ];
        for (pieces, expected) in cases {
            assert_eq!(summary(&pieces), expected, "{pieces:?}");
        }
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        let cases = [
            ("corto", 10, "corto"),
            ("esattamente", 11, "esattamente"),
            ("uno due tre quattro", 12, "uno due tre…"),
            ("uno due, tre quattro", 11, "uno due…"),
            ("uno due tre quattro", 11, "uno due…"),
            ("supercalifragilistico", 6, "super…"),
            ("perché così è", 9, "perché…"),
        ];
        for (text, max, expected) in cases {
            let got = cut_at_word(text, max);
            assert_eq!(got, expected, "{text:?} at {max}");
            assert!(got.chars().count() <= max, "{got:?} is longer than {max}");
        }
    }

    #[test]
    fn key_positions() {
        let yaml = "title: a\nlang:   fr\nlist:\n  - /x\n";
        assert_eq!(key_position(yaml, 2, "lang"), (3, 9));
        assert_eq!(key_position(yaml, 2, "missing"), (1, 1));
    }
}
