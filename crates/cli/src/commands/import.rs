//! `dragnet import`: loads report files into the store.
//!
//! Files are read on one thread and parsed, validated, extracted and prepared for storage
//! on worker threads (one per core); the async side puts the work back in input order and
//! commits each batch in one transaction, with its operations: each batch is linked (on a
//! thread of its own) while the batch before it is written. A batch is acknowledged (and
//! counted) only once committed; because (source, id) is unique, re-running an interrupted
//! import stores every report exactly once. Bad lines are counted and reported with file,
//! line, field and reason; the first few on screen, all of them in `--rejects`.

use super::{load_operations_for_writing, open_store};
use crate::config::Settings;
use crate::input::{self, Format};
use crate::progress::Progress;
use anyhow::Context;
use clap::Args;
use dragnet_store::{AccountStore, Inserted, NewReport, Operations, ReportStore};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// How many rejected lines are printed on screen (all go to `--rejects`).
const SHOWN_REJECTS: usize = 10;
/// Reports per transaction by default. Each commit writes every index page the batch
/// touched to the WAL (and later to the database), and the indexes of operations, events,
/// indicator values and links are written in random order, so a small batch rewrites much
/// the same pages again and again: 1M generated reports wrote ~9.7 GB with batches of
/// 5,000. Measured (1,029,978 reports, pipelined writer): 5,000 65-66 s, 20,000 53.7 s,
/// 40,000 48.8 s at 1.6 GiB peak memory. A crash loses at most the batches not yet
/// committed (two), which a re-run stores.
pub const BATCH: usize = 40_000;

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
    /// Reports per transaction (a crash loses at most the batches not yet committed; a re-run
    /// stores them).
    #[arg(long, default_value_t = BATCH, value_parser = batch_size)]
    pub batch_size: usize,
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
    let operations = Arc::new(load_operations_for_writing(&store, "dragnet import").await?);
    let summary = import_files(
        &store,
        owners,
        &operations,
        &a.files,
        a.format,
        &source,
        a.batch_size,
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

// The import's inputs, as `import` and `demo` pass them; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub async fn import_files(
    store: &dyn ReportStore,
    owners: Owners,
    operations: &Arc<Operations>,
    files: &[String],
    format: Format,
    default_source: &str,
    batch_size: usize,
    mut on_reject: impl FnMut(&Reject) -> anyhow::Result<()>,
) -> anyhow::Result<Summary> {
    let batch_size = batch_size.max(1);
    // Open everything first: a missing file fails before anything is imported.
    let mut sources = Vec::new();
    for f in files {
        sources.push(input::open(f, format).with_context(|| format!("cannot open {f}"))?);
    }
    let total: Option<u64> = sources.iter().map(|s| s.total_bytes).sum();
    let counters: Vec<_> = sources.iter().map(|s| s.read_bytes.clone()).collect();
    let progress = Progress::new(total, "importing bytes");

    // The pipeline: one reader thread cuts the files into numbered chunks of lines; worker
    // threads (one per core) parse, validate, extract and prepare them (sealing, victim
    // hash, JSON); this task puts the chunks back in input order and is the single writer
    // that commits batches and links them. Channels are bounded, so memory stays flat
    // whatever the file size.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<Chunk>(workers * 2);
    let work_rx = Arc::new(Mutex::new(work_rx));
    // Room for about one batch of finished work while a batch is being written.
    let (done_tx, mut done_rx) =
        tokio::sync::mpsc::channel::<Done>(batch_size.div_ceil(CHUNK) + workers);
    let reader = std::thread::spawn(move || read_chunks(sources, work_tx));
    let shared = Arc::new(Prep {
        owners,
        default_source: default_source.to_string(),
        key: store.as_sql().map(|s| s.key().clone()),
    });
    let mut pool = Vec::with_capacity(workers);
    for _ in 0..workers {
        let (rx, tx, shared) = (work_rx.clone(), done_tx.clone(), shared.clone());
        pool.push(std::thread::spawn(move || {
            prepare_chunks(&rx, &tx, &shared)
        }));
    }
    drop(done_tx);

    let mut s = Summary::default();
    let mut waiting: BTreeMap<u64, Vec<Out>> = BTreeMap::new();
    let mut next = 0u64;
    let mut batch: Vec<NewReport> = Vec::with_capacity(batch_size);
    // Each batch is linked while the one before it is written.
    let mut writer = operations.batch_writer(store).await;
    while let Some(done) = done_rx.recv().await {
        waiting.insert(done.seq, done.out);
        while let Some(out) = waiting.remove(&next) {
            next += 1;
            for o in out {
                match o {
                    Out::Report(r) => {
                        batch.push(*r);
                        if batch.len() >= batch_size {
                            let full =
                                std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                            let written = writer.push(store, full).await;
                            count(written.map_err(with_rerun_hint)?, &mut s);
                        }
                    }
                    Out::Reject(r) => {
                        s.rejected += 1;
                        if s.rejected <= SHOWN_REJECTS as u64 {
                            progress.println(&format!(
                                "{}:{}: {}: {}",
                                r.file, r.line, r.field, r.reason
                            ));
                        }
                        on_reject(&r)?;
                    }
                }
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
    // The reader stopped (at the end, or on a read error): what was read before is stored
    // before the error is reported.
    if !batch.is_empty() {
        count(
            writer.push(store, batch).await.map_err(with_rerun_hint)?,
            &mut s,
        );
    }
    count(writer.finish(store).await.map_err(with_rerun_hint)?, &mut s);
    for w in pool {
        w.join()
            .map_err(|_| anyhow::anyhow!("a worker thread of the importer failed"))?;
    }
    reader
        .join()
        .map_err(|_| anyhow::anyhow!("the reader thread failed"))??;
    progress.finish();
    Ok(s)
}

/// Lines per unit of work handed to a worker thread.
const CHUNK: usize = 256;

/// Consecutive lines of one file, numbered in input order.
struct Chunk {
    seq: u64,
    file: Arc<str>,
    items: Vec<input::Item>,
}

/// A chunk done: its reports and rejected lines, in line order.
struct Done {
    seq: u64,
    out: Vec<Out>,
}

enum Out {
    Report(Box<NewReport>),
    Reject(Reject),
}

/// What the worker threads share.
struct Prep {
    owners: Owners,
    default_source: String,
    /// The store's data key, to seal and hash ahead of the writer (SQL stores).
    key: Option<dragnet_store::DataKey>,
}

/// The reader thread: every file, in order, cut into chunks.
fn read_chunks(
    sources: Vec<input::Source>,
    work: std::sync::mpsc::SyncSender<Chunk>,
) -> anyhow::Result<()> {
    let mut seq = 0u64;
    for src in sources {
        let file: Arc<str> = src.name.as_str().into();
        let mut items = Vec::with_capacity(CHUNK);
        let mut send = |items: Vec<input::Item>| -> anyhow::Result<()> {
            work.send(Chunk {
                seq,
                file: file.clone(),
                items,
            })
            .map_err(|_| anyhow::anyhow!("importer stopped"))?;
            seq += 1;
            Ok(())
        };
        let read = src.for_each(|item| {
            items.push(item);
            if items.len() >= CHUNK {
                send(std::mem::replace(&mut items, Vec::with_capacity(CHUNK)))?;
            }
            Ok(())
        });
        // Lines read before an I/O error are imported too.
        if !items.is_empty() {
            send(items)?;
        }
        read.with_context(|| format!("reading {file}"))?;
    }
    Ok(())
}

/// A worker thread: parses, validates, extracts and prepares chunks until there are none.
fn prepare_chunks(
    work: &Mutex<std::sync::mpsc::Receiver<Chunk>>,
    done: &tokio::sync::mpsc::Sender<Done>,
    p: &Prep,
) {
    let extractor = dragnet_extract::shared();
    loop {
        let chunk = {
            let rx = work.lock().unwrap_or_else(|e| e.into_inner());
            rx.recv()
        };
        let Ok(chunk) = chunk else { return };
        let out = chunk
            .items
            .into_iter()
            .map(|item| {
                let line = item.line;
                match item.parse() {
                    Ok(input) => {
                        let ex = extractor.extract_report(&input);
                        let r = NewReport::new(input, ex.indicators, &p.default_source);
                        let owner = p.owners.of(&r.source);
                        let r = match p.owners.tlp {
                            Some(t) => r.marked(t.as_str()),
                            None => r,
                        };
                        let mut r = r.owned_by(owner);
                        if let Some(key) = &p.key {
                            r.prepare(key);
                        }
                        Out::Report(Box::new(r))
                    }
                    Err(e) => Out::Reject(Reject {
                        file: chunk.file.to_string(),
                        line,
                        field: e.field,
                        reason: e.reason,
                    }),
                }
            })
            .collect();
        if done
            .blocking_send(Done {
                seq: chunk.seq,
                out,
            })
            .is_err()
        {
            return;
        }
    }
}

/// Counts a batch once it is committed.
fn count(written: Option<(Vec<NewReport>, Vec<Inserted>)>, s: &mut Summary) {
    for o in written.iter().flat_map(|(_, outcome)| outcome) {
        match o {
            Inserted::New(_) => s.imported += 1,
            Inserted::Duplicate => s.duplicates += 1,
        }
    }
    // Freeing a written batch (40,000 reports, each several strings allocated by the
    // workers) took a tenth of the writer's time: the writer is the import's narrowest
    // stage, so another thread frees it.
    if let Some((batch, _)) = written {
        tokio::task::spawn_blocking(move || drop(batch));
    }
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

/// `--batch-size`: 1 to 100,000 reports per transaction.
fn batch_size(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        _ => Err(format!("`{s}` is not a number of reports from 1 to 100000")),
    }
}
