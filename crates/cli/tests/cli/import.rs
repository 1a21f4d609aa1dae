use crate::helpers::{Workdir, dragnet, stderr};
use serde_json::Value;

fn good(id: &str) -> String {
    format!(r#"{{"id":"{id}","source":"s","narrative":"call 0800 123 4567 now"}}"#)
}

fn rejects(w: &Workdir) -> Vec<(u64, String, String)> {
    std::fs::read_to_string(w.path("rejects.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["line"].as_u64().unwrap(),
                v["field"].as_str().unwrap().into(),
                v["reason"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[tokio::test]
async fn bad_jsonl_lines_are_named_and_never_stop_the_good_ones() {
    let w = Workdir::new();
    let mut bytes = Vec::new();
    bytes.extend_from_slice("\u{feff}".as_bytes()); // a BOM on the first line
    let lines: Vec<Vec<u8>> = vec![
        good("G-1").into_bytes(),
        br#"{"id":"B-1","source":"s"}"#.to_vec(),
        br#"{"id":"B-2","source":"s","narrative":"x""#.to_vec(),
        br#"{"id":"B-3","source":"s","narrative":["x"]}"#.to_vec(),
        good("G-2").into_bytes(),
        br#"{"id":"B-4","source":"s","narrative":"x","loss":{"amount":"10","currency":"XXY"}}"#
            .to_vec(),
        br#"{"id":"B-5","source":"s","narrative":"x","loss":{"amount":"-10","currency":"USD"}}"#
            .to_vec(),
        format!(
            r#"{{"id":"B-6","source":"s","narrative":"{}"}}"#,
            "a".repeat(300_000)
        )
        .into_bytes(),
        b"{\"id\":\"B-7\",\"source\":\"s\",\"narrative\":\"caf\xe9\"}".to_vec(),
        good("G-3").into_bytes(),
    ];
    for l in &lines {
        bytes.extend_from_slice(l);
        bytes.push(b'\n');
    }
    let f = w.write("in.jsonl", bytes);
    let out = w.import(
        &[&f],
        &["--rejects", w.path("rejects.jsonl").to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("imported 3, duplicates skipped 0, rejected 7"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("in.jsonl:2: narrative: missing; every report needs one"),
        "{}",
        stderr(&out)
    );

    let got = rejects(&w);
    let want: Vec<(u64, &str, &str)> = vec![
        (2, "narrative", "missing; every report needs one"),
        (
            3,
            "line",
            "not valid JSON: EOF while parsing an object at line 1 column 40",
        ),
        (4, "narrative", "expected a string, got an array"),
        (6, "loss.currency", "`XXY` is not an ISO 4217 currency code"),
        (
            7,
            "loss.amount",
            "`-10` is negative; a loss is zero or more",
        ),
        (
            8,
            "line",
            "is 300041 bytes long; at most 262144 are accepted",
        ),
        (9, "line", "is not valid UTF-8 (bad byte at offset 41)"),
    ];
    let got_ref: Vec<(u64, &str, &str)> = got
        .iter()
        .map(|(l, f, r)| (*l, f.as_str(), r.as_str()))
        .collect();
    assert_eq!(got_ref, want);
    assert_eq!(w.ids().await, vec!["G-1", "G-2", "G-3"]);
}

#[tokio::test]
async fn csv_with_missing_or_extra_columns() {
    let w = Workdir::new();
    let f = w.write(
        "in.csv",
        "id,source,narrative,loss_amount,loss_currency\n\
         C-1,s,call 0800 123 4567,10,EUR\n\
         C-2,s,too few\n\
         C-3,s,too many,1,EUR,extra\n\
         C-4,s,\"quoted, with comma\",,\n\
         C-5,s,bad amount,ten,EUR\n",
    );
    let out = w.import(
        &[&f],
        &["--rejects", w.path("rejects.jsonl").to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let got = rejects(&w);
    assert_eq!(
        got,
        vec![
            (3, "line".into(), "has 3 columns, the header has 5".into()),
            (4, "line".into(), "has 6 columns, the header has 5".into()),
            (
                6,
                "loss_amount".into(),
                "`ten` is not a decimal number".into()
            ),
        ]
    );
    assert_eq!(w.ids().await, vec!["C-1", "C-4"]);

    let no_narrative = w.write("bad.csv", "id,text\n1,hello\n");
    let out = w.import(
        &[&no_narrative],
        &["--rejects", w.path("rejects.jsonl").to_str().unwrap()],
    );
    assert!(
        stderr(&out).contains("bad.csv:1: header: has no `narrative` column"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn empty_files_gzip_and_stdin() {
    let w = Workdir::new();
    let empty = w.write("empty.jsonl", "");
    let out = w.import(&[&empty], &[]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("imported 0, duplicates skipped 0, rejected 0"),
        "{}",
        stderr(&out)
    );

    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(format!("{}\n{}\n", good("Z-1"), good("Z-2")).as_bytes())
        .unwrap();
    let gzf = w.write("in.jsonl.gz", gz.finish().unwrap());
    let out = w.import(&[&gzf], &[]);
    assert!(stderr(&out).contains("imported 2,"), "{}", stderr(&out));

    let mut child = dragnet()
        .current_dir(w.dir.path())
        .args(["--db", &w.db(), "import", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{}\n", good("S-1")).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(stderr(&out).contains("imported 1,"), "{}", stderr(&out));
    assert_eq!(w.ids().await, vec!["Z-1", "Z-2", "S-1"]);
}

#[tokio::test]
async fn re_importing_never_duplicates() {
    let w = Workdir::new();
    let f = w.write(
        "in.jsonl",
        format!(
            "{}\n{}\n{{\"narrative\":\"no id here\"}}\n",
            good("R-1"),
            good("R-2")
        ),
    );
    let first = w.import(&[&f], &[]);
    assert!(
        stderr(&first).contains("imported 3, duplicates skipped 0"),
        "{}",
        stderr(&first)
    );
    let second = w.import(&[&f, &f], &[]);
    assert!(
        stderr(&second).contains("imported 0, duplicates skipped 6"),
        "{}",
        stderr(&second)
    );
    assert_eq!(w.ids().await.len(), 3);
}

#[tokio::test]
async fn exit_codes_and_strict_mode() {
    let w = Workdir::new();
    let usage = dragnet().args(["import"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2), "usage errors exit 2");
    let missing = w.import(&[&w.path("nope.jsonl")], &[]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("cannot open"),
        "{}",
        stderr(&missing)
    );
    let f = w.write("in.jsonl", "{}\n");
    assert_eq!(w.import(&[&f], &[]).status.code(), Some(0));
    assert_eq!(w.import(&[&f], &["--strict"]).status.code(), Some(1));
}

#[tokio::test]
async fn a_lost_data_key_is_explained() {
    let w = Workdir::new();
    let f = w.write("in.jsonl", format!("{}\n", good("K-1")));
    assert!(w.import(&[&f], &[]).status.success());
    std::fs::remove_file(w.path("dragnet.key")).unwrap();
    let out = w.import(&[&f], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Restore the original key file"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"));
}

/// kill -9 the importer in the middle of a file, run it again: every report is stored
/// exactly once.
#[tokio::test]
async fn an_import_killed_mid_file_and_rerun_stores_every_report_once() {
    let w = Workdir::new();
    let n = 60_000;
    let mut text = String::with_capacity(n * 80);
    for i in 0..n {
        text.push_str(&good(&format!("K-{i:06}")));
        text.push('\n');
    }
    let f = w.write("big.jsonl", text);
    let db = w.db();
    for round in 0..3 {
        let mut child = dragnet()
            .current_dir(w.dir.path())
            .args(["--db", &db, "import", f.to_str().unwrap()])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait (bounded) until more batches are committed than before, then kill without
        // warning, so each round dies in the middle of the file.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        let want = 2_000 * (round + 1);
        loop {
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            if std::time::Instant::now() > deadline || w.count().await >= want {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
    }
    let partial = w.ids().await.len();
    assert!(
        partial > 0 && partial < n,
        "the kills must land mid-file (stored {partial} of {n})"
    );
    let out = w.import(&[&f], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ids = w.ids().await;
    assert_eq!(ids.len(), n);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), n, "every report exactly once");
}
