//! Any text as a data file: the app's decoder (`tdt_model::json`) never
//! panics, and whenever both it and serde read a value from the same text,
//! it is the same value. (The app's decoder is laxer on missing and
//! repeated fields, and stricter on where a tag goes.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use tdt_model::json;
use tdt_model::model::{Entry, Site};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Some(value) = json::from_str::<Entry>(text) {
        if let Ok(serde) = serde_json::from_str::<Entry>(text) {
            assert_eq!(&serde, &value);
        }
    }
    if let Some(value) = json::from_str::<Site>(text) {
        if let Ok(serde) = serde_json::from_str::<Site>(text) {
            assert_eq!(&serde, &value);
        }
    }
    let _ = json::from_str::<Vec<String>>(text);
});
