//! The correlation policy: which indicator types link reports, when a widely shared value
//! is a hub, and when two reports are the same incident.
//!
//! Every number here is a rule documented in `docs/CORRELATION.md`. A policy is plain data
//! (serde) so the CLI and the server can read it from their configuration file; changing
//! it means rebuilding the engine, since the partition is a function of policy and reports.

use dragnet_core::IndicatorType;
use serde::{Deserialize, Serialize};

/// How values that are shared too widely are recognised and suppressed.
///
/// Rule: a value seen in at least `candidate_reports` reports is a *candidate*. The
/// *groups* are the connected components that the non-candidate (rare, specific) values and
/// duplicate links alone make. A group is *foreign* to a candidate when it has at least
/// `group_min_reports` reports and fewer than `minor_share_percent` % of them carry the
/// candidate. A candidate with more than `max_foreign_groups` foreign groups is a hub: it
/// is sprinkled thinly over several groups that hold together without it, which is what an
/// official number, a shared shortener or a common payment address looks like, and not
/// what an operation's own phone number looks like (it is carried by most reports of the
/// groups it touches).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HubRule {
    pub candidate_reports: u32,
    pub group_min_reports: u32,
    pub minor_share_percent: u32,
    pub max_foreign_groups: u32,
}

impl Default for HubRule {
    fn default() -> Self {
        HubRule {
            candidate_reports: 10,
            group_min_reports: 3,
            minor_share_percent: 25,
            max_foreign_groups: 2,
        }
    }
}

/// When two reports of the same victim are one incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DuplicateRule {
    /// Largest gap between the two reports' `received_at`, in hours. A report without a
    /// time passes this test (it cannot be told apart by time).
    pub window_hours: u32,
    /// Largest difference between the two losses, in percent of the larger one. Losses in
    /// different currencies never match; a report without a loss matches any loss.
    pub loss_tolerance_percent: u32,
}

impl Default for DuplicateRule {
    fn default() -> Self {
        DuplicateRule {
            window_hours: 72,
            loss_tolerance_percent: 10,
        }
    }
}

/// A value an analyst declared never to link (a suppression the warninglists lack).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SuppressedValue {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    pub value: String,
}

/// Everything the engine's result depends on besides the reports themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Indicator types whose values link reports. `ip` and `other` are left out by default:
    /// addresses of shared hosting, VPN exits and carrier NAT are common to unrelated
    /// operations, and `other` has no normalised form to compare.
    pub link_types: Vec<IndicatorType>,
    pub hub: HubRule,
    pub duplicate: DuplicateRule,
    /// Values that never link, whatever the counts say.
    pub suppress: Vec<SuppressedValue>,
    /// How many indicators a summary lists.
    pub top_indicators: usize,
    /// Most reports `explain` visits when looking for a blocked path.
    pub explain_limit: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            link_types: DEFAULT_LINK_TYPES.to_vec(),
            hub: HubRule::default(),
            duplicate: DuplicateRule::default(),
            suppress: Vec::new(),
            top_indicators: 10,
            explain_limit: 200_000,
        }
    }
}

/// The specific indicator types: each value names one piece of a criminal's
/// infrastructure or one payment account.
pub const DEFAULT_LINK_TYPES: [IndicatorType; 8] = [
    IndicatorType::Phone,
    IndicatorType::Domain,
    IndicatorType::Url,
    IndicatorType::Email,
    IndicatorType::RemoteAccessId,
    IndicatorType::CryptoWallet,
    IndicatorType::Iban,
    IndicatorType::GiftCard,
];
