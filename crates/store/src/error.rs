//! Storage errors, classified by what a caller should do about them.

/// What went wrong in storage. The web layer maps `Unavailable` to 503 + Retry-After,
/// `DiskFull`/`ReadOnly` to 507/503 with a clear message, the rest to 500.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database is unreachable or busy right now; retrying later will work.
    #[error("the database is unavailable right now: {0}")]
    Unavailable(String),
    /// The disk is full: nothing more can be written until room is made.
    #[error("the database's disk is full: {0}")]
    DiskFull(String),
    /// The database or its directory is read-only.
    #[error("the database is read-only: {0}")]
    ReadOnly(String),
    /// The data key is missing, malformed or not the one the data was written with.
    #[error("data key problem: {0}")]
    Key(String),
    /// The database URL or configuration is wrong.
    #[error("database configuration: {0}")]
    Config(String),
    /// The thing to create exists already (a user, an organisation).
    #[error("{0}")]
    Conflict(String),
    /// A value given to storage is not acceptable (an e-mail, a name).
    #[error("{0}")]
    Invalid(String),
    /// Anything else: a bug or corruption. Logged whole, shown to nobody.
    #[error("storage failure: {0}")]
    Internal(String),
}

impl StoreError {
    /// True when the same request may succeed if retried later.
    pub fn is_retryable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        use sqlx::Error as E;
        match &e {
            E::PoolTimedOut | E::PoolClosed | E::Io(_) | E::Tls(_) | E::WorkerCrashed => {
                StoreError::Unavailable(e.to_string())
            }
            E::Database(db) => {
                let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
                let msg = db.message().to_string();
                // SQLite primary result codes (low byte of the extended code) and PostgreSQL
                // SQLSTATEs that mean "not now" or "not possible here" rather than a bug.
                let sqlite_primary = code.parse::<i32>().ok().map(|c| c & 0xff);
                match (sqlite_primary, code.as_str()) {
                    (Some(5 | 6), _) => StoreError::Unavailable(msg), // BUSY, LOCKED
                    (Some(13), _) => StoreError::DiskFull(msg),       // FULL
                    (Some(8), _) => StoreError::ReadOnly(msg),        // READONLY
                    (_, "53100") => StoreError::DiskFull(msg),        // disk_full
                    (_, "25006") => StoreError::ReadOnly(msg),        // read_only_sql_transaction
                    (_, c) if c.starts_with("08") || c.starts_with("57P") || c == "53300" => {
                        StoreError::Unavailable(msg) // connection exceptions, shutdown, too many conns
                    }
                    _ => StoreError::Internal(format!("{msg} (code {code})")),
                }
            }
            _ => StoreError::Internal(e.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        match e {
            sqlx::migrate::MigrateError::Execute(inner) => inner.into(),
            other => StoreError::Internal(format!("migration failed: {other}")),
        }
    }
}
