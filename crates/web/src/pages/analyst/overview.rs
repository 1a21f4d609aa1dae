//! `GET /app` (`?scope=own|all`): reports over time, by country, brand and contact method,
//! and losses, of the organisation's own reports or of every organisation's (aggregate
//! counts only: no report, no victim), with the largest operations.

use super::chart::{self, Chart, Datum};
use super::{Frame, Signed, render, usd};
use crate::AppState;
use crate::pages::{Pages, Visit};
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dragnet_cluster::Rates;
use dragnet_core::Money;
use dragnet_store::{Role, StatRow};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Categories a bar chart shows before "everything else".
const TOP: usize = 12;

#[derive(Debug, Clone)]
pub struct TopOperation {
    pub id: String,
    pub victims: u32,
    pub reports: usize,
    pub loss: String,
    pub sources: usize,
    pub brands: String,
}

#[derive(Template)]
#[template(path = "analyst/overview.html")]
struct OverviewPage {
    f: Option<Frame>,
    scope_all: bool,
    may_scope_own: bool,
    reports: String,
    loss_total: String,
    loss_note: String,
    with_loss: String,
    operations: String,
    shared_operations: String,
    charts: Vec<Chart>,
    top: Vec<TopOperation>,
    /// What referrals led to (own organisation's cases, or everyone's).
    outcomes: Vec<super::cases::Figure>,
}

#[derive(serde::Deserialize)]
pub struct OverviewQuery {
    scope: Option<String>,
}

/// What the overview shows, computed from the store's groups.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Figures {
    pub reports: u64,
    pub months: BTreeMap<String, u64>,
    pub countries: Vec<(String, u64)>,
    pub brands: Vec<(String, u64)>,
    pub contact: Vec<(String, u64)>,
    /// USD per month (converted with the shipped rates).
    pub loss_months: BTreeMap<String, Decimal>,
    pub loss_usd: Decimal,
    pub reports_with_loss: u64,
    /// Currencies the rates table lacks (left out of the totals).
    pub unconverted: Vec<String>,
}

