//! `dragnet check`: "is this a scam?" for a value, a text, a saved page, or a batch of values.
//!
//! Verdicts use what the store has seen when a database exists (its operations are loaded
//! once), else the built-in knowledge alone (`--offline` forces that). `--batch` reads one
//! value per line and writes one JSON verdict per line, in the same order.

use super::{load_operations, open_store};
use crate::config::Settings;
use anyhow::{Context, bail};
use clap::Args;
use dragnet_core::Country;
use dragnet_detect::json::Extra;
use dragnet_detect::{CheckInput, Detector, Lang, Matches, NoKnowledge, Verdict};

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A phone number, URL or domain, e-mail, remote-access ID, wallet or IBAN.
    pub value: Option<String>,
    /// Check free text (a message, an e-mail); the text is the argument, or stdin.
    #[arg(long, conflicts_with_all = ["page", "batch"])]
    pub text: bool,
    /// Check a saved HTML page (its scripts are not run).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["text", "batch"])]
    pub page: Option<String>,
    /// One value per line in (`-` for stdin), one JSON verdict per line out.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["text", "page"])]
    pub batch: Option<String>,
    /// Language of reasons and guidance: en, de, es, fr.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Country for phone numbers written without a country code (ISO 3166-1, e.g. DE).
    #[arg(long)]
    pub country: Option<String>,
    /// Do not consult the database, only built-in knowledge.
    #[arg(long)]
    pub offline: bool,
    /// Fetch the page at VALUE (a URL or domain) and analyse it too, under the server's limits
    /// and address rules (public http/https addresses only; see docs/DETECTION.md).
    #[arg(long, requires = "value", conflicts_with_all = ["text", "page", "batch"])]
    pub fetch: bool,
    /// Show partners' indicators this organisation pulled up to TLP:AMBER+STRICT, with their
    /// feeds (without it, only TLP:CLEAR ones; docs/SHARING.md, "Using pulled intelligence").
    #[arg(long)]
    pub org: Option<String>,
}

