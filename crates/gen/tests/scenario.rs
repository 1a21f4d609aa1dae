//! Properties of whole generated scenarios: determinism, validity against FORMATS.md §1,
//! the shape of the operations, duplicates, and that the ground truth is reachable.

use dragnet_core::{IndicatorType, ReportInput};
use dragnet_gen::{GenConfig, Role, Scenario, checksum, generate, stream};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The 2,000-victim scenario most tests look at (generated once).
fn seed_case() -> &'static Scenario {
    static S: OnceLock<Scenario> = OnceLock::new();
    S.get_or_init(|| generate(&GenConfig::new(2000, 42)))
}

fn jsonl(s: &Scenario) -> String {
    let mut out = String::new();
    for (r, t) in s.reports.iter().zip(&s.truth) {
        out.push_str(&serde_json::to_string(r).unwrap());
        out.push('\n');
        out.push_str(&serde_json::to_string(t).unwrap());
        out.push('\n');
    }
    out.push_str(&serde_json::to_string(&s.operations).unwrap());
    out
}

#[test]
fn same_config_same_bytes_other_seed_other_bytes() {
    let cfg = GenConfig::new(400, 9);
    let a = jsonl(&generate(&cfg));
    let b = jsonl(&generate(&cfg));
    assert_eq!(a, b);
    let c = jsonl(&generate(&GenConfig::new(400, 10)));
    assert_ne!(a, c);
}

#[test]
fn stream_yields_exactly_what_generate_returns() {
    let cfg = GenConfig::new(500, 3);
    let s = generate(&cfg);
    let streamed: Vec<_> = stream(&cfg).collect();
    assert_eq!(streamed.len(), s.reports.len());
    for ((r, t), (r2, t2)) in streamed.iter().zip(s.reports.iter().zip(&s.truth)) {
        assert_eq!((r, t), (r2, t2));
    }
}

#[test]
fn every_report_is_a_valid_formats_report_with_a_unique_id() {
    let s = generate(&GenConfig::new(5000, 1));
    let mut ids = BTreeSet::new();
    let mut last = String::new();
    for (r, t) in s.reports.iter().zip(&s.truth) {
        let parsed = ReportInput::from_json_value(r).unwrap_or_else(|e| panic!("{e}: {r}"));
        let id = parsed.id.clone().unwrap();
        assert_eq!(id, t.report);
        assert_eq!(parsed.source.as_deref(), Some(t.source.as_str()));
        assert!(
            ids.insert((t.source.clone(), id)),
            "duplicate id {}",
            t.report
        );
        // Time order.
        let at = r["received_at"].as_str().unwrap().to_string();
        assert!(at >= last, "{at} after {last}");
        last = at;
    }
    let sources: BTreeSet<&str> = s.truth.iter().map(|t| t.source.as_str()).collect();
    assert_eq!(
        sources,
        BTreeSet::from(["amazon", "cert-de", "microsoft-dcu"])
    );
}

#[test]
fn sizes_follow_a_power_law() {
    let s = seed_case();
    let ops = &s.operations;
    assert!((25..=50).contains(&ops.len()), "{} operations", ops.len());
    let mut sizes: Vec<usize> = ops.iter().map(|o| o.size).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    assert!(sizes[0] >= 200, "largest {sizes:?}");
    assert!(sizes[0] < 2000 / 2, "largest {sizes:?}");
    let small = sizes.iter().filter(|n| (3..=20).contains(*n)).count();
    assert!(small * 3 >= ops.len(), "few small operations: {sizes:?}");
    assert!(sizes.iter().all(|n| *n >= 3));
    let noise = s
        .truth
        .iter()
        .filter(|t| t.operation.is_none() && t.duplicate_of.is_none())
        .count();
    assert_eq!(sizes.iter().sum::<usize>() + noise, 2000);
}

