//! `dragnet export`: the operations as shared intelligence.
//!
//! `export stix` writes a STIX 2.1 bundle (operations as campaigns with their infrastructure,
//! indicators, brands as identities, sightings as counts per country; TLP 2.0 marking; no
//! victim data). `export blocklist` writes phone numbers and domains seen in operations as
//! text, CSV, a hosts file or a DNS RPZ zone; warninglisted values never appear.

use super::{load_operations, open_store};
use crate::config::Settings;
use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use dragnet_cluster::ClusterSummary;
use dragnet_core::IndicatorType;
use dragnet_share::blocklist::{Blocklist, RpzZone};
use dragnet_share::stix::BundleBuilder;
use dragnet_share::{SharedIndicator, Tlp};
use dragnet_store::{ReportStore, SqlStore};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BlockFormat {
    Text,
    Csv,
    Hosts,
    Rpz,
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// A STIX 2.1 bundle of operations (all of at least --min-reports, or the given ones).
    Stix {
        /// Operation ids (repeatable); default: every operation.
        #[arg(long = "operation")]
        operations: Vec<String>,
        /// TLP 2.0 marking of the bundle: clear, green, amber, amber+strict, red. Only
        /// contributions marked at this level or below go in, never TLP:RED ones.
        #[arg(long, default_value = "amber")]
        tlp: String,
        #[arg(long, default_value_t = 2)]
        min_reports: usize,
        /// Name of the producing organisation (the bundle's identity).
        #[arg(long, default_value = "Dragnet")]
        producer: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Phone numbers and domains of operations, for products and resolvers.
    Blocklist {
        #[arg(long, value_enum, default_value = "text")]
        format: BlockFormat,
        /// Only values carried by at least this many reports.
        #[arg(long, default_value_t = 2)]
        min_reports: usize,
        /// Indicator types (phone, domain); default both.
        #[arg(long = "type", value_delimiter = ',')]
        types: Vec<String>,
        /// Only values from contributions marked at this TLP level or below (never RED).
        #[arg(long, default_value = "amber", value_parser = |s: &str| s.parse::<Tlp>())]
        tlp: Tlp,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// The TLP of every stored report (`source/id`), to keep exports within their marking.
async fn report_levels(store: &SqlStore) -> anyhow::Result<HashMap<String, Tlp>> {
    let mut levels = HashMap::new();
    let mut after = 0;
    loop {
        let page = store.reports_after(after, 5_000).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for r in page {
            let t: Tlp = r.tlp.parse().unwrap_or(Tlp::Red);
            levels.insert(format!("{}/{}", r.source, r.id), t);
        }
    }
    Ok(levels)
}

/// The operation over only the contributions an export at `level` may carry (at or below
/// it, never RED); `None` when fewer than two remain.
fn within(
    engine: &dragnet_cluster::Engine,
    op: ClusterSummary,
    levels: &HashMap<String, Tlp>,
    level: Tlp,
) -> Option<ClusterSummary> {
    let allowed = |k: &str| levels.get(k).is_some_and(|t| *t <= level && *t != Tlp::Red);
    let op = if op.report_keys.iter().all(|k| allowed(k)) {
        op
    } else {
        engine.summary_where(&op.cluster, &allowed)?
    };
    (op.reports.len() >= 2).then_some(op)
}

pub async fn run(a: ExportArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let store = open_store(settings).await?;
    let operations = load_operations(&store).await?;
    let levels = report_levels(&store).await?;
    let now = chrono::Utc::now();
    match a.what {
        ExportWhat::Stix {
            operations: ids,
            tlp,
            min_reports,
            producer,
            out,
        } => {
            let tlp: Tlp = tlp
                .parse()
                .map_err(|e: String| anyhow::anyhow!("--tlp: {e}"))?;
            let chosen: Vec<ClusterSummary> = {
                let engine = operations.read();
                if ids.is_empty() {
                    engine
                        .summaries(min_reports)
                        .into_iter()
                        .filter_map(|op| within(&engine, op, &levels, tlp))
                        .filter(|op| op.reports.len() >= min_reports)
                        .collect()
                } else {
                    let mut v = Vec::new();
                    for id in &ids {
                        let op = engine
                            .summary(id)
                            .with_context(|| format!("no operation `{id}`"))?;
                        let op = within(&engine, op, &levels, tlp).with_context(|| {
                            format!(
                                "operation `{id}` has fewer than two contributions marked {} or below",
                                tlp.label()
                            )
                        })?;
                        v.push(op);
                    }
                    v
                }
            };
            let mut b = BundleBuilder::new(&producer, tlp, now);
            for op in &chosen {
                b.add_operation(op);
            }
            let bundle = b.build();
            std::fs::write(&out, bundle.to_json_pretty())
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "wrote {} STIX objects ({} operations) to {}",
                bundle.objects.len(),
                chosen.len(),
                out.display()
            );
        }
        ExportWhat::Blocklist {
            format,
            min_reports,
            types,
            tlp,
            out,
        } => {
            let mut tys = Vec::new();
            for t in if types.is_empty() {
                vec!["phone".into(), "domain".into()]
            } else {
                types
            } {
                let ty: IndicatorType = t
                    .parse()
                    .map_err(|e: String| anyhow::anyhow!("--type: {e}"))?;
                if !matches!(ty, IndicatorType::Phone | IndicatorType::Domain) {
                    bail!("--type: blocklists hold phone and domain values");
                }
                tys.push(ty);
            }
            let indicators: Vec<SharedIndicator> = {
                let engine = operations.read();
                let mut seen = std::collections::BTreeMap::new();
                for op in engine
                    .summaries(2)
                    .into_iter()
                    .filter_map(|op| within(&engine, op, &levels, tlp))
                {
                    for i in op
                        .indicators
                        .iter()
                        .filter(|i| !i.hub && i.reports >= min_reports)
                    {
                        // Confidence grows with the number of victims who reported the value.
                        let confidence = (50 + 10 * i.reports.min(5)) as u8;
                        seen.entry((i.ty, i.value.clone())).or_insert(confidence);
                    }
                }
                seen.into_iter()
                    .map(|((ty, v), c)| SharedIndicator::new(ty, v).with_confidence(c))
                    .collect()
            };
            let list = Blocklist::new("dragnet-operations", now, &indicators, &tys, 0);
            let text = match format {
                BlockFormat::Text => list.plain_text(),
                BlockFormat::Csv => list.csv(),
                BlockFormat::Hosts => list.hosts(),
                BlockFormat::Rpz => list.rpz(&RpzZone::default()),
            };
            std::fs::write(&out, text)
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!("wrote the blocklist to {}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
