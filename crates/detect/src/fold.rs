//! Visual folding of domain labels: what a label looks like, not how it is spelled.
//!
//! Two forms are computed for a label:
//! - `plain`: lower-case, each non-ASCII character replaced by its UTS #39 confusable
//!   prototype (lower-cased after the skeleton, since `0` maps to capital `O`), combining
//!   marks dropped and a few Latin letters with hooks or strokes the confusables table leaves
//!   alone mapped by [`EXTRA`]. ASCII characters are kept, so edit positions stay meaningful
//!   for typo classification.
//! - `visual`: the whole-label UTS #39 skeleton, lower-cased, with look-alike ASCII letters
//!   (`q`/`g`, `c`/`e`, `b`/`d`, `u`/`v`, `i`/`l`, `m`/`n`/`r`, `3`/`8`, `6`/`9`) folded to one
//!   representative and runs of `n` collapsed. Two labels with equal visual forms are
//!   homoglyphs of each other. Multi-letter look-alikes (`cl` for `d`, `lc` for `k`, `vv` for
//!   `w`) are not folded in candidates, where they would eat real letters (`mlcrosoft`);
//!   [`glyph_variants`] spells the protected labels with them instead.

/// Letters the confusables table does not map to ASCII (checked against the glyphs typosquat
/// generators use), and what a reader takes them for.
const EXTRA: &[(char, &str)] = &[
    ('ǝ', "a"),
    ('ə', "a"),
    ('ƅ', "b"),
    ('ʙ', "b"),
    ('ƈ', "c"),
    ('ɢ', "g"),
    ('ⱨ', "h"),
    ('ʝ', "j"),
    ('ĸ', "k"),
    ('ⱪ', "k"),
    ('ʍ', "m"),
    ('ꞑ', "n"),
    ('ʀ', "r"),
    ('ɾ', "r"),
    ('ʉ', "u"),
    ('ⱴ', "v"),
    ('ᶌ', "v"),
    ('ⱱ', "v"),
    ('ⱳ', "w"),
    ('ȝ', "3"),
    ('ᴛ', "t"),
    ('æ', "ae"),
    ('œ', "oe"),
];

fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{300}'..='\u{36f}'
        | '\u{1ab0}'..='\u{1aff}'
        | '\u{1dc0}'..='\u{1dff}'
        | '\u{20d0}'..='\u{20ff}'
        | '\u{fe20}'..='\u{fe2f}'
        | '\u{11b60}'..='\u{11b67}')
}

fn push_folded_char(c: char, out: &mut String) {
    if let Some((_, to)) = EXTRA.iter().find(|(from, _)| *from == c) {
        out.push_str(to);
        return;
    }
    for s in unicode_security::skeleton(c.encode_utf8(&mut [0; 4])) {
        for l in s.to_lowercase() {
            if is_mark(l) {
                continue;
            }
            match EXTRA.iter().find(|(from, _)| *from == l) {
                Some((_, to)) => out.push_str(to),
                None => out.push(l),
            }
        }
    }
}

/// The `plain` form (see module docs).
pub fn plain(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            push_folded_char(c, &mut out);
        }
    }
    out
}

/// The `visual` form (see module docs).
pub fn visual(label: &str) -> String {
    let mut sk = String::with_capacity(label.len() + 4);
    for c in unicode_security::skeleton(label) {
        for l in c.to_lowercase() {
            if is_mark(l) {
                continue;
            }
            match EXTRA.iter().find(|(from, _)| *from == l) {
                Some((_, to)) => sk.push_str(to),
                None => sk.push(l),
            }
        }
    }
    // `m` is `rn` in the skeleton; `m`, `rn`, `nn`, `n` and `r` all fold to `n`.
    let mut out = String::with_capacity(sk.len());
    let folded = sk.chars().map(|c| match c {
        'q' => 'g',
        'c' => 'e',
        'b' => 'd',
        'u' => 'v',
        'i' => 'l',
        'r' | 'm' => 'n',
        '3' => '8',
        '6' => '9',
        other => other,
    });
    // `m` is `rn` in the skeleton; with `r` and `m` folded to `n`, a run of `n` (`rn`, `nn`,
    // `nr`, `rr`) is one look-alike stroke group.
    for c in folded {
        if !(c == 'n' && out.ends_with('n')) {
            out.push(c);
        }
    }
    out
}

/// ASCII spellings that read as one letter, applied to protected labels (not to candidates).
const DIGRAPHS: &[(char, &str)] = &[
    ('b', "lb"),
    ('d', "cl"),
    ('d', "dl"),
    ('h', "lh"),
    ('k', "lc"),
    ('m', "rn"),
    ('m', "nn"),
    ('w', "vv"),
];

/// The visual forms of `label` spelled with up to two look-alike digraphs (`kaspersky` ->
/// `lcaspersky`, `lcasperslcy`; `icloud` -> `idoud`), including the plain visual form.
pub fn glyph_variants(label: &str) -> Vec<String> {
    let mut spellings = vec![label.to_string()];
    for _ in 0..2 {
        let mut next = Vec::new();
        for s in &spellings {
            for (i, c) in s.char_indices() {
                for (_, to) in DIGRAPHS.iter().filter(|(from, _)| *from == c) {
                    next.push(format!("{}{}{}", &s[..i], to, &s[i + c.len_utf8()..]));
                }
            }
            // And the other way: the label's own `cl` read as `d` (`icloud` -> `idoud`).
            for (one, two) in DIGRAPHS {
                for (i, _) in s.match_indices(two) {
                    next.push(format!("{}{}{}", &s[..i], one, &s[i + two.len()..]));
                }
            }
        }
        spellings.extend(next);
    }
    let mut out: Vec<String> = spellings.iter().map(|s| visual(s)).collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_forms() {
        let cases = [
            ("Microsoft", "microsoft"),
            ("micrоsoft", "microsoft"), // Cyrillic о
            ("ɑmazon", "amazon"),
            ("pаypаl", "paypal"), // Cyrillic а
            ("gøøgle", "google"),
            ("ǝmazon", "amazon"),
            ("аррӏе", "apple"), // all Cyrillic
            ("microsoft-help", "microsoft-help"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(plain(input), want, "{input}");
        }
    }

    #[test]
    fn visual_equivalences() {
        let same = [
            ("microsoft", "rnicrosoft"),
            ("microsoft", "micr0soft"),
            ("microsoft", "mlcrosoft"),
            ("google", "goog1e"),
            ("google", "qooqle"),
            ("amazon", "arnazon"),
            ("apple", "аррӏе"),
            ("paypal", "paypa1"),
            ("microsoft", "rnicrosoft"),
        ];
        for (a, b) in same {
            assert_eq!(visual(a), visual(b), "{a} vs {b}");
        }
        for (label, spelled) in [
            ("bitdefender", "bitdefencler"),
            ("icloud", "idoud"),
            ("kaspersky", "lcasperslcy"),
        ] {
            assert!(
                glyph_variants(label).contains(&visual(spelled)),
                "{label} vs {spelled}"
            );
        }
        let different = [
            ("microsoft", "microsoff"),
            ("amazon", "amazin"),
            ("apple", "ample"),
        ];
        for (a, b) in different {
            assert_ne!(visual(a), visual(b), "{a} vs {b}");
        }
    }
}
