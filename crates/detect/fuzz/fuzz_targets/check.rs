//! Oracle: no panic. Every byte string is checked as a value, as each indicator type, as a
//! text, as a page, and as a fetched page whose address is the input's first line.
#![no_main]
use dragnet_core::IndicatorType;
use dragnet_detect::{CheckInput, Detector, Lang, NoKnowledge, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data).into_owned();
    let _ = check(&CheckInput::Value(s.clone()), Lang::En, &NoKnowledge);
    for ty in IndicatorType::ALL {
        let _ = check(
            &CheckInput::Typed {
                ty,
                value: s.clone(),
            },
            Lang::Es,
            &NoKnowledge,
        );
    }
    let _ = check(&CheckInput::Text(s.clone()), Lang::De, &NoKnowledge);
    let _ = check(&CheckInput::Page(s.clone()), Lang::Fr, &NoKnowledge);
    let (first, rest) = s.split_once('\n').unwrap_or((s.as_str(), ""));
    let urls = vec![first.to_string(), format!("https://{first}/")];
    let _ = Detector::builtin().check_fetched(&urls, rest, Lang::En, None, &NoKnowledge);
});
