//! The fixture corpus (`fixtures/narratives.jsonl`, 230 narratives in en/de/es/fr): every
//! narrative's extraction must equal its hand-checked expectation, and the full output
//! (raw text, kind, country, warning) is pinned by insta snapshots, one per language.

use dragnet_core::Country;
use dragnet_extract::{Context, Extractor};
use serde_json::{Value, json};

fn rows() -> Vec<Value> {
    include_str!("fixtures/narratives.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("fixture lines are JSON"))
        .collect()
}

fn ctx(row: &Value) -> Context {
    Context {
        default_region: row["region"].as_str().and_then(|r| Country::parse(r).ok()),
    }
}

#[test]
fn corpus_is_big_and_covers_all_languages_and_types() {
    let rows = rows();
    assert!(rows.len() >= 200, "{} narratives", rows.len());
    for lang in ["en", "de", "es", "fr"] {
        assert!(
            rows.iter().filter(|r| r["lang"] == lang).count() >= 30,
            "{lang}"
        );
    }
    for ty in [
        "phone",
        "url",
        "domain",
        "email",
        "ip",
        "remote_access_id",
        "crypto_wallet",
        "iban",
        "gift_card",
    ] {
        let n = rows
            .iter()
            .flat_map(|r| r["expected"].as_array().cloned().unwrap_or_default())
            .filter(|i| i["type"] == ty)
            .count();
        assert!(n >= 10, "{ty}: only {n} expected indicators");
    }
}

#[test]
fn every_narrative_gives_exactly_the_expected_indicators() {
    let x = Extractor::new();
    let mut failures = Vec::new();
    for row in rows() {
        let got: Vec<(String, String)> = x
            .extract_text(row["text"].as_str().unwrap_or(""), &ctx(&row))
            .into_iter()
            .map(|i| (i.ty.to_string(), i.value))
            .collect();
        let mut want: Vec<(String, String)> = row["expected"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                (
                    i["type"].as_str().unwrap_or("").to_string(),
                    i["value"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        want.sort();
        if got_sorted != want {
            failures.push(format!("{}: got {got:?}, want {want:?}", row["id"]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn snapshots_per_language() {
    let x = Extractor::new();
    let rows = rows();
    for lang in ["en", "de", "es", "fr"] {
        let out: Vec<Value> = rows
            .iter()
            .filter(|r| r["lang"] == lang)
            .map(|r| json!({"id": r["id"], "indicators": x.extract_text(r["text"].as_str().unwrap_or(""), &ctx(r))}))
            .collect();
        insta::assert_json_snapshot!(format!("extracted_{lang}"), out);
    }
}
