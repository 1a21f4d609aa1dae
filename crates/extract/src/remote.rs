//! Remote-access session IDs (`RemoteAccessId`): AnyDesk, TeamViewer and similar tools.
//!
//! A number is an ID only where the text ties it to a tool: the tool's name (`AnyDesk`,
//! `AnyDesk-ID`, `ID de AnyDesk`, `identifiant TeamViewer`…) followed within 64 bytes by a
//! group of 8 to 10 digits (9 or 10 for AnyDesk and TeamViewer), written with or without
//! spaces or dashes, not starting with 0 or `+`, with no calling word ("call", "anrufen",
//! "llame", "appelez"…) in between and before the next tool name. Value: `tool:digits`.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Match};
use regex::Regex;

use crate::text::{Taken, char_before, window_after};

/// Tool aliases (lower case) -> (tool, min digits, max digits).
pub(crate) const TOOLS: &[(&str, &str, usize, usize)] = &[
    ("anydesk", "anydesk", 9, 10),
    ("any desk", "anydesk", 9, 10),
    ("teamviewer", "teamviewer", 9, 10),
    ("team viewer", "teamviewer", 9, 10),
    ("ultraviewer", "ultraviewer", 8, 10),
    ("ultra viewer", "ultraviewer", 8, 10),
    ("rustdesk", "rustdesk", 9, 10),
    ("supremo", "supremo", 9, 9),
    ("ammyy", "ammyy", 8, 10),
    ("aeroadmin", "aeroadmin", 8, 10),
];

const CALL_WORDS: &[&str] = &[
    "call",
    "anruf",
    "ruf ",
    "rufen",
    "llam",
    "appel",
    "tel",
    "phone",
    "hotline",
    "número de teléfono",
];

/// A remote-access tool's session ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RemoteAccessId {
    tool: &'static str,
    id: String,
}

impl RemoteAccessId {
    /// Parses `anydesk:123456789`, `AnyDesk 123 456 789`, `TeamViewer-ID: 1 234 567 890`.
    pub fn parse(s: &str) -> Result<RemoteAccessId, String> {
        let lower = s.to_lowercase();
        let (tool, min, max) = TOOLS
            .iter()
            .find(|(alias, ..)| lower.contains(alias))
            .map(|(_, t, a, b)| (*t, *a, *b))
            .ok_or_else(|| {
                format!("`{s}` names no known remote-access tool (anydesk, teamviewer…)")
            })?;
        let id: String = s.chars().filter(char::is_ascii_digit).collect();
        if !(min..=max).contains(&id.len()) {
            return Err(format!(
                "`{s}`: a {tool} ID has {min} to {max} digits, not {}",
                id.len()
            ));
        }
        Ok(RemoteAccessId { tool, id })
    }

    pub fn tool(&self) -> &'static str {
        self.tool
    }

    /// `anydesk:123456789`
    pub fn value(&self) -> String {
        format!("{}:{}", self.tool, self.id)
    }
}

pub(crate) struct RemoteFinder {
    id: Regex,
    calls: AhoCorasick,
}

impl RemoteFinder {
    pub(crate) fn new() -> Self {
        // Invariant: constant patterns.
        let calls = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(CALL_WORDS)
            .expect("valid call words");
        let id = Regex::new(r"\+?\d(?:[ \-]?\d){6,11}").expect("valid id pattern");
        RemoteFinder { id, calls }
    }

    /// IDs after the tool names `mentions` (leftmost-longest occurrences of [`TOOLS`]'
    /// aliases in `text`, from [`crate::keywords`]).
    pub(crate) fn find(
        &self,
        text: &str,
        mentions: &[Match],
        taken: &Taken,
        out: &mut Vec<(usize, usize, RemoteAccessId)>,
    ) {
        for (k, m) in mentions.iter().enumerate() {
            if char_before(text, m.start()).is_some_and(char::is_alphanumeric) {
                continue;
            }
            let (_, tool, min, max) = TOOLS[m.pattern().as_usize()];
            let limit = mentions
                .get(k + 1)
                .map_or(64, |n| (n.start() - m.end()).min(64));
            let win = window_after(text, m.end(), limit);
            let Some(idm) = self.id.find(win) else {
                continue;
            };
            let num = idm.as_str();
            let between = &win[..idm.start()];
            let digits: String = num.chars().filter(char::is_ascii_digit).collect();
            let (s, e) = (m.end() + idm.start(), m.end() + idm.end());
            let glued = char_before(text, s).is_some_and(char::is_alphanumeric)
                || crate::text::char_at(text, e).is_some_and(char::is_alphanumeric);
            if num.starts_with('+')
                || digits.starts_with('0')
                || !(min..=max).contains(&digits.len())
                || glued
                || self.calls.is_match(between)
                || taken.overlaps(s, e)
            {
                continue;
            }
            out.push((s, e, RemoteAccessId { tool, id: digits }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let cases = [
            ("anydesk:123456789", Ok("anydesk:123456789")),
            ("AnyDesk 123 456 789", Ok("anydesk:123456789")),
            ("TeamViewer-ID: 1 234 567 890", Ok("teamviewer:1234567890")),
            (
                "123456789",
                Err("`123456789` names no known remote-access tool (anydesk, teamviewer…)"),
            ),
            (
                "anydesk 1234",
                Err("`anydesk 1234`: a anydesk ID has 9 to 10 digits, not 4"),
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                RemoteAccessId::parse(input).map(|r| r.value()),
                want.map(String::from).map_err(String::from),
                "{input}"
            );
        }
    }

    #[test]
    fn finds_only_tied_numbers() {
        let f = RemoteFinder::new();
        let aliases: Vec<&str> = TOOLS.iter().map(|t| t.0).collect();
        let keywords = crate::keywords::Keywords::new(&aliases, &[], &[]);
        let cases: &[(&str, &[&str])] = &[
            (
                "He asked for my AnyDesk ID: 123 456 789 and then",
                &["anydesk:123456789"],
            ),
            (
                "Er wollte meine AnyDesk-ID 987654321 haben",
                &["anydesk:987654321"],
            ),
            (
                "me pidió el ID de AnyDesk, era 555 444 333",
                &["anydesk:555444333"],
            ),
            (
                "l'identifiant TeamViewer est 1 234 567 890.",
                &["teamviewer:1234567890"],
            ),
            ("install AnyDesk, then call 888 555 0147", &[]),
            ("my number is 123 456 789", &[]),
            (
                "AnyDesk 123456789 and TeamViewer 987654321",
                &["anydesk:123456789", "teamviewer:987654321"],
            ),
        ];
        for (text, want) in cases {
            let mut out = Vec::new();
            f.find(
                text,
                &keywords.scan(text, 0).tools,
                &Taken::default(),
                &mut out,
            );
            let got: Vec<String> = out.iter().map(|x| x.2.value()).collect();
            assert_eq!(got, *want, "{text}");
        }
    }
}
