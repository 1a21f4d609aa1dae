//! Storage faults: a full disk and a read-only database give clear errors to API clients
//! (507/503 with Retry-After) and to the importer, lose nothing acknowledged, and the server
//! carries on by itself once the database can be written again.
//!
//! The full disk is an 8 MiB tmpfs mounted in a user and mount namespace of the server's own
//! (`unshare -Urm`, no root needed where user namespaces are enabled); the filesystem
//! disappears with the process, so everything is checked over HTTP while it runs.
//! Read-only PostgreSQL is `default_transaction_read_only`, switched on and off by psql.

use crate::helpers::{dragnet, make_token};
use crate::http::{request, request_as};
use crate::postgres::cluster;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn namespaces_available() -> bool {
    let ok = Command::new("unshare")
        .args(["-Urm", "true"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("note: `unshare -Urm` is not available here; skipping the full-disk tests");
    }
    ok
}

/// Runs `script` with sh in a new user and mount namespace where `$D` is an empty tmpfs of
/// `size` (`8m`) and `$BIN` the dragnet binary.
fn in_tiny_fs(dir: &Path, size: &str, script: &str) -> Command {
    let d = dir.join("tiny");
    std::fs::create_dir_all(&d).unwrap();
    let mut c = Command::new("unshare");
    c.args(["-Urm", "sh", "-ec"])
        .arg(format!(
            "mount -t tmpfs -o size={size} tmpfs \"$D\"; cd \"$D\"; {script}"
        ))
        .env("D", &d)
        .env("BIN", env!("CARGO_BIN_EXE_dragnet"))
        .env_remove("DRAGNET_DATABASE_URL")
        .env_remove("DRAGNET_DATA_KEY")
        .env_remove("DRAGNET_CONFIG")
        .env("DRAGNET_LOG", "error")
        .current_dir(dir);
    c
}

fn big_report(i: usize) -> String {
    // ~8 KB each, and a commit writes several 16 KiB pages: the ~1 MB the new database and
    // the ballast leave of 8 MiB fills after a few dozen.
    let filler =
        "The caller insisted my computer was infected and kept me on the line. ".repeat(110);
    format!(
        r#"{{"id":"F-{i}","source":"full","narrative":"call 1-888-555-{:04}. {filler}"}}"#,
        i % 10_000
    )
}

#[test]
fn a_full_disk_gives_507_keeps_what_was_acknowledged_and_recovers_when_room_is_made() {
    if !namespaces_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("room");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // Set up an account, then serve; when the test writes to the fifo, delete the ballast
    // file (the operator making room).
    let script = r#"
        "$BIN" --db t.db --key-file k org add test >/dev/null
        printf 'a long enough password\n' | "$BIN" --db t.db --key-file k user add --org test --role analyst a@test.example >/dev/null
        "$BIN" --db t.db --key-file k token create --user a@test.example | tail -n1
        head -c 4000000 /dev/zero > ballast
        ( read -r _ < "$FIFO"; rm ballast ) &
        exec "$BIN" --db t.db --key-file k serve --listen 127.0.0.1:0
    "#;
    let mut child = Server(
        in_tiny_fs(dir.path(), "8m", script)
            .env("FIFO", &fifo)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
        fifo.clone(),
    );
    let mut out = BufReader::new(child.0.stdout.take().unwrap());
    let mut token = String::new();
    out.read_line(&mut token).unwrap();
    let token = token.trim().to_string();
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let addr = line.trim().rsplit("http://").next().unwrap().to_string();

    let post = |i: usize| {
        request_as(
            Some(&token),
            &addr,
            "POST",
            "/api/v1/reports",
            "application/json",
            &big_report(i),
        )
        .unwrap()
    };
    let mut acked = Vec::new();
    let mut full = 0;
    let mut i = 0;
    while full < 5 {
        i += 1;
        assert!(i < 2_000, "the 8 MiB filesystem never filled");
        let r = post(i);
        match r.status {
            201 => acked.push(i),
            507 => {
                full += 1;
                assert_eq!(r.json()["code"], "storage_full", "{}", r.body);
                assert!(
                    r.json()["message"]
                        .as_str()
                        .unwrap()
                        .contains("nothing was stored"),
                    "{}",
                    r.body
                );
                assert!(r.header("retry-after").is_some(), "507 without Retry-After");
            }
            other => panic!("status {other}: {}", r.body),
        }
    }
    assert!(
        acked.len() > 10,
        "only {} stored before the disk filled",
        acked.len()
    );
    // The server still answers, and every acknowledged report is there.
    let health = request(&addr, "GET", "/healthz", "application/json", "").unwrap();
    assert_eq!(health.status, 200);
    let get = |id: usize| {
        request_as(
            Some(&token),
            &addr,
            "GET",
            &format!("/api/v1/reports/F-{id}"),
            "application/json",
            "",
        )
        .unwrap()
        .status
    };
    for id in &acked {
        assert_eq!(get(*id), 200, "acknowledged report F-{id} is not served");
    }
    // Room is made: the same server stores again, without a restart.
    make_room(&fifo);
    let deadline = Instant::now() + Duration::from_secs(30);
    let again = loop {
        i += 1;
        let r = post(i);
        if r.status == 201 {
            break i;
        }
        assert_eq!(r.status, 507, "{}", r.body);
        assert!(Instant::now() < deadline, "still full after room was made");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(get(again), 200);
    for id in &acked {
        assert_eq!(get(*id), 200, "F-{id} lost after recovery");
    }
    drop(child);
}

/// The server in its namespace; killed (and its helper released) when the test ends.
struct Server(Child, std::path::PathBuf);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        make_room(&self.1);
    }
}

