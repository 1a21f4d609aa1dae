//! Records going into and coming out of the store.

use dragnet_core::{Indicator, RawIndicator, ReportInput};

/// The TLP of a contribution that names none (and of reports stored before TLP existed).
pub const DEFAULT_TLP: &str = "amber";

/// A validated, extracted report ready to store.
#[derive(Debug, Clone)]
pub struct NewReport {
    /// The organisation or channel it came from (`microsoft-dcu`).
    pub source: String,
    /// The source's own id, or the generated one.
    pub id: String,
    pub input: ReportInput,
    /// Extracted and normalised indicators (narrative and structured, merged).
    pub indicators: Vec<Indicator>,
    /// The organisation that received it (owns its personal data); `None`: nobody yet.
    pub org_id: Option<i64>,
    /// TLP 2.0 marking of the contribution (`clear`, `green`, `amber`, `amber+strict`,
    /// `red`): how far other organisations may see it. Default `amber`.
    pub tlp: String,
    /// What storing and linking it needs, computed ahead by [`NewReport::prepare`] (on the
    /// importer's worker threads) instead of on the single writer; `None`: computed when
    /// stored.
    pub(crate) prepared: Option<Prepared>,
}

/// The per-report work of storing and linking that needs no database: the sealed reporter
/// block, the victim hash, the JSON columns and the brands the narrative names.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// Fingerprint of the key that sealed and hashed, so a report prepared with another
    /// key is never stored with it.
    pub(crate) key: String,
    pub(crate) reporter_sealed: Option<Vec<u8>>,
    pub(crate) victim: Option<String>,
    pub(crate) submitted_json: String,
    pub(crate) extracted_json: String,
    pub(crate) narrative_brands: Vec<String>,
}

impl Prepared {
    pub(crate) fn of(r: &NewReport, key: &crate::DataKey) -> Self {
        let i = &r.input;
        let reporter_sealed = (i.reporter != dragnet_core::Reporter::default()).then(|| {
            // Invariant: Reporter is plain strings; serialising it cannot fail.
            let json = serde_json::to_vec(&i.reporter).unwrap_or_default();
            key.seal(&json)
        });
        Prepared {
            key: key.fingerprint(),
            reporter_sealed,
            victim: key.victim_of(&i.reporter),
            submitted_json: serde_json::to_string(&i.indicators).unwrap_or_else(|_| "[]".into()),
            extracted_json: serde_json::to_string(&r.indicators).unwrap_or_else(|_| "[]".into()),
            narrative_brands: crate::operations::narrative_brands(&i.narrative),
        }
    }
}

impl NewReport {
    /// Builds the stored form of a parsed report; `default_source` applies when the
    /// report names none.
    pub fn new(input: ReportInput, indicators: Vec<Indicator>, default_source: &str) -> Self {
        let source = input
            .source
            .clone()
            .unwrap_or_else(|| default_source.to_string());
        let id = input.effective_id();
        NewReport {
            source,
            id,
            input,
            indicators,
            org_id: None,
            tlp: DEFAULT_TLP.to_string(),
            prepared: None,
        }
    }

    /// Does ahead of time, with the store's data key, the work of storing and linking that
    /// needs no database (sealing the reporter block, the victim hash, JSON, narrative
    /// brands), so that callers with spare threads take it off the single writer. Optional:
    /// whatever is not prepared is computed when the report is stored.
    pub fn prepare(&mut self, key: &crate::DataKey) {
        self.prepared = Some(Prepared::of(self, key));
    }

    /// The prepared work, when it was prepared with the key of fingerprint `key` (else it
    /// is redone).
    pub(crate) fn prepared_with(&self, key: &str) -> Option<&Prepared> {
        self.prepared.as_ref().filter(|p| p.key == key)
    }

    /// The same report, marked with a TLP level (already validated by the caller).
    pub fn marked(mut self, tlp: &str) -> Self {
        self.tlp = tlp.to_string();
        self
    }

    /// The same report, owned by an organisation.
    pub fn owned_by(mut self, org_id: Option<i64>) -> Self {
        self.org_id = org_id;
        self
    }
}

/// What happened to one report of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Stored now, under this storage sequence number.
    New(i64),
    /// The same (source, id) was already stored; nothing changed.
    Duplicate,
}

/// A stored report, without its personal data (ask [`crate::ReportStore::reporter`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredReport {
    #[serde(skip)]
    pub seq: i64,
    pub id: String,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_at: Option<String>,
    pub imported_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loss: Option<serde_json::Value>,
    pub narrative: String,
    /// Indicators as the source stated them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub submitted: Vec<RawIndicator>,
    /// Extracted, normalised indicators.
    pub indicators: Vec<Indicator>,
    /// True when a (sealed) reporter block is stored.
    pub has_reporter: bool,
    #[serde(skip)]
    pub victim_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// The owning organisation.
    #[serde(skip)]
    pub org_id: Option<i64>,
    /// TLP 2.0 marking of the contribution.
    pub tlp: String,
}

/// A report carrying a given indicator.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IndicatorHit {
    pub source: String,
    pub id: String,
    pub cluster: Option<String>,
}

/// "Report `source`/`id` belongs to operation `cluster`" (`None`: to none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub source: String,
    pub id: String,
    pub cluster: Option<String>,
}

/// One change to the stored operations, applied in order by
/// [`crate::ReportStore::insert_and_link`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStep {
    Assign(Vec<Assignment>),
    /// Every report of operation `from` moves to `to` (a merge keeps the older id).
    Rename {
        from: String,
        to: String,
    },
}
