//! The job-conditions accordion (WAI-ARIA accordion pattern): each title a
//! `<button>` in a heading with `aria-expanded` and `aria-controls`; Enter
//! and Space toggle (native buttons), arrows, Home and End move the focus.

use super::bool_str;
use crate::text::ACCORDION_TOPICS;
use crate::ui::accordion::{Accordion, focus_target};
use crate::use_site;
use leptos::prelude::*;

/// The seven topics of the working conditions, texts from the strings file.
#[component]
pub fn JobsAccordion(lang: String) -> impl IntoView {
    let site = use_site();
    let count = ACCORDION_TOPICS.len();
    let state = RwSignal::new(Accordion::new(count));
    let items = ACCORDION_TOPICS
        .iter()
        .enumerate()
        .map(|(i, topic)| {
            let button_id = title_button_id(topic);
            let panel_id = format!("{topic}-panel");
            let on_key = move |ev: leptos::ev::KeyboardEvent| {
                if let Some(target) = focus_target(&ev.key(), i, count) {
                    ev.prevent_default();
                    crate::dom::focus_id(&title_button_id(ACCORDION_TOPICS[target]));
                }
            };
            view! {
                <h3 class="jobs-accordion-heading">
                    <button
                        type="button"
                        class="jobs-accordion-button"
                        id=button_id.clone()
                        aria-expanded=move || bool_str(state.with(|s| s.is_open(i)))
                        aria-controls=panel_id.clone()
                        on:click=move |_| state.update(|s| s.toggle(i))
                        on:keydown=on_key
                    >
                        {site.t(&lang, &format!("{topic}_title"))}
                    </button>
                </h3>
                <div
                    class="jobs-accordion-panel"
                    role="region"
                    id=panel_id
                    aria-labelledby=button_id
                    hidden=move || !state.with(|s| s.is_open(i))
                >
                    <p>{site.t(&lang, &format!("{topic}_text"))}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="jobs-accordion" aria-label=site.t(&lang, "jobs_accordion_label")>
            {items}
        </section>
    }
}

/// The id of topic `topic`'s title button (the arrow keys focus it by id).
fn title_button_id(topic: &str) -> String {
    format!("{topic}-button")
}
