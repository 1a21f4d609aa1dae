//! STIX 2.1 export and import: structure, determinism, round trip, rejection of bad
//! objects, and the OASIS validator.

use crate::fixtures::{loose_indicators, now, operation};
use dragnet_core::IndicatorType;
use dragnet_share::stix::{BundleBuilder, ImportError, import_bundle};
use dragnet_share::{SharedIndicator, Tlp};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn bundle(tlp: Tlp) -> dragnet_share::stix::Bundle {
    let mut b = BundleBuilder::new("Contoso Fraud Team", tlp, now());
    b.add_operation(&operation());
    for i in loose_indicators() {
        b.add_indicator(&i);
    }
    b.build()
}

fn by_id<'a>(objects: &'a [Value], id: &str) -> &'a Value {
    objects
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn export_has_every_object_kind_with_resolvable_references() {
    let b = bundle(Tlp::Amber);
    let count = |t: &str| b.objects_of(t).count();
    assert_eq!(count("marking-definition"), 1);
    assert_eq!(count("campaign"), 1);
    assert_eq!(count("threat-actor"), 1);
    assert_eq!(count("infrastructure"), 3, "telephony, web, payment");
    assert_eq!(count("extension-definition"), 5);
    assert_eq!(count("identity"), 4, "producer, project, Microsoft, Amazon");
    assert_eq!(count("sighting"), 3, "US, DE, IN");
    assert_eq!(count("location"), 3);
    // 10 operation indicators + gift card, phone, url (other and warninglisted left out).
    assert_eq!(count("indicator"), 13);
    assert_eq!(b.skipped.len(), 2);

    // Every reference resolves inside the bundle (TLP marking included).
    let ids: BTreeSet<&str> = b.objects.iter().filter_map(|o| o["id"].as_str()).collect();
    assert_eq!(ids.len(), b.objects.len(), "ids are unique");
    for o in &b.objects {
        for key in [
            "created_by_ref",
            "source_ref",
            "target_ref",
            "sighting_of_ref",
        ] {
            if let Some(r) = o[key].as_str() {
                assert!(ids.contains(r), "{} {key} -> {r}", o["id"]);
            }
        }
        for key in ["object_marking_refs", "where_sighted_refs"] {
            for r in o[key].as_array().into_iter().flatten() {
                assert!(
                    ids.contains(r.as_str().unwrap()),
                    "{} {key} -> {r}",
                    o["id"]
                );
            }
        }
        if o["type"] != "marking-definition"
            && o["type"] != "extension-definition"
            && o["id"] != dragnet_share::stix::project_identity_id()
        {
            assert_eq!(
                o["object_marking_refs"],
                json!([Tlp::Amber.marking_id()]),
                "{}",
                o["id"]
            );
        }
    }
}

