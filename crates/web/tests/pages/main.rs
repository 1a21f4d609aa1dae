//! Page tests, in-process: each test builds the pages (and the reports API) on a fresh
//! SQLite database and calls the router as a browser would, cookies and all.

mod check;
mod helpers;
mod i18n;
mod report;
mod security;
