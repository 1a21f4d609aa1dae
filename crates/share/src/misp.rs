//! MISP core format (draft-dulaunoy-misp-core-format): an operation or a set of indicators
//! as one MISP event, and MISP events back into indicators.
//!
//! Mapping (also in `docs/SHARING.md`): phone -> `phone-number`, domain -> `domain`,
//! url -> `url`, email -> `email-src`, ip -> `ip-dst`, IBAN -> `iban`, BTC and XMR wallets
//! -> `btc` / `xmr`, other wallets, remote-access ids and gift cards -> `text`; each
//! attribute also carries the machine tag `dragnet:indicator-type="…"` (and
//! `dragnet:kind="…"`) so a Dragnet importer restores the exact type. `other` values and
//! warninglisted ones are not exported. The event carries `tlp:…` (TLP 2.0 tag names) and
//! victims per country as a `comment` attribute, counts only.
//!
//! Import reads `Attribute`s of the event and of its `Object`s, normalises each value with
//! Dragnet's normaliser, takes the stricter of the event's and the attribute's TLP tags,
//! and rejects a bad attribute with an error naming its uuid and property while keeping
//! the rest. UUIDs are deterministic (UUIDv5), so re-exports update rather than duplicate.

use crate::ids::uuid_of;
use crate::{SharedIndicator, Tlp};
use chrono::{DateTime, SecondsFormat, Utc};
use dragnet_cluster::summary::ClusterSummary;
use dragnet_core::{IndicatorType, RawIndicator};
use serde_json::{Value, json};
use std::fmt;

/// The machine-tag namespace Dragnet uses on MISP attributes and events.
pub const TAG_NAMESPACE: &str = "dragnet";

/// Why an attribute (or the whole document) was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MispError {
    /// The attribute's uuid (or its position when it has none); `None` for the document.
    pub attribute: Option<String>,
    pub property: String,
    pub message: String,
}

impl fmt::Display for MispError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.attribute {
            Some(a) => write!(
                f,
                "attribute {a}: property `{}`: {}",
                self.property, self.message
            ),
            None => write!(f, "event: property `{}`: {}", self.property, self.message),
        }
    }
}

impl std::error::Error for MispError {}

/// One indicator read from a MISP event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MispIndicator {
    pub indicator: SharedIndicator,
    pub attribute_uuid: Option<String>,
    pub tlp: Option<Tlp>,
    /// MISP's `to_ids`: whether the producer meant it for detection.
    pub to_ids: bool,
}

/// What one event yielded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MispImport {
    pub event_uuid: Option<String>,
    pub info: Option<String>,
    /// `Orgc.name`, the creating organisation.
    pub source: Option<String>,
    pub tlp: Option<Tlp>,
    pub indicators: Vec<MispIndicator>,
    pub rejected: Vec<MispError>,
    /// Attributes of types that carry no Dragnet indicator (comments, hashes, …).
    pub ignored: usize,
}

/// MISP type and category of an indicator.
pub fn misp_type(ind: &SharedIndicator) -> Option<(&'static str, &'static str)> {
    Some(match ind.ty {
        IndicatorType::Phone => ("phone-number", "Financial fraud"),
        IndicatorType::Domain => ("domain", "Network activity"),
        IndicatorType::Url => ("url", "Network activity"),
        IndicatorType::Email => ("email-src", "Payload delivery"),
        IndicatorType::Ip => ("ip-dst", "Network activity"),
        IndicatorType::Iban => ("iban", "Financial fraud"),
        IndicatorType::CryptoWallet => match ind.kind.as_deref() {
            Some("btc") => ("btc", "Financial fraud"),
            Some("xmr") => ("xmr", "Financial fraud"),
            _ => ("text", "Financial fraud"),
        },
        IndicatorType::GiftCard => ("text", "Financial fraud"),
        IndicatorType::RemoteAccessId => ("text", "Other"),
        IndicatorType::Other => return None,
    })
}

fn machine_tag(predicate: &str, value: &str) -> Value {
    json!({"name": format!("{TAG_NAMESPACE}:{predicate}=\"{}\"", value.replace('"', "'"))})
}

fn misp_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, false)
}

fn attribute(
    producer: &str,
    event_key: &str,
    ind: &SharedIndicator,
    to_ids: bool,
    now: DateTime<Utc>,
) -> Option<Value> {
    if ind.warning.is_some() {
        return None;
    }
    let (ty, category) = misp_type(ind)?;
    let mut tags = vec![machine_tag("indicator-type", ind.ty.as_str())];
    if let Some(k) = &ind.kind {
        tags.push(machine_tag("kind", k));
    }
    let stamp = ind.last_seen.or(ind.first_seen).unwrap_or(now);
    let mut a = json!({
        "uuid": uuid_of(&["misp-attribute", producer, event_key, ind.ty.as_str(), &ind.value]).to_string(),
        "type": ty,
        "category": category,
        "value": ind.value,
        "to_ids": to_ids,
        "distribution": "5",
        "timestamp": stamp.timestamp().to_string(),
        "comment": match &ind.confidence {
            Some(c) => format!("Dragnet {} indicator, confidence {c}", ind.ty),
            None => format!("Dragnet {} indicator", ind.ty),
        },
        "Tag": tags,
    });
    if let Some(f) = ind.first_seen {
        a["first_seen"] = json!(misp_time(f));
    }
    if let Some(l) = ind.last_seen {
        a["last_seen"] = json!(misp_time(l.max(ind.first_seen.unwrap_or(l))));
    }
    Some(a)
}

