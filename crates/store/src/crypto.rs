//! The data key: sealing victims' personal data at rest and hashing victim identities.
//!
//! The reporter block of a report is sealed with XChaCha20-Poly1305 under a 256-bit key
//! that never enters the database. The database keeps only a fingerprint of the key, so a
//! wrong or lost key is detected at start with an explanation instead of garbage or a panic.
//! Sealed blobs are `version (1 byte) || nonce (24 bytes) || ciphertext+tag`.

use crate::StoreError;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Write;
use std::path::Path;

const SEAL_VERSION: u8 = 1;

/// A 256-bit data key. `Debug` never prints it.
#[derive(Clone)]
pub struct DataKey([u8; 32]);

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DataKey(fingerprint {})", self.fingerprint())
    }
}

impl DataKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        let mut k = [0u8; 32];
        rand::rng().fill_bytes(&mut k);
        DataKey(k)
    }

    /// Parses the base64 form used in key files and `DRAGNET_DATA_KEY`.
    pub fn from_base64(s: &str) -> Result<Self, StoreError> {
        let bytes = B64.decode(s.trim()).map_err(|_| {
            StoreError::Key("the data key is not valid base64 (expected 44 characters)".into())
        })?;
        let arr: [u8; 32] = bytes.try_into().map_err(|v: Vec<u8>| {
            StoreError::Key(format!(
                "the data key has {} bytes; it must have 32",
                v.len()
            ))
        })?;
        Ok(DataKey(arr))
    }

    pub fn to_base64(&self) -> String {
        B64.encode(self.0)
    }

    /// Reads the key file, or creates it (mode 0600) when it does not exist.
    /// Returns the key and whether it was just created.
    pub fn load_or_create(path: &Path) -> Result<(Self, bool), StoreError> {
        match std::fs::read_to_string(path) {
            Ok(s) => Ok((
                Self::from_base64(&s)
                    .map_err(|e| StoreError::Key(format!("{}: {e}", path.display())))?,
                false,
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate();
                let mut opts = std::fs::OpenOptions::new();
                opts.write(true).create_new(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    opts.mode(0o600);
                }
                let mut f = opts.open(path).map_err(|e| {
                    StoreError::Key(format!(
                        "cannot create the key file {}: {e}",
                        path.display()
                    ))
                })?;
                f.write_all(format!("{}\n", key.to_base64()).as_bytes())
                    .and_then(|_| f.sync_all())
                    .map_err(|e| {
                        StoreError::Key(format!(
                            "cannot write the key file {}: {e}",
                            path.display()
                        ))
                    })?;
                Ok((key, true))
            }
            Err(e) => Err(StoreError::Key(format!(
                "cannot read the key file {}: {e}",
                path.display()
            ))),
        }
    }

    /// A short public fingerprint, stored in the database to recognise the key.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"dragnet data-key fingerprint v1\0");
        h.update(self.0);
        hex::encode(&h.finalize()[..8])
    }

    /// A key for another purpose (e.g. signing CSRF tokens), derived so that it reveals
    /// nothing about the data key.
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        self.subkey(format!("derived: {purpose}").as_bytes())
    }

    fn subkey(&self, label: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(label);
        mac.finalize().into_bytes().into()
    }

    /// Seals plaintext (the reporter block as JSON).
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        let cipher = XChaCha20Poly1305::new(&self.subkey(b"seal v1").into());
        let mut nonce = [0u8; 24];
        rand::rng().fill_bytes(&mut nonce);
        let ct = cipher
            .encrypt(XNonce::from_slice(&nonce), plaintext)
            .unwrap_or_else(|_| unreachable!("encryption fails only for inputs over 256 GiB"));
        let mut out = Vec::with_capacity(1 + 24 + ct.len());
        out.push(SEAL_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        out
    }

    /// Opens a sealed blob; fails when the key is wrong or the blob was altered.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        if sealed.len() < 1 + 24 + 16 || sealed[0] != SEAL_VERSION {
            return Err(StoreError::Key(
                "a sealed record is truncated or of an unknown version".into(),
            ));
        }
        let cipher = XChaCha20Poly1305::new(&self.subkey(b"seal v1").into());
        cipher
            .decrypt(XNonce::from_slice(&sealed[1..25]), &sealed[25..])
            .map_err(|_| {
                StoreError::Key(
                    "a sealed record does not open with this data key (wrong key, or the record was altered)"
                        .into(),
                )
            })
    }

    /// The victim's identity hash for a reporter block: from the e-mail when there is
    /// one, else from the phone in E.164 (read in the reporter's country).
    pub fn victim_of(&self, r: &dragnet_core::Reporter) -> Option<String> {
        if let Some(email) = r.email.as_deref().filter(|e| e.contains('@')) {
            return Some(self.victim_hash(&format!("email:{}", email.trim().to_lowercase())));
        }
        let phone = r.phone.as_deref()?;
        let raw = dragnet_core::RawIndicator {
            ty: dragnet_core::IndicatorType::Phone,
            value: phone.to_string(),
        };
        let ctx = dragnet_extract::Context {
            default_region: r.country,
        };
        let normal = match dragnet_extract::shared().normalise(&raw, &ctx) {
            Ok(ind) => ind.value,
            Err(_) => phone.chars().filter(char::is_ascii_digit).collect(),
        };
        (normal.len() >= 6).then(|| self.victim_hash(&format!("phone:{normal}")))
    }

    /// Keyed hash of a victim identity (normalised e-mail or phone): equal for the same
    /// victim, meaningless without the key.
    pub fn victim_hash(&self, identity: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.subkey(b"victim v1"))
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(identity.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_round_trips_and_detects_tampering_and_wrong_keys() {
        let k = DataKey::generate();
        let sealed = k.seal(b"{\"name\":\"Ada\"}");
        assert_eq!(k.open(&sealed).unwrap(), b"{\"name\":\"Ada\"}");
        let mut bad = sealed.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(k.open(&bad).is_err());
        assert!(DataKey::generate().open(&sealed).is_err());
        assert!(!String::from_utf8_lossy(&sealed).contains("Ada"));
    }

    #[test]
    fn key_file_is_created_private_and_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        let (k1, created) = DataKey::load_or_create(&path).unwrap();
        assert!(created);
        let (k2, created) = DataKey::load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(k1.fingerprint(), k2.fingerprint());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        assert!(!format!("{k1:?}").contains(&k1.to_base64()));
    }

    #[test]
    fn bad_keys_are_explained() {
        assert!(matches!(
            DataKey::from_base64("nope!"),
            Err(StoreError::Key(_))
        ));
        assert!(
            matches!(DataKey::from_base64("AAAA"), Err(StoreError::Key(m)) if m.contains("3 bytes"))
        );
    }
}
