//! The evidence package as a zip file, its manifest and signature, and verification.
//!
//! Layout: every evidence file (report, STIX bundle, tables, case record, custody log,
//! attachments, the public key, a README) is listed in `manifest.json` with its SHA-256 and
//! size; `manifest.sig` is the Ed25519 signature (base64) over the exact bytes of
//! `manifest.json`, whose `public_key` names the key. [`verify`] re-hashes every file and
//! reports each problem precisely: a changed file, a missing one, an extra one, a signature
//! that does not match, or a key other than the one expected.

use crate::signing::{OrgKey, PublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{Cursor, Read, Write};

pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.sig";
pub const PUBLIC_KEY: &str = "public-key.txt";
/// Manifest format version.
pub const FORMAT: &str = "dragnet-referral/1";

/// One file of the package as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub case: String,
    pub title: String,
    pub issuer: String,
    pub agency: String,
    pub built_at: String,
    pub built_by: String,
    pub public_key: String,
    pub files: Vec<ManifestEntry>,
}

/// A built package: the zip bytes and what they hold.
#[derive(Debug, Clone)]
pub struct Package {
    pub zip: Vec<u8>,
    pub manifest: Manifest,
}

fn sha256(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// Zips `files` (path, bytes) with a signed manifest.
pub(crate) fn seal(
    files: Vec<(String, Vec<u8>)>,
    mut manifest: Manifest,
    key: &OrgKey,
) -> Result<Package, String> {
    manifest.public_key = key.public().to_string();
    manifest.files = files
        .iter()
        .map(|(p, b)| ManifestEntry {
            path: p.clone(),
            sha256: sha256(b),
            bytes: b.len() as u64,
        })
        .collect();
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?;
    let sig = B64.encode(key.sign(&manifest_bytes));
    let mut all = files;
    all.push((MANIFEST.into(), manifest_bytes));
    all.push((SIGNATURE.into(), format!("{sig}\n").into_bytes()));
    Ok(Package {
        zip: zip_files(&all)?,
        manifest,
    })
}

/// Writes (path, bytes) pairs into a zip (deflated).
pub fn zip_files(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in files {
        w.start_file(path.as_str(), opts)
            .map_err(|e| format!("{path}: {e}"))?;
        w.write_all(bytes).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(w.finish().map_err(|e| e.to_string())?.into_inner())
}

/// Reads every file of a zip: (path, bytes), or the path of the first unreadable entry.
/// A zip entry: its name and its content, or why the content cannot be read.
pub type Entry = (String, Result<Vec<u8>, String>);

pub fn unzip(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let mut a = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip file: {e}"))?;
    let mut out = Vec::new();
    for i in 0..a.len() {
        let mut f = a
            .by_index(i)
            .map_err(|e| format!("zip entry {i} is unreadable: {e}"))?;
        let name = f
            .name()
            .map_err(|e| format!("zip entry {i} has an unreadable name: {e}"))?
            .to_string();
        if name.ends_with('/') {
            // A directory entry (archivers add them when re-zipping): no content to check.
            continue;
        }
        let mut buf = Vec::new();
        let content = f
            .read_to_end(&mut buf)
            .map(|_| buf)
            .map_err(|e| format!("corrupt (cannot be decompressed: {e})"));
        out.push((name, content));
    }
    Ok(out)
}

/// One thing wrong with a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The zip itself cannot be read, or it has no manifest or signature.
    Unreadable { detail: String },
    /// A file's bytes differ from the manifest's hash.
    Changed {
        path: String,
        expected: String,
        found: String,
    },
    /// A file listed in the manifest is not in the package.
    Missing { path: String },
    /// A file in the package is not listed in the manifest.
    Extra { path: String },
    /// A file cannot be decompressed (its stored bytes were altered).
    Corrupt { path: String, detail: String },
    /// The signature does not verify with the manifest's key.
    BadSignature { detail: String },
    /// Signed (validly) by another key than the one expected.
    WrongKey { expected: String, found: String },
    /// `public-key.txt` does not name the manifest's key.
    KeyFileMismatch { manifest: String, file: String },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unreadable { detail } => write!(f, "unreadable package: {detail}"),
            Problem::Changed {
                path,
                expected,
                found,
            } => write!(
                f,
                "{path}: content changed (manifest SHA-256 {expected}, file has {found})"
            ),
            Problem::Missing { path } => {
                write!(
                    f,
                    "{path}: listed in the manifest but missing from the package"
                )
            }
            Problem::Extra { path } => {
                write!(f, "{path}: in the package but not listed in the manifest")
            }
            Problem::Corrupt { path, detail } => write!(f, "{path}: {detail}"),
            Problem::BadSignature { detail } => write!(f, "{SIGNATURE}: {detail}"),
            Problem::WrongKey { expected, found } => write!(
                f,
                "signed with key {found}, not with the expected key {expected}"
            ),
            Problem::KeyFileMismatch { manifest, file } => write!(
                f,
                "{PUBLIC_KEY}: names {file} but the manifest was signed as {manifest}"
            ),
        }
    }
}

