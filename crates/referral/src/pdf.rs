//! The PDF report (`report.pdf`): an A4 document an investigator can forward: a title page
//! with the key figures and contents, then numbered sections with tables and charts, a
//! running header with the case and its TLP marking, and "page i of n" footers.
//!
//! Layout is done here (lines broken by measured width, tables whose rows grow with their
//! wrapped cells and whose header repeats after a page break), producing a list of drawing
//! operations per page; krilla then writes them with the shipped DejaVu fonts embedded
//! (subset), so any Unicode text the fonts cover renders.

use crate::chart::Chart;
use crate::html::{chain_views, country_chart, month_chart, type_label};
use crate::model::{Facts, IndicatorRow, PackageInput, describe_outcome, money};
use crate::signing::PublicKey;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use std::collections::HashMap;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 56.0;
const RIGHT: f32 = PAGE_W - 56.0;
const TOP: f32 = 70.0;
const BOTTOM: f32 = PAGE_H - 60.0;
const TEXT_W: f32 = RIGHT - LEFT;

type Rgb = (u8, u8, u8);
const INK: Rgb = (26, 26, 26);
const MUTED: Rgb = (90, 90, 90);
const NAVY: Rgb = (31, 58, 95);
const BAR: Rgb = (60, 110, 159);
const RULE: Rgb = (190, 198, 210);
const HEAD_BG: Rgb = (232, 237, 244);

/// Advance widths of one font, per character, at 1 pt.
struct Metrics {
    cache: HashMap<char, f32>,
    font: skrifa::FontRef<'static>,
}

impl Metrics {
    fn new(data: &'static [u8]) -> Result<Self, String> {
        Ok(Metrics {
            cache: HashMap::new(),
            font: skrifa::FontRef::new(data).map_err(|e| format!("shipped font: {e}"))?,
        })
    }

    fn width(&mut self, text: &str, size: f32) -> f32 {
        let mut w = 0.0;
        for c in text.chars() {
            let font = &self.font;
            let adv = *self.cache.entry(c).or_insert_with(|| {
                let gid = font.charmap().map(c).unwrap_or_default();
                font.glyph_metrics(Size::new(1.0), LocationRef::default())
                    .advance_width(gid)
                    .unwrap_or(0.5)
            });
            w += adv;
        }
        w * size
    }
}

#[derive(Clone)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgb,
        width: f32,
    },
}

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

