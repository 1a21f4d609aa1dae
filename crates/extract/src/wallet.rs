//! Crypto wallets (`Wallet`): only formats with a checksum or a strict shape.
//!
//! - base58check (double SHA-256 checksum), kind by version byte: `0x00`/`0x05` -> `btc`,
//!   `0x30`/`0x32` -> `ltc`, `0x1e` -> `doge`, `0x41` -> `trx` (TRON).
//! - bech32/bech32m segwit (BIP-173/BIP-350) with HRP `bc` -> `btc`, `ltc` -> `ltc`, `tb` -> `btc-testnet`.
//! - `0x` + 40 hex -> `eth`; mixed case must satisfy the EIP-55 checksum (Keccak-256).
//!
//! Values stay as written (FORMATS §2).

use tiny_keccak::{Hasher, Keccak};

/// A checksum-verified wallet address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Wallet {
    address: String,
    kind: &'static str,
}

impl Wallet {
    pub fn parse(s: &str) -> Result<Wallet, String> {
        let t = s.trim();
        let kind = if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            eth(hex).map_err(|e| format!("`{s}`: {e}"))?
        } else if t.len() >= 14
            && t.get(..4).is_some_and(|p| p.contains('1'))
            && bech32_hrp(t).is_some()
        {
            segwit(t).map_err(|e| format!("`{s}`: {e}"))?
        } else {
            base58(t).map_err(|e| format!("`{s}`: {e}"))?
        };
        Ok(Wallet {
            address: t.to_string(),
            kind,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.address
    }

    /// `btc`, `eth`, `ltc`, `doge`, `trx`, `btc-testnet`.
    pub fn kind(&self) -> &'static str {
        self.kind
    }
}

fn bech32_hrp(t: &str) -> Option<&'static str> {
    let lower = t.get(..4)?.to_ascii_lowercase();
    if lower.starts_with("bc1") {
        Some("btc")
    } else if lower.starts_with("ltc1") {
        Some("ltc")
    } else if lower.starts_with("tb1") {
        Some("btc-testnet")
    } else {
        None
    }
}

fn segwit(t: &str) -> Result<&'static str, String> {
    let kind = bech32_hrp(t).ok_or("unknown bech32 prefix")?;
    bech32::segwit::decode(t).map_err(|e| format!("invalid bech32 segwit address ({e})"))?;
    Ok(kind)
}

fn base58(t: &str) -> Result<&'static str, String> {
    if !(25..=35).contains(&t.len()) {
        return Err("not a wallet address".into());
    }
    let bytes = bs58::decode(t)
        .with_check(None)
        .into_vec()
        .map_err(|e| format!("invalid base58check ({e})"))?;
    if bytes.len() != 21 {
        return Err("base58check payload is not 21 bytes".into());
    }
    match bytes[0] {
        0x00 | 0x05 => Ok("btc"),
        0x30 | 0x32 => Ok("ltc"),
        0x1e => Ok("doge"),
        0x41 => Ok("trx"),
        v => Err(format!("unknown base58 version byte {v:#04x}")),
    }
}

fn eth(hex: &str) -> Result<&'static str, String> {
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("not 40 hex digits after 0x".into());
    }
    let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    if has_lower && has_upper {
        let lower = hex.to_ascii_lowercase();
        let mut k = Keccak::v256();
        k.update(lower.as_bytes());
        let mut hash = [0u8; 32];
        k.finalize(&mut hash);
        for (i, c) in hex.bytes().enumerate() {
            let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0xf;
            if c.is_ascii_alphabetic() && (nibble >= 8) != c.is_ascii_uppercase() {
                return Err("EIP-55 checksum does not match".into());
            }
        }
    }
    Ok("eth")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_addresses() {
        let ok = [
            ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "btc"),
            ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "btc"),
            ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "btc"),
            ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "btc"),
            (
                "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
                "btc",
            ),
            ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "eth"),
            ("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", "eth"),
            ("DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", "doge"),
        ];
        for (input, kind) in ok {
            assert_eq!(Wallet::parse(input).map(|w| w.kind), Ok(kind), "{input}");
        }
        let bad = [
            (
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
                "`1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb`: invalid base58check",
            ),
            (
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
                "`0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD`: EIP-55 checksum does not match",
            ),
            (
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
                "`bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5`: invalid bech32 segwit address",
            ),
            ("0x1234", "`0x1234`: not 40 hex digits after 0x"),
        ];
        for (input, want) in bad {
            let got = Wallet::parse(input).unwrap_err();
            assert!(got.starts_with(want), "{input}: {got}");
        }
    }
}