#[test]
fn some_operations_are_seen_by_both_companies() {
    let s = seed_case();
    let cross = s
        .operations
        .iter()
        .filter(|o| {
            o.sources.contains(&"microsoft-dcu".to_string())
                && o.sources.contains(&"amazon".to_string())
        })
        .count();
    assert!(cross >= 3, "{cross} cross-company operations");
    let brands: BTreeSet<&str> = s
        .operations
        .iter()
        .flat_map(|o| o.brands.iter().map(String::as_str))
        .collect();
    assert!(brands.contains("Microsoft") && brands.contains("Amazon"));
}

#[test]
fn duplicates_repeat_the_same_victim_incident() {
    let s = seed_case();
    let by_id: BTreeMap<&str, usize> = s
        .truth
        .iter()
        .enumerate()
        .map(|(i, t)| (t.report.as_str(), i))
        .collect();
    let dups: Vec<usize> = (0..s.truth.len())
        .filter(|i| s.truth[*i].duplicate_of.is_some())
        .collect();
    let rate = dups.len() as f64 / s.truth.len() as f64;
    assert!((0.015..0.05).contains(&rate), "duplicate rate {rate}");
    for d in dups {
        let orig = by_id[s.truth[d].duplicate_of.as_deref().unwrap()];
        assert!(orig < d, "a duplicate comes after its original");
        let (a, b) = (&s.reports[orig], &s.reports[d]);
        assert_eq!(a["reporter"], b["reporter"]);
        assert_eq!(a["loss"], b["loss"]);
        assert_ne!(a["id"], b["id"]);
        assert_eq!(s.truth[orig].operation, s.truth[d].operation);
        assert!(s.truth[orig].duplicate_of.is_none());
    }
}

/// Union-find over reports through shared infrastructure must give one component per
/// operation; otherwise no correlator could recover the truth.
#[test]
fn every_operation_is_connected_through_shared_infrastructure() {
    for (victims, seed) in [(2000, 42), (700, 5), (150, 8)] {
        let owned;
        let s = if seed == 42 {
            seed_case()
        } else {
            owned = generate(&GenConfig::new(victims, seed));
            &owned
        };
        let n = s.truth.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], x: usize) -> usize {
            let mut x = x;
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        let mut first: BTreeMap<(IndicatorType, &str), usize> = BTreeMap::new();
        for (i, t) in s.truth.iter().enumerate() {
            for ind in t
                .indicators
                .iter()
                .filter(|x| x.role == Role::Infrastructure)
            {
                match first.get(&(ind.ty, ind.value.as_str())) {
                    Some(&j) => {
                        let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                        parent[a] = b;
                    }
                    None => {
                        first.insert((ind.ty, ind.value.as_str()), i);
                    }
                }
            }
        }
        let mut comps: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for (i, t) in s.truth.iter().enumerate() {
            if let Some(op) = &t.operation {
                assert!(
                    t.indicators.iter().any(|x| x.role == Role::Infrastructure),
                    "{} has no infrastructure",
                    t.report
                );
                let root = find(&mut parent, i);
                comps.entry(op.as_str()).or_default().insert(root);
            } else {
                assert!(t.indicators.iter().all(|x| x.role != Role::Infrastructure));
            }
        }
        for (op, roots) in comps {
            assert_eq!(
                roots.len(),
                1,
                "{op} falls apart into {} pieces (seed {seed})",
                roots.len()
            );
        }
    }
}