/// Wakes the helper waiting on the fifo (which deletes the ballast); nothing when it is gone.
fn make_room(fifo: &Path) {
    use std::os::unix::fs::OpenOptionsExt;
    const O_NONBLOCK: i32 = 0o4000;
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(O_NONBLOCK)
        .open(fifo)
    {
        let _ = f.write_all(b"go\n");
    }
}

#[test]
fn the_importer_on_a_full_disk_says_so_and_a_rerun_completes_the_import() {
    if !namespaces_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 3,000 small reports (three batches of 1,000) on a 16 MiB filesystem with ~4 MiB beside
    // the ballast, of which a new database takes about 3 MiB with its WAL (16 KiB pages).
    let mut file = String::new();
    for i in 0..3000 {
        file.push_str(&format!(
            r#"{{"id":"I-{i}","source":"full","narrative":"A pop-up said my PC was locked; I called 1-888-555-{:04} and paid {i} dollars in gift cards to the man who answered."}}"#,
            i % 1000
        ));
        file.push('\n');
    }
    std::fs::write(dir.path().join("reports.jsonl"), file).unwrap();
    // First import with ballast filling the disk; then room is made and the same command runs.
    // (Messages go to the test's pipe: a stderr file on the full disk could not be written.)
    let script = r#"
        head -c 12500000 /dev/zero > ballast
        set +e
        "$BIN" --db t.db --key-file k import --batch-size 1000 "$FILE" 2>&1
        echo "first exit $?"
        rm ballast
        "$BIN" --db t.db --key-file k import --batch-size 1000 "$FILE" 2>&1
        echo "second exit $?"
    "#;
    let out = in_tiny_fs(dir.path(), "16m", script)
        .env("FILE", dir.path().join("reports.jsonl"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("first exit 1"), "{text}");
    assert!(text.contains("disk is full"), "no clear message: {text}");
    assert!(text.contains("run the same import again"), "{text}");
    assert!(text.contains("second exit 0"), "{text}");
    // Imported + duplicates (stored by the first run) = every line: nothing lost or doubled.
    let second = text
        .lines()
        .find(|l| l.starts_with("imported "))
        .unwrap_or_else(|| panic!("{text}"));
    let nums: Vec<u64> = second
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .map(|s| s.parse().unwrap())
        .collect();
    assert!(nums[0] > 0 && nums[1] > 0, "{second}");
    assert_eq!(nums[0] + nums[1], 3000, "{second}");
    assert_eq!(nums[2], 0, "{second}");
}

#[test]
fn a_read_only_sqlite_database_is_refused_with_a_clear_message() {
    // A database file opened read-only (mode=ro), as a read-only disk or a file with the
    // wrong owner would leave it.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let setup = dragnet()
        .current_dir(dir.path())
        .args([
            "--db",
            db.to_str().unwrap(),
            "--key-file",
            "k",
            "org",
            "add",
            "test",
        ])
        .output()
        .unwrap();
    assert!(setup.status.success());
    let url = format!("sqlite:{}?mode=ro", db.display());
    std::fs::write(dir.path().join("r.jsonl"), big_report(1) + "\n").unwrap();
    let out = dragnet()
        .current_dir(dir.path())
        .args(["--db", &url, "--key-file", "k", "import", "r.jsonl"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("read-only"), "no clear message: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Runs each statement on its own (ALTER SYSTEM refuses a transaction block).
fn psql(url: &str, statements: &[&str]) {
    let mut c = Command::new("psql");
    c.args([url, "-qAt"]);
    for s in statements {
        c.args(["-c", s]);
    }
    let ok = c.stdout(Stdio::null()).status().is_ok_and(|s| s.success());
    assert!(ok, "psql {statements:?}");
}

#[tokio::test]
async fn read_only_postgres_gives_503_with_retry_after_and_the_server_recovers() {
    let Some(pg) = cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    let token = make_token(dir.path(), &["--db", &pg.url, "--key-file", "k"]);
    // Killed on every path, a failed assertion included.
    let mut server = Server(
        dragnet()
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
            .unwrap(),
        std::path::PathBuf::new(),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line.trim().rsplit("http://").next().unwrap().to_string();
    let post = |i: usize| {
        request_as(
            Some(&token),
            &addr,
            "POST",
            "/api/v1/reports",
            "application/json",
            &format!(r#"{{"id":"RO-{i}","source":"ro","narrative":"call 1-888-555-0147 ({i})"}}"#),
        )
        .unwrap()
    };
    let mut acked = Vec::new();
    for i in 0..5 {
        assert_eq!(post(i).status, 201);
        acked.push(i);
    }
    psql(
        &pg.url,
        &[
            "ALTER SYSTEM SET default_transaction_read_only = on",
            "SELECT pg_reload_conf()",
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut i = 5;
    let mut refused = 0;
    while refused < 3 {
        assert!(Instant::now() < deadline, "never refused while read-only");
        i += 1;
        let r = post(i);
        match r.status {
            201 => acked.push(i), // the reload had not reached that session yet
            503 => {
                refused += 1;
                assert_eq!(r.json()["code"], "storage_read_only", "{}", r.body);
                assert!(r.header("retry-after").is_some(), "503 without Retry-After");
            }
            other => panic!("status {other}: {}", r.body),
        }
    }
    psql(
        &pg.url,
        &[
            "ALTER SYSTEM RESET default_transaction_read_only",
            "SELECT pg_reload_conf()",
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        i += 1;
        let r = post(i);
        if r.status == 201 {
            acked.push(i);
            break;
        }
        assert_eq!(r.status, 503, "{}", r.body);
        assert!(Instant::now() < deadline, "still read-only after the reset");
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(server);
    let (key, _) = dragnet_store::DataKey::load_or_create(&dir.path().join("k")).unwrap();
    let store = dragnet_store::SqlStore::open(&pg.url, key).await.unwrap();
    use dragnet_store::ReportStore;
    for id in &acked {
        assert_eq!(
            store
                .get_reports(Some("ro"), &format!("RO-{id}"))
                .await
                .unwrap()
                .len(),
            1,
            "RO-{id} lost"
        );
    }
    store.close().await;
}
