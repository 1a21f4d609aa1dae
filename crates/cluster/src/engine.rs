//! The incremental correlation engine: reports arrive one by one and join, merge or (when a
//! value turns out to be a hub or is warninglisted) split operations, with no full recompute.
//!
//! Data model: a bipartite graph of reports and interned indicator values (one edge per
//! report and distinct value, so stored links grow linearly with indicators), plus
//! duplicate edges between reports of the same incident. A union-find over reports holds
//! the operations: the components made by every linkable value that is not a hub, plus
//! duplicate links.
//!
//! The partition is a function of the set of reports and the policy, never of their order:
//! the hub rule ([`crate::policy::HubRule`]) only counts quantities that grow as reports
//! arrive, so a verdict never flips back and depends on the set alone. When a value stops
//! linking (it became a hub, or a later report says it is warninglisted) only the operation
//! that held its reports is dissolved and rebuilt, in time proportional to its size, and
//! each value can cause that at most once. Operation ids are handed out in order of
//! creation (`c-1`, `c-2`…); a merge keeps the older (smaller) id and records the absorbed
//! one; a split keeps the id on the part holding the earliest report.

use crate::dsu::Dsu;
use crate::node::ReportNode;
use crate::policy::Policy;
use chrono::{DateTime, Utc};
use dragnet_core::{Country, IndicatorType};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The maps every report touches: foldhash (several times faster than std's SipHash on
/// short keys), randomly seeded per process like std's, so keys that victims or partners
/// choose (report ids, indicator values) cannot be crafted to collide. Iteration order
/// never reaches results.
type FastMap<K, V> = HashMap<K, V, foldhash::quality::RandomState>;
type FastSet<K> = HashSet<K, foldhash::quality::RandomState>;

pub(crate) const NONE: u32 = u32::MAX;

/// String interner: one copy of each source, brand, currency, list name or victim hash.
#[derive(Debug, Default)]
pub(crate) struct Names {
    map: FastMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Names {
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.map.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.into());
        self.map.insert(s.into(), i);
        i
    }

    pub(crate) fn get(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |s| s)
    }
}

#[derive(Debug)]
pub(crate) struct ReportMeta {
    pub(crate) key: Box<str>,
    pub(crate) source: u32,
    pub(crate) received: Option<DateTime<Utc>>,
    pub(crate) country: Option<Country>,
    pub(crate) brand: Option<u32>,
    pub(crate) narrative_brands: Box<[u32]>,
    /// (interned currency, amount)
    pub(crate) loss: Option<(u32, Decimal)>,
    pub(crate) victim: Option<u32>,
}

#[derive(Debug)]
pub(crate) struct ValueMeta {
    pub(crate) ty: IndicatorType,
    pub(crate) text: Box<str>,
    /// Reports carrying the value, in arrival order (the bipartite edges).
    pub(crate) reports: Vec<u32>,
    /// Interned warninglist name, when any occurrence was warninglisted.
    pub(crate) warned: Option<u32>,
    pub(crate) suppressed: bool,
    pub(crate) link_type: bool,
    pub(crate) hub: bool,
    /// Partners counted when the value became a hub.
    pub(crate) partners_at_verdict: u32,
}

impl ValueMeta {
    pub(crate) fn linkable(&self) -> bool {
        self.link_type && self.warned.is_none() && !self.suppressed
    }
    pub(crate) fn links_f(&self) -> bool {
        self.linkable() && !self.hub
    }
}

/// What the hub rule tracks for a candidate (a value on `min_reports` reports or more that is
/// not yet a hub): its partners and sources, as sorted ids. Bounded by the rule's maximum,
/// dropped once the value is a hub.
#[derive(Debug, Default)]
struct Candidate {
    partners: Vec<u32>,
    sources: Vec<u32>,
}

