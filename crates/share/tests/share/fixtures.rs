//! A representative operation and indicator set shared by the suites.

use chrono::{DateTime, TimeZone, Utc};
use dragnet_cluster::summary::{ClusterSummary, IndicatorCount, LossSummary};
use dragnet_core::IndicatorType;
use dragnet_share::SharedIndicator;
use std::collections::BTreeMap;

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 30, 15).unwrap()
}

pub fn now() -> DateTime<Utc> {
    at(2024, 1, 10)
}

fn ic(ty: IndicatorType, value: &str, reports: usize) -> IndicatorCount {
    IndicatorCount {
        ty,
        value: value.to_string(),
        reports,
        hub: false,
    }
}

/// Operation c-17: every indicator type Dragnet shares, two brands, three countries.
pub fn operation() -> ClusterSummary {
    ClusterSummary {
        cluster: "c-17".into(),
        reports: vec![
            "MS-2023-000123".into(),
            "AMZ-88812".into(),
            "MS-2023-000200".into(),
        ],
        sources: vec!["microsoft-dcu".into(), "amazon".into()],
        brands: vec!["Microsoft".into(), "Amazon".into()],
        countries: BTreeMap::from([("US".into(), 12), ("DE".into(), 3), ("IN".into(), 1)]),
        indicators: vec![
            ic(IndicatorType::Phone, "+18885550147", 9),
            ic(IndicatorType::Domain, "microsoft-help-desk.com", 5),
            ic(
                IndicatorType::Url,
                "https://microsoft-help-desk.com/fix?id=1",
                4,
            ),
            ic(IndicatorType::Email, "support@microsoft-help-desk.com", 2),
            ic(IndicatorType::Ip, "198.51.100.7", 2),
            ic(IndicatorType::Ip, "2001:db8::7", 1),
            ic(IndicatorType::RemoteAccessId, "anydesk:123456789", 3),
            ic(
                IndicatorType::CryptoWallet,
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                2,
            ),
            ic(IndicatorType::Iban, "DE89370400440532013000", 2),
            IndicatorCount {
                hub: true,
                ..ic(IndicatorType::Phone, "+448000418888", 6)
            },
        ],
        loss: LossSummary {
            currency: "USD".into(),
            amount: "15230.00".into(),
            rates_date: "2023-12-29".into(),
            by_currency: BTreeMap::from([("USD".into(), "15230.00".into())]),
            unconverted: vec![],
        },
        report_keys: vec![
            "microsoft-dcu/MS-2023-000123".into(),
            "amazon/AMZ-88812".into(),
            "microsoft-dcu/MS-2023-000200".into(),
        ],
        victims: 16,
        incidents: 17,
        shared: true,
        first_seen: Some(at(2023, 9, 14)),
        last_seen: Some(at(2023, 11, 2)),
        merged_from: vec![],
        split_from: None,
    }
}

/// Indicators outside any operation, with kinds and confidence, and one warninglisted.
pub fn loose_indicators() -> Vec<SharedIndicator> {
    let mut gift = SharedIndicator::new(IndicatorType::GiftCard, "google_play:X4KQ7PZR9T2M")
        .with_kind("google_play");
    gift.confidence = Some(70);
    let mut official = SharedIndicator::new(IndicatorType::Domain, "microsoft.com");
    official.warning = Some("microsoft-official-domains".into());
    vec![
        gift,
        SharedIndicator::new(IndicatorType::Phone, "+18005550199").with_confidence(90),
        SharedIndicator::new(IndicatorType::Url, "http://amaz0n-refund.net/it's")
            .with_confidence(80),
        SharedIndicator::new(IndicatorType::Other, "call me back"),
        official,
    ]
}

/// Runs `scripts/validate-stix` with `args` (files last) and returns its stdout, or `None`
/// when the Python checks are not requested. With DRAGNET_REQUIRE_PYTHON=1 (the test
/// script sets it) they run, and a missing python3 or script fails instead of skipping;
/// DRAGNET_STIX_VALIDATE=1 runs them without making Python mandatory.
pub fn run_validator(args: &[&std::ffi::OsStr]) -> Option<String> {
    let required = std::env::var("DRAGNET_REQUIRE_PYTHON").is_ok_and(|v| v == "1");
    let wanted = required || std::env::var("DRAGNET_STIX_VALIDATE").is_ok_and(|v| v == "1");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/validate-stix");
    let has_python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !wanted || !has_python || !script.exists() {
        assert!(
            !required,
            "DRAGNET_REQUIRE_PYTHON=1 but python3 or {} is missing",
            script.display()
        );
        eprintln!("skipping the Python validators: set DRAGNET_REQUIRE_PYTHON=1 to run them");
        return None;
    }
    let out = std::process::Command::new(&script)
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}\n{stderr}");
    assert!(
        out.status.success(),
        "validator rejected a file:\n{stdout}\n{stderr}"
    );
    Some(stdout)
}
