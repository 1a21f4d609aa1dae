//! End-to-end tests of the `dragnet` binary: what a user typing commands sees.

mod accounts;
mod check;
mod clusters;
mod export;
mod faults;
mod generate;
mod helpers;
mod http;
mod import;
mod overlap;
mod partner;
mod postgres;
mod referral;
mod retention;
mod serve;
mod taxii;
mod workers;
