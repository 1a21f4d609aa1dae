//! FORMATS.md §3 summaries: exact JSON shape, USD normalisation, sorting, `--shared`.

use crate::helpers::*;
use dragnet_cluster::Policy;
use serde_json::json;

#[test]
fn summary_json_has_the_formats_fields() {
    let mut a = with_victim(
        node(
            "microsoft-dcu/MS-2023-000123",
            &["phone:+18885550147", "domain:microsoft-help.example"],
        ),
        "h1",
        at(14, 16),
        Some(("499.00", "EUR")),
    );
    a = with_country(a, "DE");
    let mut b = with_victim(
        node("amazon/AMZ-88812", &["phone:+18885550147"]),
        "h2",
        at(15, 9),
        Some(("15633", "JPY")),
    );
    b.brand = Some("Amazon".into());
    b = with_country(b, "US");
    let mut c = with_victim(
        node(
            "amazon/AMZ-88813",
            &["phone:+18885550147", "!domain:microsoft.com"],
        ),
        "h3",
        at(16, 9),
        Some(("50", "USD")),
    );
    c.narrative_brands = vec!["Microsoft".into()];
    c = with_country(c, "US");
    let e = engine_of(&Policy::default(), &[a, b, c]);
    let s = e.summaries(2);
    assert_eq!(s.len(), 1);
    assert_eq!(
        serde_json::to_value(&s[0]).unwrap(),
        json!({
            "cluster": "c-1",
            "reports": ["MS-2023-000123", "AMZ-88812", "AMZ-88813"],
            "sources": ["amazon", "microsoft-dcu"],
            "brands": ["Microsoft", "Amazon"],
            "countries": {"DE": 1, "US": 2},
            "indicators": [
                {"type": "phone", "value": "+18885550147", "reports": 3},
                {"type": "domain", "value": "microsoft-help.example", "reports": 1}
            ],
            "loss": {"currency": "USD", "amount": "711.90", "rates_date": "2023-12-29",
                     "by_currency": {"EUR": "499.00", "JPY": "15633", "USD": "50.00"}},
            "report_keys": ["microsoft-dcu/MS-2023-000123", "amazon/AMZ-88812", "amazon/AMZ-88813"],
            "victims": 3,
            "incidents": 3,
            "shared": true,
            "first_seen": "2023-09-14T16:00:00Z",
            "last_seen": "2023-09-16T09:00:00Z",
            "merged_from": []
        })
    );
    assert!(s[0].is_shared());
}

#[test]
fn usd_totals_per_currency_and_unconverted() {
    let e = engine_of(
        &Policy::default(),
        &[
            with_victim(
                node("s/1", &["phone:+18885550101"]),
                "a",
                at(1, 1),
                Some(("100", "EUR")),
            ),
            with_victim(
                node("s/2", &["phone:+18885550101"]),
                "b",
                at(1, 2),
                Some(("100.005", "BHD")),
            ),
            with_victim(
                node("s/3", &["phone:+18885550101"]),
                "c",
                at(1, 3),
                Some(("1000", "INR")),
            ),
            with_victim(
                node("s/4", &["phone:+18885550101"]),
                "d",
                at(1, 4),
                Some(("0.10", "USD")),
            ),
        ],
    );
    let l = &e.summaries(2)[0].loss;
    assert_eq!(l.amount, "122.62"); // 110.50 + 12.0233… + 0.10
    assert_eq!(l.unconverted, vec!["BHD".to_string()]);
    assert_eq!(
        l.by_currency.get("BHD").map(String::as_str),
        Some("100.005")
    );
}

#[test]
fn sorted_by_victims_and_filtered_by_size() {
    let mut nodes = Vec::new();
    for i in 0..2 {
        nodes.push(node(&format!("ms/small{i}"), &["phone:+18885550001"]));
    }
    for i in 0..4 {
        nodes.push(node(&format!("amz/big{i}"), &["phone:+18885550002"]));
    }
    let e = engine_of(&Policy::default(), &nodes);
    let all = e.summaries(0);
    assert_eq!(
        all.iter()
            .map(|s| (s.cluster.as_str(), s.victims))
            .collect::<Vec<_>>(),
        vec![("c-2", 4), ("c-1", 2)]
    );
    assert_eq!(e.summaries(3).len(), 1);
    assert!(e.summaries(2).iter().all(|s| !s.shared));
}
