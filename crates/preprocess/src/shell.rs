//! The HTML written for every URL, so the site works on any static host:
//! each permalink gets the app's `index.html` with its own head (title,
//! description, `lang`, canonical, hreflang) and its content prerendered;
//! each old URL a small page that redirects at once; plus `404.html`,
//! `_redirects`, `_headers`, `sitemap.xml` and `robots.txt`. trunk's inline loader
//! script becomes a file, so the strict Content-Security-Policy holds.

use super::Sink;
use super::config::Config;
use super::output::OutFile;
use super::prerender::{self, escape};
use super::site::Resolved;
use crate::model::{Entry, Page, Site};
use std::fmt::Write;
use std::io;

/// The script old-URL pages run: on to the page with `?preview`, else to
/// the final target, keeping query and fragment. Targets come only from
/// the page itself, written at build time.
const REDIRECT_JS: &str = "// Old URL: go on at once, keeping query and fragment.\n\
(function () {\n\
  var html = document.documentElement;\n\
  var preview = /(^|[?&])preview(=|&|$)/.test(location.search.slice(1));\n\
  var target = html.getAttribute(preview ? 'data-page' : 'data-target');\n\
  if (target) location.replace(target + location.search + location.hash);\n\
})();\n";

/// The template cut at the places each page fills in.
struct Template {
    /// The template's text between the places, in order: `parts[0]`, the
    /// first place, `parts[1]`, … (one part more than places).
    parts: Vec<String>,
    /// What goes at each place, in the order they come.
    places: Vec<Place>,
    /// trunk's loader moved into a file: its name and text.
    boot: Option<(String, String)>,
    /// The stylesheet each page inlines the rules of (its `<link>` is gone
    /// from the template); none: the template's link stays as it is.
    styles: Option<Styles>,
}

/// The template's stylesheet, as pages use it: the rules a page can use go
/// inline (with their hash in the page's Content-Security-Policy), and the
/// app adds the whole file when it needs it: at once on a document that is
/// not a page's own (`index.html`, `404.html`), else when the visitor moves
/// on to another page (for visitors without JavaScript, a `<noscript>` link).
struct Styles {
    critical: crate::critical::Critical,
    /// The words of [`tdt_view::BROWSER_MARKUP`]: a page's own document
    /// also has the rules of the states the app and its components enter.
    browser: Vec<u64>,
    /// The `<link>`'s `href` and `integrity` (empty when it has none), as
    /// written (HTML-escaped).
    href: String,
    integrity: String,
    /// The site's Content-Security-Policy, whose `style-src` each page
    /// extends with the hash of its own `<style>`.
    policy: Policy,
    /// The tags made so far, by the set of words their pages have (many
    /// pages share one).
    made: std::sync::Mutex<rustc_hash::FxHashMap<Vec<u64>, std::sync::Arc<str>>>,
}

/// Where the stylesheet's tags go in a template with [`Styles`].
const STYLES_MARK: &str = "<!--tdt:styles-->";

/// A place in the template that each page fills in.
#[derive(Clone, Debug, PartialEq)]
enum Place {
    /// The attributes of `<html>`: the page's `lang`.
    Lang,
    /// The text of `<title>`.
    Title,
    /// Just before `</head>`: the page's own head tags.
    HeadEnd,
    /// The content of `<body>`; the template's own is kept for pages
    /// without prerendered content.
    Body(String),
    /// Where the template's stylesheet link was: the page's CSP, inline
    /// rules and `<noscript>` link.
    Styles,
}

/// Why `template` cannot be filled in, if it cannot: every page's HTML is
/// made by finding the tags `index.html` writes (`<title>`, `</head>`,
/// `<body>`, trunk's `<script type="module">` loader), so a template minified
/// by trunk (attribute quotes dropped, tags left out) would silently give
/// pages without their head tags and with the wasm loaded before the first
/// paint.
pub fn template_problem(template: &str) -> Option<&'static str> {
    if template.contains("type=module") {
        return Some("the page template is minified (trunk's `minify` setting)");
    }
    let missing = ["<title>", "</title>", "</head>", "<body>", "</body>"]
        .iter()
        .any(|tag| !template.contains(tag));
    missing.then_some("the page template lacks one of <title>, </title>, </head>, <body>, </body>")
}

