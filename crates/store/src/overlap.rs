//! Bulk reads for a private overlap (docs/SHARING.md, "Private overlap"): an organisation's
//! victims' contact data, a page of reports per statement. Reading them one report at a
//! time (`ReportStore::reporter`) cost a round trip to the database per report, more than
//! the cryptography of the whole session for a million victims.

use crate::{SqlStore, StoreError};
use dragnet_core::Reporter;
use sqlx::Row;

/// One report's victim data, unsealed in this process only.
#[derive(Debug, Clone)]
pub struct ReportVictim {
    pub seq: i64,
    /// The report's country (ISO 3166-1), the region of national phone numbers when the
    /// reporter gave none.
    pub country: Option<String>,
    pub reporter: Reporter,
}

impl SqlStore {
    /// The sealed reporter data of `org_id`'s reports with `seq > after`, up to `limit`
    /// reports with some, unsealed, in `seq` order. Never logged.
    pub async fn org_victims_after(
        &self,
        org_id: i64,
        after: i64,
        limit: i64,
    ) -> Result<Vec<ReportVictim>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, country, reporter_sealed FROM reports WHERE seq > $1 AND org_id = $2 \
             AND reporter_sealed IS NOT NULL ORDER BY seq LIMIT $3",
        )
        .bind(after)
        .bind(org_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let sealed: Vec<u8> = r.try_get("reporter_sealed")?;
            let plain = self.key().open(&sealed)?;
            let reporter: Reporter = serde_json::from_slice(&plain).map_err(|e| {
                StoreError::Internal(format!("sealed reporter block unreadable: {e}"))
            })?;
            out.push(ReportVictim {
                seq: r.try_get("seq")?,
                country: r.try_get("country")?,
                reporter,
            });
        }
        Ok(out)
    }
}
