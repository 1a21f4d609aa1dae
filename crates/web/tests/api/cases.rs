//! Referral cases over the API: the authorization matrix (role × own/other organisation ×
//! endpoint), a package downloaded through the API verifying with the key published at
//! `/.well-known/dragnet-referral-key`, and no other organisation's victim data anywhere.

use crate::helpers::{TestApp, spawn_app};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use dragnet_store::{AccountStore, CaseStore, Role, Scope};
use serde_json::{Value, json};
use std::io::Read;
use tower::ServiceExt;

const A_REPORT: &str = r#"{"id":"A-1","source":"org-a","reporter":{"country":"US","name":"Alice Victim","email":"alice.victim@example.org","phone":"+1 202 555 0101"},"narrative":"Popup: call 1-888-555-0147. I gave them AnyDesk 123 456 789","loss":{"amount":"300","currency":"USD"}}"#;
const B_REPORT: &str = r#"{"id":"B-1","source":"org-b","reporter":{"country":"GB","name":"Bob Other","email":"bob.other@example.net","phone":"+44 20 7946 0999"},"narrative":"Amazon refund scam, they said ring 1-888-555-0147","loss":{"amount":"50","currency":"GBP"}}"#;
const B_SECRETS: [&str; 4] = [
    "Bob Other",
    "bob.other@example.net",
    "7946 0999",
    "Amazon refund scam",
];

async fn send(
    app: &TestApp,
    token: &str,
    method: &str,
    uri: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.request_as(
        Some(token),
        method,
        uri,
        "application/json",
        if body.is_null() {
            Body::empty()
        } else {
            Body::from(body.to_string())
        },
    )
    .await
}

async fn raw(app: &TestApp, token: Option<&str>, uri: &str) -> (StatusCode, Vec<u8>) {
    let mut b = Request::builder().uri(uri);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    let resp = app
        .router
        .clone()
        .oneshot(b.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, bytes.to_vec())
}

fn unzip_text(zip: &[u8]) -> String {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut all = String::new();
    for i in 0..a.len() {
        let mut f = a.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        all.push_str(&String::from_utf8_lossy(&b));
    }
    all
}

fn assert_no_b_data(what: &str, text: &str) {
    for s in B_SECRETS {
        assert!(!text.contains(s), "{what} leaks `{s}`");
    }
}

