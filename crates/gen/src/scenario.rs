//! The scenario engine: plans operations, runs their infrastructure over time, and writes
//! every report with its ground truth.
//!
//! Memory stays bounded by the operations' infrastructure: each operation draws its
//! reports' times one after another (stratified over its active window), a heap merges the
//! operations, the noise stream and pending duplicates into one time-ordered stream.
//!
//! Reachability rule (why every operation's reports form one connected component through
//! shared infrastructure): once an operation has a mentioned ("seen") item, every later
//! report of it mentions at least one seen item; items that have never been mentioned are
//! only introduced next to a seen one. A slot (say "toll-free number for GB") retires its
//! old item only after its successor has been seen, so a seen item is always active.
//! Duplicates repeat at least one item of the original report.

use crate::domain::{self, Site};
use crate::narrative::{self, Lang, Slot, Style, roughen};
use crate::payment;
use crate::people::{self, COUNTRIES, Person};
use crate::phone::{self, OFFICIAL_NUMBERS, Phone, PrefixTable, ScamBlocks, ScamLine};
use crate::util::{R, chance, digits, one, one_weighted, pick, weighted};
use crate::{GenConfig, InfraTruth, OperationTruth, Role, TruthIndicator, TruthRow};
use chrono::{DateTime, Datelike, Timelike, Utc};
use dragnet_core::IndicatorType;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashSet};

const NOISE_SHARE: f64 = 0.12;
const DUPLICATE_RATE: f64 = 0.03;
const DAY: i64 = 86_400;

fn noise_count(victims: usize) -> usize {
    (victims as f64 * NOISE_SHARE).round() as usize
}

pub(crate) fn operation_count(cfg: &GenConfig) -> usize {
    let v = cfg.victims;
    if v == 0 {
        return 0;
    }
    let op_victims = v - noise_count(v);
    let k = cfg
        .operations
        .unwrap_or_else(|| (2.6 * (v as f64).powf(0.35)).round() as usize);
    k.clamp(1, (op_victims / 3).max(1))
}

