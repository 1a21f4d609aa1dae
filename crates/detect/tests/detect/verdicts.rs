//! Verdicts: official numbers and domains, impersonations, reported values, texts, typed
//! values that do not parse.
use dragnet_core::IndicatorType;
use dragnet_detect::{CheckInput, Lang, Matches, NoKnowledge, VerdictKind as V, check};

fn verdict(input: CheckInput) -> (V, String, Vec<String>) {
    let v = check(&input, Lang::En, &NoKnowledge).unwrap();
    (
        v.verdict,
        v.input_type,
        v.reasons.into_iter().map(|r| r.code).collect(),
    )
}

#[test]
fn single_values() {
    let cases: &[(&str, V, &str, &[&str])] = &[
        (
            "+1 800 642 7676",
            V::Official,
            "phone",
            &["official_number"],
        ),
        ("microsoft.com", V::Official, "domain", &["official_domain"]),
        (
            "https://www.amazon.de/gp/help",
            V::Official,
            "url",
            &["official_domain"],
        ),
        (
            "help@microsoft.com",
            V::Official,
            "email",
            &["official_domain"],
        ),
        (
            "micros0ft-support.com",
            V::Scam,
            "domain",
            &["impersonation"],
        ),
        (
            "http://microsoft.com.fix-pc.net/scan",
            V::Scam,
            "url",
            &["impersonation"],
        ),
        (
            "amazon-refund-desk.net",
            V::Scam,
            "domain",
            &["impersonation"],
        ),
        ("support@paypa1.com", V::Scam, "email", &["impersonation"]),
        ("+1 888 555 0147", V::Unknown, "phone", &["no_reports"]),
        ("jane.doe@gmail.com", V::Unknown, "email", &["webmail"]),
        (
            "microsoft-help@gmail.com",
            V::Suspicious,
            "email",
            &["webmail", "brand_on_webmail"],
        ),
        ("m1crosoftteam.com", V::Scam, "domain", &["impersonation"]),
        (
            "+44 800 496 1081",
            V::Official,
            "phone",
            &["official_number"],
        ),
        (
            "https://sites.google.com/view/ms-help",
            V::Unknown,
            "url",
            &["hosted_content"],
        ),
        ("applebees.com", V::Unknown, "domain", &["no_reports"]),
        (
            "anydesk 123 456 789",
            V::Unknown,
            "remote_access_id",
            &["no_reports"],
        ),
    ];
    for (value, kind, ty, reasons) in cases {
        assert_eq!(
            verdict(CheckInput::Value(value.to_string())),
            (
                *kind,
                ty.to_string(),
                reasons.iter().map(|s| s.to_string()).collect()
            ),
            "{value}"
        );
    }
}

#[test]
fn store_matches_raise_the_verdict() {
    let knowledge = |key: &str| match key {
        "phone:+18885550147" => Matches {
            reports: 4,
            operations: 1,
        },
        "phone:+18885550100" => Matches {
            reports: 1,
            operations: 0,
        },
        _ => Matches::default(),
    };
    let cases = [
        ("+1 888 555 0147", V::Scam, 0.9, 4, 1),
        ("+1 888 555 0100", V::Suspicious, 0.6, 1, 0),
    ];
    for (value, kind, score, reports, operations) in cases {
        let v = check(&CheckInput::Value(value.into()), Lang::De, &knowledge).unwrap();
        assert_eq!(
            (v.verdict, v.score, v.totals),
            (
                kind,
                score,
                Matches {
                    reports,
                    operations
                }
            ),
            "{value}"
        );
        assert_eq!(v.reasons[0].code, "reported");
        assert!(
            v.reasons[0].text.contains("Betrugsmeldung"),
            "{}",
            v.reasons[0].text
        );
    }
}

#[test]
fn texts_and_guidance() {
    let text = "WARNING! Your computer is infected. Do not turn off your computer. Call Microsoft Support at +1-888-555-0147.";
    let v = check(&CheckInput::Text(text.into()), Lang::En, &NoKnowledge).unwrap();
    assert_eq!((v.verdict, v.input_type.as_str()), (V::Scam, "text"));
    assert_eq!(
        v.indicators
            .iter()
            .map(|i| i.value.as_str())
            .collect::<Vec<_>>(),
        ["+18885550147"]
    );
    assert!(
        v.guidance
            .iter()
            .any(|g| g.starts_with("Real error messages never show a phone number")),
        "{:?}",
        v.guidance
    );
    assert!(
        v.guidance.iter().any(|g| g.starts_with("Report it")),
        "{:?}",
        v.guidance
    );

    let official = check(
        &CheckInput::Value("+18006427676".into()),
        Lang::Es,
        &NoKnowledge,
    )
    .unwrap();
    assert_eq!(
        official.guidance[0],
        "Si alguien le llamó diciendo ser de Microsoft, cuelgue y llame usted mismo a este número."
    );
    assert_eq!(official.score, 0.0);
}

