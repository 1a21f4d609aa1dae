//! Accuracy of correlation against a generated scenario's ground truth.
//!
//! `cargo run --release -p dragnet-cluster --example eval [-- VICTIMS SEED]`
//! (defaults 2000 victims, seed 1). Generates a scenario (dragnet-gen), extracts every
//! report (dragnet-extract), clusters them with the default policy, and prints B-cubed and
//! pairwise precision / recall / F1 beside a naive baseline that links reports sharing an
//! equal raw indicator string (as written, no normalisation, no warninglists).
//!
//! Truth: a report's operation; noise reports are singletons, except that a victim's
//! second report of the same incident belongs with the first (`duplicate_of`).
//! The victim key stands in for storage's keyed hash: the reporter's lower-cased e-mail,
//! else phone digits.

use dragnet_cluster::{Engine, Policy, ReportNode};
use dragnet_core::ReportInput;
use std::collections::HashMap;
use std::time::Instant;

#[derive(Default, Debug, Clone, Copy)]
struct Scores {
    b3_p: f64,
    b3_r: f64,
    pw_p: f64,
    pw_r: f64,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// B-cubed and pairwise scores of a predicted labelling against the truth labelling.
fn score(pred: &[String], truth: &[String]) -> Scores {
    let n = pred.len() as f64;
    let mut joint: HashMap<(&str, &str), f64> = HashMap::new();
    let mut psize: HashMap<&str, f64> = HashMap::new();
    let mut tsize: HashMap<&str, f64> = HashMap::new();
    for (p, t) in pred.iter().zip(truth) {
        *joint.entry((p, t)).or_default() += 1.0;
        *psize.entry(p).or_default() += 1.0;
        *tsize.entry(t).or_default() += 1.0;
    }
    let (mut b3_p, mut b3_r, mut tp) = (0.0, 0.0, 0.0);
    for ((p, t), c) in &joint {
        b3_p += c * c / psize[p];
        b3_r += c * c / tsize[t];
        tp += c * (c - 1.0) / 2.0;
    }
    let pairs = |m: &HashMap<&str, f64>| m.values().map(|c| c * (c - 1.0) / 2.0).sum::<f64>();
    let (pp, tp_all) = (pairs(&psize), pairs(&tsize));
    Scores {
        b3_p: b3_p / n,
        b3_r: b3_r / n,
        pw_p: if pp == 0.0 { 1.0 } else { tp / pp },
        pw_r: if tp_all == 0.0 { 1.0 } else { tp / tp_all },
    }
}

fn print(name: &str, s: Scores) {
    println!(
        "{name:<10} B-cubed P {:.4} R {:.4} F1 {:.4} | pairwise P {:.4} R {:.4} F1 {:.4}",
        s.b3_p,
        s.b3_r,
        f1(s.b3_p, s.b3_r),
        s.pw_p,
        s.pw_r,
        f1(s.pw_p, s.pw_r)
    );
}

fn find(p: &mut [usize], mut x: usize) -> usize {
    while p[x] != x {
        p[x] = p[p[x]];
        x = p[x];
    }
    x
}

fn main() {
    let mut args = std::env::args().skip(1);
    let victims: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);

    let t = Instant::now();
    let scenario = dragnet_gen::generate(&dragnet_gen::GenConfig::new(victims, seed));
    let gen_secs = t.elapsed().as_secs_f64();
    let extractor = dragnet_extract::Extractor::new();
    // EVAL_UNLISTED=1: official values lose their warninglist marks (tests the hub rule).
    let unlisted = std::env::var("EVAL_UNLISTED").as_deref() == Ok("1");