/// A standard-normal draw (Box–Muller), for log-normal sizes and amounts.
fn normal(rng: &mut R) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Derives an independent stream for `(seed, purpose, index)`.
fn sub_rng(seed: u64, purpose: u64, index: u64) -> R {
    let mixed = seed
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(purpose.wrapping_mul(0xD1B5_4A32_D192_ED03))
        .wrapping_add(index.wrapping_mul(0x8CB9_2BA7_2F3D_8DD7));
    R::seed_from_u64(mixed)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SlotKey {
    Phone(&'static str),
    Mobile,
    Site(&'static str),
    Email,
    Remote,
    Wallet,
    Iban(&'static str),
}

#[derive(Debug)]
struct SlotState {
    key: SlotKey,
    /// Active items (indexes into `Op::items`), oldest first.
    active: Vec<usize>,
    next_rotation: i64,
    lifetime: i64,
}

#[derive(Debug, Clone)]
enum Body {
    Phone(Phone),
    Site(Site),
    Email(String),
    Remote(&'static str, String),
    Wallet(String),
    Iban(String),
}

#[derive(Debug)]
struct Item {
    ty: IndicatorType,
    value: String,
    kind: Option<String>,
    country: Option<String>,
    brand: Option<&'static str>,
    body: Body,
    created: i64,
    retired: Option<i64>,
    seen: bool,
    reports: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pay {
    Gift,
    Bank,
    Crypto,
    Card,
    Nothing,
}

#[derive(Debug)]
struct Op {
    id: String,
    brands: Vec<&'static str>,
    size: usize,
    countries: Vec<(&'static str, u32)>,
    start: i64,
    end: i64,
    warp: f64,
    tools: &'static [(&'static str, u32)],
    pay: [(Pay, u32); 5],
    cards: Vec<((&'static str, &'static str), u32)>,
    rng: R,
    emitted: usize,
    items: Vec<Item>,
    slots: Vec<SlotState>,
    any_seen: bool,
    reports: usize,
    sources: BTreeSet<&'static str>,
    country_counts: BTreeMap<&'static str, usize>,
}

#[derive(Debug, Clone)]
enum Extra {
    Gift {
        slug: &'static str,
        display: &'static str,
        code: String,
        written: String,
    },
    OwnRemote(&'static str, String),
    OwnPhone,
    OwnEmail,
    OfficialPhone(usize),
    OfficialSite(&'static str),
    UnrelatedPhone(Phone),
    UnrelatedSite(Site),
}

/// What happened to one victim; rendered once per report of it (twice for a duplicate).
#[derive(Debug, Clone)]
struct Incident {
    op: Option<usize>,
    person: Person,
    contact: &'static str,
    brand: &'static str,
    infra: Vec<usize>,
    extras: Vec<Extra>,
    loss: Option<(String, &'static str)>,
    pay: Pay,
    incident_time: i64,
    /// Noise reports: index of the template in the language's noise (or other-scam) table.
    noise: Option<(bool, usize)>,
}

#[derive(Debug)]
struct Pending {
    incident: Incident,
    original: String,
    source: &'static str,
    structured: bool,
}

const NOISE_EVENT: u32 = u32::MAX - 1;
const DUP_EVENT: u32 = u32::MAX;

/// The iterator behind [`crate::stream`] and [`crate::generate`].
pub(crate) struct Generator {
    start: i64,
    days: u32,
    ops: Vec<Op>,
    noise_rng: R,
    noise_total: usize,
    noise_emitted: usize,
    heap: BinaryHeap<Reverse<(i64, u64, u32)>>,
    pending: BTreeMap<u64, Pending>,
    seq: u64,
    victims: u64,
    counters: [u64; 3],
    prefixes: &'static PrefixTable,
    blocks: &'static ScamBlocks,
    used: HashSet<String>,
}

const SOURCES: [&str; 3] = ["microsoft-dcu", "amazon", "cert-de"];

impl Generator {
    pub(crate) fn new(cfg: &GenConfig) -> Self {
        let mut plan_rng = sub_rng(cfg.seed, 1, 0);
        let start = cfg.start.timestamp();
        let window = i64::from(cfg.days.max(1)) * DAY;
        let k = operation_count(cfg);
        let op_victims = cfg.victims - noise_count(cfg.victims);
        let sizes = op_sizes(&mut plan_rng, k, op_victims);
        let mut ops: Vec<Op> = sizes
            .iter()
            .enumerate()
            .map(|(rank, &size)| plan_op(&mut plan_rng, cfg.seed, rank, size, start, window, k))
            .collect();
        // Ids in order of first activity, so an id says nothing about size.
        ops.sort_by_key(|o| (o.start, o.size));
        let width = if ops.len() > 99 { 3 } else { 2 };
        for (i, op) in ops.iter_mut().enumerate() {
            op.id = format!("op-{:0width$}", i + 1);
        }
        let mut g = Generator {
            start,
            days: cfg.days.max(1),
            ops,
            noise_rng: sub_rng(cfg.seed, 3, 0),
            noise_total: noise_count(cfg.victims),
            noise_emitted: 0,
            heap: BinaryHeap::new(),
            pending: BTreeMap::new(),
            seq: 0,
            victims: 0,
            counters: [0, 10_000 + plan_rng.random_range(0..80_000u64), 0],
            prefixes: &phone::tables().0,
            blocks: &phone::tables().1,
            used: HashSet::new(),
        };
        for i in 0..g.ops.len() {
            g.schedule_op(i);
        }
        g.schedule_noise();
        g
    }

    fn push(&mut self, t: i64, kind: u32) -> u64 {
        self.seq += 1;
        self.heap.push(Reverse((t, self.seq, kind)));
        self.seq
    }

    fn schedule_op(&mut self, i: usize) {
        let op = &mut self.ops[i];
        if op.emitted >= op.size {
            return;
        }
        let u: f64 = op.rng.random();
        let x = ((op.emitted as f64 + u) / op.size as f64).powf(op.warp);
        let t = op.start + ((op.end - op.start) as f64 * x) as i64;
        self.push(t, i as u32);
    }

    fn schedule_noise(&mut self) {
        if self.noise_emitted >= self.noise_total {
            return;
        }
        let u: f64 = self.noise_rng.random();
        let x = (self.noise_emitted as f64 + u) / self.noise_total as f64;
        let t = self.start + ((i64::from(self.days) * DAY) as f64 * x) as i64;
        self.push(t, NOISE_EVENT);
    }

    fn next_id(&mut self, source: &'static str, t: i64) -> String {
        let year = ts(t).year();
        match source {
            "microsoft-dcu" => {
                self.counters[0] += 1;
                format!("MS-{year}-{:06}", self.counters[0])
            }
            "amazon" => {
                self.counters[1] += 1 + u64::from(self.counters[1].is_multiple_of(3));
                format!("AMZ-{}", self.counters[1])
            }
            _ => {
                self.counters[2] += 1;
                format!("CERT-DE-{year}-{:05}", self.counters[2])
            }
        }
    }

    /// Operation report at time `t`.
    fn op_report(&mut self, i: usize, t: i64) -> (Value, TruthRow) {
        let victim = self.victims;
        self.victims += 1;
        let prefixes = self.prefixes;
        let op = &mut self.ops[i];
        op.emitted += 1;
        let rng = &mut op.rng;
        let country = *weighted(rng, &op.countries);
        let person = people::person(rng, prefixes, country, victim);
        let brand = *pick(rng, &op.brands);
        let contact = *weighted(
            rng,
            &[
                ("popup", 45),
                ("phone_call", 24),
                ("email", 12),
                ("sms", 6),
                ("web_ad", 10),
                ("social", 3),
            ],
        );
        let pay = *weighted(rng, &op.pay);
        rotate(op, t, self.blocks, &mut self.used);
        let infra = choose_items(op, t, country, brand, contact, pay);
        let op = &mut self.ops[i];
        let rng = &mut op.rng;
        let mut extras = Vec::new();
        if pay == Pay::Gift && chance(rng, 0.7) {
            let (slug, display) = *weighted(rng, &op.cards);
            for _ in 0..*weighted(rng, &[(1usize, 6), (2, 3), (3, 1)]) {
                let (code, written) = payment::gift_code(rng, slug);
                extras.push(Extra::Gift {
                    slug,
                    display,
                    code,
                    written,
                });
            }
        }
        if chance(rng, 0.08) {
            let tool = *weighted(rng, op.tools);
            extras.push(Extra::OwnRemote(tool, payment::victim_remote_id(victim)));
        }
        if person.phone.is_some() && chance(rng, 0.05) {
            extras.push(Extra::OwnPhone);
        }
        if chance(rng, 0.05) {
            extras.push(Extra::OwnEmail);
        }
        official_extras(rng, brand, country, &mut extras);
        let incident_time = t - rng.random_range(0..(4 * DAY));
        let loss = loss(rng, pay, country);
        let incident = Incident {
            op: Some(i),
            person,
            contact,
            brand,
            infra,
            extras,
            loss,
            pay,
            incident_time,
            noise: None,
        };
        let op = &mut self.ops[i];
        *op.country_counts.entry(country).or_insert(0) += 1;
        let (source, structured) = choose_source(&mut op.rng, brand, country);
        self.emit(incident, t, source, structured, None)
    }

    fn noise_report(&mut self, t: i64) -> (Value, TruthRow) {
        let victim = self.victims;
        self.victims += 1;
        self.noise_emitted += 1;
        let rng = &mut self.noise_rng;
        let country = *weighted(rng, COUNTRIES);
        let person = people::person(rng, self.prefixes, country, victim);
        let brand = *weighted(
            rng,
            &[
                ("Microsoft", 45),
                ("Amazon", 45),
                ("Apple", 5),
                ("PayPal", 5),
            ],
        );
        let other_scam = chance(rng, 0.4);
        let lang = narrative::lang(person.language);
        let table = if other_scam {
            lang.other_scam
        } else {
            lang.noise
        };
        let template = rng.random_range(0..table.len());
        let mut extras = Vec::new();
        let contact;
        if other_scam {
            contact = *weighted(
                rng,
                &[
                    ("sms", 40),
                    ("phone_call", 30),
                    ("social", 20),
                    ("email", 10),
                ],
            );
            if chance(rng, 0.6)
                && let Some(p) = self.prefixes.noise(rng, country, victim)
            {
                extras.push(Extra::UnrelatedPhone(p));
            }
            if chance(rng, 0.5) {
                extras.push(Extra::UnrelatedSite(noise_site(rng, victim)));
            }
        } else {
            contact = *weighted(
                rng,
                &[
                    ("email", 40),
                    ("phone_call", 20),
                    ("web_ad", 20),
                    ("popup", 20),
                ],
            );
            // Confused but legitimate contacts mention the real numbers and sites a lot.
            if chance(rng, 0.35) {
                let i = official_number_for(rng, brand, country);
                extras.push(Extra::OfficialPhone(i));
            }
            if chance(rng, 0.3) {
                extras.push(Extra::OfficialSite(official_host_for(rng, brand)));
            }
        }
        if chance(rng, 0.1) {
            extras.push(Extra::OwnEmail);
        }
        let pay = if chance(rng, 0.3) {
            Pay::Card
        } else {
            Pay::Nothing
        };
        let loss = if other_scam {
            let p = *pick(rng, &[Pay::Bank, Pay::Card, Pay::Nothing]);
            loss(rng, p, country)
        } else {
            loss(rng, pay, country)
        };
        let incident = Incident {
            op: None,
            person,
            contact,
            brand,
            infra: Vec::new(),
            extras,
            loss,
            pay,
            incident_time: t - rng.random_range(0..(6 * DAY)),
            noise: Some((other_scam, template)),
        };
        let (source, structured) = choose_source(rng, brand, country);
        self.emit(incident, t, source, structured, None)
    }

    /// Renders a report, assigns its id, and maybe schedules a duplicate of it.
    fn emit(
        &mut self,
        incident: Incident,
        t: i64,
        source: &'static str,
        structured: bool,
        duplicate_of: Option<String>,
    ) -> (Value, TruthRow) {
        let id = self.next_id(source, t);
        let (report, truth) = {
            let (rng, items): (&mut R, Option<&mut Vec<Item>>) = match incident.op {
                Some(i) => {
                    let op = &mut self.ops[i];
                    op.reports += 1;
                    op.sources.insert(source);
                    (&mut op.rng, Some(&mut op.items))
                }
                None => (&mut self.noise_rng, None),
            };
            let (report, mut truth) = render(rng, items, &incident, &id, source, structured, t);
            truth.duplicate_of = duplicate_of.clone();
            truth.operation = incident.op.map(|i| self.ops[i].id.clone());
            (report, truth)
        };
        if duplicate_of.is_none() {
            let rng = match incident.op {
                Some(i) => &mut self.ops[i].rng,
                None => &mut self.noise_rng,
            };
            if chance(rng, DUPLICATE_RATE) {
                let other_channel = chance(rng, 0.5);
                let other_source = !other_channel && chance(rng, 0.4);
                let delay = if other_channel {
                    rng.random_range(600..(2 * DAY))
                } else {
                    rng.random_range((DAY * 5 / 6)..(3 * DAY))
                };
                let (dup_source, dup_structured) = if other_source {
                    let s = match source {
                        "microsoft-dcu" => "amazon",
                        "amazon" => "microsoft-dcu",
                        _ => "microsoft-dcu",
                    };
                    (s, chance(rng, 0.5))
                } else if other_channel {
                    (source, !structured)
                } else {
                    (source, structured)
                };
                // Repeat a non-empty subset of the infrastructure (the original report's
                // first item always stays, so the two reports share it).
                let mut inc = incident.clone();
                if inc.infra.len() > 1 {
                    let keep = rng.random_range(1..=inc.infra.len());
                    inc.infra.truncate(keep);
                }
                let seq = self.push(t + delay, DUP_EVENT);
                self.pending.insert(
                    seq,
                    Pending {
                        incident: inc,
                        original: id.clone(),
                        source: dup_source,
                        structured: dup_structured,
                    },
                );
            }
        }
        (report, truth)
    }
}

impl Iterator for Generator {
    type Item = (Value, TruthRow);

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse((t, seq, kind)) = self.heap.pop()?;
        Some(match kind {
            DUP_EVENT => match self.pending.remove(&seq) {
                Some(p) => self.emit(p.incident, t, p.source, p.structured, Some(p.original)),
                // Invariant: every DUP_EVENT was pushed together with its pending entry.
                None => return self.next(),
            },
            NOISE_EVENT => {
                let r = self.noise_report(t);
                self.schedule_noise();
                r
            }
            i => {
                let i = i as usize;
                let r = self.op_report(i, t);
                self.schedule_op(i);
                r
            }
        })
    }
}

impl Generator {
    /// The operations' truth once the stream is exhausted.
    pub(crate) fn operations_truth(&self) -> Vec<OperationTruth> {
        self.ops
            .iter()
            .map(|op| OperationTruth {
                id: op.id.clone(),
                brands: op.brands.iter().map(|b| b.to_string()).collect(),
                size: op.size,
                reports: op.reports,
                sources: op.sources.iter().map(|s| s.to_string()).collect(),
                countries: op
                    .country_counts
                    .iter()
                    .map(|(c, n)| (c.to_string(), *n))
                    .collect(),
                active_from: ts(op.start),
                active_until: ts(op.end),
                infrastructure: op
                    .items
                    .iter()
                    // Items brought into service that no report ever mentioned are left out:
                    // nothing could find them.
                    .filter(|it| it.reports > 0)
                    .map(|it| InfraTruth {
                        ty: it.ty,
                        value: it.value.clone(),
                        kind: it.kind.clone(),
                        country: it.country.clone(),
                        brand: it.brand.map(str::to_string),
                        active_from: ts(it.created),
                        retired_at: it.retired.map(ts),
                        reports: it.reports,
                    })
                    .collect(),
            })
            .collect()
    }
}

fn ts(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

/// Power-law sizes: rank k gets weight (k+1)^-1.3 with log-normal jitter; at least 3 each.
fn op_sizes(rng: &mut R, k: usize, total: usize) -> Vec<usize> {
    if k == 0 {
        return Vec::new();
    }
    let w: Vec<f64> = (0..k)
        .map(|i| ((i + 1) as f64).powf(-1.3) * (0.25 * normal(rng)).exp())
        .collect();
    let sum: f64 = w.iter().sum();
    let min = if total >= 3 * k { 3 } else { 1 };
    let mut sizes: Vec<usize> = w
        .iter()
        .map(|x| ((total as f64 * x / sum) as usize).max(min))
        .collect();
    let assigned: usize = sizes.iter().sum();
    // Settle the rounding on the largest operation (index 0 has the largest weight on average).
    let largest = (0..k).max_by_key(|i| (sizes[*i], Reverse(*i))).unwrap_or(0);
    if assigned < total {
        sizes[largest] += total - assigned;
    } else {
        let mut excess = assigned - total;
        for s in sizes.iter_mut() {
            let cut = excess.min(s.saturating_sub(min));
            *s -= cut;
            excess -= cut;
        }
    }
    sizes.retain(|s| *s > 0);
    sizes
}

fn plan_op(
    rng: &mut R,
    seed: u64,
    rank: usize,
    size: usize,
    start: i64,
    window: i64,
    k: usize,
) -> Op {
    let big = rank < 2 && k > 3;
    let brands: Vec<&'static str> = if big {
        vec!["Microsoft", "Amazon"]
    } else {
        weighted(
            rng,
            &[
                (&["Microsoft"][..], 38),
                (&["Amazon"][..], 24),
                (&["Microsoft", "Amazon"][..], 22),
                (&["Microsoft", "Norton"][..], 6),
                (&["Amazon", "Apple"][..], 4),
                (&["Microsoft", "Amazon", "PayPal"][..], 3),
                (&["Apple", "PayPal"][..], 3),
            ],
        )
        .to_vec()
    };
    let countries: Vec<(&'static str, u32)> = if big {
        COUNTRIES.to_vec()
    } else {
        weighted(
            rng,
            &[
                (
                    &[("US", 60), ("CA", 12), ("GB", 14), ("AU", 12), ("DE", 2)][..],
                    62,
                ),
                (&[("DE", 80), ("US", 10), ("GB", 10)][..], 14),
                (&[("ES", 80), ("US", 20)][..], 8),
                (&[("FR", 50), ("CA", 50)][..], 5),
                (&[("US", 90), ("CA", 10)][..], 6),
                (COUNTRIES, 5),
            ],
        )
        .to_vec()
    };
    let frac = if size > 100 {
        rng.random_range(0.6..1.0)
    } else {
        rng.random_range(0.06..0.5)
    };
    let span = ((window as f64) * frac) as i64;
    let begin = start + rng.random_range(0..=(window - span).max(0));
    const ANYDESK: &[(&str, u32)] = &[("AnyDesk", 1)];
    const TEAMVIEWER: &[(&str, u32)] = &[("TeamViewer", 1)];
    const BOTH: &[(&str, u32)] = &[("AnyDesk", 2), ("TeamViewer", 1)];
    let tools: &'static [(&'static str, u32)] =
        one_weighted(rng, &[(ANYDESK, 6), (TEAMVIEWER, 2), (BOTH, 2)]);
    let g = rng.random_range(20..60);
    let b = if countries
        .iter()
        .any(|(c, _)| matches!(*c, "DE" | "ES" | "FR" | "GB"))
    {
        rng.random_range(5..30)
    } else {
        3
    };
    let pay = [
        (Pay::Gift, g),
        (Pay::Bank, b),
        (Pay::Crypto, rng.random_range(5..25)),
        (Pay::Card, rng.random_range(5..20)),
        (Pay::Nothing, 12),
    ];
    let cards: Vec<((&str, &str), u32)> = payment::CARDS
        .iter()
        .map(|c| (*c, rng.random_range(1..10)))
        .collect();
    let mut op = Op {
        id: String::new(),
        brands,
        size,
        countries,
        start: begin,
        end: begin + span.max(DAY),
        warp: rng.random_range(0.75..1.35),
        tools,
        pay,
        cards,
        rng: sub_rng(seed, 2, rank as u64),
        emitted: 0,
        items: Vec::new(),
        slots: Vec::new(),
        any_seen: false,
        reports: 0,
        sources: BTreeSet::new(),
        country_counts: BTreeMap::new(),
    };
    plan_slots(rng, &mut op);
    op
}

/// Decides which infrastructure slots an operation runs and how fast each rotates: an
/// item is expected to be mentioned by about a dozen reports before it is replaced.
fn plan_slots(rng: &mut R, op: &mut Op) {
    let n = op.size as f64;
    let total_c: u32 = op.countries.iter().map(|(_, w)| w).sum();
    let pay_total: u32 = op.pay.iter().map(|(_, w)| w).sum();
    let share = |p: Pay| {
        op.pay
            .iter()
            .find(|(q, _)| *q == p)
            .map_or(0.0, |(_, w)| *w as f64 / pay_total as f64)
    };
    let mut keys: Vec<(SlotKey, f64)> = Vec::new();
    for (c, w) in &op.countries {
        keys.push((SlotKey::Phone(c), n * (*w as f64 / total_c as f64) * 0.55));
    }
    if chance(rng, 0.7) {
        keys.push((SlotKey::Mobile, n * 0.2));
    }
    for b in &op.brands {
        keys.push((SlotKey::Site(b), n / op.brands.len() as f64 * 0.4));
    }
    if chance(rng, 0.6) {
        keys.push((SlotKey::Email, n * 0.15));
    }
    if chance(rng, 0.5) {
        keys.push((SlotKey::Remote, n * 0.15));
    }
    if share(Pay::Crypto) > 0.0 && chance(rng, 0.6) {
        keys.push((SlotKey::Wallet, n * share(Pay::Crypto) * 0.7));
    }
    for (c, w) in &op.countries {
        if matches!(*c, "DE" | "ES" | "FR" | "GB") && chance(rng, 0.75) {
            keys.push((
                SlotKey::Iban(c),
                n * (*w as f64 / total_c as f64) * share(Pay::Bank) * 0.7,
            ));
        }
    }
    let span = (op.end - op.start).max(DAY);
    for (key, expected) in keys {
        let rotations = ((expected / 12.0) as i64).clamp(0, 40);
        let lifetime = span / (rotations + 1);
        op.slots.push(SlotState {
            key,
            active: Vec::new(),
            next_rotation: i64::MIN,
            lifetime: lifetime.max(DAY),
        });
    }
}

/// Brings new items into service where a slot is due (at most three active per slot).
fn rotate(op: &mut Op, t: i64, blocks: &ScamBlocks, used: &mut HashSet<String>) {
    for s in 0..op.slots.len() {
        let slot = &op.slots[s];
        if t < slot.next_rotation || slot.active.len() >= 3 {
            continue;
        }
        let key = slot.key;
        let lifetime = slot.lifetime;
        let site = op
            .slots
            .iter()
            .find(|x| matches!(x.key, SlotKey::Site(_)))
            .and_then(|x| x.active.last().copied());
        let site_body = site.and_then(|i| match &op.items[i].body {
            Body::Site(s) => Some(s.clone()),
            _ => None,
        });
        if let Some(item) = new_item(
            &mut op.rng,
            key,
            &op.brands,
            op.tools,
            site_body.as_ref(),
            blocks,
            used,
            t,
        ) {
            op.items.push(item);
            let idx = op.items.len() - 1;
            op.slots[s].active.push(idx);
        }
        let jitter: f64 = op.rng.random_range(0.7..1.3);
        op.slots[s].next_rotation = t + (lifetime as f64 * jitter) as i64;
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call site; the arguments are the slot and the operation context it draws from"
)]
fn new_item(
    rng: &mut R,
    key: SlotKey,
    brands: &[&'static str],
    tools: &'static [(&'static str, u32)],
    site: Option<&Site>,
    blocks: &ScamBlocks,
    used: &mut HashSet<String>,
    t: i64,
) -> Option<Item> {
    for _ in 0..30 {
        let (ty, value, kind, country, brand, body) = match key {
            SlotKey::Phone(c) => {
                let p = blocks.draw(rng, c, ScamLine::TollFree)?;
                (
                    IndicatorType::Phone,
                    p.e164.clone(),
                    Some(p.kind.to_string()),
                    Some(p.region.clone()),
                    None,
                    Body::Phone(p),
                )
            }
            SlotKey::Mobile => {
                let p = blocks.draw(rng, "IN", ScamLine::IndianMobile)?;
                (
                    IndicatorType::Phone,
                    p.e164.clone(),
                    Some(p.kind.to_string()),
                    Some(p.region.clone()),
                    None,
                    Body::Phone(p),
                )
            }
            SlotKey::Site(b) => {
                let Some(s) = domain::lookalike(rng, b) else {
                    continue;
                };
                (
                    IndicatorType::Domain,
                    s.registrable.clone(),
                    Some(s.trick.to_string()),
                    None,
                    Some(b),
                    Body::Site(s),
                )
            }
            SlotKey::Email => {
                let e = domain::scam_email(rng, brands[0], site);
                (
                    IndicatorType::Email,
                    e.to_ascii_lowercase(),
                    None,
                    None,
                    None,
                    Body::Email(e),
                )
            }
            SlotKey::Remote => {
                let tool = *weighted(rng, tools);
                let id = payment::scam_remote_id(rng);
                (
                    IndicatorType::RemoteAccessId,
                    format!("{}:{id}", tool.to_ascii_lowercase()),
                    Some(tool.to_ascii_lowercase()),
                    None,
                    None,
                    Body::Remote(tool, id),
                )
            }
            SlotKey::Wallet => {
                let (kind, w) = payment::wallet(rng);
                (
                    IndicatorType::CryptoWallet,
                    w.clone(),
                    Some(kind.to_string()),
                    None,
                    None,
                    Body::Wallet(w),
                )
            }
            SlotKey::Iban(c) => {
                let i = payment::iban(rng, c);
                (
                    IndicatorType::Iban,
                    i.clone(),
                    None,
                    Some(c.to_string()),
                    None,
                    Body::Iban(i),
                )
            }
        };
        if used.insert(format!("{ty}:{value}")) {
            return Some(Item {
                ty,
                value,
                kind,
                country,
                brand,
                body,
                created: t,
                retired: None,
                seen: false,
                reports: 0,
            });
        }
    }
    None
}

fn applicable(key: SlotKey, country: &str, brand: &str) -> bool {
    match key {
        SlotKey::Phone(c) | SlotKey::Iban(c) => c == country,
        SlotKey::Site(b) => b == brand,
        _ => true,
    }
}

fn slot_weight(key: SlotKey, contact: &str, pay: Pay) -> f64 {
    match key {
        SlotKey::Phone(_) => 5.0,
        SlotKey::Mobile => 1.5,
        SlotKey::Site(_) => {
            if matches!(contact, "popup" | "web_ad") {
                4.0
            } else {
                2.0
            }
        }
        SlotKey::Email => {
            if contact == "email" {
                3.0
            } else {
                0.7
            }
        }
        SlotKey::Remote => 1.0,
        SlotKey::Wallet => {
            if pay == Pay::Crypto {
                3.0
            } else {
                0.1
            }
        }
        SlotKey::Iban(_) => {
            if pay == Pay::Bank {
                3.0
            } else {
                0.1
            }
        }
    }
}

/// Picks the infrastructure items one report mentions, keeping the reachability rule.
fn choose_items(
    op: &mut Op,
    t: i64,
    country: &str,
    brand: &str,
    contact: &str,
    pay: Pay,
) -> Vec<usize> {
    let rng = &mut op.rng;
    let want = *weighted(rng, &[(1usize, 55), (2, 35), (3, 10)]);
    let mut cands: Vec<(usize, f64)> = Vec::new();
    for s in &op.slots {
        if !applicable(s.key, country, brand) || s.active.is_empty() {
            continue;
        }
        let w = slot_weight(s.key, contact, pay) / s.active.len() as f64;
        cands.extend(s.active.iter().map(|i| (*i, w)));
    }
    let mut chosen: Vec<usize> = Vec::with_capacity(want + 1);
    while chosen.len() < want && !cands.is_empty() {
        let total: f64 = cands.iter().map(|(_, w)| w).sum();
        let mut x = rng.random_range(0.0..total.max(f64::MIN_POSITIVE));
        let mut pos = cands.len() - 1;
        for (j, (_, w)) in cands.iter().enumerate() {
            if x < *w {
                pos = j;
                break;
            }
            x -= w;
        }
        chosen.push(cands.swap_remove(pos).0);
    }
    if op.any_seen && !chosen.iter().any(|i| op.items[*i].seen) {
        // Bridge: add a seen item, preferring one this victim could plausibly have met.
        let seen_active = |only_applicable: bool| -> Vec<usize> {
            op.slots
                .iter()
                .filter(|s| !only_applicable || applicable(s.key, country, brand))
                .flat_map(|s| s.active.iter().copied())
                .filter(|i| op.items[*i].seen)
                .collect()
        };
        let mut pool = seen_active(true);
        if pool.is_empty() {
            pool = seen_active(false);
        }
        if !pool.is_empty() {
            let pick_i = pool[rng.random_range(0..pool.len())];
            chosen.insert(0, pick_i);
        }
    } else if let Some(pos) = chosen.iter().position(|i| op.items[*i].seen) {
        // Seen item first: a duplicate keeps the first item, and it must link.
        chosen.swap(0, pos);
    }
    for &i in &chosen {
        mark_seen(op, i, t);
    }
    chosen
}

fn mark_seen(op: &mut Op, item: usize, t: i64) {
    op.items[item].seen = true;
    op.any_seen = true;
    for s in op.slots.iter_mut() {
        if s.active.last() == Some(&item) && s.active.len() > 1 {
            for old in s.active.drain(..s.active.len() - 1) {
                op.items[old].retired = Some(t);
            }
        }
    }
}

fn official_number_for(rng: &mut R, brand: &str, country: &str) -> usize {
    let exact: Vec<usize> = (0..OFFICIAL_NUMBERS.len())
        .filter(|i| OFFICIAL_NUMBERS[*i].0 == brand && OFFICIAL_NUMBERS[*i].1 == country)
        .collect();
    if !exact.is_empty() && chance(rng, 0.8) {
        return exact[rng.random_range(0..exact.len())];
    }
    let same_brand: Vec<usize> = (0..OFFICIAL_NUMBERS.len())
        .filter(|i| OFFICIAL_NUMBERS[*i].0 == brand)
        .collect();
    if same_brand.is_empty() {
        0
    } else {
        same_brand[rng.random_range(0..same_brand.len())]
    }
}

fn official_host_for(rng: &mut R, brand: &str) -> &'static str {
    match brand {
        "Amazon" => one(
            rng,
            &["amazon.com", "www.amazon.com", "amazon.de", "amazon.co.uk"],
        ),
        "Apple" => "apple.com",
        "PayPal" => "paypal.com",
        _ => one(
            rng,
            &[
                "microsoft.com",
                "support.microsoft.com",
                "www.microsoft.com",
            ],
        ),
    }
}

fn official_extras(rng: &mut R, brand: &'static str, country: &str, extras: &mut Vec<Extra>) {
    if chance(rng, 0.12) {
        extras.push(Extra::OfficialPhone(official_number_for(
            rng, brand, country,
        )));
    }
    if chance(rng, 0.10) {
        let host = if chance(rng, 0.4) {
            pick(rng, &["anydesk.com", "teamviewer.com"])
        } else {
            official_host_for(rng, brand)
        };
        extras.push(Extra::OfficialSite(host));
    }
}

fn noise_site(rng: &mut R, index: u64) -> Site {
    const B36: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut v = (index.wrapping_mul(7_654_321).wrapping_add(424_242)) % 36u64.pow(6);
    let mut tok = [b'0'; 6];
    for c in tok.iter_mut().rev() {
        *c = B36[(v % 36) as usize];
        v /= 36;
    }
    let tok = String::from_utf8_lossy(&tok).into_owned();
    let stem = *pick(
        rng,
        &[
            "parcel-redelivery",
            "dhl-customs-fee",
            "royalmail-reschedule",
            "post-zoll",
            "correos-envio",
            "quick-crypto-yield",
            "colis-livraison",
        ],
    );
    let tld = *pick(rng, &["com", "info", "top", "xyz", "net"]);
    let host = format!("{stem}-{tok}.{tld}");
    Site {
        ascii_host: host.clone(),
        registrable: host.clone(),
        host,
        trick: "unrelated",
        paths: vec![format!("/{}", digits(rng, 4))],
    }
}

fn choose_source(rng: &mut R, brand: &str, country: &str) -> (&'static str, bool) {
    let source = if country == "DE" && chance(rng, 0.12) {
        SOURCES[2]
    } else {
        let natural = match brand {
            "Amazon" => 1,
            "Apple" | "PayPal" => usize::from(chance(rng, 0.3)),
            _ => 0,
        };
        // Now and then a victim writes to the other company.
        if chance(rng, 0.01) {
            SOURCES[1 - natural]
        } else {
            SOURCES[natural]
        }
    };
    let structured = match source {
        "microsoft-dcu" => chance(rng, 0.45),
        "amazon" => chance(rng, 0.5),
        _ => chance(rng, 0.3),
    };
    (source, structured)
}

fn loss(rng: &mut R, pay: Pay, country: &str) -> Option<(String, &'static str)> {
    let currency = people::currency(country);
    if pay == Pay::Nothing {
        return if chance(rng, 0.4) {
            Some(("0.00".to_string(), currency))
        } else {
            None
        };
    }
    if chance(rng, 0.08) {
        return None;
    }
    let usd = (350f64.ln() + 0.9 * normal(rng))
        .exp()
        .clamp(20.0, 40_000.0);
    let rate = match currency {
        "EUR" => 0.92,
        "GBP" => 0.79,
        "CAD" => 1.35,
        "AUD" => 1.52,
        _ => 1.0,
    };
    let v = usd * rate;
    let amount = match rng.random_range(0..3) {
        0 => format!("{:.2}", (v / 50.0).round().max(1.0) * 50.0),
        1 => format!("{}.99", v as u64),
        _ => format!("{v:.2}"),
    };
    Some((amount, currency))
}

fn amount_text(rng: &mut R, amount: &str, currency: &str, lang: &str) -> String {
    let comma = amount.replace('.', ",");
    // English writes `499.99`, the others `499,99`; whole amounts lose their `.00`.
    let plain = match amount.strip_suffix(".00") {
        Some(whole) => whole.to_string(),
        None if lang == "en" => amount.to_string(),
        None => comma.clone(),
    };
    match (lang, currency) {
        ("en", "USD") => pick(
            rng,
            &[
                format!("${amount}"),
                format!("${plain}"),
                format!("{plain} dollars"),
                format!("USD {amount}"),
            ],
        )
        .clone(),
        ("en", "GBP") => pick(
            rng,
            &[
                format!("£{amount}"),
                format!("£{plain}"),
                format!("{plain} pounds"),
            ],
        )
        .clone(),
        ("en", c) => pick(
            rng,
            &[
                format!("${plain} {c}"),
                format!("{amount} {c}"),
                format!("{c} {plain}"),
            ],
        )
        .clone(),
        ("de", _) => pick(
            rng,
            &[
                format!("{comma} €"),
                format!("{plain} Euro"),
                format!("{comma} EUR"),
            ],
        )
        .clone(),
        ("es", _) => pick(
            rng,
            &[
                format!("{comma} €"),
                format!("{plain} euros"),
                format!("{comma}€"),
            ],
        )
        .clone(),
        (_, "CAD") => pick(rng, &[format!("{comma} $"), format!("{plain} dollars")]).clone(),
        _ => pick(rng, &[format!("{comma} €"), format!("{plain} euros")]).clone(),
    }
}

fn date_text(rng: &mut R, t: i64, lang: &str, country: &str) -> String {
    let d = ts(t);
    let (y, m, day) = (d.year(), d.month(), d.day());
    const EN_M: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const DE_M: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    const ES_M: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const FR_M: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let mi = (m as usize).saturating_sub(1) % 12;
    match (lang, country, rng.random_range(0..3)) {
        ("en", "US", 0) => format!("{m}/{day}/{y}"),
        ("en", "US", 1) => format!("{m:02}/{day:02}/{y}"),
        ("en", "US", _) => format!("{} {day}", EN_M[mi]),
        ("en", _, 0) => format!("{day:02}/{m:02}/{y}"),
        ("en", _, 1) => format!("{day}/{m}/{}", y % 100),
        ("en", _, _) => format!("{day} {}", EN_M[mi]),
        ("de", _, 0) => format!("{day:02}.{m:02}.{y}"),
        ("de", _, 1) => format!("{day}.{m}."),
        ("de", _, _) => format!("{day}. {}", DE_M[mi]),
        ("es", _, 2) => format!("{day} de {}", ES_M[mi]),
        ("fr", _, 2) => format!("{day} {}", FR_M[mi]),
        (_, _, 0) => format!("{day:02}/{m:02}/{y}"),
        _ => format!("{day}/{m}/{y}"),
    }
}

fn time_text(rng: &mut R, t: i64, lang: &str) -> String {
    let d = ts(t);
    let (h, m) = (d.hour(), d.minute());
    if lang == "en" && chance(rng, 0.6) {
        let h12 = if h % 12 == 0 { 12 } else { h % 12 };
        format!(
            "{h12}:{m:02} {}",
            if h < 12 {
                pick(rng, &["am", "AM", "a.m."])
            } else {
                pick(rng, &["pm", "PM", "p.m."])
            }
        )
    } else {
        format!("{h}:{m:02}")
    }
}

fn method_text(pay: Pay, lang: &Lang, card: Option<&str>) -> String {
    match pay {
        Pay::Gift => match card {
            Some(c) => match lang.code {
                "es" => format!("{} de {c}", lang.methods.gift),
                "fr" => format!("{} {c}", lang.methods.gift),
                "de" => format!("{c}-{}", lang.methods.gift),
                _ => format!("{c} {}", lang.methods.gift),
            },
            None => lang.methods.gift.to_string(),
        },
        Pay::Bank => lang.methods.bank.to_string(),
        Pay::Crypto => lang.methods.crypto.to_string(),
        Pay::Card => lang.methods.card.to_string(),
        Pay::Nothing => String::new(),
    }
}

fn product(rng: &mut R, lang: &str, brand: &str) -> &'static str {
    match (lang, brand) {
        ("en", "Apple") => one(rng, &["Mac", "iPhone", "MacBook"]),
        ("en", _) => one(rng, &["computer", "laptop", "PC", "Windows laptop"]),
        ("de", _) => one(rng, &["PC", "Laptop", "Rechner"]),
        ("es", _) => one(rng, &["ordenador", "portátil"]),
        _ => one(rng, &["ordinateur", "PC portable"]),
    }
}

/// The values templates may name, drawn only when a chosen template names them.
struct Vars<'a> {
    brand: &'static str,
    product: &'static str,
    method: String,
    loss: Option<(&'a str, &'static str)>,
    currency: &'static str,
    lang: &'static str,
    country: &'static str,
    when: i64,
    /// amount, date, time, order, err, ticket, n.
    cache: [Option<String>; 7],
}

impl Vars<'_> {
    fn value(&mut self, rng: &mut R, key: &str) -> Option<&str> {
        let slot = match key {
            "brand" => return Some(self.brand),
            "product" => return Some(self.product),
            "method" => return Some(&self.method),
            "amount" => 0,
            "date" => 1,
            "time" => 2,
            "order" => 3,
            "err" => 4,
            "ticket" => 5,
            "n" => 6,
            _ => return None,
        };
        if self.cache[slot].is_none() {
            let v = match slot {
                // Templates that name an amount get one even when the report states no loss.
                0 => match self.loss {
                    Some((a, c)) => amount_text(rng, a, c, self.lang),
                    None => {
                        let a = format!("{}.99", rng.random_range(9..130));
                        amount_text(rng, &a, self.currency, self.lang)
                    }
                },
                1 => date_text(rng, self.when, self.lang, self.country),
                2 => time_text(rng, self.when, self.lang),
                3 => format!(
                    "{}-{}-{}",
                    pick(
                        rng,
                        &["111", "112", "113", "114", "302", "304", "028", "405"]
                    ),
                    digits(rng, 7),
                    digits(rng, 7)
                ),
                4 => pick(
                    rng,
                    &[
                        "0x80070005",
                        "0x800F081F",
                        "DW6VYRW3",
                        "0xc000021a",
                        "#08X55",
                    ],
                )
                .to_string(),
                5 => format!(
                    "{}{}",
                    pick(rng, &["INC", "ZV-2023/", "CAS-", "REF "]),
                    digits(rng, 6)
                ),
                _ => rng.random_range(2..7).to_string(),
            };
            self.cache[slot] = Some(v);
        }
        self.cache[slot].as_deref()
    }

    /// Appends `template` to `out` with `{x}` = `x` and the other placeholders resolved.
    fn fill_into(&mut self, rng: &mut R, out: &mut String, template: &str, x: &str) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return;
            };
            let key = &after[..close];
            if key == "x" {
                out.push_str(x);
            } else if let Some(v) = self.value(rng, key) {
                out.push_str(v);
            } else {
                out.push_str(&rest[open..open + close + 2]);
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
    }
}

