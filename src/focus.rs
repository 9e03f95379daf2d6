//! What happens once a page is shown: the app is marked ready the first
//! time (and swapped in when it was rendered off screen), a `#fragment` is honoured, and in-app navigation moves the focus to
//! the new page's heading.

use leptos::prelude::*;
use tdt_view::current::{Current, Status};

/// After each page is shown: count it, mark the app ready the first time
/// (swapping it in if it was rendered off screen, see [`crate::takeover`]), and on in-app navigation move focus to its
/// heading; then honour a `#fragment`.
pub fn after_render(current: Current) {
    Effect::new(move |_| {
        let done = current.status.with(|s| !matches!(s, Status::Loading));
        if !done {
            return;
        }
        current.shown.update(|n| *n += 1);
        let in_app = current.shown.get_untracked() > 1;
        request_animation_frame(move || {
            let hash = window().location().hash().unwrap_or_default();
            let fragment = hash.trim_start_matches('#');
            // The browser already went to a fragment the static page has.
            let shown_static = !in_app && tdt_view::dom::find_id(fragment).is_some();
            crate::takeover::take_over();
            if !fragment.is_empty() && !shown_static && tdt_view::dom::scroll_to_id(fragment) {
                return;
            }
            if in_app {
                tdt_view::dom::focus_selector("main h1", true);
            }
        });
    });
}