pub async fn run(a: CheckArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let lang = Lang::from_tag(&a.lang);
    let region = match &a.country {
        Some(c) => Some(Country::parse(c).map_err(|e| anyhow::anyhow!("--country: {e}"))?),
        None => None,
    };
    // Compiling the detector's and extractor's patterns takes a few hundred milliseconds:
    // done on another thread while the store's operations load.
    let warm = std::thread::spawn(warm_up);
    let (operations, partners) = if a.offline || !database_exists(settings) {
        (None, None)
    } else {
        let store = open_store(settings).await?;
        let viewer = match &a.org {
            Some(name) => dragnet_store::PartnerViewer::Org(
                super::pull::receiving_org(&store, Some(name)).await?.id,
            ),
            None => dragnet_store::PartnerViewer::Public,
        };
        let intel = dragnet_store::PartnerIntel::load(&store).await?;
        (Some(load_operations(&store).await?), Some((intel, viewer)))
    };
    // Partners' indicators the viewer may see, for the verdict's indicators.
    let partner_intel = |verdict: &Verdict| -> Vec<serde_json::Value> {
        match &partners {
            Some((intel, viewer)) if !intel.is_empty() => {
                dragnet_web::partner::for_keys(intel, *viewer, &dragnet_web::partner::keys(verdict))
            }
            _ => Vec::new(),
        }
    };
    let _ = warm.join();
    let check = |input: &CheckInput| -> Result<Verdict, String> {
        let result = match &operations {
            Some(ops) => {
                let engine = ops.read();
                let knowledge = |key: &str| {
                    let (reports, operations) = engine.key_matches(key);
                    Matches {
                        reports,
                        operations,
                    }
                };
                Detector::builtin().check_with(input, lang, region, &knowledge)
            }
            None => Detector::builtin().check_with(input, lang, region, &NoKnowledge),
        };
        result.map_err(|e| e.to_string())
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Some(batch) = &a.batch {
        let reader: Box<dyn BufRead + Send> = if batch == "-" {
            Box::new(BufReader::new(std::io::stdin()))
        } else {
            Box::new(BufReader::new(
                std::fs::File::open(batch).with_context(|| format!("cannot open {batch}"))?,
            ))
        };
        // Verdicts are computed on every core and written in input order: a worker takes the
        // next block of lines (reading them itself), computes its verdicts into a buffer from
        // a pool and hands it to this thread, which writes blocks in order. Workers wait when
        // they are MAX_AHEAD blocks ahead of the writer (a descheduled worker holds the others
        // back instead of letting finished blocks pile up); buffers are reused.
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        run_batch(reader, batch, workers, &check, &mut out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if a.fetch {
        // Invariant: clap's `requires = "value"`.
        let value = a.value.as_deref().unwrap_or_default();
        let url = dragnet_web::api::check::fetch_target(value)
            .map_err(|e| anyhow::anyhow!("{}", e.message))?;
        let policy = dragnet_web::fetch::FetchPolicy::default();
        let page = dragnet_web::fetch::fetch(&url, &policy)
            .await
            .with_context(|| format!("fetching {url}"))?;
        let verdict = match &operations {
            Some(ops) => {
                let engine = ops.read();
                let knowledge = |key: &str| {
                    let (reports, operations) = engine.key_matches(key);
                    Matches {
                        reports,
                        operations,
                    }
                };
                Detector::builtin().check_fetched(
                    &page.chain(),
                    &page.body,
                    lang,
                    region,
                    &knowledge,
                )
            }
            None => Detector::builtin().check_fetched(
                &page.chain(),
                &page.body,
                lang,
                region,
                &NoKnowledge,
            ),
        }
        .map_err(|e| anyhow::anyhow!(e.to_string()))?;
        let mut v = serde_json::to_value(&verdict)?;
        let entries = partner_intel(&verdict);
        if !entries.is_empty() {
            v["partner_intel"] = serde_json::Value::Array(entries);
        }
        v["fetched"] = serde_json::to_value(&page)?;
        serde_json::to_writer_pretty(&mut out, &v)?;
        out.write_all(b"\n")?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let input = if let Some(page) = &a.page {
        let bytes = std::fs::read(page).with_context(|| format!("cannot read {page}"))?;
        CheckInput::Page(String::from_utf8_lossy(&bytes).into_owned())
    } else if a.text {
        match &a.value {
            Some(t) => CheckInput::Text(t.clone()),
            None => {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .context("reading stdin")?;
                CheckInput::Text(s)
            }
        }
    } else {
        match &a.value {
            Some(v) => CheckInput::Value(v.clone()),
            None => bail!("give a VALUE, --text, --page FILE or --batch FILE (see --help)"),
        }
    };
    let verdict = check(&input).map_err(|e| anyhow::anyhow!(e))?;
    let entries = partner_intel(&verdict);
    if entries.is_empty() {
        serde_json::to_writer_pretty(&mut out, &verdict)?;
    } else {
        let mut v = serde_json::to_value(&verdict)?;
        v["partner_intel"] = serde_json::Value::Array(entries);
        serde_json::to_writer_pretty(&mut out, &v)?;
    }
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Lines a worker takes at a time.
const BATCH_BLOCK: usize = 256;
/// How many blocks a worker may be ahead of the block being written.
const MAX_AHEAD: usize = 64;

/// What the `--batch` workers share: the input, the next block's number, the first error.
struct Feed {
    lines: std::iter::Enumerate<std::io::Split<Box<dyn BufRead + Send>>>,
    next_block: usize,
    error: Option<anyhow::Error>,
    done: bool,
}

/// Blocks written so far (workers wait on it when too far ahead) and spare buffers.
struct Progress {
    written: usize,
    spare: Vec<Vec<u8>>,
    failed: bool,
}

/// `--batch`: verdicts of every line of `reader`, computed by `workers` threads, written to
/// `out` in input order.
fn run_batch(
    reader: Box<dyn BufRead + Send>,
    name: &str,
    workers: usize,
    check: &(dyn Fn(&CheckInput) -> Result<Verdict, String> + Sync),
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use std::sync::{Condvar, Mutex, mpsc};
    let feed = Mutex::new(Feed {
        lines: reader.split(b'\n').enumerate(),
        next_block: 0,
        error: None,
        done: false,
    });
    let progress = Mutex::new(Progress {
        written: 0,
        spare: Vec::new(),
        failed: false,
    });
    let moved = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, Vec<u8>)>();
    let written = std::thread::scope(|scope| -> anyhow::Result<()> {
        for _ in 0..workers.max(1) {
            let tx = tx.clone();
            let (feed, progress, moved) = (&feed, &progress, &moved);
            scope.spawn(move || {
                let mut block: Vec<(usize, String)> = Vec::with_capacity(BATCH_BLOCK);
                loop {
                    block.clear();
                    let index = {
                        let mut f = feed.lock().unwrap_or_else(|e| e.into_inner());
                        if f.done {
                            break;
                        }
                        while block.len() < BATCH_BLOCK {
                            match f.lines.next() {
                                Some((n, Ok(line))) => block.push((
                                    n + 1,
                                    String::from_utf8_lossy(&line).trim().to_string(),
                                )),
                                Some((n, Err(e))) => {
                                    f.error = Some(
                                        anyhow::Error::new(e)
                                            .context(format!("{name}: line {}", n + 1)),
                                    );
                                    f.done = true;
                                    break;
                                }
                                None => {
                                    f.done = true;
                                    break;
                                }
                            }
                        }
                        if block.is_empty() {
                            break;
                        }
                        f.next_block += 1;
                        f.next_block - 1
                    };
                    let buf = {
                        let mut p = progress.lock().unwrap_or_else(|e| e.into_inner());
                        while index >= p.written + MAX_AHEAD && !p.failed {
                            p = moved.wait(p).unwrap_or_else(|e| e.into_inner());
                        }
                        if p.failed {
                            break;
                        }
                        p.spare.pop().unwrap_or_default()
                    };
                    let buf = verdict_lines(&block, check, buf);
                    if tx.send((index, buf)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // This thread writes the blocks in order as they come.
        let mut pending: std::collections::BTreeMap<usize, Vec<u8>> = Default::default();
        let mut next = 0;
        for (index, buf) in rx {
            pending.insert(index, buf);
            while let Some(mut buf) = pending.remove(&next) {
                let w = out.write_all(&buf);
                buf.clear();
                next += 1;
                let mut p = progress.lock().unwrap_or_else(|e| e.into_inner());
                p.written = next;
                p.spare.push(buf);
                if w.is_err() {
                    p.failed = true;
                }
                drop(p);
                moved.notify_all();
                w?;
            }
        }
        Ok(())
    });
    let mut f = feed.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = f.error.take() {
        return Err(e);
    }
    written?;
    out.flush()?;
    Ok(())
}

/// Compiles what every check needs (detector, extractor, the phone metadata of the commonest
/// country codes) by checking one value of each kind.
fn warm_up() {
    let d = Detector::builtin();
    for v in [
        "+18885550147",
        "+442079460000",
        "+493012345678",
        "+33142685300",
        "+34912345678",
        "+61290000000",
        "+919876543210",
        "https://rnicrosoft-help.com/fix",
        "help@microsoft-support.com",
        "anydesk 123456789",
    ] {
        let _ = d.check(&CheckInput::Value(v.into()), Lang::En, &NoKnowledge);
    }
}

/// One JSON verdict line per input line (the input and its line number included).
fn verdict_lines(
    part: &[(usize, String)],
    check: &(dyn Fn(&CheckInput) -> Result<Verdict, String> + Sync),
    mut buf: Vec<u8>,
) -> Vec<u8> {
    buf.reserve(part.len() * 512);
    for (line, value) in part {
        let v = if value.is_empty() {
            serde_json::json!({"line": line, "error": "empty line"})
        } else {
            match check(&CheckInput::Value(value.clone())) {
                Ok(verdict) => {
                    // The bytes of `to_value` + the two members + `to_writer`, without the tree.
                    dragnet_detect::json::write_verdict(
                        &mut buf,
                        &verdict,
                        &[
                            ("line", Extra::U64(*line as u64)),
                            ("input", Extra::Str(value)),
                        ],
                    );
                    buf.push(b'\n');
                    continue;
                }
                Err(e) => serde_json::json!({"line": line, "input": value, "error": e}),
            }
        };
        // Invariant: a `Value` always serialises.
        let _ = serde_json::to_writer(&mut buf, &v);
        buf.push(b'\n');
    }
    buf
}

fn database_exists(settings: &Settings) -> bool {
    // PostgreSQL: assume it exists; opening it says otherwise clearly.
    crate::config::sqlite_file(settings.database_url.expose()).is_none_or(|p| p.exists())
}