/// The result of [`verify`].
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// The manifest, when it could be read.
    pub manifest: Option<Manifest>,
    /// Files whose hash matched.
    pub files_ok: usize,
    pub problems: Vec<Problem>,
    /// The signing key's fingerprint, when the manifest names a valid key.
    pub key_fingerprint: Option<String>,
}

impl Verification {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks every file's hash against the signed manifest and the signature against the
/// manifest's key, and that key against `expected` when given.
pub fn verify(zip: &[u8], expected: Option<&PublicKey>) -> Verification {
    let mut v = Verification {
        manifest: None,
        files_ok: 0,
        problems: Vec::new(),
        key_fingerprint: None,
    };
    let entries = match unzip(zip) {
        Ok(e) => e,
        Err(detail) => {
            v.problems.push(Problem::Unreadable { detail });
            return v;
        }
    };
    let mut files: BTreeMap<String, Result<Vec<u8>, String>> = BTreeMap::new();
    for (name, content) in entries {
        if files.contains_key(&name) {
            v.problems.push(Problem::Extra {
                path: format!("{name} (a second entry of that name)"),
            });
            continue;
        }
        files.insert(name, content);
    }
    let manifest_bytes = match files.remove(MANIFEST) {
        Some(Ok(b)) => b,
        Some(Err(detail)) => {
            v.problems.push(Problem::Corrupt {
                path: MANIFEST.into(),
                detail,
            });
            return v;
        }
        None => {
            v.problems.push(Problem::Unreadable {
                detail: format!("no {MANIFEST}: this is not a Dragnet evidence package"),
            });
            return v;
        }
    };
    let manifest: Manifest = match serde_json::from_slice(&manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            v.problems.push(Problem::Unreadable {
                detail: format!("{MANIFEST} is not a valid manifest: {e}"),
            });
            return v;
        }
    };

    // The signature.
    let sig_entry = files.remove(SIGNATURE);
    match PublicKey::parse(&manifest.public_key) {
        Err(e) => v.problems.push(Problem::BadSignature {
            detail: format!("the manifest's public key is unusable: {e}"),
        }),
        Ok(key) => {
            v.key_fingerprint = Some(key.fingerprint());
            let sig = match sig_entry {
                None => Err("missing: the package is not signed".to_string()),
                Some(Err(detail)) => Err(detail),
                Some(Ok(b)) => B64
                    .decode(String::from_utf8_lossy(&b).trim())
                    .map_err(|_| "is not base64".to_string())
                    .and_then(|sig| {
                        // Exactly the form `build` writes: any other byte is a change.
                        if format!("{}\n", B64.encode(&sig)).as_bytes() == b.as_slice() {
                            Ok(sig)
                        } else {
                            Err("altered: not byte for byte the signature written at build"
                                .to_string())
                        }
                    }),
            };
            match sig {
                Err(detail) => v.problems.push(Problem::BadSignature { detail }),
                Ok(sig) => {
                    if !key.verify(&manifest_bytes, &sig) {
                        v.problems.push(Problem::BadSignature {
                            detail: format!(
                                "the signature does not match {MANIFEST} under key {key} \
                                 (the manifest was altered or the signature replaced)"
                            ),
                        });
                    }
                }
            }
            if let Some(exp) = expected
                && *exp != key
            {
                v.problems.push(Problem::WrongKey {
                    expected: format!("{exp} ({})", exp.fingerprint()),
                    found: format!("{key} ({})", key.fingerprint()),
                });
            }
            if let Some(Ok(b)) = files.get(PUBLIC_KEY) {
                let text = String::from_utf8_lossy(b);
                let named = text
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("ed25519:").map(|_| l.trim()))
                    .unwrap_or("")
                    .to_string();
                if PublicKey::parse(&named).ok() != Some(key) {
                    v.problems.push(Problem::KeyFileMismatch {
                        manifest: key.to_string(),
                        file: if named.is_empty() {
                            "no key".into()
                        } else {
                            named
                        },
                    });
                }
            }
        }
    }

    // Every listed file.
    for e in &manifest.files {
        match files.remove(&e.path) {
            None => v.problems.push(Problem::Missing {
                path: e.path.clone(),
            }),
            Some(Err(detail)) => v.problems.push(Problem::Corrupt {
                path: e.path.clone(),
                detail,
            }),
            Some(Ok(b)) => {
                let found = sha256(&b);
                if found == e.sha256 {
                    v.files_ok += 1;
                } else {
                    v.problems.push(Problem::Changed {
                        path: e.path.clone(),
                        expected: e.sha256.clone(),
                        found,
                    });
                }
            }
        }
    }
    for path in files.into_keys() {
        v.problems.push(Problem::Extra { path });
    }
    v.manifest = Some(manifest);
    v
}
