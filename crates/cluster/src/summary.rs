//! Operation summaries, the `clusters` output of FORMATS.md §3 (fields `cluster`, `reports`,
//! `sources`, `brands`, `countries`, `indicators`, `loss` exactly as specified, plus more).
//!
//! Counting rules:
//! * An *incident* is a set of reports joined by duplicate links (same victim, close in
//!   time, similar loss). Its loss is the loss of its earliest report that states one
//!   (by `received_at`, then arrival), so a victim reporting twice is counted once.
//! * *Victims* are distinct victim hashes; a report without one is its own victim. A
//!   victim's country is the one of its earliest report that states one.
//! * *Brands* are counted per report: the brand it names, the brands its narrative names,
//!   and the brands its domains point at ([`crate::brands`]); most reports first.
//! * *Indicators* are the operation's values that are not warninglisted, by number of
//!   reports carrying them; hubs are listed (flagged) so analysts see them.
//! * *Loss* sums incidents per currency and converts each currency's total to USD with the
//!   shipped rates ([`crate::rates`]); `amount` is the USD total with two decimals.

use crate::brands::brand_of_domain;
use crate::engine::{Engine, NONE, cluster_name};
use crate::node::report_id;
use crate::rates::{Rates, cents};
use chrono::{DateTime, Utc};
use dragnet_core::IndicatorType;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One indicator of an operation with the number of its reports that carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorCount {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    pub value: String,
    pub reports: usize,
    /// Set when the value is a suppressed hub: shown, but it links nothing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hub: bool,
}

/// Losses of an operation: `currency` and `amount` (USD) per FORMATS §3, with the
/// original currencies beside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossSummary {
    pub currency: String,
    pub amount: String,
    /// Date of the reference rates used for `amount`.
    pub rates_date: String,
    /// Totals in the currencies victims paid in.
    pub by_currency: BTreeMap<String, String>,
    /// Currencies the rates table lacks (left out of `amount`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unconverted: Vec<String>,
}

/// One operation (cluster), per FORMATS §3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterSummary {
    pub cluster: String,
    /// The sources' own report ids, in arrival order.
    pub reports: Vec<String>,
    /// Organisations that received reports of it, most reports first.
    pub sources: Vec<String>,
    pub brands: Vec<String>,
    /// Victims per ISO 3166-1 country.
    pub countries: BTreeMap<String, u32>,
    pub indicators: Vec<IndicatorCount>,
    pub loss: LossSummary,
    /// `source/id` keys, same order as `reports`.
    pub report_keys: Vec<String>,
    pub victims: u32,
    pub incidents: u32,
    /// Seen by more than one organisation (`clusters --shared`).
    pub shared: bool,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    /// Every operation id merged into this one, directly or transitively.
    pub merged_from: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_from: Option<String>,
}

impl ClusterSummary {
    pub fn is_shared(&self) -> bool {
        self.sources.len() > 1
    }
}

impl Engine {
    /// Summaries of every operation with at least `min_reports` reports (and at least two),
    /// most victims first, then most reports, then oldest id.
    pub fn summaries(&self, min_reports: usize) -> Vec<ClusterSummary> {
        let mut roots = Vec::new();
        for r in 0..self.reports.len() as u32 {
            if self.f.find_ro(r) == r && self.f.size_of_root(r) as usize >= min_reports.max(2) {
                roots.push(r);
            }
        }
        let mut out: Vec<(u32, ClusterSummary)> = roots
            .into_iter()
            .filter_map(|r| self.summary_of_root(r).map(|s| (self.cid[r as usize], s)))
            .collect();
        out.sort_by(|(ia, a), (ib, b)| {
            b.victims
                .cmp(&a.victims)
                .then_with(|| b.reports.len().cmp(&a.reports.len()))
                .then_with(|| ia.cmp(ib))
        });
        out.into_iter().map(|(_, s)| s).collect()
    }