/// A table column: title, share of the text width, alignment.
struct Col(&'static str, f32, Align);

struct Layout {
    pages: Vec<Vec<Op>>,
    y: f32,
    regular: Metrics,
    bold: Metrics,
}

impl Layout {
    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    fn width(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        if bold {
            self.bold.width(text, size)
        } else {
            self.regular.width(text, size)
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: &str) {
        if text.is_empty() {
            return;
        }
        self.ops().push(Op::Text {
            x,
            y,
            size,
            bold,
            color,
            text: text.to_string(),
        });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.ops().push(Op::Rect { x, y, w, h, color });
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, color: Rgb, width: f32) {
        self.ops().push(Op::Line {
            x1,
            y1,
            x2,
            y2,
            color,
            width,
        });
    }

    /// Breaks text into lines no wider than `max` (words; over-long words by character).
    fn wrap(&mut self, text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, bold) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, size, bold) <= max {
                    line = word.to_string();
                } else {
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if self.width(&next, size, bold) > max && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            line.push(c);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    fn para(&mut self, text: &str, size: f32, color: Rgb) {
        let lead = size * 1.4;
        for l in self.wrap(text, size, false, TEXT_W) {
            self.ensure(lead);
            self.text(LEFT, self.y + size, size, false, color, &l);
            self.y += lead;
        }
        self.y += size * 0.6;
    }

    fn heading(&mut self, text: &str) {
        // Keep a heading with at least a few lines of what follows.
        self.ensure(90.0);
        self.y += 8.0;
        self.text(LEFT, self.y + 14.0, 14.0, true, NAVY, text);
        self.y += 20.0;
        self.line(LEFT, self.y, RIGHT, self.y, NAVY, 1.2);
        self.y += 10.0;
    }

    /// A table, or "None." when there are no rows.
    fn table_or_none(&mut self, cols: &[Col], rows: &[Vec<String>]) {
        if rows.is_empty() {
            self.para("None.", 10.0, MUTED);
        } else {
            self.table(cols, rows);
        }
    }

    fn table(&mut self, cols: &[Col], rows: &[Vec<String>]) {
        let size = 8.2;
        let lead = size * 1.32;
        let pad = 3.0;
        let widths: Vec<f32> = cols.iter().map(|c| c.1 * TEXT_W).collect();
        let header = |l: &mut Layout| {
            let cells: Vec<Vec<String>> = cols
                .iter()
                .zip(&widths)
                .map(|(c, w)| l.wrap(c.0, size, true, w - 2.0 * pad))
                .collect();
            let h = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * pad;
            l.ensure(h + lead * 2.0 + 2.0 * pad);
            l.rect(LEFT, l.y, TEXT_W, h, HEAD_BG);
            let mut x = LEFT;
            for (i, cell) in cells.iter().enumerate() {
                for (j, line) in cell.iter().enumerate() {
                    l.text(
                        x + pad,
                        l.y + pad + size + j as f32 * lead,
                        size,
                        true,
                        INK,
                        line,
                    );
                }
                x += widths[i];
            }
            l.y += h;
            l.line(LEFT, l.y, RIGHT, l.y, RULE, 0.6);
        };
        header(self);
        for row in rows {
            let cells: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(c, w)| self.wrap(c, size, false, w - 2.0 * pad))
                .collect();
            let h = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * lead + 2.0 * pad;
            if self.y + h > BOTTOM {
                self.new_page();
                header(self);
            }
            let mut x = LEFT;
            for (i, cell) in cells.iter().enumerate() {
                for (j, line) in cell.iter().enumerate() {
                    let tx = if cols[i].2 == Align::Right {
                        x + widths[i] - pad - self.width(line, size, false)
                    } else {
                        x + pad
                    };
                    self.text(
                        tx,
                        self.y + pad + size + j as f32 * lead,
                        size,
                        false,
                        INK,
                        line,
                    );
                }
                x += widths[i];
            }
            self.y += h;
            self.line(LEFT, self.y, RIGHT, self.y, RULE, 0.4);
        }
        self.y += 10.0;
    }

    fn chart(&mut self, c: &Chart) {
        self.ensure(c.height + 10.0);
        let (ox, oy) = (LEFT, self.y);
        let size = 7.5;
        if !c.horizontal {
            self.line(
                ox + c.plot_x,
                oy + c.base_y,
                ox + c.width - 10.0,
                oy + c.base_y,
                MUTED,
                0.6,
            );
        }
        for b in &c.bars {
            self.rect(
                ox + b.x,
                oy + b.y,
                b.w,
                b.h,
                if c.horizontal { NAVY } else { BAR },
            );
            if c.horizontal {
                let lw = self.width(&b.label, size, false);
                self.text(
                    ox + c.plot_x - 5.0 - lw,
                    oy + b.y + b.h - 2.0,
                    size,
                    false,
                    INK,
                    &b.label,
                );
                self.text(
                    ox + b.x + b.w + 4.0,
                    oy + b.y + b.h - 2.0,
                    size,
                    false,
                    INK,
                    &b.value,
                );
            } else {
                let vw = self.width(&b.value, size, false);
                if b.h > 0.0 {
                    self.text(
                        ox + b.x + b.w / 2.0 - vw / 2.0,
                        oy + b.y - 2.0,
                        size,
                        false,
                        MUTED,
                        &b.value,
                    );
                }
                if !b.label.is_empty() {
                    let lw = self.width(&b.label, size, false);
                    self.text(
                        ox + b.x + b.w / 2.0 - lw / 2.0,
                        oy + c.base_y + 11.0,
                        size,
                        false,
                        INK,
                        &b.label,
                    );
                }
            }
        }
        self.y += c.height + 10.0;
    }
}

fn indicator_rows(rows: &[IndicatorRow], with_country: bool, with_kind: bool) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            let mut v = vec![r.value.clone()];
            if with_country {
                v.push(r.country.clone());
            }
            if with_kind {
                v.push(r.kind.clone());
            }
            v.extend([
                r.reports.to_string(),
                format!("{} – {}", r.first_seen, r.last_seen),
                r.action.clone(),
            ]);
            v
        })
        .collect()
}

