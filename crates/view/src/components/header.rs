//! The header: site title linking home, the language switcher, and the main
//! navigation (collapsed behind a menu button on small screens; Escape
//! closes it), with the current page or its parent marked by `aria-current`.

use super::bool_str;
use super::search::SearchBox;
use super::switcher::LangSwitcher;
use crate::current::use_current;
use crate::model::NavItem;
use crate::route::normalize;
use crate::use_site;
use leptos::prelude::*;

/// `aria-current` of a navigation entry: `page` for the page shown, `true`
/// for the parent of the page shown.
pub fn nav_current(
    item_url: &str,
    page_url: Option<&str>,
    parent_url: Option<&str>,
) -> Option<&'static str> {
    let item = normalize(item_url);
    if page_url.and_then(normalize) == item {
        Some("page")
    } else if parent_url.and_then(normalize) == item {
        Some("true")
    } else {
        None
    }
}

/// The id of the menu button (shown below lg).
const MENU_BUTTON: &str = "main-nav-button";

/// The site header.
#[component]
pub fn Header() -> impl IntoView {
    let site = use_site();
    let current = use_current();
    let open = RwSignal::new(false);
    // A new page closes the menu.
    Effect::new(move |_| {
        current.status.track();
        open.set(false);
    });
    // Escape in the open menu closes it and gives the focus to its button.
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            crate::dom::focus_id(MENU_BUTTON);
        }
    };
    let lang = current.lang;
    let (home, title, menu, nav_label, items) = {
        let (s1, s2, s3, s4, s5) = (
            site.clone(),
            site.clone(),
            site.clone(),
            site.clone(),
            site.clone(),
        );
        (
            move || s1.with_language(&lang.get(), |l| l.home.clone()),
            move || s2.with_language(&lang.get(), |l| l.title.clone()),
            move || s3.t(&lang.get(), "menu"),
            move || s4.t(&lang.get(), "main_navigation"),
            move || s5.with_language(&lang.get(), |l| Some(nav_items(&l.nav, current))),
        )
    };
    view! {
        <header class="it-header-wrapper">
            <div class="it-header-center-wrapper">
                <div class="container">
                    <div class="it-header-center-content-wrapper">
                        <a class="it-brand-wrapper" href=home>
                            <div class="it-brand-text">
                                <div class="it-brand-title">{title}</div>
                            </div>
                        </a>
                        <SearchBox/>
                        <LangSwitcher/>
                    </div>
                </div>
            </div>
            <div class="it-header-navbar-wrapper">
                <div class="container">
                    <nav class="navbar navbar-expand-lg" aria-label=nav_label on:keydown=close_on_escape>
                        <button
                            type="button"
                            class="custom-navbar-toggler"
                            id=MENU_BUTTON
                            aria-expanded=move || bool_str(open.get())
                            aria-controls="main-nav"
                            on:click=move |_| open.update(|o| *o = !*o)
                        >
                            <span aria-hidden="true">"☰ "</span>
                            {menu}
                        </button>
                        <div class=move || if open.get() { "navbar-collapse show" } else { "navbar-collapse" } id="main-nav">
                            <ul class="navbar-nav">{items}</ul>
                        </div>
                    </nav>
                </div>
            </div>
        </header>
    }
}

fn nav_items(items: &[NavItem], current: crate::current::Current) -> impl IntoView + use<> {
    let (page_url, parent_url) = current.status.with(|s| {
        s.page()
            .map(|p| {
                (
                    Some(p.url.clone()),
                    p.parent.as_ref().map(|l| l.url.clone()),
                )
            })
            .unwrap_or_default()
    });
    let entry = move |item: &NavItem| {
        let aria =
            nav_current(&item.url, page_url.as_deref(), parent_url.as_deref()).or_else(|| {
                item.children
                    .iter()
                    .find_map(|c| nav_current(&c.url, page_url.as_deref(), None))
                    .map(|_| "true")
            });
        let children = (!item.children.is_empty()).then(|| {
            let links = item
                .children
                .iter()
                .map(|c| {
                    let aria = nav_current(&c.url, page_url.as_deref(), parent_url.as_deref());
                    view! { <li><a class="nav-link" href=c.url.clone() aria-current=aria>{c.title.clone()}</a></li> }
                })
                .collect_view();
            view! { <ul class="subnav">{links}</ul> }
        });
        view! {
            <li class="nav-item">
                <a class="nav-link" href=item.url.clone() aria-current=aria>{item.title.clone()}</a>
                {children}
            </li>
        }
    };
    items.iter().map(entry).collect_view()
}
