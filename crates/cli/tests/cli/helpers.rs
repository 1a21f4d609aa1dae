use dragnet_store::{DataKey, ReportStore, SqlStore};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn dragnet() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dragnet"));
    c.env_remove("DRAGNET_DATABASE_URL")
        .env_remove("DRAGNET_DATA_KEY")
        .env_remove("DRAGNET_CONFIG")
        .env("DRAGNET_LOG", "warn");
    c
}

/// A working directory with its own database and key file.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> String {
        self.path("t.db").display().to_string()
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Runs `dragnet import` on this workdir's database.
    pub fn import(&self, files: &[&Path], extra: &[&str]) -> Output {
        let mut c = dragnet();
        c.current_dir(self.dir.path())
            .arg("--db")
            .arg(self.db())
            .arg("import");
        for f in files {
            c.arg(f);
        }
        c.args(extra).output().unwrap()
    }

    /// Creates organisation `test`, an analyst in it, and returns an API token (through
    /// the CLI, as an administrator would).
    pub fn token(&self) -> String {
        make_token(self.dir.path(), &["--db", &self.db()])
    }

    pub async fn store(&self) -> SqlStore {
        let (key, _) = DataKey::load_or_create(&self.path("dragnet.key")).unwrap();
        SqlStore::open(&self.db(), key).await.unwrap()
    }

    /// Committed reports, read while another process may be writing (WAL readers do not
    /// block writers).
    pub async fn count(&self) -> usize {
        let store = self.store().await;
        let n = store.count_reports().await.unwrap_or(0) as usize;
        store.close().await;
        n
    }

    pub async fn ids(&self) -> Vec<String> {
        let store = self.store().await;
        let mut out = Vec::new();
        let mut after = 0;
        loop {
            let page = store.reports_after(after, 1000).await.unwrap();
            let Some(last) = page.last() else { break };
            after = last.seq;
            out.extend(page.into_iter().map(|r| r.id));
        }
        store.close().await;
        out
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `dragnet org add`, `user add` and `token create` with `db_args`; returns the token.
pub fn make_token(dir: &Path, db_args: &[&str]) -> String {
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut c = dragnet();
        c.current_dir(dir).args(db_args).args(args);
        c.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        {
            use std::io::Write;
            let mut input = child.stdin.take().unwrap();
            if let Some(s) = stdin {
                input.write_all(s.as_bytes()).unwrap();
            }
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["org", "add", "test"], None);
    run(
        &[
            "user",
            "add",
            "--org",
            "test",
            "--role",
            "analyst",
            "a@test.example",
        ],
        Some("a long enough password\n"),
    );
    let out = run(&["token", "create", "--user", "a@test.example"], None);
    out.lines().last().unwrap().trim().to_string()
}

/// Runs a CLI command on `w`'s database with `stdin`; returns stdout, failing the test on error.
pub fn run_ok(w: &Workdir, args: &[&str], stdin: Option<&str>) -> String {
    use std::io::Write;
    let mut c = dragnet();
    c.current_dir(w.dir.path())
        .args(["--db", &w.db()])
        .args(args);
    c.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            input.write_all(s.as_bytes()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}
