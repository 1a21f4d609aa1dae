//! The caller's account: `POST /api/v1/login` (e-mail and password; sets an HttpOnly,
//! Secure, SameSite=Strict session cookie), `POST /api/v1/logout`, `GET /api/v1/me`, and
//! `GET /api/v1/audit` (the audit log: an org admin reads their organisation's, an admin all).

use crate::api::extract::{Json, Query};
use crate::api::openapi::ErrorBody;
use crate::auth::{Caller, SESSION_COOKIE};
use crate::{ApiError, AppState};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use dragnet_store::accounts::{new_secret, secret_digest, verify_password};
use dragnet_store::{Role, Scope};
use serde_json::json;
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Sessions last a working day.
const SESSION_HOURS: i64 = 12;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/login", post(login))
        .route("/api/v1/logout", post(logout))
        .route("/api/v1/me", get(me))
        .route("/api/v1/audit", get(audit))
}

/// This module's part of the OpenAPI document (see `api/openapi.rs`).
#[derive(OpenApi)]
#[openapi(paths(login, logout, me, audit))]
pub struct Doc;

#[derive(serde::Deserialize, ToSchema)]
struct Login {
    email: String,
    password: String,
}

/// Who logged in (also the shape of `GET /api/v1/me` without ids and scopes).
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: the handler builds this JSON")]
struct LoginAnswer {
    email: String,
    org: String,
    role: RoleName,
}

/// A user's role (docs/API.md: who sees what).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(
    dead_code,
    reason = "a schema only: dragnet_store::Role serialises to these"
)]
enum RoleName {
    Analyst,
    OrgAdmin,
    LeLiaison,
    Admin,
}

#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(
    dead_code,
    reason = "a schema only: dragnet_store::Scope serialises to these"
)]
enum ScopeName {
    Read,
    Write,
    Admin,
    Overlap,
}

/// The authenticated caller.
#[derive(ToSchema)]
#[allow(
    dead_code,
    reason = "a schema only: dragnet_store::Principal serialises to this"
)]
struct Me {
    user_id: i64,
    email: String,
    org_id: i64,
    org: String,
    role: RoleName,
    scopes: Vec<ScopeName>,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct LoggedOut {
    logged_out: bool,
}

/// One entry of the append-only audit log.
#[derive(ToSchema)]
#[allow(
    dead_code,
    reason = "a schema only: dragnet_store::AuditEntry serialises to this"
)]
struct AuditEntryView {
    /// RFC 3339, UTC.
    at: String,
    /// The organisation whose data it was (none for operations of the whole server).
    org_id: Option<i64>,
    /// Who (e-mail, or `cli:…`).
    actor: String,
    /// e.g. `view_personal_data`, `erase_personal_data`.
    action: String,
    /// e.g. `report org-a/A-1`.
    target: String,
    /// The stated purpose.
    #[schema(nullable = false)]
    purpose: Option<String>,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct AuditLog {
    count: u64,
    /// Newest first.
    entries: Vec<AuditEntryView>,
}

/// Starts a session: sets the `dragnet_session` cookie (HttpOnly, Secure, SameSite=Strict).
#[utoipa::path(post, path = "/api/v1/login", tag = "account",
    request_body = Login,
    responses(
        (status = 200, description = "Logged in; the cookie is set", body = LoginAnswer),
        (status = 400, description = "Not a login request", body = ErrorBody),
        (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
    ))]
async fn login(State(state): State<AppState>, Json(l): Json<Login>) -> Result<Response, ApiError> {
    let user = state.accounts.user_by_email(&l.email).await?;
    let ok = match &user {
        Some((u, hash)) => !u.disabled && verify_password(&l.password, hash),
        None => {
            // Same work whether or not the user exists, so timing does not tell.
            let _ = verify_password(
                &l.password,
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            );
            false
        }
    };
    let Some((user, _)) = user.filter(|_| ok) else {
        return Err(ApiError::unauthenticated("wrong e-mail or password"));
    };
    let (sid, _, digest) = new_secret("s");
    state
        .accounts
        .create_session(&digest, user.id, SESSION_HOURS)
        .await?;
    let cookie = format!(
        "{SESSION_COOKIE}={sid}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        SESSION_HOURS * 3600
    );
    let mut resp = axum::Json(json!({"email": user.email, "org": user.org, "role": user.role}))
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(resp)
}

/// Ends the session of the cookie sent (if any) and clears the cookie.
#[utoipa::path(post, path = "/api/v1/logout", tag = "account",
    responses((status = 200, description = "Logged out", body = LoggedOut)))]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let sid = headers.get_all(header::COOKIE).iter().find_map(|v| {
        v.to_str().ok()?.split(';').find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == SESSION_COOKIE).then(|| v.to_string())
        })
    });
    if let Some(sid) = sid {
        state.accounts.delete_session(&secret_digest(&sid)).await?;
    }
    let mut resp = axum::Json(json!({"logged_out": true})).into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "dragnet_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
        ),
    );
    Ok(resp)
}

/// The caller: user, organisation, role and the credentials' scopes.
#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "No valid credentials", body = ErrorBody),
    ))]
async fn me(caller: Caller) -> axum::Json<serde_json::Value> {
    axum::Json(json!(caller.0))
}

#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// Most entries to return (1 to 10,000; default 100).
    #[param(minimum = 1, maximum = 10000)]
    limit: Option<i64>,
}

/// The audit log: an org admin reads their organisation's, an admin everything.
#[utoipa::path(get, path = "/api/v1/audit", tag = "account",
    params(AuditQuery),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Entries, newest first", body = AuditLog),
        (status = 400, description = "A bad parameter", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "Not an org_admin or admin, or no `admin` scope", body = ErrorBody),
    ))]
async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AuditQuery>,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    caller.need_scope(Scope::Admin)?;
    caller.need_role(&[Role::OrgAdmin, Role::Admin])?;
    let org = (caller.role != Role::Admin).then_some(caller.org_id);
    let entries = state
        .accounts
        .audit_log(org, q.limit.unwrap_or(100).clamp(1, 10_000))
        .await?;
    Ok(axum::Json(
        json!({"count": entries.len(), "entries": entries}),
    ))
}
