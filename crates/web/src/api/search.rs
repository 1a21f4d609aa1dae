//! `GET /api/v1/search?q=…[&type=phone&country=DE&limit=N]`: stored indicators matching a
//! phone number, domain, e-mail, URL, remote-access id, wallet, IBAN or gift card, with the
//! reports and operations that carry them.
//!
//! The query is normalised with the extractor, exactly as reports are: `0800 123 4567`
//! with `country=DE` finds `+498001234567`, `hxxps://evil[.]com/x` finds the URL and the
//! domain. Normalised values are looked up exactly; the query is also tried as the start of
//! a stored value (`+1888555` finds every number it begins, `microsoft-` every domain).
//! Counts cover every organisation; reports are listed only when the caller may see them
//! (own organisation; admins all; law-enforcement liaisons none), the rest of the
//! organisations' reports only counted. The page `/app/search` shows the same answer.

use crate::api::extract::Query;
use crate::api::openapi::{ErrorBody, IndicatorTypeName};
use crate::auth::Caller;
use crate::{ApiError, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use dragnet_core::{Country, IndicatorType, RawIndicator};
use dragnet_extract::Context;
use dragnet_store::{IndicatorMatch, Role, Scope, Viewer};
use serde_json::{Value, json};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// Longest query accepted.
pub const MAX_QUERY_CHARS: usize = 2048;
/// Prefix matches returned at most (exact matches always come).
pub const DEFAULT_LIMIT: usize = 50;
/// Prefixes shorter than this are not searched (too many matches to mean anything).
pub const MIN_PREFIX_CHARS: usize = 4;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/search", get(search))
}

#[derive(OpenApi)]
#[openapi(paths(search), components(schemas(SearchView)))]
pub struct Doc;

#[derive(Debug, Default, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The value to look for, written any way (defanged, national phone formats…).
    #[serde(default)]
    pub q: String,
    /// Only this indicator type (`phone`, `domain`, …).
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// Region for national phone numbers (ISO 3166-1 alpha-2).
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub limit: Option<usize>,
}

/// One result: the stored indicator, its counts, the caller's reports and the operations.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    #[serde(flatten)]
    pub indicator: IndicatorMatch,
    /// Reports of other organisations carrying it (counted, never listed).
    pub reports_other: i64,
    /// Operations (of two or more reports) whose reports carry it.
    pub operations: Vec<String>,
}

/// The answer to a search.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchAnswer {
    pub query: String,
    /// The query's normalised forms that were looked up exactly.
    pub normalised: Vec<RawIndicator>,
    /// The prefix tried, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    pub results: Vec<Hit>,
    /// Partners' indicators (pulled or imported) matching the query that the caller may
    /// see (`crate::partner`).
    pub partner_intel: Vec<Value>,
}

/// Bad search input, with the parameter at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchError {
    pub field: &'static str,
    pub reason: String,
}

/// The types a free query is tried as (besides what the extractor finds in it).
const TRY_TYPES: [IndicatorType; 8] = [
    IndicatorType::Phone,
    IndicatorType::Domain,
    IndicatorType::Url,
    IndicatorType::Email,
    IndicatorType::RemoteAccessId,
    IndicatorType::CryptoWallet,
    IndicatorType::Iban,
    IndicatorType::GiftCard,
];

