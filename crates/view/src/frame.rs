//! The frame of every page: skip link, header, the main area, footer and
//! the live region that announces in-app page changes, as the static HTML
//! has it and the app shows it (the app hydrates it: the two must match).

use crate::components::{footer::Footer, header::Header};
use crate::current::{Current, Status, use_current};
use crate::layouts::MainContent;
use crate::{SiteData, use_site};
use leptos::prelude::*;

/// Skip link, header, main area, footer, live region.
#[component]
pub fn Frame() -> impl IntoView {
    let current = use_current();
    let site = use_site();
    let skip_text = {
        let site = site.clone();
        move || site.t(&current.lang.get(), "skip_to_content")
    };
    view! {
        <a class="skiplink visually-hidden-focusable" href="#main" on:click=skip_to_main>{skip_text}</a>
        <Header/>
        <main id="main" tabindex="-1" class="container my-4">
            <MainContent/>
        </main>
        <Footer/>
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" id="announcer">
            {move || announce_text(&site, current)}
        </div>
    }
}

fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    crate::dom::focus_selector("#main", false);
}

/// What the live region says: nothing for the first page (the static page
/// and the app agree), then each page the visitor moves to.
fn announce_text(site: &SiteData, current: Current) -> String {
    if current.shown.get() < 2 {
        return String::new();
    }
    current.status.with(|s| match s {
        Status::Ready(_) => s
            .page()
            .map(|p| format!("{}: {}", site.t(&p.lang, "page_loaded"), p.title))
            .unwrap_or_default(),
        Status::NotFound => site.t(&current.lang.get_untracked(), "not_found_title"),
        Status::Failed => site.t(&current.lang.get_untracked(), "load_error"),
        Status::Loading => String::new(),
    })
}
