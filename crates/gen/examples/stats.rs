//! Summarises a scenario: `cargo run -p dragnet-gen --example stats [victims] [seed]`.
use std::collections::BTreeMap;

fn main() {
    let mut args = std::env::args().skip(1);
    let victims: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let s = dragnet_gen::generate(&dragnet_gen::GenConfig::new(victims, seed));
    let mut sizes: Vec<usize> = s.operations.iter().map(|o| o.size).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let cross = s
        .operations
        .iter()
        .filter(|o| {
            o.sources.len() > 1
                && o.sources.iter().any(|x| x == "amazon")
                && o.sources.iter().any(|x| x == "microsoft-dcu")
        })
        .count();
    let items: usize = s.operations.iter().map(|o| o.infrastructure.len()).sum();
    let mentioned: Vec<usize> = s
        .operations
        .iter()
        .flat_map(|o| o.infrastructure.iter().map(|i| i.reports))
        .filter(|r| *r > 0)
        .collect();
    let dups = s.truth.iter().filter(|t| t.duplicate_of.is_some()).count();
    let noise = s.truth.iter().filter(|t| t.operation.is_none()).count();
    let mut per_report: BTreeMap<usize, usize> = BTreeMap::new();
    for t in &s.truth {
        let n = t
            .indicators
            .iter()
            .filter(|i| {
                i.role == dragnet_gen::Role::Infrastructure
                    && i.ty != dragnet_core::IndicatorType::Url
            })
            .count();
        *per_report.entry(n).or_default() += 1;
    }
    println!(
        "reports {}, operations {}, sizes {:?}",
        s.reports.len(),
        s.operations.len(),
        sizes
    );
    println!("cross-company operations {cross}, duplicates {dups}, noise reports {noise}");
    println!(
        "infrastructure items {items}, mentioned {}, mean reports per mentioned item {:.1}",
        mentioned.len(),
        mentioned.iter().sum::<usize>() as f64 / mentioned.len().max(1) as f64
    );
    println!("reports by number of infrastructure values (url not counted): {per_report:?}");
}
