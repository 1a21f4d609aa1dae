//! Throughput of `check` on single values, as `dragnet check --batch` runs it: one detector,
//! values from memory, a hash-map store. Run with
//! `cargo run --release -p dragnet-detect --example bench [-- N]`.
use std::collections::HashMap;
use std::time::Instant;

use dragnet_detect::{CheckInput, Detector, Lang, Matches};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    // A deterministic mix: scam and official phone numbers, look-alike and official domains,
    // URLs, e-mails, remote-access IDs.
    let mut values = Vec::with_capacity(n);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let domains = [
        "microsoft.com",
        "micros0ft-support.com",
        "amazon-refund-desk.net",
        "example.org",
        "paypa1.com",
        "applebees.com",
    ];
    for i in 0..n {
        let r = next();
        values.push(match i % 6 {
            0 => format!("+1 888 555 {:04}", r % 10_000),
            1 => "+1 800 642 7676".to_string(),
            2 => domains[(r % domains.len() as u64) as usize].to_string(),
            3 => format!(
                "https://{}/help/{}",
                domains[(r % domains.len() as u64) as usize],
                r % 1000
            ),
            4 => format!(
                "user{}@{}",
                r % 1000,
                domains[(r % domains.len() as u64) as usize]
            ),
            _ => format!("anydesk {}", 100_000_000 + r % 800_000_000),
        });
    }
    let store: HashMap<String, Matches> = (0..1000)
        .map(|i| {
            (
                format!("phone:+1888555{i:04}"),
                Matches {
                    reports: 3,
                    operations: 1,
                },
            )
        })
        .collect();
    let knowledge = |key: &str| store.get(key).copied().unwrap_or_default();
    let detector = Detector::builtin();
    // Warm up (lazy tables, caches).
    for v in values.iter().take(1000) {
        let _ = detector.check(&CheckInput::Value(v.clone()), Lang::En, &knowledge);
    }
    let mut lat = Vec::with_capacity(n);
    let mut verdicts = HashMap::new();
    let start = Instant::now();
    for v in &values {
        let t = Instant::now();
        let r = detector.check(&CheckInput::Value(v.clone()), Lang::En, &knowledge);
        lat.push(t.elapsed().as_nanos() as u64);
        if let Ok(r) = r {
            *verdicts.entry(format!("{:?}", r.verdict)).or_insert(0u32) += 1;
        }
    }
    let total = start.elapsed();
    lat.sort_unstable();
    let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)] as f64 / 1000.0;
    println!(
        "{n} checks in {:.3} s: {:.0} values/s; latency p50 {:.1} us, p99 {:.1} us, max {:.1} us",
        total.as_secs_f64(),
        n as f64 / total.as_secs_f64(),
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
    let mut v: Vec<_> = verdicts.into_iter().collect();
    v.sort();
    println!("verdicts: {v:?}");
}
