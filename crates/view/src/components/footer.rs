//! The footer: the site title and the date of the page's last change, in
//! the page's language and date format.

use crate::current::use_current;
use crate::text::format_date;
use crate::use_site;
use leptos::prelude::*;

/// The site footer.
#[component]
pub fn Footer() -> impl IntoView {
    let site = use_site();
    let current = use_current();
    let title = {
        let site = site.clone();
        move || {
            let lang = current.lang.get();
            site.0
                .langs
                .iter()
                .find(|l| l.code == lang)
                .map(|l| l.title.clone())
                .unwrap_or_default()
        }
    };
    let last_update = move || {
        let lang = current.lang.get();
        let date = current
            .status
            .with(|s| s.page().and_then(|p| p.last_modified.clone()))?;
        Some(view! {
            <p class="last-update">{site.t(&lang, "last_update")} ": " {format_date(&lang, &date)}</p>
        })
    };
    view! {
        <footer class="it-footer">
            <div class="it-footer-main">
                <div class="container">
                    <p class="footer-title">{title}</p>
                    {last_update}
                </div>
            </div>
        </footer>
    }
}
