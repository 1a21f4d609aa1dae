//! The partition depends on the set of reports, never on their order; ids depend only on
//! the order. Checked on hand-made cases and on random ones (proptest).

use crate::helpers::*;
use dragnet_cluster::{Engine, HubRule, Policy, ReportNode};
use proptest::prelude::*;

/// A random report: (type, value, warninglisted) triples and maybe (victim, day, loss).
type RawReport = (Vec<(usize, usize, bool)>, Option<(u8, u32, u32)>);

/// Lone reports that a value links first, which later turns out to be a hub.
pub fn scenario_with_late_hub() -> Vec<ReportNode> {
    let all = crate::hubs::twelve_ops_and_a_hub();
    let (first, rest): (Vec<ReportNode>, Vec<ReportNode>) =
        all.into_iter().partition(|n| n.key.ends_with("-0"));
    first.into_iter().chain(rest).collect()
}

#[test]
fn hand_made_orders_agree() {
    let base = crate::hubs::twelve_ops_and_a_hub();
    let policy = crate::hubs::small_rule();
    let want = engine_of(&policy, &base).partition();
    assert_eq!(want.len(), 12);
    let mut rev = base.clone();
    rev.reverse();
    let mut interleaved: Vec<ReportNode> = Vec::new();
    for i in 0..base.len() {
        let j = if i % 2 == 0 {
            i / 2
        } else {
            base.len() - 1 - i / 2
        };
        interleaved.push(base[j].clone());
    }
    for order in [rev, interleaved, scenario_with_late_hub()] {
        assert_eq!(engine_of(&policy, &order).partition(), want);
    }
}

/// A small, aggressive policy so that random cases cross every threshold.
fn tight_policy() -> Policy {
    Policy {
        hub: HubRule {
            min_reports: 4,
            min_sources: 2,
            partner_min_reports: 2,
            max_partners: 2,
            // The ratio test is judged on arrival; without it the verdicts depend only on
            // the set of reports, which is what this suite checks.
            partners_per_100_reports: 0,
        },
        ..Policy::default()
    }
}

const TYPES: [&str; 4] = ["phone", "domain", "email", "ip"];

fn report_strategy() -> impl Strategy<Value = RawReport> {
    (
        prop::collection::vec((0..4usize, 0..8usize, prop::bool::weighted(0.05)), 1..4),
        prop::option::weighted(0.3, (0..4u8, 1..28u32, 1..4u32)),
    )
}

