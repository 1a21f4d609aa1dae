//! Throughput and memory of the correlation engine on synthetic reports.
//!
//! `cargo run --release -p dragnet-cluster --example bench [-- REPORTS]` (default 1,000,000).
//! Reports are generated on the fly (never all held at once) from a seeded generator:
//! 20,000 operations of skewed sizes, each with rotating phones, domains, e-mails and
//! wallets; a report carries 1-4 indicators (about 3 on average) picked from its
//! operation's pool; 15 % are unrelated noise; 1 % carry one of a few widely shared values
//! (hub candidates) and 2 % an official, warninglisted number; 3 % are a victim's second
//! report of the same incident (to another source, with one indicator). The generator alone is timed first and subtracted.
//! Peak memory is the process's VmHWM from /proc/self/status (Linux).

use dragnet_cluster::{Engine, Policy, ReportNode};
use dragnet_core::{Indicator, IndicatorType, Money};
use std::time::Instant;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const OPS: u64 = 20_000;

fn ind(ty: IndicatorType, value: String) -> Indicator {
    Indicator::new(ty, value, String::new())
}

fn synth(i: u64, rng: &mut Rng) -> ReportNode {
    let source = ["microsoft-dcu", "amazon", "cert-de", "apple"][rng.below(4) as usize];
    let mut inds = Vec::with_capacity(4);
    let noise = rng.unit() < 0.15;
    let op = (OPS as f64 * rng.unit().powi(3)) as u64;
    let k = 1 + rng.below(4) + rng.below(2);
    let k = k.min(4);
    for _ in 0..k {
        if noise {
            inds.push(ind(
                IndicatorType::Phone,
                format!("+4420{:09}", rng.below(1_000_000_000)),
            ));
            continue;
        }
        // Pools grow with the operation's rank (big operations rotate more infrastructure).
        let pool = 2 + (OPS - op) / 2_000;
        let slot = rng.below(pool);
        match rng.below(10) {
            0..=3 => inds.push(ind(IndicatorType::Phone, format!("+1888{op:06}{slot:02}"))),
            4..=6 => inds.push(ind(
                IndicatorType::Domain,
                format!("support-{op}-{slot}.example"),
            )),
            7 => inds.push(ind(
                IndicatorType::Email,
                format!("agent{slot}@op{op}.example"),
            )),
            8 => inds.push(ind(
                IndicatorType::CryptoWallet,
                format!("bc1qop{op}w{slot}"),
            )),
            _ => inds.push(ind(
                IndicatorType::Url,
                format!("https://support-{op}-{slot}.example/fix"),
            )),
        }
    }
    if rng.below(100) == 0 {
        inds.push(ind(
            IndicatorType::Domain,
            format!("short{}.example", rng.below(5)),
        ));
    }
    if rng.below(50) == 0 {
        let mut w = ind(IndicatorType::Phone, "+18006427676".to_string());
        w.warning = Some("official-support-numbers".to_string());
        inds.push(w);
    }
    let mut n = ReportNode::new(format!("{source}/R{i}"), source, inds);
    n.victim = Some(format!("victim{i}"));
    n.loss = Money::parse(&format!("{}", 100 + (i % 900)), "USD").ok();
    n
}

/// The next report: 3 % are the previous victim reporting the same incident again (to
/// another source, mentioning only its first indicator).
fn next_report(i: u64, rng: &mut Rng, prev: &mut Option<ReportNode>) -> ReportNode {
    let n = match prev.take() {
        Some(p) if rng.below(100) < 3 => {
            let mut d = p;
            d.key = format!("cert-de/R{i}");
            d.source = "cert-de".to_string();
            d.indicators.truncate(1);
            d
        }
        _ => synth(i, rng),
    };
    *prev = Some(n.clone());
    n
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);

    let t = Instant::now();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut prev = None;
    let mut sink = 0usize;
    for i in 0..n {
        sink += next_report(i, &mut rng, &mut prev).indicators.len();
    }
    let gen_secs = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut prev = None;
    let mut engine = Engine::new(Policy::default());
    let mut events = 0usize;
    let (mut splits, mut suppressed, mut released) = (0usize, 0usize, 0usize);
    for i in 0..n {
        for ev in engine.add(&next_report(i, &mut rng, &mut prev)) {
            events += 1;
            match ev {
                dragnet_cluster::ClusterEvent::Split { .. } => splits += 1,
                dragnet_cluster::ClusterEvent::HubSuppressed { .. } => suppressed += 1,
                dragnet_cluster::ClusterEvent::HubReleased { .. } => released += 1,
                _ => {}
            }
        }
    }
    let total_secs = t.elapsed().as_secs_f64();
    let engine_secs = (total_secs - gen_secs).max(1e-9);

    let rss_before_summaries = peak_rss_kib();
    let t = Instant::now();
    let summaries = engine.summaries(2);
    let summary_secs = t.elapsed().as_secs_f64();
    let biggest = summaries.iter().map(|s| s.reports.len()).max().unwrap_or(0);

    println!("reports                 {n}");
    println!(
        "indicators              {sink} ({:.2} per report)",
        sink as f64 / n as f64
    );
    println!("distinct values         {}", engine.value_count());
    println!(
        "events                  {events} ({splits} splits, {suppressed} hub verdicts, {released} releases)"
    );
    println!(
        "operations (>=2)        {} (largest {biggest} reports)",
        summaries.len()
    );
    println!("hubs                    {}", engine.hubs().len());
    println!("generation only         {gen_secs:.2} s");
    println!("generation + add        {total_secs:.2} s");
    println!(
        "engine add              {engine_secs:.2} s = {:.0} reports/s",
        n as f64 / engine_secs
    );
    println!("all summaries           {summary_secs:.2} s");
    println!(
        "engine tables (approx.) {} MiB",
        engine.heap_bytes_estimate() >> 20
    );
    if let Some(k) = rss_before_summaries {
        println!("peak RSS before summaries {} MiB", k >> 10);
    }
    match peak_rss_kib() {
        Some(k) => println!("peak RSS (VmHWM)        {} MiB", k >> 10),
        None => println!("peak RSS (VmHWM)        unavailable"),
    }
}
