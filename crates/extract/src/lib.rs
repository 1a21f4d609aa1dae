//! Dragnet's indicator extraction: finds every indicator a scam report carries and
//! normalises it as FORMATS.md §2 says. Pure: no I/O, data tables compiled in.
//!
//! [`Extractor::extract_text`] scans free text in passes, most specific first; each pass
//! claims the byte ranges it matched so later passes do not re-read them:
//!
//! 1. URLs (scheme `http(s)`/`hxxp(s)`/`ftp`/`fxp`, or a `www.` prefix; defanged forms
//!    accepted) -> `domain` (registrable), `domain` (full host, when it differs other than
//!    by `www.`), `url`; an IP host gives `ip` instead of `domain`.
//! 2. E-mail addresses (`@`, `[at]`, `(at)`, `{at}`, `[@]`) -> `email`, plus `domain` of
//!    the address unless it is on the webmail warninglist (`gmail.com` says nothing).
//! 3. Bare host names with a known public suffix -> `domain` (and `url` with `http://` when a
//!    `/path` follows directly). Title-case TLDs after a lower-case word (`blocked.It`) and the
//!    file-extension TLDs `.zip`/`.mov` are ignored without a scheme.
//! 4. IPv4 (dotted, defanged dots accepted, not part of a longer dotted number), IPv6.
//! 5. IBANs (mod 97), crypto wallets (checksums), remote-access IDs tied to a tool name,
//!    gift-card codes tied to a brand.
//! 6. Phone numbers in what is left (see [`phone`]).
//!
//! Output is in order of appearance (for one URL: domain, host, url) and deduplicated by
//! `(type, value)`, keeping the first. Values on a warninglist ([`lists`]) are kept and
//! flagged in `warning`.
//!
//! Two scans over the whole text come first and decide what the passes do, so most of a
//! narrative is read only twice (docs/EXTRACTION.md, "Performance"):
//! - `Features`: one byte loop counting digits and noting trigger literals (`//`, `www`,
//!   `@`, defanged dots, ` at `, an IBAN start, a long alphanumeric run…); a pass whose
//!   trigger is absent is not run at all.
//! - `keywords`: one Aho-Corasick scan for remote-access tool names, gift-card brands and
//!   language marker words, shared by the remote-ID, gift-card and phone passes.
//!
//! Passes whose matches can start only at a few places find those places by hand and try
//! their pattern anchored there (IBANs, vanity numbers, wallets) or are scanned by hand
//! altogether (phone runs, refanging); each such scanner has a property test against the
//! regular expression it stands for.
#![forbid(unsafe_code)]

pub mod giftcard;
pub mod iban;
pub mod ip;
mod keywords;
pub mod lists;
mod numbering;
pub mod phone;
pub mod remote;
pub mod text;
pub mod wallet;
pub mod web;

use std::collections::HashSet;
use std::sync::OnceLock;

use dragnet_core::{Country, Indicator, IndicatorType, RawIndicator, ReportInput};
use regex::Regex;

pub use giftcard::GiftCard;
pub use iban::Iban;
pub use ip::IpAddress;
pub use lists::{Brand, SupportNumber, brands};
pub use phone::PhoneNumber;
pub use remote::RemoteAccessId;
pub use wallet::Wallet;
pub use web::{Domain, Email, Host, Url};

use text::{Taken, char_at, char_before};

/// What the extractor knows about the report besides its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// The reporter's country: the default region for national phone numbers.
    pub default_region: Option<Country>,
}

/// Indicators of one report: structured and narrative merged, plus the structured values
/// that did not parse (with the reason), which the caller reports without rejecting the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    pub indicators: Vec<Indicator>,
    pub rejected: Vec<(RawIndicator, String)>,
}

