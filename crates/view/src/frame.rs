//! The frame of every page: skip link, header, the main area and footer, as
//! the static HTML has it and the app shows it.

use crate::components::{footer::Footer, header::Header};
use crate::current::use_current;
use crate::layouts::MainContent;
use crate::use_site;
use leptos::prelude::*;

/// Skip link, header, main area, footer.
#[component]
pub fn Frame() -> impl IntoView {
    let current = use_current();
    let site = use_site();
    let skip_text = move || site.t(&current.lang.get(), "skip_to_content");
    view! {
        <a class="skiplink visually-hidden-focusable" href="#main" on:click=skip_to_main>{skip_text}</a>
        <Header/>
        <main id="main" tabindex="-1" class="container my-4">
            <MainContent/>
        </main>
        <Footer/>
    }
}

fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    crate::dom::focus_selector("#main", false);
}
