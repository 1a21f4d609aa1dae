//! The hub rule, warninglists and policy suppression.

use crate::helpers::*;
use dragnet_cluster::{ClusterEvent, HubRule, Policy, SuppressedValue};
use dragnet_core::IndicatorType;

const HUB: &str = "domain:bit-short.example";

/// Three operations, each held together by its own rare e-mail (6 reports), each with one
/// report that also carries HUB; HUB also appears on 7 lone reports. HUB has 10 reports
/// (a candidate) and is a minor part (1 of 6) of three groups: a hub under the defaults.
pub fn three_ops_and_a_hub() -> Vec<dragnet_cluster::ReportNode> {
    let mut v = Vec::new();
    for op in 0..3 {
        for i in 0..6 {
            let email = format!("email:desk{op}@scam.example");
            let mut specs = vec![email.as_str()];
            if i == 0 {
                specs.push(HUB);
            }
            v.push(node(&format!("ms/op{op}-{i}"), &specs));
        }
    }
    for i in 0..7 {
        v.push(node(
            &format!("amz/lone{i}"),
            &[HUB, &format!("phone:+1888555{i:04}")],
        ));
    }
    v
}

#[test]
fn a_value_thinly_spread_over_separate_groups_is_a_hub() {
    let e = engine_of(&Policy::default(), &three_ops_and_a_hub());
    let p = e.partition();
    assert_eq!(p.len(), 3, "{p:?}");
    for (op, cluster) in p.iter().enumerate() {
        assert_eq!(cluster.len(), 6);
        assert!(
            cluster
                .iter()
                .all(|k| k.starts_with(&format!("ms/op{op}-")))
        );
    }
    let hubs = e.hubs();
    assert_eq!(hubs.len(), 1);
    assert_eq!(
        (hubs[0].ty, hubs[0].value.as_str(), hubs[0].reports),
        (IndicatorType::Domain, "bit-short.example", 10)
    );
    assert_eq!(hubs[0].foreign_groups, 3);
    assert_eq!(hubs[0].sources, vec!["amz".to_string(), "ms".to_string()]);
    assert_eq!(hubs[0].reason, "hub_rule");
}

#[test]
fn the_rule_is_configurable() {
    let cases: &[(HubRule, usize)] = &[
        // Needs more than three foreign groups: HUB links everything (3 ops + 7 lone).
        (
            HubRule {
                max_foreign_groups: 3,
                ..HubRule::default()
            },
            1,
        ),
        // Candidates from 11 reports on: HUB (10) is never judged.
        (
            HubRule {
                candidate_reports: 11,
                ..HubRule::default()
            },
            1,
        ),
        // A share of 1 in 6 is no longer "minor" under 15 %.
        (
            HubRule {
                minor_share_percent: 15,
                ..HubRule::default()
            },
            1,
        ),
        // Groups must have 7 reports to count.
        (
            HubRule {
                group_min_reports: 7,
                ..HubRule::default()
            },
            1,
        ),
        (HubRule::default(), 3),
    ];
    for (rule, clusters) in cases {
        let policy = Policy {
            hub: rule.clone(),
            ..Policy::default()
        };
        let e = engine_of(&policy, &three_ops_and_a_hub());
        assert_eq!(e.partition().len(), *clusters, "{rule:?}");
        assert_eq!(e.hubs().is_empty(), *clusters == 1, "{rule:?}");
    }
}

#[test]
fn an_operations_own_phone_is_not_a_hub() {
    // One operation: phone P on 30 reports; rare e-mails group some of them, and P is
    // carried by most reports of each group.
    let mut nodes = Vec::new();
    for i in 0..30 {
        let email = format!("email:agent{}@scam.example", i / 5);
        let mut specs = vec!["phone:+18885550199"];
        if i % 5 != 4 {
            specs.push(&email);
        }
        nodes.push(node(&format!("ms/{i}"), &specs));
    }
    let e = engine_of(&Policy::default(), &nodes);
    assert_eq!(e.partition().len(), 1);
    assert_eq!(e.partition()[0].len(), 30);
    assert!(e.hubs().is_empty());
}