    /// The summary of one operation, by its id or by an id merged into it.
    pub fn summary(&self, cluster: &str) -> Option<ClusterSummary> {
        let live = self.resolve(cluster)?;
        let id = crate::engine::parse_cluster_name(&live)?;
        let anchor = self.clusters.get(id as usize)?.anchor;
        if anchor == NONE {
            return None;
        }
        self.summary_of_root(self.f.find_ro(anchor))
    }

    /// The summary of one operation computed over only the reports whose `source/id` key
    /// `keep` accepts (the others count nowhere: not in reports, victims, countries, losses,
    /// indicators or sources), e.g. to leave out contributions a viewer may not see.
    /// `None` when no report is kept.
    pub fn summary_where(
        &self,
        cluster: &str,
        keep: &dyn Fn(&str) -> bool,
    ) -> Option<ClusterSummary> {
        let live = self.resolve(cluster)?;
        let id = crate::engine::parse_cluster_name(&live)?;
        let anchor = self.clusters.get(id as usize)?.anchor;
        if anchor == NONE {
            return None;
        }
        self.summary_of_members(self.f.find_ro(anchor), keep)
    }

    fn summary_of_root(&self, root: u32) -> Option<ClusterSummary> {
        self.summary_of_members(root, &|_| true)
    }

    fn summary_of_members(&self, root: u32, keep: &dyn Fn(&str) -> bool) -> Option<ClusterSummary> {
        let id = self.cid[root as usize];
        if id == NONE {
            return None;
        }
        let mut members = self.f.members(root);
        members.retain(|&m| keep(&self.reports[m as usize].key));
        if members.is_empty() {
            return None;
        }
        members.sort_unstable();
        let rep = |r: u32| &self.reports[r as usize];

        let mut source_counts: HashMap<u32, usize> = HashMap::new();
        for &m in &members {
            *source_counts.entry(rep(m).source).or_default() += 1;
        }
        let mut sources: Vec<(u32, usize)> = source_counts.into_iter().collect();
        sources.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| self.names.get(a.0).cmp(self.names.get(b.0)))
        });
        let sources: Vec<String> = sources
            .iter()
            .map(|(s, _)| self.names.get(*s).to_string())
            .collect();

        // Victims and their countries.
        let mut victim_country: BTreeMap<(u8, u32), Option<String>> = BTreeMap::new();
        for &m in &members {
            let key = match rep(m).victim {
                Some(h) => (0, h),
                None => (1, m),
            };
            let c = rep(m).country.map(|c| c.as_str().to_string());
            let e = victim_country.entry(key).or_insert(None);
            if e.is_none() {
                *e = c;
            }
        }
        let victims = victim_country.len() as u32;
        let mut countries: BTreeMap<String, u32> = BTreeMap::new();
        for c in victim_country.values().flatten() {
            *countries.entry(c.clone()).or_default() += 1;
        }

        // Incidents (duplicate components) and their losses.
        let mut seen: HashSet<u32> = HashSet::new();
        let mut incidents = 0u32;
        let mut by_cur: BTreeMap<String, Decimal> = BTreeMap::new();
        for &m in &members {
            if !seen.insert(m) {
                continue;
            }
            incidents += 1;
            let mut comp = vec![m];
            let mut stack = vec![m];
            while let Some(x) = stack.pop() {
                for &d in self.dup_adj.get(&x).map_or(&[][..], |v| v.as_slice()) {
                    if keep(&self.reports[d as usize].key) && seen.insert(d) {
                        comp.push(d);
                        stack.push(d);
                    }
                }
            }
            let first_loss = comp
                .iter()
                .filter_map(|&x| rep(x).loss.map(|l| (rep(x).received, x, l)))
                .min_by(|a, b| match (a.0, b.0) {
                    (Some(ta), Some(tb)) => ta.cmp(&tb).then(a.1.cmp(&b.1)),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => a.1.cmp(&b.1),
                });
            if let Some((_, _, (cur, amount))) = first_loss {
                *by_cur.entry(self.names.get(cur).to_string()).or_default() += amount;
            }
        }
        let rates = Rates::shipped();
        let mut usd = Decimal::ZERO;
        let mut unconverted = Vec::new();
        for (cur, amount) in &by_cur {
            match rates.to_usd(cur, *amount) {
                Some(x) => usd += x,
                None => unconverted.push(cur.clone()),
            }
        }
        let loss = LossSummary {
            currency: "USD".to_string(),
            amount: cents(usd),
            rates_date: rates.date().to_string(),
            by_currency: by_cur
                .iter()
                .map(|(c, a)| (c.clone(), minor_units(c, *a)))
                .collect(),
            unconverted,
        };

        // Brands and indicators.
        let mut brand_counts: HashMap<String, usize> = HashMap::new();
        let mut value_counts: HashMap<u32, usize> = HashMap::new();
        for &m in &members {
            let mut names: HashSet<String> = HashSet::new();
            if let Some(b) = rep(m).brand {
                names.insert(self.names.get(b).to_string());
            }
            for &b in rep(m).narrative_brands.iter() {
                names.insert(self.names.get(b).to_string());
            }
            for &v in self.vals(m) {
                let vm = &self.values[v as usize];
                let brand = match vm.ty {
                    IndicatorType::Domain => brand_of_domain(&vm.text),
                    _ => None,
                };
                if let Some(b) = brand {
                    names.insert(b.to_string());
                }
                if vm.warned.is_none() {
                    *value_counts.entry(v).or_default() += 1;
                }
            }
            for n in names {
                *brand_counts.entry(n).or_default() += 1;
            }
        }
        let mut brands: Vec<(String, usize)> = brand_counts.into_iter().collect();
        brands.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut indicators: Vec<IndicatorCount> = value_counts
            .into_iter()
            .map(|(v, n)| {
                let vm = &self.values[v as usize];
                IndicatorCount {
                    ty: vm.ty,
                    value: vm.text.to_string(),
                    reports: n,
                    hub: vm.hub && vm.linkable() || vm.suppressed,
                }
            })
            .collect();
        indicators.sort_by(|a, b| {
            b.reports
                .cmp(&a.reports)
                .then_with(|| (a.ty, &a.value).cmp(&(b.ty, &b.value)))
        });
        indicators.truncate(self.policy.top_indicators);

        let times: Vec<DateTime<Utc>> = members.iter().filter_map(|&m| rep(m).received).collect();
        let mut merged_from = Vec::new();
        let mut stack = self.clusters[id as usize].merged_from.clone();
        while let Some(x) = stack.pop() {
            merged_from.push(x);
            stack.extend(self.clusters[x as usize].merged_from.iter().copied());
        }
        merged_from.sort_unstable();
        let split_from = self.clusters[id as usize].split_from;

        Some(ClusterSummary {
            cluster: cluster_name(id),
            reports: members
                .iter()
                .map(|&m| report_id(&rep(m).key, self.names.get(rep(m).source)).to_string())
                .collect(),
            shared: sources.len() > 1,
            sources,
            brands: brands.into_iter().map(|(b, _)| b).collect(),
            countries,
            indicators,
            loss,
            report_keys: members.iter().map(|&m| rep(m).key.to_string()).collect(),
            victims,
            incidents,
            first_seen: times.iter().min().copied(),
            last_seen: times.iter().max().copied(),
            merged_from: merged_from.into_iter().map(cluster_name).collect(),
            split_from: (split_from != NONE).then(|| cluster_name(split_from)),
        })
    }
}

/// An amount with its currency's minor digits (ISO 4217), two when unknown.
fn minor_units(currency: &str, amount: Decimal) -> String {
    let exp = iso_currency::Currency::from_code(currency)
        .and_then(|c| c.exponent())
        .unwrap_or(2);
    let mut a = amount.round_dp_with_strategy(
        u32::from(exp),
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    a.rescale(u32::from(exp));
    a.to_string()
}
