//! Languages: negotiation order, the switcher, and complete translations.

use crate::helpers::spawn_app;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dragnet_detect::Lang;
use dragnet_web::pages::i18n::{from_accept_language, message_ids};

#[tokio::test]
async fn language_comes_from_query_then_cookie_then_accept_language() {
    let app = spawn_app().await;
    // (query, cookie, accept-language, expected lang, sets the cookie)
    let cases = [
        ("", "", "", "en", false),
        ("", "", "de-DE,de;q=0.9,en;q=0.5", "de", false),
        ("", "", "it-IT, es;q=0.8, en;q=0.7", "es", false),
        ("", "", "en;q=0.3, fr-CA;q=0.9", "fr", false),
        ("", "lang=fr", "de", "fr", false),
        ("?lang=es", "lang=fr", "de", "es", true),
        ("?lang=de", "", "", "de", true),
        ("?lang=xx", "lang=de", "", "de", false),
        ("?lang=xx", "", "fr", "fr", false),
    ];
    for (q, cookie, accept, want, sets) in cases {
        let mut req = Request::get(format!("/guidance{q}"));
        if !cookie.is_empty() {
            req = req.header(header::COOKIE, cookie);
        }
        if !accept.is_empty() {
            req = req.header(header::ACCEPT_LANGUAGE, accept);
        }
        let page = app.send(req.body(Body::empty()).unwrap()).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.html.contains(&format!("<html lang=\"{want}\">")),
            "{q} {cookie} {accept}: want {want}"
        );
        assert_eq!(page.headers[header::CONTENT_LANGUAGE], want);
        let set_lang = page.cookies().iter().any(|c| c == &format!("lang={want}"));
        assert_eq!(set_lang, sets, "{q} {cookie} {accept}");
    }
}

#[test]
fn accept_language_respects_q_values() {
    let cases = [
        ("", None),
        ("*", None),
        ("ja, zh;q=0.8", None),
        ("de;q=0, fr;q=0.1", Some(Lang::Fr)),
        ("en-GB,en;q=0.9", Some(Lang::En)),
        ("es-419;q=0.9, de;q=0.9", Some(Lang::Es)),
        ("fr;q=abc, de;q=0.5", Some(Lang::De)),
    ];
    for (header, want) in cases {
        assert_eq!(from_accept_language(header), want, "{header}");
    }
}

#[test]
fn every_language_has_every_message() {
    let en = message_ids(Lang::En);
    assert!(en.len() > 150, "only {} messages", en.len());
    for lang in [Lang::De, Lang::Es, Lang::Fr] {
        let ids = message_ids(lang);
        let missing: Vec<&String> = en.iter().filter(|id| !ids.contains(id)).collect();
        let extra: Vec<&String> = ids.iter().filter(|id| !en.contains(id)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang}: missing {missing:?}, extra {extra:?}"
        );
    }
}

#[tokio::test]
async fn every_page_renders_in_every_language_with_a_switcher() {
    let app = spawn_app().await;
    for lang in ["en", "de", "es", "fr"] {
        for path in ["/", "/report", "/check", "/guidance"] {
            let page = app.get(&format!("{path}?lang={lang}"), "").await;
            assert_eq!(page.status, StatusCode::OK, "{path} {lang}");
            assert!(page.html.contains(&format!("<html lang=\"{lang}\">")));
            assert!(
                !page.html.contains('⟦'),
                "{path} {lang}: a message is missing"
            );
            for other in ["en", "de", "es", "fr"] {
                assert!(
                    page.html.contains(&format!("href=\"{path}?lang={other}\"")),
                    "{path} {lang}: no switch to {other}"
                );
            }
        }
    }
}

#[tokio::test]
async fn translations_differ_between_languages() {
    let app = spawn_app().await;
    let mut titles = Vec::new();
    for lang in ["en", "de", "es", "fr"] {
        let page = app.get(&format!("/report?lang={lang}"), "").await;
        let t = page
            .html
            .split("<h1>")
            .nth(1)
            .unwrap()
            .split("</h1>")
            .next()
            .unwrap()
            .to_string();
        titles.push(t);
    }
    assert_eq!(
        titles,
        vec![
            "Report a scam",
            "Betrug melden",
            "Denunciar una estafa",
            "Signaler une arnaque"
        ]
    );
}
