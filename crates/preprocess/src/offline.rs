//! Installable and offline: the build id written into every data file, one
//! web app manifest per language, and (with a service worker, `--worker`)
//! one offline page per language, which the worker
//! (`src/styles/worker.mjs`) shows for a page not saved when the network is
//! down, with the list of the pages it has saved filled in.

use super::config::Config;
use super::prerender::escape;
use crate::model::{Entry, Site};
use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::path::Path;

/// The default `theme_color` of the manifests (the site's blue).
pub const THEME_COLOR: &str = "#0066cc";

/// Where the list of saved pages goes in an offline page; the worker
/// replaces it (and drops the section's `hidden`) when it has saved some.
pub const PAGES_MARK: &str = "<!--tdt:offline-pages-->";

/// The script of the offline pages: back online, the page the visitor
/// asked for loads by itself, once the network really answers (a `HEAD`
/// of it, which the worker lets through; tried again a few times, waiting
/// twice as long each time).
pub const OFFLINE_JS: &str = "// Offline page: back online, load the page asked for.\n\
const tryAgain = (wait) => fetch(location.href, { method: 'HEAD', cache: 'no-store' })\n\
  .then((answer) => (answer.status < 500 ? location.reload() : Promise.reject()))\n\
  .catch(() => wait < 20000 && setTimeout(() => tryAgain(wait * 2), wait));\n\
addEventListener('online', () => tryAgain(250));\n";

/// The build id: the first 16 hex digits of a SHA-256 of every file of the
/// content folder (path and bytes, `_config.yml`, `_data/` and
/// `_includes/` included, dot files left out), the page template and the
/// stylesheet. Two builds of the same content with the same app have the
/// same id; any change to either gives another one. Files are hashed on
/// every core.
pub fn build_id(content: &Path, shell: Option<&str>, stylesheet: Option<&str>) -> String {
    let mut files = Vec::new();
    list_files(content, "", &mut files);
    files.sort();
    let digests = super::par::map(&files, |rel| {
        let bytes = std::fs::read(content.join(rel)).unwrap_or_default();
        let mut hasher = Sha256::new();
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update(&bytes);
        hasher.finalize()
    });
    let mut all = Sha256::new();
    for digest in digests {
        all.update(digest);
    }
    for text in [shell, stylesheet] {
        all.update(text.unwrap_or("").as_bytes());
        all.update([0]);
    }
    all.finalize()[..8]
        .iter()
        .fold(String::with_capacity(16), |mut id, byte| {
            let _ = write!(id, "{byte:02x}");
            id
        })
}

/// Every file below `dir`, relative to the content folder, dot entries left out.
fn list_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}{name}");
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => list_files(&entry.path(), &format!("{rel}/"), out),
            Ok(kind) if kind.is_file() => out.push(rel),
            _ => {}
        }
    }
}

/// Puts `id` in the site file and in every entry.
pub fn stamp(site: &mut Site, entries: &mut std::collections::BTreeMap<String, Entry>, id: &str) {
    site.build = id.to_string();
    for entry in entries.values_mut() {
        entry.set_build(id);
    }
}

/// The path of a language's manifest: `manifest-it.webmanifest`.
pub fn manifest_path(lang: &str) -> String {
    format!("manifest-{lang}.webmanifest")
}

/// The path of a language's offline page: `offline-it.html`.
pub fn offline_path(lang: &str) -> String {
    format!("offline-{lang}.html")
}

