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

    pub async fn store(&self) -> SqlStore {
        let (key, _) = DataKey::load_or_create(&self.path("dragnet.key")).unwrap();
        SqlStore::open(&self.db(), key).await.unwrap()
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
