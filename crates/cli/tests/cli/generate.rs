use crate::helpers::{Workdir, dragnet, stderr};

#[test]
fn the_same_seed_gives_the_same_files_byte_for_byte() {
    let w = Workdir::new();
    for out in ["a", "b", "c"] {
        let seed = if out == "c" { "8" } else { "7" };
        let o = dragnet()
            .args(["generate", "--victims", "200", "--seed", seed, "--out"])
            .arg(w.path(out))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let read = |d: &str, f: &str| std::fs::read(w.path(d).join(f)).unwrap();
    for f in ["reports.jsonl", "truth.jsonl", "operations.json"] {
        assert_eq!(read("a", f), read("b", f), "{f} differs between runs");
    }
    assert_ne!(read("a", "reports.jsonl"), read("c", "reports.jsonl"));
    let reports = String::from_utf8(read("a", "reports.jsonl")).unwrap();
    assert!(reports.lines().count() >= 200);
}

#[tokio::test]
async fn generated_reports_import_without_rejects() {
    let w = Workdir::new();
    let o = dragnet()
        .args(["generate", "--victims", "500", "--out"])
        .arg(w.path("g"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let out = w.import(&[&w.path("g").join("reports.jsonl")], &[]);
    assert!(stderr(&out).contains("rejected 0"), "{}", stderr(&out));
    let lines = std::fs::read_to_string(w.path("g").join("reports.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(w.ids().await.len(), lines);
}
