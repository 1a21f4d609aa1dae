//! Normalising losses to US dollars with a shipped, dated table: the ECB euro reference
//! rates of 2023-12-29 (`data/ecb_eur_reference_rates_2023-12-29.csv`), so that the same
//! report always gives the same dollar figure and every output can say which rates it used.
//!
//! Conversion goes through the euro, the table's base: `usd = amount / per_eur(currency) *
//! per_eur(USD)`, exact decimal arithmetic, rounded half away from zero to cents at the end
//! of a sum. A currency the table lacks is reported as unconverted, never guessed.

use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

/// The date of the shipped reference rates.
pub const RATES_DATE: &str = "2023-12-29";

const RATES_CSV: &str = include_str!("../data/ecb_eur_reference_rates_2023-12-29.csv");

/// Units of each currency per euro, on one date.
#[derive(Debug, Clone)]
pub struct Rates {
    date: String,
    per_eur: HashMap<String, Decimal>,
}

impl Rates {
    /// Parses `currency,per_eur` lines; `#` lines and the header are skipped.
    pub fn parse(date: &str, csv: &str) -> Result<Rates, String> {
        let mut per_eur = HashMap::new();
        for (n, line) in csv.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with("currency,") {
                continue;
            }
            let Some((cur, rate)) = line.split_once(',') else {
                return Err(format!("line {}: expected `currency,rate`", n + 1));
            };
            let rate = Decimal::from_str(rate.trim())
                .map_err(|_| format!("line {}: `{rate}` is not a decimal", n + 1))?;
            if rate <= Decimal::ZERO {
                return Err(format!("line {}: rate must be positive", n + 1));
            }
            per_eur.insert(cur.trim().to_ascii_uppercase(), rate);
        }
        if !per_eur.contains_key("USD") || !per_eur.contains_key("EUR") {
            return Err("the table needs EUR and USD".to_string());
        }
        Ok(Rates {
            date: date.to_string(),
            per_eur,
        })
    }

    /// The shipped table.
    pub fn shipped() -> &'static Rates {
        static SHIPPED: OnceLock<Rates> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            // Invariant: the shipped file is checked by `shipped_table_parses`; an empty
            // table (every loss unconverted) is the fallback, never a panic.
            Rates::parse(RATES_DATE, RATES_CSV).unwrap_or_else(|_| Rates {
                date: RATES_DATE.to_string(),
                per_eur: HashMap::new(),
            })
        })
    }

    pub fn date(&self) -> &str {
        &self.date
    }

    /// The amount in US dollars, unrounded; `None` for a currency the table lacks.
    pub fn to_usd(&self, currency: &str, amount: Decimal) -> Option<Decimal> {
        if currency == "USD" {
            return Some(amount);
        }
        let cur = self.per_eur.get(currency)?;
        let usd = self.per_eur.get("USD")?;
        amount.checked_mul(*usd)?.checked_div(*cur)
    }
}

/// A decimal as a string with exactly two decimals, rounded half away from zero.
pub fn cents(amount: Decimal) -> String {
    let mut a = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    a.rescale(2);
    a.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_parses() {
        let r = Rates::parse(RATES_DATE, RATES_CSV).unwrap();
        assert_eq!(r.date(), "2023-12-29");
        assert!(r.per_eur.len() >= 30);
    }

    #[test]
    fn converts_through_the_euro() {
        let r = Rates::shipped();
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let cases = [
            ("USD", "100", Some("100.00")),
            ("EUR", "100", Some("110.50")),
            ("GBP", "86.905", Some("110.50")),
            ("JPY", "15633", Some("110.50")),
            ("INR", "1000", Some("12.02")),
            ("XAF", "1000", None),
        ];
        for (cur, amount, want) in cases {
            let got = r.to_usd(cur, d(amount)).map(cents);
            assert_eq!(got.as_deref(), want, "{amount} {cur}");
        }
    }

    #[test]
    fn rejects_bad_tables() {
        assert_eq!(
            Rates::parse("d", "USD,1\n").unwrap_err(),
            "the table needs EUR and USD"
        );
        assert_eq!(
            Rates::parse("d", "EUR,1\nUSD,x\n").unwrap_err(),
            "line 2: `x` is not a decimal"
        );
        assert_eq!(
            Rates::parse("d", "EUR,1\nUSD,0\n").unwrap_err(),
            "line 2: rate must be positive"
        );
        assert_eq!(
            Rates::parse("d", "EUR 1\n").unwrap_err(),
            "line 1: expected `currency,rate`"
        );
    }
}
