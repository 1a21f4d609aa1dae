//! STIX 2.1: how Dragnet's indicators and operations map to STIX objects, and back.
//!
//! Mapping (full tables in `docs/SHARING.md`): domains, URLs, e-mail addresses and IP
//! addresses are the standard cyber-observables (`domain-name`, `url`, `email-addr`,
//! `ipv4-addr`, `ipv6-addr`); phone numbers, remote-access ids, crypto wallets, IBANs and
//! gift cards are new SCO types defined by Dragnet's `extension-definition` objects
//! ([`CUSTOM_SCOS`]), which every exported bundle carries. `other` values are free text and
//! are never exported. An operation becomes a `campaign` attributed to an unnamed
//! `threat-actor`, using `infrastructure`, targeting the impersonated brands (`identity`),
//! with `sighting`s that hold only counts per country and period.

pub mod export;
pub mod import;
pub mod pattern;

pub use export::{Bundle, BundleBuilder, SightingCount};
pub use import::{ImportError, ImportReport, ImportedIndicator, import_bundle, import_value};

use crate::ids;
use chrono::{DateTime, TimeZone, Utc};
use dragnet_core::IndicatorType;
use serde_json::{Value, json};

/// One Dragnet-defined cyber-observable type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomSco {
    pub indicator_type: IndicatorType,
    /// The STIX object type, e.g. `x-dragnet-phone-number`.
    pub object_type: &'static str,
    pub description: &'static str,
    /// JSON Schema of the object, shipped in `data/stix-extensions/`.
    pub schema_json: &'static str,
}

/// Dragnet's new SCO types, one extension definition each.
pub const CUSTOM_SCOS: [CustomSco; 5] = [
    CustomSco {
        indicator_type: IndicatorType::Phone,
        object_type: "x-dragnet-phone-number",
        description: "A telephone number used by a scam operation, in E.164 form (`value`), \
                      with its line type (`kind`: toll_free, mobile, fixed_line, voip, premium_rate...).",
        schema_json: include_str!("../../data/stix-extensions/x-dragnet-phone-number.json"),
    },
    CustomSco {
        indicator_type: IndicatorType::RemoteAccessId,
        object_type: "x-dragnet-remote-access-id",
        description: "A remote-access tool identifier a scammer asked a victim to connect to, \
                      as `tool:id` (`value`, e.g. anydesk:123456789), with the tool (`kind`).",
        schema_json: include_str!("../../data/stix-extensions/x-dragnet-remote-access-id.json"),
    },
    CustomSco {
        indicator_type: IndicatorType::CryptoWallet,
        object_type: "x-dragnet-crypto-wallet",
        description: "A cryptocurrency address victims were told to pay to, as written with its \
                      checksum verified (`value`), with the currency (`kind`: btc, eth, ltc, xmr...).",
        schema_json: include_str!("../../data/stix-extensions/x-dragnet-crypto-wallet.json"),
    },
    CustomSco {
        indicator_type: IndicatorType::Iban,
        object_type: "x-dragnet-iban",
        description: "A bank account (ISO 13616 IBAN, upper case without spaces, checksum \
                      verified) victims were told to pay to.",
        schema_json: include_str!("../../data/stix-extensions/x-dragnet-iban.json"),
    },
    CustomSco {
        indicator_type: IndicatorType::GiftCard,
        object_type: "x-dragnet-gift-card",
        description: "A gift-card code victims were made to buy and read out, normalised \
                      (`value`), with the card brand (`kind`).",
        schema_json: include_str!("../../data/stix-extensions/x-dragnet-gift-card.json"),
    },
];

/// Version of Dragnet's extension definitions; bump with `EXTENSIONS_MODIFIED` on any change.
pub const EXTENSIONS_VERSION: &str = "1.0.0";

/// Creation (and last modification) date of Dragnet's extension definitions.
pub fn extensions_created() -> DateTime<Utc> {
    // Invariant: a valid constant date.
    Utc.with_ymd_and_hms(2026, 11, 21, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The identity that authors Dragnet's extension definitions: the same id in every
/// installation, so partners' tools recognise the extensions whoever exported the bundle.
pub fn project_identity_id() -> String {
    ids::stix_id("identity", &["dragnet-project"])
}

/// The project identity object.
pub fn project_identity() -> Value {
    let t = ids::timestamp(extensions_created());
    json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": project_identity_id(),
        "created": t,
        "modified": t,
        "name": "Dragnet project",
        "description": "Authors of the Dragnet STIX extension definitions (x-dragnet-* observables).",
        "identity_class": "organization",
    })
}

