//! Server-side fetching of a page for the check ("is this link a scam?"), off by default.
//!
//! A server that fetches URLs for anonymous callers is an SSRF risk: the caller could make it
//! read its own admin ports, the cloud metadata service or the office network. The rules:
//!
//! - Only `http` and `https`; no user name or password in the URL.
//! - The host is resolved here, once. If **any** of its addresses is not a public unicast
//!   address ([`refused_address`]: loopback, private, link-local, CGNAT, multicast,
//!   unspecified, documentation, benchmarking, reserved, IPv4-mapped/NAT64/6to4 forms of
//!   those, IPv6 outside 2000::/3…), the fetch is refused. The connection then goes to one of
//!   the checked addresses themselves (a `SocketAddr`, never the name again), so DNS cannot
//!   answer differently between the check and the connect (rebinding). No proxy is used.
//! - Every redirect target is checked again by the same rules; at most
//!   [`FetchPolicy::max_redirects`] redirects, and a target seen before is a loop.
//! - One deadline for the whole fetch (all redirects, connects, TLS and body), a cap on the
//!   body size (a larger `Content-Length` is refused before reading), and only HTML or plain
//!   text (`text/html`, `application/xhtml+xml`, `text/plain`) in `identity` encoding.
//!
//! The page is then analysed like `dragnet check --page` (no script is run).

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::header;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

/// Limits of one fetch. [`FetchPolicy::default`] is what `dragnet serve --check-fetch` and
/// `dragnet check --fetch` use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPolicy {
    /// Largest body read, in bytes.
    pub max_bytes: usize,
    /// Deadline for the whole fetch, redirects included.
    pub timeout: Duration,
    /// Most redirects followed.
    pub max_redirects: usize,
    /// Tests only: loopback addresses (127.0.0.0/8, ::1) are allowed so a test can serve
    /// pages on 127.0.0.1. Never set by configuration.
    allow_loopback: bool,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            max_bytes: 2 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_redirects: 5,
            allow_loopback: false,
        }
    }
}

impl FetchPolicy {
    /// The same policy but allowing loopback addresses, for tests that serve pages on
    /// 127.0.0.1. Every other refused range stays refused.
    #[doc(hidden)]
    pub fn allowing_loopback_for_tests(mut self) -> Self {
        self.allow_loopback = true;
        self
    }

    fn refuses(&self, ip: IpAddr) -> Option<&'static str> {
        let reason = refused_address(ip)?;
        let loopback = match ip {
            IpAddr::V4(a) => a.is_loopback(),
            IpAddr::V6(a) => a.is_loopback() || a.to_ipv4_mapped().is_some_and(|v| v.is_loopback()),
        };
        if self.allow_loopback && loopback {
            None
        } else {
            Some(reason)
        }
    }
}

/// A fetched page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FetchedPage {
    /// The URL asked for.
    pub url: String,
    /// Each redirect target in order (the last one is where the page came from).
    pub redirects: Vec<String>,
    pub status: u16,
    pub content_type: String,
    /// Bytes of body read.
    pub bytes: usize,
    /// The body, decoded (UTF-8, or Latin-1 when the charset says so; invalid bytes replaced).
    #[serde(skip)]
    pub body: String,
}

impl FetchedPage {
    /// The URL the page came from.
    pub fn final_url(&self) -> &str {
        self.redirects.last().unwrap_or(&self.url)
    }

    /// The requested URL and every redirect target.
    pub fn chain(&self) -> Vec<String> {
        std::iter::once(self.url.clone())
            .chain(self.redirects.iter().cloned())
            .collect()
    }
}

/// Why a fetch did not happen or did not give a page. [`FetchError::refused`] tells the
/// caller's mistakes (or attacks) from failures of the remote site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("`{0}` is not a web address")]
    BadUrl(String),
    #[error("only http and https addresses are fetched, not `{0}:`")]
    Scheme(String),
    #[error("addresses with a user name or password are not fetched")]
    Credentials,
    #[error("{host} resolves to {addr}, a {reason} address: not fetched")]
    Blocked {
        host: String,
        addr: IpAddr,
        reason: &'static str,
    },
    #[error("cannot resolve {0}")]
    Resolve(String),
    #[error("cannot connect to {0}")]
    Connect(String),
    #[error("TLS with {host} failed: {reason}")]
    Tls { host: String, reason: String },
    #[error("HTTP error from {host}: {reason}")]
    Http { host: String, reason: String },
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("the page is larger than {0} bytes")]
    TooLarge(usize),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("redirect loop at {0}")]
    RedirectLoop(String),
    #[error("the answer is `{0}`, not an HTML or text page")]
    ContentType(String),
    #[error("the page is encoded as `{0}`; only uncompressed pages are read")]
    Encoding(String),
    #[error("the site answered HTTP {0}")]
    Status(u16),
}

