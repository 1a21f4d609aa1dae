//! Checking STIX 2.1 objects that arrive in a TAXII envelope (or a partner's bundle) before
//! they are stored, one object at a time.
//!
//! A TAXII server must keep the good objects of an envelope and report each bad one in the
//! status resource, so [`check_objects`] never fails as a whole for a bad object: it returns
//! the checked objects and one [`ObjectError`] per rejected object, naming its index, id and
//! the property at fault. What is checked (STIX 2.1 §3, §2.7, §2.9):
//!
//! * the object is a JSON object with a `type` (3–250 characters of `a-z`, `0-9`, `-`) and an
//!   `id` of the form `<type>--<UUID>`;
//! * `spec_version`, when present, is `2.1` (required for every object but cyber-observables);
//! * `created` and `modified` are RFC 3339 timestamps in UTC, required for every object but
//!   observables (and `modified` for marking definitions), with `modified` not before `created`;
//! * `object_marking_refs` is a list of marking-definition ids.
//!
//! The object's TLP is the strictest TLP marking among `object_marking_refs` and the
//! `granular_markings` (TLP 2.0 and TLP 1.0 ids). Unmarked objects get the caller's default,
//! except marking and extension definitions, which describe and publish nothing: CLEAR.

use crate::Tlp;
use crate::stix::CUSTOM_SCOS;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::fmt;

/// The cyber-observable object types of STIX 2.1 §6: no `created`/`modified`, no versions.
const STANDARD_SCOS: [&str; 18] = [
    "artifact",
    "autonomous-system",
    "directory",
    "domain-name",
    "email-addr",
    "email-message",
    "file",
    "ipv4-addr",
    "ipv6-addr",
    "mac-addr",
    "mutex",
    "network-traffic",
    "process",
    "software",
    "url",
    "user-account",
    "windows-registry-key",
    "x509-certificate",
];

/// True for STIX 2.1 observables and Dragnet's own (`x-dragnet-phone-number`, …).
pub fn is_observable(ty: &str) -> bool {
    STANDARD_SCOS.contains(&ty) || CUSTOM_SCOS.iter().any(|s| s.object_type == ty)
}

/// An object that passed the checks.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedObject {
    pub id: String,
    pub ty: String,
    /// `modified`, else `created`; `None` for observables.
    pub version: Option<DateTime<Utc>>,
    pub spec_version: String,
    pub tlp: Tlp,
    pub object: Value,
}

/// Why an object was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectError {
    /// Position in the envelope's (or bundle's) `objects`.
    pub index: usize,
    pub id: Option<String>,
    /// The object's `modified` (else `created`) as sent, for the status resource.
    pub version: Option<String>,
    pub property: String,
    pub message: String,
}

impl fmt::Display for ObjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "objects[{}]", self.index)?;
        if let Some(id) = &self.id {
            write!(f, " ({id})")?;
        }
        write!(f, ": property `{}`: {}", self.property, self.message)
    }
}

impl std::error::Error for ObjectError {}