/// The web app manifest of language `code`: name and short name from
/// `_config.yml`, the description of the language's home page, the home
/// page as `start_url`, the icons of `public/icons/`.
pub fn manifest(
    config: &Config,
    site: &Site,
    entries: &std::collections::BTreeMap<String, Entry>,
    code: &str,
) -> String {
    let language = site.langs.iter().find(|l| l.code == code);
    let configured = config.languages.iter().find(|l| l.code == code);
    let title = language.map_or("", |l| l.title.as_str());
    let home = language.map_or("/", |l| l.home.as_str());
    let short = configured
        .and_then(|l| l.short_title.as_deref())
        .unwrap_or(title);
    let description = crate::route::normalize(home)
        .and_then(|key| entries.get(&key))
        .and_then(Entry::page)
        .and_then(|p| p.description.clone())
        .unwrap_or_else(|| title.to_string());
    let theme = config.theme_color.as_deref().unwrap_or(THEME_COLOR);
    let icon = |src: &str, size: u32, purpose: &str| serde_json::json!({ "src": src, "sizes": format!("{size}x{size}"), "type": "image/png", "purpose": purpose });
    let manifest = serde_json::json!({
        "id": home,
        "name": title,
        "short_name": short,
        "description": description,
        "lang": code,
        "dir": "ltr",
        "start_url": home,
        "scope": "/",
        "display": "standalone",
        "theme_color": theme,
        "background_color": "#ffffff",
        "icons": [
            icon("/icons/icon-192.png", 192, "any"),
            icon("/icons/icon-512.png", 512, "any"),
            icon("/icons/maskable-192.png", 192, "maskable"),
            icon("/icons/maskable-512.png", 512, "maskable"),
        ],
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default()
}

/// The offline page of language `code`: the site's stylesheet (`css`, its
/// `href`, when the template links one) and fonts, which the worker keeps,
/// no app; a heading, a text, the list of saved pages (filled in by the
/// worker), a link home. `script` is the file of [`OFFLINE_JS`].
pub fn offline_document(site: &Site, code: &str, css: Option<&str>, script: &str) -> String {
    let Some(language) = site.langs.iter().find(|l| l.code == code) else {
        return String::new();
    };
    let t = |key: &str| escape(language.strings.get(key).map_or("", String::as_str));
    let stylesheet = css.map_or_else(String::new, |href| {
        format!("<link rel=\"stylesheet\" href=\"{href}\">\n")
    });
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title} · {site}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
<meta name=\"theme-color\" content=\"{THEME_COLOR}\">\n<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n\
<link rel=\"manifest\" href=\"/{manifest}\">\n{stylesheet}<script src=\"/{script}\" defer></script>\n</head>\n<body>\n\
<main id=\"main\" class=\"container my-4 offline-page\">\n<h1>{title}</h1>\n<p>{text}</p>\n\
<section class=\"offline-pages\" aria-labelledby=\"offline-pages\" hidden>\n<h2 id=\"offline-pages\" class=\"h4\">{pages}</h2>\n<ul>{PAGES_MARK}</ul>\n</section>\n\
<p><a href=\"{home}\">{back}</a></p>\n</main>\n</body>\n</html>\n",
        lang = escape(code),
        title = t("offline_title"),
        site = escape(&language.title),
        manifest = manifest_path(code),
        text = t("offline_text"),
        pages = t("offline_pages"),
        home = escape(&language.home),
        back = t("back_home"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    fn site() -> Site {
        let strings = [
            ("offline_title", "Sei offline"),
            ("offline_text", "Questa pagina non è salvata."),
            ("offline_pages", "Pagine salvate"),
            ("back_home", "Torna <alla> home"),
        ];
        Site {
            langs: vec![Language {
                code: "it".into(),
                title: "Team".into(),
                home: "/it/".into(),
                strings: strings
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn the_offline_page_speaks_its_language_and_has_a_place_for_the_saved_pages() {
        let html = offline_document(&site(), "it", Some("/site-1.css"), "offline-1.js");
        assert!(html.contains("<html lang=\"it\">"));
        assert!(html.contains("<h1>Sei offline</h1>"));
        assert!(html.contains("<a href=\"/it/\">Torna &lt;alla&gt; home</a>"));
        assert!(html.contains(&format!("<ul>{PAGES_MARK}</ul>")));
        assert!(html.contains("<link rel=\"stylesheet\" href=\"/site-1.css\">"));
        assert!(html.contains("<script src=\"/offline-1.js\" defer></script>"));
        assert_eq!(offline_document(&site(), "xx", None, "x.js"), "");
    }

    #[test]
    fn the_build_id_follows_the_content() {
        let dir = std::env::temp_dir().join(format!("tdt-build-id-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("_data")).unwrap();
        std::fs::write(dir.join("a.md"), "one").unwrap();
        std::fs::write(dir.join("_data/strings.yml"), "x").unwrap();
        let first = build_id(&dir, Some("<html>"), None);
        assert_eq!(first.len(), 16);
        assert_eq!(first, build_id(&dir, Some("<html>"), None));
        assert_ne!(first, build_id(&dir, Some("<html lang>"), None));
        std::fs::write(dir.join("_data/strings.yml"), "y").unwrap();
        let second = build_id(&dir, Some("<html>"), None);
        assert_ne!(first, second);
        std::fs::write(dir.join(".hidden"), "z").unwrap();
        assert_eq!(second, build_id(&dir, Some("<html>"), None));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
