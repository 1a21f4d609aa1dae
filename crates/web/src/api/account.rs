//! The caller's account: `POST /api/v1/login` (e-mail and password; sets an HttpOnly,
//! Secure, SameSite=Strict session cookie), `POST /api/v1/logout`, `GET /api/v1/me`, and
//! `GET /api/v1/audit` (the audit log: an org admin reads their organisation's, an admin all).

use crate::auth::{Caller, SESSION_COOKIE};
use crate::{ApiError, AppState};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dragnet_store::accounts::{new_secret, secret_digest, verify_password};
use dragnet_store::{Role, Scope};
use serde_json::json;

/// Sessions last a working day.
const SESSION_HOURS: i64 = 12;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/login", post(login))
        .route("/api/v1/logout", post(logout))
        .route("/api/v1/me", get(me))
        .route("/api/v1/audit", get(audit))
}

#[derive(serde::Deserialize)]
struct Login {
    email: String,
    password: String,
}

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
    let mut resp =
        Json(json!({"email": user.email, "org": user.org, "role": user.role})).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(resp)
}

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
    let mut resp = Json(json!({"logged_out": true})).into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "dragnet_session=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
        ),
    );
    Ok(resp)
}

async fn me(caller: Caller) -> Json<serde_json::Value> {
    Json(json!(caller.0))
}

#[derive(serde::Deserialize)]
struct AuditQuery {
    limit: Option<i64>,
}

async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<AuditQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    caller.need_scope(Scope::Admin)?;
    caller.need_role(&[Role::OrgAdmin, Role::Admin])?;
    let org = (caller.role != Role::Admin).then_some(caller.org_id);
    let entries = state
        .accounts
        .audit_log(org, q.limit.unwrap_or(100).clamp(1, 10_000))
        .await?;
    Ok(Json(json!({"count": entries.len(), "entries": entries})))
}
