//! A few generated pages with arbitrary permalinks, `redirect_from` and
//! `redirect_to`, resolved as a site: no panic, and every entry the app can
//! look up stays safe (redirects to site paths, never to `//host`; leaving
//! only for http(s) URLs written in the content).
//!
//! Input: pages separated by 0xFF; in each, fields separated by 0x00:
//! language byte, permalink, redirect_to, then redirect_from items. A field
//! starting with a byte below 0x10 picks from a small vocabulary, so that
//! collisions, chains and loops are common.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeMap, HashMap};
use tdt_preprocess::config::{Config, LanguageConfig};
use tdt_preprocess::diag::Diagnostics;
use tdt_preprocess::page::{self, Outcome};
use tdt_preprocess::site;
use tdt_model::model::Entry;
use tdt_model::ui::nav::{Action, action};

const VOCABULARY: &[&str] = &[
    "/it/a",
    "/it/b",
    "/en/a",
    "/",
    "/it",
    "/IT/A/",
    "/it/a/index.html",
    "https://teamdigitale.governo.it/it/b",
    "https://x.example/",
    "//evil.example/x",
    "javascript:alert(1)",
    "/it/c.htm",
    "/en/b",
    "HTTPS://TEAMDIGITALE.GOVERNO.IT",
    "",
    "/it/../it/a",
];

fn field(bytes: &[u8]) -> String {
    match bytes.first() {
        Some(b) if *b < 0x10 => VOCABULARY[usize::from(*b)].to_string(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn config() -> Config {
    let lang = |code: &str| LanguageConfig {
        code: code.into(),
        name: code.into(),
        title: code.into(),
    };
    Config {
        url: "https://teamdigitale.governo.it".into(),
        languages: vec![lang("it"), lang("en")],
        links: Default::default(),
        iframe_hosts: None,
    }
}

fuzz_target!(|data: &[u8]| {
    let config = config();
    let langs = config.codes();
    let mut pages = Vec::new();
    for (n, chunk) in data.split(|b| *b == 0xFF).take(8).enumerate() {
        let mut fields = chunk.split(|b| *b == 0);
        let lang = if fields
            .next()
            .and_then(|f| f.first())
            .is_some_and(|b| b & 1 == 1)
        {
            "en"
        } else {
            "it"
        };
        let mut yaml = format!("---\ntitle: P{n}\nlang: {lang}\n");
        if let Some(permalink) = fields.next() {
            yaml.push_str(&format!("permalink: {}\n", quoted(&field(permalink))));
        }
        if let Some(to) = fields.next().filter(|f| !f.is_empty()) {
            yaml.push_str(&format!("redirect_to: {}\n", quoted(&field(to))));
        }
        let from: Vec<String> = fields.take(4).map(|f| quoted(&field(f))).collect();
        if !from.is_empty() {
            yaml.push_str(&format!("redirect_from: [{}]\n", from.join(", ")));
        }
        yaml.push_str("---\nbody\n");
        let mut warnings = Vec::new();
        let rel = format!("{lang}/p{n}.md");
        if let Ok(Outcome::Page(parsed)) = page::process(
            &format!("content/{rel}"),
            &rel,
            yaml.as_bytes(),
            &langs,
            &mut warnings,
        ) {
            pages.push(*parsed);
        }
    }
    let mut diags = Diagnostics::default();
    let resolved = site::resolve(
        &pages,
        &config,
        &BTreeMap::new(),
        &HashMap::new(),
        &mut diags,
    );
    if diags.has_errors() {
        return;
    }
    for (key, entry) in &resolved.entries {
        assert!(key.starts_with('/'), "key {key:?}");
        for (tail, preview) in [("", false), ("?preview", true), ("?a=1#x", false)] {
            match action(entry, tail, preview) {
                Action::Show => {}
                Action::Redirect(to) => {
                    assert!(
                        to.starts_with('/') && !to.starts_with("//"),
                        "{key}: redirect {to:?}"
                    );
                }
                Action::Leave(url) => {
                    let lower = url.to_ascii_lowercase();
                    assert!(
                        lower.starts_with("https://") || lower.starts_with("http://"),
                        "{key}: leave for {url:?}"
                    );
                    let written = pages
                        .iter()
                        .any(|p| page::text(&p.front.redirect_to) == Some(url.as_str()));
                    assert!(written, "{key}: leave for {url:?}, not written in any page");
                }
            }
        }
        if let Entry::Redirect(r) = entry {
            assert!(
                r.to.starts_with('/') && !r.to.starts_with("//"),
                "{key}: {r:?}"
            );
        }
    }
});
