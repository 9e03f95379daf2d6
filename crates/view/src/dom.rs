//! DOM helpers the layouts and components share: finding an element by a
//! fragment id, scrolling to it, and moving the focus.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// Scrolls to the element with `id`, if there is one.
pub fn scroll_to_id(id: &str) -> bool {
    match find_id(id) {
        Some(element) => {
            element.scroll_into_view();
            true
        }
        None => false,
    }
}

/// The element whose id is `id` (percent-decoded), if any.
pub fn find_id(id: &str) -> Option<web_sys::Element> {
    if id.is_empty() {
        return None;
    }
    let decoded = js_sys::decode_uri_component(id)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| id.to_string());
    document().get_element_by_id(&decoded)
}

/// Focuses the first element matching `selector` (made focusable first).
pub fn focus_selector(selector: &str, prevent_scroll: bool) {
    if let Ok(Some(element)) = document().query_selector(selector) {
        focus_element(element, prevent_scroll);
    }
}

/// Focuses `element`, made focusable first if it is not.
pub fn focus_element(element: web_sys::Element, prevent_scroll: bool) {
    let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    if !element.has_attribute("tabindex") {
        let _ = element.set_attribute("tabindex", "-1");
    }
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(prevent_scroll);
    let _ = element.focus_with_options(&options);
}

/// Focuses the element whose id is `id`, if there is one (as it is: a button
/// keeps its place in the tab order).
pub fn focus_id(id: &str) {
    let element = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
