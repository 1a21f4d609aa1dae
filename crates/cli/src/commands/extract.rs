//! `dragnet extract`: prints the indicators of each input line (FORMATS.md §2).

use anyhow::Context;
use clap::{Args, ValueEnum};
use dragnet_core::{Country, ReportInput};
use dragnet_extract::{Context as ExtractContext, Extractor};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InputKind {
    /// One narrative per line.
    Text,
    /// One report (FORMATS.md §1 JSON) per line.
    Report,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Input file, or `-` for stdin.
    #[arg(default_value = "-")]
    pub file: String,
    /// What each input line is.
    #[arg(long, value_enum, default_value = "text")]
    pub input: InputKind,
    /// Default region for national phone numbers in text input (ISO 3166-1, e.g. DE).
    #[arg(long)]
    pub country: Option<String>,
}

pub fn run(a: ExtractArgs) -> anyhow::Result<ExitCode> {
    let default_region = match &a.country {
        Some(c) => Some(Country::parse(c).map_err(|e| anyhow::anyhow!("--country: {e}"))?),
        None => None,
    };
    let reader: Box<dyn BufRead> = if a.file == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        Box::new(BufReader::new(
            std::fs::File::open(&a.file).with_context(|| format!("cannot open {}", a.file))?,
        ))
    };
    let extractor = Extractor::new();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    for (n, line) in reader.split(b'\n').enumerate() {
        let line_no = n + 1;
        let bytes = line.with_context(|| format!("{}: reading line {line_no}", a.file))?;
        let text = String::from_utf8_lossy(&bytes);
        let value = match a.input {
            InputKind::Text => {
                let ctx = ExtractContext { default_region };
                let found = extractor.extract_text(&text, &ctx);
                serde_json::json!({"line": line_no, "indicators": found})
            }
            InputKind::Report => match ReportInput::from_json_line(text.trim()) {
                Ok(r) => {
                    let ex = extractor.extract_report(&r);
                    serde_json::json!({"line": line_no, "id": r.id, "indicators": ex.indicators})
                }
                Err(e) => {
                    failed = true;
                    eprintln!("{}:{line_no}: {}: {}", a.file, e.field, e.reason);
                    serde_json::json!({"line": line_no, "error": e})
                }
            },
        };
        serde_json::to_writer(&mut out, &value)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