/// Every HTML file and the host files, from trunk's built `index.html`.
pub fn files(
    template: &str,
    stylesheet: Option<&str>,
    resolved: &Resolved,
    config: &Config,
    worker: bool,
    sink: &Sink,
) -> io::Result<()> {
    let policy = Policy::new(config, resolved);
    let offline = worker && config.offline;
    let register = if offline { REGISTER_JS } else { UNREGISTER_JS };
    let css_href = stylesheet_href(template).map(str::to_string);
    let template = Template::with_styles(template, stylesheet.map(|css| (css, &policy)), register);
    let site = &resolved.site;
    let shared = std::sync::Arc::new(site.clone());
    if let Some((name, js)) = &template.boot {
        sink(OutFile {
            path: name.clone(),
            bytes: js.clone().into_bytes(),
        })?;
    }
    let redirect_js = format!("redirect-{:016x}.js", crate::route::hash(REDIRECT_JS));
    sink(OutFile {
        path: redirect_js.clone(),
        bytes: REDIRECT_JS.as_bytes().to_vec(),
    })?;
    let default_lang = site.langs.first().map_or("it", |l| l.code.as_str());
    sink(OutFile {
        path: "index.html".into(),
        bytes: template
            .render(&root_head(site, default_lang), None)
            .into_bytes(),
    })?;
    sink(OutFile {
        path: "404.html".into(),
        bytes: template
            .render(
                &not_found_head(site, default_lang),
                Some(&prerender::not_found_body(site)),
            )
            .into_bytes(),
    })?;
    for language in &site.langs {
        sink(OutFile {
            path: crate::offline::manifest_path(&language.code),
            bytes: crate::offline::manifest(config, site, &resolved.entries, &language.code)
                .into_bytes(),
        })?;
    }
    if offline {
        let script = format!(
            "offline-{:016x}.js",
            crate::route::hash(crate::offline::OFFLINE_JS)
        );
        sink(OutFile {
            path: script.clone(),
            bytes: crate::offline::OFFLINE_JS.as_bytes().to_vec(),
        })?;
        for language in &site.langs {
            let html = crate::offline::offline_document(
                site,
                &language.code,
                css_href.as_deref(),
                &script,
            );
            sink(OutFile {
                path: crate::offline::offline_path(&language.code),
                bytes: html.into_bytes(),
            })?;
        }
    }
    let mut redirects = String::new();
    let pages: Vec<&Page> = resolved.entries.values().filter_map(Entry::page).collect();
    super::par::try_each(&pages, |page| {
        sink(OutFile {
            path: html_path(&page.url),
            bytes: page_document(&template, &shared, page).into_bytes(),
        })
    })?;
    let codes = config.codes();
    for (key, entry) in &resolved.entries {
        if let Entry::Redirect(redirect) = entry {
            let source = source_path(resolved, key);
            let target = redirect
                .external
                .clone()
                .unwrap_or_else(|| redirect.to.clone());
            let lang = crate::route::lang_of(&redirect.to, &codes).unwrap_or(default_lang);
            let html = redirect_document(site, lang, &redirect.to, &target, &redirect_js);
            sink(OutFile {
                path: html_path(&source),
                bytes: html.into_bytes(),
            })?;
            let _ = writeln!(redirects, "{source} {target} 301");
        }
    }
    sink(OutFile {
        path: "_redirects".into(),
        bytes: redirects.into_bytes(),
    })?;
    sink(OutFile {
        path: "_headers".into(),
        bytes: format!(
            "/*\n  Content-Security-Policy: {}\n  X-Content-Type-Options: nosniff\n",
            policy.with_styles(if template.styles.is_some() {
                "'unsafe-inline'"
            } else {
                ""
            })
        )
        .into_bytes(),
    })?;
    sink(OutFile {
        path: "sitemap.xml".into(),
        bytes: sitemap(resolved).into_bytes(),
    })?;
    sink(OutFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
    })?;
    sink(OutFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
            site.url
        )
        .into_bytes(),
    })?;
    Ok(())
}

/// The Content-Security-Policy the site needs, but for what `style-src`
/// allows besides `'self'`: the header allows inline styles when pages have
/// their own rules, and each page's own policy allows only the hash of its
/// `<style>` (a browser applies both).
#[derive(Clone, Debug)]
pub struct Policy {
    /// What `frame-src` allows.
    frames: String,
}

impl Policy {
    /// The site's policy. Its `frame-src` is `https:` when `_config.yml`
    /// has no `iframe_hosts`; with them, those hosts and those of the job
    /// forms (`jazz_url`), or `'none'`.
    pub fn new(config: &Config, resolved: &Resolved) -> Self {
        Self {
            frames: frame_sources(config, resolved),
        }
    }

    /// The policy, with `styles` (sources such as `'unsafe-inline'`, or
    /// nothing) allowed by `style-src` besides `'self'`.
    pub fn with_styles(&self, styles: &str) -> String {
        let styles = if styles.is_empty() {
            String::new()
        } else {
            format!(" {styles}")
        };
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'{styles}; img-src 'self' data:; frame-src {}; object-src 'none'; base-uri 'none'",
            self.frames
        )
    }
}

