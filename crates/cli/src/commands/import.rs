//! `dragnet import`: loads report files into the store.
//!
//! Files are read, parsed and extracted on a blocking thread that hands batches to the
//! async side, which commits each batch in one transaction. A batch is acknowledged (and
//! counted) only once committed; because (source, id) is unique, re-running an interrupted
//! import stores every report exactly once. Bad lines are counted and reported with file,
//! line, field and reason; the first few on screen, all of them in `--rejects`.

use super::{load_operations_for_writing, open_store};
use crate::config::Settings;
use crate::input::{self, Format};
use crate::progress::Progress;
use anyhow::Context;
use clap::Args;
use dragnet_extract::Extractor;
use dragnet_store::{AccountStore, Inserted, NewReport, Operations, ReportStore};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use std::sync::atomic::Ordering;
use std::time::Instant;

/// How many rejected lines are printed on screen (all go to `--rejects`).
const SHOWN_REJECTS: usize = 10;
const BATCH: usize = 1000;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to import (`-` for stdin); `.gz` is decompressed transparently.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Input format; by default from the file name (.csv is CSV, else JSON Lines).
    #[arg(long, value_enum, default_value = "auto")]
    pub format: Format,
    /// Write every rejected line as JSON Lines (file, line, field, reason) to this path.
    #[arg(long, value_name = "PATH")]
    pub rejects: Option<PathBuf>,
    /// Source recorded for reports that name none.
    #[arg(long)]
    pub source: Option<String>,
    /// Organisation that received these reports and owns their victims' data.
    #[arg(long)]
    pub org: Option<String>,
    /// Exit with status 1 when any line was rejected.
    #[arg(long)]
    pub strict: bool,
    /// TLP 2.0 marking of these contributions: clear, green, amber, amber+strict, red
    /// (default: `default_tlp` of the configuration, else amber). docs/SHARING.md.
    #[arg(long, value_parser = |s: &str| s.parse::<dragnet_share::Tlp>())]
    pub tlp: Option<dragnet_share::Tlp>,
}

/// A rejected line.
#[derive(Debug, serde::Serialize)]
pub struct Reject {
    file: String,
    line: u64,
    field: String,
    reason: String,
}

enum Msg {
    Batch(Vec<NewReport>),
    Reject(Reject),
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub imported: u64,
    pub duplicates: u64,
    pub rejected: u64,
}

