//! Reading a partner's STIX 2.1 bundle back into indicators.
//!
//! Rules:
//! * Only `indicator` objects with `pattern_type` `stix` become indicators, one per
//!   comparison of the supported pattern subset ([`super::pattern`]); each value goes
//!   through Dragnet's normaliser, so it compares byte for byte with local data and carries
//!   its warninglist flag. Revoked indicators are skipped.
//! * TLP comes from `object_marking_refs` (TLP 2.0 and 1.0 ids; the strictest wins); the
//!   source is the `identity` named by `created_by_ref`, when the bundle holds it.
//! * A malformed object is rejected with an [`ImportError`] naming its id and the property
//!   at fault; the other objects still import. Only a document that is not a bundle at all
//!   fails as a whole. Nothing here panics on any input.

use super::{indicator_type_of, pattern};
use crate::{SharedIndicator, Tlp};
use chrono::{DateTime, Utc};
use dragnet_core::RawIndicator;
use dragnet_extract::Context;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// Why an object (or the whole document) was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The STIX id of the object at fault; `None` for the document itself.
    pub object: Option<String>,
    /// The property at fault, e.g. `pattern` or `objects[3].id`.
    pub property: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.object {
            Some(id) => write!(
                f,
                "object {id}: property `{}`: {}",
                self.property, self.message
            ),
            None => write!(f, "bundle: property `{}`: {}", self.property, self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// One indicator read from a partner's bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedIndicator {
    pub indicator: SharedIndicator,
    /// The STIX id of the `indicator` object it came from.
    pub stix_id: String,
    pub tlp: Option<Tlp>,
    /// The `identity` id in `created_by_ref`.
    pub source_ref: Option<String>,
    /// That identity's `name`, when the bundle carries it.
    pub source: Option<String>,
}

/// What one bundle yielded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub indicators: Vec<ImportedIndicator>,
    pub rejected: Vec<ImportError>,
    /// Objects of types that do not carry indicators (campaigns, sightings, …).
    pub ignored: usize,
    /// Revoked indicators.
    pub revoked: usize,
}

/// Parses and imports a bundle from JSON text.
pub fn import_bundle(json: &str) -> Result<ImportReport, ImportError> {
    let v: Value =
        serde_json::from_str(json).map_err(|e| doc_error("", format!("not JSON: {e}")))?;
    import_value(&v)
}

fn doc_error(property: &str, message: String) -> ImportError {
    ImportError {
        object: None,
        property: property.to_string(),
        message,
    }
}

fn obj_error(id: &str, property: &str, message: impl Into<String>) -> ImportError {
    ImportError {
        object: Some(id.to_string()),
        property: property.to_string(),
        message: message.into(),
    }
}

/// Imports an already parsed bundle.
pub fn import_value(v: &Value) -> Result<ImportReport, ImportError> {
    let Some(doc) = v.as_object() else {
        return Err(doc_error(
            "",
            "expected a JSON object (a STIX bundle)".into(),
        ));
    };
    if doc.get("type").and_then(Value::as_str) != Some("bundle") {
        return Err(doc_error("type", "expected \"bundle\"".into()));
    }
    let objects = match doc.get("objects") {
        None => return Ok(ImportReport::default()),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(doc_error("objects", "expected an array".into())),
    };

    let mut report = ImportReport::default();
    let mut identities: HashMap<&str, &str> = HashMap::new();
    for o in objects {
        if o.get("type").and_then(Value::as_str) == Some("identity")
            && let (Some(id), Some(name)) = (
                o.get("id").and_then(Value::as_str),
                o.get("name").and_then(Value::as_str),
            )
        {
            identities.insert(id, name);
        }
    }
    let extractor = dragnet_extract::shared();
    for (i, o) in objects.iter().enumerate() {
        let Some(obj) = o.as_object() else {
            report.rejected.push(doc_error(
                &format!("objects[{i}]"),
                "expected a JSON object".into(),
            ));
            continue;
        };
        let Some(id) = obj.get("id").and_then(Value::as_str) else {
            report.rejected.push(doc_error(
                &format!("objects[{i}].id"),
                "missing or not a string".into(),
            ));
            continue;
        };
        let ty = match obj.get("type").and_then(Value::as_str) {
            Some(t) => t,
            None => {
                report
                    .rejected
                    .push(obj_error(id, "type", "missing or not a string"));
                continue;
            }
        };
        if !id.starts_with(&format!("{ty}--")) {
            report
                .rejected
                .push(obj_error(id, "id", format!("does not start with `{ty}--`")));
            continue;
        }
        if ty != "indicator" {
            report.ignored += 1;
            continue;
        }
        if obj.get("revoked").and_then(Value::as_bool) == Some(true) {
            report.revoked += 1;
            continue;
        }
        match read_indicator(id, o, &identities, extractor) {
            Ok(mut found) => report.indicators.append(&mut found),
            Err(e) => report.rejected.push(e),
        }
    }
    Ok(report)
}

