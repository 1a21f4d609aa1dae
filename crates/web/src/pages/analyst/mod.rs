//! The analyst workspace under `/app/`: log in, an overview of the organisation's reports,
//! the operations, one operation (summary, timeline, victims by country, network picture,
//! explanations), one report (the victim's data behind a stated, audited purpose),
//! indicator search and referral cases. Server-rendered like the public pages (askama, no
//! script, the same strict CSP); charts and the network picture are SVG drawn on the server.
//!
//! Who sees what follows the API exactly (`crate::auth`): a signed-in analyst sees their own
//! organisation's reports and victims; other organisations' reports appear only as counts
//! and shared indicators, never by id. Every view of a victim's personal data is written to
//! the audit log, with its purpose, before it is shown. The workspace is in English.
//!
//! Pages answer `Cache-Control: no-store` (they may hold personal data). A request without a
//! valid session is sent to `/app/login?next=…`.

pub mod cases;
pub mod chart;
pub mod network;
pub mod operations;
pub mod overview;
pub mod report;
pub mod search;

use super::{Pages, Visit, csrf, now_secs};
use crate::AppState;
use crate::auth::{Caller, SESSION_COOKIE};
use askama::Template;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use dragnet_store::accounts::{new_secret, secret_digest, verify_password};
use std::sync::Arc;

/// Sessions last a working day (as `POST /api/v1/login`).
const SESSION_HOURS: i64 = 12;

/// The workspace's routes (merged into the pages' router, which adds the CSRF secret, the
/// rate limiter and the security headers).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/app", get(overview::show))
        .route("/app/", get(overview::show))
        .route("/app/login", get(login_form).post(login))
        .route("/app/logout", post(logout))
        .route("/app/operations", get(operations::list))
        .route("/app/operations/{id}", get(operations::show))
        .route("/app/explain", get(operations::explain))
        .route("/app/reports/{source}/{id}", get(report::show))
        .route("/app/reports/{source}/{id}/reporter", post(report::reveal))
        .route("/app/reports/{source}/{id}/erase", post(report::erase))
        .route("/app/search", get(search::show))
        .route("/app/cases", get(cases::list).post(cases::open))
        .route("/app/cases/{id}", get(cases::show))
        .route("/app/cases/{id}/{step}", post(cases::step))
        .route("/static/analyst.css", get(stylesheet))
}

const STYLE: &str = include_str!("../../../static/analyst.css");

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

/// A signed-in caller of the workspace; without a valid session (or token) the request is
/// sent to the login page, which comes back here afterwards.
pub struct Signed(pub Caller);

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match Caller::from_request_parts(parts, state).await {
            Ok(c) => Ok(Signed(c)),
            Err(e) if e.status == StatusCode::UNAUTHORIZED => {
                // Back to the page after signing in; a form sent without a session goes
                // back to the overview (its address answers only posts).
                let next = if parts.method == axum::http::Method::GET {
                    parts
                        .uri
                        .path_and_query()
                        .map_or("/app", |p| p.as_str())
                        .to_string()
                } else {
                    "/app".to_string()
                };
                Err(Redirect::to(&format!("/app/login?next={}", encode(&next))).into_response())
            }
            Err(e) => Err(e.into_response()),
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters (for query values).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `next` address that stays in the workspace (never another site: `//evil`, `/\evil`).
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with("/app")
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_string()
        }
        _ => "/app".to_string(),
    }
}

/// What the frame of every workspace page shows.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Current navigation entry: `overview`, `operations`, `search`, `cases`, or empty.
    pub nav: &'static str,
    pub email: String,
    pub org: String,
    pub role: String,
    /// For the logout form.
    pub csrf: String,
}

impl Frame {
    pub fn new(caller: &Caller, v: &Visit, pages: &Pages, nav: &'static str) -> Frame {
        Frame {
            nav,
            email: caller.email.clone(),
            org: caller.org.clone(),
            role: caller.role.to_string(),
            csrf: v.csrf_token(pages),
        }
    }
}

/// An HTML answer: never cached (it may hold personal data), with the CSRF cookie when the
/// visitor has none yet.
pub fn render(v: &Visit, status: StatusCode, tpl: &impl Template) -> Response {
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
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static("en"));
    h.insert(header::VARY, HeaderValue::from_static("Cookie"));
    if !v.had_nonce
        && let Ok(c) = HeaderValue::from_str(&csrf::set_cookie(&v.nonce))
    {
        h.append(header::SET_COOKIE, c);
    }
    resp
}

#[derive(Template)]
#[template(path = "analyst/problem.html")]
pub struct ProblemPage {
    pub f: Option<Frame>,
    pub title: String,
    pub message: String,
}

/// A page saying why something cannot be shown (not found, not allowed, bad input).
pub fn problem(
    v: &Visit,
    f: Option<Frame>,
    status: StatusCode,
    title: &str,
    message: &str,
) -> Response {
    render(
        v,
        status,
        &ProblemPage {
            f,
            title: title.to_string(),
            message: message.to_string(),
        },
    )
}

/// A store failure as a page (logged; nothing internal shown).
pub fn failure(v: &Visit, f: Option<Frame>, e: crate::ApiError) -> Response {
    problem(v, f, e.status, "This could not be shown", &e.message)
}

