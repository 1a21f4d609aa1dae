//! Private set intersection: correctness on sets with known overlap, what the transcript
//! does not contain, the wire format, and rejection of a misbehaving peer.

use curve25519_dalek::ristretto::RistrettoPoint;
use dragnet_core::IndicatorType;
use dragnet_share::psi::{
    Chunk, Hello, Mode, POINT_BYTES, Party, PsiError, Round, TAG_BYTES, indicator_item, run_local,
    victim_item,
};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha2::Sha512;

fn items(prefix: &str, range: std::ops::Range<u32>) -> Vec<Vec<u8>> {
    range
        .map(|i| indicator_item(IndicatorType::Phone, &format!("+1888555{prefix}{i:04}")))
        .collect()
}

fn run(
    a: &[Vec<u8>],
    b: &[Vec<u8>],
    ma: Mode,
    mb: Mode,
    seed: u64,
) -> (
    dragnet_share::psi::Outcome,
    dragnet_share::psi::Outcome,
    dragnet_share::psi::Transcript,
) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let pa = Party::new("victims", ma, a, &mut rng);
    let pb = Party::new("victims", mb, b, &mut rng);
    run_local(pa, pb, 100, &mut rng).unwrap()
}

#[test]
fn cardinality_on_sets_with_known_overlap() {
    // A: 0..700, B: 500..1500 -> 200 shared; chunks of 100 exercise streaming.
    let a = items("0", 0..700);
    let b = items("0", 500..1500);
    let (oa, ob, t) = run(&a, &b, Mode::Cardinality, Mode::Items, 1);
    for (o, own, peer) in [(&oa, 700, 1000), (&ob, 1000, 700)] {
        assert_eq!(o.mode, Mode::Cardinality, "the more private mode wins");
        assert_eq!(
            (o.own_set_size, o.peer_set_size, o.intersection_size),
            (own, peer, 200)
        );
        assert_eq!(o.shared_items, None);
    }
    assert_eq!(
        t.a_to_b
            .iter()
            .filter(|c| c.round == Round::Blinded)
            .count(),
        7
    );
    // 700·32 + 1000·16 bytes of payload from A, plus headers and hello.
    let (ab, ba) = t.wire_bytes();
    assert!(
        ab > 700 * 32 + 1000 * 16 && ab < 700 * 32 + 1000 * 16 + 1000,
        "{ab}"
    );
    assert!(
        ba > 1000 * 32 + 700 * 16 && ba < 1000 * 32 + 700 * 16 + 1000,
        "{ba}"
    );
}

#[test]
fn item_mode_tells_each_side_which_of_its_own_items_are_shared() {
    let a = items("0", 0..300);
    let mut b = items("0", 250..260);
    b.extend(items("9", 0..40));
    b.push(b[0].clone()); // a duplicate is counted once
    let (oa, ob, _) = run(&a, &b, Mode::Items, Mode::Items, 2);
    assert_eq!(oa.intersection_size, 10);
    assert_eq!(oa.shared_items, Some((250..260).collect()));
    assert_eq!(ob.own_set_size, 50);
    assert_eq!(ob.shared_items, Some((0..10).collect()));
}

#[test]
fn empty_and_disjoint_sets() {
    let none: Vec<Vec<u8>> = Vec::new();
    let (oa, ob, _) = run(&none, &items("0", 0..5), Mode::Items, Mode::Items, 3);
    assert_eq!(
        (oa.intersection_size, oa.peer_set_size, ob.peer_set_size),
        (0, 5, 0)
    );
    let (oa, _, _) = run(
        &items("1", 0..50),
        &items("2", 0..50),
        Mode::Items,
        Mode::Items,
        4,
    );
    assert_eq!(oa.shared_items, Some(vec![]));
}

#[test]
fn transcript_holds_no_item_and_no_unblinded_hash() {
    let a = items("0", 0..200);
    let b = items("0", 100..300);
    let (_, _, t) = run(&a, &b, Mode::Items, Mode::Items, 5);
    let mut wire = serde_json::to_vec(&t.hellos).unwrap();
    for c in t.a_to_b.iter().chain(&t.b_to_a) {
        wire.extend(c.to_bytes());
        wire.extend(serde_json::to_vec(c).unwrap());
    }
    let contains = |needle: &[u8]| wire.windows(needle.len()).any(|w| w == needle);
    for item in a.iter().chain(&b) {
        assert!(
            !contains(item),
            "item {} in clear",
            String::from_utf8_lossy(item)
        );
        // The unblinded hash as the protocol computes it, and its first 16 bytes.
        let mut input = b"dragnet-psi/1\0victims\0".to_vec();
        input.extend_from_slice(item);
        let h = RistrettoPoint::hash_from_bytes::<Sha512>(&input)
            .compress()
            .to_bytes();
        assert!(
            !contains(&h[..TAG_BYTES]),
            "unblinded hash of {} on the wire",
            String::from_utf8_lossy(item)
        );
        // Nor a digit string of the phone number (e.g. in a hello).
        assert!(!contains(&item[6..]), "digits in clear");
    }
    // Shared items produce equal tags, but the blinded points of the same item differ
    // between the two sides (different keys).
    let a_points: std::collections::HashSet<&[u8]> = t
        .a_to_b
        .iter()
        .filter(|c| c.round == Round::Blinded)
        .flat_map(|c| c.data.chunks(POINT_BYTES))
        .collect();
    assert!(
        t.b_to_a
            .iter()
            .filter(|c| c.round == Round::Blinded)
            .flat_map(|c| c.data.chunks(POINT_BYTES))
            .all(|p| !a_points.contains(p))
    );
}

