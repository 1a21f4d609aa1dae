//! `dragnet retention run`: personal data past the retention period is erased (indicators
//! stay), audited, on SQLite and PostgreSQL.

use crate::helpers::{dragnet, make_token, stderr};
use dragnet_store::{AccountStore, DataKey, ReportStore, SqlStore};
use std::path::Path;
use std::process::Output;

const REPORTS: &str = concat!(
    r#"{"id":"OLD-1","source":"test","received_at":"2020-03-01T10:00:00Z","reporter":{"name":"Olga Oldreport","email":"olga@example.org"},"narrative":"They said call 1-888-555-0147 and install AnyDesk 123 456 789"}"#,
    "\n",
    r#"{"id":"NEW-1","source":"test","reporter":{"name":"Nina Newreport"},"narrative":"Call 1-888-555-0147 now"}"#,
    "\n",
);

fn run(dir: &Path, db: &[&str], args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = dragnet();
    c.current_dir(dir).args(db).args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

async fn check(dir: &Path, db_url: &str) {
    let db = ["--db", db_url, "--key-file", "k"];
    make_token(dir, &db);
    std::fs::write(dir.join("r.jsonl"), REPORTS).unwrap();
    let o = run(dir, &db, &["import", "--org", "test", "r.jsonl"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));

    // No period configured: a clear error, nothing erased.
    let o = run(dir, &db, &["retention", "run"], &[]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("retention_days"), "{}", stderr(&o));

    let o = run(
        dir,
        &db,
        &[
            "retention",
            "run",
            "--dry-run",
            "--days",
            "365",
            "--verbose",
        ],
        &[],
    );
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.contains("would erase test/OLD-1"), "{out}");
    assert!(!out.contains("NEW-1"), "{out}");
    assert!(out.contains("1 reports hold personal data"), "{out}");

    let o = run(
        dir,
        &db,
        &["retention", "run"],
        &[("DRAGNET_RETENTION_DAYS", "365")],
    );
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        out.contains("erased the personal data of 1 reports"),
        "{out}"
    );
    // A bad period in the environment is refused.
    let o = run(
        dir,
        &db,
        &["retention", "run"],
        &[("DRAGNET_RETENTION_DAYS", "two years")],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("DRAGNET_RETENTION_DAYS"),
        "{}",
        stderr(&o)
    );

    let (key, _) = DataKey::load_or_create(&dir.join("k")).unwrap();
    let store = SqlStore::open(db_url, key).await.unwrap();
    let old = store.get_reports(Some("test"), "OLD-1").await.unwrap();
    assert!(
        !old[0].has_reporter,
        "the old report's personal data is gone"
    );
    assert!(store.reporter(old[0].seq).await.unwrap().is_none());
    assert!(
        old[0].indicators.len() >= 2,
        "its indicators stay: {:?}",
        old[0].indicators
    );
    let new = store.get_reports(Some("test"), "NEW-1").await.unwrap();
    assert!(new[0].has_reporter, "the recent report keeps its data");
    let log = store.audit_log(None, 10).await.unwrap();
    let entry = log
        .iter()
        .find(|e| e.target == "report test/OLD-1")
        .expect("the erasure is audited");
    assert_eq!(entry.action, "erase_personal_data");
    assert!(
        entry
            .purpose
            .as_deref()
            .unwrap()
            .contains("retention period of 365 days"),
        "{entry:?}"
    );
    assert!(entry.actor.starts_with("cli:"));
    store.close().await;

    // A second pass finds nothing more.
    let o = run(dir, &db, &["retention", "run", "--days", "365"], &[]);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        out.contains("erased the personal data of 0 reports"),
        "{out}"
    );
}

#[tokio::test]
async fn retention_erases_old_personal_data_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db").display().to_string();
    check(dir.path(), &db).await;
}

#[tokio::test]
async fn retention_erases_old_personal_data_on_postgres() {
    let Ok(admin) = std::env::var("DRAGNET_TEST_POSTGRES_URL") else {
        if std::env::var("DRAGNET_REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("DRAGNET_REQUIRE_POSTGRES=1 but DRAGNET_TEST_POSTGRES_URL is not set");
        }
        eprintln!("note: DRAGNET_TEST_POSTGRES_URL unset; skipping the PostgreSQL half");
        return;
    };
    let name = format!(
        "retention_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let created = std::process::Command::new("psql")
        .args([&admin, "-q", "-c", &format!("CREATE DATABASE {name}")])
        .output()
        .expect("psql (installed with PostgreSQL)");
    assert!(created.status.success(), "{}", stderr(&created));
    let (base, _) = admin.rsplit_once('/').unwrap();
    let dir = tempfile::tempdir().unwrap();
    check(dir.path(), &format!("{base}/{name}")).await;
}

/// `dragnet serve` with a retention period erases by itself (a pass at start, then hourly).
#[tokio::test]
async fn the_server_erases_personal_data_past_the_period() {
    use std::io::{BufRead, BufReader};
    let w = crate::helpers::Workdir::new();
    w.token();
    let f = w.write("r.jsonl", REPORTS);
    let o = w.import(&[&f], &["--org", "test"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut child = dragnet()
        .current_dir(w.dir.path())
        .env("DRAGNET_RETENTION_DAYS", "365")
        .args(["--db", &w.db(), "serve", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("serving"), "{line}");
    // The pass runs in the background: wait (bounded) for its audit entry.
    let store = w.store().await;
    let mut entry = None;
    for _ in 0..300 {
        let log = store.audit_log(None, 10).await.unwrap();
        entry = log.into_iter().find(|e| e.target == "report test/OLD-1");
        if entry.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let entry = entry.expect("the server's retention pass erased and audited OLD-1");
    assert_eq!(entry.actor, "retention");
    let old = store.get_reports(Some("test"), "OLD-1").await.unwrap();
    assert!(!old[0].has_reporter);
    let new = store.get_reports(Some("test"), "NEW-1").await.unwrap();
    assert!(new[0].has_reporter);
    store.close().await;
}
