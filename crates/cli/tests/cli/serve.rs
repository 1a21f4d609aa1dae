use crate::helpers::{Workdir, dragnet};
use crate::http::request_as;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

/// Starts `dragnet serve` on a free port; returns the process and its address.
pub fn start(w: &Workdir) -> (Child, String) {
    let mut child = dragnet()
        .current_dir(w.dir.path())
        .args(["--db", &w.db(), "serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (child, addr)
}

fn report(id: usize) -> String {
    format!(
        r#"{{"id":"K-{id}","source":"api-test","narrative":"call 1-888-555-{:04}"}}"#,
        id % 10_000
    )
}

/// kill -9 the server while clients are posting, eight rounds; every report it acknowledged
/// is stored.
#[tokio::test]
async fn a_server_killed_during_ingestion_loses_no_acknowledged_report() {
    let w = Workdir::new();
    let token = w.token();
    let t = Some(token.as_str());
    let mut acked: Vec<String> = Vec::new();
    let mut next = 0usize;
    for round in 0..8 {
        let (mut child, addr) = start(&w);
        let kill_after = 40 + round * 25;
        let mut sent_since_start = 0;
        loop {
            let id = next;
            next += 1;
            match request_as(
                t,
                &addr,
                "POST",
                "/api/v1/reports",
                "application/json",
                &report(id),
            ) {
                Ok(r) if r.status == 201 => acked.push(format!("K-{id}")),
                Ok(r) => panic!("unexpected {}: {}", r.status, r.body),
                Err(_) => break, // the server is gone: this one was never acknowledged
            }
            sent_since_start += 1;
            if sent_since_start == kill_after {
                // Fire one more request and kill while it may be in flight.
                let addr2 = addr.clone();
                let token2 = token.clone();
                let inflight = std::thread::spawn(move || {
                    request_as(
                        Some(&token2),
                        &addr2,
                        "POST",
                        "/api/v1/reports",
                        "application/json",
                        &report(1_000_000 + round),
                    )
                    .map(|r| r.status)
                });
                child.kill().unwrap(); // SIGKILL
                let _ = child.wait();
                if let Ok(Ok(201)) = inflight.join() {
                    acked.push(format!("K-{}", 1_000_000 + round));
                }
                break;
            }
        }
    }
    let stored = w.ids().await;
    for id in &acked {
        assert!(stored.contains(id), "acknowledged report {id} was lost");
    }
    assert!(acked.len() >= 600, "{} acknowledged", acked.len());
}

#[tokio::test]
async fn sigterm_lets_the_server_stop_cleanly() {
    let w = Workdir::new();
    let token = w.token();
    let (child, addr) = start(&w);
    let r = request_as(
        Some(&token),
        &addr,
        "POST",
        "/api/v1/reports",
        "application/json",
        &report(1),
    )
    .unwrap();
    assert_eq!(r.status, 201);
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "exit status after SIGTERM: {:?}",
        out.status
    );
    assert_eq!(w.ids().await, vec!["K-1"]);
}
