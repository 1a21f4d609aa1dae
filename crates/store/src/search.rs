//! What the analyst workspace asks of storage: indicator search, the overview's aggregates
//! and the reports of one operation, for SQLite and PostgreSQL alike.
//!
//! Nothing here returns a victim's personal data: reports come back with their non-personal
//! fields and indicators only. Who may see which report is decided by the caller (the web
//! layer), and search additionally narrows the reports it lists to one organisation in SQL
//! ([`Viewer`]), so that a mistake upstream cannot widen what an organisation sees.

use crate::{ReportStore, SqlStore, StoreError};
use dragnet_core::{Indicator, IndicatorType};
use sqlx::Row;
use std::collections::HashMap;

/// Whose reports a search lists (counts always cover every organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Every organisation's (administrators).
    All,
    /// One organisation's.
    Org(i64),
    /// None (roles that read no reports): counts only.
    Nobody,
}

/// A report carrying a searched indicator, as its owner's analysts see it listed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportRef {
    pub source: String,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_at: Option<String>,
}

/// A stored indicator that matches a search.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IndicatorMatch {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    pub value: String,
    /// The warninglist the value is on, if any (it links nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// True when it equals a normalised form of the query (not only a prefix match).
    pub exact: bool,
    /// Reports carrying it, in every organisation.
    pub reports_total: i64,
    /// The viewer's reports carrying it, newest first (at most [`MAX_LISTED`]).
    pub reports: Vec<ReportRef>,
    /// The viewer's reports carrying it (may exceed `reports.len()`).
    pub reports_visible: i64,
}

/// Most reports listed per matching indicator.
pub const MAX_LISTED: usize = 200;

/// One group of the overview's aggregate: reports with these values, and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatRow {
    /// `YYYY-MM` of `received_at` (else of the import).
    pub month: Option<String>,
    pub country: Option<String>,
    pub brand: Option<String>,
    pub contact_method: Option<String>,
    pub loss_currency: Option<String>,
    pub loss_amount: Option<String>,
    pub reports: i64,
}

/// A report of an operation: its non-personal fields and indicators, and its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationReport {
    pub source: String,
    pub id: String,
    /// The owning organisation (`None`: nobody's).
    pub org_id: Option<i64>,
    pub received_at: Option<String>,
    pub country: Option<String>,
    pub brand: Option<String>,
    pub contact_method: Option<String>,
    /// (amount, currency)
    pub loss: Option<(String, String)>,
    pub indicators: Vec<Indicator>,
}

impl OperationReport {
    /// `source/id`, the key the correlation engine knows it by.
    pub fn key(&self) -> String {
        format!("{}/{}", self.source, self.id)
    }
}

/// Storage for the analyst workspace; implemented by [`SqlStore`] on both databases.
#[async_trait::async_trait]
pub trait AnalystStore: Send + Sync {
    /// Indicators equal to one of `exact` (normalised type and value) or whose value starts
    /// with `prefix` (at most `limit` of those), exact ones first, then most reports. Each
    /// lists the reports `viewer` may see.
    async fn search_indicators(
        &self,
        exact: &[(IndicatorType, String)],
        prefix: Option<&str>,
        viewer: Viewer,
        limit: usize,
    ) -> Result<Vec<IndicatorMatch>, StoreError>;

    /// The overview's groups, of one organisation's reports or of all (`None`).
    async fn stat_rows(&self, org: Option<i64>) -> Result<Vec<StatRow>, StoreError>;

    /// The reports recorded in an operation, in storage order.
    async fn operation_reports(&self, cluster: &str) -> Result<Vec<OperationReport>, StoreError>;
}

