//! The hub rule, warninglists and policy suppression.

use crate::helpers::*;
use dragnet_cluster::{ClusterEvent, HubRule, Policy, SuppressedValue};
use dragnet_core::IndicatorType;

const HUB: &str = "domain:bit-short.example";

/// A small rule for small cases: candidates from 10 reports, partners from 3, more than 8
/// partners make a hub.
pub fn small_rule() -> Policy {
    Policy {
        hub: HubRule {
            min_reports: 10,
            min_sources: 1,
            partner_min_reports: 3,
            max_partners: 8,
            partners_per_100_reports: 25,
        },
        ..Policy::default()
    }
}

/// Twelve operations, each held together by its own e-mail (4 reports); the first report
/// of each also carries HUB. HUB has 12 reports and 12 partners (the e-mails): a hub under
/// `small_rule`.
pub fn twelve_ops_and_a_hub() -> Vec<dragnet_cluster::ReportNode> {
    let mut v = Vec::new();
    for op in 0..12 {
        for i in 0..4 {
            let email = format!("email:desk{op}@scam.example");
            let mut specs = vec![email.as_str()];
            if i == 0 {
                specs.push(HUB);
            }
            let source = if op % 2 == 0 { "ms" } else { "amz" };
            v.push(node(&format!("{source}/op{op:02}-{i}"), &specs));
        }
    }
    v
}

#[test]
fn a_value_next_to_many_operations_infrastructure_is_a_hub() {
    let e = engine_of(&small_rule(), &twelve_ops_and_a_hub());
    let p = e.partition();
    assert_eq!(p.len(), 12, "{p:?}");
    for cluster in &p {
        assert_eq!(cluster.len(), 4);
        let op = &cluster[0][cluster[0].find("op").unwrap()..][..4];
        assert!(cluster.iter().all(|k| k.contains(op)), "{cluster:?}");
    }
    let hubs = e.hubs();
    assert_eq!(hubs.len(), 1);
    assert_eq!(
        (hubs[0].ty, hubs[0].value.as_str(), hubs[0].reports),
        (IndicatorType::Domain, "bit-short.example", 12)
    );
    // Judged (and frozen) as soon as it had more than 8 partners.
    assert_eq!(hubs[0].partners, 9);
    assert_eq!(hubs[0].sources, vec!["amz".to_string(), "ms".to_string()]);
    assert_eq!(hubs[0].reason, "hub_rule");
}

#[test]
fn the_rule_is_configurable() {
    let small = small_rule().hub;
    let cases: &[(HubRule, usize)] = &[
        (small.clone(), 12),
        // 12 partners are not more than 12.
        (
            HubRule {
                max_partners: 12,
                ..small.clone()
            },
            1,
        ),
        // Candidates from 13 reports on: HUB (12) is never judged.
        (
            HubRule {
                min_reports: 13,
                ..small.clone()
            },
            1,
        ),
        // E-mails on 4 reports are not established partners from 5 on.
        (
            HubRule {
                partner_min_reports: 5,
                ..small.clone()
            },
            1,
        ),
        // HUB is seen by two sources only.
        (
            HubRule {
                min_sources: 3,
                ..small.clone()
            },
            1,
        ),
        (
            HubRule {
                min_sources: 2,
                ..small
            },
            12,
        ),
        // The defaults are meant for real volumes: 12 reports are no hub.
        (HubRule::default(), 1),
    ];
    for (rule, clusters) in cases {
        let policy = Policy {
            hub: rule.clone(),
            ..Policy::default()
        };
        let e = engine_of(&policy, &twelve_ops_and_a_hub());
        assert_eq!(e.partition().len(), *clusters, "{rule:?}");
        assert_eq!(e.hubs().is_empty(), *clusters == 1, "{rule:?}");
    }
}

