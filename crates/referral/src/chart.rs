//! Bar charts as geometry (bars with labels in a box of given size), drawn by the HTML
//! report as SVG and by the PDF report as paths, so both show the same picture.

/// One bar, in chart coordinates (origin top-left, y down).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: String,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// A chart: bars plus where to write their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub width: f32,
    pub height: f32,
    pub horizontal: bool,
    /// Left edge of the bars (horizontal charts leave room for labels).
    pub plot_x: f32,
    /// Baseline of vertical charts.
    pub base_y: f32,
    pub bars: Vec<Bar>,
}

/// Horizontal bars, one per (label, value), longest first as given; at most `max` bars.
pub fn horizontal(items: &[(String, u64)], width: f32, max: usize) -> Chart {
    let items = &items[..items.len().min(max)];
    let row = 18.0;
    let plot_x = 150.0;
    let plot_w = width - plot_x - 50.0;
    let top = items.iter().map(|i| i.1).max().unwrap_or(1).max(1) as f32;
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (label, v))| Bar {
            label: label.clone(),
            value: v.to_string(),
            x: plot_x,
            y: 4.0 + i as f32 * row,
            w: (*v as f32 / top * plot_w).max(1.0),
            h: row - 5.0,
        })
        .collect();
    Chart {
        width,
        height: 8.0 + items.len() as f32 * row,
        horizontal: true,
        plot_x,
        base_y: 0.0,
        bars,
    }
}

/// Vertical bars (a time series), labels under every `n`-th bar so they do not collide.
pub fn vertical(items: &[(String, u64)], width: f32, height: f32) -> Chart {
    let base_y = height - 30.0;
    let plot_x = 40.0;
    let plot_w = width - plot_x - 10.0;
    let n = items.len().max(1) as f32;
    let slot = plot_w / n;
    let top = items.iter().map(|i| i.1).max().unwrap_or(1).max(1) as f32;
    let every = ((items.len() as f32 * 42.0 / plot_w).ceil() as usize).max(1);
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let h = (*v as f32 / top * (base_y - 16.0)).max(if *v > 0 { 1.0 } else { 0.0 });
            Bar {
                label: if i % every == 0 {
                    label.clone()
                } else {
                    String::new()
                },
                value: v.to_string(),
                x: plot_x + i as f32 * slot + slot * 0.15,
                y: base_y - h,
                w: slot * 0.7,
                h,
            }
        })
        .collect();
    Chart {
        width,
        height,
        horizontal: false,
        plot_x,
        base_y,
        bars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value() {
        let c = horizontal(&[("a".into(), 10), ("b".into(), 5)], 500.0, 10);
        assert_eq!(c.bars.len(), 2);
        assert!((c.bars[0].w - 2.0 * c.bars[1].w).abs() < 0.01);
        let v = vertical(&[("x".into(), 4), ("y".into(), 0)], 400.0, 200.0);
        assert_eq!(v.bars[1].h, 0.0);
        assert!((v.bars[0].y + v.bars[0].h - v.base_y).abs() < 0.01);
    }
}
