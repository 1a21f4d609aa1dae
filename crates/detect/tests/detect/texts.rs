//! Scam-language signals: exact signal codes per sentence, in each language.
use dragnet_detect::{Lang, analyse_text};

fn codes(text: &str) -> Vec<String> {
    analyse_text(text, Lang::En)
        .signals
        .into_iter()
        .map(|s| s.code)
        .collect()
}

#[test]
fn signals_per_language() {
    let cases: &[(&str, &[&str])] = &[
        // en
        (
            "Your computer is infected. Do not turn off your PC.",
            &["device_infected", "do_not_shut_down"],
        ),
        (
            "Buy Google Play gift cards and read me the codes on the back of the card.",
            &["gift_card_payment"],
        ),
        (
            "Please install AnyDesk so I can fix it.",
            &["remote_access"],
        ),
        (
            "You were charged $399 for the renewal. Not you? Call 1-888-555-0147",
            &["call_support", "refund_or_charge", "not_you_call"],
        ),
        ("Error code 0x80070424", &["fake_error_code"]),
        ("Deposit the cash at a Bitcoin ATM.", &["crypto_payment"]),
        // de
        (
            "Ihr Computer wurde gesperrt. Schalten Sie den Computer nicht aus.",
            &["device_locked", "do_not_shut_down"],
        ),
        (
            "Kaufen Sie Google-Play-Karten und sagen Sie Ihrer Bank nichts.",
            &["gift_card_payment", "secrecy"],
        ),
        (
            "Ich rufe im Auftrag von Microsoft an.",
            &["caller_claims_brand"],
        ),
        // es
        (
            "Su ordenador está infectado. No apague el equipo.",
            &["device_infected", "do_not_shut_down"],
        ),
        (
            "Compre tarjetas de regalo de Steam. No cuelgue.",
            &["gift_card_payment", "secrecy"],
        ),
        (
            "Le llamo de Microsoft, instale TeamViewer.",
            &["remote_access", "caller_claims_brand"],
        ),
        // fr
        (
            "Votre ordinateur a été bloqué. N'éteignez pas votre PC.",
            &["device_locked", "do_not_shut_down"],
        ),
        (
            "Achetez des coupons PCS et ne raccrochez pas.",
            &["gift_card_payment", "secrecy"],
        ),
        (
            "Je vous appelle de la part de Microsoft.",
            &["caller_claims_brand"],
        ),
        // not scams
        ("Your parcel was delivered to the front door.", &[]),
        ("Never buy gift cards for someone who calls you.", &[]),
        ("Nunca compre tarjetas regalo por teléfono.", &[]),
        ("", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(codes(text), *want, "{text}");
    }
}

#[test]
fn explanations_follow_the_requested_language() {
    let text = "Do not turn off your computer";
    let got: Vec<String> = Lang::ALL
        .iter()
        .map(|l| analyse_text(text, *l).signals[0].explanation.clone())
        .collect();
    assert!(
        got[0].starts_with("Tells you not to turn off"),
        "{}",
        got[0]
    );
    assert!(got[1].starts_with("Fordert Sie auf"), "{}", got[1]);
    assert!(got[2].starts_with("Le pide que no apague"), "{}", got[2]);
    assert!(
        got[3].starts_with("Vous demande de ne pas éteindre"),
        "{}",
        got[3]
    );
}

#[test]
fn scores_combine_as_noisy_or() {
    let a = analyse_text(
        "Your computer is infected. Do not turn off your PC.",
        Lang::En,
    );
    // 1 - (1 - 0.35) * (1 - 0.4) = 0.61
    assert_eq!(a.score, 0.61);
    assert_eq!(analyse_text("hello", Lang::En).score, 0.0);
}
