//! Property tests: normalising twice changes nothing, E.164 round-trips, and no input makes
//! the extractor panic.

use dragnet_core::{Country, IndicatorType, RawIndicator};
use dragnet_extract::{Context, Extractor, PhoneNumber};
use proptest::prelude::*;

fn x() -> &'static Extractor {
    dragnet_extract::shared()
}

fn region() -> impl Strategy<Value = Option<Country>> {
    prop::sample::select(vec![
        None,
        Some("US"),
        Some("GB"),
        Some("DE"),
        Some("FR"),
        Some("ES"),
        Some("AU"),
        Some("IN"),
    ])
    .prop_map(|r| r.and_then(|c| Country::parse(c).ok()))
}

/// A phone number written the way people write them: optional `+cc`/`00cc`, groups, separators.
fn written_phone() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "", "+1 ", "+44 ", "+49 ", "+33 ", "+34 ", "+61 ", "+91 ", "0049 ", "011 44 ",
        ]),
        prop::collection::vec("[0-9]{2,4}", 2..5),
        prop::sample::select(vec![" ", "-", ".", "/", ""]),
    )
        .prop_map(|(prefix, groups, sep)| format!("{prefix}{}", groups.join(sep)))
}

fn iban() -> impl Strategy<Value = String> {
    "[0-9]{18}".prop_map(|bban| {
        // ISO 13616 check digits for a DE IBAN.
        let s = format!("{bban}131400");
        let rem = s
            .bytes()
            .fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
        format!("DE{:02}{bban}", 98 - rem)
    })
}

fn normalise_is_idempotent(
    ty: IndicatorType,
    value: &str,
    ctx: &Context,
) -> Result<(), TestCaseError> {
    let raw = RawIndicator {
        ty,
        value: value.to_string(),
    };
    if let Ok(once) = x().normalise(&raw, ctx) {
        let again = x().normalise(
            &RawIndicator {
                ty,
                value: once.value.clone(),
            },
            ctx,
        );
        prop_assert_eq!(again.map(|i| i.value), Ok(once.value), "{} {}", ty, value);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn phone_normalisation_is_idempotent_and_e164_round_trips(w in written_phone(), r in region()) {
        let ctx = Context { default_region: r };
        normalise_is_idempotent(IndicatorType::Phone, &w, &ctx)?;
        if let Ok(p) = PhoneNumber::parse(&w, r) {
            // E.164 parses back to itself whatever the default region.
            let back = PhoneNumber::parse(p.as_str(), None).map_err(TestCaseError::fail)?;
            prop_assert_eq!(back.as_str(), p.as_str());
            prop_assert_eq!(back.region(), p.region());
            prop_assert!(p.as_str().starts_with('+') && p.as_str()[1..].bytes().all(|b| b.is_ascii_digit()));
            prop_assert!(p.as_str().len() <= 16);
        }
    }

    #[test]
    fn web_normalisation_is_idempotent(
        labels in prop::collection::vec("[a-zA-Z0-9][a-zA-Z0-9-]{0,10}[a-zA-Z0-9]", 1..4),
        tld in prop::sample::select(vec!["com", "de", "co.uk", "fr", "es", "com.au", "in", "net", "xyz", "online"]),
        path in "(/[a-zA-Z0-9_.~-]{0,8}){0,3}",
        local in "[a-zA-Z0-9._%+-]{1,12}",
        defang in any::<bool>(),
    ) {
        let host = format!("{}.{tld}", labels.join("."));
        let host = if defang { host.replace('.', "[.]") } else { host };
        let ctx = Context::default();
        normalise_is_idempotent(IndicatorType::Domain, &host, &ctx)?;
        normalise_is_idempotent(IndicatorType::Url, &format!("hxxps://{host}{path}"), &ctx)?;
        normalise_is_idempotent(IndicatorType::Email, &format!("{local}@{host}"), &ctx)?;
    }

    #[test]
    fn other_normalisation_is_idempotent(i in iban(), a in any::<[u8; 4]>(), b in any::<[u16; 8]>(), id in "[1-9][0-9]{8,9}") {
        let ctx = Context::default();
        normalise_is_idempotent(IndicatorType::Iban, &i, &ctx)?;
        prop_assert!(x().normalise(&RawIndicator { ty: IndicatorType::Iban, value: i.clone() }, &ctx).is_ok(), "{}", i);
        normalise_is_idempotent(IndicatorType::Ip, &format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3]), &ctx)?;
        normalise_is_idempotent(IndicatorType::Ip, &std::net::Ipv6Addr::from(b).to_string().to_uppercase(), &ctx)?;
        normalise_is_idempotent(IndicatorType::RemoteAccessId, &format!("AnyDesk {id}"), &ctx)?;
    }

    #[test]
    fn extracted_values_normalise_to_themselves(text in "[ -~äéñß\n]{0,200}", w in written_phone()) {
        let text = format!("{text} call {w} or hxxps://{}[.]com/x", text.len());
        for ind in x().extract_text(&text, &Context::default()) {
            if ind.ty == IndicatorType::Phone {
                continue; // national writings depend on the region; covered above
            }
            let again = x().normalise(&RawIndicator { ty: ind.ty, value: ind.value.clone() }, &Context::default());
            prop_assert_eq!(again.map(|i| i.value), Ok(ind.value.clone()), "{:?}", ind);
        }
    }

    #[test]
    fn no_panic_on_arbitrary_text(s in any::<String>(), r in region()) {
        let out = x().extract_text(&s, &Context { default_region: r });
        prop_assert!(out.len() <= s.len());
    }

    #[test]
    fn no_panic_on_arbitrary_bytes(b in prop::collection::vec(any::<u8>(), 0..400)) {
        let s = String::from_utf8_lossy(&b);
        let out = x().extract_text(&s, &Context::default());
        prop_assert!(out.len() <= s.len());
        for ty in IndicatorType::ALL {
            let _ = x().normalise(&RawIndicator { ty, value: s.to_string() }, &Context::default());
        }
    }
}
