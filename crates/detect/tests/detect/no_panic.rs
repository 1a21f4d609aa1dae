//! Hostile input never panics: arbitrary strings and bytes, huge texts, absurd values.
use dragnet_detect::{CheckInput, Lang, NoKnowledge, analyse_page, check, score_domain};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn check_never_panics(s in any::<String>()) {
        let _ = check(&CheckInput::Value(s.clone()), Lang::En, &NoKnowledge);
        let _ = check(&CheckInput::Text(s.clone()), Lang::Fr, &NoKnowledge);
        let _ = score_domain(&s);
    }

    #[test]
    fn html_like_input_never_panics(s in "[<>/a-z =\"'!&#;x0-9-]{0,200}") {
        let _ = analyse_page(&s, Lang::De);
        let _ = check(&CheckInput::Page(s), Lang::Es, &NoKnowledge);
    }

    #[test]
    fn fetched_pages_never_panic(url in "\\PC{0,60}", html in "[<>/a-z =\"'!&#;x0-9-]{0,200}") {
        let urls = vec![url.clone(), format!("https://{url}/")];
        let _ = dragnet_detect::Detector::builtin().check_fetched(&urls, &html, Lang::En, None, &NoKnowledge);
    }

    #[test]
    fn lossy_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let s = String::from_utf8_lossy(&bytes).into_owned();
        let _ = check(&CheckInput::Value(s.clone()), Lang::En, &NoKnowledge);
        let _ = analyse_page(&s, Lang::En);
    }

    #[test]
    fn domain_like_input_never_panics(s in "[a-zA-Z0-9.\\-\u{400}-\u{450}\u{300}-\u{36f}]{0,80}") {
        let _ = score_domain(&s);
        let _ = check(&CheckInput::Value(s), Lang::En, &NoKnowledge);
    }
}

#[test]
fn large_and_absurd_inputs_give_verdicts() {
    let megabyte = "Call Microsoft support now ".repeat(40_000) + "é";
    let cases = [
        CheckInput::Value(String::new()),
        CheckInput::Text(megabyte.clone()),
        CheckInput::Page(format!("<p>{megabyte}</p>")),
        CheckInput::Value("+".repeat(5000)),
        CheckInput::Value("1".repeat(5000)),
        CheckInput::Value("xn--".repeat(100)),
        CheckInput::Value("a.".repeat(300)),
        CheckInput::Value("\u{0}\u{1}\u{fffd}".into()),
    ];
    for input in &cases {
        assert!(check(input, Lang::En, &NoKnowledge).is_ok());
    }
}
