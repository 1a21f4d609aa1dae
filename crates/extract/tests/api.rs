//! The public API on tables of cases: `normalise` errors, `extract_report` merging, warnings.

use dragnet_core::{IndicatorType as T, RawIndicator, ReportInput};
use dragnet_extract::{Context, Extractor, brands};

fn raw(ty: T, v: &str) -> RawIndicator {
    RawIndicator {
        ty,
        value: v.to_string(),
    }
}

#[test]
fn normalise_accepts_and_normalises() {
    let x = Extractor::new();
    let de = Context {
        default_region: dragnet_core::Country::parse("DE").ok(),
    };
    let cases: &[(T, &str, &str, Option<&str>)] = &[
        (T::Phone, "0800 123 4567", "+498001234567", None),
        (
            T::Phone,
            "+1 (800) 642-7676",
            "+18006427676",
            Some("microsoft-official-support"),
        ),
        (T::Phone, "110", "110", Some("emergency-numbers")),
        (
            T::Url,
            "hxxps://microsoft-help[.]com/fix",
            "https://microsoft-help.com/fix",
            None,
        ),
        (
            T::Domain,
            "https://Support.Microsoft.com/de-de",
            "microsoft.com",
            Some("microsoft-official-domains"),
        ),
        (T::Email, "Help[at]MS-Help[.]com", "help@ms-help.com", None),
        (T::Ip, "45.77.12[.]9", "45.77.12.9", None),
        (
            T::RemoteAccessId,
            "AnyDesk 123 456 789",
            "anydesk:123456789",
            None,
        ),
        (
            T::CryptoWallet,
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            None,
        ),
        (
            T::Iban,
            "de89 3704 0044 0532 0130 00",
            "DE89370400440532013000",
            None,
        ),
        (
            T::GiftCard,
            "Google Play ABCD-1234-EFGH-5678",
            "google_play:ABCD1234EFGH5678",
            None,
        ),
        (
            T::GiftCard,
            "Google Play",
            "google_play",
            Some("gift-card-brands"),
        ),
        (T::Other, "  Quick Assist  ", "Quick Assist", None),
    ];
    for (ty, input, want, warning) in cases {
        let got = x
            .normalise(&raw(*ty, input), &de)
            .unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(
            (got.value.as_str(), got.warning.as_deref()),
            (*want, *warning),
            "{input}"
        );
        assert_eq!(got.raw, input.trim());
    }
}

#[test]
fn normalise_rejects_with_reason() {
    let x = Extractor::new();
    let ctx = Context::default();
    let cases: &[(T, &str, &str)] = &[
        (T::Phone, "", "empty phone value"),
        (
            T::Phone,
            "12345",
            "`12345` is not a valid phone number in any region tried",
        ),
        (
            T::Iban,
            "DE89 3704 0044 0532 0130 01",
            "`DE89 3704 0044 0532 0130 01`: IBAN check digits do not match (mod 97)",
        ),
        (
            T::RemoteAccessId,
            "123456789",
            "`123456789` names no known remote-access tool (anydesk, teamviewer…)",
        ),
        (
            T::Domain,
            "localhost",
            "`localhost` has no registrable domain under a known public suffix",
        ),
        (
            T::GiftCard,
            "ABCD-1234-EFGH-5678",
            "`ABCD-1234-EFGH-5678` names no gift-card brand",
        ),
        (T::Ip, "999.1.1.1", "`999.1.1.1`: octet `999` is over 255"),
    ];
    for (ty, input, want) in cases {
        assert_eq!(
            x.normalise(&raw(*ty, input), &ctx),
            Err(want.to_string()),
            "{input}"
        );
    }
}

#[test]
fn extract_report_merges_structured_first_and_keeps_rejects() {
    let x = Extractor::new();
    let line = r#"{"id":"MS-1","reporter":{"country":"DE"},"narrative":"Ich sollte 0800 123 4567 anrufen und hxxps://microsoft-help[.]com/fix öffnen.","indicators":[{"type":"phone","value":"0800 1234567"},{"type":"iban","value":"DE00 1234"},{"type":"url","value":"https://support.microsoft-help.com/a"}]}"#;
    let report = ReportInput::from_json_line(line).expect("valid report");
    let ex = x.extract_report(&report);
    let got: Vec<(String, &str)> = ex
        .indicators
        .iter()
        .map(|i| (i.ty.to_string(), i.value.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("phone".to_string(), "+498001234567"),
            ("url".to_string(), "https://support.microsoft-help.com/a"),
            ("domain".to_string(), "microsoft-help.com"),
            ("url".to_string(), "https://microsoft-help.com/fix"),
        ]
    );
    assert_eq!(ex.rejected.len(), 1);
    assert_eq!(
        ex.rejected[0].1,
        "`DE00 1234`: a DE IBAN has 22 characters, not 8"
    );
}

