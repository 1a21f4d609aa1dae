//! Storage for TAXII 2.1: STIX objects per collection, status resources, pull positions.
//!
//! Each stored object version is one row with a `seq` that only grows. Readers page by `seq`
//! (the `next` token the server hands out is a `seq`), never by timestamp, so thousands of
//! objects sharing one `date_added` are each returned exactly once. For that to hold, a row
//! must never become visible after a row with a higher `seq`: SQLite has a single writer,
//! and on PostgreSQL [`TaxiiStore::taxii_add`] takes `LOCK TABLE … IN EXCLUSIVE MODE`
//! (writers wait, readers do not) before drawing `seq` values, so commit order is `seq`
//! order. `date_added` is taken under the same lock and never goes backwards either.
//!
//! Reading "each object's latest version after `next`" is one index range scan: the writer
//! keeps `latest` (newest version in the collection) and `latest_at_tlp` (newest of its TLP
//! level, for shared views) flags on the rows (migration 0011), and the objects endpoint reads
//! a page in one statement ([`TaxiiStore::taxii_objects_page`]).
//!
//! Collections: `intel` (an organisation's own intelligence: published from its operations
//! and POSTed by its members) and `received` (partners' intelligence it pulled or imported,
//! marked with the source). Other organisations read an organisation's `intel` objects
//! through [`TaxiiView::Shared`], one TLP level at a time.

use crate::{ReportStore, SqlStore, StoreError};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The collection of an organisation's own intelligence.
pub const INTEL: &str = "intel";
/// The collection of intelligence an organisation received from partners.
pub const RECEIVED: &str = "received";

/// Fixed-width UTC timestamps (microseconds), so text order is time order.
pub fn format_timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// One object version to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTaxiiObject {
    pub stix_id: String,
    pub stix_type: String,
    /// `modified` (else `created`) in [`format_timestamp`] form; `None` for objects that
    /// have neither (cyber-observables): they get their `date_added` and are stored once.
    pub version: Option<String>,
    pub spec_version: String,
    /// TLP 2.0 level, 0 (CLEAR) to 4 (RED).
    pub tlp: u8,
    /// The object, as JSON text.
    pub json: String,
}

/// What became of one object given to [`TaxiiStore::taxii_add`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Stored as a new version.
    New { seq: i64, version: String },
    /// This version was stored already (nothing changed).
    Existing { version: String },
}

impl Added {
    pub fn version(&self) -> &str {
        match self {
            Added::New { version, .. } | Added::Existing { version } => version,
        }
    }
}

/// A stored object version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxiiObject {
    pub seq: i64,
    pub org_id: i64,
    pub stix_id: String,
    pub version: String,
    pub spec_version: String,
    pub date_added: String,
    pub tlp: u8,
    pub source: String,
    pub json: String,
}

/// A page of objects as [`TaxiiStore::taxii_objects_page`] reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectsPage {
    /// The objects' JSON texts, in `seq` order, joined by `,` (empty for no objects).
    pub items: String,
    pub count: i64,
    /// More rows follow this page.
    pub more: bool,
    /// The `seq` of the page's last object (the `next` token).
    pub last_seq: Option<i64>,
    pub first_added: Option<String>,
    pub last_added: Option<String>,
}

/// Which rows a reader sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxiiView {
    /// One collection of one organisation, every TLP level (its own members read it).
    Collection { org_id: i64, collection: String },
    /// The `intel` objects of every organisation except `reader_org`, marked exactly `tlp`.
    Shared { reader_org: i64, tlp: u8 },
}

/// `match[version]`: any combination of `first`, `last`, `all` and exact versions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionFilter {
    pub all: bool,
    pub first: bool,
    pub last: bool,
    pub exact: Vec<String>,
}

impl VersionFilter {
    /// TAXII's default: the latest version only.
    pub fn last() -> Self {
        VersionFilter {
            last: true,
            ..Default::default()
        }
    }
    pub fn all() -> Self {
        VersionFilter {
            all: true,
            ..Default::default()
        }
    }
}

