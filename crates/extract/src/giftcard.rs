//! Gift cards (`GiftCard`): a card brand plus the code the victim was made to read out.
//!
//! A brand name alone is no indicator in free text. A code is a token of 10 to 25 upper-case
//! letters and digits (groups joined by `-` or single spaces allowed) with at least two
//! digits and two letters (digits only for brands whose codes are numeric: Paysafecard,
//! Transcash), found within 160 bytes after a brand mention and before the next one. Brands
//! whose names are ordinary words (Apple, Amazon, Target, eBay…) count only with a gift-card
//! word (gift card, Geschenkkarte, Gutschein, tarjeta regalo, carte cadeau, code…) within 48
//! bytes after or 24 before them. Value: `brand:CODE` (separators removed, upper case).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Match};
use regex::Regex;

use crate::text::{Taken, char_at, char_before, window_after, window_before};

/// alias (lower case) -> (slug, needs a gift word, numeric codes allowed)
pub(crate) const BRANDS: &[(&str, &str, bool, bool)] = &[
    ("google play", "google_play", false, false),
    ("google-play", "google_play", false, false),
    ("googleplay", "google_play", false, false),
    ("play store", "google_play", true, false),
    ("itunes", "apple", false, false),
    ("apple", "apple", true, false),
    ("app store", "apple", true, false),
    ("amazon", "amazon", true, false),
    ("steam", "steam", false, false),
    ("target", "target", true, true),
    ("walmart", "walmart", true, true),
    ("ebay", "ebay", true, false),
    ("best buy", "best_buy", true, false),
    ("sephora", "sephora", true, false),
    ("razer gold", "razer_gold", false, false),
    ("paysafecard", "paysafecard", false, true),
    ("paysafe", "paysafecard", false, true),
    ("neosurf", "neosurf", false, false),
    ("transcash", "transcash", false, true),
    ("pcs", "pcs", true, true),
    ("vanilla", "vanilla", true, true),
    ("xbox", "xbox", true, false),
    ("playstation", "playstation", true, false),
    ("psn", "playstation", true, false),
    ("netflix", "netflix", true, false),
];

const GIFT_WORDS: &[&str] = &[
    "gift",
    "card",
    "karte",
    "gutschein",
    "geschenk",
    "guthaben",
    "tarjeta",
    "regalo",
    "carte",
    "cadeau",
    "code",
    "código",
    "voucher",
    "coupon",
    "cupón",
    "recharge",
    "ticket",
    "bon ",
    "bons ",
    "prepaid",
];

/// Words that sit next to codes and must not be read as a group of one.
const COMMON_WORDS: &[&str] = &[
    "code", "codes", "card", "cards", "pin", "and", "the", "was", "were", "is", "one", "then",
    "with", "und", "der", "die", "das", "ist", "war", "y", "el", "la", "es", "era", "fue", "et",
    "le", "est", "was", "them", "numbers", "number", "nummer", "numero", "número", "numéro",
];

/// A gift card: brand and (when known) the code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GiftCard {
    brand: &'static str,
    code: Option<String>,
}

impl GiftCard {
    /// Parses `Google Play XXXX-XXXX-XXXX-XXXX`, `google_play:ABCD…`, or a bare brand.
    pub fn parse(s: &str) -> Result<GiftCard, String> {
        let lower = s.to_lowercase().replace('_', " ");
        let brand = BRANDS
            .iter()
            .filter(|(alias, ..)| lower.contains(alias))
            .max_by_key(|(alias, ..)| alias.len())
            .map(|b| b.1)
            .ok_or_else(|| format!("`{s}` names no gift-card brand"))?;
        // The code is what follows the brand name: one token, or several grouped ones.
        let lower_ascii = s.to_ascii_lowercase().replace('_', " ");
        let after = BRANDS
            .iter()
            .filter_map(|(alias, ..)| lower_ascii.find(alias).map(|i| i + alias.len()))
            .max()
            .unwrap_or(0);
        let rest = s.get(after..).unwrap_or("");
        let tokens: Vec<&str> = rest
            .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        let grouped: String = tokens
            .iter()
            .filter(|t| !COMMON_WORDS.iter().any(|w| w.eq_ignore_ascii_case(t)))
            .skip_while(|t| !t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            .take_while(|t| t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            .copied()
            .collect();
        let code = tokens
            .iter()
            .copied()
            .chain(std::iter::once(grouped.as_str()))
            .filter_map(|t| code_value(t, true))
            .max_by_key(String::len);
        Ok(GiftCard { brand, code })
    }

    pub fn brand(&self) -> &'static str {
        self.brand
    }

    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// `google_play:ABCD1234EFGH5678`, or the brand alone when no code is known.
    pub fn value(&self) -> String {
        match &self.code {
            Some(c) => format!("{}:{c}", self.brand),
            None => self.brand.to_string(),
        }
    }
}

/// The normalised code of a token, if it looks like one.
fn code_value(token: &str, numeric_ok: bool) -> Option<String> {
    let code: String = token
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    let digits = code.bytes().filter(u8::is_ascii_digit).count();
    let letters = code.len() - digits;
    // Numeric codes (Paysafecard, Transcash, Target, Walmart) are 15 or 16 digits; other
    // digit runs after a brand are order or file numbers.
    let shape = (digits >= 1 && letters >= 2)
        || (numeric_ok && letters == 0 && (15..=16).contains(&code.len()));
    ((10..=25).contains(&code.len()) && shape).then_some(code)
}

pub(crate) struct GiftFinder {
    words: AhoCorasick,
    code: Regex,
    lower: Regex,
}

impl GiftFinder {
    pub(crate) fn new() -> Self {
        // Invariant: constant patterns.
        let words = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(GIFT_WORDS)
            .expect("valid gift words");
        let code = Regex::new(r"[A-Z0-9]{3,20}(?:(?:-| ?- ?| )[A-Z0-9]{3,20}){0,5}")
            .expect("valid code pattern");
        // More groups than upper case: lower-case words before the code (`card code`) are
        // matched too and trimmed afterwards.
        let lower = Regex::new(r"[a-z0-9]{3,20}(?:(?:-| ?- ?| )[a-z0-9]{3,20}){0,8}")
            .expect("valid code pattern");
        GiftFinder { words, code, lower }
    }

