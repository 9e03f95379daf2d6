//! The site's view components, written once and rendered two ways: to HTML
//! by the preprocessor at build time (feature `ssr`, [`render`]) and in the
//! browser by the app (feature `hydrate`: it hydrates the prerendered page,
//! then renders in-app navigation). The frame ([`frame`]), the page
//! layouts ([`layouts`]) and the blocks ([`components`]) are functions of the
//! site file and the [`current`] page; what the app adds (fetching,
//! routing, taking over the static page) lives in the `tdt-site` crate.

pub use tdt_model::{json, model, route, text, ui};

pub mod components;
pub mod current;
pub mod dom;
pub mod frame;
pub mod layouts;
#[cfg(feature = "ssr")]
pub mod render;

use leptos::prelude::*;
use model::{Language, Site};
use std::sync::Arc;

/// Whether this build renders static HTML (the preprocessor) rather than the
/// live DOM (the app): the job form's iframe is then put in `<noscript>`,
/// so that a visitor with JavaScript loads it once, from the app.
pub const STATIC: bool = cfg!(feature = "ssr");

thread_local! {
    static HYDRATING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the app is hydrating the prerendered page (adopting its nodes)
/// rather than rendering: a component whose live DOM differs from its
/// static HTML (the job form) then renders the static markup, and catches
/// up in an effect, which runs once the page is hydrated.
pub fn hydrating() -> bool {
    HYDRATING.with(std::cell::Cell::get)
}

/// Marks the start (`true`) and end of hydration (see [`hydrating`]).
pub fn set_hydrating(on: bool) {
    HYDRATING.with(|h| h.set(on));
}

/// Markup the browser makes that no static page has: the states the
/// components (and `search.js`, and the app around them) enter after an
/// action, written out for their element names and classes. The
/// preprocessor inlines in each page the rules of its own markup and of
/// this, so that the page's states are styled before the whole stylesheet
/// has loaded (the app loads it when the visitor moves to another page).
pub const BROWSER_MARKUP: &str = concat!(
    // The header's menu, open.
    "<div class=\"navbar-collapse show\"></div>",
    // The contents box: the entry in view.
    "<a class=\"active\"></a>",
    // What the main area shows while loading, on a failure, for a missing
    // page, in preview (layouts), and when the site file failed (shell).
    "<div class=\"loading\"></div><div class=\"error-box\"><p></p><button class=\"retry\"></button></div>",
    "<section class=\"not-found\"></section><div class=\"preview-banner\"></div>",
    // The search box's suggestions and the search page's results (search.js).
    "<li class=\"search-option\"><span class=\"search-option-title\"></span><span class=\"search-option-text\"><mark></mark></span><span class=\"search-leads\"></span></li>",
    "<li class=\"search-result\"><a class=\"search-result-title\"></a><p class=\"search-excerpt\"><mark></mark></p></li>",
);

/// The site file, available to every component.
#[derive(Clone)]
pub struct SiteData(pub Arc<Site>);

impl SiteData {
    /// Interface string `key` in `lang`. The build writes a text for every
    /// string a page of the language can show (the engine's, else the
    /// site's), so one is always there; were it not (a site file from
    /// another build), the text of the default language, else nothing:
    /// never the key.
    pub fn t(&self, lang: &str, key: &str) -> String {
        let langs = &self.0.langs;
        langs
            .iter()
            .find(|l| l.code == lang)
            .and_then(|l| l.strings.get(key))
            .or_else(|| langs.first().and_then(|l| l.strings.get(key)))
            .cloned()
            .unwrap_or_default()
    }

    /// `pick` of language `lang` (of a default language when it is missing):
    /// reads one field without copying the whole language.
    pub fn with_language<T: Default>(&self, lang: &str, pick: impl FnOnce(&Language) -> T) -> T {
        self.0
            .langs
            .iter()
            .find(|l| l.code == lang)
            .map(pick)
            .unwrap_or_default()
    }

    /// The language codes, the default first.
    pub fn codes(&self) -> Vec<&str> {
        self.0.langs.iter().map(|l| l.code.as_str()).collect()
    }
}

/// The site data from context.
pub fn use_site() -> SiteData {
    expect_context::<SiteData>()
}

#[cfg(test)]
mod tests {
    use super::{Language, Site, SiteData};
    use std::collections::BTreeMap;
    use std::sync::Arc;

    fn language(code: &str, strings: &[(&str, &str)]) -> Language {
        Language {
            code: code.into(),
            strings: strings
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>(),
            ..Language::default()
        }
    }

    /// `t` gives the language's text, else the default language's, else
    /// nothing: never the key.
    #[test]
    fn t_never_returns_a_key() {
        let site = SiteData(Arc::new(Site {
            langs: vec![
                language("it", &[("menu", "Menu"), ("retry", "Riprova")]),
                language("en", &[("menu", "Menu (en)")]),
            ],
            ..Site::default()
        }));
        assert_eq!(site.t("en", "menu"), "Menu (en)");
        assert_eq!(site.t("en", "retry"), "Riprova");
        assert_eq!(site.t("de", "menu"), "Menu");
        assert_eq!(site.t("en", "period_provided"), "");
    }
}
