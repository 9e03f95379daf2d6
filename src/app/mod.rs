//! The browser app: loads the site file, then routes every path through one
//! catch-all route to the page controller, which looks the path up and shows
//! the page in its layout. Only compiled for wasm32.

pub mod components;
pub mod controller;
pub mod data;
pub mod dom;
pub mod head;
pub mod layouts;
pub mod panic;
pub mod shell;
pub mod takeover;

use crate::model::Site;
use leptos::prelude::*;
use std::sync::Arc;

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

/// Starts the app: panic hook, site file, then mount.
pub fn start() {
    panic::install();
    wasm_bindgen_futures::spawn_local(boot());
}

/// Tries again after the site file failed to load.
pub async fn boot_again() {
    boot().await;
}

async fn boot() {
    match data::site().await {
        Ok(site) => {
            // Rendered off screen; `takeover` swaps it in once the first
            // page is rendered, so the static page stays until then.
            leptos::mount::mount_to(takeover::stage(), move || {
                provide_context(SiteData(Arc::new(site)));
                view! { <shell::App/> }
            })
            .forget();
            if !takeover::static_page_shown() {
                takeover::take_over();
            }
        }
        Err(_) => shell::show_boot_error(),
    }
}
