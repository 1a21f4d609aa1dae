//! Domain impersonation: one row per technique, with the brand, techniques and score band.
use dragnet_detect::{Technique as T, score_domain};

fn assert_case(input: &str, brand: &str, techniques: &[T], min_score: f32) {
    let got = score_domain(input).unwrap_or_else(|| panic!("{input}: not flagged"));
    assert_eq!(
        (got.brand.as_str(), got.techniques.as_slice()),
        (brand, techniques),
        "{input}"
    );
    assert!(
        got.score >= min_score,
        "{input}: score {} < {min_score}",
        got.score
    );
}

#[test]
fn homoglyphs_and_idn() {
    let cases: &[(&str, &str, &[T], f32)] = &[
        (
            "micrоsoft.com",
            "Microsoft",
            &[T::Homoglyph, T::Idn, T::MixedScript],
            0.95,
        ), // Cyrillic о
        (
            "xn--micrsoft-qbh.com",
            "Microsoft",
            &[T::Homoglyph, T::Idn, T::MixedScript],
            0.95,
        ),
        ("аррӏе.com", "Apple", &[T::Homoglyph, T::Idn], 0.95), // all Cyrillic: single script
        ("rnicrosoft.com", "Microsoft", &[T::Homoglyph], 0.9),
        ("micr0soft.net", "Microsoft", &[T::Homoglyph], 0.9),
        ("paypa1.com", "PayPal", &[T::Homoglyph], 0.9),
        ("arnazon.de", "Amazon", &[T::Homoglyph], 0.9),
        ("lcaspersky.com", "Kaspersky", &[T::Homoglyph], 0.9),
        ("idoud.com", "Apple", &[T::Homoglyph], 0.9),
        ("ɑmazon.com", "Amazon", &[T::Homoglyph, T::Idn], 0.95),
    ];
    for (input, brand, t, s) in cases {
        assert_case(input, brand, t, *s);
    }
}

#[test]
fn typosquats() {
    let cases: &[(&str, &str, &[T], f32)] = &[
        ("micosoft.com", "Microsoft", &[T::Omission], 0.85),
        ("microsooft.com", "Microsoft", &[T::Repetition], 0.85),
        ("microsofty.com", "Microsoft", &[T::Addition], 0.8),
        ("microsodft.com", "Microsoft", &[T::Insertion], 0.85),
        ("micorsoft.com", "Microsoft", &[T::Transposition], 0.85),
        ("microsofr.com", "Microsoft", &[T::Replacement], 0.85),
        ("microsaft.com", "Microsoft", &[T::VowelSwap], 0.85),
        ("amazgn.com", "Amazon", &[T::Bitsquatting], 0.8),
        ("micro-soft.com", "Microsoft", &[T::Hyphenation], 0.8),
        ("paypals.com", "PayPal", &[T::Addition], 0.8),
        ("microsofts.com", "Microsoft", &[T::Addition], 0.8),
        ("microsofst.com", "Microsoft", &[T::Plural], 0.8),
        ("amazln.com", "Amazon", &[T::Replacement], 0.85),
        ("gooogle.com", "Google", &[T::Repetition], 0.85),
        ("appple.com", "Apple", &[T::Repetition], 0.7),
        ("microsoft.xyz", "Microsoft", &[T::TldSwap], 0.8),
        ("paypal.support", "PayPal", &[T::TldSwap], 0.8),
        ("micro.soft.com", "Microsoft", &[T::SubdomainSplit], 0.85),
    ];
    for (input, brand, t, s) in cases {
        assert_case(input, brand, t, *s);
    }
}

#[test]
fn combosquats_and_subdomain_tricks() {
    let cases: &[(&str, &str, &[T], f32)] = &[
        (
            "microsoft-support-help.com",
            "Microsoft",
            &[T::Combosquat],
            0.9,
        ),
        ("amazon-refund-desk.net", "Amazon", &[T::Combosquat], 0.9),
        ("amazonrefunddesk.net", "Amazon", &[T::Combosquat], 0.9),
        (
            "windows-defender-alert.com",
            "Microsoft",
            &[T::Combosquat],
            0.8,
        ),
        ("apple-icloud-locked.com", "Apple", &[T::Combosquat], 0.9),
        (
            "micros0ft-support.com",
            "Microsoft",
            &[T::Homoglyph, T::Combosquat],
            0.9,
        ),
        ("paypal-kundendienst.de", "PayPal", &[T::Combosquat], 0.9),
        ("soporte-microsoft.es", "Microsoft", &[T::Combosquat], 0.9),
        ("microsoftcom.com", "Microsoft", &[T::Combosquat], 0.8),
        (
            "microsoft.com.fix-pc.net",
            "Microsoft",
            &[T::SubdomainTrick],
            0.9,
        ),
        (
            "www.amazon.de.konto-pruefung.info",
            "Amazon",
            &[T::SubdomainTrick],
            0.9,
        ),
        (
            "paypal.account-verify.xyz",
            "PayPal",
            &[T::SubdomainTrick],
            0.85,
        ),
        ("microsoft.web.app", "Microsoft", &[T::HostedBrand], 0.6),
        (
            "hxxps://microsoft-help[.]com/fix",
            "Microsoft",
            &[T::Combosquat],
            0.75,
        ),
    ];
    for (input, brand, t, s) in cases {
        assert_case(input, brand, t, *s);
    }
}

#[test]
fn official_and_ordinary_domains_are_not_flagged() {
    let cases = [
        "microsoft.com",
        "support.microsoft.com",
        "https://login.microsoftonline.com/common",
        "amazon.de",
        "www.amazon.co.uk",
        "appleid.apple.com",
        "www.paypal.com",
        "mail.google.com",
        "amazonia.org",
        "microscope.com",
        "applebees.com",
        "pineapple.com",
        "googleplex.example",
        "mail.com",
        "cloud.com",
        "email.com",
        "apply.com",
        "wikipedia.org",
        "windowsfenster.de",
        "officedepot.com",
        "not a domain",
        "",
        "192.168.0.1",
        "localhost",
    ];
    for input in cases {
        assert_eq!(score_domain(input), None, "{input}");
    }
}

#[test]
fn country_code_swaps_of_brands_that_hold_them_are_not_reported() {
    assert_eq!(score_domain("google.is"), None);
    assert_eq!(score_domain("www.youtube.co.ve"), None);
    let got = score_domain("google.xyz").unwrap();
    assert_eq!(
        (got.brand.as_str(), got.techniques.as_slice(), got.score),
        ("Google", &[T::TldSwap][..], 0.8)
    );
    let got = score_domain("apple-store.com").unwrap();
    assert_eq!(
        (got.brand.as_str(), got.techniques.as_slice(), got.score),
        ("Apple", &[T::Combosquat][..], 0.6)
    );
}