/// What the site's `frame-src` allows (see [`Policy::new`]).
fn frame_sources(config: &Config, resolved: &Resolved) -> String {
    match &config.iframe_hosts {
        None => "https:".to_string(),
        Some(hosts) => {
            let forms = resolved.entries.values().filter_map(|e| {
                let url = &e.page()?.job.as_ref()?.apply.as_ref()?.url;
                Some(super::sanitize::url_host(url.get(8..)?))
            });
            let mut all: Vec<String> = hosts.iter().cloned().chain(forms).collect();
            all.sort();
            all.dedup();
            if all.is_empty() {
                "'none'".to_string()
            } else {
                all.iter()
                    .map(|h| format!("https://{h}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        }
    }
}

/// The old URL as written by the author, for a redirect's normalised key.
fn source_path(resolved: &Resolved, key: &str) -> String {
    resolved
        .sources
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_string())
}

/// Where the HTML of a URL is written: `/a/` → `a/index.html`, `/a.htm` →
/// `a.htm`, `/a` → `a.html` (static hosts serve it for `/a`).
pub fn html_path(url: &str) -> String {
    let path = url.trim_start_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if last.contains('.') {
        path.to_string()
    } else {
        format!("{path}.html")
    }
}

/// When the page has content of its own (a prerendered page, not a page the
/// app must first decide about, such as one that sends visitors elsewhere),
/// waits for its first contentful paint: at most 1.5 s, for a window that
/// does not paint (a background tab) or a browser without paint timing.
/// Text in `<noscript>` (what a page that sends visitors on says to those
/// without JavaScript) is not the page's own.
const AFTER_FIRST_PAINT: &str = "if ([...(document.querySelector('main')?.children ?? [])].some((e) => e.localName !== 'noscript' && e.textContent.trim())) await new Promise((go) => { try { new PerformanceObserver((list) => list.getEntriesByName('first-contentful-paint').length && go()).observe({ type: 'paint', buffered: true }); } catch { go(); } setTimeout(go, 1500); });";

/// With a service worker (release builds, `offline` on): once the app is
/// interactive (`<html data-app="ready">`), the boot script registers
/// `/sw.js`; nothing of it loads before. When a worker takes charge of the
/// page (the first, or a new build's), the page tells it its URL and the
/// data files it fetched, which it saves for reading offline.
const REGISTER_JS: &str = "if ('serviceWorker' in navigator) { const workers = navigator.serviceWorker; workers.addEventListener('controllerchange', () => workers.controller?.postMessage({ visited: location.href, files: performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/data/')) })); const html = document.documentElement; const register = () => workers.register('/sw.js').catch(() => {}); if (html.dataset.app === 'ready') register(); else new MutationObserver((_, seen) => { if (html.dataset.app === 'ready') { seen.disconnect(); register(); } }).observe(html, { attributes: true, attributeFilter: ['data-app'] }); }";

/// Without a worker (`trunk serve`, debug builds, `offline: false`): a
/// worker left on the same origin by an earlier build is removed, so that
/// it cannot serve that build's files.
const UNREGISTER_JS: &str = "navigator.serviceWorker?.getRegistrations().then((all) => all.forEach((r) => r.unregister()));";

/// `html` without trunk's `<link rel="preload" … type="application/wasm">`.
fn drop_wasm_preload(html: &str) -> String {
    let mut out = html.to_string();
    let mut from = 0;
    while let Some(start) = out[from..].find("<link rel=\"preload\"").map(|i| i + from) {
        let Some(len) = out[start..].find('>') else {
            break;
        };
        if out[start..start + len].contains("application/wasm") {
            out.replace_range(start..=start + len, "");
        } else {
            from = start + len;
        }
    }
    out
}

/// Head tags this tool writes for each page. A template that has them (a
/// `dist/index.html` built before, given again as `--shell`) loses them, so
/// that every page has its own and no other.
const PAGE_TAGS: &[&str] = &[
    "<link rel=\"canonical\"",
    "<link rel=\"alternate\" hreflang=",
    "<meta name=\"robots\"",
    "<meta http-equiv=\"refresh\"",
    "<link rel=\"manifest\"",
];

/// `html` without any of the [`PAGE_TAGS`].
fn without_page_tags(html: &str) -> String {
    let mut out = html.to_string();
    for start in PAGE_TAGS {
        while out.contains(start) {
            out = remove_tag(&out, start);
        }
    }
    out
}

impl Template {
    /// Moves trunk's inline `<script type="module">` loader into a file that
    /// starts the app only once the page's own HTML has painted, and drops
    /// trunk's preload of the wasm: the prerendered page paints first, with
    /// the whole connection for its CSS and fonts; then the wasm loads.
    #[cfg(test)]
    fn new(html: &str) -> Self {
        Self::with_styles(html, None, "")
    }

    /// As [`Template::new`]; with `styles` (the stylesheet's text and the
    /// site's policy), the template's stylesheet link gives way to each
    /// page's inline rules, and the app adds the whole file when it needs it.
    /// `register` goes at the end of the boot script.
    fn with_styles(html: &str, styles: Option<(&str, &Policy)>, register: &str) -> Self {
        let html = restore_stylesheet_link(&without_page_tags(&drop_wasm_preload(html)));
        let (html, styles) = match styles {
            Some((css, policy)) => take_stylesheet(&html, css, policy),
            None => (html, None),
        };
        let (html, boot) = move_loader(&html, register);
        let html = remove_tag(&html, "<meta name=\"description\"");
        let (parts, places) = cut(&html);
        Self {
            parts,
            places,
            boot,
            styles,
        }
    }

    /// The template with `head` (lang, title, extra head tags) and `body`.
    fn render(&self, head: &Head, body: Option<&str>) -> String {
        let lang = format!(" lang=\"{}\"", escape(&head.lang));
        let extra = format!(
            "<link rel=\"manifest\" href=\"/{}\">{}",
            escape(&crate::offline::manifest_path(&head.lang)),
            head.extra
        );
        let title = escape(&head.title);
        let size = self.parts.iter().map(String::len).sum::<usize>()
            + lang.len()
            + title.len()
            + extra.len()
            + body.map_or(0, str::len);
        let mut out = String::with_capacity(size + 64);
        let mut styles_at = None;
        for (part, place) in self.parts.iter().zip(&self.places) {
            out.push_str(part);
            out.push_str(match place {
                Place::Lang => &lang,
                Place::Title => &title,
                Place::HeadEnd => &extra,
                Place::Body(own) => body.unwrap_or(own),
                Place::Styles => {
                    styles_at = Some(out.len());
                    ""
                }
            });
        }
        out.push_str(self.parts.last().map_or("", String::as_str));
        if let (Some(at), Some(styles)) = (styles_at, &self.styles) {
            out.insert_str(at, &styles.for_page(&out, head.own));
        }
        out
    }
}

/// `html` with trunk's inline loader replaced by a `<script src>` of its
/// own file, and that file (name and text); `html` as it is without one.
fn move_loader(html: &str, register: &str) -> (String, Option<(String, String)>) {
    let open = "<script type=\"module\">";
    let Some(start) = html.find(open) else {
        return (html.to_string(), None);
    };
    let Some(length) = html[start..].find("</script>") else {
        return (html.to_string(), None);
    };
    let js = format!(
        "{AFTER_FIRST_PAINT}\n{}\n{register}",
        html[start + open.len()..start + length].trim()
    );
    let js = js.trim_end();
    let name = format!("boot-{:016x}.js", crate::route::hash(js));
    let tag = format!("<script type=\"module\" src=\"/{name}\"></script>");
    let html = format!(
        "{}{tag}{}",
        &html[..start],
        &html[start + length + "</script>".len()..]
    );
    (html, Some((name, format!("{js}\n"))))
}

/// `html` cut at the places pages fill in (each found once, where it first
/// is; a place the template lacks is left out): the text between them and
/// the places, in order.
fn cut(html: &str) -> (Vec<String>, Vec<Place>) {
    let between = |start: &str, end: &str| {
        let from = html.find(start)? + start.len();
        Some((from, from + html[from..].find(end)?))
    };
    let mut found: Vec<(usize, usize, Place)> = [
        between("<html", ">").map(|(from, to)| (from, to, Place::Lang)),
        between("<title>", "</title>").map(|(from, to)| (from, to, Place::Title)),
        html.find("</head>").map(|at| (at, at, Place::HeadEnd)),
        html.find(STYLES_MARK)
            .map(|at| (at, at + STYLES_MARK.len(), Place::Styles)),
        between("<body>", "</body>")
            .map(|(from, to)| (from, to, Place::Body(html[from..to].to_string()))),
    ]
    .into_iter()
    .flatten()
    .collect();
    found.sort_by_key(|&(from, _, _)| from);
    let (mut parts, mut places, mut done) = (Vec::new(), Vec::new(), 0);
    for (from, to, place) in found {
        if from >= done {
            parts.push(html[done..from].to_string());
            places.push(place);
            done = to;
        }
    }
    parts.push(html[done..].to_string());
    (parts, places)
}

/// Where the template's stylesheet `<link>` (trunk's, the first) is: its
/// start and length.
fn stylesheet_link(html: &str) -> Option<(usize, usize)> {
    let start = html.find("<link rel=\"stylesheet\"")?;
    Some((start, html[start..].find('>')? + 1))
}

/// A template that is a page this tool wrote (given again as `--shell`)
/// with its policy, rules and `<noscript>` replaced by the stylesheet link
/// in it, as trunk wrote the template; any other `html` as it is.
fn restore_stylesheet_link(html: &str) -> String {
    let (Some(from), Some((link, length))) = (html.find(POLICY_TAG), stylesheet_link(html)) else {
        return html.to_string();
    };
    let Some(to) = html[link..]
        .find("</noscript>")
        .map(|t| link + t + "</noscript>".len())
    else {
        return html.to_string();
    };
    let tag = &html[link..link + length];
    format!("{}{tag}{}", &html[..from], &html[to..])
}

/// How the page policy this tool writes starts.
const POLICY_TAG: &str = "<meta http-equiv=\"Content-Security-Policy\"";

/// `html` with its stylesheet `<link>` replaced by [`STYLES_MARK`], and
/// the [`Styles`] for it; `html` as it is without one.
fn take_stylesheet(html: &str, css: &str, policy: &Policy) -> (String, Option<Styles>) {
    let Some((start, length)) = stylesheet_link(html) else {
        return (html.to_string(), None);
    };
    let tag = &html[start..start + length];
    let critical = crate::critical::Critical::new(css);
    let styles = Styles {
        browser: critical.words_in(tdt_view::BROWSER_MARKUP),
        critical,
        href: attribute(tag, "href").unwrap_or_default().to_string(),
        integrity: attribute(tag, "integrity").unwrap_or_default().to_string(),
        policy: policy.clone(),
        made: std::sync::Mutex::default(),
    };
    let html = format!("{}{STYLES_MARK}{}", &html[..start], &html[start + length..]);
    (html, Some(styles))
}

/// The `href` of the template's stylesheet link (a local path), if any.
pub fn stylesheet_href(template: &str) -> Option<&str> {
    let (start, length) = stylesheet_link(template)?;
    attribute(&template[start..start + length], "href")
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
}

/// The value of `name="…"` in `tag`, as written.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let open = format!(" {name}=\"");
    let from = tag.find(&open)? + open.len();
    Some(&tag[from..from + tag[from..].find('"')?])
}

impl Styles {
    /// The tags for the document `html`; `own`: it is a page's own HTML
    /// (see [`Head::own`]), whose rules then cover the browser's states too.
    fn for_page(&self, html: &str, own: bool) -> std::sync::Arc<str> {
        let mut present = self.critical.words_in(html);
        // Any other document waits for the whole file before the app shows
        // its first view: its own markup is all its rules cover.
        if own {
            for (word, browser) in present.iter_mut().zip(&self.browser) {
                *word |= browser;
            }
        }
        present.push(u64::from(own));
        let lock = || self.made.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tags) = lock().get(&present) {
            return tags.clone();
        }
        let tags: std::sync::Arc<str> = self.tags(&self.critical.css(&present), own).into();
        lock().insert(present, tags.clone());
        tags
    }

    /// A page's tags: its policy (with the hash of `css`), `css` inline
    /// (saying which file it is part of, and with `data-page` when the app
    /// need not load that file until the visitor moves on), and the whole
    /// stylesheet for visitors without JavaScript.
    fn tags(&self, css: &str, own: bool) -> String {
        // `</style` cannot end the element early (`\/` is `/` in CSS).
        let css = css.replace("</", "<\\/");
        let hash = {
            use base64::Engine;
            use sha2::Digest;
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&css))
        };
        let policy = self.policy.with_styles(&format!("'sha256-{hash}'"));
        format!(
            "{POLICY_TAG} content=\"{policy}\"><style data-stylesheet=\"{}\"{}{}>{css}</style><noscript>{}</noscript>",
            self.href,
            self.integrity_attribute("data-integrity"),
            if own { " data-page" } else { "" },
            self.link()
        )
    }

    /// The stylesheet's `<link>`.
    fn link(&self) -> String {
        format!(
            "<link rel=\"stylesheet\" href=\"{}\"{}>",
            self.href,
            self.integrity_attribute("integrity")
        )
    }

    /// ` NAME="…"` with the link's integrity, or nothing.
    fn integrity_attribute(&self, name: &str) -> String {
        if self.integrity.is_empty() {
            String::new()
        } else {
            format!(" {name}=\"{}\"", self.integrity)
        }
    }
}

