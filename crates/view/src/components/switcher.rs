//! The language switcher: IT / EN, the current language marked with
//! `aria-current`; each leads to the same page in that language, or to that
//! language's home page, saying so, when there is no translation.

use crate::current::{remember_language, use_current};
use crate::ui::lang::switch_target;
use crate::use_site;
use leptos::prelude::*;

/// The switcher.
#[component]
pub fn LangSwitcher() -> impl IntoView {
    let site = use_site();
    let current = use_current();
    let label = {
        let site = site.clone();
        move || site.t(&current.lang.get(), "language_switcher")
    };
    let entries = move || {
        let here = current.lang.get();
        site.0
            .langs
            .iter()
            .map(|language| {
                let target = current.status.with(|s| switch_target(&site.0, s.page(), &language.code));
                let code = language.code.clone();
                let is_current = code == here;
                let note = (!target.translated).then(|| site.t(&code, "translation_missing"));
                let aria_label = note.clone().map(|n| format!("{} – {n}", code.to_ascii_uppercase()));
                let remember = code.clone();
                view! {
                    <li>
                        <a
                            href=target.url
                            hreflang=code.clone()
                            lang=code.clone()
                            aria-current=is_current.then_some("true")
                            aria-label=aria_label
                            title=note
                            class=if target.translated { "lang-link" } else { "lang-link untranslated" }
                            on:click=move |_| remember_language(&remember)
                        >
                            {code.to_ascii_uppercase()}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <nav class="lang-switcher" aria-label=label>
            <ul>{entries}</ul>
        </nav>
    }
}
