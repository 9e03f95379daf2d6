//! The site search's plain state, tested natively: what Pagefind found (as
//! the app's JavaScript hands it over), which result the arrow keys
//! highlight (WAI-ARIA combobox with a listbox popup), what a key does, and
//! the results page's URL.

/// One result: where it is, its title and excerpt, and where the page sends
/// visitors when it has a `redirect_to`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hit {
    /// The page's permalink.
    pub url: String,
    /// The page's title.
    pub title: String,
    /// The excerpt: text with the matched words in `<mark>`, nothing else
    /// (the JavaScript side keeps only those).
    pub excerpt: String,
    /// Where the page leads (`redirect_to`), or empty.
    pub redirect: String,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    /// How many pages match (more than `hits` when only the first are loaded).
    pub total: usize,
    /// The first results, best first.
    pub hits: Vec<Hit>,
}

impl Found {
    /// Decodes the flat list the JavaScript side returns: the total, then
    /// four strings per result (url, title, excerpt, redirect). `None` when
    /// it is not one.
    pub fn decode(flat: &[String]) -> Option<Self> {
        let (total, rest) = flat.split_first()?;
        if rest.len() % 4 != 0 {
            return None;
        }
        let hits = rest
            .chunks_exact(4)
            .map(|c| Hit {
                url: c[0].clone(),
                title: c[1].clone(),
                excerpt: c[2].clone(),
                redirect: c[3].clone(),
            })
            .collect();
        Some(Self {
            total: total.parse().ok()?,
            hits,
        })
    }
}

/// The state of a search: nothing asked, waiting, found, or the index could
/// not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Search {
    /// No query.
    #[default]
    Idle,
    /// Waiting for Pagefind.
    Loading,
    /// The results.
    Done(Found),
    /// Pagefind or its index could not be loaded.
    Failed,
}

/// The text saying how many results there are: `one` for one, else `other`
/// with `{n}` replaced by the count; `none` for none.
pub fn count_text(count: usize, none: &str, one: &str, other: &str) -> String {
    match count {
        0 => none.to_string(),
        1 => one.replace("{n}", "1"),
        n => other.replace("{n}", &n.to_string()),
    }
}

/// What a key pressed in the search box does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Highlight this result (the popup opens).
    Highlight(usize),
    /// Open the highlighted result.
    Open(usize),
    /// Open the results page for the query.
    ResultsPage,
    /// Close the popup, keeping the text.
    Close,
    /// Empty the box.
    Clear,
    /// Nothing of ours: the browser's own behaviour.
    Other,
}

/// What `key` does with `count` results shown, `highlighted` the one the
/// arrow keys are on and the popup `open` or not. Down and Up move through
/// the results and wrap around (Down from the box goes to the first, Up to
/// the last); Enter opens the highlighted result, or the results page;
/// Escape closes the popup, and empties the box when it is already closed.
pub fn key(key: &str, count: usize, highlighted: Option<usize>, open: bool) -> Key {
    let shown = if open { highlighted } else { None };
    match key {
        "ArrowDown" | "ArrowUp" if count > 0 => {
            let next = match (key, shown) {
                ("ArrowDown", None) => 0,
                ("ArrowDown", Some(i)) => (i + 1) % count,
                (_, None | Some(0)) => count - 1,
                (_, Some(i)) => (i - 1).min(count - 1),
            };
            Key::Highlight(next)
        }
        "Enter" => match shown {
            Some(i) if i < count => Key::Open(i),
            _ => Key::ResultsPage,
        },
        "Escape" if open => Key::Close,
        "Escape" => Key::Clear,
        _ => Key::Other,
    }
}

/// The results page of `query`: `page` (the language's search page) with
/// `?q=` and the query percent-encoded (spaces as `+`).
pub fn results_url(page: &str, query: &str) -> String {
    let mut url = format!("{page}?q=");
    for byte in query.trim().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                url.push(char::from(byte));
            }
            b' ' => url.push('+'),
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

/// The id of result `index` in the popup (for `aria-activedescendant`).
pub fn option_id(index: usize) -> String {
    format!("search-option-{index}")
}

/// How many results the header's popup shows; the results page shows up to
/// [`PAGE_LIMIT`].
pub const POPUP_LIMIT: u32 = 6;

/// How many results the results page shows.
pub const PAGE_LIMIT: u32 = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_what_the_javascript_returns() {
        let flat: Vec<String> = [
            "12",
            "/it/a",
            "A",
            "x <mark>y</mark>",
            "",
            "/it/b",
            "B",
            "",
            "https://e.org/",
        ]
        .map(String::from)
        .to_vec();
        let found = Found::decode(&flat).unwrap();
        assert_eq!(found.total, 12);
        assert_eq!(found.hits.len(), 2);
        assert_eq!(found.hits[1].redirect, "https://e.org/");
        assert_eq!(Found::decode(&["0".into()]).unwrap(), Found::default());
        assert_eq!(Found::decode(&[]), None);
        assert_eq!(Found::decode(&["x".into()]), None);
        assert_eq!(Found::decode(&flat[..3]), None);
    }

    #[test]
    fn keys() {
        let cases = [
            // key, count, highlighted, open → what it does
            ("ArrowDown", 3, None, true, Key::Highlight(0)),
            ("ArrowDown", 3, Some(0), true, Key::Highlight(1)),
            ("ArrowDown", 3, Some(2), true, Key::Highlight(0)),
            ("ArrowDown", 3, Some(1), false, Key::Highlight(0)),
            ("ArrowUp", 3, None, true, Key::Highlight(2)),
            ("ArrowUp", 3, Some(0), true, Key::Highlight(2)),
            ("ArrowUp", 3, Some(2), true, Key::Highlight(1)),
            ("ArrowUp", 2, Some(5), true, Key::Highlight(1)),
            ("ArrowDown", 0, None, true, Key::Other),
            ("Enter", 3, Some(1), true, Key::Open(1)),
            ("Enter", 3, Some(1), false, Key::ResultsPage),
            ("Enter", 3, None, true, Key::ResultsPage),
            ("Enter", 0, Some(0), true, Key::ResultsPage),
            ("Escape", 3, Some(1), true, Key::Close),
            ("Escape", 3, None, false, Key::Clear),
            ("a", 3, None, true, Key::Other),
        ];
        for (pressed, count, highlighted, open, expected) in cases {
            assert_eq!(
                key(pressed, count, highlighted, open),
                expected,
                "{pressed} {count} {highlighted:?} {open}"
            );
        }
    }

    #[test]
    fn counts() {
        let text = |n| count_text(n, "Nessun risultato", "1 risultato", "{n} risultati");
        assert_eq!(text(0), "Nessun risultato");
        assert_eq!(text(1), "1 risultato");
        assert_eq!(text(12), "12 risultati");
    }

    #[test]
    fn results_urls() {
        assert_eq!(
            results_url("/it/cerca", " lavora con noi "),
            "/it/cerca?q=lavora+con+noi"
        );
        assert_eq!(
            results_url("/en/search", "café & a/b?"),
            "/en/search?q=caf%C3%A9+%26+a%2Fb%3F"
        );
        assert_eq!(option_id(3), "search-option-3");
    }
}