/// A page request: rows of `view` with `seq > after_seq` matching the filters, `seq` order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxiiQuery {
    pub view: TaxiiView,
    pub after_seq: i64,
    /// `date_added` strictly after this ([`format_timestamp`] form).
    pub added_after: Option<String>,
    pub types: Vec<String>,
    pub ids: Vec<String>,
    pub spec_versions: Vec<String>,
    pub versions: VersionFilter,
    pub limit: i64,
}

/// Storage of TAXII collections; implemented by [`SqlStore`] on both databases.
#[async_trait::async_trait]
pub trait TaxiiStore: Send + Sync + 'static {
    /// Stores objects in one collection of one organisation, in one transaction, returning
    /// per object whether it was new. `source` says where they came from (`published`,
    /// `taxii:user@org`, `pull:URL#collection`, `file:NAME`).
    async fn taxii_add(
        &self,
        org_id: i64,
        collection: &str,
        source: &str,
        objects: &[NewTaxiiObject],
    ) -> Result<Vec<Added>, StoreError>;

    /// Up to `q.limit` rows.
    async fn taxii_query(&self, q: &TaxiiQuery) -> Result<Vec<TaxiiObject>, StoreError>;

    /// The same rows as [`TaxiiStore::taxii_query`] (`q.limit` of them), as the objects'
    /// JSON texts joined by commas, read in one statement, with whether more follow.
    async fn taxii_objects_page(&self, q: &TaxiiQuery) -> Result<ObjectsPage, StoreError>;

    /// Number of object versions in a view (for collection listings and progress).
    async fn taxii_count(&self, view: &TaxiiView) -> Result<i64, StoreError>;

    async fn taxii_save_status(&self, id: &str, org_id: i64, body: &str) -> Result<(), StoreError>;

    /// A status resource of this organisation.
    async fn taxii_status(&self, id: &str, org_id: i64) -> Result<Option<String>, StoreError>;

    /// Where the last pull of a partner's collection stopped: (`added_after`, objects so far).
    async fn taxii_pull_state(
        &self,
        org_id: i64,
        url: &str,
        collection: &str,
    ) -> Result<Option<(String, i64)>, StoreError>;

    async fn taxii_set_pull_state(
        &self,
        org_id: i64,
        url: &str,
        collection: &str,
        added_after: &str,
        objects: i64,
    ) -> Result<(), StoreError>;
}

fn object_row(r: &AnyRow) -> Result<TaxiiObject, StoreError> {
    Ok(TaxiiObject {
        seq: r.try_get("seq")?,
        org_id: r.try_get("org_id")?,
        stix_id: r.try_get("stix_id")?,
        version: r.try_get("version")?,
        spec_version: r.try_get("spec_version")?,
        date_added: r.try_get("date_added")?,
        tlp: u8::try_from(r.try_get::<i64, _>("tlp")?)
            .map_err(|_| StoreError::Internal("taxii_objects.tlp out of range".into()))?,
        source: r.try_get("source")?,
        json: r.try_get("object")?,
    })
}

/// Bind values of a query being built.
enum Arg {
    Int(i64),
    Text(String),
}

/// Builds `$n` placeholders and their values side by side.
#[derive(Default)]
struct Args(Vec<Arg>);

impl Args {
    fn int(&mut self, v: i64) -> String {
        self.0.push(Arg::Int(v));
        format!("${}", self.0.len())
    }
    fn text(&mut self, v: &str) -> String {
        self.0.push(Arg::Text(v.to_string()));
        format!("${}", self.0.len())
    }
    fn list(&mut self, vs: &[String]) -> String {
        vs.iter()
            .map(|v| self.text(v))
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn bind<'q>(
        self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
        for a in self.0 {
            q = match a {
                Arg::Int(i) => q.bind(i),
                Arg::Text(s) => q.bind(s),
            };
        }
        q
    }
}

