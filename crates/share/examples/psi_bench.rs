//! Benchmark of the private set intersection: two parties in one process, each with N
//! items (default 1,000,000) of which 10 % are shared, cardinality mode.
//!
//!     cargo run --release -p dragnet-share --example psi_bench [N]
//!
//! Prints the time of each step (both parties' work; each step uses every core) and the
//! bytes each party sends in the binary chunk encoding.

use dragnet_core::IndicatorType;
use dragnet_share::psi::{DEFAULT_CHUNK_ITEMS, Mode, Party, indicator_item};
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let shared = n / 10;
    let phone = |i: usize| {
        indicator_item(
            IndicatorType::Phone,
            &format!("+1{:010}", 2_000_000_000 + i),
        )
    };
    let a: Vec<Vec<u8>> = (0..n).map(phone).collect();
    let b: Vec<Vec<u8>> = (n - shared..2 * n - shared).map(phone).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("psi_bench: {n} items per side, {shared} shared, {threads} threads, cardinality mode");

    let mut rng = rand::rng();
    let total = Instant::now();
    let t = Instant::now();
    let mut pa = Party::new("victims", Mode::Cardinality, &a, &mut rng);
    let mut pb = Party::new("victims", Mode::Cardinality, &b, &mut rng);
    let hash_blind = t.elapsed();

    let (mut sent_a, mut sent_b) = (0u64, 0u64);
    let (ha, hb) = (pa.hello(), pb.hello());
    sent_a += serde_json::to_vec(&ha).map_or(0, |v| v.len() as u64);
    sent_b += serde_json::to_vec(&hb).map_or(0, |v| v.len() as u64);
    pa.accept_hello(&hb).expect("hello");
    pb.accept_hello(&ha).expect("hello");

    let t = Instant::now();
    for c in pa.blinded_chunks(DEFAULT_CHUNK_ITEMS) {
        let bytes = c.to_bytes();
        sent_a += bytes.len() as u64;
        let (c, _) = dragnet_share::psi::Chunk::from_bytes(&bytes).expect("own encoding");
        pb.absorb_blinded(&c).expect("round 1");
    }
    for c in pb.blinded_chunks(DEFAULT_CHUNK_ITEMS) {
        let bytes = c.to_bytes();
        sent_b += bytes.len() as u64;
        let (c, _) = dragnet_share::psi::Chunk::from_bytes(&bytes).expect("own encoding");
        pa.absorb_blinded(&c).expect("round 1");
    }
    let exchange1 = t.elapsed();

    let t = Instant::now();
    let from_b = pb
        .double_blinded_chunks(DEFAULT_CHUNK_ITEMS, &mut rng)
        .expect("round 2");
    let from_a = pa
        .double_blinded_chunks(DEFAULT_CHUNK_ITEMS, &mut rng)
        .expect("round 2");
    let double = t.elapsed();

    let t = Instant::now();
    for c in from_b {
        sent_b += c.to_bytes().len() as u64;
        pa.absorb_double_blinded(&c).expect("round 2");
    }
    for c in from_a {
        sent_a += c.to_bytes().len() as u64;
        pb.absorb_double_blinded(&c).expect("round 2");
    }
    let oa = pa.finish().expect("finish");
    let ob = pb.finish().expect("finish");
    let compare = t.elapsed();

    assert_eq!(oa.intersection_size, shared as u64);
    assert_eq!(ob.intersection_size, shared as u64);
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!(
        "hash + blind (both sides)    {:>8.2} s",
        hash_blind.as_secs_f64()
    );
    println!(
        "round 1 encode/decode        {:>8.2} s",
        exchange1.as_secs_f64()
    );
    println!(
        "double blind (both sides)    {:>8.2} s",
        double.as_secs_f64()
    );
    println!(
        "absorb + compare             {:>8.2} s",
        compare.as_secs_f64()
    );
    println!(
        "total                        {:>8.2} s",
        total.elapsed().as_secs_f64()
    );
    println!(
        "bytes sent A->B {sent_a} ({:.1} MiB), B->A {sent_b} ({:.1} MiB), total {:.1} MiB",
        mib(sent_a),
        mib(sent_b),
        mib(sent_a + sent_b)
    );
    println!(
        "intersection found: {} (expected {shared})",
        oa.intersection_size
    );
}