impl FetchError {
    /// True when the address itself was refused by the policy (not a failure of the site).
    pub fn refused(&self) -> bool {
        matches!(
            self,
            FetchError::BadUrl(_)
                | FetchError::Scheme(_)
                | FetchError::Credentials
                | FetchError::Blocked { .. }
        )
    }
}

/// Why `ip` is not a public unicast address, or `None` when it is. IPv4-mapped, IPv4-compatible
/// and NAT64 (64:ff9b::/96) IPv6 addresses are judged by the IPv4 address they carry.
pub fn refused_address(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(a) => refused_v4(a),
        IpAddr::V6(a) => refused_v6(a),
    }
}

fn refused_v4(a: Ipv4Addr) -> Option<&'static str> {
    let n = u32::from(a);
    let within = |net: [u8; 4], bits: u32| {
        let mask = if bits == 0 {
            0
        } else {
            u32::MAX << (32 - bits)
        };
        n & mask == u32::from(Ipv4Addr::from(net)) & mask
    };
    let table: &[([u8; 4], u32, &str)] = &[
        ([0, 0, 0, 0], 8, "unspecified (0.0.0.0/8)"),
        ([10, 0, 0, 0], 8, "private (10.0.0.0/8)"),
        ([100, 64, 0, 0], 10, "shared/CGNAT (100.64.0.0/10)"),
        ([127, 0, 0, 0], 8, "loopback (127.0.0.0/8)"),
        ([169, 254, 0, 0], 16, "link-local (169.254.0.0/16)"),
        ([172, 16, 0, 0], 12, "private (172.16.0.0/12)"),
        ([192, 0, 0, 0], 24, "IETF protocol (192.0.0.0/24)"),
        ([192, 0, 2, 0], 24, "documentation (192.0.2.0/24)"),
        ([192, 88, 99, 0], 24, "6to4 relay (192.88.99.0/24)"),
        ([192, 168, 0, 0], 16, "private (192.168.0.0/16)"),
        ([198, 18, 0, 0], 15, "benchmarking (198.18.0.0/15)"),
        ([198, 51, 100, 0], 24, "documentation (198.51.100.0/24)"),
        ([203, 0, 113, 0], 24, "documentation (203.0.113.0/24)"),
        ([224, 0, 0, 0], 4, "multicast (224.0.0.0/4)"),
        ([240, 0, 0, 0], 4, "reserved or broadcast (240.0.0.0/4)"),
    ];
    table
        .iter()
        .find(|(net, bits, _)| within(*net, *bits))
        .map(|t| t.2)
}