pub(crate) fn render_pdf(
    input: &PackageInput,
    facts: &Facts,
    key: &PublicKey,
) -> Result<Vec<u8>, String> {
    let mut l = Layout {
        pages: Vec::new(),
        y: TOP,
        regular: Metrics::new(REGULAR)?,
        bold: Metrics::new(BOLD)?,
    };
    let case = &input.case;
    let tlp = input.tlp.label();

    // Title page.
    l.new_page();
    l.rect(0.0, 0.0, PAGE_W, 190.0, NAVY);
    l.text(LEFT, 70.0, 11.0, true, (255, 192, 0), &tlp);
    l.text(
        LEFT,
        100.0,
        12.0,
        false,
        (220, 228, 240),
        "LAW-ENFORCEMENT REFERRAL · EVIDENCE PACKAGE",
    );
    let title_lines = l.wrap(&case.title, 22.0, true, TEXT_W);
    let mut ty = 132.0;
    for t in title_lines.iter().take(2) {
        l.text(LEFT, ty, 22.0, true, (255, 255, 255), t);
        ty += 28.0;
    }
    l.y = 220.0;
    let built = input.built_at.format("%d %B %Y, %H:%M UTC").to_string();
    let agreement = case.agreement.clone().unwrap_or_else(|| "—".into());
    let meta = [
        ("Case", case.reference.clone()),
        ("Referred to", case.agency.clone()),
        ("Under", agreement),
        ("Issued by", case.issuer.clone()),
        ("Prepared by", input.built_by.clone()),
        ("Date", built),
        ("Operations", case.operations.join(", ")),
        ("Case status", case.status.clone()),
    ];
    for (k, v) in &meta {
        l.text(LEFT, l.y + 11.0, 10.0, true, MUTED, k);
        for line in l.wrap(v, 11.0, false, TEXT_W - 110.0) {
            l.text(LEFT + 110.0, l.y + 11.0, 11.0, false, INK, &line);
            l.y += 16.0;
        }
        l.y += 2.0;
    }
    l.y += 14.0;
    // Key figures in boxes.
    let figures = [
        (facts.victims.to_string(), "victims"),
        (facts.reports.to_string(), "reports"),
        (facts.countries.len().to_string(), "countries"),
        (format!("USD {}", facts.total_usd), "reported losses"),
    ];
    let bw = (TEXT_W - 3.0 * 10.0) / 4.0;
    for (i, (n, what)) in figures.iter().enumerate() {
        let x = LEFT + i as f32 * (bw + 10.0);
        l.rect(x, l.y, bw, 58.0, HEAD_BG);
        let mut size = 17.0;
        while size > 8.0 && l.width(n, size, true) > bw - 16.0 {
            size -= 0.5;
        }
        l.text(x + 8.0, l.y + 28.0, size, true, NAVY, n);
        l.text(x + 8.0, l.y + 46.0, 9.0, false, MUTED, what);
    }
    l.y += 80.0;
    l.text(LEFT, l.y, 12.0, true, NAVY, "Contents");
    l.y += 8.0;
    let sections = [
        "1. Operation summary",
        "2. Victims by country",
        "3. Losses",
        "4. Timeline",
        "5. Phone numbers",
        "6. Domains",
        "7. Remote-access IDs",
        "8. Payment accounts",
        "9. How the reports are linked",
        "10. Outcomes so far",
        "11. Victims' personal data",
        "12. Chain of custody",
        "13. Integrity of this package",
    ];
    for s in sections {
        l.y += 14.0;
        l.text(LEFT + 10.0, l.y, 10.0, false, INK, s);
    }
    l.y += 30.0;
    l.para(
        &format!(
            "This package is signed by {} with the Ed25519 key {} (fingerprint {}). \
             Check it with `dragnet referral verify` before relying on it; see section 13.",
            case.issuer,
            key,
            key.fingerprint()
        ),
        8.5,
        MUTED,
    );

    // 1. Summary.
    l.new_page();
    l.heading("1. Operation summary");
    let brands = if facts.brands.is_empty() {
        String::new()
    } else {
        format!(
            " Victims were led to believe they dealt with {}.",
            facts.brands.join(", ")
        )
    };
    l.para(
        &format!(
            "Dragnet linked {} reports from {} victims in {} countries into {} operation(s), \
             because the reports share specific scam infrastructure: phone numbers, domains, \
             remote-access IDs and payment accounts. Common values such as brands' official \
             support numbers never link reports. The reports were received by {} between {} \
             and {}.{} Reported losses total USD {} (rates of {}).",
            facts.reports,
            facts.victims,
            facts.countries.len(),
            input.operations.len(),
            facts.sources.join(", "),
            facts.first_seen,
            facts.last_seen,
            brands,
            facts.total_usd,
            facts.rates_date
        ),
        10.0,
        INK,
    );
    let ops: Vec<Vec<String>> = input
        .operations
        .iter()
        .map(|o| {
            vec![
                o.cluster.clone(),
                o.reports.len().to_string(),
                o.victims.to_string(),
                o.sources.join(", "),
                o.brands.join(", "),
                format!(
                    "{} – {}",
                    o.first_seen
                        .map(|t| t.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                    o.last_seen
                        .map(|t| t.format("%Y-%m-%d").to_string())
                        .unwrap_or_default()
                ),
                money(&o.loss.amount),
            ]
        })
        .collect();
    l.table(
        &[
            Col("Operation", 0.11, Align::Left),
            Col("Reports", 0.09, Align::Right),
            Col("Victims", 0.09, Align::Right),
            Col("Received by", 0.21, Align::Left),
            Col("Brands", 0.16, Align::Left),
            Col("Period", 0.19, Align::Left),
            Col("Losses (USD)", 0.15, Align::Right),
        ],
        &ops,
    );

    // 2. Countries.
    l.heading("2. Victims by country");
    l.chart(&country_chart(facts, TEXT_W));
    let rows: Vec<Vec<String>> = facts
        .countries
        .iter()
        .map(|(c, n, v)| vec![n.clone(), c.clone(), v.to_string()])
        .collect();
    l.table(
        &[
            Col("Country", 0.6, Align::Left),
            Col("Code", 0.2, Align::Left),
            Col("Victims", 0.2, Align::Right),
        ],
        &rows,
    );

    // 3. Losses.
    l.heading("3. Losses");
    l.para(
        &format!(
            "Losses are counted once per incident (a victim who reported twice is counted once), \
             in the currency the victim paid, and converted to US dollars with the reference \
             rates of {}. Total: USD {}.{}",
            facts.rates_date,
            facts.total_usd,
            if facts.unconverted.is_empty() {
                String::new()
            } else {
                format!(
                    " Not converted (no rate): {}.",
                    facts.unconverted.join(", ")
                )
            }
        ),
        10.0,
        INK,
    );
    let rows: Vec<Vec<String>> = facts
        .losses
        .iter()
        .map(|r| vec![r.currency.clone(), r.amount.clone(), r.usd.clone()])
        .collect();
    l.table(
        &[
            Col("Currency", 0.3, Align::Left),
            Col("Amount", 0.35, Align::Right),
            Col("In USD", 0.35, Align::Right),
        ],
        &rows,
    );

    // 4. Timeline: heading, sentence and chart stay together.
    l.ensure(300.0);
    l.heading("4. Timeline");
    l.para("Reports received per month:", 10.0, INK);
    l.chart(&month_chart(facts, TEXT_W, 190.0));
    let rows: Vec<Vec<String>> = facts
        .events
        .iter()
        .map(|e| vec![e.date.clone(), e.what.clone()])
        .collect();
    l.table(
        &[
            Col("Date", 0.18, Align::Left),
            Col("Event", 0.82, Align::Left),
        ],
        &rows,
    );

    // 5-8. Indicators.
    l.heading("5. Phone numbers");
    l.table_or_none(
        &[
            Col("Number", 0.2, Align::Left),
            Col("Country", 0.2, Align::Left),
            Col("Type", 0.13, Align::Left),
            Col("Reports", 0.09, Align::Right),
            Col("Seen", 0.2, Align::Left),
            Col("Action taken", 0.18, Align::Left),
        ],
        &indicator_rows(&facts.phones, true, true),
    );
    l.heading("6. Domains");
    l.table_or_none(
        &[
            Col("Domain", 0.42, Align::Left),
            Col("Reports", 0.1, Align::Right),
            Col("Seen", 0.24, Align::Left),
            Col("Action taken", 0.24, Align::Left),
        ],
        &indicator_rows(&facts.domains, false, false),
    );
    l.heading("7. Remote-access IDs");
    l.table_or_none(
        &[
            Col("ID", 0.3, Align::Left),
            Col("Tool", 0.14, Align::Left),
            Col("Reports", 0.1, Align::Right),
            Col("Seen", 0.24, Align::Left),
            Col("Action taken", 0.22, Align::Left),
        ],
        &indicator_rows(&facts.remote, false, true),
    );
    l.heading("8. Payment accounts");
    if facts.payments.is_empty() {
        l.para("None.", 10.0, MUTED);
    } else {
        let rows: Vec<Vec<String>> = facts
            .payments
            .iter()
            .map(|r| {
                vec![
                    type_label(r.ty.as_str()).to_string(),
                    r.value.clone(),
                    r.kind.clone(),
                    r.reports.to_string(),
                    format!("{} – {}", r.first_seen, r.last_seen),
                    r.action.clone(),
                ]
            })
            .collect();
        l.table(
            &[
                Col("Type", 0.12, Align::Left),
                Col("Account", 0.34, Align::Left),
                Col("Kind", 0.1, Align::Left),
                Col("Reports", 0.09, Align::Right),
                Col("Seen", 0.2, Align::Left),
                Col("Action taken", 0.15, Align::Left),
            ],
            &rows,
        );
    }
    if !facts.other.is_empty() {
        l.para(
            "E-mail addresses and URLs used by the operation:",
            10.0,
            INK,
        );
        let rows: Vec<Vec<String>> = facts
            .other
            .iter()
            .map(|r| {
                vec![
                    type_label(r.ty.as_str()).to_string(),
                    r.value.clone(),
                    r.reports.to_string(),
                    format!("{} – {}", r.first_seen, r.last_seen),
                ]
            })
            .collect();
        l.table(
            &[
                Col("Type", 0.14, Align::Left),
                Col("Value", 0.52, Align::Left),
                Col("Reports", 0.1, Align::Right),
                Col("Seen", 0.24, Align::Left),
            ],
            &rows,
        );
    }
    l.para(
        &format!(
            "{} values named in the reports are left out because they are not scam \
             infrastructure (brands' official numbers and sites, common services).",
            facts.warninglisted
        ),
        8.5,
        MUTED,
    );

    // 9. Chains.
    l.heading("9. How the reports are linked");
    l.para(
        "Each chain shows why two reports belong to the same operation: report, the value \
         both carry, next report. Reports of other organisations are named by their source \
         and a number; their ids stay with them.",
        10.0,
        INK,
    );
    for c in chain_views(input) {
        l.ensure(60.0);
        l.para(&format!("{} and {}: {}", c.a, c.b, c.reason), 9.0, INK);
        let rows: Vec<Vec<String>> = c
            .hops
            .iter()
            .map(|h| vec![h.from.clone(), h.via.clone(), h.to.clone()])
            .collect();
        l.table(
            &[
                Col("From", 0.3, Align::Left),
                Col("Shared", 0.4, Align::Left),
                Col("To", 0.3, Align::Left),
            ],
            &rows,
        );
    }

    // 10. Outcomes.
    l.heading("10. Outcomes so far");
    if input.outcomes.is_empty() {
        l.para("None recorded yet.", 10.0, MUTED);
    } else {
        let rows: Vec<Vec<String>> = input
            .outcomes
            .iter()
            .map(|o| vec![o.date.to_string(), describe_outcome(o)])
            .collect();
        l.table(
            &[
                Col("Date", 0.18, Align::Left),
                Col("Outcome", 0.82, Align::Left),
            ],
            &rows,
        );
    }

    // 11. Personal data.
    l.heading("11. Victims' personal data");
    let released: Vec<_> = input
        .reports
        .iter()
        .filter(|r| r.victim.is_some())
        .collect();
    if released.is_empty() {
        l.para(
            &format!(
                "Redacted. No victim's name, e-mail address, telephone number or own account \
                 of the scam is in this package: the case records no release of personal data \
                 for {}. The issuing organisation can release it on request, report by report.",
                case.agency
            ),
            10.0,
            INK,
        );
    } else {
        l.para(
            &format!(
                "Released for {} as recorded in the case ({} reports); every other report's \
                 personal data is redacted.",
                case.agency,
                released.len()
            ),
            10.0,
            INK,
        );
        let rows: Vec<Vec<String>> = released
            .iter()
            .filter_map(|r| {
                r.victim.as_ref().map(|v| {
                    vec![
                        r.reference.clone(),
                        v.name.clone().unwrap_or_default(),
                        v.email.clone().unwrap_or_default(),
                        v.phone.clone().unwrap_or_default(),
                        v.narrative.clone(),
                    ]
                })
            })
            .collect();
        l.table(
            &[
                Col("Report", 0.16, Align::Left),
                Col("Name", 0.14, Align::Left),
                Col("E-mail", 0.18, Align::Left),
                Col("Phone", 0.13, Align::Left),
                Col("Victim's account", 0.39, Align::Left),
            ],
            &rows,
        );
    }

    // 12. Custody.
    l.heading("12. Chain of custody");
    let rows: Vec<Vec<String>> = input
        .custody
        .iter()
        .map(|c| {
            vec![
                c.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                c.actor.clone(),
                c.action.clone(),
                c.detail.clone(),
            ]
        })
        .collect();
    l.table(
        &[
            Col("When (UTC)", 0.2, Align::Left),
            Col("Who", 0.22, Align::Left),
            Col("What", 0.2, Align::Left),
            Col("Detail", 0.38, Align::Left),
        ],
        &rows,
    );

    // 13. Integrity.
    l.heading("13. Integrity of this package");
    l.para(
        &format!(
            "Every file of the package is listed with its SHA-256 digest in manifest.json, which \
             {} signed with Ed25519. Public key: {} (fingerprint {}). The same key is in \
             public-key.txt and published by the issuer at /.well-known/dragnet-referral-key. \
             To check the package: dragnet referral verify PACKAGE.zip --key {}",
            case.issuer,
            key,
            key.fingerprint(),
            key
        ),
        10.0,
        INK,
    );

    draw(l.pages, input, &tlp)
}

fn paint(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw(pages: Vec<Vec<Op>>, input: &PackageInput, tlp: &str) -> Result<Vec<u8>, String> {
    let regular = Font::new(REGULAR.into(), 0).ok_or("the shipped regular font is unusable")?;
    let bold = Font::new(BOLD.into(), 0).ok_or("the shipped bold font is unusable")?;
    let mut measure = Metrics::new(REGULAR)?;
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("{}: {}", input.case.reference, input.case.title))
            .description(format!(
                "Referral of {} to {}",
                input.case.issuer, input.case.agency
            ))
            .creator("Dragnet".into())
            .authors(vec![input.case.issuer.clone()]),
    );
    let n = pages.len();
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("bad page size")?;
    for (i, ops) in pages.into_iter().enumerate() {
        let mut page = doc.start_page_with(settings.clone());
        let mut s = page.surface();
        let mut ops = ops;
        // Running header (not on the title page) and footer.
        if i > 0 {
            let head = format!("{} · {}", input.case.reference, input.case.title);
            ops.push(Op::Text {
                x: LEFT,
                y: 40.0,
                size: 8.0,
                bold: false,
                color: MUTED,
                text: head,
            });
            let w = measure.width(tlp, 8.0);
            ops.push(Op::Text {
                x: RIGHT - w,
                y: 40.0,
                size: 8.0,
                bold: true,
                color: INK,
                text: tlp.to_string(),
            });
            ops.push(Op::Line {
                x1: LEFT,
                y1: 46.0,
                x2: RIGHT,
                y2: 46.0,
                color: RULE,
                width: 0.5,
            });
        }
        let foot = format!("Page {} of {n}", i + 1);
        let fw = measure.width(&foot, 8.0);
        ops.push(Op::Text {
            x: RIGHT - fw,
            y: PAGE_H - 32.0,
            size: 8.0,
            bold: false,
            color: MUTED,
            text: foot,
        });
        ops.push(Op::Text {
            x: LEFT,
            y: PAGE_H - 32.0,
            size: 8.0,
            bold: false,
            color: MUTED,
            text: format!(
                "Referral by {} to {} · {}",
                input.case.issuer, input.case.agency, tlp
            ),
        });
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold: b,
                    color,
                    text,
                } => {
                    s.set_fill(Some(paint(color)));
                    s.set_stroke(None);
                    let font = if b { bold.clone() } else { regular.clone() };
                    s.draw_text(
                        Point::from_xy(x, y),
                        font,
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Rect { x, y, w, h, color } => {
                    let Some(r) = Rect::from_xywh(x, y, w.max(0.1), h.max(0.1)) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(r);
                    if let Some(p) = pb.finish() {
                        s.set_fill(Some(paint(color)));
                        s.set_stroke(None);
                        s.draw_path(&p);
                    }
                }
                Op::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    color,
                    width,
                } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(x1, y1);
                    pb.line_to(x2, y2);
                    if let Some(p) = pb.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(color.0, color.1, color.2).into(),
                            width,
                            ..Stroke::default()
                        }));
                        s.draw_path(&p);
                    }
                }
            }
        }
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| format!("{e:?}"))
}
