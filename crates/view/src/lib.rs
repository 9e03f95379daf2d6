//! The site's view components, written once and rendered two ways: to HTML
//! by the preprocessor at build time (feature `ssr`, [`render`]) and in the
//! browser by the app (feature `csr`). The frame ([`frame`]), the page
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
use model::Site;
use std::sync::Arc;

/// Whether this build renders static HTML (the preprocessor) rather than the
/// live DOM (the app): the job form's iframe is then put in `<noscript>`,
/// so that a visitor with JavaScript loads it once, from the app.
pub const STATIC: bool = cfg!(feature = "ssr");

/// The site file, available to every component.
#[derive(Clone)]
pub struct SiteData(pub Arc<Site>);

impl SiteData {
    /// Interface string `key` in `lang` (the key itself if missing).
    pub fn t(&self, lang: &str, key: &str) -> String {
        self.0
            .langs
            .iter()
            .find(|l| l.code == lang)
            .or_else(|| self.0.langs.first())
            .and_then(|l| l.strings.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The language codes, the default first.
    pub fn codes(&self) -> Vec<&str> {
        self.0.langs.iter().map(|l| l.code.as_str()).collect()
    }

    /// The default language code.
    pub fn default_lang(&self) -> String {
        self.0
            .langs
            .first()
            .map_or_else(|| "it".into(), |l| l.code.clone())
    }
}

/// The site data from context.
pub fn use_site() -> SiteData {
    expect_context::<SiteData>()
}