/// Compiled patterns, automata and warninglists; build once and share (it is `Send + Sync`).
pub struct Extractor {
    lists: lists::Warninglists,
    url: Regex,
    email: Regex,
    /// `support at example dot com`: a spelled-out ` at ` read only with defanged dots.
    email_spelled: Regex,
    domain: Regex,
    ipv4: Regex,
    ipv6: Regex,
    /// Searched anchored, at the places an IBAN can start (see `ibans`).
    iban: regex_automata::meta::Regex,
    wallet: Regex,
    phones: phone::PhoneFinder,
    remote: remote::RemoteFinder,
    gift: giftcard::GiftFinder,
    /// Tool names, gift-card brands and language markers, found in one scan.
    keywords: keywords::Keywords,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

/// Words that are also TLDs and start sentences typed without a space after the dot.
const RUN_ON_WORDS: &[&str] = &[
    "now", "you", "new", "one", "top", "win", "fun", "buy", "how", "off", "day", "men", "bot",
];

/// A defanged or plain dot between labels.
const DOT: &str = r"(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}| dot )";

/// A defanged dot only (`[.]`, `(.)`, `{.}`, `[dot]`, `(dot)`, `{dot}`, ` dot `).
const DEFANGED_DOT: &str = r"(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}| dot )";

/// Wallet addresses: Ethereum (`0x` + 40 hex), bech32 (`bc1`, `ltc1`, `tb1` and upper case)
/// and base58 (`1`, `3`, `L`, `M`, `D`, `T` + 25 to 34 symbols). An address is a whole word:
/// a maximal run of ASCII word characters (`[0-9A-Za-z_]`), 9 to 91 bytes long.
const WALLET: &str = r"0[xX][0-9a-fA-F]{40}|(?:bc1|BC1|ltc1|LTC1|tb1|TB1)[0-9a-zA-Z]{6,87}|[13LMDT][1-9A-HJ-NP-Za-km-z]{25,34}";

/// An IBAN as written: country, check digits, then groups of four (a space between groups
/// allowed). Digits are ASCII (a digit of another script is no IBAN's).
const IBAN: &str = r"(?-u:\b)[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?-u:\b)";

/// Bytes at the start of a text in which the language markers are counted.
const MARKER_WINDOW: usize = 600;

/// Language marker words -> region hint for national phone numbers.
const LANG_MARKERS: &[(&str, Option<&str>)] = &[
    (" the ", None),
    (" and ", None),
    (" my ", None),
    (" you ", None),
    (" to ", None),
    (" der ", Some("DE")),
    (" die ", Some("DE")),
    (" und ", Some("DE")),
    (" ich ", Some("DE")),
    (" nicht ", Some("DE")),
    (" mein", Some("DE")),
    (" sie ", Some("DE")),
    (" ist ", Some("DE")),
    (" le ", Some("FR")),
    (" les ", Some("FR")),
    (" et ", Some("FR")),
    (" je ", Some("FR")),
    (" est ", Some("FR")),
    (" une ", Some("FR")),
    (" vous ", Some("FR")),
    (" mon ", Some("FR")),
    (" el ", Some("ES")),
    (" los ", Some("ES")),
    (" y ", Some("ES")),
    (" que ", Some("ES")),
    (" mi ", Some("ES")),
    (" una ", Some("ES")),
    (" por ", Some("ES")),
    (" me ", Some("ES")),
    (" al ", Some("ES")),
    (" del ", Some("ES")),
    (" para ", Some("ES")),
    (" con ", Some("ES")),
    (" pour ", Some("FR")),
    (" avec ", Some("FR")),
    (" des ", Some("FR")),
    (" mit ", Some("DE")),
    (" auf ", Some("DE")),
    (" von ", Some("DE")),
    (" for ", None),
    (" was ", None),
];

impl Extractor {
    pub fn new() -> Extractor {
        // Invariant: constant patterns, all exercised by the unit tests.
        let re = |p: &str| Regex::new(p).expect("valid constant pattern");
        // Unbounded repetitions on purpose: `{0,62}` of a Unicode class makes an NFA too big
        // for the lazy DFA and the search falls back to the (slow) PikeVM. Label lengths are
        // checked by `Domain::parse`.
        let label = r"[\p{L}\p{N}][\p{L}\p{N}\-]*";
        let tld = r"(?:xn--[a-zA-Z0-9\-]+|\p{L}\p{L}+)";
        Extractor {
            lists: lists::Warninglists::load(),
            url: re(&format!(
                r#"(?i)(?-u:\b)(?:(?:h[tx]{{2}}ps?|fxp|ftp)(?::|\[:\])//|www{DOT})[^\s<>"'`]+"#
            )),
            email: re(&format!(
                r"(?i)[a-z0-9._%+\-]+(?:@|\[@\]| ?\[at\] ?| ?\(at\) ?| ?\{{at\}} ?)(?:{label}{DOT})+{tld}"
            )),
            email_spelled: re(&format!(
                r"(?i)[a-z0-9._%+\-]+ at (?:{label}{DEFANGED_DOT})+{tld}"
            )),
            domain: re(&format!(r"(?i)(?:{label}{DOT})+{tld}")),
            ipv4: re(r"\d{1,3}(?:(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\])\d{1,3}){3}"),
            ipv6: re(r"(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}"),
            // Invariant: a constant pattern, exercised by the tests.
            iban: regex_automata::meta::Regex::new(IBAN).expect("valid IBAN pattern"),
            // Anchored: it is tried on whole words (see `scan_payment`).
            wallet: re(&format!("^(?:{WALLET})$")),
            phones: phone::PhoneFinder::new(),
            remote: remote::RemoteFinder::new(),
            gift: giftcard::GiftFinder::new(),
            keywords: keywords::Keywords::new(
                &remote::TOOLS.iter().map(|t| t.0).collect::<Vec<_>>(),
                &giftcard::BRANDS.iter().map(|b| b.0).collect::<Vec<_>>(),
                &LANG_MARKERS.iter().map(|m| m.0).collect::<Vec<_>>(),
            ),
        }
    }

