//! Deterministic identifiers and timestamps for everything Dragnet exports.
//!
//! Rules: every exported object's id is a UUIDv5 of a stable key (its type and the values
//! that identify it), so exporting the same operation twice yields the same ids and a
//! partner's store updates instead of duplicating. STIX cyber-observables follow STIX 2.1
//! §2.9 (namespace `00abedb4-…`, canonical JSON of the id-contributing properties); other
//! objects use Dragnet's own namespace. Timestamps are RFC 3339 in UTC with milliseconds.

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

/// Dragnet's UUIDv5 namespace for STIX domain objects, relationships and MISP uuids.
/// (A fixed random UUID; never change it, or every re-export becomes a new object.)
pub const DRAGNET_NAMESPACE: Uuid = Uuid::from_u128(0x6b0f_5c4e_9d3a_4f7e_8a21_3c5d_7e9f_1a2b);

/// The namespace STIX 2.1 §2.9 prescribes for deterministic cyber-observable ids.
pub const STIX_SCO_NAMESPACE: Uuid = Uuid::from_u128(0x00ab_edb4_aa42_466c_9c01_fed2_3315_a9b7);

/// A UUIDv5 in Dragnet's namespace of `parts` joined with a unit separator (so that
/// `("a|b", "c")` and `("a", "b|c")` cannot collide).
pub fn uuid_of(parts: &[&str]) -> Uuid {
    Uuid::new_v5(&DRAGNET_NAMESPACE, parts.join("\u{1f}").as_bytes())
}

/// A STIX identifier `type--uuid` for a Dragnet-made object.
pub fn stix_id(ty: &str, parts: &[&str]) -> String {
    let mut all = Vec::with_capacity(parts.len() + 1);
    all.push(ty);
    all.extend_from_slice(parts);
    format!("{ty}--{}", uuid_of(&all))
}

/// A STIX 2.1 deterministic cyber-observable id: UUIDv5 of the canonical JSON of the
/// id-contributing properties (here always `value`, the only one Dragnet sets).
pub fn sco_id(ty: &str, value: &str) -> String {
    // serde_json escapes exactly as RFC 8785 for strings without control characters, and a
    // single-key object has no ordering question.
    let canonical = serde_json::json!({ "value": value }).to_string();
    format!(
        "{ty}--{}",
        Uuid::new_v5(&STIX_SCO_NAMESPACE, canonical.as_bytes())
    )
}

/// RFC 3339, UTC, millisecond precision, `Z` suffix: `2023-09-14T16:02:11.000Z`.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ids_are_stable_and_separated() {
        assert_eq!(
            stix_id("campaign", &["org", "c-1"]),
            stix_id("campaign", &["org", "c-1"])
        );
        assert_ne!(
            stix_id("campaign", &["org", "c-1"]),
            stix_id("campaign", &["org", "c-2"])
        );
        assert_ne!(uuid_of(&["a|b", "c"]), uuid_of(&["a", "b|c"]));
        assert_eq!(uuid_of(&["x"]).get_version_num(), 5);
    }

    #[test]
    fn sco_ids_follow_stix_section_2_9() {
        // Expected ids computed by the OASIS `stix2` 3.0.2 Python library.
        let cases = [
            (
                "email-addr",
                "bob@example.com",
                "email-addr--3734e66b-c4e8-5d0b-bca9-befdd5699746",
            ),
            (
                "domain-name",
                "microsoft-help.com",
                "domain-name--ab07d013-0fdb-54fd-a115-b39b0caa6391",
            ),
        ];
        for (ty, value, expected) in cases {
            assert_eq!(sco_id(ty, value), expected, "{ty} {value}");
        }
    }

    #[test]
    fn timestamps_have_milliseconds_and_z() {
        let t = Utc.with_ymd_and_hms(2023, 9, 14, 16, 2, 11).unwrap();
        assert_eq!(timestamp(t), "2023-09-14T16:02:11.000Z");
    }
}