fn refused_v6(a: Ipv6Addr) -> Option<&'static str> {
    let s = a.segments();
    if a.is_unspecified() {
        return Some("unspecified (::)");
    }
    if a.is_loopback() {
        return Some("loopback (::1)");
    }
    // ::ffff:a.b.c.d (mapped) and the deprecated ::a.b.c.d (compatible) carry an IPv4 address.
    if s[..5] == [0; 5] && (s[5] == 0xffff || s[5] == 0) {
        let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
        return Some(match refused_v4(v4) {
            Some(_) if s[5] == 0xffff => "IPv4-mapped non-public",
            Some(_) => "IPv4-compatible non-public",
            None if s[5] == 0xffff => return None,
            None => "IPv4-compatible (deprecated)",
        });
    }
    // NAT64 well-known prefix 64:ff9b::/96: the IPv4 address in the last 32 bits decides.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
        return refused_v4(v4).map(|_| "NAT64 of a non-public");
    }
    let table: &[(u16, u16, u32, &str)] = &[
        // (first segment, second segment, prefix bits, reason)
        (0x0064, 0xff9b, 48, "NAT64 local-use (64:ff9b:1::/48)"),
        (0x0100, 0, 64, "discard (100::/64)"),
        (0x2001, 0x0db8, 32, "documentation (2001:db8::/32)"),
        (0x2001, 0, 23, "IETF protocol / Teredo (2001::/23)"),
        (0x2002, 0, 16, "6to4 (2002::/16)"),
        (0x3fff, 0, 20, "documentation (3fff::/20)"),
        (0xfc00, 0, 7, "unique local (fc00::/7)"),
        (0xfe80, 0, 10, "link-local (fe80::/10)"),
        (0xfec0, 0, 10, "site-local (fec0::/10)"),
        (0xff00, 0, 8, "multicast (ff00::/8)"),
    ];
    let top = (u32::from(s[0]) << 16) | u32::from(s[1]);
    for (a0, a1, bits, reason) in table {
        let net = (u32::from(*a0) << 16) | u32::from(*a1);
        let mask = u32::MAX << (32 - bits.min(&32));
        let matches = if *bits > 32 {
            // 64:ff9b:1::/48 and 100::/64: compare the further segments too.
            top == net
                && (if *bits == 48 {
                    s[2] == 1
                } else {
                    s[2..4] == [0, 0]
                })
        } else {
            top & mask == net & mask
        };
        if matches {
            return Some(reason);
        }
    }
    // Global unicast is 2000::/3; everything else is reserved.
    if s[0] & 0xe000 != 0x2000 {
        return Some("reserved (outside 2000::/3)");
    }
    None
}

/// Checks a URL against the policy's address rules without connecting: scheme, credentials,
/// host. Returns the parsed URL.
pub fn check_url(raw: &str) -> Result<url::Url, FetchError> {
    let u = url::Url::parse(raw).map_err(|_| FetchError::BadUrl(raw.to_string()))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(FetchError::Scheme(u.scheme().to_string()));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(FetchError::Credentials);
    }
    if u.host().is_none() {
        return Err(FetchError::BadUrl(raw.to_string()));
    }
    Ok(u)
}

/// Fetches `url` under `policy`; see the module doc for the rules.
pub async fn fetch(url: &str, policy: &FetchPolicy) -> Result<FetchedPage, FetchError> {
    match tokio::time::timeout(policy.timeout, fetch_inner(url, policy)).await {
        Ok(r) => r,
        Err(_) => Err(FetchError::Timeout(policy.timeout)),
    }
}

async fn fetch_inner(url: &str, policy: &FetchPolicy) -> Result<FetchedPage, FetchError> {
    let first = check_url(url)?;
    let mut current = first.clone();
    let mut redirects: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    loop {
        let mut key = current.clone();
        key.set_fragment(None);
        if !seen.insert(key.to_string()) {
            return Err(FetchError::RedirectLoop(current.to_string()));
        }
        let addrs = resolve(&current, policy).await?;
        let response = get(&current, &addrs, policy).await?;
        match response {
            Answer::Redirect(location) => {
                if redirects.len() >= policy.max_redirects {
                    return Err(FetchError::TooManyRedirects(policy.max_redirects));
                }
                let next = current
                    .join(&location)
                    .map_err(|_| FetchError::BadUrl(location.clone()))?;
                let next = check_url(next.as_str())?;
                redirects.push(next.to_string());
                current = next;
            }
            Answer::Page {
                status,
                content_type,
                body,
                latin1,
            } => {
                let bytes = body.len();
                let body = if latin1 {
                    body.iter().map(|&b| char::from(b)).collect()
                } else {
                    String::from_utf8_lossy(&body).into_owned()
                };
                return Ok(FetchedPage {
                    url: first.to_string(),
                    redirects,
                    status,
                    content_type,
                    bytes,
                    body,
                });
            }
        }
    }
}

