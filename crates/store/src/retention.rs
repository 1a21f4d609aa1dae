//! Retention of victims' personal data: finding the reports whose personal data has been
//! kept longer than the configured period. Erasing them is [`crate::ReportStore::erase_reporter`],
//! the same as an erasure on request, so the non-personal body and indicators stay.
//!
//! A report's age is its `received_at` (when the victim reported), else its `imported_at`.
//! Both are stored as RFC 3339 UTC text, so comparing them with a cutoff in the same form
//! is a text comparison that works alike on SQLite and PostgreSQL.

use crate::{SqlStore, StoreError};
use sqlx::Row;

/// A report still holding personal data, older than a cutoff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expired {
    pub seq: i64,
    pub source: String,
    pub id: String,
    /// The owning organisation (`None`: nobody).
    pub org_id: Option<i64>,
    /// `received_at`, else `imported_at`.
    pub dated: String,
}

impl SqlStore {
    /// Up to `limit` reports with `seq > after` that still hold personal data (a sealed
    /// reporter block) and are dated before `cutoff` (RFC 3339, UTC), in storage order.
    pub async fn expired_personal_data(
        &self,
        cutoff: &str,
        after: i64,
        limit: i64,
    ) -> Result<Vec<Expired>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, source, report_id, org_id, COALESCE(received_at, imported_at) AS dated \
             FROM reports \
             WHERE seq > $1 AND reporter_sealed IS NOT NULL \
               AND COALESCE(received_at, imported_at) < $2 \
             ORDER BY seq LIMIT $3",
        )
        .bind(after)
        .bind(cutoff.to_string())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let org: i64 = r.try_get("org_id")?;
                Ok(Expired {
                    seq: r.try_get("seq")?,
                    source: r.try_get("source")?,
                    id: r.try_get("report_id")?,
                    org_id: (org != 0).then_some(org),
                    dated: r.try_get("dated")?,
                })
            })
            .collect()
    }

    /// How many reports still hold personal data dated before `cutoff`.
    pub async fn count_expired_personal_data(&self, cutoff: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM reports WHERE reporter_sealed IS NOT NULL \
             AND COALESCE(received_at, imported_at) < $1",
        )
        .bind(cutoff.to_string())
        .fetch_one(self.pool())
        .await?)
    }
}
