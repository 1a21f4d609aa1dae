//! Cross-site request forgery protection for the pages' forms: a signed double-submit
//! token that also carries the time the form was shown.
//!
//! The `dragnet_csrf` cookie holds a random nonce (HttpOnly, SameSite=Strict). Each form
//! carries `csrf = "<unix seconds>.<form id>.<HMAC-SHA256(secret, nonce, seconds, form id)>"`,
//! the form id being random per rendering (it names the report that form becomes). A POST is
//! accepted only when the cookie is present and the field's signature matches it: another
//! site can make a browser send the cookie (not with SameSite=Strict, but older browsers)
//! yet cannot read it, so it cannot compute the field. The signed time also gives the
//! spam defence its "filled in too fast" test without trusting the client's clock. The
//! secret is random per process: after a restart, forms shown before it ask to be sent
//! again.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Name of the cookie holding the nonce.
pub const COOKIE: &str = "dragnet_csrf";
/// Name of the hidden form field holding the token.
pub const FIELD: &str = "csrf";
/// Forms older than this are refused (the reader is asked to send again).
pub const MAX_AGE_SECS: i64 = 6 * 3600;

type HmacSha256 = Hmac<Sha256>;

/// The per-process signing secret.
#[derive(Clone)]
pub struct Secret([u8; 32]);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    pub fn random() -> Self {
        Secret(rand::random())
    }

    /// A fixed secret (tests).
    pub fn from_bytes(b: [u8; 32]) -> Self {
        Secret(b)
    }

    fn mac(&self, nonce: &str, ts: i64, form: &str) -> HmacSha256 {
        // Invariant: HMAC accepts keys of any length.
        let mut m = HmacSha256::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!());
        m.update(b"dragnet-csrf\0");
        m.update(nonce.as_bytes());
        m.update(b"\0");
        m.update(ts.to_string().as_bytes());
        m.update(b"\0");
        m.update(form.as_bytes());
        m
    }

    /// The form token for `nonce` issued at `ts` (unix seconds) to a new form.
    pub fn token(&self, nonce: &str, ts: i64) -> String {
        self.token_for(nonce, ts, &new_form_id())
    }

    /// The form token for `nonce` issued at `ts` to the form `form`.
    pub fn token_for(&self, nonce: &str, ts: i64, form: &str) -> String {
        let sig = self.mac(nonce, ts, form).finalize().into_bytes();
        format!("{ts}.{form}.{}", URL_SAFE_NO_PAD.encode(sig))
    }

    /// Checks `token` against the cookie's `nonce`; on success, when and which form was shown.
    pub fn verify(&self, nonce: Option<&str>, token: &str, now: i64) -> Result<Shown, CsrfError> {
        let nonce = nonce
            .filter(|n| valid_nonce(n))
            .ok_or(CsrfError::NoCookie)?;
        let mut parts = token.splitn(3, '.');
        let (Some(ts), Some(form), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CsrfError::Invalid);
        };
        let ts: i64 = ts.parse().map_err(|_| CsrfError::Invalid)?;
        let sig = URL_SAFE_NO_PAD
            .decode(sig)
            .map_err(|_| CsrfError::Invalid)?;
        // verify_slice compares in constant time.
        self.mac(nonce, ts, form)
            .verify_slice(&sig)
            .map_err(|_| CsrfError::Invalid)?;
        if now - ts > MAX_AGE_SECS || ts > now + 60 {
            return Err(CsrfError::Expired);
        }
        Ok(Shown {
            at: ts,
            form: form.to_string(),
        })
    }
}

/// A verified token: when its form was shown, and the form's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub at: i64,
    pub form: String,
}

/// Why a form's token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsrfError {
    /// No (well-formed) cookie: cookies blocked, or a forged cross-site post.
    NoCookie,
    /// The token does not match the cookie: forged or from another session.
    Invalid,
    /// Shown too long ago (or in the future).
    Expired,
}

/// A fresh random nonce for the cookie.
pub fn new_nonce() -> String {
    let b: [u8; 18] = rand::random();
    URL_SAFE_NO_PAD.encode(b)
}

/// A fresh random form id (64 bits, URL-safe base64).
pub fn new_form_id() -> String {
    let b: [u8; 8] = rand::random();
    URL_SAFE_NO_PAD.encode(b)
}

/// A nonce as [`new_nonce`] makes them: 24 URL-safe base64 characters.
pub fn valid_nonce(n: &str) -> bool {
    n.len() == 24
        && n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The `Set-Cookie` value for a nonce.
pub fn set_cookie(nonce: &str) -> String {
    format!("{COOKIE}={nonce}; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_with_their_cookie_and_age() {
        let s = Secret::from_bytes([7; 32]);
        let n = new_nonce();
        assert!(valid_nonce(&n));
        let other = new_nonce();
        let t = s.token_for(&n, 1_000, "form1");
        let ok = Shown {
            at: 1_000,
            form: "form1".into(),
        };
        // (cookie nonce, token, now, expected)
        type Case<'a> = (Option<&'a str>, String, i64, Result<Shown, CsrfError>);
        let cases: [Case; 9] = [
            (Some(&n), t.clone(), 1_005, Ok(ok)),
            (
                Some(&n),
                t.replacen("form1", "form2", 1),
                1_005,
                Err(CsrfError::Invalid),
            ),
            (Some(&other), t.clone(), 1_005, Err(CsrfError::Invalid)),
            (None, t.clone(), 1_005, Err(CsrfError::NoCookie)),
            (Some("short"), t.clone(), 1_005, Err(CsrfError::NoCookie)),
            (
                Some(&n),
                "1000.f.AAAA".into(),
                1_005,
                Err(CsrfError::Invalid),
            ),
            (Some(&n), "garbage".into(), 1_005, Err(CsrfError::Invalid)),
            (
                Some(&n),
                t.replacen("1000", "1001", 1),
                1_005,
                Err(CsrfError::Invalid),
            ),
            (
                Some(&n),
                t.clone(),
                1_000 + MAX_AGE_SECS + 1,
                Err(CsrfError::Expired),
            ),
        ];
        for (i, (cookie, token, now, want)) in cases.into_iter().enumerate() {
            assert_eq!(s.verify(cookie, &token, now), want, "case {i}");
        }
        let s2 = Secret::from_bytes([8; 32]);
        assert_eq!(s2.verify(Some(&n), &t, 1_005), Err(CsrfError::Invalid));
    }
}
