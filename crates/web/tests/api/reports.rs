use crate::helpers::{spawn_app, spawn_app_with};
use axum::http::StatusCode;
use dragnet_store::ReportStore;
use dragnet_web::Limits;

const REPORT: &str = r#"{"id":"MS-2023-000123","source":"microsoft-dcu","reporter":{"country":"US","name":"Ann Lee","email":"ann@example.com"},"contact_method":"popup","brand":"Microsoft","narrative":"A window said my PC was locked and to call 1-888-555-0147 or visit hxxps://microsoft-help[.]com/fix","loss":{"amount":"499.00","currency":"USD"}}"#;

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.0, StatusCode::OK);
    let (status, body) = app.get("/readyz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["database"], "sqlite");
}

#[tokio::test]
async fn a_posted_report_is_stored_with_its_indicators_and_readable() {
    let app = spawn_app().await;
    let (status, body) = app.post("application/json", REPORT).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["id"], "MS-2023-000123");
    assert_eq!(body["status"], "created");
    let values: Vec<&str> = body["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["value"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"microsoft-help.com"), "{values:?}");
    // Acknowledged means stored.
    assert_eq!(app.store.count_reports().await.unwrap(), 1);

    let (status, got) = app.get("/api/v1/reports/MS-2023-000123").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["source"], "microsoft-dcu");
    assert_eq!(got["reporter"]["country"], "US");
    let text = got.to_string();
    assert!(
        !text.contains("Ann Lee") && !text.contains("ann@example.com"),
        "personal data leaked: {text}"
    );
    assert_eq!(
        got["indicators"], body["indicators"],
        "the API returns what extraction found"
    );

    let (status, again) = app.post("application/json", REPORT).await;
    assert_eq!(
        (status, again["status"].as_str()),
        (StatusCode::OK, Some("duplicate"))
    );
    assert_eq!(app.store.count_reports().await.unwrap(), 1);
}

#[tokio::test]
async fn a_jsonl_batch_stores_good_lines_and_names_bad_ones() {
    let app = spawn_app().await;
    let body = format!(
        "{REPORT}\n{{\"id\":\"x\"}}\n\n{{\"id\":\"B-2\",\"narrative\":\"call 0800 123 4567\",\"loss\":{{\"amount\":\"-3\",\"currency\":\"EUR\"}}}}\n{{\"id\":\"B-3\",\"narrative\":\"second good one\"}}\n"
    );
    let (status, v) = app.post("application/x-ndjson", body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        (v["created"].as_u64(), v["rejected"].as_u64()),
        (Some(2), Some(2))
    );
    let r = v["results"].as_array().unwrap();
    assert_eq!(r[0]["line"], 1);
    assert_eq!(r[0]["status"], "created");
    assert_eq!(
        (r[1]["line"].as_u64(), r[1]["field"].as_str()),
        (Some(2), Some("narrative"))
    );
    assert_eq!(
        (r[2]["line"].as_u64(), r[2]["field"].as_str()),
        (Some(4), Some("loss.amount"))
    );
    assert_eq!(
        (r[3]["line"].as_u64(), r[3]["id"].as_str()),
        (Some(5), Some("B-3"))
    );
    assert_eq!(
        r[3]["source"], "acme",
        "reports without a source are filed under the organisation"
    );
    assert_eq!(app.store.count_reports().await.unwrap(), 2);
}

#[tokio::test]
async fn bad_requests_get_the_right_status_and_error_code() {
    let app = spawn_app_with(Limits {
        max_body_bytes: 2048,
        max_batch_reports: 3,
        ..Limits::default()
    })
    .await;
    let big_batch = format!("{{\"narrative\":\"{}\"}}\n", "a".repeat(4000));
    let cases: Vec<(&str, String, StatusCode, &str, Option<&str>)> = vec![
        (
            "application/json",
            "{\"id\":\"x\"}".into(),
            StatusCode::BAD_REQUEST,
            "invalid_field",
            Some("narrative"),
        ),
        (
            "application/json",
            "{not json".into(),
            StatusCode::BAD_REQUEST,
            "invalid_field",
            Some("line"),
        ),
        (
            "application/json",
            r#"{"narrative":"x","loss":{"amount":"1","currency":"ZZZ"}}"#.into(),
            StatusCode::BAD_REQUEST,
            "invalid_field",
            Some("loss.currency"),
        ),
        (
            "text/plain",
            "hello".into(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            None,
        ),
        (
            "application/x-ndjson",
            big_batch,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            None,
        ),
        (
            "application/x-ndjson",
            "{}\n[]\n".into(),
            StatusCode::BAD_REQUEST,
            "batch_rejected",
            None,
        ),
        (
            "application/x-ndjson",
            "{\"narrative\":\"a\"}\n".repeat(4),
            StatusCode::BAD_REQUEST,
            "malformed_body",
            None,
        ),
    ];
    for (ct, body, status, code, field) in cases {
        let (got, v) = app.post(ct, body.clone()).await;
        assert_eq!(got, status, "{ct} {body:.60}: {v}");
        assert_eq!(v["code"], code, "{v}");
        assert!(
            v["message"].is_string() && v["type"].is_string() && v["link"].is_string(),
            "{v}"
        );
        if let Some(f) = field {
            assert_eq!(v["field"], f, "{v}");
        }
    }
    let (status, v) = app
        .post("application/json", vec![0xff_u8, 0xfe, 0x00])
        .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("malformed_body"))
    );
    assert_eq!(app.store.count_reports().await.unwrap(), 0);
}

#[tokio::test]
async fn unknown_and_ambiguous_ids() {
    let app = spawn_app().await;
    let (status, v) = app.get("/api/v1/reports/nope").await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    app.post(
        "application/json",
        r#"{"id":"D-1","source":"a","narrative":"x"}"#,
    )
    .await;
    app.post(
        "application/json",
        r#"{"id":"D-1","source":"b","narrative":"y"}"#,
    )
    .await;
    let (status, v) = app.get("/api/v1/reports/D-1").await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("ambiguous_id"))
    );
    let (status, v) = app.get("/api/v1/reports/D-1?source=b").await;
    assert_eq!(
        (status, v["narrative"].as_str()),
        (StatusCode::OK, Some("y"))
    );
}

#[tokio::test]
async fn a_database_failure_is_a_500_that_reveals_nothing() {
    let app = spawn_app().await;
    app.store.close().await;
    let (status, v) = app.post("application/json", r#"{"narrative":"x"}"#).await;
    assert!(
        status == StatusCode::SERVICE_UNAVAILABLE || status == StatusCode::INTERNAL_SERVER_ERROR,
        "{status}"
    );
    let text = v.to_string();
    assert!(
        !text.contains("sqlite") && !text.contains("pool") && !text.contains(".db"),
        "{text}"
    );
}
