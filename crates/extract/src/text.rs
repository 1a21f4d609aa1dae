//! Small text helpers shared by the matchers: defanging, boundaries, keyword windows.
//!
//! Defanging rules (case-insensitive): `hxxp`/`hxxps`/`fxp` at the start of a URL become
//! `http`/`https`/`ftp`; `[.]`, `(.)`, `{.}`, `[dot]`, `(dot)`, `{dot}` and ` dot ` become `.`;
//! `[:]` becomes `:`; `[@]`, `[at]`, `(at)`, `{at}` become `@`.

use std::borrow::Cow;

/// Undoes the usual defanging of URLs, domains, e-mail addresses and IPs.
pub fn refang(s: &str) -> Cow<'_, str> {
    let s = s.trim();
    // Checked on bytes, without lower-case copies: this runs for every URL, domain and
    // e-mail candidate, and almost none is defanged.
    // A defanged scheme only with its colon: `fxpa.com` and `hxxpfix.net` are host names.
    let scheme = |p: &str| {
        s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p))
            && (s[p.len()..].starts_with(':') || s[p.len()..].starts_with("[:]"))
    };
    let (scheme, rest) = if scheme("hxxps") {
        ("https", &s[5..])
    } else if scheme("hxxp") {
        ("http", &s[4..])
    } else if scheme("fxp") {
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
    let mut out = String::with_capacity(scheme.len() + rest.len());
    out.push_str(scheme);
    undefang_into(rest, &mut out);
    Cow::Owned(out)
}

/// Appends `s` to `out` with every defanged dot, colon, `@` and slash replaced: the
/// replacements of the leftmost-first matches of the pattern in the module's tests (the
/// property test `undefanging_is_the_regex_replacement` checks it), found by hand because
/// this runs for most URLs in scam reports.
fn undefang_into(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let ws = |c: u8| c == b' ' || c == b'\t';
    let starts = |at: usize, p: &[u8]| {
        b.get(at..at + p.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(p))
    };
    let ws_end = |mut at: usize| {
        while at < b.len() && ws(b[at]) {
            at += 1;
        }
        at
    };
    // The bracketed `at` forms, `[at]`, `(at)`, `{at}`, at `at`.
    let at_form = |at: usize| {
        ["[at]", "(at)", "{at}"]
            .iter()
            .any(|f| starts(at, f.as_bytes()))
    };
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        let (end, with) = match b[i] {
            b'[' | b'(' | b'{' => {
                let close = match b[i] {
                    b'[' => b"]",
                    b'(' => b")",
                    _ => b"}",
                };
                let form =
                    |inner: &[u8]| starts(i + 1, inner) && starts(i + 1 + inner.len(), close);
                if form(b".") {
                    (i + 3, ".")
                } else if form(b"dot") {
                    (i + 5, ".")
                } else if b[i] == b'[' && form(b":") {
                    (i + 3, ":")
                } else if b[i] == b'[' && form(b"@") {
                    (i + 3, "@")
                } else if at_form(i) {
                    (ws_end(i + 4), "@")
                } else if b[i] == b'[' && form(b"/") {
                    (i + 3, "/")
                } else {
                    (i, "")
                }
            }
            c if ws(c) => {
                let word = ws_end(i);
                if starts(word, b"dot") && word + 3 < b.len() && ws(b[word + 3]) {
                    (ws_end(word + 3), ".")
                } else if at_form(word) {
                    (ws_end(word + 4), "@")
                } else {
                    (i, "")
                }
            }
            _ => (i, ""),
        };
        if end == i {
            i += 1;
            continue;
        }
        out.push_str(&s[copied..i]);
        out.push_str(with);
        copied = end;
        i = end;
    }
    out.push_str(&s[copied..]);
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
    use regex::Regex;

    /// The defanging rules as one regular expression, for the property test.
    fn undefang_by_regex(s: &str) -> String {
        // Invariant: a constant pattern.
        let re = Regex::new(
            r"(?i)\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|[ \t]+dot[ \t]+|\[:\]|\[@\]|[ \t]*\[at\][ \t]*|[ \t]*\(at\)[ \t]*|[ \t]*\{at\}[ \t]*|\[/\]",
        )
        .expect("valid defang pattern");
        re.replace_all(s, |c: &regex::Captures<'_>| {
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
        })
        .into_owned()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        #[test]
        fn undefanging_is_the_regex_replacement(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "[", "]", "(", ")", "{", "}", ".", ":", "@", "/", "dot", "DoT", "at", "AT", " ",
                "\t", "  ", "[.]", "[dot]", "(at)", " at ", " dot ", "x", "é", "[at]", "{at}",
                "[:]", "[/]", "[@]", "d", "o", "t", "a",
            ]), 0..30)
        ) {
            let text = parts.concat();
            let mut got = String::new();
            undefang_into(&text, &mut got);
            proptest::prop_assert_eq!(got, undefang_by_regex(&text), "{:?}", text);
        }
    }

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
            ("fxpa.com", "fxpa.com"),
            ("hxxpfix.net/a", "hxxpfix.net/a"),
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
