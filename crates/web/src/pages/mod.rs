//! The public pages (report a scam, check, guidance): server-rendered with askama
//! (auto-escaping), usable without JavaScript, in English, German, Spanish and French.
//!
//! Addresses are stable: `/`, `/report`, `/check`, `/guidance`, `/static/style.css`. Every
//! page answers with a strict Content-Security-Policy (own styles only, no script, no
//! third-party request), and every POST passes, in order: the per-address rate limit
//! ([`limit`]), a size limit, the CSRF token ([`csrf`]), then the spam defence (honeypot
//! field `homepage` must stay empty; the form must have been shown at least
//! [`PagesConfig::min_fill`] earlier). See docs/WEB.md.

pub mod analyst;
pub mod check;
pub mod csrf;
pub mod i18n;
pub mod limit;
pub mod report;
pub mod upload;

use crate::AppState;
use askama::Template;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use dragnet_detect::Lang;
use i18n::Tr;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The Content-Security-Policy of every page: nothing but our own stylesheet and images,
/// no script at all, forms post only to us, no framing.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Settings of the pages. [`router`] uses the ones given to [`configure`], else the
/// defaults; tests build their own with [`router_with`].
#[derive(Debug, Clone)]
pub struct PagesConfig {
    /// A form sent sooner than this after it was shown is treated as a bot's (the reader
    /// is asked to check and send again).
    pub min_fill: Duration,
    /// POSTs one address may send at once…
    pub post_burst: u32,
    /// …and then one per this interval.
    pub post_refill: Duration,
    /// Where re-encoded screenshots are kept (`<dir>/<source>/<report id>/<n>.png|jpg`);
    /// `None`: screenshots are checked but not kept.
    pub uploads_dir: Option<PathBuf>,
    /// The CSRF signing secret; `None`: random per process.
    pub secret: Option<[u8; 32]>,
    /// The organisation that receives the form's reports (and owns their victims' data);
    /// `None` (or an unknown name, logged): no organisation, so only admins see them.
    pub owner_org: Option<String>,
}

impl Default for PagesConfig {
    /// 2 s minimum fill time, 20 posts at once then one per 3 s per address, screenshots
    /// under `$DRAGNET_UPLOADS_DIR` or else `./dragnet-data/uploads` (beside the default
    /// database), random secret, no owning organisation.
    fn default() -> Self {
        let uploads = std::env::var_os("DRAGNET_UPLOADS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("dragnet-data/uploads"));
        PagesConfig {
            min_fill: Duration::from_secs(2),
            post_burst: 20,
            post_refill: Duration::from_secs(3),
            uploads_dir: Some(uploads),
            secret: None,
            owner_org: None,
        }
    }
}

static CONFIG: OnceLock<PagesConfig> = OnceLock::new();

/// Sets the configuration [`router`] uses (call once, before building the app, e.g. with
/// `uploads_dir` beside the database). Returns `false` when it was already set.
/// The uploads directory in force (configured, or the default).
pub fn uploads_dir() -> Option<PathBuf> {
    CONFIG.get().cloned().unwrap_or_default().uploads_dir
}

pub fn configure(cfg: PagesConfig) -> bool {
    CONFIG.set(cfg).is_ok()
}

/// What the pages' handlers share beyond [`AppState`].
#[derive(Debug)]
pub struct Pages {
    pub config: PagesConfig,
    pub secret: csrf::Secret,
    pub limiter: limit::RateLimiter,
}

/// The pages with the configuration given to [`configure`] (or the defaults).
pub fn router() -> Router<AppState> {
    router_with(CONFIG.get().cloned().unwrap_or_default())
}

/// The pages with `config`.
pub fn router_with(config: PagesConfig) -> Router<AppState> {
    let pages = Arc::new(Pages {
        secret: config
            .secret
            .map(csrf::Secret::from_bytes)
            .unwrap_or_else(csrf::Secret::random),
        limiter: limit::RateLimiter::new(config.post_burst, config.post_refill),
        config,
    });
    Router::new()
        .route("/", get(landing))
        .route("/guidance", get(guidance))
        .route("/report", get(report::show).post(report::submit))
        .route(
            "/check",
            get(check::show)
                .post(check::submit)
                .layer(DefaultBodyLimit::max(check::MAX_QUERY_BYTES * 4)),
        )
        .route("/static/style.css", get(stylesheet))
        .merge(analyst::router())
        .layer(Extension(pages))
        .layer(middleware::from_fn(security_headers))
}

async fn security_headers(req: axum::extract::Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let set = |h: &mut HeaderMap, k: HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    resp
}

const STYLE: &str = include_str!("../../static/style.css");

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// One visit: the language chosen, the CSRF nonce and the peer address.
#[derive(Debug, Clone)]
pub struct Visit {
    pub lang: Lang,
    /// `?lang=` chose the language: set the cookie.
    pub remember_lang: bool,
    /// The CSRF nonce of the cookie (or a fresh one).
    pub nonce: String,
    /// The request carried a well-formed nonce cookie.
    pub had_nonce: bool,
    pub ip: Option<IpAddr>,
    /// The reader's region from `Accept-Language` (`en-GB` -> GB), for national numbers.
    pub region: Option<dragnet_core::Country>,
    /// A GET (or HEAD): the answer is a page the browser may keep in its history.
    pub is_get: bool,
}

#[derive(serde::Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let q = Query::<LangQuery>::try_from_uri(&parts.uri)
            .ok()
            .and_then(|Query(q)| q.lang);
        let neg = i18n::negotiate(q.as_deref(), &parts.headers);
        let cookie = i18n::cookie(&parts.headers, csrf::COOKIE).filter(|n| csrf::valid_nonce(n));
        let had_nonce = cookie.is_some();
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| a.ip());
        let region = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|tag| tag.split(';').next())
            .and_then(|tag| tag.trim().split(['-', '_']).nth(1))
            .filter(|r| r.len() == 2)
            .and_then(|r| dragnet_core::Country::parse(r).ok());
        Ok(Visit {
            is_get: parts.method == axum::http::Method::GET
                || parts.method == axum::http::Method::HEAD,
            lang: neg.lang,
            remember_lang: neg.from_query,
            nonce: cookie.unwrap_or_else(csrf::new_nonce),
            had_nonce,
            ip,
            region,
        })
    }
}

