//! Partners' intelligence in the check and the analysts' search: values an organisation
//! pulled or imported from partners (`dragnet_store::partner`), shown to whoever TLP allows.
//!
//! The check (`/api/v1/check`, the `/check` page's API) adds `partner_intel` to its answer
//! when one of the checked indicators is in a partner's feed and the caller may see it:
//! anyone sees TLP:CLEAR entries (partner, level, since when; never the receiving
//! organisation's feed), a signed-in member of the receiving organisation with the `read`
//! scope also its GREEN, AMBER and AMBER+STRICT entries with the feed (URL and collection,
//! or file) and the indicator's STIX id. TLP:RED entries are never shown here. The index is
//! in memory ([`PartnerIntel`]): a check that matches nothing costs one map look-up per
//! indicator and never reads the database or the caller's credentials.

use crate::AppState;
use crate::auth::Caller;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use dragnet_core::{IndicatorType, RawIndicator};
use dragnet_store::{PartnerIntel, PartnerIntelStore, PartnerViewer, Role, Scope};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// How often a server looks for partners' indicators stored by other processes
/// (`dragnet pull` runs as its own process).
pub const REFRESH_EVERY: Duration = Duration::from_secs(5);

/// The partner view of a caller: its organisation's entries need the `read` scope.
pub fn viewer(caller: Option<&Caller>) -> PartnerViewer {
    match caller {
        Some(c) if c.has_scope(Scope::Read) && c.role != Role::LeLiaison => {
            PartnerViewer::Org(c.org_id)
        }
        _ => PartnerViewer::Public,
    }
}

/// `type:value` of each indicator a verdict found; a web address also gives its domain (a
/// partner flags `rnicrosoft-help.com`, the caller checks a link to a page on it).
pub fn keys(verdict: &dragnet_detect::Verdict) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for i in &verdict.indicators {
        keys.push(format!("{}:{}", i.ty.as_str(), i.value));
        if i.ty == IndicatorType::Url
            && let Some(host) = url::Url::parse(&i.value)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
            && let Ok(d) = dragnet_extract::shared().normalise(
                &RawIndicator {
                    ty: IndicatorType::Domain,
                    value: host,
                },
                &dragnet_extract::Context::default(),
            )
        {
            let k = format!("domain:{}", d.value);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys
}

/// The entries of `keys` that `viewer` may see.
pub fn for_keys(intel: &PartnerIntel, viewer: PartnerViewer, keys: &[String]) -> Vec<Value> {
    keys.iter().flat_map(|k| intel.lookup(viewer, k)).collect()
}

/// Adds `partner_intel` to a check's answer when there is something the caller may see.
/// The caller's credentials are read only when a checked value is in some partner's feed.
pub async fn annotate_check(state: &AppState, parts: &mut Parts, keys: &[String], v: &mut Value) {
    let intel = &state.partner_intel;
    if !keys.iter().any(|k| intel.has_key(k)) {
        return;
    }
    let signed_in = parts.headers.contains_key(header::AUTHORIZATION)
        || parts.headers.contains_key(header::COOKIE);
    let caller = if signed_in {
        Caller::from_request_parts(parts, state).await.ok()
    } else {
        None
    };
    let entries = for_keys(intel, viewer(caller.as_ref()), keys);
    if !entries.is_empty() {
        v["partner_intel"] = Value::Array(entries);
    }
}

/// Entries for a search: the exact normalised forms, then values starting with `prefix`
/// (in every type), at most `limit` in all.
pub fn for_search(
    intel: &PartnerIntel,
    viewer: PartnerViewer,
    exact: &[RawIndicator],
    prefix: Option<&str>,
    only: Option<IndicatorType>,
    limit: usize,
) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for r in exact {
        out.extend(intel.lookup(viewer, &format!("{}:{}", r.ty.as_str(), r.value)));
    }
    // Exact matches always come; prefix matches fill up to `limit`.
    let limit = limit.max(out.len());
    if let Some(p) = prefix {
        for ty in IndicatorType::ALL {
            if only.is_some_and(|o| o != ty) || out.len() >= limit {
                continue;
            }
            for e in intel.prefix(viewer, &format!("{}:{p}", ty.as_str()), limit) {
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
    }
    out.truncate(limit);
    out
}

/// Reloads `intel` every `every` when the store's partners' indicators changed.
pub fn spawn_refresh(
    intel: Arc<PartnerIntel>,
    store: Arc<dyn PartnerIntelStore>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            if let Err(e) = intel.refresh(store.as_ref()).await {
                tracing::warn!(error = %e, "cannot reload partners' indicators");
            }
        }
    })
}
