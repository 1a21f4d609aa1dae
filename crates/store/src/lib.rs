//! Dragnet's storage: reports, their indicators and operations, behind one trait.
//!
//! [`ReportStore`] is the interface the server and the CLI use; [`SqlStore`] implements it
//! for embedded SQLite (the default: one file, WAL, zero set-up) and for PostgreSQL (for
//! several `dragnet serve` processes sharing one database). Both run the same SQL through
//! sqlx's `Any` driver, with their own migrations folder, so one test suite covers both and no
//! database type leaks out of this crate. Victims' personal data is sealed with a
//! [`DataKey`] before it reaches either database.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod cases;
mod crypto;
mod error;
mod model;
mod operations;
pub mod overlap;
pub mod partner;
pub mod referral;
mod retention;
pub mod search;
mod sql;
mod sql_accounts;
pub mod taxii;
mod worker;

pub use accounts::{AccountStore, AuditEntry, Org, Principal, Role, Scope, User};
pub use cases::{Case, CaseFilter, CaseStatus, CaseStore};
pub use crypto::DataKey;
pub use error::StoreError;
pub use model::{
    Assignment, DEFAULT_TLP, IndicatorHit, Inserted, LinkStep, NewReport, StoredReport,
};
pub use operations::{BatchWriter, Operations, Synced, node_from_new, node_from_stored};
pub use partner::{PartnerIntel, PartnerIntelStore, PartnerViewer};
pub use retention::Expired;
pub use search::{AnalystStore, IndicatorMatch, OperationReport, ReportRef, StatRow, Viewer};
pub use sql::{Backend, SqlStore};
pub use taxii::TaxiiStore;
pub use worker::{WorkerLease, WorkerState, WorkerStore};

use dragnet_cluster::ClusterEvent;
use dragnet_core::{IndicatorType, Reporter};

/// Everything the rest of Dragnet asks of storage.
/// Derives the links of newly stored reports: see [`ReportStore::insert_and_link`].
pub type Linker<'a> =
    dyn Fn(&[&NewReport]) -> (Vec<LinkStep>, Vec<ClusterEvent>) + Send + Sync + 'a;

/// The links of a batch derived before it is stored: see [`ReportStore::insert_linked`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// Changes to the operations of stored reports, in order (assignments, merges).
    pub steps: Vec<LinkStep>,
    /// The operations' history of the batch.
    pub events: Vec<ClusterEvent>,
    /// For each report of the batch, in order: its operation once the whole batch is
    /// linked (`None`: it stands alone).
    pub clusters: Vec<Option<String>>,
}

#[async_trait::async_trait]
pub trait ReportStore: AnalystStore + Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> Backend;

    /// The SQL store behind this trait object, for features that need several of its
    /// traits at once (cases and referral packages); `None` for other implementations.
    fn as_sql(&self) -> Option<&SqlStore> {
        None
    }

    /// Succeeds when the database answers a trivial query.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Stores a batch in one transaction: all of it is durable when this returns `Ok`,
    /// none of it otherwise. A (source, id) already stored comes back `Duplicate`.
    async fn insert_reports(&self, batch: &[NewReport]) -> Result<Vec<Inserted>, StoreError>;

    /// Stores a batch like [`Self::insert_reports`] and, in the same transaction, the links
    /// that `link` derives from the newly stored reports (given in batch order): applies its
    /// steps and appends its events. One commit per batch. When this fails, nothing of the
    /// batch is stored, even if `link` ran.
    async fn insert_and_link(
        &self,
        batch: &[NewReport],
        link: &Linker<'_>,
    ) -> Result<Vec<Inserted>, StoreError>;

    /// Stores a batch like [`Self::insert_reports`] with links derived before: each newly
    /// stored report's row is written with its operation from [`Links::clusters`] (once,
    /// rather than written and then updated); then, in the same transaction, the steps are
    /// applied to the reports stored before and the events appended. When this fails,
    /// nothing of the batch is stored.
    async fn insert_linked(
        &self,
        batch: &[NewReport],
        links: &Links,
    ) -> Result<Vec<Inserted>, StoreError>;

    /// Reports with this id (in one source, or in any source when `source` is `None`).
    async fn get_reports(
        &self,
        source: Option<&str>,
        id: &str,
    ) -> Result<Vec<StoredReport>, StoreError>;

    /// Opens the sealed reporter block of a report (`None` when absent or erased).
    async fn reporter(&self, seq: i64) -> Result<Option<Reporter>, StoreError>;

    /// Erases the personal data of a report, keeping its non-personal body and indicators.
    /// Returns false when no such report exists.
    async fn erase_reporter(&self, seq: i64) -> Result<bool, StoreError>;

    /// Number of stored reports.
    async fn count_reports(&self) -> Result<i64, StoreError>;

    /// Up to `limit` reports with `seq > after`, in storage order (for rebuilds and exports).
    async fn reports_after(&self, after: i64, limit: i64) -> Result<Vec<StoredReport>, StoreError>;

    /// Which reports carry an indicator (normalised value).
    async fn reports_with_indicator(
        &self,
        ty: IndicatorType,
        value: &str,
    ) -> Result<Vec<IndicatorHit>, StoreError>;

    /// The keyed hash identifying the victim of a report (same victim, same hash).
    fn victim_hash(&self, reporter: &Reporter) -> Option<String>;

    /// Records which operation (cluster) reports belong to.
    async fn assign_clusters(&self, assignments: &[Assignment]) -> Result<(), StoreError>;

    /// Moves every report of operation `from` to `to` (a merge keeps the older id).
    async fn rename_cluster(&self, from: &str, to: &str) -> Result<(), StoreError>;

    /// (source, id) of the reports recorded in an operation.
    async fn reports_in_cluster(&self, cluster: &str) -> Result<Vec<(String, String)>, StoreError>;

    /// Appends correlation events to the operations' history.
    async fn append_cluster_events(&self, events: &[ClusterEvent]) -> Result<(), StoreError>;

    /// The history of one operation (events naming it), oldest first.
    async fn cluster_events(&self, cluster: &str) -> Result<Vec<serde_json::Value>, StoreError>;
}
