//! The network picture of an operation: its reports and the infrastructure they share,
//! aggregated so that it stays readable at hundreds or thousands of reports, and laid out on
//! the server (a deterministic force-directed layout) to be drawn as SVG without script.
//!
//! Aggregation:
//! * Indicator nodes are the operation's *shared* values: on two or more of its reports, not
//!   warninglisted, of the types asked for, hubs only when asked for (drawn dashed: they link
//!   nothing). At most `max_indicators` of them, most reports first; the rest are counted.
//! * Report nodes are groups: reports carrying exactly the same drawn indicators form one
//!   node (its size grows with the number of reports). When that still makes more than
//!   `max_groups` nodes, reports are grouped by their most widespread drawn indicator
//!   instead ([`Grouping::Primary`]), so the picture has at most `max_indicators` groups.
//! * A group knows how many of its reports are the viewer's own and how many are other
//!   organisations' (counted, never named).
//!
//! Layout: Fruchterman–Reingold with a fixed start (indicators on an inner circle, groups on an
//! outer one beside their indicators) and a fixed number of rounds, so the same operation
//! always gives the same picture.

use dragnet_core::IndicatorType;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A report as the picture needs it.
#[derive(Debug, Clone)]
pub struct NetReport {
    pub key: String,
    /// The viewer may see (and open) it.
    pub own: bool,
    /// Its indicators (type, value, warninglisted).
    pub indicators: Vec<(IndicatorType, String, bool)>,
}

/// What to draw.
#[derive(Debug, Clone)]
pub struct Options {
    /// Indicator types drawn (empty: all).
    pub types: Vec<IndicatorType>,
    pub max_indicators: usize,
    pub max_groups: usize,
    pub show_hubs: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            types: Vec::new(),
            max_indicators: 30,
            max_groups: 80,
            show_hubs: false,
        }
    }
}

/// How reports were grouped into nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// Reports with the same set of drawn indicators.
    Signature,
    /// Reports by their most widespread drawn indicator (too many signatures).
    Primary,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Indicator {
        ty: IndicatorType,
        value: String,
        reports: usize,
        hub: bool,
    },
    Group {
        /// The viewer's own reports in it (keys).
        own: Vec<String>,
        /// Other organisations' reports in it (counted only).
        others: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub x: f64,
    pub y: f64,
    pub r: f64,
    /// Short text beside the node (empty: none).
    pub label: String,
    /// The tooltip.
    pub title: String,
    /// CSS class: `ind ind-phone`, `grp own`, `grp other`, `grp mixed`, plus `hub`.
    pub class: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub a: usize,
    pub b: usize,
    /// Reports of the group carrying the indicator.
    pub weight: usize,
    pub hub: bool,
}

/// The laid-out picture.
#[derive(Debug, Clone)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub width: f64,
    pub height: f64,
    pub grouping: Grouping,
    pub reports_total: usize,
    /// Reports in some drawn group.
    pub reports_drawn: usize,
    /// Shared values not drawn because of `max_indicators`.
    pub indicators_hidden: usize,
}

impl Graph {
    pub fn indicator_count(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| matches!(n.kind, NodeKind::Indicator { .. }))
            .count()
    }

    pub fn group_count(&self) -> usize {
        self.nodes.len() - self.indicator_count()
    }
}

