//! Authorization: every role × own or other organisation × every endpoint, and a sweep that
//! no personal data of organisation A reaches organisation B through any response.

use crate::helpers::spawn_app;
use axum::http::StatusCode;
use dragnet_store::{Role, Scope};

const A_REPORT: &str = r#"{"id":"A-1","source":"org-a","reporter":{"country":"US","name":"Alice Victim","email":"alice.victim@example.org","phone":"+1 202 555 0101"},"narrative":"Popup: call 1-888-555-0147. I gave them AnyDesk 123 456 789","loss":{"amount":"300","currency":"USD"}}"#;
const B_REPORT: &str = r#"{"id":"B-1","source":"org-b","reporter":{"country":"GB","name":"Bob Other","email":"bob.other@example.net"},"narrative":"Amazon refund scam, they said ring 1-888-555-0147","loss":{"amount":"50","currency":"GBP"}}"#;

#[tokio::test]
async fn the_authorization_matrix() {
    let app = spawn_app().await;
    let all = Scope::ALL;
    let a_analyst = app
        .user("A", "analyst@a.example", Role::Analyst, &all)
        .await;
    let a_admin = app.user("A", "admin@a.example", Role::OrgAdmin, &all).await;
    let a_le = app
        .user("A", "police@a.example", Role::LeLiaison, &all)
        .await;
    let b_analyst = app
        .user("B", "analyst@b.example", Role::Analyst, &all)
        .await;
    let b_admin = app.user("B", "admin@b.example", Role::OrgAdmin, &all).await;
    let root = app.user("ops", "root@ops.example", Role::Admin, &all).await;
    let a_read_only = app
        .user("A", "reader@a.example", Role::Analyst, &[Scope::Read])
        .await;

    let (s, _) = app
        .request_as(
            Some(&a_analyst),
            "POST",
            "/api/v1/reports",
            "application/json",
            A_REPORT,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = app
        .request_as(
            Some(&b_analyst),
            "POST",
            "/api/v1/reports",
            "application/json",
            B_REPORT,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);

    use StatusCode as S;
    let who: [(&str, Option<&str>); 8] = [
        ("anonymous", None),
        ("A analyst", Some(&a_analyst)),
        ("A org_admin", Some(&a_admin)),
        ("A le_liaison", Some(&a_le)),
        ("B analyst", Some(&b_analyst)),
        ("B org_admin", Some(&b_admin)),
        ("admin", Some(&root)),
        ("A read-only token", Some(&a_read_only)),
    ];
    // (method, uri, body, expected status for each of `who`, in order)
    let matrix: Vec<(&str, &str, &str, [S; 8])> = vec![
        (
            "GET",
            "/api/v1/reports/A-1",
            "",
            [
                S::UNAUTHORIZED,
                S::OK,
                S::OK,
                S::FORBIDDEN,
                S::NOT_FOUND,
                S::NOT_FOUND,
                S::OK,
                S::OK,
            ],
        ),
        (
            "GET",
            "/api/v1/reports/A-1/reporter?purpose=call%20back",
            "",
            [
                S::UNAUTHORIZED,
                S::OK,
                S::OK,
                S::FORBIDDEN,
                S::NOT_FOUND,
                S::NOT_FOUND,
                S::OK,
                S::OK,
            ],
        ),
        (
            "GET",
            "/api/v1/reports/A-1/reporter",
            "",
            [
                S::UNAUTHORIZED,
                S::BAD_REQUEST,
                S::BAD_REQUEST,
                S::BAD_REQUEST,
                S::BAD_REQUEST,
                S::BAD_REQUEST,
                S::BAD_REQUEST,
                S::BAD_REQUEST,
            ],
        ),
        (
            "POST",
            "/api/v1/reports",
            r#"{"narrative":"x"}"#,
            [
                S::UNAUTHORIZED,
                S::CREATED,
                S::OK,
                S::FORBIDDEN,
                S::CREATED,
                S::OK,
                S::CREATED,
                S::FORBIDDEN,
            ],
        ),
        (
            "GET",
            "/api/v1/clusters",
            "",
            [
                S::UNAUTHORIZED,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
            ],
        ),
        (
            "GET",
            "/api/v1/explain?a=A-1&b=A-1",
            "",
            [
                S::UNAUTHORIZED,
                S::OK,
                S::OK,
                S::NOT_FOUND,
                S::NOT_FOUND,
                S::NOT_FOUND,
                S::OK,
                S::OK,
            ],
        ),
        (
            "GET",
            "/api/v1/hubs",
            "",
            [
                S::UNAUTHORIZED,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
            ],
        ),
        (
            "GET",
            "/api/v1/openapi.json",
            "",
            [S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK],
        ),
        (
            "GET",
            "/api/v1/me",
            "",
            [
                S::UNAUTHORIZED,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
                S::OK,
            ],
        ),
        (
            "GET",
            "/api/v1/audit",
            "",
            [
                S::UNAUTHORIZED,
                S::FORBIDDEN,
                S::OK,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::OK,
                S::OK,
                S::FORBIDDEN,
            ],
        ),
        (
            "DELETE",
            "/api/v1/reports/B-1/reporter",
            "",
            [
                S::UNAUTHORIZED,
                S::NOT_FOUND,
                S::NOT_FOUND,
                S::FORBIDDEN,
                S::OK,
                S::OK,
                S::OK,
                S::FORBIDDEN,
            ],
        ),
    ];
    for (method, uri, body, expected) in matrix {
        for ((name, token), want) in who.iter().zip(expected) {
            let (got, v) = app
                .request_as(*token, method, uri, "application/json", body.to_string())
                .await;
            assert_eq!(got, want, "{name}: {method} {uri} -> {v}");
        }
    }
    // Posting twice the same id from a second user of A is a duplicate (200), hence OK above.
}

#[tokio::test]
async fn no_personal_data_of_one_organisation_reaches_another() {
    let app = spawn_app().await;
    let a = app
        .user("A", "analyst@a.example", Role::Analyst, &Scope::ALL)
        .await;
    let b = app
        .user("B", "analyst@b.example", Role::Analyst, &Scope::ALL)
        .await;
    app.request_as(
        Some(&a),
        "POST",
        "/api/v1/reports",
        "application/json",
        A_REPORT,
    )
    .await;
    app.request_as(
        Some(&b),
        "POST",
        "/api/v1/reports",
        "application/json",
        B_REPORT,
    )
    .await;
    // A views its victim's data (audited), so the audit log has entries to leak.
    app.request_as(
        Some(&a),
        "GET",
        "/api/v1/reports/A-1/reporter?purpose=refund",
        "application/json",
        "",
    )
    .await;

    let probes = [
        "/api/v1/reports/A-1",
        "/api/v1/reports/A-1?source=org-a",
        "/api/v1/reports/B-1",
        "/api/v1/reports/A-1/reporter?purpose=curiosity",
        "/api/v1/reports/org-a",
        "/api/v1/clusters",
        "/api/v1/clusters?shared=true",
        "/api/v1/clusters/c-1",
        "/api/v1/explain?a=B-1&b=A-1",
        "/api/v1/explain?a=B-1&b=org-a/A-1",
        "/api/v1/hubs",
        "/api/v1/audit",
        "/api/v1/me",
        "/api/v1/openapi.json",
        "/api/v1/clusters?limit=abc",
        "/api/v1/explain?a=A-1",
    ];
    // (A's report id appears only where B typed it into the request itself, so the probe
    // is for A's content: the victim's identity and the narrative.)
    let secrets = [
        "Alice",
        "alice.victim",
        "202 555 0101",
        "Popup: call",
        "AnyDesk 123",
    ];
    let mut seen_cluster = false;
    for uri in probes {
        let (_, v) = app
            .request_as(Some(&b), "GET", uri, "application/json", "")
            .await;
        let text = v.to_string();
        for s in secrets {
            assert!(!text.contains(s), "B saw `{s}` of A in {uri}: {text}");
        }
        if uri == "/api/v1/clusters" {
            // The shared operation is visible to B as an aggregate: both reports counted.
            assert_eq!(v["clusters"][0]["reports_total"], 2, "{text}");
            assert_eq!(v["clusters"][0]["reports"], serde_json::json!(["B-1"]));
            seen_cluster = true;
        }
    }
    assert!(seen_cluster);
    // And A's own view does show them.
    let (_, v) = app
        .request_as(
            Some(&a),
            "GET",
            "/api/v1/reports/A-1/reporter?purpose=x",
            "application/json",
            "",
        )
        .await;
    assert_eq!(v["reporter"]["name"], "Alice Victim");
}

#[tokio::test]
async fn viewing_personal_data_is_audited_with_its_purpose() {
    let app = spawn_app().await;
    let analyst = app
        .user("A", "analyst@a.example", Role::Analyst, &Scope::ALL)
        .await;
    let admin = app
        .user("A", "admin@a.example", Role::OrgAdmin, &Scope::ALL)
        .await;
    app.request_as(
        Some(&analyst),
        "POST",
        "/api/v1/reports",
        "application/json",
        A_REPORT,
    )
    .await;
    let (s, _) = app
        .request_as(
            Some(&analyst),
            "GET",
            "/api/v1/reports/A-1/reporter?purpose=victim%20callback",
            "application/json",
            "",
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app
        .request_as(
            Some(&analyst),
            "DELETE",
            "/api/v1/reports/A-1/reporter?purpose=erasure%20request",
            "application/json",
            "",
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, log) = app
        .request_as(Some(&admin), "GET", "/api/v1/audit", "application/json", "")
        .await;
    let entries = log["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{log}");
    assert_eq!(entries[1]["action"], "view_personal_data");
    assert_eq!(entries[1]["actor"], "analyst@a.example");
    assert_eq!(entries[1]["purpose"], "victim callback");
    assert_eq!(entries[1]["target"], "report org-a/A-1");
    assert_eq!(entries[0]["action"], "erase_personal_data");
    // Erased: the data is gone, the indicators stay.
    let (_, v) = app
        .request_as(
            Some(&analyst),
            "GET",
            "/api/v1/reports/A-1/reporter?purpose=check",
            "application/json",
            "",
        )
        .await;
    assert!(v["reporter"].is_null(), "{v}");
    let (_, r) = app
        .request_as(
            Some(&analyst),
            "GET",
            "/api/v1/reports/A-1",
            "application/json",
            "",
        )
        .await;
    assert!(!r["indicators"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn login_sets_a_strict_session_cookie_and_logout_ends_it() {
    let app = spawn_app().await;
    app.user("A", "analyst@a.example", Role::Analyst, &Scope::ALL)
        .await;
    let req = axum::http::Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(
            r#"{"email":"analyst@a.example","password":"wrong"}"#,
        ))
        .unwrap();
    assert_eq!(app.call(req).await.0, StatusCode::UNAUTHORIZED);
    let req = axum::http::Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(
            r#"{"email":"analyst@a.example","password":"pw-of-analyst@a.example"}"#,
        ))
        .unwrap();
    let resp = tower::ServiceExt::oneshot(app.router.clone(), req)
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    for attr in ["HttpOnly", "Secure", "SameSite=Strict"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    let pair = cookie.split(';').next().unwrap().to_string();
    let me = axum::http::Request::get("/api/v1/me")
        .header("cookie", &pair)
        .body(axum::body::Body::empty())
        .unwrap();
    let (s, v) = app.call(me).await;
    assert_eq!((s, v["org"].as_str()), (StatusCode::OK, Some("A")));
    let out = axum::http::Request::post("/api/v1/logout")
        .header("cookie", &pair)
        .body(axum::body::Body::empty())
        .unwrap();
    app.call(out).await;
    let me = axum::http::Request::get("/api/v1/me")
        .header("cookie", &pair)
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(app.call(me).await.0, StatusCode::UNAUTHORIZED);
}
