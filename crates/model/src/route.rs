//! URL paths: one normalisation shared by the preprocessor and the app, and
//! the mapping from a normalised path to the JSON file that describes it.
//!
//! The browser is never sent a list of routes: it normalises the path it is
//! on, hashes it, and fetches `/data/p/{hash}.json`. The preprocessor writes
//! every page and every old URL under the same name, so both sides agree.

/// Where the site file lives.
pub const SITE_FILE: &str = "/data/site.json";

/// Longest key (normalised path, in bytes) that is looked up at all. A path
/// as the browser has it may be up to three times longer before decoding
/// (every byte percent-encoded).
pub const MAX_PATH_BYTES: usize = 2048;

/// Normalises a URL path for lookup, or `None` when it can name no page.
///
/// Query and fragment are cut; percent-escapes are decoded (invalid UTF-8
/// gives `None`); empty, `.` and `..` segments are resolved without ever
/// leaving the root; letters are lower-cased; a final `index.html` or
/// `index.htm` (in any case, even repeated) names its folder; a final
/// `.html` (even repeated) is dropped, as static hosts serve `a.html` for
/// both `/a` and `/a.html` (`.htm` is kept: `/a.htm` is only ever `a.htm`);
/// no trailing slash is kept; a key longer than [`MAX_PATH_BYTES`] gives `None`.
/// Normalising a key again gives the same key. `/IT//lavora-con-noi/`,
/// `/it/lavora-con-noi.html` and `/it/lavora-con-noi` are the same key.
pub fn normalize(raw: &str) -> Option<String> {
    let path = strip_query_fragment(raw);
    if path.len() > 3 * MAX_PATH_BYTES {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.chars().any(|c| c.is_control()) {
        return None;
    }
    let decoded = lowercase(&decoded);
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    while matches!(segments.last(), Some(&("index.html" | "index.htm"))) {
        segments.pop();
    }
    if let Some(last) = segments.last_mut() {
        while let Some(stem) = last.strip_suffix(".html").filter(|stem| !stem.is_empty()) {
            *last = stem;
        }
    }
    let key = format!("/{}", segments.join("/"));
    (key.len() <= MAX_PATH_BYTES).then_some(key)
}

/// `str::to_lowercase`. In the browser JavaScript's `toLowerCase` (the same
/// Unicode mapping) does it for non-ASCII text, which keeps Rust's case
/// tables (about 15 KB of gzipped wasm) out of the app.
pub fn lowercase(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        if s.is_ascii() {
            s.to_ascii_lowercase()
        } else {
            js_sys::JsString::from(s).to_lower_case().into()
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    s.to_lowercase()
}

/// The part of a URL before its `?query` or `#fragment`.
pub fn strip_query_fragment(raw: &str) -> &str {
    let end = raw.find(['?', '#']).unwrap_or(raw.len());
    &raw[..end]
}

/// The `?query#fragment` tail of a URL (empty when there is none).
pub fn query_fragment(raw: &str) -> &str {
    &raw[strip_query_fragment(raw).len()..]
}

/// Decodes `%XX` escapes; `None` when the result is not UTF-8.
pub fn percent_decode(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// FNV-1a, 64 bits: small, stable, and the same in the build and the browser.
pub fn hash(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The JSON file describing a normalised path.
pub fn entry_file(key: &str) -> String {
    format!("/data/p/{:016x}.json", hash(key))
}

/// Bits of shard index for a site of `entries` paths: about 64 per shard,
/// at most 4096 shards.
pub fn shard_bits(entries: usize) -> u32 {
    let shards = entries.div_ceil(64).max(1);
    shards.next_power_of_two().trailing_zeros().min(12)
}

/// The index shard listing the paths whose hash starts like `key`'s. The
/// app reads it only when a host answers a missing entry with HTML (an SPA
/// fallback): it tells "no such page" from "the server failed".
pub fn shard_file(key: &str, bits: u32) -> String {
    format!("/data/s/{:x}.json", shard_of(hash(key), bits))
}

/// The shard number of a hash.
pub fn shard_of(hash: u64, bits: u32) -> u64 {
    if bits == 0 { 0 } else { hash >> (64 - bits) }
}

/// The first segment of a path when it is one of `langs`: of the path as
/// [`normalize`]d (so `/x/../EN/a` and `/%65n/a` are English), or as it is
/// when it names no page.
pub fn lang_of<'a>(path: &str, langs: &[&'a str]) -> Option<&'a str> {
    let key = normalize(path);
    let first = strip_query_fragment(key.as_deref().unwrap_or(path))
        .trim_start_matches('/')
        .split('/')
        .next()?
        .to_string();
    let first = lowercase(&first);
    langs.iter().copied().find(|lang| *lang == first)
}

/// Whether a URL leaves the site: another scheme or host.
pub fn is_external(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("//")
        || lower
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("/", Some("/")),
            ("", Some("/")),
            ("/it/", Some("/it")),
            ("/it", Some("/it")),
            ("/it/index.html", Some("/it")),
            ("/it/index.htm", Some("/it")),
            ("/index.html", Some("/")),
            ("/it/cerca.html", Some("/it/cerca")),
            ("/it/cerca.HTML/", Some("/it/cerca")),
            ("/en/team.html.html", Some("/en/team")),
            ("/it/a.htm", Some("/it/a.htm")),
            ("/it/.html", Some("/it/.html")),
            ("/it/index.html.html", Some("/it/index")),
            ("/it/lavora-con-noi", Some("/it/lavora-con-noi")),
            ("/it/lavora-con-noi/", Some("/it/lavora-con-noi")),
            ("/IT/Lavora-Con-Noi", Some("/it/lavora-con-noi")),
            ("//it///lavora-con-noi", Some("/it/lavora-con-noi")),
            ("/it/./a/../lavora-con-noi", Some("/it/lavora-con-noi")),
            ("/../../etc/passwd", Some("/etc/passwd")),
            ("/it/lavora-con-noi?x=1#top", Some("/it/lavora-con-noi")),
            ("/it/lavora%2Dcon%2dnoi", Some("/it/lavora-con-noi")),
            ("/it%2Flavora-con-noi", Some("/it/lavora-con-noi")),
            ("/caff%C3%A8", Some("/caffè")),
            ("/bad%FF", None),
            ("/bad%C3", None),
            ("/nul%00", None),
            ("/trailing%", Some("/trailing%")),
            ("/half%4", Some("/half%4")),
            ("/%zz", Some("/%zz")),
            ("\\it\\x", Some("/it/x")),
            ("//evil.example/x", Some("/evil.example/x")),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input).as_deref(), *expected, "input {input:?}");
        }
    }

    #[test]
    fn long_paths_are_refused_without_panic() {
        assert_eq!(normalize(&"/a".repeat(5000)), None);
        assert!(normalize(&"/a".repeat(1000)).is_some());
    }

    #[test]
    fn query_and_fragment_split() {
        assert_eq!(query_fragment("/a?b=1#c"), "?b=1#c");
        assert_eq!(query_fragment("/a#c?d"), "#c?d");
        assert_eq!(query_fragment("/a"), "");
    }

    #[test]
    fn entry_files_are_stable() {
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(entry_file("/"), format!("/data/p/{:016x}.json", hash("/")));
        assert_ne!(entry_file("/it"), entry_file("/en"));
    }

    #[test]
    fn shards() {
        assert_eq!(shard_bits(0), 0);
        assert_eq!(shard_bits(64), 0);
        assert_eq!(shard_bits(65), 1);
        assert_eq!(shard_bits(30_000), 9);
        assert_eq!(shard_bits(10_000_000), 12);
        assert_eq!(shard_of(u64::MAX, 9), 511);
        assert_eq!(shard_file("/it", 0), "/data/s/0.json");
    }

    #[test]
    fn lang_of_first_segment() {
        let langs = ["it", "en"];
        assert_eq!(lang_of("/en/join-us", &langs), Some("en"));
        assert_eq!(lang_of("/IT/", &langs), Some("it"));
        assert_eq!(lang_of("/fr/x", &langs), None);
        assert_eq!(lang_of("/", &langs), None);
        assert_eq!(lang_of("/english", &langs), None);
    }

    #[test]
    fn external_urls() {
        for url in [
            "https://a.example/",
            "HTTP://x",
            "//cdn.example/x",
            "mailto:a@b",
            "javascript:alert(1)",
        ] {
            assert!(is_external(url), "{url}");
        }
        for url in ["/it/x", "x.htm", "#top", "?a=b:c", "/a:b"] {
            assert!(!is_external(url), "{url}");
        }
    }
}
