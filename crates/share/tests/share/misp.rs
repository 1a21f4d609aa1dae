//! MISP core format: export of an operation, round trip, import of events made by MISP.

use crate::fixtures::{loose_indicators, now, operation};
use dragnet_core::IndicatorType;
use dragnet_share::Tlp;
use dragnet_share::misp::{
    event_from_indicators, event_from_operation, import_event, import_event_value,
};
use serde_json::{Value, json};

#[test]
fn operation_event_has_typed_attributes_tags_and_stable_uuids() {
    let e = event_from_operation("Contoso Fraud Team", Tlp::Amber, &operation(), now());
    let ev = &e["Event"];
    assert_eq!(ev["date"], "2023-09-14");
    assert_eq!(
        ev["info"],
        "Dragnet operation c-17 impersonating Microsoft, Amazon: 16 victims, reported losses 15230.00 USD"
    );
    assert_eq!(ev["Orgc"]["name"], "Contoso Fraud Team");
    let tags: Vec<&str> = ev["Tag"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        tags,
        [
            "tlp:amber",
            "dragnet:operation=\"c-17\"",
            "dragnet:impersonated-brand=\"Microsoft\"",
            "dragnet:impersonated-brand=\"Amazon\""
        ]
    );
    let attrs: Vec<(&str, &str, &str, bool)> = ev["Attribute"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["type"].as_str().unwrap(),
                a["category"].as_str().unwrap(),
                a["value"].as_str().unwrap(),
                a["to_ids"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        attrs,
        [
            ("phone-number", "Financial fraud", "+18885550147", true),
            (
                "domain",
                "Network activity",
                "microsoft-help-desk.com",
                true
            ),
            (
                "url",
                "Network activity",
                "https://microsoft-help-desk.com/fix?id=1",
                true
            ),
            (
                "email-src",
                "Payload delivery",
                "support@microsoft-help-desk.com",
                true
            ),
            ("ip-dst", "Network activity", "198.51.100.7", true),
            ("ip-dst", "Network activity", "2001:db8::7", true),
            ("text", "Other", "anydesk:123456789", true),
            // The summary carries no wallet kind, so the generic type with the Dragnet tag.
            (
                "text",
                "Financial fraud",
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                true
            ),
            ("iban", "Financial fraud", "DE89370400440532013000", true),
            ("phone-number", "Financial fraud", "+448000418888", false),
            (
                "comment",
                "Other",
                "Victims by country (counts only): DE 3, IN 1, US 12",
                false
            ),
        ]
    );
    assert_eq!(
        ev["Attribute"][0]["first_seen"],
        "2023-09-14T12:30:15.000000+00:00"
    );
    // Re-export gives the same uuids; another producer gets other ones.
    let again = event_from_operation("Contoso Fraud Team", Tlp::Red, &operation(), now());
    assert_eq!(again["Event"]["uuid"], ev["uuid"]);
    assert_eq!(
        again["Event"]["Attribute"][3]["uuid"],
        ev["Attribute"][3]["uuid"]
    );
    let other = event_from_operation("Fabrikam", Tlp::Amber, &operation(), now());
    assert_ne!(other["Event"]["uuid"], ev["uuid"]);
    // No report ids or sources.
    let text = e.to_string();
    for secret in ["MS-2023-000123", "AMZ-88812", "microsoft-dcu"] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
}

#[test]
fn round_trip_gives_the_same_indicators() {
    let e = event_from_operation("Contoso Fraud Team", Tlp::AmberStrict, &operation(), now());
    let r = import_event(&e.to_string()).unwrap();
    assert_eq!(r.rejected, []);
    assert_eq!(r.ignored, 1, "the victims-by-country comment");
    assert_eq!(r.source.as_deref(), Some("Contoso Fraud Team"));
    assert_eq!(r.tlp, Some(Tlp::AmberStrict));
    let got: Vec<(IndicatorType, &str)> = r
        .indicators
        .iter()
        .map(|i| (i.indicator.ty, i.indicator.value.as_str()))
        .collect();
    let op = operation();
    let expected: Vec<(IndicatorType, &str)> = op
        .indicators
        .iter()
        .map(|i| (i.ty, i.value.as_str()))
        .collect();
    assert_eq!(got, expected);
    assert!(r.indicators.iter().all(|i| i.tlp == Some(Tlp::AmberStrict)));

    let loose = loose_indicators();
    let e = event_from_indicators(
        "Contoso Fraud Team",
        Tlp::Green,
        "feed-2024-01",
        "Daily feed",
        &loose,
        now(),
    );
    let r = import_event_value(&e).unwrap();
    let got: Vec<(IndicatorType, &str, Option<&str>)> = r
        .indicators
        .iter()
        .map(|i| {
            (
                i.indicator.ty,
                i.indicator.value.as_str(),
                i.indicator.kind.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                IndicatorType::GiftCard,
                "google_play:X4KQ7PZR9T2M",
                Some("google_play")
            ),
            (IndicatorType::Phone, "+18005550199", Some("toll_free")),
            (IndicatorType::Url, "http://amaz0n-refund.net/it's", None),
        ]
    );
}

#[test]
fn events_made_by_misp_import_with_errors_per_attribute() {
    let doc = json!({"Event": {
        "uuid": "5f7c1a2b-0000-4000-8000-000000000001", "info": "Tech support scam wave",
        "Orgc": {"name": "CERT-XY"}, "Tag": [{"name": "tlp:green"}],
        "Attribute": [
            {"uuid": "a-1", "type": "hostname", "value": "Support-Microsoft.example.COM", "to_ids": "1"},
            {"uuid": "a-2", "type": "btc", "value": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "Tag": [{"name": "tlp:red"}]},
            {"uuid": "a-3", "type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e"},
            {"uuid": "a-4", "type": "iban", "value": "DE00 0000 0000 0000 0000 00"},
            {"uuid": "a-5", "type": "ip-dst"},
            {"uuid": "a-6", "type": "domain", "value": "gone.example", "deleted": true},
            {"uuid": "a-7", "type": "text", "value": "x", "Tag": [{"name": "dragnet:indicator-type=\"telephone\""}]},
            {"type": "url"}
        ],
        "Object": [{"name": "phone", "Attribute": [{"uuid": "o-1", "type": "phone-number", "value": "+1 888 555 0147"}]}]
    }});
    let r = import_event_value(&doc).unwrap();
    let got: Vec<(&str, Option<Tlp>, bool)> = r
        .indicators
        .iter()
        .map(|i| (i.indicator.value.as_str(), i.tlp, i.to_ids))
        .collect();
    assert_eq!(
        got,
        [
            // Dragnet's domain indicator is the registrable domain (FORMATS §2, extract::web).
            ("example.com", Some(Tlp::Green), true),
            (
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                Some(Tlp::Red),
                false
            ),
            ("+18885550147", Some(Tlp::Green), false),
        ]
    );
    assert_eq!(r.ignored, 2, "md5 and the deleted attribute");
    let errors: Vec<String> = r.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(
        errors[0].starts_with("attribute a-4: property `value`: `DE00 0000 0000 0000 0000 00`: "),
        "{}",
        errors[0]
    );
    assert_eq!(
        errors[1],
        "attribute a-5: property `value`: missing or not a string"
    );
    assert!(
        errors[2]
            .starts_with("attribute a-7: property `Tag`: `telephone` is not an indicator type"),
        "{}",
        errors[2]
    );
    assert_eq!(
        errors[3],
        "attribute Attribute[7]: property `value`: missing or not a string"
    );
}

#[test]
fn documents_that_are_not_events_fail_whole() {
    let cases = [
        ("{", "event: property ``: not JSON: "),
        ("[1]", "event: property `Event`: expected a JSON object"),
        (
            r#"{"Event": {"Attribute": {}}}"#,
            "event: property `Attribute`: expected an array",
        ),
        (
            r#"{"Event": {"Object": 3}}"#,
            "event: property `Object`: expected an array",
        ),
    ];
    for (doc, expected) in cases {
        let e = import_event(doc).unwrap_err().to_string();
        assert!(e.starts_with(expected), "{doc}: {e}");
    }
    let empty: Value = json!({"Event": {"info": "nothing"}});
    assert_eq!(import_event_value(&empty).unwrap().indicators, []);
}

#[test]
fn event_snapshot() {
    let e = event_from_operation("Contoso Fraud Team", Tlp::Amber, &operation(), now());
    insta::assert_snapshot!(
        "misp_event_amber",
        serde_json::to_string_pretty(&e).unwrap()
    );
}

/// PyMISP loads the exported events and MISP's own type table allows every attribute's
/// type in its category (scripts/validate-stix --misp).
#[test]
fn pymisp_accepts_exported_events() {
    let dir = tempfile::tempdir().unwrap();
    let op = dir.path().join("operation.json");
    let e = event_from_operation("Contoso Fraud Team", Tlp::Amber, &operation(), now());
    std::fs::write(&op, serde_json::to_string_pretty(&e).unwrap()).unwrap();
    let feed = dir.path().join("feed.json");
    let e = event_from_indicators(
        "Contoso Fraud Team",
        Tlp::Green,
        "feed",
        "Daily feed",
        &loose_indicators(),
        now(),
    );
    std::fs::write(&feed, serde_json::to_string_pretty(&e).unwrap()).unwrap();
    let args = [
        std::ffi::OsStr::new("--misp"),
        op.as_os_str(),
        feed.as_os_str(),
    ];
    let Some(stdout) = crate::fixtures::run_validator(&args) else {
        return;
    };
    assert_eq!(stdout.matches("MISP event valid").count(), 2, "{stdout}");
}
