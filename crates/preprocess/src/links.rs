//! Links checked at build: every link of the content that stays on the site
//! must lead to a page (by its URL or an old URL), to a heading or `id` of
//! that page when it names one (`#id`, `/path#id`), or to a file of
//! `content/` or `public/`. Links to the site's own address (`url` of
//! `_config.yml`) are checked as site paths; other addresses and schemes
//! (`mailto:`, `tel:`) are left alone, nothing is fetched.
//!
//! Links and ids are collected while the Markdown is rendered
//! ([`collect_markdown`], [`collect_html`]), with their place in the file;
//! once the site is resolved, [`check`] looks each one up in hash tables,
//! on every core. Only a broken link costs more: the closest existing URL
//! or id is searched for it ([`super::suggest`]), once per path (for at
//! most [`MAX_PATH_HINTS`] paths). A broken
//! link is a warning, or an error with `links: error` in `_config.yml`.

use super::config::{Config, LinkSeverity};
use super::diag::{Diagnostic, Diagnostics};
use super::page::{Parsed, text};
use super::sanitize::{StartTag, scan_tags};
use super::site::Resolved;
use super::source::SourceFile;
use super::suggest::Candidates;
use crate::model::Entry;
use crate::route::{normalize, percent_decode};
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

/// Paths the build writes itself, besides pages and copied files.
const GENERATED: &[&str] = &["/", "/sitemap.xml", "/robots.txt", "/404.html"];

/// Paths that lead nowhere given the closest existing URL: the first ones
/// of a build, in page order. Each is compared with every URL of the site
/// (about 3 ms on 30,000 pages), so a build where every page has a broken
/// path of its own still takes well under a second more.
pub const MAX_PATH_HINTS: usize = 200;

/// Fragments a browser honours without an element of that id.
const BUILT_IN_FRAGMENTS: &[&str] = &["", "top"];

/// One link as written in a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The URL as written.
    pub url: String,
    /// 1-based file line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// For a link a site include wrote: the file `line` and `column` are
    /// in (the include file, or the page when its URL is made by Liquid),
    /// and what the message adds in brackets (`included by file:line:column`
    /// or ``written by `NAME.html` ``).
    pub include: Option<Box<(String, String)>>,
}

/// What a page's content links to, and the ids other links may name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// Links of the body and of the timeline descriptions, in order.
    pub links: Vec<Link>,
    /// Heading ids, `id` attributes, `<a name>` and footnote labels.
    pub ids: Vec<String>,
}

impl PageLinks {
    /// Adds what another part of the page links to.
    pub fn append(&mut self, other: PageLinks) {
        self.links.extend(other.links);
        self.ids.extend(other.ids);
    }
}

/// Turns byte offsets of a text, mostly in increasing order, into file
/// lines and columns in one pass over the text.
struct Cursor<'a> {
    text: &'a str,
    first_line: usize,
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, first_line: usize) -> Self {
        Self {
            text,
            first_line,
            offset: 0,
            line: 0,
            line_start: 0,
        }
    }

    /// File line and column (1-based, in characters) of byte `offset`.
    fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            (self.offset, self.line, self.line_start) = (0, 0, 0);
        }
        // Counting and a backward search, both quick on long stretches.
        let bytes = &self.text.as_bytes()[self.offset..offset];
        self.line += bytes.iter().filter(|b| **b == b'\n').count();
        if let Some(last) = bytes.iter().rposition(|b| *b == b'\n') {
            self.line_start = self.offset + last + 1;
        }
        self.offset = offset;
        let column = self
            .text
            .get(self.line_start..offset)
            .map_or(offset - self.line_start, |s| s.chars().count());
        (self.first_line + self.line, column + 1)
    }
}

