//! The same incident reported twice by the same victim is linked and counted once.

use crate::helpers::*;
use dragnet_cluster::{ClusterEvent, Policy};

#[test]
fn same_victim_same_incident_is_counted_once() {
    let mut e = dragnet_cluster::Engine::new(Policy::default());
    e.add(&with_victim(
        node("ms/1", &["phone:+18885550101"]),
        "h-alice",
        at(1, 9),
        Some(("499.00", "EUR")),
    ));
    e.add(&with_victim(
        node("ms/2", &["phone:+18885550101"]),
        "h-bob",
        at(3, 9),
        Some(("200", "EUR")),
    ));
    let ev = e.add(&with_victim(
        node("amz/3", &["domain:amazon-help.example"]),
        "h-alice",
        at(2, 20),
        Some(("520", "EUR")),
    ));
    assert_eq!(
        ev,
        vec![
            ClusterEvent::Duplicate {
                report: "amz/3".into(),
                of: "ms/1".into()
            },
            ClusterEvent::Joined {
                cluster: "c-1".into(),
                report: "amz/3".into()
            },
        ]
    );
    let s = &e.summaries(2)[0];
    assert_eq!(s.report_keys.len(), 3);
    assert_eq!((s.victims, s.incidents), (2, 2));
    assert_eq!(
        s.loss.by_currency.get("EUR").map(String::as_str),
        Some("699.00")
    );
}

#[test]
fn what_is_not_a_duplicate() {
    // (second report's victim, hours after the first, loss) -> duplicate?
    type Case<'a> = (&'a str, u32, Option<(&'a str, &'a str)>, bool);
    let cases: &[Case] = &[
        ("h-alice", 24, Some(("100", "USD")), true),
        ("h-alice", 71, Some(("109", "USD")), true),
        ("h-alice", 24, None, true),
        ("h-alice", 73, Some(("100", "USD")), false),
        ("h-alice", 24, Some(("120", "USD")), false),
        ("h-alice", 24, Some(("100", "EUR")), false),
        ("h-bob", 1, Some(("100", "USD")), false),
    ];
    for (victim, hours, loss, dup) in cases {
        let first = with_victim(node("ms/1", &[]), "h-alice", at(1, 0), Some(("100", "USD")));
        let when = at(1, 0) + chrono::Duration::hours(i64::from(*hours));
        let second = with_victim(node("ms/2", &[]), victim, when, *loss);
        let e = engine_of(&Policy::default(), &[first, second]);
        assert_eq!(
            e.partition().len() == 1,
            *dup,
            "{victim} +{hours}h {loss:?}"
        );
    }
}

#[test]
fn one_victim_two_incidents_is_one_victim_and_two_losses() {
    let e = engine_of(
        &Policy::default(),
        &[
            with_victim(
                node("ms/1", &["phone:+18885550101"]),
                "h-carol",
                at(1, 9),
                Some(("100", "USD")),
            ),
            with_victim(
                node("ms/2", &["phone:+18885550101"]),
                "h-carol",
                at(20, 9),
                Some(("100", "USD")),
            ),
        ],
    );
    let s = &e.summaries(2)[0];
    assert_eq!((s.victims, s.incidents), (1, 2));
    assert_eq!(s.loss.amount, "200.00");
}