/// The exact lookups and the prefix for a query (pure: no store).
pub fn plan(
    extractor: &dragnet_extract::Extractor,
    q: &SearchQuery,
) -> Result<(Vec<RawIndicator>, Option<String>), SearchError> {
    let text = q.q.trim();
    if text.is_empty() {
        return Err(SearchError {
            field: "q",
            reason: "type a phone number, domain, e-mail address or other indicator".into(),
        });
    }
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(SearchError {
            field: "q",
            reason: format!("at most {MAX_QUERY_CHARS} characters"),
        });
    }
    let only: Option<IndicatorType> = match q.ty.as_deref().map(str::trim) {
        None | Some("") | Some("any") => None,
        Some(t) => Some(t.parse().map_err(|_| SearchError {
            field: "type",
            reason: format!("`{t}` is not an indicator type"),
        })?),
    };
    let region = match q.country.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(Country::parse(c).map_err(|e| SearchError {
            field: "country",
            reason: e.to_string(),
        })?),
    };
    let ctx = Context {
        default_region: region,
    };
    let mut exact: Vec<RawIndicator> = Vec::new();
    let mut push = |ty: IndicatorType, value: String| {
        if only.is_none_or(|o| o == ty) && !exact.iter().any(|e| e.ty == ty && e.value == value) {
            exact.push(RawIndicator { ty, value });
        }
    };
    match only {
        Some(ty) => {
            let raw = RawIndicator {
                ty,
                value: text.to_string(),
            };
            match extractor.normalise(&raw, &ctx) {
                Ok(i) => push(i.ty, i.value),
                // A partial value is still worth a prefix search.
                Err(e) if text.chars().count() < MIN_PREFIX_CHARS => {
                    return Err(SearchError {
                        field: "q",
                        reason: e,
                    });
                }
                Err(_) => {}
            }
        }
        None => {
            for i in extractor.extract_text(text, &ctx) {
                push(i.ty, i.value);
            }
            for ty in TRY_TYPES {
                let raw = RawIndicator {
                    ty,
                    value: text.to_string(),
                };
                if let Ok(i) = extractor.normalise(&raw, &ctx) {
                    push(i.ty, i.value);
                }
            }
        }
    }
    Ok((exact, prefix_of(text)))
}

/// What a stored value would start with if it began with the query: phone-like input
/// becomes `+digits` (E.164), anything else is lower-cased. `None` for short input.
pub fn prefix_of(text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '(' | ')' | '/'))
        .collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    let p = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("+{}", digits.trim_start_matches("00"))
    } else {
        text.trim().to_lowercase()
    };
    (p.chars().count() >= MIN_PREFIX_CHARS).then_some(p)
}

/// Who sees which reports in a search.
pub fn viewer_of(caller: &Caller) -> Viewer {
    match caller.role {
        Role::Admin => Viewer::All,
        r if r.reads_own_reports() => Viewer::Org(caller.org_id),
        _ => Viewer::Nobody,
    }
}

/// Runs a search for `caller` (used by the API and the page).
pub async fn run(
    state: &AppState,
    caller: &Caller,
    q: &SearchQuery,
) -> Result<Result<SearchAnswer, SearchError>, ApiError> {
    let (exact, prefix) = match plan(&state.extractor, q) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let only: Option<IndicatorType> = q.ty.as_deref().and_then(|t| t.parse().ok());
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, 500);
    let pairs: Vec<(IndicatorType, String)> =
        exact.iter().map(|r| (r.ty, r.value.clone())).collect();
    let found = state
        .store
        .search_indicators(&pairs, prefix.as_deref(), viewer_of(caller), limit)
        .await?;
    let results: Vec<Hit> = {
        let engine = state.operations.read();
        found
            .into_iter()
            .filter(|m| only.is_none_or(|o| o == m.ty))
            .map(|m| {
                let operations = engine.value_operations(m.ty, &m.value);
                Hit {
                    reports_other: m.reports_total - m.reports_visible,
                    operations,
                    indicator: m,
                }
            })
            .collect()
    };
    let partner_intel = crate::partner::for_search(
        &state.partner_intel,
        crate::partner::viewer(Some(caller)),
        &exact,
        prefix.as_deref(),
        only,
        limit,
    );
    Ok(Ok(SearchAnswer {
        query: q.q.trim().to_string(),
        normalised: exact,
        prefix,
        results,
        partner_intel,
    }))
}

