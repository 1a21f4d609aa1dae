//! Integration tests of dragnet-share: one binary, one module per format or protocol.

mod fixtures;
mod psi;
mod stix;
