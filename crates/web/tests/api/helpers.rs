use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use dragnet_cluster::Policy;
use dragnet_extract::Extractor;
use dragnet_store::{DataKey, Operations, SqlStore};
use dragnet_web::{AppState, Limits, app};
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub store: SqlStore,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Limits::default()).await
}

pub async fn spawn_app_with(limits: Limits) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("api.db").display().to_string();
    let store = SqlStore::open(&url, DataKey::generate()).await.unwrap();
    let state = AppState {
        store: Arc::new(store.clone()),
        operations: Arc::new(Operations::new(Policy::default())),
        extractor: Arc::new(Extractor::new()),
        limits,
        default_source: "api".into(),
    };
    TestApp {
        router: app(state),
        store,
        _dir: dir,
    }
}

impl TestApp {
    pub async fn call(&self, req: Request<Body>) -> (StatusCode, Value) {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        let v = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        (status, v)
    }

    pub async fn post(&self, content_type: &str, body: impl Into<Body>) -> (StatusCode, Value) {
        let req = Request::post("/api/v1/reports")
            .header("content-type", content_type)
            .body(body.into())
            .unwrap();
        self.call(req).await
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.call(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }
}
