//! Partners' indicators: the values of the `indicator` objects an organisation pulled
//! (`dragnet pull`) or imported (`import --format stix|misp`) into its `received` TAXII
//! collection, kept as rows the check and the analysts' search can use.
//!
//! [`crate::TaxiiStore::taxii_add`] writes them in the transaction that stores a new latest
//! version of an indicator in `received` ([`record_version`]): the version's pattern is read
//! with `dragnet_share::stix` (so values are normalised exactly as local ones), values it no
//! longer carries are removed, a revoked version removes them all, and values it keeps keep
//! their `first_seen`. Every such transaction bumps `partner_intel_state.generation`; a
//! [`PartnerIntel`] (the in-memory index the check reads, like the correlation engine)
//! reloads when the generation moved.
//!
//! Who may see an entry is decided by [`disclose`] (TLP 2.0): members of the receiving
//! organisation see it up to TLP:AMBER+STRICT with where it came from; everyone else sees
//! only TLP:CLEAR entries, without the receiving organisation's feed; TLP:RED entries are
//! never disclosed by the check or search (they stay in the `received` collection).

use crate::taxii::{NewTaxiiObject, RECEIVED};
use crate::{ReportStore, SqlStore, StoreError};
use dragnet_core::IndicatorType;
use serde_json::{Value, json};
use sqlx::Row;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, RwLock};

/// TLP levels as stored (0 CLEAR … 4 RED) and as shown.
const TLP_NAMES: [&str; 5] = ["clear", "green", "amber", "amber+strict", "red"];
/// The strictest level a member of the receiving organisation is shown.
const MEMBERS_UP_TO: u8 = 3;

/// One partner's value, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerIndicator {
    /// The receiving organisation.
    pub org_id: i64,
    /// The `indicator` object carrying the value.
    pub stix_id: String,
    pub ty: IndicatorType,
    /// Normalised as Dragnet normalises local values.
    pub value: String,
    /// Where it came from: `pull:URL#collection` or `file:NAME`.
    pub source: String,
    /// The producer's `identity` name (`created_by_ref`), when the received objects hold it.
    pub producer: Option<String>,
    /// TLP 2.0 level, 0 (CLEAR) to 4 (RED).
    pub tlp: u8,
    pub confidence: Option<u8>,
    /// When this organisation first received the value from that indicator (RFC 3339).
    pub first_seen: String,
    /// When it last received a version carrying it.
    pub last_seen: String,
}

impl PartnerIndicator {
    /// `type:value`, the key the check and the correlation engine use.
    pub fn key(&self) -> String {
        format!("{}:{}", self.ty.as_str(), self.value)
    }
}

/// Storage of partners' indicators; implemented by [`SqlStore`] on both databases.
#[async_trait::async_trait]
pub trait PartnerIntelStore: Send + Sync + 'static {
    /// Moves whenever the partners' indicators change.
    async fn partner_generation(&self) -> Result<i64, StoreError>;

    /// Every partner indicator with its producer's name, and the generation they are of.
    /// Fills the table first from objects received before it existed (once).
    async fn partner_indicators(&self) -> Result<(i64, Vec<PartnerIndicator>), StoreError>;
}

/// One value of an indicator object: type, normalised value, confidence.
type Carried = (IndicatorType, String, Option<u8>);

/// The values a stored indicator object carries, deduplicated, warninglisted ones left out
/// (empty for a revoked one or one Dragnet cannot read), and its `created_by_ref`.
fn values_of(object: &Value) -> (Vec<Carried>, Option<String>) {
    let producer = object
        .get("created_by_ref")
        .and_then(Value::as_str)
        .map(str::to_string);
    let bundle = json!({"type": "bundle", "objects": [object]});
    let Ok(report) = dragnet_share::stix::import_value(&bundle) else {
        return (Vec::new(), producer);
    };
    let mut seen = HashSet::new();
    let values = report
        .indicators
        .into_iter()
        .filter(|i| i.indicator.warning.is_none())
        .filter(|i| seen.insert((i.indicator.ty, i.indicator.value.clone())))
        .map(|i| (i.indicator.ty, i.indicator.value, i.indicator.confidence))
        .collect();
    (values, producer)
}

