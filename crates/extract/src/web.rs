//! Web indicators: `Domain`, `Url` and `Email`, each only constructible by parsing.
//!
//! Rules: input is refanged first (see `text`); a host goes through UTS #46 (`idna`) to its
//! lower-case punycode form without trailing dot and must end in a suffix the Public Suffix
//! List knows (the copy compiled into `psl`), ICANN or private section. The registrable
//! domain is the PSL's "suffix plus one label" (`support.microsoft-help.com` ->
//! `microsoft-help.com`; `evil.azurewebsites.net` stays whole because `azurewebsites.net` is a
//! private suffix). A URL needs `http`, `https` or `ftp` (added as `http://` when missing)
//! and is stored in the `url` crate's serialisation (WHATWG), so `https://a.com` becomes
//! `https://a.com/`. An e-mail is `local@domain`, lower-cased.

use std::fmt;

use crate::text::refang;

/// A host name: lower-case, punycode, known public suffix.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Domain {
    host: String,
    /// Byte offset in `host` where the registrable domain starts.
    registrable_at: usize,
}

impl Domain {
    /// Parses a host name, possibly defanged or in Unicode.
    pub fn parse(s: &str) -> Result<Domain, String> {
        let refanged = refang(s);
        let t = refanged.trim().trim_end_matches('.');
        if t.is_empty() {
            return Err("empty domain".into());
        }
        if t.contains(|c: char| c.is_whitespace() || "/:@?#".contains(c)) {
            return Err(format!("`{s}` is not a bare host name"));
        }
        let ascii = match plain_ascii_host(t) {
            // UTS #46 maps such a name to itself, lower-cased: no need to run it.
            true => t.to_ascii_lowercase(),
            false => idna::domain_to_ascii(t)
                .map_err(|_| format!("`{s}` is not a valid IDNA host name"))?,
        };
        Self::from_ascii_owned(ascii)
            .ok_or_else(|| format!("`{s}` has no registrable domain under a known public suffix"))
    }

    /// Builds from a host already in lower-case ASCII (punycode) form.
    pub(crate) fn from_ascii(host: &str) -> Option<Domain> {
        Self::from_ascii_owned(host.to_string())
    }

    /// [`Self::from_ascii`], keeping the string.
    fn from_ascii_owned(mut host: String) -> Option<Domain> {
        host.truncate(host.trim_end_matches('.').len());
        if host.len() > 253 || !host.contains('.') {
            return None;
        }
        if host
            .split('.')
            .any(|l| l.is_empty() || l.len() > 63 || l.starts_with('-') || l.ends_with('-'))
        {
            return None;
        }
        if host
            .bytes()
            .any(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'))
        {
            return None;
        }
        // One walk of the suffix trie gives the registrable domain and its suffix.
        let reg = psl::domain(host.as_bytes())?;
        if !reg.suffix().is_known() {
            return None;
        }
        let reg_len = reg.as_bytes().len();
        // The TLD must be alphabetic (or punycode): rules out version numbers and IPs.
        let tld = host.rsplit('.').next().unwrap_or("");
        if tld.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Domain {
            registrable_at: host.len() - reg_len,
            host,
        })
    }

    /// The whole host, e.g. `support.microsoft-help.com`.
    pub fn as_str(&self) -> &str {
        &self.host
    }

    /// The registrable domain per the Public Suffix List, e.g. `microsoft-help.com`.
    pub fn registrable(&self) -> &str {
        &self.host[self.registrable_at..]
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.host)
    }
}

/// Letters, digits, hyphens and dots only, and no label in punycode (`xn--`): a name whose
/// UTS #46 form is itself in lower case (checked against `idna` by a property test).
fn plain_ascii_host(t: &str) -> bool {
    t.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !t.split('.').any(|label| {
            label
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
        })
}

/// Where a URL points: a domain or an IP address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Domain(Domain),
    Ip(std::net::IpAddr),
}

/// A web address with `http`, `https` or `ftp` scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    url: String,
    host: Host,
}

