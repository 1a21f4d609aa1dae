//! Charts as server-side SVG: the geometry of horizontal bar charts (categories: countries,
//! brands, contact methods) and column charts (counts over time), drawn by the askama macros
//! in `templates/analyst/charts.html` (escaped like any other text).
//!
//! Every chart carries a title and a one-sentence description (`<title>`/`<desc>` tied to the
//! `<svg role="img">`), a `<title>` per bar for pointer users, and the same numbers as a
//! table, so nothing is only a picture. Colours pass WCAG AA contrast against white. Pure
//! functions of their input: the tests below check the geometry.

/// One category with its value and how it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Datum {
    pub label: String,
    pub value: f64,
    /// The value as people read it (`1,234`, `$5,230.00`).
    pub text: String,
}

impl Datum {
    pub fn count(label: impl Into<String>, n: u64) -> Datum {
        Datum {
            label: label.into(),
            value: n as f64,
            text: thousands(n),
        }
    }
}

/// A drawn bar (or column) with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    pub label: String,
    pub text: String,
    /// Where the category label goes.
    pub lx: String,
    pub ly: String,
    /// Where the value goes.
    pub vx: String,
    pub vy: String,
    /// Show the category label under a column (column charts thin them out).
    pub show_label: bool,
}

/// A grid line of a column chart, with its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub y: String,
    pub text: String,
}

/// A chart ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Unique in the page (ids of its title and description derive from it).
    pub id: String,
    pub title: String,
    pub desc: String,
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    /// The left edge and bottom of the plot (column charts' axes).
    pub axis_x: String,
    pub axis_y: String,
    pub axis_right: String,
    /// Header of the table's first column.
    pub what: String,
    /// Header of the table's value column.
    pub unit: String,
    /// The data, for the table.
    pub data: Vec<Datum>,
}

impl Chart {
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

fn px(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// `1234567` -> `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A round number at least `max` (1, 2 or 5 times a power of ten), for the axis.
pub fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let exp = max.log10().floor();
    let base = 10f64.powf(exp);
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * base >= max - 1e-9 {
            return m * base;
        }
    }
    10.0 * base
}

/// The longest label a bar chart shows in full (longer ones are cut with `…`; the table and
/// the bar's tooltip keep them whole).
const LABEL_CHARS: usize = 24;

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{cut}…")
    }
}

/// Horizontal bars, largest first as given, one row each.
pub fn bars(id: &str, title: &str, what: &str, unit: &str, data: Vec<Datum>) -> Chart {
    const ROW: f64 = 26.0;
    const LABEL_W: f64 = 190.0;
    const PLOT_W: f64 = 330.0;
    const VALUE_W: f64 = 120.0;
    let width = (LABEL_W + PLOT_W + VALUE_W) as u32;
    let height = (data.len() as f64 * ROW + 8.0) as u32;
    let max = data.iter().map(|d| d.value).fold(0.0, f64::max);
    let bars = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let y = 4.0 + i as f64 * ROW;
            let w = if max > 0.0 {
                (d.value / max * PLOT_W).max(if d.value > 0.0 { 1.0 } else { 0.0 })
            } else {
                0.0
            };
            Bar {
                x: px(LABEL_W),
                y: px(y + 3.0),
                w: px(w),
                h: px(ROW - 6.0),
                label: d.label.clone(),
                text: d.text.clone(),
                lx: px(LABEL_W - 8.0),
                ly: px(y + ROW / 2.0 + 5.0),
                vx: px(LABEL_W + w + 6.0),
                vy: px(y + ROW / 2.0 + 5.0),
                show_label: true,
            }
        })
        .map(|mut b| {
            b.label = short(&b.label);
            b
        })
        .collect();
    let desc = describe(title, &data);
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        desc,
        width,
        height,
        bars,
        ticks: Vec::new(),
        axis_x: px(LABEL_W),
        axis_y: px(height as f64 - 4.0),
        axis_right: px(LABEL_W + PLOT_W),
        what: what.to_string(),
        unit: unit.to_string(),
        data,
    }
}

