//! Precision and recall of the scam-language signals on the labelled set
//! (`data/labelled/*.jsonl`), per split and language. `--errors` lists misclassified items.
//! Used by `scripts/eval-detect`.
use dragnet_detect::{Lang, analyse_text, text::SCAM_THRESHOLD};

#[derive(serde::Deserialize)]
struct Item {
    id: String,
    lang: String,
    label: String,
    split: String,
    text: String,
}

#[derive(Default)]
struct Counts {
    tp: u32,
    fp: u32,
    tn: u32,
    fn_: u32,
}

impl Counts {
    fn line(&self, name: &str) -> String {
        let p = f64::from(self.tp) / f64::from((self.tp + self.fp).max(1));
        let r = f64::from(self.tp) / f64::from((self.tp + self.fn_).max(1));
        format!(
            "{name:<14} n={:<4} precision={p:.3} recall={r:.3}  (tp={} fp={} tn={} fn={})",
            self.tp + self.fp + self.tn + self.fn_,
            self.tp,
            self.fp,
            self.tn,
            self.fn_
        )
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let show_errors = std::env::args().any(|a| a == "--errors");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/labelled");
    let mut by: std::collections::BTreeMap<(String, String), Counts> = Default::default();
    let mut train_scores: Vec<(f32, bool)> = Vec::new();
    for lang in ["en", "de", "es", "fr"] {
        let body = std::fs::read_to_string(format!("{dir}/{lang}.jsonl"))?;
        for (n, line) in body.lines().enumerate() {
            let item: Item =
                serde_json::from_str(line).map_err(|e| format!("{lang}.jsonl:{}: {e}", n + 1))?;
            let a = analyse_text(&item.text, item.lang.parse().unwrap_or(Lang::En));
            let predicted = a.score >= SCAM_THRESHOLD;
            let actual = item.label == "scam";
            if item.split == "train" {
                train_scores.push((a.score, actual));
            }
            for key in [
                (item.split.clone(), "all".to_string()),
                (item.split.clone(), item.lang.clone()),
            ] {
                let c = by.entry(key).or_default();
                match (predicted, actual) {
                    (true, true) => c.tp += 1,
                    (true, false) => c.fp += 1,
                    (false, false) => c.tn += 1,
                    (false, true) => c.fn_ += 1,
                }
            }
            if show_errors && predicted != actual {
                let codes: Vec<&str> = a.signals.iter().map(|s| s.code.as_str()).collect();
                println!(
                    "ERR {} [{}] {:.2} {:?}: {}",
                    item.id, item.split, a.score, codes, item.text
                );
            }
        }
    }
    // How the threshold was chosen: F1 on the training split only.
    println!("== threshold sweep on train");
    for t in [0.3f32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7] {
        let tp = train_scores.iter().filter(|(s, a)| *s >= t && *a).count() as f64;
        let fp = train_scores.iter().filter(|(s, a)| *s >= t && !*a).count() as f64;
        let fn_ = train_scores.iter().filter(|(s, a)| *s < t && *a).count() as f64;
        println!(
            "t={t:.2} precision={:.3} recall={:.3} f1={:.3}",
            tp / (tp + fp).max(1.0),
            tp / (tp + fn_).max(1.0),
            2.0 * tp / (2.0 * tp + fp + fn_).max(1.0)
        );
    }
    for split in ["train", "heldout"] {
        println!("== {split} (threshold {SCAM_THRESHOLD})");
        for lang in ["all", "en", "de", "es", "fr"] {
            if let Some(c) = by.get(&(split.to_string(), lang.to_string())) {
                println!("{}", c.line(lang));
            }
        }
    }
    Ok(())
}
