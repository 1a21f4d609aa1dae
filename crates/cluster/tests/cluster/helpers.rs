//! Small builders for hand-made reports.

use chrono::{DateTime, TimeZone, Utc};
use dragnet_cluster::{Engine, Policy, ReportNode};
use dragnet_core::{Country, Indicator, IndicatorType, Money};

/// `"phone:+18885550147"`, `"domain:x.com"`, `"!domain:microsoft.com"` (warninglisted).
pub fn ind(spec: &str) -> Indicator {
    let (warned, spec) = match spec.strip_prefix('!') {
        Some(s) => (true, s),
        None => (false, spec),
    };
    let (ty, value) = spec.split_once(':').expect("test spec is type:value");
    let ty: IndicatorType = ty.parse().expect("test spec names a type");
    let mut i = Indicator::new(ty, value, value);
    if warned {
        i.warning = Some("official-support".to_string());
    }
    i
}

/// A report `source/id` with the given indicator specs.
pub fn node(key: &str, specs: &[&str]) -> ReportNode {
    let source = key.split('/').next().unwrap_or("src").to_string();
    ReportNode::new(key, source, specs.iter().map(|s| ind(s)).collect())
}

pub fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 9, day, hour, 0, 0).unwrap()
}

pub fn with_victim(
    mut n: ReportNode,
    victim: &str,
    when: DateTime<Utc>,
    loss: Option<(&str, &str)>,
) -> ReportNode {
    n.victim = Some(victim.to_string());
    n.received_at = Some(when);
    n.loss = loss.map(|(a, c)| Money::parse(a, c).unwrap());
    n
}

pub fn with_country(mut n: ReportNode, cc: &str) -> ReportNode {
    n.country = Some(Country::parse(cc).unwrap());
    n
}

/// Feeds every node, returning the engine.
pub fn engine_of(policy: &Policy, nodes: &[ReportNode]) -> Engine {
    let mut e = Engine::new(policy.clone());
    for n in nodes {
        e.add(n);
    }
    e
}

pub fn keys(v: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}