/// Columns in the order given (time), with a zero line, grid lines at the half and the top,
/// and at most about a dozen labels under the columns.
pub fn columns(id: &str, title: &str, what: &str, unit: &str, data: Vec<Datum>) -> Chart {
    const WIDTH: f64 = 640.0;
    const HEIGHT: f64 = 240.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 14.0;
    const BOTTOM: f64 = 40.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let max = data.iter().map(|d| d.value).fold(0.0, f64::max);
    let top = nice_ceiling(max);
    let n = data.len().max(1) as f64;
    let slot = plot_w / n;
    let gap = (slot * 0.15).min(4.0);
    let every = data.len().div_ceil(12).max(1);
    let base = TOP + plot_h;
    let bars = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let h = d.value / top * plot_h;
            let x = LEFT + i as f64 * slot + gap / 2.0;
            Bar {
                x: px(x),
                y: px(base - h),
                w: px((slot - gap).max(1.0)),
                h: px(h),
                label: d.label.clone(),
                text: d.text.clone(),
                lx: px(x + (slot - gap) / 2.0),
                ly: px(base + 18.0),
                vx: px(x + (slot - gap) / 2.0),
                vy: px(base - h - 4.0),
                show_label: i % every == 0,
            }
        })
        .collect();
    let ticks = [0.0, 0.5, 1.0]
        .iter()
        .map(|f| Tick {
            y: px(base - f * plot_h),
            text: tick_text(top * f),
        })
        .collect();
    let desc = describe(title, &data);
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        desc,
        width: WIDTH as u32,
        height: HEIGHT as u32,
        bars,
        ticks,
        axis_x: px(LEFT),
        axis_y: px(base),
        axis_right: px(WIDTH - RIGHT),
        what: what.to_string(),
        unit: unit.to_string(),
        data,
    }
}

fn tick_text(v: f64) -> String {
    if v >= 1.0 && v.fract() == 0.0 {
        thousands(v as u64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One sentence a screen reader can use instead of the picture: the total, the largest.
fn describe(title: &str, data: &[Datum]) -> String {
    if data.is_empty() {
        return format!("{title}: no data.");
    }
    let largest = data
        .iter()
        .max_by(|a, b| a.value.total_cmp(&b.value))
        .map(|d| format!("largest: {} ({})", d.label, d.text))
        .unwrap_or_default();
    format!(
        "{title}: {} {}, {largest}. The table below has every value.",
        data.len(),
        if data.len() == 1 { "entry" } else { "entries" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(10.0), 10.0);
        assert_eq!(nice_ceiling(11.0), 20.0);
        assert_eq!(nice_ceiling(180.0), 200.0);
        assert_eq!(nice_ceiling(420.0), 500.0);
        assert_eq!(px(1.04), "1");
        assert_eq!(px(2.25), "2.3");
    }

    #[test]
    fn bars_are_proportional_and_labelled() {
        let c = bars(
            "c",
            "Victims by country",
            "Country",
            "Victims",
            vec![
                Datum::count("US", 200),
                Datum::count("DE", 50),
                Datum::count("a very long label that goes on and on", 0),
            ],
        );
        assert_eq!(c.bars.len(), 3);
        assert_eq!(c.bars[0].w, "330");
        assert_eq!(c.bars[1].w, "82.5");
        assert_eq!(c.bars[2].w, "0");
        assert!(c.bars[2].label.ends_with('…') && c.bars[2].label.chars().count() == 24);
        // The table keeps the whole label.
        assert_eq!(c.data[2].label, "a very long label that goes on and on");
        assert_eq!(c.height, 3 * 26 + 8);
        assert!(c.desc.contains("3 entries") && c.desc.contains("largest: US (200)"));
    }

    #[test]
    fn columns_share_a_round_scale_and_thin_their_labels() {
        let data: Vec<Datum> = (0..24)
            .map(|i| Datum::count(format!("m{i}"), i * 10))
            .collect();
        let c = columns("t", "Reports per month", "Month", "Reports", data);
        assert_eq!(c.bars.len(), 24);
        // max 230 -> scale 500; the tallest column is 230/500 of the plot (186 px).
        assert_eq!(c.ticks.last().unwrap().text, "500");
        let tallest: f64 = c.bars[23].h.parse().unwrap();
        assert!((tallest - 230.0 / 500.0 * 186.0).abs() < 0.1, "{tallest}");
        assert_eq!(c.bars.iter().filter(|b| b.show_label).count(), 12);
        // Columns never overlap and stay inside the plot.
        let mut right = 0.0;
        for b in &c.bars {
            let x: f64 = b.x.parse().unwrap();
            let w: f64 = b.w.parse().unwrap();
            assert!(x >= right - 0.05);
            right = x + w;
        }
        assert!(right <= 640.0 - 12.0 + 0.1);
        let empty = columns("e", "Nothing", "Month", "Reports", vec![]);
        assert!(empty.is_empty() && empty.desc.contains("no data"));
    }
}
