//! Stage 5, sanitize: ammonia removes scripts, `on*` attributes and unsafe
//! URLs; classes, ids and https iframes stay. A small tag scanner finds what
//! will be removed so it can be reported. Links that leave the single-page
//! app (other hosts, files) get `rel="external"` so the router lets the
//! browser follow them.

use super::diag::Diagnostic;
use crate::route::is_external;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Tags allowed in content besides ammonia's defaults.
const EXTRA_TAGS: &[&str] = &["iframe", "input"];

/// Attributes allowed on every tag besides ammonia's defaults.
const GENERIC_ATTRIBUTES: &[&str] = &["class", "id"];

/// File endings that are downloads, not pages of the app.
const FILE_ENDINGS: &[&str] = &[
    ".pdf", ".zip", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".doc", ".docx", ".xls",
    ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".csv", ".txt", ".xml", ".json", ".mp4", ".mp3",
];

/// Which iframes content may have: https pages of any host, or only of the
/// hosts `_config.yml` lists under `iframe_hosts:`. Each policy has its own
/// sanitizer, built on first use.
#[derive(Debug, Default)]
pub struct Policy {
    /// The hosts iframes may show (lower-cased, without scheme); `None`:
    /// every host.
    hosts: Option<Vec<String>>,
    /// The sanitizer of this policy.
    builder: OnceLock<ammonia::Builder<'static>>,
}

impl Policy {
    /// A policy allowing iframes from `hosts` only (`None`: from any https
    /// host).
    pub fn new(hosts: Option<Vec<String>>) -> Policy {
        Policy {
            hosts,
            builder: OnceLock::new(),
        }
    }

    /// The policy of a site without `iframe_hosts`: any https iframe.
    pub fn any_https() -> &'static Policy {
        static ANY: OnceLock<Policy> = OnceLock::new();
        ANY.get_or_init(Policy::default)
    }

    /// Why an iframe may not show `src` (as the browser reads it, entities
    /// decoded), if it may not.
    pub fn iframe_problem(&self, src: &str) -> Option<String> {
        let url = src.trim();
        let Some(rest) = strip_prefix_ignore_case(url, "https://") else {
            return Some(format!(
                "removed the iframe source `{src}`: iframes must use https"
            ));
        };
        let hosts = self.hosts.as_ref()?;
        let host = url_host(rest);
        (!hosts.contains(&host)).then(|| {
            format!("removed the iframe source `{src}`: `{host}` is not in `iframe_hosts` of _config.yml")
        })
    }

    fn builder(&self) -> &ammonia::Builder<'static> {
        self.builder.get_or_init(|| {
            let mut b = ammonia::Builder::default();
            let hosts = self.hosts.clone();
            let policy = Policy::new(hosts);
            b.add_tags(EXTRA_TAGS)
                .add_generic_attributes(GENERIC_ATTRIBUTES)
                .add_tag_attributes(
                    "iframe",
                    [
                        "src",
                        "width",
                        "height",
                        "title",
                        "loading",
                        "allow",
                        "allowfullscreen",
                        "frameborder",
                    ],
                )
                .add_tag_attributes("input", ["type", "checked", "disabled"])
                .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
                .link_rel(None)
                .attribute_filter(
                    move |element, attribute, value| match (element, attribute) {
                        ("iframe", "src") if policy.iframe_problem(value).is_some() => None,
                        ("input", "type") if value != "checkbox" => None,
                        _ => Some(value.into()),
                    },
                );
            b
        })
    }

    /// Sanitizes a fragment of HTML and marks links that leave the app.
    pub fn clean(&self, html: &str) -> String {
        mark_external_links(&self.builder().clean(html).to_string())
    }

    /// Everything the sanitizer will remove from a raw HTML fragment, in
    /// words.
    pub fn problems(&self, html: &str) -> Vec<String> {
        problems_with(html, self)
    }
}

