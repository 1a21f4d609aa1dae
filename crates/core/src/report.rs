//! The scam report of FORMATS.md §1 and the rules for accepting one.
//!
//! Both the JSON Lines and the CSV form go through [`ReportInput::from_json_value`], so a
//! report is judged the same whichever way it arrives (file, API, web form). Errors name the
//! field with its dotted path (`loss.amount`); the CSV reader renames them to its columns
//! (`loss_amount`). Unknown fields are ignored: FORMATS.md lets senders add fields freely.

use crate::{Country, FieldError, IndicatorType, Money, RawIndicator};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Longest accepted narrative, in bytes. Longer text is almost always a pasted log or an
/// attack; the victim's story fits comfortably.
pub const MAX_NARRATIVE_BYTES: usize = 64 * 1024;
/// Longest accepted line of an import file (and single API report body), in bytes.
pub const MAX_LINE_BYTES: usize = 256 * 1024;
/// Most structured indicators one report may carry.
pub const MAX_INDICATORS: usize = 200;
const MAX_SHORT_FIELD: usize = 512;

/// How the scam reached the victim (FORMATS.md §1 `contact_method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    PhoneCall,
    Popup,
    Email,
    Sms,
    WebAd,
    Social,
    Other,
}

impl ContactMethod {
    pub const ALL: [ContactMethod; 7] = [
        Self::PhoneCall,
        Self::Popup,
        Self::Email,
        Self::Sms,
        Self::WebAd,
        Self::Social,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PhoneCall => "phone_call",
            Self::Popup => "popup",
            Self::Email => "email",
            Self::Sms => "sms",
            Self::WebAd => "web_ad",
            Self::Social => "social",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// The victim's personal data. Belongs to the receiving organisation; stored encrypted,
/// never shared (DESIGN.md, Principles).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reporter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Reporter {
    /// True when any field identifies a person (country and language alone do not).
    pub fn has_personal_data(&self) -> bool {
        self.name.is_some() || self.email.is_some() || self.phone.is_some()
    }
}

/// A validated report as submitted, before extraction. Only built by the parsers here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportInput {
    /// The source's own id, verbatim; `None` when the source gave none.
    pub id: Option<String>,
    pub source: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
    pub reporter: Reporter,
    pub contact_method: Option<ContactMethod>,
    pub brand: Option<String>,
    pub narrative: String,
    pub loss: Option<Money>,
    pub payment_method: Option<String>,
    pub indicators: Vec<RawIndicator>,
}

impl ReportInput {
    /// Parses one JSON Lines line (FORMATS.md §1).
    pub fn from_json_line(line: &str) -> Result<Self, FieldError> {
        let value: Value = serde_json::from_str(line)
            .map_err(|e| FieldError::new("line", format!("not valid JSON: {e}")))?;
        Self::from_json_value(&value)
    }

