//! Private overlap between two stores: `dragnet serve` on one, `dragnet overlap` on the other
//! (SQLite in temp dirs, 127.0.0.1 only); the server's answers hold nothing but points,
//! tags and counts; only tokens with the `overlap` scope may start a session.

use crate::helpers::{Workdir, dragnet, run_ok as run, stderr};
use crate::http::request_as;
use crate::serve::start;
use dragnet_share::psi::{self, Chunk, Hello, Mode, Party, Round};
use std::io::{Read, Write};
use std::net::TcpStream;

/// Organisation `org` with reports `ids` (victim e-mail `victim{i}@example.org`, scam number
/// 1-888-555-1{i:03}); returns a token of a user of `org` with `scope`.
fn setup(w: &Workdir, org: &str, ids: std::ops::Range<usize>, upper: bool, scope: &str) -> String {
    run(w, &["org", "add", org], None);
    let lines: Vec<String> = ids
        .map(|i| {
            let email = if upper {
                format!("Victim{i}@EXAMPLE.org")
            } else {
                format!("victim{i}@example.org")
            };
            format!(
                r#"{{"id":"{org}-{i}","source":"{org}","reporter":{{"name":"V {i}","email":"{email}"}},"narrative":"They told me to call 1-888-555-1{i:03} at once"}}"#
            )
        })
        .collect();
    let f = w.write("reports.jsonl", lines.join("\n") + "\n");
    let o = w.import(&[&f], &["--org", org]);
    assert!(o.status.success(), "import: {}", stderr(&o));
    let email = format!("partner@{org}.example");
    run(
        w,
        &["user", "add", "--org", org, "--role", "analyst", &email],
        Some("a long enough password\n"),
    );
    let out = run(
        w,
        &["token", "create", "--user", &email, "--scope", scope],
        None,
    );
    out.lines().last().unwrap().trim().to_string()
}

fn field(out: &str, name: &str) -> u64 {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no `{name}` in {out}"))
}

#[test]
fn overlap_counts_shared_victims_and_indicators_exactly() {
    let server = Workdir::new();
    // Server side: victims and numbers 0..40.
    let token = setup(&server, "alpha", 0..40, false, "overlap");
    let (mut child, addr) = start(&server);
    // Client side: 25..60, e-mail addresses written differently (normalised alike).
    let client = Workdir::new();
    setup(&client, "beta", 25..60, true, "read");
    let url = format!("http://{addr}/");
    for set in ["victims", "indicators"] {
        let out = run(
            &client,
            &[
                "overlap", "--with", &url, "--set", set, "--org", "beta", "--token", &token,
            ],
            None,
        );
        assert_eq!(field(&out, "our set"), 35, "{set}: {out}");
        assert_eq!(field(&out, "their set"), 40, "{set}: {out}");
        assert_eq!(field(&out, "shared"), 15, "{set}: {out}");
        assert!(field(&out, "bytes sent") > 35 * 32, "{out}");
        assert!(!out.contains("shared item"), "{out}");
    }
    // Item mode names our own shared indicators, exactly those.
    let out = run(
        &client,
        &[
            "overlap",
            "--with",
            &url,
            "--set",
            "indicators",
            "--items",
            "--org",
            "beta",
            "--token",
            &token,
        ],
        None,
    );
    let mut shared: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("shared item: "))
        .collect();
    shared.sort_unstable();
    let expected: Vec<String> = (25..40).map(|i| format!("phone:+18885551{i:03}")).collect();
    assert_eq!(shared, expected, "{out}");
    // Victims are never listed.
    let o = dragnet()
        .current_dir(client.dir.path())
        .args([
            "--db",
            &client.db(),
            "overlap",
            "--with",
            &url,
            "--set",
            "victims",
        ])
        .args(["--items", "--org", "beta", "--token", &token])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("indicators only"), "{}", stderr(&o));
    child.kill().ok();
    child.wait().ok();
}

/// POSTs a body; returns status and the raw response body.
fn post(addr: &str, token: &str, path: &str, ct: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    (status, raw[split + 4..].to_vec())
}

