//! The SQL implementation of [`ReportStore`] for SQLite and PostgreSQL.
//!
//! One set of statements serves both databases: they agree on `$n` placeholders,
//! `ON CONFLICT … DO NOTHING/UPDATE` and `RETURNING`. What differs lives in [`Backend`]:
//! the migrations folder and the connection set-up (SQLite gets WAL, `synchronous=FULL` so
//! an acknowledged report survives power loss, and a busy timeout).

use crate::model::Prepared;
use crate::{
    Assignment, DataKey, IndicatorHit, Inserted, LinkStep, Linker, Links, NewReport, ReportStore,
    StoreError, StoredReport,
};
use dragnet_cluster::ClusterEvent;
use dragnet_core::{Indicator, IndicatorType, RawIndicator, Reporter};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::pool::PoolConnection;
use sqlx::{AnyPool, Executor, Row};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Reports in SQLite or PostgreSQL. Cheap to clone (a pool handle and the key).
#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
    key: DataKey,
    /// Ids of indicator values this process stored or met (they are never deleted), so a
    /// batch upserts only values it has not seen with the same warning.
    indicator_ids: Arc<Mutex<IndicatorIds>>,
}

/// How a batch being stored is linked.
#[derive(Clone, Copy)]
enum Linking<'a> {
    /// Not here (shared mode: the correlation worker links).
    None,
    /// By `link`, given the newly stored reports.
    After(&'a Linker<'a>),
    /// Beforehand: rows are written with their operation.
    Before(&'a Links),
}

/// A map for the writer's per-batch bookkeeping (foldhash: SipHash showed in its profile).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// `type`, NUL, `value` -> (id, warning) as last committed by this process.
type IndicatorIds = HashMap<Box<str>, (i64, Option<Box<str>>)>;

/// Entries kept in [`SqlStore::indicator_ids`] before it starts afresh (~100 bytes each).
const INDICATOR_IDS_MAX: usize = 4_000_000;

fn indicator_key(ty: &str, value: &str) -> Box<str> {
    let mut k = String::with_capacity(ty.len() + 1 + value.len());
    k.push_str(ty);
    k.push('\0');
    k.push_str(value);
    k.into()
}

impl std::fmt::Debug for SqlStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlStore")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

/// Turns what a user typed (`dragnet.db`, `sqlite:x.db`, `postgres://…`) into a URL and backend.
pub fn parse_url(url: &str) -> Result<(Backend, String), StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_string()));
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if path.is_empty() || path.contains("://") {
        return Err(StoreError::Config(format!(
            "`{url}` is neither a PostgreSQL URL (postgres://…) nor a SQLite file path"
        )));
    }
    if path == ":memory:" || path.contains("mode=memory") {
        return Err(StoreError::Config(
            "an in-memory SQLite database is not shared between connections; give a file path"
                .into(),
        ));
    }
    let (file, query) = path.split_once('?').unwrap_or((path, ""));
    let query = if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        query.to_string()
    };
    Ok((Backend::Sqlite, format!("sqlite://{file}?{query}")))
}

const REPORT_COLUMNS: &str = "seq, source, report_id, received_at, imported_at, country, language, \
    contact_method, brand, payment_method, loss_amount, loss_currency, narrative, submitted, \
    extracted, reporter_sealed IS NOT NULL AS has_reporter, victim_hash, cluster_id, org_id, tlp";