/// The host of the part of an https URL after `https://`, lower-cased, as
/// a browser reads it: tabs and line breaks dropped, up to the path, query
/// or fragment (`\` counts as `/`), without user name or port.
pub(crate) fn url_host(rest: &str) -> String {
    let rest = rest.replace(['\t', '\n', '\r'], "");
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    host.to_ascii_lowercase()
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    text.get(..prefix.len())
        .filter(|p| p.eq_ignore_ascii_case(prefix))
        .map(|_| &text[prefix.len()..])
}

fn allowed_tags() -> &'static HashSet<&'static str> {
    static TAGS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    TAGS.get_or_init(|| Policy::any_https().builder().clone_tags())
}

/// Sanitizes a fragment of HTML, allowing any https iframe, and marks
/// links that leave the app.
pub fn clean(html: &str) -> String {
    Policy::any_https().clean(html)
}

/// Adds `rel="external"` to every `<a href>` that leads off the app.
pub fn mark_external_links(html: &str) -> String {
    map_link_tags(html, mark_link_tag)
}

/// One `<a …` start tag (up to, not including, its `>`) with
/// `rel="external"` added when its `href` leaves the app and it has no `rel`.
pub fn mark_link_tag(tag: &str) -> Cow<'_, str> {
    if attribute(tag, "href").is_some_and(|href| leaves_app(&href))
        && attribute(tag, "rel").is_none()
    {
        Cow::Owned(format!("{tag} rel=\"external\""))
    } else {
        Cow::Borrowed(tag)
    }
}

/// Turns absolute links to the site's own `host` (http or https) into site
/// paths, so that they navigate inside the app (and work on any deploy, a
/// preview included), dropping the `rel="external"` they were given.
pub fn own_site_links(html: &str, host: &str) -> String {
    let mentions_host = !host.is_empty()
        && super::scan::find_all(html, "://").any(|at| {
            html.get(at + 3..at + 3 + host.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(host))
        });
    if !mentions_host {
        return html.to_string();
    }
    map_link_tags(html, |tag| own_site_tag(tag, host))
}

/// `html` with each serialized `<a …` start tag (up to, not including, its
/// `>`) replaced by what `change` makes of it.
fn map_link_tags<'a>(html: &'a str, change: impl Fn(&'a str) -> Cow<'a, str>) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(start) = super::scan::find(rest, "<a ") {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |p| start + p);
        out.push_str(&rest[..start]);
        out.push_str(&change(&rest[start..tag_end]));
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// One `<a …` start tag with an own-site `href` made a path.
fn own_site_tag<'a>(tag: &'a str, host: &str) -> Cow<'a, str> {
    let Some(href) = attribute(tag, "href") else {
        return Cow::Borrowed(tag);
    };
    let rest = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"));
    let path = match rest {
        Some(rest) if rest.len() >= host.len() && rest[..host.len()].eq_ignore_ascii_case(host) => {
            &rest[host.len()..]
        }
        _ => return Cow::Borrowed(tag),
    };
    let path = match path.chars().next() {
        None => "/".to_string(),
        Some('/') => path.to_string(),
        Some('?' | '#') => format!("/{path}"),
        Some(_) => return Cow::Borrowed(tag),
    };
    let mut tag = tag.replacen(
        &format!(" href=\"{}\"", href.replace('&', "&amp;")),
        &format!(" href=\"{}\"", path.replace('&', "&amp;")),
        1,
    );
    if !leaves_app(&path) {
        tag = tag.replacen(" rel=\"external\"", "", 1);
    }
    Cow::Owned(tag)
}

/// Whether a link target is not a page of this app.
pub fn leaves_app(href: &str) -> bool {
    let path = crate::route::strip_query_fragment(href).to_ascii_lowercase();
    is_external(href) || FILE_ENDINGS.iter().any(|ending| path.ends_with(ending))
}

/// The value of attribute `name` in a serialized start tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].replace("&amp;", "&"))
}

