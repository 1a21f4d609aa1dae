//! IP addresses (`IpAddress`): IPv4 in dotted decimal (defanged dots accepted), IPv6 in the
//! canonical compressed lower-case form of RFC 5952 (what `std` prints).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::text::refang;

/// An IPv4 or IPv6 address, normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpAddress(IpAddr);

impl IpAddress {
    /// Parses `192.168[.]1.1`, `010.1.1.1` (leading zeros dropped), `2001:DB8::1`.
    pub fn parse(s: &str) -> Result<IpAddress, String> {
        let r = refang(s);
        let t = r.trim().trim_start_matches('[').trim_end_matches(']');
        if let Ok(v6) = t.parse::<Ipv6Addr>() {
            return Ok(IpAddress(IpAddr::V6(v6)));
        }
        let parts: Vec<&str> = t.split('.').collect();
        if parts.len() == 4 {
            let mut o = [0u8; 4];
            for (i, p) in parts.iter().enumerate() {
                if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("`{s}` is not an IP address"));
                }
                o[i] = p
                    .parse()
                    .map_err(|_| format!("`{s}`: octet `{p}` is over 255"))?;
            }
            return Ok(IpAddress(IpAddr::V4(Ipv4Addr::from(o))));
        }
        Err(format!("`{s}` is not an IP address"))
    }

    pub fn addr(&self) -> IpAddr {
        self.0
    }
}

impl From<IpAddr> for IpAddress {
    fn from(a: IpAddr) -> Self {
        IpAddress(a)
    }
}

impl std::fmt::Display for IpAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let cases = [
            ("192.168.1.1", Ok("192.168.1.1")),
            ("45[.]77[.]12[.]9", Ok("45.77.12.9")),
            ("010.001.1.1", Ok("10.1.1.1")),
            ("2001:DB8:0:0:0:0:0:1", Ok("2001:db8::1")),
            ("[fe80::1]", Ok("fe80::1")),
            ("256.1.1.1", Err(())),
            ("1.2.3", Err(())),
            ("14:30:00", Err(())),
        ];
        for (input, want) in cases {
            let got = IpAddress::parse(input)
                .map(|a| a.to_string())
                .map_err(|_| ());
            assert_eq!(got, want.map(String::from), "{input}");
        }
    }
}