#[tokio::test]
async fn cases_authorization_package_and_well_known_key() {
    let app = spawn_app().await;
    let all = Scope::ALL;
    let a_analyst = app
        .user("A", "analyst@a.example", Role::Analyst, &all)
        .await;
    let a_admin = app.user("A", "admin@a.example", Role::OrgAdmin, &all).await;
    let a_reader = app
        .user("A", "reader@a.example", Role::Analyst, &[Scope::Read])
        .await;
    let b_analyst = app
        .user("B", "analyst@b.example", Role::Analyst, &all)
        .await;
    let b_admin = app.user("B", "admin@b.example", Role::OrgAdmin, &all).await;
    let cbi = app
        .user("CBI", "liaison@cbi.example", Role::LeLiaison, &all)
        .await;
    let nia = app
        .user("NIA", "liaison@nia.example", Role::LeLiaison, &all)
        .await;
    let root = app.user("ops", "root@ops.example", Role::Admin, &all).await;

    for (t, body) in [(&a_analyst, A_REPORT), (&b_analyst, B_REPORT)] {
        let (s, v) = app
            .request_as(Some(t), "POST", "/api/v1/reports", "application/json", body)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let (_, ops) = send(
        &app,
        &a_analyst,
        "GET",
        "/api/v1/clusters?shared=true",
        Value::Null,
    )
    .await;
    let op = ops["clusters"][0]["cluster"].as_str().unwrap().to_string();

    // Opening: owners and admins; not liaisons, not read-only tokens; unknown operation 404.
    let open = json!({"operations": [op], "title": "Refund desk 888-555-0147"});
    assert_eq!(
        send(&app, &cbi, "POST", "/api/v1/cases", open.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&app, &a_reader, "POST", "/api/v1/cases", open.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (s, _) = send(
        &app,
        &a_analyst,
        "POST",
        "/api/v1/cases",
        json!({"operations": ["c-999"], "title": "x"}),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, c) = send(&app, &a_analyst, "POST", "/api/v1/cases", open.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let id = c["id"].as_i64().unwrap();
    let reference = c["reference"].as_str().unwrap().to_string();
    let case = format!("/api/v1/cases/{id}");

    // Before the referral: owners and admin see it; the other organisation and liaisons get
    // the same 404 as for a case that does not exist.
    for (who, t, expect) in [
        ("A analyst", &a_analyst, StatusCode::OK),
        ("A org_admin", &a_admin, StatusCode::OK),
        ("A read-only", &a_reader, StatusCode::OK),
        ("B analyst", &b_analyst, StatusCode::NOT_FOUND),
        ("B org_admin", &b_admin, StatusCode::NOT_FOUND),
        ("CBI liaison", &cbi, StatusCode::NOT_FOUND),
        ("admin", &root, StatusCode::OK),
    ] {
        let (s, v) = send(&app, t, "GET", &case, Value::Null).await;
        assert_eq!(s, expect, "{who}: {v}");
        let (_, l) = send(&app, t, "GET", "/api/v1/cases", Value::Null).await;
        assert_eq!(
            l["count"],
            u64::from(expect == StatusCode::OK),
            "{who}: {l}"
        );
    }
    let (s, missing) = send(&app, &b_analyst, "GET", "/api/v1/cases/9999", Value::Null).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, other) = send(&app, &b_analyst, "GET", &case, Value::Null).await;
    assert_eq!(
        other["message"]
            .as_str()
            .unwrap()
            .replace(&id.to_string(), "N"),
        missing["message"].as_str().unwrap().replace("9999", "N"),
        "a hidden case answers like a missing one"
    );

    // Writes by the other organisation: 404 on every endpoint.
    for (path, body) in [
        ("status", json!({"status": "ready"})),
        ("refer", json!({"agency": "CBI"})),
        ("comments", json!({"text": "hello"})),
        ("outcomes", json!({"kind": "raid", "date": "2023-10-20"})),
    ] {
        for t in [&b_analyst, &b_admin, &cbi] {
            let (s, v) = send(&app, t, "POST", &format!("{case}/{path}"), body.clone()).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{path}: {v}");
        }
        let (s, _) = send(
            &app,
            &a_reader,
            "POST",
            &format!("{case}/{path}"),
            body.clone(),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path} with a read-only token");
    }
    assert_eq!(
        raw(
            &app,
            Some(&b_analyst),
            &format!("{case}/package?agency=CBI")
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );

    // The workflow by the owners.
    let (s, v) = send(
        &app,
        &a_admin,
        "POST",
        &format!("{case}/status"),
        json!({"status": "ready"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = send(
        &app,
        &a_analyst,
        "POST",
        &format!("{case}/status"),
        json!({"status": "referred"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, v) = send(
        &app,
        &a_analyst,
        "POST",
        &format!("{case}/refer"),
        json!({"agency": "CBI", "agreement": "MoU 2023/7"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "referred");
    assert_eq!(
        send(
            &app,
            &a_analyst,
            "POST",
            &format!("{case}/comments"),
            json!({"text": "sent"})
        )
        .await
        .0,
        StatusCode::CREATED
    );

    // Now the CBI liaison sees it (not NIA's, not B's); it acknowledges and records outcomes
    // but cannot refer or close.
    assert_eq!(
        send(&app, &cbi, "GET", &case, Value::Null).await.0,
        StatusCode::OK
    );
    assert_eq!(
        send(&app, &cbi, "GET", "/api/v1/cases", Value::Null)
            .await
            .1["count"],
        1
    );
    assert_eq!(
        send(&app, &nia, "GET", &case, Value::Null).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&app, &nia, "GET", "/api/v1/cases", Value::Null)
            .await
            .1["count"],
        0
    );
    assert_eq!(
        send(&app, &b_analyst, "GET", &case, Value::Null).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(
            &app,
            &cbi,
            "POST",
            &format!("{case}/refer"),
            json!({"agency": "CBI"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(
            &app,
            &cbi,
            "POST",
            &format!("{case}/status"),
            json!({"status": "closed"})
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, v) = send(
        &app,
        &cbi,
        "POST",
        &format!("{case}/status"),
        json!({"status": "acknowledged"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = send(
        &app,
        &cbi,
        "POST",
        &format!("{case}/outcomes"),
        json!({"kind": "raid", "date": "2023-10-20", "place": "Kolkata"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = send(
        &app,
        &cbi,
        "POST",
        &format!("{case}/outcomes"),
        json!({"kind": "raid", "date": "20/10/2023"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (_, v) = send(&app, &cbi, "GET", &case, Value::Null).await;
    assert_eq!(v["outcomes"][0]["place"], "Kolkata", "{v}");
    assert_eq!(v["comments"][0]["detail"], "sent", "{v}");
    assert_eq!(v["releases"], json!([]), "releases are for the owners");
    assert!(
        v["log"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "status acknowledged")
    );

    // Release A's victim's data for CBI (the CLI's `case release`); download the package.
    app.store
        .release(
            id,
            "analyst@a.example",
            "org-a",
            "A-1",
            "CBI",
            "victim agreed",
        )
        .await
        .unwrap();
    assert_eq!(
        raw(
            &app,
            Some(&a_analyst),
            &format!("{case}/package?agency=NIA")
        )
        .await
        .0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        raw(&app, Some(&cbi), &format!("{case}/package?agency=NIA"))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        raw(&app, Some(&nia), &format!("{case}/package?agency=NIA"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (s, zip) = raw(&app, Some(&cbi), &format!("{case}/package?agency=CBI")).await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&zip));

    // The published key: text and JSON, no credentials.
    let (s, text) = raw(&app, None, "/.well-known/dragnet-referral-key?org=A").await;
    assert_eq!(s, StatusCode::OK);
    let text = String::from_utf8(text).unwrap();
    let key = dragnet_referral::PublicKey::parse(text.lines().next().unwrap()).unwrap();
    let (s, j) = raw(
        &app,
        None,
        "/.well-known/dragnet-referral-key?org=A&format=json",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let j: Value = serde_json::from_slice(&j).unwrap();
    assert_eq!(j["public_key"], key.to_string());
    assert_eq!(
        raw(&app, None, "/.well-known/dragnet-referral-key?org=B")
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    let v = dragnet_referral::verify(&zip, Some(&key));
    assert!(v.is_ok(), "{:?}", v.problems);
    assert_eq!(v.manifest.unwrap().case, reference);
    let mut tampered = zip.clone();
    let at = tampered.len() / 2;
    tampered[at] ^= 0x40;
    assert!(!dragnet_referral::verify(&tampered, Some(&key)).is_ok());
    let other_key = dragnet_referral::OrgKey::from_seed(&[7u8; 32]);
    assert!(!dragnet_referral::verify(&zip, Some(&other_key.public())).is_ok());

    // Released data of A is in the package; B's victim never is, nor in any response.
    let content = unzip_text(&zip);
    assert!(
        content.contains("Alice Victim"),
        "the released report's data is in the package"
    );
    assert_no_b_data("the package", &content);
    let (_, a_zip) = raw(
        &app,
        Some(&a_analyst),
        &format!("{case}/package?agency=CBI"),
    )
    .await;
    assert_no_b_data("the owner's package", &unzip_text(&a_zip));
    for t in [&a_analyst, &cbi, &root] {
        let (_, v) = send(&app, t, "GET", &case, Value::Null).await;
        assert_no_b_data("the case", &v.to_string());
        let (_, v) = send(&app, t, "GET", "/api/v1/cases", Value::Null).await;
        assert_no_b_data("the case list", &v.to_string());
    }

    // Every view and download is audited; the download is in the case's log.
    let log = app.store.audit_log(None, 1000).await.unwrap();
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.action.as_str(), e.actor.as_str()))
        .collect();
    assert!(
        actions.contains(&("view_case", "liaison@cbi.example")),
        "{actions:?}"
    );
    assert!(
        actions.contains(&("download_referral", "liaison@cbi.example")),
        "{actions:?}"
    );
    assert!(
        actions.contains(&("open_case", "analyst@a.example")),
        "{actions:?}"
    );
    let events = app.store.case_events(id).await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == "package built" && e.actor == "liaison@cbi.example")
    );
}

/// Assigning, files, indicators acted upon, releases of personal data and the outcome
/// totals: who may do each, and what a typo or another organisation's report gets.
#[tokio::test]
async fn case_files_marks_releases_and_totals() {
    let app = spawn_app().await;
    let all = Scope::ALL;
    let a = app
        .user("A", "analyst@a.example", Role::Analyst, &all)
        .await;
    let b = app
        .user("B", "analyst@b.example", Role::Analyst, &all)
        .await;
    let cbi = app
        .user("CBI", "liaison@cbi.example", Role::LeLiaison, &all)
        .await;
    for (t, body) in [(&a, A_REPORT), (&b, B_REPORT)] {
        let (s, v) = app
            .request_as(Some(t), "POST", "/api/v1/reports", "application/json", body)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let (_, ops) = send(&app, &a, "GET", "/api/v1/clusters?shared=true", Value::Null).await;
    let op = ops["clusters"][0]["cluster"].as_str().unwrap().to_string();
    let (_, c) = send(
        &app,
        &a,
        "POST",
        "/api/v1/cases",
        json!({"operations": [op], "title": "Refund desk"}),
    )
    .await;
    let case = format!("/api/v1/cases/{}", c["id"]);

    // Assign: owners; the other organisation does not see the case.
    let (s, v) = send(
        &app,
        &a,
        "POST",
        &format!("{case}/assign"),
        json!({"assignee": "lead@a.example"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["assignee"], "lead@a.example");
    let (s, _) = send(
        &app,
        &b,
        "POST",
        &format!("{case}/assign"),
        json!({"assignee": "x"}),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Files: raw body with ?name=; a path is refused, a second file of one name conflicts,
    // over 10 MiB is 413; the download is the same bytes.
    let upload = |t: String, name: &str, body: Vec<u8>| {
        let app = &app;
        let uri = format!("{case}/attachments?name={name}");
        async move {
            app.request_as(Some(&t), "POST", &uri, "application/octet-stream", body)
                .await
        }
    };
    let pdf = b"%PDF-1.4 bank statement of the mule account".to_vec();
    let (s, v) = upload(a.clone(), "statement.pdf", pdf.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["bytes"], pdf.len());
    assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        upload(a.clone(), "statement.pdf", b"again".to_vec())
            .await
            .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        upload(a.clone(), "..%2Fetc%2Fpasswd", b"x".to_vec())
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        upload(a.clone(), "big.bin", vec![0u8; (10 << 20) + 1])
            .await
            .0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        upload(b.clone(), "x.txt", b"x".to_vec()).await.0,
        StatusCode::NOT_FOUND
    );
    let (s, got) = raw(&app, Some(&a), &format!("{case}/attachments/statement.pdf")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(got, pdf);
    assert_eq!(
        raw(&app, Some(&a), &format!("{case}/attachments/other.pdf"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // Releases need a referral first.
    let release = json!({"source": "org-a", "report_id": "A-1", "reason": "victim agreed"});
    let (s, v) = send(
        &app,
        &a,
        "POST",
        &format!("{case}/releases"),
        release.clone(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["field"], "agency");
    for (path, body) in [
        ("status", json!({"status": "ready"})),
        (
            "refer",
            json!({"agency": "CBI", "agreement": "MoU 2023-07"}),
        ),
    ] {
        let (s, v) = send(&app, &a, "POST", &format!("{case}/{path}"), body).await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    // Another organisation's report in the same operation is answered like a missing one.
    let (s, other) = send(
        &app,
        &a,
        "POST",
        &format!("{case}/releases"),
        json!({"source": "org-b", "report_id": "B-1", "reason": "r"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{other}");
    let (_, missing) = send(
        &app,
        &a,
        "POST",
        &format!("{case}/releases"),
        json!({"source": "org-b", "report_id": "B-9", "reason": "r"}),
    )
    .await;
    assert_eq!(
        other["message"].as_str().unwrap().replace("B-1", "X"),
        missing["message"].as_str().unwrap().replace("B-9", "X")
    );
    assert_eq!(
        send(
            &app,
            &cbi,
            "POST",
            &format!("{case}/releases"),
            release.clone()
        )
        .await
        .0,
        StatusCode::FORBIDDEN,
        "the agency cannot release victims' data to itself"
    );
    let (s, v) = send(&app, &a, "POST", &format!("{case}/releases"), release).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["agency"], "CBI");

    // Marks: written as the report had it (normalised by the extractor), or refused when the
    // case's operations do not hold the value; liaisons may mark (they disconnect numbers).
    let (s, v) = send(
        &app,
        &cbi,
        "POST",
        &format!("{case}/marks"),
        json!({"type": "phone", "value": "1-888-555-0147", "action": "number disconnected", "date": "2023-10-20"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["value"], "1-888-555-0147");
    let (s, v) = send(
        &app,
        &a,
        "POST",
        &format!("{case}/marks"),
        json!({"type": "phone", "value": "+1 202 555 0199", "action": "x", "date": "2023-10-20"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["field"], "value");
    let (s, v) = send(
        &app,
        &a,
        "POST",
        &format!("{case}/marks"),
        json!({"type": "fax", "value": "1", "action": "x", "date": "2023-10-20"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["field"], "type");
    let (_, detail) = send(&app, &a, "GET", &case, Value::Null).await;
    assert_eq!(detail["actions"][0]["value"], "+18885550147", "{detail}");
    assert_eq!(detail["releases"][0]["report_id"], "A-1");
    assert_eq!(detail["attachments"][0]["name"], "statement.pdf");

    // Outcome totals: own and overall.
    for o in [
        json!({"kind": "raid", "date": "2023-10-20", "place": "Noida"}),
        json!({"kind": "arrests", "date": "2023-10-20", "count": 21}),
        json!({"kind": "money_recovered", "date": "2023-11-02", "amount": "150000", "currency": "INR"}),
    ] {
        let (s, v) = send(&app, &cbi, "POST", &format!("{case}/outcomes"), o).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let (s, t) = send(&app, &a, "GET", "/api/v1/outcomes", Value::Null).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["own"]["cases"], 1);
    assert_eq!(t["own"]["referred"], 1);
    assert_eq!(t["own"]["raids"], 1);
    assert_eq!(t["own"]["arrests"], 21);
    assert_eq!(t["all"]["arrests"], 21);
    let (_, t) = send(&app, &b, "GET", "/api/v1/outcomes", Value::Null).await;
    assert_eq!(t["own"]["cases"], 0);
    assert_eq!(t["all"]["arrests"], 21);
    assert_no_b_data("totals", &t.to_string());
}
