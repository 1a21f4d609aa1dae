//! Phone numbers (`PhoneNumber`), normalised to E.164 with libphonenumber metadata
//! (`phonenumber` crate), and the in-text matcher that finds candidate spans for it.
//!
//! Matching rules, in order:
//! 1. A candidate is a run of digits joined by single separators (space, NBSP, `.`, `-`,
//!    `/`, brackets, one line break), optionally led by `+` or `(`; vanity numbers
//!    (`1-800-MY-APPLE`) are a separate pattern: a NANP toll-free prefix and 7 to 11 upper-case
//!    letters/digits of which the first 7 are dialled.
//! 2. Hard negatives are cut out before parsing: dates (`14.09.2023`, `2023-09-14`,
//!    `09/14/2023`), ZIP+4, amounts (currency sign or word beside the run, `,\d\d` decimals),
//!    runs glued to letters or `#`, runs of 13+ digits that pass Luhn (cards) or have more
//!    than 15 digits (order numbers such as `112-7788990-1234567`).
//! 3. Context: when the 48 bytes before a run hold a word naming another role (order,
//!    ticket, Kundennummer, pedido, commande, IBAN, code, AnyDesk…) and no calling word
//!    (call, anrufen, llame, appelez, tel…) after it, the run is not a phone.
//! 4. `+`, `00` and `011` mean international; otherwise the national number is tried in the
//!    reporter's region, then the region the text's language suggests, then US, GB, DE, FR,
//!    ES, AU, IN. The first region where libphonenumber calls it *valid* wins. If the whole
//!    run is not valid, trailing then leading digit groups are dropped (a number followed by
//!    "24 7" or preceded by a count).

use std::str::FromStr;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use dragnet_core::Country;
use phonenumber::country::Id;
use regex::Regex;

use crate::text::{Taken, char_at, char_before, window_after, window_before};

/// A valid phone number in E.164 with its region and line type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber {
    e164: String,
    region: Option<String>,
    kind: &'static str,
}

/// Regions tried, in order, when a number is written without country code.
pub const FALLBACK_REGIONS: [&str; 7] = ["US", "GB", "DE", "FR", "ES", "AU", "IN"];

impl PhoneNumber {
    /// Parses one written number (`+1 (888) 555-0147`, `0800 123 4567`, `1-800-MY-APPLE`).
    /// `default_region` is the reporter's country, used for national numbers.
    pub fn parse(s: &str, default_region: Option<Country>) -> Result<PhoneNumber, String> {
        let t = s.trim();
        let regions = region_order(default_region, None);
        let (intl, mut digits) =
            written_digits(t).ok_or_else(|| format!("`{s}` is not a phone number"))?;
        if let Some(tail) = vanity_tail(t) {
            digits = tail;
        }
        resolve(intl, &digits, &regions)
            .ok_or_else(|| format!("`{s}` is not a valid phone number in any region tried"))
    }

    /// `(E.164, region, kind)`, giving up the strings.
    pub fn into_parts(self) -> (String, Option<String>, &'static str) {
        (self.e164, self.region, self.kind)
    }

    /// E.164, e.g. `+18885550147`.
    pub fn as_str(&self) -> &str {
        &self.e164
    }

    /// ISO 3166-1 alpha-2 region libphonenumber assigns.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// `toll_free`, `mobile`, `fixed_line`, `fixed_line_or_mobile`, `premium_rate`…
    pub fn kind(&self) -> &'static str {
        self.kind
    }
}

/// `(international?, digits)` of a written number; letters are not digits here.
fn written_digits(s: &str) -> Option<(bool, String)> {
    let first_digit = s.find(|c: char| c.is_ascii_digit())?;
    let intl = s[..first_digit].contains('+');
    let cleaned = if intl {
        s.replace("(0)", "")
    } else {
        s.to_string()
    };
    let digits: String = cleaned.chars().filter(char::is_ascii_digit).collect();
    Some((intl, digits))
}

/// For `1-800-MY-APPLE`: the 11 dialled digits (`18006927753`), else `None`.
fn vanity_tail(s: &str) -> Option<String> {
    if !s.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let re = vanity_re();
    let m = re.find(s)?;
    if m.start() != 0 || m.end() != s.len() {
        return None;
    }
    vanity_digits(s)
}

fn keypad(c: char) -> Option<char> {
    Some(match c.to_ascii_uppercase() {
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        'W'..='Z' => '9',
        d @ '0'..='9' => d,
        _ => return None,
    })
}

/// Dialled digits of a vanity match: `1` + 3-digit toll-free code + first 7 symbols of the tail.
fn vanity_digits(s: &str) -> Option<String> {
    let caps = vanity_re().captures(s)?;
    let code = caps.get(1)?.as_str();
    let tail: Vec<char> = caps
        .get(2)?
        .as_str()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if !(7..=11).contains(&tail.len())
        || tail.iter().filter(|c| c.is_ascii_alphabetic()).count() < 2
    {
        return None;
    }
    let mut out = format!("1{code}");
    for c in tail.iter().take(7) {
        out.push(keypad(*c)?);
    }
    Some(out)
}

