//! Several `dragnet serve` processes on one PostgreSQL: exactly one correlation worker, the
//! others following the stored order; kill -9 of the worker hands the role over, nothing
//! acknowledged is lost, and every process serves the same operations.

use crate::helpers::{dragnet, make_token};
use crate::http::{request, request_as};
use crate::postgres::cluster;
use dragnet_store::ReportStore;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path, url: &str) -> Server {
    let mut child = dragnet()
        .current_dir(dir)
        .args([
            "--db",
            url,
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
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line.trim().rsplit("http://").next().unwrap().to_string();
    Server { child, addr }
}

fn correlation(s: &Server) -> Value {
    match request(&s.addr, "GET", "/readyz", "application/json", "") {
        Ok(r) if r.status == 200 => r.json()["correlation"].clone(),
        _ => Value::Null,
    }
}

/// Waits (up to a minute) until `ok` holds for the servers' correlation states.
fn wait_until(servers: &[&Server], what: &str, ok: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let states: Vec<Value> = servers.iter().map(|s| correlation(s)).collect();
        if ok(&states) {
            return states;
        }
        assert!(Instant::now() < deadline, "{what}: {states:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn caught_up(states: &[Value], total: i64) -> bool {
    states.iter().all(|s| {
        s["followed_seq"].as_i64() == Some(total) && s["linked_seq"].as_i64() == Some(total)
    })
}

fn workers(states: &[Value]) -> usize {
    states.iter().filter(|s| s["worker"] == true).count()
}

fn post(token: &str, s: &Server, id: usize) -> Option<u16> {
    // Groups of five reports share a number: operations span both processes' reports.
    let body = format!(
        r#"{{"id":"W-{id}","source":"workers","narrative":"they called from 1-888-555-{:04} about my PC ({id})"}}"#,
        100 + id / 5
    );
    request_as(
        Some(token),
        &s.addr,
        "POST",
        "/api/v1/reports",
        "application/json",
        &body,
    )
    .ok()
    .map(|r| r.status)
}

fn clusters(token: &str, s: &Server) -> Value {
    let r = request_as(
        Some(token),
        &s.addr,
        "GET",
        "/api/v1/clusters",
        "application/json",
        "",
    )
    .unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

async fn max_seq(url: &str, dir: &Path) -> i64 {
    let (key, _) = dragnet_store::DataKey::load_or_create(&dir.join("k")).unwrap();
    let store = dragnet_store::SqlStore::open(url, key).await.unwrap();
    let mut after = 0;
    loop {
        let page = store.reports_after(after, 1000).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
    }
    store.close().await;
    after
}

#[tokio::test]
async fn two_servers_one_worker_and_a_takeover_after_kill_9() {
    let Some(pg) = cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    let token = make_token(dir.path(), &["--db", &pg.url, "--key-file", "k"]);
    let a = start(dir.path(), &pg.url);
    let b = start(dir.path(), &pg.url);
    wait_until(&[&a, &b], "exactly one worker", |s| {
        s.iter().all(|x| x["mode"] == "shared") && workers(s) == 1
    });

    let mut acked = Vec::new();
    for id in 0..60 {
        let to = if id % 2 == 0 { &a } else { &b };
        assert_eq!(post(&token, to, id), Some(201));
        acked.push(format!("W-{id}"));
    }
    let total = max_seq(&pg.url, dir.path()).await;
    let states = wait_until(&[&a, &b], "both caught up", |s| caught_up(s, total));
    assert_eq!(workers(&states), 1, "{states:?}");
    let before = clusters(&token, &a);
    assert_eq!(before, clusters(&token, &b), "the two processes disagree");
    assert_eq!(before["count"], 12, "{before}");

    // kill -9 the worker while reports keep arriving at the other process.
    let (worker, mut survivor) = if states[0]["worker"] == true {
        (a, b)
    } else {
        (b, a)
    };
    drop(worker); // SIGKILL
    for id in 60..120 {
        match post(&token, &survivor, id) {
            Some(201) => acked.push(format!("W-{id}")),
            other => panic!("the survivor answered {other:?} for W-{id}"),
        }
    }
    let total = max_seq(&pg.url, dir.path()).await;
    wait_until(&[&survivor], "the survivor takes over and records", |s| {
        workers(s) == 1 && caught_up(s, total)
    });

    // A process started now replays the store; it must agree with the one that linked live.
    let fresh = start(dir.path(), &pg.url);
    let states = wait_until(&[&survivor, &fresh], "both caught up again", |s| {
        caught_up(s, total)
    });
    assert_eq!(workers(&states), 1, "{states:?}");
    let after = clusters(&token, &survivor);
    assert_eq!(
        after,
        clusters(&token, &fresh),
        "survivor and fresh process disagree"
    );
    assert_eq!(after["count"], 24, "{after}");

    // Nothing acknowledged was lost, and the recorded assignments are the served ones.
    let (key, _) = dragnet_store::DataKey::load_or_create(&dir.path().join("k")).unwrap();
    let store = dragnet_store::SqlStore::open(&pg.url, key).await.unwrap();
    for id in &acked {
        assert_eq!(
            store.get_reports(Some("workers"), id).await.unwrap().len(),
            1,
            "{id} lost"
        );
    }
    for c in after["clusters"].as_array().unwrap() {
        let id = c["cluster"].as_str().unwrap();
        let mut stored: Vec<String> = store
            .reports_in_cluster(id)
            .await
            .unwrap()
            .into_iter()
            .map(|(s, r)| format!("{s}/{r}"))
            .collect();
        let mut served: Vec<String> = c["report_keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        stored.sort();
        served.sort();
        assert_eq!(stored, served, "operation {id}");
    }
    store.close().await;
    drop(survivor.child.kill());
}
