use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dragnet_cluster::Policy;
use dragnet_core::ReportInput;
use dragnet_extract::Extractor;
use dragnet_store::accounts::{hash_password, new_secret};
use dragnet_store::{AccountStore, DataKey, NewReport, Operations, Role, Scope, SqlStore};
use dragnet_web::{AppState, Limits, app};
use sqlx::Executor;
use std::sync::Arc;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery staple";

/// Organisation A's victims: every one of these strings is personal data or a report id of A
/// that B must never see.
pub const A_SECRETS: &[&str] = &[
    "Alice Victim-A1",
    "alice.a1@victims.example",
    "+4930123456701",
    "Anna Victim-A2",
    "anna.a2@victims.example",
    "ALPHA-1",
    "ALPHA-2",
    "ALPHA-3",
    "SECRET-NARRATIVE-A",
];
/// The same for organisation B.
pub const B_SECRETS: &[&str] = &[
    "Bob Victim-B1",
    "bob.b1@victims.example",
    "BETA-1",
    "BETA-2",
    "SECRET-NARRATIVE-B",
];
/// The operation's shared infrastructure (not personal: both may see it).
pub const SHARED_PHONE: &str = "+18885550147";
pub const SHARED_DOMAIN: &str = "fix-pc-now.com";

pub struct TestApp {
    pub router: Router,
    pub store: SqlStore,
    pub ops: Arc<Operations>,
    pub org_a: i64,
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// A browser: cookies kept between requests.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: Vec<(String, String)>,
}

pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub html: String,
    /// The body as sent (downloads).
    pub bytes: Vec<u8>,
}

impl Page {
    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }

    /// The value of the first `name="<field>" value="…"`.
    pub fn hidden(&self, field: &str) -> String {
        let pat = format!("name=\"{field}\" value=\"");
        let start = self.html.find(&pat).map(|i| i + pat.len()).expect(field);
        let end = self.html[start..].find('"').unwrap();
        self.html[start..start + end].to_string()
    }

    /// The text of the element with `id` (up to the next `<`).
    pub fn text_of(&self, id: &str) -> Option<String> {
        let pat = format!("id=\"{id}\"");
        let i = self.html.find(&pat)?;
        let start = self.html[i..].find('>')? + i + 1;
        let end = self.html[start..].find('<')? + start;
        Some(self.html[start..end].trim().to_string())
    }
}

fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", dragnet_web::pages::analyst::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl<'a> Browser<'a> {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, req: Request<Body>) -> Page {
        let resp = self.app.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        for c in headers.get_all(header::SET_COOKIE) {
            let c = c.to_str().unwrap();
            let (kv, attrs) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = kv.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            if !attrs.contains("Max-Age=0") {
                self.cookies.push((k.to_string(), v.to_string()));
            }
        }
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        Page {
            status,
            headers,
            html: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&mut self, uri: &str) -> Page {
        let req = Request::get(uri)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    pub async fn post(&mut self, uri: &str, fields: &[(&str, &str)]) -> Page {
        let req = Request::post(uri)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form_body(fields)))
            .unwrap();
        self.send(req).await
    }

    /// A CSRF token of a page's form (any form of the workspace).
    pub async fn csrf(&mut self, uri: &str) -> String {
        self.get(uri).await.hidden("csrf")
    }
}

impl TestApp {
    pub fn browser(&self) -> Browser<'_> {
        Browser {
            app: self,
            cookies: Vec::new(),
        }
    }

    /// A browser signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Browser<'_> {
        let mut b = self.browser();
        let csrf = b.csrf("/app/login").await;
        let p = b
            .post(
                "/app/login",
                &[
                    ("email", email),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                    ("next", "/app"),
                ],
            )
            .await;
        assert_eq!(
            p.status,
            StatusCode::SEE_OTHER,
            "login of {email}: {}",
            p.html
        );
        assert!(b.cookies.iter().any(|(k, _)| k == "dragnet_session"));
        b
    }

    pub async fn user(&self, org: i64, email: &str, role: Role) {
        self.store
            .create_user(org, email, role, &hash_password(PASSWORD).unwrap())
            .await
            .unwrap();
    }

    /// A bearer token for `email`.
    pub async fn token(&self, email: &str) -> String {
        let (u, _) = self.store.user_by_email(email).await.unwrap().unwrap();
        let (token, prefix, digest) = new_secret("dgn");
        self.store
            .create_token(u.id, &prefix, &digest, &Scope::ALL)
            .await
            .unwrap();
        token
    }

    pub async fn api(&self, uri: &str, token: &str) -> (StatusCode, String) {
        let req = Request::get(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    pub async fn import(&self, org: i64, lines: &[String]) {
        let x = Extractor::new();
        let batch: Vec<NewReport> = lines
            .iter()
            .map(|l| {
                let input = ReportInput::from_json_line(l).unwrap();
                let inds = x.extract_report(&input).indicators;
                NewReport::new(input, inds, "test").owned_by(Some(org))
            })
            .collect();
        self.ops.store_and_link(&self.store, &batch).await.unwrap();
    }
}

fn report(
    source: &str,
    id: &str,
    (name, email, phone): (&str, &str, &str),
    country: &str,
    day: u32,
    extra: &str,
) -> String {
    serde_json::json!({
        "id": id, "source": source,
        "received_at": format!("2023-09-{day:02}T10:00:00Z"),
        "reporter": {"name": name, "email": email, "phone": phone, "country": country},
        "contact_method": "popup", "brand": "Microsoft",
        "narrative": format!("A pop-up said call 1-888-555-0147 or visit fix-pc-now.com. {extra}"),
        "loss": {"amount": "300.00", "currency": "USD"},
        "indicators": [{"type": "phone", "value": "+1 888 555 0147"}, {"type": "domain", "value": "fix-pc-now.com"}]
    })
    .to_string()
}

async fn open_store() -> Vec<(SqlStore, &'static str, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("analyst.db").display().to_string();
    let mut v = vec![(
        SqlStore::open(&url, DataKey::generate()).await.unwrap(),
        "sqlite",
        Some(dir),
    )];
    match std::env::var("DRAGNET_TEST_POSTGRES_URL") {
        Ok(admin) => {
            sqlx::any::install_default_drivers();
            let n = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let db = format!("t_analyst_{n:x}{:x}", std::process::id());
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                .await
                .unwrap();
            conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}")))
                .await
                .unwrap();
            let (base, _) = admin.rsplit_once('/').unwrap();
            let store = SqlStore::open(&format!("{base}/{db}"), DataKey::generate())
                .await
                .unwrap();
            v.push((store, "postgres", None));
        }
        Err(_) => {
            if std::env::var("DRAGNET_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("DRAGNET_REQUIRE_POSTGRES=1 but DRAGNET_TEST_POSTGRES_URL is not set");
            }
            eprintln!("note: DRAGNET_TEST_POSTGRES_URL unset; the PostgreSQL half is skipped");
        }
    }
    v
}

