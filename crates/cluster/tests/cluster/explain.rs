//! `explain`: chains of shared indicators, and what blocks reports that are not joined.

use crate::helpers::*;
use dragnet_cluster::{Blocked, ExplainError, Hop, Policy, Via};
use dragnet_core::IndicatorType;

fn hop(from: &str, to: &str, ty: IndicatorType, value: &str, blocked: Option<Blocked>) -> Hop {
    Hop {
        from: from.into(),
        to: to.into(),
        via: Via::Indicator {
            ty,
            value: value.into(),
            blocked,
        },
    }
}

#[test]
fn shortest_chain_between_joined_reports() {
    let e = engine_of(
        &Policy::default(),
        &[
            node("ms/1", &["phone:+18885550101"]),
            node("ms/2", &["phone:+18885550101", "domain:fix-my-pc.example"]),
            node(
                "amz/3",
                &["domain:fix-my-pc.example", "email:a@desk-help.example"],
            ),
            node(
                "amz/4",
                &["email:a@desk-help.example", "phone:+18885550101"],
            ),
        ],
    );
    let x = e.explain("ms/1", "amz/3").unwrap();
    assert!(x.joined);
    assert_eq!(x.cluster_a.as_deref(), Some("c-1"));
    assert_eq!(
        x.chain,
        vec![
            hop("ms/1", "ms/2", IndicatorType::Phone, "+18885550101", None),
            hop(
                "ms/2",
                "amz/3",
                IndicatorType::Domain,
                "fix-my-pc.example",
                None
            ),
        ]
    );
    assert_eq!(x.reason, "joined in c-1 by a chain of 2 link(s)");
    let direct = e.explain("ms/1", "amz/4").unwrap();
    assert_eq!(
        direct.chain,
        vec![hop(
            "ms/1",
            "amz/4",
            IndicatorType::Phone,
            "+18885550101",
            None
        )]
    );
    let json = serde_json::to_value(&direct).unwrap();
    assert_eq!(
        json["chain"][0],
        serde_json::json!({"from": "ms/1", "to": "amz/4", "via": {"kind": "indicator", "type": "phone", "value": "+18885550101"}})
    );
}

#[test]
fn says_what_blocks_reports_that_are_not_joined() {
    let mut nodes = crate::hubs::twelve_ops_and_a_hub();
    nodes.push(node("ms/w1", &["!phone:+18006427676", "ip:203.0.113.9"]));
    nodes.push(node("ms/w2", &["!phone:+18006427676"]));
    nodes.push(node("ms/w3", &["ip:203.0.113.9"]));
    nodes.push(node("ms/alone", &["phone:+447700900123"]));
    let e = engine_of(&crate::hubs::small_rule(), &nodes);

    let x = e.explain("ms/op00-0", "amz/op01-0").unwrap();
    assert!(!x.joined);
    assert_eq!(
        (x.cluster_a.as_deref(), x.cluster_b.as_deref()),
        (Some("c-1"), Some("c-2"))
    );
    assert_eq!(
        x.chain,
        vec![hop(
            "ms/op00-0",
            "amz/op01-0",
            IndicatorType::Domain,
            "bit-short.example",
            Some(Blocked::Hub)
        )]
    );
    assert_eq!(
        x.reason,
        "not joined: the closest chain passes through values that do not link: domain bit-short.example (hub)"
    );

    let w = e.explain("ms/w1", "ms/w2").unwrap();
    assert_eq!(
        w.chain,
        vec![hop(
            "ms/w1",
            "ms/w2",
            IndicatorType::Phone,
            "+18006427676",
            Some(Blocked::Warninglist {
                list: "official-support".into()
            })
        )]
    );
    let ip = e.explain("ms/w3", "ms/w2").unwrap();
    assert_eq!(ip.chain.len(), 2);
    assert_eq!(
        ip.chain[0].via,
        Via::Indicator {
            ty: IndicatorType::Ip,
            value: "203.0.113.9".into(),
            blocked: Some(Blocked::TypeNotLinked)
        }
    );

    let none = e.explain("ms/alone", "ms/op00-1").unwrap();
    assert!(!none.joined && none.chain.is_empty());
    assert_eq!(
        none.reason,
        "not joined: no chain of shared indicators connects them, even through suppressed values"
    );

    assert_eq!(
        e.explain("ms/nope", "ms/alone").unwrap_err(),
        ExplainError::UnknownReport("ms/nope".into())
    );
    assert_eq!(
        e.explain("ms/alone", "ms/alone").unwrap().reason,
        "the same report"
    );
}

#[test]
fn duplicate_links_appear_in_chains() {
    let e = engine_of(
        &Policy::default(),
        &[
            with_victim(
                node("ms/1", &["phone:+18885550101"]),
                "h1",
                at(1, 10),
                Some(("300", "USD")),
            ),
            with_victim(node("amz/2", &[]), "h1", at(2, 10), Some(("300", "USD"))),
        ],
    );
    let x = e.explain("ms/1", "amz/2").unwrap();
    assert!(x.joined);
    assert_eq!(
        x.chain,
        vec![Hop {
            from: "ms/1".into(),
            to: "amz/2".into(),
            via: Via::Duplicate
        }]
    );
}

#[test]
fn the_search_for_blocked_chains_is_bounded() {
    let nodes = [
        node("ms/1", &["!phone:+18006427676"]),
        node("ms/2", &["!phone:+18006427676", "!domain:microsoft.com"]),
        node("ms/3", &["!domain:microsoft.com", "ip:203.0.113.1"]),
        node("ms/4", &["ip:203.0.113.1"]),
    ];
    let far = engine_of(&Policy::default(), &nodes)
        .explain("ms/1", "ms/4")
        .unwrap();
    assert_eq!(far.chain.len(), 3);
    let policy = Policy {
        explain_limit: 2,
        ..Policy::default()
    };
    let bounded = engine_of(&policy, &nodes).explain("ms/1", "ms/4").unwrap();
    assert!(bounded.chain.is_empty());
    assert_eq!(
        bounded.reason,
        "not joined: no chain found within the search limit of 2 reports"
    );
}
