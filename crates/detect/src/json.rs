//! Verdicts written as JSON without building a `serde_json::Value` first.
//!
//! `dragnet check --batch` and `POST /api/v1/check` answered with
//! `serde_json::to_value(&verdict)` (plus a few fields) then `to_writer`: keys sorted (the
//! `Value` map is a `BTreeMap`), `f32` scores widened to `f64`. Building that tree cost a
//! tenth of a batch's time in allocations. [`write_verdict`] writes the same bytes directly;
//! a test compares it with the `Value` path on every kind of verdict. A verdict with a page
//! analysis (rare, large, never in a batch) takes the `Value` path for that member.

use serde::Serialize;

use crate::verdict::{IndicatorMatch, Matches, Reason, Verdict};
use crate::{Impersonation, SignalHit};
use dragnet_core::Indicator;

/// A member added beside the verdict's own (`line` and `input` in a batch).
#[derive(Debug, Clone, Copy)]
pub enum Extra<'a> {
    Str(&'a str),
    U64(u64),
}

/// Appends `verdict` as one JSON object (no newline) with `extra` members merged in, keys in
/// byte order: the bytes `to_value`, inserting `extra`, then `to_writer` give.
pub fn write_verdict(out: &mut Vec<u8>, verdict: &Verdict, extra: &[(&str, Extra<'_>)]) {
    let mut members: Vec<(&str, Member<'_>)> = Vec::with_capacity(14 + extra.len());
    let v = verdict;
    members.push(("verdict", Member::Leaf(&v.verdict)));
    members.push(("score", Member::F32(v.score)));
    members.push(("input_type", Member::Str(&v.input_type)));
    members.push(("lang", Member::Leaf(&v.lang)));
    members.push(("reasons", Member::Reasons(&v.reasons)));
    members.push(("indicators", Member::Indicators(&v.indicators)));
    members.push(("matches", Member::Matches(&v.matches)));
    members.push(("totals", Member::Totals(v.totals)));
    if let Some(i) = &v.impersonation {
        members.push(("impersonation", Member::Impersonation(i)));
    }
    if !v.signals.is_empty() {
        members.push(("signals", Member::Signals(&v.signals)));
    }
    if let Some(p) = &v.page {
        members.push(("page", Member::Value(p)));
    }
    members.push(("guidance", Member::Strs(&v.guidance)));
    for (k, e) in extra {
        // An extra member replaces the verdict's own of the same name, as `v[k] = …` did.
        members.retain(|(m, _)| m != k);
        members.push((
            k,
            match *e {
                Extra::Str(s) => Member::Str(s),
                Extra::U64(n) => Member::U64(n),
            },
        ));
    }
    members.sort_unstable_by(|a, b| a.0.cmp(b.0));
    out.push(b'{');
    for (i, (k, m)) in members.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, k);
        out.push(b':');
        m.write(out);
    }
    out.push(b'}');
}

enum Member<'a> {
    Str(&'a str),
    U64(u64),
    F32(f32),
    /// A value that serialises to a string or number (enums, `Lang`).
    Leaf(&'a dyn erased::Leaf),
    Strs(&'a [String]),
    Reasons(&'a [Reason]),
    Indicators(&'a [Indicator]),
    Matches(&'a [IndicatorMatch]),
    Totals(Matches),
    Impersonation(&'a Impersonation),
    Signals(&'a [SignalHit]),
    /// Anything else, through `serde_json::Value` (sorted keys).
    Value(&'a dyn erased::Tree),
}

mod erased {
    /// A leaf written by serde_json directly (a unit enum variant is a string).
    pub trait Leaf {
        fn write(&self, out: &mut Vec<u8>);
    }
    impl<T: serde::Serialize> Leaf for T {
        fn write(&self, out: &mut Vec<u8>) {
            // Invariant: writing a string or number into a Vec cannot fail.
            let _ = serde_json::to_writer(out, self);
        }
    }
    /// A struct written the slow way, through a `Value`.
    pub trait Tree {
        fn write(&self, out: &mut Vec<u8>);
    }
    impl<T: serde::Serialize> Tree for T {
        fn write(&self, out: &mut Vec<u8>) {
            let v = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
            let _ = serde_json::to_writer(out, &v);
        }
    }
}

impl Member<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Member::Str(s) => string(out, s),
            Member::U64(n) => u64_(out, *n),
            Member::F32(f) => f32_(out, *f),
            Member::Leaf(l) => l.write(out),
            Member::Strs(v) => array(out, v, |out, s| string(out, s)),
            Member::Reasons(v) => array(out, v, |out, r| {
                object(
                    out,
                    &[
                        ("code", &|o| string(o, &r.code)),
                        ("text", &|o| string(o, &r.text)),
                    ],
                )
            }),
            Member::Indicators(v) => array(out, v, indicator),
            Member::Matches(v) => array(out, v, |out, m| {
                object(
                    out,
                    &[
                        ("key", &|o| string(o, &m.key)),
                        ("operations", &|o| u64_(o, m.operations)),
                        ("reports", &|o| u64_(o, m.reports)),
                    ],
                )
            }),
            Member::Totals(t) => object(
                out,
                &[
                    ("operations", &|o| u64_(o, t.operations)),
                    ("reports", &|o| u64_(o, t.reports)),
                ],
            ),
            Member::Impersonation(i) => object(
                out,
                &[
                    ("brand", &|o| string(o, &i.brand)),
                    ("explanation", &|o| string(o, &i.explanation)),
                    ("imitates", &|o| string(o, &i.imitates)),
                    ("score", &|o| f32_(o, i.score)),
                    ("techniques", &|o| {
                        array(o, &i.techniques, |o, t| erased::Leaf::write(t, o))
                    }),
                ],
            ),
            Member::Signals(v) => array(out, v, |out, s| {
                object(
                    out,
                    &[
                        ("code", &|o| string(o, &s.code)),
                        ("excerpt", &|o| string(o, &s.excerpt)),
                        ("explanation", &|o| string(o, &s.explanation)),
                        ("weight", &|o| f32_(o, s.weight)),
                    ],
                )
            }),
            Member::Value(t) => t.write(out),
        }
    }
}

type Write<'a> = &'a dyn Fn(&mut Vec<u8>);

/// An object whose members are given in key order (optional members left out by the caller).
fn object(out: &mut Vec<u8>, members: &[(&str, Write<'_>)]) {
    debug_assert!(members.windows(2).all(|w| w[0].0 < w[1].0));
    out.push(b'{');
    for (i, (k, w)) in members.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, k);
        out.push(b':');
        w(out);
    }
    out.push(b'}');
}

fn array<T>(out: &mut Vec<u8>, items: &[T], each: impl Fn(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, item);
    }
    out.push(b']');
}

fn indicator(out: &mut Vec<u8>, ind: &Indicator) {
    // Sorted: country, kind, raw, type, value, warning (the optional ones skipped when unset).
    out.push(b'{');
    if let Some(c) = &ind.country {
        out.extend_from_slice(b"\"country\":");
        string(out, c);
        out.push(b',');
    }
    if let Some(k) = &ind.kind {
        out.extend_from_slice(b"\"kind\":");
        string(out, k);
        out.push(b',');
    }
    out.extend_from_slice(b"\"raw\":");
    string(out, &ind.raw);
    out.extend_from_slice(b",\"type\":");
    erased::Leaf::write(&ind.ty, out);
    out.extend_from_slice(b",\"value\":");
    string(out, &ind.value);
    if let Some(w) = &ind.warning {
        out.extend_from_slice(b",\"warning\":");
        string(out, w);
    }
    out.push(b'}');
}

fn string(out: &mut Vec<u8>, s: &str) {
    let _ = serde_json::to_writer(out, s);
}

fn u64_(out: &mut Vec<u8>, n: u64) {
    let _ = serde_json::to_writer(out, &n);
}

/// An `f32` as a `Value` holds it: widened to `f64` (non-finite: `null`).
fn f32_(out: &mut Vec<u8>, f: f32) {
    let _ = serde_json::to_writer(out, &f64::from(f));
}

/// The reference: what `to_value`, inserting `extra`, then `to_writer` produce.
#[doc(hidden)]
pub fn write_verdict_via_value(out: &mut Vec<u8>, verdict: &Verdict, extra: &[(&str, Extra<'_>)]) {
    let mut v = serde_json::to_value(verdict).unwrap_or_default();
    for (k, e) in extra {
        v[*k] = match *e {
            Extra::Str(s) => s.into(),
            Extra::U64(n) => n.into(),
        };
    }
    let _ = v.serialize(&mut serde_json::Serializer::new(out));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckInput, Detector, Lang, Matches};

    #[test]
    fn same_bytes_as_the_value_path() {
        let inputs = [
            "+1 888 555 0147",
            "+18006427676",
            "1-800-MY-APPLE",
            "microsoft.com",
            "rnicrosoft-help.com",
            "micrоsoft.com",
            "hxxps://rnicrosoft-help[.]com/fix?a=\"b\"",
            "https://sites.google.com/view/x",
            "help@microsoft-support.com",
            "microsoft.help9820@gmail.com",
            "anydesk 123 456 789",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "DE89 3704 0044 0532 0130 00",
            "192.0.2.1",
            "Your computer is locked, call Microsoft support at 1-888-555-0147 now! Pay with gift cards.",
            "not a value",
            "\u{1}\u{7f}\"\\ tab\there",
            "",
        ];
        let known = |key: &str| {
            if key.contains("555") || key.contains("microsoft") {
                Matches {
                    reports: 3,
                    operations: 1,
                }
            } else {
                Matches::default()
            }
        };
        let d = Detector::builtin();
        let mut n = 0;
        for lang in [Lang::En, Lang::De, Lang::Es, Lang::Fr] {
            for (i, v) in inputs.iter().enumerate() {
                for input in [
                    CheckInput::Value(v.to_string()),
                    CheckInput::Text(v.to_string()),
                    CheckInput::Page(format!("<title>{v}</title><p>{v}</p>")),
                ] {
                    let Ok(verdict) = d.check(&input, lang, &known) else {
                        continue;
                    };
                    for extra in [
                        &[][..],
                        &[("line", Extra::U64(i as u64 + 1)), ("input", Extra::Str(v))][..],
                        &[("score", Extra::Str("replaced"))][..],
                    ] {
                        let (mut a, mut b) = (Vec::new(), Vec::new());
                        write_verdict(&mut a, &verdict, extra);
                        write_verdict_via_value(&mut b, &verdict, extra);
                        assert_eq!(
                            String::from_utf8_lossy(&a),
                            String::from_utf8_lossy(&b),
                            "{input:?}"
                        );
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 300, "{n} comparisons");
    }
}
