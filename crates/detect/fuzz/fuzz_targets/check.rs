//! Oracle: no panic. Every byte string is checked as a value, a text and a page.
#![no_main]
use dragnet_detect::{CheckInput, Lang, NoKnowledge, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data).into_owned();
    let _ = check(&CheckInput::Value(s.clone()), Lang::En, &NoKnowledge);
    let _ = check(&CheckInput::Text(s.clone()), Lang::De, &NoKnowledge);
    let _ = check(&CheckInput::Page(s), Lang::Fr, &NoKnowledge);
});
