//! What an evidence package is made of: the case, its operations and reports as storage
//! hands them over ([`PackageInput`]), and the facts every rendering shares ([`Facts`]):
//! victims by country, losses per currency and in US dollars, the timeline, and the tables of
//! phone numbers, domains, remote-access ids and payment accounts.
//!
//! Personal data rule: a report's [`VictimData`] is kept only when the case records a
//! [`Release`] of that report for the agency the package is built for; anything else is
//! dropped here, whatever the caller passed in, so no rendering can leak it.

use chrono::{DateTime, NaiveDate, Utc};
use dragnet_cluster::{ClusterSummary, Explanation};
use dragnet_core::{Indicator, IndicatorType};
use dragnet_share::Tlp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// The case a package is built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseInfo {
    /// The case reference, e.g. `CASE-0003`.
    pub reference: String,
    pub title: String,
    /// The organisation issuing (and signing) the referral.
    pub issuer: String,
    /// The law-enforcement agency the package is for.
    pub agency: String,
    /// The agreement (MoU, data-sharing agreement) the referral is made under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    /// Workflow state when the package was built (`ready`, `referred`, …).
    pub status: String,
    /// Operation ids the case was opened from.
    pub operations: Vec<String>,
    pub opened_at: DateTime<Utc>,
    pub opened_by: String,
}

/// A victim's personal data, released for one referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VictimData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The victim's own account of the scam (free text about them).
    pub narrative: String,
}

/// The case's record that a report's personal data may go to an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// `source/id` of the report.
    pub report: String,
    pub agency: String,
    pub released_by: String,
    pub released_at: DateTime<Utc>,
    pub reason: String,
}

/// One report of the case's operations, without personal data unless released.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportEntry {
    /// `source/id` (never written into a package: other organisations' ids stay with them).
    #[serde(skip_serializing)]
    pub key: String,
    /// How the package names it: `source/id` for the issuer's own reports, `source report
    /// #n` for other organisations' (their ids stay with them).
    pub reference: String,
    pub source: String,
    /// Received by the issuing organisation.
    pub own: bool,
    pub operation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<String>,
    /// (amount, ISO 4217 currency) as reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss: Option<(String, String)>,
    pub indicators: Vec<Indicator>,
    /// Only honoured with a matching [`Release`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub victim: Option<VictimData>,
}

/// Something done to one indicator ("number disconnected on 2023-10-20").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorAction {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    pub value: String,
    /// `disconnected`, `taken_down`, `frozen`, `blocked`.
    pub action: String,
    pub date: NaiveDate,
}

impl IndicatorAction {
    /// "number disconnected on 2023-10-20".
    pub fn describe(&self) -> String {
        let what = match self.ty {
            IndicatorType::Phone => "number",
            IndicatorType::Domain | IndicatorType::Url => "domain",
            IndicatorType::Iban | IndicatorType::CryptoWallet | IndicatorType::GiftCard => {
                "account"
            }
            IndicatorType::RemoteAccessId => "remote-access id",
            _ => "indicator",
        };
        format!(
            "{what} {} on {}",
            self.action.replace('_', " "),
            self.date.format("%Y-%m-%d")
        )
    }
}

/// An outcome recorded against the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeEntry {
    /// `raid`, `arrests`, `accounts_frozen`, `numbers_disconnected`, `domains_taken_down`,
    /// `money_recovered`, `conviction`.
    pub kind: String,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub recorded_by: String,
}

/// One line of the chain-of-custody log: who did what to the case and its evidence, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// A file attached to the case (travels in `attachments/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

/// Everything a package is built from (collected by storage, rendered here).
#[derive(Debug, Clone)]
pub struct PackageInput {
    pub case: CaseInfo,
    pub built_at: DateTime<Utc>,
    pub built_by: String,
    pub tlp: Tlp,
    pub operations: Vec<ClusterSummary>,
    pub reports: Vec<ReportEntry>,
    /// Explain-why chains between reports, with report keys already replaced by the
    /// package's references.
    pub chains: Vec<Explanation>,
    pub releases: Vec<Release>,
    pub actions: Vec<IndicatorAction>,
    pub outcomes: Vec<OutcomeEntry>,
    pub custody: Vec<CustodyEntry>,
    pub attachments: Vec<Attachment>,
}