/// The answer as the document describes it (`SearchAnswer` serialised, plus `count`).
#[derive(ToSchema)]
#[allow(dead_code)]
struct SearchView {
    query: String,
    normalised: Vec<NormalisedView>,
    #[schema(nullable = false)]
    prefix: Option<String>,
    count: usize,
    results: Vec<HitView>,
    /// Partners' indicators matching the query that the caller may see.
    #[schema(value_type = Vec<Object>)]
    partner_intel: Vec<Value>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
struct NormalisedView {
    #[schema(rename = "type")]
    ty: IndicatorTypeName,
    value: String,
}

#[derive(ToSchema)]
#[allow(dead_code)]
struct HitView {
    #[schema(rename = "type")]
    ty: IndicatorTypeName,
    value: String,
    /// The warninglist the value is on (it links nothing).
    #[schema(nullable = false)]
    warning: Option<String>,
    exact: bool,
    reports_total: i64,
    reports_visible: i64,
    reports_other: i64,
    reports: Vec<ReportRefView>,
    operations: Vec<String>,
}

#[derive(ToSchema)]
#[allow(dead_code)]
struct ReportRefView {
    source: String,
    id: String,
    #[schema(nullable = false)]
    cluster: Option<String>,
    #[schema(nullable = false)]
    received_at: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/search", tag = "operations",
    params(SearchQuery),
    security(("bearer" = []), ("basic" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Stored indicators matching the query", body = SearchView),
        (status = 400, description = "A bad `q`, `type` or `country`", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `read` scope", body = ErrorBody),
    ))]
async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Value>, ApiError> {
    caller.need_scope(Scope::Read)?;
    match run(&state, &caller, &q).await? {
        Ok(answer) => {
            let mut v = serde_json::to_value(&answer).unwrap_or(Value::Null);
            v["count"] = json!(answer.results.len());
            Ok(Json(v))
        }
        Err(e) => Err(ApiError::invalid_field(e.field, &e.reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str, ty: Option<&str>, country: Option<&str>) -> SearchQuery {
        SearchQuery {
            q: text.into(),
            ty: ty.map(Into::into),
            country: country.map(Into::into),
            limit: None,
        }
    }

    #[test]
    fn queries_are_normalised_like_reports() {
        let x = dragnet_extract::Extractor::new();
        let (exact, prefix) = plan(&x, &q("1-888-555-0147", None, Some("US"))).unwrap();
        assert!(
            exact
                .iter()
                .any(|r| r.ty == IndicatorType::Phone && r.value == "+18885550147"),
            "{exact:?}"
        );
        assert_eq!(prefix.as_deref(), Some("+18885550147"));
        let (exact, _) = plan(&x, &q("hxxps://microsoft-help[.]com/fix", None, None)).unwrap();
        assert!(
            exact
                .iter()
                .any(|r| r.ty == IndicatorType::Domain && r.value == "microsoft-help.com")
        );
        let (exact, _) = plan(&x, &q("Scammer@Evil-Support.COM", Some("email"), None)).unwrap();
        assert_eq!(exact.len(), 1);
        assert_eq!(exact[0].value, "scammer@evil-support.com");
    }

    #[test]
    fn bad_queries_name_their_parameter() {
        let x = dragnet_extract::Extractor::new();
        for (query, field) in [
            (q("  ", None, None), "q"),
            (q("x", Some("telephone"), None), "type"),
            (q("0800 123", None, Some("XX")), "country"),
            (q("ab", Some("phone"), None), "q"),
        ] {
            assert_eq!(plan(&x, &query).unwrap_err().field, field, "{:?}", query.q);
        }
    }

    #[test]
    fn prefixes() {
        assert_eq!(prefix_of("+1 888 555").as_deref(), Some("+1888555"));
        assert_eq!(prefix_of("0044 20 7946").as_deref(), Some("+44207946"));
        assert_eq!(prefix_of("Microsoft-").as_deref(), Some("microsoft-"));
        assert_eq!(prefix_of("ab"), None);
        assert_eq!(prefix_of("+12"), None);
    }
}
