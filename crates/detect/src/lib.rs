//! Dragnet's detection logic: which brand a domain imitates, which scam phrases a text uses,
//! which browser-locker tricks a saved page plays, and the verdict of the "is this a scam?"
//! check that combines them with what the store knows. Pure: no I/O, no clock.
//!
//! Entry points: [`Detector`] (built once from a [`Registry`], shared by reference; every
//! method takes `&self`), or the free functions [`score_domain`], [`analyse_text`],
//! [`analyse_page`] and [`check`] over the built-in brands.
#![forbid(unsafe_code)]

pub mod brands;
pub mod domain;
pub mod fold;
pub mod html;
pub mod json;
pub mod lang;
pub mod page;
pub mod text;
pub mod verdict;

use std::sync::LazyLock;

pub use brands::{BrandError, BrandSpec, Registry};
pub use domain::{Impersonation, Scorer, Technique, parse_host};
pub use lang::Lang;
pub use page::{PageAnalysis, Trick};
pub use text::{SignalHit, TextAnalysis, TextScanner};
pub use verdict::{
    CheckError, CheckInput, IndicatorMatch, Knowledge, Matches, NoKnowledge, Reason, Verdict,
    VerdictKind,
};

/// Everything detection needs, compiled once: the domain scorer over a brand registry,
/// the text-signal scanner and the brand-name matcher for pages.
pub struct Detector {
    scorer: Scorer,
    text: TextScanner,
    /// Brand names, aliases and products (lower-case) -> brand name.
    names: Option<(aho_corasick::AhoCorasick, Vec<String>)>,
}

impl Detector {
    /// A detector over `registry` (the built-in brands, possibly extended by the user's).
    pub fn new(registry: Registry) -> Self {
        let mut pats = Vec::new();
        let mut owners = Vec::new();
        for b in registry.brands() {
            for n in std::iter::once(&b.name)
                .chain(&b.aliases)
                .chain(&b.products)
            {
                if n.len() >= 3 {
                    pats.push(n.to_lowercase());
                    owners.push(b.name.clone());
                }
            }
        }
        let names = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&pats)
            .ok()
            .map(|ac| (ac, owners));
        Self {
            scorer: Scorer::new(registry),
            text: TextScanner::new(),
            names,
        }
    }

    /// The detector over the built-in brands, built on first use.
    pub fn builtin() -> &'static Detector {
        static BUILTIN: LazyLock<Detector> = LazyLock::new(|| Detector::new(Registry::builtin()));
        &BUILTIN
    }

    pub fn scorer(&self) -> &Scorer {
        &self.scorer
    }

    pub fn text_scanner(&self) -> &TextScanner {
        &self.text
    }

    /// See [`domain`].
    pub fn score_domain(&self, input: &str) -> Option<Impersonation> {
        self.scorer.score(input)
    }

    /// See [`text`].
    pub fn analyse_text(&self, text: &str, lang: Lang) -> TextAnalysis {
        self.text.analyse(text, lang)
    }

    /// See [`page`].
    pub fn analyse_page(&self, html: &str, lang: Lang) -> PageAnalysis {
        page::analyse(html, lang, &self.text, &|t| self.brands_named(t))
    }

    /// Brands whose name, alias or product is written in `text` as a whole word.
    pub fn brands_named(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let Some((ac, owners)) = &self.names else {
            return out;
        };
        let b = text.as_bytes();
        for m in ac.find_iter(text) {
            let before = m.start().checked_sub(1).map(|i| b[i]);
            let after = b.get(m.end()).copied();
            let word = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if word(before) || word(after) {
                continue;
            }
            let name = &owners[m.pattern().as_usize()];
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        out
    }
}

/// Scores `input` (domain or URL) against the built-in brands; see [`domain`].
pub fn score_domain(input: &str) -> Option<Impersonation> {
    Detector::builtin().score_domain(input)
}

/// Scam-language signals of `text`, explained in `lang`; see [`text`].
pub fn analyse_text(text: &str, lang: Lang) -> TextAnalysis {
    Detector::builtin().analyse_text(text, lang)
}

/// Numbers, brands and browser-locker tricks of a saved page; see [`page`].
pub fn analyse_page(html: &str, lang: Lang) -> PageAnalysis {
    Detector::builtin().analyse_page(html, lang)
}

/// The verdict for `input` over the built-in brands; see [`verdict`].
pub fn check(
    input: &CheckInput,
    lang: Lang,
    knowledge: &dyn Knowledge,
) -> Result<Verdict, CheckError> {
    Detector::builtin().check(input, lang, knowledge)
}
