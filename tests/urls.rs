//! URLs as visitors (and attackers) type them: one normalisation for every
//! spelling of a path, no panic on any input, and the app's reaction to an
//! entry never leaves for, or redirects to, anything the content did not
//! write.

use tdt_model::model::{Entry, Page, Redirect};
use tdt_model::route::{self, MAX_PATH_BYTES, entry_file, lang_of, normalize};
use tdt_model::ui::nav::{Action, action};

/// Input → normalised key (`None`: no page can have that path, a 404).
const TABLE: &[(&str, Option<&str>)] = &[
    // Root and trailing slashes.
    ("", Some("/")),
    ("/", Some("/")),
    ("//", Some("/")),
    ("///", Some("/")),
    ("/it", Some("/it")),
    ("/it/", Some("/it")),
    ("/it//", Some("/it")),
    ("/it/lavora-con-noi/", Some("/it/lavora-con-noi")),
    // index.html names its folder, in any case and spelling.
    ("/index.html", Some("/")),
    ("/it/index.html", Some("/it")),
    ("/it/index.htm", Some("/it")),
    ("/it/INDEX.HTML", Some("/it")),
    ("/IT/Index.Htm", Some("/it")),
    ("/it/index.html/", Some("/it")),
    ("/it/index.html/index.html", Some("/it")),
    ("/it/index.html?x=1", Some("/it")),
    ("/it/index%2Ehtml", Some("/it")),
    ("/it/index.html.bak", Some("/it/index.html.bak")),
    // A final `.html` is the same page: hosts serve `a.html` for `/a`.
    ("/it/myindex.html", Some("/it/myindex")),
    ("/it/cerca.html", Some("/it/cerca")),
    ("/it/Cerca.HTML?q=x", Some("/it/cerca")),
    ("/it/a.htm", Some("/it/a.htm")),
    ("/it/a.html.htm", Some("/it/a.html.htm")),
    ("/it/x.html/", Some("/it/x")),
    // Double slashes.
    ("//it///lavora-con-noi", Some("/it/lavora-con-noi")),
    ("//evil.example/x", Some("/evil.example/x")),
    ("///evil.example", Some("/evil.example")),
    // Backslashes count as slashes (browsers treat them so).
    ("\\it\\x", Some("/it/x")),
    ("/\\evil.example", Some("/evil.example")),
    // Percent-encoding: decoded once, encoded slashes are slashes.
    ("/it/lavora%2Dcon%2dnoi", Some("/it/lavora-con-noi")),
    ("/it%2Flavora-con-noi", Some("/it/lavora-con-noi")),
    ("/it%2flavora-con-noi", Some("/it/lavora-con-noi")),
    ("%2F%2Fevil.example", Some("/evil.example")),
    ("/it%5Cx", Some("/it/x")),
    ("/caff%C3%A8", Some("/caffè")),
    ("/CAFF%C3%88", Some("/caffè")),
    ("/caffè", Some("/caffè")),
    ("/a%20b", Some("/a b")),
    ("/%2541", Some("/%41")),
    ("/trailing%", Some("/trailing%")),
    ("/half%4", Some("/half%4")),
    ("/%zz", Some("/%zz")),
    // Invalid UTF-8 and control characters name no page.
    ("/bad%FF", None),
    ("/bad%C3", None),
    ("/bad%C3%28", None),
    ("/%ED%A0%80", None),
    ("/%C0%AF", None),
    ("/nul%00", None),
    ("/tab%09x", None),
    ("/cr%0d%0aSet-Cookie:x", None),
    ("/del%7F", None),
    // Upper case.
    ("/IT/Lavora-Con-Noi", Some("/it/lavora-con-noi")),
    ("/EN/JOIN-US/", Some("/en/join-us")),
    // Dot segments never leave the root.
    ("/it/./a/../lavora-con-noi", Some("/it/lavora-con-noi")),
    ("/../../etc/passwd", Some("/etc/passwd")),
    ("/it/..", Some("/")),
    ("/it/../..", Some("/")),
    ("/%2E%2E/%2e%2e/x", Some("/x")),
    ("/it/%2e/x", Some("/it/x")),
    ("/it/...", Some("/it/...")),
    ("/it/..x", Some("/it/..x")),
    // Query and fragment are cut before decoding.
    ("/it/lavora-con-noi?x=1#top", Some("/it/lavora-con-noi")),
    ("/it/lavora-con-noi#top?x", Some("/it/lavora-con-noi")),
    ("/it/?preview", Some("/it")),
    ("?x=/it", Some("/")),
    ("#/it", Some("/")),
    ("/it/a%3Fb", Some("/it/a?b")),
    ("/it/a%23b", Some("/it/a#b")),
];

