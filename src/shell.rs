//! The app around the shared frame ([`tdt_view::frame`]): the router, the
//! controller, and prefetching.

use crate::controller;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};
use tdt_view::frame::Frame;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The app: router, controller, frame.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Shell/>
        </Router>
    }
}

#[component]
fn Shell() -> impl IntoView {
    let current = controller::provide();
    let site = tdt_view::use_site();
    crate::focus::after_render(current);
    complete_navigations();
    install_prefetch(site.0.shard_bits);
    view! { <Frame/> }
}

/// The site has one route, so the router's `Routes` (about 31 KB of wasm,
/// gzip) is left out: the main area follows the location itself. `Routes`
/// also told the router that a new path was rendered, which puts it in the
/// address bar and history; this does the same on every path change.
fn complete_navigations() {
    let location = use_location();
    let provider = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(provider) = &provider {
            provider.ready_to_complete();
        }
    });
}

/// Prefetches the JSON of a site link on hover, focus or touch, and starts
/// loading the whole stylesheet (see [`crate::styles`]).
fn install_prefetch(shard_bits: u32) {
    let handler = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let anchor = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        let Some(anchor) = anchor else { return };
        let href = anchor.get_attribute("href").unwrap_or_default();
        let external = anchor
            .get_attribute("rel")
            .is_some_and(|r| r.split(' ').any(|p| p == "external"));
        if href.starts_with('/') && !href.starts_with("//") && !external {
            crate::data::prefetch(&href, shard_bits);
            // The next page may need rules this page's inline ones lack.
            let _ = crate::styles::whole();
        }
    });
    let document = document();
    for event in ["pointerover", "focusin", "touchstart"] {
        let _ = document.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    }
    handler.forget();
}

/// The site file could not be loaded: a message in the path's language and
/// a retry that starts the app again.
pub fn show_boot_error() {
    let document = document();
    let path = window().location().pathname().unwrap_or_default();
    // No site file, so no language list: the page's own `lang` (prerendered
    // pages carry it), else the path's first segment.
    let page_lang = document
        .document_element()
        .and_then(|e| e.get_attribute("lang"))
        .unwrap_or_default();
    let english =
        page_lang == "en" || tdt_model::route::lang_of(&path, &["it", "en"]) == Some("en");
    let (text, retry) = if english {
        (
            "The site could not be loaded. Check your connection and try again.",
            "Try again",
        )
    } else {
        (
            "Non è stato possibile caricare il sito. Controlla la connessione e riprova.",
            "Riprova",
        )
    };
    let Some(body) = document.body() else { return };
    body.set_inner_html("");
    let Ok(main) = document.create_element("main") else {
        return;
    };
    main.set_class_name("container my-4");
    main.set_id("main");
    let html = format!(
        "<div class=\"error-box\" role=\"alert\"><p>{text}</p><button type=\"button\" class=\"retry\">{retry}</button></div>"
    );
    main.set_inner_html(&html);
    let _ = body.append_child(&main);
    let _ = document
        .document_element()
        .map(|e| e.set_attribute("lang", if english { "en" } else { "it" }));
    if let Ok(Some(button)) = main.query_selector("button") {
        let on_click = Closure::<dyn Fn()>::new(|| {
            wasm_bindgen_futures::spawn_local(crate::boot_again());
        });
        let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
    }
}