/// One app per backend, each with two organisations (alpha: 3 reports, beta: 2) whose
/// reports form one shared operation, an analyst in each (`ann@alpha.example`,
/// `ben@beta.example`), a law-enforcement liaison and an admin; plus 30 two-report
/// operations of alpha's.
pub async fn apps() -> Vec<TestApp> {
    let mut out = Vec::new();
    for (store, backend, dir) in open_store().await {
        let org_a = store.create_org("alpha").await.unwrap().id;
        let org_b = store.create_org("beta").await.unwrap().id;
        let org_le = store.create_org("police").await.unwrap().id;
        let ops = Arc::new(Operations::new(Policy::default()));
        let state = AppState {
            store: Arc::new(store.clone()),
            accounts: Arc::new(store.clone()),
            taxii: Arc::new(store.clone()),
            operations: ops.clone(),
            partner_intel: Default::default(),
            extractor: Arc::new(Extractor::new()),
            limits: Limits::default(),
            default_source: "api".into(),
        };
        let t = TestApp {
            router: app(state),
            store,
            ops,
            org_a,
            backend,
            _dir: dir,
        };
        t.user(org_a, "ann@alpha.example", Role::Analyst).await;
        t.user(org_b, "ben@beta.example", Role::Analyst).await;
        t.user(org_le, "lee@police.example", Role::LeLiaison).await;
        t.user(org_le, "root@ops.example", Role::Admin).await;
        t.import(
            org_a,
            &[
                report(
                    "alpha",
                    "ALPHA-1",
                    (
                        "Alice Victim-A1",
                        "alice.a1@victims.example",
                        "+49 30 123456701",
                    ),
                    "DE",
                    1,
                    "SECRET-NARRATIVE-A",
                ),
                report(
                    "alpha",
                    "ALPHA-2",
                    (
                        "Anna Victim-A2",
                        "anna.a2@victims.example",
                        "+49 30 123456702",
                    ),
                    "DE",
                    3,
                    "",
                ),
                report(
                    "alpha",
                    "ALPHA-3",
                    (
                        "Arno Victim-A3",
                        "arno.a3@victims.example",
                        "+49 30 123456703",
                    ),
                    "FR",
                    5,
                    "",
                ),
            ],
        )
        .await;
        t.import(
            org_b,
            &[
                report(
                    "beta",
                    "BETA-1",
                    ("Bob Victim-B1", "bob.b1@victims.example", "+1 202 555 0101"),
                    "US",
                    2,
                    "SECRET-NARRATIVE-B",
                ),
                report(
                    "beta",
                    "BETA-2",
                    ("Bea Victim-B2", "bea.b2@victims.example", "+1 202 555 0102"),
                    "US",
                    4,
                    "",
                ),
            ],
        )
        .await;
        // 30 small operations of alpha's, to page through.
        let small: Vec<String> = (0..60)
            .map(|i| {
                serde_json::json!({
                    "id": format!("SMALL-{i}"), "source": "alpha",
                    "received_at": format!("2023-08-{:02}T10:00:00Z", 1 + i % 28),
                    "narrative": "They called about a refund.",
                    "indicators": [{"type": "phone", "value": format!("+1 877 555 {:04}", 1000 + i / 2)}],
                    "contact_method": "phone_call", "brand": "Amazon",
                })
                .to_string()
            })
            .collect();
        t.import(org_a, &small).await;
        out.push(t);
    }
    out
}

/// The operation holding alpha's and beta's shared reports.
pub fn shared_operation(t: &TestApp) -> String {
    t.ops
        .read()
        .cluster_of("alpha/ALPHA-1")
        .expect("ALPHA-1 is in an operation")
}