    /// Validates a parsed JSON object against FORMATS.md §1.
    pub fn from_json_value(value: &Value) -> Result<Self, FieldError> {
        let Value::Object(obj) = value else {
            return Err(FieldError::new(
                "line",
                "expected a JSON object (one report per line)",
            ));
        };
        let narrative = match obj.get("narrative") {
            None | Some(Value::Null) => {
                return Err(FieldError::new(
                    "narrative",
                    "missing; every report needs one",
                ));
            }
            Some(Value::String(s)) => s.trim().to_string(),
            Some(other) => return Err(wrong_type("narrative", "a string", other)),
        };
        if narrative.is_empty() {
            return Err(FieldError::new(
                "narrative",
                "is empty; every report needs one",
            ));
        }
        if narrative.len() > MAX_NARRATIVE_BYTES {
            return Err(FieldError::new(
                "narrative",
                format!(
                    "is {} bytes; at most {MAX_NARRATIVE_BYTES} are accepted",
                    narrative.len()
                ),
            ));
        }
        let id = opt_short_string(obj, "id", "id")?;
        let source = opt_short_string(obj, "source", "source")?;
        if let Some(s) = &source
            && (s.contains('/') || s.chars().any(char::is_control))
        {
            return Err(FieldError::new(
                "source",
                format!("`{s}` contains `/` or a control character; a source is a plain name"),
            ));
        }
        let received_at = match opt_short_string(obj, "received_at", "received_at")? {
            None => None,
            Some(s) => Some(
                DateTime::parse_from_rfc3339(&s)
                    .map_err(|_| {
                        FieldError::new(
                            "received_at",
                            format!("`{s}` is not an RFC 3339 date-time like 2023-09-14T16:02:11Z"),
                        )
                    })?
                    .with_timezone(&Utc),
            ),
        };
        let reporter = match obj.get("reporter") {
            None | Some(Value::Null) => Reporter::default(),
            Some(Value::Object(r)) => parse_reporter(r)?,
            Some(other) => return Err(wrong_type("reporter", "an object", other)),
        };
        let contact_method = match opt_short_string(obj, "contact_method", "contact_method")? {
            None => None,
            Some(s) => Some(ContactMethod::parse(&s).ok_or_else(|| {
                FieldError::new(
                    "contact_method",
                    format!(
                        "`{s}` is not one of phone_call, popup, email, sms, web_ad, social, other"
                    ),
                )
            })?),
        };
        let brand = opt_short_string(obj, "brand", "brand")?;
        let payment_method = opt_short_string(obj, "payment_method", "payment_method")?;
        let loss = match obj.get("loss") {
            None | Some(Value::Null) => None,
            Some(Value::Object(l)) => {
                let amount = match l.get("amount") {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    None | Some(Value::Null) => {
                        return Err(FieldError::new("loss.amount", "missing"));
                    }
                    Some(other) => {
                        return Err(wrong_type("loss.amount", "a decimal string", other));
                    }
                };
                let currency = match l.get("currency") {
                    Some(Value::String(s)) => s.clone(),
                    None | Some(Value::Null) => {
                        return Err(FieldError::new("loss.currency", "missing"));
                    }
                    Some(other) => {
                        return Err(wrong_type("loss.currency", "an ISO 4217 code", other));
                    }
                };
                Some(Money::parse(&amount, &currency)?)
            }
            Some(other) => return Err(wrong_type("loss", "an object", other)),
        };
        let indicators = match obj.get("indicators") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => parse_indicators(items)?,
            Some(other) => return Err(wrong_type("indicators", "an array", other)),
        };
        Ok(ReportInput {
            id,
            source,
            received_at,
            reporter,
            contact_method,
            brand,
            narrative,
            loss,
            payment_method,
            indicators,
        })
    }

    /// The id this report is stored under: the source's own, or one derived from the
    /// content so that re-importing the same id-less report never duplicates it.
    pub fn effective_id(&self) -> String {
        if let Some(id) = &self.id {
            return id.clone();
        }
        let mut h = Sha256::new();
        for part in [
            self.source.as_deref().unwrap_or(""),
            &self.received_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            self.reporter.email.as_deref().unwrap_or(""),
            self.reporter.phone.as_deref().unwrap_or(""),
            &self.narrative,
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        format!("gen-{}", &hex::encode(h.finalize())[..20])
    }

    /// The report as FORMATS.md §1 JSON (what `GET /api/v1/reports/{id}` echoes back,
    /// with the reporter block left to the caller's permissions).
    pub fn to_json(&self) -> Value {
        let mut obj = Map::new();
        if let Some(id) = &self.id {
            obj.insert("id".into(), id.clone().into());
        }
        if let Some(s) = &self.source {
            obj.insert("source".into(), s.clone().into());
        }
        if let Some(t) = &self.received_at {
            obj.insert(
                "received_at".into(),
                t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).into(),
            );
        }
        if let Some(c) = self.contact_method {
            obj.insert("contact_method".into(), c.as_str().into());
        }
        if let Some(b) = &self.brand {
            obj.insert("brand".into(), b.clone().into());
        }
        obj.insert("narrative".into(), self.narrative.clone().into());
        if let Some(l) = &self.loss {
            obj.insert(
                "loss".into(),
                serde_json::json!({"amount": l.amount_string(), "currency": l.currency()}),
            );
        }
        if let Some(p) = &self.payment_method {
            obj.insert("payment_method".into(), p.clone().into());
        }
        if !self.indicators.is_empty() {
            obj.insert(
                "indicators".into(),
                serde_json::to_value(&self.indicators).unwrap_or(Value::Null),
            );
        }
        Value::Object(obj)
    }
}

fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong_type(field: &str, expected: &str, got: &Value) -> FieldError {
    FieldError::new(
        field,
        format!("expected {expected}, got {}", json_type_name(got)),
    )
}

/// An optional short string field; empty strings count as absent.
fn opt_short_string(
    obj: &Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<String>, FieldError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let t = s.trim();
            if t.is_empty() {
                Ok(None)
            } else if t.len() > MAX_SHORT_FIELD {
                Err(FieldError::new(
                    path,
                    format!("is {} bytes; at most {MAX_SHORT_FIELD}", t.len()),
                ))
            } else {
                Ok(Some(t.to_string()))
            }
        }
        Some(other) => Err(wrong_type(path, "a string", other)),
    }
}

fn parse_reporter(r: &Map<String, Value>) -> Result<Reporter, FieldError> {
    let country = match opt_short_string(r, "country", "reporter.country")? {
        None => None,
        Some(c) => Some(Country::parse(&c).map_err(|e| FieldError::new("reporter.country", e))?),
    };
    let language = match opt_short_string(r, "language", "reporter.language")? {
        None => None,
        Some(l) => {
            let primary = l
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if primary.len() < 2
                || primary.len() > 3
                || !primary.bytes().all(|b| b.is_ascii_alphabetic())
            {
                return Err(FieldError::new(
                    "reporter.language",
                    format!("`{l}` is not a language tag like `de` or `en-GB`"),
                ));
            }
            Some(primary)
        }
    };
    Ok(Reporter {
        country,
        language,
        name: opt_short_string(r, "name", "reporter.name")?,
        email: opt_short_string(r, "email", "reporter.email")?,
        phone: opt_short_string(r, "phone", "reporter.phone")?,
    })
}

fn parse_indicators(items: &[Value]) -> Result<Vec<RawIndicator>, FieldError> {
    if items.len() > MAX_INDICATORS {
        return Err(FieldError::new(
            "indicators",
            format!("has {} entries; at most {MAX_INDICATORS}", items.len()),
        ));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("indicators[{i}]");
        let Value::Object(o) = item else {
            return Err(wrong_type(&path, "an object {\"type\", \"value\"}", item));
        };
        let ty = match o.get("type") {
            Some(Value::String(t)) => t
                .parse::<IndicatorType>()
                .map_err(|e| FieldError::new(format!("{path}.type"), e))?,
            None | Some(Value::Null) => {
                return Err(FieldError::new(format!("{path}.type"), "missing"));
            }
            Some(other) => return Err(wrong_type(&format!("{path}.type"), "a string", other)),
        };
        let value = match opt_short_string(o, "value", &format!("{path}.value"))? {
            Some(v) => v,
            None => return Err(FieldError::new(format!("{path}.value"), "missing or empty")),
        };
        out.push(RawIndicator { ty, value });
    }
    Ok(out)
}

/// Column names of the flat CSV form, in the order `dragnet` writes them.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "source",
    "received_at",
    "reporter_country",
    "reporter_language",
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "contact_method",
    "brand",
    "narrative",
    "loss_amount",
    "loss_currency",
    "payment_method",
    "indicators",
];

/// Turns a CSV header into a column map, refusing a header without `narrative`.
#[derive(Debug, Clone)]
pub struct CsvHeader {
    columns: Vec<Option<&'static str>>,
    /// Header names that are not FORMATS.md columns (ignored, reported once).
    pub unknown: Vec<String>,
}