#[derive(Template)]
#[template(path = "analyst/login.html")]
struct LoginPage {
    f: Option<Frame>,
    csrf: String,
    next: String,
    email: String,
    error: String,
}

#[derive(serde::Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_form(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    parts: axum::http::HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    let next = safe_next(q.next.as_deref());
    // Already signed in: straight on.
    if let Some(sid) = super::i18n::cookie(&parts, SESSION_COOKIE)
        && let Ok(Some(_)) = state
            .accounts
            .principal_by_session(&secret_digest(&sid))
            .await
    {
        return Redirect::to(&next).into_response();
    }
    render(
        &v,
        StatusCode::OK,
        &LoginPage {
            f: None,
            csrf: v.csrf_token(&pages),
            next,
            email: String::new(),
            error: String::new(),
        },
    )
}

#[derive(serde::Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

async fn login(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Form(form): Form<LoginForm>,
) -> Response {
    if let Some(r) = super::rate_limited(&pages, &v, "/app/login") {
        return r;
    }
    let next = safe_next(Some(&form.next));
    let again = |error: &str, status: StatusCode| {
        render(
            &v,
            status,
            &LoginPage {
                f: None,
                csrf: v.csrf_token(&pages),
                next: next.clone(),
                email: form.email.clone(),
                error: error.to_string(),
            },
        )
    };
    let nonce = v.had_nonce.then_some(v.nonce.as_str());
    if let Err(e) = pages.secret.verify(nonce, &form.csrf, now_secs()) {
        tracing::info!(reason = ?e, "login refused: CSRF token");
        return again(
            "This form had expired. Please sign in again.",
            StatusCode::FORBIDDEN,
        );
    }
    let user = match state.accounts.user_by_email(form.email.trim()).await {
        Ok(u) => u,
        Err(e) => return failure(&v, None, e.into()),
    };
    let ok = match &user {
        Some((u, hash)) => !u.disabled && verify_password(&form.password, hash),
        None => {
            // The same work whether or not the user exists, so timing does not tell.
            let _ = verify_password(
                &form.password,
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            );
            false
        }
    };
    let Some((user, _)) = user.filter(|_| ok) else {
        return again("Wrong e-mail or password.", StatusCode::UNAUTHORIZED);
    };
    let (sid, _, digest) = new_secret("s");
    if let Err(e) = state
        .accounts
        .create_session(&digest, user.id, SESSION_HOURS)
        .await
    {
        return failure(&v, None, e.into());
    }
    let mut resp = Redirect::to(&next).into_response();
    if let Ok(c) = HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={sid}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        SESSION_HOURS * 3600
    )) {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

#[derive(serde::Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    headers: axum::http::HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let nonce = v.had_nonce.then_some(v.nonce.as_str());
    if pages.secret.verify(nonce, &form.csrf, now_secs()).is_err() {
        return problem(
            &v,
            None,
            StatusCode::FORBIDDEN,
            "This form has expired",
            "Go back, reload the page and sign out again.",
        );
    }
    if let Some(sid) = super::i18n::cookie(&headers, SESSION_COOKIE)
        && let Err(e) = state.accounts.delete_session(&secret_digest(&sid)).await
    {
        return failure(&v, None, e.into());
    }
    let mut resp = Redirect::to("/app/login").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "dragnet_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
        ),
    );
    resp
}

/// Checks the CSRF field of a workspace form; `Err` is the refusal page.
pub fn check_csrf(v: &Visit, pages: &Pages, f: &Frame, token: &str) -> Result<(), Response> {
    let nonce = v.had_nonce.then_some(v.nonce.as_str());
    pages
        .secret
        .verify(nonce, token, now_secs())
        .map(|_| ())
        .map_err(|e| {
            tracing::info!(reason = ?e, "workspace form refused: CSRF token");
            problem(
                v,
                Some(f.clone()),
                StatusCode::FORBIDDEN,
                "This form has expired",
                "For your security, forms work only from this site and for a limited time. \
                 Go back, reload the page and send it again. Nothing was done.",
            )
        })
}

/// `$12,345.67` from a decimal amount in dollars.
pub fn usd(amount: rust_decimal::Decimal) -> String {
    let rounded = amount.round_dp(2);
    let s = format!("{rounded:.2}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let n: u64 = digits.parse().unwrap_or(0);
    format!("{sign}${}.{frac}", chart::thousands(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_in_the_workspace() {
        assert_eq!(
            safe_next(Some("/app/operations?sort=loss")),
            "/app/operations?sort=loss"
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/app\\..",
            "/report",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/app", "{bad}");
        }
        assert_eq!(safe_next(None), "/app");
        assert_eq!(encode("/app/x?a=b c"), "%2Fapp%2Fx%3Fa%3Db%20c");
    }

    #[test]
    fn dollars() {
        use rust_decimal::Decimal;
        assert_eq!(usd(Decimal::new(123456789, 2)), "$1,234,567.89");
        assert_eq!(usd(Decimal::ZERO), "$0.00");
        assert_eq!(usd(Decimal::new(5, 1)), "$0.50");
    }
}
