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

/// Starts the app: panic hook, site file, then mount.
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
