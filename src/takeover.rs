//! How the app takes over the page on screen without painting it again.
//!
//! A prerendered page is hydrated: once its entry has been fetched (the
//! static page stays on screen meanwhile), the app renders that entry
//! against the page's own nodes and adopts them (`hydrate_body`) instead of
//! making new ones. Nothing is painted anew, so the browser sees no new
//! candidate for largest contentful paint, and focus, scroll, selection and
//! typed text stay where they are, on the same elements. What the app's
//! handlers could not see before then is caught up once hydrated: a photo
//! that failed to load (here), a search box already focused and the job
//! form (their components).
//!
//! What cannot be hydrated is rendered off screen instead: `404.html`, the
//! pages that send visitors on and the bare shell (a host's SPA fallback)
//! have none of the app's nodes. The app is mounted in a detached element
//! while the static HTML stays on screen, and once its first page is
//! rendered (not while it is still loading) its nodes replace the static
//! ones in one step, before the next frame is painted, with the focus moved
//! to the same place (on a page without prerendered content at once: the
//! app's loading state is better than the bare shell).

use crate::model::{Entry, Site};
use leptos::prelude::*;
use std::cell::RefCell;
use std::sync::Arc;
use tdt_view::SiteData;
use tdt_view::components::people::PHOTO_FALLBACK;
use tdt_view::current::Status;
use wasm_bindgen::JsCast;

thread_local! {
    /// The detached element the app renders into until [`take_over`].
    static STAGED: RefCell<Option<web_sys::HtmlElement>> = const { RefCell::new(None) };
    /// The entry of the page hydrated, until the controller has shown it.
    static FIRST: RefCell<Option<Arc<Entry>>> = const { RefCell::new(None) };
}

/// The entry of the page on screen when it can be hydrated: the document is
/// a prerendered page (see [`static_page_shown`]) and the entry of its path
/// is that page, shown as it is (not a page that sends visitors on).
pub async fn hydratable(site: &Site) -> Option<Arc<Entry>> {
    if !static_page_shown() {
        return None;
    }
    let path = window().location().pathname().ok()?;
    let key = crate::route::normalize(&path).filter(|key| key != "/")?;
    let entry = crate::data::entry(&key, site.shard_bits).await.ok()?;
    let page = entry.page()?;
    let heading = document()
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|h| h.text_content());
    let same = page.redirect_to.is_none() && heading.as_deref() == Some(page.title.as_str());
    same.then_some(entry)
}

/// Hydrates the page on screen with the app showing `entry` (from
/// [`hydratable`]), then catches up on what the app's handlers missed.
pub fn hydrate(site: Arc<Site>, entry: Arc<Entry>) {
    FIRST.with(|first| *first.borrow_mut() = Some(entry));
    tdt_view::set_hydrating(true);
    leptos::mount::hydrate_body(move || {
        provide_context(SiteData(site));
        view! { <crate::shell::App/> }
    });
    tdt_view::set_hydrating(false);
    failed_photos();
}

/// What the controller shows first: the hydrated page, else loading.
pub fn first_status() -> Status {
    FIRST
        .with(|first| first.borrow().clone())
        .map_or(Status::Loading, Status::Ready)
}

/// Whether `entry` is the page hydrated at boot, the first time the
/// controller is about to show an entry: then it is on screen already.
pub fn adopted(entry: &Arc<Entry>) -> bool {
    FIRST
        .with(|first| first.borrow_mut().take())
        .is_some_and(|first| Arc::ptr_eq(&first, entry))
}

/// Photos that failed to load before the app was there to see it get the
/// silhouette, as the photo's own error handler gives it afterwards.
fn failed_photos() {
    let Ok(photos) = document().query_selector_all("img.person-photo") else {
        return;
    };
    for i in 0..photos.length() {
        let photo = photos
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlImageElement>().ok());
        let failed =
            photo.filter(|p| p.complete() && p.natural_width() == 0 && p.src() != PHOTO_FALLBACK);
        if let Some(photo) = failed {
            photo.set_src(PHOTO_FALLBACK);
        }
    }
}

/// A new detached element to mount the app in, kept for [`take_over`].
pub fn stage() -> web_sys::HtmlElement {
    let staged: web_sys::HtmlElement = document()
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into().ok())
        .expect("a document can create a div");
    STAGED.with(|s| *s.borrow_mut() = Some(staged.clone()));
    staged
}

/// Whether the server sent this page's own HTML (a prerendered page has the
/// site's header; the bare app shell, which a host with an SPA fallback
/// sends for every path, `404.html` and the pages that send visitors on
/// have not): only then is it worth keeping on screen while the app gets
/// ready.
pub fn static_page_shown() -> bool {
    document()
        .query_selector("body > header")
        .ok()
        .flatten()
        .is_some()
}

/// Replaces the body's children with the staged ones, if the app was
/// rendered off screen and not swapped in yet, and marks the app ready
/// (`<html data-app="ready">`).
pub fn take_over() {
    let document = document();
    let staged = STAGED.with(|s| s.borrow_mut().take());
    if let (Some(staged), Some(body)) = (staged, document.body()) {
        let focused = focus_path(&document, &body);
        let nodes = js_sys::Array::from(&staged.child_nodes());
        body.replace_children_with_node(&nodes);
        if let Some(path) = focused {
            refocus(&body, &path);
        }
    }
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("data-app", "ready");
    }
}

/// Where the focused element is under `body`, as child indices.
fn focus_path(document: &web_sys::Document, body: &web_sys::HtmlElement) -> Option<Vec<u32>> {
    let mut node: web_sys::Node = document.active_element()?.into();
    let body: &web_sys::Node = body.as_ref();
    let mut path = Vec::new();
    while !node.is_same_node(Some(body)) {
        let parent = node.parent_node()?;
        let siblings = parent.child_nodes();
        let index = (0..siblings.length()).find(|&i| {
            siblings
                .item(i)
                .is_some_and(|n| n.is_same_node(Some(&node)))
        })?;
        path.push(index);
        node = parent;
    }
    path.reverse();
    (!path.is_empty()).then_some(path)
}

/// Focuses the element at `path` under `body`, without scrolling.
fn refocus(body: &web_sys::HtmlElement, path: &[u32]) {
    let mut node: web_sys::Node = body.clone().into();
    for &index in path {
        match node.child_nodes().item(index) {
            Some(child) => node = child,
            None => return,
        }
    }
    if let Ok(element) = node.dyn_into::<web_sys::HtmlElement>() {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    }
}