#[test]
fn a_value_that_becomes_a_hub_later_splits_its_operation() {
    let nodes = three_ops_and_a_hub();
    let mut e = dragnet_cluster::Engine::new(Policy::default());
    // The lone reports first: HUB links them into one operation...
    for n in &nodes[18..] {
        e.add(n);
    }
    assert_eq!(e.partition().len(), 1);
    assert_eq!(e.cluster_of("amz/lone0").as_deref(), Some("c-1"));
    // ...then the operations arrive; the third one's HUB report makes it a hub.
    let mut all_events = Vec::new();
    for n in &nodes[..18] {
        all_events.extend(e.add(n));
    }
    assert!(all_events.contains(&ClusterEvent::HubSuppressed {
        ty: IndicatorType::Domain,
        value: "bit-short.example".into(),
        reports: 10
    }));
    assert!(
        all_events
            .iter()
            .any(|ev| matches!(ev, ClusterEvent::Split { cluster, .. } if cluster == "c-1"))
    );
    let rebuilt = engine_of(&Policy::default(), &nodes);
    assert_eq!(e.partition(), rebuilt.partition());
    assert_eq!(e.partition().len(), 3);
    assert_eq!(e.cluster_of("amz/lone0"), None);
}

#[test]
fn warninglisted_values_never_link() {
    let e = engine_of(
        &Policy::default(),
        &[
            node("ms/1", &["!phone:+18006427676"]),
            node("ms/2", &["!phone:+18006427676"]),
            node("ms/3", &["!domain:microsoft.com", "ip:203.0.113.7"]),
            node("ms/4", &["domain:microsoft.com", "ip:203.0.113.7"]),
        ],
    );
    // microsoft.com is warninglisted in one occurrence, hence everywhere; IPs do not link.
    assert!(e.partition().is_empty(), "{:?}", e.partition());
}

#[test]
fn a_value_warninglisted_later_unlinks() {
    let mut e = dragnet_cluster::Engine::new(Policy::default());
    e.add(&node("ms/1", &["domain:support-microsoft.com"]));
    e.add(&node("ms/2", &["domain:support-microsoft.com"]));
    assert_eq!(e.partition().len(), 1);
    let ev = e.add(&node("ms/3", &["!domain:support-microsoft.com"]));
    assert_eq!(
        ev,
        vec![ClusterEvent::Split {
            cluster: "c-1".into(),
            into: vec![],
            released: vec!["ms/1".into(), "ms/2".into()]
        }]
    );
    assert!(e.partition().is_empty());
}

#[test]
fn policy_suppressed_values_never_link_and_are_listed() {
    let policy = Policy {
        suppress: vec![SuppressedValue {
            ty: IndicatorType::Email,
            value: "refunds@paypal.example".into(),
        }],
        ..Policy::default()
    };
    let e = engine_of(
        &policy,
        &[
            node("ms/1", &["email:refunds@paypal.example"]),
            node("amz/2", &["email:refunds@paypal.example"]),
        ],
    );
    assert!(e.partition().is_empty());
    let hubs = e.hubs();
    assert_eq!(hubs.len(), 1);
    assert_eq!(hubs[0].reason, "policy");
}

#[test]
fn ip_links_only_when_the_policy_says_so() {
    let nodes = [
        node("ms/1", &["ip:203.0.113.7"]),
        node("ms/2", &["ip:203.0.113.7"]),
    ];
    assert!(engine_of(&Policy::default(), &nodes).partition().is_empty());
    let mut policy = Policy::default();
    policy.link_types.push(IndicatorType::Ip);
    assert_eq!(
        engine_of(&policy, &nodes).partition(),
        vec![keys(&["ms/1", "ms/2"])]
    );
}