fn build(raw: &[RawReport]) -> Vec<ReportNode> {
    raw.iter()
        .enumerate()
        .map(|(i, (inds, victim))| {
            let specs: Vec<String> = inds
                .iter()
                .map(|(t, v, w)| {
                    format!(
                        "{}{}:{}{v}",
                        if *w { "!" } else { "" },
                        TYPES[*t],
                        TYPES[*t]
                    )
                })
                .collect();
            let refs: Vec<&str> = specs.iter().map(String::as_str).collect();
            let n = node(&format!("s{}/{i}", i % 3), &refs);
            match victim {
                Some((who, day, loss)) => {
                    let amount = format!("{}", loss * 100);
                    with_victim(n, &format!("v{who}"), at(*day, 12), Some((&amount, "USD")))
                }
                None => n,
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn partition_does_not_depend_on_order(
        (raw, shuffled) in prop::collection::vec(report_strategy(), 1..40)
            .prop_flat_map(|raw| {
                let idx: Vec<usize> = (0..raw.len()).collect();
                (Just(raw), Just(idx).prop_shuffle())
            })
    ) {
        let nodes = build(&raw);
        let perm: Vec<ReportNode> = shuffled.iter().map(|&i| nodes[i].clone()).collect();
        for policy in [tight_policy(), Policy::default()] {
            let a = engine_of(&policy, &nodes);
            let b = engine_of(&policy, &perm);
            prop_assert_eq!(a.partition(), b.partition());
            prop_assert_eq!(a.partition(), oracle(&policy, &nodes));
            let mut ha: Vec<String> = a.hubs().into_iter().map(|h| h.value).collect();
            let mut hb: Vec<String> = b.hubs().into_iter().map(|h| h.value).collect();
            ha.sort();
            hb.sort();
            prop_assert_eq!(ha, hb);
        }
    }

    #[test]
    fn ids_are_deterministic_for_an_order(raw in prop::collection::vec(report_strategy(), 1..40)) {
        let nodes = build(&raw);
        let mut a = Engine::new(tight_policy());
        let mut b = Engine::new(tight_policy());
        for n in &nodes {
            prop_assert_eq!(a.add(n), b.add(n));
        }
        prop_assert_eq!(a.summaries(2), b.summaries(2));
        // Every report of an operation answers with that operation's id.
        for s in a.summaries(2) {
            for k in &s.report_keys {
                prop_assert_eq!(a.cluster_of(k), Some(s.cluster.clone()));
            }
        }
    }
}

/// A deterministic sweep over many random cases that also checks they reach the
/// interesting paths (hub verdicts that split operations, releases, duplicates): a random
/// test that never crossed a threshold would prove nothing.
#[test]
fn random_sweep_reaches_hubs_and_splits_and_agrees_across_orders() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let (mut splits, mut hubs, mut dups) = (0, 0, 0);
    for _ in 0..300 {
        let len = 5 + next(35) as usize;
        let raw: Vec<RawReport> = (0..len)
            .map(|_| {
                let k = 1 + next(3) as usize;
                let inds = (0..k)
                    .map(|_| (next(4) as usize, next(8) as usize, next(20) == 0))
                    .collect();
                let victim = (next(3) == 0)
                    .then(|| (next(4) as u8, 1 + next(27) as u32, 1 + next(3) as u32));
                (inds, victim)
            })
            .collect();
        let nodes = build(&raw);
        let mut e = Engine::new(tight_policy());
        for n in &nodes {
            for ev in e.add(n) {
                match ev {
                    dragnet_cluster::ClusterEvent::Split { .. } => splits += 1,
                    dragnet_cluster::ClusterEvent::HubSuppressed { .. } => hubs += 1,
                    dragnet_cluster::ClusterEvent::Duplicate { .. } => dups += 1,
                    _ => {}
                }
            }
        }
        let mut rev = nodes.clone();
        rev.reverse();
        assert_eq!(e.partition(), engine_of(&tight_policy(), &rev).partition());
    }
    assert!(
        splits > 0 && hubs > 0 && dups > 0,
        "splits {splits}, hubs {hubs}, dups {dups}"
    );
}

/// The partition computed from scratch, straight from the written rules (docs/CORRELATION.md),
/// with none of the engine's incremental machinery: the oracle the engine must match.
pub fn oracle(policy: &Policy, nodes: &[ReportNode]) -> Vec<Vec<String>> {
    use std::collections::{BTreeMap, HashMap, HashSet};
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    fn union(p: &mut [usize], a: usize, b: usize) {
        let (ra, rb) = (find(p, a), find(p, b));
        p[ra] = rb;
    }
    let mut seen_keys = HashSet::new();
    let nodes: Vec<&ReportNode> = nodes
        .iter()
        .filter(|n| seen_keys.insert(n.key.clone()))
        .collect();
    let n = nodes.len();
    let mut postings: BTreeMap<(dragnet_core::IndicatorType, String), Vec<usize>> = BTreeMap::new();
    let mut warned: HashSet<(dragnet_core::IndicatorType, String)> = HashSet::new();
    for (i, node) in nodes.iter().enumerate() {
        for ind in &node.indicators {
            let k = (ind.ty, ind.value.clone());
            if ind.warning.is_some() {
                warned.insert(k.clone());
            }
            let p = postings.entry(k).or_default();
            if p.last() != Some(&i) {
                p.push(i);
            }
        }
    }
    let suppressed: HashSet<(dragnet_core::IndicatorType, String)> = policy
        .suppress
        .iter()
        .map(|s| (s.ty, s.value.clone()))
        .collect();
    let linkable = |k: &(dragnet_core::IndicatorType, String)| {
        policy.link_types.contains(&k.0) && !warned.contains(k) && !suppressed.contains(k)
    };
    let mut dups = Vec::new();
    for j in 0..n {
        for i in 0..j {
            let (a, b) = (nodes[i], nodes[j]);
            if a.victim.is_none() || a.victim != b.victim {
                continue;
            }
            let far = match (a.received_at, b.received_at) {
                (Some(ta), Some(tb)) => {
                    (ta - tb).num_seconds().unsigned_abs()
                        > u64::from(policy.duplicate.window_hours) * 3600
                }
                _ => false,
            };
            if far {
                continue;
            }
            let ok = match (&a.loss, &b.loss) {
                (Some(x), Some(y)) => {
                    let tol = rust_decimal::Decimal::from(policy.duplicate.loss_tolerance_percent);
                    x.currency() == y.currency()
                        && (x.amount() - y.amount()).abs() * rust_decimal::Decimal::ONE_HUNDRED
                            <= tol * x.amount().max(y.amount())
                }
                _ => true,
            };
            if ok {
                dups.push((i, j));
            }
        }
    }
    let h = &policy.hub;
    let cmin = h.min_reports.max(2) as usize;
    let pmin = h.partner_min_reports.max(1) as usize;
    let mut hubs = HashSet::new();
    for (k, reps) in &postings {
        if !policy.link_types.contains(&k.0) || reps.len() < cmin {
            continue;
        }
        let mut partners = HashSet::new();
        let mut sources = HashSet::new();
        for &r in reps {
            sources.insert(nodes[r].source.clone());
            for ind in &nodes[r].indicators {
                let w = (ind.ty, ind.value.clone());
                if &w != k && policy.link_types.contains(&w.0) && postings[&w].len() >= pmin {
                    partners.insert(w);
                }
            }
        }
        if partners.len() > h.max_partners as usize && sources.len() >= h.min_sources as usize {
            hubs.insert(k.clone());
        }
    }
    let mut f: Vec<usize> = (0..n).collect();
    for (k, reps) in &postings {
        if linkable(k) && !hubs.contains(k) {
            for w in reps.windows(2) {
                union(&mut f, w[0], w[1]);
            }
        }
    }
    for &(i, j) in &dups {
        union(&mut f, i, j);
    }
    let mut groups: HashMap<usize, Vec<String>> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        groups
            .entry(find(&mut f, i))
            .or_default()
            .push(node.key.clone());
    }
    let mut out: Vec<Vec<String>> = groups
        .into_values()
        .filter(|g| g.len() >= 2)
        .map(|mut g| {
            g.sort();
            g
        })
        .collect();
    out.sort();
    out
}

#[test]
fn hand_made_cases_match_the_oracle() {
    for policy in [crate::hubs::small_rule(), Policy::default()] {
        for nodes in [
            crate::hubs::twelve_ops_and_a_hub(),
            scenario_with_late_hub(),
        ] {
            assert_eq!(
                engine_of(&policy, &nodes).partition(),
                oracle(&policy, &nodes)
            );
        }
    }
}

#[test]
fn random_cases_match_the_oracle_at_every_step_of_a_failure() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for _ in 0..3000 {
        let len = 2 + next(38) as usize;
        let raw: Vec<RawReport> = (0..len)
            .map(|_| {
                let k = 1 + next(3) as usize;
                let inds = (0..k)
                    .map(|_| (next(4) as usize, next(8) as usize, next(20) == 0))
                    .collect();
                let victim = (next(3) == 0)
                    .then(|| (next(4) as u8, 1 + next(27) as u32, 1 + next(3) as u32));
                (inds, victim)
            })
            .collect();
        let nodes = build(&raw);
        let got = engine_of(&tight_policy(), &nodes).partition();
        let want = oracle(&tight_policy(), &nodes);
        if got != want {
            for n in &nodes {
                let specs: Vec<String> = n
                    .indicators
                    .iter()
                    .map(|i| {
                        format!(
                            "{}{}:{}",
                            if i.warning.is_some() { "!" } else { "" },
                            i.ty,
                            i.value
                        )
                    })
                    .collect();
                eprintln!(
                    "{} {:?} victim={:?} t={:?} loss={:?}",
                    n.key,
                    specs,
                    n.victim,
                    n.received_at.map(|t| t.to_string()),
                    n.loss.as_ref().map(|l| l.amount_string())
                );
            }
            let mut e = Engine::new(tight_policy());
            for (i, n) in nodes.iter().enumerate() {
                let ev = e.add(n);
                let w = oracle(&tight_policy(), &nodes[..=i]);
                if e.partition() != w {
                    eprintln!(
                        "first divergence at {} events {:?}\n got {:?}\n want {:?}",
                        n.key,
                        ev,
                        e.partition(),
                        w
                    );
                    break;
                }
            }
            panic!("got {got:?}\nwant {want:?}");
        }
    }
}
