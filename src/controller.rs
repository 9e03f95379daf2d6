//! The page controller: follows the URL, looks the path up (memory first,
//! else one fetch), and decides what is shown. Stale answers are ignored,
//! redirects replace the URL, and a failure leaves a retry, never a blank.

use crate::data::{self, FetchError};
use crate::head;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use std::sync::Arc;
use tdt_model::model::Entry;
use tdt_model::route;
use tdt_model::ui::nav::{self, Action};
use tdt_view::current::remembered_language;
pub use tdt_view::current::{Current, Status, remember_language, use_current};
use tdt_view::{SiteData, use_site};

const PREVIEW_KEY: &str = "tdt-preview";

fn stored_preview() -> bool {
    cfg!(debug_assertions)
        || window()
            .session_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(PREVIEW_KEY).ok().flatten())
            .is_some()
}

fn store_preview() {
    if let Some(storage) = window().session_storage().ok().flatten() {
        let _ = storage.set_item(PREVIEW_KEY, "1");
    }
}

/// Creates the controller and provides it as context.
pub fn provide() -> Current {
    let site = use_site();
    let location = use_location();
    let status = RwSignal::new(crate::takeover::first_status());
    let path = location.pathname;
    let lang = Memo::new({
        let site = site.clone();
        move |_| {
            status
                .with(|s| s.page().map(|p| p.lang.clone()))
                .unwrap_or_else(|| {
                    route::lang_of(&path.get(), &site.codes())
                        .map_or_else(|| choose_language(&site), str::to_string)
                })
        }
    });
    let current = Current::new(status, lang, stored_preview());
    provide_context(current);
    follow_location(current, site.clone());
    keep_head(current, site);
    current
}

/// Offline with the service worker in charge: it has the offline page.
fn worker_offline() -> bool {
    let navigator = window().navigator();
    let controller = js_sys::Reflect::get(&navigator, &"serviceWorker".into())
        .and_then(|workers| js_sys::Reflect::get(&workers, &"controller".into()));
    !navigator.on_line() && controller.is_ok_and(|c| c.is_object())
}

/// Looks up every new path.
fn follow_location(current: Current, site: SiteData) {
    let location = use_location();
    let navigate = use_navigate();
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let path = location.pathname.get();
        let search = location.search.get();
        current.retry.track();
        if nav::wants_preview(&search) && !current.preview.get_untracked() {
            store_preview();
            current.preview.set(true);
        }
        let hash = location.hash.get_untracked();
        let tail = tail(&search, &hash);
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        // A newer build is live: this navigation loads the page in full.
        if this > 1 && data::deploy::stale() {
            return data::deploy::load(&format!("{path}{tail}"));
        }
        let Some(key) = route::normalize(&path) else {
            current.status.set(Status::NotFound);
            return;
        };
        if key == "/" {
            let lang = choose_language(&site);
            navigate(
                &format!("/{lang}/{tail}"),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
            return;
        }
        let file = route::entry_file(&key);
        let apply = {
            let navigate = navigate.clone();
            let path = path.clone();
            move |result: Result<Arc<Entry>, FetchError>| {
                apply(current, &navigate, result, &path, &tail, this == 1)
            }
        };
        let styles = crate::styles::before_showing(this == 1);
        let cached = data::cached(&file);
        if this > 1 && cached.is_some() {
            // Nothing fetched: ask whether a newer build is live.
            data::deploy::check();
        }
        match cached {
            Some(result) if styles.is_none() => apply(result),
            cached => {
                if cached.is_none() {
                    current.status.set(Status::Loading);
                }
                let bits = site.0.shard_bits;
                leptos::task::spawn_local(async move {
                    let result = match cached {
                        Some(result) => result,
                        None => data::entry(&key, bits).await,
                    };
                    if let Some(styles) = styles {
                        styles.await;
                    }
                    if generation.get_value() == this {
                        apply(result);
                    }
                });
            }
        }
    });
}

fn tail(search: &str, hash: &str) -> String {
    let search = search.trim_start_matches('?');
    let hash = hash.trim_start_matches('#');
    let mut tail = String::new();
    if !search.is_empty() {
        tail.push('?');
        tail.push_str(search);
    }
    if !hash.is_empty() {
        tail.push('#');
        tail.push_str(hash);
    }
    tail
}

fn apply(
    current: Current,
    navigate: &impl Fn(&str, NavigateOptions),
    result: Result<Arc<Entry>, FetchError>,
    path: &str,
    tail: &str,
    first: bool,
) {
    let entry = match result {
        Ok(entry) => entry,
        Err(FetchError::NotFound) => return current.status.set(Status::NotFound),
        // Offline, a page not saved: the worker's offline page says so.
        Err(FetchError::Failed) if !first && worker_offline() => {
            let _ = window().location().assign(&format!("{path}{tail}"));
            return;
        }
        Err(FetchError::Failed) => return current.status.set(Status::Failed),
        Err(FetchError::NewBuild) => return data::deploy::load(&format!("{path}{tail}")),
    };
    match nav::action(&entry, tail, current.preview.get_untracked()) {
        Action::Show => {
            if let Some(url) = entry.page().and_then(|p| nav::own_url(path, &p.url)) {
                show_own_url(&format!("{url}{tail}"));
            }
            // The page hydrated at boot is already shown: not rendered again.
            if !crate::takeover::adopted(&entry) {
                current.status.set(Status::Ready(entry));
            }
        }
        Action::Redirect(to) => navigate(
            &to,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        ),
        Action::Leave(url) => {
            let _ = window().location().replace(&url);
        }
    }
}

/// Puts the page's own URL in the address bar in place of another spelling
/// of it, without a navigation (the page shown stays as it is). The entry's
/// state is null, as the router leaves it: no navigation here sets one.
fn show_own_url(url: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// The language `/` opens (see [`tdt_model::ui::lang::pick`]), also the
/// one spoken on a path of no language while nothing is shown yet (a
/// missing page such as `/nope`, the loading view of an old URL).
fn choose_language(site: &SiteData) -> String {
    let stored = remembered_language();
    let browser: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    tdt_model::ui::lang::pick(&site.codes(), stored.as_deref(), &browser)
}

/// Keeps the document head in step with what is shown.
fn keep_head(current: Current, site: SiteData) {
    Effect::new(move |_| {
        current.status.with(|status| match status {
            Status::Ready(_) => {
                if let Some(page) = status.page() {
                    head::set_for_page(&site.0, page);
                }
            }
            Status::NotFound => {
                let lang = current.lang.get_untracked();
                head::set_for_missing(&site.0, &lang, &site.t(&lang, "not_found_title"));
            }
            Status::Loading | Status::Failed => {}
        });
    });
}