/// The extension-definition id of a custom SCO type (deterministic, installation-independent).
pub fn extension_id(object_type: &str) -> String {
    ids::stix_id("extension-definition", &[object_type, EXTENSIONS_VERSION])
}

/// The extension-definition object of a custom SCO type.
pub fn extension_definition(sco: &CustomSco) -> Value {
    let t = ids::timestamp(extensions_created());
    json!({
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": extension_id(sco.object_type),
        "created_by_ref": project_identity_id(),
        "created": t,
        "modified": t,
        "name": sco.object_type,
        "description": sco.description,
        "schema": format!(
            "JSON Schema `{}.json` of the Dragnet project (crates/share/data/stix-extensions), \
             described in docs/SHARING.md: properties `value` (string, required) and `kind` \
             (string, optional).",
            sco.object_type
        ),
        "version": EXTENSIONS_VERSION,
        "extension_types": ["new-sco"],
    })
}

/// The STIX object type an indicator type is shared as, `None` for `other`. IP addresses
/// need the value to choose between `ipv4-addr` and `ipv6-addr`.
pub fn object_type_of(ty: IndicatorType, value: &str) -> Option<&'static str> {
    match ty {
        IndicatorType::Domain => Some("domain-name"),
        IndicatorType::Url => Some("url"),
        IndicatorType::Email => Some("email-addr"),
        IndicatorType::Ip if value.contains(':') => Some("ipv6-addr"),
        IndicatorType::Ip => Some("ipv4-addr"),
        IndicatorType::Other => None,
        t => CUSTOM_SCOS
            .iter()
            .find(|c| c.indicator_type == t)
            .map(|c| c.object_type),
    }
}

/// The indicator type a STIX object type maps back to.
pub fn indicator_type_of(object_type: &str) -> Option<IndicatorType> {
    match object_type {
        "domain-name" => Some(IndicatorType::Domain),
        "url" => Some(IndicatorType::Url),
        "email-addr" => Some(IndicatorType::Email),
        "ipv4-addr" | "ipv6-addr" => Some(IndicatorType::Ip),
        t => CUSTOM_SCOS
            .iter()
            .find(|c| c.object_type == t)
            .map(|c| c.indicator_type),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_mapping_table_round_trips() {
        let cases = [
            (IndicatorType::Domain, "a.com", Some("domain-name")),
            (IndicatorType::Url, "https://a.com/", Some("url")),
            (IndicatorType::Email, "a@b.com", Some("email-addr")),
            (IndicatorType::Ip, "198.51.100.7", Some("ipv4-addr")),
            (IndicatorType::Ip, "2001:db8::1", Some("ipv6-addr")),
            (
                IndicatorType::Phone,
                "+18885550147",
                Some("x-dragnet-phone-number"),
            ),
            (
                IndicatorType::RemoteAccessId,
                "anydesk:123456789",
                Some("x-dragnet-remote-access-id"),
            ),
            (
                IndicatorType::CryptoWallet,
                "bc1q",
                Some("x-dragnet-crypto-wallet"),
            ),
            (
                IndicatorType::Iban,
                "DE89370400440532013000",
                Some("x-dragnet-iban"),
            ),
            (IndicatorType::GiftCard, "X", Some("x-dragnet-gift-card")),
            (IndicatorType::Other, "x", None),
        ];
        for (ty, value, expected) in cases {
            assert_eq!(object_type_of(ty, value), expected, "{ty}");
            if let Some(ot) = expected {
                assert_eq!(indicator_type_of(ot), Some(ty));
            }
        }
        assert_eq!(indicator_type_of("file"), None);
    }

    #[test]
    fn extension_definitions_are_installation_independent_and_schemas_parse() {
        for sco in &CUSTOM_SCOS {
            let def = extension_definition(sco);
            assert_eq!(def["id"], extension_id(sco.object_type));
            assert_eq!(def["created_by_ref"], project_identity_id());
            assert_eq!(def["extension_types"], json!(["new-sco"]));
            let schema: Value = serde_json::from_str(sco.schema_json).unwrap();
            assert_eq!(schema["properties"]["type"]["const"], sco.object_type);
        }
        assert_eq!(
            extension_id("x-dragnet-phone-number"),
            extension_id("x-dragnet-phone-number")
        );
    }
}