/// The `WHERE` condition of a view, for the table aliased `o`.
fn view_condition(view: &TaxiiView, args: &mut Args) -> String {
    match view {
        TaxiiView::Collection { org_id, collection } => format!(
            "o.org_id = {} AND o.collection = {}",
            args.int(*org_id),
            args.text(collection)
        ),
        TaxiiView::Shared { reader_org, tlp } => format!(
            "o.org_id <> {} AND o.collection = '{INTEL}' AND o.tlp = {}",
            args.int(*reader_org),
            args.int(i64::from(*tlp))
        ),
    }
}

/// No other version of the same object in the same view is `cmp` (`<` older): the probe
/// behind `match[version]=first` (rarely asked for; `last` uses the flags kept on write).
fn no_other_version(view: &TaxiiView, cmp: &str) -> String {
    let same_tlp = match view {
        TaxiiView::Shared { .. } => " AND n.tlp = o.tlp",
        TaxiiView::Collection { .. } => "",
    };
    format!(
        "NOT EXISTS (SELECT 1 FROM taxii_objects n WHERE n.org_id = o.org_id \
         AND n.collection = o.collection AND n.stix_id = o.stix_id{same_tlp} \
         AND n.version {cmp} o.version)"
    )
}

impl SqlStore {
    /// The SQL of a page request selecting `columns` of `taxii_objects o`, `seq` order,
    /// `LIMIT q.limit`, with its arguments; `None` when nothing can match.
    async fn page_sql(
        &self,
        q: &TaxiiQuery,
        columns: &str,
    ) -> Result<Option<(String, Args)>, StoreError> {
        let mut args = Args::default();
        let mut after = q.after_seq;
        if let Some(t) = &q.added_after {
            // `date_added` never decreases with `seq`, so the first row added after `t` bounds
            // the scan; the condition below still decides.
            // One seek in (date_added, seq); `MIN(seq)` would read every later entry.
            let first: Option<i64> = sqlx::query_scalar(
                "SELECT seq FROM taxii_objects WHERE date_added > $1 \
                 ORDER BY date_added, seq LIMIT 1",
            )
            .bind(t)
            .fetch_optional(self.pool())
            .await?;
            match first {
                Some(f) => after = after.max(f - 1),
                None => return Ok(None),
            }
        }
        let mut sql = format!(
            "SELECT {columns} FROM taxii_objects o WHERE o.seq > {} AND {}",
            args.int(after),
            view_condition(&q.view, &mut args)
        );
        if let Some(t) = &q.added_after {
            sql.push_str(&format!(" AND o.date_added > {}", args.text(t)));
        }
        if !q.types.is_empty() {
            sql.push_str(&format!(" AND o.stix_type IN ({})", args.list(&q.types)));
        }
        if !q.ids.is_empty() {
            sql.push_str(&format!(" AND o.stix_id IN ({})", args.list(&q.ids)));
        }
        if !q.spec_versions.is_empty() {
            sql.push_str(&format!(
                " AND o.spec_version IN ({})",
                args.list(&q.spec_versions)
            ));
        }
        let v = &q.versions;
        if !v.all {
            let mut alternatives = Vec::new();
            if v.last {
                // Flagged on write (see `taxii_add`): with the view's equalities this is a
                // range scan of `taxii_objects_latest` / `taxii_objects_shared` from `seq`.
                alternatives.push(match q.view {
                    TaxiiView::Collection { .. } => "o.latest = 1".to_string(),
                    TaxiiView::Shared { .. } => "o.latest_at_tlp = 1".to_string(),
                });
            }
            if v.first {
                alternatives.push(no_other_version(&q.view, "<"));
            }
            if !v.exact.is_empty() {
                alternatives.push(format!("o.version IN ({})", args.list(&v.exact)));
            }
            if alternatives.is_empty() {
                return Ok(None);
            }
            if alternatives.len() == 1 {
                sql.push_str(&format!(" AND {}", alternatives[0]));
            } else {
                sql.push_str(&format!(" AND ({})", alternatives.join(" OR ")));
            }
        }
        sql.push_str(&format!(
            " ORDER BY o.seq LIMIT {}",
            args.int(q.limit.max(0))
        ));
        Ok(Some((sql, args)))
    }
}