    let t = Instant::now();
    let mut nodes = Vec::with_capacity(scenario.reports.len());
    let mut raws: Vec<Vec<String>> = Vec::with_capacity(scenario.reports.len());
    for (value, row) in scenario.reports.iter().zip(&scenario.truth) {
        let input = match ReportInput::from_json_value(value) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("report {} rejected: {e}", row.report);
                continue;
            }
        };
        let ex = extractor.extract_report(&input);
        let source = input
            .source
            .clone()
            .unwrap_or_else(|| "unknown".to_string());
        let victim = input
            .reporter
            .email
            .as_ref()
            .map(|e| e.trim().to_lowercase())
            .or_else(|| {
                input
                    .reporter
                    .phone
                    .as_ref()
                    .map(|p| p.chars().filter(char::is_ascii_digit).collect())
            });
        raws.push(ex.indicators.iter().map(|i| i.raw.clone()).collect());
        let mut indicators = ex.indicators;
        if unlisted {
            // The brands' official numbers and domains as if the warninglists lacked them:
            // what the hub rule must catch on its own.
            for i in &mut indicators {
                if i.warning.as_deref().is_some_and(|w| w.contains("official")) {
                    i.warning = None;
                }
            }
        }
        nodes.push((
            ReportNode {
                key: format!("{source}/{}", input.effective_id()),
                source,
                received_at: input.received_at,
                country: input.reporter.country,
                brand: input.brand.clone(),
                narrative_brands: Vec::new(),
                loss: input.loss.clone(),
                victim,
                indicators,
            },
            row,
        ));
    }
    let extract_secs = t.elapsed().as_secs_f64();

    let t = Instant::now();
    // EVAL_HUB=min_reports,min_sources,partner_min_reports,max_partners[,partners_per_100_reports]
    // overrides the rule.
    let mut policy = Policy::default();
    if let Ok(spec) = std::env::var("EVAL_HUB") {
        let n: Vec<u32> = spec
            .split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect();
        if let [a, b, c, d, ref rest @ ..] = n[..] {
            policy.hub = dragnet_cluster::HubRule {
                min_reports: a,
                min_sources: b,
                partner_min_reports: c,
                max_partners: d,
                partners_per_100_reports: rest.first().copied().unwrap_or(35),
            };
        }
    }
    println!("hub rule: {:?}", policy.hub);
    let mut engine = Engine::new(policy.clone());
    for (node, _) in &nodes {
        engine.add(node);
    }
    let cluster_secs = t.elapsed().as_secs_f64();

    // The same with complete warninglists: every value the truth calls `official` (a
    // brand's real number or domain, a legitimate download site) is warninglisted, which
    // separates correlation's own errors from gaps in extraction's lists.
    let official: std::collections::HashSet<(dragnet_core::IndicatorType, &str)> = scenario
        .truth
        .iter()
        .flat_map(|r| r.indicators.iter())
        .filter(|i| i.role == dragnet_gen::Role::Official)
        .map(|i| (i.ty, i.value.as_str()))
        .collect();
    let mut missed_lists: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut complete = Engine::new(policy);
    for (node, _) in &nodes {
        let mut n = node.clone();
        for i in &mut n.indicators {
            let key = (i.ty, i.value.as_str());
            let host_official = i.ty == dragnet_core::IndicatorType::Url
                && official.iter().any(|(t, v)| {
                    *t == dragnet_core::IndicatorType::Domain
                        && i.value.split('/').nth(2) == Some(*v)
                });
            if i.warning.is_none() && (official.contains(&key) || host_official) {
                missed_lists.insert(format!("{} {}", i.ty, i.value));
                i.warning = Some("truth-official".to_string());
            }
        }
        complete.add(&n);
    }

    // Truth labels: operation, or the first report of a noise incident.
    let by_id: HashMap<&str, &dragnet_gen::TruthRow> = scenario
        .truth
        .iter()
        .map(|r| (r.report.as_str(), r))
        .collect();
    let truth_label = |row: &dragnet_gen::TruthRow| -> String {
        let mut row = row;
        loop {
            if let Some(op) = &row.operation {
                return op.clone();
            }
            match row.duplicate_of.as_deref().and_then(|d| by_id.get(d)) {
                Some(first) if first.report != row.report => row = first,
                _ => return format!("noise:{}", row.report),
            }
        }
    };
    let truth: Vec<String> = nodes.iter().map(|(_, row)| truth_label(row)).collect();
    let pred: Vec<String> = nodes
        .iter()
        .map(|(n, _)| {
            engine
                .cluster_of(&n.key)
                .unwrap_or_else(|| format!("single:{}", n.key))
        })
        .collect();

    // Naive baseline: equal raw strings link.
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    let mut first_with: HashMap<&str, usize> = HashMap::new();
    for (i, rs) in raws.iter().enumerate() {
        for r in rs {
            match first_with.get(r.as_str()) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a] = b;
                }
                None => {
                    first_with.insert(r, i);
                }
            }
        }
    }
    let naive: Vec<String> = (0..nodes.len())
        .map(|i| format!("n{}", find(&mut parent, i)))
        .collect();

    let ops = scenario.operations.len();
    let noise = truth.iter().filter(|t| t.starts_with("noise:")).count();
    println!(
        "scenario: {victims} victims, seed {seed}: {} reports, {ops} operations, {noise} noise reports",
        nodes.len()
    );
    println!(
        "time: generate {gen_secs:.2} s, extract {extract_secs:.2} s, cluster {cluster_secs:.3} s ({:.0} reports/s)",
        nodes.len() as f64 / cluster_secs.max(1e-9)
    );
    let summaries = engine.summaries(2);
    println!(
        "engine: {} operations of 2+ reports ({} shared by several sources), {} hubs",
        summaries.len(),
        summaries.iter().filter(|s| s.is_shared()).count(),
        engine.hubs().len()
    );
    print("dragnet", score(&pred, &truth));
    let pred_complete: Vec<String> = nodes
        .iter()
        .map(|(n, _)| {
            complete
                .cluster_of(&n.key)
                .unwrap_or_else(|| format!("single:{}", n.key))
        })
        .collect();
    print("dragnet+wl", score(&pred_complete, &truth));
    println!(
        "(dragnet+wl: with the {} official values extraction did not warninglist marked as such: {})",
        missed_lists.len(),
        missed_lists
            .iter()
            .take(12)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    );
    print("naive", score(&naive, &truth));

    // Diagnostics: predicted operations mixing truth labels, and split truth operations.
    let mut mix: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for (p, t) in pred.iter().zip(&truth) {
        if !p.starts_with("single:") {
            *mix.entry(p).or_default().entry(t).or_default() += 1;
        }
    }
    let mut impure: Vec<(&str, usize, usize)> = mix
        .iter()
        .filter(|(_, ts)| ts.len() > 1)
        .map(|(p, ts)| {
            (
                *p,
                ts.values().sum::<usize>(),
                ts.values().max().copied().unwrap_or(0),
            )
        })
        .collect();
    impure.sort_by_key(|x| std::cmp::Reverse(x.1 - x.2));
    for (p, total, major) in impure.iter().take(5) {
        println!(
            "impure {p}: {total} reports, {} outside its main operation",
            total - major
        );
    }
    let mut split: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for (p, t) in pred.iter().zip(&truth) {
        if !t.starts_with("noise:") {
            *split.entry(t).or_default().entry(p).or_default() += 1;
        }
    }
    let singles: usize = split
        .values()
        .map(|ps| {
            ps.iter()
                .filter(|(p, _)| p.starts_with("single:"))
                .map(|(_, c)| c)
                .sum::<usize>()
        })
        .sum();
    let fragments: usize = split
        .values()
        .map(|ps| ps.keys().filter(|p| !p.starts_with("single:")).count())
        .sum();
    println!(
        "operation reports left alone: {singles}; truth operations -> {fragments} predicted fragments for {} operations",
        split.len()
    );
    // Values carried by reports of several truth operations (what over-links).
    // (type, value) -> (reports per truth label, warninglisted)
    type Spread<'a> =
        HashMap<(dragnet_core::IndicatorType, &'a str), (HashMap<&'a str, usize>, bool)>;
    let mut spread: Spread = HashMap::new();
    for ((n, _), t) in nodes.iter().zip(&truth) {
        for i in &n.indicators {
            let e = spread.entry((i.ty, i.value.as_str())).or_default();
            *e.0.entry(t.as_str()).or_default() += 1;
            e.1 |= i.warning.is_some();
        }
    }
    let mut wide: Vec<_> = spread
        .iter()
        .filter(|(k, (ts, warned))| {
            !warned && ts.len() > 1 && Policy::default().link_types.contains(&k.0)
        })
        .map(|(k, (ts, _))| (k, ts.len(), ts.values().sum::<usize>()))
        .collect();
    wide.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    println!(
        "linking values shared by several truth labels: {}",
        wide.len()
    );
    for (k, labels, reports) in wide.iter().take(16) {
        println!("  {} {} in {reports} reports of {labels} labels", k.0, k.1);
    }
    // Partner counts (co-occurring linking values on >= 5 reports) of values on >= 8 reports.
    if std::env::var_os("EVAL_PARTNERS").is_some() {
        let deg: HashMap<(dragnet_core::IndicatorType, &str), usize> = spread
            .iter()
            .map(|(k, (ts, _))| (*k, ts.values().sum()))
            .collect();
        let mut partners: HashMap<
            (dragnet_core::IndicatorType, &str),
            std::collections::HashSet<(dragnet_core::IndicatorType, &str)>,
        > = HashMap::new();
        for (n, _) in &nodes {
            for a in &n.indicators {
                for b in &n.indicators {
                    let (ka, kb) = ((a.ty, a.value.as_str()), (b.ty, b.value.as_str()));
                    if ka != kb && deg[&kb] >= 5 && Policy::default().link_types.contains(&b.ty) {
                        partners.entry(ka).or_default().insert(kb);
                    }
                }
            }
        }
        let mut rows: Vec<(usize, usize, usize, String)> = spread
            .iter()
            .filter(|(k, (_, w))| !w && deg[*k] >= 8 && Policy::default().link_types.contains(&k.0))
            .map(|(k, (ts, _))| {
                (
                    partners.get(k).map_or(0, |p| p.len()),
                    ts.len(),
                    deg[k],
                    format!("{} {}", k.0, k.1),
                )
            })
            .collect();
        rows.sort();
        for r in rows.iter().rev().take(40) {
            println!(
                "  partners {:>4} labels {:>3} reports {:>5} {}",
                r.0, r.1, r.2, r.3
            );
        }
    }
    if let Ok(show) = std::env::var("EVAL_SHOW") {
        for ((n, _), t) in nodes
            .iter()
            .zip(&truth)
            .filter(|((n, _), _)| n.indicators.iter().any(|i| i.value == show))
            .take(4)
        {
            let inds: Vec<String> = n
                .indicators
                .iter()
                .map(|i| format!("{}:{} [{}]", i.ty, i.value, i.raw))
                .collect();
            println!("  {} ({t}): {}", n.key, inds.join(", "));
        }
    }
    let mut dup_victims: HashMap<&str, std::collections::HashSet<&str>> = HashMap::new();
    for ((n, _), t) in nodes.iter().zip(&truth) {
        if let Some(v) = &n.victim {
            dup_victims.entry(v).or_default().insert(t);
        }
    }
    println!(
        "victim keys spanning several truth labels: {}",
        dup_victims.values().filter(|s| s.len() > 1).count()
    );
    for h in engine.hubs().iter().take(5) {
        println!(
            "hub {} {} ({} reports, {} partners)",
            h.ty, h.value, h.reports, h.partners
        );
    }
}
