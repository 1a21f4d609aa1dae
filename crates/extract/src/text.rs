//! Small text helpers shared by the matchers: defanging, boundaries, keyword windows.
//!
//! Defanging rules (case-insensitive): `hxxp`/`hxxps`/`fxp` at the start of a URL become
//! `http`/`https`/`ftp`; `[.]`, `(.)`, `{.}`, `[dot]`, `(dot)`, `{dot}` and ` dot ` become `.`;
//! `[:]` becomes `:`; `[@]`, `[at]`, `(at)`, `{at}` become `@`.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

fn defang_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Invariant: a constant pattern, exercised by the tests below.
        Regex::new(
            r"(?i)\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|[ \t]+dot[ \t]+|\[:\]|\[@\]|[ \t]*\[at\][ \t]*|[ \t]*\(at\)[ \t]*|[ \t]*\{at\}[ \t]*|\[/\]",
        )
        .expect("valid defang pattern")
    })
}

/// Undoes the usual defanging of URLs, domains, e-mail addresses and IPs.
pub fn refang(s: &str) -> Cow<'_, str> {
    let s = s.trim();
    // Checked on bytes, without lower-case copies: this runs for every URL, domain and
    // e-mail candidate, and almost none is defanged.
    let starts = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let (scheme, rest) = if starts("hxxps") {
        ("https", &s[5..])
    } else if starts("hxxp") {
        ("http", &s[4..])
    } else if starts("fxp") {
        ("ftp", &s[3..])
    } else {
        ("", s)
    };
    let needs = !scheme.is_empty()
        || rest.contains(['[', '(', '{'])
        || rest
            .as_bytes()
            .windows(5)
            .any(|w| w.eq_ignore_ascii_case(b" dot "));
    if !needs {
        return Cow::Borrowed(s);
    }
    let replaced = defang_re().replace_all(rest, |c: &regex::Captures<'_>| {
        let m = c[0].to_ascii_lowercase();
        if m.contains("at") || m.contains('@') {
            "@"
        } else if m.contains("dot") || m.contains('.') {
            "."
        } else if m.contains(':') {
            ":"
        } else {
            "/"
        }
    });
    Cow::Owned(format!("{scheme}{replaced}"))
}

/// True for characters that may continue a word, so a match next to one is part of it.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The character just before byte offset `at`.
pub fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|s| s.chars().next_back())
}

/// The character at byte offset `at`.
pub fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|s| s.chars().next())
}

/// Up to `n` bytes before `at`, cut back to a character boundary.
pub fn window_before(text: &str, at: usize, n: usize) -> &str {
    let mut start = at.saturating_sub(n);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text.get(start..at).unwrap_or("")
}

/// Up to `n` bytes from `at`, cut back to a character boundary.
pub fn window_after(text: &str, at: usize, n: usize) -> &str {
    let mut end = (at + n).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(at..end).unwrap_or("")
}

/// Maximal runs of ASCII word characters (`[0-9A-Za-z_]`, what `(?-u:\b)` bounds) whose
/// length is within `min..=max` bytes, as byte ranges.
pub fn ascii_words(
    text: &str,
    min: usize,
    max: usize,
) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let is_word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let s = at + b.get(at..)?.iter().position(is_word)?;
            let e = s + b[s..]
                .iter()
                .position(|c| !is_word(c))
                .unwrap_or(b.len() - s);
            at = e;
            if (min..=max).contains(&(e - s)) {
                return Some((s, e));
            }
        }
    })
}

/// Byte ranges already claimed by an earlier, more specific matcher.
#[derive(Default)]
pub struct Taken(Vec<(usize, usize)>);

impl Taken {
    pub fn overlaps(&self, s: usize, e: usize) -> bool {
        self.0.iter().any(|&(a, b)| s < b && a < e)
    }
    pub fn add(&mut self, s: usize, e: usize) {
        self.0.push((s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refangs() {
        let cases = [
            (
                "hxxps://microsoft-help[.]com/fix",
                "https://microsoft-help.com/fix",
            ),
            ("hXXp://a(.)b{.}com", "http://a.b.com"),
            ("fxp://files[dot]example[.]org", "ftp://files.example.org"),
            ("support dot ms-help dot com", "support.ms-help.com"),
            ("help[at]ms-help[.]com", "help@ms-help.com"),
            ("help (at) ms-help[.]com", "help@ms-help.com"),
            ("https[:]//x[.]com", "https://x.com"),
            ("192.168[.]1[.]1", "192.168.1.1"),
            ("plain.example.com", "plain.example.com"),
        ];
        for (input, want) in cases {
            assert_eq!(refang(input), want, "{input}");
        }
    }

    proptest::proptest! {
        /// Whole words tried against an anchored pattern find what the pattern between
        /// `(?-u:\b)` finds in an unanchored search (the wallet scan relies on it).
        #[test]
        fn whole_words_are_the_word_bounded_matches(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "bc1", "BC1", "ltc1", "0x", "0X", "1", "3", "L", "T", "abcdef", "ABCDEF",
                "0123456789", "qpzry9x8gf2tvdw0s3jn54khce6mua7l", "_", " ", ".", "-", "é",
                "O", "I", "l",
            ]), 0..30)
        ) {
            let text = parts.concat();
            let body = r"0[xX][0-9a-fA-F]{40}|(?:bc1|BC1|ltc1|LTC1|tb1|TB1)[0-9a-zA-Z]{6,87}|[13LMDT][1-9A-HJ-NP-Za-km-z]{25,34}";
            let unanchored = Regex::new(&format!(r"(?-u:\b)(?:{body})(?-u:\b)")).expect("valid");
            let anchored = Regex::new(&format!("^(?:{body})$")).expect("valid");
            let want: Vec<(usize, usize)> =
                unanchored.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = ascii_words(&text, 9, 91)
                .filter(|&(s, e)| anchored.is_match(&text[s..e]))
                .collect();
            proptest::prop_assert_eq!(got, want, "{:?}", text);
        }
    }

    #[test]
    fn ascii_words_by_length() {
        let t = "ab_c1 déf x9y8z7w6 __";
        assert_eq!(
            ascii_words(t, 2, 5)
                .map(|(s, e)| &t[s..e])
                .collect::<Vec<_>>(),
            ["ab_c1", "__"]
        );
        assert_eq!(
            ascii_words(t, 8, 8)
                .map(|(s, e)| &t[s..e])
                .collect::<Vec<_>>(),
            ["x9y8z7w6"]
        );
    }

    #[test]
    fn windows_respect_char_boundaries() {
        let t = "äöü 123";
        assert_eq!(window_before(t, 7, 5), "öü ");
        assert_eq!(window_after(t, 0, 3), "ä");
        assert_eq!(char_before(t, 2), Some('ä'));
        assert_eq!(char_at(t, 6), Some(' '));
    }
}
