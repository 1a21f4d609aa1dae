use crate::helpers::spawn_app;
use axum::http::StatusCode;

fn report(id: &str, source: &str, narrative: &str) -> String {
    serde_json::json!({"id": id, "source": source, "narrative": narrative,
        "reporter": {"country": "US"}, "loss": {"amount": "100", "currency": "USD"}})
    .to_string()
}

#[tokio::test]
async fn reports_sharing_infrastructure_form_one_operation_across_sources() {
    let app = spawn_app().await;
    let batch = [
        report(
            "MS-1",
            "microsoft-dcu",
            "The popup said call 1-888-555-0147 immediately",
        ),
        report(
            "AMZ-1",
            "amazon",
            "Amazon refund desk at (888) 555-0147 took my money",
        ),
        report("MS-2", "microsoft-dcu", "Unrelated: my printer is broken"),
    ]
    .join("\n");
    let (status, body) = app.post("application/x-ndjson", batch).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, v) = app.get("/api/v1/clusters?shared=true").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["count"], 1, "{v}");
    let c = &v["clusters"][0];
    assert_eq!(c["reports"], serde_json::json!(["MS-1", "AMZ-1"]));
    assert_eq!(c["sources"].as_array().unwrap().len(), 2);
    assert_eq!(c["countries"]["US"], 2);
    assert_eq!(c["loss"]["currency"], "USD");
    assert_eq!(c["loss"]["amount"], "200.00");
    assert_eq!(c["indicators"][0]["value"], "+18885550147");

    let (status, e) = app.get("/api/v1/explain?a=MS-1&b=amazon/AMZ-1").await;
    assert_eq!(status, StatusCode::OK, "{e}");
    assert_eq!(e["joined"], true);
    assert_eq!(e["chain"][0]["via"]["value"], "+18885550147");
    let (_, e) = app.get("/api/v1/explain?a=MS-1&b=MS-2").await;
    assert_eq!(e["joined"], false, "{e}");

    // The stored report knows its operation.
    let (_, r) = app.get("/api/v1/reports/MS-1").await;
    assert_eq!(r["cluster"], c["cluster"]);
}

#[tokio::test]
async fn a_merge_keeps_the_older_id_and_records_it() {
    let app = spawn_app().await;
    let post = |id: &str, text: &str| {
        let body = report(id, "s", text);
        let app = &app;
        async move { app.post("application/json", body).await }
    };
    let (st, b) = post("A", "call 1-888-555-0147").await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    post("B", "they gave 1-888-555-0147").await;
    post("C", "number 1-877-555-0199 on screen").await;
    post("D", "I dialled 1-877-555-0199").await;
    let (_, v) = app.get("/api/v1/clusters").await;
    assert_eq!(v["count"], 2, "{v}");
    let ids: Vec<String> = v["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cluster"].as_str().unwrap().to_string())
        .collect();
    let (older, newer) = {
        let mut s = ids.clone();
        s.sort_by_key(|c| c.trim_start_matches("c-").parse::<u32>().unwrap());
        (s[0].clone(), s[1].clone())
    };
    post("E", "first 1-888-555-0147 then 1-877-555-0199").await;
    let (_, v) = app.get("/api/v1/clusters").await;
    assert_eq!(v["count"], 1, "{v}");
    assert_eq!(v["clusters"][0]["cluster"], older.as_str());
    assert_eq!(v["clusters"][0]["merged_from"], serde_json::json!([newer]));
    // The absorbed id still resolves, and the history shows the merge.
    let (status, c) = app.get(&format!("/api/v1/clusters/{newer}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(c["cluster"], older.as_str());
    let events: Vec<&str> = c["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert!(events.contains(&"merged"), "{events:?}");
    // And storage moved the absorbed operation's reports.
    let (_, d) = app.get("/api/v1/reports/D").await;
    assert_eq!(d["cluster"], older.as_str());
    let (status, _) = app.get("/api/v1/clusters/c-999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