/// The host's addresses, all of them allowed by the policy (else the fetch is refused).
async fn resolve(u: &url::Url, policy: &FetchPolicy) -> Result<Vec<SocketAddr>, FetchError> {
    let port = u
        .port_or_known_default()
        .ok_or_else(|| FetchError::BadUrl(u.to_string()))?;
    let host_name = u.host_str().unwrap_or("").to_string();
    let addrs: Vec<SocketAddr> = match u.host() {
        Some(url::Host::Ipv4(a)) => vec![SocketAddr::new(IpAddr::V4(a), port)],
        Some(url::Host::Ipv6(a)) => vec![SocketAddr::new(IpAddr::V6(a), port)],
        Some(url::Host::Domain(d)) => tokio::net::lookup_host((d, port))
            .await
            .map_err(|_| FetchError::Resolve(host_name.clone()))?
            .collect(),
        None => return Err(FetchError::BadUrl(u.to_string())),
    };
    if addrs.is_empty() {
        return Err(FetchError::Resolve(host_name));
    }
    for a in &addrs {
        if let Some(reason) = policy.refuses(a.ip()) {
            return Err(FetchError::Blocked {
                host: host_name,
                addr: a.ip(),
                reason,
            });
        }
    }
    Ok(addrs)
}

enum Answer {
    Redirect(String),
    Page {
        status: u16,
        content_type: String,
        body: Vec<u8>,
        latin1: bool,
    },
}

