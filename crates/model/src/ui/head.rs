//! The head tags of a page, decided once for both renderers: the
//! preprocessor writes them into each page's HTML, and the app sets them on
//! every navigation. Title, description, `robots`, canonical and hreflang
//! alternates.

use crate::model::{Page, Site};

/// What goes into a page's `<head>` (and `<html lang>`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeadTags {
    /// `<html lang>`.
    pub lang: String,
    /// `<title>`: the page's title, then the site's (once only, when the
    /// page is titled as the site, as home pages are).
    pub title: String,
    /// `<meta name="description">`, when there is one.
    pub description: Option<String>,
    /// `<meta name="robots" content="noindex">`.
    pub no_index: bool,
    /// `<link rel="canonical">`, absolute; none for a missing page.
    pub canonical: Option<String>,
    /// `<link rel="alternate" hreflang>`: language (or `x-default`) and
    /// absolute URL; empty for a page without translations.
    pub alternates: Vec<(String, String)>,
}

/// The site's title in `lang` (empty when the language is unknown).
pub fn site_title<'a>(site: &'a Site, lang: &str) -> &'a str {
    site.langs
        .iter()
        .find(|l| l.code == lang)
        .map_or("", |l| l.title.as_str())
}

/// The head of `page`. Search engines are asked not to index a page whose
/// author said so and a page whose visitors are sent elsewhere.
pub fn for_page(site: &Site, page: &Page) -> HeadTags {
    let absolute = |url: &str| format!("{}{url}", site.url);
    let mut alternates = Vec::new();
    if !page.translations.is_empty() {
        let mut langs: Vec<(&str, &str)> = vec![(&page.lang, &page.url)];
        langs.extend(
            page.translations
                .iter()
                .map(|t| (t.lang.as_str(), t.url.as_str())),
        );
        let default = site.langs.first().map_or("it", |l| l.code.as_str());
        if let Some(&(_, url)) = langs.iter().find(|(lang, _)| *lang == default) {
            langs.push(("x-default", url));
        }
        alternates = langs
            .into_iter()
            .map(|(lang, url)| (lang.to_string(), absolute(url)))
            .collect();
    }
    HeadTags {
        lang: page.lang.clone(),
        title: full_title(&page.title, site_title(site, &page.lang)),
        description: page.description.clone(),
        no_index: page.no_index || page.redirect_to.is_some(),
        canonical: Some(absolute(&page.url)),
        alternates,
    }
}

/// `title - site`, or one of the two when the other is empty or they are
/// the same.
fn full_title(title: &str, site: &str) -> String {
    let title = title.trim();
    if site.is_empty() || title == site {
        title.to_string()
    } else if title.is_empty() {
        site.to_string()
    } else {
        format!("{title} - {site}")
    }
}

/// The head of a missing page titled `title` in `lang`.
pub fn for_missing(site: &Site, lang: &str, title: &str) -> HeadTags {
    HeadTags {
        lang: lang.to_string(),
        title: full_title(title, site_title(site, lang)),
        no_index: true,
        ..HeadTags::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Language, Link};

    fn site() -> Site {
        let language = |code: &str, title: &str| Language {
            code: code.into(),
            title: title.into(),
            ..Language::default()
        };
        Site {
            build: String::new(),
            url: "https://example.org".into(),
            langs: vec![language("it", "Sito"), language("en", "Site")],
            shard_bits: 0,
        }
    }

    fn page() -> Page {
        Page {
            lang: "en".into(),
            title: "Join".into(),
            url: "/en/join".into(),
            ..Page::default()
        }
    }

    #[test]
    fn titles() {
        let cases = [
            ("Join", "en", "Join - Site"),
            ("Site", "en", "Site"),
            (" Site ", "en", "Site"),
            ("", "en", "Site"),
            ("Join", "fr", "Join"),
        ];
        for (title, lang, expected) in cases {
            let page = Page {
                title: title.into(),
                lang: lang.into(),
                ..page()
            };
            assert_eq!(
                for_page(&site(), &page).title,
                expected,
                "{title:?} in {lang}"
            );
        }
    }

    #[test]
    fn a_page_without_translations() {
        let head = for_page(&site(), &page());
        assert_eq!(head.title, "Join - Site");
        assert_eq!(
            head.canonical.as_deref(),
            Some("https://example.org/en/join")
        );
        assert!(head.alternates.is_empty());
        assert!(!head.no_index);
    }

    #[test]
    fn translations_give_alternates_and_x_default_in_the_default_language() {
        let page = Page {
            translations: vec![Link {
                lang: "it".into(),
                title: "Unisciti".into(),
                url: "/it/unisciti".into(),
            }],
            ..page()
        };
        let head = for_page(&site(), &page);
        let alternates: Vec<(&str, &str)> = head
            .alternates
            .iter()
            .map(|(l, u)| (l.as_str(), u.as_str()))
            .collect();
        assert_eq!(
            alternates,
            [
                ("en", "https://example.org/en/join"),
                ("it", "https://example.org/it/unisciti"),
                ("x-default", "https://example.org/it/unisciti"),
            ]
        );
    }

    #[test]
    fn noindex_when_the_author_says_so_or_visitors_are_sent_elsewhere() {
        let table = [
            (false, None, false),
            (true, None, true),
            (false, Some("https://x.org/"), true),
        ];
        for (no_index, redirect_to, expected) in table {
            let page = Page {
                no_index,
                redirect_to: redirect_to.map(String::from),
                ..page()
            };
            assert_eq!(
                for_page(&site(), &page).no_index,
                expected,
                "{no_index} {redirect_to:?}"
            );
        }
    }

    #[test]
    fn a_missing_page_is_not_indexed_and_has_no_canonical() {
        let head = for_missing(&site(), "it", "Pagina non trovata");
        assert_eq!(head.title, "Pagina non trovata - Sito");
        assert!(head.no_index && head.canonical.is_none() && head.alternates.is_empty());
    }
}
