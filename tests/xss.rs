//! Hostile content, natively: the XSS fixture site (also served to a browser
//! by tests/browser/xss.test.mjs) builds, warns about what it drops, and
//! writes no markup that could run; job forms and iframes are https only.

use std::path::Path;
use tdt_model::model::Entry;
use tdt_preprocess::diag::Diagnostics;
use tdt_preprocess::sanitize::{clean, problems};
use tdt_preprocess::{Options, generate};

fn build() -> (Vec<(String, Entry)>, Vec<String>) {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xss-site/content");
    // A main thread's stack, as the command line has.
    std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let mut diags = Diagnostics::default();
            let options = Options {
                content,
                out: std::env::temp_dir().join("tdt-xss-unused"),
                shell: None,
                stylesheet: None,
                search_docs: None,
                worker: false,
            };
            let files = generate(&options, &mut diags);
            let messages: Vec<String> = diags
                .items
                .iter()
                .map(|d| format!("{}:{}: {}", d.file, d.line, d.message))
                .collect();
            let (files, _, _) =
                files.unwrap_or_else(|| panic!("the build failed:\n{}", messages.join("\n")));
            let entries = files
                .into_iter()
                .filter(|f| f.path.starts_with("data/p/"))
                .map(|f| {
                    let entry = serde_json::from_slice(&f.bytes).expect("entry JSON");
                    (f.path, entry)
                })
                .collect();
            (entries, messages)
        })
        .expect("spawn")
        .join()
        .expect("the build panicked")
}

/// Every string in an entry that the app puts into the page as HTML.
fn html_of(entry: &Entry) -> Vec<String> {
    let value = serde_json::to_value(entry).expect("entry as JSON");
    let mut found = Vec::new();
    fn walk(value: &serde_json::Value, key: &str, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, k, found)),
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, key, found)),
            serde_json::Value::String(s) if key == "html" || key == "desc" => found.push(s.clone()),
            _ => {}
        }
    }
    walk(&value, "", &mut found);
    found
}

#[test]
fn the_xss_site_builds_with_warnings_and_no_live_markup() {
    let (entries, warnings) = build();
    assert!(entries.len() >= 9, "{} entries", entries.len());
    assert!(
        warnings.len() >= 50,
        "only {} warnings:\n{}",
        warnings.len(),
        warnings.join("\n")
    );
    for expected in [
        "`jazz_url` `http://insecure.example/apply` is not an https URL",
        "`jazz_url` `javascript:window.__xss=1` is not an https URL",
        "`jazz_url` `data:text/html,<script>alert(1)</script>` is not an https URL",
        "removed the iframe source `http://insecure.example/frame`: iframes must use https",
        "removed the `srcdoc` attribute of <iframe>",
        "removed <script> element",
        "removed the `onerror` attribute of <img>",
        "removed the URL `&#106;avascript:alert(1)`",
        "removed the URL `vbscript:msgbox(1)`",
        "removed <base> element",
        "removed <meta> element",
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(expected)),
            "no warning `{expected}`:\n{}",
            warnings.join("\n")
        );
    }
    let forbidden = [
        "<script",
        "<svg",
        "<math",
        "<style",
        "<base",
        "<meta",
        "<form",
        "<object",
        "<embed",
        "<link",
        "<template",
        "srcdoc",
        "javascript:",
        "vbscript:",
        "data:",
        " style=",
        "formaction",
        "xlink:",
    ];
    let mut checked = 0;
    for (path, entry) in &entries {
        for html in html_of(entry) {
            checked += 1;
            let lower = html.to_ascii_lowercase();
            for bad in forbidden {
                // Escaped text (`&lt;script`) is fine; only markup counts.
                assert!(
                    !lower.contains(bad) || !markup_contains(&lower, bad),
                    "{path}: `{bad}` in {html}"
                );
            }
            assert!(
                !has_event_handler(&lower),
                "{path}: event handler in {html}"
            );
            for src in attribute_values(&lower, "<iframe", "src") {
                assert!(src.starts_with("https://"), "{path}: iframe src {src}");
            }
        }
        if let Entry::Page(page) = entry
            && let Some(job) = &page.job
            && let Some(form) = &job.apply
        {
            assert!(
                form.url.starts_with("https://"),
                "{path}: job form {}",
                form.url
            );
        }
    }
    assert!(checked >= 10, "only {checked} HTML fragments checked");
}

/// Whether `needle` occurs inside a tag (between `<` and `>`), not in text.
fn markup_contains(html: &str, needle: &str) -> bool {
    let mut in_tag = false;
    for (i, c) in html.char_indices() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        if (in_tag || needle.starts_with('<')) && html[i..].starts_with(needle) {
            return true;
        }
    }
    false
}

/// Whether any tag carries an `on…=` attribute.
fn has_event_handler(html: &str) -> bool {
    html.split('<').skip(1).any(|tag| {
        let tag = tag.split('>').next().unwrap_or_default();
        tag.split(|c: char| c.is_whitespace() || c == '/')
            .skip(1)
            .any(|attr| attr.starts_with("on") && attr.contains('='))
    })
}

/// The values of `name="…"` in every tag starting with `open`.
fn attribute_values(html: &str, open: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(open)
        .filter_map(|(at, _)| {
            let tag = &html[at..at + html[at..].find('>')?];
            let start = tag.find(&needle)? + needle.len();
            Some(tag[start..start + tag[start..].find('"')?].to_string())
        })
        .collect()
}

#[test]
fn iframes_are_https_only() {
    let kept = [
        "<iframe src=\"https://a.example/f\"></iframe>",
        "<iframe src=\"HTTPS://a.example/f\"></iframe>",
    ];
    for html in kept {
        assert!(clean(html).contains("src="), "{html} → {}", clean(html));
        assert!(problems(html).is_empty(), "{html}: {:?}", problems(html));
    }
    let dropped = [
        "<iframe src=\"http://a.example/f\"></iframe>",
        "<iframe src=\"//a.example/f\"></iframe>",
        "<iframe src=\"/it/page\"></iframe>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe src=\"JaVaScRiPt:alert(1)\"></iframe>",
        "<iframe src=\"&#106;avascript:alert(1)\"></iframe>",
        "<iframe src=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<iframe src=\"ftp://a.example/\"></iframe>",
        "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
        "<IFRAME SRC=http://a.example/></IFRAME>",
    ];
    for html in dropped {
        let out = clean(html);
        assert!(!out.contains("src"), "{html} → {out}");
        assert!(!problems(html).is_empty(), "{html}: no warning");
    }
}
