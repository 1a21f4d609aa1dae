//! Indicator types and the extracted-indicator record of FORMATS.md §2.
//!
//! `RawIndicator` is what a report says (`{"type": "phone", "value": "0800 123 4567"}`);
//! `Indicator` is what extraction made of it: a normalised `value` that correlation, the
//! check and sharing compare byte for byte, plus the `raw` text it came from.

use std::fmt;
use std::str::FromStr;

/// The kinds of indicator FORMATS.md §1 and §2 name. Serialised in snake_case.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorType {
    Phone,
    Url,
    Domain,
    Email,
    Ip,
    RemoteAccessId,
    CryptoWallet,
    Iban,
    GiftCard,
    Other,
}

impl IndicatorType {
    pub const ALL: [IndicatorType; 10] = [
        Self::Phone,
        Self::Url,
        Self::Domain,
        Self::Email,
        Self::Ip,
        Self::RemoteAccessId,
        Self::CryptoWallet,
        Self::Iban,
        Self::GiftCard,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Url => "url",
            Self::Domain => "domain",
            Self::Email => "email",
            Self::Ip => "ip",
            Self::RemoteAccessId => "remote_access_id",
            Self::CryptoWallet => "crypto_wallet",
            Self::Iban => "iban",
            Self::GiftCard => "gift_card",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for IndicatorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for IndicatorType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|t| t.as_str() == s).ok_or_else(|| {
            format!(
                "`{s}` is not an indicator type (expected one of phone, url, domain, email, ip, \
                 remote_access_id, crypto_wallet, iban, gift_card, other)"
            )
        })
    }
}

/// An indicator as a report states it, before normalisation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RawIndicator {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    pub value: String,
}

/// An extracted, normalised indicator (one element of FORMATS.md §2's `indicators`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Indicator {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    /// The normalised value (E.164 phone, punycode domain, re-fanged URL…).
    pub value: String,
    /// The text it was found in, verbatim.
    pub raw: String,
    /// Phone: the region libphonenumber assigns (ISO 3166-1 alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Phone: `toll_free`, `mobile`, `fixed_line`, `premium_rate`…; wallet: `btc`, `eth`…;
    /// remote access: the tool; gift card: the card brand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Set when a warninglist says the value is not scam infrastructure: the list's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

impl Indicator {
    pub fn new(ty: IndicatorType, value: impl Into<String>, raw: impl Into<String>) -> Self {
        Self {
            ty,
            value: value.into(),
            raw: raw.into(),
            country: None,
            kind: None,
            warning: None,
        }
    }

    /// `type:value`, the key correlation and the store index indicators by.
    pub fn key(&self) -> String {
        format!("{}:{}", self.ty, self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_round_trip() {
        for t in IndicatorType::ALL {
            assert_eq!(t.as_str().parse::<IndicatorType>().unwrap(), t);
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
        }
        assert!("telephone".parse::<IndicatorType>().is_err());
    }
}