impl CsvHeader {
    pub fn parse(names: &[&str]) -> Result<Self, FieldError> {
        let mut columns = Vec::with_capacity(names.len());
        let mut unknown = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let n = if i == 0 {
                n.trim_start_matches('\u{feff}')
            } else {
                n
            };
            let n = n.trim().to_ascii_lowercase();
            match CSV_COLUMNS.iter().find(|c| **c == n) {
                Some(c) => columns.push(Some(*c)),
                None => {
                    unknown.push(n);
                    columns.push(None);
                }
            }
        }
        if !columns.contains(&Some("narrative")) {
            return Err(FieldError::new(
                "header",
                "has no `narrative` column; the first line must name the columns (id, source, …, narrative, …)",
            ));
        }
        Ok(CsvHeader { columns, unknown })
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// Parses one record. Errors name CSV columns (`loss_amount`), not JSON paths.
    pub fn parse_record(&self, fields: &[&str]) -> Result<ReportInput, FieldError> {
        if fields.len() != self.columns.len() {
            return Err(FieldError::new(
                "line",
                format!(
                    "has {} columns, the header has {}",
                    fields.len(),
                    self.columns.len()
                ),
            ));
        }
        let mut obj = Map::new();
        let mut reporter = Map::new();
        let mut loss = Map::new();
        for (col, raw) in self.columns.iter().zip(fields) {
            let Some(col) = col else { continue };
            if raw.trim().is_empty() {
                continue;
            }
            let v = Value::String((*raw).to_string());
            match *col {
                "reporter_country" => reporter.insert("country".into(), v),
                "reporter_language" => reporter.insert("language".into(), v),
                "reporter_name" => reporter.insert("name".into(), v),
                "reporter_email" => reporter.insert("email".into(), v),
                "reporter_phone" => reporter.insert("phone".into(), v),
                "loss_amount" => loss.insert("amount".into(), v),
                "loss_currency" => loss.insert("currency".into(), v),
                "indicators" => obj.insert("indicators".into(), csv_indicators(raw)?),
                other => obj.insert(other.into(), v),
            };
        }
        if !reporter.is_empty() {
            obj.insert("reporter".into(), Value::Object(reporter));
        }
        if !loss.is_empty() {
            obj.insert("loss".into(), Value::Object(loss));
        }
        ReportInput::from_json_value(&Value::Object(obj)).map_err(|e| FieldError {
            field: csv_field_name(&e.field),
            reason: e.reason,
        })
    }
}

/// `indicators` in CSV: either a JSON array, or `type:value` pairs separated by `;`
/// (`phone:0800 123 4567;domain:microsoft-help.com`).
fn csv_indicators(raw: &str) -> Result<Value, FieldError> {
    let t = raw.trim();
    if t.starts_with('[') {
        return serde_json::from_str(t)
            .map_err(|e| FieldError::new("indicators", format!("not a valid JSON array: {e}")));
    }
    let mut items = Vec::new();
    for pair in t.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((ty, value)) = pair.split_once(':') else {
            return Err(FieldError::new(
                "indicators",
                format!("`{pair}` is not `type:value` (e.g. `phone:0800 123 4567`)"),
            ));
        };
        items.push(serde_json::json!({"type": ty.trim(), "value": value.trim()}));
    }
    Ok(Value::Array(items))
}

