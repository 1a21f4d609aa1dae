//! The indicator as sharing sees it: a normalised value (FORMATS.md §2) with what a partner
//! needs to act on it (confidence, first and last seen) and the warninglist flag that keeps
//! it out of blocklists. It carries no victim data and no raw text.

use chrono::{DateTime, Utc};
use dragnet_core::{Indicator, IndicatorType};
use serde::{Deserialize, Serialize};

/// One indicator to share or that was received from a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedIndicator {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    /// The normalised value, compared byte for byte.
    pub value: String,
    /// Wallet `btc`/`eth`/`xmr`…, remote-access tool, gift-card brand, phone line type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// 0–100 (STIX confidence scale); `None` when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<DateTime<Utc>>,
    /// The warninglist that says this is not scam infrastructure; such values are never
    /// exported to blocklists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

impl SharedIndicator {
    pub fn new(ty: IndicatorType, value: impl Into<String>) -> Self {
        SharedIndicator {
            ty,
            value: value.into(),
            kind: None,
            confidence: None,
            first_seen: None,
            last_seen: None,
            warning: None,
        }
    }

    pub fn with_confidence(mut self, confidence: u8) -> Self {
        self.confidence = Some(confidence.min(100));
        self
    }

    pub fn with_kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = Some(kind.into());
        self
    }

    /// `type:value`, the same key as [`Indicator::key`].
    pub fn key(&self) -> String {
        format!("{}:{}", self.ty, self.value)
    }
}

impl From<&Indicator> for SharedIndicator {
    fn from(i: &Indicator) -> Self {
        SharedIndicator {
            ty: i.ty,
            value: i.value.clone(),
            kind: i.kind.clone(),
            confidence: None,
            first_seen: None,
            last_seen: None,
            warning: i.warning.clone(),
        }
    }
}