/// The links and ids of rendered Markdown events (heading ids already
/// assigned). `body` is the Markdown text and `first_line` its file line.
/// A link inside an image's description is not a link on the page.
pub fn collect_markdown(
    body: &str,
    first_line: usize,
    events: &[(Event, Range<usize>)],
) -> PageLinks {
    let mut found = PageLinks::default();
    let mut cursor = Cursor::new(body, first_line);
    let mut in_image = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if in_image == 0 {
                    push_link(&mut found, &mut cursor, dest_url, range.start);
                }
                in_image += 1;
            }
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if in_image == 0 && *link_type != LinkType::Email => {
                push_link(&mut found, &mut cursor, dest_url, range.start);
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => found.ids.push(id.to_string()),
            Event::Start(Tag::FootnoteDefinition(label)) => found.ids.push(label.to_string()),
            Event::Html(html) | Event::InlineHtml(html) => {
                // Exact places when the event is the source text itself (not
                // inside a quote or list, whose markers are taken off).
                let exact = body.get(range.clone()) == Some(&**html);
                for tag in scan_tags(html) {
                    let at = if exact {
                        range.start + tag.at
                    } else {
                        range.start
                    };
                    push_tag(&mut found, &mut cursor, &tag, at);
                }
            }
            _ => {}
        }
    }
    found
}

/// The links and ids of an HTML body.
pub fn collect_html(body: &str, first_line: usize) -> PageLinks {
    let mut found = PageLinks::default();
    let mut cursor = Cursor::new(body, first_line);
    for tag in scan_tags(body) {
        push_tag(&mut found, &mut cursor, &tag, tag.at);
    }
    found
}

fn push_link(found: &mut PageLinks, cursor: &mut Cursor, url: &str, offset: usize) {
    let (line, column) = cursor.position(offset);
    found.links.push(Link {
        url: url.to_string(),
        line,
        column,
        include: None,
    });
}

/// The link (`<a href>`, `<img src>`) and the id (`id`, `<a name>`) of one
/// raw HTML start tag.
fn push_tag(found: &mut PageLinks, cursor: &mut Cursor, tag: &StartTag, offset: usize) {
    for (name, value) in &tag.attributes {
        match (tag.name.as_str(), name.as_str()) {
            ("a", "href") | ("img", "src") => push_link(found, cursor, value, offset),
            (_, "id") | ("a", "name") => found.ids.push(value.clone()),
            _ => {}
        }
    }
}

/// The files a link may lead to besides pages: those of the content folder
/// copied as they are, and those of `public/` next to it (copied to the
/// site's root), as `/path`.
pub fn site_files(statics: &[SourceFile], content: &Path) -> HashSet<String> {
    let mut files: HashSet<String> = statics.iter().map(|f| format!("/{}", f.rel)).collect();
    let public = content.parent().unwrap_or(Path::new("")).join("public");
    list_files(&public, "", &mut files);
    files
}

fn list_files(dir: &Path, prefix: &str, files: &mut HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            list_files(&entry.path(), &name, files);
        } else {
            files.insert(name);
        }
    }
}

/// Everything a link may lead to.
struct Targets<'a> {
    /// The pages, with their ids.
    pages: &'a [Parsed],
    /// Normalised permalink → page number.
    by_key: HashMap<&'a str, usize>,
    /// The resolved site, for old URLs.
    resolved: &'a Resolved,
    /// Files copied to the site, as `/path`.
    files: &'a HashSet<String>,
    /// The site's own address without scheme (`teamdigitale.governo.it`).
    host: String,
    /// Warning or error.
    severity: LinkSeverity,
}

/// What a link leads to.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    /// Something that exists, or not a link to check.
    Fine,
    /// Nothing at this site path.
    NoPath(String),
    /// Page number `.0` has no element with id `.1`.
    NoId(usize, String),
}

/// Checks every link of every page; broken ones are reported in `diags`.
pub fn check(
    pages: &[Parsed],
    resolved: &Resolved,
    config: &Config,
    files: &HashSet<String>,
    diags: &mut Diagnostics,
) {
    let targets = Targets {
        pages,
        by_key: pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.key.as_str(), i))
            .collect(),
        resolved,
        files,
        host: own_host(&config.url),
        severity: config.links,
    };
    let numbers: Vec<usize> = (0..pages.len()).collect();
    let broken: Vec<Broken> = super::par::map(&numbers, |&i| broken_links(&targets, i))
        .into_iter()
        .flatten()
        .collect();
    let hints = targets.path_hints(&broken);
    for (page, link, verdict) in &broken {
        let page = &pages[*page];
        diags.push(targets.report(page, link, verdict, &hints));
    }
}