/// Elements that never have content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// How deeply the elements of `html` nest (a linear scan; unbalanced tags
/// are counted as written, which only ever overestimates).
pub fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(p) = html[i..].find('<') {
        i += p + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 {
            continue;
        }
        let name = &html[start..start + len];
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            depth += 1;
            deepest = deepest.max(depth);
        }
        i = start + len;
    }
    deepest
}

/// Everything the sanitizer will remove from a raw HTML fragment, in
/// words, when any https iframe is allowed.
pub fn problems(html: &str) -> Vec<String> {
    problems_with(html, Policy::any_https())
}

fn problems_with(html: &str, policy: &Policy) -> Vec<String> {
    let mut found = Vec::new();
    for tag in scan_tags(html) {
        if !allowed_tags().contains(tag.name.as_str()) && !is_harmless_missing(&tag.name) {
            found.push(format!(
                "removed <{}> element: it is not allowed in content",
                tag.name
            ));
            continue;
        }
        for (name, value) in &tag.attributes {
            if name.starts_with("on") {
                found.push(format!(
                    "removed the `{name}` attribute of <{}>: event handlers are not allowed",
                    tag.name
                ));
            } else if name == "srcdoc" {
                found.push(format!(
                    "removed the `srcdoc` attribute of <{}>: inline documents are not allowed",
                    tag.name
                ));
            } else if ["href", "src", "action", "formaction", "xlink:href"].contains(&name.as_str())
            {
                if let Some(problem) = url_problem(value) {
                    found.push(problem);
                } else if tag.name == "iframe" && name == "src" {
                    let problem = policy.iframe_problem(&decode_entities(value));
                    found.extend(problem.map(|p| p.replacen(&decode_entities(value), value, 1)));
                }
            }
        }
    }
    found
}

/// Tags whose removal is not worth a warning (closing wrappers and such).
fn is_harmless_missing(name: &str) -> bool {
    matches!(name, "html" | "head" | "body" | "!--")
}

/// Why a URL will be removed, if it will.
pub fn url_problem(url: &str) -> Option<String> {
    // The common cases, settled without decoding: a site path, a fragment
    // or a query (a `/`, `#` or `?` before any `:`), or a plain http(s) URL.
    if url.starts_with(['/', '#', '?']) || url.starts_with("https://") || url.starts_with("http://")
    {
        return None;
    }
    let compact: String = decode_entities(url)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = compact
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains(['/', '?', '#']))?;
    (!["http", "https", "mailto", "tel"].contains(&scheme)).then(|| {
        format!("removed the URL `{url}`: only http, https, mailto and tel links and site paths are allowed")
    })
}

/// Decodes the character references an attacker may use to hide a scheme.
fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let end = after.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &after[..e];
            let code = if let Some(hex) = entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
            {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = entity.strip_prefix('#') {
                dec.parse().ok()
            } else {
                match entity {
                    "colon" => Some(58),
                    "tab" => Some(9),
                    "newline" => Some(10),
                    _ => None,
                }
            };
            code.and_then(char::from_u32).map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The warning for one problem.
pub fn warning(shown: &str, line: usize, column: usize, problem: &str) -> Diagnostic {
    let fix = if let Some(host) = problem
        .split_once("`: `")
        .and_then(|(_, rest)| rest.strip_suffix("` is not in `iframe_hosts` of _config.yml"))
    {
        return Diagnostic::warning(shown, line, column, problem).fix(format!(
            "add `{host}` to `iframe_hosts:` in _config.yml (and to the frame-src of the Content-Security-Policy your host sends: README.md, \"Deploying\"), or remove the iframe"
        ));
    } else if problem.contains("URL") {
        "use a plain https link or a site path"
    } else {
        "remove it; content may not run scripts, embed only https iframes"
    };
    Diagnostic::warning(shown, line, column, problem).fix(fix)
}

/// A start tag found by [`scan_tags`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct StartTag {
    /// Byte offset of its `<`.
    pub(crate) at: usize,
    /// Lower-cased name.
    pub(crate) name: String,
    /// Lower-cased attribute names with their values as written.
    pub(crate) attributes: Vec<(String, String)>,
}

