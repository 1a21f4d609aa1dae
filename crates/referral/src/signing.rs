//! The issuing organisation's Ed25519 key. Storage generates the 32-byte seed once, keeps it
//! sealed with its data key, and hands it here to sign; the public key travels in every
//! package and is published at a well-known URL. Public keys are written
//! `ed25519:BASE64` (32 bytes, standard base64).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};
use std::fmt;

/// A signing key. `Debug` shows only the public key.
#[derive(Clone)]
pub struct OrgKey(SigningKey);

impl fmt::Debug for OrgKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrgKey({})", self.public())
    }
}

impl OrgKey {
    /// The key of a 32-byte seed (storage draws it from the OS's random source once).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        OrgKey(SigningKey::from_bytes(seed))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    pub(crate) fn sign(&self, msg: &[u8]) -> Vec<u8> {
        self.0.sign(msg).to_bytes().to_vec()
    }
}

/// A public key as packages and the well-known URL carry it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Parses `ed25519:BASE64`, bare base64, or 64 hex digits.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let body = s.strip_prefix("ed25519:").unwrap_or(s);
        let bytes = if body.len() == 64 && body.chars().all(|c| c.is_ascii_hexdigit()) {
            hex::decode(body).map_err(|e| e.to_string())?
        } else {
            B64.decode(body)
                .map_err(|_| format!("`{s}` is not an Ed25519 public key (ed25519:BASE64)"))?
        };
        let arr: [u8; 32] = bytes.try_into().map_err(|v: Vec<u8>| {
            format!("an Ed25519 public key has 32 bytes; `{s}` has {}", v.len())
        })?;
        VerifyingKey::from_bytes(&arr)
            .map(PublicKey)
            .map_err(|_| format!("`{s}` is not a valid Ed25519 point"))
    }

    /// A short fingerprint people can compare by eye: 16 hex digits of SHA-256.
    pub fn fingerprint(&self) -> String {
        let d = Sha256::digest(self.0.as_bytes());
        let h = hex::encode(&d[..8]);
        format!("{}-{}-{}-{}", &h[0..4], &h[4..8], &h[8..12], &h[12..16])
    }

    pub(crate) fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(arr) = <[u8; 64]>::try_from(sig) else {
            return false;
        };
        self.0.verify(msg, &Signature::from_bytes(&arr)).is_ok()
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ed25519:{}", B64.encode(self.0.as_bytes()))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_sign() {
        let k = OrgKey::from_seed(&[7; 32]);
        let p = k.public();
        assert_eq!(PublicKey::parse(&p.to_string()).unwrap(), p);
        let sig = k.sign(b"manifest");
        assert!(p.verify(b"manifest", &sig));
        assert!(!p.verify(b"manifesT", &sig));
        assert!(
            !OrgKey::from_seed(&[8; 32])
                .public()
                .verify(b"manifest", &sig)
        );
        assert!(
            PublicKey::parse("ed25519:AAAA")
                .unwrap_err()
                .contains("32 bytes")
        );
        assert!(!format!("{k:?}").contains("0707"));
    }
}
