//! One scan of the text for every keyword list the matchers start from: remote-access tool
//! names ([`crate::remote`]), gift-card brands ([`crate::giftcard`]) and the language marker
//! words that pick a region for national phone numbers.
//!
//! Each list used to have its own Aho-Corasick automaton, each run over the whole text: three
//! byte-by-byte passes where one does. Here one automaton holds all lists (ASCII
//! case-insensitive, as before) and one overlapping search reports every occurrence of every
//! word. Each list then gets exactly what its own search gave:
//! - tools and brands: *leftmost-longest* matches (the earliest-starting occurrence, the
//!   longest of those starting there, then on from its end), selected from the overlapping
//!   ones by [`leftmost_longest`];
//! - language markers: all occurrences (the overlapping search they always used) in the
//!   text's first bytes, counted per marker.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Match, PatternID};

/// Which list a keyword belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Tool,
    Brand,
    Marker,
}

/// The combined automaton and, per pattern, its list and index in that list.
pub(crate) struct Keywords {
    ac: AhoCorasick,
    owner: Vec<(List, usize)>,
    marker_count: usize,
}

/// Occurrences in one text; each `Match` carries the pattern's index in its own list.
#[derive(Debug, Default)]
pub(crate) struct Hits {
    /// Remote-access tool names, leftmost-longest.
    pub(crate) tools: Vec<Match>,
    /// Gift-card brand names, leftmost-longest.
    pub(crate) brands: Vec<Match>,
    /// Per language marker word, its occurrences lying wholly in the first `marker_window`
    /// bytes (only the first sentences tell the language); empty when no marker occurs.
    pub(crate) markers: Vec<usize>,
}

impl Keywords {
    pub(crate) fn new(tools: &[&str], brands: &[&str], markers: &[&str]) -> Keywords {
        let mut words = Vec::new();
        let mut owner = Vec::new();
        for (list, names) in [
            (List::Tool, tools),
            (List::Brand, brands),
            (List::Marker, markers),
        ] {
            for (i, w) in names.iter().enumerate() {
                words.push(*w);
                owner.push((list, i));
            }
        }
        // Invariant: constant, non-empty keywords.
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .expect("valid keywords");
        let marker_count = markers.len();
        Keywords {
            ac,
            owner,
            marker_count,
        }
    }

    /// Every tool and brand occurrence in `text`, sorted into the lists, and the marker
    /// words counted in `text[..marker_window]`.
    pub(crate) fn scan(&self, text: &str, marker_window: usize) -> Hits {
        let mut hits = Hits::default();
        for m in self.ac.find_overlapping_iter(text) {
            let (list, i) = self.owner[m.pattern().as_usize()];
            match list {
                List::Tool => hits.tools.push(Match::new(PatternID::must(i), m.span())),
                List::Brand => hits.brands.push(Match::new(PatternID::must(i), m.span())),
                // Counted, not kept: they are many (` the `) and only their number matters.
                List::Marker if m.end() <= marker_window => {
                    if hits.markers.is_empty() {
                        hits.markers = vec![0; self.marker_count];
                    }
                    hits.markers[i] += 1;
                }
                List::Marker => {}
            }
        }
        hits.tools = leftmost_longest(hits.tools);
        hits.brands = leftmost_longest(hits.brands);
        hits
    }
}

/// The matches a leftmost-longest search would report, from all overlapping occurrences:
/// from the search position, the occurrence starting first (the longest of those starting
/// there); the search goes on at its end.
fn leftmost_longest(mut all: Vec<Match>) -> Vec<Match> {
    all.sort_by_key(|m| (m.start(), std::cmp::Reverse(m.end())));
    let mut out: Vec<Match> = Vec::with_capacity(all.len());
    let mut at = 0;
    for m in all {
        if m.start() >= at {
            at = m.end();
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::MatchKind;

    /// The selection equals what a leftmost-longest automaton of the list alone finds.
    #[test]
    fn agrees_with_separate_leftmost_longest_automata() {
        let tools = [
            "anydesk",
            "any desk",
            "teamviewer",
            "team viewer",
            "ultra viewer",
        ];
        let brands = [
            "steam",
            "google play",
            "play store",
            "paysafe",
            "paysafecard",
            "pcs",
        ];
        let markers = [" the ", " and ", " die ", " el "];
        let k = Keywords::new(&tools, &brands, &markers);
        let own = |words: &[&str]| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(words)
                .expect("valid")
        };
        let texts = [
            "SteamViewer and AnyDesk any desk ANYDESKTEAMVIEWER teamviewerteam viewer",
            "Google Play Store, paysafecard paysafe pcsteam steamsteam",
            "google play storeplay store ultra viewer ultra viewers the and the el die",
            "",
        ];
        for t in texts {
            let h = k.scan(t, usize::MAX);
            let spans = |v: &[Match]| {
                v.iter()
                    .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                    .collect::<Vec<_>>()
            };
            let want_tools: Vec<Match> = own(&tools).find_iter(t).collect();
            let want_brands: Vec<Match> = own(&brands).find_iter(t).collect();
            assert_eq!(spans(&h.tools), spans(&want_tools), "{t}");
            assert_eq!(spans(&h.brands), spans(&want_brands), "{t}");
            let markers_ac = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build(markers)
                .expect("valid");
            let mut want_markers = vec![0; markers.len()];
            for m in markers_ac.find_overlapping_iter(t) {
                want_markers[m.pattern().as_usize()] += 1;
            }
            if want_markers.iter().all(|&n| n == 0) {
                want_markers.clear();
            }
            assert_eq!(h.markers, want_markers, "{t}");
            // Only markers wholly inside the window count.
            let cut = k.scan(t, 20).markers;
            let mut want_cut = vec![0; markers.len()];
            for m in markers_ac
                .find_overlapping_iter(t)
                .filter(|m| m.end() <= 20)
            {
                want_cut[m.pattern().as_usize()] += 1;
            }
            if want_cut.iter().all(|&n| n == 0) {
                want_cut.clear();
            }
            assert_eq!(cut, want_cut, "{t}");
        }
    }
}