#[test]
fn relationships_link_campaign_actor_infrastructure_brands_and_indicators() {
    let b = bundle(Tlp::Green);
    let rels: BTreeSet<(String, String, String)> = b
        .objects_of("relationship")
        .map(|r| {
            let t = |k: &str| {
                r[k].as_str()
                    .unwrap()
                    .split("--")
                    .next()
                    .unwrap()
                    .to_string()
            };
            (
                t("source_ref"),
                r["relationship_type"].as_str().unwrap().to_string(),
                t("target_ref"),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> = [
        ("campaign", "attributed-to", "threat-actor"),
        ("campaign", "uses", "infrastructure"),
        ("campaign", "targets", "identity"),
        ("indicator", "indicates", "campaign"),
        ("infrastructure", "consists-of", "x-dragnet-phone-number"),
        (
            "infrastructure",
            "consists-of",
            "x-dragnet-remote-access-id",
        ),
        ("infrastructure", "consists-of", "x-dragnet-crypto-wallet"),
        ("infrastructure", "consists-of", "x-dragnet-iban"),
        ("infrastructure", "consists-of", "domain-name"),
        ("infrastructure", "consists-of", "url"),
        ("infrastructure", "consists-of", "email-addr"),
        ("infrastructure", "consists-of", "ipv4-addr"),
        ("infrastructure", "consists-of", "ipv6-addr"),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(rels, expected);
    let targets: Vec<&str> = b
        .objects_of("relationship")
        .filter(|r| r["relationship_type"] == "targets")
        .map(|r| r["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "Impersonates Microsoft to reach its customers.",
            "Impersonates Amazon to reach its customers."
        ]
    );
}

#[test]
fn patterns_and_custom_observables() {
    let b = bundle(Tlp::Amber);
    let patterns: BTreeSet<&str> = b
        .objects_of("indicator")
        .map(|o| o["pattern"].as_str().unwrap())
        .collect();
    for p in [
        "[x-dragnet-phone-number:value = '+18885550147']",
        "[domain-name:value = 'microsoft-help-desk.com']",
        "[url:value = 'https://microsoft-help-desk.com/fix?id=1']",
        "[email-addr:value = 'support@microsoft-help-desk.com']",
        "[ipv4-addr:value = '198.51.100.7']",
        "[ipv6-addr:value = '2001:db8::7']",
        "[x-dragnet-remote-access-id:value = 'anydesk:123456789']",
        "[x-dragnet-crypto-wallet:value = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq']",
        "[x-dragnet-iban:value = 'DE89370400440532013000']",
        "[x-dragnet-gift-card:value = 'google_play:X4KQ7PZR9T2M']",
        "[url:value = 'http://amaz0n-refund.net/it\\'s']",
    ] {
        assert!(patterns.contains(p), "{p} missing from {patterns:#?}");
    }
    let gift = b.objects_of("x-dragnet-gift-card").next().unwrap();
    assert_eq!(gift["kind"], "google_play");
    assert_eq!(
        gift["extensions"][dragnet_share::stix::extension_id("x-dragnet-gift-card")]["extension_type"],
        "new-sco"
    );
    // The hub number is exported with a low confidence.
    let hub = b
        .objects_of("indicator")
        .find(|o| o["name"] == "phone +448000418888")
        .unwrap();
    assert_eq!(hub["confidence"], 15);
    let main = b
        .objects_of("indicator")
        .find(|o| o["name"] == "phone +18885550147")
        .unwrap();
    assert_eq!(main["confidence"], 100);
}

#[test]
fn sightings_carry_counts_countries_and_periods_only() {
    let b = bundle(Tlp::Red);
    let mut seen: Vec<(String, u64)> = b
        .objects_of("sighting")
        .map(|s| {
            let loc = by_id(&b.objects, s["where_sighted_refs"][0].as_str().unwrap());
            (
                loc["country"].as_str().unwrap().to_string(),
                s["count"].as_u64().unwrap(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("DE".to_string(), 3),
            ("IN".to_string(), 1),
            ("US".to_string(), 12)
        ]
    );
    let s = b.objects_of("sighting").next().unwrap();
    assert_eq!(s["first_seen"], "2023-09-14T12:30:15.000Z");
    assert_eq!(s["last_seen"], "2023-11-02T12:30:15.000Z");
    // No report ids, report keys or sources anywhere in the bundle.
    let text = b.to_json_pretty();
    for secret in ["MS-2023-000123", "AMZ-88812", "microsoft-dcu", "amazon/"] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
}

#[test]
fn re_export_is_identical_and_timestamps_have_milliseconds() {
    let a = bundle(Tlp::Amber).to_json_pretty();
    let b = bundle(Tlp::Amber).to_json_pretty();
    assert_eq!(a, b);
    let v: Value = serde_json::from_str(&a).unwrap();
    let ts = regex_lite_ts();
    for o in v["objects"].as_array().unwrap() {
        for key in [
            "created",
            "modified",
            "valid_from",
            "first_seen",
            "last_seen",
        ] {
            if let Some(t) = o[key].as_str() {
                assert!(ts(t), "{} {key} = {t}", o["id"]);
            }
        }
    }
    // A different TLP marks differently but keeps object ids.
    let green = bundle(Tlp::Green);
    let amber_ids: BTreeSet<String> = v["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["type"] != "marking-definition")
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let green_ids: BTreeSet<String> = green
        .objects
        .iter()
        .filter(|o| o["type"] != "marking-definition")
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(amber_ids, green_ids);
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`
fn regex_lite_ts() -> impl Fn(&str) -> bool {
    |t: &str| {
        let b = t.as_bytes();
        b.len() == 24
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && b[19] == b'.'
            && b[23] == b'Z'
            && chrono::DateTime::parse_from_rfc3339(t).is_ok()
    }
}

#[test]
fn round_trip_gives_the_same_indicators() {
    let b = bundle(Tlp::AmberStrict);
    let report = import_bundle(&b.to_json_pretty()).unwrap();
    assert_eq!(report.rejected, []);
    assert_eq!(report.revoked, 0);
    let mut got: Vec<(IndicatorType, String)> = report
        .indicators
        .iter()
        .map(|i| (i.indicator.ty, i.indicator.value.clone()))
        .collect();
    got.sort();
    let mut expected: Vec<(IndicatorType, String)> = operation()
        .indicators
        .iter()
        .map(|i| (i.ty, i.value.clone()))
        .chain(
            loose_indicators()
                .into_iter()
                .filter(|i| i.warning.is_none() && i.ty != IndicatorType::Other)
                .map(|i| (i.ty, i.value)),
        )
        .collect();
    expected.sort();
    assert_eq!(got, expected);
    for i in &report.indicators {
        assert_eq!(i.tlp, Some(Tlp::AmberStrict));
        assert_eq!(i.source.as_deref(), Some("Contoso Fraud Team"));
    }
    let gift = report
        .indicators
        .iter()
        .find(|i| i.indicator.ty == IndicatorType::GiftCard)
        .unwrap();
    assert_eq!(gift.indicator.kind.as_deref(), Some("google_play"));
    assert_eq!(gift.indicator.confidence, Some(70));
    let wallet = report
        .indicators
        .iter()
        .find(|i| i.indicator.ty == IndicatorType::CryptoWallet)
        .unwrap();
    assert_eq!(wallet.indicator.kind.as_deref(), Some("btc"));
}

#[test]
fn import_normalises_partner_values_and_flags_warninglisted_ones() {
    let doc = json!({"type": "bundle", "id": "bundle--1b3c2d0e-0000-4000-8000-000000000000", "objects": [
        {"type": "indicator", "spec_version": "2.1", "id": "indicator--00000000-0000-4000-8000-000000000001",
         "created": "2024-01-01T00:00:00Z", "modified": "2024-01-01T00:00:00Z",
         "pattern": "[domain-name:value = 'MICROSOFT-Help.COM.' OR url:value = 'hxxps://evil[.]com/x']",
         "pattern_type": "stix", "valid_from": "2024-01-01T00:00:00Z",
         "object_marking_refs": ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                                 "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"]},
        {"type": "indicator", "spec_version": "2.1", "id": "indicator--00000000-0000-4000-8000-000000000002",
         "created": "2024-01-01T00:00:00Z", "modified": "2024-01-01T00:00:00Z",
         "pattern": "[domain-name:value = 'microsoft.com']", "pattern_type": "stix",
         "valid_from": "2024-01-01T00:00:00Z"},
        {"type": "indicator", "spec_version": "2.1", "id": "indicator--00000000-0000-4000-8000-000000000003",
         "created": "2024-01-01T00:00:00Z", "modified": "2024-01-01T00:00:00Z", "revoked": true,
         "pattern": "[domain-name:value = 'old.com']", "pattern_type": "stix", "valid_from": "2024-01-01T00:00:00Z"},
        {"type": "campaign", "spec_version": "2.1", "id": "campaign--00000000-0000-4000-8000-000000000004", "name": "x"}
    ]});
    let r = dragnet_share::stix::import_value(&doc).unwrap();
    assert_eq!(r.rejected, []);
    assert_eq!((r.ignored, r.revoked), (1, 1));
    let got: Vec<(&str, Option<Tlp>, Option<&str>)> = r
        .indicators
        .iter()
        .map(|i| {
            (
                i.indicator.value.as_str(),
                i.tlp,
                i.indicator.warning.as_deref(),
            )
        })
        .collect();
    assert_eq!(got[0], ("microsoft-help.com", Some(Tlp::Red), None));
    assert_eq!(got[1].0, "https://evil.com/x");
    assert_eq!(got[2].1, None);
    assert!(
        got[2].2.is_some(),
        "microsoft.com is warninglisted: {got:?}"
    );
}

#[test]
fn malformed_objects_are_rejected_by_id_and_property() {
    let ind = |id: &str, extra: Value| {
        let mut o = json!({"type": "indicator", "spec_version": "2.1", "id": id,
            "created": "2024-01-01T00:00:00Z", "modified": "2024-01-01T00:00:00Z",
            "pattern": "[domain-name:value = 'ok-scam.com']", "pattern_type": "stix",
            "valid_from": "2024-01-01T00:00:00Z"});
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                o.as_object_mut().unwrap().remove(k);
            } else {
                o[k] = v.clone();
            }
        }
        o
    };
    let id = |n: u32| format!("indicator--00000000-0000-4000-8000-{n:012}");
    let objects = vec![
        ind(&id(1), json!({})),
        ind(&id(2), json!({"pattern": null})),
        ind(&id(3), json!({"pattern": "[file:name = 'a.exe']"})),
        ind(
            &id(4),
            json!({"pattern": "[domain-name:value = 'not a domain']"}),
        ),
        ind(&id(5), json!({"pattern_type": "sigma"})),
        ind(&id(6), json!({"confidence": 101})),
        ind(&id(7), json!({"valid_from": "yesterday"})),
        ind(
            &id(8),
            json!({"object_marking_refs": "marking-definition--x"}),
        ),
        ind(&id(9), json!({"pattern": "[software:value = 'x']"})),
        ind("campaign--00000000-0000-4000-8000-000000000010", json!({})),
        json!({"type": "indicator"}),
        json!(42),
    ];
    let r = dragnet_share::stix::import_value(
        &json!({"type": "bundle", "id": "bundle--x", "objects": objects}),
    )
    .unwrap();
    assert_eq!(r.indicators.len(), 1);
    let got: Vec<String> = r.rejected.iter().map(ImportError::to_string).collect();
    let expected = [
        format!("object {}: property `pattern`: missing or not a string", id(2)),
        format!("object {}: property `pattern`: unsupported property `file:name` (only `value` is read)", id(3)),
        format!("object {}: property `pattern`: `not a domain`: ", id(4)),
        format!("object {}: property `pattern_type`: `sigma` patterns are not read (only `stix`)", id(5)),
        format!("object {}: property `confidence`: expected an integer from 0 to 100", id(6)),
        format!("object {}: property `valid_from`: not an RFC 3339 timestamp: ", id(7)),
        format!("object {}: property `object_marking_refs`: expected an array", id(8)),
        format!("object {}: property `pattern`: object type `software` does not map to a Dragnet indicator", id(9)),
        "object campaign--00000000-0000-4000-8000-000000000010: property `id`: does not start with `indicator--`".to_string(),
        "bundle: property `objects[10].id`: missing or not a string".to_string(),
        "bundle: property `objects[11]`: expected a JSON object".to_string(),
    ];
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for (g, e) in got.iter().zip(&expected) {
        // Messages from the normaliser and chrono are checked by prefix.
        assert!(
            g.starts_with(e.as_str()),
            "{g}\n  expected to start with\n{e}"
        );
    }
}

#[test]
fn documents_that_are_not_bundles_fail_whole() {
    let cases = [
        ("", "bundle: property ``: not JSON: "),
        (
            "[]",
            "bundle: property ``: expected a JSON object (a STIX bundle)",
        ),
        (
            r#"{"type": "indicator"}"#,
            "bundle: property `type`: expected \"bundle\"",
        ),
        (
            r#"{"type": "bundle", "objects": {}}"#,
            "bundle: property `objects`: expected an array",
        ),
    ];
    for (doc, expected) in cases {
        let e = import_bundle(doc).unwrap_err().to_string();
        assert!(e.starts_with(expected), "{doc:?}: {e}");
    }
    assert_eq!(
        import_bundle(r#"{"type": "bundle", "id": "bundle--x"}"#)
            .unwrap()
            .indicators,
        []
    );
}

#[test]
fn other_and_warninglisted_are_never_exported() {
    let mut b = BundleBuilder::new("Org", Tlp::Clear, now());
    let mut w = SharedIndicator::new(IndicatorType::Phone, "+18006427676");
    w.warning = Some("microsoft-official-support".into());
    assert_eq!(b.add_indicator(&w), None);
    assert_eq!(
        b.add_indicator(&SharedIndicator::new(IndicatorType::Other, "x")),
        None
    );
    let bundle = b.build();
    assert_eq!(bundle.objects_of("indicator").count(), 0);
    assert_eq!(
        bundle.skipped,
        [
            (
                IndicatorType::Phone,
                "+18006427676".to_string(),
                "warninglisted"
            ),
            (
                IndicatorType::Other,
                "x".to_string(),
                "type other is not shared"
            ),
        ]
    );
}

/// Runs the OASIS validator (scripts/validate-stix) and the stix2 library on a
/// representative bundle for every TLP level and on an indicators-only feed.
#[test]
fn oasis_validator_accepts_exported_bundles() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for tlp in Tlp::ALL {
        let path = dir
            .path()
            .join(format!("bundle-{}.json", tlp.as_str().replace('+', "-")));
        std::fs::write(&path, bundle(tlp).to_json_pretty()).unwrap();
        files.push(path);
    }
    let mut loose = BundleBuilder::new("Contoso Fraud Team", Tlp::Green, now());
    for i in loose_indicators() {
        loose.add_indicator(&i);
    }
    let path = dir.path().join("bundle-indicators-only.json");
    std::fs::write(&path, loose.build().to_json_pretty()).unwrap();
    files.push(path);
    let args: Vec<&std::ffi::OsStr> = files.iter().map(|f| f.as_os_str()).collect();
    let Some(stdout) = crate::fixtures::run_validator(&args) else {
        return;
    };
    assert_eq!(
        stdout.matches(": valid, 0 error(s)").count(),
        files.len(),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("stix2 3.0.2 parsed").count(),
        files.len(),
        "{stdout}"
    );
}

#[test]
fn objects_shared_between_bundles_agree_on_their_content() {
    // Bundle 1: c-17 alone. Bundle 2: c-17 and c-18 (same brand and countries, other
    // indicators). Any id present in both with the same `modified` must be identical.
    let mut other = operation();
    other.cluster = "c-18".into();
    other.brands = vec!["Microsoft".into()];
    other.indicators.truncate(0);
    other
        .indicators
        .push(dragnet_cluster::summary::IndicatorCount {
            ty: IndicatorType::Domain,
            value: "windows-defender-alert.net".into(),
            reports: 3,
            hub: false,
        });
    other.first_seen = Some(crate::fixtures::at(2023, 10, 1));
    let mut b1 = BundleBuilder::new("Contoso Fraud Team", Tlp::Amber, now());
    b1.add_operation(&operation());
    let b1 = b1.build();
    let later = now() + chrono::Duration::days(30);
    let mut b2 = BundleBuilder::new("Contoso Fraud Team", Tlp::Amber, later);
    b2.add_operation(&other);
    b2.add_operation(&operation());
    let b2 = b2.build();
    let mut common = 0;
    for o in &b1.objects {
        if let Some(same) = b2
            .objects
            .iter()
            .find(|x| x["id"] == o["id"] && x["modified"] == o["modified"])
        {
            assert_eq!(o, same, "{} differs between bundles", o["id"]);
            common += 1;
        }
    }
    assert!(
        common >= b1.objects.len() - 1,
        "{common} of {}",
        b1.objects.len()
    );
}

#[test]
fn sightings_per_period_and_country() {
    use dragnet_share::stix::SightingCount;
    let periods = [
        (
            "US",
            7,
            crate::fixtures::at(2023, 9, 1),
            crate::fixtures::at(2023, 9, 30),
        ),
        (
            "US",
            5,
            crate::fixtures::at(2023, 10, 1),
            crate::fixtures::at(2023, 10, 31),
        ),
        (
            "DE",
            3,
            crate::fixtures::at(2023, 10, 1),
            crate::fixtures::at(2023, 10, 31),
        ),
    ];
    let counts: Vec<SightingCount> = periods
        .iter()
        .map(|(c, n, f, l)| SightingCount {
            country: c.to_string(),
            count: *n,
            first_seen: *f,
            last_seen: *l,
        })
        .collect();
    let mut b = BundleBuilder::new("Org", Tlp::Green, now());
    let campaign = b.add_operation_with(&operation(), &counts);
    let b = b.build();
    let mut got: Vec<(String, u64, String)> = b
        .objects_of("sighting")
        .map(|s| {
            assert_eq!(s["sighting_of_ref"], campaign);
            let loc = by_id(&b.objects, s["where_sighted_refs"][0].as_str().unwrap());
            (
                loc["country"].as_str().unwrap().to_string(),
                s["count"].as_u64().unwrap(),
                s["first_seen"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("DE".to_string(), 3, "2023-10-01T12:30:15.000Z".to_string()),
            ("US".to_string(), 5, "2023-10-01T12:30:15.000Z".to_string()),
            ("US".to_string(), 7, "2023-09-01T12:30:15.000Z".to_string()),
        ]
    );
    assert_eq!(b.objects_of("location").count(), 2);
}

/// The whole representative bundle, so any change to the output is reviewed (ids and
/// times are deterministic, nothing to redact).
#[test]
fn bundle_snapshot() {
    insta::assert_snapshot!("stix_bundle_amber", bundle(Tlp::Amber).to_json_pretty());
}
