//! Faults on PostgreSQL: a database restart during ingestion gives clients retryable errors
//! (503 with Retry-After), loses nothing acknowledged, and the server recovers by itself.
//! Each test starts its own throwaway cluster (scripts/pg-tmp), since it restarts it.

use crate::helpers::dragnet;
use crate::helpers::make_token;
use crate::http::{request, request_as};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub struct Cluster {
    pub url: String,
    pub dir: String,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(repo().join("scripts/pg-tmp"))
            .args(["stop", &self.dir])
            .status();
    }
}

/// A throwaway PostgreSQL cluster, or `None` (skip) when there is none and none is required.
pub fn cluster() -> Option<Cluster> {
    let required = std::env::var("DRAGNET_REQUIRE_POSTGRES").as_deref() == Ok("1");
    let out = Command::new(repo().join("scripts/pg-tmp")).output();
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout).trim().to_string();
            let (url, dir) = text.split_once(' ').expect("pg-tmp prints URL DIR");
            Some(Cluster {
                url: url.into(),
                dir: dir.into(),
            })
        }
        other if required => panic!("cannot start PostgreSQL: {other:?}"),
        _ => {
            eprintln!("note: no PostgreSQL here; skipping (scripts/test provides one)");
            None
        }
    }
}

#[tokio::test]
async fn a_postgres_restart_gives_retryable_errors_and_loses_nothing_acknowledged() {
    let Some(pg) = cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    let token = make_token(dir.path(), &["--db", &pg.url, "--key-file", "k"]);
    let mut server = dragnet()
        .current_dir(dir.path())
        .args([
            "--db",
            &pg.url,
            "--key-file",
            "k",
            "serve",
            "--listen",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line.trim().rsplit("http://").next().unwrap().to_string();

    let mut acked = Vec::new();
    let mut i = 0;
    // Three restarts, each while clients keep posting.
    for round in 0..3 {
        let mut saw_503 = 0;
        let restart = {
            let dir = pg.dir.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(500));
                // Down for longer than the pool's 3 s acquire timeout, so that some request
                // must fail (503) rather than wait out the whole restart.
                Command::new(repo().join("scripts/pg-tmp"))
                    .args(["restart", &dir, "6"])
                    .status()
            })
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let mut after_restart_ok = 0;
        while after_restart_ok < 20 && std::time::Instant::now() < deadline {
            i += 1;
            let body = format!(
                r#"{{"id":"P-{i}","source":"pg","narrative":"call 1-888-555-0147 ({i})"}}"#
            );
            let r = request_as(
                Some(&token),
                &addr,
                "POST",
                "/api/v1/reports",
                "application/json",
                &body,
            )
            .unwrap();
            match r.status {
                201 => {
                    acked.push(format!("P-{i}"));
                    if restart.is_finished() {
                        after_restart_ok += 1;
                    }
                }
                503 => {
                    saw_503 += 1;
                    assert!(r.header("retry-after").is_some(), "503 without Retry-After");
                    assert_eq!(r.json()["code"], "unavailable", "{}", r.body);
                }
                other => panic!("status {other}: {}", r.body),
            }
        }
        assert!(restart.join().unwrap().unwrap().success());
        assert!(
            saw_503 > 0,
            "round {round}: the restart window must have been seen by the client"
        );
        assert_eq!(
            after_restart_ok, 20,
            "round {round}: the server recovers by itself"
        );
    }
    let ready = request(&addr, "GET", "/readyz", "application/json", "").unwrap();
    assert_eq!(ready.status, 200);
    server.kill().unwrap();
    let _ = server.wait();

    // Everything acknowledged is in the database.
    let (key, _) = dragnet_store::DataKey::load_or_create(&dir.path().join("k")).unwrap();
    let store = dragnet_store::SqlStore::open(&pg.url, key).await.unwrap();
    use dragnet_store::ReportStore;
    for id in &acked {
        assert_eq!(
            store.get_reports(Some("pg"), id).await.unwrap().len(),
            1,
            "{id} lost"
        );
    }
    store.close().await;
}