/// A forgiving scan of the start tags in an HTML fragment.
pub(crate) fn scan_tags(html: &str) -> Vec<StartTag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(p) = html[i..].find('<') {
        i += p + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let name_len = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let name = html[i..i + name_len].to_ascii_lowercase();
        let at = i - 1;
        i += name_len;
        let (attributes, end) = scan_attributes(html, i);
        i = end;
        tags.push(StartTag {
            at,
            name,
            attributes,
        });
    }
    tags
}

fn scan_attributes(html: &str, mut i: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut attributes = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (attributes, (i + 1).min(bytes.len()));
        }
        let start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            let quote = bytes.get(i).copied().filter(|q| *q == b'"' || *q == b'\'');
            let value_start = i + usize::from(quote.is_some());
            let value_end = match quote {
                Some(q) => html[value_start..]
                    .find(q as char)
                    .map_or(html.len(), |e| value_start + e),
                None => html[value_start..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |e| value_start + e),
            };
            value = html[value_start..value_end].to_string();
            i = (value_end + usize::from(quote.is_some())).min(bytes.len());
        }
        if !name.is_empty() {
            attributes.push((name, value));
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_site_links_become_paths() {
        let host = "teamdigitale.governo.it";
        let cases = [
            (
                "<a href=\"https://teamdigitale.governo.it/it/projects/\" rel=\"external\">p</a>",
                "<a href=\"/it/projects/\">p</a>",
            ),
            (
                "<a href=\"http://TeamDigitale.governo.it\" rel=\"external\">h</a>",
                "<a href=\"/\">h</a>",
            ),
            (
                "<a href=\"https://teamdigitale.governo.it?a=1&amp;b=2#x\" rel=\"external\">q</a>",
                "<a href=\"/?a=1&amp;b=2#x\">q</a>",
            ),
            (
                "<a href=\"https://teamdigitale.governo.it/files/a.pdf\" rel=\"external\">f</a>",
                "<a href=\"/files/a.pdf\" rel=\"external\">f</a>",
            ),
            (
                "<a href=\"https://teamdigitale.governo.it.evil.example/\" rel=\"external\">e</a>",
                "<a href=\"https://teamdigitale.governo.it.evil.example/\" rel=\"external\">e</a>",
            ),
            (
                "<a href=\"https://example.org/teamdigitale.governo.it/\" rel=\"external\">o</a>",
                "<a href=\"https://example.org/teamdigitale.governo.it/\" rel=\"external\">o</a>",
            ),
        ];
        for (html, expected) in cases {
            assert_eq!(own_site_links(html, host), expected, "{html}");
        }
        assert_eq!(
            own_site_links("<a href=\"/x\">x</a>", ""),
            "<a href=\"/x\">x</a>"
        );
    }

    #[test]
    fn clean_table() {
        let cases = [
            ("<script>alert(1)</script><p>x</p>", "<p>x</p>"),
            (
                "<p onclick=\"x()\" class=\"small\" id=\"a\">t</p>",
                "<p class=\"small\" id=\"a\">t</p>",
            ),
            ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
            ("<a href=\"/it/x\">x</a>", "<a href=\"/it/x\">x</a>"),
            (
                "<a href=\"https://a.example/\">x</a>",
                "<a href=\"https://a.example/\" rel=\"external\">x</a>",
            ),
            (
                "<a href=\"/files/a.pdf\">x</a>",
                "<a href=\"/files/a.pdf\" rel=\"external\">x</a>",
            ),
            (
                "<iframe src=\"https://a.example/f\" height=\"700\"></iframe>",
                "<iframe src=\"https://a.example/f\" height=\"700\"></iframe>",
            ),
            (
                "<iframe src=\"http://a.example/f\"></iframe>",
                "<iframe></iframe>",
            ),
            (
                "<input type=\"checkbox\" checked=\"\" disabled=\"\">",
                "<input type=\"checkbox\" checked=\"\" disabled=\"\">",
            ),
            ("<input type=\"text\" name=\"q\">", "<input>"),
            ("<form action=\"https://x\"><button>b</button></form>", "b"),
        ];
        for (input, expected) in cases {
            assert_eq!(clean(input), expected, "input {input}");
        }
    }

    #[test]
    fn iframes_only_from_the_listed_hosts() {
        let policy = Policy::new(Some(vec!["www.youtube-nocookie.com".into()]));
        let kept = [
            "https://www.youtube-nocookie.com/embed/x",
            "HTTPS://WWW.YouTube-nocookie.com:443/embed/x",
            "https://www.youtube-nocookie.com\\@evil.example/",
            "https://www.youtube-nocookie.com?x",
            "https://www.you\ttube-nocookie.com/embed/x",
        ];
        for src in kept {
            let html = format!("<iframe src=\"{src}\"></iframe>");
            assert!(policy.problems(&html).is_empty(), "{src}");
            assert!(policy.clean(&html).contains("src="), "{src}");
        }
        let dropped = [
            ("https://evil.example/x", "evil.example"),
            (
                "https://www.youtube-nocookie.com@evil.example/",
                "evil.example",
            ),
            (
                "https://www.youtube-nocookie.com.evil.example/",
                "www.youtube-nocookie.com.evil.example",
            ),
            (
                "https://www.youtube-nocookie.com&#64;evil.example/",
                "evil.example",
            ),
        ];
        for (src, host) in dropped {
            let html = format!("<iframe src=\"{src}\" height=\"9\"></iframe>");
            assert_eq!(
                policy.problems(&html),
                [format!(
                    "removed the iframe source `{src}`: `{host}` is not in `iframe_hosts` of _config.yml"
                )],
                "{src}"
            );
            assert_eq!(
                policy.clean(&html),
                "<iframe height=\"9\"></iframe>",
                "{src}"
            );
        }
        assert_eq!(
            policy.problems("<iframe src=\"http://www.youtube-nocookie.com/\"></iframe>"),
            [
                "removed the iframe source `http://www.youtube-nocookie.com/`: iframes must use https"
            ]
        );
        let any = Policy::any_https();
        assert!(
            any.problems("<iframe src=\"https://evil.example/\"></iframe>")
                .is_empty()
        );
    }

    #[test]
    fn problems_are_found() {
        let found = problems(
            "<SCRIPT src=x></script><img src=\"x\" onerror=\"alert(1)\"><a href=\"&#106;avascript:alert(1)\">",
        );
        assert_eq!(
            found,
            vec![
                "removed <script> element: it is not allowed in content",
                "removed the `onerror` attribute of <img>: event handlers are not allowed",
                "removed the URL `&#106;avascript:alert(1)`: only http, https, mailto and tel links and site paths are allowed",
            ]
        );
        assert!(problems("<p class=\"small\">ok</p><!-- <script> -->").is_empty());
        assert_eq!(
            problems("<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>"),
            vec!["removed the `srcdoc` attribute of <iframe>: inline documents are not allowed"]
        );
    }

    #[test]
    fn nesting() {
        assert_eq!(
            nesting_depth("<p>a<br>b</p><div><ul><li>x</li></ul></div>"),
            3
        );
        assert_eq!(nesting_depth("text only"), 0);
        assert_eq!(nesting_depth(&"<blockquote>".repeat(500)), 500);
    }

    #[test]
    fn url_problems() {
        assert!(url_problem("java\tscript:x").is_some());
        assert!(url_problem("data:text/html,x").is_some());
        assert!(url_problem("vbscript:x").is_some());
        assert!(url_problem("javascript&colon;x").is_some());
        assert!(url_problem("https://x").is_none());
        assert!(url_problem("/it/a:b").is_none());
        for fine in [
            "#a:b",
            "?q=a:b",
            "http://x",
            "HTTPS://x",
            " https://x",
            "mailto:a@b",
        ] {
            assert!(url_problem(fine).is_none(), "{fine}");
        }
        assert!(url_problem("\u{1}javascript:x").is_some());
    }
}
