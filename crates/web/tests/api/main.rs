//! API tests, in-process: each test builds the app on a fresh SQLite database and calls the
//! router directly (no socket), as a client would see it.

mod authz;
mod cases;
mod check;
mod clusters;
mod fetch;
mod helpers;
mod openapi;
mod partner;
mod reports;
mod taxii;
mod tlp;
