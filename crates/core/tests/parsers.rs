//! The report parsers (JSONL lines, CSV header and records) never panic on hostile input, and
//! an accepted report's own JSON is accepted again: the in-suite counterpart of the cargo-fuzz
//! targets `report_jsonl` and `report_csv` (fuzz/, scripts/fuzz), run on every `scripts/test`.

use dragnet_core::ReportInput;
use dragnet_core::report::{CSV_COLUMNS, CsvHeader};
use proptest::prelude::*;

fn round_trips(line: &str) {
    if let Ok(r) = ReportInput::from_json_line(line) {
        let again = ReportInput::from_json_value(&r.to_json());
        assert!(again.is_ok(), "{line}: its own JSON is refused: {again:?}");
        let _ = r.effective_id();
    }
}

/// JSON objects with the report's field names and values of any JSON shape.
fn report_like() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("null".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        "\\PC{0,30}".prop_map(|s| serde_json::Value::String(s).to_string()),
        Just(r#"{"amount":"12.5","currency":"EUR"}"#.to_string()),
        Just(r#"{"amount":"-1","currency":"XXX"}"#.to_string()),
        Just(r#"[{"type":"phone","value":"0800 123 4567"}]"#.to_string()),
        Just(r#"[{"type":"iban","value":""},{"type":"nonsense"}]"#.to_string()),
        Just(r#"{"country":"DE","email":"x@y","phone":"+4930"}"#.to_string()),
        Just("[]".to_string()),
    ];
    let names = prop::sample::select(vec![
        "id",
        "source",
        "received_at",
        "reporter",
        "contact_method",
        "brand",
        "narrative",
        "loss",
        "payment_method",
        "indicators",
        "extra",
    ]);
    prop::collection::vec((names, value), 0..8).prop_map(|fields| {
        let body: Vec<String> = fields
            .into_iter()
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect();
        format!("{{{}}}", body.join(","))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn jsonl_lines_never_panic(s in "\\PC{0,200}") {
        round_trips(&s);
    }

    #[test]
    fn report_shaped_json_never_panics_and_round_trips(s in report_like()) {
        round_trips(&s);
    }

    #[test]
    fn csv_records_never_panic(
        header in prop::collection::vec(prop::sample::select(CSV_COLUMNS.to_vec()), 1..8),
        rows in prop::collection::vec(prop::collection::vec("\\PC{0,20}", 0..9), 0..4),
    ) {
        let names: Vec<&str> = header.to_vec();
        if let Ok(h) = CsvHeader::parse(&names) {
            for row in &rows {
                let fields: Vec<&str> = row.iter().map(String::as_str).collect();
                let _ = h.parse_record(&fields);
            }
        }
    }
}

/// The committed fuzz seeds parse (or are refused) without panicking.
#[test]
fn fuzz_seeds_for_reports() {
    let seeds =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/report_jsonl");
    let mut n = 0;
    for entry in std::fs::read_dir(seeds).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            round_trips(line);
            n += 1;
        }
        assert!(ReportInput::from_json_line(text.lines().next().unwrap()).is_ok());
    }
    assert!(n > 0);
}
