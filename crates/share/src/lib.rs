//! Dragnet's sharing formats and protocols, pure and without I/O: what leaves (and enters)
//! an organisation when it shares intelligence with partners.
//!
//! * [`stix`]: STIX 2.1 bundles built from operations and indicators (with Dragnet's
//!   extension definitions for phone numbers, remote-access ids, wallets, IBANs and gift
//!   cards), and the import of partners' bundles back into indicators.
//! * [`misp`]: MISP core-format events, export and import.
//! * [`blocklist`]: plain text, CSV, hosts file and DNS RPZ renderings for products.
//! * [`psi`]: private set intersection (ECDH over ristretto255) so two organisations learn
//!   how much they share without revealing the rest.
//! * [`tlp`]: TLP 2.0 levels and their official STIX marking definitions.
//!
//! Victims' personal data never enters this crate's inputs: operations come in as
//! [`dragnet_cluster::summary::ClusterSummary`] (counts, countries, first and last seen) and
//! indicators as normalised values. The mapping tables live in `docs/SHARING.md`.
#![forbid(unsafe_code)]

pub mod blocklist;
pub mod envelope;
pub mod ids;
pub mod indicator;
pub mod misp;
pub mod psi;
pub mod stix;
pub mod tlp;

pub use indicator::SharedIndicator;
pub use tlp::Tlp;