fn event(
    producer: &str,
    tlp: Tlp,
    key: &str,
    info: String,
    (date, stamp): (DateTime<Utc>, DateTime<Utc>),
    mut tags: Vec<Value>,
    attributes: Vec<Value>,
) -> Value {
    tags.insert(0, json!({"name": tlp.misp_tag()}));
    json!({"Event": {
        "uuid": uuid_of(&["misp-event", producer, key]).to_string(),
        "info": info,
        "date": date.format("%Y-%m-%d").to_string(),
        "threat_level_id": "2",
        "analysis": "2",
        "distribution": "1",
        "published": false,
        "timestamp": stamp.timestamp().to_string(),
        "Orgc": {"name": producer, "uuid": uuid_of(&["misp-org", producer]).to_string()},
        "Tag": tags,
        "Attribute": attributes,
    }})
}

/// One operation as a MISP event: its indicators (hubs with `to_ids` false), the brands
/// and operation id as tags, victims per country as a comment.
pub fn event_from_operation(
    producer: &str,
    tlp: Tlp,
    op: &ClusterSummary,
    now: DateTime<Utc>,
) -> Value {
    let first = op.first_seen.unwrap_or(now);
    let last = op.last_seen.unwrap_or(first).max(first);
    let mut attributes: Vec<Value> = op
        .indicators
        .iter()
        .filter_map(|ic| {
            let mut ind = SharedIndicator::new(ic.ty, ic.value.clone());
            ind.first_seen = Some(first);
            ind.last_seen = Some(last);
            attribute(producer, &op.cluster, &ind, !ic.hub, now)
        })
        .collect();
    if !op.countries.is_empty() {
        let counts: Vec<String> = op
            .countries
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        attributes.push(json!({
            "uuid": uuid_of(&["misp-attribute", producer, &op.cluster, "victims-by-country"]).to_string(),
            "type": "comment",
            "category": "Other",
            "value": format!("Victims by country (counts only): {}", counts.join(", ")),
            "to_ids": false,
            "distribution": "5",
            "timestamp": last.timestamp().to_string(),
        }));
    }
    let mut tags = vec![machine_tag("operation", &op.cluster)];
    tags.extend(
        op.brands
            .iter()
            .map(|b| machine_tag("impersonated-brand", b)),
    );
    let brands = if op.brands.is_empty() {
        String::new()
    } else {
        format!(" impersonating {}", op.brands.join(", "))
    };
    let info = format!(
        "Dragnet operation {}{brands}: {} victims, reported losses {} {}",
        op.cluster, op.victims, op.loss.amount, op.loss.currency
    );
    event(
        producer,
        tlp,
        &op.cluster,
        info,
        (first, last),
        tags,
        attributes,
    )
}

/// A set of indicators as one MISP event; `key` identifies the event across re-exports.
pub fn event_from_indicators(
    producer: &str,
    tlp: Tlp,
    key: &str,
    info: &str,
    indicators: &[SharedIndicator],
    now: DateTime<Utc>,
) -> Value {
    let attributes = indicators
        .iter()
        .filter_map(|i| attribute(producer, key, i, true, now))
        .collect();
    event(
        producer,
        tlp,
        key,
        info.to_string(),
        (now, now),
        Vec::new(),
        attributes,
    )
}

/// Imports one event from JSON text (`{"Event": {…}}` or the bare event object).
pub fn import_event(json: &str) -> Result<MispImport, MispError> {
    let v: Value = serde_json::from_str(json).map_err(|e| doc_err("", format!("not JSON: {e}")))?;
    import_event_value(&v)
}

fn doc_err(property: &str, message: String) -> MispError {
    MispError {
        attribute: None,
        property: property.into(),
        message,
    }
}

fn tags_of(v: &Value) -> impl Iterator<Item = &str> {
    v.get("Tag")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("name").and_then(Value::as_str))
}

fn tlp_of<'a>(tags: impl Iterator<Item = &'a str>) -> Option<Tlp> {
    tags.filter(|t| t.to_ascii_lowercase().starts_with("tlp:"))
        .filter_map(|t| t.parse::<Tlp>().ok())
        .max()
}

fn machine_tag_value<'a>(tags: impl Iterator<Item = &'a str>, predicate: &str) -> Option<String> {
    let prefix = format!("{TAG_NAMESPACE}:{predicate}=");
    tags.filter_map(|t| t.strip_prefix(&prefix))
        .map(|v| v.trim_matches('"').to_string())
        .next()
}

