//! The correlation worker: on PostgreSQL several `dragnet serve` processes share one
//! database, and exactly one of them at a time links new reports and records the operations.
//!
//! The role is a PostgreSQL advisory lock held by a dedicated connection (a session lock: it
//! goes when the process dies or the connection breaks, and another process takes it over).
//! Each takeover bumps `correlation_worker.epoch`; recording links checks the epoch in the
//! same transaction, so a worker that lost the role without noticing cannot write after its
//! successor (fencing). `linked_seq` is the last report whose links are recorded: followers
//! drop what they kept for takeover up to it, a new worker records what lies beyond it.
//!
//! SQLite is one process by design (the embedded single-file store): the role is always
//! granted there, with the same epoch fencing.

use crate::sql::{assign_in, events_in, now_rfc3339};
use crate::{Backend, LinkStep, ReportStore, SqlStore, StoreError};
use dragnet_cluster::ClusterEvent;
use sqlx::{AnyConnection, Connection, Row};

/// The advisory lock key of the correlation worker ("dragnet" in ASCII, as a number).
const WORKER_LOCK: i64 = 0x0064_7261_676e_6574;

/// The advisory lock key serialising report inserts on PostgreSQL, so that sequence numbers
/// are committed in order and a reader tailing `seq > n` never skips a late commit.
pub(crate) const INSERT_LOCK: i64 = 0x0064_7261_676e_6574 + 1;

/// Holding the worker role. Dropping it gives the role up (the connection closes).
pub struct WorkerLease {
    /// The connection holding the advisory lock (PostgreSQL only).
    conn: Option<AnyConnection>,
    /// Fencing token: the epoch written when the role was taken.
    pub epoch: i64,
}

impl std::fmt::Debug for WorkerLease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerLease")
            .field("epoch", &self.epoch)
            .finish_non_exhaustive()
    }
}

impl WorkerLease {
    /// True while the lock's connection answers; false once it broke (the lock is gone with
    /// it: the database released it when the session ended).
    pub async fn alive(&mut self) -> bool {
        match &mut self.conn {
            None => true,
            Some(c) => c.ping().await.is_ok(),
        }
    }
}

/// The worker's state as recorded in the database.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WorkerState {
    pub epoch: i64,
    pub holder: String,
    pub linked_seq: i64,
    pub heartbeat_at: String,
}

/// What the correlation worker needs of the store, beyond [`crate::ReportStore`].
#[async_trait::async_trait]
pub trait WorkerStore: crate::ReportStore {
    /// Tries to take the worker role for `holder` (a process description); `None` when
    /// another process holds it.
    async fn try_acquire_worker(&self, holder: &str) -> Result<Option<WorkerLease>, StoreError>;

    /// The recorded worker state.
    async fn worker_state(&self) -> Result<WorkerState, StoreError>;

    /// Applies link steps and appends their events, as the worker of `epoch`, moving the
    /// watermark to `through` in the same transaction. Fails with `Conflict` (nothing written) when
    /// another process has taken the role since.
    async fn record_links_as_worker(
        &self,
        epoch: i64,
        through: i64,
        steps: &[LinkStep],
        events: &[ClusterEvent],
    ) -> Result<(), StoreError>;
}

#[async_trait::async_trait]
impl WorkerStore for SqlStore {
    async fn try_acquire_worker(&self, holder: &str) -> Result<Option<WorkerLease>, StoreError> {
        let conn = match self.backend() {
            Backend::Sqlite => None,
            Backend::Postgres => {
                // A connection of its own, taken out of the pool: the session lock lives and
                // dies with it.
                let mut conn = self.pool().acquire().await?.detach();
                let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                    .bind(WORKER_LOCK)
                    .fetch_one(&mut conn)
                    .await?;
                if !got {
                    let _ = conn.close().await;
                    return Ok(None);
                }
                Some(conn)
            }
        };
        let epoch: i64 = sqlx::query_scalar(
            "UPDATE correlation_worker SET epoch = epoch + 1, holder = $1, heartbeat_at = $2 \
             WHERE id = 1 RETURNING epoch",
        )
        .bind(holder)
        .bind(now_rfc3339())
        .fetch_one(self.pool())
        .await?;
        Ok(Some(WorkerLease { conn, epoch }))
    }

    async fn worker_state(&self) -> Result<WorkerState, StoreError> {
        let row = sqlx::query(
            "SELECT epoch, holder, linked_seq, heartbeat_at FROM correlation_worker WHERE id = 1",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(WorkerState {
            epoch: row.try_get("epoch")?,
            holder: row.try_get("holder")?,
            linked_seq: row.try_get("linked_seq")?,
            heartbeat_at: row.try_get("heartbeat_at")?,
        })
    }

    async fn record_links_as_worker(
        &self,
        epoch: i64,
        through: i64,
        steps: &[LinkStep],
        events: &[ClusterEvent],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        // First, so that a stale worker writes nothing; the row lock also orders two
        // workers' transactions should both believe they hold the role.
        let fenced = sqlx::query(
            "UPDATE correlation_worker SET linked_seq = $1, heartbeat_at = $2 \
             WHERE id = 1 AND epoch = $3",
        )
        .bind(through)
        .bind(now_rfc3339())
        .bind(epoch)
        .execute(&mut *tx)
        .await?;
        if fenced.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!(
                "this process is no longer the correlation worker (epoch {epoch} was superseded)"
            )));
        }
        for step in steps {
            match step {
                LinkStep::Assign(a) => assign_in(&mut tx, self.backend(), a).await?,
                LinkStep::Rename { from, to } => {
                    sqlx::query("UPDATE reports SET cluster_id = $1 WHERE cluster_id = $2")
                        .bind(to)
                        .bind(from)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        events_in(&mut tx, self.backend(), events).await?;
        tx.commit().await?;
        Ok(())
    }
}