/// What a document's head says.
struct Head {
    lang: String,
    title: String,
    extra: String,
    /// The document is a page's own HTML, as the app first shows it (not a
    /// page that sends visitors on): the page's inline rules cover that view.
    own: bool,
}

use crate::ui::head::{HeadTags, site_title};

fn root_head(site: &Site, lang: &str) -> Head {
    Head {
        lang: lang.to_string(),
        title: site_title(site, lang).to_string(),
        extra: format!("<link rel=\"canonical\" href=\"{}/\">", escape(&site.url)),
        own: false,
    }
}

fn not_found_head(site: &Site, lang: &str) -> Head {
    let title = site
        .langs
        .first()
        .and_then(|l| l.strings.get("not_found_title"))
        .cloned()
        .unwrap_or_default();
    head(&crate::ui::head::for_missing(site, lang, &title))
}

/// The HTML of `tags`' head tags (title and `lang` go in their places).
fn head(tags: &HeadTags) -> Head {
    let mut extra = String::new();
    if let Some(description) = &tags.description {
        let _ = write!(
            extra,
            "<meta name=\"description\" content=\"{}\">",
            escape(description)
        );
    }
    if tags.no_index {
        extra.push_str("<meta name=\"robots\" content=\"noindex\">");
    }
    if let Some(canonical) = &tags.canonical {
        let _ = write!(
            extra,
            "<link rel=\"canonical\" href=\"{}\">",
            escape(canonical)
        );
    }
    for (lang, url) in &tags.alternates {
        let _ = write!(
            extra,
            "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">",
            escape(lang),
            escape(url)
        );
    }
    Head {
        lang: tags.lang.clone(),
        title: tags.title.clone(),
        extra,
        own: false,
    }
}

