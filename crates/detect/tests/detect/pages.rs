//! Saved pages: the browser-locker fixture shows every trick; a bakery page shows none.
use dragnet_detect::{Lang, analyse_page};

#[test]
fn browser_locker_tricks_are_named() {
    let html = include_str!("../fixtures/locker.html");
    let p = analyse_page(html, Lang::En);
    let codes: Vec<&str> = p.tricks.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "fullscreen",
            "beforeunload_trap",
            "history_flood",
            "alarm_audio",
            "alert_loop",
            "right_click_disabled",
            "keyboard_trap",
            "cursor_hidden",
            "fake_system_imagery",
            "fake_scan_wording",
        ]
    );
    assert_eq!(p.title, "Windows Defender Security Center");
    assert_eq!(p.phones, ["+18885550147"]);
    assert_eq!(p.brands, ["Microsoft"]);
    assert!(p.score >= 0.99, "{}", p.score);
}

#[test]
fn an_ordinary_page_has_no_tricks() {
    let p = analyse_page(include_str!("../fixtures/benign.html"), Lang::En);
    assert_eq!(p.tricks, []);
    assert_eq!(p.brands, Vec::<String>::new());
    assert!(p.text.signals.is_empty());
    assert_eq!(p.score, 0.0);
}

#[test]
fn trick_explanations_are_localised() {
    let p = analyse_page(
        "<script>document.body.requestFullscreen()</script>",
        Lang::Fr,
    );
    assert_eq!(p.tricks.len(), 1);
    assert!(
        p.tricks[0]
            .explanation
            .starts_with("Passe le navigateur en plein écran"),
        "{}",
        p.tricks[0].explanation
    );
}
