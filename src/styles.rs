//! The whole stylesheet, added by the app when it needs it.
//!
//! Each document the preprocessor writes carries, inline, the rules of its
//! own markup and of the states the app enters on it
//! (`tdt_view::BROWSER_MARKUP`), in a `<style data-stylesheet="HREF">`
//! that names the whole file. A page's own document (`data-page`) needs
//! the file only when the visitor moves on to another page, so it is
//! loaded then (or as soon as a link is hovered or focused); any other
//! document (`index.html`, `404.html`, the SPA fallback) shows another
//! page first, so the file is loaded at boot. A document without that
//! `<style>` already links the whole file.

use leptos::prelude::document;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where the whole stylesheet stands.
enum Sheet {
    /// Not asked for yet.
    Unasked,
    /// Being loaded: settles with the `load` or `error` event.
    Loading(js_sys::Promise),
    /// In the document (or never needed).
    Loaded,
}

thread_local! {
    static SHEET: RefCell<Sheet> = const { RefCell::new(Sheet::Unasked) };
}

/// The inline rules' element, when the document has one.
fn inline_rules() -> Option<web_sys::Element> {
    document().query_selector("style[data-stylesheet]").ok()?
}

/// At boot: loads the file at once when the document is not a page's own.
pub fn at_boot() {
    if inline_rules().is_some_and(|style| !style.has_attribute("data-page")) {
        let _ = whole();
    }
}

/// What to wait for before showing a view: nothing for the first view of a
/// page's own document (its inline rules cover it), else [`whole`].
pub fn before_showing(first_view: bool) -> Option<impl Future<Output = ()>> {
    // Only the first view asks the document (once, not on every navigation).
    if first_view && inline_rules().is_some_and(|style| style.has_attribute("data-page")) {
        None
    } else {
        whole()
    }
}

/// Starts loading the whole stylesheet once; what settles when it has
/// loaded (or failed), or `None` when it is already in the document. A
/// failed load is taken out, so that the next call tries again.
pub fn whole() -> Option<impl Future<Output = ()>> {
    let promise = SHEET.with(|sheet| {
        let mut sheet = sheet.borrow_mut();
        if matches!(*sheet, Sheet::Unasked) {
            *sheet = add_link().map_or(Sheet::Loaded, Sheet::Loading);
        }
        match &*sheet {
            Sheet::Loading(promise) => Some(promise.clone()),
            _ => None,
        }
    })?;
    Some(async move {
        let event = JsFuture::from(promise.clone()).await;
        let failed = failed_link(event);
        if let Some(link) = &failed {
            link.remove();
        }
        SHEET.with(|sheet| {
            let mut sheet = sheet.borrow_mut();
            // Settle only the load awaited (a later one may have started).
            if matches!(&*sheet, Sheet::Loading(current) if JsValue::from(current) == JsValue::from(&promise)) {
                *sheet = if failed.is_some() {
                    Sheet::Unasked
                } else {
                    Sheet::Loaded
                };
            }
        });
    })
}

/// The `<link>` whose load the event says failed.
fn failed_link(event: Result<JsValue, JsValue>) -> Option<web_sys::Element> {
    let event = event.ok()?.dyn_into::<web_sys::Event>().ok()?;
    if event.type_() != "error" {
        return None;
    }
    event.target()?.dyn_into::<web_sys::Element>().ok()
}

/// Appends the `<link>` the inline rules name; the promise of its load.
fn add_link() -> Option<js_sys::Promise> {
    let style = inline_rules()?;
    let href = style.get_attribute("data-stylesheet")?;
    let document = document();
    let link = document
        .create_element("link")
        .ok()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()?;
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", &href);
    if let Some(integrity) = style.get_attribute("data-integrity") {
        let _ = link.set_attribute("integrity", &integrity);
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        link.set_onload(Some(resolve.unchecked_ref()));
        link.set_onerror(Some(resolve.unchecked_ref()));
    });
    document.head()?.append_with_node_1(&link).ok()?;
    Some(promise)
}
