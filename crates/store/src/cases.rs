//! Referral cases: opened from one or more operations, assigned, commented, with files
//! attached; moved through draft -> ready -> referred -> acknowledged -> action -> closed,
//! every change logged with who and when (the case's chain of custody); outcomes recorded
//! against them and indicators marked as acted upon; releases of victims' personal data for
//! one agency's referral; and each organisation's referral-signing key, generated once with
//! its seed sealed under the store's data key.
//!
//! Who may do what is decided by the callers (web `auth`, the CLI); this module keeps the
//! workflow's own rules: which transitions exist, and that a referral names its agency.

use crate::{SqlStore, StoreError};
use dragnet_referral::{OrgKey, PublicKey};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::fmt;
use std::str::FromStr;

/// Where a case is in its workflow.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Draft,
    Ready,
    Referred,
    Acknowledged,
    Action,
    Closed,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 6] = [
        CaseStatus::Draft,
        CaseStatus::Ready,
        CaseStatus::Referred,
        CaseStatus::Acknowledged,
        CaseStatus::Action,
        CaseStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Draft => "draft",
            CaseStatus::Ready => "ready",
            CaseStatus::Referred => "referred",
            CaseStatus::Acknowledged => "acknowledged",
            CaseStatus::Action => "action",
            CaseStatus::Closed => "closed",
        }
    }

    /// The workflow: one step forward; `ready` back to `draft`; any open case may be closed.
    pub fn may_become(self, to: CaseStatus) -> bool {
        use CaseStatus::*;
        matches!(
            (self, to),
            (Draft, Ready)
                | (Ready, Draft)
                | (Ready, Referred)
                | (Referred, Acknowledged)
                | (Acknowledged, Action)
                | (Action, Closed)
        ) || (to == Closed && self != Closed)
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CaseStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        CaseStatus::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                format!("`{s}` is not a case status (draft, ready, referred, acknowledged, action, closed)")
            })
    }
}

/// The kinds of outcome a case records.
pub const OUTCOME_KINDS: [&str; 7] = [
    "raid",
    "arrests",
    "accounts_frozen",
    "numbers_disconnected",
    "domains_taken_down",
    "money_recovered",
    "conviction",
];

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Case {
    pub id: i64,
    /// `CASE-0007`.
    pub reference: String,
    pub org_id: i64,
    pub org: String,
    pub title: String,
    pub status: CaseStatus,
    pub operations: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referred_at: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

/// One line of a case's log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseEvent {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// A file attached to a case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseAttachment {
    pub name: String,
    pub sha256: String,
    pub bytes: usize,
    pub added_by: String,
    pub added_at: String,
    #[serde(skip)]
    pub content: Vec<u8>,
}

/// An outcome to record.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct NewOutcome {
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub count: Option<i64>,
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A recorded outcome.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    #[serde(flatten)]
    pub outcome: NewOutcome,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// An indicator acted upon.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActionMark {
    pub case_id: i64,
    #[serde(rename = "type")]
    pub ty: String,
    pub value: String,
    pub action: String,
    pub date: String,
    pub recorded_by: String,
}

/// A release of one report's personal data for one agency.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReleaseRecord {
    pub source: String,
    pub report_id: String,
    pub agency: String,
    pub released_by: String,
    pub released_at: String,
    pub reason: String,
}

/// Outcome figures summed over cases.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct OutcomeTotals {
    pub cases: i64,
    pub referred: i64,
    pub raids: i64,
    pub arrests: i64,
    pub accounts_frozen: i64,
    pub numbers_disconnected: i64,
    pub domains_taken_down: i64,
    pub convictions: i64,
    /// Money recovered per currency.
    pub recovered: std::collections::BTreeMap<String, String>,
}

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Only this organisation's.
    pub org_id: Option<i64>,
    /// Only cases referred to this agency (law-enforcement liaisons).
    pub agency: Option<String>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn check_date(field: &str, d: &str) -> Result<(), StoreError> {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| StoreError::Invalid(format!("{field}: `{d}` is not a date (YYYY-MM-DD)")))
}

