//! A project timeline: an ordered list; entries still to come are marked in
//! text for screen readers, not by colour alone.

use crate::model::TimelineEntry;
use crate::use_site;
use leptos::prelude::*;

/// The timeline entries, in the author's order.
#[component]
pub fn Timeline(entries: Vec<TimelineEntry>, lang: String) -> impl IntoView {
    let site = use_site();
    let (done, todo) = (
        site.t(&lang, "timeline_done"),
        site.t(&lang, "timeline_todo"),
    );
    let items = entries
        .into_iter()
        .map(|entry| {
            let class = if entry.todo {
                "timeline-entry todo"
            } else {
                "timeline-entry done"
            };
            let state = if entry.todo {
                todo.clone()
            } else {
                done.clone()
            };
            let desc = entry
                .desc
                .map(|html| view! { <div class="timeline-desc" inner_html=html></div> });
            view! {
                <li class=class>
                    <span class="timeline-marker" aria-hidden="true"></span>
                    <div class="timeline-period">{entry.period}</div>
                    <div class="timeline-title">
                        {entry.title}
                        <span class="visually-hidden">" (" {state} ")"</span>
                    </div>
                    {desc}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="timeline-section" aria-labelledby="timeline-title">
            <h2 id="timeline-title" class="timeline-heading">{site.t(&lang, "timeline_title")}</h2>
            <ol class="timeline" id="timeline">{items}</ol>
        </section>
    }
}