#[test]
fn cardinality_mode_returns_tags_shuffled() {
    // With a shuffle, the positions of matches in B's reply do not follow A's send order.
    let a = items("0", 0..400);
    let b = items("0", 0..400);
    let mut rng = ChaCha20Rng::seed_from_u64(6);
    let mut pa = Party::new("victims", Mode::Cardinality, &a, &mut rng);
    let mut pb = Party::new("victims", Mode::Cardinality, &b, &mut rng);
    pa.accept_hello(&pb.hello()).unwrap();
    pb.accept_hello(&pa.hello()).unwrap();
    for c in pa.blinded_chunks(1000) {
        pb.absorb_blinded(&c).unwrap();
    }
    for c in pb.blinded_chunks(1000) {
        pa.absorb_blinded(&c).unwrap();
    }
    let twice: Vec<Chunk> = pb.double_blinded_chunks(1000, &mut rng).unwrap();
    // Same multiset of tags as A computes for itself, different order than unshuffled.
    let got: Vec<&[u8]> = twice[0].data.chunks(TAG_BYTES).collect();
    let mut sorted = got.clone();
    sorted.sort();
    assert_ne!(
        got, sorted,
        "tags should not come back in any canonical order"
    );
    for c in &twice {
        pa.absorb_double_blinded(c).unwrap();
    }
    for c in pa.double_blinded_chunks(1000, &mut rng).unwrap() {
        pb.absorb_double_blinded(&c).unwrap();
    }
    assert_eq!(pa.finish().unwrap().intersection_size, 400);
}

#[test]
fn chunk_wire_formats_round_trip() {
    let c = Chunk {
        round: Round::DoubleBlinded,
        seq: 7,
        last: true,
        data: vec![1; 32],
    };
    let bytes = c.to_bytes();
    assert_eq!(bytes.len(), 10 + 32);
    let mut stream = bytes.clone();
    stream.extend_from_slice(&bytes);
    let (c1, used) = Chunk::from_bytes(&stream).unwrap();
    assert_eq!((c1, used), (c.clone(), 42));
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(
        json,
        r#"{"round":"double_blinded","seq":7,"last":true,"data":"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="}"#
    );
    assert_eq!(serde_json::from_str::<Chunk>(&json).unwrap(), c);
    let hello = Hello {
        protocol: "dragnet-psi/1".into(),
        context: "victims".into(),
        mode: Mode::Items,
        set_size: 3,
    };
    assert_eq!(
        serde_json::to_string(&hello).unwrap(),
        r#"{"protocol":"dragnet-psi/1","context":"victims","mode":"items","set_size":3}"#
    );
}