pub const WIDTH: f64 = 960.0;
pub const HEIGHT: f64 = 640.0;
const MARGIN: f64 = 48.0;
const ROUNDS: usize = 300;
/// Strength of the pull to the centre.
const GRAVITY: f64 = 2.0;
/// Indicator nodes labelled with their value (most reports first).
const LABELLED: usize = 16;

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// Aggregates and lays out an operation's reports. `hubs` are the suppressed values.
pub fn build(
    reports: &[NetReport],
    hubs: &HashSet<(IndicatorType, String)>,
    opt: &Options,
) -> Graph {
    // Shared values: on two or more reports.
    let mut count: HashMap<(IndicatorType, &str), usize> = HashMap::new();
    for r in reports {
        let mut seen: HashSet<(IndicatorType, &str)> = HashSet::new();
        for (ty, v, warned) in &r.indicators {
            if *warned || !(opt.types.is_empty() || opt.types.contains(ty)) {
                continue;
            }
            if seen.insert((*ty, v.as_str())) {
                *count.entry((*ty, v.as_str())).or_default() += 1;
            }
        }
    }
    let mut shared: Vec<((IndicatorType, &str), usize, bool)> = count
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(k, n)| (k, n, hubs.contains(&(k.0, k.1.to_string()))))
        .filter(|(_, _, hub)| opt.show_hubs || !hub)
        .collect();
    shared.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let indicators_hidden = shared.len().saturating_sub(opt.max_indicators);
    shared.truncate(opt.max_indicators);
    let index: HashMap<(IndicatorType, &str), usize> = shared
        .iter()
        .enumerate()
        .map(|(i, (k, _, _))| (*k, i))
        .collect();

    // Each report's drawn indicators (sorted indices).
    let sigs: Vec<Vec<usize>> = reports
        .iter()
        .map(|r| {
            let mut s: Vec<usize> = r
                .indicators
                .iter()
                .filter_map(|(ty, v, _)| index.get(&(*ty, v.as_str())).copied())
                .collect();
            s.sort_unstable();
            s.dedup();
            s
        })
        .collect();
    let mut by_sig: BTreeMap<Vec<usize>, Vec<usize>> = BTreeMap::new();
    for (i, s) in sigs.iter().enumerate() {
        if !s.is_empty() {
            by_sig.entry(s.clone()).or_default().push(i);
        }
    }
    let (grouping, groups): (Grouping, Vec<Vec<usize>>) = if by_sig.len() <= opt.max_groups {
        (Grouping::Signature, by_sig.into_values().collect())
    } else {
        // The primary indicator: the drawn one on most reports (lowest index, as sorted).
        let mut by_primary: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, s) in sigs.iter().enumerate() {
            if let Some(&p) = s.first() {
                by_primary.entry(p).or_default().push(i);
            }
        }
        (Grouping::Primary, by_primary.into_values().collect())
    };

    let mut nodes: Vec<Node> = Vec::new();
    for (rank, ((ty, value), n, hub)) in shared.iter().enumerate() {
        let t = ty.as_str();
        nodes.push(Node {
            kind: NodeKind::Indicator {
                ty: *ty,
                value: value.to_string(),
                reports: *n,
                hub: *hub,
            },
            x: 0.0,
            y: 0.0,
            r: (5.0 + (*n as f64).sqrt()).min(14.0),
            label: if rank < LABELLED {
                shorten(value, 30)
            } else {
                String::new()
            },
            title: format!(
                "{t} {value}: {n} reports{}",
                if *hub {
                    " (suppressed hub: links nothing)"
                } else {
                    ""
                }
            ),
            class: format!(
                "ind ind-{}{}",
                t.replace('_', "-"),
                if *hub { " hub" } else { "" }
            ),
        });
    }
    let mut edges: Vec<Edge> = Vec::new();
    let mut reports_drawn = 0;
    for members in &groups {
        let own: Vec<String> = members
            .iter()
            .filter(|&&m| reports[m].own)
            .map(|&m| reports[m].key.clone())
            .collect();
        let others = members.len() - own.len();
        reports_drawn += members.len();
        let g = nodes.len();
        let class = match (own.is_empty(), others == 0) {
            (false, true) => "grp own",
            (true, false) => "grp other",
            _ => "grp mixed",
        };
        let n = members.len();
        let title = format!(
            "{n} report{}: {} yours, {others} of other organisations",
            if n == 1 { "" } else { "s" },
            own.len()
        );
        nodes.push(Node {
            kind: NodeKind::Group { own, others },
            x: 0.0,
            y: 0.0,
            r: (4.0 + 2.2 * (n as f64).sqrt()).min(26.0),
            label: if n > 1 { n.to_string() } else { String::new() },
            title,
            class: class.to_string(),
        });
        let mut weights: BTreeMap<usize, usize> = BTreeMap::new();
        for &m in members {
            for &i in &sigs[m] {
                *weights.entry(i).or_default() += 1;
            }
        }
        for (i, w) in weights {
            edges.push(Edge {
                a: i,
                b: g,
                weight: w,
                hub: shared[i].2,
            });
        }
    }
    let mut graph = Graph {
        nodes,
        edges,
        width: WIDTH,
        height: HEIGHT,
        grouping,
        reports_total: reports.len(),
        reports_drawn,
        indicators_hidden,
    };
    layout(&mut graph, shared.len());
    graph
}