fn read_indicator(
    id: &str,
    o: &Value,
    identities: &HashMap<&str, &str>,
    extractor: &dragnet_extract::Extractor,
) -> Result<Vec<ImportedIndicator>, ImportError> {
    let pattern_type = o.get("pattern_type").and_then(Value::as_str);
    if pattern_type != Some("stix") {
        return Err(obj_error(
            id,
            "pattern_type",
            match pattern_type {
                None => "missing or not a string".to_string(),
                Some(t) => format!("`{t}` patterns are not read (only `stix`)"),
            },
        ));
    }
    let Some(text) = o.get("pattern").and_then(Value::as_str) else {
        return Err(obj_error(id, "pattern", "missing or not a string"));
    };
    let comparisons = pattern::parse(text).map_err(|e| obj_error(id, "pattern", e))?;
    let confidence = match o.get("confidence") {
        None => None,
        Some(c) => match c.as_u64() {
            Some(n) if n <= 100 => Some(n as u8),
            _ => {
                return Err(obj_error(
                    id,
                    "confidence",
                    "expected an integer from 0 to 100",
                ));
            }
        },
    };
    let time = |prop: &str| -> Result<Option<DateTime<Utc>>, ImportError> {
        match o.get(prop) {
            None => Ok(None),
            Some(Value::String(s)) => DateTime::parse_from_rfc3339(s)
                .map(|t| Some(t.with_timezone(&Utc)))
                .map_err(|e| obj_error(id, prop, format!("not an RFC 3339 timestamp: {e}"))),
            Some(_) => Err(obj_error(id, prop, "expected a timestamp string")),
        }
    };
    let first_seen = time("valid_from")?;
    let last_seen = time("modified")?;
    let tlp = match o.get("object_marking_refs") {
        None => None,
        Some(Value::Array(refs)) => {
            let mut best: Option<Tlp> = None;
            for r in refs {
                let Some(r) = r.as_str() else {
                    return Err(obj_error(id, "object_marking_refs", "expected strings"));
                };
                if let Some(t) = Tlp::from_marking_id(r) {
                    best = best.max(Some(t));
                }
            }
            best
        }
        Some(_) => return Err(obj_error(id, "object_marking_refs", "expected an array")),
    };
    let source_ref = match o.get("created_by_ref") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(obj_error(id, "created_by_ref", "expected a string")),
    };
    let source = source_ref
        .as_deref()
        .and_then(|r| identities.get(r))
        .map(|s| s.to_string());

    let mut out = Vec::with_capacity(comparisons.len());
    for c in comparisons {
        let Some(ty) = indicator_type_of(&c.object_type) else {
            return Err(obj_error(
                id,
                "pattern",
                format!(
                    "object type `{}` does not map to a Dragnet indicator",
                    c.object_type
                ),
            ));
        };
        let raw = RawIndicator {
            ty,
            value: c.value.clone(),
        };
        let norm = extractor
            .normalise(&raw, &Context::default())
            .map_err(|e| obj_error(id, "pattern", format!("`{}`: {e}", c.value)))?;
        let mut ind = SharedIndicator::new(ty, norm.value);
        ind.kind = norm.kind;
        ind.warning = norm.warning;
        ind.confidence = confidence;
        ind.first_seen = first_seen;
        ind.last_seen = last_seen;
        out.push(ImportedIndicator {
            indicator: ind,
            stix_id: id.to_string(),
            tlp,
            source_ref: source_ref.clone(),
            source: source.clone(),
        });
    }
    Ok(out)
}
