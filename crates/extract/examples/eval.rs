//! Evaluation harness for `scripts/eval-extract`: precision/recall/F1 per type and throughput.
//!
//! ```text
//! eval fixtures FILE [-v]           # FILE: narratives.jsonl with "expected"
//! eval truth REPORTS TRUTH [-v]     # dragnet-gen output: reports.jsonl + truth.jsonl
//! eval corpus FIXTURES OUT MB       # writes a ~MB plain-text corpus (one narrative a line)
//! eval bench CORPUS                 # single-threaded MB/s over a plain-text corpus
//! ```
//!
//! The harness allocates with mimalloc, the allocator the `dragnet` binary ships with, so
//! the throughput is what `dragnet extract`, the importer and the API get.
use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use dragnet_core::{Country, IndicatorType, ReportInput};
use dragnet_extract::{Context, Extractor};
use serde_json::Value;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

type Set = HashSet<(String, String)>;

fn score(per: &mut BTreeMap<String, Counts>, want: &Set, got: &Set, id: &str, verbose: bool) {
    for w in want {
        let c = per.entry(w.0.clone()).or_default();
        if got.contains(w) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
            if verbose {
                println!("MISS {id} {} {}", w.0, w.1);
            }
        }
    }
    for g in got.difference(want) {
        per.entry(g.0.clone()).or_default().fp += 1;
        if verbose {
            println!("FP   {id} {} {}", g.0, g.1);
        }
    }
}

fn print(per: &BTreeMap<String, Counts>, title: &str) {
    println!("{title}");
    println!(
        "{:<18} {:>6} {:>6} {:>6} {:>9} {:>9} {:>9}",
        "type", "tp", "fp", "fn", "precision", "recall", "f1"
    );
    let mut all = Counts::default();
    for (t, c) in per {
        row(t, c);
        all.tp += c.tp;
        all.fp += c.fp;
        all.fn_ += c.fn_;
    }
    row("ALL", &all);
}

fn row(t: &str, c: &Counts) {
    let p = c.tp as f64 / (c.tp + c.fp).max(1) as f64;
    let r = c.tp as f64 / (c.tp + c.fn_).max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!(
        "{t:<18} {:>6} {:>6} {:>6} {p:>9.4} {r:>9.4} {f:>9.4}",
        c.tp, c.fp, c.fn_
    );
}