#[test]
fn infrastructure_never_crosses_operations_and_is_mentioned_repeatedly() {
    let s = seed_case();
    let mut owner: BTreeMap<(IndicatorType, &str), BTreeSet<&str>> = BTreeMap::new();
    for t in &s.truth {
        for ind in t
            .indicators
            .iter()
            .filter(|x| x.role == Role::Infrastructure && x.ty != IndicatorType::Url)
        {
            owner
                .entry((ind.ty, ind.value.as_str()))
                .or_default()
                .insert(t.operation.as_deref().unwrap());
        }
    }
    assert!(owner.values().all(|ops| ops.len() == 1));
    // operations.json lists exactly the infrastructure its reports carry.
    for op in &s.operations {
        let listed: BTreeSet<(IndicatorType, &str)> = op
            .infrastructure
            .iter()
            .map(|i| (i.ty, i.value.as_str()))
            .collect();
        let carried: BTreeSet<(IndicatorType, &str)> = owner
            .iter()
            .filter(|(_, ops)| ops.contains(op.id.as_str()))
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(listed, carried, "{}", op.id);
        let reports = s
            .truth
            .iter()
            .filter(|t| t.operation.as_deref() == Some(op.id.as_str()))
            .count();
        assert_eq!(op.reports, reports, "{}", op.id);
    }
    let mentioned: Vec<usize> = s
        .operations
        .iter()
        .flat_map(|o| o.infrastructure.iter().map(|i| i.reports))
        .filter(|r| *r > 0)
        .collect();
    let mean = mentioned.iter().sum::<usize>() as f64 / mentioned.len() as f64;
    assert!(
        mean >= 4.0,
        "infrastructure items are mentioned {mean:.1} times on average"
    );
    let rotated = s
        .operations
        .iter()
        .filter(|o| o.infrastructure.iter().any(|i| i.retired_at.is_some()))
        .count();
    assert!(
        rotated >= 3,
        "only {rotated} operations rotate infrastructure"
    );
}

#[test]
fn every_truth_value_is_well_formed_and_its_checksum_verifies() {
    let s = generate(&GenConfig::new(3000, 77));
    let mut seen: BTreeMap<IndicatorType, usize> = BTreeMap::new();
    for t in &s.truth {
        for ind in &t.indicators {
            *seen.entry(ind.ty).or_default() += 1;
            let v = ind.value.as_str();
            match ind.ty {
                IndicatorType::Phone => {
                    let p = phonenumber::parse(None, v).unwrap_or_else(|e| panic!("{v}: {e:?}"));
                    assert!(phonenumber::is_valid(&p), "{v}");
                    assert_eq!(p.format().mode(phonenumber::Mode::E164).to_string(), v);
                }
                IndicatorType::Iban => assert!(
                    checksum::iban_is_valid(v) && v == v.to_ascii_uppercase() && !v.contains(' '),
                    "{v}"
                ),
                IndicatorType::CryptoWallet => {
                    let ok = if v.starts_with("0x") {
                        checksum::eip55_is_valid(v)
                    } else if v.starts_with("bc1") {
                        checksum::bech32_is_valid(v)
                    } else {
                        checksum::base58check_is_valid(v)
                    };
                    assert!(ok, "{v}");
                }
                IndicatorType::Domain => {
                    assert_eq!(
                        psl::domain_str(v),
                        Some(v),
                        "{v} is not a registrable domain"
                    );
                    assert!(v.is_ascii() && v == v.to_ascii_lowercase());
                }
                IndicatorType::Url => {
                    assert_eq!(url::Url::parse(v).unwrap().as_str(), v);
                }
                IndicatorType::Email => assert!(v.contains('@') && v == v.to_lowercase(), "{v}"),
                IndicatorType::RemoteAccessId => {
                    let (tool, id) = v.split_once(':').unwrap();
                    assert!(
                        ["anydesk", "teamviewer"].contains(&tool)
                            && id.len() >= 9
                            && id.bytes().all(|b| b.is_ascii_digit()),
                        "{v}"
                    );
                }
                IndicatorType::GiftCard => {
                    let (slug, code) = v.split_once(':').unwrap();
                    assert!(dragnet_gen::GIFT_CARD_BRANDS.contains(&slug), "{v}");
                    assert!(
                        code.bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
                        "{v}"
                    );
                }
                other => panic!("unexpected indicator type {other}"),
            }
        }
    }
    for ty in [
        IndicatorType::Phone,
        IndicatorType::Url,
        IndicatorType::Domain,
        IndicatorType::Email,
        IndicatorType::RemoteAccessId,
        IndicatorType::CryptoWallet,
        IndicatorType::Iban,
        IndicatorType::GiftCard,
    ] {
        assert!(
            seen.get(&ty).copied().unwrap_or(0) >= 10,
            "too few {ty}: {seen:?}"
        );
    }
}

fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Each truth value must be traceable to the report text (narrative or structured values).
#[test]
fn truth_values_appear_in_the_report() {
    let s = seed_case();
    for (r, t) in s.reports.iter().zip(&s.truth) {
        let mut text = r["narrative"].as_str().unwrap().to_string();
        if let Some(items) = r["indicators"].as_array() {
            for i in items {
                text.push(' ');
                text.push_str(i["value"].as_str().unwrap());
            }
        }
        let digits = digits_of(&text);
        let upper_compact: String = text
            .to_uppercase()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        for ind in &t.indicators {
            let v = ind.value.as_str();
            let found = match ind.ty {
                IndicatorType::Phone => {
                    let nsn_tail = &v[v.len() - 6..];
                    digits.contains(nsn_tail)
                }
                IndicatorType::Email => text.to_lowercase().contains(v),
                IndicatorType::Iban | IndicatorType::CryptoWallet => {
                    upper_compact.contains(&v.to_uppercase())
                }
                IndicatorType::RemoteAccessId => digits.contains(v.split_once(':').unwrap().1),
                IndicatorType::GiftCard => upper_compact.contains(v.split_once(':').unwrap().1),
                IndicatorType::Domain | IndicatorType::Url => {
                    let refanged = text
                        .to_lowercase()
                        .replace("[.]", ".")
                        .replace("(.)", ".")
                        .replace("(dot)", ".")
                        .replace("[dot]", ".");
                    let ascii_label = v
                        .trim_start_matches("https://")
                        .trim_start_matches("http://")
                        .split(['.', '/'])
                        .next()
                        .unwrap();
                    refanged.contains(ascii_label)
                        || ascii_label.starts_with("xn--")
                        || ascii_label == "www"
                }
                _ => false,
            };
            assert!(found, "{} not in report {}: {text}", v, t.report);
        }
    }
}

#[test]
fn hard_negatives_and_languages_are_present() {
    let s = seed_case();
    let official_in_ops = s
        .truth
        .iter()
        .filter(|t| t.operation.is_some() && t.indicators.iter().any(|i| i.role == Role::Official))
        .count();
    assert!(official_in_ops >= 50, "{official_in_ops}");
    let official_values: BTreeSet<&str> = s
        .truth
        .iter()
        .flat_map(|t| t.indicators.iter())
        .filter(|i| i.role == Role::Official)
        .map(|i| i.value.as_str())
        .collect();
    for v in [
        "+18006427676",
        "+18882804331",
        "microsoft.com",
        "amazon.com",
    ] {
        assert!(official_values.contains(v), "{v} never mentioned");
    }
    let noise =
        s.truth.iter().filter(|t| t.operation.is_none()).count() as f64 / s.truth.len() as f64;
    assert!((0.08..0.16).contains(&noise), "noise share {noise}");
    let langs: BTreeSet<&str> = s
        .reports
        .iter()
        .map(|r| r["reporter"]["language"].as_str().unwrap())
        .collect();
    assert_eq!(langs, BTreeSet::from(["de", "en", "es", "fr"]));
    let structured = s
        .reports
        .iter()
        .filter(|r| r.get("indicators").is_some())
        .count();
    assert!(
        structured > 200 && structured < s.reports.len() / 2,
        "{structured} reports with structured indicators"
    );
    let defanged = s
        .reports
        .iter()
        .filter(|r| r["narrative"].as_str().unwrap().contains("hxxp"))
        .count();
    assert!(defanged > 20, "{defanged} defanged URLs");
}

#[test]
fn tiny_and_empty_configurations_work() {
    assert!(generate(&GenConfig::new(0, 1)).reports.is_empty());
    for v in [1, 2, 5, 17] {
        let s = generate(&GenConfig::new(v, 1));
        assert!(s.reports.len() >= v, "{v}");
        for r in &s.reports {
            ReportInput::from_json_value(r).unwrap();
        }
    }
    let s = generate(&GenConfig {
        operations: Some(3),
        ..GenConfig::new(300, 2)
    });
    assert_eq!(s.operations.len(), 3);
}