/// A vanity number: optional `+1`, the toll-free code (group 1), the tail (group 2). The
/// code starts at most 4 bytes into a match (`+1-(`).
const VANITY: &str = r"(?:\+?1[ .\-]?)?\(?(8(?:00|33|44|55|66|77|88))\)?[ .\-]?([0-9A-Z]{1,11}(?:[.\-][0-9A-Z]{1,11}){0,3})";

fn vanity_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Invariant: constant pattern.
    RE.get_or_init(|| Regex::new(VANITY).expect("valid vanity pattern"))
}

/// The matches of [`VANITY`], left to right, as an unanchored search finds them, except
/// some with fewer than two upper-case letters (no vanity numbers: the caller drops those
/// it is given too). A match
/// starts at most 4 bytes before a toll-free code (`800`, `833`… `888`), so the pattern is
/// tried anchored at those places only, and only where the bytes after the code that a
/// match could span (`[0-9A-Z.\- ()]`) hold two upper-case letters. Skipping the other
/// codes cannot change which qualifying matches are found: a match starting inside a
/// skipped one would have its letters in that same stretch.
fn vanity_matches<'t>(
    re: &'t regex_automata::meta::Regex,
    text: &'t str,
) -> impl Iterator<Item = (usize, usize)> + 't {
    use regex_automata::{Anchored, Input};
    let b = text.as_bytes();
    let is_code = |c: usize| {
        b.get(c..c + 3)
            .is_some_and(|w| w[0] == b'8' && w[1] == w[2] && matches!(w[1], b'0' | b'3'..=b'8'))
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < b.len() {
            // The next code at or after `at`; starts more than 4 bytes before it are skipped.
            let code = memchr::memchr_iter(b'8', &b[at..])
                .map(|i| at + i)
                .find(|&c| is_code(c))?;
            let letters = b[code + 3..]
                .iter()
                .take_while(
                    |c| matches!(c, b'0'..=b'9' | b'A'..=b'Z' | b'.' | b'-' | b' ' | b'(' | b')'),
                )
                .filter(|c| c.is_ascii_uppercase())
                .take(2)
                .count();
            if letters < 2 {
                // No match through this code qualifies; one through a later code starts
                // after this code's `8` (a prefix holds only `+1 .-(`).
                at = code + 1;
                continue;
            }
            let s = at.max(code.saturating_sub(4));
            at = s + 1;
            if !text.is_char_boundary(s) {
                continue;
            }
            let input = Input::new(text).range(s..).anchored(Anchored::Yes);
            if let Some(m) = re.search(&input) {
                at = m.end().max(s + 1);
                return Some((m.start(), m.end()));
            }
        }
        None
    })
}

