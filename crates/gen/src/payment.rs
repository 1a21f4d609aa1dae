//! Payment and remote-access identifiers: mule IBANs, crypto wallets, gift-card codes and
//! AnyDesk/TeamViewer ids, each with its normal form (FORMATS.md §2 and docs/GENERATOR.md).
//!
//! Normal forms: IBAN compact upper-case; wallet exactly as written (the generator always
//! writes the checksummed form); remote access `anydesk:123456789`; gift card
//! `<slug>:<CODE>` with the code upper-cased and stripped of spaces and dashes.

use crate::checksum;
use crate::narrative::group;
use crate::util::{R, chance, digits, pick, weighted};
use rand::Rng;

/// A mule account in `country` (DE, ES, GB or FR), compact upper-case.
pub fn iban(rng: &mut R, country: &str) -> String {
    let bban = match country {
        "ES" => {
            let bank_branch = format!(
                "{}{}",
                pick(rng, &["2100", "0049", "0182", "0081", "2038", "0128"]),
                digits(rng, 4)
            );
            let account = digits(rng, 10);
            let dc = checksum::es_national_check(&format!("00{bank_branch}"), &account);
            format!("{bank_branch}{dc}{account}")
        }
        "GB" => format!(
            "{}{}{}",
            pick(
                rng,
                &["BARC", "LOYD", "NWBK", "HBUK", "MIDL", "MONZ", "SRLG"]
            ),
            digits(rng, 6),
            digits(rng, 8)
        ),
        "FR" => {
            let bank =
                pick(rng, &["30004", "30003", "20041", "10107", "30066", "16958"]).to_string();
            let branch = digits(rng, 5);
            let account = digits(rng, 11);
            let key = checksum::fr_rib_key(&bank, &branch, &account);
            format!("{bank}{branch}{account}{key}")
        }
        _ => format!(
            "{}{}",
            pick(
                rng,
                &[
                    "10010010", "37040044", "50010517", "20041133", "10011001", "12030000"
                ]
            ),
            digits(rng, 10)
        ),
    };
    let cc = if matches!(country, "ES" | "GB" | "FR") {
        country
    } else {
        "DE"
    };
    checksum::iban_from_bban(cc, &bban)
}

/// How an IBAN appears in text: grouped by four, compact, now and then lower-case.
pub fn write_iban(rng: &mut R, iban: &str) -> String {
    let s = if chance(rng, 0.6) {
        group(iban, 4, " ")
    } else {
        iban.to_string()
    };
    if chance(rng, 0.05) {
        s.to_ascii_lowercase()
    } else {
        s
    }
}

/// A wallet: `(kind, address)`, kind `btc` or `eth`.
pub fn wallet(rng: &mut R) -> (&'static str, String) {
    let mut h = [0u8; 20];
    rng.fill(&mut h);
    match *weighted(rng, &[(0, 35), (1, 15), (2, 30), (3, 20)]) {
        0 => ("btc", checksum::base58check(0, &h)),
        1 => ("btc", checksum::base58check(5, &h)),
        2 => ("btc", checksum::bech32_segwit_v0("bc", &h)),
        _ => ("eth", checksum::eip55(&h)),
    }
}

/// The scammer's remote-access id: 9 digits starting 5-9 (victims' own ids start 1-4, so
/// the two never collide).
pub fn scam_remote_id(rng: &mut R) -> String {
    format!("{}", rng.random_range(500_000_000u64..1_000_000_000))
}

/// A victim's own remote-access id, unique per victim index (below 4·10^8 victims).
pub fn victim_remote_id(index: u64) -> String {
    format!(
        "{}",
        100_000_000 + (index.wrapping_mul(48_271).wrapping_add(97_531)) % 400_000_000
    )
}

/// Gift-card brands: `(slug, display name)`.
pub const CARDS: &[(&str, &str)] = &[
    ("google_play", "Google Play"),
    ("apple", "Apple"),
    ("amazon", "Amazon"),
    ("steam", "Steam"),
    ("ebay", "eBay"),
    ("target", "Target"),
];

const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

fn code_chars(rng: &mut R, n: usize) -> String {
    (0..n)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// A gift-card code: `(normalised code, written code)`.
pub fn gift_code(rng: &mut R, slug: &str) -> (String, String) {
    let (code, written) = match slug {
        "google_play" => {
            let c = code_chars(rng, 20);
            let w = match rng.random_range(0..3) {
                0 => group(&c, 4, "-"),
                1 => group(&c, 4, " "),
                _ => c.clone(),
            };
            (c, w)
        }
        "apple" => {
            let c = format!("X{}", code_chars(rng, 15));
            let w = if chance(rng, 0.6) {
                group(&c, 4, " ")
            } else {
                c.clone()
            };
            (c, w)
        }
        "amazon" => {
            let (a, b, d) = (code_chars(rng, 4), code_chars(rng, 6), code_chars(rng, 4));
            (format!("{a}{b}{d}"), format!("{a}-{b}-{d}"))
        }
        "steam" => {
            let c = code_chars(rng, 15);
            (c.clone(), group(&c, 5, "-"))
        }
        "target" => {
            let c = digits(rng, 15);
            (c.clone(), group(&c, 5, " "))
        }
        _ => {
            let c = code_chars(rng, 16);
            (c.clone(), group(&c, 4, " "))
        }
    };
    let written = if chance(rng, 0.06) {
        written.to_ascii_lowercase()
    } else {
        written
    };
    (code, written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_iban_verifies_and_has_its_country_length() {
        let mut rng = R::seed_from_u64(4);
        for (cc, len) in [("DE", 22), ("ES", 24), ("GB", 22), ("FR", 27)] {
            for _ in 0..500 {
                let i = iban(&mut rng, cc);
                assert_eq!((&i[..2], i.len()), (cc, len), "{i}");
                assert!(checksum::iban_is_valid(&i), "{i}");
                assert!(checksum::iban_is_valid(&write_iban(&mut rng, &i)));
            }
        }
    }

    #[test]
    fn every_wallet_verifies() {
        let mut rng = R::seed_from_u64(5);
        for _ in 0..2000 {
            let (kind, w) = wallet(&mut rng);
            let ok = match (kind, &w[..1]) {
                ("eth", _) => checksum::eip55_is_valid(&w),
                ("btc", "b") => checksum::bech32_is_valid(&w),
                _ => checksum::base58check_is_valid(&w),
            };
            assert!(ok, "{w}");
        }
    }

    #[test]
    fn remote_ids_of_victims_and_scammers_never_collide() {
        let mut rng = R::seed_from_u64(6);
        for i in 0..10_000u64 {
            assert!(victim_remote_id(i).as_bytes()[0] <= b'4');
            assert!(scam_remote_id(&mut rng).as_bytes()[0] >= b'5');
        }
        let ids: std::collections::BTreeSet<String> =
            (0..100_000u64).map(victim_remote_id).collect();
        assert_eq!(ids.len(), 100_000);
    }
}
