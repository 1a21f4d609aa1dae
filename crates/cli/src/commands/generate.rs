//! `dragnet generate`: writes a generated scenario (reports, ground truth, operations).

use anyhow::Context;
use clap::Args;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of victims (roughly the number of reports, before duplicates and noise).
    #[arg(long, default_value_t = 2000)]
    pub victims: usize,
    /// Random seed: the same seed gives the same files byte for byte.
    #[arg(long, default_value_t = 2023)]
    pub seed: u64,
    /// Number of operations (default: scaled with the number of victims).
    #[arg(long)]
    pub operations: Option<usize>,
    /// Output directory (created): reports.jsonl, truth.jsonl, and operations.json (up to
    /// 200,000 victims; larger scenarios are streamed without it).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(a: GenerateArgs) -> anyhow::Result<ExitCode> {
    let n = write_scenario(&a.out, a.victims, a.seed, a.operations)?;
    eprintln!(
        "wrote {n} reports to {}, ground truth to {}",
        a.out.join("reports.jsonl").display(),
        a.out.join("truth.jsonl").display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Above this many victims the scenario is streamed to disk (operations.json omitted).
const STREAM_ABOVE: usize = 200_000;

/// Writes the scenario files and returns the number of reports.
pub fn write_scenario(
    out: &Path,
    victims: usize,
    seed: u64,
    operations: Option<usize>,
) -> anyhow::Result<usize> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let cfg = dragnet_gen::GenConfig {
        victims,
        seed,
        operations,
        ..Default::default()
    };
    let mut reports = BufWriter::new(std::fs::File::create(out.join("reports.jsonl"))?);
    let mut truth = BufWriter::new(std::fs::File::create(out.join("truth.jsonl"))?);
    if victims > STREAM_ABOVE {
        // Large scenarios are streamed: memory stays flat; operations.json is not written.
        let progress = crate::progress::Progress::new(Some(victims as u64), "generating");
        let mut n = 0usize;
        for (r, t) in dragnet_gen::stream(&cfg) {
            serde_json::to_writer(&mut reports, &r)?;
            reports.write_all(b"\n")?;
            serde_json::to_writer(&mut truth, &t)?;
            truth.write_all(b"\n")?;
            n += 1;
            if n.is_multiple_of(10_000) {
                progress.set(n as u64);
            }
        }
        progress.finish();
        reports.flush()?;
        truth.flush()?;
        let _ = std::fs::remove_file(out.join("operations.json"));
        return Ok(n);
    }
    let scenario = dragnet_gen::generate(&cfg);
    for r in &scenario.reports {
        serde_json::to_writer(&mut reports, r)?;
        reports.write_all(b"\n")?;
    }
    reports.flush()?;
    for t in &scenario.truth {
        serde_json::to_writer(&mut truth, t)?;
        truth.write_all(b"\n")?;
    }
    truth.flush()?;
    std::fs::write(
        out.join("operations.json"),
        serde_json::to_vec_pretty(&scenario.operations)?,
    )?;
    Ok(scenario.reports.len())
}