/// Records the values of a new latest version of an indicator in `received` (called by
/// `taxii_add` inside its transaction).
pub(crate) async fn record_version(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    org_id: i64,
    source: &str,
    o: &NewTaxiiObject,
    date_added: &str,
) -> Result<(), StoreError> {
    let object: Value = serde_json::from_str(&o.json).unwrap_or(Value::Null);
    let (values, producer) = values_of(&object);
    let keep: HashSet<(&str, &str)> = values
        .iter()
        .map(|(t, v, _)| (t.as_str(), v.as_str()))
        .collect();
    let old: Vec<(String, String)> = sqlx::query_as(
        "SELECT ind_type, value FROM partner_indicators WHERE org_id = $1 AND stix_id = $2",
    )
    .bind(org_id)
    .bind(&o.stix_id)
    .fetch_all(&mut **tx)
    .await?;
    for (t, v) in old.iter().filter(|(t, v)| !keep.contains(&(t, v))) {
        sqlx::query(
            "DELETE FROM partner_indicators WHERE org_id = $1 AND stix_id = $2 \
             AND ind_type = $3 AND value = $4",
        )
        .bind(org_id)
        .bind(&o.stix_id)
        .bind(t)
        .bind(v)
        .execute(&mut **tx)
        .await?;
    }
    for (t, v, confidence) in &values {
        sqlx::query(
            "INSERT INTO partner_indicators (org_id, stix_id, ind_type, value, source, \
             producer_ref, tlp, confidence, first_seen, last_seen) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
             ON CONFLICT (org_id, stix_id, ind_type, value) DO UPDATE SET \
             source = excluded.source, producer_ref = excluded.producer_ref, tlp = excluded.tlp, \
             confidence = excluded.confidence, last_seen = excluded.last_seen",
        )
        .bind(org_id)
        .bind(&o.stix_id)
        .bind(t.as_str())
        .bind(v)
        .bind(source)
        .bind(producer.clone())
        .bind(i64::from(o.tlp))
        .bind(confidence.map(i64::from))
        .bind(date_added)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(crate) async fn bump_generation(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE partner_intel_state SET generation = generation + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl SqlStore {
    /// Fills `partner_indicators` from the latest indicator versions already in `received`
    /// collections, once (objects received before migration 0011).
    async fn partner_backfill(&self) -> Result<(), StoreError> {
        let built: i64 = sqlx::query_scalar("SELECT built FROM partner_intel_state WHERE id = 1")
            .fetch_one(self.pool())
            .await?;
        if built == 1 {
            return Ok(());
        }
        let mut tx = match self.backend() {
            crate::Backend::Sqlite => self.pool().begin_with("BEGIN IMMEDIATE").await?,
            crate::Backend::Postgres => {
                let mut tx = self.pool().begin().await?;
                // The writers' lock of `taxii_add`: no object arrives half-recorded.
                sqlx::query("LOCK TABLE taxii_objects IN EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await?;
                tx
            }
        };
        let built: i64 = sqlx::query_scalar("SELECT built FROM partner_intel_state WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
        if built == 0 {
            let rows = sqlx::query(
                "SELECT org_id, stix_id, version, tlp, source, date_added, object \
                 FROM taxii_objects WHERE collection = $1 AND stix_type = 'indicator' \
                 AND latest = 1 ORDER BY seq",
            )
            .bind(RECEIVED)
            .fetch_all(&mut *tx)
            .await?;
            for r in &rows {
                let o = NewTaxiiObject {
                    stix_id: r.try_get("stix_id")?,
                    stix_type: "indicator".into(),
                    version: Some(r.try_get("version")?),
                    spec_version: "2.1".into(),
                    tlp: u8::try_from(r.try_get::<i64, _>("tlp")?).unwrap_or(4),
                    json: r.try_get("object")?,
                };
                let source: String = r.try_get("source")?;
                let date_added: String = r.try_get("date_added")?;
                record_version(&mut tx, r.try_get("org_id")?, &source, &o, &date_added).await?;
            }
            sqlx::query(
                "UPDATE partner_intel_state SET built = 1, generation = generation + 1 \
                 WHERE id = 1",
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl PartnerIntelStore for SqlStore {
    async fn partner_generation(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT generation FROM partner_intel_state WHERE id = 1")
                .fetch_one(self.pool())
                .await?,
        )
    }

    async fn partner_indicators(&self) -> Result<(i64, Vec<PartnerIndicator>), StoreError> {
        self.partner_backfill().await?;
        // One snapshot: the generation read in the same transaction as the rows.
        let mut tx = self.pool().begin().await?;
        let generation: i64 =
            sqlx::query_scalar("SELECT generation FROM partner_intel_state WHERE id = 1")
                .fetch_one(&mut *tx)
                .await?;
        // Producers' names: the latest `identity` objects of the `received` collections.
        let mut names: HashMap<(i64, String), String> = HashMap::new();
        for r in sqlx::query(
            "SELECT org_id, stix_id, object FROM taxii_objects WHERE collection = $1 \
             AND stix_type = 'identity' AND latest = 1",
        )
        .bind(RECEIVED)
        .fetch_all(&mut *tx)
        .await?
        {
            let object: String = r.try_get("object")?;
            if let Some(name) = serde_json::from_str::<Value>(&object)
                .ok()
                .and_then(|v| v.get("name").and_then(Value::as_str).map(str::to_string))
            {
                names.insert((r.try_get("org_id")?, r.try_get("stix_id")?), name);
            }
        }
        let rows = sqlx::query(
            "SELECT org_id, stix_id, ind_type, value, source, producer_ref, tlp, confidence, \
             first_seen, last_seen FROM partner_indicators",
        )
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let ty: String = r.try_get("ind_type")?;
            let Ok(ty) = ty.parse::<IndicatorType>() else {
                continue;
            };
            let org_id: i64 = r.try_get("org_id")?;
            let producer_ref: Option<String> = r.try_get("producer_ref")?;
            out.push(PartnerIndicator {
                org_id,
                stix_id: r.try_get("stix_id")?,
                ty,
                value: r.try_get("value")?,
                source: r.try_get("source")?,
                producer: producer_ref.and_then(|p| names.get(&(org_id, p)).cloned()),
                tlp: u8::try_from(r.try_get::<i64, _>("tlp")?).unwrap_or(4),
                confidence: r
                    .try_get::<Option<i64>, _>("confidence")?
                    .and_then(|c| u8::try_from(c).ok()),
                first_seen: r.try_get("first_seen")?,
                last_seen: r.try_get("last_seen")?,
            });
        }
        Ok((generation, out))
    }
}

/// Who asks: nobody signed in, or a member of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerViewer {
    Public,
    Org(i64),
}

/// What `viewer` may see of `e`, as JSON; `None` when nothing (see the module docs).
pub fn disclose(viewer: PartnerViewer, e: &PartnerIndicator) -> Option<Value> {
    let own = viewer == PartnerViewer::Org(e.org_id);
    let visible = match e.tlp {
        0 => true,
        t if t <= MEMBERS_UP_TO => own,
        _ => false,
    };
    if !visible {
        return None;
    }
    let mut v = json!({
        "key": e.key(),
        "type": e.ty.as_str(),
        "value": e.value,
        "tlp": TLP_NAMES[usize::from(e.tlp.min(4))],
        "since": e.first_seen,
        "last_seen": e.last_seen,
    });
    if let Some(p) = &e.producer {
        v["partner"] = json!(p);
    }
    if let Some(c) = e.confidence {
        v["confidence"] = json!(c);
    }
    if own {
        // The receiving organisation's own feeds: not for anyone else.
        match e.source.split_once(':') {
            Some(("pull", rest)) => {
                let (url, collection) = rest.rsplit_once('#').unwrap_or((rest, ""));
                v["feed"] = json!({"kind": "taxii", "url": url, "collection": collection});
            }
            Some(("file", name)) => v["feed"] = json!({"kind": "file", "name": name}),
            _ => v["feed"] = json!({"kind": "other", "name": e.source}),
        }
        v["indicator"] = json!(e.stix_id);
    }
    Some(v)
}

#[derive(Default)]
struct Index {
    generation: Option<i64>,
    /// `type:value` → entries (several partners, feeds or organisations may hold a value).
    by_key: BTreeMap<String, Vec<Arc<PartnerIndicator>>>,
    len: usize,
}

/// The in-memory index of partners' indicators the check reads (no request touches the
/// database for it). [`PartnerIntel::refresh`] reloads it when the store's generation moved.
#[derive(Default)]
pub struct PartnerIntel {
    index: RwLock<Index>,
}

impl PartnerIntel {
    /// Loads every partner indicator of `store`.
    pub async fn load(store: &dyn PartnerIntelStore) -> Result<Self, StoreError> {
        let p = PartnerIntel::default();
        p.refresh(store).await?;
        Ok(p)
    }

    /// Reloads when the store's generation differs from the loaded one; true if it did.
    pub async fn refresh(&self, store: &dyn PartnerIntelStore) -> Result<bool, StoreError> {
        let generation = store.partner_generation().await?;
        if self.read().generation == Some(generation) {
            return Ok(false);
        }
        let (generation, rows) = store.partner_indicators().await?;
        let mut by_key: BTreeMap<String, Vec<Arc<PartnerIndicator>>> = BTreeMap::new();
        let len = rows.len();
        for r in rows {
            by_key.entry(r.key()).or_default().push(Arc::new(r));
        }
        *self.index.write().unwrap_or_else(|e| e.into_inner()) = Index {
            generation: Some(generation),
            by_key,
            len,
        };
        Ok(true)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Index> {
        // A panic while holding the lock left a complete index (it is swapped whole).
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Entries in the index.
    pub fn len(&self) -> usize {
        self.read().len
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether any entry (whoever may see it) has this key: a check that finds none needs
    /// no caller.
    pub fn has_key(&self, key: &str) -> bool {
        self.read().by_key.contains_key(key)
    }

    /// What `viewer` may see of the entries for `key` (`type:value`).
    pub fn lookup(&self, viewer: PartnerViewer, key: &str) -> Vec<Value> {
        let index = self.read();
        index
            .by_key
            .get(key)
            .map(|es| es.iter().filter_map(|e| disclose(viewer, e)).collect())
            .unwrap_or_default()
    }

    /// What `viewer` may see of entries whose key starts with `key_prefix`, at most `limit`.
    pub fn prefix(&self, viewer: PartnerViewer, key_prefix: &str, limit: usize) -> Vec<Value> {
        let index = self.read();
        index
            .by_key
            .range(key_prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(key_prefix))
            .flat_map(|(_, es)| es.iter().filter_map(|e| disclose(viewer, e)))
            .take(limit)
            .collect()
    }
}
