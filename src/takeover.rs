//! How the app takes over a page without a flash: it renders into a
//! detached element while the server's HTML stays on screen, and once the
//! first page is rendered (not while it is still loading) swaps its nodes in
//! for the static ones in one step, before the next frame is painted (on a
//! page without prerendered content, at once: the app's loading state is
//! better than the bare shell). Focus moves to the same place in the new
//! nodes, and the scroll position is kept because the page has the same
//! height.

use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    /// The detached element the app renders into until [`take_over`].
    static STAGED: RefCell<Option<web_sys::HtmlElement>> = const { RefCell::new(None) };
}

/// A new detached element to mount the app in, kept for [`take_over`].
pub fn stage() -> web_sys::HtmlElement {
    let staged: web_sys::HtmlElement = leptos::prelude::document()
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into().ok())
        .expect("a document can create a div");
    STAGED.with(|s| *s.borrow_mut() = Some(staged.clone()));
    staged
}

/// Whether the server sent this page's own HTML (a prerendered page has the
/// site's header; the bare app shell, which a host with an SPA fallback
/// sends for every path, has not): only then is it worth keeping on screen
/// while the app gets ready.
pub fn static_page_shown() -> bool {
    leptos::prelude::document()
        .query_selector("body > header")
        .ok()
        .flatten()
        .is_some()
}

/// Replaces the body's children with the staged ones and marks the app
/// ready (`<html data-app="ready">`). Does nothing once done.
pub fn take_over() {
    let Some(staged) = STAGED.with(|s| s.borrow_mut().take()) else {
        return;
    };
    let document = leptos::prelude::document();
    let (Some(body), Some(html)) = (document.body(), document.document_element()) else {
        return;
    };
    let focused = focus_path(&document, &body);
    let typed = tdt_view::components::search::typed(&body);
    let nodes = js_sys::Array::from(&staged.child_nodes());
    body.replace_children_with_node(&nodes);
    if let Some(path) = focused {
        refocus(&body, &path);
    }
    tdt_view::components::search::restore(&body, &typed);
    let _ = html.set_attribute("data-app", "ready");
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
