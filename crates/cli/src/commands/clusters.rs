//! `dragnet clusters`: the operations behind the reports (FORMATS.md §3), why two reports
//! are linked, the values suppressed as hubs, and a rebuild that checks the incremental
//! result.

use super::{load_operations, open_store};
use crate::config::Settings;
use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use dragnet_cluster::ClusterSummary;
use dragnet_store::{Assignment, Operations, ReportStore};
use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutFormat {
    /// FORMATS.md §3, one operation per line.
    Jsonl,
    /// Aligned columns for people.
    Table,
    Csv,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ClustersArgs {
    #[command(subcommand)]
    pub action: Option<Action>,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: OutFormat,
    /// Only operations with at least this many reports.
    #[arg(long, default_value_t = 2)]
    pub min_reports: usize,
    /// Only operations seen by more than one source (organisation).
    #[arg(long)]
    pub shared: bool,
    /// Recompute every operation from scratch, compare with the incrementally maintained
    /// assignments, and store the result.
    #[arg(long)]
    pub rebuild: bool,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Show the chain of shared indicators joining two reports, or why they are not joined.
    /// Reports are `SOURCE/ID`, or an ID only one source uses.
    Explain { a: String, b: String },
    /// List the values suppressed as hubs (shared too widely to mean one operation).
    Hubs,
}

pub async fn run(a: ClustersArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let operations = if a.rebuild {
        rebuild(&store).await?
    } else {
        load_operations(&store).await?
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.action {
        Some(Action::Explain { a: ra, b: rb }) => {
            let ka = key(&store, &ra).await?;
            let kb = key(&store, &rb).await?;
            let e = operations
                .read()
                .explain(&ka, &kb)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            writeln!(out, "{}", e.reason)?;
            for hop in &e.chain {
                let via = serde_json::to_value(&hop.via)?;
                let what = match via["kind"].as_str() {
                    Some("duplicate") => "same victim, same incident".to_string(),
                    _ => {
                        let blocked = via["blocked"]["reason"]
                            .as_str()
                            .map(|r| format!("  [does not link: {r}]"))
                            .unwrap_or_default();
                        format!(
                            "{} {}{blocked}",
                            via["type"].as_str().unwrap_or("?"),
                            via["value"].as_str().unwrap_or("?")
                        )
                    }
                };
                writeln!(out, "  {} -> {}  via {what}", hop.from, hop.to)?;
            }
            return Ok(if e.joined {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Some(Action::Hubs) => {
            for h in operations.read().hubs() {
                serde_json::to_writer(&mut out, &h)?;
                writeln!(out)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let summaries: Vec<ClusterSummary> = operations
        .read()
        .summaries(a.min_reports)
        .into_iter()
        .filter(|s| !a.shared || s.is_shared())
        .collect();
    match a.format {
        OutFormat::Jsonl => {
            for s in &summaries {
                serde_json::to_writer(&mut out, s)?;
                writeln!(out)?;
            }
        }
        OutFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(COLUMNS)?;
            for s in &summaries {
                w.write_record(row(s))?;
            }
            w.flush()?;
        }
        OutFormat::Table => write_table(&mut out, &summaries)?,
    }
    Ok(ExitCode::SUCCESS)
}

const COLUMNS: [&str; 10] = [
    "cluster",
    "victims",
    "reports",
    "sources",
    "brands",
    "countries",
    "loss_usd",
    "first_seen",
    "last_seen",
    "top_indicator",
];

fn row(s: &ClusterSummary) -> Vec<String> {
    let mut countries: Vec<_> = s.countries.iter().collect();
    countries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    vec![
        s.cluster.clone(),
        s.victims.to_string(),
        s.reports.len().to_string(),
        s.sources.join(" "),
        s.brands.join(" "),
        countries
            .iter()
            .map(|(c, n)| format!("{c}:{n}"))
            .collect::<Vec<_>>()
            .join(" "),
        s.loss.amount.clone(),
        s.first_seen
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        s.last_seen
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        s.indicators
            .first()
            .map(|i| format!("{} {}", i.ty, i.value))
            .unwrap_or_default(),
    ]
}

fn write_table(out: &mut impl Write, summaries: &[ClusterSummary]) -> anyhow::Result<()> {
    let rows: Vec<Vec<String>> = summaries.iter().map(row).collect();
    let mut width: Vec<usize> = COLUMNS.iter().map(|c| c.len()).collect();
    for r in &rows {
        for (w, cell) in width.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count().min(40));
        }
    }
    let line = |cells: Vec<String>| {
        cells
            .iter()
            .zip(&width)
            .map(|(c, w)| {
                let c: String = c.chars().take(40).collect();
                format!("{c:<w$}")
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(
        out,
        "{}",
        line(COLUMNS.iter().map(|c| c.to_string()).collect()).trim_end()
    )?;
    for r in rows {
        writeln!(out, "{}", line(r).trim_end())?;
    }
    writeln!(out, "{} operations", summaries.len())?;
    Ok(())
}

async fn key(store: &dyn ReportStore, reference: &str) -> anyhow::Result<String> {
    if let Some((source, id)) = reference.split_once('/')
        && !store.get_reports(Some(source), id).await?.is_empty()
    {
        return Ok(reference.to_string());
    }
    let found = store.get_reports(None, reference).await?;
    match found.as_slice() {
        [] => bail!("no report `{reference}`"),
        [one] => Ok(format!("{}/{}", one.source, one.id)),
        many => bail!(
            "{} sources have a report `{reference}`; write SOURCE/ID: {}",
            many.len(),
            many.iter()
                .map(|r| format!("{}/{}", r.source, r.id))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Recomputes every operation from the stored reports alone, compares with the stored
/// (incrementally maintained) assignments, then stores the recomputed ones.
async fn rebuild(store: &dyn ReportStore) -> anyhow::Result<Operations> {
    let started = Instant::now();
    let mut stored: HashMap<String, Option<String>> = HashMap::new();
    let mut after = 0;
    loop {
        let page = store.reports_after(after, 5000).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for r in page {
            stored.insert(format!("{}/{}", r.source, r.id), r.cluster);
        }
    }
    let operations = load_operations(store).await.context("rebuilding")?;
    let mut fixes = Vec::new();
    {
        let engine = operations.read();
        for (key, was) in &stored {
            let now = engine.cluster_of(key);
            if &now != was {
                let (source, id) = key.split_once('/').unwrap_or(("", key));
                fixes.push(Assignment {
                    source: source.into(),
                    id: id.into(),
                    cluster: now,
                });
            }
        }
    }
    eprintln!(
        "rebuild: {} reports in {:.2} s; {} assignments differed from the incremental result{}",
        stored.len(),
        started.elapsed().as_secs_f64(),
        fixes.len(),
        if fixes.is_empty() {
            " (they agree)"
        } else {
            "; stored the rebuilt ones"
        }
    );
    store.assign_clusters(&fixes).await?;
    Ok(operations)
}
