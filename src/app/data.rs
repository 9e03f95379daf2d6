//! Fetching the site file and page entries: one request per file, ever.
//! Entries are cached in memory (Back and Forward never fetch again), a
//! request already under way is shared (prefetch then click fetches once),
//! and a failed request is forgotten so that a retry fetches again.

use crate::model::{Entry, Site};
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use serde::de::DeserializeOwned;
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
}

type Pending = Shared<LocalBoxFuture<'static, Result<Arc<Entry>, FetchError>>>;

thread_local! {
    static ENTRIES: RefCell<HashMap<String, Pending>> = RefCell::new(HashMap::new());
}

/// Fetches and parses a JSON file.
async fn fetch_json<T: DeserializeOwned>(url: &str) -> Result<T, FetchError> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|_| FetchError::Failed)?;
    if response.status() == 404 {
        return Err(FetchError::NotFound);
    }
    let is_json = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.contains("json"));
    if !response.ok() || !is_json {
        return Err(FetchError::Failed);
    }
    let text = response.text().await.map_err(|_| FetchError::Failed)?;
    serde_json::from_str(&text).map_err(|_| FetchError::Failed)
}

/// The site file.
pub async fn site() -> Result<Site, FetchError> {
    fetch_json(crate::route::SITE_FILE).await
}

/// The entry stored in `file`, from memory when it was fetched before.
pub async fn entry(file: &str) -> Result<Arc<Entry>, FetchError> {
    let pending = ENTRIES.with(|entries| {
        entries
            .borrow_mut()
            .entry(file.to_string())
            .or_insert_with(|| {
                let url = file.to_string();
                async move { fetch_json::<Entry>(&url).await.map(Arc::new) }
                    .boxed_local()
                    .shared()
            })
            .clone()
    });
    let result = pending.await;
    if result == Err(FetchError::Failed) {
        ENTRIES.with(|entries| entries.borrow_mut().remove(file));
    }
    result
}

/// The entry in `file` if it is already in memory.
pub fn cached(file: &str) -> Option<Result<Arc<Entry>, FetchError>> {
    ENTRIES.with(|entries| entries.borrow().get(file).and_then(|p| p.peek().cloned()))
}

/// Starts fetching the entry for a site path, if not fetched yet.
pub fn prefetch(path: &str) {
    let Some(key) = crate::route::normalize(path) else {
        return;
    };
    let file = crate::route::entry_file(&key);
    if ENTRIES.with(|entries| entries.borrow().contains_key(&file)) {
        return;
    }
    leptos::task::spawn_local(async move {
        let _ = entry(&file).await;
    });
}
