//! Operation ids: creation order, merges keep the older id, rebuilds give the same ids.

use crate::helpers::*;
use dragnet_cluster::{ClusterEvent, Policy};

#[test]
fn merge_keeps_the_older_id_and_records_the_absorbed_one() {
    let mut e = dragnet_cluster::Engine::new(Policy::default());
    assert_eq!(e.add(&node("ms/1", &["phone:+18885550101"])), vec![]);
    assert_eq!(
        e.add(&node("ms/2", &["phone:+18885550101"])),
        vec![ClusterEvent::Created {
            cluster: "c-1".into(),
            reports: vec!["ms/1".into(), "ms/2".into()]
        }]
    );
    e.add(&node("amz/3", &["domain:amazon-refund-desk.com"]));
    e.add(&node("amz/4", &["domain:amazon-refund-desk.com"]));
    assert_eq!(e.cluster_of("amz/3").as_deref(), Some("c-2"));
    let ev = e.add(&node(
        "amz/5",
        &["domain:amazon-refund-desk.com", "phone:+18885550101"],
    ));
    assert_eq!(
        ev,
        vec![
            ClusterEvent::Joined {
                cluster: "c-2".into(),
                report: "amz/5".into()
            },
            ClusterEvent::Merged {
                kept: "c-1".into(),
                absorbed: "c-2".into()
            },
        ]
    );
    for k in ["ms/1", "ms/2", "amz/3", "amz/4", "amz/5"] {
        assert_eq!(e.cluster_of(k).as_deref(), Some("c-1"), "{k}");
    }
    assert_eq!(e.resolve("c-2").as_deref(), Some("c-1"));
    assert_eq!(e.resolve("c-9"), None);
    let s = e.summary("c-2").unwrap();
    assert_eq!(s.cluster, "c-1");
    assert_eq!(s.merged_from, vec!["c-2".to_string()]);
    // A later operation still gets a fresh id.
    e.add(&node("ms/6", &["email:help@fix-pc.example"]));
    let ev = e.add(&node("ms/7", &["email:help@fix-pc.example"]));
    assert_eq!(
        ev,
        vec![ClusterEvent::Created {
            cluster: "c-3".into(),
            reports: vec!["ms/6".into(), "ms/7".into()]
        }]
    );
}

#[test]
fn adding_a_key_twice_changes_nothing() {
    let mut e = dragnet_cluster::Engine::new(Policy::default());
    e.add(&node("ms/1", &["phone:+18885550101"]));
    assert_eq!(e.add(&node("ms/1", &["phone:+18885550102"])), vec![]);
    assert_eq!(e.len(), 1);
    assert_eq!(e.value_count(), 1);
}

#[test]
fn rebuild_in_the_same_order_gives_the_same_ids_and_events() {
    let nodes = crate::order::scenario_with_late_hub();
    let policy = Policy::default();
    let mut a = dragnet_cluster::Engine::new(policy.clone());
    let mut b = dragnet_cluster::Engine::new(policy);
    for n in &nodes {
        assert_eq!(a.add(n), b.add(n), "events for {}", n.key);
    }
    assert_eq!(a.summaries(2), b.summaries(2));
    for n in &nodes {
        assert_eq!(a.cluster_of(&n.key), b.cluster_of(&n.key));
    }
}
