//! The check page: verdicts in `id="verdict"` with `data-verdict`, informed by the store.

use crate::helpers::{Multipart, spawn_app};
use axum::http::StatusCode;

fn verdict_of(html: &str) -> Option<String> {
    let i = html.find("id=\"verdict\"")?;
    let rest = &html[i..];
    let j = rest.find("data-verdict=\"")? + "data-verdict=\"".len();
    Some(rest[j..].split('"').next()?.to_string())
}

#[tokio::test]
async fn verdicts_for_official_unknown_and_reported_values() {
    let app = spawn_app().await;
    // A report naming a number makes that number known.
    let (cookie, csrf) = app.open_form("/report").await;
    let form = Multipart::new()
        .text("csrf", &csrf)
        .text("narrative", "Pop-up said call Microsoft support now.")
        .text("phone_numbers", "+1 888 555 0147");
    assert_eq!(app.post_report(&cookie, &form).await.status, StatusCode::OK);

    let (cookie, csrf) = app.open_form("/check").await;
    // (input, acceptable verdicts)
    let cases: [(&str, &[&str]); 4] = [
        ("+1 800 642 7676", &["official"]),
        ("microsoft.com", &["official"]),
        ("+1 888 555 0147", &["suspicious", "scam"]),
        ("+1 650 253 0001", &["unknown"]),
    ];
    for (q, want) in cases {
        let page = app.post_check(&cookie, &csrf, q).await;
        assert_eq!(page.status, StatusCode::OK, "{q}");
        let got = verdict_of(&page.html).unwrap_or_default();
        assert!(want.contains(&got.as_str()), "{q}: {got}");
        assert!(
            page.html.contains(&format!(">{q}</textarea>")),
            "{q}: input kept"
        );
    }
}

#[tokio::test]
async fn a_check_by_link_and_an_empty_check() {
    let app = spawn_app().await;
    let page = app
        .get("/check?q=micros0ft-support-help.com&lang=de", "")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let v = verdict_of(&page.html).unwrap();
    assert!(["scam", "suspicious"].contains(&v.as_str()), "{v}");
    assert!(page.html.contains("<html lang=\"de\">"));

    let (cookie, csrf) = app.open_form("/check").await;
    let page = app.post_check(&cookie, &csrf, "   ").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("id=\"f-q-err\""));
    assert!(verdict_of(&page.html).is_none());
}

#[tokio::test]
async fn an_oversized_check_is_refused() {
    let app = spawn_app().await;
    let (cookie, csrf) = app.open_form("/check").await;
    let long = "a".repeat(200 * 1024);
    let page = app.post_check(&cookie, &csrf, &long).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.html.contains("<h1>This is too large</h1>"));

    let longish = "b ".repeat(20 * 1024);
    let page = app.post_check(&cookie, &csrf, &longish).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.html.contains("id=\"f-q-err\""));
}
