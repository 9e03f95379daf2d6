//! What the frame shows: the [`Status`] of the main area and the signals
//! around it, shared through context. The app's controller drives them from
//! the URL; the preprocessor sets them once for the page it renders.

use crate::model::{Entry, Page};
use leptos::prelude::*;
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

/// The signals of what is shown, shared through context.
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

impl Current {
    /// Signals around `status`, in the language `lang` gives.
    pub fn new(status: RwSignal<Status>, lang: Memo<String>, preview: bool) -> Self {
        Self {
            status,
            retry: RwSignal::new(0),
            preview: RwSignal::new(preview),
            lang,
            shown: RwSignal::new(0),
        }
    }

    /// One page, shown from the start (static rendering).
    pub fn fixed(page: Page) -> Self {
        let lang = page.lang.clone();
        let status = RwSignal::new(Status::Ready(Arc::new(Entry::Page(Box::new(page)))));
        Self::new(status, Memo::new(move |_| lang.clone()), false)
    }
}

/// The signals from context.
pub fn use_current() -> Current {
    expect_context::<Current>()
}

const LANG_KEY: &str = "tdt-lang";

/// The language the visitor chose last (from the switcher), if any.
pub fn remembered_language() -> Option<String> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
}

/// Remembers the visitor's choice of language (from the switcher).
pub fn remember_language(lang: &str) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(LANG_KEY, lang);
    }
}