fn page_head(site: &Site, page: &Page) -> Head {
    let mut head = head(&crate::ui::head::for_page(site, page));
    // A page that sends visitors on has an empty main: the app's first view
    // of it (the target, or the page in preview) is not what it shows.
    head.own = page.redirect_to.is_none();
    let extra = &mut head.extra;
    if let Some(target) = page
        .redirect_to
        .as_ref()
        .filter(|t| crate::ui::nav::is_web_url(t))
    {
        let _ = write!(
            extra,
            "<noscript><meta http-equiv=\"refresh\" content=\"0; url={}\"></noscript>",
            escape(target)
        );
    }
    head
}

/// The page's frame as the app renders it (`tdt_view`), with Pagefind's
/// marks (what to index, the section), which only the static file needs.
pub fn page_body(site: &std::sync::Arc<Site>, page: &Page) -> String {
    let marks = format!("<main id=\"main\"{}", super::search::main_attributes(page));
    tdt_view::render::page_body(site, page).replacen("<main id=\"main\"", &marks, 1)
}

fn page_document(template: &Template, site: &std::sync::Arc<Site>, page: &Page) -> String {
    let body = if let Some(target) = &page.redirect_to {
        let (_, moved) = moved_text(&page.lang);
        format!(
            "<main id=\"main\" class=\"container my-4\"><noscript><h1>{title}</h1><p>{moved} <a href=\"{target}\">{target}</a></p></noscript></main>",
            title = escape(&page.title),
            target = escape(target),
        )
    } else {
        page_body(site, page)
    };
    template.render(&page_head(site, page), Some(&body))
}