#[test]
fn a_big_operations_phone_with_rotating_infrastructure_is_not_a_hub() {
    // One operation: phone P on 200 reports, a new e-mail every 10 reports (20 partners,
    // more than `max_partners` but only 10 per 100 reports).
    let mut nodes = Vec::new();
    for i in 0..200 {
        let email = format!("email:agent{}@scam.example", i / 10);
        nodes.push(node(&format!("ms/{i}"), &["phone:+18885550199", &email]));
    }
    let e = engine_of(&small_rule(), &nodes);
    assert!(e.hubs().is_empty(), "{:?}", e.hubs());
    assert_eq!(e.partition().len(), 1);
    assert_eq!(e.partition()[0].len(), 200);
    assert_eq!(e.members("c-1").len(), 200);
    assert!(e.members("c-999").is_empty());
    // Without the ratio the same phone is judged a hub and the operation falls apart
    // into its e-mails' groups.
    let no_ratio = Policy {
        hub: HubRule {
            partners_per_100_reports: 0,
            ..small_rule().hub
        },
        ..Policy::default()
    };
    let e = engine_of(&no_ratio, &nodes);
    assert_eq!(e.hubs().len(), 1);
    assert_eq!(e.partition().len(), 20);
    // After the split every operation lists its members (what storage writes back).
    for part in e.partition() {
        let id = e.cluster_of(&part[0]).unwrap();
        let mut members = e.members(&id);
        members.sort();
        assert_eq!(members, part);
    }
}

#[test]
fn an_operations_own_phone_is_not_a_hub() {
    // One operation: phone P on 30 reports, next to six rotating e-mails.
    let mut nodes = Vec::new();
    for i in 0..30 {
        let email = format!("email:agent{}@scam.example", i / 5);
        let mut specs = vec!["phone:+18885550199"];
        if i % 5 != 4 {
            specs.push(&email);
        }
        nodes.push(node(&format!("ms/{i}"), &specs));
    }
    let e = engine_of(&small_rule(), &nodes);
    assert_eq!(e.partition().len(), 1);
    assert_eq!(e.partition()[0].len(), 30);
    assert!(e.hubs().is_empty());
}

#[test]
fn a_value_that_becomes_a_hub_later_splits_its_operation() {
    let nodes = crate::order::scenario_with_late_hub();
    let mut e = dragnet_cluster::Engine::new(small_rule());
    // The HUB reports come first: HUB links them into one operation...
    for n in &nodes[..12] {
        e.add(n);
    }
    assert_eq!(e.partition().len(), 1);
    assert_eq!(e.cluster_of("ms/op00-0").as_deref(), Some("c-1"));
    // ...then the operations' other reports establish the e-mails as HUB's partners.
    let mut all_events = Vec::new();
    for n in &nodes[12..] {
        all_events.extend(e.add(n));
    }
    assert!(all_events.contains(&ClusterEvent::HubSuppressed {
        ty: IndicatorType::Domain,
        value: "bit-short.example".into(),
        reports: 12
    }));
    assert_eq!(
        all_events
            .iter()
            .filter(|ev| matches!(ev, ClusterEvent::Split { cluster, .. } if cluster == "c-1"))
            .count(),
        1
    );
    let rebuilt = engine_of(&small_rule(), &twelve_ops_and_a_hub());
    assert_eq!(e.partition(), rebuilt.partition());
    assert_eq!(e.partition().len(), 12);
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

#[test]
fn a_mail_providers_domain_does_not_link() {
    // Extraction reports the host of an e-mail address as a domain too; two victims of the
    // same ISP must not be linked by it, while a scam domain mentioned on its own links.
    let e = engine_of(
        &Policy::default(),
        &[
            node("ms/1", &["email:jean@videotron.ca", "domain:videotron.ca"]),
            node("ms/2", &["email:marc@videotron.ca", "domain:videotron.ca"]),
            node("ms/3", &["domain:fix-now.example"]),
            node(
                "ms/4",
                &["email:desk@fix-now.example", "domain:fix-now.example"],
            ),
            node("ms/5", &["domain:fix-now.example"]),
        ],
    );
    assert_eq!(e.partition(), vec![keys(&["ms/3", "ms/5"])]);
}
