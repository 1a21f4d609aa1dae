//! Money as reported by victims: a non-negative decimal amount in an ISO 4217 currency.
//!
//! Amounts are kept as exact decimals (never floats) in the currency the victim paid in;
//! normalisation to USD happens in summaries with a dated rates table.

use rust_decimal::Decimal;
use std::str::FromStr;

/// A loss: exact amount and ISO 4217 currency. Only constructible by [`Money::parse`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Money {
    #[serde(with = "rust_decimal::serde::str")]
    amount: Decimal,
    currency: String,
}

impl Money {
    /// Parses an amount (`"499.00"`, `"1,200.50"` is refused: thousands separators are
    /// ambiguous across locales) and a currency code. Errors name the field.
    pub fn parse(amount: &str, currency: &str) -> Result<Self, crate::FieldError> {
        let amount_t = amount.trim();
        let dec = Decimal::from_str(amount_t).map_err(|_| {
            crate::FieldError::new("loss.amount", format!("`{amount}` is not a decimal number"))
        })?;
        if dec.is_sign_negative() && !dec.is_zero() {
            return Err(crate::FieldError::new(
                "loss.amount",
                format!("`{amount}` is negative; a loss is zero or more"),
            ));
        }
        let cur = currency.trim().to_ascii_uppercase();
        let Some(iso) = iso_currency::Currency::from_code(&cur) else {
            return Err(crate::FieldError::new(
                "loss.currency",
                format!("`{currency}` is not an ISO 4217 currency code"),
            ));
        };
        let exp = iso.exponent().unwrap_or(2) as u32;
        if dec.scale() > exp.max(2) {
            return Err(crate::FieldError::new(
                "loss.amount",
                format!("`{amount}` has more decimals than {cur} allows"),
            ));
        }
        Ok(Money {
            amount: dec.normalize(),
            currency: cur,
        })
    }

    pub fn amount(&self) -> Decimal {
        self.amount
    }

    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// The amount as written in exports: always with the currency's minor digits.
    pub fn amount_string(&self) -> String {
        let exp = iso_currency::Currency::from_code(&self.currency)
            .and_then(|c| c.exponent())
            .unwrap_or(2) as u32;
        let mut a = self.amount;
        a.rescale(exp);
        a.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let m = Money::parse("499", "eur").unwrap();
        assert_eq!(m.currency(), "EUR");
        assert_eq!(m.amount_string(), "499.00");
        assert_eq!(Money::parse("1000", "JPY").unwrap().amount_string(), "1000");
    }

    #[test]
    fn rejects_bad_values_naming_the_field() {
        assert_eq!(Money::parse("-5", "USD").unwrap_err().field, "loss.amount");
        assert_eq!(Money::parse("abc", "USD").unwrap_err().field, "loss.amount");
        assert_eq!(Money::parse("5", "XYZ").unwrap_err().field, "loss.currency");
    }
}
