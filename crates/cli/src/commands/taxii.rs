//! `dragnet taxii publish`: an organisation's operations into its TAXII `intel` collection.
//!
//! Run it after imports (or from cron): STIX ids are deterministic and versions follow the
//! data, so a run stores only new objects and new versions of operations that grew. Partners
//! then read them through their `shared-<tlp>` collections (docs/SHARING.md, "TAXII 2.1").

use super::{load_operations, open_store};
use crate::config::Settings;
use clap::{Args, Subcommand};
use dragnet_share::Tlp;
use dragnet_store::ReportStore;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct TaxiiArgs {
    #[command(subcommand)]
    pub what: TaxiiWhat,
}

#[derive(Debug, Subcommand)]
pub enum TaxiiWhat {
    /// Publish the organisation's operations (campaigns, infrastructure, indicators, brands,
    /// sighting counts; never victims' data) into its `intel` collection.
    Publish {
        /// The organisation (default: the only one).
        #[arg(long)]
        org: Option<String>,
        /// TLP 2.0 marking: clear, green, amber, amber+strict, red. Partners read clear,
        /// green and amber; amber+strict and red stay in the organisation.
        #[arg(long, default_value = "amber")]
        tlp: String,
        /// Only operations with at least this many reports.
        #[arg(long, default_value_t = 2)]
        min_reports: usize,
    },
}

pub async fn run(a: TaxiiArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    match a.what {
        TaxiiWhat::Publish {
            org,
            tlp,
            min_reports,
        } => {
            let tlp: Tlp = tlp
                .parse()
                .map_err(|e: String| anyhow::anyhow!("--tlp: {e}"))?;
            let store = open_store(settings).await?;
            let org = super::pull::receiving_org(&store, org.as_deref()).await?;
            let operations = load_operations(&store).await?;
            // Each report's own TLP, so the publication carries only contributions marked at
            // or below its level (never RED).
            let mut levels = std::collections::HashMap::new();
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
            let level_of = |k: &str| levels.get(k).copied();
            let p = dragnet_web::taxii::publish::publish(
                &operations,
                &store,
                &org,
                tlp,
                min_reports,
                &level_of,
            )
            .await?;
            eprintln!(
                "published {} operations of `{}` as {} STIX objects marked {}: {} new versions",
                p.operations,
                org.name,
                p.objects,
                tlp.label(),
                p.new
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
