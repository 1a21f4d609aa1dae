//! Look-alike web addresses and support e-mail addresses of the operations, and the ways
//! victims write them.
//!
//! A [`Site`] is a host the operation controls. Its registrable domain (what the `domain`
//! indicator holds) is known by construction: `label.suffix`, where the suffix is a public
//! suffix the generator picks from a fixed list; a subdomain trick prepends labels
//! (`microsoft.com.fix-pc.net` → `fix-pc.net`). Internationalised (homoglyph) hosts are
//! converted with `idna` once, when the site is created.
//!
//! Writing rules, i.e. what the ground truth records for one mention:
//! - with a scheme (`https://`, `http://`, `hxxps://`, `hxxp://`): a `url` (WHATWG
//!   serialisation: scheme re-fanged, host in lower-case punycode, path as written, `/` when
//!   none) **and** the `domain`;
//! - without a scheme (bare or defanged host, with or without `www.`): the `domain` only;
//! - an e-mail address gives an `email` (lower-case) only, never a `domain`.

use crate::util::{R, chance, pick, weighted};
use rand::Rng;

/// A host the operation controls (or a real one, for hard negatives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The host as victims see and copy it (may contain non-ASCII homoglyphs).
    pub host: String,
    /// The host in lower-case ASCII (punycode), as a URL normaliser writes it.
    pub ascii_host: String,
    /// Registrable domain, lower-case ASCII: the `domain` indicator.
    pub registrable: String,
    /// How it imitates the brand: `combosquat`, `typosquat`, `homoglyph`, `subdomain`, `official`.
    pub trick: &'static str,
    /// A few paths the scam pages use.
    pub paths: Vec<String>,
}

const SUFFIXES: &[(&str, u32)] = &[
    ("com", 40),
    ("net", 14),
    ("org", 5),
    ("info", 6),
    ("online", 5),
    ("support", 4),
    ("help", 4),
    ("site", 3),
    ("live", 3),
    ("co.uk", 3),
    ("com.au", 2),
    ("de", 3),
    ("es", 2),
    ("fr", 2),
    ("co", 2),
];

const WORDS: &[&str] = &[
    "support",
    "help",
    "helpdesk",
    "service",
    "care",
    "refund",
    "refunds",
    "billing",
    "security",
    "secure",
    "alert",
    "alerts",
    "fix",
    "repair",
    "desk",
    "center",
    "centre",
    "team",
    "online",
    "customer",
    "account",
    "verify",
    "tech",
    "line",
    "assist",
    "protect",
    "safety",
    "solutions",
    "care247",
    "24x7",
    "now",
    "live",
];

/// Brand keywords for combosquats and the base name for typo- and homoglyph squats.
fn keywords(brand: &str) -> (&'static [&'static str], &'static str) {
    match brand {
        "Microsoft" => (
            &[
                "microsoft",
                "windows",
                "ms",
                "msft",
                "office365",
                "windowsdefender",
                "outlook",
            ],
            "microsoft",
        ),
        "Amazon" => (&["amazon", "amzn", "prime", "amazonprime", "aws"], "amazon"),
        "Apple" => (&["apple", "icloud", "appleid", "itunes"], "apple"),
        "PayPal" => (&["paypal", "pp"], "paypal"),
        "Norton" => (&["norton", "nortonlifelock", "norton360"], "norton"),
        _ => (&["support"], "support"),
    }
}

/// Typing mistakes and visual swaps of the brand name (ASCII).
fn typo(rng: &mut R, base: &str) -> String {
    let b: Vec<char> = base.chars().collect();
    match rng.random_range(0..5) {
        0 if base.contains('m') => base.replacen('m', "rn", 1),
        1 if base.contains('o') => base.replacen('o', "0", 1),
        2 if base.contains('l') || base.contains('i') => base.replacen(['l', 'i'], "1", 1),
        3 if b.len() > 4 => {
            let i = rng.random_range(1..b.len() - 2);
            let mut c = b.clone();
            c.swap(i, i + 1);
            c.into_iter().collect()
        }
        _ => {
            let i = rng.random_range(1..b.len() - 1);
            let mut c = b.clone();
            c.remove(i);
            c.into_iter().collect()
        }
    }
}

/// Replaces one Latin letter with a Cyrillic look-alike.
fn homoglyph(rng: &mut R, base: &str) -> String {
    const MAP: &[(char, char)] = &[
        ('a', 'а'),
        ('o', 'о'),
        ('e', 'е'),
        ('c', 'с'),
        ('p', 'р'),
        ('i', 'і'),
    ];
    let candidates: Vec<(usize, char)> = base
        .char_indices()
        .filter_map(|(i, c)| MAP.iter().find(|(l, _)| *l == c).map(|(_, g)| (i, *g)))
        .collect();
    if candidates.is_empty() {
        return base.to_string();
    }
    let (i, g) = candidates[rng.random_range(0..candidates.len())];
    let mut s = String::with_capacity(base.len() + 2);
    s.push_str(&base[..i]);
    s.push(g);
    s.push_str(&base[i + 1..]);
    s
}

