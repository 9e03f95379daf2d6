//! Fast search for the short markers the stages look for (`<a `, `{%`,
//! `{{`): a byte search for the first character, then a comparison, which
//! is several times faster than the general substring search on long
//! page bodies.

/// The byte offset of the first `needle` in `hay` (`needle` starts with an
/// ASCII character).
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let first = char::from(*needle.as_bytes().first()?);
    let mut from = 0;
    while let Some(p) = hay[from..].find(first) {
        let at = from + p;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The byte offsets of every `needle` in `hay`, in order, as
/// `str::match_indices` gives them.
pub fn find_all<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + find(&hay[from..], needle)?;
        from = at + needle.len();
        Some(at)
    })
}

#[cfg(test)]
mod tests {
    use super::{find, find_all};

    #[test]
    fn finds_like_str_find() {
        let cases = [
            ("", "{%"),
            ("{", "{%"),
            ("{%", "{%"),
            ("a {{ b {% c", "{%"),
            ("é {{ x }} {{", "{{"),
            ("<p><a href", "<a "),
            ("<b><abbr><a\n", "<a "),
            ("<<a ", "<a "),
            ("{%{%%{% x", "{%"),
        ];
        for (hay, needle) in cases {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            let all: Vec<usize> = hay.match_indices(needle).map(|(at, _)| at).collect();
            assert_eq!(find_all(hay, needle).collect::<Vec<_>>(), all, "{hay:?}");
        }
    }
}
