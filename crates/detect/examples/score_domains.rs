//! Reads one domain per line on stdin and prints `domain<TAB>brand<TAB>techniques<TAB>score`
//! (`-` fields when nothing is imitated, `official` when the domain is held by a brand: its
//! official domains, and ccTLD versions for brands with `any_cctld`).
//! Used by `scripts/eval-detect`.
use std::io::{BufRead, Write};

use dragnet_detect::{Registry, Scorer};

fn main() -> std::io::Result<()> {
    let scorer = Scorer::new(Registry::builtin());
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let d = line.trim();
        if d.is_empty() {
            continue;
        }
        if dragnet_detect::parse_host(d).is_some_and(|h| scorer.held_by(&h).is_some()) {
            writeln!(out, "{d}\tofficial\t-\t0")?;
            continue;
        }
        match scorer.score(d) {
            Some(i) => {
                let t: Vec<&str> = i.techniques.iter().map(|t| t.as_str()).collect();
                writeln!(out, "{d}\t{}\t{}\t{:.2}", i.brand, t.join(","), i.score)?;
            }
            None => writeln!(out, "{d}\t-\t-\t0")?,
        }
    }
    Ok(())
}
