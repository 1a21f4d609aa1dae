//! `dragnet demo`: a realistic data set, imported into a fresh store and served.

use super::generate::write_scenario;
use super::import::import_files;
use crate::config::Settings;
use crate::input::Format;
use anyhow::Context;
use clap::Args;
use dragnet_store::{DataKey, ReportStore, SqlStore};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Number of victims to generate.
    #[arg(long, default_value_t = 2000)]
    pub victims: usize,
    /// Random seed of the scenario.
    #[arg(long, default_value_t = 2023)]
    pub seed: u64,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: String,
    /// Directory for the demo's files (default: a new temporary directory).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<std::path::PathBuf>,
}

pub async fn run(a: DemoArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let dir = match a.dir {
        Some(d) => d,
        None => std::env::temp_dir().join(format!("dragnet-demo-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let db = dir.join("demo.db");
    for stale in ["demo.db", "demo.db-wal", "demo.db-shm"] {
        let _ = std::fs::remove_file(dir.join(stale));
    }
    eprintln!(
        "generating {} victims' reports (seed {}) in {}",
        a.victims,
        a.seed,
        dir.display()
    );
    let n = write_scenario(&dir, a.victims, a.seed, None)?;
    let store = SqlStore::open(&db.display().to_string(), DataKey::generate()).await?;
    let reports = dir.join("reports.jsonl").display().to_string();
    let operations = dragnet_store::Operations::new(dragnet_cluster::Policy::default());
    let s = import_files(
        &store,
        &operations,
        &[reports],
        Format::Jsonl,
        "demo",
        |_| Ok(()),
    )
    .await?;
    eprintln!(
        "imported {} of {n} reports ({} duplicates, {} rejected) into {}",
        s.imported,
        s.duplicates,
        s.rejected,
        db.display()
    );
    let total = store.count_reports().await?;
    super::serve::serve_store(store, operations, &a.listen, settings, |url| {
        println!("Dragnet demo: {total} reports at {url}  (Ctrl-C to stop)");
        println!("  try: curl {url}/api/v1/reports/MS-2023-000001?source=microsoft-dcu");
    })
    .await?;
    Ok(ExitCode::SUCCESS)
}
