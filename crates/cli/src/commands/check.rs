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
}

pub async fn run(a: CheckArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let lang = Lang::from_tag(&a.lang);
    let region = match &a.country {
        Some(c) => Some(Country::parse(c).map_err(|e| anyhow::anyhow!("--country: {e}"))?),
        None => None,
    };
    let operations = if a.offline || !database_exists(settings) {
        None
    } else {
        let store = open_store(settings).await?;
        Some(load_operations(&store).await?)
    };
    let check = |input: &CheckInput| -> Result<Verdict, String> {
        let result = match &operations {
            Some(ops) => {
                let engine = ops.lock();
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
        let reader: Box<dyn BufRead> = if batch == "-" {
            Box::new(BufReader::new(std::io::stdin()))
        } else {
            Box::new(BufReader::new(
                std::fs::File::open(batch).with_context(|| format!("cannot open {batch}"))?,
            ))
        };
        for (n, line) in reader.split(b'\n').enumerate() {
            let line = line.with_context(|| format!("{batch}: line {}", n + 1))?;
            let value = String::from_utf8_lossy(&line).trim().to_string();
            let v = if value.is_empty() {
                serde_json::json!({"line": n + 1, "error": "empty line"})
            } else {
                match check(&CheckInput::Value(value.clone())) {
                    Ok(verdict) => {
                        let mut v = serde_json::to_value(&verdict)?;
                        v["line"] = (n + 1).into();
                        v["input"] = value.into();
                        v
                    }
                    Err(e) => serde_json::json!({"line": n + 1, "input": value, "error": e}),
                }
            };
            serde_json::to_writer(&mut out, &v)?;
            out.write_all(b"\n")?;
        }
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
    serde_json::to_writer_pretty(&mut out, &verdict)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn database_exists(settings: &Settings) -> bool {
    let url = settings.database_url.expose();
    if url.starts_with("postgres") {
        return true;
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    std::path::Path::new(path.split('?').next().unwrap_or(path)).exists()
}
