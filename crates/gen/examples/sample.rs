//! Prints the first reports of a small scenario with their truth, for eyeballing.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(8);
    let s = dragnet_gen::generate(&dragnet_gen::GenConfig::new(300, 7));
    for (r, t) in s.reports.iter().zip(&s.truth).take(n) {
        println!("{}", serde_json::to_string(r).unwrap_or_default());
        println!("  TRUTH {}", serde_json::to_string(t).unwrap_or_default());
    }
}
