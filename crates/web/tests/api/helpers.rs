use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use dragnet_cluster::Policy;
use dragnet_extract::Extractor;
use dragnet_store::accounts::{hash_password, new_secret};
use dragnet_store::{AccountStore, DataKey, Operations, Role, Scope, SqlStore};
use dragnet_web::{AppState, Limits, app};
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub store: SqlStore,
    /// The partners' indicators the app shows (reload with `refresh` after storing some).
    pub partner_intel: Arc<dragnet_store::PartnerIntel>,
    /// An analyst of organisation `acme`, with every scope.
    pub token: String,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Limits::default()).await
}

pub async fn spawn_app_with(limits: Limits) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("api.db").display().to_string();
    let store = SqlStore::open(&url, DataKey::generate()).await.unwrap();
    let partner_intel: Arc<dragnet_store::PartnerIntel> = Default::default();
    let state = AppState {
        store: Arc::new(store.clone()),
        accounts: Arc::new(store.clone()),
        taxii: Arc::new(store.clone()),
        operations: Arc::new(Operations::new(Policy::default())),
        partner_intel: partner_intel.clone(),
        extractor: Arc::new(Extractor::new()),
        limits,
        default_source: "api".into(),
    };
    let mut t = TestApp {
        router: app(state),
        store,
        partner_intel,
        token: String::new(),
        _dir: dir,
    };
    t.token = t
        .user("acme", "analyst@acme.example", Role::Analyst, &Scope::ALL)
        .await;
    t
}

impl TestApp {
    /// Creates (if needed) an organisation and a user in it; returns a token for them.
    pub async fn user(&self, org: &str, email: &str, role: Role, scopes: &[Scope]) -> String {
        let o = match self.store.org_by_name(org).await.unwrap() {
            Some(o) => o,
            None => self.store.create_org(org).await.unwrap(),
        };
        let u = match self.store.user_by_email(email).await.unwrap() {
            Some((u, _)) => u,
            None => self
                .store
                .create_user(
                    o.id,
                    email,
                    role,
                    &hash_password(&format!("pw-of-{email}")).unwrap(),
                )
                .await
                .unwrap(),
        };
        let (token, prefix, digest) = new_secret("dgn");
        self.store
            .create_token(u.id, &prefix, &digest, scopes)
            .await
            .unwrap();
        token
    }

    pub async fn request_as(
        &self,
        token: Option<&str>,
        method: &str,
        uri: &str,
        content_type: &str,
        body: impl Into<Body>,
    ) -> (StatusCode, Value) {
        let mut b = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", content_type);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        self.call(b.body(body.into()).unwrap()).await
    }

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
        self.request_as(
            Some(&self.token.clone()),
            "POST",
            "/api/v1/reports",
            content_type,
            body,
        )
        .await
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.request_as(
            Some(&self.token.clone()),
            "GET",
            uri,
            "application/json",
            Body::empty(),
        )
        .await
    }
}
