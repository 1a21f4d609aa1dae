//! The TAXII 2.1 server in-process: pagination, TLP enforcement, auth, media types,
//! POST and status resources.

use crate::helpers::{TestApp, spawn_app};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use base64::Engine as _;
use dragnet_share::Tlp;
use dragnet_store::taxii::{INTEL, NewTaxiiObject, TaxiiStore};
use dragnet_store::{AccountStore, Role, Scope};
use serde_json::{Value, json};
use std::collections::HashSet;
use tower::ServiceExt;

const TAXII: &str = "application/taxii+json;version=2.1";

struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

async fn call(
    t: &TestApp,
    auth: Option<String>,
    method: &str,
    uri: &str,
    accept: Option<&str>,
    ct: Option<&str>,
    body: String,
) -> Resp {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(a) = auth {
        b = b.header("authorization", a);
    }
    if let Some(a) = accept {
        b = b.header("accept", a);
    }
    if let Some(c) = ct {
        b = b.header("content-type", c);
    }
    let resp = t
        .router
        .clone()
        .oneshot(b.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    Resp {
        status,
        headers,
        body,
    }
}

fn bearer(token: &str) -> Option<String> {
    Some(format!("Bearer {token}"))
}

async fn get(t: &TestApp, token: &str, uri: &str) -> Resp {
    call(
        t,
        bearer(token),
        "GET",
        uri,
        Some(TAXII),
        None,
        String::new(),
    )
    .await
}

async fn post(t: &TestApp, token: &str, uri: &str, envelope: &Value) -> Resp {
    call(
        t,
        bearer(token),
        "POST",
        uri,
        Some(TAXII),
        Some(TAXII),
        envelope.to_string(),
    )
    .await
}

fn indicator(n: usize, modified: &str, tlp: Option<Tlp>) -> Value {
    let mut v = json!({
        "type": "indicator", "spec_version": "2.1",
        "id": format!("indicator--00000000-0000-4000-8000-{n:012}"),
        "created": "2026-01-01T00:00:00.000Z", "modified": modified,
        "pattern": format!("[domain-name:value = 'scam{n}.example']"), "pattern_type": "stix",
        "valid_from": "2026-01-01T00:00:00Z",
    });
    if let Some(t) = tlp {
        v["object_marking_refs"] = json!([t.marking_id()]);
    }
    v
}

fn ids(body: &Value) -> Vec<String> {
    body["objects"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| o["id"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

async fn org_id(t: &TestApp, name: &str) -> i64 {
    t.store.org_by_name(name).await.unwrap().unwrap().id
}

#[tokio::test]
async fn discovery_root_and_collections_describe_the_sharing_model() {
    let t = spawn_app().await;
    let d = get(&t, &t.token, "/taxii2/").await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.headers["content-type"], TAXII);
    assert_eq!(d.body["api_roots"], json!(["/taxii2/acme/"]));
    assert_eq!(d.body["default"], "/taxii2/acme/");
    let r = get(&t, &t.token, "/taxii2/acme/").await;
    assert_eq!(r.body["versions"], json!([TAXII]));
    let c = get(&t, &t.token, "/taxii2/acme/collections/").await;
    let aliases: Vec<&str> = c.body["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["alias"].as_str().unwrap())
        .collect();
    assert_eq!(
        aliases,
        [
            "intel",
            "received",
            "shared-clear",
            "shared-green",
            "shared-amber"
        ]
    );
    let intel = &c.body["collections"][0];
    assert_eq!(intel["can_write"], true);
    let one = get(
        &t,
        &t.token,
        &format!(
            "/taxii2/acme/collections/{}/",
            intel["id"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(one.body, *intel);
    assert_eq!(
        get(&t, &t.token, "/taxii2/acme/collections/shared-red/")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&t, &t.token, "/taxii2/nobody/").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn thousands_of_objects_with_one_timestamp_page_exactly_once_with_date_headers() {
    let t = spawn_app().await;
    let acme = org_id(&t, "acme").await;
    let rows: Vec<NewTaxiiObject> = (0..2500)
        .map(|n| {
            let v = indicator(n, "2026-01-01T00:00:00.000Z", Some(Tlp::Green));
            NewTaxiiObject {
                stix_id: v["id"].as_str().unwrap().into(),
                stix_type: "indicator".into(),
                version: Some("2026-01-01T00:00:00.000000Z".into()),
                spec_version: "2.1".into(),
                tlp: 1,
                json: v.to_string(),
            }
        })
        .collect();
    t.store.taxii_add(acme, INTEL, "test", &rows).await.unwrap();
    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    let mut pages = 0;
    loop {
        let uri = match &next {
            Some(n) => format!("/taxii2/acme/collections/intel/objects/?limit=300&next={n}"),
            None => "/taxii2/acme/collections/intel/objects/?limit=300".into(),
        };
        let r = get(&t, &t.token, &uri).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let first = r.headers["x-taxii-date-added-first"].to_str().unwrap();
        assert_eq!(
            first,
            r.headers["x-taxii-date-added-last"].to_str().unwrap(),
            "one timestamp"
        );
        seen.extend(ids(&r.body));
        pages += 1;
        if r.body["more"] == true {
            next = Some(r.body["next"].as_str().unwrap().to_string());
        } else {
            assert!(r.body.get("next").is_none());
            break;
        }
    }
    assert_eq!(pages, 9);
    assert_eq!(seen.len(), 2500);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 2500);
    // The manifest pages the same way and filters by id and type.
    let m = get(
        &t,
        &t.token,
        "/taxii2/acme/collections/intel/manifest/?limit=2",
    )
    .await;
    assert_eq!(m.body["objects"].as_array().unwrap().len(), 2);
    assert_eq!(
        m.body["objects"][0]["media_type"],
        "application/stix+json;version=2.1"
    );
    let id = "indicator--00000000-0000-4000-8000-000000000007";
    let f = get(
        &t,
        &t.token,
        &format!("/taxii2/acme/collections/intel/objects/?match[id]={id}&match[type]=indicator"),
    )
    .await;
    assert_eq!(ids(&f.body), vec![id]);
    let none = get(
        &t,
        &t.token,
        "/taxii2/acme/collections/intel/objects/?match[type]=campaign",
    )
    .await;
    assert_eq!(none.body, json!({"more": false}));
    let bad = get(
        &t,
        &t.token,
        "/taxii2/acme/collections/intel/objects/?next=abc",
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["http_status"], "400");
    let unknown = get(
        &t,
        &t.token,
        "/taxii2/acme/collections/intel/objects/?match[colour]=red",
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.body["description"]
            .as_str()
            .unwrap()
            .contains("match[colour]")
    );
}

#[tokio::test]
async fn tlp_decides_what_partners_see_and_red_stays_home() {
    let t = spawn_app().await;
    let beta = t
        .user("beta", "analyst@beta.example", Role::Analyst, &Scope::ALL)
        .await;
    let levels = [
        Some(Tlp::Clear),
        Some(Tlp::Green),
        Some(Tlp::Amber),
        Some(Tlp::AmberStrict),
        Some(Tlp::Red),
        None,
    ];
    let objects: Vec<Value> = levels
        .iter()
        .enumerate()
        .map(|(n, l)| indicator(n, "2026-01-02T00:00:00Z", *l))
        .collect();
    let s = post(
        &t,
        &t.token,
        "/taxii2/acme/collections/intel/objects/",
        &json!({"objects": objects}),
    )
    .await;
    assert_eq!(s.status, StatusCode::ACCEPTED, "{}", s.body);
    assert_eq!(s.body["success_count"], 6);

    // The owner sees every level in its own collection.
    assert_eq!(
        ids(
            &get(&t, &t.token, "/taxii2/acme/collections/intel/objects/")
                .await
                .body
        )
        .len(),
        6
    );
    // A partner sees each object only in the shared collection of its level; unmarked is AMBER.
    let id = |n: usize| objects[n]["id"].as_str().unwrap().to_string();
    assert_eq!(
        ids(
            &get(&t, &beta, "/taxii2/beta/collections/shared-clear/objects/")
                .await
                .body
        ),
        vec![id(0)]
    );
    assert_eq!(
        ids(
            &get(&t, &beta, "/taxii2/beta/collections/shared-green/objects/")
                .await
                .body
        ),
        vec![id(1)]
    );
    assert_eq!(
        ids(
            &get(&t, &beta, "/taxii2/beta/collections/shared-amber/objects/")
                .await
                .body
        ),
        vec![id(2), id(5)]
    );
    for n in [3, 4] {
        for coll in [
            "shared-clear",
            "shared-green",
            "shared-amber",
            "intel",
            "received",
        ] {
            let r = get(
                &t,
                &beta,
                &format!("/taxii2/beta/collections/{coll}/objects/{}/", id(n)),
            )
            .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{coll} {n}");
            let m = get(
                &t,
                &beta,
                &format!("/taxii2/beta/collections/{coll}/manifest/"),
            )
            .await;
            assert!(!m.body.to_string().contains(&id(n)));
        }
    }
    // The partner cannot open the owner's API root or its status resources.
    assert_eq!(
        get(&t, &beta, "/taxii2/acme/collections/intel/objects/")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let sid = s.body["id"].as_str().unwrap();
    assert_eq!(
        get(&t, &beta, &format!("/taxii2/beta/status/{sid}/"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The owner never sees its own objects again in the shared collections.
    assert!(
        ids(&get(
            &t,
            &t.token,
            "/taxii2/acme/collections/shared-clear/objects/"
        )
        .await
        .body)
        .is_empty()
    );
}

#[tokio::test]
async fn basic_and_token_auth_and_scopes() {
    let t = spawn_app().await;
    let basic = |u: &str, p: &str| {
        Some(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"))
        ))
    };
    let uri = "/taxii2/acme/collections/";
    let r = call(&t, None, "GET", uri, Some(TAXII), None, String::new()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers["content-type"], TAXII);
    assert!(
        r.headers["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("Basic")
    );
    assert_eq!(r.body["http_status"], "401");
    let pw = call(
        &t,
        basic("analyst@acme.example", "pw-of-analyst@acme.example"),
        "GET",
        uri,
        Some(TAXII),
        None,
        String::new(),
    )
    .await;
    assert_eq!(pw.status, StatusCode::OK);
    let tok = call(
        &t,
        basic("analyst@acme.example", &t.token),
        "GET",
        uri,
        Some(TAXII),
        None,
        String::new(),
    )
    .await;
    assert_eq!(tok.status, StatusCode::OK);
    let wrong = call(
        &t,
        basic("analyst@acme.example", "guess"),
        "GET",
        uri,
        Some(TAXII),
        None,
        String::new(),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let write_only = t
        .user(
            "acme",
            "writer@acme.example",
            Role::Analyst,
            &[Scope::Write],
        )
        .await;
    assert_eq!(
        get(&t, &write_only, uri).await.status,
        StatusCode::FORBIDDEN
    );
    let read_only = t
        .user("acme", "reader@acme.example", Role::Analyst, &[Scope::Read])
        .await;
    let c = get(&t, &read_only, uri).await;
    assert_eq!(c.body["collections"][0]["can_write"], false);
    let p = post(
        &t,
        &read_only,
        "/taxii2/acme/collections/intel/objects/",
        &json!({"objects": [indicator(1, "2026-01-01T00:00:00Z", None)]}),
    )
    .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = post(
        &t,
        &t.token,
        "/taxii2/acme/collections/shared-clear/objects/",
        &json!({"objects": []}),
    )
    .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn media_types_are_negotiated_with_taxii_errors() {
    let t = spawn_app().await;
    let uri = "/taxii2/acme/collections/intel/objects/";
    for accept in [
        "application/json",
        "application/taxii+json;version=2.0",
        "text/html",
    ] {
        let r = call(
            &t,
            bearer(&t.token),
            "GET",
            uri,
            Some(accept),
            None,
            String::new(),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE, "{accept}");
        assert_eq!(r.headers["content-type"], TAXII);
        assert_eq!(r.body["http_status"], "406");
    }
    for accept in [
        "application/taxii+json",
        "*/*",
        "application/json, application/taxii+json;version=2.1",
    ] {
        let r = call(
            &t,
            bearer(&t.token),
            "GET",
            uri,
            Some(accept),
            None,
            String::new(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{accept}");
    }
    let body = json!({"objects": []}).to_string();
    let r = call(
        &t,
        bearer(&t.token),
        "POST",
        uri,
        Some(TAXII),
        Some("application/json"),
        body,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.body["http_status"], "415");
}

#[tokio::test]
async fn post_keeps_good_objects_reports_bad_ones_and_versions_accumulate() {
    let t = spawn_app().await;
    let uri = "/taxii2/acme/collections/intel/objects/";
    let good = indicator(1, "2026-01-01T00:00:00Z", Some(Tlp::Green));
    let envelope = json!({"objects": [
        good,
        {"type": "indicator", "id": "indicator--nope", "spec_version": "2.1"},
        indicator(2, "2026-01-01T00:00:00Z", None),
        {"type": "campaign", "spec_version": "2.1", "id": "campaign--00000000-0000-4000-8000-000000000001", "created": "2026-01-01T00:00:00Z", "modified": "2025-01-01T00:00:00Z", "name": "x"},
    ]});
    let s = post(&t, &t.token, uri, &envelope).await;
    assert_eq!(s.status, StatusCode::ACCEPTED);
    assert_eq!(s.body["status"], "complete");
    assert_eq!(
        (
            s.body["total_count"].as_u64(),
            s.body["success_count"].as_u64(),
            s.body["failure_count"].as_u64(),
            s.body["pending_count"].as_u64()
        ),
        (Some(4), Some(2), Some(2), Some(0))
    );
    let failures = s.body["failures"].as_array().unwrap();
    assert_eq!(failures[0]["id"], "indicator--nope");
    assert!(
        failures[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("objects[1] (indicator--nope): property `id`")
    );
    assert!(
        failures[1]["message"]
            .as_str()
            .unwrap()
            .contains("property `modified`: is before `created`")
    );
    let sid = s.body["id"].as_str().unwrap();
    let again = get(&t, &t.token, &format!("/taxii2/acme/status/{sid}")).await;
    assert_eq!(again.body, s.body);

    // A new version of object 1, and a repeat that changes nothing.
    let v2 = indicator(1, "2026-03-01T00:00:00.5Z", Some(Tlp::Green));
    let s2 = post(&t, &t.token, uri, &json!({"objects": [v2, good_again()]})).await;
    assert_eq!(s2.body["successes"][1]["message"], "already stored");
    let id = "indicator--00000000-0000-4000-8000-000000000001";
    let versions = get(&t, &t.token, &format!("{uri}{id}/versions/")).await;
    assert_eq!(
        versions.body["versions"],
        json!(["2026-01-01T00:00:00.000000Z", "2026-03-01T00:00:00.500000Z"])
    );
    let last = get(&t, &t.token, &format!("{uri}{id}/")).await;
    assert_eq!(
        last.body["objects"][0]["modified"],
        "2026-03-01T00:00:00.5Z"
    );
    let all = get(&t, &t.token, &format!("{uri}{id}/?match[version]=all")).await;
    assert_eq!(all.body["objects"].as_array().unwrap().len(), 2);
    let first = get(&t, &t.token, &format!("{uri}{id}/?match[version]=first")).await;
    assert_eq!(first.body["objects"][0]["modified"], "2026-01-01T00:00:00Z");
    let exact = get(
        &t,
        &t.token,
        &format!("{uri}?match[version]=2026-03-01T00:00:00.500Z"),
    )
    .await;
    assert_eq!(ids(&exact.body), vec![id]);
    let added_after = versions.headers["x-taxii-date-added-last"]
        .to_str()
        .unwrap();
    let later = get(&t, &t.token, &format!("{uri}?added_after={added_after}")).await;
    assert_eq!(later.body, json!({"more": false}));
    assert_eq!(
        get(
            &t,
            &t.token,
            &format!("{uri}indicator--00000000-0000-4000-8000-000000000099/")
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );

    let not_json = call(
        &t,
        bearer(&t.token),
        "POST",
        uri,
        Some(TAXII),
        Some(TAXII),
        "{".into(),
    )
    .await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert!(
        not_json.body["description"]
            .as_str()
            .unwrap()
            .contains("not JSON")
    );
}

fn good_again() -> Value {
    indicator(1, "2026-01-01T00:00:00Z", Some(Tlp::Green))
}
