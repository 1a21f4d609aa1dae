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
    // Validity against FORMATS.md §1 and reachability of every operation (union-find).
    let invalid = s
        .reports
        .iter()
        .filter(|r| dragnet_core::ReportInput::from_json_value(r).is_err())
        .count();
    let mut parent: Vec<usize> = (0..s.truth.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut first: std::collections::HashMap<(dragnet_core::IndicatorType, &str), usize> =
        Default::default();
    for (i, t) in s.truth.iter().enumerate() {
        for ind in t
            .indicators
            .iter()
            .filter(|x| x.role == dragnet_gen::Role::Infrastructure)
        {
            if let Some(&j) = first.get(&(ind.ty, ind.value.as_str())) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a] = b;
            } else {
                first.insert((ind.ty, ind.value.as_str()), i);
            }
        }
    }
    let mut roots: BTreeMap<&str, std::collections::BTreeSet<usize>> = BTreeMap::new();
    for (i, t) in s.truth.iter().enumerate() {
        if let Some(op) = &t.operation {
            let r = find(&mut parent, i);
            roots.entry(op.as_str()).or_default().insert(r);
        }
    }
    let split = roots.values().filter(|r| r.len() > 1).count();
    println!("invalid reports {invalid}, operations not connected {split}");
    println!("reports by number of infrastructure values (url not counted): {per_report:?}");
}
