//! Why two reports are (or are not) in the same operation.
//!
//! Joined reports: the shortest chain `report -value-> report -value-> report` over values
//! that link (breadth-first search inside their operation; duplicate links count as a hop).
//! Reports not joined: the chain that needs the fewest suppressed values (0-1 breadth-first
//! search where a linking value costs 0 and a hub, warninglisted, policy-suppressed or
//! non-linking-type value costs 1), each blocked hop saying why it does not link; or no
//! chain at all when nothing connects them. The search visits at most
//! `Policy::explain_limit` reports.

use crate::engine::{Engine, NONE, cluster_name};
use dragnet_core::IndicatorType;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

/// Why a value on a chain does not link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Blocked {
    /// Suppressed by the hub rule.
    Hub,
    /// Declared by an analyst in the policy.
    Policy,
    Warninglist {
        list: String,
    },
    /// Its type does not link (`ip`, `other` by default).
    TypeNotLinked,
}

/// How one hop of a chain is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Via {
    Indicator {
        #[serde(rename = "type")]
        ty: IndicatorType,
        value: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        blocked: Option<Blocked>,
    },
    /// Same victim, same incident.
    Duplicate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub from: String,
    pub to: String,
    pub via: Via,
}

/// The answer to `clusters explain A B`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub a: String,
    pub b: String,
    pub joined: bool,
    pub cluster_a: Option<String>,
    pub cluster_b: Option<String>,
    /// From `a` to `b`; empty when `a == b` or when nothing connects them.
    pub chain: Vec<Hop>,
    /// One sentence for people.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExplainError {
    UnknownReport(String),
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExplainError::UnknownReport(k) => write!(f, "no report `{k}` has been correlated"),
        }
    }
}

impl std::error::Error for ExplainError {}

enum Found {
    Path(HashMap<u32, (u32, Edge)>),
    Unreachable,
    Limit,
}

#[derive(Clone, Copy)]
enum Edge {
    Value(u32),
    Dup,
}

impl Engine {
    fn blocked(&self, v: u32) -> Option<Blocked> {
        let m = &self.values[v as usize];
        if !m.link_type {
            Some(Blocked::TypeNotLinked)
        } else if let Some(l) = m.warned {
            Some(Blocked::Warninglist {
                list: self.names.get(l).to_string(),
            })
        } else if m.suppressed {
            Some(Blocked::Policy)
        } else if m.hub {
            Some(Blocked::Hub)
        } else {
            None
        }
    }

    /// Explains how reports `a` and `b` (keys `source/id`) are joined, or why not.
    pub fn explain(&self, a: &str, b: &str) -> Result<Explanation, ExplainError> {
        let ra = self
            .report_index(a)
            .ok_or_else(|| ExplainError::UnknownReport(a.to_string()))?;
        let rb = self
            .report_index(b)
            .ok_or_else(|| ExplainError::UnknownReport(b.to_string()))?;
        let (ca, cb) = (self.cluster_of(a), self.cluster_of(b));
        let joined = ra == rb || self.f.find_ro(ra) == self.f.find_ro(rb);
        let found = self.search(ra, rb, !joined);
        let chain = match &found {
            Found::Path(p) => self.chain(ra, rb, p),
            Found::Unreachable | Found::Limit => Vec::new(),
        };
        let reason = if ra == rb {
            "the same report".to_string()
        } else if joined {
            let id = self.cid[self.f.find_ro(ra) as usize];
            let name = if id == NONE {
                String::new()
            } else {
                cluster_name(id)
            };
            format!("joined in {name} by a chain of {} link(s)", chain.len())
        } else if matches!(found, Found::Limit) {
            format!(
                "not joined: no chain found within the search limit of {} reports",
                self.policy.explain_limit
            )
        } else if chain.is_empty() {
            "not joined: no chain of shared indicators connects them, even through suppressed values"
                .to_string()
        } else {
            let blocked: Vec<String> = chain
                .iter()
                .filter_map(|h| match &h.via {
                    Via::Indicator {
                        ty,
                        value,
                        blocked: Some(why),
                    } => Some(format!(
                        "{ty} {value} ({})",
                        match why {
                            Blocked::Hub => "hub".to_string(),
                            Blocked::Policy => "suppressed by policy".to_string(),
                            Blocked::Warninglist { list } => format!("warninglist {list}"),
                            Blocked::TypeNotLinked => format!("{ty} values do not link"),
                        }
                    )),
                    _ => None,
                })
                .collect();
            format!(
                "not joined: the closest chain passes through values that do not link: {}",
                blocked.join(", ")
            )
        };
        Ok(Explanation {
            a: a.to_string(),
            b: b.to_string(),
            joined,
            cluster_a: ca,
            cluster_b: cb,
            chain,
            reason,
        })
    }

    /// Parent pointers from `a` up to `b`, or why there are none.
    fn search(&self, a: u32, b: u32, allow_blocked: bool) -> Found {
        let limit = self.policy.explain_limit.max(2);
        let mut dist: HashMap<u32, u32> = HashMap::new();
        let mut parent: HashMap<u32, (u32, Edge)> = HashMap::new();
        let mut expanded: HashSet<u32> = HashSet::new();
        let mut queue: VecDeque<(u32, u32)> = VecDeque::new();
        dist.insert(a, 0);
        queue.push_back((a, 0));
        while let Some((x, d)) = queue.pop_front() {
            if x == b {
                return Found::Path(parent);
            }
            if dist.get(&x).is_some_and(|&best| best < d) {
                continue;
            }
            if dist.len() > limit {
                return Found::Limit;
            }
            let mut relax =
                |y: u32, nd: u32, via: Edge, zero: bool, queue: &mut VecDeque<(u32, u32)>| {
                    if dist.get(&y).is_none_or(|&old| nd < old) {
                        dist.insert(y, nd);
                        parent.insert(y, (x, via));
                        if zero && allow_blocked {
                            queue.push_front((y, nd));
                        } else {
                            queue.push_back((y, nd));
                        }
                    }
                };
            for &d2 in self.dup_adj.get(&x).map_or(&[][..], |v| v.as_slice()) {
                relax(
                    d2,
                    if allow_blocked { d } else { d + 1 },
                    Edge::Dup,
                    true,
                    &mut queue,
                );
            }
            for &v in self.vals(x) {
                let links = self.values[v as usize].links_f();
                if !links && !allow_blocked {
                    continue;
                }
                if !expanded.insert(v) {
                    continue;
                }
                // Plain BFS counts hops; 0-1 BFS counts blocked values.
                let nd = if allow_blocked {
                    d + u32::from(!links)
                } else {
                    d + 1
                };
                for &y in &self.values[v as usize].reports {
                    if y != x {
                        relax(y, nd, Edge::Value(v), links, &mut queue);
                    }
                }
            }
        }
        Found::Unreachable
    }

    fn chain(&self, a: u32, b: u32, parent: &HashMap<u32, (u32, Edge)>) -> Vec<Hop> {
        let mut hops = Vec::new();
        let mut x = b;
        while x != a {
            let Some(&(p, edge)) = parent.get(&x) else {
                return Vec::new();
            };
            let via = match edge {
                Edge::Dup => Via::Duplicate,
                Edge::Value(v) => {
                    let m = &self.values[v as usize];
                    Via::Indicator {
                        ty: m.ty,
                        value: m.text.to_string(),
                        blocked: self.blocked(v),
                    }
                }
            };
            hops.push(Hop {
                from: self.reports[p as usize].key.to_string(),
                to: self.reports[x as usize].key.to_string(),
                via,
            });
            x = p;
        }
        hops.reverse();
        hops
    }
}