    /// Codes after the brand names `mentions` (leftmost-longest occurrences of [`BRANDS`]'
    /// aliases in `text`, from [`crate::keywords`]).
    pub(crate) fn find(
        &self,
        text: &str,
        mentions: &[Match],
        taken: &Taken,
        out: &mut Vec<(usize, usize, GiftCard)>,
    ) {
        for (k, m) in mentions.iter().enumerate() {
            if char_before(text, m.start()).is_some_and(char::is_alphanumeric)
                || char_at(text, m.end()).is_some_and(|c| c.is_alphabetic() && c != 's')
            {
                continue;
            }
            let (_, brand, needs_word, numeric) = BRANDS[m.pattern().as_usize()];
            if needs_word
                && !self.words.is_match(window_after(text, m.end(), 48))
                && !self.words.is_match(window_before(text, m.start(), 24))
            {
                continue;
            }
            let limit = mentions
                .get(k + 1)
                .map_or(160, |n| (n.start() - m.end()).min(160));
            let win = window_after(text, m.end(), limit);
            let before = out.len();
            for c in self.code.find_iter(win) {
                if let Some(found) = self.candidate(text, m.end(), c, brand, numeric, taken, false)
                {
                    out.push(found);
                }
            }
            // Codes typed in lower case (`abcd-1234-efgh-5678`), only when no upper-case code
            // follows the mention, and with a stricter shape (see `lower_case_shape`).
            if out.len() == before {
                for c in self.lower.find_iter(win) {
                    if let Some(found) =
                        self.candidate(text, m.end(), c, brand, numeric, taken, true)
                    {
                        out.push(found);
                    }
                }
            }
        }
    }

