//! The browser app (wasm32 only): loads the site file, then follows the URL
//! with the page controller and shows each page in the frame and layouts of
//! `tdt-view`, the components the preprocessor rendered the static HTML with.

#![cfg(target_arch = "wasm32")]

pub use tdt_model::{json, model, route, text, ui};

pub mod controller;
pub mod data;
pub mod focus;
pub mod head;
pub mod panic;
pub mod shell;
pub mod styles;
pub mod takeover;

use leptos::prelude::*;
use std::sync::Arc;
use tdt_view::SiteData;

/// Starts the app: panic hook, site file, then hydrate or mount.
pub fn start() {
    panic::install();
    styles::at_boot();
    wasm_bindgen_futures::spawn_local(boot());
}

/// Tries again after the site file failed to load.
pub async fn boot_again() {
    boot().await;
}

async fn boot() {
    let Ok(site) = data::site().await else {
        return shell::show_boot_error();
    };
    let site = Arc::new(site);
    // A prerendered page is adopted as it is; anything else is rendered off
    // screen, and `takeover` swaps it in once the first page is rendered,
    // so the static page stays until then.
    if let Some(entry) = takeover::hydratable(&site).await {
        return takeover::hydrate(site, entry);
    }
    leptos::mount::mount_to(takeover::stage(), move || {
        provide_context(SiteData(site));
        view! { <shell::App/> }
    })
    .forget();
    if !takeover::static_page_shown() {
        takeover::take_over();
    }
}
