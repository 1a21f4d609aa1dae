//! The subset of STIX patterning Dragnet writes and reads.
//!
//! Written: one comparison per indicator, `[domain-name:value = 'microsoft-help.com']`, with
//! `'` and `\` escaped by a backslash (STIX 2.1 §9.3). Read: one or more observation
//! expressions joined by `OR`, each holding comparisons `type:value = 'literal'` joined by
//! `OR`, with any whitespace. Anything else (`AND`, other properties or operators,
//! qualifiers such as `WITHIN`, `FOLLOWEDBY`) is rejected with a reason rather than guessed
//! at: an indicator whose meaning we cannot reproduce exactly must not become a blocklist entry.

/// One `type:value = 'literal'` comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub object_type: String,
    pub value: String,
}

/// The pattern for one object type and value.
pub fn equals(object_type: &str, value: &str) -> String {
    format!("[{object_type}:value = '{}']", escape(value))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Parse a pattern of the supported subset into its comparisons (in order).
pub fn parse(pattern: &str) -> Result<Vec<Comparison>, String> {
    let mut p = Parser {
        s: pattern.as_bytes(),
        text: pattern,
        i: 0,
    };
    let mut out = Vec::new();
    loop {
        p.ws();
        p.expect(b'[')?;
        loop {
            p.ws();
            out.push(p.comparison()?);
            p.ws();
            if p.keyword("OR") {
                continue;
            }
            break;
        }
        p.ws();
        p.expect(b']')?;
        p.ws();
        if p.i == p.s.len() {
            return Ok(out);
        }
        if !p.keyword("OR") {
            return Err(format!(
                "unsupported pattern syntax at byte {} (only `=` comparisons on `value` joined by OR are read)",
                p.i
            ));
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), String> {
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected `{}` at byte {}", b as char, self.i))
        }
    }

    /// Consumes `kw` when it stands there as a whole word.
    fn keyword(&mut self, kw: &str) -> bool {
        let end = self.i + kw.len();
        if self.s.get(self.i..end) == Some(kw.as_bytes())
            && self.s.get(end).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            self.i = end;
            true
        } else {
            false
        }
    }

    fn comparison(&mut self) -> Result<Comparison, String> {
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'-')
        {
            self.i += 1;
        }
        let object_type = &self.text[start..self.i];
        if object_type.is_empty() {
            return Err(format!("expected an object type at byte {start}"));
        }
        self.expect(b':')?;
        let pstart = self.i;
        // The property path runs to the operator; it may hold quoted keys (`hashes.'SHA-256'`).
        while self.i < self.s.len()
            && !self.s[self.i].is_ascii_whitespace()
            && !matches!(self.s[self.i], b'=' | b'!' | b'<' | b'>' | b']')
        {
            self.i += 1;
        }
        let property = &self.text[pstart..self.i];
        if property != "value" {
            return Err(format!(
                "unsupported property `{object_type}:{property}` (only `value` is read)"
            ));
        }
        self.ws();
        if !(self.s.get(self.i) == Some(&b'=') && self.s.get(self.i + 1) != Some(&b'=')) {
            return Err(format!(
                "unsupported operator at byte {} (only `=` is read)",
                self.i
            ));
        }
        self.i += 1;
        self.ws();
        self.expect(b'\'')
            .map_err(|_| format!("expected a quoted string at byte {}", self.i))?;
        let mut value = String::new();
        let rest = &self.text[self.i..];
        let mut chars = rest.char_indices();
        loop {
            match chars.next() {
                None => return Err("unterminated string literal".to_string()),
                Some((_, '\\')) => match chars.next() {
                    Some((_, c @ ('\'' | '\\'))) => value.push(c),
                    Some((_, c)) => {
                        return Err(format!("invalid escape `\\{c}` in string literal"));
                    }
                    None => return Err("unterminated string literal".to_string()),
                },
                Some((at, '\'')) => {
                    self.i += at + 1;
                    break;
                }
                Some((_, c)) => value.push(c),
            }
        }
        Ok(Comparison {
            object_type: object_type.to_string(),
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(t: &str, v: &str) -> Comparison {
        Comparison {
            object_type: t.into(),
            value: v.into(),
        }
    }

    #[test]
    fn writes_and_escapes() {
        assert_eq!(
            equals("domain-name", "a.com"),
            "[domain-name:value = 'a.com']"
        );
        assert_eq!(
            equals("url", r"https://x.com/it's\"),
            r"[url:value = 'https://x.com/it\'s\\']"
        );
    }

    #[test]
    fn reads_what_it_writes() {
        for v in [
            "a.com",
            "it's",
            r"back\slash",
            "ünï'cödé\\'",
            "",
            "]",
            "' OR '",
        ] {
            assert_eq!(parse(&equals("url", v)), Ok(vec![c("url", v)]), "{v}");
        }
    }

    #[test]
    fn accepted_table() {
        let cases: [(&str, Vec<Comparison>); 4] = [
            (
                "[ipv4-addr:value='198.51.100.7']",
                vec![c("ipv4-addr", "198.51.100.7")],
            ),
            (
                "[domain-name:value = 'a.com' OR domain-name:value = 'b.com']",
                vec![c("domain-name", "a.com"), c("domain-name", "b.com")],
            ),
            (
                "  [url:value = 'https://a.com/'] OR [x-dragnet-phone-number:value = '+18885550147'] ",
                vec![
                    c("url", "https://a.com/"),
                    c("x-dragnet-phone-number", "+18885550147"),
                ],
            ),
            (
                "[email-addr:value =\n'a@b.com']",
                vec![c("email-addr", "a@b.com")],
            ),
        ];
        for (p, expected) in cases {
            assert_eq!(parse(p), Ok(expected), "{p}");
        }
    }

    #[test]
    fn rejected_table() {
        let cases = [
            ("", "expected `[` at byte 0"),
            (
                "[file:hashes.'SHA-256' = 'ab']",
                "unsupported property `file:hashes.'SHA-256'` (only `value` is read)",
            ),
            (
                "[domain-name:value != 'a.com']",
                "unsupported operator at byte 19 (only `=` is read)",
            ),
            (
                "[domain-name:value LIKE 'a%']",
                "unsupported operator at byte 19 (only `=` is read)",
            ),
            (
                "[domain-name:value = 'a.com' AND url:value = 'x']",
                "expected `]` at byte 29",
            ),
            (
                "[domain-name:value = 'a.com'] WITHIN 5 SECONDS",
                "unsupported pattern syntax at byte 30 (only `=` comparisons on `value` joined by OR are read)",
            ),
            ("[domain-name:value = 'a.com", "unterminated string literal"),
            (
                "[domain-name:value = 'a\\n']",
                "invalid escape `\\n` in string literal",
            ),
            (
                "[domain-name:value = a.com]",
                "expected a quoted string at byte 21",
            ),
            ("[:value = 'a']", "expected an object type at byte 1"),
            (
                "[domain-name:value = 'a.com'] OR",
                "expected `[` at byte 32",
            ),
        ];
        for (p, expected) in cases {
            assert_eq!(parse(p), Err(expected.to_string()), "{p}");
        }
    }
}
