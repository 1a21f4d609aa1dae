//! The storage suite: every test runs against SQLite and PostgreSQL.
//!
//! PostgreSQL comes from `DRAGNET_TEST_POSTGRES_URL` (scripts/test starts a throwaway
//! cluster); each test gets a fresh database in it. Without that variable the PostgreSQL half
//! is skipped with a notice, unless `DRAGNET_REQUIRE_POSTGRES=1`, when it fails.

mod cases;
mod helpers;
mod partner;
mod reports;
mod retention;
mod taxii;
