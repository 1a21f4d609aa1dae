//! The indicator extractor on arbitrary text: finding, normalising and warninglisting must not
//! panic, and normalising an indicator found again must not panic either.
#![no_main]
use dragnet_core::RawIndicator;
use dragnet_extract::{Context, shared};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ex = shared();
    let ctx = Context::default();
    for ind in ex.extract_text(text, &ctx) {
        let raw = RawIndicator {
            ty: ind.ty,
            value: ind.value.clone(),
        };
        let _ = ex.normalise(&raw, &ctx);
    }
});
