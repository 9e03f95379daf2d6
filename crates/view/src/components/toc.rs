//! A table of contents of the body's h2–h4: links jump to the headings'
//! ids, and the section being read is highlighted while scrolling.

use super::bool_str;
use crate::model::TocEntry;
use crate::use_site;
use leptos::prelude::*;

/// How far below the top of the viewport a heading may be and still count
/// as reached (a deep link's `:target` heading stops 1rem below the top).
const READ_LINE: f64 = 24.0;

/// The section being read: the last heading whose top has reached the top
/// of the viewport, or, once the page is scrolled to its end, the last
/// heading in sight (the last sections can never reach the top).
fn current_heading(ids: &[String]) -> Option<String> {
    let document = document();
    let window = window();
    let tops: Vec<(&String, f64)> = ids
        .iter()
        .filter_map(|id| {
            let element = document.get_element_by_id(id)?;
            Some((id, element.get_bounding_client_rect().top()))
        })
        .collect();
    let height = viewport_height();
    let scrolled = window.scroll_y().unwrap_or(0.0);
    let at_end = document.document_element().is_some_and(|root| {
        scrolled > 0.0 && scrolled + height >= f64::from(root.scroll_height()) - 2.0
    });
    let line = if at_end { height } else { READ_LINE };
    tops.iter()
        .rfind(|(_, top)| *top <= line)
        .or(tops.first())
        .map(|(id, _)| (*id).clone())
}

/// The contents box.
#[component]
pub fn Toc(entries: Vec<TocEntry>, lang: String) -> impl IntoView {
    let site = use_site();
    let ids: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
    let active = RwSignal::new(ids.first().cloned());
    // A heading chosen in the contents stays current while the page scrolls
    // to it (the scroll may be smooth, and may stop short of the top when the
    // heading is near the end): it is pinned until that scroll ends. Read
    // untracked only; a signal of the same type as `active` costs no code,
    // where a `StoredValue` cost 361 bytes of gzipped wasm.
    let pinned = RwSignal::new(None::<String>);
    let update = {
        let ids = ids.clone();
        move || {
            let now = current_heading(&ids);
            if active.get_untracked() != now {
                active.set(now);
            }
        }
    };
    // Listening starts in the browser only (effects do not run when the
    // page is rendered to static HTML) and stops with the component.
    Effect::new(move |_| {
        let on_scroll = {
            let update = update.clone();
            window_event_listener(leptos::ev::scroll, move |_| {
                if pinned.with_untracked(Option::is_none) {
                    update();
                }
            })
        };
        let update = update.clone();
        let on_scroll_end =
            window_event_listener_untyped("scrollend", move |_| match pinned.get_untracked() {
                Some(id) if in_sight(&id) => pinned.set(None),
                _ => {
                    pinned.set(None);
                    update();
                }
            });
        on_cleanup(move || {
            on_scroll.remove();
            on_scroll_end.remove();
        });
    });
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
                    pinned.set(Some(id.clone()));
                    active.set(Some(id.clone()));
                    jump_to(&id);
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

/// The window's inner height in CSS pixels.
fn viewport_height() -> f64 {
    window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0)
}

/// Whether the element with `id` is in the viewport.
fn in_sight(id: &str) -> bool {
    let height = viewport_height();
    document().get_element_by_id(id).is_some_and(|e| {
        let rect = e.get_bounding_client_rect();
        rect.bottom() > 0.0 && rect.top() < height
    })
}

/// Puts the heading's id in the URL as a new history entry, then scrolls to
/// the heading and focuses it: Back returns to where the visitor was, as
/// after a link to a heading (the entry is added first, so that the one
/// left keeps the place the visitor jumped from).
fn jump_to(id: &str) {
    let Some(heading) = crate::dom::find_id(id) else {
        return;
    };
    let url = format!("#{id}");
    let _ = window()
        .history()
        .map(|h| h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url)));
    heading.scroll_into_view();
    crate::dom::focus_element(heading, true);
}
