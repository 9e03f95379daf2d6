//! What the app does with an entry it looked up: show it, move to another
//! path of the site (replacing the URL), or send the visitor elsewhere.
//! Only targets written in the content are ever followed.

use crate::model::Entry;

/// The app's reaction to an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Render the page (with a preview banner when it has a `redirect_to`).
    Show,
    /// Replace the URL with this path of the site (query and fragment kept).
    Redirect(String),
    /// Leave the site for this URL with `location.replace`.
    Leave(String),
}

/// Decides what to do with `entry`; `tail` is the current `?query#fragment`.
pub fn action(entry: &Entry, tail: &str, preview: bool) -> Action {
    let carry = |path: &str| format!("{path}{tail}");
    match entry {
        Entry::Redirect(redirect) => match &redirect.external {
            Some(url) if !preview && is_web_url(url) => Action::Leave(url.clone()),
            _ if is_site_path(&redirect.to) => Action::Redirect(carry(&redirect.to)),
            _ => Action::Show,
        },
        Entry::Page(page) => match &page.redirect_to {
            Some(_) if preview => Action::Show,
            Some(target) if is_site_path(target) => Action::Redirect(carry(target)),
            Some(target) if is_web_url(target) => Action::Leave(target.clone()),
            _ => Action::Show,
        },
    }
}

/// The page's own URL when the address bar has another spelling of it
/// (`/IT/Projects`, `/it/cerca.html`, `/it//x/`): what to put there instead.
/// `None` when `path` already is the page's URL (percent-escapes aside).
pub fn own_url(path: &str, page_url: &str) -> Option<String> {
    let decoded = crate::route::percent_decode(path)?;
    let other_spelling = decoded != page_url
        && is_site_path(page_url)
        && crate::route::normalize(path) == crate::route::normalize(page_url);
    other_spelling.then(|| page_url.to_string())
}

/// Whether `path` is a path of this site: `/…`, but not `//host` or
/// `/\\host`, which browsers read as another host.
pub fn is_site_path(path: &str) -> bool {
    path.starts_with('/') && !path[1..].starts_with(['/', '\\'])
}

/// Whether `url` is an absolute http(s) URL: nothing else is ever left for.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Whether the query string asks for preview (`?preview`, `?a=1&preview=1`).
pub fn wants_preview(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair.split('=').next() == Some("preview"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Page, Redirect};

    fn page(redirect_to: Option<&str>) -> Entry {
        Entry::Page(Box::new(Page {
            redirect_to: redirect_to.map(str::to_string),
            ..Default::default()
        }))
    }

    fn old(to: &str, external: Option<&str>) -> Entry {
        Entry::Redirect(Redirect {
            to: to.into(),
            external: external.map(str::to_string),
            ..Default::default()
        })
    }

    #[test]
    fn action_table() {
        let ext = "https://innovazione.gov.it/x/";
        let cases = [
            (page(None), "", false, Action::Show),
            (page(Some(ext)), "", false, Action::Leave(ext.into())),
            (page(Some(ext)), "?preview", true, Action::Show),
            (
                page(Some("/it/b")),
                "?q=1#f",
                false,
                Action::Redirect("/it/b?q=1#f".into()),
            ),
            (page(Some("javascript:alert(1)")), "", false, Action::Show),
            (
                old("/it/a", None),
                "?q=1#top",
                false,
                Action::Redirect("/it/a?q=1#top".into()),
            ),
            (
                old("/it/a", Some(ext)),
                "",
                false,
                Action::Leave(ext.into()),
            ),
            (
                old("/it/a", Some(ext)),
                "?preview",
                true,
                Action::Redirect("/it/a?preview".into()),
            ),
        ];
        for (entry, tail, preview, expected) in cases {
            assert_eq!(action(&entry, tail, preview), expected, "{entry:?} {tail}");
        }
    }

    #[test]
    fn own_url_table() {
        let cases = [
            ("/it/projects/", "/it/projects/", None),
            ("/it/projects", "/it/projects/", Some("/it/projects/")),
            ("/IT/Projects/", "/it/projects/", Some("/it/projects/")),
            ("/it//projects/", "/it/projects/", Some("/it/projects/")),
            (
                "/it/projects/index.html",
                "/it/projects/",
                Some("/it/projects/"),
            ),
            ("/it/cerca.html", "/it/cerca", Some("/it/cerca")),
            ("/caff%C3%A8", "/caffè", None),
            ("/CAFF%C3%A8", "/caffè", Some("/caffè")),
            ("/it/a.htm", "/it/a.htm", None),
            // Only another spelling of the same page, never another page.
            ("/it/x", "/it/y", None),
            ("/bad%FF", "/bad", None),
        ];
        for (path, page_url, expected) in cases {
            assert_eq!(
                own_url(path, page_url).as_deref(),
                expected,
                "{path} for {page_url}"
            );
        }
    }

    #[test]
    fn preview_query() {
        assert!(wants_preview("?preview"));
        assert!(wants_preview("?a=1&preview=1"));
        assert!(!wants_preview("?previewx"));
        assert!(!wants_preview(""));
    }
}