impl Url {
    /// Parses a URL, possibly defanged and possibly without scheme (then `http://`).
    pub fn parse(s: &str) -> Result<Url, String> {
        let refanged = refang(s);
        let t = refanged.trim();
        let with_scheme;
        let t = if t.contains("://") {
            t
        } else {
            with_scheme = format!("http://{t}");
            &with_scheme
        };
        let u = url::Url::parse(t).map_err(|e| format!("`{s}` is not a URL: {e}"))?;
        if !matches!(u.scheme(), "http" | "https" | "ftp") {
            return Err(format!(
                "`{s}`: scheme `{}` is not http, https or ftp",
                u.scheme()
            ));
        }
        let host = match u.host() {
            Some(url::Host::Domain(d)) => Host::Domain(
                Domain::from_ascii(d)
                    .ok_or_else(|| format!("`{s}`: host `{d}` has no known public suffix"))?,
            ),
            Some(url::Host::Ipv4(a)) => Host::Ip(a.into()),
            Some(url::Host::Ipv6(a)) => Host::Ip(a.into()),
            None => return Err(format!("`{s}` has no host")),
        };
        Ok(Url {
            url: u.into(),
            host,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    pub fn host(&self) -> &Host {
        &self.host
    }
}

/// An e-mail address, lower-cased, with a domain under a known public suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    address: String,
    domain: Domain,
}

impl Email {
    /// Parses an address, possibly defanged (`help[at]ms-help[.]com`).
    pub fn parse(s: &str) -> Result<Email, String> {
        let refanged = refang(s);
        let t = refanged.trim().trim_start_matches("mailto:");
        let (local, domain) = t
            .rsplit_once('@')
            .ok_or_else(|| format!("`{s}` has no @"))?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-'".contains(c));
        if !local_ok {
            return Err(format!("`{s}`: invalid local part"));
        }
        let domain = Domain::parse(domain).map_err(|e| format!("`{s}`: {e}"))?;
        Ok(Email {
            address: format!("{}@{}", local.to_ascii_lowercase(), domain.as_str()),
            domain,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.address
    }

    pub fn domain(&self) -> &Domain {
        &self.domain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shortcut for plain ASCII names gives what `idna` gives.
        #[test]
        fn plain_ascii_hosts_map_to_themselves_in_lower_case(
            t in "(xn--|XN--|Xn--)?[a-zA-Z0-9-]{0,8}(\\.(xn--)?[a-zA-Z0-9-]{0,8}){0,4}\\.?"
        ) {
            if plain_ascii_host(&t) {
                proptest::prop_assert_eq!(
                    idna::domain_to_ascii(&t).ok(),
                    Some(t.to_ascii_lowercase()),
                    "{:?}", t
                );
            }
        }
    }

    #[test]
    fn domains() {
        /// input -> (host, registrable domain), or `Err(())` when it must not parse.
        type Case<'a> = (&'a str, Result<(&'a str, &'a str), ()>);
        let cases: &[Case<'_>] = &[
            (
                "microsoft-help[.]com",
                Ok(("microsoft-help.com", "microsoft-help.com")),
            ),
            (
                "Support.Microsoft-Help.COM.",
                Ok(("support.microsoft-help.com", "microsoft-help.com")),
            ),
            ("amazon.co.uk", Ok(("amazon.co.uk", "amazon.co.uk"))),
            ("www.amazon.co.uk", Ok(("www.amazon.co.uk", "amazon.co.uk"))),
            (
                "evil.azurewebsites.net",
                Ok(("evil.azurewebsites.net", "evil.azurewebsites.net")),
            ),
            (
                "straße-hilfe.de",
                Ok(("xn--strae-hilfe-y6a.de", "xn--strae-hilfe-y6a.de")),
            ),
            (
                "micrоsoft.com",
                Ok(("xn--micrsoft-qbh.com", "xn--micrsoft-qbh.com")),
            ),
            ("co.uk", Err(())),
            ("example.notatld", Err(())),
            ("10.0.0.1", Err(())),
            ("nodot", Err(())),
            ("a b.com", Err(())),
        ];
        for (input, want) in cases {
            let got = Domain::parse(input);
            match want {
                Ok((host, reg)) => {
                    let d = got.unwrap_or_else(|e| panic!("{input}: {e}"));
                    assert_eq!((d.as_str(), d.registrable()), (*host, *reg), "{input}");
                }
                Err(()) => assert!(got.is_err(), "{input} should fail: {got:?}"),
            }
        }
    }

    #[test]
    fn urls() {
        let cases = [
            (
                "hxxps://microsoft-help[.]com/fix",
                "https://microsoft-help.com/fix",
            ),
            ("HTTP://Example.COM", "http://example.com/"),
            ("www.ms-help.net/a?b=c", "http://www.ms-help.net/a?b=c"),
            ("http://192.168.0.10:8080/x", "http://192.168.0.10:8080/x"),
        ];
        for (input, want) in cases {
            assert_eq!(
                Url::parse(input).map(|u| u.url),
                Ok(want.to_string()),
                "{input}"
            );
        }
        assert!(Url::parse("javascript:alert(1)").is_err());
        assert!(Url::parse("http://nosuffix.invalidtld/").is_err());
    }

    #[test]
    fn emails() {
        let cases = [
            ("Help.Desk@MS-Help.com", "help.desk@ms-help.com"),
            ("help[at]ms-help[.]com", "help@ms-help.com"),
            ("mailto:a@b.de", "a@b.de"),
        ];
        for (input, want) in cases {
            assert_eq!(
                Email::parse(input).map(|e| e.address),
                Ok(want.to_string()),
                "{input}"
            );
        }
        for bad in ["@x.com", "a@", "a..b@x.com", "a b@x.com", "a@nosuffix.zzzz"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
