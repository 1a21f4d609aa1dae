//! Check digits of the payment identifiers the generator invents: IBAN (ISO 13616 mod-97,
//! plus the Spanish and French national keys), Bitcoin base58check and bech32 (BIP-173),
//! and Ethereum mixed-case checksums (EIP-55).
//!
//! Every value the generator writes must verify, because a real extractor rejects values
//! whose checksum fails; the `*_is_valid` functions are the generator's own oracle and are
//! public so that tests elsewhere can reuse them.

use sha2::{Digest, Sha256};
use tiny_keccak::{Hasher, Keccak};

/// `n mod 97` of the IBAN digit string (letters become 10..35), fed digit by digit.
fn mod97(s: &str) -> u32 {
    let mut r: u32 = 0;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            r = (r * 10 + d) % 97;
        } else if c.is_ascii_alphabetic() {
            let v = c.to_ascii_uppercase() as u32 - 'A' as u32 + 10;
            r = (r * 100 + v) % 97;
        }
    }
    r
}

/// Builds a full IBAN (compact, upper-case) from a country code and its BBAN.
pub fn iban_from_bban(country: &str, bban: &str) -> String {
    let rearranged = format!("{bban}{country}00");
    let check = 98 - mod97(&rearranged);
    format!("{country}{check:02}{bban}")
}

/// True when `iban` (spaces allowed, any case) passes the ISO 13616 mod-97 check.
pub fn iban_is_valid(iban: &str) -> bool {
    let compact: String = iban.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 15
        || compact.len() > 34
        || !compact.is_ascii()
        || !compact.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return false;
    }
    let (head, tail) = compact.split_at(4);
    mod97(&format!("{tail}{head}")) == 1
}

/// The two Spanish "dígitos de control" over bank+branch and over the account number.
pub fn es_national_check(bank_branch: &str, account: &str) -> String {
    const W: [u32; 10] = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
    let digit = |s: &str| -> u32 {
        let sum: u32 = s
            .chars()
            .rev()
            .zip(W.iter().rev())
            .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
            .sum();
        match 11 - sum % 11 {
            11 => 0,
            10 => 1,
            d => d,
        }
    };
    format!("{}{}", digit(bank_branch), digit(account))
}

/// The French RIB key over bank code, branch code and (numeric) account number.
pub fn fr_rib_key(bank: &str, branch: &str, account: &str) -> String {
    let num = |s: &str| -> u64 { s.parse::<u64>().unwrap_or(0) % 97 };
    let r = (89 * num(bank) + 15 * num(branch) + 3 * num(account)) % 97;
    format!("{:02}", 97 - r)
}

const B58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn double_sha256(data: &[u8]) -> [u8; 32] {
    let first = Sha256::digest(data);
    Sha256::digest(first).into()
}

