use crate::helpers::{Workdir, dragnet, stderr};
use std::io::Write;
use std::process::Stdio;

fn run(w: &Workdir, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = dragnet()
        .current_dir(w.dir.path())
        .args(["--db", &w.db()])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn organisations_users_tokens_and_erasure_from_the_cli() {
    let w = Workdir::new();
    assert!(run(&w, &["org", "add", "Contoso"], "").status.success());
    let dup = run(&w, &["org", "add", "Contoso"], "");
    assert_eq!(dup.status.code(), Some(1));
    assert!(
        stderr(&dup).contains("an organisation named `Contoso` exists"),
        "{}",
        stderr(&dup)
    );

    let short = run(
        &w,
        &[
            "user",
            "add",
            "--org",
            "Contoso",
            "--role",
            "analyst",
            "a@c.example",
        ],
        "short\n",
    );
    assert!(
        stderr(&short).contains("at least 12 characters"),
        "{}",
        stderr(&short)
    );
    let bad_role = run(
        &w,
        &[
            "user",
            "add",
            "--org",
            "Contoso",
            "--role",
            "boss",
            "a@c.example",
        ],
        "",
    );
    assert_eq!(bad_role.status.code(), Some(2));
    let ok = run(
        &w,
        &[
            "user",
            "add",
            "--org",
            "Contoso",
            "--role",
            "org_admin",
            "a@c.example",
        ],
        "correct horse battery\n",
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    let no_org = run(
        &w,
        &[
            "user",
            "add",
            "--org",
            "Nope",
            "--role",
            "analyst",
            "b@c.example",
        ],
        "correct horse battery\n",
    );
    assert!(stderr(&no_org).contains("no organisation `Nope`"));

    let t = run(
        &w,
        &[
            "token",
            "create",
            "--user",
            "a@c.example",
            "--scope",
            "read,admin",
        ],
        "",
    );
    let out = String::from_utf8_lossy(&t.stdout).to_string();
    let token = out.lines().last().unwrap();
    assert!(token.starts_with("dgn_") && token.len() > 40, "{out}");
    assert!(out.contains("scopes read,admin"), "{out}");
    let prefix = &token[4..12];
    // Prefixes are URL-safe Base64: one starting with `-` is a prefix, not an option.
    let dash = run(
        &w,
        &["token", "revoke", "--user", "a@c.example", "-x_unknown"],
        "",
    );
    assert!(!dash.status.success());
    assert!(
        stderr(&dash).contains("no active token with prefix `-x_unknown`"),
        "{}",
        stderr(&dash)
    );
    assert!(
        run(
            &w,
            &["token", "revoke", "--user", "a@c.example", prefix],
            ""
        )
        .status
        .success()
    );
    assert_eq!(
        run(
            &w,
            &["token", "revoke", "--user", "a@c.example", prefix],
            ""
        )
        .status
        .code(),
        Some(1)
    );

    // Erasure keeps indicators and is audited.
    let f = w.write(
        "r.jsonl",
        r#"{"id":"E-1","source":"s","reporter":{"name":"Eve Example","email":"eve@example.org"},"narrative":"call 1-888-555-0147"}"#,
    );
    assert!(w.import(&[&f], &["--org", "Contoso"]).status.success());
    let e = run(
        &w,
        &[
            "erase",
            "--report",
            "E-1",
            "--reason",
            "request of 2023-10-02",
        ],
        "",
    );
    assert!(e.status.success(), "{}", stderr(&e));
    let store = w.store().await;
    use dragnet_store::{AccountStore, ReportStore};
    let r = store.get_reports(Some("s"), "E-1").await.unwrap().remove(0);
    assert!(!r.has_reporter);
    assert_eq!(r.indicators[0].value, "+18885550147");
    let log = store.audit_log(r.org_id, 10).await.unwrap();
    assert_eq!(log[0].action, "erase_personal_data");
    assert_eq!(log[0].purpose.as_deref(), Some("request of 2023-10-02"));
    store.close().await;
}
