//! `dragnet demo`: a realistic data set, imported into a fresh store and served.

use super::generate::write_scenario;
use super::import::{Owners, import_files};
use crate::config::Settings;
use crate::input::Format;
use anyhow::Context;
use clap::Args;
use dragnet_store::accounts::{generate_password, hash_password};
use dragnet_store::{AccountStore, DataKey, ReportStore, Role, SqlStore};
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
    for stale in ["demo.db", "demo.db-wal", "demo.db-shm", "dragnet.key"] {
        let _ = std::fs::remove_file(dir.join(stale));
    }
    eprintln!(
        "generating {} victims' reports (seed {}) in {}",
        a.victims,
        a.seed,
        dir.display()
    );
    let n = write_scenario(&dir, a.victims, a.seed, None)?;
    // The key sits beside the database (where every command looks for it), so the CLI
    // works on the demo's store too: `dragnet --db DIR/demo.db case open …`.
    let (key, _) = DataKey::load_or_create(&dir.join("dragnet.key"))?;
    let store = SqlStore::open(&db.display().to_string(), key).await?;
    // One organisation per source, each with an analyst; and an admin.
    let mut owners = Owners::default();
    let mut logins = Vec::new();
    for source in ["microsoft-dcu", "amazon", "cert-de"] {
        let org = store.create_org(source).await?;
        owners.by_source.insert(source.to_string(), org.id);
        let email = format!("analyst@{source}.demo");
        let password = generate_password();
        store
            .create_user(org.id, &email, Role::Analyst, &hash_password(&password)?)
            .await?;
        logins.push((email, password));
    }
    let ops_org = store.create_org("dragnet-ops").await?;
    let password = generate_password();
    store
        .create_user(
            ops_org.id,
            "admin@dragnet.demo",
            Role::Admin,
            &hash_password(&password)?,
        )
        .await?;
    logins.push(("admin@dragnet.demo".into(), password));

    let reports = dir.join("reports.jsonl").display().to_string();
    let operations = std::sync::Arc::new(dragnet_store::Operations::new(
        dragnet_cluster::Policy::default(),
    ));
    let s = import_files(
        &store,
        owners,
        &operations,
        &[reports],
        Format::Jsonl,
        "demo",
        super::import::BATCH,
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
    let (ops, shared) = {
        let engine = operations.read();
        let all = engine.summaries(2);
        let shared = all.iter().filter(|c| c.is_shared()).count();
        (all.len(), shared)
    };
    super::serve::serve_store(store, operations, &a.listen, settings, |url| {
        println!("Dragnet demo: {total} reports, {ops} operations ({shared} seen by more than one company)");
        println!("  serving at {url}  (Ctrl-C to stop)");
        println!("  analyst workspace: {url}/app  (sign in with a login below)");
        println!("  logins (password shown once):");
        for (email, password) in &logins {
            println!("    {email}  {password}");
        }
        let (email, password) = &logins[0];
        println!("  try: curl -u '{email}:{password}' '{url}/api/v1/clusters?shared=true'");
        println!(
            "  the CLI works on this store too: dragnet --db {} clusters --shared",
            db.display()
        );
    })
    .await?;
    Ok(ExitCode::SUCCESS)
}
