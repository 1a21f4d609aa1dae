//! One JSONL line of a report file (FORMATS.md §1): parse and validate, then turn the accepted
//! report back into JSON and parse that again (it must be accepted the second time too).
#![no_main]
use dragnet_core::ReportInput;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for line in text.lines() {
        if let Ok(r) = ReportInput::from_json_line(line) {
            let again = ReportInput::from_json_value(&r.to_json());
            assert!(again.is_ok(), "a report's own JSON is refused: {again:?}");
            let _ = r.effective_id();
        }
    }
});
