//! TAXII 2.1 (OASIS) server: discovery, one API root per organisation, collections per
//! sharing group, objects, manifests, versions, POST of envelopes and status resources.
//!
//! The model (docs/SHARING.md, "TAXII 2.1"): `GET /taxii2/` lists the caller's own
//! organisation's API root `/taxii2/{org}/`. In it:
//!
//! | collection (alias) | holds | read | write |
//! | --- | --- | --- | --- |
//! | `intel` | the organisation's own intelligence: published from its operations (`dragnet taxii publish`) and POSTed by its members | members | members with the `write` scope (not `le_liaison`) |
//! | `received` | partners' intelligence it pulled (`dragnet pull`) or imported, marked with the source | members | no |
//! | `shared-clear`, `shared-green`, `shared-amber` | every *other* organisation's `intel` objects marked exactly that TLP level | members | no |
//!
//! So TLP is enforced by construction: another organisation's object reaches a caller only
//! through a shared collection of its level, and there are none for AMBER+STRICT and RED,
//! which stay in the owning organisation. Pagination uses the storage sequence as the
//! `next` token (see `dragnet_store::taxii`). Errors are TAXII error messages.

mod objects;
pub mod publish;

use crate::auth::Caller;
use crate::{ApiError, AppState};
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dragnet_share::Tlp;
use dragnet_store::taxii::{INTEL, RECEIVED, TaxiiView};
use dragnet_store::{Org, Role, Scope};
use serde_json::{Value, json};

/// The TAXII 2.1 media type, as every response carries it.
pub const TAXII_MEDIA_TYPE: &str = "application/taxii+json;version=2.1";
/// The STIX 2.1 media type collections hold.
pub const STIX_MEDIA_TYPE: &str = "application/stix+json;version=2.1";
/// Most objects in one page; a client asking for more gets this many and `next`.
pub const MAX_PAGE: i64 = 10_000;
/// Objects per page when the client names no `limit`.
pub const DEFAULT_PAGE: i64 = 1_000;

/// Levels other organisations' intelligence is shared at (see the module docs).
pub const SHARED_LEVELS: [Tlp; 3] = [Tlp::Clear, Tlp::Green, Tlp::Amber];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/taxii2", get(discovery))
        .route("/taxii2/", get(discovery))
        .route("/taxii2/{root}", get(api_root))
        .route("/taxii2/{root}/", get(api_root))
        .route("/taxii2/{root}/collections", get(collections))
        .route("/taxii2/{root}/collections/", get(collections))
        .route("/taxii2/{root}/collections/{coll}", get(collection))
        .route("/taxii2/{root}/collections/{coll}/", get(collection))
        .merge(objects::router())
        .layer(axum::middleware::from_fn(negotiate))
}

/// A TAXII error message (TAXII 2.1 §3.6.1).
#[derive(Debug)]
pub struct TaxiiError {
    pub status: StatusCode,
    pub title: String,
    pub description: String,
    pub details: Option<Value>,
}

impl TaxiiError {
    pub fn new(status: StatusCode, title: &str, description: impl Into<String>) -> Self {
        TaxiiError {
            status,
            title: title.to_string(),
            description: description.into(),
            details: None,
        }
    }
    pub fn bad_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "Bad request", description)
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "Not found",
            format!("{what} not found"),
        )
    }
    pub fn forbidden(description: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "Forbidden", description)
    }
}

impl From<ApiError> for TaxiiError {
    fn from(e: ApiError) -> Self {
        TaxiiError {
            status: e.status,
            title: e.code.replace('_', " "),
            description: e.message,
            details: e.details,
        }
    }
}

impl From<dragnet_store::StoreError> for TaxiiError {
    fn from(e: dragnet_store::StoreError) -> Self {
        ApiError::from(e).into()
    }
}

impl IntoResponse for TaxiiError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "title": self.title,
            "description": self.description,
            "http_status": self.status.as_u16().to_string(),
        });
        if let Some(d) = self.details {
            body["details"] = d;
        }
        let mut resp = taxii_json(self.status, body.to_string());
        let h = resp.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            h.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"dragnet\", Bearer realm=\"dragnet\""),
            );
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            h.insert(header::RETRY_AFTER, HeaderValue::from(2));
        }
        resp
    }
}

/// A response with the TAXII media type and a JSON body given as text.
pub fn taxii_json(status: StatusCode, body: String) -> Response {
    let mut resp = (status, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(TAXII_MEDIA_TYPE),
    );
    resp
}

/// True when a media type (with its parameters) is TAXII 2.1: `application/taxii+json` with
/// `version=2.1` or no version (the latest, which this server speaks).
pub fn is_taxii_21(media: &str) -> bool {
    let mut parts = media.split(';').map(str::trim);
    let essence = parts.next().unwrap_or("");
    if !essence.eq_ignore_ascii_case("application/taxii+json") {
        return false;
    }
    parts.all(|p| match p.split_once('=') {
        Some((k, v)) if k.trim().eq_ignore_ascii_case("version") => {
            v.trim().trim_matches('"') == "2.1"
        }
        _ => true,
    })
}