fn required(field: &str, v: &str, max: usize) -> Result<String, StoreError> {
    let v = v.trim();
    if v.is_empty() || v.chars().count() > max {
        return Err(StoreError::Invalid(format!(
            "{field}: must have 1 to {max} characters"
        )));
    }
    Ok(v.to_string())
}

/// Storage of cases; implemented by [`SqlStore`] on both databases.
#[async_trait::async_trait]
pub trait CaseStore: Send + Sync + 'static {
    async fn open_case(
        &self,
        org_id: i64,
        actor: &str,
        title: &str,
        operations: &[String],
    ) -> Result<Case, StoreError>;
    async fn case(&self, id: i64) -> Result<Option<Case>, StoreError>;
    async fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<Case>, StoreError>;
    /// Moves a case; `referred` needs `agency` (and takes `agreement`).
    async fn transition(
        &self,
        id: i64,
        actor: &str,
        to: CaseStatus,
        agency: Option<&str>,
        agreement: Option<&str>,
    ) -> Result<Case, StoreError>;
    async fn assign(&self, id: i64, actor: &str, assignee: &str) -> Result<(), StoreError>;
    async fn comment(&self, id: i64, actor: &str, text: &str) -> Result<(), StoreError>;
    async fn attach(
        &self,
        id: i64,
        actor: &str,
        name: &str,
        content: &[u8],
    ) -> Result<CaseAttachment, StoreError>;
    async fn attachments(&self, id: i64) -> Result<Vec<CaseAttachment>, StoreError>;
    async fn record_outcome(
        &self,
        id: i64,
        actor: &str,
        outcome: &NewOutcome,
    ) -> Result<(), StoreError>;
    async fn outcomes(&self, id: i64) -> Result<Vec<Outcome>, StoreError>;
    /// Marks an indicator as acted upon ("number disconnected on 2023-10-20").
    async fn mark_indicator(
        &self,
        id: i64,
        actor: &str,
        ty: &str,
        value: &str,
        action: &str,
        date: &str,
    ) -> Result<(), StoreError>;
    /// Actions on indicators: of one case, or of every case when `None`.
    async fn indicator_actions(&self, id: Option<i64>) -> Result<Vec<ActionMark>, StoreError>;
    /// Releases one report's personal data for the agency of a referral.
    async fn release(
        &self,
        id: i64,
        actor: &str,
        source: &str,
        report_id: &str,
        agency: &str,
        reason: &str,
    ) -> Result<(), StoreError>;
    async fn releases(&self, id: i64) -> Result<Vec<ReleaseRecord>, StoreError>;
    /// The case's log, oldest first (its chain of custody).
    async fn case_events(&self, id: i64) -> Result<Vec<CaseEvent>, StoreError>;
    /// Appends a line to a case's log (e.g. "package built").
    async fn log_case(
        &self,
        id: i64,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError>;
    /// The organisation's signing key, generated and stored (sealed) on first use.
    async fn org_signing_key(&self, org_id: i64) -> Result<OrgKey, StoreError>;
    /// The organisation's public key, if it has one.
    async fn org_public_key(&self, org_id: i64) -> Result<Option<PublicKey>, StoreError>;
    /// Outcome figures over one organisation's cases, or over all.
    async fn outcome_totals(&self, org_id: Option<i64>) -> Result<OutcomeTotals, StoreError>;
}

const CASE_SELECT: &str = "SELECT c.id, c.org_id, o.name AS org, c.title, c.status, c.assignee, \
    c.agency, c.agreement, c.referred_at, c.created_by, c.created_at, c.updated_at \
    FROM cases c JOIN orgs o ON o.id = c.org_id";

impl SqlStore {
    fn case_row(r: &AnyRow) -> Result<Case, StoreError> {
        let id: i64 = r.try_get("id")?;
        let status: String = r.try_get("status")?;
        Ok(Case {
            id,
            reference: format!("CASE-{id:04}"),
            org_id: r.try_get("org_id")?,
            org: r.try_get("org")?,
            title: r.try_get("title")?,
            status: status.parse().map_err(StoreError::Internal)?,
            operations: Vec::new(),
            assignee: r.try_get("assignee")?,
            agency: r.try_get("agency")?,
            agreement: r.try_get("agreement")?,
            referred_at: r.try_get("referred_at")?,
            created_by: r.try_get("created_by")?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        })
    }

