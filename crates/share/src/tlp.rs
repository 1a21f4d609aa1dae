//! TLP 2.0 (FIRST) levels and their STIX 2.1 marking definitions.
//!
//! The marking-definition objects and ids are the official ones OASIS publishes in
//! `cti-stix-common-objects` (extension-definition-specifications/tlp-2.0): a
//! `marking-definition` named `TLP:…` carrying the property extension
//! `extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d` with `tlp_2_0`. Import also
//! recognises the TLP 1.0 markings of the STIX 2.1 specification (WHITE read as CLEAR).
//! Levels are ordered from least to most restrictive, so `max` is "the stricter of".

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::fmt;
use std::str::FromStr;

/// The TLP 2.0 property extension that the official marking definitions carry.
pub const TLP2_EXTENSION_ID: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// The date OASIS gave the TLP 2.0 marking definitions.
const TLP2_CREATED: &str = "2022-10-01T00:00:00.000Z";

/// A TLP 2.0 level, least restrictive first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tlp {
    #[serde(rename = "clear")]
    Clear,
    #[serde(rename = "green")]
    Green,
    #[serde(rename = "amber")]
    Amber,
    #[serde(rename = "amber+strict")]
    AmberStrict,
    #[serde(rename = "red")]
    Red,
}

impl Tlp {
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// The `tlp_2_0` value and MISP tag suffix: `clear`, `green`, `amber`, `amber+strict`, `red`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "clear",
            Tlp::Green => "green",
            Tlp::Amber => "amber",
            Tlp::AmberStrict => "amber+strict",
            Tlp::Red => "red",
        }
    }

    /// The label as FIRST writes it: `TLP:AMBER+STRICT`.
    pub fn label(self) -> String {
        format!("TLP:{}", self.as_str().to_ascii_uppercase())
    }

    /// The official STIX 2.1 marking-definition id of this level.
    pub fn marking_id(self) -> &'static str {
        match self {
            Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
        }
    }

    /// The official marking-definition object, exactly as OASIS publishes it.
    pub fn marking_definition(self) -> Value {
        json!({
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": self.marking_id(),
            "created": TLP2_CREATED,
            "name": self.label(),
            "extensions": {
                TLP2_EXTENSION_ID: {
                    "extension_type": "property-extension",
                    "tlp_2_0": self.as_str(),
                }
            }
        })
    }

    /// The level a marking-definition id stands for: TLP 2.0 ids, and the TLP 1.0 ids of the
    /// STIX 2.1 specification (WHITE maps to CLEAR, as FIRST's transition guidance says).
    pub fn from_marking_id(id: &str) -> Option<Tlp> {
        const TLP1: [(&str, Tlp); 4] = [
            (
                "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
                Tlp::Clear,
            ),
            (
                "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                Tlp::Green,
            ),
            (
                "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
                Tlp::Amber,
            ),
            (
                "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
                Tlp::Red,
            ),
        ];
        Tlp::ALL
            .into_iter()
            .find(|t| t.marking_id() == id)
            .or_else(|| TLP1.iter().find(|(i, _)| *i == id).map(|(_, t)| *t))
    }

    /// The MISP tag: `tlp:amber+strict`.
    pub fn misp_tag(self) -> String {
        format!("tlp:{}", self.as_str())
    }
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl FromStr for Tlp {
    type Err = String;
    /// Accepts `amber`, `AMBER+STRICT`, `TLP:GREEN`, `tlp:red`, and `white` (TLP 1.0) as CLEAR.
    fn from_str(s: &str) -> Result<Tlp, String> {
        let lower = s.trim().to_ascii_lowercase();
        let bare = lower.strip_prefix("tlp:").unwrap_or(&lower);
        if bare == "white" {
            return Ok(Tlp::Clear);
        }
        Tlp::ALL
            .into_iter()
            .find(|t| t.as_str() == bare)
            .ok_or_else(|| {
                format!(
                    "`{s}` is not a TLP level (expected clear, green, amber, amber+strict or red)"
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let cases = [
            ("clear", Ok(Tlp::Clear)),
            ("TLP:WHITE", Ok(Tlp::Clear)),
            ("Green", Ok(Tlp::Green)),
            ("tlp:amber", Ok(Tlp::Amber)),
            ("AMBER+STRICT", Ok(Tlp::AmberStrict)),
            ("TLP:RED", Ok(Tlp::Red)),
            (
                "orange",
                Err("`orange` is not a TLP level (expected clear, green, amber, amber+strict or red)"
                    .to_string()),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(input.parse::<Tlp>(), expected, "{input}");
        }
    }

    #[test]
    fn labels_tags_and_order() {
        assert_eq!(Tlp::AmberStrict.label(), "TLP:AMBER+STRICT");
        assert_eq!(Tlp::AmberStrict.misp_tag(), "tlp:amber+strict");
        assert!(
            Tlp::Clear < Tlp::Green && Tlp::Amber < Tlp::AmberStrict && Tlp::AmberStrict < Tlp::Red
        );
        assert_eq!(Tlp::Green.max(Tlp::Red), Tlp::Red);
    }

    #[test]
    fn marking_ids_round_trip_and_tlp1_is_recognised() {
        for t in Tlp::ALL {
            assert_eq!(Tlp::from_marking_id(t.marking_id()), Some(t));
            let md = t.marking_definition();
            assert_eq!(md["id"], t.marking_id());
            assert_eq!(md["name"], t.label());
            assert_eq!(md["extensions"][TLP2_EXTENSION_ID]["tlp_2_0"], t.as_str());
        }
        assert_eq!(
            Tlp::from_marking_id("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"),
            Some(Tlp::Clear)
        );
        assert_eq!(
            Tlp::from_marking_id("marking-definition--00000000-0000-0000-0000-000000000000"),
            None
        );
    }
}
