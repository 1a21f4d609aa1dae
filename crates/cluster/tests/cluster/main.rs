//! Integration tests of the correlation engine: one binary, one module per concern.

mod helpers;

mod duplicates;
mod explain;
mod hubs;
mod ids;
mod order;
mod summary;
