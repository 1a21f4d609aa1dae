//! Organisations, users, roles, API tokens, sessions and the audit log.
//!
//! Passwords are hashed with Argon2id (PHC strings). API tokens and session ids are 256-bit
//! random secrets shown once and stored only as SHA-256 digests, so a stolen database
//! yields no usable credential. The audit log is append-only: this module has no update or
//! delete for it.

use crate::StoreError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// What a user may do (DESIGN.md: who uses Dragnet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A fraud analyst: the organisation's reports and victims' data, shared aggregates.
    Analyst,
    /// An analyst who also manages the organisation's users and reads its audit log.
    OrgAdmin,
    /// Law enforcement: operations and the cases referred to its agency, no raw reports.
    LeLiaison,
    /// Runs the deployment: every organisation.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Analyst, Role::OrgAdmin, Role::LeLiaison, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::OrgAdmin => "org_admin",
            Role::LeLiaison => "le_liaison",
            Role::Admin => "admin",
        }
    }

    /// May read the organisation's own reports (and, with a purpose, victims' data).
    pub fn reads_own_reports(self) -> bool {
        matches!(self, Role::Analyst | Role::OrgAdmin | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not a role (analyst, org_admin, le_liaison, admin)"))
    }
}

/// What an API token may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// GET requests.
    Read,
    /// Submitting reports and other changes.
    Write,
    /// Organisation and user management, audit log.
    Admin,
    /// Private overlap (`/api/v1/overlap`) against the organisation's sets, and nothing else
    /// unless combined with other scopes: the scope of tokens handed to a partner.
    Overlap,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::Read, Scope::Write, Scope::Admin, Scope::Overlap];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Admin => "admin",
            Scope::Overlap => "overlap",
        }
    }
}

impl FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Scope::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not a scope (read, write, admin, overlap)"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Org {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub org_id: i64,
    pub org: String,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
}

/// Who is making a request, and with which powers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Principal {
    pub user_id: i64,
    pub email: String,
    pub org_id: i64,
    pub org: String,
    pub role: Role,
    /// Every scope for a session; the token's scopes for a token.
    pub scopes: Vec<Scope>,
}

impl Principal {
    pub fn has_scope(&self, s: Scope) -> bool {
        self.scopes.contains(&s)
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub org_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
}

/// Hashes a password with Argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, StoreError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Internal(format!("password hashing failed: {e}")))
}

/// Checks a password against a stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A new random secret: (the whole token to give the user once, its prefix, its digest).
pub fn new_secret(kind: &str) -> (String, String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    let prefix: String = secret.chars().take(8).collect();
    let token = format!("{kind}_{secret}");
    let digest = secret_digest(&token);
    (token, prefix, digest)
}

/// The digest a secret is stored and looked up by.
pub fn secret_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random password for people who did not give one (printed once).
pub fn generate_password() -> String {
    let mut bytes = [0u8; 18];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Storage of accounts; implemented by [`crate::SqlStore`] on both databases.
#[async_trait::async_trait]
pub trait AccountStore: Send + Sync + 'static {
    async fn create_org(&self, name: &str) -> Result<Org, StoreError>;
    async fn org_by_name(&self, name: &str) -> Result<Option<Org>, StoreError>;
    async fn list_orgs(&self) -> Result<Vec<Org>, StoreError>;
    async fn create_user(
        &self,
        org_id: i64,
        email: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<User, StoreError>;
    /// The user and their password hash.
    async fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>, StoreError>;
    async fn create_token(
        &self,
        user_id: i64,
        prefix: &str,
        digest: &str,
        scopes: &[Scope],
    ) -> Result<(), StoreError>;
    /// Revokes a token by its prefix; false when none matched.
    async fn revoke_token(&self, user_id: i64, prefix: &str) -> Result<bool, StoreError>;
    async fn principal_by_token(&self, digest: &str) -> Result<Option<Principal>, StoreError>;
    async fn create_session(
        &self,
        digest: &str,
        user_id: i64,
        hours: i64,
    ) -> Result<(), StoreError>;
    async fn principal_by_session(&self, digest: &str) -> Result<Option<Principal>, StoreError>;
    async fn delete_session(&self, digest: &str) -> Result<(), StoreError>;
    async fn audit(&self, entry: &AuditEntry) -> Result<(), StoreError>;
    /// The newest `limit` entries, of one organisation or of all.
    async fn audit_log(
        &self,
        org_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("Correct horse", &h));
        assert!(!verify_password("x", "not a phc string"));
    }

    #[test]
    fn secrets_are_random_and_stored_as_digests() {
        let (a, pa, da) = new_secret("dgn");
        let (b, _, db) = new_secret("dgn");
        assert_ne!(a, b);
        assert!(a.starts_with("dgn_") && a.len() > 40);
        assert_eq!(secret_digest(&a), da);
        assert_ne!(da, db);
        assert!(a[4..].starts_with(&pa));
        assert!(!da.contains(&a[4..]));
    }

    #[test]
    fn roles_and_scopes_parse() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        assert!("root".parse::<Role>().is_err());
        assert!("delete".parse::<Scope>().is_err());
    }
}
