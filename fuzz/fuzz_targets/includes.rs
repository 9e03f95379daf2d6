//! Any text as a site include and a page body that uses it: the include
//! renderer answers Ok or Err, never panics. The input is split at its
//! first NUL byte: the include `a.html` before, the body after (a body
//! without one includes `a.html`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tdt_preprocess::templates::{Engine, empty_page};

fuzz_target!(|text: &str| {
    let (include, body) = text
        .split_once('\0')
        .unwrap_or((text, "{% include a.html x=1 %}"));
    let mut warnings = Vec::new();
    let sources = vec![(
        "content/_includes/a.html".to_string(),
        "a.html".to_string(),
        include.to_string(),
    )];
    let engine = Engine::from_sources(sources, Default::default(), &mut warnings);
    let page = empty_page();
    let _ = engine.render("content/it/fuzz.md", body, 5, &page, &mut warnings);
});