/// Parses an RFC 3339 timestamp that STIX allows (UTC, `Z`, any fraction of a second).
pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    if !s.ends_with('Z') && !s.ends_with('z') {
        return None;
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn valid_type(ty: &str) -> bool {
    (3..=250).contains(&ty.len())
        && ty
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !ty.starts_with('-')
        && !ty.ends_with('-')
}

fn valid_uuid(s: &str) -> bool {
    s.len() == 36 && uuid::Uuid::try_parse(s).is_ok()
}

/// True for `<type>--<UUID>` with a valid type.
pub fn valid_id(id: &str) -> bool {
    id.split_once("--")
        .is_some_and(|(t, u)| valid_type(t) && valid_uuid(u))
}

/// Checks one object. `default_tlp` applies to objects without any TLP marking.
pub fn check_object(
    index: usize,
    v: &Value,
    default_tlp: Tlp,
) -> Result<CheckedObject, ObjectError> {
    let id = v.get("id").and_then(Value::as_str).map(str::to_string);
    let version = v
        .get("modified")
        .or_else(|| v.get("created"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let err = |property: &str, message: String| ObjectError {
        index,
        id: id.clone(),
        version: version.clone(),
        property: property.to_string(),
        message,
    };
    let Some(obj) = v.as_object() else {
        return Err(err("", "expected a JSON object".into()));
    };
    let ty = match obj.get("type") {
        Some(Value::String(t)) if valid_type(t) => t.clone(),
        Some(Value::String(t)) => {
            return Err(err(
                "type",
                format!("`{t}` is not a STIX type (3-250 characters of a-z, 0-9 and -)"),
            ));
        }
        Some(_) => return Err(err("type", "expected a string".into())),
        None => return Err(err("type", "missing".into())),
    };
    let id_str = match obj.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(err("id", "expected a string".into())),
        None => return Err(err("id", "missing".into())),
    };
    match id_str.split_once("--") {
        Some((t, u)) if t == ty && valid_uuid(u) => {}
        Some((t, _)) if t != ty => {
            return Err(err(
                "id",
                format!("the id's type `{t}` is not the object's `{ty}`"),
            ));
        }
        _ => return Err(err("id", format!("`{id_str}` is not `{ty}--<UUID>`"))),
    }
    let observable = is_observable(&ty);
    let spec_version = match obj.get("spec_version") {
        Some(Value::String(s)) if s == "2.1" => s.clone(),
        Some(Value::String(s)) => {
            return Err(err("spec_version", format!("`{s}` is not 2.1")));
        }
        Some(_) => return Err(err("spec_version", "expected a string".into())),
        None if observable => "2.1".to_string(),
        None => {
            return Err(err(
                "spec_version",
                "missing (required for this type)".into(),
            ));
        }
    };
    let stamp = |name: &str, required: bool| -> Result<Option<DateTime<Utc>>, ObjectError> {
        match obj.get(name) {
            Some(Value::String(s)) => parse_timestamp(s).map(Some).ok_or_else(|| {
                err(
                    name,
                    format!(
                        "`{s}` is not an RFC 3339 UTC timestamp (e.g. 2023-09-14T16:02:11.000Z)"
                    ),
                )
            }),
            Some(_) => Err(err(name, "expected a timestamp string".into())),
            None if required => Err(err(name, "missing (required for this type)".into())),
            None => Ok(None),
        }
    };
    let created = stamp("created", !observable)?;
    let modified = stamp("modified", !observable && ty != "marking-definition")?;
    if let (Some(c), Some(m)) = (created, modified)
        && m < c
    {
        return Err(err("modified", "is before `created`".into()));
    }
    let mut tlp: Option<Tlp> = None;
    match obj.get("object_marking_refs") {
        None => {}
        Some(Value::Array(refs)) => {
            for (i, r) in refs.iter().enumerate() {
                let Some(r) = r
                    .as_str()
                    .filter(|r| r.starts_with("marking-definition--") && valid_id(r))
                else {
                    return Err(err(
                        &format!("object_marking_refs[{i}]"),
                        "expected a marking-definition id".into(),
                    ));
                };
                if let Some(t) = Tlp::from_marking_id(r) {
                    tlp = tlp.max(Some(t));
                }
            }
        }
        Some(_) => return Err(err("object_marking_refs", "expected a list".into())),
    }
    if let Some(Value::Array(gms)) = obj.get("granular_markings") {
        for gm in gms {
            if let Some(t) = gm
                .get("marking_ref")
                .and_then(Value::as_str)
                .and_then(Tlp::from_marking_id)
            {
                tlp = tlp.max(Some(t));
            }
        }
    }
    let tlp = tlp.unwrap_or(
        if matches!(ty.as_str(), "marking-definition" | "extension-definition") {
            Tlp::Clear
        } else {
            default_tlp
        },
    );
    Ok(CheckedObject {
        id: id_str,
        ty,
        version: modified.or(created),
        spec_version,
        tlp,
        object: v.clone(),
    })
}

/// Checks every object of a list, keeping the good ones and one error per bad one.
pub fn check_objects(
    objects: &[Value],
    default_tlp: Tlp,
) -> (Vec<CheckedObject>, Vec<ObjectError>) {
    let mut good = Vec::with_capacity(objects.len());
    let mut bad = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        match check_object(i, o, default_tlp) {
            Ok(c) => good.push(c),
            Err(e) => bad.push(e),
        }
    }
    (good, bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn indicator() -> Value {
        json!({
            "type": "indicator", "spec_version": "2.1",
            "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
            "created": "2023-09-14T16:02:11.000Z", "modified": "2023-09-15T16:02:11Z",
            "pattern": "[domain-name:value = 'x.example']", "pattern_type": "stix",
            "valid_from": "2023-09-14T16:02:11Z",
            "object_marking_refs": [Tlp::Green.marking_id(), Tlp::Amber.marking_id()]
        })
    }

    #[test]
    fn good_objects_pass_with_their_strictest_tlp_and_version() {
        let c = check_object(0, &indicator(), Tlp::Red).unwrap();
        assert_eq!(c.tlp, Tlp::Amber);
        assert_eq!(c.version, parse_timestamp("2023-09-15T16:02:11Z"));
        let sco = json!({"type": "domain-name", "id": "domain-name--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "value": "x.example"});
        let c = check_object(1, &sco, Tlp::Amber).unwrap();
        assert_eq!(
            (c.version, c.tlp, c.spec_version.as_str()),
            (None, Tlp::Amber, "2.1")
        );
        let md = Tlp::Red.marking_definition();
        assert_eq!(check_object(2, &md, Tlp::Red).unwrap().tlp, Tlp::Clear);
    }

    #[test]
    fn bad_objects_are_rejected_naming_the_property() {
        let cases: Vec<(Value, &str, &str)> = vec![
            (json!(3), "", "expected a JSON object"),
            (
                json!({"id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}),
                "type",
                "missing",
            ),
            (json!({"type": "Indicator"}), "type", "is not a STIX type"),
            (
                json!({"type": "indicator", "id": "indicator--nope"}),
                "id",
                "is not `indicator--<UUID>`",
            ),
            (
                json!({"type": "indicator", "id": "campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}),
                "id",
                "is not the object's",
            ),
            (
                json!({"type": "indicator", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "spec_version": "2.0"}),
                "spec_version",
                "is not 2.1",
            ),
            (
                json!({"type": "indicator", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "spec_version": "2.1"}),
                "created",
                "missing",
            ),
            (
                json!({"type": "indicator", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "spec_version": "2.1", "created": "yesterday"}),
                "created",
                "RFC 3339",
            ),
            (
                json!({"type": "indicator", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "spec_version": "2.1", "created": "2023-09-14T16:02:11+02:00"}),
                "created",
                "RFC 3339",
            ),
            (
                json!({"type": "indicator", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "spec_version": "2.1", "created": "2023-09-14T16:02:11Z", "modified": "2023-09-13T16:02:11Z"}),
                "modified",
                "before",
            ),
            (
                json!({"type": "indicator", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "spec_version": "2.1", "created": "2023-09-14T16:02:11Z", "modified": "2023-09-14T16:02:11Z", "object_marking_refs": ["tlp:red"]}),
                "object_marking_refs[0]",
                "marking-definition id",
            ),
        ];
        for (i, (v, property, message)) in cases.into_iter().enumerate() {
            let e = check_object(i, &v, Tlp::Amber).unwrap_err();
            assert_eq!(e.index, i);
            assert_eq!(e.property, property, "case {i}: {e}");
            assert!(e.message.contains(message), "case {i}: {e}");
        }
    }

    #[test]
    fn a_bad_object_does_not_lose_the_good_ones() {
        let (good, bad) = check_objects(
            &[indicator(), json!({"type": "x"}), indicator()],
            Tlp::Amber,
        );
        assert_eq!(good.len(), 2);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].index, 1);
        assert_eq!(
            bad[0].to_string(),
            "objects[1]: property `type`: `x` is not a STIX type (3-250 characters of a-z, 0-9 and -)"
        );
    }
}