    /// Which warninglist (if any) a normalised value is on, e.g. `Some("microsoft-official-support")`.
    pub fn warning(&self, ty: IndicatorType, value: &str) -> Option<&'static str> {
        self.lists.warning(ty, value)
    }

    /// Every indicator found in free text, in order of appearance, deduplicated by (type, value).
    pub fn extract_text(&self, text: &str, ctx: &Context) -> Vec<Indicator> {
        self.extract_with(text, ctx, &Features::of(text))
    }

    /// [`Self::extract_text`] with the passes `f` allows.
    fn extract_with(&self, text: &str, ctx: &Context, f: &Features) -> Vec<Indicator> {
        let mut found: Vec<(usize, Indicator)> = Vec::new();
        let mut taken = Taken::default();
        // Keyword lists serve remote IDs, gift codes and phone regions: all need digits.
        let hits = if f.digits >= 2 {
            // The first sentences say enough about the language.
            self.keywords
                .scan(text, text::window_after(text, 0, MARKER_WINDOW).len())
        } else {
            keywords::Hits::default()
        };
        self.scan_web(text, f, &mut taken, &mut found);
        self.scan_ips(text, f, &mut taken, &mut found);
        self.scan_payment(text, f, &hits, &mut taken, &mut found);
        if f.digits >= 6 {
            self.scan_phones(text, ctx, &hits, &taken, &mut found);
        }
        found.sort_by_key(|(pos, _)| *pos);
        self.finish(found.into_iter().map(|(_, i)| i))
    }

    /// Normalise one structured indicator from a report (FORMATS §1 `indicators[]`); the error says why not.
    pub fn normalise(&self, raw: &RawIndicator, ctx: &Context) -> Result<Indicator, String> {
        let v = raw.value.trim();
        if v.is_empty() {
            return Err(format!("empty {} value", raw.ty));
        }
        let mut ind = match raw.ty {
            IndicatorType::Phone => {
                let digits: String = v.chars().filter(char::is_ascii_digit).collect();
                if digits.len() <= 6 && !v.contains('+') && self.lists.is_emergency(&digits) {
                    let mut i = Indicator::new(raw.ty, digits, v);
                    i.kind = Some("emergency".into());
                    i
                } else {
                    let p = PhoneNumber::parse(v, ctx.default_region)?;
                    phone_indicator(p, v)
                }
            }
            IndicatorType::Url => Indicator::new(raw.ty, Url::parse(v)?.as_str(), v),
            IndicatorType::Domain => {
                let without_scheme = v.split_once("://").map_or(v, |x| x.1);
                let host = without_scheme
                    .split(['/', '?', '#'])
                    .next()
                    .unwrap_or(without_scheme);
                Indicator::new(raw.ty, Domain::parse(host)?.registrable(), v)
            }
            IndicatorType::Email => Indicator::new(raw.ty, Email::parse(v)?.as_str(), v),
            IndicatorType::Ip => Indicator::new(raw.ty, IpAddress::parse(v)?.to_string(), v),
            IndicatorType::RemoteAccessId => {
                let r = RemoteAccessId::parse(v)?;
                let mut i = Indicator::new(raw.ty, r.value(), v);
                i.kind = Some(r.tool().into());
                i
            }
            IndicatorType::CryptoWallet => {
                let w = Wallet::parse(v)?;
                let mut i = Indicator::new(raw.ty, w.as_str(), v);
                i.kind = Some(w.kind().into());
                i
            }
            IndicatorType::Iban => {
                let b = Iban::parse(v)?;
                let mut i = Indicator::new(raw.ty, b.as_str(), v);
                i.country = Some(b.country().into());
                i
            }
            IndicatorType::GiftCard => {
                let g = GiftCard::parse(v)?;
                let mut i = Indicator::new(raw.ty, g.value(), v);
                i.kind = Some(g.brand().into());
                i
            }
            IndicatorType::Other => Indicator::new(raw.ty, v, v),
        };
        ind.warning = self.lists.warning(ind.ty, &ind.value).map(String::from);
        Ok(ind)
    }

    /// Narrative + structured indicators merged and deduplicated (structured first). Bad
    /// structured values are returned separately so the caller can report them.
    pub fn extract_report(&self, report: &ReportInput) -> Extraction {
        let ctx = Context {
            default_region: report.reporter.country,
        };
        let mut out = Vec::new();
        let mut rejected = Vec::new();
        for raw in &report.indicators {
            match self.normalise(raw, &ctx) {
                Ok(ind) => {
                    let derived = self.derived(&ind);
                    out.push(ind);
                    out.extend(derived);
                }
                Err(e) => rejected.push((raw.clone(), e)),
            }
        }
        out.extend(self.extract_text(&report.narrative, &ctx));
        Extraction {
            indicators: self.finish(out.into_iter()),
            rejected,
        }
    }