#[test]
fn malformed_chunks_table() {
    let cases: [(&[u8], &str); 4] = [
        (
            &[1, 0, 0],
            "malformed chunk: chunk shorter than its 10-byte header",
        ),
        (
            &[3, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            "malformed chunk: unknown round 3",
        ),
        (
            &[1, 0, 0, 0, 0, 2, 0, 0, 0, 0],
            "malformed chunk: bad `last` flag 2",
        ),
        (
            &[1, 0, 0, 0, 0, 1, 0, 0, 0, 5, 1],
            "malformed chunk: chunk announces 5 bytes, has fewer",
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(Chunk::from_bytes(bytes).unwrap_err().to_string(), expected);
    }
}

#[test]
fn a_misbehaving_peer_is_rejected() {
    let mut rng = ChaCha20Rng::seed_from_u64(8);
    let a = items("0", 0..3);
    let hello = |size: u64| Hello {
        protocol: "dragnet-psi/1".into(),
        context: "victims".into(),
        mode: Mode::Items,
        set_size: size,
    };
    let blinded = |seq: u32, last: bool, data: Vec<u8>| Chunk {
        round: Round::Blinded,
        seq,
        last,
        data,
    };
    let fresh = |rng: &mut ChaCha20Rng| Party::new("victims", Mode::Items, &a, rng);

    let mut p = fresh(&mut rng);
    assert_eq!(
        p.accept_hello(&Hello {
            protocol: "psi/0".into(),
            ..hello(1)
        }),
        Err(PsiError::Protocol("psi/0".into()))
    );
    assert_eq!(
        p.accept_hello(&Hello {
            context: "indicators".into(),
            ..hello(1)
        })
        .unwrap_err()
        .to_string(),
        "peer's set holds `indicators`, ours `victims`"
    );
    assert_eq!(
        p.absorb_blinded(&blinded(0, true, vec![])),
        Err(PsiError::NoHello("blinded chunk"))
    );
    assert_eq!(
        fresh(&mut rng)
            .with_peer_limit(10)
            .accept_hello(&hello(11))
            .unwrap_err()
            .to_string(),
        "peer announces 11 items, more than the limit of 10"
    );

    p.accept_hello(&hello(2)).unwrap();
    assert_eq!(
        p.absorb_blinded(&blinded(1, false, vec![0; 32])),
        Err(PsiError::OutOfOrder {
            expected: 0,
            got: 1
        })
    );
    assert_eq!(
        p.absorb_blinded(&blinded(0, false, vec![0; 31])),
        Err(PsiError::Ragged { len: 31, width: 32 })
    );
    assert_eq!(
        p.absorb_blinded(&Chunk {
            round: Round::DoubleBlinded,
            seq: 0,
            last: false,
            data: vec![]
        }),
        Err(PsiError::WrongRound {
            expected: Round::Blinded,
            got: Round::DoubleBlinded
        })
    );
    assert_eq!(
        p.double_blinded_chunks(10, &mut rng).unwrap_err(),
        PsiError::Incomplete("the peer's blinded points have not all arrived")
    );
    assert_eq!(
        p.absorb_blinded(&blinded(0, true, vec![0; 96])),
        Err(PsiError::Count {
            announced: 2,
            got: 3
        })
    );

    // 0xff… is not a canonical ristretto255 encoding.
    let mut p = fresh(&mut rng);
    p.accept_hello(&hello(2)).unwrap();
    let mut data = RistrettoPoint::hash_from_bytes::<Sha512>(b"x")
        .compress()
        .to_bytes()
        .to_vec();
    data.extend_from_slice(&[0xff; 32]);
    p.absorb_blinded(&blinded(0, true, data)).unwrap();
    assert_eq!(
        p.absorb_blinded(&blinded(1, true, vec![])),
        Err(PsiError::AfterLast)
    );
    assert_eq!(
        p.double_blinded_chunks(10, &mut rng).unwrap_err(),
        PsiError::BadPoint { index: 1 }
    );

    // Too few tags back for our own items.
    let mut p = fresh(&mut rng);
    p.accept_hello(&hello(0)).unwrap();
    p.absorb_blinded(&blinded(0, true, vec![])).unwrap();
    p.double_blinded_chunks(10, &mut rng).unwrap();
    assert_eq!(
        p.absorb_double_blinded(&Chunk {
            round: Round::DoubleBlinded,
            seq: 0,
            last: true,
            data: vec![0; 32]
        }),
        Err(PsiError::Count {
            announced: 3,
            got: 2
        })
    );
}

#[test]
fn victim_items_are_normalised_before_hashing() {
    let de = Some(dragnet_core::Country::parse("DE").unwrap());
    let cases = [
        ("Bob@Example.COM ", None, Some("email:bob@example.com")),
        ("+1 (888) 555-0147", None, Some("phone:+18885550147")),
        ("030 1234567", de, Some("phone:+49301234567")),
        ("not a contact", None, None),
    ];
    for (raw, region, expected) in cases {
        assert_eq!(
            victim_item(raw, region)
                .map(|v| String::from_utf8(v).unwrap())
                .as_deref(),
            expected,
            "{raw}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn intersection_is_exact(a in proptest::collection::btree_set(0u16..300, 0..60),
                             b in proptest::collection::btree_set(0u16..300, 0..60),
                             seed in any::<u64>(),
                             items_mode in any::<bool>()) {
        let enc = |s: &std::collections::BTreeSet<u16>| -> Vec<Vec<u8>> { s.iter().map(|x| indicator_item(IndicatorType::Domain, &format!("d{x}.example"))).collect() };
        let (va, vb) = (enc(&a), enc(&b));
        let mode = if items_mode { Mode::Items } else { Mode::Cardinality };
        let (oa, ob, _) = run(&va, &vb, mode, mode, seed);
        let expected = a.intersection(&b).count() as u64;
        prop_assert_eq!(oa.intersection_size, expected);
        prop_assert_eq!(ob.intersection_size, expected);
        if items_mode {
            let want: Vec<usize> = a.iter().enumerate().filter(|(_, x)| b.contains(x)).map(|(i, _)| i).collect();
            prop_assert_eq!(oa.shared_items, Some(want));
        }
    }
}