/// The regions to try for a national number, first match wins.
pub(crate) fn region_order(default: Option<Country>, hint: Option<&str>) -> Vec<Id> {
    static FALLBACK: OnceLock<Vec<Id>> = OnceLock::new();
    let fallback = FALLBACK.get_or_init(|| {
        FALLBACK_REGIONS
            .iter()
            .filter_map(|r| Id::from_str(r).ok())
            .collect()
    });
    let mut out: Vec<Id> = Vec::with_capacity(9);
    let first = default.and_then(|c| Id::from_str(c.as_str()).ok());
    let hint = hint.and_then(|h| Id::from_str(h).ok());
    for id in first
        .into_iter()
        .chain(hint)
        .chain(fallback.iter().copied())
    {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

#[cfg(test)]
pub(crate) fn kind_name(t: phonenumber::Type) -> &'static str {
    use phonenumber::Type as T;
    match t {
        T::FixedLine => "fixed_line",
        T::Mobile => "mobile",
        T::FixedLineOrMobile => "fixed_line_or_mobile",
        T::TollFree => "toll_free",
        T::PremiumRate => "premium_rate",
        T::SharedCost => "shared_cost",
        T::PersonalNumber => "personal_number",
        T::Voip => "voip",
        T::Pager => "pager",
        T::Uan => "uan",
        T::Voicemail => "voicemail",
        _ => "unknown",
    }
}

fn accept(p: &phonenumber::PhoneNumber) -> Option<PhoneNumber> {
    valid(p.code().value(), &p.national().to_string())
}

/// `(international, digit count, digits, first two regions)`: what [`resolve`] answers from.
/// A region list from [`region_order`] is fixed by its first two entries (the rest is the
/// fallback list without them; `region_order_is_fixed_by_its_first_two` checks it).
type ResolveKey = (bool, u8, u64, Option<Id>, Option<Id>);

/// Entries the per-thread memo of [`resolve`] holds before it is emptied (~10 MB).
const RESOLVE_MEMO_CAPACITY: usize = 1 << 16;

thread_local! {
    static RESOLVED: std::cell::RefCell<foldhash::HashMap<ResolveKey, Option<PhoneNumber>>> =
        std::cell::RefCell::new(foldhash::HashMap::default());
}

/// Validates digits as an international (`intl`) or national number.
///
/// Memoised per thread, like [`crate::numbering::classify`]: an operation's call-back number
/// recurs in many reports, and a national number is tried region by region, each try
/// running the region's metadata patterns. The memo holds answers of this pure function
/// only, so it cannot change one.
fn resolve(intl: bool, digits: &str, regions: &[Id]) -> Option<PhoneNumber> {
    let Some((len, n)) = crate::numbering::digits_key(digits) else {
        return resolve_uncached(intl, digits, regions);
    };
    let nth = |i: usize| if intl { None } else { regions.get(i).copied() };
    crate::numbering::memoised(
        &RESOLVED,
        RESOLVE_MEMO_CAPACITY,
        (intl, len, n, nth(0), nth(1)),
        || resolve_uncached(intl, digits, regions),
    )
}

fn resolve_uncached(intl: bool, digits: &str, regions: &[Id]) -> Option<PhoneNumber> {
    let n = digits.len();
    if intl {
        if !(8..=15).contains(&n) {
            return None;
        }
        let (code, national) = crate::numbering::international(digits)?;
        return valid(code, national);
    }
    // International prefixes: 0011 (AU), 00 (most of the world), 011 (NANP). For a reporter
    // in a NANP country `011` is how every foreign number is dialled, even a short one
    // (`011 61 13 20 58`, Australia's 13 20 58); elsewhere `0116 113 2058` is a national
    // number (Leicester), so `011` needs a foreign number too long to be national.
    let nanp = regions
        .first()
        .is_some_and(|r| matches!(r.as_ref(), "US" | "CA"));
    let idd_011_min = if nanp { 11 } else { 13 };
    for (idd, min_len) in [("0011", 13), ("00", 10), ("011", idd_011_min)] {
        if let Some(rest) = digits.strip_prefix(idd)
            && n >= min_len
            && !rest.starts_with('0')
            && let Some(p) = resolve(true, rest, regions)
        {
            return Some(p);
        }
    }
    if !((7..=13).contains(&n) || (n == 6 && digits.starts_with("13"))) {
        return None;
    }
    regions
        .iter()
        .filter(|r| national_shape_ok(**r, digits))
        .find_map(|r| match crate::numbering::national(*r, digits) {
            Some((code, national)) => valid(code, national),
            // Regions with prefix transform rules: the `phonenumber` parser knows them.
            None => phonenumber::parse(Some(*r), digits)
                .ok()
                .as_ref()
                .and_then(accept),
        })
}

fn valid(code: u16, national: &str) -> Option<PhoneNumber> {
    if national.is_empty() || national.len() > 17 {
        return None;
    }
    let (region, kind) = crate::numbering::classify(code, national)?;
    Some(PhoneNumber {
        e164: format!("+{code}{national}"),
        region,
        kind,
    })
}

/// How people write national numbers in the regions tried: with the trunk `0` in GB, DE and
/// FR; AU also `13…`/`1300`/`1800`; IN also 10-digit mobiles and `1800`; never a leading `0`
/// in NANP countries and Spain. Without this, `900 123 456` would be tried as French.
fn national_shape_ok(region: Id, digits: &str) -> bool {
    let zero = digits.starts_with('0');
    match region.as_ref() {
        "GB" | "DE" | "FR" | "AT" | "CH" | "IT" | "NL" | "BE" => zero || region.as_ref() == "IT",
        "AU" => zero || digits.starts_with("13") || digits.starts_with("18"),
        "IN" => {
            zero || digits.starts_with("1800")
                || (digits.len() == 10 && digits.starts_with(['6', '7', '8', '9']))
        }
        "US" | "CA" | "ES" => !zero,
        _ => true,
    }
}

/// Context words; a trailing `$` means "whole word only".
const NEGATIVE: &[&str] = &[
    "order",
    "bestell",
    "pedido",
    "commande",
    "ticket",
    "case",
    "fall$",
    "caso",
    "dossier",
    "ref$",
    "reference",
    "referenz",
    "référence",
    "referencia",
    "invoice",
    "rechnung",
    "factura",
    "facture",
    "kunden",
    "customer id",
    "cliente$",
    "account",
    "konto",
    "cuenta",
    "compte",
    "card",
    "karte",
    "tarjeta",
    "carte",
    "iban",
    "bic$",
    "swift",
    "blz",
    "sort code",
    "routing",
    "transaction",
    "transaktion",
    "transacci",
    "id$",
    "pin$",
    "code",
    "código",
    "serial",
    "serien",
    "tracking",
    "sendung",
    "seguimiento",
    "suivi",
    "zip$",
    "postcode",
    "postal",
    "plz",
    "license",
    "licence",
    "lizenz",
    "key$",
    "clave",
    "clé",
    "anydesk",
    "teamviewer",
    "ultraviewer",
    "rustdesk",
    "supremo",
    "aktenzeichen",
    "vorgang",
    "expediente",
    "amount",
    "betrag",
    "importe",
    "montant",
    "paid",
    "bezahlt",
    "pagué",
    "payé",
    "version",
    "build",
    "error",
    "fehler",
    "erreur",
    "auftrag",
    "rastreo",
    "número de serie",
    "n° de série",
    "voucher",
    "gutschein",
    "cupón",
    "bon$",
];
const STRONG: &[&str] = &[
    "caller id",
    "caller-id",
    "anrufer-id",
    "call",
    "phone",
    "tel$",
    "tel.",
    "tel:",
    "telephone",
    "dial",
    "ring",
    "hotline",
    "helpline",
    "toll",
    "whatsapp",
    "ruf",
    "anruf",
    "telefon",
    "wähl",
    "llam",
    "marque",
    "teléfono",
    "appel",
    "téléphone",
    "compos",
    "joindre",
    "contact",
    "kontakt",
    "contacte",
    "sms",
    "text$",
];

pub(crate) struct PhoneFinder {
    /// [`VANITY`], searched anchored (see [`vanity_matches`]).
    vanity: regex_automata::meta::Regex,
    ctx: AhoCorasick,
    /// Per pattern of `ctx`: (is_negative, whole_word).
    ctx_kind: Vec<(bool, bool)>,
}

impl PhoneFinder {
    pub(crate) fn new() -> Self {
        let mut words = Vec::new();
        let mut ctx_kind = Vec::new();
        for (neg, list) in [(true, NEGATIVE), (false, STRONG)] {
            for w in list {
                let whole = w.ends_with('$');
                words.push(w.trim_end_matches('$'));
                ctx_kind.push((neg, whole));
            }
        }
        let ctx = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&words)
            .expect("valid context words");
        PhoneFinder {
            vanity: regex_automata::meta::Regex::new(VANITY).expect("valid vanity pattern"),
            ctx,
            ctx_kind,
        }
    }

    /// True when the text before `at` names another role for the number that follows.
    fn negative_context(&self, text: &str, at: usize) -> bool {
        let w = window_before(text, at, 48);
        // Context does not cross a sentence end.
        let w = match w.rfind(['.', '!', '?', '\n']) {
            Some(i) if w[i + 1..].starts_with([' ', '\n']) || w.as_bytes()[i] == b'\n' => {
                &w[i + 1..]
            }
            _ => w,
        };
        let mut last_neg = None;
        let mut last_pos = None;
        for m in self.ctx.find_iter(w) {
            let (neg, whole) = self.ctx_kind[m.pattern().as_usize()];
            // Not inside a word, nor a URL path (`…/account/verify`).
            if char_before(w, m.start()).is_some_and(|c| c.is_alphabetic() || c == '/') {
                continue;
            }
            if whole && char_at(w, m.end()).is_some_and(|c| c.is_alphabetic()) {
                continue;
            }
            // A role word names the first number after it: if digits come in between, the
            // word is about them ("code V5B3 EWA7 … my number is 1-303-…").
            if neg && w[m.end()..].bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            if neg {
                last_neg = Some(m.start());
            } else {
                last_pos = Some(m.start());
            }
        }
        match (last_neg, last_pos) {
            (Some(n), Some(p)) => n > p,
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// Every phone number in `text` outside `taken`, as `(start, end, number)`.
    pub(crate) fn find(
        &self,
        text: &str,
        taken: &Taken,
        regions: &dyn Fn() -> Vec<Id>,
        out: &mut Vec<(usize, usize, PhoneNumber)>,
    ) {
        let mut region_cache: Option<Vec<Id>> = None;
        // Vanity numbers first: they contain letters the digit runs stop at.
        for (s, e) in vanity_matches(&self.vanity, text) {
            let m = &text[s..e];
            if m.bytes().filter(u8::is_ascii_uppercase).count() < 2
                || char_before(text, s).is_some_and(crate::text::is_word)
                || char_at(text, e).is_some_and(crate::text::is_word)
                || taken.overlaps(s, e)
            {
                continue;
            }
            let Some(d) = vanity_digits(m) else {
                continue;
            };
            let regions = region_cache.get_or_insert_with(regions);
            if let Some(p) = resolve(false, &d, regions) {
                out.push((s, e, p));
            }
        }
        for (s, e, digit_count) in Runs::new(text) {
            let run = &text[s..e];
            // Australia's six-digit `13 xx xx` numbers are the only shorter ones tried.
            let short_au = digit_count == 6 && run.trim_start_matches(['+', '(']).starts_with("13");
            if (digit_count < 7 && !short_au)
                || taken.overlaps(s, e)
                || out.iter().any(|(a, b, _)| s < *b && *a < e)
            {
                continue;
            }
            // More than 15 digits in one run is an identifier (order, card, account), not a
            // phone number with something glued on.
            if digit_count > 16 || self.glued(text, s, e) {
                continue;
            }
            let chunks = chunks(run, s);
            for seg in split_dates(text, &chunks) {
                self.segment(text, seg, &mut region_cache, regions, out);
            }
        }
    }

    /// Runs glued to letters, `#`, currency or decimals are identifiers or amounts.
    fn glued(&self, text: &str, s: usize, e: usize) -> bool {
        let before = char_before(text, s);
        let after = char_at(text, e);
        // `ZV-2023/995094`, `INC-5625051234`: a prefix of letters makes it an identifier.
        let prefixed = matches!(before, Some('-' | '/'))
            && char_before(text, s.saturating_sub(1)).is_some_and(char::is_alphanumeric);
        if prefixed
            || before.is_some_and(|c| c.is_alphanumeric() || "#_@$€£¥=&%".contains(c))
            || after.is_some_and(|c| c.is_alphanumeric() || "%€$£_@".contains(c))
        {
            return true;
        }
        // `1.234.567,89` or `12.345.678,00 EUR`
        if after == Some(',') && char_at(text, e + 1).is_some_and(|c| c.is_ascii_digit()) {
            return true;
        }
        // "… 1234567 EUR", "USD 1234567"
        let next_str = window_after(text, e, 8).trim_start();
        let next = next_str.as_bytes();
        let prev = window_before(text, s, 6).trim_end().as_bytes();
        // Compared ASCII case-insensitively, without lower-case copies (this runs for every
        // run of seven digits or more).
        let starts = |c: &str| {
            next.get(..c.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(c.as_bytes()))
        };
        let ends = |c: &str| {
            prev.len() >= c.len() && prev[prev.len() - c.len()..].eq_ignore_ascii_case(c.as_bytes())
        };
        [
            "eur", "usd", "gbp", "inr", "aud", "dollar", "euro", "€", "$", "£", "rs",
        ]
        .iter()
        .any(|c| {
            starts(c)
                && !next_str
                    .get(c.len()..)
                    .is_some_and(|rest| rest.starts_with(char::is_alphabetic))
        }) || ["eur", "usd", "gbp", "inr", "aud", "rs.", "€", "$", "£"]
            .iter()
            .any(|c| ends(c))
    }

    fn segment(
        &self,
        text: &str,
        seg: &[(usize, usize)],
        cache: &mut Option<Vec<Id>>,
        regions: &dyn Fn() -> Vec<Id>,
        out: &mut Vec<(usize, usize, PhoneNumber)>,
    ) {
        let total: usize = seg.iter().map(|(a, b)| b - a).sum();
        if total < 6 {
            return;
        }
        // ZIP+4
        if seg.len() == 2
            && seg[0].1 - seg[0].0 == 5
            && seg[1].1 - seg[1].0 == 4
            && text.get(seg[0].1..seg[1].0) == Some("-")
        {
            return;
        }
        if is_amount(text, seg) {
            return;
        }
        let n = seg.len();
        // Dropping leading groups would drop a country code after `+`.
        let intl_lead = text[..seg[0].0].ends_with('+')
            || text[..seg[0].0].ends_with("+(")
            || text[..seg[0].0].ends_with("(+");
        let leading = if intl_lead { 1..1 } else { 1..n };
        // Whole segment, then drop trailing groups, then leading ones.
        let tries = std::iter::once((0, n))
            .chain((1..n).rev().map(|j| (0, j)))
            .chain(leading.map(|i| (i, n)));
        let mut cleared_start = None;
        let mut digits = String::new();
        for (i, j) in tries.take(8) {
            let part = &seg[i..j];
            let digits_len: usize = part.iter().map(|(a, b)| b - a).sum();
            if digits_len < 7 && !(digits_len == 6 && text[part[0].0..].starts_with("13")) {
                continue;
            }
            let start = part[0].0;
            let end = part[part.len() - 1].1;
            // Leading `+`/`(` belong to the span when the first group starts it.
            let lead = text[..start].len() - text[..start].trim_end_matches(['+', '(']).len();
            let lead = lead.min(2);
            let span_start = start - lead;
            let intl = text[span_start..start].contains('+');
            digits.clear();
            for &(a, b) in part {
                let trunk = intl
                    && &text[a..b] == "0"
                    && char_before(text, a) == Some('(')
                    && char_at(text, b) == Some(')');
                if !trunk {
                    digits.push_str(&text[a..b]);
                }
            }
            let idd = !intl && (digits.starts_with("00") || digits.starts_with("011"));
            if digits.len() > if idd { 17 } else { 15 }
                || (!intl && !idd && digits.len() >= 13 && luhn(&digits))
            {
                continue;
            }
            // Tries that drop trailing groups share their start: its context is read once.
            if cleared_start != Some(span_start) {
                if self.negative_context(text, span_start) {
                    return;
                }
                cleared_start = Some(span_start);
            }
            let regions = cache.get_or_insert_with(regions);
            if let Some(p) = resolve(intl, &digits, regions) {
                let span_end =
                    if char_at(text, end) == Some(')') && text[span_start..end].contains('(') {
                        end + 1
                    } else {
                        end
                    };
                out.push((span_start, span_end, p));
                return;
            }
        }
    }
}

/// Candidate phone runs, left to right: a digit, then digits and separators (space, NBSP,
/// `-`, `/`, `.`, brackets, a line break as `\n` or `\r\n`), ending at the last digit of
/// that stretch (and a `)` right after it); led by up to two `+`/`(`. A stretch with one
/// digit is no run. Digits are ASCII: other scripts' digits are not phone digits here.
///
/// This is the leftmost-first match sequence of the regular expression
/// `[+(]{0,2}[0-9](?:[0-9]|[ \xa0]?[\-/][ \xa0]?|\.|[ \xa0]|\)[ \xa0]?|[ \xa0]?\(|\r?\n)*[0-9]\)?`
/// (the test `runs_are_the_regex_matches` checks it against the `regex` crate), scanned
/// by hand because that unanchored search needed a reverse scan for every match start
/// and was the costliest single search of the extractor.
struct Runs<'a> {
    b: &'a [u8],
    /// Where the search goes on: the end of the last run.
    at: usize,
}

impl<'a> Runs<'a> {
    fn new(text: &'a str) -> Runs<'a> {
        Runs {
            b: text.as_bytes(),
            at: 0,
        }
    }
}

/// A run: `(start, end, ASCII digits in it)`.
type Run = (usize, usize, usize);

impl Iterator for Runs<'_> {
    type Item = Run;

    fn next(&mut self) -> Option<Run> {
        let b = self.b;
        let mut from = self.at;
        loop {
            let first = from + b.get(from..)?.iter().position(u8::is_ascii_digit)?;
            let mut j = first + 1;
            let mut last = first;
            let mut digits = 1;
            loop {
                match b.get(j) {
                    Some(c) if c.is_ascii_digit() => {
                        last = j;
                        digits += 1;
                        j += 1;
                    }
                    Some(b' ' | b'-' | b'/' | b'.' | b'(' | b')' | b'\n') => j += 1,
                    Some(b'\r') if b.get(j + 1) == Some(&b'\n') => j += 2,
                    // U+00A0 NO-BREAK SPACE
                    Some(0xC2) if b.get(j + 1) == Some(&0xA0) => j += 2,
                    _ => break,
                }
            }
            if last == first {
                // No second digit: no run starts with a digit of this stretch (its `+`/`(`
                // may still lead the next one).
                from = j;
                continue;
            }
            let mut start = first;
            while start > self.at && first - start < 2 && matches!(b[start - 1], b'+' | b'(') {
                start -= 1;
            }
            let mut end = last + 1;
            if b.get(end) == Some(&b')') {
                end += 1;
            }
            self.at = end;
            return Some((start, end, digits));
        }
    }
}

/// A sum of money: `1397.99`, `1,350.00`, `2.499,00` (cents after the last separator,
/// thousands in groups of three before it). French dotted numbers (`01.42.68.53.00`) have
/// two-digit groups throughout and are not amounts.
fn is_amount(text: &str, seg: &[(usize, usize)]) -> bool {
    let [first, middle @ .., last] = seg else {
        return false;
    };
    let sep_ok = |a: usize, b: usize| matches!(text.get(a..b), Some("." | "," | "'"));
    last.1 - last.0 == 2
        && first.1 - first.0 <= if middle.is_empty() { 7 } else { 3 }
        && middle.iter().all(|(a, b)| b - a == 3)
        && seg.windows(2).all(|w| sep_ok(w[0].1, w[1].0))
        && matches!(text.get(seg[seg.len() - 2].1..last.0), Some("." | ","))
}

/// Digit groups of a run, as absolute byte ranges.
fn chunks(run: &str, offset: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, b) in run.bytes().enumerate() {
        match (b.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((offset + s, offset + i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((offset + s, offset + run.len()));
    }
    out
}

/// Splits digit groups into segments, cutting out dates (`14.09.2023`, `2023-09-14`,
/// `9/14/23`) and times written with dots (`18.30 Uhr` is left to the context rules).
fn split_dates<'a>(text: &str, chunks: &'a [(usize, usize)]) -> Vec<&'a [(usize, usize)]> {
    let mut segs = Vec::new();
    let mut seg_start = 0;
    let mut i = 0;
    while i < chunks.len() {
        // A dotted run of 4+ groups (`06.12.34.56.78`) is a phone writing, not a date.
        let is_date_here = i + 2 < chunks.len() && is_date(text, &chunks[i..i + 3]) && {
            let sep = &text[chunks[i].1..chunks[i + 1].0];
            let next_same = chunks
                .get(i + 3)
                .is_some_and(|n| &text[chunks[i + 2].1..n.0] == sep);
            let prev_same = i > 0 && &text[chunks[i - 1].1..chunks[i].0] == sep;
            !next_same && !prev_same
        };
        if is_date_here {
            if i > seg_start {
                segs.push(&chunks[seg_start..i]);
            }
            i += 3;
            seg_start = i;
        } else {
            i += 1;
        }
    }
    if seg_start < chunks.len() {
        segs.push(&chunks[seg_start..]);
    }
    segs
}

fn is_date(text: &str, c: &[(usize, usize)]) -> bool {
    let sep1 = &text[c[0].1..c[1].0];
    let sep2 = &text[c[1].1..c[2].0];
    if sep1 != sep2 || !matches!(sep1, "." | "/" | "-") {
        return false;
    }
    let num = |k: usize| text[c[k].0..c[k].1].parse::<u32>().unwrap_or(u32::MAX);
    let len = |k: usize| c[k].1 - c[k].0;
    let (a, b, y) = (num(0), num(1), num(2));
    if len(0) == 4 && len(1) <= 2 && len(2) <= 2 {
        // ISO: yyyy-mm-dd
        return (1900..=2100).contains(&a) && (1..=12).contains(&b) && (1..=31).contains(&y);
    }
    let year_ok = (len(2) == 4 && (1900..=2100).contains(&y)) || len(2) == 2;
    let day_month = ((1..=31).contains(&a) && (1..=12).contains(&b))
        || ((1..=12).contains(&a) && (1..=31).contains(&b));
    len(0) <= 2 && len(1) <= 2 && year_ok && day_month
}

fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// The hand-written scanner finds exactly the matches of the regular expression it
        /// documents, on text made of digits, separators and their near misses.
        #[test]
        fn runs_are_the_regex_matches(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "0", "1", "7", "42", "555", " ", "\u{a0}", "-", "/", ".", "(", ")", "+", "\n",
                "\r", "\r\n", "a", "é", "\u{661}", "\u{c2}", "  ", " - ", "((", "+(",
            ]), 0..40)
        ) {
            let text = parts.concat();
            let re = Regex::new(
                r"[+(]{0,2}[0-9](?:[0-9]|[ \x{a0}]?[\-/][ \x{a0}]?|\.|[ \x{a0}]|\)[ \x{a0}]?|[ \x{a0}]?\(|\r?\n)*[0-9]\)?",
            )
            .expect("valid");
            let want: Vec<(usize, usize)> =
                re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            let got: Vec<Run> = Runs::new(&text).collect();
            for &(s, e, digits) in &got {
                proptest::prop_assert_eq!(
                    digits,
                    text[s..e].bytes().filter(u8::is_ascii_digit).count()
                );
            }
            let spans: Vec<(usize, usize)> = got.iter().map(|&(s, e, _)| (s, e)).collect();
            proptest::prop_assert_eq!(spans, want, "{:?}", text);
        }
    }

    /// The memo of `resolve` keys a region list by its first two entries: any two orders
    /// that agree on those agree on the rest.
    #[test]
    fn region_order_is_fixed_by_its_first_two() {
        let choices: Vec<Option<&str>> = [None]
            .into_iter()
            .chain(["US", "GB", "DE", "FR", "ES", "AU", "IN", "CA", "IT", "MX"].map(Some))
            .collect();
        let mut seen: std::collections::HashMap<(Id, Id), Vec<Id>> = Default::default();
        for d in &choices {
            for h in &choices {
                let order = region_order(d.and_then(|c| Country::parse(c).ok()), *h);
                let key = (order[0], order[1]);
                let prev = seen.entry(key).or_insert_with(|| order.clone());
                assert_eq!(*prev, order, "default {d:?}, hint {h:?}");
            }
        }
        assert!(seen.len() > 20, "{} distinct orders", seen.len());
    }

    proptest::proptest! {
        /// Anchored tries before the toll-free codes find what an unanchored search finds.
        #[test]
        fn vanity_matches_are_the_regex_matches(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "1", "+", "(", ")", "800", "888", "8", "88", "0", "-", " ", ".", "MY", "APPLE",
                "A", "Z9", "é", "x", "12345678901", "+1 (", "+1-(", "1.", "+1", "8888", "(800)",
            ]), 0..30)
        ) {
            let text = parts.concat();
            let finder = PhoneFinder::new();
            let two_letters = |&(s, e): &(usize, usize)| {
                text[s..e].bytes().filter(u8::is_ascii_uppercase).count() >= 2
            };
            let want: Vec<(usize, usize)> = vanity_re()
                .find_iter(&text)
                .map(|m| (m.start(), m.end()))
                .filter(two_letters)
                .collect();
            let got: Vec<(usize, usize)> =
                vanity_matches(&finder.vanity, &text).filter(two_letters).collect();
            proptest::prop_assert_eq!(got, want, "{:?}", text);
        }
    }

    #[test]
    fn runs_in_a_sentence() {
        let t = "Call +1 (888) 555-0147) or 0800\u{a0}123 4567.\r\n On 14.09.2023 pay 5 EUR, 7";
        let runs: Vec<&str> = Runs::new(t).map(|(s, e, _)| &t[s..e]).collect();
        assert_eq!(
            runs,
            ["+1 (888) 555-0147)", "0800\u{a0}123 4567", "14.09.2023"]
        );
    }

    fn region(s: &str) -> Option<Country> {
        Country::parse(s).ok()
    }

    #[test]
    fn parses_written_numbers() {
        let cases: &[(&str, Option<&str>, &str, &str, &str)] = &[
            ("1-888-555-0147", None, "+18885550147", "US", "toll_free"),
            ("(888) 555-0147", None, "+18885550147", "US", "toll_free"),
            (
                "+1 888.555.0147",
                Some("DE"),
                "+18885550147",
                "US",
                "toll_free",
            ),
            (
                "011 44 20 7946 0958",
                Some("US"),
                "+442079460958",
                "GB",
                "fixed_line",
            ),
            (
                "0044 20 7946 0958",
                None,
                "+442079460958",
                "GB",
                "fixed_line",
            ),
            (
                "+44 (0)20 7946 0958",
                None,
                "+442079460958",
                "GB",
                "fixed_line",
            ),
            (
                "020 7946 0958",
                Some("GB"),
                "+442079460958",
                "GB",
                "fixed_line",
            ),
            (
                "0800 123 4567",
                Some("DE"),
                "+498001234567",
                "DE",
                "toll_free",
            ),
            (
                "030 12345678",
                Some("DE"),
                "+493012345678",
                "DE",
                "fixed_line",
            ),
            ("+49 151 23456789", None, "+4915123456789", "DE", "mobile"),
            (
                "01 42 68 53 00",
                Some("FR"),
                "+33142685300",
                "FR",
                "fixed_line",
            ),
            ("06 12 34 56 78", Some("FR"), "+33612345678", "FR", "mobile"),
            ("612 345 678", Some("ES"), "+34612345678", "ES", "mobile"),
            ("900 123 456", Some("ES"), "+34900123456", "ES", "toll_free"),
            (
                "1800 123 456",
                Some("AU"),
                "+611800123456",
                "AU",
                "toll_free",
            ),
            ("98765 43210", Some("IN"), "+919876543210", "IN", "mobile"),
            (
                "011 61 13 20 58",
                Some("US"),
                "+61132058",
                "AU",
                "shared_cost",
            ),
            (
                "0116 113 2058",
                Some("GB"),
                "+441161132058",
                "GB",
                "fixed_line",
            ),
            ("1-800-MY-APPLE", None, "+18006927753", "US", "toll_free"),
            ("1-800-MICROSOFT", None, "+18006427676", "US", "toll_free"),
        ];
        for (input, reg, e164, country, kind) in cases {
            let p = PhoneNumber::parse(input, reg.and_then(region))
                .unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(
                (p.as_str(), p.region(), p.kind()),
                (*e164, Some(*country), *kind),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_non_numbers() {
        for bad in [
            "12345",
            "hello",
            "+99 123",
            "0000000000000000000",
            "1-800-my",
        ] {
            assert!(PhoneNumber::parse(bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts_are_not_numbers() {
        let f = PhoneFinder::new();
        let regions = || region_order(Country::parse("US").ok(), None);
        for text in [
            "they took 1397.99 from my account",
            "I paid 1,350.00 USD",
            "Schaden: 2.499,00 EUR",
            "total 130000.00",
        ] {
            let mut found = Vec::new();
            f.find(text, &Taken::default(), &regions, &mut found);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
        let mut found = Vec::new();
        f.find("call 13 20 58 now", &Taken::default(), &regions, &mut found);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].2.as_str(), "+61132058");
    }

    #[test]
    fn dates_are_cut_out() {
        let text = "14.09.2023 0800 123 4567";
        let c = chunks(text, 0);
        let segs = split_dates(text, &c);
        assert_eq!(segs.len(), 1);
        assert_eq!(segs[0], &c[3..]);
    }

    #[test]
    fn luhn_matches_test_cards() {
        assert!(luhn("4111111111111111"));
        assert!(luhn("378282246310005"));
        assert!(!luhn("4111111111111112"));
    }
}