#[async_trait::async_trait]
impl TaxiiStore for SqlStore {
    async fn taxii_add(
        &self,
        org_id: i64,
        collection: &str,
        source: &str,
        objects: &[NewTaxiiObject],
    ) -> Result<Vec<Added>, StoreError> {
        let mut tx = match self.backend() {
            // Take the write lock at once: a deferred transaction that read first could not
            // upgrade after another writer committed (SQLITE_BUSY_SNAPSHOT).
            crate::Backend::Sqlite => self.pool().begin_with("BEGIN IMMEDIATE").await?,
            crate::Backend::Postgres => {
                let mut tx = self.pool().begin().await?;
                // Serialise writers so that `seq` order is commit order (see the module docs).
                sqlx::query("LOCK TABLE taxii_objects IN EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await?;
                tx
            }
        };
        let now = format_timestamp(chrono::Utc::now());
        let newest: Option<String> =
            sqlx::query_scalar("SELECT MAX(date_added) FROM taxii_objects")
                .fetch_one(&mut *tx)
                .await?;
        // Never behind an earlier row, even if the clock stepped back.
        let date_added = match newest {
            Some(n) if n > now => n,
            _ => now,
        };
        let mut out = Vec::with_capacity(objects.len());
        let mut partner_changed = false;
        for o in objects {
            // The rows flagged as the object's latest version (overall, and per TLP level):
            // at most one of each kind per level, found through the unique index.
            let flagged: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
                "SELECT seq, version, tlp, latest, latest_at_tlp FROM taxii_objects \
                 WHERE org_id = $1 AND collection = $2 AND stix_id = $3 \
                 AND (latest = 1 OR latest_at_tlp = 1)",
            )
            .bind(org_id)
            .bind(collection)
            .bind(&o.stix_id)
            .fetch_all(&mut *tx)
            .await?;
            let latest = flagged.iter().find(|f| f.3 == 1);
            let version = match &o.version {
                Some(v) => v.clone(),
                None => {
                    // An observable has no versions: the first copy stays.
                    if let Some(f) = latest {
                        out.push(Added::Existing {
                            version: f.1.clone(),
                        });
                        continue;
                    }
                    date_added.clone()
                }
            };
            let tlp = i64::from(o.tlp);
            let latest_at_tlp = flagged.iter().find(|f| f.4 == 1 && f.2 == tlp);
            let is_latest = latest.is_none_or(|f| version > f.1);
            let is_latest_at_tlp = latest_at_tlp.is_none_or(|f| version > f.1);
            let seq: Option<i64> = sqlx::query_scalar(
                "INSERT INTO taxii_objects (org_id, collection, stix_id, stix_type, version, \
                 spec_version, date_added, tlp, source, object, latest, latest_at_tlp) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (org_id, collection, stix_id, version) DO NOTHING RETURNING seq",
            )
            .bind(org_id)
            .bind(collection)
            .bind(&o.stix_id)
            .bind(&o.stix_type)
            .bind(&version)
            .bind(&o.spec_version)
            .bind(&date_added)
            .bind(tlp)
            .bind(source)
            .bind(&o.json)
            .bind(i64::from(is_latest))
            .bind(i64::from(is_latest_at_tlp))
            .fetch_optional(&mut *tx)
            .await?;
            let Some(seq) = seq else {
                out.push(Added::Existing { version });
                continue;
            };
            // The versions this one supersedes lose their flags (same transaction, so a
            // reader sees exactly one latest version of each object).
            if is_latest && let Some(f) = latest {
                sqlx::query("UPDATE taxii_objects SET latest = 0 WHERE seq = $1")
                    .bind(f.0)
                    .execute(&mut *tx)
                    .await?;
            }
            if is_latest_at_tlp && let Some(f) = latest_at_tlp {
                sqlx::query("UPDATE taxii_objects SET latest_at_tlp = 0 WHERE seq = $1")
                    .bind(f.0)
                    .execute(&mut *tx)
                    .await?;
            }
            if collection == RECEIVED && is_latest && o.stix_type == "indicator" {
                crate::partner::record_version(&mut tx, org_id, source, o, &date_added).await?;
                partner_changed = true;
            }
            out.push(Added::New { seq, version });
        }
        if partner_changed {
            crate::partner::bump_generation(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn taxii_query(&self, q: &TaxiiQuery) -> Result<Vec<TaxiiObject>, StoreError> {
        let Some((sql, args)) = self
            .page_sql(
                q,
                "o.seq, o.org_id, o.stix_id, o.version, o.spec_version, o.date_added, o.tlp, \
                 o.source, o.object",
            )
            .await?
        else {
            return Ok(Vec::new());
        };
        let rows = args
            .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(object_row).collect()
    }

    async fn taxii_objects_page(&self, q: &TaxiiQuery) -> Result<ObjectsPage, StoreError> {
        let page = q.limit.max(0);
        let mut q = q.clone();
        q.limit = page + 1;
        let Some((inner, mut args)) = self.page_sql(&q, "o.seq, o.date_added, o.object").await?
        else {
            return Ok(ObjectsPage::default());
        };
        // One row for the whole page: sqlx hands rows from SQLite's thread to the caller one
        // at a time (a wake-up each), which cost more than the scan itself. Row `page + 1`
        // only says whether more follow.
        let (a, b, c) = (args.int(page), args.int(page), args.int(page));
        let sql = format!(
            "SELECT COUNT(*) AS n, \
             string_agg(CASE WHEN rn <= {a} THEN object END, ',' ORDER BY seq) AS items, \
             MAX(CASE WHEN rn <= {b} THEN seq END) AS last_seq, \
             MIN(date_added) AS first_added, \
             MAX(CASE WHEN rn <= {c} THEN date_added END) AS last_added \
             FROM (SELECT p.seq, p.date_added, p.object, \
             ROW_NUMBER() OVER (ORDER BY p.seq) AS rn FROM ({inner}) p) w"
        );
        let row = args
            .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_one(self.pool())
            .await?;
        let n: i64 = row.try_get("n")?;
        if n == 0 {
            return Ok(ObjectsPage::default());
        }
        Ok(ObjectsPage {
            items: row
                .try_get::<Option<String>, _>("items")?
                .unwrap_or_default(),
            count: n.min(page),
            more: n > page,
            last_seq: row.try_get("last_seq")?,
            first_added: row.try_get("first_added")?,
            last_added: row.try_get("last_added")?,
        })
    }

    async fn taxii_count(&self, view: &TaxiiView) -> Result<i64, StoreError> {
        let mut args = Args::default();
        let sql = format!(
            "SELECT COUNT(*) FROM taxii_objects o WHERE {}",
            view_condition(view, &mut args)
        );
        let row = args
            .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get(0)?)
    }

    async fn taxii_save_status(&self, id: &str, org_id: i64, body: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO taxii_status (id, org_id, created_at, body) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(org_id)
        .bind(format_timestamp(chrono::Utc::now()))
        .bind(body)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    async fn taxii_status(&self, id: &str, org_id: i64) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT body FROM taxii_status WHERE id = $1 AND org_id = $2")
                .bind(id)
                .bind(org_id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    async fn taxii_pull_state(
        &self,
        org_id: i64,
        url: &str,
        collection: &str,
    ) -> Result<Option<(String, i64)>, StoreError> {
        let row = sqlx::query(
            "SELECT added_after, objects FROM taxii_pull_state \
             WHERE org_id = $1 AND url = $2 AND collection = $3",
        )
        .bind(org_id)
        .bind(url)
        .bind(collection)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| Ok((r.try_get("added_after")?, r.try_get("objects")?)))
            .transpose()
    }

    async fn taxii_set_pull_state(
        &self,
        org_id: i64,
        url: &str,
        collection: &str,
        added_after: &str,
        objects: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO taxii_pull_state (org_id, url, collection, added_after, objects, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, url, collection) \
             DO UPDATE SET added_after = excluded.added_after, objects = excluded.objects, \
             updated_at = excluded.updated_at",
        )
        .bind(org_id)
        .bind(url)
        .bind(collection)
        .bind(added_after)
        .bind(objects)
        .bind(format_timestamp(chrono::Utc::now()))
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