/// Inserts into a sorted vector; true when it was not there.
fn insert_sorted(v: &mut Vec<u32>, x: u32) -> bool {
    match v.binary_search(&x) {
        Ok(_) => false,
        Err(i) => {
            v.insert(i, x);
            true
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ClusterMeta {
    /// Some report of the operation while it lives.
    pub(crate) anchor: u32,
    pub(crate) merged_from: Vec<u32>,
    pub(crate) merged_into: u32,
    pub(crate) split_from: u32,
}

/// What happened to operations when a report (or a policy verdict) changed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ClusterEvent {
    /// Two reports that were alone now form an operation.
    Created {
        cluster: String,
        reports: Vec<String>,
    },
    /// A lone report joined an operation.
    Joined { cluster: String, report: String },
    /// Two operations are one; the older id is kept.
    Merged { kept: String, absorbed: String },
    /// A value stopped linking and the operation fell apart: `into` are the operations
    /// left (the first keeps the old id), `released` the reports left alone.
    Split {
        cluster: String,
        into: Vec<String>,
        released: Vec<String>,
    },
    /// A value became a hub and no longer links.
    HubSuppressed {
        #[serde(rename = "type")]
        ty: IndicatorType,
        value: String,
        reports: usize,
    },
    /// A value is no longer a hub and links again.
    HubReleased {
        #[serde(rename = "type")]
        ty: IndicatorType,
        value: String,
    },
    /// The report is the same incident as an earlier one of the same victim.
    Duplicate { report: String, of: String },
}

/// A value the hub rule suppresses, for analysts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hub {
    #[serde(rename = "type")]
    pub ty: IndicatorType,
    pub value: String,
    pub reports: usize,
    pub sources: Vec<String>,
    /// Distinct established values seen next to it when it became a hub (0 for `policy`).
    pub partners: u32,
    /// `hub_rule` or `policy` (declared by an analyst).
    pub reason: String,
}

/// The correlation engine. Feed it reports with [`Engine::add`]; read operations with
/// [`Engine::summaries`], [`Engine::explain`], [`Engine::hubs`].
#[derive(Debug)]
pub struct Engine {
    pub(crate) policy: Policy,
    link_mask: [bool; 10],
    suppress: HashSet<(IndicatorType, String)>,
    keys: FastMap<Box<str>, u32>,
    pub(crate) reports: Vec<ReportMeta>,
    rv_off: Vec<u32>,
    rv: Vec<u32>,
    value_ix: Vec<FastMap<Box<str>, u32>>,
    pub(crate) values: Vec<ValueMeta>,
    pub(crate) names: Names,
    victim_names: Names,
    victims: FastMap<u32, Vec<u32>>,
    pub(crate) dup_adj: FastMap<u32, Vec<u32>>,
    cands: FastMap<u32, Candidate>,
    pub(crate) f: Dsu,
    pub(crate) cid: Vec<u32>,
    pub(crate) clusters: Vec<ClusterMeta>,
    vmark: Vec<u32>,
    vepoch: u32,
    rmark: Vec<u32>,
    repoch: u32,
}

pub(crate) fn cluster_name(id: u32) -> String {
    format!("c-{}", u64::from(id) + 1)
}

pub(crate) fn parse_cluster_name(s: &str) -> Option<u32> {
    let n: u64 = s.strip_prefix("c-")?.parse().ok()?;
    u32::try_from(n.checked_sub(1)?).ok()
}

impl Engine {
    pub fn new(policy: Policy) -> Self {
        let mut link_mask = [false; 10];
        for t in &policy.link_types {
            link_mask[*t as usize] = true;
        }
        let suppress = policy
            .suppress
            .iter()
            .map(|s| (s.ty, s.value.clone()))
            .collect();
        let mut policy = policy;
        // A value on one report links nothing; thresholds below 2 mean 2.
        policy.hub.min_reports = policy.hub.min_reports.max(2);
        Engine {
            policy,
            link_mask,
            suppress,
            keys: FastMap::default(),
            reports: Vec::new(),
            rv_off: vec![0],
            rv: Vec::new(),
            value_ix: (0..10).map(|_| FastMap::default()).collect(),
            values: Vec::new(),
            names: Names::default(),
            victim_names: Names::default(),
            victims: FastMap::default(),
            dup_adj: FastMap::default(),
            cands: FastMap::default(),
            f: Dsu::default(),
            cid: Vec::new(),
            clusters: Vec::new(),
            vmark: Vec::new(),
            vepoch: 0,
            rmark: Vec::new(),
            repoch: 0,
        }
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Number of reports added.
    pub fn len(&self) -> usize {
        self.reports.len()
    }

    pub fn is_empty(&self) -> bool {
        self.reports.is_empty()
    }

    /// Number of distinct indicator values seen.
    pub fn value_count(&self) -> usize {
        self.values.len()
    }

    /// How many reports carry a value, and in how many operations (of two or more
    /// reports) those are: what the "is this a scam?" check tells the public. Answered from
    /// the in-memory index, without touching storage.
    pub fn value_matches(&self, ty: IndicatorType, value: &str) -> (u64, u64) {
        let Some(&v) = self.value_ix[ty as usize].get(value) else {
            return (0, 0);
        };
        let reports = &self.values[v as usize].reports;
        let mut ops: Vec<u32> = reports
            .iter()
            .filter_map(|&r| {
                let root = self.f.find_ro(r);
                (self.f.size_of_root(root) >= 2).then_some(root)
            })
            .collect();
        ops.sort_unstable();
        ops.dedup();
        (reports.len() as u64, ops.len() as u64)
    }

    /// [`Self::value_matches`] for an indicator key `type:value` (what the check asks);
    /// (0, 0) for a key that is not of that form.
    pub fn key_matches(&self, key: &str) -> (u64, u64) {
        key.split_once(':')
            .and_then(|(ty, value)| Some((ty.parse::<IndicatorType>().ok()?, value)))
            .map_or((0, 0), |(ty, value)| self.value_matches(ty, value))
    }

    /// The operations (of two or more reports) whose reports carry a value.
    pub fn value_operations(&self, ty: IndicatorType, value: &str) -> Vec<String> {
        let Some(&v) = self.value_ix[ty as usize].get(value) else {
            return Vec::new();
        };
        let mut ids: Vec<u32> = self.values[v as usize]
            .reports
            .iter()
            .filter_map(|&r| {
                let id = self.cid[self.f.find_ro(r) as usize];
                (id != NONE).then_some(id)
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(cluster_name).collect()
    }

    pub(crate) fn vals(&self, r: u32) -> &[u32] {
        let (a, b) = (
            self.rv_off[r as usize] as usize,
            self.rv_off[r as usize + 1] as usize,
        );
        &self.rv[a..b]
    }

    pub(crate) fn report_index(&self, key: &str) -> Option<u32> {
        self.keys.get(key).copied()
    }

    /// The operation a report belongs to, or `None` when it stands alone (or is unknown).
    pub fn cluster_of(&self, key: &str) -> Option<String> {
        let r = self.report_index(key)?;
        let id = self.cid[self.f.find_ro(r) as usize];
        (id != NONE).then(|| cluster_name(id))
    }

    /// Where an operation id lives now: itself, or the operation it was merged into.
    pub fn resolve(&self, cluster: &str) -> Option<String> {
        let mut id = parse_cluster_name(cluster)?;
        loop {
            let meta = self.clusters.get(id as usize)?;
            if meta.merged_into == NONE {
                return (meta.anchor != NONE).then(|| cluster_name(id));
            }
            id = meta.merged_into;
        }
    }

    /// The report keys of an operation (following merges to where it lives now), in no
    /// particular order; empty for an unknown or dissolved id. Time proportional to the
    /// operation's size.
    pub fn members(&self, cluster: &str) -> Vec<String> {
        let Some(id) = self.resolve(cluster).and_then(|c| parse_cluster_name(&c)) else {
            return Vec::new();
        };
        let root = self.f.find_ro(self.clusters[id as usize].anchor);
        if self.cid[root as usize] != id {
            return Vec::new();
        }
        self.f
            .members(root)
            .into_iter()
            .map(|r| self.key_of(r))
            .collect()
    }

    /// The partition as sorted lists of report keys (operations of two or more reports),
    /// sorted: what "the same result" means in tests.
    pub fn partition(&self) -> Vec<Vec<String>> {
        let mut by_root: HashMap<u32, Vec<String>> = HashMap::new();
        for r in 0..self.reports.len() as u32 {
            let root = self.f.find_ro(r);
            if self.f.size_of_root(root) >= 2 {
                by_root
                    .entry(root)
                    .or_default()
                    .push(self.reports[r as usize].key.to_string());
            }
        }
        let mut out: Vec<Vec<String>> = by_root
            .into_values()
            .map(|mut v| {
                v.sort();
                v
            })
            .collect();
        out.sort();
        out
    }

    /// Every value currently suppressed as a hub (by the rule or by the policy), most
    /// reports first.
    pub fn hubs(&self) -> Vec<Hub> {
        let mut out: Vec<Hub> = self
            .values
            .iter()
            .filter(|v| (v.hub && v.linkable()) || (v.suppressed && v.link_type))
            .map(|v| {
                let mut sources: Vec<String> = v
                    .reports
                    .iter()
                    .map(|&r| self.names.get(self.reports[r as usize].source).to_string())
                    .collect::<HashSet<_>>()
                    .into_iter()
                    .collect();
                sources.sort();
                Hub {
                    ty: v.ty,
                    value: v.text.to_string(),
                    reports: v.reports.len(),
                    sources,
                    partners: v.partners_at_verdict,
                    reason: if v.suppressed { "policy" } else { "hub_rule" }.to_string(),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.reports
                .cmp(&a.reports)
                .then_with(|| (a.ty, &a.value).cmp(&(b.ty, &b.value)))
        });
        out
    }

    fn intern_value(&mut self, ty: IndicatorType, text: &str) -> u32 {
        let ix = &mut self.value_ix[ty as usize];
        if let Some(&v) = ix.get(text) {
            return v;
        }
        let v = self.values.len() as u32;
        ix.insert(text.into(), v);
        self.values.push(ValueMeta {
            ty,
            text: text.into(),
            reports: Vec::new(),
            warned: None,
            suppressed: self.suppress.contains(&(ty, text.to_string())),
            link_type: self.link_mask[ty as usize],
            hub: false,
            partners_at_verdict: 0,
        });
        self.vmark.push(0);
        v
    }

    /// Adds one report and returns what it did to operations. Adding a key a second time
    /// does nothing and returns no event.
    pub fn add(&mut self, node: &ReportNode) -> Vec<ClusterEvent> {
        let mut ev = Vec::new();
        if self.keys.contains_key(node.key.as_str()) {
            return ev;
        }
        let r = self.reports.len() as u32;
        let source = self.names.intern(&node.source);
        let brand = node.brand.as_deref().map(|b| self.names.intern(b));
        let narrative_brands: Box<[u32]> = node
            .narrative_brands
            .iter()
            .map(|b| self.names.intern(b))
            .collect();
        let loss = node
            .loss
            .as_ref()
            .map(|m| (self.names.intern(m.currency()), m.amount()));
        let victim = node.victim.as_deref().map(|v| self.victim_names.intern(v));
        self.keys.insert(node.key.as_str().into(), r);
        self.reports.push(ReportMeta {
            key: node.key.as_str().into(),
            source,
            received: node.received_at,
            country: node.country,
            brand,
            narrative_brands,
            loss,
            victim,
        });

        // Intern the report's distinct values and snapshot how they linked before it.
        let start = self.rv.len();
        let mut warn_of: Vec<(u32, u32)> = Vec::new();
        let mail_hosts: Vec<&str> = node
            .indicators
            .iter()
            .filter(|i| i.ty == IndicatorType::Email)
            .filter_map(|i| i.value.rsplit_once('@').map(|(_, host)| host))
            .collect();
        for ind in &node.indicators {
            // The host of an e-mail address in the same report is its mail provider, not a
            // separate indicator: victims' ISPs and webmail must not link reports.
            if ind.ty == IndicatorType::Domain && mail_hosts.contains(&ind.value.as_str()) {
                continue;
            }
            let v = self.intern_value(ind.ty, &ind.value);
            if let Some(w) = &ind.warning {
                let list = self.names.intern(w);
                warn_of.push((v, list));
            }
            if !self.rv[start..].contains(&v) {
                self.rv.push(v);
            }
        }
        self.rv_off.push(self.rv.len() as u32);
        let vals: Vec<u32> = self.rv[start..].to_vec();
        let before: Vec<bool> = vals
            .iter()
            .map(|&v| self.values[v as usize].links_f())
            .collect();
        self.f.push();
        self.cid.push(NONE);
        self.rmark.push(0);

        // Apply the report to its values: postings, warninglists.
        for (v, list) in warn_of {
            let m = &mut self.values[v as usize];
            if m.warned.is_none() {
                m.warned = Some(list);
            }
        }
        for &v in &vals {
            self.values[v as usize].reports.push(r);
        }

        // Duplicates: earlier reports of the same victim that are the same incident.
        let mut dups: Vec<u32> = Vec::new();
        if let Some(h) = victim {
            if let Some(earlier) = self.victims.get(&h) {
                dups = earlier
                    .iter()
                    .copied()
                    .filter(|&p| self.same_incident(p, r))
                    .collect();
            }
            self.victims.entry(h).or_default().push(r);
            for &p in &dups {
                self.dup_adj.entry(p).or_default().push(r);
                self.dup_adj.entry(r).or_default().push(p);
            }
        }

        // Hub rule: grow candidates' partner and source sets, then judge them.
        let flips = self.update_hub_candidates(source, &vals);

        // Operations: dissolve and rebuild those that held a value which stopped linking.
        let mut lost: Vec<u32> = Vec::new();
        for (i, &v) in vals.iter().enumerate() {
            if before[i] && !self.values[v as usize].links_f() {
                lost.push(v);
            }
        }
        for &v in &flips {
            let m = &self.values[v as usize];
            if !m.linkable() {
                continue;
            }
            ev.push(ClusterEvent::HubSuppressed {
                ty: m.ty,
                value: m.text.to_string(),
                reports: m.reports.len(),
            });
            if !vals.contains(&v) {
                lost.push(v);
            }
        }
        let first_ep = self.repoch + 1;
        for &v in &lost {
            let Some(&rep) = self.values[v as usize].reports.iter().find(|&&p| p != r) else {
                continue;
            };
            if self.rmark[rep as usize] >= first_ep {
                continue;
            }
            let root = self.f.find(rep);
            if self.f.size_of_root(root) >= 2 {
                self.f_rebuild(root, r, &mut ev);
            }
        }
        for &v in &vals {
            let m = &self.values[v as usize];
            if !m.links_f() {
                continue;
            }
            if let Some(&other) = m.reports.iter().find(|&&p| p != r) {
                self.f_union(r, other, &mut ev);
            }
        }
        for &d in &dups {
            ev.push(ClusterEvent::Duplicate {
                report: node.key.clone(),
                of: self.reports[d as usize].key.to_string(),
            });
            self.f_union(r, d, &mut ev);
        }
        ev
    }

    /// Keeps the hub rule's counts exact after a report (from `source`, with `vals`)
    /// arrived, and returns the values that just became hubs, sorted.
    fn update_hub_candidates(&mut self, source: u32, vals: &[u32]) -> Vec<u32> {
        let rule = self.policy.hub.clone();
        let (cmin, pmin) = (
            rule.min_reports as usize,
            rule.partner_min_reports.max(1) as usize,
        );
        let mut check: Vec<u32> = Vec::new();
        for &v in vals {
            let m = &self.values[v as usize];
            if !m.link_type || m.hub {
                continue;
            }
            let deg = m.reports.len();
            if deg == cmin {
                // Newly a candidate: collect partners and sources from all its reports.
                let mut partners = Vec::new();
                let mut sources = Vec::new();
                for &p in &self.values[v as usize].reports {
                    insert_sorted(&mut sources, self.reports[p as usize].source);
                    let (s, e) = (
                        self.rv_off[p as usize] as usize,
                        self.rv_off[p as usize + 1] as usize,
                    );
                    for &w in &self.rv[s..e] {
                        let wm = &self.values[w as usize];
                        if w != v && wm.link_type && wm.reports.len() >= pmin {
                            insert_sorted(&mut partners, w);
                        }
                    }
                }
                self.cands.insert(v, Candidate { partners, sources });
                check.push(v);
            } else if deg > cmin {
                let new: Vec<u32> = vals
                    .iter()
                    .copied()
                    .filter(|&w| {
                        let wm = &self.values[w as usize];
                        w != v && wm.link_type && wm.reports.len() >= pmin
                    })
                    .collect();
                let c = self.cands.entry(v).or_default();
                for w in new {
                    insert_sorted(&mut c.partners, w);
                }
                insert_sorted(&mut c.sources, source);
                check.push(v);
            }
        }
        // Values that just became established are partners of every candidate beside them.
        for &w in vals {
            let wm = &self.values[w as usize];
            if !wm.link_type || wm.reports.len() != pmin {
                continue;
            }
            for i in 0..wm.reports.len() {
                let p = self.values[w as usize].reports[i];
                let (s, e) = (
                    self.rv_off[p as usize] as usize,
                    self.rv_off[p as usize + 1] as usize,
                );
                for j in s..e {
                    let u = self.rv[j];
                    let um = &self.values[u as usize];
                    if u != w && um.link_type && !um.hub && um.reports.len() >= cmin {
                        insert_sorted(&mut self.cands.entry(u).or_default().partners, w);
                        check.push(u);
                    }
                }
            }
        }
        check.sort_unstable();
        check.dedup();
        let mut flips = Vec::new();
        for v in check {
            let Some(c) = self.cands.get(&v) else {
                continue;
            };
            let reports = self.values[v as usize].reports.len();
            if c.partners.len() > rule.max_partners as usize
                && c.partners.len() * 100 >= rule.partners_per_100_reports as usize * reports
                && c.sources.len() >= rule.min_sources as usize
            {
                let m = &mut self.values[v as usize];
                m.hub = true;
                m.partners_at_verdict = c.partners.len() as u32;
                self.cands.remove(&v);
                flips.push(v);
            }
        }
        flips
    }

    /// Same victim (checked by the caller), close in time, similar loss.
    fn same_incident(&self, p: u32, r: u32) -> bool {
        let (a, b) = (&self.reports[p as usize], &self.reports[r as usize]);
        if let (Some(ta), Some(tb)) = (a.received, b.received) {
            let gap = (ta - tb).num_seconds().unsigned_abs();
            if gap > u64::from(self.policy.duplicate.window_hours) * 3600 {
                return false;
            }
        }
        match (a.loss, b.loss) {
            (Some((ca, xa)), Some((cb, xb))) => {
                let tol = Decimal::from(self.policy.duplicate.loss_tolerance_percent);
                ca == cb && (xa - xb).abs() * Decimal::ONE_HUNDRED <= tol * xa.max(xb)
            }
            _ => true,
        }
    }

    fn new_cluster(&mut self, anchor: u32, split_from: u32) -> u32 {
        let id = self.clusters.len() as u32;
        self.clusters.push(ClusterMeta {
            anchor,
            merged_from: Vec::new(),
            merged_into: NONE,
            split_from,
        });
        id
    }

    fn key_of(&self, r: u32) -> String {
        self.reports[r as usize].key.to_string()
    }

    fn f_union(&mut self, a: u32, b: u32, ev: &mut Vec<ClusterEvent>) {
        let ra = self.f.find(a);
        let rb = self.f.find(b);
        if ra == rb {
            return;
        }
        let (ia, ib) = (self.cid[ra as usize], self.cid[rb as usize]);
        let Some((root, child)) = self.f.union(ra, rb) else {
            return;
        };
        let id = match (ia, ib) {
            (NONE, NONE) => {
                let id = self.new_cluster(root, NONE);
                let (lo, hi) = (ra.min(rb), ra.max(rb));
                ev.push(ClusterEvent::Created {
                    cluster: cluster_name(id),
                    reports: vec![self.key_of(lo), self.key_of(hi)],
                });
                id
            }
            (x, NONE) | (NONE, x) => {
                let lone = if ia == NONE { ra } else { rb };
                ev.push(ClusterEvent::Joined {
                    cluster: cluster_name(x),
                    report: self.key_of(lone),
                });
                x
            }
            (x, y) => {
                let (kept, absorbed) = (x.min(y), x.max(y));
                self.clusters[kept as usize].merged_from.push(absorbed);
                let dead = &mut self.clusters[absorbed as usize];
                dead.merged_into = kept;
                dead.anchor = NONE;
                ev.push(ClusterEvent::Merged {
                    kept: cluster_name(kept),
                    absorbed: cluster_name(absorbed),
                });
                kept
            }
        };
        self.cid[child as usize] = NONE;
        self.cid[root as usize] = id;
        self.clusters[id as usize].anchor = root;
    }

    /// Dissolves the operation rooted at `root` and rebuilds it from the values that still
    /// link, leaving out `skip` (the report being added, not yet part of any operation).
    fn f_rebuild(&mut self, root: u32, skip: u32, ev: &mut Vec<ClusterEvent>) {
        let old = self.cid[root as usize];
        let mut members = self.f.members(root);
        self.repoch += 1;
        let ep = self.repoch;
        for &m in &members {
            self.rmark[m as usize] = ep;
            self.f.reset(m);
            self.cid[m as usize] = NONE;
        }
        self.vepoch += 1;
        let vep = self.vepoch;
        for &m in &members {
            let (s, e) = (
                self.rv_off[m as usize] as usize,
                self.rv_off[m as usize + 1] as usize,
            );
            for i in s..e {
                let v = self.rv[i];
                if self.vmark[v as usize] == vep {
                    continue;
                }
                self.vmark[v as usize] = vep;
                if !self.values[v as usize].links_f() {
                    continue;
                }
                let mut prev = NONE;
                for &p in &self.values[v as usize].reports {
                    if p == skip || self.rmark[p as usize] != ep {
                        continue;
                    }
                    if prev != NONE {
                        self.f.union(prev, p);
                    }
                    prev = p;
                }
            }
            if let Some(ds) = self.dup_adj.get(&m) {
                for &d in ds {
                    if d != skip && self.rmark[d as usize] == ep {
                        self.f.union(m, d);
                    }
                }
            }
        }
        members.sort_unstable();
        let mut parts: Vec<u32> = Vec::new();
        let mut seen: FastSet<u32> = FastSet::default();
        let mut released = Vec::new();
        for &m in &members {
            let rt = self.f.find(m);
            if self.f.size_of_root(rt) < 2 {
                released.push(self.key_of(m));
            } else if seen.insert(rt) {
                parts.push(rt);
            }
        }
        let mut into = Vec::with_capacity(parts.len());
        for (i, &rt) in parts.iter().enumerate() {
            let id = if i == 0 && old != NONE {
                self.clusters[old as usize].anchor = rt;
                old
            } else {
                self.new_cluster(rt, old)
            };
            self.cid[rt as usize] = id;
            into.push(cluster_name(id));
        }
        if parts.is_empty() && old != NONE {
            self.clusters[old as usize].anchor = NONE;
        }
        if old != NONE {
            ev.push(ClusterEvent::Split {
                cluster: cluster_name(old),
                into,
                released,
            });
        }
    }

    /// Rough heap use of the engine's own tables, in bytes (for the benchmark).
    pub fn heap_bytes_estimate(&self) -> usize {
        let postings: usize = self
            .values
            .iter()
            .map(|v| v.reports.capacity() * 4 + v.text.len() + 64)
            .sum();
        let reports: usize = self.reports.iter().map(|r| r.key.len() * 2 + 96).sum();
        postings
            + reports
            + self.rv.capacity() * 4
            + self.rv_off.capacity() * 4
            + self.f.heap_bytes()
    }
}
