//! Any string as a URL path: normalisation, lookup and language never panic,
//! and normalising is idempotent on what it returns.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tdt_model::route;

fuzz_target!(|bytes: &[u8]| {
    let raw = String::from_utf8_lossy(bytes);
    let langs = ["it", "en"];
    let _ = route::lang_of(&raw, &langs);
    let _ = route::query_fragment(&raw);
    let _ = route::is_external(&raw);
    if let Some(key) = route::normalize(&raw) {
        assert!(key.starts_with('/'), "{key:?}");
        assert!(!key.contains("//"), "{key:?}");
        let file = route::entry_file(&key);
        assert!(file.starts_with("/data/p/") && file.ends_with(".json"));
        let _ = route::shard_file(&key, route::shard_bits(bytes.len() * 97));
        let _ = route::lang_of(&key, &langs);
        // Decoding may make new escapes or a query (`%2541`, `%3F`): such keys
        // are looked up as they are, not normalised again.
        if !key.contains(['%', '?', '#']) {
            assert_eq!(
                route::normalize(&key).as_deref(),
                Some(key.as_str()),
                "{raw:?}"
            );
        }
    }
});