/// A broken link: the page it is on, the link, where it leads.
type Broken = (usize, Link, Verdict);

/// The host (and any path) of the site's address, lower-cased.
fn own_host(url: &str) -> String {
    url.split_once("://")
        .map_or("", |(_, host)| host)
        .trim_end_matches('/')
        .to_ascii_lowercase()
}

/// The broken links of page `i`: body, then front matter.
fn broken_links(targets: &Targets, i: usize) -> Vec<Broken> {
    let page = &targets.pages[i];
    let mut broken = Vec::new();
    for link in &page.links.links {
        let verdict = targets.verdict(i, &link.url);
        if verdict != Verdict::Fine {
            broken.push((i, link.clone(), verdict));
        }
    }
    let front = [
        ("image", text(&page.front.image)),
        ("redirect_to", text(&page.front.redirect_to)),
    ];
    for (key, value) in front {
        let Some(url) = value else { continue };
        let verdict = targets.verdict(i, url);
        if verdict != Verdict::Fine {
            let (line, column) = page.key_position(key);
            let link = Link {
                url: url.to_string(),
                line,
                column,
                include: None,
            };
            broken.push((i, link, verdict));
        }
    }
    broken
}

impl Targets<'_> {
    /// Where `url`, written on page `from`, leads.
    fn verdict(&self, from: usize, url: &str) -> Verdict {
        let url = url.trim();
        let Some(url) = self.on_site(url) else {
            return Verdict::Fine;
        };
        let (before, fragment) = url.split_once('#').unwrap_or((&url, ""));
        let path = crate::route::strip_query_fragment(before);
        let page = if path.is_empty() {
            Some(from)
        } else {
            let path = join(&self.pages[from].url, path);
            match self.find(&path) {
                Found::Page(page) => Some(page),
                Found::Other => None,
                Found::Nothing => return Verdict::NoPath(path),
            }
        };
        match page {
            Some(page) if !self.has_id(page, fragment) => {
                Verdict::NoId(page, percent_decode(fragment).unwrap_or_default())
            }
            _ => Verdict::Fine,
        }
    }

    /// `url` as a site path (or fragment, or query) when it stays on the
    /// site: as it is, or cut from the site's own address.
    fn on_site<'u>(&self, url: &'u str) -> Option<Cow<'u, str>> {
        if !crate::route::is_external(url) {
            return Some(Cow::Borrowed(url));
        }
        if self.host.is_empty() {
            return None;
        }
        let rest = ["https://", "http://", "//"]
            .iter()
            .find_map(|scheme| strip_prefix_ignore_case(url, scheme))?;
        let path = strip_prefix_ignore_case(rest, &self.host)?;
        if path.starts_with('/') {
            Some(Cow::Borrowed(path))
        } else {
            // The address itself is the root, not the current page.
            (path.is_empty() || path.starts_with(['?', '#']))
                .then(|| Cow::Owned(format!("/{path}")))
        }
    }

    /// What is at a site path: a page (old URLs lead to theirs), something
    /// else (a file, a generated file), or nothing.
    fn find(&self, path: &str) -> Found {
        let key = normalize(path);
        if let Some(key) = &key {
            if let Some(&page) = self.by_key.get(key.as_str()) {
                return Found::Page(page);
            }
            if let Some(Entry::Redirect(redirect)) = self.resolved.entries.get(key) {
                return normalize(&redirect.to)
                    .and_then(|to| self.by_key.get(to.as_str()).copied())
                    .map_or(Found::Other, Found::Page);
            }
        }
        let decoded = percent_decode(path).unwrap_or_default();
        if self.files.contains(&decoded) || GENERATED.contains(&key.as_deref().unwrap_or("")) {
            Found::Other
        } else {
            Found::Nothing
        }
    }

    /// Whether page `page` has an element the `fragment` names.
    fn has_id(&self, page: usize, fragment: &str) -> bool {
        let Some(id) = percent_decode(fragment) else {
            return false;
        };
        BUILT_IN_FRAGMENTS.contains(&id.to_ascii_lowercase().as_str())
            || self.pages[page].links.ids.contains(&id)
    }

    /// The message for one broken link.
    fn report(
        &self,
        page: &Parsed,
        link: &Link,
        verdict: &Verdict,
        hints: &HashMap<&str, String>,
    ) -> Diagnostic {
        let (message, suggestion) = match verdict {
            Verdict::NoPath(path) => {
                let at = if *path == link.url {
                    "this path".to_string()
                } else {
                    format!("`{path}`")
                };
                (
                    format!("no page, old URL or file is at {at}"),
                    hints.get(path.as_str()).cloned(),
                )
            }
            Verdict::NoId(target, id) => {
                let target_page = &self.pages[*target];
                let prefix = if std::ptr::eq(target_page, page) {
                    String::new()
                } else {
                    target_page.url.clone()
                };
                (
                    format!(
                        "{} has no heading or element with id `{id}`",
                        target_page.url
                    ),
                    Candidates::new(target_page.links.ids.iter().map(String::as_str))
                        .closest(id)
                        .map(|id| format!("{prefix}#{id}")),
                )
            }
            Verdict::Fine => (String::new(), None),
        };
        let fix = match (suggestion, verdict) {
            (Some(better), _) => format!("did you mean {better}?"),
            (None, Verdict::NoId(..)) => "link to the id of one of its headings (`## Title {#id}` sets one), or remove the `#…` part".to_string(),
            (None, _) => "correct the link or remove it; a page's old URLs go in its `redirect_from`".to_string(),
        };
        let mut message = format!("broken link `{}`: {message}", link.url);
        let mut file = &page.shown;
        if let Some(include) = &link.include {
            file = &include.0;
            message.push_str(&format!(" ({})", include.1));
        }
        let diagnostic = match self.severity {
            LinkSeverity::Error => Diagnostic::error(file, link.line, link.column, message),
            LinkSeverity::Warning => Diagnostic::warning(file, link.line, link.column, message),
        };
        diagnostic.fix(fix)
    }

    /// The closest page URL or file to each path that leads nowhere, for
    /// the first [`MAX_PATH_HINTS`] such paths in page order (each costs a
    /// comparison with every URL of the site).
    fn path_hints<'b>(&self, broken: &'b [Broken]) -> HashMap<&'b str, String> {
        let mut paths: Vec<&str> = Vec::new();
        let mut seen = HashSet::new();
        for (_, _, verdict) in broken {
            if let Verdict::NoPath(path) = verdict
                && paths.len() < MAX_PATH_HINTS
                && seen.insert(path.as_str())
            {
                paths.push(path);
            }
        }
        if paths.is_empty() {
            return HashMap::new();
        }
        let mut names: Vec<&str> = self.pages.iter().map(|p| p.url.as_str()).collect();
        names.extend(self.files.iter().map(String::as_str));
        names.sort_unstable();
        let candidates = Candidates::new(names.into_iter());
        let found = super::par::map(&paths, |path| {
            let wanted = percent_decode(path).unwrap_or_else(|| path.to_string());
            candidates.closest(&wanted).map(str::to_string)
        });
        paths
            .into_iter()
            .zip(found)
            .filter_map(|(path, hint)| Some((path, hint?)))
            .collect()
    }
}