    async fn with_operations(&self, mut c: Case) -> Result<Case, StoreError> {
        c.operations = sqlx::query_scalar(
            "SELECT operation FROM case_operations WHERE case_id = $1 ORDER BY operation",
        )
        .bind(c.id)
        .fetch_all(self.pool())
        .await?;
        Ok(c)
    }

    async fn existing(&self, id: i64) -> Result<Case, StoreError> {
        self.case(id)
            .await?
            .ok_or_else(|| StoreError::Invalid(format!("no case {id}")))
    }

    async fn log(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        id: i64,
        actor: &str,
        action: &str,
        detail: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO case_events (case_id, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(at)
        .bind(actor)
        .bind(action)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
        sqlx::query("UPDATE cases SET updated_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// One logged change in one transaction.
    async fn logged(
        &self,
        id: i64,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        self.log(&mut tx, id, actor, action, detail, &now()).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl CaseStore for SqlStore {
    async fn open_case(
        &self,
        org_id: i64,
        actor: &str,
        title: &str,
        operations: &[String],
    ) -> Result<Case, StoreError> {
        let title = required("title", title, 200)?;
        let mut ops: Vec<String> = operations.iter().map(|o| o.trim().to_string()).collect();
        ops.sort();
        ops.dedup();
        if ops.is_empty() || ops.iter().any(String::is_empty) {
            return Err(StoreError::Invalid(
                "operations: a case needs at least one operation".into(),
            ));
        }
        let at = now();
        let mut tx = self.pool().begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cases (org_id, title, status, created_by, created_at, updated_at) \
             VALUES ($1, $2, 'draft', $3, $4, $4) RETURNING id",
        )
        .bind(org_id)
        .bind(&title)
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        for op in &ops {
            sqlx::query("INSERT INTO case_operations (case_id, operation) VALUES ($1, $2)")
                .bind(id)
                .bind(op)
                .execute(&mut *tx)
                .await?;
        }
        self.log(
            &mut tx,
            id,
            actor,
            "case opened",
            &format!("\"{title}\" from operation(s) {}", ops.join(", ")),
            &at,
        )
        .await?;
        tx.commit().await?;
        self.existing(id).await
    }

    async fn case(&self, id: i64) -> Result<Option<Case>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{CASE_SELECT} WHERE c.id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(r) => Ok(Some(self.with_operations(Self::case_row(&r)?).await?)),
            None => Ok(None),
        }
    }

    async fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<Case>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{CASE_SELECT} WHERE ($1 = 0 OR c.org_id = $2) AND ($3 = '' OR c.agency = $4) \
             ORDER BY c.id"
        )))
        .bind(i64::from(filter.org_id.is_some()))
        .bind(filter.org_id.unwrap_or(0))
        .bind(if filter.agency.is_some() { "x" } else { "" })
        .bind(filter.agency.clone().unwrap_or_default())
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            out.push(self.with_operations(Self::case_row(r)?).await?);
        }
        Ok(out)
    }

    async fn transition(
        &self,
        id: i64,
        actor: &str,
        to: CaseStatus,
        agency: Option<&str>,
        agreement: Option<&str>,
    ) -> Result<Case, StoreError> {
        let case = self.existing(id).await?;
        if !case.status.may_become(to) {
            return Err(StoreError::Invalid(format!(
                "status: a {} case cannot become {to} (workflow: draft -> ready -> referred -> acknowledged -> action -> closed)",
                case.status
            )));
        }
        let at = now();
        let mut tx = self.pool().begin().await?;
        let mut detail = format!("{} -> {to}", case.status);
        if to == CaseStatus::Referred {
            let agency = required("agency", agency.unwrap_or(""), 200)?;
            let agreement = agreement.map(str::trim).filter(|a| !a.is_empty());
            sqlx::query(
                "UPDATE cases SET agency = $1, agreement = $2, referred_at = $3 WHERE id = $4",
            )
            .bind(&agency)
            .bind(agreement)
            .bind(&at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            detail.push_str(&format!(" to {agency}"));
            if let Some(a) = agreement {
                detail.push_str(&format!(" under {a}"));
            }
        }
        let updated = sqlx::query("UPDATE cases SET status = $1 WHERE id = $2 AND status = $3")
            .bind(to.as_str())
            .bind(id)
            .bind(case.status.as_str())
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!(
                "case {id} changed meanwhile; reload it and try again"
            )));
        }
        self.log(&mut tx, id, actor, &format!("status {to}"), &detail, &at)
            .await?;
        tx.commit().await?;
        self.existing(id).await
    }

    async fn assign(&self, id: i64, actor: &str, assignee: &str) -> Result<(), StoreError> {
        self.existing(id).await?;
        let assignee = required("assignee", assignee, 254)?;
        let mut tx = self.pool().begin().await?;
        sqlx::query("UPDATE cases SET assignee = $1 WHERE id = $2")
            .bind(&assignee)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        self.log(&mut tx, id, actor, "assigned", &assignee, &now())
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn comment(&self, id: i64, actor: &str, text: &str) -> Result<(), StoreError> {
        self.existing(id).await?;
        let text = required("comment", text, 10_000)?;
        self.logged(id, actor, "comment", &text).await
    }

    async fn attach(
        &self,
        id: i64,
        actor: &str,
        name: &str,
        content: &[u8],
    ) -> Result<CaseAttachment, StoreError> {
        self.existing(id).await?;
        let name = required("name", name, 200)?;
        if name.contains(['/', '\\']) || name.contains("..") {
            return Err(StoreError::Invalid(format!(
                "name: `{name}` must be a plain file name (no `/`, `\\` or `..`)"
            )));
        }
        let sha = hex::encode(Sha256::digest(content));
        let at = now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO case_attachments (case_id, name, content, sha256, added_by, added_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(&name)
        .bind(content.to_vec())
        .bind(&sha)
        .bind(actor)
        .bind(&at)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            crate::sql_accounts::unique_violation(
                e,
                format!("case {id} already has a file `{name}`"),
            )
        })?;
        self.log(
            &mut tx,
            id,
            actor,
            "file attached",
            &format!("{name} ({} bytes, SHA-256 {sha})", content.len()),
            &at,
        )
        .await?;
        tx.commit().await?;
        Ok(CaseAttachment {
            name,
            sha256: sha,
            bytes: content.len(),
            added_by: actor.to_string(),
            added_at: at,
            content: content.to_vec(),
        })
    }

    async fn attachments(&self, id: i64) -> Result<Vec<CaseAttachment>, StoreError> {
        let rows = sqlx::query(
            "SELECT name, content, sha256, added_by, added_at FROM case_attachments \
             WHERE case_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let content: Vec<u8> = r.try_get("content")?;
                Ok(CaseAttachment {
                    name: r.try_get("name")?,
                    sha256: r.try_get("sha256")?,
                    bytes: content.len(),
                    added_by: r.try_get("added_by")?,
                    added_at: r.try_get("added_at")?,
                    content,
                })
            })
            .collect()
    }

    async fn record_outcome(&self, id: i64, actor: &str, o: &NewOutcome) -> Result<(), StoreError> {
        self.existing(id).await?;
        if !OUTCOME_KINDS.contains(&o.kind.as_str()) {
            return Err(StoreError::Invalid(format!(
                "kind: `{}` is not an outcome ({})",
                o.kind,
                OUTCOME_KINDS.join(", ")
            )));
        }
        check_date("date", &o.date)?;
        if let Some(c) = o.count
            && c < 0
        {
            return Err(StoreError::Invalid("count: must not be negative".into()));
        }
        if let Some(a) = &o.amount {
            a.parse::<rust_decimal::Decimal>()
                .map_err(|_| StoreError::Invalid(format!("amount: `{a}` is not a number")))?;
            if o.currency.as_deref().is_none_or(|c| c.len() != 3) {
                return Err(StoreError::Invalid(
                    "currency: an amount needs its ISO 4217 currency (e.g. USD)".into(),
                ));
            }
        }
        let at = now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO case_outcomes (case_id, kind, day, place, count, amount, currency, note, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(&o.kind)
        .bind(&o.date)
        .bind(&o.place)
        .bind(o.count)
        .bind(&o.amount)
        .bind(o.currency.as_ref().map(|c| c.to_uppercase()))
        .bind(&o.note)
        .bind(actor)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        self.log(
            &mut tx,
            id,
            actor,
            "outcome recorded",
            &format!(
                "{} on {}{}{}",
                o.kind,
                o.date,
                o.count.map(|c| format!(", {c}")).unwrap_or_default(),
                o.place
                    .as_ref()
                    .map(|p| format!(", {p}"))
                    .unwrap_or_default()
            ),
            &at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn outcomes(&self, id: i64) -> Result<Vec<Outcome>, StoreError> {
        let rows = sqlx::query(
            "SELECT kind, day, place, count, amount, currency, note, recorded_by, recorded_at \
             FROM case_outcomes WHERE case_id = $1 ORDER BY day, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Outcome {
                    outcome: NewOutcome {
                        kind: r.try_get("kind")?,
                        date: r.try_get("day")?,
                        place: r.try_get("place")?,
                        count: r.try_get("count")?,
                        amount: r.try_get("amount")?,
                        currency: r.try_get("currency")?,
                        note: r.try_get("note")?,
                    },
                    recorded_by: r.try_get("recorded_by")?,
                    recorded_at: r.try_get("recorded_at")?,
                })
            })
            .collect()
    }

    async fn mark_indicator(
        &self,
        id: i64,
        actor: &str,
        ty: &str,
        value: &str,
        action: &str,
        date: &str,
    ) -> Result<(), StoreError> {
        self.existing(id).await?;
        ty.parse::<dragnet_core::IndicatorType>()
            .map_err(|e| StoreError::Invalid(format!("type: {e}")))?;
        let value = required("value", value, 500)?;
        let action = required("action", action, 100)?;
        check_date("date", date)?;
        let at = now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO indicator_actions (case_id, type, value, action, day, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(ty)
        .bind(&value)
        .bind(&action)
        .bind(date)
        .bind(actor)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        self.log(
            &mut tx,
            id,
            actor,
            "indicator acted upon",
            &format!("{ty} {value}: {action} on {date}"),
            &at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn indicator_actions(&self, id: Option<i64>) -> Result<Vec<ActionMark>, StoreError> {
        let rows = sqlx::query(
            "SELECT case_id, type, value, action, day, recorded_by FROM indicator_actions \
             WHERE ($1 = 0 OR case_id = $2) ORDER BY day, id",
        )
        .bind(i64::from(id.is_some()))
        .bind(id.unwrap_or(0))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ActionMark {
                    case_id: r.try_get("case_id")?,
                    ty: r.try_get("type")?,
                    value: r.try_get("value")?,
                    action: r.try_get("action")?,
                    date: r.try_get("day")?,
                    recorded_by: r.try_get("recorded_by")?,
                })
            })
            .collect()
    }

    async fn release(
        &self,
        id: i64,
        actor: &str,
        source: &str,
        report_id: &str,
        agency: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        self.existing(id).await?;
        let agency = required("agency", agency, 200)?;
        let reason = required("reason", reason, 1000)?;
        let at = now();
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO case_releases (case_id, source, report_id, agency, released_by, released_at, reason) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(source)
        .bind(report_id)
        .bind(&agency)
        .bind(actor)
        .bind(&at)
        .bind(&reason)
        .execute(&mut *tx)
        .await?;
        self.log(
            &mut tx,
            id,
            actor,
            "personal data released",
            &format!("report {source}/{report_id} for {agency}: {reason}"),
            &at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn releases(&self, id: i64) -> Result<Vec<ReleaseRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT source, report_id, agency, released_by, released_at, reason FROM case_releases \
             WHERE case_id = $1 ORDER BY released_at",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReleaseRecord {
                    source: r.try_get("source")?,
                    report_id: r.try_get("report_id")?,
                    agency: r.try_get("agency")?,
                    released_by: r.try_get("released_by")?,
                    released_at: r.try_get("released_at")?,
                    reason: r.try_get("reason")?,
                })
            })
            .collect()
    }

    async fn case_events(&self, id: i64) -> Result<Vec<CaseEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, actor, action, detail FROM case_events WHERE case_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CaseEvent {
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }

    async fn log_case(
        &self,
        id: i64,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        self.existing(id).await?;
        self.logged(id, actor, action, detail).await
    }

    async fn org_signing_key(&self, org_id: i64) -> Result<OrgKey, StoreError> {
        let sealed: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT seed_sealed FROM org_signing_keys WHERE org_id = $1")
                .bind(org_id)
                .fetch_optional(self.pool())
                .await?;
        if sealed.is_none() {
            let mut seed = [0u8; 32];
            rand::rng().fill_bytes(&mut seed);
            let public = OrgKey::from_seed(&seed).public().to_string();
            // Two first uses at once: the first insert wins, both then read it back.
            sqlx::query(
                "INSERT INTO org_signing_keys (org_id, seed_sealed, public_key, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (org_id) DO NOTHING",
            )
            .bind(org_id)
            .bind(self.key().seal(&seed))
            .bind(public)
            .bind(now())
            .execute(self.pool())
            .await?;
        }
        let sealed: Vec<u8> =
            sqlx::query_scalar("SELECT seed_sealed FROM org_signing_keys WHERE org_id = $1")
                .bind(org_id)
                .fetch_one(self.pool())
                .await?;
        let seed: [u8; 32] = self.key().open(&sealed)?.try_into().map_err(|_| {
            StoreError::Internal("the stored signing key has the wrong length".into())
        })?;
        Ok(OrgKey::from_seed(&seed))
    }

    async fn org_public_key(&self, org_id: i64) -> Result<Option<PublicKey>, StoreError> {
        let s: Option<String> =
            sqlx::query_scalar("SELECT public_key FROM org_signing_keys WHERE org_id = $1")
                .bind(org_id)
                .fetch_optional(self.pool())
                .await?;
        s.map(|s| PublicKey::parse(&s).map_err(StoreError::Internal))
            .transpose()
    }

    async fn outcome_totals(&self, org_id: Option<i64>) -> Result<OutcomeTotals, StoreError> {
        let cases = self
            .list_cases(&CaseFilter {
                org_id,
                agency: None,
            })
            .await?;
        let mut t = OutcomeTotals {
            cases: cases.len() as i64,
            referred: cases
                .iter()
                .filter(|c| c.status >= CaseStatus::Referred && c.referred_at.is_some())
                .count() as i64,
            ..OutcomeTotals::default()
        };
        let mut recovered: std::collections::BTreeMap<String, rust_decimal::Decimal> =
            Default::default();
        for c in &cases {
            for o in self.outcomes(c.id).await? {
                let o = o.outcome;
                let n = o.count.unwrap_or(1);
                match o.kind.as_str() {
                    "raid" => t.raids += n,
                    "arrests" => t.arrests += n,
                    "accounts_frozen" => t.accounts_frozen += n,
                    "numbers_disconnected" => t.numbers_disconnected += n,
                    "domains_taken_down" => t.domains_taken_down += n,
                    "conviction" => t.convictions += n,
                    "money_recovered" => {
                        if let (Some(a), Some(cur)) = (o.amount, o.currency) {
                            *recovered.entry(cur).or_default() +=
                                a.parse::<rust_decimal::Decimal>().unwrap_or_default();
                        }
                    }
                    _ => {}
                }
            }
        }
        t.recovered = recovered
            .into_iter()
            .map(|(c, a)| (c, a.to_string()))
            .collect();
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_goes_one_step_at_a_time() {
        use CaseStatus::*;
        assert!(Draft.may_become(Ready));
        assert!(Ready.may_become(Referred));
        assert!(!Draft.may_become(Referred));
        assert!(!Referred.may_become(Draft));
        assert!(Referred.may_become(Closed));
        assert!(!Closed.may_become(Closed));
        assert!(!Closed.may_become(Draft));
        for s in CaseStatus::ALL {
            assert_eq!(s.as_str().parse::<CaseStatus>().unwrap(), s);
        }
    }
}
