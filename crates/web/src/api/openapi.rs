//! The OpenAPI 3.1 document, generated from the code by utoipa and served at
//! `GET /api/v1/openapi.json`.
//!
//! Each API module keeps its `#[utoipa::path]` annotations beside its handlers and its
//! response schemas beside the code that builds the JSON, and exposes a `Doc` struct
//! (`#[derive(OpenApi)] #[openapi(paths(...))]`) next to its `router()`. [`document`] merges
//! every module's `Doc` into one document and adds what they share: the security schemes,
//! the error body and the tags. A test (`tests/api/openapi.rs`) fails when a route of the
//! router is missing from the document, and schemathesis (`scripts/schemathesis`) checks that
//! the server answers as the document says.

use crate::AppState;
use crate::error::ErrorType;
use axum::routing::get;
use axum::{Json, Router};
use std::sync::OnceLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/openapi.json", get(openapi_json))
}

/// Names of the security schemes, for `security(...)` in path annotations.
pub const BEARER: &str = "bearer";
pub const BASIC: &str = "basic";
pub const COOKIE: &str = "cookie";

/// The parts every module shares.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Dragnet API",
        description = "Pool scam reports, find the operations behind them, check whether \
                       something is a scam. Errors are the JSON body `ErrorBody` with a stable \
                       `code` (docs/API.md lists them). Credentials: an API token as Bearer, \
                       HTTP Basic (e-mail and password or token), or the session cookie set by \
                       `POST /api/v1/login`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    paths(openapi_json),
    components(schemas(ErrorBody, ErrorCode, ErrorType)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "account", description = "Login, the caller, the audit log"),
        (name = "check", description = "Is this a scam? (public)"),
        (name = "reports", description = "Victims' reports and their personal data"),
        (name = "operations", description = "Operations (clusters of reports), explanations, hubs"),
        (name = "overlap", description = "Private set overlap with a partner (PSI)"),
        (name = "meta", description = "This document")
    )
)]
struct Base;

/// The whole document: every module's `Doc` merged into [`Base`]. A new API module adds
/// one line here.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Base::openapi();
    doc.merge(super::health::Doc::openapi());
    doc.merge(super::account::Doc::openapi());
    doc.merge(super::check::Doc::openapi());
    doc.merge(super::reports::Doc::openapi());
    doc.merge(super::clusters::Doc::openapi());
    doc.merge(super::cases::Doc::openapi());
    doc.merge(super::search::Doc::openapi());
    doc.merge(super::overlap::Doc::openapi());
    document_unsupported_media_types(&mut doc);
    doc
}

/// Every operation taking a JSON body answers 415 `unsupported_media_type` to any other
/// content type (`api::extract::Json`): said once here rather than on each path.
fn document_unsupported_media_types(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    for item in doc.paths.paths.values_mut() {
        for op in [&mut item.post, &mut item.put, &mut item.patch]
            .into_iter()
            .flatten()
        {
            let takes_json = matches!(&op.request_body, Some(RefOr::T(b))
                if b.content.contains_key("application/json"));
            if takes_json && !op.responses.responses.contains_key("415") {
                op.responses.responses.insert(
                    "415".into(),
                    RefOr::T(
                        ResponseBuilder::new()
                            .description("The body is not sent as application/json")
                            .content(
                                "application/json",
                                ContentBuilder::new()
                                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                                    .build(),
                            )
                            .build(),
                    ),
                );
            }
        }
    }
}

/// The document as served (built once).
pub fn document_json() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::to_value(document()).unwrap_or(serde_json::Value::Null))
}

/// This OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = Object))
)]
async fn openapi_json() -> Json<serde_json::Value> {
    Json(document_json().clone())
}

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("dgn_…")
                    .description(Some(
                        "An API token from `dragnet token create`, scoped read/write/admin",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            BASIC,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Basic)
                    .description(Some("E-mail and password, or e-mail and an API token"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            COOKIE,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "The session cookie set by POST /api/v1/login (12 hours)",
            ))),
        );
    }
}

/// Every error code a client can see (docs/API.md has the table of when).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(
    dead_code,
    reason = "a schema only: the codes are the strings in error.rs"
)]
pub enum ErrorCode {
    InvalidField,
    InvalidParameter,
    MalformedBody,
    BatchRejected,
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    AmbiguousId,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unavailable,
    OverlapProtocol,
    RateLimited,
    StorageReadOnly,
    StorageFull,
    Internal,
}

/// The body of every error response.
#[derive(ToSchema)]
#[allow(
    dead_code,
    reason = "a schema only: `ApiError` serialises to this shape"
)]
pub struct ErrorBody {
    /// For people; never matched on.
    #[schema(example = "loss.currency: `ZZZ` is not an ISO 4217 currency code")]
    message: String,
    code: ErrorCode,
    #[schema(rename = "type")]
    ty: ErrorType,
    #[schema(example = "https://dragnet.invalid/docs/errors#invalid_field")]
    link: String,
    /// The offending field or parameter (dotted path), for validation errors.
    #[schema(nullable = false)]
    field: Option<String>,
    /// Per-line details of a rejected batch.
    #[schema(nullable = false)]
    details: Option<Vec<BatchLine>>,
}

/// The outcome of one line of a JSON Lines batch.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: the handler builds this JSON")]
pub struct BatchLine {
    /// 1-based line number in the body.
    line: u64,
    status: BatchLineStatus,
    #[schema(nullable = false)]
    id: Option<String>,
    #[schema(nullable = false)]
    source: Option<String>,
    /// For a rejected line: the field at fault.
    #[schema(nullable = false)]
    field: Option<String>,
    /// For a rejected line: why.
    #[schema(nullable = false)]
    reason: Option<String>,
}

#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code, reason = "a schema only")]
pub enum BatchLineStatus {
    Created,
    Duplicate,
    Rejected,
}

/// An indicator type (FORMATS.md §2).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(
    dead_code,
    reason = "a schema only: dragnet_core::IndicatorType serialises to these"
)]
pub enum IndicatorTypeName {
    Phone,
    Url,
    Domain,
    Email,
    Ip,
    RemoteAccessId,
    CryptoWallet,
    Iban,
    GiftCard,
    Other,
}

/// An extracted, normalised indicator (FORMATS.md §2).
#[derive(ToSchema)]
#[allow(
    dead_code,
    reason = "a schema only: dragnet_core::Indicator serialises to this"
)]
pub struct IndicatorView {
    #[schema(rename = "type")]
    ty: IndicatorTypeName,
    /// The normalised value, e.g. `+18885550147`.
    value: String,
    /// As written.
    raw: String,
    #[schema(nullable = false)]
    country: Option<String>,
    /// Line type, currency, tool or card brand.
    #[schema(nullable = false)]
    kind: Option<String>,
    /// Set when the value is on a warninglist (it links nothing).
    #[schema(nullable = false)]
    warning: Option<String>,
}

/// An indicator as a source stated it.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: dragnet_core::RawIndicator")]
pub struct RawIndicatorView {
    #[schema(rename = "type")]
    ty: IndicatorTypeName,
    value: String,
}