/// The title and text of a page that sends visitors on, for those whom the
/// browser does not send on (no JavaScript and no refresh).
fn moved_text(lang: &str) -> (&'static str, &'static str) {
    if lang == "en" {
        (
            "Redirecting…",
            "This page has moved. If you are not sent on at once, follow this link:",
        )
    } else {
        (
            "Reindirizzamento…",
            "Questa pagina è stata spostata. Se non vieni reindirizzato subito, segui questo link:",
        )
    }
}

/// A page that sends visitors on from an old URL, as jekyll-redirect-from.
fn redirect_document(site: &Site, lang: &str, page: &str, target: &str, script: &str) -> String {
    let absolute = if target.starts_with('/') {
        format!("{}{target}", site.url)
    } else {
        target.to_string()
    };
    let (title, text) = moved_text(lang);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" data-page=\"{page}\" data-target=\"{target}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
<link rel=\"canonical\" href=\"{absolute}\">\n<meta name=\"robots\" content=\"noindex\">\n<script src=\"/{script}\"></script>\n\
<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<h1>{title}</h1>\n<p>{text} <a href=\"{target}\">{target}</a></p>\n</body>\n</html>\n",
        lang = escape(lang),
        page = escape(page),
        target = escape(target),
        absolute = escape(&absolute),
    )
}