    /// Domains implied by a structured url, domain or e-mail (as the text scan emits them).
    fn derived(&self, ind: &Indicator) -> Vec<Indicator> {
        let mut out = Vec::new();
        match ind.ty {
            IndicatorType::Url => {
                if let Ok(u) = Url::parse(&ind.value) {
                    out.push(host_indicator(u.host(), &ind.raw));
                }
            }
            IndicatorType::Domain => {
                if let Ok(d) = Domain::parse(&ind.value)
                    && d.registrable() != d.as_str()
                {
                    out.push(Indicator::new(
                        IndicatorType::Domain,
                        d.registrable(),
                        ind.raw.clone(),
                    ));
                }
            }
            IndicatorType::Email => {
                if let Ok(e) = Email::parse(&ind.value)
                    && !self.lists.is_webmail(e.domain().as_str())
                {
                    out.push(Indicator::new(
                        IndicatorType::Domain,
                        e.domain().as_str(),
                        ind.raw.clone(),
                    ));
                }
            }
            _ => {}
        }
        out
    }

    /// Dedup by (type, value) keeping the first, and set warnings.
    fn finish(&self, items: impl Iterator<Item = Indicator>) -> Vec<Indicator> {
        let mut out: Vec<Indicator> = Vec::new();
        let mut seen = HashSet::new();
        for mut i in items {
            // Reports carry a handful of indicators: a linear scan beats hashing until many.
            let new = if out.len() < 32 {
                !out.iter().any(|o| o.ty == i.ty && o.value == i.value)
            } else {
                if seen.is_empty() {
                    seen.extend(out.iter().map(|o| (o.ty, o.value.clone())));
                }
                seen.insert((i.ty, i.value.clone()))
            };
            if new {
                if i.warning.is_none() {
                    i.warning = self.lists.warning(i.ty, &i.value).map(String::from);
                }
                out.push(i);
            }
        }
        out
    }

