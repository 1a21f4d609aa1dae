//! A STIX 2.1 bundle as received over TAXII or `dragnet share import`: parsing, pattern parsing
//! and mapping to indicators must not panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = dragnet_share::stix::import_bundle(text);
    // Patterns alone, too: the fuzzer reaches the pattern grammar faster without the bundle.
    let _ = dragnet_share::stix::pattern::parse(text);
});
