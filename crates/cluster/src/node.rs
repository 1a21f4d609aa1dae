//! What the engine is told about one report: the fields correlation and summaries need,
//! already extracted and normalised by the caller (storage drives extraction).

use chrono::{DateTime, Utc};
use dragnet_core::{Country, Indicator, Money};
use serde::Serialize;

/// One report as correlation sees it. Serialisable for logs and fixtures (core's `Money` has
/// no `Deserialize`, so nodes are built in code, not read back).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportNode {
    /// `source/id`: unique across the store. Adding a key twice is a no-op.
    pub key: String,
    /// The organisation that received the report.
    pub source: String,
    pub received_at: Option<DateTime<Utc>>,
    /// The victim's country.
    pub country: Option<Country>,
    /// The brand the report names (FORMATS §1 `brand`).
    pub brand: Option<String>,
    /// Brands the narrative mentions (from extraction's assessment).
    pub narrative_brands: Vec<String>,
    pub loss: Option<Money>,
    /// Keyed hash of the victim's normalised e-mail or phone, computed by storage: the same
    /// victim gives the same string. Never the personal data itself.
    pub victim: Option<String>,
    pub indicators: Vec<Indicator>,
}

impl ReportNode {
    /// A node with only a key, a source and indicators (tests, benchmarks).
    pub fn new(
        key: impl Into<String>,
        source: impl Into<String>,
        indicators: Vec<Indicator>,
    ) -> Self {
        ReportNode {
            key: key.into(),
            source: source.into(),
            received_at: None,
            country: None,
            brand: None,
            narrative_brands: Vec::new(),
            loss: None,
            victim: None,
            indicators,
        }
    }

    /// The source's own id: the key without its `source/` prefix.
    pub fn id(&self) -> &str {
        report_id(&self.key, &self.source)
    }
}

/// `key` without the `source/` prefix, or the whole key when it has none.
pub(crate) fn report_id<'a>(key: &'a str, source: &str) -> &'a str {
    key.strip_prefix(source)
        .and_then(|k| k.strip_prefix('/'))
        .unwrap_or(key)
}