/// Imports an already parsed event.
pub fn import_event_value(v: &Value) -> Result<MispImport, MispError> {
    let ev = v.get("Event").unwrap_or(v);
    if !ev.is_object() {
        return Err(doc_err("Event", "expected a JSON object".into()));
    }
    let str_of = |k: &str| ev.get(k).and_then(Value::as_str).map(String::from);
    let tlp = tlp_of(tags_of(ev));
    let mut out = MispImport {
        event_uuid: str_of("uuid"),
        info: str_of("info"),
        source: ev
            .get("Orgc")
            .and_then(|o| o.get("name"))
            .and_then(Value::as_str)
            .map(String::from),
        tlp,
        indicators: Vec::new(),
        rejected: Vec::new(),
        ignored: 0,
    };
    let mut attrs: Vec<(String, &Value)> = Vec::new();
    match ev.get("Attribute") {
        None => {}
        Some(Value::Array(a)) => attrs.extend(
            a.iter()
                .enumerate()
                .map(|(i, x)| (format!("Attribute[{i}]"), x)),
        ),
        Some(_) => return Err(doc_err("Attribute", "expected an array".into())),
    }
    match ev.get("Object") {
        None => {}
        Some(Value::Array(objects)) => {
            for (oi, o) in objects.iter().enumerate() {
                match o.get("Attribute") {
                    None => {}
                    Some(Value::Array(a)) => attrs.extend(
                        a.iter()
                            .enumerate()
                            .map(|(i, x)| (format!("Object[{oi}].Attribute[{i}]"), x)),
                    ),
                    Some(_) => out.rejected.push(doc_err(
                        &format!("Object[{oi}].Attribute"),
                        "expected an array".into(),
                    )),
                }
            }
        }
        Some(_) => return Err(doc_err("Object", "expected an array".into())),
    }
    let extractor = dragnet_extract::shared();
    for (place, a) in attrs {
        let name = a
            .get("uuid")
            .and_then(Value::as_str)
            .map_or(place, String::from);
        let err = |property: &str, message: String| MispError {
            attribute: Some(name.clone()),
            property: property.into(),
            message,
        };
        if !a.is_object() {
            out.rejected.push(err("", "expected a JSON object".into()));
            continue;
        }
        if a.get("deleted").and_then(Value::as_bool) == Some(true) {
            out.ignored += 1;
            continue;
        }
        let Some(ty) = a.get("type").and_then(Value::as_str) else {
            out.rejected
                .push(err("type", "missing or not a string".into()));
            continue;
        };
        let Some(value) = a.get("value").and_then(Value::as_str) else {
            out.rejected
                .push(err("value", "missing or not a string".into()));
            continue;
        };
        let tagged = machine_tag_value(tags_of(a), "indicator-type");
        let ity = match &tagged {
            Some(t) => match t.parse::<IndicatorType>() {
                Ok(t) => Some(t),
                Err(e) => {
                    out.rejected.push(err("Tag", e));
                    continue;
                }
            },
            None => match ty {
                "phone-number" | "whois-registrant-phone" => Some(IndicatorType::Phone),
                "domain" | "hostname" => Some(IndicatorType::Domain),
                "url" | "uri" | "link" => Some(IndicatorType::Url),
                "email"
                | "email-src"
                | "email-dst"
                | "email-reply-to"
                | "whois-registrant-email" => Some(IndicatorType::Email),
                "ip-src" | "ip-dst" => Some(IndicatorType::Ip),
                "iban" => Some(IndicatorType::Iban),
                "btc" | "xmr" => Some(IndicatorType::CryptoWallet),
                _ => None,
            },
        };
        let Some(ity) = ity else {
            out.ignored += 1;
            continue;
        };
        let norm = match extractor.normalise(
            &RawIndicator {
                ty: ity,
                value: value.to_string(),
            },
            &dragnet_extract::Context::default(),
        ) {
            Ok(n) => n,
            Err(e) => {
                out.rejected.push(err("value", format!("`{value}`: {e}")));
                continue;
            }
        };
        let mut ind = SharedIndicator::new(ity, norm.value);
        ind.kind = norm.kind.or_else(|| machine_tag_value(tags_of(a), "kind"));
        ind.warning = norm.warning;
        let time = |k: &str| {
            a.get(k)
                .and_then(Value::as_str)
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| t.with_timezone(&Utc))
        };
        ind.first_seen = time("first_seen");
        ind.last_seen = time("last_seen");
        let to_ids = match a.get("to_ids") {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s == "1" || s == "true",
            Some(Value::Number(n)) => n.as_u64() == Some(1),
            _ => false,
        };
        let attr_tlp = tlp_of(tags_of(a));
        out.indicators.push(MispIndicator {
            indicator: ind,
            attribute_uuid: a.get("uuid").and_then(Value::as_str).map(String::from),
            tlp: tlp.max(attr_tlp),
            to_ids,
        });
    }
    Ok(out)
}
