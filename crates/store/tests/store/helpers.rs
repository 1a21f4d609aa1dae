use dragnet_core::{Indicator, ReportInput};
use dragnet_store::{DataKey, NewReport, SqlStore};
use sqlx::Executor;

/// A store on a fresh database, and what keeps it alive.
pub struct TestDb {
    pub store: SqlStore,
    pub url: String,
    pub key: DataKey,
    pub name: &'static str,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("t.db").display().to_string();
    let key = DataKey::generate();
    let store = SqlStore::open(&url, key.clone()).await.unwrap();
    TestDb {
        store,
        url,
        key,
        name: "sqlite",
        _dir: Some(dir),
    }
}

pub async fn postgres() -> Option<TestDb> {
    let Ok(admin) = std::env::var("DRAGNET_TEST_POSTGRES_URL") else {
        if std::env::var("DRAGNET_REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("DRAGNET_REQUIRE_POSTGRES=1 but DRAGNET_TEST_POSTGRES_URL is not set");
        }
        eprintln!(
            "note: DRAGNET_TEST_POSTGRES_URL unset; skipping the PostgreSQL half (run scripts/test)"
        );
        return None;
    };
    sqlx::any::install_default_drivers();
    let db = format!("t_{}", hex_id());
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
        .await
        .unwrap();
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}")))
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    let url = format!("{base}/{db}");
    let key = DataKey::generate();
    let store = SqlStore::open(&url, key.clone()).await.unwrap();
    Some(TestDb {
        store,
        url,
        key,
        name: "postgres",
        _dir: None,
    })
}

/// Both backends (PostgreSQL when available).
pub async fn backends() -> Vec<TestDb> {
    let mut v = vec![sqlite().await];
    if let Some(pg) = postgres().await {
        v.push(pg);
    }
    v
}

fn hex_id() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let n = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{:x}{:x}", n, std::process::id())
}

pub fn report(json: &str) -> NewReport {
    let input = ReportInput::from_json_line(json).unwrap();
    let mut inds = Vec::new();
    for raw in &input.indicators {
        inds.push(Indicator::new(
            raw.ty,
            raw.value.to_lowercase(),
            raw.value.clone(),
        ));
    }
    NewReport::new(input, inds, "test")
}
