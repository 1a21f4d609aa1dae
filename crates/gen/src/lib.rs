//! `dragnet-gen`: realistic tech-support-scam report scenarios with ground truth.
//!
//! The model follows the 2023 Microsoft + Amazon referral (Operation Chakra-II): victims in
//! the US, Canada, Germany, Australia, Spain and the UK report to the brand they thought
//! they were dealing with; behind the reports stand a few dozen call-centre operations of
//! power-law sizes whose phone numbers, look-alike domains, e-mail addresses, remote-access
//! ids, wallets and mule accounts rotate over time. Noise reports, official numbers and
//! domains, and duplicate reports make correlation hard. docs/GENERATOR.md describes the
//! model, the distributions and the normal forms of the ground truth.
//!
//! The crate is pure: [`generate`] returns a [`Scenario`] in memory, [`stream`] yields
//! reports one at a time for million-report benchmarks; writing files is the caller's job.
//! Same configuration, same output, byte for byte.
#![forbid(unsafe_code)]

pub mod checksum;
mod domain;
mod narrative;
mod payment;
mod people;
mod phone;
mod scenario;
mod util;

use chrono::{DateTime, TimeZone, Utc};
use dragnet_core::IndicatorType;
use serde::{Deserialize, Serialize};

/// Gift-card brand slugs, the part before `:` in a gift-card normal form.
pub const GIFT_CARD_BRANDS: &[&str] =
    &["google_play", "apple", "amazon", "steam", "ebay", "target"];

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenConfig {
    /// Distinct incidents (victims), noise reporters included. Reports ≈ victims × 1.03
    /// because ~3 % of victims report twice.
    pub victims: usize,
    pub seed: u64,
    /// Number of operations; `None` scales with victims (≈ 2.6 · victims^0.35: 37 for
    /// 2,000 victims, ~330 for a million).
    pub operations: Option<usize>,
    /// Start of the reporting window.
    pub start: DateTime<Utc>,
    /// Length of the reporting window in days.
    pub days: u32,
}

impl GenConfig {
    /// `victims` victims with `seed`, every other setting at its default.
    pub fn new(victims: usize, seed: u64) -> Self {
        GenConfig {
            victims,
            seed,
            ..Self::default()
        }
    }

    /// The number of operations this configuration produces.
    pub fn operation_count(&self) -> usize {
        scenario::operation_count(self)
    }
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            victims: 2000,
            seed: 1,
            operations: None,
            // Invariant: a fixed, valid calendar date.
            start: Utc
                .with_ymd_and_hms(2023, 1, 1, 0, 0, 0)
                .single()
                .unwrap_or_default(),
            days: 300,
        }
    }
}

/// A generated scenario: reports (FORMATS.md §1 objects) in time order, one truth row per
/// report (same order), and the operations behind them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scenario {
    pub reports: Vec<serde_json::Value>,
    pub truth: Vec<TruthRow>,
    pub operations: Vec<OperationTruth>,
}

/// The truth about one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthRow {
    /// The report's `id`.
    pub report: String,
    /// The report's `source`.
    pub source: String,
    /// The operation behind it (`op-07`); `None` for noise reports.
    pub operation: Option<String>,
    /// For the second report of the same incident by the same victim: the first one's id.
    pub duplicate_of: Option<String>,
    /// Every indicator the report carries (narrative and structured), normalised as a
    /// perfect extractor would, sorted by type then value, without repeats.
    pub indicators: Vec<TruthIndicator>,
}

/// One indicator of a report in its normal form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TruthIndicator {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    pub value: String,
    /// Why it is there: `infrastructure` (the operation's, links its reports), `payment`
    /// (a victim's gift-card code), `victim` (the reporter's own number, e-mail or
    /// remote-access id), `official` (a brand's real number or domain, a legitimate
    /// download site: must never link), `unrelated` (from an unrelated scam in a noise report).
    pub role: Role,
}

/// See [`TruthIndicator::role`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Infrastructure,
    Payment,
    Victim,
    Official,
    Unrelated,
}

/// The truth about one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationTruth {
    pub id: String,
    /// Brands it impersonates (`Microsoft`, `Amazon`, `Apple`, `PayPal`, `Norton`).
    pub brands: Vec<String>,
    /// Victims (distinct incidents).
    pub size: usize,
    /// Reports, duplicates included.
    pub reports: usize,
    /// Sources that received its reports, sorted.
    pub sources: Vec<String>,
    /// Victims per country (ISO 3166-1), sorted by code.
    pub countries: Vec<(String, usize)>,
    /// The window it was planned to be active in.
    pub active_from: DateTime<Utc>,
    pub active_until: DateTime<Utc>,
    /// Every infrastructure item it put into service, in order of creation.
    pub infrastructure: Vec<InfraTruth>,
}

/// One infrastructure item of an operation and its life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfraTruth {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    /// Normal form (the registrable domain for sites).
    pub value: String,
    /// Phone: libphonenumber type; wallet: `btc`/`eth`; remote access: the tool; domain:
    /// the squatting trick.
    pub kind: Option<String>,
    /// Phone: region; IBAN: country.
    pub country: Option<String>,
    /// Brand, for sites.
    pub brand: Option<String>,
    /// When it went into service and when it was retired (`None`: still active at the end).
    pub active_from: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
    /// Reports that carry it.
    pub reports: usize,
}

/// Generates a whole scenario in memory.
pub fn generate(cfg: &GenConfig) -> Scenario {
    let mut g = scenario::Generator::new(cfg);
    let mut reports = Vec::with_capacity(cfg.victims + cfg.victims / 20);
    let mut truth = Vec::with_capacity(reports.capacity());
    for (r, t) in g.by_ref() {
        reports.push(r);
        truth.push(t);
    }
    let operations = g.operations_truth();
    Scenario {
        reports,
        truth,
        operations,
    }
}

/// Yields `(report, truth)` in time order with memory bounded by the operations'
/// infrastructure, not by the number of reports. Same reports as [`generate`].
pub fn stream(cfg: &GenConfig) -> impl Iterator<Item = (serde_json::Value, TruthRow)> {
    scenario::Generator::new(cfg)
}
