//! Measures `stream` speed: `cargo run --release -p dragnet-gen --example throughput [reports]`.
//! Serialises every report and truth row to JSON (as the CLI does) so the figure includes it.
use std::time::Instant;

fn main() {
    let victims: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let cfg = dragnet_gen::GenConfig::new(victims, 1);
    let started = Instant::now();
    let (mut reports, mut bytes) = (0usize, 0usize);
    for (r, t) in dragnet_gen::stream(&cfg) {
        bytes += serde_json::to_string(&r).map_or(0, |s| s.len());
        bytes += serde_json::to_string(&t).map_or(0, |s| s.len());
        reports += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let bare = dragnet_gen::stream(&cfg).count();
    let bare_secs = started.elapsed().as_secs_f64();
    println!(
        "generation only: {bare} reports in {bare_secs:.2} s: {:.0} reports/s",
        bare as f64 / bare_secs
    );
    println!(
        "with JSON: {reports} reports ({victims} victims, {} operations) in {secs:.2} s: {:.0} reports/s, {:.1} MB of JSON",
        cfg.operation_count(),
        reports as f64 / secs,
        bytes as f64 / 1e6
    );
}