/// Base58check of `version || payload` (Bitcoin P2PKH with version 0, P2SH with 5).
pub fn base58check(version: u8, payload: &[u8]) -> String {
    let mut data = Vec::with_capacity(payload.len() + 5);
    data.push(version);
    data.extend_from_slice(payload);
    let sum = double_sha256(&data);
    data.extend_from_slice(&sum[..4]);
    let zeros = data.iter().take_while(|b| **b == 0).count();
    // Repeated division of the big-endian number by 58.
    let mut digits: Vec<u8> = Vec::with_capacity(data.len() * 2);
    for &byte in &data {
        let mut carry = byte as u32;
        for d in digits.iter_mut() {
            carry += (*d as u32) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let mut out = String::with_capacity(zeros + digits.len());
    out.extend(std::iter::repeat_n('1', zeros));
    out.extend(digits.iter().rev().map(|d| B58[*d as usize] as char));
    out
}

/// True when `s` decodes as base58 and its last four bytes are the double-SHA-256 checksum.
pub fn base58check_is_valid(s: &str) -> bool {
    let mut bytes: Vec<u8> = Vec::new();
    for c in s.bytes() {
        let Some(v) = B58.iter().position(|b| *b == c) else {
            return false;
        };
        let mut carry = v as u32;
        for b in bytes.iter_mut() {
            carry += (*b as u32) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = s.bytes().take_while(|b| *b == b'1').count();
    bytes.extend(std::iter::repeat_n(0, zeros));
    bytes.reverse();
    if bytes.len() < 5 {
        return false;
    }
    let (body, sum) = bytes.split_at(bytes.len() - 4);
    double_sha256(body)[..4] == *sum
}

const BECH32: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn bech32_polymod(values: &[u8]) -> u32 {
    const GEN: [u32; 5] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    let mut chk: u32 = 1;
    for v in values {
        let top = chk >> 25;
        chk = ((chk & 0x1ff_ffff) << 5) ^ (*v as u32);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

fn hrp_expand(hrp: &str) -> Vec<u8> {
    let mut v: Vec<u8> = hrp.bytes().map(|b| b >> 5).collect();
    v.push(0);
    v.extend(hrp.bytes().map(|b| b & 31));
    v
}

/// A segregated-witness version-0 address in bech32 (BIP-173), e.g. `bc1q…`.
pub fn bech32_segwit_v0(hrp: &str, program: &[u8]) -> String {
    // Regroup 8-bit bytes into 5-bit words, padding the last one.
    let mut data: Vec<u8> = vec![0];
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in program {
        acc = (acc << 8) | *b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            data.push(((acc >> bits) & 31) as u8);
        }
    }
    if bits > 0 {
        data.push(((acc << (5 - bits)) & 31) as u8);
    }
    let mut values = hrp_expand(hrp);
    values.extend_from_slice(&data);
    values.extend_from_slice(&[0; 6]);
    let pm = bech32_polymod(&values) ^ 1;
    let mut out = String::with_capacity(hrp.len() + 1 + data.len() + 6);
    out.push_str(hrp);
    out.push('1');
    out.extend(data.iter().map(|d| BECH32[*d as usize] as char));
    out.extend((0..6).map(|i| BECH32[((pm >> (5 * (5 - i))) & 31) as usize] as char));
    out
}

/// True when `s` is a well-formed bech32 string (single case) whose checksum verifies.
pub fn bech32_is_valid(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    if lower != s && s.to_ascii_uppercase() != s {
        return false;
    }
    let Some(pos) = lower.rfind('1') else {
        return false;
    };
    let (hrp, rest) = (&lower[..pos], &lower[pos + 1..]);
    if hrp.is_empty() || rest.len() < 6 {
        return false;
    }
    let mut values = hrp_expand(hrp);
    for c in rest.bytes() {
        let Some(v) = BECH32.iter().position(|b| *b == c) else {
            return false;
        };
        values.push(v as u8);
    }
    bech32_polymod(&values) == 1
}

fn keccak256(data: &[u8]) -> [u8; 32] {
    let mut k = Keccak::v256();
    k.update(data);
    let mut out = [0u8; 32];
    k.finalize(&mut out);
    out
}

/// The EIP-55 mixed-case form of a 20-byte Ethereum address (`0x` + 40 hex digits).
pub fn eip55(address: &[u8; 20]) -> String {
    let lower: String = address.iter().map(|b| format!("{b:02x}")).collect();
    let hash = keccak256(lower.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower.chars().enumerate() {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0xf;
        if c.is_ascii_alphabetic() && nibble >= 8 {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// True when `s` is `0x` + 40 hex digits whose letter case matches EIP-55.
pub fn eip55_is_valid(s: &str) -> bool {
    let Some(hex) = s.strip_prefix("0x") else {
        return false;
    };
    if hex.len() != 40 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return false;
    }
    let hash = keccak256(hex.to_ascii_lowercase().as_bytes());
    hex.chars().enumerate().all(|(i, c)| {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0xf;
        !c.is_ascii_alphabetic() || c.is_ascii_uppercase() == (nibble >= 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ibans_verify_and_rebuild() {
        // Published examples (ECBS / national banking associations).
        let cases = [
            ("DE", "370400440532013000", "DE89370400440532013000"),
            ("GB", "NWBK60161331926819", "GB29NWBK60161331926819"),
            ("ES", "21000418450200051332", "ES9121000418450200051332"),
            (
                "FR",
                "20041010050500013M02606",
                "FR1420041010050500013M02606",
            ),
        ];
        for (cc, bban, iban) in cases {
            assert_eq!(iban_from_bban(cc, bban), iban);
            assert!(iban_is_valid(iban), "{iban}");
        }
        assert!(!iban_is_valid("DE88370400440532013000"));
        assert!(iban_is_valid("de89 3704 0044 0532 0130 00"));
    }

    #[test]
    fn national_keys_match_published_examples() {
        // ES9121000418450200051332: bank 2100 branch 0418, DC 45, account 0200051332.
        assert_eq!(es_national_check("00000021000418", "0200051332"), "45");
        // FR7630006000011234567890189: bank 30006 branch 00001 account 12345678901 key 89.
        assert_eq!(fr_rib_key("30006", "00001", "12345678901"), "89");
    }

    #[test]
    fn base58check_matches_a_known_address() {
        // The hash160 of the genesis block's public key.
        let h: Vec<u8> = (0..20)
            .map(|i| {
                u8::from_str_radix(
                    &"62e907b15cbf27d5425399ebf6f0fb50ebb88f18"[2 * i..2 * i + 2],
                    16,
                )
                .unwrap()
            })
            .collect();
        assert_eq!(base58check(0, &h), "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
        assert!(base58check_is_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        assert!(!base58check_is_valid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
    }

    #[test]
    fn bech32_matches_bip173_vector() {
        let h: Vec<u8> = (0..20)
            .map(|i| {
                u8::from_str_radix(
                    &"751e76e8199196d454941c45d1b3a323f1433bd6"[2 * i..2 * i + 2],
                    16,
                )
                .unwrap()
            })
            .collect();
        assert_eq!(
            bech32_segwit_v0("bc", &h),
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
        );
        assert!(bech32_is_valid(
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"
        ));
        assert!(!bech32_is_valid(
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"
        ));
    }

    #[test]
    fn eip55_matches_the_eip_examples() {
        for s in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        ] {
            let bytes: [u8; 20] =
                core::array::from_fn(|i| u8::from_str_radix(&s[2 + 2 * i..4 + 2 * i], 16).unwrap());
            assert_eq!(eip55(&bytes), s);
            assert!(eip55_is_valid(s));
        }
        assert!(!eip55_is_valid(
            "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        ));
    }
}
