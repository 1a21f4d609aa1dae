//! Brands an operation impersonates, inferred from its domains when reports do not say.
//!
//! Matching rule: drop the last label (the top-level domain), remove dots and hyphens,
//! lower-case, and look for the tokens of `data/brand_tokens.csv`, longest first; the first
//! token found names the brand (`microsoft-help-desk.com` -> Microsoft, `amzn-refund.net`
//! -> Amazon). Punycode labels (`xn--`) are left to extraction's confusable check, which
//! reports brands through `narrative_brands`.

use std::sync::OnceLock;

const TOKENS_CSV: &str = include_str!("../data/brand_tokens.csv");

fn tokens() -> &'static [(String, String)] {
    static TOKENS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    TOKENS.get_or_init(|| {
        let mut t: Vec<(String, String)> = TOKENS_CSV
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "token,brand")
            .filter_map(|l| l.split_once(','))
            .map(|(tok, brand)| (tok.trim().to_ascii_lowercase(), brand.trim().to_string()))
            .collect();
        t.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        t
    })
}

/// The brand a domain's name points at, if any.
pub fn brand_of_domain(domain: &str) -> Option<&'static str> {
    let d = domain.trim_end_matches('.').to_ascii_lowercase();
    let name = match d.rsplit_once('.') {
        Some((name, _tld)) => name,
        None => return None,
    };
    if name.split('.').any(|l| l.starts_with("xn--")) {
        return None;
    }
    let squashed: String = name.chars().filter(|c| *c != '.' && *c != '-').collect();
    tokens()
        .iter()
        .find(|(tok, _)| squashed.contains(tok.as_str()))
        .map(|(_, b)| b.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_brands_from_domains() {
        let cases = [
            ("microsoft-help.com", Some("Microsoft")),
            ("secure.micro-soft-support.net", Some("Microsoft")),
            ("amzn-refunds.co.uk", Some("Amazon")),
            ("geek-squad-renewal.com", Some("Geek Squad")),
            ("paypal-billing.info", Some("PayPal")),
            ("windows-defender-alert.xyz", Some("Microsoft")),
            ("fixmypc.com", None),
            ("com", None),
            ("xn--microsft-5fd.com", None),
        ];
        for (d, want) in cases {
            assert_eq!(brand_of_domain(d), want, "{d}");
        }
    }
}
