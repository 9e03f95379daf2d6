//! What the site search needs from the build: the search results page of
//! each language, the Pagefind markers of each page's static HTML, and the
//! documents of pages that send visitors elsewhere.
//!
//! The index itself is built by Pagefind, from the static HTML files, in
//! trunk's post-build hook (`src/styles/postbuild.mjs`): only pages whose
//! `<main>` carries `data-pagefind-body` are indexed, so old-URL stubs, the
//! 404 page, `index: no-index` pages (the search page among them) and the
//! root page are left out. Pagefind splits the index by `<html lang>`.
//! A page with `redirect_to` has no content in its own file (visitors are
//! sent on at once); it is indexed from a document written only for
//! Pagefind ([`redirect_documents`]), outside the site, whose result says
//! where it leads (meta `redirect`).

use super::output::OutFile;
use super::page::{Parsed, Piece};
use super::prerender::escape;
use crate::model::{Entry, Layout, Page, Site};
use std::collections::BTreeMap;

/// The include that puts the search results on a page.
pub const RESULTS_INCLUDE: &str = "search_results";

/// The URL of `lang`'s search results page: the first page of that
/// language, by URL, whose body includes `search_results.html`; empty when
/// there is none.
pub fn results_page(pages: &[Parsed], lang: &str) -> String {
    pages
        .iter()
        .filter(|p| p.lang == lang)
        .filter(|p| {
            p.pieces
                .iter()
                .any(|piece| matches!(piece, Piece::Include(i) if i.name == RESULTS_INCLUDE))
        })
        .map(|p| p.url.clone())
        .min()
        .unwrap_or_default()
}

/// The HTML of `{% include search_results.html %}` in a language with
/// `strings`: an HTML block (the app renders it as any other) that
/// `/search.js` fills with the results of the URL's `?q=`.
pub fn results_block(strings: &BTreeMap<String, String>) -> String {
    let t = |key: &str| escape(strings.get(key).map_or("", String::as_str));
    // The summary is a live region; the note is shown only to visitors
    // without JavaScript (`@media (scripting: none)`, _search.scss).
    format!(
        "<section class=\"search-results\" aria-label=\"{}\"><p class=\"search-summary\" role=\"status\"></p>\
<p class=\"search-needs-js\">{}</p><ol class=\"search-results-list\"></ol></section>",
        t("search_results_label"),
        t("search_needs_js"),
    )
}

/// The section filter of a page's layout: `job`, `project` or `person`.
pub fn section(layout: Layout) -> Option<&'static str> {
    match layout {
        Layout::Job => Some("job"),
        Layout::Project => Some("project"),
        Layout::People => Some("person"),
        Layout::Default => None,
    }
}

/// Whether the search finds `page`: not when search engines are kept away.
pub fn indexed(page: &Page) -> bool {
    !page.no_index
}

/// The attributes of a page's `<main>` that tell Pagefind to index it
/// (`data-pagefind-body`), its section and its URL (the permalink, since
/// Pagefind would give the file's path); empty for a page left out.
pub fn main_attributes(page: &Page) -> String {
    if !indexed(page) {
        return String::new();
    }
    let filter = section(page.layout)
        .map(|s| format!(" data-pagefind-filter=\"section:{s}\""))
        .unwrap_or_default();
    format!(
        " data-pagefind-body{filter} data-pagefind-meta=\"url:{}\"",
        escape(&page.url)
    )
}

/// One document per indexed page with a `redirect_to`, for Pagefind only
/// (written outside the site): the page's content as the app would show it
/// in preview, and where it leads (meta `redirect`). Named by the page's
/// HTML path.
pub fn redirect_documents(site: &Site, entries: &BTreeMap<String, Entry>) -> Vec<OutFile> {
    let site = std::sync::Arc::new(site.clone());
    entries
        .values()
        .filter_map(Entry::page)
        .filter(|p| indexed(p))
        .filter_map(|page| {
            let target = page.redirect_to.as_ref()?;
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><div data-pagefind-meta=\"redirect:{}\">{}</div></body></html>\n",
                escape(&page.lang),
                escape(&page.title),
                escape(target),
                super::shell::page_body(&site, page)
            );
            Some(OutFile {
                path: super::shell::html_path(&page.url),
                bytes: html.into_bytes(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    fn page(layout: Layout) -> Page {
        Page {
            lang: "it".into(),
            title: "Lavora con noi".into(),
            url: "/it/lavora-con-noi".into(),
            layout,
            ..Page::default()
        }
    }

    #[test]
    fn sections_and_markers() {
        assert_eq!(
            main_attributes(&page(Layout::Job)),
            " data-pagefind-body data-pagefind-filter=\"section:job\" data-pagefind-meta=\"url:/it/lavora-con-noi\""
        );
        assert_eq!(
            main_attributes(&page(Layout::Default)),
            " data-pagefind-body data-pagefind-meta=\"url:/it/lavora-con-noi\""
        );
        assert_eq!(section(Layout::People), Some("person"));
        assert_eq!(section(Layout::Project), Some("project"));
        let hidden = Page {
            no_index: true,
            ..page(Layout::Job)
        };
        assert_eq!(main_attributes(&hidden), "");
    }

    #[test]
    fn the_results_block() {
        let strings = BTreeMap::from([("search_needs_js".to_string(), "Serve <JS>".to_string())]);
        assert_eq!(
            results_block(&strings),
            "<section class=\"search-results\" aria-label=\"\"><p class=\"search-summary\" role=\"status\"></p><p class=\"search-needs-js\">Serve &lt;JS&gt;</p><ol class=\"search-results-list\"></ol></section>"
        );
    }

    #[test]
    fn pages_that_lead_elsewhere_get_a_document_of_their_own() {
        let site = Site {
            langs: vec![Language {
                code: "it".into(),
                ..Language::default()
            }],
            ..Site::default()
        };
        let away = Page {
            redirect_to: Some("https://example.org/a?b=1&c=2".into()),
            ..page(Layout::Default)
        };
        let hidden = Page {
            url: "/it/hidden".into(),
            no_index: true,
            ..away.clone()
        };
        let mut entries = BTreeMap::new();
        entries.insert("/it/lavora-con-noi".into(), Entry::Page(Box::new(away)));
        entries.insert("/it/hidden".into(), Entry::Page(Box::new(hidden)));
        entries.insert(
            "/it/plain".into(),
            Entry::Page(Box::new(Page {
                url: "/it/plain".into(),
                ..page(Layout::Default)
            })),
        );
        let docs = redirect_documents(&site, &entries);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].path, "it/lavora-con-noi.html");
        // Hydration's `<!>` markers aside (erase_components writes one after a text).
        let html = String::from_utf8(docs[0].bytes.clone())
            .unwrap()
            .replace("<!>", "");
        assert!(
            html.contains(
                "<div data-pagefind-meta=\"redirect:https://example.org/a?b=1&amp;c=2\">"
            )
        );
        assert!(html.contains(
            "<main id=\"main\" data-pagefind-body data-pagefind-meta=\"url:/it/lavora-con-noi\" tabindex=\"-1\""
        ));
        assert!(html.contains("<h1 tabindex=\"-1\">Lavora con noi</h1>"));
    }
}