#[test]
fn the_servers_answers_hold_only_points_tags_and_counts_and_need_the_overlap_scope() {
    let server = Workdir::new();
    let token = setup(&server, "alpha", 0..30, false, "overlap");
    let read_token = {
        run(
            &server,
            &[
                "token",
                "create",
                "--user",
                "partner@alpha.example",
                "--scope",
                "read",
            ],
            None,
        )
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_string()
    };
    let (mut child, addr) = start(&server);

    // The client's own set: items 20..50, built as `dragnet overlap` would.
    let items: Vec<Vec<u8>> = (20..50)
        .map(|i| psi::victim_item(&format!("victim{i}@example.org"), None).unwrap())
        .collect();
    let mut party = Party::new("victims", Mode::Items, &items, &mut rand::rng());
    let start_body = serde_json::json!({"set": "victims", "hello": party.hello()}).to_string();

    // Authz: no token, a token without the scope.
    let r = crate::http::request(
        &addr,
        "POST",
        "/api/v1/overlap",
        "application/json",
        &start_body,
    )
    .unwrap();
    assert_eq!(r.status, 401, "{}", r.body);
    let r = request_as(
        Some(&read_token),
        &addr,
        "POST",
        "/api/v1/overlap",
        "application/json",
        &start_body,
    )
    .unwrap();
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(r.json()["code"], "forbidden");
    // ... nor may it continue someone's session.
    let mut responses: Vec<Vec<u8>> = Vec::new();
    let (status, body) = post(
        &addr,
        &token,
        "/api/v1/overlap",
        "application/json",
        start_body.as_bytes(),
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    responses.push(body.clone());
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let session = v["session"].as_str().unwrap().to_string();
    let hello: Hello = serde_json::from_value(v["hello"].clone()).unwrap();
    assert_eq!(hello.set_size, 30);
    // Victims run in cardinality mode whatever the client asks.
    assert_eq!(party.accept_hello(&hello).unwrap(), Mode::Cardinality);
    let r = request_as(
        Some(&read_token),
        &addr,
        "POST",
        &format!("/api/v1/overlap/{session}/blinded"),
        "application/octet-stream",
        "",
    )
    .unwrap();
    assert_eq!(r.status, 403, "{}", r.body);

    let mut out = Vec::new();
    for c in party.blinded_chunks(8) {
        out.extend_from_slice(&c.to_bytes());
    }
    let (status, body) = post(
        &addr,
        &token,
        &format!("/api/v1/overlap/{session}/blinded"),
        "application/octet-stream",
        &out,
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    // Nothing but chunks: 30 points of the server's, then 30 tags of ours.
    let mut rest: &[u8] = &body;
    let (mut points, mut tags) = (0, 0);
    while !rest.is_empty() {
        let (c, used): (Chunk, usize) = Chunk::from_bytes(rest).unwrap();
        match c.round {
            Round::Blinded => {
                points += c.data.len() / psi::POINT_BYTES;
                party.absorb_blinded(&c).unwrap();
            }
            Round::DoubleBlinded => {
                tags += c.data.len() / psi::TAG_BYTES;
                party.absorb_double_blinded(&c).unwrap();
            }
        }
        rest = &rest[used..];
    }
    assert_eq!((points, tags), (30, 30));
    responses.push(body);

    let mut out = Vec::new();
    for c in party.double_blinded_chunks(8, &mut rand::rng()).unwrap() {
        out.extend_from_slice(&c.to_bytes());
    }
    let (status, body) = post(
        &addr,
        &token,
        &format!("/api/v1/overlap/{session}/finish"),
        "application/octet-stream",
        &out,
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let counts: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(counts["intersection_size"], 10, "{counts}");
    assert_eq!(counts["set_size"], 30);
    assert_eq!(counts["peer_set_size"], 30);
    let keys: Vec<&String> = counts.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["intersection_size", "mode", "peer_set_size", "set_size"]
    );
    responses.push(body);
    let outcome = party.finish().unwrap();
    assert_eq!(outcome.intersection_size, 10);
    assert_eq!(outcome.shared_items, None);

    // No item of the server's set, in any form, in any byte of any answer.
    for i in 0..30 {
        let item = psi::victim_item(&format!("victim{i}@example.org"), None).unwrap();
        let needles = [
            item.clone(),
            format!("victim{i}@example.org").into_bytes(),
            format!("+18885551{i:03}").into_bytes(),
            format!("8885551{i:03}").into_bytes(),
        ];
        for r in &responses {
            for n in &needles {
                assert!(
                    !r.windows(n.len()).any(|w| w == n.as_slice()),
                    "`{}` appears in an answer",
                    String::from_utf8_lossy(n)
                );
            }
        }
    }
    // The session is gone once finished.
    let (status, _) = post(
        &addr,
        &token,
        &format!("/api/v1/overlap/{session}/finish"),
        "application/octet-stream",
        &out,
    );
    assert_eq!(status, 404);
    child.kill().ok();
    child.wait().ok();
}
