//! Dragnet's detection logic: which brand a domain imitates, which scam phrases a text uses,
//! which browser-locker tricks a saved page plays, and the verdict of the "is this a scam?"
//! check that combines them with what the store knows. Pure: no I/O, no clock.
#![forbid(unsafe_code)]

pub mod brands;
pub mod domain;
pub mod fold;
pub mod lang;
pub mod text;

pub use brands::{BrandError, BrandSpec, Registry};
pub use domain::{Impersonation, Scorer, Technique, parse_host};
pub use lang::Lang;
pub use text::{SignalHit, TextAnalysis, TextScanner, analyse_text};

/// Scores `input` (domain or URL) against the built-in brands; see [`domain`].
pub fn score_domain(input: &str) -> Option<Impersonation> {
    static SCORER: std::sync::LazyLock<Scorer> =
        std::sync::LazyLock::new(|| Scorer::new(Registry::builtin()));
    SCORER.score(input)
}
