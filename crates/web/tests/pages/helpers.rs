use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dragnet_cluster::Policy;
use dragnet_extract::Extractor;
use dragnet_store::{DataKey, Operations, ReportStore, SqlStore, StoredReport};
use dragnet_web::pages::{self, PagesConfig};
use dragnet_web::{AppState, Limits};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub store: SqlStore,
    pub uploads: PathBuf,
    _dir: tempfile::TempDir,
}

/// What a response looked like.
pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub html: String,
}

impl Page {
    /// The value of `name="<field>" value="..."` (a hidden input).
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

    /// The `name=value` pairs of every Set-Cookie header.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(str::to_string)
            .collect()
    }
}

/// Settings for tests: no minimum fill time, a fixed secret, a generous rate limit.
pub fn test_config(uploads: PathBuf) -> PagesConfig {
    PagesConfig {
        min_fill: Duration::ZERO,
        post_burst: 1_000,
        post_refill: Duration::from_millis(1),
        uploads_dir: Some(uploads),
        secret: Some([42; 32]),
        owner_org: None,
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(|c| c).await
}

pub async fn spawn_with(adjust: impl FnOnce(PagesConfig) -> PagesConfig) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("pages.db").display().to_string();
    let uploads = dir.path().join("uploads");
    let store = SqlStore::open(&url, DataKey::generate()).await.unwrap();
    let state = AppState {
        store: Arc::new(store.clone()),
        accounts: Arc::new(store.clone()),
        taxii: Arc::new(store.clone()),
        operations: Arc::new(Operations::new(Policy::default())),
        partner_intel: Default::default(),
        extractor: Arc::new(Extractor::new()),
        limits: Limits::default(),
        default_source: "api".into(),
    };
    let router = Router::new()
        .merge(dragnet_web::api::reports::router())
        .merge(pages::router_with(adjust(test_config(uploads.clone()))))
        .with_state(state);
    TestApp {
        router,
        store,
        uploads,
        _dir: dir,
    }
}

impl TestApp {
    pub async fn send(&self, req: Request<Body>) -> Page {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        Page {
            status,
            headers,
            html: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, uri: &str, cookie: &str) -> Page {
        let mut req = Request::get(uri);
        if !cookie.is_empty() {
            req = req.header(header::COOKIE, cookie);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Opens the report form; returns the CSRF cookie header and the form's token.
    pub async fn open_form(&self, path: &str) -> (String, String) {
        let page = self.get(path, "").await;
        assert_eq!(page.status, StatusCode::OK);
        let cookie = page
            .cookies()
            .into_iter()
            .find(|c| c.starts_with("dragnet_csrf="))
            .expect("csrf cookie");
        (cookie, page.hidden("csrf"))
    }

    pub async fn post_report(&self, cookie: &str, form: &Multipart) -> Page {
        self.post_report_with(cookie, form, &[]).await
    }

    pub async fn post_report_with(
        &self,
        cookie: &str,
        form: &Multipart,
        extra: &[(&str, &str)],
    ) -> Page {
        let mut req = Request::post("/report");
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let req = req
            .header(header::COOKIE, cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={}", Multipart::BOUNDARY),
            )
            .body(Body::from(form.body()))
            .unwrap();
        self.send(req).await
    }

    pub async fn post_check(&self, cookie: &str, csrf: &str, q: &str) -> Page {
        let body = format!("csrf={}&q={}", urlencode(csrf), urlencode(q));
        let req = Request::post("/check")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    pub async fn stored(&self, id: &str) -> Vec<StoredReport> {
        self.store.get_reports(Some("web-form"), id).await.unwrap()
    }

    pub async fn count(&self) -> i64 {
        self.store.count_reports().await.unwrap()
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A multipart/form-data body.
#[derive(Default, Clone)]
pub struct Multipart {
    parts: Vec<Part>,
}

/// (field name, (file name, content type) for a file, bytes)
type Part = (String, Option<(String, String)>, Vec<u8>);

impl Multipart {
    pub const BOUNDARY: &'static str = "----dragnet-test-boundary-7MA4YWxk";

    pub fn new() -> Self {
        Self::default()
    }

    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.parts
            .push((name.into(), None, value.as_bytes().to_vec()));
        self
    }

    pub fn file(mut self, name: &str, filename: &str, ct: &str, data: Vec<u8>) -> Self {
        self.parts
            .push((name.into(), Some((filename.into(), ct.into())), data));
        self
    }

    pub fn body(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, file, data) in &self.parts {
            out.extend_from_slice(format!("--{}\r\n", Self::BOUNDARY).as_bytes());
            match file {
                None => out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
                Some((fname, ct)) => out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{fname}\"\r\nContent-Type: {ct}\r\n\r\n"
                    )
                    .as_bytes(),
                ),
            }
            out.extend_from_slice(data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{}--\r\n", Self::BOUNDARY).as_bytes());
        out
    }
}

/// A small PNG picture.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        w,
        h,
        image::Rgb([200, 30, 30]),
    ));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}
