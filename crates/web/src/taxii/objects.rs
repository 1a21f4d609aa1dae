//! The object endpoints of a collection (get, manifest, by id, versions, POST) and status
//! resources.
//!
//! Filters (TAXII 2.1 §3.4): `added_after` (RFC 3339), `limit` (at most [`MAX_PAGE`]), `next`
//! (the opaque token of the previous page: a storage sequence number), `match[type]`,
//! `match[id]`, `match[version]` (`last` by default, `first`, `all` or timestamps) and
//! `match[spec_version]`, each a comma-separated list. Unknown `match[…]` fields are
//! refused rather than ignored, so a client never mistakes an unfiltered answer for a
//! filtered one.

use super::{
    DEFAULT_PAGE, MAX_PAGE, STIX_MEDIA_TYPE, TaxiiError, date_headers, find_collection, reader,
    taxii_json, tlp_rank,
};
use crate::auth::Caller;
use crate::{ApiError, AppState};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use dragnet_share::Tlp;
use dragnet_share::envelope::{check_objects, parse_timestamp};
use dragnet_store::Scope;
use dragnet_store::taxii::{
    Added, INTEL, NewTaxiiObject, TaxiiObject, TaxiiQuery, VersionFilter, format_timestamp,
};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for slash in ["", "/"] {
        r = r
            .route(
                &format!("/taxii2/{{root}}/collections/{{coll}}/objects{slash}"),
                get(get_objects).post(add_objects),
            )
            .route(
                &format!("/taxii2/{{root}}/collections/{{coll}}/manifest{slash}"),
                get(get_manifest),
            )
            .route(
                &format!("/taxii2/{{root}}/collections/{{coll}}/objects/{{id}}{slash}"),
                get(get_object),
            )
            .route(
                &format!("/taxii2/{{root}}/collections/{{coll}}/objects/{{id}}/versions{slash}"),
                get(get_versions),
            )
            .route(
                &format!("/taxii2/{{root}}/status/{{id}}{slash}"),
                get(get_status),
            );
    }
    r
}