fn paths(rng: &mut R) -> Vec<String> {
    const P: &[&str] = &[
        "/",
        "/fix",
        "/support",
        "/help/",
        "/refund",
        "/refund/claim",
        "/alert",
        "/security-alert.html",
        "/ticket",
        "/windows/error",
        "/account/verify",
        "/index.php",
        "/chat",
        "/download/QS.exe",
        "/help/contact",
    ];
    let n = rng.random_range(1..4);
    let mut out: Vec<String> = Vec::with_capacity(n);
    while out.len() < n {
        let p = pick(rng, P).to_string();
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// Invents a look-alike site for `brand`. `Err` only if IDNA refuses a homoglyph host,
/// in which case the caller draws again.
pub fn lookalike(rng: &mut R, brand: &str) -> Option<Site> {
    let (kws, base) = keywords(brand);
    let suffix = *weighted(rng, SUFFIXES);
    let w1 = *pick(rng, WORDS);
    let w2 = *pick(rng, WORDS);
    let sep = if chance(rng, 0.7) { "-" } else { "" };
    let trick = *weighted(
        rng,
        &[
            ("combosquat", 50),
            ("typosquat", 20),
            ("homoglyph", 12),
            ("subdomain", 18),
        ],
    );
    let (host, label) = match trick {
        "combosquat" => {
            let kw = *pick(rng, kws);
            let label = match rng.random_range(0..4) {
                0 => format!("{kw}{sep}{w1}"),
                1 => format!("{w1}{sep}{kw}"),
                2 => format!("{kw}{sep}{w1}{sep}{w2}"),
                _ => format!("{kw}{sep}{w1}{}", rng.random_range(1..100)),
            };
            (format!("{label}.{suffix}"), label)
        }
        "typosquat" => {
            let label = format!("{}{sep}{w1}", typo(rng, base));
            (format!("{label}.{suffix}"), label)
        }
        "homoglyph" => {
            let label = if chance(rng, 0.5) {
                format!("{}{sep}{w1}", homoglyph(rng, base))
            } else {
                homoglyph(rng, base)
            };
            (format!("{label}.{suffix}"), label)
        }
        _ => {
            // The brand's real domain as leading labels: microsoft.com.fix-pc.net
            let real = match brand {
                "Amazon" => "amazon.com",
                "Apple" => "apple.com",
                "PayPal" => "paypal.com",
                "Norton" => "norton.com",
                _ => *pick(
                    rng,
                    &["microsoft.com", "support.microsoft.com", "windows.com"],
                ),
            };
            let label = format!("{w1}{sep}{w2}");
            (format!("{real}.{label}.{suffix}"), label)
        }
    };
    let registrable_unicode = format!("{label}.{suffix}");
    let ascii_host = idna::domain_to_ascii(&host).ok()?;
    let registrable = idna::domain_to_ascii(&registrable_unicode).ok()?;
    if ascii_host.len() > 253 || label.is_empty() {
        return None;
    }
    Some(Site {
        host,
        ascii_host,
        registrable,
        trick,
        paths: paths(rng),
    })
}

/// The brands' real sites (hard negatives).
pub fn official(host: &str) -> Site {
    let labels: Vec<&str> = host.split('.').collect();
    // The official hosts listed here end in a one-label suffix or in `co.uk`.
    let keep = if host.ends_with(".co.uk") { 3 } else { 2 };
    let registrable = labels[labels.len().saturating_sub(keep)..].join(".");
    Site {
        host: host.to_string(),
        ascii_host: host.to_string(),
        registrable,
        trick: "official",
        paths: vec!["/".to_string()],
    }
}

/// Real hosts victims mention that are no scam infrastructure.
#[cfg(test)]
pub const OFFICIAL_HOSTS: &[&str] = &[
    "microsoft.com",
    "support.microsoft.com",
    "www.microsoft.com",
    "amazon.com",
    "www.amazon.com",
    "amazon.de",
    "amazon.co.uk",
    "anydesk.com",
    "teamviewer.com",
    "apple.com",
    "paypal.com",
];

/// One mention of a site: the text written and the normal forms it yields.
#[derive(Debug, Clone)]
pub struct Mention {
    pub text: String,
    /// `Some` when a scheme was written.
    pub url: Option<String>,
}

fn defang(host: &str, rng: &mut R) -> String {
    match rng.random_range(0..6) {
        0 => host.replace('.', "[.]"),
        1 => match host.rfind('.') {
            Some(i) => format!("{}[.]{}", &host[..i], &host[i + 1..]),
            None => host.to_string(),
        },
        2 => host.replace('.', "(.)"),
        3 => match host.rfind('.') {
            Some(i) => format!("{}(dot){}", &host[..i], &host[i + 1..]),
            None => host.to_string(),
        },
        4 => host.replace('.', "[dot]"),
        _ => host.to_string(),
    }
}

fn capitalise_labels(host: &str) -> String {
    host.split('.')
        .map(|l| {
            let mut c = l.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Writes a mention of `site`; `defanged_rate` is how often the writer defangs it.
pub fn write(rng: &mut R, site: &Site, defanged_rate: f64) -> Mention {
    let www = site.trick != "subdomain" && site.trick != "official" && chance(rng, 0.15);
    let mut host = if www {
        format!("www.{}", site.host)
    } else {
        site.host.clone()
    };
    if chance(rng, 0.08) {
        host = capitalise_labels(&host);
    }
    let defanged = chance(rng, defanged_rate);
    let with_scheme = chance(rng, 0.45);
    if with_scheme {
        let (written, real) = *weighted(
            rng,
            &[
                (("https://", "https://"), 50),
                (("http://", "http://"), 15),
                (("hxxps://", "https://"), 25),
                (("hxxp://", "http://"), 10),
            ],
        );
        let written = if defanged && !written.starts_with("hxxp") {
            if written == "https://" {
                "hxxps://"
            } else {
                "hxxp://"
            }
        } else {
            written
        };
        let path = pick(rng, &site.paths).clone();
        let shown_path = if path == "/" && chance(rng, 0.6) {
            String::new()
        } else {
            path.clone()
        };
        let shown_host = if defanged || written.starts_with("hxxp") && chance(rng, 0.7) {
            defang(&host, rng)
        } else {
            host.clone()
        };
        let ascii = if www {
            format!("www.{}", site.ascii_host)
        } else {
            site.ascii_host.clone()
        };
        Mention {
            text: format!("{written}{shown_host}{shown_path}"),
            url: Some(format!("{real}{ascii}{path}")),
        }
    } else {
        let shown = if defanged { defang(&host, rng) } else { host };
        Mention {
            text: shown,
            url: None,
        }
    }
}

/// A support e-mail address of the operation: on one of its domains or at a webmail provider.
pub fn scam_email(rng: &mut R, brand: &str, site: Option<&Site>) -> String {
    const LOCAL: &[&str] = &[
        "support", "help", "billing", "refunds", "security", "service", "care", "desk", "team",
        "alerts",
    ];
    let (kws, _) = keywords(brand);
    match site {
        Some(s) if s.trick != "homoglyph" && chance(rng, 0.5) => {
            format!("{}@{}", pick(rng, LOCAL), s.registrable)
        }
        _ => {
            let kw = *pick(rng, kws);
            let provider = *pick(
                rng,
                &[
                    "gmail.com",
                    "outlook.com",
                    "hotmail.com",
                    "yahoo.com",
                    "protonmail.com",
                ],
            );
            format!(
                "{kw}.{}{}{}@{provider}",
                pick(rng, LOCAL),
                pick(rng, &[".", "", "_"]),
                rng.random_range(10..10_000)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn registrable_domain_agrees_with_the_public_suffix_list() {
        let mut rng = R::seed_from_u64(3);
        for brand in ["Microsoft", "Amazon", "Apple", "PayPal", "Norton"] {
            for _ in 0..300 {
                let Some(site) = lookalike(&mut rng, brand) else {
                    continue;
                };
                let psl_domain = psl::domain_str(&site.ascii_host).unwrap();
                assert_eq!(psl_domain, site.registrable, "{site:?}");
                assert_eq!(site.registrable, site.registrable.to_ascii_lowercase());
            }
        }
        for host in OFFICIAL_HOSTS {
            assert_eq!(psl::domain_str(host).unwrap(), official(host).registrable);
        }
    }

    #[test]
    fn urls_are_what_a_whatwg_parser_serialises() {
        let mut rng = R::seed_from_u64(5);
        for _ in 0..2000 {
            let Some(site) = lookalike(&mut rng, "Microsoft") else {
                continue;
            };
            let m = write(&mut rng, &site, 0.3);
            if let Some(u) = &m.url {
                let refanged = m
                    .text
                    .replace("hxxp", "http")
                    .replace("[.]", ".")
                    .replace("(.)", ".")
                    .replace("(dot)", ".")
                    .replace("[dot]", ".");
                let parsed = url::Url::parse(&refanged).unwrap();
                assert_eq!(parsed.as_str(), u, "{}", m.text);
            }
        }
    }

    #[test]
    fn homoglyph_hosts_are_punycode_in_ascii_form() {
        let mut rng = R::seed_from_u64(9);
        let mut seen = 0;
        for _ in 0..500 {
            if let Some(s) = lookalike(&mut rng, "Amazon")
                && s.trick == "homoglyph"
            {
                assert!(s.registrable.starts_with("xn--"), "{s:?}");
                assert!(!s.host.is_ascii());
                seen += 1;
            }
        }
        assert!(seen > 20);
    }
}
