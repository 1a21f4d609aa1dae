//! TLP 2.0 markings of contributions (docs/SHARING.md, "TLP of contributions").
//!
//! Every report carries a TLP level: the one its submitter gave (`"tlp"` in the report, or
//! `dragnet import --tlp`), else the server's default (`default_tlp`, amber). Other
//! organisations on this server see a contribution marked CLEAR, GREEN, AMBER or
//! AMBER+STRICT as aggregates and shared indicators (they are the community it is shared
//! with); a TLP:RED contribution is withheld from them entirely: operations are summarised
//! without it, chains through it hide the values, and it is never exported.

use crate::auth::Caller;
use dragnet_share::Tlp;
use dragnet_store::Operations;
use serde_json::Value;
use std::sync::OnceLock;

static DEFAULT: OnceLock<Tlp> = OnceLock::new();

/// Sets the level of contributions that name none (once, at start; later calls are ignored).
pub fn configure(default: Tlp) {
    let _ = DEFAULT.set(default);
}

/// The level of contributions that name none.
pub fn default_tlp() -> Tlp {
    DEFAULT.get().copied().unwrap_or(Tlp::Amber)
}

/// The `tlp` field of a report as submitted: the given level, or the default; `Err` is
/// the reason the field is wrong.
pub fn of_report(report: &Value) -> Result<Tlp, String> {
    match report.get("tlp") {
        None | Some(Value::Null) => Ok(default_tlp()),
        Some(Value::String(s)) => s.parse(),
        Some(_) => Err("expected a string: clear, green, amber, amber+strict or red".into()),
    }
}

/// The level of a JSON line (see [`of_report`]).
pub fn of_line(line: &str) -> Result<Tlp, String> {
    // Only lines that mention the field pay for a second parse.
    if !line.contains("\"tlp\"") {
        return Ok(default_tlp());
    }
    match serde_json::from_str::<Value>(line) {
        Ok(v) => of_report(&v),
        // Not JSON: the report parser names that error.
        Err(_) => Ok(default_tlp()),
    }
}

/// Whether a report (`source/id`) is withheld from this caller: a TLP:RED contribution of
/// another organisation.
pub fn withheld(operations: &Operations, caller: &Caller, key: &str) -> bool {
    !caller.sees_owner(operations.owner_of(key)) && operations.is_red(key)
}