/// What is at a site path.
enum Found {
    Page(usize),
    Other,
    Nothing,
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `path` (before any query or fragment) as a site path from the root:
/// relative paths are taken from the folder of page URL `base`, as a
/// browser does, and `.` and `..` segments are resolved.
fn join(base: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        let folder = base.rfind('/').map_or("/", |at| &base[..=at]);
        format!("{folder}{path}")
    };
    let parts: Vec<&str> = joined.split('/').skip(1).collect();
    let mut segments: Vec<&str> = Vec::new();
    for (n, segment) in parts.iter().enumerate() {
        match *segment {
            ".." => {
                segments.pop();
            }
            "." | "" => {}
            other => segments.push(other),
        }
        // A path ending in a folder keeps its final slash.
        if n + 1 == parts.len() && matches!(*segment, ".." | "." | "") {
            segments.push("");
        }
    }
    format!("/{}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_gives_file_lines_and_columns() {
        let text = "ab\ncdè x\n\nf";
        let mut cursor = Cursor::new(text, 5);
        let cases = [
            (0, (5, 1)),
            (3, (6, 1)),
            (9, (6, 6)),
            (11, (8, 1)),
            (12, (8, 2)),
            (1, (5, 2)),
        ];
        for (offset, expected) in cases {
            assert_eq!(cursor.position(offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn joins_like_a_browser() {
        let cases = [
            ("/it/projects/daf.htm", "api.htm", "/it/projects/api.htm"),
            ("/it/projects/", "api.htm", "/it/projects/api.htm"),
            ("/it/lavora-con-noi", "../en/join-us", "/en/join-us"),
            ("/it/a", "./b", "/it/b"),
            ("/it/a", "/x//y/../z", "/x/z"),
            ("/it/a", "../../../x", "/x"),
            ("/it/a", "/it/", "/it/"),
            ("/it/a", ".", "/it/"),
        ];
        for (base, path, expected) in cases {
            assert_eq!(join(base, path), expected, "{base} + {path}");
        }
    }

    #[test]
    fn own_host_is_the_address_without_scheme() {
        assert_eq!(
            own_host("https://TeamDigitale.governo.it/"),
            "teamdigitale.governo.it"
        );
        assert_eq!(own_host("not a url"), "");
    }

    /// A page made from a file's text, as the build makes it.
    fn page(rel: &str, permalink: &str, body: &str) -> Parsed {
        let text = format!("---\ntitle: T\nlang: it\npermalink: {permalink}\n---\n{body}");
        let outcome =
            super::super::page::process(rel, rel, text.as_bytes(), &["it"], &mut Vec::new());
        match outcome {
            Ok(super::super::page::Outcome::Page(page)) => *page,
            other => panic!("{rel}: {other:?}"),
        }
    }

    #[test]
    fn verdicts() {
        let pages = [
            page("it/a.md", "/it/a", "## Uno\n\n<p id=\"p\">x</p>\n"),
            page("it/b.md", "/it/b", "b\n"),
        ];
        let mut resolved = Resolved::default();
        let old = Entry::Redirect(crate::model::Redirect {
            to: "/it/a".into(),
            external: None,
            ..Default::default()
        });
        resolved.entries.insert("/vecchia".into(), old);
        let files = HashSet::from(["/doc/x.pdf".to_string()]);
        let targets = Targets {
            pages: &pages,
            by_key: HashMap::from([("/it/a", 0), ("/it/b", 1)]),
            resolved: &resolved,
            files: &files,
            host: own_host("https://teamdigitale.governo.it"),
            severity: LinkSeverity::Warning,
        };
        let no_path = |p: &str| Verdict::NoPath(p.to_string());
        let no_id = |page: usize, id: &str| Verdict::NoId(page, id.to_string());
        let cases = [
            ("/it/a", Verdict::Fine),
            ("/IT/A/", Verdict::Fine),
            ("/it/a/index.html?x=1", Verdict::Fine),
            ("/vecchia", Verdict::Fine),
            ("/vecchia#uno", Verdict::Fine),
            ("/vecchia#due", no_id(0, "due")),
            ("b", Verdict::Fine),
            ("./b#p", no_id(1, "p")),
            ("../en/c", no_path("/en/c")),
            ("#uno", Verdict::Fine),
            ("#p", Verdict::Fine),
            ("#Uno", no_id(0, "Uno")),
            ("#top", Verdict::Fine),
            ("#", Verdict::Fine),
            ("?q=1", Verdict::Fine),
            ("", Verdict::Fine),
            ("/doc/x.pdf#page=2", Verdict::Fine),
            ("/doc/X.pdf", no_path("/doc/X.pdf")),
            ("/doc/x%2Epdf", Verdict::Fine),
            ("/", Verdict::Fine),
            ("/sitemap.xml", Verdict::Fine),
            ("/bad%FF", no_path("/bad%FF")),
            ("mailto:a@b.it", Verdict::Fine),
            ("tel:+39", Verdict::Fine),
            ("https://example.org/it/zzz", Verdict::Fine),
            (
                "https://teamdigitale.governo.it.example.org/it/zzz",
                Verdict::Fine,
            ),
            ("https://teamdigitale.governo.it/it/b", Verdict::Fine),
            ("HTTP://TeamDigitale.Governo.IT", Verdict::Fine),
            ("https://teamdigitale.governo.it#x", Verdict::Fine),
            (
                "https://teamdigitale.governo.it/it/a#nope",
                no_id(0, "nope"),
            ),
            ("//teamdigitale.governo.it/it/zzz", no_path("/it/zzz")),
        ];
        for (url, expected) in cases {
            assert_eq!(targets.verdict(0, url), expected, "{url}");
        }
        assert_eq!(targets.verdict(1, "#uno"), no_id(1, "uno"), "from /it/b");
        let broken = |paths: Vec<String>| -> Vec<Broken> {
            let link = |url: &str| Link {
                url: url.to_string(),
                line: 1,
                column: 1,
                include: None,
            };
            paths.iter().map(|p| (0, link(p), no_path(p))).collect()
        };
        let mut paths: Vec<String> = (0..MAX_PATH_HINTS).map(|n| format!("/q{n}")).collect();
        paths.push("/doc/y.pdf".into());
        assert_eq!(
            targets.path_hints(&broken(paths.clone())),
            HashMap::new(),
            "past the limit"
        );
        paths.rotate_right(1);
        let first = broken(paths);
        let hints = targets.path_hints(&first);
        assert_eq!(
            hints,
            HashMap::from([("/doc/y.pdf", "/doc/x.pdf".to_string())])
        );
    }

    #[test]
    fn markdown_gives_links_and_ids_with_their_places() {
        let body = "[a](/x) ![i [l](/inner)](/img.png) <me@x.org> <https://e.org>\n\n\
                    ## T {#t}\n\nè [r][ref] x[^n]\n\n[ref]: /r\n[^n]: note\n";
        let origin = super::super::markdown::Origin {
            shown: "p.md",
            body,
            first_line: 5,
            policy: super::super::sanitize::Policy::any_https(),
        };
        let found = super::super::markdown::render(&origin, "", &mut Vec::new()).links;
        let links: Vec<(&str, usize, usize)> = found
            .links
            .iter()
            .map(|l| (l.url.as_str(), l.line, l.column))
            .collect();
        assert_eq!(
            links,
            [
                ("/x", 5, 1),
                ("/img.png", 5, 9),
                ("https://e.org", 5, 47),
                ("/r", 9, 3)
            ]
        );
        assert_eq!(found.ids, ["t", "n"]);
    }

    #[test]
    fn html_tags_give_links_and_ids() {
        let found = collect_html(
            "<p id=\"a\">x</p>\n  <a name=\"b\" href=\"/x\">y</a><img src=\"/i.png\"><script src=\"/s.js\"></script>",
            3,
        );
        assert_eq!(found.ids, ["a", "b"]);
        let links: Vec<(&str, usize, usize)> = found
            .links
            .iter()
            .map(|l| (l.url.as_str(), l.line, l.column))
            .collect();
        assert_eq!(links, [("/x", 4, 3), ("/i.png", 4, 30)]);
    }
}
