//! Imports STIX 2.1 bundle files and prints what Dragnet makes of them: indicators (type,
//! normalised value, TLP, source) and rejected objects with their reasons.
//!
//!     cargo run -p dragnet-share --example stix_import -- bundle.json [more.json ...]

use dragnet_share::stix::import_bundle;

fn main() {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
                continue;
            }
        };
        match import_bundle(&text) {
            Ok(r) => {
                println!(
                    "{path}: {} indicators, {} rejected, {} other objects, {} revoked",
                    r.indicators.len(),
                    r.rejected.len(),
                    r.ignored,
                    r.revoked
                );
                for i in &r.indicators {
                    let tlp = i
                        .tlp
                        .map(|t| t.label())
                        .unwrap_or_else(|| "unmarked".into());
                    let source = i.source.as_deref().unwrap_or("-");
                    println!(
                        "  {} {} [{tlp}] from {source}",
                        i.indicator.ty, i.indicator.value
                    );
                }
                for e in &r.rejected {
                    println!("  rejected: {e}");
                }
            }
            Err(e) => {
                println!("{path}: {e}");
                failed = true;
            }
        }
    }
    std::process::exit(i32::from(failed));
}