impl PackageInput {
    /// Drops every victim block that the case has not released for this agency.
    pub(crate) fn enforce_releases(&mut self) {
        let released: BTreeSet<&str> = self
            .releases
            .iter()
            .filter(|r| r.agency == self.case.agency)
            .map(|r| r.report.as_str())
            .collect();
        let keep: BTreeSet<String> = self
            .reports
            .iter()
            .filter(|r| released.contains(r.key.as_str()))
            .map(|r| r.key.clone())
            .collect();
        for r in &mut self.reports {
            if !keep.contains(&r.key) {
                r.victim = None;
            }
        }
    }
}

impl PackageInput {
    /// Names reports everywhere (operations, chains) by their package reference, so other
    /// organisations' report ids never appear.
    pub(crate) fn use_references(&mut self) {
        let refs: BTreeMap<String, String> = self
            .reports
            .iter()
            .map(|r| (r.key.clone(), r.reference.clone()))
            .collect();
        let name = |k: &str| {
            refs.get(k)
                .cloned()
                .unwrap_or_else(|| "(a report not in this package)".to_string())
        };
        for op in &mut self.operations {
            op.reports = op.report_keys.iter().map(|k| name(k)).collect();
            op.report_keys = op.reports.clone();
        }
        for e in &mut self.chains {
            for (k, r) in &refs {
                e.reason = e.reason.replace(k.as_str(), r);
            }
            e.a = name(&e.a);
            e.b = name(&e.b);
            for h in &mut e.chain {
                h.from = name(&h.from);
                h.to = name(&h.to);
            }
        }
    }
}

/// One row of an indicator table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorRow {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    pub value: String,
    /// Phone: region; others empty.
    pub country: String,
    /// Phone line type, wallet chain, remote-access tool, gift-card brand.
    pub kind: String,
    pub reports: usize,
    pub first_seen: String,
    pub last_seen: String,
    pub operations: String,
    /// Actions taken ("number disconnected on 2023-10-20"), `; `-joined.
    pub action: String,
}

/// Victims and losses in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthRow {
    pub month: String,
    pub reports: usize,
    pub losses_usd: String,
}

/// Losses in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LossRow {
    pub currency: String,
    pub amount: String,
    pub usd: String,
}

/// A dated event of the case's story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub date: String,
    pub what: String,
}

/// The figures every rendering shows, computed once.
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    pub victims: u32,
    pub incidents: u32,
    pub reports: usize,
    pub sources: Vec<String>,
    pub brands: Vec<String>,
    /// (country code, country name, victims), most victims first.
    pub countries: Vec<(String, String, u32)>,
    pub losses: Vec<LossRow>,
    pub total_usd: String,
    pub rates_date: String,
    pub unconverted: Vec<String>,
    pub first_seen: String,
    pub last_seen: String,
    pub months: Vec<MonthRow>,
    pub events: Vec<Event>,
    pub phones: Vec<IndicatorRow>,
    pub domains: Vec<IndicatorRow>,
    pub remote: Vec<IndicatorRow>,
    pub payments: Vec<IndicatorRow>,
    /// E-mail addresses and URLs.
    pub other: Vec<IndicatorRow>,
    /// Values left out because a warninglist says they are not scam infrastructure.
    pub warninglisted: usize,
    pub released: usize,
}