/// One GET to one of `addrs` (already checked), over TLS for https.
async fn get(
    u: &url::Url,
    addrs: &[SocketAddr],
    policy: &FetchPolicy,
) -> Result<Answer, FetchError> {
    let host = u.host_str().unwrap_or("").to_string();
    let mut last = None;
    let mut tcp = None;
    for a in addrs {
        match TcpStream::connect(a).await {
            Ok(s) => {
                tcp = Some(s);
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    let Some(tcp) = tcp else {
        tracing::debug!(error = ?last, %host, "fetch: connect failed");
        return Err(FetchError::Connect(host));
    };
    if u.scheme() == "https" {
        let name = match u.host() {
            Some(url::Host::Ipv4(a)) => {
                rustls::pki_types::ServerName::IpAddress(IpAddr::V4(a).into())
            }
            Some(url::Host::Ipv6(a)) => {
                rustls::pki_types::ServerName::IpAddress(IpAddr::V6(a).into())
            }
            _ => rustls::pki_types::ServerName::try_from(host.clone()).map_err(|e| {
                FetchError::Tls {
                    host: host.clone(),
                    reason: e.to_string(),
                }
            })?,
        };
        let connector = tokio_rustls::TlsConnector::from(TLS.clone());
        let tls = connector
            .connect(name, tcp)
            .await
            .map_err(|e| FetchError::Tls {
                host: host.clone(),
                reason: e.to_string(),
            })?;
        exchange(tls, u, policy).await
    } else {
        exchange(tcp, u, policy).await
    }
}

/// TLS client configuration: the Mozilla roots compiled in (webpki-roots), ring.
static TLS: LazyLock<Arc<rustls::ClientConfig>> = LazyLock::new(|| {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let builder = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    // Invariant: ring supports the default protocol versions.
    .expect("ring supports TLS 1.2 and 1.3");
    Arc::new(builder.with_root_certificates(roots).with_no_client_auth())
});

/// Aborts the connection task when the exchange ends (or its future is dropped on timeout).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn exchange<S>(io: S, u: &url::Url, policy: &FetchPolicy) -> Result<Answer, FetchError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let host = u.host_str().unwrap_or("").to_string();
    let http_err = |e: hyper::Error| FetchError::Http {
        host: host.clone(),
        reason: e.to_string(),
    };
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(http_err)?;
    let _conn = AbortOnDrop(tokio::spawn(async move {
        let _ = conn.await;
    }));
    let authority = match u.port() {
        Some(p) => format!("{}:{p}", u.host_str().unwrap_or("")),
        None => u.host_str().unwrap_or("").to_string(),
    };
    let path = match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    };
    let req = hyper::Request::builder()
        .method("GET")
        .uri(path)
        .header(header::HOST, authority)
        .header(
            header::USER_AGENT,
            concat!("Dragnet-check/", env!("CARGO_PKG_VERSION")),
        )
        .header(
            header::ACCEPT,
            "text/html, application/xhtml+xml, text/plain;q=0.8",
        )
        .header(header::ACCEPT_ENCODING, "identity")
        .header(header::CONNECTION, "close")
        .body(Empty::<Bytes>::new())
        .map_err(|e| FetchError::BadUrl(e.to_string()))?;
    let resp = sender.send_request(req).await.map_err(http_err)?;
    let status = resp.status();
    if status.is_redirection() {
        if let Some(loc) = resp.headers().get(header::LOCATION) {
            let loc = loc
                .to_str()
                .map_err(|_| FetchError::BadUrl("(a Location header that is not text)".into()))?;
            return Ok(Answer::Redirect(loc.to_string()));
        }
        return Err(FetchError::Status(status.as_u16()));
    }
    if !status.is_success() {
        return Err(FetchError::Status(status.as_u16()));
    }
    let ct = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim();
    if !matches!(
        essence,
        "text/html" | "application/xhtml+xml" | "text/plain"
    ) {
        return Err(FetchError::ContentType(if ct.is_empty() {
            "(none)".into()
        } else {
            ct
        }));
    }
    if let Some(enc) = resp
        .headers()
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        && !enc.eq_ignore_ascii_case("identity")
    {
        return Err(FetchError::Encoding(enc.to_string()));
    }
    let declared = resp
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > policy.max_bytes as u64) {
        return Err(FetchError::TooLarge(policy.max_bytes));
    }
    let latin1 = ct.split(';').skip(1).any(|p| {
        let p = p.trim();
        p.strip_prefix("charset=")
            .map(|c| c.trim_matches('"'))
            .is_some_and(|c| matches!(c, "iso-8859-1" | "latin1" | "windows-1252" | "us-ascii"))
    });
    let mut body = resp.into_body();
    let mut buf: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(http_err)?;
        if let Some(data) = frame.data_ref() {
            if buf.len() + data.len() > policy.max_bytes {
                return Err(FetchError::TooLarge(policy.max_bytes));
            }
            buf.extend_from_slice(data);
        }
    }
    Ok(Answer::Page {
        status: status.as_u16(),
        content_type: essence.to_string(),
        body: buf,
        latin1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_addresses_pass_and_the_rest_is_refused() {
        let public = [
            "8.8.8.8",
            "1.1.1.1",
            "93.184.216.34",
            "100.63.255.255",
            "100.128.0.0",
            "172.32.0.1",
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ];
        for a in public {
            assert_eq!(refused_address(a.parse().unwrap()), None, "{a}");
        }
        let refused = [
            "0.0.0.0",
            "0.1.2.3",
            "10.1.2.3",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "127.255.255.254",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "::8.8.8.8",
            "64:ff9b::7f00:1",
            "64:ff9b::a00:1",
            "64:ff9b:1::1",
            "100::1",
            "2001:db8::1",
            "2001::1",
            "2002:7f00:1::1",
            "3fff::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "4000::1",
        ];
        for a in refused {
            assert!(refused_address(a.parse().unwrap()).is_some(), "{a}");
        }
    }

    #[test]
    fn the_production_policy_refuses_loopback_and_the_test_one_only_loopback() {
        let prod = FetchPolicy::default();
        let test = FetchPolicy::default().allowing_loopback_for_tests();
        for a in ["127.0.0.1", "::1", "::ffff:127.0.0.1"] {
            let ip: IpAddr = a.parse().unwrap();
            assert!(prod.refuses(ip).is_some(), "{a}");
            assert_eq!(test.refuses(ip), None, "{a}");
        }
        for a in [
            "10.0.0.1",
            "169.254.169.254",
            "::ffff:192.168.0.1",
            "fe80::1",
        ] {
            assert!(test.refuses(a.parse().unwrap()).is_some(), "{a}");
        }
    }

    #[test]
    fn urls_are_checked_before_anything_else() {
        let cases = [
            ("ftp://example.com/x", FetchError::Scheme("ftp".into())),
            ("file:///etc/passwd", FetchError::Scheme("file".into())),
            ("http://user:pw@example.com/", FetchError::Credentials),
            ("http://user@example.com/", FetchError::Credentials),
            ("not a url", FetchError::BadUrl("not a url".into())),
        ];
        for (u, want) in cases {
            assert_eq!(check_url(u).unwrap_err(), want, "{u}");
        }
        assert!(check_url("https://example.com/a?b=c").is_ok());
    }
}
