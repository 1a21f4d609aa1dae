//! Referral evidence packages: what a company hands a law-enforcement agency so it can act on
//! an operation, and how the agency checks that nothing in it was changed. Pure: it builds
//! bytes in memory; storage collects the case and the CLI/API write or serve the result.
//!
//! * [`model`]: the input ([`PackageInput`]: case, operations, reports, explain-why chains,
//!   releases of personal data, actions, outcomes, custody log, attachments) and the
//!   [`Facts`] every rendering shares. Victims' personal data survives only where the case
//!   records its release for the package's agency.
//! * [`build()`]: `report.html`, `report.pdf`, `stix/bundle.json`, `tables/*.csv`,
//!   `case.json`, `custody.jsonl`, `attachments/*`, `public-key.txt`, `README.txt`, and
//!   `manifest.json` (SHA-256 of every file) signed with Ed25519 in `manifest.sig`, zipped.
//! * [`verify()`]: re-hashes every file and checks the signature and the key, naming each
//!   problem (changed, missing or extra file, bad signature, wrong key).
//!
//! The layout of a package is written out in `docs/REFERRALS.md`.
#![forbid(unsafe_code)]

mod build;
pub mod chart;
mod html;
pub mod model;
pub mod package;
mod pdf;
pub mod signing;

pub use build::{BuildError, build};
pub use model::{
    Attachment, CaseInfo, CustodyEntry, Facts, IndicatorAction, OutcomeEntry, PackageInput,
    Release, ReportEntry, VictimData,
};
pub use package::{Manifest, ManifestEntry, Package, Problem, Verification, verify};
pub use signing::{OrgKey, PublicKey};