#[test]
fn normalisation_table() {
    let mut failures = Vec::new();
    for (input, expected) in TABLE {
        let got = normalize(input);
        if got.as_deref() != *expected {
            failures.push(format!("{input:?}: got {got:?}, want {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_spelling_of_a_page_is_one_key() {
    let spellings = [
        "/it/lavora-con-noi",
        "/it/lavora-con-noi/",
        "/IT/Lavora-Con-Noi",
        "//it//lavora-con-noi//",
        "/it/lavora-con-noi/index.html",
        "/it/lavora-con-noi/INDEX.HTM",
        "/it%2Flavora-con-noi",
        "/x/../it/./lavora-con-noi",
        "\\it\\lavora-con-noi",
        "/it/lavora%2Dcon%2Dnoi?a=1#b",
    ];
    for spelling in spellings {
        assert_eq!(
            normalize(spelling).as_deref(),
            Some("/it/lavora-con-noi"),
            "{spelling:?}"
        );
        assert_eq!(
            entry_file(&normalize(spelling).unwrap()),
            entry_file("/it/lavora-con-noi")
        );
    }
}

#[test]
fn long_paths() {
    // Up to the limit: looked up; beyond (an 8 KB path): no page, no panic.
    let at_limit = format!("/{}", "a".repeat(MAX_PATH_BYTES - 1));
    assert_eq!(normalize(&at_limit).as_deref(), Some(at_limit.as_str()));
    let over = format!("/{}", "a".repeat(MAX_PATH_BYTES));
    assert_eq!(normalize(&over), None);
    for path in [
        "/a".repeat(4096),
        "/".repeat(8192),
        "%2F".repeat(2731),
        "/..".repeat(2731),
        "%FF".repeat(2731),
        format!("/{}", "é".repeat(4096)),
    ] {
        assert!(path.len() >= 8000, "{}", path.len());
        assert_eq!(normalize(&path), None, "{} bytes", path.len());
        let _ = lang_of(&path, &["it", "en"]);
    }
    // The limit is on the key: a percent-encoded path may be three times
    // longer as the browser has it (location.pathname encodes non-ASCII).
    let encoded = format!("/{}", "%C3%A8".repeat(1000));
    assert_eq!(normalize(&encoded).map(|k| k.len()), Some(2001));
    let too_long = format!("/{}", "%C3%A8".repeat(1024));
    assert_eq!(normalize(&too_long), None);
    // The query does not count towards the limit.
    let long_query = format!("/it/x?{}", "q".repeat(8192));
    assert_eq!(normalize(&long_query).as_deref(), Some("/it/x"));
}

#[test]
fn unknown_and_hostile_paths_have_no_language() {
    let langs = ["it", "en"];
    for (path, lang) in [
        ("/it/x", Some("it")),
        ("/EN/x", Some("en")),
        ("/it", Some("it")),
        ("/it?x", Some("it")),
        ("/it#x", Some("it")),
        ("//it/x", Some("it")),
        ("/x/../EN/a", Some("en")),
        ("/%65n/a", Some("en")),
        ("\\it\\x", Some("it")),
        ("/it%2Fx", Some("it")),
        ("/fr/x", None),
        ("/italiano", None),
        ("", None),
        ("/", None),
        ("%2Fit", Some("it")),
        ("/it/%FF", Some("it")),
        ("/fr%FF", None),
    ] {
        assert_eq!(lang_of(path, &langs), lang, "{path:?}");
    }
}

/// Regression (found by `cargo fuzz run route`): a path within the raw
/// limit whose key came out longer (a slash added, U+FFFD for invalid bytes,
/// lower-casing that grows) gave a key that normalised to `None`, so the
/// page written under that key could not be found again.
#[test]
fn keys_at_the_limit_normalise_to_themselves() {
    let crash = include_bytes!("../fuzz/corpus/route/regression-long-key");
    let no_slash = "a".repeat(MAX_PATH_BYTES);
    let growing = format!("/{}", "\u{130}".repeat(MAX_PATH_BYTES / 2 - 1)); // İ → i̇: 2 → 3 bytes
    for raw in [
        String::from_utf8_lossy(crash).into_owned(),
        no_slash,
        growing,
    ] {
        if let Some(key) = normalize(&raw) {
            assert!(key.len() <= MAX_PATH_BYTES, "{} bytes", key.len());
            assert_eq!(normalize(&key).as_deref(), Some(key.as_str()));
        }
    }
}

/// A tiny xorshift generator: reproducible random inputs without a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Bytes that make URL parsing interesting, and pieces of real paths.
const PIECES: &[&str] = &[
    "/",
    "//",
    "\\",
    ".",
    "..",
    "%",
    "%2F",
    "%2f",
    "%2E",
    "%00",
    "%FF",
    "%C3",
    "%A8",
    "%C3%A8",
    "?",
    "#",
    "index.html",
    "INDEX.HTM",
    "it",
    "en",
    "IT",
    "a",
    "é",
    "İ",
    "ß",
    " ",
    "\u{0}",
    "\u{7f}",
    "\u{202e}",
    "%5C",
    "%3F",
    "%23",
];

#[test]
fn random_inputs_never_panic_and_normalise_once() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let langs = ["it", "en"];
    for round in 0..20_000 {
        let mut raw = String::new();
        let len = rng.below(if round % 100 == 0 { 3000 } else { 24 });
        for _ in 0..len {
            if rng.below(3) == 0 {
                // Any byte, made text the way a browser location is.
                let bytes = [rng.next() as u8, rng.next() as u8];
                raw.push_str(&String::from_utf8_lossy(&bytes[..1 + rng.below(2)]));
            } else {
                raw.push_str(PIECES[rng.below(PIECES.len())]);
            }
        }
        let _ = lang_of(&raw, &langs);
        let _ = route::is_external(&raw);
        assert_eq!(
            format!(
                "{}{}",
                route::strip_query_fragment(&raw),
                route::query_fragment(&raw)
            ),
            raw
        );
        let Some(key) = normalize(&raw) else {
            continue;
        };
        assert!(key.starts_with('/'), "{raw:?} → {key:?}");
        assert!(!key.contains("//"), "{raw:?} → {key:?}");
        assert!(key == "/" || !key.ends_with('/'), "{raw:?} → {key:?}");
        assert!(
            !key.split('/').any(|s| s == ".." || s == "."),
            "{raw:?} → {key:?}"
        );
        assert!(!key.contains(char::is_control), "{raw:?} → {key:?}");
        assert_eq!(key, key.to_lowercase(), "{raw:?}");
        let file = entry_file(&key);
        assert!(file.starts_with("/data/p/") && file.len() == "/data/p/".len() + 16 + 5);
        // A key is its own normal form, unless decoding made new escapes or
        // a query (`%2541` → `%41`, `%3F` → `?`): a key is looked up as it is.
        if !key.contains(['%', '?', '#']) {
            assert_eq!(normalize(&key).as_deref(), Some(key.as_str()), "{raw:?}");
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for _ in 0..20_000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let raw = String::from_utf8_lossy(&bytes);
        if let Some(key) = normalize(&raw) {
            assert!(key.starts_with('/') && !key.contains("//"), "{raw:?}");
        }
        let _ = lang_of(&raw, &["it", "en"]);
    }
}

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

/// Targets an author (or an attacker editing content) might write.
const TARGETS: &[&str] = &[
    "https://innovazione.gov.it/x/",
    "HTTPS://A.EXAMPLE",
    "http://a.example/",
    "/it/b",
    "/it/b?x#y",
    "//evil.example/x",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "mailto:a@b.example",
    "https:evil.example",
    "https:/evil.example",
    "evil.example",
    "",
    " /it/b",
    "%2F%2Fevil.example",
];

const TAILS: &[&str] = &["", "?preview", "?a=1#top", "#x", "?preview=1&a=//evil"];

/// Whether an in-site redirect is safe to hand to the router.
fn safe_redirect(to: &str) -> bool {
    to.starts_with('/') && !to.starts_with("//") && !to.starts_with("/\\")
}

#[test]
fn nav_action_only_follows_what_the_entry_wrote() {
    for target in TARGETS {
        for tail in TAILS {
            for preview in [false, true] {
                let entries = [
                    page(Some(target)),
                    old("/it/a", Some(target)),
                    old(target, None),
                ];
                for entry in &entries {
                    let written: Vec<&str> = match entry {
                        Entry::Page(p) => p.redirect_to.iter().map(String::as_str).collect(),
                        Entry::Redirect(r) => r.external.iter().map(String::as_str).collect(),
                    };
                    match action(entry, tail, preview) {
                        Action::Show => {}
                        Action::Leave(url) => {
                            assert!(
                                written.contains(&url.as_str()),
                                "{entry:?}: leaves for {url:?}, not written in the entry"
                            );
                            let lower = url.to_ascii_lowercase();
                            assert!(
                                lower.starts_with("https://") || lower.starts_with("http://"),
                                "{entry:?}: leaves for {url:?}"
                            );
                            assert!(!preview, "preview never leaves: {entry:?}");
                        }
                        Action::Redirect(to) => {
                            assert!(safe_redirect(&to), "{entry:?} {tail:?}: redirect to {to:?}");
                            assert!(to.ends_with(tail), "{to:?} keeps {tail:?}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn nav_action_table() {
    let ext = "https://innovazione.gov.it/x/";
    let cases = [
        (page(Some("//evil.example/x")), "", false, Action::Show),
        (page(Some("/\\evil.example")), "", false, Action::Show),
        (page(Some("javascript:alert(1)")), "", false, Action::Show),
        (page(Some("data:text/html,x")), "", false, Action::Show),
        (
            page(Some("/it/b")),
            "?a=1",
            false,
            Action::Redirect("/it/b?a=1".into()),
        ),
        (page(Some(ext)), "", false, Action::Leave(ext.into())),
        (page(Some(ext)), "?preview", true, Action::Show),
        (
            old("/it/a", Some("javascript:alert(1)")),
            "",
            false,
            Action::Redirect("/it/a".into()),
        ),
        (
            old("/it/a", Some(ext)),
            "",
            false,
            Action::Leave(ext.into()),
        ),
        (old("//evil.example/x", None), "", false, Action::Show),
        (old("/\\evil.example", None), "", false, Action::Show),
        (old("https://evil.example", None), "", false, Action::Show),
    ];
    for (entry, tail, preview, expected) in cases {
        assert_eq!(action(&entry, tail, preview), expected, "{entry:?} {tail}");
    }
}

/// Every permalink the build accepts is already a key (so that the file it
/// writes is the file the browser asks for).
#[test]
fn accepted_permalinks_are_keys() {
    for url in [
        "/it/lavora-con-noi",
        "/it/jobpositions/technical-project-manager.htm",
        "/it/",
        "/",
        "/it/caffè",
    ] {
        assert!(tdt_preprocess::page::is_plain_path(url), "{url}");
        let key = normalize(url).unwrap();
        assert_eq!(normalize(&key).as_deref(), Some(key.as_str()), "{url}");
    }
    for url in [
        "//evil", "/it/../x", "/it/%2e", "it/x", "/a b", "/a?b", "/a\\b",
    ] {
        assert!(!tdt_preprocess::page::is_plain_path(url), "{url}");
    }
}
