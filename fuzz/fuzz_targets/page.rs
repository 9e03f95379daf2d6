//! Any bytes as a page file: `page::process` answers Ok or Err, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tdt_preprocess::page;

fuzz_target!(|bytes: &[u8]| {
    let mut warnings = Vec::new();
    let _ = page::process(
        "content/it/fuzz.md",
        "it/fuzz.md",
        bytes,
        &["it", "en"],
        &mut warnings,
    );
});
