//! CSRF, honeypot, minimum fill time, rate limit and the security headers.

use crate::helpers::{Multipart, spawn_app, spawn_with};
use axum::http::{StatusCode, header};
use std::time::Duration;

#[tokio::test]
async fn every_page_sends_a_strict_policy() {
    let app = spawn_app().await;
    for path in ["/", "/report", "/check", "/guidance", "/static/style.css"] {
        let page = app.get(path, "").await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let csp = page.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert_eq!(
            csp,
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
             base-uri 'none'; frame-ancestors 'none'",
            "{path}"
        );
        assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
        if path != "/static/style.css" {
            assert!(!page.html.contains("<script"), "{path} has a script");
            assert!(!page.html.contains(" style="), "{path} has an inline style");
            assert!(
                !page.html.contains("src=\"http") && !page.html.contains("href=\"http"),
                "{path} refers to another site"
            );
        }
    }
}

#[tokio::test]
async fn forged_or_missing_csrf_tokens_are_refused() {
    let app = spawn_app().await;
    let (cookie, csrf) = app.open_form("/report").await;
    let (other_cookie, _) = app.open_form("/report").await;
    let (ts_and_form, _) = csrf.rsplit_once('.').unwrap();
    let forged = format!("{ts_and_form}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    // (cookie, token)
    let cases = [
        (cookie.as_str(), forged.as_str()),
        (cookie.as_str(), ""),
        ("", csrf.as_str()),
        (other_cookie.as_str(), csrf.as_str()),
        ("dragnet_csrf=bad", csrf.as_str()),
    ];
    for (i, (cookie, token)) in cases.into_iter().enumerate() {
        let form = Multipart::new()
            .text("csrf", token)
            .text("narrative", "Forged on another site");
        let page = app.post_report(cookie, &form).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "case {i}");
        assert!(page.html.contains("This form has expired"), "case {i}");

        let page = app.post_check(cookie, token, "+18885550147").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "check case {i}");
    }
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn a_stale_token_from_our_own_page_keeps_the_text() {
    let app = spawn_app().await;
    let (cookie, csrf) = app.open_form("/report").await;
    let (ts_and_form, _) = csrf.rsplit_once('.').unwrap();
    let stale = format!("{ts_and_form}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    let form = Multipart::new()
        .text("csrf", &stale)
        .text("narrative", "Twenty minutes of typing");
    // (request headers, the form is shown again with the text)
    let cases: [(&[(&str, &str)], bool); 5] = [
        (&[("sec-fetch-site", "same-origin")], true),
        (
            &[("origin", "http://dragnet.test"), ("host", "dragnet.test")],
            true,
        ),
        (&[("sec-fetch-site", "cross-site")], false),
        (
            &[("origin", "http://evil.test"), ("host", "dragnet.test")],
            false,
        ),
        (&[], false),
    ];
    for (i, (headers, kept)) in cases.into_iter().enumerate() {
        let page = app.post_report_with(&cookie, &form, headers).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "case {i}");
        assert_eq!(
            page.html.contains(">Twenty minutes of typing</textarea>"),
            kept,
            "case {i}"
        );
        if kept {
            assert!(page.html.contains("id=\"form-problem\""), "case {i}");
            assert_ne!(page.hidden("csrf"), stale, "case {i}: a fresh token");
        }
    }
    // Without the cookie the text is never echoed, whatever the headers say.
    let page = app
        .post_report_with("", &form, &[("sec-fetch-site", "same-origin")])
        .await;
    assert!(page.html.contains("This form has expired"));
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn pages_may_stay_in_history_but_answers_to_posts_are_not_kept() {
    let app = spawn_app().await;
    let page = app.get("/report", "").await;
    assert_eq!(page.headers[header::CACHE_CONTROL], "private, no-cache");
    let cookie = page
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("dragnet_csrf="))
        .unwrap();
    let form = Multipart::new()
        .text("csrf", &page.hidden("csrf"))
        .text("narrative", "A call from 'Microsoft'.");
    let answer = app.post_report(&cookie, &form).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn a_filled_honeypot_is_refused() {
    let app = spawn_app().await;
    let (cookie, csrf) = app.open_form("/report").await;
    let form = Multipart::new()
        .text("csrf", &csrf)
        .text("homepage", "http://spam.example")
        .text("narrative", "Buy cheap watches");

    let page = app.post_report(&cookie, &form).await;

    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.html.contains("could not be accepted"));
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn a_form_sent_too_fast_is_shown_again_with_its_input() {
    let app = spawn_with(|mut c| {
        c.min_fill = Duration::from_secs(3600);
        c
    })
    .await;
    let (cookie, csrf) = app.open_form("/report").await;
    let form = Multipart::new()
        .text("csrf", &csrf)
        .text("narrative", "Sent by a very fast robot");

    let page = app.post_report(&cookie, &form).await;

    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.html.contains("id=\"form-problem\""));
    assert!(page.html.contains(">Sent by a very fast robot</textarea>"));
    assert_eq!(app.count().await, 0);
}

#[tokio::test]
async fn posts_beyond_the_burst_are_refused_per_address() {
    let app = spawn_with(|mut c| {
        c.post_burst = 2;
        c.post_refill = Duration::from_secs(3600);
        c
    })
    .await;
    let (cookie, csrf) = app.open_form("/check").await;
    let statuses: Vec<StatusCode> = {
        let mut v = Vec::new();
        for _ in 0..3 {
            v.push(app.post_check(&cookie, &csrf, "example.org").await.status);
        }
        v
    };
    assert_eq!(
        statuses,
        vec![
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

#[tokio::test]
async fn the_whole_app_serves_the_pages() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("app.db").display().to_string();
    let store = dragnet_store::SqlStore::open(&url, dragnet_store::DataKey::generate())
        .await
        .unwrap();
    let state = dragnet_web::AppState {
        store: std::sync::Arc::new(store.clone()),
        accounts: std::sync::Arc::new(store.clone()),
        taxii: std::sync::Arc::new(store),
        operations: std::sync::Arc::new(dragnet_store::Operations::new(
            dragnet_cluster::Policy::default(),
        )),
        partner_intel: Default::default(),
        extractor: std::sync::Arc::new(dragnet_extract::Extractor::new()),
        limits: dragnet_web::Limits::default(),
        default_source: "api".into(),
    };
    let app = dragnet_web::app(state);
    for path in ["/", "/report", "/check", "/guidance", "/static/style.css"] {
        let resp = tower::ServiceExt::oneshot(
            app.clone(),
            axum::http::Request::get(path)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn the_csrf_cookie_is_http_only_and_same_site() {
    let app = spawn_app().await;
    let page = app.get("/report", "").await;
    let set: Vec<&str> = page
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .filter(|v| v.starts_with("dragnet_csrf="))
        .collect();
    assert_eq!(set.len(), 1);
    assert!(set[0].contains("HttpOnly") && set[0].contains("SameSite=Strict"));
    // A visitor who has the cookie keeps it: no new one.
    let cookie = set[0].split(';').next().unwrap();
    let again = app.get("/report", cookie).await;
    assert!(
        again
            .cookies()
            .iter()
            .all(|c| !c.starts_with("dragnet_csrf="))
    );
}