fn date(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

/// Two decimals with thousands separators: `12,345.60`.
pub fn money(amount: &str) -> String {
    let d = dec(amount).round_dp(2);
    let s = format!("{d:.2}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |rest| ("-", rest));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
}

impl Facts {
    pub fn of(input: &PackageInput) -> Facts {
        let ops = &input.operations;
        let mut countries: BTreeMap<String, u32> = BTreeMap::new();
        let mut by_cur: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut usd = Decimal::ZERO;
        let mut unconverted = BTreeSet::new();
        let mut sources = Vec::new();
        let mut brands = Vec::new();
        for op in ops {
            for (c, n) in &op.countries {
                *countries.entry(c.clone()).or_default() += n;
            }
            for (c, a) in &op.loss.by_currency {
                *by_cur.entry(c.clone()).or_default() += dec(a);
            }
            usd += dec(&op.loss.amount);
            unconverted.extend(op.loss.unconverted.iter().cloned());
            for s in &op.sources {
                if !sources.contains(s) {
                    sources.push(s.clone());
                }
            }
            for b in &op.brands {
                if !brands.contains(b) {
                    brands.push(b.clone());
                }
            }
        }
        let rates = dragnet_cluster::Rates::shipped();
        let losses = by_cur
            .iter()
            .map(|(c, a)| LossRow {
                currency: c.clone(),
                amount: money(&a.to_string()),
                usd: rates
                    .to_usd(c, *a)
                    .map(|u| money(&u.to_string()))
                    .unwrap_or_else(|| "no rate".into()),
            })
            .collect();
        let mut countries: Vec<(String, String, u32)> = countries
            .into_iter()
            .map(|(c, n)| (c.clone(), country_name(&c).to_string(), n))
            .collect();
        countries.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));

        // Months: reports and (per-report, undeduplicated) losses in USD.
        let mut months: BTreeMap<String, (usize, Decimal)> = BTreeMap::new();
        for r in &input.reports {
            let Some(t) = r.received_at else { continue };
            let m = months.entry(t.format("%Y-%m").to_string()).or_default();
            m.0 += 1;
            if let Some((a, c)) = &r.loss {
                m.1 += rates.to_usd(c, dec(a)).unwrap_or_default();
            }
        }
        let months = months
            .into_iter()
            .map(|(month, (reports, l))| MonthRow {
                month,
                reports,
                losses_usd: money(&l.to_string()),
            })
            .collect();

        let first = ops.iter().filter_map(|o| o.first_seen).min();
        let last = ops.iter().filter_map(|o| o.last_seen).max();
        let mut events = Vec::new();
        if let Some(t) = first {
            events.push(Event {
                date: date(Some(t)),
                what: "First report received".into(),
            });
        }
        if let Some(t) = last {
            events.push(Event {
                date: date(Some(t)),
                what: "Latest report received".into(),
            });
        }
        for c in &input.custody {
            events.push(Event {
                date: date(Some(c.at)),
                what: format!("{} ({})", c.action, c.actor),
            });
        }
        for a in &input.actions {
            events.push(Event {
                date: a.date.format("%Y-%m-%d").to_string(),
                what: format!("{} {}", a.value, a.describe()),
            });
        }
        for o in &input.outcomes {
            events.push(Event {
                date: o.date.format("%Y-%m-%d").to_string(),
                what: describe_outcome(o),
            });
        }
        events.sort_by(|a, b| a.date.cmp(&b.date));

        // Indicator tables over the reports (warninglisted values left out).
        struct Acc {
            ind: Indicator,
            reports: usize,
            first: Option<DateTime<Utc>>,
            last: Option<DateTime<Utc>>,
            ops: BTreeSet<String>,
        }
        let mut acc: BTreeMap<(IndicatorType, String), Acc> = BTreeMap::new();
        let mut warned = BTreeSet::new();
        for r in &input.reports {
            let mut seen = BTreeSet::new();
            for i in &r.indicators {
                if i.warning.is_some() {
                    warned.insert((i.ty, i.value.clone()));
                    continue;
                }
                if !seen.insert((i.ty, i.value.clone())) {
                    continue;
                }
                let a = acc.entry((i.ty, i.value.clone())).or_insert_with(|| Acc {
                    ind: i.clone(),
                    reports: 0,
                    first: None,
                    last: None,
                    ops: BTreeSet::new(),
                });
                a.reports += 1;
                if a.ind.country.is_none() {
                    a.ind.country.clone_from(&i.country);
                }
                if a.ind.kind.is_none() {
                    a.ind.kind.clone_from(&i.kind);
                }
                a.first = match (a.first, r.received_at) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
                a.last = a.last.max(r.received_at);
                a.ops.insert(r.operation.clone());
            }
        }
        let mut rows: Vec<IndicatorRow> = acc
            .into_values()
            .map(|a| IndicatorRow {
                ty: a.ind.ty,
                country: a
                    .ind
                    .country
                    .as_deref()
                    .map(|c| format!("{} ({c})", country_name(c)))
                    .unwrap_or_default(),
                kind: a.ind.kind.clone().unwrap_or_default().replace('_', " "),
                reports: a.reports,
                first_seen: date(a.first),
                last_seen: date(a.last),
                operations: a.ops.into_iter().collect::<Vec<_>>().join(" "),
                action: input
                    .actions
                    .iter()
                    .filter(|x| x.ty == a.ind.ty && x.value == a.ind.value)
                    .map(IndicatorAction::describe)
                    .collect::<Vec<_>>()
                    .join("; "),
                value: a.ind.value,
            })
            .collect();
        rows.sort_by(|a, b| {
            b.reports
                .cmp(&a.reports)
                .then_with(|| a.value.cmp(&b.value))
        });
        let take = |f: &dyn Fn(IndicatorType) -> bool| -> Vec<IndicatorRow> {
            rows.iter().filter(|r| f(r.ty)).cloned().collect()
        };
        Facts {
            victims: ops.iter().map(|o| o.victims).sum(),
            incidents: ops.iter().map(|o| o.incidents).sum(),
            reports: input.reports.len(),
            sources,
            brands,
            countries,
            losses,
            total_usd: money(&usd.to_string()),
            rates_date: ops
                .first()
                .map(|o| o.loss.rates_date.clone())
                .unwrap_or_else(|| rates.date().to_string()),
            unconverted: unconverted.into_iter().collect(),
            first_seen: date(first),
            last_seen: date(last),
            months,
            events,
            phones: take(&|t| t == IndicatorType::Phone),
            domains: take(&|t| t == IndicatorType::Domain),
            remote: take(&|t| t == IndicatorType::RemoteAccessId),
            payments: take(&|t| {
                matches!(
                    t,
                    IndicatorType::Iban | IndicatorType::CryptoWallet | IndicatorType::GiftCard
                )
            }),
            other: take(&|t| matches!(t, IndicatorType::Email | IndicatorType::Url)),
            warninglisted: warned.len(),
            released: input.reports.iter().filter(|r| r.victim.is_some()).count(),
        }
    }
}

