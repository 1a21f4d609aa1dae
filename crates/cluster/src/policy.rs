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
/// Rule: a value of a linking type is a *hub* when it is carried by at least `min_reports`
/// reports from at least `min_sources` sources and it sits next to more than
/// `max_partners` distinct *partners*: other values of a linking type, each carried by at
/// least `partner_min_reports` reports, that appear in a report together with it. An
/// operation's phone number sits next to its own handful of domains, e-mails and wallets;
/// an official number, a URL shortener or a payment processor that the warninglists lack
/// sits next to the infrastructure of every operation. Every quantity only grows as reports
/// arrive, so a value that became a hub stays one, and the verdict depends only on the set
/// of reports, never on their order.
///
/// Scale: a big operation rotating hundreds of domains, wallets and gift cards gives its own
/// phone number hundreds of partners too, but spread over thousands of reports (one new item
/// every ten reports or so), while a hub brings a new partner with nearly every report (each
/// report names some operation's infrastructure beside it). So a value is a hub only while
/// its partners also number at least `partners_per_100_reports` per hundred of its reports.
/// That ratio falls as an operation grows; it is judged whenever the value or a partner
/// changes, and a value that was judged a hub stays one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HubRule {
    pub min_reports: u32,
    pub min_sources: u32,
    pub partner_min_reports: u32,
    pub max_partners: u32,
    pub partners_per_100_reports: u32,
}

impl Default for HubRule {
    fn default() -> Self {
        HubRule {
            min_reports: 20,
            min_sources: 1,
            partner_min_reports: 5,
            max_partners: 60,
            partners_per_100_reports: 35,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_partial_configuration_with_defaults() {
        let p: Policy = serde_json::from_str(
            r#"{"hub": {"max_partners": 10}, "link_types": ["phone", "ip"],
                "suppress": [{"type": "domain", "value": "bit.ly"}]}"#,
        )
        .unwrap();
        assert_eq!(
            p.hub,
            HubRule {
                max_partners: 10,
                ..HubRule::default()
            }
        );
        assert_eq!(p.link_types, vec![IndicatorType::Phone, IndicatorType::Ip]);
        assert_eq!(p.suppress[0].value, "bit.ly");
        assert_eq!(p.duplicate, DuplicateRule::default());
        let err = serde_json::from_str::<Policy>(r#"{"hubs": {}}"#)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("unknown field `hubs`"), "{err}");
    }
}
