//! IBANs (`Iban`): ISO 13616, country code + check digits + BBAN, length fixed per country
//! (the registry's lengths below), mod-97 of the rearranged number must be 1. Normalised
//! without spaces, upper-case.

/// Registry lengths per country (SWIFT IBAN registry).
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

/// The registry length of IBANs of a country, if it issues IBANs.
pub(crate) fn length(country: &str) -> Option<usize> {
    LENGTHS.iter().find(|(c, _)| *c == country).map(|(_, n)| *n)
}

/// A checksum-verified IBAN.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Iban(String);

impl Iban {
    /// Parses `DE89 3704 0044 0532 0130 00` (spaces, dashes, lower case allowed).
    pub fn parse(s: &str) -> Result<Iban, String> {
        let compact: String = s
            .trim()
            .trim_start_matches("IBAN")
            .trim_start_matches(':')
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !compact.chars().all(|c| c.is_ascii_alphanumeric()) || compact.len() < 5 {
            return Err(format!("`{s}` is not an IBAN"));
        }
        let country = &compact[..2];
        let want = length(country).ok_or_else(|| format!("`{s}`: `{country}` issues no IBANs"))?;
        if compact.len() != want {
            return Err(format!(
                "`{s}`: a {country} IBAN has {want} characters, not {}",
                compact.len()
            ));
        }
        if !compact[2..4].bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{s}`: check digits are not digits"));
        }
        if !mod97_ok(&compact) {
            return Err(format!("`{s}`: IBAN check digits do not match (mod 97)"));
        }
        Ok(Iban(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn country(&self) -> &str {
        &self.0[..2]
    }
}

fn mod97_ok(iban: &str) -> bool {
    let rearranged = iban[4..].bytes().chain(iban[..4].bytes());
    let mut rem: u32 = 0;
    for b in rearranged {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let ok = [
            ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
            ("gb29nwbk60161331926819", "GB29NWBK60161331926819"),
            (
                "FR14 2004 1010 0505 0001 3M02 606",
                "FR1420041010050500013M02606",
            ),
            ("ES91 2100 0418 4502 0005 1332", "ES9121000418450200051332"),
            ("IBAN: NL91ABNA0417164300", "NL91ABNA0417164300"),
        ];
        for (input, want) in ok {
            assert_eq!(
                Iban::parse(input).map(|i| i.0),
                Ok(want.to_string()),
                "{input}"
            );
        }
        let bad = [
            (
                "DE89 3704 0044 0532 0130 01",
                "`DE89 3704 0044 0532 0130 01`: IBAN check digits do not match (mod 97)",
            ),
            (
                "DE89 3704 0044 0532 0130",
                "`DE89 3704 0044 0532 0130`: a DE IBAN has 22 characters, not 20",
            ),
            (
                "XX89370400440532013000",
                "`XX89370400440532013000`: `XX` issues no IBANs",
            ),
        ];
        for (input, want) in bad {
            assert_eq!(Iban::parse(input), Err(want.to_string()), "{input}");
        }
    }
}
