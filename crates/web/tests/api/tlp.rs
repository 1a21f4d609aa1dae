//! TLP per contribution: a TLP:RED contribution of organisation A is never visible to
//! organisation B in any response; CLEAR, GREEN and AMBER ones appear to B as aggregates
//! (docs/SHARING.md, "TLP of contributions").

use crate::helpers::{TestApp, spawn_app};
use axum::http::StatusCode;
use dragnet_store::{Role, Scope};
use serde_json::Value;

/// Two reports of A joined by a remote-access id only A has seen, and one of them shares a
/// phone number with B's report: one operation of three reports.
fn a_reports(tlp: &str) -> [String; 2] {
    [
        format!(
            r#"{{"id":"RED-1","source":"org-a","tlp":"{tlp}","reporter":{{"country":"FR","name":"Rita Rouge"}},"narrative":"Appelez le 1-888-555-0147, AnyDesk 987 654 321, site secret-red-scam.example","loss":{{"amount":"900","currency":"EUR"}}}}"#
        ),
        format!(
            r#"{{"id":"RED-2","source":"org-a","tlp":"{tlp}","reporter":{{"country":"FR","name":"Rene Rouge"}},"narrative":"Ils ont pris le controle avec AnyDesk 987 654 321 via secret-red-scam.example"}}"#
        ),
    ]
}

const B_REPORT: &str = r#"{"id":"B-1","source":"org-b","reporter":{"country":"GB","name":"Bob Other"},"narrative":"Amazon refund scam, they said ring 1-888-555-0147","loss":{"amount":"50","currency":"GBP"}}"#;

/// What of A's contributions must never reach B under TLP:RED.
const A_SECRETS: [&str; 6] = [
    "RED-1",
    "RED-2",
    "org-a",
    "987654321",
    "secret-red-scam",
    "EUR",
];

async fn setup(tlp: &str) -> (TestApp, String, String) {
    let app = spawn_app().await;
    let a = app
        .user("A", "analyst@a.example", Role::Analyst, &Scope::ALL)
        .await;
    let b = app
        .user("B", "analyst@b.example", Role::Analyst, &Scope::ALL)
        .await;
    for r in a_reports(tlp) {
        let (s, v) = app
            .request_as(Some(&a), "POST", "/api/v1/reports", "application/json", r)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let (s, _) = app
        .request_as(
            Some(&b),
            "POST",
            "/api/v1/reports",
            "application/json",
            B_REPORT,
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    (app, a, b)
}

async fn get(app: &TestApp, token: &str, uri: &str) -> (StatusCode, Value) {
    app.request_as(Some(token), "GET", uri, "application/json", "")
        .await
}

#[tokio::test]
async fn a_red_contribution_of_a_is_never_visible_to_b() {
    let (app, a, b) = setup("red").await;
    // A sees its operation whole: three reports, its own by id.
    let (_, mine) = get(&app, &a, "/api/v1/clusters").await;
    assert_eq!(mine["count"], 1, "{mine}");
    let op = mine["clusters"][0]["cluster"].as_str().unwrap().to_string();
    assert_eq!(mine["clusters"][0]["reports_total"], 3);
    let (_, r) = get(&app, &a, "/api/v1/reports/RED-1").await;
    assert_eq!(r["tlp"], "red", "{r}");

    // B: every response, including errors, is free of A's RED contribution.
    let probes = [
        "/api/v1/clusters".to_string(),
        "/api/v1/clusters?shared=true".to_string(),
        "/api/v1/clusters?min_reports=1".to_string(),
        format!("/api/v1/clusters/{op}"),
        "/api/v1/explain?a=B-1&b=B-1".to_string(),
        "/api/v1/explain?a=B-1&b=RED-1".to_string(),
        "/api/v1/hubs".to_string(),
        "/api/v1/reports/B-1".to_string(),
        "/api/v1/reports/RED-1".to_string(),
        "/api/v1/reports/RED-1/reporter?purpose=x".to_string(),
        "/api/v1/me".to_string(),
    ];
    for uri in &probes {
        let (_, v) = get(&app, &b, uri).await;
        let text = v.to_string();
        // (An id B typed itself may come back in the error naming what was not found.)
        for s in A_SECRETS.iter().filter(|s| !uri.contains(*s)) {
            assert!(
                !text.contains(s),
                "B saw `{s}` of A's RED reports in {uri}: {text}"
            );
        }
    }
    // Signed in, B's check of A's RED-only value names no operation.
    let (s, v) = get(&app, &b, "/api/v1/check?text=AnyDesk%20987%20654%20321").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    for d in v["details"].as_array().unwrap() {
        assert_eq!(d["operations"], serde_json::json!([]), "{v}");
    }
    let (_, v) = get(&app, &a, "/api/v1/check?text=AnyDesk%20987%20654%20321").await;
    assert!(
        v["details"].to_string().contains(&op),
        "A sees its own: {v}"
    );
    // Left with only its own report, the operation is not one for B.
    let (_, theirs) = get(&app, &b, "/api/v1/clusters").await;
    assert_eq!(theirs["count"], 0, "{theirs}");
    let (s, _) = get(&app, &b, &format!("/api/v1/clusters/{op}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn clear_green_and_amber_contributions_reach_b_as_aggregates_only() {
    for tlp in ["clear", "green", "amber", "amber+strict"] {
        let (app, _a, b) = setup(tlp).await;
        let (_, theirs) = get(&app, &b, "/api/v1/clusters").await;
        assert_eq!(theirs["count"], 1, "{tlp}: {theirs}");
        let op = &theirs["clusters"][0];
        // Counted and their shared indicators shown...
        assert_eq!(op["reports_total"], 3, "{tlp}: {op}");
        assert_eq!(op["reports_hidden"], 2, "{tlp}: {op}");
        assert!(op.to_string().contains("remote_access_id"), "{tlp}: {op}");
        // ...but never by id, and never their victims' data.
        let text = op.to_string();
        for s in ["RED-1", "RED-2", "Rita", "Rene"] {
            assert!(!text.contains(s), "{tlp}: B saw `{s}`: {text}");
        }
    }
}

#[tokio::test]
async fn a_bad_tlp_is_a_field_error_and_a_batch_keeps_its_good_lines() {
    let app = spawn_app().await;
    let (s, v) = app
        .post(
            "application/json",
            r#"{"id":"T-1","tlp":"purple","narrative":"call 1-888-555-0147"}"#,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(v["code"], "invalid_field");
    assert_eq!(v["field"], "tlp");
    let batch = concat!(
        r#"{"id":"T-2","tlp":"TLP:GREEN","narrative":"call 1-888-555-0147"}"#,
        "\n",
        r#"{"id":"T-3","tlp":5,"narrative":"call 1-888-555-0147"}"#,
        "\n",
    );
    let (s, v) = app.post("application/x-ndjson", batch).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["created"], 1);
    assert_eq!(v["results"][1]["field"], "tlp", "{v}");
    let (_, r) = app.get("/api/v1/reports/T-2").await;
    assert_eq!(r["tlp"], "green");
    // No marking: the default, amber.
    app.post("application/json", r#"{"id":"T-4","narrative":"n"}"#)
        .await;
    let (_, r) = app.get("/api/v1/reports/T-4").await;
    assert_eq!(r["tlp"], "amber");
}