/// `sitemap.xml` with hreflang alternates; pages that send visitors away,
/// `sitemap: false` and `index: no-index` pages are left out.
fn sitemap(resolved: &Resolved) -> String {
    let site = &resolved.site;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for entry in resolved.entries.values() {
        let Entry::Page(page) = entry else { continue };
        if page.redirect_to.is_some()
            || page.no_index
            || resolved.hidden_from_sitemap.contains(&page.url)
        {
            continue;
        }
        let _ = writeln!(
            xml,
            "<url><loc>{}{}</loc>",
            escape(&site.url),
            escape(&page.url)
        );
        if let Some(date) = &page.last_modified {
            let _ = writeln!(xml, "<lastmod>{}</lastmod>", escape(date));
        }
        if !page.translations.is_empty() {
            let own = std::iter::once((page.lang.as_str(), page.url.as_str()));
            for (lang, url) in own.chain(
                page.translations
                    .iter()
                    .map(|t| (t.lang.as_str(), t.url.as_str())),
            ) {
                let _ = writeln!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}{}\"/>",
                    escape(lang),
                    escape(&site.url),
                    escape(url)
                );
            }
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Removes the first tag starting with `start`, up to its `>`.
fn remove_tag(html: &str, start: &str) -> String {
    let Some(from) = html.find(start) else {
        return html.to_string();
    };
    let to = html[from..].find('>').map_or(html.len(), |p| from + p + 1);
    format!("{}{}", &html[..from], &html[to..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_src_follows_iframe_hosts() {
        use crate::model::{ApplyForm, Job};
        let job = Page {
            job: Some(Job {
                apply: Some(ApplyForm {
                    url: "https://Forms.example/apply/1".into(),
                    height: 600,
                }),
                ..Job::default()
            }),
            ..Page::default()
        };
        let mut resolved = Resolved::default();
        resolved
            .entries
            .insert("/it/job".into(), Entry::Page(Box::new(job)));
        let mut config = Config {
            url: "https://teamdigitale.governo.it".into(),
            languages: Vec::new(),
            links: Default::default(),
            iframe_hosts: None,
            liquid: Default::default(),
            offline: true,
            theme_color: None,
        };
        let frames = |config: &Config, resolved: &Resolved| {
            let csp = Policy::new(config, resolved).with_styles("");
            csp.split("; ")
                .find_map(|d| d.strip_prefix("frame-src "))
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(frames(&config, &resolved), "https:");
        config.iframe_hosts = Some(vec!["www.youtube-nocookie.com".into()]);
        assert_eq!(
            frames(&config, &resolved),
            "https://forms.example https://www.youtube-nocookie.com"
        );
        config.iframe_hosts = Some(Vec::new());
        assert_eq!(frames(&config, &resolved), "https://forms.example");
        assert_eq!(frames(&config, &Resolved::default()), "'none'");
    }

    const STYLED: &str = "<html><head><title>t</title><link rel=\"stylesheet\" href=\"/site-1.css\" integrity=\"sha384-abc\"/><script type=\"module\">import init from '/a.js'; await init();</script></head><body></body></html>";

    fn policy() -> Policy {
        Policy {
            frames: "https:".into(),
        }
    }

    fn styled_page(template: &Template) -> String {
        styled_document(template, true)
    }

    /// A document of `template`: a page's own when `own`, else (as
    /// `index.html` or `404.html`) one whose first view may be another page.
    fn styled_document(template: &Template, own: bool) -> String {
        let head = Head {
            lang: "it".into(),
            title: "T".into(),
            extra: String::new(),
            own,
        };
        template.render(&head, Some("<main class=\"a\"><p>x</p></main>"))
    }

    #[test]
    fn a_page_inlines_its_rules_under_a_policy_with_their_hash() {
        let css = ".a{margin:0}.b{margin:1px}p{color:red}";
        let template = Template::with_styles(STYLED, Some((css, &policy())), "");
        let page = styled_page(&template);
        let hash = {
            use base64::Engine;
            use sha2::Digest;
            base64::engine::general_purpose::STANDARD
                .encode(sha2::Sha256::digest(".a{margin:0}p{color:red}"))
        };
        let expected = format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'sha256-{hash}'; img-src 'self' data:; frame-src https:; object-src 'none'; base-uri 'none'\"><style data-stylesheet=\"/site-1.css\" data-integrity=\"sha384-abc\" data-page>.a{{margin:0}}p{{color:red}}</style><noscript><link rel=\"stylesheet\" href=\"/site-1.css\" integrity=\"sha384-abc\"></noscript>"
        );
        assert!(
            page.contains(&format!("<title>T</title>{expected}")),
            "{page}"
        );
        assert_eq!(page.matches("<link rel=\"stylesheet\"").count(), 1);
        let (_, boot) = template.boot.clone().unwrap();
        assert!(
            boot.starts_with(AFTER_FIRST_PAINT),
            "the app loads the file itself: {boot}"
        );
        // Not a page's own document: the app loads the whole file at once.
        let root = styled_document(&template, false);
        assert!(
            root.contains("<style data-stylesheet=\"/site-1.css\" data-integrity=\"sha384-abc\">.a{margin:0}p{color:red}</style>"),
            "{root}"
        );
        // A page written this way, given again as the template, gives the same pages.
        let again = Template::with_styles(&page, Some((css, &policy())), "");
        assert_eq!(styled_page(&again), page);
    }

    #[test]
    fn a_page_has_the_rules_of_the_states_the_browser_makes() {
        let css = ".a{margin:0}.navbar-collapse.show{display:block}.search-option mark{font-weight:700}.b{margin:1px}";
        let template = Template::with_styles(STYLED, Some((css, &policy())), "");
        let page = styled_page(&template);
        assert!(
            page.contains(">.a{margin:0}.navbar-collapse.show{display:block}.search-option mark{font-weight:700}</style>"),
            "{page}"
        );
        let root = styled_document(&template, false);
        assert!(root.contains(">.a{margin:0}</style>"), "{root}");
    }

    #[test]
    fn a_style_end_tag_in_the_rules_cannot_close_the_element() {
        let css = ".a::after{content:\"</style><script>\"}";
        let page = styled_page(&Template::with_styles(STYLED, Some((css, &policy())), ""));
        assert!(
            page.contains(">.a::after{content:\"<\\/style><script>\"}</style>"),
            "{page}"
        );
    }

    #[test]
    fn without_the_stylesheet_the_link_stays_and_hosts_keep_the_strict_policy() {
        let page = styled_page(&Template::new(STYLED));
        assert!(
            page.contains(
                "<link rel=\"stylesheet\" href=\"/site-1.css\" integrity=\"sha384-abc\"/>"
            )
        );
        assert!(!page.contains("<style"));
        // A page written with inline rules, given again without the stylesheet.
        let css = ".a{margin:0}";
        let written = styled_page(&Template::with_styles(STYLED, Some((css, &policy())), ""));
        let again = styled_page(&Template::new(&written));
        assert!(again.contains("<title>T</title><link rel=\"stylesheet\" href=\"/site-1.css\" integrity=\"sha384-abc\">"), "{again}");
        assert!(!again.contains("<style") && !again.contains("Content-Security-Policy"));
        assert_eq!(
            policy().with_styles(""),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; frame-src https:; object-src 'none'; base-uri 'none'"
        );
        assert_eq!(
            policy().with_styles("'unsafe-inline'"),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src https:; object-src 'none'; base-uri 'none'"
        );
        assert_eq!(stylesheet_href(STYLED), Some("/site-1.css"));
        assert_eq!(
            stylesheet_href("<link rel=\"stylesheet\" href=\"https://cdn/x.css\">"),
            None
        );
    }

    #[test]
    fn html_paths() {
        let cases = [
            ("/", "index.html"),
            ("/it/", "it/index.html"),
            ("/it/lavora-con-noi", "it/lavora-con-noi.html"),
            ("/it/36-content.htm", "it/36-content.htm"),
            ("/it/projects/a.htm", "it/projects/a.htm"),
            ("/join-us", "join-us.html"),
        ];
        for (url, expected) in cases {
            assert_eq!(html_path(url), expected, "{url}");
        }
    }

    #[test]
    fn the_wasm_is_not_preloaded() {
        let html = "<head><link rel=\"preload\" href=\"/f.woff2\" as=\"font\"><link rel=\"modulepreload\" href=\"/a.js\"><link rel=\"preload\" href=\"/a_bg.wasm\" as=\"fetch\" type=\"application/wasm\"><link rel=\"canonical\" href=\"/c\"></head>";
        assert_eq!(
            drop_wasm_preload(html),
            "<head><link rel=\"preload\" href=\"/f.woff2\" as=\"font\"><link rel=\"modulepreload\" href=\"/a.js\"><link rel=\"canonical\" href=\"/c\"></head>"
        );
    }

    #[test]
    fn a_built_page_as_template_gives_each_page_only_its_own_tags() {
        let head = |url: &str| Head {
            lang: "it".into(),
            title: "T".into(),
            extra: format!(
                "<link rel=\"canonical\" href=\"{url}\"><link rel=\"alternate\" hreflang=\"en\" href=\"{url}\"><meta name=\"robots\" content=\"noindex\">"
            ),
            own: true,
        };
        let first = Template::new("<html><head><title>x</title></head><body>b</body></html>")
            .render(&head("/a"), None);
        let again = Template::new(&first).render(&head("/b"), Some("c"));
        assert_eq!(
            again,
            "<html lang=\"it\"><head><title>T</title><link rel=\"manifest\" href=\"/manifest-it.webmanifest\"><link rel=\"canonical\" href=\"/b\"><link rel=\"alternate\" hreflang=\"en\" href=\"/b\"><meta name=\"robots\" content=\"noindex\"></head><body>c</body></html>"
        );
    }

    #[test]
    fn a_minified_or_incomplete_template_is_refused() {
        let cases = [
            (
                "<html><head><title>t</title></head><body></body></html>",
                None,
            ),
            (
                "<!doctype html><html lang=it><meta charset=utf-8><title>t</title><script type=module>import init from '/a.js';</script></head><body></body></html>",
                Some("the page template is minified (trunk's `minify` setting)"),
            ),
            (
                "<html><title>t</title><body></body></html>",
                Some("the page template lacks one of <title>, </title>, </head>, <body>, </body>"),
            ),
        ];
        for (template, expected) in cases {
            assert_eq!(super::template_problem(template), expected, "{template}");
        }
    }

    #[test]
    fn inline_loader_becomes_a_file() {
        let t = Template::new(
            "<html lang=\"it\"><head><title>x</title><script type=\"module\">import init from '/a.js';\nawait init();</script></head><body>b</body></html>",
        );
        let (name, js) = t.boot.clone().unwrap();
        assert!(name.starts_with("boot-") && js.contains("await init();"));
        assert!(
            js.starts_with(AFTER_FIRST_PAINT),
            "the app waits for the first paint"
        );
        assert!(!t.parts.concat().contains("<script type=\"module\">"));
        let head = Head {
            lang: "en".into(),
            title: "T & <x>".into(),
            extra: "<link rel=\"canonical\" href=\"/c\">".into(),
            own: true,
        };
        let out = t.render(&head, Some("<main>m</main>"));
        assert_eq!(
            out,
            format!(
                "<html lang=\"en\"><head><title>T &amp; &lt;x&gt;</title><script type=\"module\" src=\"/{name}\"></script><link rel=\"manifest\" href=\"/manifest-en.webmanifest\"><link rel=\"canonical\" href=\"/c\"></head><body><main>m</main></body></html>"
            )
        );
        assert!(
            !js.contains("serviceWorker"),
            "no worker unless asked: {js}"
        );
    }

    #[test]
    fn with_a_worker_the_boot_script_registers_it_once_the_app_is_ready() {
        let html = "<html><head><title>x</title><script type=\"module\">await init();</script></head><body></body></html>";
        let (_, js) = Template::with_styles(html, None, REGISTER_JS).boot.unwrap();
        let (_, plain) = Template::new(html).boot.unwrap();
        assert!(js.contains("await init();\nif ('serviceWorker' in navigator)"));
        assert!(js.contains("register('/sw.js')") && js.contains("html.dataset.app === 'ready'"));
        assert!(js.contains("addEventListener('controllerchange'"));
        assert!(!plain.contains("serviceWorker"));
    }

    #[test]
    fn a_template_built_before_loses_its_manifest_link() {
        let html = "<html><head><title>x</title><link rel=\"manifest\" href=\"/manifest-it.webmanifest\"></head><body></body></html>";
        let head = Head {
            lang: "en".into(),
            title: "T".into(),
            extra: String::new(),
            own: true,
        };
        let out = Template::new(html).render(&head, None);
        assert_eq!(out.matches("rel=\"manifest\"").count(), 1, "{out}");
        assert!(out.contains("/manifest-en.webmanifest"));
    }
}
