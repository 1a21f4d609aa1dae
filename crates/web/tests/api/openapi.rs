//! The OpenAPI document: valid JSON, OpenAPI 3.1, and in step with the router both ways
//! (every API route of the source is documented; every documented operation is routed).

use crate::helpers::spawn_app;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// `(path, method)` of every `.route("…", …)` in the web crate's source whose path is part of
/// the API (`/api/…`, `/healthz`, `/readyz`); pages are not in the document.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let route = regex::Regex::new(r#"\.route\(\s*"([^"]+)"\s*,"#).unwrap();
    let method = regex::Regex::new(r"\b(get|post|put|patch|delete)\(").unwrap();
    let mut out = BTreeSet::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for m in route.captures_iter(&text) {
                let path = m[1].to_string();
                if !(path.starts_with("/api/") || path == "/healthz" || path == "/readyz") {
                    continue;
                }
                // The handlers: the text up to the `)` closing `.route(`.
                let start = m.get(0).unwrap().end();
                let mut depth = 1;
                let mut end = start;
                for (i, c) in text[start..].char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        end = start + i;
                        break;
                    }
                }
                let handlers = &text[start..end];
                let mut any = false;
                for h in method.captures_iter(handlers) {
                    out.insert((path.clone(), h[1].to_string()));
                    any = true;
                }
                assert!(any, "{}: no method found for route {path}", p.display());
            }
        }
    }
    out
}

async fn document() -> Value {
    let app = spawn_app().await;
    let (status, doc) = app
        .request_as(None, "GET", "/api/v1/openapi.json", "", Body::empty())
        .await;
    assert_eq!(status, StatusCode::OK);
    doc
}

#[tokio::test]
async fn the_document_is_openapi_3_1_with_the_security_schemes_and_error_body() {
    let doc = document().await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "Dragnet API");
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["basic"]["scheme"], "basic");
    assert_eq!(schemes["cookie"]["in"], "cookie");
    assert_eq!(schemes["cookie"]["name"], "dragnet_session");
    let error = &doc["components"]["schemas"]["ErrorBody"];
    let required: Vec<&str> = error["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for f in ["message", "code", "type", "link"] {
        assert!(required.contains(&f), "{error}");
    }
    // Every operation names its responses with a JSON body, and every `$ref` resolves.
    let text = doc.to_string();
    for r in regex::Regex::new(r##""\$ref":"#/components/schemas/([^"]+)""##)
        .unwrap()
        .captures_iter(&text)
    {
        assert!(
            doc["components"]["schemas"].get(&r[1]).is_some(),
            "unresolved $ref {}",
            &r[1]
        );
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            assert!(!responses.is_empty(), "{method} {path}");
            for (code, resp) in responses {
                // JSON, or binary for the overlap rounds (PSI chunks).
                assert!(
                    resp["content"]["application/json"]["schema"].is_object()
                        || resp["content"]["application/octet-stream"]["schema"].is_object(),
                    "{method} {path} {code}: no JSON schema"
                );
            }
        }
    }
}

#[tokio::test]
async fn every_route_of_the_router_is_documented() {
    let doc = document().await;
    let source = routes_in_source();
    assert!(
        source.len() >= 14,
        "the source scan found too few routes: {source:?}"
    );
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(method).is_some() {
                documented.insert((path.clone(), method.to_string()));
            }
        }
    }
    let missing: Vec<_> = source.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "routes without an OpenAPI description (add #[utoipa::path] and list the handler in \
         the module's Doc): {missing:?}"
    );
    let stale: Vec<_> = documented.difference(&source).collect();
    assert!(stale.is_empty(), "documented but not routed: {stale:?}");
}

#[tokio::test]
async fn every_documented_operation_is_served() {
    let doc = document().await;
    let app = spawn_app().await;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(method).is_none() {
                continue;
            }
            let uri = path.replace("{id}", "no-such-thing");
            let req = Request::builder()
                .method(method.to_ascii_uppercase().as_str())
                .uri(&uri)
                .header("authorization", format!("Bearer {}", app.token))
                .header("content-type", "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let (status, body) = app.call(req).await;
            // axum answers an unrouted path or method with an empty 404 or 405; every
            // handler answers with JSON.
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
            assert!(!body.is_null(), "{method} {uri}: {status} with no body");
        }
    }
}