struct Out {
    truth: Vec<TruthIndicator>,
}

impl Out {
    fn add(&mut self, ty: IndicatorType, value: String, role: Role) {
        self.truth.push(TruthIndicator { ty, value, role });
    }
}

/// Renders `incident` as one report: narrative, optional structured indicators, truth.
fn render(
    rng: &mut R,
    mut items: Option<&mut Vec<Item>>,
    inc: &Incident,
    id: &str,
    source: &'static str,
    structured: bool,
    t: i64,
) -> (Value, TruthRow) {
    let p = &inc.person;
    let lang = narrative::lang(p.language);
    let style = Style::draw(rng);
    let country = p.country;
    let mut out = Out {
        truth: Vec::with_capacity(6),
    };
    let card_display = inc.extras.iter().find_map(|e| match e {
        Extra::Gift { display, .. } => Some(*display),
        _ => None,
    });
    let method = method_text(
        inc.pay,
        lang,
        card_display.or(if inc.pay == Pay::Gift {
            Some("Google Play")
        } else {
            None
        }),
    );
    let mut vars = Vars {
        brand: inc.brand,
        product: product(rng, lang.code, inc.brand),
        method,
        loss: inc
            .loss
            .as_ref()
            .filter(|(a, _)| a != "0.00")
            .map(|(a, c)| (a.as_str(), *c)),
        currency: people::currency(country),
        lang: lang.code,
        country,
        when: inc.incident_time,
        cache: Default::default(),
    };
    let mut narrative = String::with_capacity(600);
    let sep = if style.newlines { "\n" } else { " " };
    let mut say = |rng: &mut R, table: &[&str], x: &str| {
        let tpl: &str = one(rng, table);
        if tpl.is_empty() {
            return;
        }
        let t = roughen(rng, tpl, style);
        if !narrative.is_empty() {
            narrative.push_str(sep);
        }
        vars.fill_into(rng, &mut narrative, &t, x);
    };

    // Opening.
    match inc.noise {
        Some((other, i)) => {
            let table = if other { lang.other_scam } else { lang.noise };
            say(rng, std::slice::from_ref(&table[i % table.len()]), "");
        }
        None => {
            say(rng, lang.opener(inc.contact), "");
            if chance(rng, 0.7) {
                say(rng, lang.story(), "");
            }
        }
    }

    // The operation's infrastructure.
    let mut structured_items: Vec<Value> = Vec::new();
    if let Some(items) = items.as_mut() {
        for &i in &inc.infra {
            let item = &mut items[i];
            item.reports += 1;
            let in_narrative = !structured || chance(rng, 0.75) || i == inc.infra[0];
            let in_structured = structured && (chance(rng, 0.85) || !in_narrative);
            match &item.body {
                Body::Phone(ph) => {
                    let slot = if ph.region == "IN" {
                        Slot::MobilePhone
                    } else if inc.contact == "phone_call" && chance(rng, 0.5) {
                        Slot::IncomingPhone
                    } else {
                        Slot::ScamPhone
                    };
                    if in_narrative {
                        let w = phone::write(rng, ph, country);
                        say(rng, lang.slot(slot), &w);
                    }
                    if in_structured {
                        let w = phone::write(rng, ph, country).replace('\n', " ");
                        structured_items.push(raw("phone", w));
                    }
                    out.add(IndicatorType::Phone, ph.e164.clone(), Role::Infrastructure);
                }
                Body::Site(site) => {
                    if in_narrative {
                        let m = domain::write(rng, site, 0.35);
                        say(rng, lang.slot(Slot::Site), &m.text);
                        if let Some(u) = m.url {
                            out.add(IndicatorType::Url, u, Role::Infrastructure);
                        }
                    }
                    if in_structured {
                        let m = domain::write(rng, site, 0.0);
                        match m.url {
                            Some(u) => {
                                structured_items.push(raw("url", m.text));
                                out.add(IndicatorType::Url, u, Role::Infrastructure);
                            }
                            None => structured_items.push(raw("domain", m.text)),
                        }
                    }
                    out.add(
                        IndicatorType::Domain,
                        site.registrable.clone(),
                        Role::Infrastructure,
                    );
                }
                Body::Email(e) => {
                    let w = if chance(rng, 0.1) {
                        capitalise_email(e)
                    } else {
                        e.clone()
                    };
                    if in_narrative {
                        say(rng, lang.slot(Slot::Email), &w);
                    }
                    if in_structured {
                        structured_items.push(raw("email", w));
                    }
                    out.add(
                        IndicatorType::Email,
                        item.value.clone(),
                        Role::Infrastructure,
                    );
                }
                Body::Remote(tool, rid) => {
                    if in_narrative {
                        let w = lang.remote(rng, tool, rid);
                        say(rng, lang.slot(Slot::RemoteScam), &w);
                    }
                    if in_structured {
                        structured_items.push(raw("remote_access_id", format!("{tool} {rid}")));
                    }
                    out.add(
                        IndicatorType::RemoteAccessId,
                        item.value.clone(),
                        Role::Infrastructure,
                    );
                }
                Body::Wallet(w) => {
                    if in_narrative {
                        say(rng, lang.slot(Slot::Wallet), w);
                    }
                    if in_structured {
                        structured_items.push(raw("crypto_wallet", w.clone()));
                    }
                    out.add(IndicatorType::CryptoWallet, w.clone(), Role::Infrastructure);
                }
                Body::Iban(iban) => {
                    if in_narrative {
                        let w = payment::write_iban(rng, iban);
                        say(rng, lang.slot(Slot::Iban), &w);
                    }
                    if in_structured {
                        structured_items.push(raw("iban", payment::write_iban(rng, iban)));
                    }
                    out.add(IndicatorType::Iban, iban.clone(), Role::Infrastructure);
                }
            }
        }
    }

    // Per-victim and benign values.
    for e in &inc.extras {
        match e {
            Extra::Gift {
                slug,
                display,
                code,
                written,
            } => {
                let w = lang.gift_card(rng, display, written);
                say(rng, lang.slot(Slot::GiftCard), &w);
                if structured && chance(rng, 0.5) {
                    structured_items.push(raw("gift_card", format!("{display} {written}")));
                }
                out.add(
                    IndicatorType::GiftCard,
                    format!("{slug}:{}", code.to_ascii_uppercase()),
                    Role::Payment,
                );
            }
            Extra::OwnRemote(tool, rid) => {
                let w = lang.remote(rng, tool, rid);
                say(rng, lang.slot(Slot::RemoteOwn), &w);
                out.add(
                    IndicatorType::RemoteAccessId,
                    format!("{}:{rid}", tool.to_ascii_lowercase()),
                    Role::Victim,
                );
            }
            Extra::OwnPhone => {
                if let Some(ph) = &p.phone {
                    let w = phone::write(rng, ph, country);
                    say(rng, lang.slot(Slot::OwnPhone), &w);
                    out.add(IndicatorType::Phone, ph.e164.clone(), Role::Victim);
                }
            }
            Extra::OwnEmail => {
                say(rng, lang.slot(Slot::OwnEmail), &p.email);
                out.add(
                    IndicatorType::Email,
                    p.email.to_ascii_lowercase(),
                    Role::Victim,
                );
            }
            Extra::OfficialPhone(i) => {
                let (_, region, nsn) = OFFICIAL_NUMBERS[*i % OFFICIAL_NUMBERS.len()];
                if let Some(ph) = official_phone(region, nsn) {
                    let w = phone::write(rng, &ph, country);
                    say(rng, lang.slot(Slot::OfficialPhone), &w);
                    out.add(IndicatorType::Phone, ph.e164, Role::Official);
                }
            }
            Extra::OfficialSite(host) => {
                let site = domain::official(host);
                let m = domain::write(rng, &site, 0.0);
                say(rng, lang.slot(Slot::OfficialSite), &m.text);
                if let Some(u) = m.url {
                    out.add(IndicatorType::Url, u, Role::Official);
                }
                out.add(IndicatorType::Domain, site.registrable, Role::Official);
            }
            Extra::UnrelatedPhone(ph) => {
                let w = phone::write(rng, ph, country);
                say(rng, lang.slot(Slot::UnrelatedPhone), &w);
                out.add(IndicatorType::Phone, ph.e164.clone(), Role::Unrelated);
            }
            Extra::UnrelatedSite(site) => {
                let m = domain::write(rng, site, 0.2);
                say(rng, lang.slot(Slot::UnrelatedSite), &m.text);
                if let Some(u) = m.url {
                    out.add(IndicatorType::Url, u, Role::Unrelated);
                }
                out.add(
                    IndicatorType::Domain,
                    site.registrable.clone(),
                    Role::Unrelated,
                );
            }
        }
    }

    // Money, number-ish distractions, closing.
    if inc.noise.is_none() {
        if inc.loss.as_ref().is_some_and(|(a, _)| a != "0.00") {
            say(rng, lang.pay(), "");
        } else if chance(rng, 0.6) {
            say(rng, lang.no_pay(), "");
        }
    }
    for _ in 0..*weighted(rng, &[(0usize, 55), (1, 35), (2, 10)]) {
        say(rng, lang.negatives(), "");
    }
    if chance(rng, 0.6) {
        say(rng, lang.close(), "");
    }

    // The report object.
    let mut obj = Map::new();
    obj.insert("id".into(), id.into());
    obj.insert("source".into(), source.into());
    obj.insert(
        "received_at".into(),
        ts(t)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            .into(),
    );
    let mut reporter = Map::new();
    reporter.insert("country".into(), country.into());
    reporter.insert("language".into(), p.language.into());
    reporter.insert("name".into(), p.name.clone().into());
    if p.gives_email {
        reporter.insert("email".into(), p.email.clone().into());
    }
    if let Some(w) = &p.phone_written {
        reporter.insert("phone".into(), w.clone().into());
    }
    obj.insert("reporter".into(), Value::Object(reporter));
    obj.insert("contact_method".into(), inc.contact.into());
    if structured || chance(rng, 0.7) {
        obj.insert("brand".into(), inc.brand.into());
    }
    obj.insert("narrative".into(), narrative.into());
    if let Some((a, c)) = &inc.loss {
        let mut l = Map::new();
        l.insert("amount".into(), a.clone().into());
        l.insert("currency".into(), (*c).into());
        obj.insert("loss".into(), Value::Object(l));
    }
    if inc.pay != Pay::Nothing {
        let m = method_text(
            inc.pay,
            narrative::lang("en"),
            card_display.or(if inc.pay == Pay::Gift {
                Some("Google Play")
            } else {
                None
            }),
        );
        obj.insert("payment_method".into(), m.into());
    }
    if !structured_items.is_empty() {
        obj.insert("indicators".into(), Value::Array(structured_items));
    }

    let mut truth = out.truth;
    truth.sort();
    truth.dedup_by(|a, b| a.ty == b.ty && a.value == b.value);
    let row = TruthRow {
        report: id.to_string(),
        source: source.to_string(),
        operation: None,
        duplicate_of: None,
        indicators: truth,
    };
    (Value::Object(obj), row)
}

fn raw(ty: &str, value: String) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), ty.into());
    m.insert("value".into(), value.into());
    Value::Object(m)
}

fn capitalise_email(e: &str) -> String {
    let mut c = e.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Official numbers are few; they are parsed on each use only when mentioned (~10 % of
/// reports), which keeps the generator within its speed budget.
fn official_phone(region: &str, nsn: &str) -> Option<Phone> {
    thread_local! {
        static CACHE: std::cell::RefCell<Vec<(String, Option<Phone>)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let key = format!("{region}{nsn}");
    CACHE.with(|c| {
        if let Some((_, p)) = c.borrow().iter().find(|(k, _)| *k == key) {
            return p.clone();
        }
        let p = phone::validate(region, nsn);
        c.borrow_mut().push((key, p.clone()));
        p
    })
}