    fn scan_web(
        &self,
        text: &str,
        f: &Features,
        taken: &mut Taken,
        found: &mut Vec<(usize, Indicator)>,
    ) {
        if f.slashes || f.www {
            for m in self.url.find_iter(text) {
                let raw = trim_url(m.as_str());
                let (s, e) = (m.start(), m.start() + raw.len());
                if char_before(text, s).is_some_and(|c| c == '@' || c == '.') {
                    continue;
                }
                if let Ok(u) = Url::parse(raw) {
                    found.push((s, host_indicator(u.host(), raw)));
                    // `www.example.com` alone names a site, not a page: a domain only.
                    let bare_www = !raw.contains("//") && !raw.trim_end_matches('/').contains('/');
                    if !bare_www {
                        found.push((s, Indicator::new(IndicatorType::Url, u.as_str(), raw)));
                    }
                    taken.add(s, e);
                }
            }
        }
        if f.at {
            for m in self.email.find_iter(text) {
                if taken.overlaps(m.start(), m.end()) || !ends_clean(text, m.end()) {
                    continue;
                }
                let raw = m.as_str();
                if let Ok(em) = Email::parse(raw) {
                    found.push((
                        m.start(),
                        Indicator::new(IndicatorType::Email, em.as_str(), raw),
                    ));
                    if !self.lists.is_webmail(em.domain().as_str()) {
                        found.push((
                            m.start(),
                            Indicator::new(IndicatorType::Domain, em.domain().as_str(), raw),
                        ));
                    }
                    taken.add(m.start(), m.end());
                }
            }
        }
        // ` at ` is English, so it is read as `@` only when the dots are defanged as well
        // (`support at ms-help dot com`, `help at ms-help[.]com`): then it is meant.
        if f.defanged_dot && f.spelled_at {
            for m in self.email_spelled.find_iter(text) {
                let (s, e) = (m.start(), m.end());
                if taken.overlaps(s, e)
                    || !ends_clean(text, e)
                    || char_before(text, s).is_some_and(|c| text::is_word(c) || c == '@')
                {
                    continue;
                }
                let raw = m.as_str();
                let Some(at) = raw.to_ascii_lowercase().find(" at ") else {
                    continue;
                };
                let joined = format!("{}@{}", &raw[..at], &raw[at + 4..]);
                if let Ok(em) = Email::parse(&joined) {
                    found.push((s, Indicator::new(IndicatorType::Email, em.as_str(), raw)));
                    if !self.lists.is_webmail(em.domain().as_str()) {
                        found.push((
                            s,
                            Indicator::new(IndicatorType::Domain, em.domain().as_str(), raw),
                        ));
                    }
                    taken.add(s, e);
                }
            }
        }
        if !f.dot_letter && !f.spelled_dot {
            return;
        }
        for m in self.domain.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            if taken.overlaps(s, e)
                || char_before(text, s).is_some_and(|c| text::is_word(c) || "-.@/\\:".contains(c))
                || !ends_clean(text, e)
            {
                continue;
            }
            let raw = m.as_str();
            let tld = raw.rsplit(['.', ']', ')', '}', ' ']).next().unwrap_or("");
            let plain_dot =
                raw.len() > tld.len() && raw.as_bytes()[raw.len() - tld.len() - 1] == b'.';
            // "blocked.It said", "Call us.Now": a sentence run on without a space. A defanged
            // dot or a longer TLD (`Amazonservice.Support`) is meant as a domain.
            let label_before = raw[..raw.len() - tld.len()]
                .trim_end_matches('.')
                .rsplit('.')
                .next()
                .unwrap_or("");
            let title_case = tld.chars().next().is_some_and(char::is_uppercase)
                && tld.chars().skip(1).all(char::is_lowercase)
                && (tld.len() == 2
                    || RUN_ON_WORDS.contains(&tld.to_ascii_lowercase().as_str())
                    || label_before.chars().all(|c| c.is_lowercase() || c == '-'));
            if (plain_dot && title_case)
                || tld.eq_ignore_ascii_case("zip")
                || tld.eq_ignore_ascii_case("mov")
            {
                continue;
            }
            let Ok(d) = Domain::parse(raw) else { continue };
            // A path directly after the host makes it a URL.
            let path_end = if text[e..].starts_with('/') {
                let rest = &text[e..];
                let n = rest
                    .find(|c: char| c.is_whitespace() || "<>\"'`".contains(c))
                    .unwrap_or(rest.len());
                e + trim_url(&rest[..n]).len()
            } else {
                e
            };
            let raw_full = &text[s..path_end];
            found.push((
                s,
                Indicator::new(IndicatorType::Domain, d.registrable(), raw_full),
            ));
            if path_end > e + 1
                && let Ok(u) = Url::parse(raw_full)
            {
                found.push((s, Indicator::new(IndicatorType::Url, u.as_str(), raw_full)));
            }
            taken.add(s, path_end);
        }
    }

    fn scan_ips(
        &self,
        text: &str,
        f: &Features,
        taken: &mut Taken,
        found: &mut Vec<(usize, Indicator)>,
    ) {
        // `then`, not `take_while` on the iterator: that would run the first search anyway.
        let ipv4s = f.dotted_quad.then(|| self.ipv4.find_iter(text));
        for m in ipv4s.into_iter().flatten() {
            let (s, e) = (m.start(), m.end());
            let before = char_before(text, s);
            let after = char_at(text, e);
            let dotted_on =
                after == Some('.') && char_at(text, e + 1).is_some_and(|c| c.is_ascii_digit());
            if taken.overlaps(s, e)
                || before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == '+')
                || after.is_some_and(char::is_alphanumeric)
                || dotted_on
            {
                continue;
            }
            if let Ok(ip) = IpAddress::parse(m.as_str()) {
                found.push((
                    s,
                    Indicator::new(IndicatorType::Ip, ip.to_string(), m.as_str()),
                ));
                taken.add(s, e);
            }
        }
        if f.colons < 2 {
            return;
        }
        for m in self.ipv6.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let groups = m.as_str().split(':').filter(|g| !g.is_empty()).count();
            if groups < 3
                || taken.overlaps(s, e)
                || char_before(text, s).is_some_and(|c| c.is_alphanumeric() || c == ':')
                || char_at(text, e).is_some_and(|c| c.is_alphanumeric() || c == ':')
            {
                continue;
            }
            if let Ok(v6) = m.as_str().parse::<std::net::Ipv6Addr>() {
                found.push((
                    s,
                    Indicator::new(IndicatorType::Ip, v6.to_string(), m.as_str()),
                ));
                taken.add(s, e);
            }
        }
    }

    /// The matches of [`IBAN`] in `text`, left to right, as an unanchored search finds them.
    /// A match starts where two upper-case letters and two digits begin a word, so the
    /// pattern is tried anchored there only, instead of a search visiting every byte.
    fn ibans<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        use regex_automata::{Anchored, Input};
        let b = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at + 4 <= b.len() {
                let p = at;
                at += 1;
                let starts = b[p].is_ascii_uppercase()
                    && b[p + 1].is_ascii_uppercase()
                    && b[p + 2].is_ascii_digit()
                    && b[p + 3].is_ascii_digit()
                    && (p == 0 || !(b[p - 1].is_ascii_alphanumeric() || b[p - 1] == b'_'));
                if !starts {
                    continue;
                }
                let input = Input::new(text).range(p..).anchored(Anchored::Yes);
                if let Some(m) = self.iban.search(&input) {
                    at = m.end();
                    return Some((m.start(), m.end()));
                }
            }
            None
        })
    }

    fn scan_payment(
        &self,
        text: &str,
        f: &Features,
        hits: &keywords::Hits,
        taken: &mut Taken,
        found: &mut Vec<(usize, Indicator)>,
    ) {
        let ibans = f.iban_start.then(|| self.ibans(text));
        for (start, stop) in ibans.into_iter().flatten() {
            let raw = &text[start..stop];
            let Some(want) = iban::length(&raw[..2]) else {
                continue;
            };
            // The pattern may run into a following group: cut at the registry length.
            let mut count = 0;
            let mut end = raw.len();
            for (i, c) in raw.char_indices() {
                if c.is_ascii_alphanumeric() {
                    count += 1;
                    if count == want {
                        end = i + 1;
                        break;
                    }
                }
            }
            let raw = &raw[..end];
            let (s, e) = (start, start + end);
            if taken.overlaps(s, e) {
                continue;
            }
            if let Ok(b) = Iban::parse(raw) {
                let mut i = Indicator::new(IndicatorType::Iban, b.as_str(), raw);
                i.country = Some(b.country().into());
                found.push((s, i));
                taken.add(s, e);
            }
        }
        // `\b(?:WALLET)\b` with ASCII word boundaries, as whole words tried one by one: the
        // same matches as that regex's unanchored search, which scanned every byte.
        let words = (f.long_run >= 25).then(|| text::ascii_words(text, 9, 91));
        for (s, e) in words.into_iter().flatten() {
            let raw = &text[s..e];
            if !self.wallet.is_match(raw) || taken.overlaps(s, e) {
                continue;
            }
            if let Ok(w) = Wallet::parse(raw) {
                let mut i = Indicator::new(IndicatorType::CryptoWallet, w.as_str(), raw);
                i.kind = Some(w.kind().into());
                found.push((s, i));
                taken.add(s, e);
            }
        }
        let mut ids = Vec::new();
        if f.digits >= 8 {
            self.remote.find(text, &hits.tools, taken, &mut ids);
        }
        for (s, e, r) in ids {
            let mut i = Indicator::new(IndicatorType::RemoteAccessId, r.value(), &text[s..e]);
            i.kind = Some(r.tool().into());
            found.push((s, i));
            taken.add(s, e);
        }
        let mut cards = Vec::new();
        if f.digits >= 2 {
            self.gift.find(text, &hits.brands, taken, &mut cards);
        }
        for (s, e, g) in cards {
            let mut i = Indicator::new(IndicatorType::GiftCard, g.value(), &text[s..e]);
            i.kind = Some(g.brand().into());
            found.push((s, i));
            taken.add(s, e);
        }
    }

    fn scan_phones(
        &self,
        text: &str,
        ctx: &Context,
        hits: &keywords::Hits,
        taken: &Taken,
        found: &mut Vec<(usize, Indicator)>,
    ) {
        let regions = || phone::region_order(ctx.default_region, language_region(hits));
        let mut phones = Vec::new();
        self.phones.find(text, taken, &regions, &mut phones);
        for (s, e, p) in phones {
            found.push((s, phone_indicator(p, &text[s..e])));
        }
    }
}