#[test]
fn typed_values_that_do_not_parse_are_user_errors() {
    let cases = [
        (IndicatorType::Phone, "call me"),
        (IndicatorType::Iban, "DE00 1234"),
        (IndicatorType::Domain, ""),
    ];
    for (ty, value) in cases {
        let err = check(
            &CheckInput::Typed {
                ty,
                value: value.into(),
            },
            Lang::En,
            &NoKnowledge,
        )
        .unwrap_err();
        assert_eq!(err.field, "value", "{ty} {value}");
        assert!(!err.reason.is_empty());
    }
}

#[test]
fn verdicts_serialise_with_snake_case_kinds() {
    let v = check(
        &CheckInput::Value("micros0ft.com".into()),
        Lang::En,
        &NoKnowledge,
    )
    .unwrap();
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["verdict"], "scam");
    assert_eq!(
        json["impersonation"]["techniques"],
        serde_json::json!(["homoglyph"])
    );
    assert_eq!(json["lang"], "en");
}

#[test]
fn values_are_classified_by_shape() {
    use dragnet_detect::verdict::classify;
    let cases = [
        ("+1 (888) 555-0147", Some(IndicatorType::Phone)),
        ("0800 123 4567", Some(IndicatorType::Phone)),
        ("microsoft-help.com", Some(IndicatorType::Domain)),
        ("microsoft-help.com/fix", Some(IndicatorType::Url)),
        ("hxxps://microsoft-help[.]com/fix", Some(IndicatorType::Url)),
        ("help@microsoft-help.com", Some(IndicatorType::Email)),
        ("DE89 3704 0044 0532 0130 00", Some(IndicatorType::Iban)),
        ("DE89370400440532013000", Some(IndicatorType::Iban)),
        (
            "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
            Some(IndicatorType::CryptoWallet),
        ),
        (
            "0x52908400098527886E0F7030069857D2E4169EE7",
            Some(IndicatorType::CryptoWallet),
        ),
        ("AnyDesk 123 456 789", Some(IndicatorType::RemoteAccessId)),
        ("203.0.113.7", Some(IndicatorType::Ip)),
        ("2001:db8::1", Some(IndicatorType::Ip)),
        ("your computer is locked", None),
        ("", None),
    ];
    for (value, want) in cases {
        assert_eq!(classify(value), want, "{value}");
    }
}

#[test]
fn saved_pages_get_verdicts_with_their_tricks() {
    let html = include_str!("../fixtures/locker.html");
    let v = check(&CheckInput::Page(html.into()), Lang::De, &NoKnowledge).unwrap();
    assert_eq!((v.verdict, v.input_type.as_str()), (V::Scam, "page"));
    let codes: Vec<&str> = v.reasons.iter().map(|r| r.code.as_str()).collect();
    for code in [
        "fullscreen",
        "history_flood",
        "alarm_audio",
        "phone_with_brand",
        "device_infected",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert!(
        v.guidance
            .iter()
            .any(|g| g.starts_with("Echte Fehlermeldungen zeigen nie eine Telefonnummer")),
        "{:?}",
        v.guidance
    );
    assert!(
        v.guidance
            .iter()
            .any(|g| g.starts_with("Microsoft ruft nie unaufgefordert an")),
        "{:?}",
        v.guidance
    );

    let benign = check(
        &CheckInput::Page(include_str!("../fixtures/benign.html").into()),
        Lang::En,
        &NoKnowledge,
    )
    .unwrap();
    assert_eq!(benign.verdict, V::Unknown);
}

#[test]
fn a_url_is_looked_up_with_its_host_and_registrable_domain() {
    let knowledge = |key: &str| match key {
        "url:https://help.fix-pc.net/scan" => Matches {
            reports: 2,
            operations: 0,
        },
        "domain:fix-pc.net" => Matches {
            reports: 5,
            operations: 1,
        },
        _ => Matches::default(),
    };
    let v = check(
        &CheckInput::Value("https://help.fix-pc.net/scan".into()),
        Lang::En,
        &knowledge,
    )
    .unwrap();
    let keys: Vec<&str> = v.matches.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(
        keys,
        ["url:https://help.fix-pc.net/scan", "domain:fix-pc.net"]
    );
    assert_eq!(
        (v.verdict, v.totals),
        (
            V::Scam,
            Matches {
                reports: 5,
                operations: 1
            }
        )
    );
}