/// The filters of a request, checked.
struct Filters {
    added_after: Option<String>,
    limit: i64,
    next: i64,
    types: Vec<String>,
    ids: Vec<String>,
    spec_versions: Vec<String>,
    versions: Option<VersionFilter>,
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn timestamp(param: &str, v: &str) -> Result<String, TaxiiError> {
    parse_timestamp(v).map(format_timestamp).ok_or_else(|| {
        TaxiiError::bad_request(format!(
            "{param}: `{v}` is not an RFC 3339 UTC timestamp (e.g. 2026-11-22T03:04:05.000Z)"
        ))
    })
}

impl Filters {
    /// Reads the query; `allowed` lists the `match[…]` fields this endpoint takes.
    fn parse(params: &[(String, String)], allowed: &[&str]) -> Result<Self, TaxiiError> {
        let mut f = Filters {
            added_after: None,
            limit: DEFAULT_PAGE,
            next: 0,
            types: Vec::new(),
            ids: Vec::new(),
            spec_versions: Vec::new(),
            versions: None,
        };
        for (k, v) in params {
            match k.as_str() {
                "added_after" => f.added_after = Some(timestamp(k, v)?),
                "limit" => {
                    let n: i64 = v.trim().parse().map_err(|_| {
                        TaxiiError::bad_request(format!("limit: `{v}` is not a positive integer"))
                    })?;
                    if n < 0 {
                        return Err(TaxiiError::bad_request(format!(
                            "limit: `{v}` is not a positive integer"
                        )));
                    }
                    // 0 (what some clients send for "no preference") gets the default page.
                    f.limit = if n == 0 {
                        DEFAULT_PAGE
                    } else {
                        n.min(MAX_PAGE)
                    };
                }
                "next" => {
                    f.next = v
                        .trim()
                        .parse::<i64>()
                        .ok()
                        .filter(|n| *n >= 0)
                        .ok_or_else(|| {
                            TaxiiError::bad_request(format!(
                                "next: `{v}` is not a token this server gave"
                            ))
                        })?;
                }
                m if m.starts_with("match[") && m.ends_with(']') => {
                    let field = &m[6..m.len() - 1];
                    if !allowed.contains(&field) {
                        return Err(TaxiiError::bad_request(format!(
                            "{m}: this endpoint filters on {}",
                            allowed
                                .iter()
                                .map(|a| format!("match[{a}]"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )));
                    }
                    match field {
                        "type" => f.types.extend(list(v)),
                        "id" => f.ids.extend(list(v)),
                        "spec_version" => f.spec_versions.extend(list(v)),
                        _ => {
                            let vf = f.versions.get_or_insert_with(VersionFilter::default);
                            for item in list(v) {
                                match item.as_str() {
                                    "all" => vf.all = true,
                                    "first" => vf.first = true,
                                    "last" => vf.last = true,
                                    t => vf.exact.push(timestamp(m, t)?),
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(f)
    }

    fn query(self, view: dragnet_store::taxii::TaxiiView, default: VersionFilter) -> TaxiiQuery {
        TaxiiQuery {
            view,
            after_seq: self.next,
            added_after: self.added_after,
            types: self.types,
            ids: self.ids,
            spec_versions: self.spec_versions,
            versions: self.versions.unwrap_or(default),
            // One more than asked tells whether there is more.
            limit: self.limit + 1,
        }
    }
}

/// A page of rows: the rows, whether more follow, and the `next` token.
async fn page(
    state: &AppState,
    q: TaxiiQuery,
) -> Result<(Vec<TaxiiObject>, Option<String>), TaxiiError> {
    let limit = (q.limit - 1) as usize;
    let mut rows = state.taxii.taxii_query(&q).await?;
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|r| r.seq.to_string())
    } else {
        None
    };
    Ok((rows, next))
}

/// `{"more": …, "next": …, <key>: [<items>]}` with the date headers of the page. Items are
/// JSON texts, copied once into the body.
fn envelope<S: AsRef<str>>(
    rows: &[TaxiiObject],
    next: Option<String>,
    key: &str,
    items: &[S],
) -> Response {
    let mut s =
        String::with_capacity(items.iter().map(|i| i.as_ref().len() + 1).sum::<usize>() + 64);
    s.push_str(&format!("{{\"more\":{}", next.is_some()));
    if let Some(n) = &next {
        s.push_str(&format!(",\"next\":\"{n}\""));
    }
    if !items.is_empty() {
        s.push_str(&format!(",\"{key}\":["));
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(item.as_ref());
        }
        s.push(']');
    }
    s.push('}');
    let mut resp = taxii_json(StatusCode::OK, s);
    date_headers(
        resp.headers_mut(),
        rows.first().map(|r| r.date_added.as_str()),
        rows.last().map(|r| r.date_added.as_str()),
    );
    resp
}

/// The objects of a page read in one statement (`TaxiiStore::taxii_objects_page`): the same
/// envelope and headers as [`envelope`], without a row per object.
async fn objects_page(state: &AppState, q: TaxiiQuery) -> Result<(Response, bool), TaxiiError> {
    let limit = q.limit - 1;
    let p = state
        .taxii
        .taxii_objects_page(&TaxiiQuery { limit, ..q })
        .await?;
    let mut s = String::with_capacity(p.items.len() + 64);
    s.push_str(&format!("{{\"more\":{}", p.more));
    if p.more
        && let Some(n) = p.last_seq
    {
        s.push_str(&format!(",\"next\":\"{n}\""));
    }
    if p.count > 0 {
        s.push_str(",\"objects\":[");
        s.push_str(&p.items);
        s.push(']');
    }
    s.push('}');
    let mut resp = taxii_json(StatusCode::OK, s);
    date_headers(
        resp.headers_mut(),
        p.first_added.as_deref(),
        p.last_added.as_deref(),
    );
    Ok((resp, p.count > 0 || p.more))
}

async fn get_objects(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Path((root, coll)): Path<(String, String)>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, TaxiiError> {
    let caller = reader(caller)?;
    let (_, c) = find_collection(&state, &caller, &root, &coll).await?;
    let f = Filters::parse(&params, &["type", "id", "version", "spec_version"])?;
    Ok(objects_page(&state, f.query(c.view, VersionFilter::last()))
        .await?
        .0)
}

async fn get_manifest(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Path((root, coll)): Path<(String, String)>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, TaxiiError> {
    let caller = reader(caller)?;
    let (_, c) = find_collection(&state, &caller, &root, &coll).await?;
    let f = Filters::parse(&params, &["type", "id", "version", "spec_version"])?;
    let (rows, next) = page(&state, f.query(c.view, VersionFilter::last())).await?;
    let items: Vec<String> = rows
        .iter()
        .map(|r| {
            json!({
                "id": r.stix_id,
                "date_added": r.date_added,
                "version": r.version,
                "media_type": STIX_MEDIA_TYPE,
            })
            .to_string()
        })
        .collect();
    Ok(envelope(&rows, next, "objects", &items))
}

async fn get_object(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Path((root, coll, id)): Path<(String, String, String)>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, TaxiiError> {
    let caller = reader(caller)?;
    let (_, c) = find_collection(&state, &caller, &root, &coll).await?;
    let mut f = Filters::parse(&params, &["version", "spec_version"])?;
    f.ids = vec![id];
    let (resp, found) = objects_page(&state, f.query(c.view, VersionFilter::last())).await?;
    if !found {
        return Err(TaxiiError::not_found("object"));
    }
    Ok(resp)
}

async fn get_versions(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Path((root, coll, id)): Path<(String, String, String)>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, TaxiiError> {
    let caller = reader(caller)?;
    let (_, c) = find_collection(&state, &caller, &root, &coll).await?;
    let mut f = Filters::parse(&params, &["spec_version"])?;
    f.ids = vec![id];
    let (rows, next) = page(&state, f.query(c.view, VersionFilter::all())).await?;
    if rows.is_empty() && next.is_none() {
        return Err(TaxiiError::not_found("object"));
    }
    let items: Vec<String> = rows
        .iter()
        .map(|r| Value::String(r.version.clone()).to_string())
        .collect();
    Ok(envelope(&rows, next, "versions", &items))
}

/// Unmarked objects POSTed by a member count as TLP:AMBER (shared with partners'
/// members on a need-to-know basis), the level `dragnet export stix` defaults to.
const UNMARKED: Tlp = Tlp::Amber;

async fn add_objects(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Path((root, coll)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, TaxiiError> {
    let caller = reader(caller)?;
    caller.need_scope(Scope::Write)?;
    let (org, c) = find_collection(&state, &caller, &root, &coll).await?;
    if !c.can_write {
        return Err(TaxiiError::forbidden(format!(
            "the collection `{}` is read-only for you",
            c.alias
        )));
    }
    let request_timestamp = format_timestamp(chrono::Utc::now());
    let doc: Value = serde_json::from_slice(&body)
        .map_err(|e| TaxiiError::bad_request(format!("the envelope is not JSON: {e}")))?;
    let objects = match doc.get("objects") {
        _ if !doc.is_object() => {
            return Err(TaxiiError::bad_request(
                "expected an envelope: a JSON object with `objects`",
            ));
        }
        None => &Vec::new(),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(TaxiiError::bad_request("objects: expected a list")),
    };
    let (good, bad) = check_objects(objects, UNMARKED);
    let rows: Vec<NewTaxiiObject> = good
        .iter()
        .map(|o| NewTaxiiObject {
            stix_id: o.id.clone(),
            stix_type: o.ty.clone(),
            version: o.version.map(format_timestamp),
            spec_version: o.spec_version.clone(),
            tlp: tlp_rank(o.tlp),
            json: o.object.to_string(),
        })
        .collect();
    let source = format!("taxii:{}", caller.email);
    let added = state.taxii.taxii_add(org.id, INTEL, &source, &rows).await?;
    let successes: Vec<Value> = good
        .iter()
        .zip(&added)
        .map(|(o, a)| match a {
            Added::New { version, .. } => json!({"id": o.id, "version": version}),
            Added::Existing { version } => {
                json!({"id": o.id, "version": version, "message": "already stored"})
            }
        })
        .collect();
    let failures: Vec<Value> = bad
        .iter()
        .map(|e| {
            let mut v = json!({
                "id": e.id.clone().unwrap_or_else(|| format!("objects[{}]", e.index)),
                "message": e.to_string(),
            });
            if let Some(ver) = &e.version {
                v["version"] = json!(ver);
            }
            v
        })
        .collect();
    let id = uuid::Builder::from_random_bytes(rand::random())
        .into_uuid()
        .to_string();
    let status = json!({
        "id": id,
        "status": "complete",
        "request_timestamp": request_timestamp,
        "total_count": objects.len(),
        "success_count": successes.len(),
        "successes": successes,
        "failure_count": failures.len(),
        "failures": failures,
        "pending_count": 0,
        "pendings": [],
    })
    .to_string();
    state.taxii.taxii_save_status(&id, org.id, &status).await?;
    Ok(taxii_json(StatusCode::ACCEPTED, status))
}

async fn get_status(
    State(state): State<AppState>,
    caller: Result<Caller, ApiError>,
    Path((root, id)): Path<(String, String)>,
) -> Result<Response, TaxiiError> {
    let caller = reader(caller)?;
    let org = super::own_root(&state, &caller, &root).await?;
    match state.taxii.taxii_status(&id, org.id).await? {
        Some(body) => Ok(taxii_json(StatusCode::OK, body)),
        None => Err(TaxiiError::not_found("status")),
    }
}