/// `$first, $first+1, …` (`n` placeholders).
fn list(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The smallest string greater than every string starting with `prefix` (byte-wise).
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

#[async_trait::async_trait]
impl AnalystStore for SqlStore {
    async fn search_indicators(
        &self,
        exact: &[(IndicatorType, String)],
        prefix: Option<&str>,
        viewer: Viewer,
        limit: usize,
    ) -> Result<Vec<IndicatorMatch>, StoreError> {
        // (id) -> (type, value, warning, exact)
        let mut found: Vec<(i64, String, String, Option<String>, bool)> = Vec::new();
        for (ty, value) in exact {
            if let Some(row) = sqlx::query(
                "SELECT id, type, value, warning FROM indicators WHERE type = $1 AND value = $2",
            )
            .bind(ty.as_str())
            .bind(value.as_str())
            .fetch_optional(self.pool())
            .await?
                && !found
                    .iter()
                    .any(|f| f.0 == row.try_get::<i64, _>("id").unwrap_or(-1))
            {
                found.push((
                    row.try_get("id")?,
                    row.try_get("type")?,
                    row.try_get("value")?,
                    row.try_get("warning")?,
                    true,
                ));
            }
        }
        if let Some(p) = prefix.filter(|p| !p.is_empty()) {
            let sql = match self.backend() {
                crate::Backend::Sqlite => {
                    "SELECT id, type, value, warning FROM indicators \
                     WHERE value >= $1 AND value < $2 ORDER BY value LIMIT $3"
                }
                crate::Backend::Postgres => {
                    "SELECT id, type, value, warning FROM indicators \
                     WHERE value COLLATE \"C\" >= $1 AND value COLLATE \"C\" < $2 \
                     ORDER BY value COLLATE \"C\" LIMIT $3"
                }
            };
            let rows = sqlx::query(sql)
                .bind(p)
                .bind(prefix_end(p))
                .bind(limit as i64)
                .fetch_all(self.pool())
                .await?;
            for row in rows {
                let id: i64 = row.try_get("id")?;
                let value: String = row.try_get("value")?;
                // The range is byte-wise on both databases; checking again costs nothing.
                if !value.starts_with(p) || found.iter().any(|f| f.0 == id) {
                    continue;
                }
                found.push((
                    id,
                    row.try_get("type")?,
                    value,
                    row.try_get("warning")?,
                    false,
                ));
            }
        }
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = found.iter().map(|f| f.0).collect();
        let mut totals: HashMap<i64, i64> = HashMap::new();
        let sql = format!(
            "SELECT indicator_id, COUNT(*) AS n FROM report_indicators \
             WHERE indicator_id IN ({}) GROUP BY indicator_id",
            list(1, ids.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in &ids {
            q = q.bind(*id);
        }
        for row in q.fetch_all(self.pool()).await? {
            totals.insert(row.try_get("indicator_id")?, row.try_get("n")?);
        }
        let mut listed: HashMap<i64, (Vec<ReportRef>, i64)> = HashMap::new();
        if viewer != Viewer::Nobody {
            let org_clause = match viewer {
                Viewer::Org(_) => format!(" AND r.org_id = ${}", ids.len() + 1),
                _ => String::new(),
            };
            let sql = format!(
                "SELECT ri.indicator_id, r.source, r.report_id, r.cluster_id, r.received_at \
                 FROM report_indicators ri JOIN reports r ON r.seq = ri.report_seq \
                 WHERE ri.indicator_id IN ({}){org_clause} ORDER BY r.seq DESC",
                list(1, ids.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in &ids {
                q = q.bind(*id);
            }
            if let Viewer::Org(o) = viewer {
                q = q.bind(o);
            }
            for row in q.fetch_all(self.pool()).await? {
                let e = listed.entry(row.try_get("indicator_id")?).or_default();
                e.1 += 1;
                if e.0.len() < MAX_LISTED {
                    e.0.push(ReportRef {
                        source: row.try_get("source")?,
                        id: row.try_get("report_id")?,
                        cluster: row.try_get("cluster_id")?,
                        received_at: row.try_get("received_at")?,
                    });
                }
            }
        }
        let mut out: Vec<IndicatorMatch> = Vec::with_capacity(found.len());
        for (id, ty, value, warning, exact) in found {
            let Ok(ty) = ty.parse::<IndicatorType>() else {
                tracing::warn!(ty, "stored indicator of an unknown type; skipped");
                continue;
            };
            let (reports, visible) = listed.remove(&id).unwrap_or_default();
            out.push(IndicatorMatch {
                ty,
                value,
                warning,
                exact,
                reports_total: totals.get(&id).copied().unwrap_or(0),
                reports,
                reports_visible: visible,
            });
        }
        out.sort_by(|a, b| {
            b.exact
                .cmp(&a.exact)
                .then_with(|| b.reports_total.cmp(&a.reports_total))
                .then_with(|| (a.ty, &a.value).cmp(&(b.ty, &b.value)))
        });
        Ok(out)
    }

    async fn stat_rows(&self, org: Option<i64>) -> Result<Vec<StatRow>, StoreError> {
        let filter = if org.is_some() {
            "WHERE org_id = $1"
        } else {
            ""
        };
        let sql = format!(
            "SELECT substr(COALESCE(received_at, imported_at), 1, 7) AS month, country, brand, \
             contact_method, loss_currency, loss_amount, COUNT(*) AS n FROM reports {filter} \
             GROUP BY substr(COALESCE(received_at, imported_at), 1, 7), country, brand, \
             contact_method, loss_currency, loss_amount"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some(o) = org {
            q = q.bind(o);
        }
        q.fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(StatRow {
                    month: r.try_get("month")?,
                    country: r.try_get("country")?,
                    brand: r.try_get("brand")?,
                    contact_method: r.try_get("contact_method")?,
                    loss_currency: r.try_get("loss_currency")?,
                    loss_amount: r.try_get("loss_amount")?,
                    reports: r.try_get("n")?,
                })
            })
            .collect()
    }

    async fn operation_reports(&self, cluster: &str) -> Result<Vec<OperationReport>, StoreError> {
        let rows = sqlx::query(
            "SELECT source, report_id, org_id, received_at, country, brand, contact_method, \
             loss_amount, loss_currency, extracted FROM reports WHERE cluster_id = $1 ORDER BY seq",
        )
        .bind(cluster)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let extracted: String = r.try_get("extracted")?;
                let amount: Option<String> = r.try_get("loss_amount")?;
                let currency: Option<String> = r.try_get("loss_currency")?;
                Ok(OperationReport {
                    source: r.try_get("source")?,
                    id: r.try_get("report_id")?,
                    org_id: Some(r.try_get::<i64, _>("org_id")?).filter(|o| *o != 0),
                    received_at: r.try_get("received_at")?,
                    country: r.try_get("country")?,
                    brand: r.try_get("brand")?,
                    contact_method: r.try_get("contact_method")?,
                    loss: amount.zip(currency),
                    indicators: serde_json::from_str(&extracted).map_err(|e| {
                        StoreError::Internal(format!("stored indicators unreadable: {e}"))
                    })?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_prefix_bounds() {
        assert_eq!(list(1, 3), "$1, $2, $3");
        assert_eq!(list(4, 1), "$4");
        let end = prefix_end("+1888");
        assert!("+18885550147".as_bytes() < end.as_bytes());
        assert!("+1888".as_bytes() < end.as_bytes());
        assert!("+1889".as_bytes() > end.as_bytes());
    }
}