/// An `Accept` header this server can satisfy: absent, or naming TAXII 2.1, `application/*`
/// or `*/*` among its media ranges (with a non-zero quality).
fn acceptable(accept: Option<&str>) -> bool {
    let Some(accept) = accept else { return true };
    accept.split(',').any(|range| {
        let range = range.trim();
        let refused = range.split(';').skip(1).any(|p| {
            p.split_once('=').is_some_and(|(k, v)| {
                k.trim() == "q" && v.trim().parse::<f32>().is_ok_and(|q| q == 0.0)
            })
        });
        if refused {
            return false;
        }
        let essence = range.split(';').next().unwrap_or("").trim();
        essence == "*/*" || essence.eq_ignore_ascii_case("application/*") || is_taxii_21(range)
    })
}

/// 406 for an `Accept` header naming nothing TAXII 2.1; 415 for a body of another type.
async fn negotiate(req: Request, next: Next) -> Response {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    if !acceptable(accept) {
        return TaxiiError::new(
            StatusCode::NOT_ACCEPTABLE,
            "Not acceptable",
            format!(
                "this server answers {TAXII_MEDIA_TYPE}; the Accept header `{}` does not allow it",
                accept.unwrap_or_default()
            ),
        )
        .into_response();
    }
    if req.method() == axum::http::Method::POST {
        let ct = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !is_taxii_21(ct) {
            return TaxiiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                format!("send envelopes as {TAXII_MEDIA_TYPE}, not `{ct}`"),
            )
            .into_response();
        }
    }
    next.run(req).await
}

/// Authenticates and requires the read scope (every TAXII endpoint reads).
pub fn reader(caller: Result<Caller, ApiError>) -> Result<Caller, TaxiiError> {
    let caller = caller?;
    caller.need_scope(Scope::Read)?;
    Ok(caller)
}

/// The URL path of an organisation's API root (`/taxii2/contoso/`), percent-encoded.
pub fn root_path(org: &str) -> String {
    let mut s = String::from("/taxii2/");
    for b in org.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s.push('/');
    s
}

/// The caller's organisation, when `root` names it; 404 for unknown roots, 403 for others'.
async fn own_root(state: &AppState, caller: &Caller, root: &str) -> Result<Org, TaxiiError> {
    if root == caller.org {
        return Ok(Org {
            id: caller.org_id,
            name: caller.org.clone(),
        });
    }
    match state.accounts.org_by_name(root).await? {
        Some(_) => Err(TaxiiError::forbidden(
            "an API root is readable by its own organisation's members only; partners' \
             intelligence reaches you through the shared collections of your own API root",
        )),
        None => Err(TaxiiError::not_found("API root")),
    }
}

/// One collection of an API root, as a caller sees it.
#[derive(Debug, Clone)]
pub struct Coll {
    pub id: String,
    pub alias: String,
    pub title: String,
    pub description: String,
    pub view: TaxiiView,
    pub can_write: bool,
}

/// Deterministic collection ids: UUIDv5 of the organisation and the alias, so they are the
/// same on every start and in every installation's configuration.
fn collection_id(org: &str, alias: &str) -> String {
    const NS: uuid::Uuid = uuid::Uuid::from_u128(0x5c1d_6a0e_93f4_4f4b_9a0e_7d3b_2a41_c0de);
    uuid::Uuid::new_v5(&NS, format!("{org}/{alias}").as_bytes()).to_string()
}

/// Every collection of the caller's own API root.
pub fn collections_of(caller: &Caller, org: &Org) -> Vec<Coll> {
    let writer = caller.has_scope(Scope::Write) && caller.role != Role::LeLiaison;
    let mut v = vec![
        Coll {
            id: collection_id(&org.name, INTEL),
            alias: INTEL.into(),
            title: format!("{} intelligence", org.name),
            description: "This organisation's own intelligence: operations, indicators and \
                          sighting counts published from its reports, and objects its members \
                          add. Every TLP level; readable by its members only."
                .into(),
            view: TaxiiView::Collection {
                org_id: org.id,
                collection: INTEL.into(),
            },
            can_write: writer,
        },
        Coll {
            id: collection_id(&org.name, RECEIVED),
            alias: RECEIVED.into(),
            title: format!("Intelligence {} received from partners", org.name),
            description: "Objects pulled from partners' TAXII collections or imported from \
                          their files, kept with their source. Not shared further."
                .into(),
            view: TaxiiView::Collection {
                org_id: org.id,
                collection: RECEIVED.into(),
            },
            can_write: false,
        },
    ];
    for tlp in SHARED_LEVELS {
        let alias = format!("shared-{}", tlp.as_str());
        v.push(Coll {
            id: collection_id(&org.name, &alias),
            title: format!("Partners' intelligence marked {}", tlp.label()),
            description: format!(
                "The intelligence of the other organisations on this server marked {}.",
                tlp.label()
            ),
            alias,
            view: TaxiiView::Shared {
                reader_org: org.id,
                tlp: tlp_rank(tlp),
            },
            can_write: false,
        });
    }
    v
}

