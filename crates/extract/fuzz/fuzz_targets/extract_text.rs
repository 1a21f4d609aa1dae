//! Fuzz target: no input bytes may make the extractor or the structured normaliser panic.
//! Run: `cd crates/extract/fuzz && cargo +nightly fuzz run extract_text`
#![no_main]

use dragnet_core::{Country, IndicatorType, RawIndicator};
use dragnet_extract::{Context, shared};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let region = data.first().and_then(|b| ["US", "GB", "DE", "FR", "ES", "AU", "IN"].get(usize::from(*b) % 8).copied());
    let ctx = Context { default_region: region.and_then(|r| Country::parse(r).ok()) };
    let _ = shared().extract_text(&text, &ctx);
    for ty in IndicatorType::ALL {
        let _ = shared().normalise(&RawIndicator { ty, value: text.to_string() }, &ctx);
    }
});