/// The region the text's language suggests (`de` -> DE, `fr` -> FR, `es` -> ES), if any,
/// from the marker words among the keyword `hits`.
fn language_region(hits: &keywords::Hits) -> Option<&'static str> {
    let mut counts = [0usize; 4];
    for (m, n) in hits.markers.iter().enumerate() {
        let idx = match LANG_MARKERS[m].1 {
            None => 0,
            Some("DE") => 1,
            Some("FR") => 2,
            _ => 3,
        };
        counts[idx] += n;
    }
    let best = (0..4).max_by_key(|&i| (counts[i], i == 0))?;
    [None, Some("DE"), Some("FR"), Some("ES")][best].filter(|_| counts[best] > 0)
}

/// Which passes can match at all, from one scan over the bytes: most narratives have no
/// IBAN, wallet or IPv6 and the passes for them are skipped.
#[derive(Default)]
struct Features {
    digits: usize,
    colons: usize,
    /// `.` followed by a letter or a non-ASCII byte, or a defanged dot (`[.]`, `(.)`, `{.}`,
    /// `[dot`…): a host name's last dot is followed by its TLD's first letter.
    dot_letter: bool,
    /// Four runs of digits joined by a dot each (`.`, `[.]`, `(.)`, `{.}`, `[dot]`): an
    /// IPv4 address's shape.
    dotted_quad: bool,
    /// Two upper-case letters followed by two digits (an IBAN's start).
    iban_start: bool,
    /// Longest run of ASCII letters and digits.
    long_run: usize,
    /// `//` (a URL scheme's slashes).
    slashes: bool,
    /// `www`, any case.
    www: bool,
    /// `@`, or `at]`, `at)`, `at}` (a defanged `@`; case as written).
    at: bool,
    /// ` dot `, any case.
    spelled_dot: bool,
    /// ` at `, any case.
    spelled_at: bool,
    /// ` dot `, `[dot]`, `(dot)` (any case), `[.]`, `(.)` or `{.}`.
    defanged_dot: bool,
}