/// The stored TLP rank (0 CLEAR … 4 RED).
pub fn tlp_rank(t: Tlp) -> u8 {
    Tlp::ALL.iter().position(|x| *x == t).unwrap_or(4) as u8
}

/// The caller's collection named by id or alias.
pub async fn find_collection(
    state: &AppState,
    caller: &Caller,
    root: &str,
    coll: &str,
) -> Result<(Org, Coll), TaxiiError> {
    let org = own_root(state, caller, root).await?;
    collections_of(caller, &org)
        .into_iter()
        .find(|c| c.id == coll || c.alias == coll)
        .map(|c| (org, c))
        .ok_or_else(|| TaxiiError::not_found("collection"))
}

fn collection_json(c: &Coll) -> Value {
    json!({
        "id": c.id,
        "title": c.title,
        "description": c.description,
        "alias": c.alias,
        "can_read": true,
        "can_write": c.can_write,
        "media_types": [STIX_MEDIA_TYPE],
    })
}

async fn discovery(caller: Result<Caller, ApiError>) -> Result<Response, TaxiiError> {
    let caller = reader(caller)?;
    let root = root_path(&caller.org);
    let body = json!({
        "title": "Dragnet TAXII 2.1",
        "description": "Scam call-centre intelligence: operations, indicators and sighting \
                        counts (never victims' personal data). One API root per organisation.",
        "default": root,
        "api_roots": [root],
    });
    Ok(taxii_json(StatusCode::OK, body.to_string()))
}

async fn api_root(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Path(root): Path<String>,
) -> Result<Response, TaxiiError> {
    let caller = reader(caller)?;
    let org = own_root(&state, &caller, &root).await?;
    let body = json!({
        "title": format!("{} on Dragnet", org.name),
        "description": "This organisation's intelligence, what it received, and what partners share with it.",
        "versions": [TAXII_MEDIA_TYPE],
        "max_content_length": state.limits.max_body_bytes,
    });
    Ok(taxii_json(StatusCode::OK, body.to_string()))
}

async fn collections(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Path(root): Path<String>,
) -> Result<Response, TaxiiError> {
    let caller = reader(caller)?;
    let org = own_root(&state, &caller, &root).await?;
    let list: Vec<Value> = collections_of(&caller, &org)
        .iter()
        .map(collection_json)
        .collect();
    Ok(taxii_json(
        StatusCode::OK,
        json!({ "collections": list }).to_string(),
    ))
}

async fn collection(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Path((root, coll)): Path<(String, String)>,
) -> Result<Response, TaxiiError> {
    let caller = reader(caller)?;
    let (_, c) = find_collection(&state, &caller, &root, &coll).await?;
    Ok(taxii_json(StatusCode::OK, collection_json(&c).to_string()))
}

/// `X-TAXII-Date-Added-First` / `-Last` for a non-empty page.
pub fn date_headers(headers: &mut HeaderMap, first: Option<&str>, last: Option<&str>) {
    if let (Some(f), Some(l)) = (first, last)
        && let (Ok(f), Ok(l)) = (HeaderValue::from_str(f), HeaderValue::from_str(l))
    {
        headers.insert("x-taxii-date-added-first", f);
        headers.insert("x-taxii-date-added-last", l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_negotiated() {
        assert!(is_taxii_21("application/taxii+json;version=2.1"));
        assert!(is_taxii_21("application/taxii+json; version=\"2.1\""));
        assert!(is_taxii_21("application/taxii+json"));
        assert!(!is_taxii_21("application/taxii+json;version=2.0"));
        assert!(!is_taxii_21("application/json"));
        assert!(acceptable(None));
        assert!(acceptable(Some("*/*")));
        assert!(acceptable(Some(
            "application/json, application/taxii+json;version=2.1"
        )));
        assert!(!acceptable(Some("application/json")));
        assert!(!acceptable(Some("application/taxii+json;version=2.0")));
        assert!(!acceptable(Some("application/taxii+json;version=2.1;q=0")));
    }

    #[test]
    fn root_paths_are_escaped() {
        assert_eq!(root_path("contoso"), "/taxii2/contoso/");
        assert_eq!(root_path("Police Scotland"), "/taxii2/Police%20Scotland/");
    }
}