fn csv_field_name(path: &str) -> String {
    match path {
        "reporter.country" | "reporter.language" | "reporter.name" | "reporter.email"
        | "reporter.phone" | "loss.amount" | "loss.currency" => path.replace('.', "_"),
        p if p.starts_with("indicators") => "indicators".to_string(),
        p => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_formats_example() {
        let line = r#"{"id":"MS-2023-000123","source":"microsoft-dcu","received_at":"2023-09-14T16:02:11Z",
            "reporter":{"country":"DE","language":"de","name":"A","email":"a@example.org","phone":"+49301234567"},
            "contact_method":"popup","brand":"Microsoft","narrative":"Ein Fenster sagte …",
            "loss":{"amount":"499.00","currency":"EUR"},"payment_method":"Google Play gift cards",
            "indicators":[{"type":"phone","value":"0800 123 4567"}]}"#
            .replace('\n', "");
        let r = ReportInput::from_json_line(&line).unwrap();
        assert_eq!(r.effective_id(), "MS-2023-000123");
        assert_eq!(r.reporter.country.unwrap().as_str(), "DE");
        assert_eq!(r.loss.as_ref().unwrap().amount_string(), "499.00");
        assert_eq!(r.indicators[0].ty, IndicatorType::Phone);
    }

    #[test]
    fn rejects_bad_reports_naming_the_field() {
        let cases: &[(&str, &str, &str)] = &[
            (
                r#"{"id":"x"}"#,
                "narrative",
                "missing; every report needs one",
            ),
            (
                r#"{"narrative":"  "}"#,
                "narrative",
                "is empty; every report needs one",
            ),
            (
                r#"{"narrative":5}"#,
                "narrative",
                "expected a string, got a number",
            ),
            (
                r#"[1]"#,
                "line",
                "expected a JSON object (one report per line)",
            ),
            (
                r#"{"narrative":"x","loss":{"amount":"-1","currency":"USD"}}"#,
                "loss.amount",
                "`-1` is negative; a loss is zero or more",
            ),
            (
                r#"{"narrative":"x","loss":{"amount":"1","currency":"ABC"}}"#,
                "loss.currency",
                "`ABC` is not an ISO 4217 currency code",
            ),
            (
                r#"{"narrative":"x","contact_method":"fax"}"#,
                "contact_method",
                "`fax` is not one of phone_call, popup, email, sms, web_ad, social, other",
            ),
            (
                r#"{"narrative":"x","received_at":"yesterday"}"#,
                "received_at",
                "`yesterday` is not an RFC 3339 date-time like 2023-09-14T16:02:11Z",
            ),
            (
                r#"{"narrative":"x","reporter":{"country":"XX"}}"#,
                "reporter.country",
                "`XX` is not an ISO 3166-1 alpha-2 country code",
            ),
            (
                r#"{"narrative":"x","indicators":[{"type":"fax","value":"1"}]}"#,
                "indicators[0].type",
                "`fax` is not an indicator type (expected one of phone, url, domain, email, ip, remote_access_id, crypto_wallet, iban, gift_card, other)",
            ),
            (
                r#"{"narrative":"x","indicators":"phone"}"#,
                "indicators",
                "expected an array, got a string",
            ),
        ];
        for (line, field, reason) in cases {
            let err = ReportInput::from_json_line(line).unwrap_err();
            assert_eq!(
                (err.field.as_str(), err.reason.as_str()),
                (*field, *reason),
                "for {line}"
            );
        }
    }

    #[test]
    fn generated_ids_are_stable_and_content_derived() {
        let a = ReportInput::from_json_line(r#"{"narrative":"call 0800"}"#).unwrap();
        let b = ReportInput::from_json_line(r#"{"narrative":"call 0800"}"#).unwrap();
        let c = ReportInput::from_json_line(r#"{"narrative":"call 0801"}"#).unwrap();
        assert_eq!(a.effective_id(), b.effective_id());
        assert_ne!(a.effective_id(), c.effective_id());
        assert!(a.effective_id().starts_with("gen-"));
    }

    #[test]
    fn csv_records_map_to_the_same_report() {
        let h = CsvHeader::parse(&[
            "\u{feff}id",
            "narrative",
            "loss_amount",
            "loss_currency",
            "indicators",
            "extra",
        ])
        .unwrap();
        assert_eq!(h.unknown, vec!["extra".to_string()]);
        let r = h
            .parse_record(&[
                "A-1",
                "call now",
                "10",
                "usd",
                "phone:0800 1;domain:x.com",
                "",
            ])
            .unwrap();
        assert_eq!(r.id.as_deref(), Some("A-1"));
        assert_eq!(r.indicators.len(), 2);
        let e = h
            .parse_record(&["A-1", "call now", "-10", "usd", "", ""])
            .unwrap_err();
        assert_eq!(e.field, "loss_amount");
        let e = h.parse_record(&["A-1", "call now"]).unwrap_err();
        assert_eq!(e.reason, "has 2 columns, the header has 6");
        assert!(CsvHeader::parse(&["id", "text"]).is_err());
    }
}
