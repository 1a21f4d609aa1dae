use crate::helpers::{Workdir, dragnet, stderr};

fn clusters(w: &Workdir, args: &[&str]) -> (i32, String, String) {
    let o = dragnet()
        .current_dir(w.dir.path())
        .args(["--db", &w.db(), "clusters"])
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        stderr(&o),
    )
}

/// Imports a generated scenario in three pieces (three incremental runs), then checks that
/// a rebuild from scratch agrees with what incremental linking stored.
#[tokio::test]
async fn incremental_imports_and_a_rebuild_agree() {
    let w = Workdir::new();
    let o = dragnet()
        .args(["generate", "--victims", "600", "--seed", "11", "--out"])
        .arg(w.path("g"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let all = std::fs::read_to_string(w.path("g").join("reports.jsonl")).unwrap();
    let lines: Vec<&str> = all.lines().collect();
    for (i, part) in lines.chunks(lines.len() / 3 + 1).enumerate() {
        let f = w.write(&format!("part{i}.jsonl"), part.join("\n"));
        let out = w.import(&[&f], &[]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let (code, before, _) = clusters(&w, &[]);
    assert_eq!(code, 0);
    assert!(
        before.lines().count() >= 5,
        "a 600-victim scenario has several operations:\n{before}"
    );
    let (code, after, err) = clusters(&w, &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("0 assignments differed from the incremental result (they agree)"),
        "{err}"
    );
    assert_eq!(
        before, after,
        "a rebuild gives the same operations, ids included"
    );

    // Every line is FORMATS §3.
    for l in before.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        for field in [
            "cluster",
            "reports",
            "sources",
            "brands",
            "countries",
            "indicators",
            "loss",
        ] {
            assert!(v.get(field).is_some(), "{field} missing in {l}");
        }
        assert!(v["reports"].as_array().unwrap().len() >= 2);
        assert_eq!(v["loss"]["currency"], "USD");
    }
    let (_, shared, _) = clusters(&w, &["--shared"]);
    assert!(
        shared.lines().count() >= 1,
        "the scenario has cross-company operations"
    );
    for l in shared.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["sources"].as_array().unwrap().len() > 1, "{l}");
    }
    let (_, table, _) = clusters(&w, &["--format", "table", "--min-reports", "3"]);
    assert!(table.starts_with("cluster  victims  reports"), "{table}");
    let (_, csv, _) = clusters(&w, &["--format", "csv"]);
    assert!(
        csv.starts_with("cluster,victims,reports,sources,brands,countries,loss_usd"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), before.lines().count() + 1);
}

#[tokio::test]
async fn explain_names_the_shared_value_or_says_why_not() {
    let w = Workdir::new();
    let f = w.write(
        "in.jsonl",
        [
            r#"{"id":"A","source":"ms","narrative":"popup said call 1-888-555-0147"}"#,
            r#"{"id":"B","source":"amz","narrative":"refund desk 888.555.0147 and anydesk 123 456 789"}"#,
            r#"{"id":"C","source":"amz","narrative":"Called Microsoft at 1-800-642-7676, the real number"}"#,
            r#"{"id":"D","source":"ms","narrative":"they told me to ring 1-800-642-7676"}"#,
        ]
        .join("\n"),
    );
    assert!(w.import(&[&f], &[]).status.success());
    let (code, out, _) = clusters(&w, &["explain", "A", "B"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("via phone +18885550147"), "{out}");
    let (code, out, _) = clusters(&w, &["explain", "C", "D"]);
    assert_eq!(code, 1, "warninglisted official numbers never link:\n{out}");
    assert!(
        out.contains("+18006427676") && out.contains("warninglist"),
        "{out}"
    );
    let (code, _, err) = clusters(&w, &["explain", "A", "nope"]);
    assert_eq!(code, 1);
    assert!(err.contains("no report `nope`"), "{err}");
}