fn ranked(map: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Keeps the `TOP` largest and sums the rest into one line.
fn top(mut v: Vec<(String, u64)>, rest: &str) -> Vec<(String, u64)> {
    if v.len() > TOP + 1 {
        let others: u64 = v[TOP..].iter().map(|x| x.1).sum();
        let n = v.len() - TOP;
        v.truncate(TOP);
        v.push((format!("{rest} ({n} more)"), others));
    }
    v
}

/// Months from the first to the last, those without reports at zero.
fn fill_months(m: &mut BTreeMap<String, u64>) {
    let parse = |s: &str| -> Option<(i32, u32)> {
        let (y, mo) = s.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let (Some(first), Some(last)) = (
        m.keys().next().and_then(|k| parse(k)),
        m.keys().last().and_then(|k| parse(k)),
    ) else {
        return;
    };
    let (mut y, mut mo) = first;
    // At most 20 years of months: a stray date must not make a giant chart.
    for _ in 0..240 {
        m.entry(format!("{y:04}-{mo:02}")).or_insert(0);
        if (y, mo) >= last {
            break;
        }
        mo += 1;
        if mo > 12 {
            mo = 1;
            y += 1;
        }
    }
}

/// Adds up the store's groups.
pub fn figures(rows: &[StatRow]) -> Figures {
    let rates = Rates::shipped();
    let mut f = Figures::default();
    let mut countries: HashMap<String, u64> = HashMap::new();
    let mut brands: HashMap<String, (String, u64)> = HashMap::new();
    let mut contact: HashMap<String, u64> = HashMap::new();
    for r in rows {
        let n = r.reports.max(0) as u64;
        f.reports += n;
        let month = r
            .month
            .clone()
            .filter(|m| m.len() == 7)
            .unwrap_or_else(|| "unknown".into());
        *f.months.entry(month.clone()).or_default() += n;
        *countries
            .entry(r.country.clone().unwrap_or_else(|| "not stated".into()))
            .or_default() += n;
        // Brands as typed differ in case ("Microsoft", "microsoft"): count them as one,
        // shown as first seen.
        let b = r.brand.clone().unwrap_or_else(|| "not stated".into());
        let e = brands.entry(b.to_lowercase()).or_insert((b, 0));
        e.1 += n;
        *contact
            .entry(
                r.contact_method
                    .clone()
                    .unwrap_or_else(|| "not stated".into())
                    .replace('_', " "),
            )
            .or_default() += n;
        if let (Some(a), Some(c)) = (&r.loss_amount, &r.loss_currency)
            && let Ok(m) = Money::parse(a, c)
        {
            f.reports_with_loss += n;
            match rates.to_usd(m.currency(), m.amount()) {
                Some(x) => {
                    let x = x * Decimal::from(n);
                    f.loss_usd += x;
                    *f.loss_months.entry(month).or_default() += x;
                }
                None => {
                    if !f.unconverted.contains(&c.to_string()) {
                        f.unconverted.push(c.to_string());
                    }
                }
            }
        }
    }
    let unknown = f.months.remove("unknown");
    fill_months(&mut f.months);
    if let Some(u) = unknown {
        f.months.insert("unknown".into(), u);
    }
    for m in f.months.keys() {
        f.loss_months.entry(m.clone()).or_default();
    }
    f.countries = top(ranked(countries), "other countries");
    f.brands = top(ranked(brands.into_values().collect()), "other brands");
    f.contact = ranked(contact);
    f
}

/// The charts of the overview.
pub fn charts(f: &Figures) -> Vec<Chart> {
    let counts = |v: &[(String, u64)]| -> Vec<Datum> {
        v.iter().map(|(l, n)| Datum::count(l.clone(), *n)).collect()
    };
    vec![
        chart::columns(
            "per-month",
            "Reports per month",
            "Month",
            "Reports",
            f.months
                .iter()
                .map(|(m, n)| Datum::count(m.clone(), *n))
                .collect(),
        ),
        chart::columns(
            "loss-month",
            "Losses per month (USD)",
            "Month",
            "Loss (USD)",
            f.loss_months
                .iter()
                .map(|(m, x)| Datum {
                    label: m.clone(),
                    value: x.round().try_into().unwrap_or(0.0),
                    text: usd(*x),
                })
                .collect(),
        ),
        chart::bars(
            "countries",
            "Reports by victim's country",
            "Country",
            "Reports",
            counts(&f.countries),
        ),
        chart::bars(
            "brands",
            "Reports by impersonated brand",
            "Brand",
            "Reports",
            counts(&f.brands),
        ),
        chart::bars(
            "contact",
            "Reports by how the scammers made contact",
            "Contact method",
            "Reports",
            counts(&f.contact),
        ),
    ]
}

pub async fn show(
    State(state): State<AppState>,
    Extension(pages): Extension<Arc<Pages>>,
    v: Visit,
    Signed(caller): Signed,
    Query(q): Query<OverviewQuery>,
) -> Response {
    let frame = Frame::new(&caller, &v, &pages, "overview");
    // Own reports by default; law-enforcement liaisons read no reports, so only the
    // aggregate of all organisations; administrators own everything.
    let may_scope_own = caller.role.reads_own_reports() && caller.role != Role::Admin;
    let scope_all = !may_scope_own || q.scope.as_deref() == Some("all");
    let org = (!scope_all).then_some(caller.org_id);
    let rows = match state.store.stat_rows(org).await {
        Ok(r) => r,
        Err(e) => return super::failure(&v, Some(frame), e.into()),
    };
    let fig = figures(&rows);
    let outcomes = match state.store.as_sql() {
        Some(s) => {
            use dragnet_store::CaseStore;
            match s.outcome_totals(org).await {
                Ok(t) => super::cases::outcome_figures(&t),
                Err(e) => return super::failure(&v, Some(frame), e.into()),
            }
        }
        None => Vec::new(),
    };
    let (all, top_ops) = {
        let engine = state.operations.read();
        let all = engine.summaries(2);
        let top_ops: Vec<TopOperation> = all
            .iter()
            .filter(|s| {
                // Own scope: the operations holding the organisation's reports.
                scope_all
                    || s.report_keys
                        .iter()
                        .any(|k| caller.sees_owner(state.operations.owner_of(k)))
            })
            .take(8)
            .map(|s| TopOperation {
                id: s.cluster.clone(),
                victims: s.victims,
                reports: s.reports.len(),
                loss: s
                    .loss
                    .amount
                    .parse::<Decimal>()
                    .map(usd)
                    .unwrap_or_else(|_| s.loss.amount.clone()),
                sources: s.sources.len(),
                brands: s
                    .brands
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect();
        (
            (all.len(), all.iter().filter(|s| s.is_shared()).count()),
            top_ops,
        )
    };
    let page = OverviewPage {
        f: Some(frame),
        scope_all,
        may_scope_own,
        reports: chart::thousands(fig.reports),
        loss_total: usd(fig.loss_usd),
        loss_note: if fig.unconverted.is_empty() {
            format!("at the reference rates of {}", Rates::shipped().date())
        } else {
            format!(
                "at the reference rates of {}; not counted (no rate): {}",
                Rates::shipped().date(),
                fig.unconverted.join(", ")
            )
        },
        with_loss: chart::thousands(fig.reports_with_loss),
        operations: chart::thousands(all.0 as u64),
        shared_operations: chart::thousands(all.1 as u64),
        charts: charts(&fig),
        top: top_ops,
        outcomes,
    };
    render(&v, StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(month: &str, country: &str, brand: &str, loss: Option<(&str, &str)>, n: i64) -> StatRow {
        StatRow {
            month: Some(month.into()),
            country: Some(country.into()),
            brand: Some(brand.into()),
            contact_method: Some("phone_call".into()),
            loss_amount: loss.map(|l| l.0.into()),
            loss_currency: loss.map(|l| l.1.into()),
            reports: n,
        }
    }

    #[test]
    fn groups_add_up() {
        let rows = vec![
            row("2023-01", "US", "Microsoft", Some(("100.00", "USD")), 3),
            row("2023-03", "DE", "microsoft", None, 2),
            row("2023-03", "US", "Amazon", Some(("50", "USD")), 1),
        ];
        let f = figures(&rows);
        assert_eq!(f.reports, 6);
        // February is filled in at zero.
        assert_eq!(
            f.months
                .iter()
                .map(|(m, n)| (m.as_str(), *n))
                .collect::<Vec<_>>(),
            vec![("2023-01", 3), ("2023-02", 0), ("2023-03", 3)]
        );
        assert_eq!(f.countries, vec![("US".into(), 4), ("DE".into(), 2)]);
        assert_eq!(
            f.brands,
            vec![("Microsoft".into(), 5), ("Amazon".into(), 1)]
        );
        assert_eq!(f.contact, vec![("phone call".into(), 6)]);
        assert_eq!(f.loss_usd, Decimal::new(350, 0));
        assert_eq!(f.reports_with_loss, 4);
        assert_eq!(charts(&f).len(), 5);
    }

    #[test]
    fn long_tails_are_summed() {
        let rows: Vec<StatRow> = (0..20)
            .map(|i| row("2023-01", &format!("C{i:02}"), "X", None, 20 - i))
            .collect();
        let f = figures(&rows);
        assert_eq!(f.countries.len(), TOP + 1);
        let last = f.countries.last().unwrap();
        assert_eq!(last.0, "other countries (8 more)");
        assert_eq!(last.1, (1..=8).sum::<i64>() as u64);
    }
}
