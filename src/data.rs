//! Fetching the site file and page entries: one request per file, ever.
//! Entries are cached in memory (Back and Forward never fetch again), a
//! request already under way is shared (prefetch then click fetches once),
//! and a failed request is forgotten so that a retry fetches again. A file
//! of another build than the app's own is a new deploy ([`deploy`]).

pub mod deploy;

use crate::json::FromJson;
use crate::model::{Entry, Site};
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// Why a file could not be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchError {
    /// The server says there is no such file: the path names no page.
    NotFound,
    /// Network error, server error, or an answer that is not the JSON asked for.
    Failed,
    /// A file of a newer build than the app's: the page is loaded in full.
    NewBuild,
}

type Pending = Shared<LocalBoxFuture<'static, Result<Arc<Entry>, FetchError>>>;

thread_local! {
    static ENTRIES: RefCell<HashMap<String, Pending>> = RefCell::new(HashMap::new());
}

/// What a request for a JSON file got.
enum Answer<T> {
    /// The JSON, parsed.
    Json(T),
    /// HTML with a success status: a host's SPA fallback for a missing file,
    /// or something in the way (a portal, a proxy's error page).
    Html,
    /// Anything else.
    Error(FetchError),
}

/// Fetches and parses a JSON file.
async fn fetch_json<T: FromJson>(url: &str) -> Answer<T> {
    let Ok(response) = gloo_net::http::Request::get(url).send().await else {
        return Answer::Error(FetchError::Failed);
    };
    if response.status() == 404 {
        return Answer::Error(FetchError::NotFound);
    }
    let kind = response.headers().get("content-type").unwrap_or_default();
    if !response.ok() {
        return Answer::Error(FetchError::Failed);
    }
    if kind.contains("html") {
        return Answer::Html;
    }
    let Ok(text) = response.text().await else {
        return Answer::Error(FetchError::Failed);
    };
    match crate::json::from_str(&text) {
        Some(value) if kind.contains("json") => Answer::Json(value),
        // A file this app cannot read, of a newer build: the new app can.
        _ if kind.contains("json") && deploy::id_in(&text).is_some_and(deploy::seen) => {
            Answer::Error(FetchError::NewBuild)
        }
        _ => Answer::Error(FetchError::Failed),
    }
}

/// The site file.
pub async fn site() -> Result<Site, FetchError> {
    match fetch_json::<Site>(crate::route::SITE_FILE).await {
        Answer::Json(site) => {
            deploy::start(&site.build);
            Ok(site)
        }
        Answer::Html => Err(FetchError::Failed),
        Answer::Error(e) => Err(e),
    }
}

/// Fetches the entry of normalised path `key`. An HTML answer means "no
/// such file" only if the path's index shard says the site has no such
/// page; otherwise it is a failure worth a retry.
async fn fetch_entry(key: String, shard_bits: u32) -> Result<Arc<Entry>, FetchError> {
    match fetch_json::<Entry>(&crate::route::entry_file(&key)).await {
        Answer::Json(entry) if deploy::seen(entry.build()) => Err(FetchError::NewBuild),
        Answer::Json(entry) => Ok(Arc::new(entry)),
        Answer::Error(e) => Err(e),
        Answer::Html => {
            let wanted = format!("{:016x}", crate::route::hash(&key));
            match fetch_json::<Vec<String>>(&crate::route::shard_file(&key, shard_bits)).await {
                Answer::Json(present) if !present.contains(&wanted) => Err(FetchError::NotFound),
                _ => Err(FetchError::Failed),
            }
        }
    }
}

/// The entry of normalised path `key`, from memory when fetched before.
pub async fn entry(key: &str, shard_bits: u32) -> Result<Arc<Entry>, FetchError> {
    let file = crate::route::entry_file(key);
    let pending = ENTRIES.with(|entries| {
        entries
            .borrow_mut()
            .entry(file.clone())
            .or_insert_with(|| {
                fetch_entry(key.to_string(), shard_bits)
                    .boxed_local()
                    .shared()
            })
            .clone()
    });
    let result = pending.await;
    if result == Err(FetchError::Failed) {
        ENTRIES.with(|entries| entries.borrow_mut().remove(&file));
    }
    result
}

/// The entry in `file` if it is already in memory.
pub fn cached(file: &str) -> Option<Result<Arc<Entry>, FetchError>> {
    ENTRIES.with(|entries| entries.borrow().get(file).and_then(|p| p.peek().cloned()))
}

/// Starts fetching the entry for a site path, if not fetched yet.
pub fn prefetch(path: &str, shard_bits: u32) {
    let Some(key) = crate::route::normalize(path) else {
        return;
    };
    if ENTRIES.with(|entries| {
        entries
            .borrow()
            .contains_key(&crate::route::entry_file(&key))
    }) {
        return;
    }
    leptos::task::spawn_local(async move {
        let _ = entry(&key, shard_bits).await;
    });
}
