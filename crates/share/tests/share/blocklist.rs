//! Blocklists: selection by type and confidence, warninglisted values never present, exact
//! renderings, and a zone that a DNS server's checker accepts.

use crate::fixtures::now;
use dragnet_core::IndicatorType::{self, Domain, Phone, Url};
use dragnet_share::SharedIndicator;
use dragnet_share::blocklist::{Blocklist, RpzZone};

fn ind(
    ty: IndicatorType,
    value: &str,
    confidence: Option<u8>,
    warning: Option<&str>,
) -> SharedIndicator {
    let mut i = SharedIndicator::new(ty, value);
    i.confidence = confidence;
    i.warning = warning.map(String::from);
    i
}

fn sample() -> Vec<SharedIndicator> {
    vec![
        ind(Phone, "+18885550147", Some(90), None),
        ind(Domain, "microsoft-help-desk.com", Some(80), None),
        ind(Domain, "xn--micrsoft-help-vkb.com", Some(75), None),
        ind(
            Domain,
            "microsoft.com",
            Some(99),
            Some("microsoft-official-domains"),
        ),
        ind(
            Phone,
            "+18006427676",
            Some(95),
            Some("microsoft-official-support"),
        ),
        ind(Domain, "low-confidence.com", Some(30), None),
        ind(Domain, "unknown-confidence.com", None, None),
        ind(
            Url,
            "https://microsoft-help-desk.com/fix,now",
            Some(90),
            None,
        ),
        // Same value twice: merged, higher confidence kept.
        ind(Phone, "+18885550147", Some(95), None),
        // Warninglisted in one copy only: stays out.
        ind(Domain, "amazon.com", Some(90), None),
        ind(
            Domain,
            "amazon.com",
            Some(90),
            Some("amazon-official-domains"),
        ),
        // Not a DNS name: never in hosts/RPZ.
        ind(Domain, "bad domain;.com", Some(90), None),
    ]
}

fn list(types: &[IndicatorType], min: u8) -> Blocklist {
    Blocklist::new("scam-infra", now(), &sample(), types, min)
}

#[test]
fn selection_table() {
    let cases: [(&[IndicatorType], u8, &[&str]); 4] = [
        (
            &[Phone, Domain],
            50,
            &[
                "+18885550147",
                "bad domain;.com",
                "microsoft-help-desk.com",
                "xn--micrsoft-help-vkb.com",
            ],
        ),
        (&[Phone], 0, &["+18885550147"]),
        (
            &[Domain],
            0,
            &[
                "bad domain;.com",
                "low-confidence.com",
                "microsoft-help-desk.com",
                "unknown-confidence.com",
                "xn--micrsoft-help-vkb.com",
            ],
        ),
        (
            &[],
            85,
            &[
                "+18885550147",
                "https://microsoft-help-desk.com/fix,now",
                "bad domain;.com",
            ],
        ),
    ];
    for (types, min, expected) in cases {
        let b = list(types, min);
        let got: Vec<&str> = b.entries().iter().map(|e| e.value.as_str()).collect();
        assert_eq!(got, expected, "{types:?} >= {min}");
    }
    assert_eq!(list(&[Phone], 0).entries()[0].confidence, Some(95));
}

#[test]
fn warninglisted_values_never_appear_in_any_rendering() {
    let b = list(&[], 0);
    for text in [
        b.plain_text(),
        b.csv(),
        b.hosts(),
        b.rpz(&RpzZone::default()),
    ] {
        for banned in ["microsoft.com\n", "+18006427676", "amazon.com"] {
            assert!(!text.contains(banned), "{banned} in\n{text}");
        }
    }
}

#[test]
fn plain_text_and_csv() {
    let b = list(&[Phone, Domain, Url], 75);
    assert_eq!(
        b.plain_text(),
        "# scam-infra: Dragnet blocklist, generated 2024-01-10T12:30:15.000Z, 5 entries\n\
         +18885550147\nhttps://microsoft-help-desk.com/fix,now\nbad domain;.com\nmicrosoft-help-desk.com\nxn--micrsoft-help-vkb.com\n"
    );
    assert_eq!(
        b.csv(),
        "type,value,confidence,first_seen,last_seen\n\
         phone,+18885550147,95,,\n\
         url,\"https://microsoft-help-desk.com/fix,now\",90,,\n\
         domain,bad domain;.com,90,,\n\
         domain,microsoft-help-desk.com,80,,\n\
         domain,xn--micrsoft-help-vkb.com,75,,\n"
    );
}

#[test]
fn hosts_and_rpz() {
    let b = list(&[Domain], 75);
    assert_eq!(
        b.hosts(),
        "# scam-infra: Dragnet blocklist, generated 2024-01-10T12:30:15.000Z, 3 entries\n\
         0.0.0.0 microsoft-help-desk.com\n0.0.0.0 xn--micrsoft-help-vkb.com\n"
    );
    let zone = RpzZone {
        origin: "rpz.dragnet.example".into(),
        ..RpzZone::default()
    };
    assert_eq!(
        b.rpz(&zone),
        "; scam-infra: Dragnet blocklist, generated 2024-01-10T12:30:15.000Z, 3 entries\n\
         $ORIGIN rpz.dragnet.example.\n\
         $TTL 300\n\
         @ IN SOA localhost. hostmaster.localhost. 1704889815 3600 600 604800 300\n\
         @ IN NS localhost.\n\
         microsoft-help-desk.com CNAME .\n\
         *.microsoft-help-desk.com CNAME .\n\
         xn--micrsoft-help-vkb.com CNAME .\n\
         *.xn--micrsoft-help-vkb.com CNAME .\n"
    );
}

/// When BIND's `named-checkzone` is installed, the zone must load. With
/// DRAGNET_REQUIRE_DNS_TOOLS=1 a missing checker fails the test instead of skipping.
#[test]
fn rpz_zone_loads_in_named_checkzone() {
    let zone = RpzZone {
        origin: "rpz.dragnet.example.".into(),
        ..RpzZone::default()
    };
    let text = list(&[], 0).rpz(&zone);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rpz.zone");
    std::fs::write(&path, &text).unwrap();
    match std::process::Command::new("named-checkzone")
        .arg("rpz.dragnet.example")
        .arg(&path)
        .output()
    {
        Ok(out) => {
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "named-checkzone rejected the zone:\n{stdout}\n{text}"
            );
            assert!(stdout.contains("OK"), "{stdout}");
        }
        Err(e) => {
            let required = std::env::var("DRAGNET_REQUIRE_DNS_TOOLS").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "DRAGNET_REQUIRE_DNS_TOOLS=1 but named-checkzone is missing: {e}"
            );
            eprintln!("skipping: named-checkzone not installed ({e})");
        }
    }
}
