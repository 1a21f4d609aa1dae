//! `dragnet retention run [--dry-run]`: erases the victims' personal data of reports older
//! than the retention period (`retention_days`, `DRAGNET_RETENTION_DAYS` or `--days`), as an
//! erasure request would, with progress and an audit entry per report.

use super::open_store;
use crate::config::Settings;
use anyhow::bail;
use clap::{Args, Subcommand};
use dragnet_web::retention::{Retention, run as run_pass};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct RetentionArgs {
    #[command(subcommand)]
    pub action: RetentionAction,
}

#[derive(Debug, Subcommand)]
pub enum RetentionAction {
    /// Erase the personal data of reports older than the retention period.
    Run {
        /// Only list and count what would be erased.
        #[arg(long)]
        dry_run: bool,
        /// The period in days (default: `retention_days` from the configuration).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        days: Option<u32>,
        /// Print each report handled.
        #[arg(long)]
        verbose: bool,
    },
}

pub async fn run(a: RetentionArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let RetentionAction::Run {
        dry_run,
        days,
        verbose,
    } = a.action;
    let Some(days) = days.or(settings.retention_days) else {
        bail!(
            "no retention period: set retention_days in the configuration, \
             DRAGNET_RETENTION_DAYS, or pass --days"
        );
    };
    let store = open_store(settings).await?;
    let policy = Retention {
        days,
        uploads_dir: Some(super::data_dir(settings).join("uploads")),
        actor: format!(
            "cli:{}",
            std::env::var("USER").unwrap_or_else(|_| "unknown".into())
        ),
    };
    let bar = crate::progress::Progress::new(None, if dry_run { "checking" } else { "erasing" });
    let verb = if dry_run { "would erase" } else { "erasing" };
    let outcome = run_pass(
        &store,
        &policy,
        chrono::Utc::now(),
        dry_run,
        |done, _| bar.set(done),
        |source, id, dated| {
            if verbose {
                println!("{verb} {source}/{id} (dated {dated})");
            }
        },
    )
    .await?;
    bar.finish();
    if dry_run {
        println!(
            "{} reports hold personal data dated before {} ({} days); nothing was erased (dry run)",
            outcome.expired, outcome.cutoff, days
        );
    } else {
        println!(
            "erased the personal data of {} reports dated before {} ({} days); their indicators stay",
            outcome.erased, outcome.cutoff, days
        );
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
