//! Deploys seen from an open tab. Every data file carries the id of the
//! build that wrote it ([`crate::model::Site::build`]); the app keeps the
//! id of the site file it started with. A file of another build (a page
//! JSON fetched or prefetched, or the site file checked again after a
//! navigation served from memory) means a new deploy: from then on the next
//! navigation is a full page load of its URL, which gets the new build's
//! HTML, app and site file (and its service worker), never the error view.

use std::cell::{Cell, RefCell};

thread_local! {
    static OWN: RefCell<String> = const { RefCell::new(String::new()) };
    static STALE: Cell<bool> = const { Cell::new(false) };
}

/// Where the app remembers the build a full load was made for, so that a
/// host serving two builds at once cannot make it load again and again.
const LOADED_FOR: &str = "tdt-deploy";

/// The app started with the site file of build `id`.
pub fn start(id: &str) {
    OWN.with(|own| *own.borrow_mut() = id.to_string());
}

/// Notes a data file of build `id`; true when that is another build than
/// the app's own (and the load it calls for was not made already).
pub fn seen(id: &str) -> bool {
    let other = OWN.with(|own| {
        let own = own.borrow();
        !own.is_empty() && !id.is_empty() && *own != id
    });
    if other && !loaded_for(id) {
        STALE.set(true);
        OWN.with(|own| *own.borrow_mut() = id.to_string());
        return true;
    }
    false
}

/// Whether a newer build is live: the next navigation loads the page in full.
pub fn stale() -> bool {
    STALE.get()
}

/// The build id in a data file's text, read without the model: the app
/// finds it even in a file of a newer build it cannot read (serde writes
/// it first).
pub fn id_in(text: &str) -> Option<&str> {
    let rest = &text[text.find("\"build\":\"")? + 9..];
    Some(&rest[..rest.find('"')?])
}

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().session_storage().ok().flatten()
}

fn loaded_for(id: &str) -> bool {
    storage()
        .and_then(|s| s.get_item(LOADED_FOR).ok().flatten())
        .is_some_and(|done| done == id)
}

/// Loads `url` in full (the new build's page, app and worker).
pub fn load(url: &str) {
    let id = OWN.with(|own| own.borrow().clone());
    if let Some(storage) = storage() {
        let _ = storage.set_item(LOADED_FOR, &id);
    }
    let _ = leptos::prelude::window().location().assign(url);
}

/// Checks the site file again, past every cache (a navigation was served
/// from memory, so no file of the build live now was seen).
pub fn check() {
    leptos::task::spawn_local(async {
        let request = gloo_net::http::Request::get(crate::route::SITE_FILE)
            .cache(web_sys::RequestCache::NoCache)
            .send()
            .await;
        let Ok(response) = request else {
            return;
        };
        if let Ok(text) = response.text().await
            && let Some(id) = id_in(&text)
        {
            seen(id);
        }
    });
}