impl Visit {
    pub fn tr(&self) -> Tr {
        Tr::new(self.lang)
    }

    /// The page frame (header, switcher, navigation) for `path`.
    pub fn chrome(&self, path: &'static str, nav: &'static str) -> Chrome {
        Chrome {
            lang: self.lang.as_str(),
            path,
            nav,
            langs: Lang::ALL
                .iter()
                .map(|l| LangLink {
                    code: l.as_str(),
                    name: i18n::native_name(*l),
                    current: *l == self.lang,
                })
                .collect(),
        }
    }

    /// A CSRF token for a form shown now.
    pub fn csrf_token(&self, pages: &Pages) -> String {
        pages.secret.token(&self.nonce, now_secs())
    }

    /// An HTML answer with the cookies this visit needs and no caching.
    pub fn page(&self, status: StatusCode, tpl: &impl Template) -> Response {
        let body = match tpl.render() {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "template rendering failed");
                return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
            }
        };
        let mut resp = (status, body).into_response();
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        // Shown pages may stay in the browser's history (Back keeps what was typed in a
        // form) but never in a shared cache; answers to posts (a confirmation with its
        // reference, a form with personal details) are not kept at all.
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if self.is_get {
                "private, no-cache"
            } else {
                "no-store"
            }),
        );
        h.insert(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
        if let Ok(v) = HeaderValue::from_str(&self.lang_header()) {
            h.insert(header::CONTENT_LANGUAGE, v);
        }
        if self.remember_lang
            && let Ok(v) = HeaderValue::from_str(&format!(
                "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                i18n::LANG_COOKIE,
                self.lang
            ))
        {
            h.append(header::SET_COOKIE, v);
        }
        if !self.had_nonce
            && let Ok(v) = HeaderValue::from_str(&csrf::set_cookie(&self.nonce))
        {
            h.append(header::SET_COOKIE, v);
        }
        resp
    }

    fn lang_header(&self) -> String {
        self.lang.as_str().to_string()
    }
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

/// What the frame of every page needs.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub lang: &'static str,
    /// This page's path, for the language switcher's links.
    pub path: &'static str,
    /// Which navigation entry is current (`report`, `check`, `guidance`, or empty).
    pub nav: &'static str,
    pub langs: Vec<LangLink>,
}

#[derive(Debug, Clone)]
pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "index.html")]
struct LandingPage {
    c: Chrome,
    t: Tr,
}

async fn landing(v: Visit) -> Response {
    v.page(
        StatusCode::OK,
        &LandingPage {
            c: v.chrome("/", ""),
            t: v.tr(),
        },
    )
}

#[derive(Template)]
#[template(path = "guidance.html")]
struct GuidancePage {
    c: Chrome,
    t: Tr,
}

async fn guidance(v: Visit) -> Response {
    v.page(
        StatusCode::OK,
        &GuidancePage {
            c: v.chrome("/guidance", "guidance"),
            t: v.tr(),
        },
    )
}

/// A page explaining why a request was refused (expired form, rate limit, size).
#[derive(Template)]
#[template(path = "problem.html")]
pub struct ProblemPage {
    pub c: Chrome,
    pub t: Tr,
    /// Message id of the title.
    pub title: &'static str,
    /// Message id of the explanation.
    pub body: &'static str,
    /// Where "try again" leads.
    pub back: &'static str,
}

/// Answers a refused request with a page in the visitor's language.
pub fn problem(
    v: &Visit,
    status: StatusCode,
    path: &'static str,
    title: &'static str,
    body: &'static str,
) -> Response {
    let mut resp = v.page(
        status,
        &ProblemPage {
            c: v.chrome(path, ""),
            t: v.tr(),
            title,
            body,
            back: path,
        },
    );
    if status == StatusCode::TOO_MANY_REQUESTS {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    }
    resp
}

/// The rate limit for a POST; `Some(response)` when it is exceeded.
pub fn rate_limited(pages: &Pages, v: &Visit, path: &'static str) -> Option<Response> {
    match pages.limiter.take(v.ip, std::time::Instant::now()) {
        Ok(()) => None,
        Err(_) => Some(problem(
            v,
            StatusCode::TOO_MANY_REQUESTS,
            path,
            "problem-rate-title",
            "problem-rate-body",
        )),
    }
}

/// True when the browser says the request comes from one of our own pages:
/// `Sec-Fetch-Site: same-origin`, or an `Origin` whose host is the `Host` we were asked for.
/// Browsers set both on form posts and a page cannot forge them; a request that carries
/// neither is not trusted.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let text = |h: header::HeaderName| headers.get(h).and_then(|v| v.to_str().ok());
    if let Some(site) = text(HeaderName::from_static("sec-fetch-site")) {
        return site == "same-origin";
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.trim_end_matches('/') == host),
        _ => false,
    }
}

/// An answer for a refused CSRF token.
pub fn csrf_refused(v: &Visit, path: &'static str) -> Response {
    problem(
        v,
        StatusCode::FORBIDDEN,
        path,
        "problem-expired-title",
        "problem-expired-body",
    )
}

/// A select option.
#[derive(Debug, Clone)]
pub struct Opt {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}