    /// The code in one regex match `c` of the window after a brand mention ending at `base`.
    #[allow(clippy::too_many_arguments)]
    fn candidate(
        &self,
        text: &str,
        base: usize,
        c: regex::Match<'_>,
        brand: &'static str,
        numeric: bool,
        taken: &Taken,
        lower: bool,
    ) -> Option<(usize, usize, GiftCard)> {
        let (mut s, mut e) = (base + c.start(), base + c.end());
        let mut tok = c.as_str();
        // Trim leading/trailing all-letter words ("CODE ABCD-…", "… AND") unless the
        // groups are uniform, as codes are (`GXZE X6SA H3PU XQCB`).
        let groups: Vec<&str> = tok.split([' ', '-']).filter(|g| !g.is_empty()).collect();
        let uniform = groups.len() > 1 && groups.iter().all(|g| g.len() == groups[0].len());
        let word = |g: &str| {
            COMMON_WORDS.iter().any(|w| w.eq_ignore_ascii_case(g))
                || (lower && GIFT_WORDS.iter().any(|w| w.trim_end() == g))
        };
        while let Some((head, rest)) = tok.split_once(' ')
            && head.bytes().all(|b| b.is_ascii_alphabetic())
            && (!uniform || word(head))
        {
            s += head.len() + 1;
            tok = rest;
        }
        while let Some((rest, tail)) = tok.rsplit_once(' ')
            && tail.bytes().all(|b| b.is_ascii_alphabetic())
            && (!uniform || word(tail))
        {
            e -= tail.len() + 1;
            tok = rest;
        }
        // A code is written in one case: `358H TRCU QPZR 7WXM They` ends before `They`.
        let case = |g: &str| {
            let up = g.bytes().any(|b| b.is_ascii_uppercase());
            let low = g.bytes().any(|b| b.is_ascii_lowercase());
            (up, low)
        };
        let mut first_case = None;
        let mut cut = tok.len();
        let mut pos = 0;
        for g in tok.split_inclusive([' ', '-']) {
            let c = case(g.trim_end_matches([' ', '-']));
            if c != (false, false) {
                match first_case {
                    None => first_case = Some(c),
                    Some(f) if f != c => {
                        cut = pos;
                        break;
                    }
                    _ => {}
                }
            }
            pos += g.len();
        }
        e -= tok.len() - cut;
        let tok = tok[..cut].trim_matches(|c: char| c == '-' || c == ' ');
        let glued = char_before(text, s).is_some_and(|c| c.is_alphanumeric() || c == '+')
            || char_at(text, e).is_some_and(char::is_alphanumeric);
        if glued || taken.overlaps(s, e) {
            return None;
        }
        if lower && !lower_case_shape(tok) {
            return None;
        }
        let code = code_value(tok, numeric)?;
        Some((
            s,
            e,
            GiftCard {
                brand,
                code: Some(code),
            },
        ))
    }
}

/// A lower-case code must look random, not like a word with a number or a hex error code:
/// several groups of one length (`abcd efgh 1234`), groups joined by dashes
/// (`abcd-efghij-klmn`), or one token that switches between letters and digits at least
/// twice (`x4j7k9l2m3n5p6q8`, not `grandson2023`).
fn lower_case_shape(tok: &str) -> bool {
    // `0xc000021a` is an error code from the same pop-up, not a card.
    if !tok.bytes().any(|b| b.is_ascii_lowercase()) || tok.starts_with("0x") {
        return false;
    }
    let groups: Vec<&str> = tok.split([' ', '-']).filter(|g| !g.is_empty()).collect();
    if groups.len() > 1 {
        return tok.contains('-') || groups.iter().all(|g| g.len() == groups[0].len());
    }
    let b = tok.as_bytes();
    b.windows(2)
        .filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())
        .count()
        >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_codes_after_brands() {
        let f = GiftFinder::new();
        let aliases: Vec<&str> = BRANDS.iter().map(|b| b.0).collect();
        let keywords = crate::keywords::Keywords::new(&[], &aliases, &[]);
        let cases: &[(&str, &[&str])] = &[
            (
                "I bought Google Play cards: ABCD-1234-EFGH-5678 and WXYZ-9876-QRST-5432.",
                &[
                    "google_play:ABCD1234EFGH5678",
                    "google_play:WXYZ9876QRST5432",
                ],
            ),
            (
                "Ich kaufte Steam-Guthaben, Code 4F7K2-9XZQ1-PLM3N",
                &["steam:4F7K29XZQ1PLM3N"],
            ),
            (
                "tarjetas de Apple, el código era X4J7K9L2M3N5P6Q8",
                &["apple:X4J7K9L2M3N5P6Q8"],
            ),
            (
                "une carte Paysafecard 1234 5678 9012 3456",
                &["paysafecard:1234567890123456"],
            ),
            ("He told me to buy Google Play gift cards", &[]),
            (
                "google play card code abcd-1234-efgh-5678 and then",
                &["google_play:ABCD1234EFGH5678"],
            ),
            (
                "amazon gift card code: ab3d-efg7jk-l2mn, please",
                &["amazon:AB3DEFG7JKL2MN"],
            ),
            (
                "apple gift card xj4k 7m2p q9rs t3uv",
                &["apple:XJ4K7M2PQ9RST3UV"],
            ),
            ("steam code x4j7k9l2m3n5p6q", &["steam:X4J7K9L2M3N5P6Q"]),
            ("amazon gift card for my grandson2023 birthday", &[]),
            (
                "Google Play card code sjhp 63l2 ynex j3aq l69h\nThe page",
                &["google_play:SJHP63L2YNEXJ3AQL69H"],
            ),
            (
                "paid with Google Play gift cards. the error code was 0xc000021a",
                &[],
            ),
            ("itunes cards for 500 dollars, then they called again", &[]),
            ("I read the Apple logo on the screen A1B2C3D4E5F6", &[]),
        ];
        for (text, want) in cases {
            let mut out = Vec::new();
            f.find(
                text,
                &keywords.scan(text, 0).brands,
                &Taken::default(),
                &mut out,
            );
            let got: Vec<String> = out.iter().map(|x| x.2.value()).collect();
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn parses_structured() {
        let cases = [
            (
                "Google Play ABCD-1234-EFGH-5678",
                Ok("google_play:ABCD1234EFGH5678"),
            ),
            (
                "google_play:ABCD1234EFGH5678",
                Ok("google_play:ABCD1234EFGH5678"),
            ),
            ("Google Play gift cards", Ok("google_play")),
            (
                "ABCD-1234-EFGH-5678",
                Err("`ABCD-1234-EFGH-5678` names no gift-card brand"),
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                GiftCard::parse(input).map(|g| g.value()),
                want.map(String::from).map_err(String::from),
                "{input}"
            );
        }
    }
}