/// Places the nodes (Fruchterman–Reingold; `k` indicator nodes come first).
fn layout(g: &mut Graph, k: usize) {
    let n = g.nodes.len();
    if n == 0 {
        return;
    }
    let tau = std::f64::consts::TAU;
    // Start: indicators on an inner circle, each group at the mean angle of its indicators.
    let mut angle = vec![0.0f64; n];
    for (i, a) in angle.iter_mut().enumerate().take(k) {
        *a = tau * i as f64 / k.max(1) as f64;
    }
    let mut pos: Vec<(f64, f64)> = vec![(0.0, 0.0); n];
    for i in 0..k {
        pos[i] = (0.22 * angle[i].cos(), 0.22 * angle[i].sin());
    }
    let mut sums: Vec<(f64, f64, usize)> = vec![(0.0, 0.0, 0); n];
    for e in &g.edges {
        let s = &mut sums[e.b];
        s.0 += angle[e.a].cos();
        s.1 += angle[e.a].sin();
        s.2 += 1;
    }
    for i in k..n {
        let (sx, sy, c) = sums[i];
        // A small per-node turn keeps groups of the same indicators apart.
        let base = if c > 0 { sy.atan2(sx) } else { 0.0 };
        let a = base + 0.35 * (((i - k) % 7) as f64 - 3.0) / 3.0;
        let rad = 0.38 + 0.06 * ((i - k) % 3) as f64;
        pos[i] = (rad * a.cos(), rad * a.sin());
    }
    // Unit square [-0.5, 0.5]²; ideal distance from the area per node.
    let kd = (1.0 / n as f64).sqrt() * 0.9;
    let mut temp = 0.08;
    let cool = temp / ROUNDS as f64;
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for _ in 0..ROUNDS {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let dx = pos[i].0 - pos[j].0;
                let dy = pos[i].1 - pos[j].1;
                let d2 = (dx * dx + dy * dy).max(1e-6);
                let f = kd * kd / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for e in &g.edges {
            let dx = pos[e.a].0 - pos[e.b].0;
            let dy = pos[e.a].1 - pos[e.b].1;
            let d = (dx * dx + dy * dy).sqrt().max(1e-3);
            let f = d / kd;
            disp[e.a].0 -= dx * f;
            disp[e.a].1 -= dy * f;
            disp[e.b].0 += dx * f;
            disp[e.b].1 += dy * f;
        }
        for i in 0..n {
            // A pull to the centre keeps loose groups on the page (the frame is fitted
            // afterwards, so positions are not clamped).
            disp[i].0 -= pos[i].0 * GRAVITY;
            disp[i].1 -= pos[i].1 * GRAVITY;
            let len = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1).sqrt();
            if len > 0.0 {
                let step = len.min(temp);
                pos[i].0 += disp[i].0 / len * step;
                pos[i].1 += disp[i].1 / len * step;
            }
        }
        temp = (temp - cool).max(0.002);
    }
    // Fit the bounding box into the frame.
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &pos {
        x0 = x0.min(p.0);
        x1 = x1.max(p.0);
        y0 = y0.min(p.1);
        y1 = y1.max(p.1);
    }
    let sx = (g.width - 2.0 * MARGIN - 160.0) / (x1 - x0).max(1e-6);
    let sy = (g.height - 2.0 * MARGIN) / (y1 - y0).max(1e-6);
    let s = sx.min(sy);
    let ox = (g.width - (x1 - x0) * s) / 2.0;
    let oy = (g.height - (y1 - y0) * s) / 2.0;
    for (node, p) in g.nodes.iter_mut().zip(&pos) {
        node.x = ((p.0 - x0) * s + ox).round();
        node.y = ((p.1 - y0) * s + oy).round();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rep(key: &str, own: bool, inds: &[(&str, &str)]) -> NetReport {
        NetReport {
            key: key.into(),
            own,
            indicators: inds
                .iter()
                .map(|(t, v)| (t.parse().unwrap(), v.to_string(), false))
                .collect(),
        }
    }

    #[test]
    fn reports_with_the_same_shared_values_become_one_node() {
        let reports = vec![
            rep("a/1", true, &[("phone", "+1"), ("domain", "x.com")]),
            rep("a/2", true, &[("phone", "+1"), ("domain", "x.com")]),
            rep(
                "b/1",
                false,
                &[
                    ("phone", "+1"),
                    ("domain", "x.com"),
                    ("email", "only@once.example"),
                ],
            ),
            rep("b/2", false, &[("phone", "+1")]),
        ];
        let g = build(&reports, &HashSet::new(), &Options::default());
        // Indicators +1 (4 reports) and x.com (3); the e-mail is on one report only.
        assert_eq!(g.indicator_count(), 2);
        assert_eq!(g.group_count(), 2);
        assert_eq!(g.grouping, Grouping::Signature);
        let groups: Vec<&NodeKind> = g
            .nodes
            .iter()
            .map(|n| &n.kind)
            .filter(|k| matches!(k, NodeKind::Group { .. }))
            .collect();
        assert!(groups.contains(&&NodeKind::Group {
            own: vec!["a/1".into(), "a/2".into()],
            others: 1
        }));
        assert!(groups.contains(&&NodeKind::Group {
            own: vec![],
            others: 1
        }));
        assert!(!g.nodes.iter().any(|n| n.title.contains("only@once")));
        assert_eq!(g.reports_drawn, 4);
        // Every node inside the frame, and no two at the same place.
        let mut seen = HashSet::new();
        for n in &g.nodes {
            assert!(
                n.x >= 0.0 && n.x <= WIDTH && n.y >= 0.0 && n.y <= HEIGHT,
                "{n:?}"
            );
            assert!(seen.insert((n.x as i64, n.y as i64)));
        }
    }

    #[test]
    fn hubs_warninglisted_and_filtered_types_are_left_out() {
        let mut reports = vec![
            rep("a/1", true, &[("phone", "+1"), ("domain", "hub.com")]),
            rep("a/2", true, &[("phone", "+1"), ("domain", "hub.com")]),
        ];
        reports[0]
            .indicators
            .push((IndicatorType::Domain, "microsoft.com".into(), true));
        reports[1]
            .indicators
            .push((IndicatorType::Domain, "microsoft.com".into(), true));
        let hubs: HashSet<(IndicatorType, String)> =
            [(IndicatorType::Domain, "hub.com".to_string())].into();
        let g = build(&reports, &hubs, &Options::default());
        assert_eq!(g.indicator_count(), 1);
        let g = build(
            &reports,
            &hubs,
            &Options {
                show_hubs: true,
                ..Options::default()
            },
        );
        assert_eq!(g.indicator_count(), 2);
        assert!(g.nodes.iter().any(|n| n.class.contains("hub")));
        assert!(g.edges.iter().any(|e| e.hub));
        let g = build(
            &reports,
            &hubs,
            &Options {
                types: vec![IndicatorType::Domain],
                show_hubs: true,
                ..Options::default()
            },
        );
        assert_eq!(g.indicator_count(), 1);
    }

    #[test]
    fn five_hundred_reports_stay_a_readable_picture() {
        // 600 reports over 40 phone numbers and 25 domains, each report with 1-3 values.
        let reports: Vec<NetReport> = (0..600)
            .map(|i| {
                let mut inds = vec![("phone".to_string(), format!("+1888555{:04}", i % 40))];
                if i % 3 != 0 {
                    inds.push(("domain".into(), format!("fix-{}.com", i % 25)));
                }
                if i % 5 == 0 {
                    inds.push(("email".into(), format!("s{}@x.example", i % 7)));
                }
                NetReport {
                    key: format!("s/{i}"),
                    own: i % 2 == 0,
                    indicators: inds
                        .into_iter()
                        .map(|(t, v)| (t.parse().unwrap(), v, false))
                        .collect(),
                }
            })
            .collect();
        let opt = Options::default();
        let g = build(&reports, &HashSet::new(), &opt);
        assert_eq!(g.reports_total, 600);
        // 72 shared values, 30 drawn: reports carrying only undrawn ones are not drawn.
        assert_eq!(g.indicator_count(), opt.max_indicators);
        assert_eq!(g.indicators_hidden, 72 - 30);
        assert!(
            g.reports_drawn > 300 && g.reports_drawn < 600,
            "{}",
            g.reports_drawn
        );
        // Every value drawn: 200 distinct signatures are too many nodes, so reports are
        // grouped by their most widespread value instead.
        let all = Options {
            max_indicators: 100,
            ..Options::default()
        };
        let g = build(&reports, &HashSet::new(), &all);
        assert_eq!(g.reports_drawn, 600);
        assert_eq!(g.grouping, Grouping::Primary);
        assert!(g.group_count() <= 72, "{} groups", g.group_count());
        assert!(g.nodes.len() <= 144, "{} nodes", g.nodes.len());
        // Same input, same picture.
        let again = build(&reports, &HashSet::new(), &all);
        assert_eq!(g.nodes, again.nodes);
    }
}
