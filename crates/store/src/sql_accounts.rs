//! [`AccountStore`] for the SQL store (SQLite and PostgreSQL alike).

use crate::accounts::{AccountStore, AuditEntry, Org, Principal, Role, Scope, User};
use crate::{SqlStore, StoreError};
use sqlx::Row;
use sqlx::any::AnyRow;

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn user_row(r: &AnyRow) -> Result<User, StoreError> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        org: r.try_get("org")?,
        email: r.try_get("email")?,
        role: role.parse().map_err(StoreError::Internal)?,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
    })
}

fn principal(user: User, scopes: Vec<Scope>) -> Option<Principal> {
    (!user.disabled).then_some(Principal {
        user_id: user.id,
        email: user.email,
        org_id: user.org_id,
        org: user.org,
        role: user.role,
        scopes,
    })
}

pub(crate) fn unique_violation(e: sqlx::Error, what: String) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
        // PostgreSQL unique_violation; SQLite CONSTRAINT_UNIQUE (2067) / PRIMARYKEY (1555).
        if code == "23505" || code == "2067" || code == "1555" {
            return StoreError::Conflict(what);
        }
    }
    e.into()
}

const USER_SELECT: &str = "SELECT u.id, u.org_id, o.name AS org, u.email, u.role, u.disabled \
    FROM users u JOIN orgs o ON o.id = u.org_id";

#[async_trait::async_trait]
impl AccountStore for SqlStore {
    async fn create_org(&self, name: &str) -> Result<Org, StoreError> {
        let name = name.trim();
        if name.is_empty() || name.len() > 100 || name.contains('/') {
            return Err(StoreError::Invalid(format!(
                "`{name}` is not a usable organisation name (1-100 characters, no `/`)"
            )));
        }
        let id: i64 =
            sqlx::query_scalar("INSERT INTO orgs (name, created_at) VALUES ($1, $2) RETURNING id")
                .bind(name)
                .bind(now())
                .fetch_one(self.pool())
                .await
                .map_err(|e| {
                    unique_violation(e, format!("an organisation named `{name}` exists"))
                })?;
        Ok(Org {
            id,
            name: name.to_string(),
        })
    }

    async fn org_by_name(&self, name: &str) -> Result<Option<Org>, StoreError> {
        let row = sqlx::query("SELECT id, name FROM orgs WHERE name = $1")
            .bind(name)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(Org {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
            })
        })
        .transpose()
    }

    async fn list_orgs(&self) -> Result<Vec<Org>, StoreError> {
        let rows = sqlx::query("SELECT id, name FROM orgs ORDER BY id")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Org {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                })
            })
            .collect()
    }

    async fn create_user(
        &self,
        org_id: i64,
        email: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        let email = email.trim().to_lowercase();
        if !email.contains('@') || email.len() > 254 {
            return Err(StoreError::Invalid(format!(
                "`{email}` is not an e-mail address"
            )));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (org_id, email, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org_id)
        .bind(&email)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now())
        .fetch_one(self.pool())
        .await
        .map_err(|e| unique_violation(e, format!("a user `{email}` exists")))?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{USER_SELECT} WHERE u.id = $1"
        )))
        .bind(id)
        .fetch_one(self.pool())
        .await?;
        user_row(&row)
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{}, u.password_hash FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.email = $1",
            USER_SELECT.split(" FROM ").next().unwrap_or(USER_SELECT)
        )))
        .bind(email.trim().to_lowercase())
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| Ok((user_row(&r)?, r.try_get("password_hash")?)))
            .transpose()
    }

    async fn create_token(
        &self,
        user_id: i64,
        prefix: &str,
        digest: &str,
        scopes: &[Scope],
    ) -> Result<(), StoreError> {
        let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
        sqlx::query(
            "INSERT INTO api_tokens (user_id, prefix, token_hash, scopes, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(user_id)
        .bind(prefix)
        .bind(digest)
        .bind(scopes.join(" "))
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    async fn revoke_token(&self, user_id: i64, prefix: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND prefix = $3 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(user_id)
        .bind(prefix)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn principal_by_token(&self, digest: &str) -> Result<Option<Principal>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{USER_SELECT} JOIN api_tokens t ON t.user_id = u.id WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
        ).replace("u.disabled FROM", "u.disabled, t.scopes FROM")))
        .bind(digest)
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else { return Ok(None) };
        let scopes: String = r.try_get("scopes")?;
        let scopes = scopes
            .split_whitespace()
            .filter_map(|s| s.parse().ok())
            .collect();
        Ok(principal(user_row(&r)?, scopes))
    }

    async fn create_session(
        &self,
        digest: &str,
        user_id: i64,
        hours: i64,
    ) -> Result<(), StoreError> {
        let expires = (chrono::Utc::now() + chrono::Duration::hours(hours))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(digest)
            .bind(user_id)
            .bind(now())
            .bind(expires)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn principal_by_session(&self, digest: &str) -> Result<Option<Principal>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{USER_SELECT} JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2"
        )))
        .bind(digest)
        .bind(now())
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(principal(user_row(&r)?, Scope::ALL.to_vec()))
    }

    async fn delete_session(&self, digest: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(digest)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn audit(&self, e: &AuditEntry) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (at, org_id, actor, action, target, purpose) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&e.at)
        .bind(e.org_id)
        .bind(&e.actor)
        .bind(&e.action)
        .bind(&e.target)
        .bind(e.purpose.clone())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    async fn audit_log(
        &self,
        org_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = match org_id {
            Some(o) => {
                sqlx::query("SELECT at, org_id, actor, action, target, purpose FROM audit_log WHERE org_id = $1 ORDER BY seq DESC LIMIT $2")
                    .bind(o)
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                sqlx::query("SELECT at, org_id, actor, action, target, purpose FROM audit_log ORDER BY seq DESC LIMIT $1")
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?
            }
        };
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: r.try_get("at")?,
                    org_id: r.try_get("org_id")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    target: r.try_get("target")?,
                    purpose: r.try_get("purpose")?,
                })
            })
            .collect()
    }
}
