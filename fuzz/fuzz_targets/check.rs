//! "Is this a scam?" on arbitrary input: the first byte picks the kind of input (value, text,
//! saved page) and the language; the verdict must come back or be a field-named error.
#![no_main]
use dragnet_detect::verdict::{CheckInput, NoKnowledge};
use dragnet_detect::{Detector, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let input = match sel % 3 {
        0 => CheckInput::Value(text.to_string()),
        1 => CheckInput::Text(text.to_string()),
        _ => CheckInput::Page(text.to_string()),
    };
    let lang = [Lang::En, Lang::De, Lang::Es, Lang::Fr][(sel as usize / 3) % 4];
    let _ = Detector::builtin().check(&input, lang, &NoKnowledge);
});