fn set_of(v: &Value) -> Set {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| {
            Some((
                i["type"].as_str()?.to_string(),
                i["value"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// Nanoseconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let x = Extractor::new();
    match args.first().map(String::as_str) {
        Some("fixtures") => {
            let mut per = BTreeMap::new();
            for line in read(&args[1]).lines().filter(|l| !l.trim().is_empty()) {
                let row: Value = serde_json::from_str(line).expect("fixture line is JSON");
                let ctx = Context {
                    default_region: row["region"].as_str().and_then(|r| Country::parse(r).ok()),
                };
                let text = row["text"].as_str().unwrap_or("");
                let got: Set = x
                    .extract_text(text, &ctx)
                    .into_iter()
                    .map(|i| (i.ty.to_string(), i.value))
                    .collect();
                score(
                    &mut per,
                    &set_of(&row["expected"]),
                    &got,
                    row["id"].as_str().unwrap_or("?"),
                    verbose,
                );
            }
            print(&per, &format!("fixture corpus {}", args[1]));
        }
        Some("truth") => {
            let reports = read(&args[1]);
            let truth = read(&args[2]);
            let mut want_by_id = std::collections::HashMap::new();
            for line in truth.lines().filter(|l| !l.trim().is_empty()) {
                let v: Value = serde_json::from_str(line).expect("truth line is JSON");
                let id = v["report"]
                    .as_str()
                    .map(String::from)
                    .unwrap_or_else(|| v["report"].to_string());
                want_by_id.insert(id, set_of(&v["indicators"]));
            }
            let mut per = BTreeMap::new();
            let mut bad = 0;
            let mut email_domain_fp = 0;
            for line in reports.lines().filter(|l| !l.trim().is_empty()) {
                let Ok(r) = ReportInput::from_json_line(line) else {
                    bad += 1;
                    continue;
                };
                let id = r.effective_id();
                let Some(want) = want_by_id.get(&id) else {
                    continue;
                };
                let ex = x.extract_report(&r);
                let got: Set = ex
                    .indicators
                    .into_iter()
                    .map(|i| (i.ty.to_string(), i.value))
                    .collect();
                // dragnet-extract also emits the domain of a non-webmail e-mail address;
                // dragnet-gen's truth does not (a policy difference, see docs/EXTRACTION.md).
                email_domain_fp += got
                    .iter()
                    .filter(|(t, v)| {
                        t == "domain"
                            && !want.contains(&(t.clone(), v.clone()))
                            && got
                                .iter()
                                .any(|(t2, e)| t2 == "email" && e.ends_with(&format!("@{v}")))
                    })
                    .count();
                score(&mut per, want, &got, &id, verbose);
            }
            print(
                &per,
                &format!(
                    "generator truth {} ({bad} unparsable report lines)",
                    args[2]
                ),
            );
            if let Some(d) = per.get_mut("domain") {
                d.fp -= email_domain_fp.min(d.fp);
                println!(
                    "domain false positives that are the domain of an extracted e-mail address: \
                     {email_domain_fp}; domain without them:"
                );
                row("domain", d);
            }
        }
        Some("corpus") => {
            let mb: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(50);
            let texts: Vec<String> = read(&args[1])
                .lines()
                .filter_map(|l| serde_json::from_str::<Value>(l).ok())
                .filter_map(|v| v["text"].as_str().map(|t| t.replace('\n', " ")))
                .collect();
            let mut out = String::with_capacity(mb << 20);
            let mut i = 0usize;
            // Vary the repetitions: change digits so numbers are not all identical, and
            // interleave plain prose so the corpus is not all indicators.
            const PROSE: &str = "Then he said my computer would stop working if I did not pay, and that the technicians were waiting. ";
            while out.len() < mb << 20 {
                let t = &texts[i % texts.len()];
                let k = (i / texts.len()) as u8;
                for c in t.chars() {
                    if c.is_ascii_digit() && k > 0 && c != '0' && c != '1' {
                        out.push(char::from(b'2' + (c as u8 - b'2' + k) % 8));
                    } else {
                        out.push(c);
                    }
                }
                if i.is_multiple_of(3) {
                    out.push(' ');
                    out.push_str(PROSE);
                }
                out.push('\n');
                i += 1;
            }
            std::fs::write(&args[2], &out).expect("write corpus");
            println!("wrote {} bytes, {} lines to {}", out.len(), i, args[2]);
        }
        Some("bench") => {
            let corpus = read(&args[1]);
            let lines: Vec<&str> = corpus.lines().collect();
            let ctx = Context::default();
            // Warm up (lazy statics, page cache).
            for l in lines.iter().take(1000) {
                std::hint::black_box(x.extract_text(l, &ctx));
            }
            let cpu0 = thread_cpu_ns();
            let start = Instant::now();
            let mut n = 0usize;
            let mut per_type: BTreeMap<IndicatorType, usize> = BTreeMap::new();
            for l in &lines {
                for i in x.extract_text(l, &ctx) {
                    n += 1;
                    *per_type.entry(i.ty).or_default() += 1;
                }
            }
            let secs = start.elapsed().as_secs_f64();
            let cpu = thread_cpu_ns().zip(cpu0).map(|(b, a)| (b - a) as f64 / 1e9);
            let mb = corpus.len() as f64 / (1u64 << 20) as f64;
            println!(
                "corpus {:.1} MB, {} lines, {n} indicators in {secs:.2} s wall: {:.1} MB/s single-threaded",
                mb,
                lines.len(),
                mb / secs
            );
            if let Some(cpu) = cpu {
                // On a shared machine the wall clock includes time other processes ran.
                println!(
                    "thread CPU time {cpu:.2} s: {:.1} MB/s per CPU-second",
                    mb / cpu
                );
            }
            println!("{per_type:?}");
        }
        _ => eprintln!(
            "usage: eval fixtures FILE [-v] | truth REPORTS TRUTH [-v] | corpus FIXTURES OUT MB | bench CORPUS"
        ),
    }
}