impl Features {
    fn of(text: &str) -> Features {
        let b = text.as_bytes();
        let mut f = Features::default();
        let mut run_start = 0;
        // Digit runs joined by dots so far, and where the next run must start to join them.
        let mut quad = 0u8;
        let mut quad_next = usize::MAX;
        for (i, &c) in b.iter().enumerate() {
            // Most bytes are letters: they only extend the alphanumeric run (and `w`/`W`
            // may start `www`), so they take the shortest path.
            if c.is_ascii_alphabetic() {
                if (c | 0x20) == b'w' && at_ci(b, i + 1, b"ww") {
                    f.www = true;
                }
                continue;
            }
            if c.is_ascii_digit() {
                f.digits += 1;
                if i == 0 || !b[i - 1].is_ascii_digit() {
                    quad = if i == quad_next { quad + 1 } else { 1 };
                    f.dotted_quad |= quad >= 4;
                }
                if !f.iban_start
                    && i >= 3
                    && b[i - 1].is_ascii_digit()
                    && b[i - 2].is_ascii_uppercase()
                    && b[i - 3].is_ascii_uppercase()
                {
                    f.iban_start = true;
                }
                continue;
            }
            // Any other byte ends the alphanumeric run.
            f.long_run = f.long_run.max(i - run_start);
            run_start = i + 1;
            let after_digit = i > 0 && b[i - 1].is_ascii_digit();
            match c {
                b':' => f.colons += 1,
                b'/' if b.get(i + 1) == Some(&b'/') => f.slashes = true,
                b'@' => f.at = true,
                b']' | b')' | b'}' if i >= 2 && &b[i - 2..i] == b"at" => f.at = true,
                b' ' => match b.get(i + 1) {
                    Some(b'd' | b'D') if at_ci(b, i + 1, b"dot ") => {
                        f.spelled_dot = true;
                        f.defanged_dot = true;
                    }
                    Some(b'a' | b'A') if at_ci(b, i + 1, b"at ") => f.spelled_at = true,
                    _ => {}
                },
                b'.' => {
                    if after_digit {
                        quad_next = i + 1;
                    }
                    let next = b.get(i + 1).copied().unwrap_or(b' ');
                    let prev = if i > 0 { b[i - 1] } else { b' ' };
                    if next.is_ascii_alphabetic()
                        || next >= 0x80
                        || matches!(prev, b'[' | b'(' | b'{')
                    {
                        f.dot_letter = true;
                    }
                }
                b'[' | b'(' | b'{' => {
                    let close = match c {
                        b'[' => b']',
                        b'(' => b')',
                        _ => b'}',
                    };
                    if at_ci(b, i + 1, b"dot") {
                        f.dot_letter = true;
                        if c != b'{' && b.get(i + 4) == Some(&close) {
                            f.defanged_dot = true;
                        }
                    }
                    if b.get(i + 1) == Some(&b'.') && b.get(i + 2) == Some(&close) {
                        f.defanged_dot = true;
                        if after_digit {
                            quad_next = i + 3;
                        }
                    }
                    if after_digit && c == b'[' && b.get(i + 1..i + 5) == Some(b"dot]") {
                        quad_next = i + 5;
                    }
                }
                _ => {}
            }
        }
        f.long_run = f.long_run.max(b.len() - run_start);
        f
    }
}

/// Whether `b[at..]` starts with `needle`, ASCII case-insensitively.
fn at_ci(b: &[u8], at: usize, needle: &[u8]) -> bool {
    b.get(at..at + needle.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(needle))
}

/// Process-wide shared extractor, for callers that do not keep their own.
pub fn shared() -> &'static Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(Extractor::new)
}

fn phone_indicator(p: PhoneNumber, raw: &str) -> Indicator {
    let (e164, region, kind) = p.into_parts();
    let mut i = Indicator::new(IndicatorType::Phone, e164, raw);
    i.country = region;
    i.kind = Some(kind.into());
    i
}

