//! Blocklist feeds for products: plain text, CSV, hosts file and DNS RPZ zone.
//!
//! Rules: an entry is an indicator of a selected type whose confidence is at least the
//! threshold (an indicator without a confidence counts only when the threshold is 0) and
//! that no warninglist names: warninglisted values (official support numbers,
//! microsoft.com…) never appear in any rendering. Entries are deduplicated and sorted by
//! type then value, so a feed only changes when its content does. Values are written
//! verbatim, except that hosts files and RPZ zones take only domains that are valid DNS
//! names (letters, digits, hyphens, dots, 253 bytes at most), so a malformed value can
//! never break the syntax of the file.

use crate::SharedIndicator;
use chrono::{DateTime, Utc};
use dragnet_core::IndicatorType;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The filtered, sorted entries of one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocklist {
    name: String,
    generated: DateTime<Utc>,
    entries: Vec<SharedIndicator>,
}

/// Names and timings of an RPZ zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpzZone {
    /// The zone's origin, e.g. `rpz.dragnet.example.` (a trailing dot is added if missing).
    pub origin: String,
    /// Primary name server (SOA MNAME and the NS record).
    pub name_server: String,
    /// Responsible mailbox in DNS form, e.g. `hostmaster.dragnet.example.`.
    pub hostmaster: String,
    /// TTL of every record, seconds.
    pub ttl: u32,
}

impl Default for RpzZone {
    fn default() -> Self {
        RpzZone {
            origin: "rpz.dragnet.local.".into(),
            name_server: "localhost.".into(),
            hostmaster: "hostmaster.localhost.".into(),
            ttl: 300,
        }
    }
}

/// Whether `s` is a DNS host name safe to write into a hosts file or zone.
fn is_dns_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

fn absolute(name: &str) -> String {
    if name.ends_with('.') {
        name.to_string()
    } else {
        format!("{name}.")
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Blocklist {
    /// Selects the entries of a feed: `types` (empty means every type), confidence at
    /// least `min_confidence`, never a warninglisted value. Duplicates (same type and
    /// value) merge, keeping the highest confidence.
    pub fn new(
        name: &str,
        generated: DateTime<Utc>,
        indicators: &[SharedIndicator],
        types: &[IndicatorType],
        min_confidence: u8,
    ) -> Blocklist {
        let mut by_key: BTreeMap<(IndicatorType, String), SharedIndicator> = BTreeMap::new();
        for i in indicators {
            let wanted = types.is_empty() || types.contains(&i.ty);
            let confident = i
                .confidence
                .map_or(min_confidence == 0, |c| c >= min_confidence);
            if !wanted || !confident || i.warning.is_some() || i.value.contains(['\n', '\r']) {
                continue;
            }
            by_key
                .entry((i.ty, i.value.clone()))
                .and_modify(|old| old.confidence = old.confidence.max(i.confidence))
                .or_insert_with(|| i.clone());
        }
        // A value warninglisted in any copy stays out even if another copy lacks the flag.
        let warned: std::collections::BTreeSet<(IndicatorType, &str)> = indicators
            .iter()
            .filter(|i| i.warning.is_some())
            .map(|i| (i.ty, i.value.as_str()))
            .collect();
        let entries = by_key
            .into_values()
            .filter(|i| !warned.contains(&(i.ty, i.value.as_str())))
            .collect();
        Blocklist {
            name: name.to_string(),
            generated,
            entries,
        }
    }

    pub fn entries(&self) -> &[SharedIndicator] {
        &self.entries
    }

    fn header(&self, comment: &str) -> String {
        format!(
            "{comment} {}: Dragnet blocklist, generated {}, {} entries\n",
            self.name,
            crate::ids::timestamp(self.generated),
            self.entries.len()
        )
    }

    /// One value per line after a `#` comment line.
    pub fn plain_text(&self) -> String {
        let mut out = self.header("#");
        for e in &self.entries {
            out.push_str(&e.value);
            out.push('\n');
        }
        out
    }

    /// `type,value,confidence,first_seen,last_seen` with a header row (RFC 4180 quoting).
    pub fn csv(&self) -> String {
        let mut out = String::from("type,value,confidence,first_seen,last_seen\n");
        let ts = |t: Option<DateTime<Utc>>| t.map(crate::ids::timestamp).unwrap_or_default();
        for e in &self.entries {
            let _ = writeln!(
                out,
                "{},{},{},{},{}",
                e.ty,
                csv_field(&e.value),
                e.confidence.map(|c| c.to_string()).unwrap_or_default(),
                ts(e.first_seen),
                ts(e.last_seen)
            );
        }
        out
    }

    /// The domains as a hosts file pointing at `0.0.0.0`.
    pub fn hosts(&self) -> String {
        let mut out = self.header("#");
        for e in self.domains() {
            let _ = writeln!(out, "0.0.0.0 {e}");
        }
        out
    }

    fn domains(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(|e| e.ty == IndicatorType::Domain && is_dns_name(&e.value))
            .map(|e| e.value.as_str())
    }

    /// The domains as a DNS Response Policy Zone: each domain and its subdomains answer
    /// NXDOMAIN (`CNAME .`). The SOA serial is the generation time in Unix seconds (mod 2^32).
    pub fn rpz(&self, zone: &RpzZone) -> String {
        let mut out = self.header(";");
        let serial = (self.generated.timestamp().rem_euclid(1 << 32)) as u32;
        let _ = writeln!(out, "$ORIGIN {}", absolute(&zone.origin));
        let _ = writeln!(out, "$TTL {}", zone.ttl);
        let _ = writeln!(
            out,
            "@ IN SOA {} {} {serial} 3600 600 604800 {}",
            absolute(&zone.name_server),
            absolute(&zone.hostmaster),
            zone.ttl
        );
        let _ = writeln!(out, "@ IN NS {}", absolute(&zone.name_server));
        for d in self.domains() {
            let _ = writeln!(out, "{d} CNAME .");
            let _ = writeln!(out, "*.{d} CNAME .");
        }
        out
    }
}
