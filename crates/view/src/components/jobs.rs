//! Lists of pages resolved at build time: open positions, closed positions
//! behind a disclosure button, and projects.

use super::bool_str;
use crate::model::ListItem;
use crate::use_site;
use leptos::prelude::*;

/// Open positions, each a link, "new" ones badged.
#[component]
pub fn JobsList(items: Vec<ListItem>, lang: String) -> impl IntoView {
    let site = use_site();
    if items.is_empty() {
        return view! { <p class="jobs-empty">{site.t(&lang, "jobs_open_none")}</p> }.into_any();
    }
    let new_label = site.t(&lang, "jobs_new");
    let rows = items
        .into_iter()
        .map(|item| {
            let badge = item
                .is_new
                .then(|| view! { " " <span class="badge bg-success">{new_label.clone()}</span> });
            view! { <li><a href=item.url>{item.title}</a>{badge}</li> }
        })
        .collect_view();
    view! { <ul class="jobs-list">{rows}</ul> }.into_any()
}

/// Closed positions behind a "see all" / "hide" disclosure button.
#[component]
pub fn JobsArchive(items: Vec<ListItem>, lang: String) -> impl IntoView {
    let site = use_site();
    let open = RwSignal::new(false);
    let closed_label = site.t(&lang, "jobs_closed");
    let rows = items
        .into_iter()
        .map(|item| {
            view! {
                <li>
                    <a href=item.url>{item.title}</a> " "
                    <span class="badge bg-secondary">{closed_label.clone()}</span>
                </li>
            }
        })
        .collect_view();
    let (show, hide) = (site.t(&lang, "jobs_show_all"), site.t(&lang, "jobs_hide"));
    view! {
        <div class="jobs-archive">
            <button
                type="button"
                class="btn btn-outline-primary btn-sm jobs-archive-toggle"
                aria-expanded=move || bool_str(open.get())
                aria-controls="jobs-archive-list"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || if open.get() { hide.clone() } else { show.clone() }}
            </button>
            <ul class="jobs-list jobs-list-archive" id="jobs-archive-list" hidden=move || !open.get()>
                {rows}
            </ul>
        </div>
    }
}

/// Project pages of a language, by title.
#[component]
pub fn ProjectsList(items: Vec<ListItem>) -> impl IntoView {
    let cards = items
        .into_iter()
        .map(|item| view! { <li class="card project-card"><a class="card-body" href=item.url>{item.title}</a></li> })
        .collect_view();
    view! { <ul class="projects-list">{cards}</ul> }
}
