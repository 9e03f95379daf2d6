//! A table of contents of the body's h2–h4: links jump to the headings'
//! ids, and the section being read is highlighted while scrolling.

use super::bool_str;
use crate::app::use_site;
use crate::model::TocEntry;
use leptos::prelude::*;

/// The heading at the top of the viewport: the last whose top is above it.
fn current_heading(ids: &[String]) -> Option<String> {
    let document = document();
    ids.iter()
        .rfind(|id| {
            document
                .get_element_by_id(id)
                .is_some_and(|e| e.get_bounding_client_rect().top() <= 120.0)
        })
        .or(ids.first())
        .cloned()
}

/// The contents box.
#[component]
pub fn Toc(entries: Vec<TocEntry>, lang: String) -> impl IntoView {
    let site = use_site();
    let ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
    let active = RwSignal::new(ids.first().cloned());
    let handle = window_event_listener(leptos::ev::scroll, move |_| {
        let now = current_heading(&ids);
        if active.get_untracked() != now {
            active.set(now);
        }
    });
    on_cleanup(move || handle.remove());
    let items = entries
        .into_iter()
        .map(|entry| {
            let id = entry.id.clone();
            let is_active = {
                let id = id.clone();
                move || active.with(|a| a.as_deref() == Some(id.as_str()))
            };
            let is_active_class = is_active.clone();
            let jump = {
                let id = id.clone();
                move |ev: leptos::ev::MouseEvent| {
                    ev.prevent_default();
                    jump_to(&id);
                    active.set(Some(id.clone()));
                }
            };
            view! {
                <li class=format!("toc-h{}", entry.level)>
                    <a
                        href=format!("#{id}")
                        class=move || if is_active_class() { "active" } else { "" }
                        aria-current=move || is_active().then(|| bool_str(true))
                        on:click=jump
                    >
                        {entry.text}
                    </a>
                </li>
            }
        })
        .collect_view();
    let title = site.t(&lang, "project_contents");
    let label = title.clone();
    view! {
        <nav class="toc" aria-label=label>
            <h2 class="toc-title">{title}</h2>
            <ul>{items}</ul>
        </nav>
    }
}

/// Scrolls to the heading, focuses it, and puts its id in the URL.
fn jump_to(id: &str) {
    if crate::app::layouts::scroll_to_id(id) {
        crate::app::layouts::focus_selector(&format!("[id='{}']", id.replace('\'', "\\'")), true);
        let url = format!("#{id}");
        let _ = window()
            .history()
            .map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)));
    }
}
