//! Who is calling: API tokens (`Authorization: Bearer …`, or `Token …` as taxii2-client sends
//! them), HTTP Basic (e-mail and password, or e-mail and token, for TAXII clients), or a session
//! cookie set by `POST /api/v1/login`.
//!
//! Handlers take a [`Principal`] argument to require authentication; what the principal may
//! then see is decided by the helpers at the bottom, one place for every rule.

use crate::{ApiError, AppState};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::Engine as _;
use dragnet_store::accounts::{secret_digest, verify_password};
use dragnet_store::{Principal, Role, Scope, StoredReport};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "dragnet_session";

/// The authenticated caller (wraps the store's principal so handlers can extract it).
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

impl std::ops::Deref for Caller {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.0
    }
}

fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts.headers.get_all(header::COOKIE).iter().find_map(|v| {
        v.to_str().ok()?.split(';').find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
    })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let accounts = &state.accounts;
        if let Some(v) = parts.headers.get(header::AUTHORIZATION) {
            let v = v
                .to_str()
                .map_err(|_| ApiError::unauthenticated("unreadable Authorization header"))?;
            // `Token` is the scheme of the OASIS taxii2-client's `TokenAuth`.
            if let Some(token) = v
                .strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("Token "))
            {
                return match accounts
                    .principal_by_token(&secret_digest(token.trim()))
                    .await?
                {
                    Some(p) => Ok(Caller(p)),
                    None => Err(ApiError::unauthenticated(
                        "the token is unknown, revoked, or its user disabled",
                    )),
                };
            }
            if let Some(b64) = v.strip_prefix("Basic ") {
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(b64.trim())
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .ok_or_else(|| ApiError::unauthenticated("malformed Basic credentials"))?;
                let (user, secret) = decoded
                    .split_once(':')
                    .ok_or_else(|| ApiError::unauthenticated("malformed Basic credentials"))?;
                // A token works as the password too (for clients that only speak Basic).
                if let Some(p) = accounts.principal_by_token(&secret_digest(secret)).await?
                    && p.email.eq_ignore_ascii_case(user)
                {
                    return Ok(Caller(p));
                }
                if let Some((u, hash)) = accounts.user_by_email(user).await?
                    && !u.disabled
                    && verify_password(secret, &hash)
                {
                    return Ok(Caller(Principal {
                        user_id: u.id,
                        email: u.email,
                        org_id: u.org_id,
                        org: u.org,
                        role: u.role,
                        scopes: Scope::ALL.to_vec(),
                    }));
                }
                return Err(ApiError::unauthenticated("wrong e-mail or password"));
            }
            return Err(ApiError::unauthenticated(
                "use `Authorization: Bearer TOKEN` or Basic",
            ));
        }
        if let Some(sid) = cookie(parts, SESSION_COOKIE) {
            if let Some(p) = accounts.principal_by_session(&secret_digest(&sid)).await? {
                return Ok(Caller(p));
            }
            return Err(ApiError::unauthenticated(
                "the session has expired; log in again",
            ));
        }
        Err(ApiError::unauthenticated(
            "this endpoint needs a token or a login",
        ))
    }
}

impl Caller {
    /// Fails with 403 unless the credentials carry `scope`.
    pub fn need_scope(&self, scope: Scope) -> Result<(), ApiError> {
        if self.has_scope(scope) {
            Ok(())
        } else {
            Err(ApiError::forbidden(&format!(
                "this token lacks the `{}` scope",
                scope.as_str()
            )))
        }
    }

    /// Fails with 403 unless the role is one of `roles`.
    pub fn need_role(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(&format!(
                "the role `{}` cannot do this",
                self.role
            )))
        }
    }

    /// May see this report at all: its own organisation's analysts, and admins.
    pub fn sees_report(&self, r: &StoredReport) -> bool {
        self.role == Role::Admin || (self.role.reads_own_reports() && r.org_id == Some(self.org_id))
    }

    /// May see a report known only by its owner (for lists and chains).
    pub fn sees_owner(&self, owner: Option<i64>) -> bool {
        self.role == Role::Admin || (self.role.reads_own_reports() && owner == Some(self.org_id))
    }
}
