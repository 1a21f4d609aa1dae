//! Integration tests of dragnet-share: one binary, one module per format or protocol.

mod blocklist;
mod fixtures;
mod misp;
mod psi;
mod robustness;
mod stix;