#[test]
fn warninglisted_values_are_kept_and_flagged() {
    let x = Extractor::new();
    let text = "The real Amazon line is 1-888-280-4331 and amazon.com; the scammer wrote from refunds@gmail.com.";
    let got: Vec<(String, String, Option<String>)> = x
        .extract_text(text, &Context::default())
        .into_iter()
        .map(|i| (i.ty.to_string(), i.value, i.warning))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "phone".into(),
                "+18882804331".into(),
                Some("amazon-official-support".into())
            ),
            (
                "domain".into(),
                "amazon.com".into(),
                Some("amazon-official-domains".into())
            ),
            (
                "email".into(),
                "refunds@gmail.com".into(),
                Some("webmail-providers".into())
            ),
        ]
    );
}

#[test]
fn hard_negatives_give_no_phone() {
    let x = Extractor::new();
    let cases = [
        "It was 14.09.2023 at 18:30.",
        "On 2023-09-14 I paid $1,299.99.",
        "Ich zahlte 499,00 € am 14.09.2023.",
        "Order #112-7788990-1234567 was shipped.",
        "Amazon order 112-7788990-1234567",
        "Ticket number 4471203881 was opened.",
        "card 4111 1111 1111 1111 expired",
        "Amex 3782 822463 10005",
        "ZIP 90210-1234, PLZ 10115, CP 28013, code postal 75011",
        "AnyDesk ID 123 456 789 and TeamViewer 1 234 567 890",
        "Kundennummer 4711081512",
        "Windows version 10.0.19045.2364",
        "1.234.567,89 EUR",
        "Montant : 1 299,99 EUR.",
    ];
    for text in cases {
        let phones: Vec<String> = x
            .extract_text(text, &Context::default())
            .into_iter()
            .filter(|i| i.ty == T::Phone)
            .map(|i| i.value)
            .collect();
        assert!(phones.is_empty(), "{text}: {phones:?}");
    }
}

#[test]
fn brands_expose_official_data() {
    let ms = brands()
        .iter()
        .find(|b| b.name == "Microsoft")
        .expect("Microsoft listed");
    assert!(ms.official_domains.iter().any(|d| d == "microsoft.com"));
    assert!(
        ms.support_numbers
            .iter()
            .any(|n| n.country == "US" && n.number == "+18006427676")
    );
    assert_eq!(ms.support_list(), "microsoft-official-support");
    let x = Extractor::new();
    assert_eq!(
        x.warning(T::Phone, "+18006427676"),
        Some("microsoft-official-support")
    );
    assert_eq!(
        x.warning(T::Domain, "login.live.com"),
        Some("webmail-providers")
    );
}

#[test]
fn extractor_is_send_and_sync() {
    fn assert_send_sync<X: Send + Sync>() {}
    assert_send_sync::<Extractor>();
}

#[test]
fn spelled_out_at_is_read_only_with_defanged_dots() {
    let x = Extractor::new();
    let ctx = Context::default();
    let cases: &[(&str, &[&str])] = &[
        (
            "write to support at ms-help-desk dot com for the refund",
            &["email:support@ms-help-desk.com", "domain:ms-help-desk.com"],
        ),
        (
            "Mail: Billing.Team AT refund-center[.]net",
            &[
                "email:billing.team@refund-center.net",
                "domain:refund-center.net",
            ],
        ),
        ("mail them at gmail dot com", &["email:them@gmail.com"]),
        ("I was at home. Visit example.com", &["domain:example.com"]),
        ("we met at noon at the station", &[]),
    ];
    for (text, want) in cases {
        let got: Vec<String> = x
            .extract_text(text, &ctx)
            .iter()
            .map(|i| format!("{}:{}", i.ty, i.value))
            .collect();
        assert_eq!(got, *want, "{text}");
    }
}