impl SqlStore {
    /// Connects, runs pending migrations and checks the data key against the database.
    pub async fn open(url: &str, key: DataKey) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let (backend, url) = parse_url(url)?;
        // Fail fast: a request that cannot get a connection within 3 s answers 503 + Retry-After
        // rather than hanging.
        let mut opts = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(3));
        opts = match backend {
            Backend::Sqlite => opts.max_connections(4).after_connect(|conn, _| {
                Box::pin(async move {
                    // A page cache of up to 128 MiB per connection (SQLite's default is 2
                    // MiB): bulk imports insert into indexes in random order, and with the
                    // small cache every insert read its index pages back from the OS
                    // (measured: import rate fell by more than half from 100k to 1M reports).
                    // Checkpoints every 16,384 WAL pages (64 MiB of 4 KiB pages, 256 MiB of the
                    // 16 KiB pages of databases created now) rather than SQLite's 1,000:
                    // an import batch of 5,000 reports is ~3,000 pages, so the default copied
                    // every commit back into the database file (and fsynced it) at once, and
                    // index pages touched by consecutive batches were copied once per batch.
                    // Commits still fsync the WAL (`synchronous = FULL`): nothing committed is
                    // less durable. Measured: 1M reports 102.9 -> 78.7 s; 65,536 pages was
                    // slower again (92.3 s: readers search a longer WAL index).
                    // A new database gets 16 KiB pages (SQLite's default is 4 KiB; an
                    // existing one keeps its size, the pragma is then a no-op): a report row
                    // is about 1 KiB, and with four times fewer pages an import makes four
                    // times fewer page reads, writes and WAL frames for the same rows.
                    // Measured, 1M reports, same binary, interleaved: 38.9-45.1 s (mean
                    // 41.2) against 37.2-51.4 s (mean 45.5) with 4 KiB, system time 7-8 s
                    // against 9-13 s, and a database of 1.38 GB instead of 1.51 GB.
                    conn.execute(
                        "PRAGMA page_size = 16384; \
                         PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                         PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
                         PRAGMA cache_size = -131072; PRAGMA wal_autocheckpoint = 16384; \
                         PRAGMA temp_store = MEMORY;",
                    )
                    .await?;
                    Ok(())
                })
            }),
            Backend::Postgres => opts.max_connections(16),
        };
        let pool = opts
            .connect(&url)
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Internal(m) => StoreError::Config(format!("cannot open {url}: {m}")),
                other => other,
            })?;
        match backend {
            Backend::Sqlite => {
                // SQLite has no advisory lock: two processes starting on a new file at the
                // same moment race to apply migrations, and the loser fails on a table the
                // winner just created. The winner's transaction is then committed, so trying
                // again finds the migrations applied.
                let mut attempt = 0;
                loop {
                    match sqlx::migrate!("./migrations/sqlite").run(&pool).await {
                        Ok(()) => break,
                        Err(e) if attempt < 10 => {
                            attempt += 1;
                            tracing::debug!(error = %e, attempt, "migration raced another process; retrying");
                            tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            // PostgreSQL migrations take an advisory lock: concurrent starts wait their turn.
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        let store = SqlStore {
            pool,
            backend,
            key,
            indicator_ids: Arc::default(),
        };
        store.check_key().await?;
        Ok(store)
    }

    /// The first start records the key's fingerprint; later starts must present the same key.
    async fn check_key(&self) -> Result<(), StoreError> {
        let fp = self.key.fingerprint();
        let read = || {
            sqlx::query_scalar::<_, String>(
                "SELECT value FROM meta WHERE key = 'data_key_fingerprint'",
            )
            .fetch_optional(&self.pool)
        };
        // Read first: opening a database another process is writing to (an import holds
        // SQLite's write lock for most of its run) must not wait for the write lock.
        let stored = match read().await? {
            Some(v) => v,
            None => {
                sqlx::query("INSERT INTO meta (key, value) VALUES ('data_key_fingerprint', $1) ON CONFLICT (key) DO NOTHING")
                    .bind(&fp)
                    .execute(&self.pool)
                    .await?;
                read().await?.unwrap_or_default()
            }
        };
        if stored != fp {
            return Err(StoreError::Key(format!(
                "this database was written with the data key of fingerprint {stored}, but the key \
                 given has fingerprint {fp}. Restore the original key file (or DRAGNET_DATA_KEY); \
                 without it the victims' personal data in this database cannot be read"
            )));
        }
        Ok(())
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn key(&self) -> &DataKey {
        &self.key
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Stores a batch in one transaction on a pooled connection.
    async fn insert_batch(
        &self,
        batch: &[NewReport],
        link: Linking<'_>,
    ) -> Result<Vec<Inserted>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let out = self.insert_reports_on(&mut conn, batch, link).await;
        if out.is_err() {
            self.discard_after_failed_write(&mut conn);
        }
        out
    }

    /// A connection whose write failed on SQLite is closed instead of going back to the pool:
    /// after SQLITE_FULL or an I/O error SQLite may have rolled the transaction back itself
    /// or kept it open, and the driver's idea of it can be wrong either way; a pooled
    /// connection left inside a transaction holds the write lock ("database is locked" for
    /// everyone else) and silently swallows later commits. Closing rolls back and releases.
    pub(crate) fn discard_after_failed_write(&self, conn: &mut PoolConnection<sqlx::Any>) {
        if self.backend == Backend::Sqlite {
            conn.close_on_drop();
        }
    }

    async fn insert_reports_on(
        &self,
        conn: &mut PoolConnection<sqlx::Any>,
        batch: &[NewReport],
        link: Linking<'_>,
    ) -> Result<Vec<Inserted>, StoreError> {
        let mut tx = sqlx::Connection::begin(&mut **conn).await?;
        let clusters = match link {
            Linking::Before(links) => Some(links.clusters.as_slice()),
            _ => None,
        };
        let (out, learned) = self.insert_reports_in(&mut tx, batch, clusters).await?;
        match link {
            Linking::None => {}
            Linking::After(link) => {
                let fresh: Vec<&NewReport> = newly_stored(batch, &out).collect();
                if !fresh.is_empty() {
                    let (steps, events) = link(&fresh);
                    record_links_in(&mut tx, self.backend, &steps, &events).await?;
                }
            }
            Linking::Before(links) => {
                // Rows just written carry their operation: their assignments are done.
                let written: HashSet<(&str, &str), foldhash::fast::RandomState> =
                    newly_stored(batch, &out)
                        .map(|r| (r.source.as_str(), r.id.as_str()))
                        .collect();
                let steps: Vec<LinkStep> = links
                    .steps
                    .iter()
                    .map(|step| match step {
                        LinkStep::Assign(list) => LinkStep::Assign(
                            list.iter()
                                .filter(|a| !written.contains(&(a.source.as_str(), a.id.as_str())))
                                .cloned()
                                .collect(),
                        ),
                        rename => rename.clone(),
                    })
                    .collect();
                record_links_in(&mut tx, self.backend, &steps, &links.events).await?;
            }
        }
        tx.commit().await?;
        // Only committed ids are remembered: a rolled-back batch's ids do not exist.
        let mut known = self.indicator_ids.lock().unwrap_or_else(|p| p.into_inner());
        if known.len() + learned.len() > INDICATOR_IDS_MAX {
            known.clear();
        }
        known.extend(learned);
        Ok(out)
    }

    /// Inserts a batch inside a transaction (see [`ReportStore::insert_reports`]); returns
    /// what happened to each report and the indicator ids learned on the way.
    async fn insert_reports_in(
        &self,
        tx: &mut Tx<'_>,
        batch: &[NewReport],
        clusters: Option<&[Option<String>]>,
    ) -> Result<(Vec<Inserted>, IndicatorIds), StoreError> {
        // Multi-row statements: a round trip per few hundred rows, not per row. Both
        // databases accept `VALUES (…), (…) ON CONFLICT … RETURNING`.
        let imported_at = now_rfc3339();
        let fingerprint = self.key.fingerprint();
        if self.backend == Backend::Postgres {
            // Several processes insert: taking sequence numbers and committing in one order
            // lets the correlation worker and its followers tail `seq > n` without ever
            // skipping a report committed late (see worker.rs).
            sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                .bind(crate::worker::INSERT_LOCK)
                .execute(&mut **tx)
                .await?;
        }
        let mut stored: FastMap<(i64, String, String), i64> = FastMap::default();
        // Reports not prepared ahead (or prepared with another key) are prepared here.
        let computed: Vec<Option<Prepared>> = batch
            .iter()
            .map(|r| {
                r.prepared_with(&fingerprint)
                    .is_none()
                    .then(|| Prepared::of(r, &self.key))
            })
            .collect();
        let received: Vec<Option<String>> = batch
            .iter()
            .map(|r| {
                r.input
                    .received_at
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            })
            .collect();
        let sql_of = |rows: usize| {
            format!(
                "INSERT INTO reports (source, report_id, received_at, imported_at, country, language, \
                 contact_method, brand, payment_method, loss_amount, loss_currency, narrative, \
                 submitted, extracted, reporter_sealed, victim_hash, org_id, tlp, cluster_id) \
                 VALUES {} ON CONFLICT (org_id, source, report_id) DO NOTHING \
                 RETURNING seq, org_id, source, report_id",
                placeholders(self.backend, rows, 19)
            )
        };
        // Binds borrow the batch (no copies of narratives and JSON on this side).
        let build = |from: usize| {
            let chunk = &batch[from..(from + REPORT_CHUNK).min(batch.len())];
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql_of(chunk.len())));
            for (at, r) in (from..).zip(chunk) {
                let i = &r.input;
                let p = r
                    .prepared_with(&fingerprint)
                    .or(computed[at].as_ref())
                    .expect("every report is prepared ahead or above");
                q = q
                    .bind(r.source.as_str())
                    .bind(r.id.as_str())
                    .bind(received[at].as_deref())
                    .bind(imported_at.as_str())
                    .bind(i.reporter.country.map(|c| c.as_str().to_string()))
                    .bind(i.reporter.language.as_deref())
                    .bind(i.contact_method.map(|c| c.as_str().to_string()))
                    .bind(i.brand.as_deref())
                    .bind(i.payment_method.as_deref())
                    .bind(i.loss.as_ref().map(|l| l.amount_string()))
                    .bind(i.loss.as_ref().map(|l| l.currency().to_string()))
                    .bind(i.narrative.as_str())
                    .bind(p.submitted_json.as_str())
                    .bind(p.extracted_json.as_str())
                    .bind(p.reporter_sealed.as_deref())
                    .bind(p.victim.as_deref())
                    .bind(r.org_id.unwrap_or(0))
                    .bind(r.tlp.as_str())
                    .bind(clusters.and_then(|c| c[at].as_deref()));
            }
            q
        };
        let mut next = (!batch.is_empty()).then(|| build(0));
        let mut from = 0;
        while let Some(q) = next.take() {
            from += REPORT_CHUNK;
            // The next chunk's binds are made while this one runs on the database's side.
            let (rows, following) = tokio::join!(
                biased;
                q.fetch_all(&mut **tx),
                async { (from < batch.len()).then(|| build(from)) }
            );
            next = following;
            for row in rows? {
                stored.insert(
                    (
                        row.try_get("org_id")?,
                        row.try_get("source")?,
                        row.try_get("report_id")?,
                    ),
                    row.try_get("seq")?,
                );
            }
        }
        // In batch order: the first occurrence of a newly stored key is New, anything else
        // (stored before, or repeated within the batch) is a Duplicate.
        let mut out = Vec::with_capacity(batch.len());
        let mut fresh: Vec<(i64, &NewReport)> = Vec::new();
        for r in batch {
            let key = (r.org_id.unwrap_or(0), r.source.clone(), r.id.clone());
            match stored.remove(&key) {
                Some(seq) => {
                    out.push(Inserted::New(seq));
                    fresh.push((seq, r));
                }
                None => out.push(Inserted::Duplicate),
            }
        }
        // Distinct indicator values of the new reports, upserted to get their ids.
        let mut values: Vec<(&str, &str, Option<&str>)> = Vec::new();
        let mut seen: FastMap<(&str, &str), usize> = FastMap::default();
        for (_, r) in &fresh {
            for ind in &r.indicators {
                let k = (ind.ty.as_str(), ind.value.as_str());
                match seen.get(&k) {
                    Some(&at) => {
                        if values[at].2.is_none() {
                            values[at].2 = ind.warning.as_deref();
                        }
                    }
                    None => {
                        seen.insert(k, values.len());
                        values.push((k.0, k.1, ind.warning.as_deref()));
                    }
                }
            }
        }
        // The id of each distinct value, by its place in `values`: known ones from memory,
        // the others (and those whose warning changed) upserted.
        let mut ids: Vec<Option<i64>> = vec![None; values.len()];
        let mut todo: Vec<(&str, &str, Option<&str>)> = Vec::new();
        {
            let known = self.indicator_ids.lock().unwrap_or_else(|p| p.into_inner());
            for (at, v) in values.iter().enumerate() {
                match known.get(indicator_key(v.0, v.1).as_ref()) {
                    Some((id, w)) if w.as_deref() == v.2 => ids[at] = Some(*id),
                    _ => todo.push(*v),
                }
            }
        }
        let mut learned = IndicatorIds::with_capacity(todo.len());
        for chunk in todo.chunks(VALUE_CHUNK) {
            let sql = format!(
                "INSERT INTO indicators (type, value, warning) VALUES {} \
                 ON CONFLICT (type, value) DO UPDATE SET warning = excluded.warning \
                 RETURNING id, type, value",
                placeholders(self.backend, chunk.len(), 3)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (ty, value, warning) in chunk {
                q = q
                    .bind(ty.to_string())
                    .bind(value.to_string())
                    .bind(warning.map(str::to_string));
            }
            for row in q.fetch_all(&mut **tx).await? {
                let ty: String = row.try_get("type")?;
                let value: String = row.try_get("value")?;
                if let Some(&at) = seen.get(&(ty.as_str(), value.as_str())) {
                    let id: i64 = row.try_get("id")?;
                    ids[at] = Some(id);
                    learned.insert(
                        indicator_key(&ty, &value),
                        (id, values[at].2.map(Into::into)),
                    );
                }
            }
        }
        let mut links: Vec<(i64, i64)> = Vec::new();
        for (seq, r) in &fresh {
            for ind in &r.indicators {
                if let Some(id) = seen
                    .get(&(ind.ty.as_str(), ind.value.as_str()))
                    .and_then(|&at| ids[at])
                {
                    links.push((*seq, id));
                }
            }
        }
        links.sort_unstable();
        links.dedup();
        for chunk in links.chunks(VALUE_CHUNK) {
            let sql = format!(
                "INSERT INTO report_indicators (report_seq, indicator_id) VALUES {} ON CONFLICT DO NOTHING",
                placeholders(self.backend, chunk.len(), 2)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (seq, id) in chunk {
                q = q.bind(*seq).bind(*id);
            }
            q.execute(&mut **tx).await?;
        }
        Ok((out, learned))
    }
}

/// The reports of `batch` that `out` (its outcome, in order) says were newly stored.
fn newly_stored<'b>(
    batch: &'b [NewReport],
    out: &'b [Inserted],
) -> impl Iterator<Item = &'b NewReport> + 'b {
    batch
        .iter()
        .zip(out)
        .filter(|(_, o)| matches!(o, Inserted::New(_)))
        .map(|(r, _)| r)
}

/// Rows per multi-row INSERT of reports (19 parameters each; SQLite allows 32,766).
const REPORT_CHUNK: usize = 400;
/// Rows per multi-row statement of small rows.
const VALUE_CHUNK: usize = 1000;

/// `rows` groups of `cols` placeholders: `($1, $2, …), ($n+1, …)` for PostgreSQL, `(?, ?, …)`
/// for SQLite. (SQLite resolves a `$n` parameter by a linear search of the statement's
/// parameter names, which makes binding thousands of them quadratic: profiled at half the
/// import time.)
fn placeholders(backend: Backend, rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            match backend {
                Backend::Sqlite => s.push('?'),
                Backend::Postgres => {
                    s.push('$');
                    s.push_str(&(r * cols + c + 1).to_string());
                }
            }
        }
        s.push(')');
    }
    s
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Applies link steps in order and appends their events, inside a transaction.
async fn record_links_in(
    tx: &mut Tx<'_>,
    backend: Backend,
    steps: &[LinkStep],
    events: &[ClusterEvent],
) -> Result<(), StoreError> {
    for step in steps {
        match step {
            LinkStep::Assign(a) => assign_in(tx, backend, a).await?,
            LinkStep::Rename { from, to } => {
                sqlx::query("UPDATE reports SET cluster_id = $1 WHERE cluster_id = $2")
                    .bind(to)
                    .bind(from)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
    events_in(tx, backend, events).await
}

/// Multi-row update of report → operation assignments inside a transaction.
pub(crate) async fn assign_in(
    tx: &mut Tx<'_>,
    backend: Backend,
    assignments: &[Assignment],
) -> Result<(), StoreError> {
    for chunk in assignments.chunks(VALUE_CHUNK) {
        // `(VALUES …) AS v` names its columns column1, column2, column3 on both databases.
        let sql = format!(
            "UPDATE reports SET cluster_id = v.column3 FROM (VALUES {}) AS v \
             WHERE reports.source = v.column1 AND reports.report_id = v.column2",
            placeholders(backend, chunk.len(), 3)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in chunk {
            q = q
                .bind(a.source.clone())
                .bind(a.id.clone())
                .bind(a.cluster.clone());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The `event` and `cluster` columns of an event: its tag, and the operation it names.
fn event_columns(e: &ClusterEvent) -> (&'static str, Option<&str>) {
    match e {
        ClusterEvent::Created { cluster, .. } => ("created", Some(cluster)),
        ClusterEvent::Joined { cluster, .. } => ("joined", Some(cluster)),
        ClusterEvent::Merged { kept, .. } => ("merged", Some(kept)),
        ClusterEvent::Split { cluster, .. } => ("split", Some(cluster)),
        ClusterEvent::HubSuppressed { .. } => ("hub_suppressed", None),
        ClusterEvent::HubReleased { .. } => ("hub_released", None),
        ClusterEvent::Duplicate { .. } => ("duplicate", None),
    }
}

/// Appends events to the operations' history inside a transaction.
pub(crate) async fn events_in(
    tx: &mut Tx<'_>,
    backend: Backend,
    events: &[ClusterEvent],
) -> Result<(), StoreError> {
    let at = now_rfc3339();
    for chunk in events.chunks(VALUE_CHUNK / 4) {
        let sql = format!(
            "INSERT INTO cluster_events (at, event, cluster, detail) VALUES {}",
            placeholders(backend, chunk.len(), 4)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for e in chunk {
            let (kind, cluster) = event_columns(e);
            // Invariant: events are strings and numbers; serialising cannot fail.
            let detail = serde_json::to_string(e).unwrap_or_default();
            q = q.bind(at.as_str()).bind(kind).bind(cluster).bind(detail);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn row_to_report(row: &AnyRow) -> Result<StoredReport, StoreError> {
    let submitted: String = row.try_get("submitted")?;
    let extracted: String = row.try_get("extracted")?;
    let amount: Option<String> = row.try_get("loss_amount")?;
    let currency: Option<String> = row.try_get("loss_currency")?;
    let has_reporter: bool = match row.try_get::<bool, _>("has_reporter") {
        Ok(b) => b,
        Err(_) => row.try_get::<i64, _>("has_reporter")? != 0,
    };
    Ok(StoredReport {
        seq: row.try_get("seq")?,
        id: row.try_get("report_id")?,
        source: row.try_get("source")?,
        received_at: row.try_get("received_at")?,
        imported_at: row.try_get("imported_at")?,
        country: row.try_get("country")?,
        language: row.try_get("language")?,
        contact_method: row.try_get("contact_method")?,
        brand: row.try_get("brand")?,
        payment_method: row.try_get("payment_method")?,
        loss: match (amount, currency) {
            (Some(a), Some(c)) => Some(serde_json::json!({"amount": a, "currency": c})),
            _ => None,
        },
        narrative: row.try_get("narrative")?,
        submitted: serde_json::from_str::<Vec<RawIndicator>>(&submitted)
            .map_err(|e| StoreError::Internal(format!("stored indicators unreadable: {e}")))?,
        indicators: serde_json::from_str::<Vec<Indicator>>(&extracted)
            .map_err(|e| StoreError::Internal(format!("stored indicators unreadable: {e}")))?,
        has_reporter,
        victim_hash: row.try_get("victim_hash")?,
        cluster: row.try_get("cluster_id")?,
        org_id: Some(row.try_get::<i64, _>("org_id")?).filter(|o| *o != 0),
        tlp: row.try_get("tlp")?,
    })
}

#[async_trait::async_trait]
impl ReportStore for SqlStore {
    fn backend(&self) -> Backend {
        self.backend
    }

    fn as_sql(&self) -> Option<&SqlStore> {
        Some(self)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn insert_reports(&self, batch: &[NewReport]) -> Result<Vec<Inserted>, StoreError> {
        self.insert_batch(batch, Linking::None).await
    }

    async fn insert_and_link(
        &self,
        batch: &[NewReport],
        link: &Linker<'_>,
    ) -> Result<Vec<Inserted>, StoreError> {
        self.insert_batch(batch, Linking::After(link)).await
    }

    async fn insert_linked(
        &self,
        batch: &[NewReport],
        links: &Links,
    ) -> Result<Vec<Inserted>, StoreError> {
        if links.clusters.len() != batch.len() {
            return Err(StoreError::Internal(format!(
                "{} operations given for a batch of {} reports",
                links.clusters.len(),
                batch.len()
            )));
        }
        self.insert_batch(batch, Linking::Before(links)).await
    }

    async fn get_reports(
        &self,
        source: Option<&str>,
        id: &str,
    ) -> Result<Vec<StoredReport>, StoreError> {
        let rows = match source {
            Some(s) => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {REPORT_COLUMNS} FROM reports WHERE source = $1 AND report_id = $2"
                )))
                .bind(s)
                .bind(id)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {REPORT_COLUMNS} FROM reports WHERE report_id = $1 ORDER BY seq"
                )))
                .bind(id)
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(row_to_report).collect()
    }

    async fn reporter(&self, seq: i64) -> Result<Option<Reporter>, StoreError> {
        let sealed: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT reporter_sealed FROM reports WHERE seq = $1")
                .bind(seq)
                .fetch_optional(&self.pool)
                .await?;
        let Some(Some(sealed)) = sealed else {
            return Ok(None);
        };
        let plain = self.key.open(&sealed)?;
        serde_json::from_slice(&plain)
            .map(Some)
            .map_err(|e| StoreError::Internal(format!("sealed reporter block unreadable: {e}")))
    }

    async fn erase_reporter(&self, seq: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE reports SET reporter_sealed = NULL WHERE seq = $1")
            .bind(seq)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn count_reports(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM reports")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn reports_after(&self, after: i64, limit: i64) -> Result<Vec<StoredReport>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REPORT_COLUMNS} FROM reports WHERE seq > $1 ORDER BY seq LIMIT $2"
        )))
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_to_report).collect()
    }

    async fn reports_with_indicator(
        &self,
        ty: IndicatorType,
        value: &str,
    ) -> Result<Vec<IndicatorHit>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.source, r.report_id, r.cluster_id FROM indicators i \
             JOIN report_indicators ri ON ri.indicator_id = i.id \
             JOIN reports r ON r.seq = ri.report_seq \
             WHERE i.type = $1 AND i.value = $2 ORDER BY r.seq",
        )
        .bind(ty.as_str())
        .bind(value)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(IndicatorHit {
                    source: row.try_get("source")?,
                    id: row.try_get("report_id")?,
                    cluster: row.try_get("cluster_id")?,
                })
            })
            .collect()
    }

    fn victim_hash(&self, reporter: &Reporter) -> Option<String> {
        self.key.victim_of(reporter)
    }

    async fn assign_clusters(&self, assignments: &[Assignment]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        assign_in(&mut tx, self.backend, assignments).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn rename_cluster(&self, from: &str, to: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE reports SET cluster_id = $1 WHERE cluster_id = $2")
            .bind(to)
            .bind(from)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn reports_in_cluster(&self, cluster: &str) -> Result<Vec<(String, String)>, StoreError> {
        let rows =
            sqlx::query("SELECT source, report_id FROM reports WHERE cluster_id = $1 ORDER BY seq")
                .bind(cluster)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("source")?, r.try_get("report_id")?)))
            .collect()
    }

    async fn append_cluster_events(&self, events: &[ClusterEvent]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        events_in(&mut tx, self.backend, events).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn cluster_events(&self, cluster: &str) -> Result<Vec<serde_json::Value>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, detail FROM cluster_events WHERE cluster = $1 OR detail LIKE $2 ORDER BY seq",
        )
        .bind(cluster)
        .bind(format!("%\"{cluster}\"%"))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let at: String = r.try_get("at")?;
                let detail: String = r.try_get("detail")?;
                let mut v: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
                v["at"] = at.into();
                Ok(v)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_understood() {
        assert_eq!(
            parse_url("dragnet.db").unwrap(),
            (Backend::Sqlite, "sqlite://dragnet.db?mode=rwc".into())
        );
        assert_eq!(
            parse_url("sqlite:/tmp/x.db").unwrap().1,
            "sqlite:///tmp/x.db?mode=rwc"
        );
        assert_eq!(parse_url("postgres://u@h/db").unwrap().0, Backend::Postgres);
        assert!(parse_url("mysql://x").is_err());
        assert!(parse_url(":memory:").is_err());
    }

    /// The columns name what the serialised event says (its tag; `cluster` or `kept`).
    #[test]
    fn event_columns_agree_with_the_serialised_event() {
        use dragnet_core::IndicatorType;
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let events = [
            ClusterEvent::Created {
                cluster: "c-1".into(),
                reports: s(&["a/1", "a/2"]),
            },
            ClusterEvent::Joined {
                cluster: "c-1".into(),
                report: "a/3".into(),
            },
            ClusterEvent::Merged {
                kept: "c-1".into(),
                absorbed: "c-2".into(),
            },
            ClusterEvent::Split {
                cluster: "c-1".into(),
                into: s(&["c-1", "c-3"]),
                released: s(&["a/4"]),
            },
            ClusterEvent::HubSuppressed {
                ty: IndicatorType::Phone,
                value: "+18005550100".into(),
                reports: 9,
            },
            ClusterEvent::HubReleased {
                ty: IndicatorType::Phone,
                value: "+18005550100".into(),
            },
            ClusterEvent::Duplicate {
                report: "a/5".into(),
                of: "a/1".into(),
            },
        ];
        for e in &events {
            let v = serde_json::to_value(e).unwrap();
            let (kind, cluster) = event_columns(e);
            assert_eq!(Some(kind), v["event"].as_str(), "{v}");
            let named = ["cluster", "kept"].iter().find_map(|k| v[*k].as_str());
            assert_eq!(cluster, named, "{v}");
        }
    }
}