pub async fn run(a: ImportArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    if matches!(a.format, Format::Stix | Format::Misp) {
        let misp = matches!(a.format, Format::Misp);
        return super::pull::import_files(&a.files, misp, a.org.as_deref(), settings).await;
    }
    let store = open_store(settings).await?;
    let source = a
        .source
        .clone()
        .unwrap_or_else(|| settings.default_source.clone());
    let mut rejects_out = match &a.rejects {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => None,
    };
    let started = Instant::now();
    let mut owners = match &a.org {
        Some(name) => Owners {
            default: Some(
                store
                    .org_by_name(name)
                    .await?
                    .with_context(|| {
                        format!("no organisation `{name}` (create it with `dragnet org add`)")
                    })?
                    .id,
            ),
            ..Owners::default()
        },
        None => Owners::default(),
    };
    owners.tlp = a.tlp.or(settings.default_tlp);
    let operations = load_operations_for_writing(&store, "dragnet import").await?;
    let summary = import_files(
        &store,
        owners,
        &operations,
        &a.files,
        a.format,
        &source,
        |r| {
            if let Some(out) = rejects_out.as_mut() {
                serde_json::to_writer(&mut *out, r)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        },
    )
    .await?;
    if let Some(mut out) = rejects_out {
        out.flush()?;
    }
    store.close().await;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "imported {}, duplicates skipped {}, rejected {} ({:.1} s, {:.0} reports/s)",
        summary.imported,
        summary.duplicates,
        summary.rejected,
        secs,
        (summary.imported + summary.duplicates) as f64 / secs.max(1e-9)
    );
    if summary.rejected > SHOWN_REJECTS as u64 && a.rejects.is_none() {
        eprintln!(
            "({} more rejected lines not shown: use --rejects PATH)",
            summary.rejected - SHOWN_REJECTS as u64
        );
    }
    Ok(if a.strict && summary.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Imports files into `store`, calling `on_reject` for every bad line. Shared by
/// `import` and `demo`.
/// Which organisation owns an imported report: by its source, else the default.
#[derive(Debug, Clone, Default)]
pub struct Owners {
    pub by_source: std::collections::HashMap<String, i64>,
    pub default: Option<i64>,
    /// TLP marking of every imported report (`None`: amber).
    pub tlp: Option<dragnet_share::Tlp>,
}

impl Owners {
    fn of(&self, source: &str) -> Option<i64> {
        self.by_source.get(source).copied().or(self.default)
    }
}

pub async fn import_files(
    store: &dyn ReportStore,
    owners: Owners,
    operations: &Operations,
    files: &[String],
    format: Format,
    default_source: &str,
    mut on_reject: impl FnMut(&Reject) -> anyhow::Result<()>,
) -> anyhow::Result<Summary> {
    // Open everything first: a missing file fails before anything is imported.
    let mut sources = Vec::new();
    for f in files {
        sources.push(input::open(f, format).with_context(|| format!("cannot open {f}"))?);
    }
    let total: Option<u64> = sources.iter().map(|s| s.total_bytes).sum();
    let counters: Vec<_> = sources.iter().map(|s| s.read_bytes.clone()).collect();
    let progress = Progress::new(total, "importing bytes");

    let (tx, mut rx) = tokio::sync::mpsc::channel::<Msg>(4);
    let default_source = default_source.to_string();
    let reader = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let extractor = Extractor::new();
        for src in sources {
            let name = src.name.clone();
            let mut batch = Vec::with_capacity(BATCH);
            src.for_each(|item| {
                match item.result {
                    Ok(input) => {
                        let ex = extractor.extract_report(&input);
                        let r = NewReport::new(input, ex.indicators, &default_source);
                        let owner = owners.of(&r.source);
                        let r = match owners.tlp {
                            Some(t) => r.marked(t.as_str()),
                            None => r,
                        };
                        batch.push(r.owned_by(owner));
                        if batch.len() >= BATCH {
                            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                            tx.blocking_send(Msg::Batch(full))
                                .context("importer stopped")?;
                        }
                    }
                    Err(e) => tx
                        .blocking_send(Msg::Reject(Reject {
                            file: name.clone(),
                            line: item.line,
                            field: e.field,
                            reason: e.reason,
                        }))
                        .context("importer stopped")?,
                }
                Ok(())
            })
            .with_context(|| format!("reading {name}"))?;
            if !batch.is_empty() {
                tx.blocking_send(Msg::Batch(batch))
                    .context("importer stopped")?;
            }
        }
        Ok(())
    });

    let mut s = Summary::default();
    while let Some(msg) = rx.recv().await {
        match msg {
            Msg::Batch(batch) => {
                let outcome = operations
                    .store_and_link(store, &batch)
                    .await
                    .map_err(with_rerun_hint)?;
                for o in outcome {
                    match o {
                        Inserted::New(_) => s.imported += 1,
                        Inserted::Duplicate => s.duplicates += 1,
                    }
                }
            }
            Msg::Reject(r) => {
                s.rejected += 1;
                if s.rejected <= SHOWN_REJECTS as u64 {
                    progress.println(&format!("{}:{}: {}: {}", r.file, r.line, r.field, r.reason));
                }
                on_reject(&r)?;
            }
        }
        let read: u64 = counters.iter().map(|c| c.load(Ordering::Relaxed)).sum();
        progress.set_with(read, || {
            format!(
                "imported {} dup {} rejected {}",
                s.imported, s.duplicates, s.rejected
            )
        });
    }
    reader.await.context("the reader thread failed")??;
    progress.finish();
    Ok(s)
}

/// Disk full or read-only: say what happened to the batch and how to carry on.
fn with_rerun_hint(e: dragnet_store::StoreError) -> anyhow::Error {
    use dragnet_store::StoreError as E;
    match e {
        E::DiskFull(_) | E::ReadOnly(_) | E::Unavailable(_) => anyhow::anyhow!(
            "{e}. The batch being written was not stored; earlier batches were. \
             Once the database can be written again, run the same import again: reports \
             already stored are skipped"
        ),
        other => other.into(),
    }
}
