//! A MISP event (JSON) as received from a MISP instance: mapping must not panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = dragnet_share::misp::import_event(text);
});
