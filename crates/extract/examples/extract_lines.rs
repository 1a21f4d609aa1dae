//! Prints FORMATS §2 JSON lines for plain-text lines on stdin (a quick manual check).
//! Usage: `cargo run -p dragnet-extract --example extract_lines [COUNTRY] < file.txt`
use std::io::BufRead;

fn main() {
    let region = std::env::args()
        .nth(1)
        .and_then(|c| dragnet_core::Country::parse(&c).ok());
    let ctx = dragnet_extract::Context {
        default_region: region,
    };
    let x = dragnet_extract::Extractor::new();
    for (n, line) in std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .enumerate()
    {
        let inds = x.extract_text(&line, &ctx);
        println!("{}", serde_json::json!({"line": n + 1, "indicators": inds}));
    }
}
