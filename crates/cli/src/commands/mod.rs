//! The subcommands. Each module owns one, with its arguments and its `run`.

mod accounts;
mod case;
mod check;
mod clusters;
mod demo;
mod export;
mod extract;
mod generate;
mod import;
mod overlap;
mod pull;
mod referral;
mod retention;
mod serve;
mod taxii;

use crate::config::Settings;
use anyhow::Context;
use clap::Subcommand;
use dragnet_store::{DataKey, Operations, ReportStore, SqlStore};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import reports from JSON Lines or CSV files (FORMATS.md §1).
    Import(import::ImportArgs),
    /// Serve the API (and pages) over HTTP.
    Serve(serve::ServeArgs),
    /// Write a realistic generated scenario (reports and ground truth) to a directory.
    Generate(generate::GenerateArgs),
    /// Generate ~2,000 victims' reports, import them into a fresh store and serve them.
    Demo(demo::DemoArgs),
    /// List operations (clusters of reports), explain links, rebuild (FORMATS.md §3).
    Clusters(clusters::ClustersArgs),
    /// Is this a scam? Check a phone number, link, e-mail, remote-access ID, wallet, IBAN,
    /// a text or a saved page.
    Check(check::CheckArgs),
    /// Export operations as STIX 2.1 or as blocklists.
    Export(export::ExportArgs),
    /// Manage organisations.
    Org(accounts::OrgArgs),
    /// Manage users.
    User(accounts::UserArgs),
    /// Create and revoke API tokens.
    Token(accounts::TokenArgs),
    /// Erase the victim's personal data of a report (keeps its indicators).
    Erase(accounts::EraseArgs),
    /// Print the indicators found in text or reports (FORMATS.md §2).
    Extract(extract::ExtractArgs),
    /// Pull a partner's TAXII 2.1 collection (incrementally) as shared intelligence.
    Pull(pull::PullArgs),
    /// Private overlap with a partner's Dragnet server: how many victims or indicators you
    /// share, without revealing the rest (PSI).
    Overlap(overlap::OverlapArgs),
    /// TAXII 2.1 collections: publish the organisation's intelligence.
    Taxii(taxii::TaxiiArgs),
    /// Erase victims' personal data older than the retention period (keeps indicators).
    Retention(retention::RetentionArgs),
    /// Referral cases: open from operations, refer, record outcomes (docs/REFERRALS.md).
    Case(case::CaseArgs),
    /// Build a case's signed evidence package, or verify one.
    Referral(referral::ReferralArgs),
}

pub async fn run(command: Command, settings: Settings) -> anyhow::Result<ExitCode> {
    match command {
        Command::Import(a) => import::run(a, &settings).await,
        Command::Serve(a) => serve::run(a, &settings).await,
        Command::Generate(a) => generate::run(a),
        Command::Demo(a) => demo::run(a, &settings).await,
        Command::Extract(a) => extract::run(a),
        Command::Clusters(a) => clusters::run(a, &settings).await,
        Command::Org(a) => accounts::org(a, &settings).await,
        Command::Check(a) => check::run(a, &settings).await,
        Command::Export(a) => export::run(a, &settings).await,
        Command::User(a) => accounts::user(a, &settings).await,
        Command::Token(a) => accounts::token(a, &settings).await,
        Command::Erase(a) => accounts::erase(a, &settings).await,
        Command::Pull(a) => pull::run(a, &settings).await,
        Command::Overlap(a) => overlap::run(a, &settings).await,
        Command::Taxii(a) => taxii::run(a, &settings).await,
        Command::Retention(a) => retention::run(a, &settings).await,
        Command::Case(a) => case::run(a, &settings).await,
        Command::Referral(a) => referral::run(a, &settings).await,
    }
}

/// Loads the operations by replaying the store, with progress on a terminal.
pub async fn load_operations(store: &dyn ReportStore) -> anyhow::Result<Operations> {
    let total = store.count_reports().await?;
    let bar = crate::progress::Progress::new(Some(total as u64), "linking");
    let ops = Operations::load(store, dragnet_cluster::Policy::default(), |done| {
        bar.set(done)
    })
    .await?;
    bar.finish();
    Ok(ops)
}

/// [`load_operations`] for the commands that write (`serve`, `import`): on PostgreSQL, where
/// several processes may share the database, the shared mode (one correlation worker, the
/// others following the stored order); `holder` names this process in the worker record.
pub async fn load_operations_for_writing(
    store: &SqlStore,
    holder: &str,
) -> anyhow::Result<Operations> {
    if store.backend() != dragnet_store::Backend::Postgres {
        return load_operations(store).await;
    }
    let total = store.count_reports().await?;
    let bar = crate::progress::Progress::new(Some(total as u64), "linking");
    let holder = format!("{holder} (pid {})", std::process::id());
    let ops = Operations::load_shared(
        std::sync::Arc::new(store.clone()),
        dragnet_cluster::Policy::default(),
        holder,
        |done| bar.set(done),
    )
    .await?;
    bar.finish();
    Ok(ops)
}

/// Where files beside the database live: the SQLite file's directory, else the default
/// data directory.
pub fn data_dir(settings: &Settings) -> std::path::PathBuf {
    crate::config::data_dir(settings.database_url.expose())
}

/// Opens the configured store, creating the data directory and key file on first use.
pub async fn open_store(settings: &Settings) -> anyhow::Result<SqlStore> {
    let url = settings.database_url.expose();
    if let Some(path) = crate::config::sqlite_file(url) {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        }
        if settings.database_is_default {
            tracing::info!(path = %path.display(), "using the default SQLite database");
        }
    }
    let key = match &settings.data_key {
        Some(k) => DataKey::from_base64(k.expose()).context("DRAGNET_DATA_KEY")?,
        None => {
            if let Some(dir) = settings
                .key_file
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir).ok();
            }
            let (key, created) = DataKey::load_or_create(&settings.key_file)?;
            if created {
                tracing::warn!(
                    path = %settings.key_file.display(),
                    "created a new data key; back it up: without it victims' personal data cannot be read"
                );
            }
            key
        }
    };
    Ok(SqlStore::open(url, key).await?)
}
