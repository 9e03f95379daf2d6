//! The page controller: follows the URL, looks the path up (memory first,
//! else one fetch), and decides what is shown. Stale answers are ignored,
//! redirects replace the URL, and a failure leaves a retry, never a blank.

use super::data::{self, FetchError};
use super::{SiteData, head, use_site};
use crate::model::{Entry, Page};
use crate::route;
use crate::ui::nav::{self, Action};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use std::sync::Arc;

/// What the main area shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Waiting for the page's JSON.
    Loading,
    /// The page (an `Entry::Page`).
    Ready(Arc<Entry>),
    /// No page at this path.
    NotFound,
    /// The JSON could not be had; a retry may work.
    Failed,
}

impl Status {
    /// The page, when one is shown.
    pub fn page(&self) -> Option<&Page> {
        match self {
            Status::Ready(entry) => entry.page(),
            _ => None,
        }
    }
}

/// The controller's signals, shared through context.
#[derive(Clone, Copy)]
pub struct Current {
    /// What is shown.
    pub status: RwSignal<Status>,
    /// Bumped by the retry button.
    pub retry: RwSignal<u32>,
    /// Preview mode (`?preview` once in this tab, or a debug build).
    pub preview: RwSignal<bool>,
    /// The language of what is shown.
    pub lang: Memo<String>,
    /// Counts the pages shown, to tell the first one from in-app navigation.
    pub shown: RwSignal<u32>,
}

/// The controller from context.
pub fn use_current() -> Current {
    expect_context::<Current>()
}

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
    let status = RwSignal::new(Status::Loading);
    let preview = RwSignal::new(stored_preview());
    let path = location.pathname;
    let lang = Memo::new({
        let site = site.clone();
        move |_| {
            status
                .with(|s| s.page().map(|p| p.lang.clone()))
                .unwrap_or_else(|| {
                    route::lang_of(&path.get(), &site.codes())
                        .map_or_else(|| site.default_lang(), str::to_string)
                })
        }
    });
    let current = Current {
        status,
        retry: RwSignal::new(0),
        preview,
        lang,
        shown: RwSignal::new(0),
    };
    provide_context(current);
    follow_location(current, site.clone());
    keep_head(current, site);
    current
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
        if path == "/" || path.is_empty() {
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
        let Some(key) = route::normalize(&path) else {
            current.status.set(Status::NotFound);
            return;
        };
        let file = route::entry_file(&key);
        let apply = {
            let navigate = navigate.clone();
            move |result: Result<Arc<Entry>, FetchError>| apply(current, &navigate, result, &tail)
        };
        match data::cached(&file) {
            Some(result) => apply(result),
            None => {
                current.status.set(Status::Loading);
                let bits = site.0.shard_bits;
                leptos::task::spawn_local(async move {
                    let result = data::entry(&key, bits).await;
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
    tail: &str,
) {
    let entry = match result {
        Ok(entry) => entry,
        Err(FetchError::NotFound) => return current.status.set(Status::NotFound),
        Err(FetchError::Failed) => return current.status.set(Status::Failed),
    };
    match nav::action(&entry, tail, current.preview.get_untracked()) {
        Action::Show => current.status.set(Status::Ready(entry)),
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

const LANG_KEY: &str = "tdt-lang";

/// The language `/` opens (see [`crate::ui::lang::pick`]).
fn choose_language(site: &SiteData) -> String {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let browser: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    crate::ui::lang::pick(&site.codes(), stored.as_deref(), &browser)
}

/// Remembers the visitor's choice of language (from the switcher).
pub fn remember_language(lang: &str) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(LANG_KEY, lang);
    }
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