/// `domain` (the registrable domain; the full host stays in the URL), or `ip`.
fn host_indicator(host: &Host, raw: &str) -> Indicator {
    match host {
        Host::Domain(d) => Indicator::new(IndicatorType::Domain, d.registrable(), raw),
        Host::Ip(a) => Indicator::new(IndicatorType::Ip, a.to_string(), raw),
    }
}

/// Strips trailing punctuation and unbalanced closing brackets from a URL found in text.
fn trim_url(s: &str) -> &str {
    let mut t = s;
    loop {
        let before = t.len();
        t = t.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '»', '”', '’', '*']);
        for (open, close) in [('(', ')'), ('[', ']'), ('{', '}'), ('<', '>')] {
            if t.ends_with(close) && t.matches(close).count() > t.matches(open).count() {
                t = &t[..t.len() - 1];
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

/// A match must not run on into a word (`example.com2`, `example.comfort`).
fn ends_clean(text: &str, e: usize) -> bool {
    !char_at(text, e).is_some_and(|c| text::is_word(c) || c == '-' || c == '@')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    impl Features {
        /// Every pass allowed: what the extraction finds without the pre-scan.
        fn all() -> Features {
            Features {
                digits: usize::MAX,
                colons: usize::MAX,
                dot_letter: true,
                dotted_quad: true,
                iban_start: true,
                long_run: usize::MAX,
                slashes: true,
                www: true,
                at: true,
                spelled_dot: true,
                spelled_at: true,
                defanged_dot: true,
            }
        }
    }

    /// Pieces of indicators and the text around them, for texts where many passes apply.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "hxxps://",
                "http://",
                "www.",
                "WWW.",
                "[.]",
                "(.)",
                "{.}",
                "[dot]",
                "(DOT)",
                " dot ",
                " at ",
                "@",
                "[at]",
                "(at)",
                "{at}",
                "[@]",
                "[:]",
                ".com",
                ".co.uk",
                ".de",
                "/fix",
                "support",
                "micrоsoft",
                "DE89",
                "GB29 NWBK",
                "3704 0044",
                "0532 0130 00",
                "bc1q",
                "0x",
                "1BoatSLRHtKNngkdXEeobR76b53LBpgFi",
                "AnyDesk",
                "TeamViewer ID",
                "Google Play",
                "Steam",
                "ABCD-1234-EFGH-5678",
                "1-800-MY-",
                "APPLE",
                "+49 ",
                "0044 ",
                "011 ",
                "(0)",
                "+1 (888) ",
                "555-0147",
                "0800 123 ",
                "14.09.2023",
                "499,00 €",
                "2001:db8::1",
                "192.168",
                ".1.1",
                " the ",
                " der ",
                " le ",
                " el ",
                " y ",
                "call ",
                "order ",
                ". ",
                "\n",
                " ",
                "-",
                ":",
                "//",
            ])
            .prop_map(String::from),
            "[0-9]{1,12}",
            // Dotted numbers: IPv4 addresses, versions, dates, some defanged.
            prop::collection::vec(
                (
                    0u16..300,
                    prop::sample::select(vec![".", "[.]", "(.)", "{.}", "[dot]", "-"])
                ),
                1..6
            )
            .prop_map(|groups| {
                let mut s = String::new();
                for (k, (n, sep)) in groups.iter().enumerate() {
                    if k > 0 {
                        s.push_str(sep);
                    }
                    s.push_str(&n.to_string());
                }
                s
            }),
            "[a-zA-Z]{1,8}",
            "[ -~äéñß\u{a0}]{1,6}",
        ]
    }

    proptest! {
        /// Anchored tries at the possible starts find what an unanchored search finds.
        #[test]
        fn ibans_are_the_unanchored_matches(
            parts in prop::collection::vec(prop::sample::select(vec![
                "DE", "GB", "89", "3704", "0044", "0532", "0130", "00", "NWBK", "AB1", " ", "_",
                "x", "é", "-", "1", "FR76",
            ]), 0..30)
        ) {
            let text = parts.concat();
            let re = Regex::new(IBAN).expect("valid");
            let want: Vec<(usize, usize)> =
                re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            prop_assert_eq!(shared().ibans(&text).collect::<Vec<_>>(), want, "{:?}", text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The pre-scan only skips passes that would find nothing: extracting with every
        /// pass allowed gives the same indicators.
        #[test]
        fn the_prescan_never_changes_what_is_found(
            parts in prop::collection::vec(fragment(), 0..24),
            region in prop::sample::select(vec![None, Some("US"), Some("DE"), Some("FR")]),
        ) {
            let text = parts.concat();
            let x = shared();
            let ctx = Context { default_region: region.and_then(|r| Country::parse(r).ok()) };
            prop_assert_eq!(
                x.extract_with(&text, &ctx, &Features::of(&text)),
                x.extract_with(&text, &ctx, &Features::all()),
                "{:?}", text
            );
        }
    }
}