/// "Raid in Noida on 2023-10-19" and the like.
pub fn describe_outcome(o: &OutcomeEntry) -> String {
    let n = o.count.map(|c| c.to_string()).unwrap_or_default();
    let mut s = match o.kind.as_str() {
        "raid" => "Raid".to_string(),
        "arrests" => format!("{n} arrests").trim().to_string(),
        "accounts_frozen" => format!("{n} accounts frozen").trim().to_string(),
        "numbers_disconnected" => format!("{n} numbers disconnected").trim().to_string(),
        "domains_taken_down" => format!("{n} domains taken down").trim().to_string(),
        "money_recovered" => "Money recovered".to_string(),
        "conviction" => format!("{n} convictions").trim().to_string(),
        other => other.replace('_', " "),
    };
    if let (Some(a), Some(c)) = (&o.amount, &o.currency) {
        s.push_str(&format!(": {} {c}", money(a)));
    }
    if let Some(p) = &o.place {
        s.push_str(&format!(" in {p}"));
    }
    if let Some(note) = &o.note {
        s.push_str(&format!(" ({note})"));
    }
    s
}

/// English short names of the countries scam reports most often come from; the code itself
/// for the rest.
pub fn country_name(code: &str) -> &str {
    const NAMES: &[(&str, &str)] = &[
        ("AE", "United Arab Emirates"),
        ("AR", "Argentina"),
        ("AT", "Austria"),
        ("AU", "Australia"),
        ("BE", "Belgium"),
        ("BR", "Brazil"),
        ("CA", "Canada"),
        ("CH", "Switzerland"),
        ("CN", "China"),
        ("CZ", "Czechia"),
        ("DE", "Germany"),
        ("DK", "Denmark"),
        ("ES", "Spain"),
        ("FI", "Finland"),
        ("FR", "France"),
        ("GB", "United Kingdom"),
        ("IE", "Ireland"),
        ("IN", "India"),
        ("IT", "Italy"),
        ("JP", "Japan"),
        ("LU", "Luxembourg"),
        ("MX", "Mexico"),
        ("NG", "Nigeria"),
        ("NL", "Netherlands"),
        ("NO", "Norway"),
        ("NZ", "New Zealand"),
        ("PH", "Philippines"),
        ("PK", "Pakistan"),
        ("PL", "Poland"),
        ("PT", "Portugal"),
        ("SE", "Sweden"),
        ("SG", "Singapore"),
        ("US", "United States"),
        ("ZA", "South Africa"),
    ];
    NAMES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .map(|i| NAMES[i].1)
        .unwrap_or(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_separators_and_two_decimals() {
        assert_eq!(money("1234567.5"), "1,234,567.50");
        assert_eq!(money("12"), "12.00");
        assert_eq!(money("-1000"), "-1,000.00");
        assert_eq!(money("999.999"), "1,000.00");
    }

    #[test]
    fn country_names_are_sorted_for_search() {
        assert_eq!(country_name("DE"), "Germany");
        assert_eq!(country_name("US"), "United States");
        assert_eq!(country_name("XK"), "XK");
    }
}
