//! Dragnet's correlation engine: links scam reports into operations (clusters) by the
//! specific infrastructure they share, without over-correlation. Pure: no I/O, no clock.
//!
//! * [`Engine`] takes [`ReportNode`]s one at a time ([`Engine::add`]) and keeps the
//!   partition up to date incrementally; the partition depends only on the set of reports
//!   and the [`Policy`], never on their order, and ids depend only on the order.
//! * Links are made by values of the specific types only (phone, domain, url, email,
//!   remote-access id, wallet, IBAN, gift card); warninglisted values never link, and
//!   values shared thinly across otherwise separate groups are suppressed as hubs
//!   ([`HubRule`]). Reports of one victim's one incident are linked as duplicates and
//!   counted once.
//! * [`Engine::explain`] shows the chain joining two reports, or what blocks it;
//!   [`Engine::summaries`] produces FORMATS.md §3 lines with losses normalised to USD.
//!
//! The rules are written out in `docs/CORRELATION.md`.
#![forbid(unsafe_code)]

pub mod brands;
mod dsu;
pub mod engine;
pub mod explain;
pub mod node;
pub mod policy;
pub mod rates;
pub mod summary;

pub use engine::{ClusterEvent, Engine, Hub};
pub use explain::{Blocked, ExplainError, Explanation, Hop, Via};
pub use node::ReportNode;
pub use policy::{DuplicateRule, HubRule, Policy, SuppressedValue};
pub use rates::{RATES_DATE, Rates};
pub use summary::{ClusterSummary, IndicatorCount, LossSummary};
