//! Private overlap (PSI, `docs/SHARING.md` "Private overlap"): a partner's `dragnet overlap`
//! learns how many victims or indicators it shares with the organisation that issued its
//! token, and nothing else of that organisation's set.
//!
//! Whose set: the **caller's organisation on this server**. An organisation that wants to
//! let a partner compare creates a user for the partner in its own organisation and gives it
//! a token with only the `overlap` scope (`dragnet token create … --scope overlap`): that
//! token can run sessions against this organisation's sets and read nothing else.
//!
//! Three requests per session, sessions in memory:
//! 1. `POST /api/v1/overlap` (JSON `{set, hello}`) → `{session, hello, expires_in}`; the
//!    server builds and blinds its set.
//! 2. `POST /api/v1/overlap/{session}/blinded` (the client's `Blinded` chunks, binary
//!    `Chunk::to_bytes` one after another) → the server's `Blinded` chunks followed by the
//!    `DoubleBlinded` tags of the client's points.
//! 3. `POST /api/v1/overlap/{session}/finish` (the client's `DoubleBlinded` tags of the
//!    server's points) → the counts the server learnt (`{mode, set_size, peer_set_size,
//!    intersection_size}`), so both sides know the size of the intersection.
//!
//! Limits: at most [`MAX_SESSIONS`] sessions at once, each expiring [`SESSION_TTL`] after it
//! began; [`SESSIONS_PER_HOUR`] sessions per caller per hour; a peer set of at most
//! [`MAX_PEER_ITEMS`] items (which also bounds the binary bodies). Victims run in
//! cardinality mode only; indicators in item mode when the client asks for it. Every
//! session start and finish is in the audit log (who, which set, sizes), never an item.

use crate::api::extract::{Json, Path};
use crate::api::openapi::ErrorBody;
use crate::auth::Caller;
use crate::overlap::{SetKind, org_set};
use crate::{ApiError, AppState};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::{SecondsFormat, Utc};
use dragnet_share::psi::{self, Chunk, Hello, Mode, Party, Round};
use dragnet_store::{AuditEntry, Scope};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};
use utoipa::{OpenApi, ToSchema};

/// Sessions open at once, over all callers (each holds its set's points in memory).
pub const MAX_SESSIONS: usize = 8;
/// How long a session may take from its start to its finish.
pub const SESSION_TTL: Duration = Duration::from_secs(15 * 60);
/// Sessions a caller (user) may start per hour: guesses cost sessions.
pub const SESSIONS_PER_HOUR: usize = 30;
/// The largest set a partner may announce.
pub const MAX_PEER_ITEMS: u64 = 2_000_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/overlap", post(start))
        .route("/api/v1/overlap/{session}/blinded", post(blinded))
        .route("/api/v1/overlap/{session}/finish", post(finish))
}

/// This module's part of the OpenAPI document (see `api/openapi.rs`).
#[derive(OpenApi)]
#[openapi(paths(start, blinded, finish))]
pub struct Doc;

enum Stage {
    /// Waiting for the client's blinded points.
    Blinded,
    /// Waiting for the client's tags of the server's points.
    Finish,
}

struct Session {
    /// `None` while a request works on it.
    party: Option<Party>,
    user_id: i64,
    org_id: i64,
    set: SetKind,
    stage: Stage,
    started: Instant,
}

#[derive(Default)]
struct Registry {
    sessions: HashMap<String, Session>,
    /// Session starts per user, for the hourly limit.
    starts: HashMap<i64, Vec<Instant>>,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    // A panic while holding the lock leaves plain data behind; keep serving.
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

impl Registry {
    fn expire(&mut self, now: Instant) {
        self.sessions
            .retain(|_, s| now.duration_since(s.started) < SESSION_TTL);
        self.starts.retain(|_, v| {
            v.retain(|t| now.duration_since(*t) < Duration::from_secs(3600));
            !v.is_empty()
        });
    }
}

/// The first request of a session.
#[derive(serde::Deserialize, ToSchema)]
struct StartRequest {
    /// `victims` or `indicators`.
    #[schema(value_type = String, example = "indicators")]
    set: SetKind,
    #[schema(value_type = HelloView)]
    hello: Hello,
}

/// A party's first message (`dragnet_share::psi::Hello`).
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only: psi::Hello")]
struct HelloView {
    #[schema(example = "dragnet-psi/1")]
    protocol: String,
    /// The set: `victims` or `indicators`.
    context: String,
    /// `cardinality` or `items`.
    mode: String,
    set_size: u64,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct StartResponse {
    session: String,
    hello: HelloView,
    /// Seconds left to finish the session.
    expires_in: u64,
}

/// What the server learnt: sizes only.
#[derive(ToSchema)]
#[allow(dead_code, reason = "a schema only")]
struct FinishResponse {
    mode: String,
    /// The server's set.
    set_size: u64,
    /// The client's set.
    peer_set_size: u64,
    intersection_size: u64,
}

fn psi_error(e: psi::PsiError) -> ApiError {
    ApiError::overlap_protocol(e.to_string())
}

fn audit(caller: &Caller, action: &str, target: String) -> AuditEntry {
    AuditEntry {
        at: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        org_id: Some(caller.org_id),
        actor: caller.email.clone(),
        action: action.into(),
        target,
        purpose: None,
    }
}

/// Starts a session against the caller's organisation's set.
#[utoipa::path(post, path = "/api/v1/overlap", tag = "overlap",
    request_body = StartRequest,
    security(("bearer" = []), ("basic" = [])),
    responses(
        (status = 200, description = "The session and the server's hello", body = StartResponse),
        (status = 400, description = "A bad hello (protocol, set, size)", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `overlap` scope", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 429, description = "Too many sessions", body = ErrorBody),
    ))]
async fn start(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<StartRequest>,
) -> Result<Response, ApiError> {
    caller.need_scope(Scope::Overlap)?;
    if req.hello.context != req.set.as_str() {
        return Err(ApiError::overlap_protocol(format!(
            "the hello's context `{}` is not the set `{}`",
            req.hello.context,
            req.set.as_str()
        )));
    }
    // Reserve a place (and count the start) before the expensive part.
    let id = {
        let mut reg = registry();
        let now = Instant::now();
        reg.expire(now);
        let starts = reg.starts.get(&caller.user_id).map_or(0, Vec::len);
        if starts >= SESSIONS_PER_HOUR {
            return Err(ApiError::rate_limited(
                format!("at most {SESSIONS_PER_HOUR} overlap sessions per hour"),
                600,
            ));
        }
        if reg.sessions.len() >= MAX_SESSIONS {
            return Err(ApiError::rate_limited(
                "too many overlap sessions are running; retry later",
                60,
            ));
        }
        reg.starts.entry(caller.user_id).or_default().push(now);
        let id = format!("{:032x}", rand::random::<u128>());
        reg.sessions.insert(
            id.clone(),
            Session {
                party: None,
                user_id: caller.user_id,
                org_id: caller.org_id,
                set: req.set,
                stage: Stage::Blinded,
                started: now,
            },
        );
        id
    };
    let built = async {
        let items = org_set(state.store.as_ref(), caller.org_id, req.set).await?;
        let my_mode = match req.set {
            SetKind::Victims => Mode::Cardinality,
            SetKind::Indicators => Mode::Items,
        };
        let set = req.set;
        let mut party = tokio::task::spawn_blocking(move || {
            Party::new(set.as_str(), my_mode, &items, &mut rand::rng())
                .with_peer_limit(MAX_PEER_ITEMS)
        })
        .await
        .map_err(|_| ApiError::internal())?;
        party.accept_hello(&req.hello).map_err(psi_error)?;
        Ok::<Party, ApiError>(party)
    }
    .await;
    let party = match built {
        Ok(p) => p,
        Err(e) => {
            registry().sessions.remove(&id);
            return Err(e);
        }
    };
    let hello = party.hello();
    state
        .accounts
        .audit(&audit(
            &caller,
            "overlap_start",
            format!(
                "set {}: own {}, partner announces {}",
                req.set.as_str(),
                hello.set_size,
                req.hello.set_size
            ),
        ))
        .await?;
    let expires_in = {
        let mut reg = registry();
        let Some(s) = reg.sessions.get_mut(&id) else {
            return Err(ApiError::not_found("overlap session (expired)"));
        };
        s.party = Some(party);
        SESSION_TTL.saturating_sub(s.started.elapsed()).as_secs()
    };
    Ok(
        axum::Json(json!({"session": id, "hello": hello, "expires_in": expires_in}))
            .into_response(),
    )
}

/// Takes the session's party for one step, checking owner and stage.
fn take(id: &str, caller: &Caller, stage: &str) -> Result<(Party, SetKind), ApiError> {
    let mut reg = registry();
    reg.expire(Instant::now());
    let s = reg
        .sessions
        .get_mut(id)
        .filter(|s| s.user_id == caller.user_id && s.org_id == caller.org_id)
        .ok_or_else(|| ApiError::not_found("overlap session"))?;
    let expected = match s.stage {
        Stage::Blinded => "blinded",
        Stage::Finish => "finish",
    };
    if expected != stage {
        return Err(ApiError::overlap_protocol(format!(
            "this session expects `{expected}`, not `{stage}`"
        )));
    }
    let party = s.party.take().ok_or_else(|| {
        ApiError::overlap_protocol("another request of this session is still running")
    })?;
    Ok((party, s.set))
}

/// Reads a binary body of at most `limit` bytes.
async fn body_bytes(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::too_large(limit))
}

/// Every chunk of a body; fails on the first bad one.
fn chunks(mut b: &[u8]) -> Result<Vec<Chunk>, ApiError> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let (c, used) = Chunk::from_bytes(b).map_err(psi_error)?;
        out.push(c);
        b = &b[used..];
    }
    Ok(out)
}

fn binary(chunks: impl IntoIterator<Item = Chunk>) -> Response {
    let mut body = Vec::new();
    for c in chunks {
        body.extend_from_slice(&c.to_bytes());
    }
    ([(header::CONTENT_TYPE, "application/octet-stream")], body).into_response()
}

/// Bytes of `n` elements of `width` in chunks of the default size, with room for headers.
fn body_limit(n: u64, width: usize) -> usize {
    let n = n as usize;
    n * width + (n / psi::DEFAULT_CHUNK_ITEMS + 2) * 64
}

/// Round 1: the client's blinded points in, the server's points and the client's tags out.
#[utoipa::path(post, path = "/api/v1/overlap/{session}/blinded", tag = "overlap",
    params(("session" = String, Path, description = "The session from `POST /api/v1/overlap`")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "The client's `Blinded` chunks (binary `Chunk` encoding), in order"),
    security(("bearer" = []), ("basic" = [])),
    responses(
        (status = 200, description = "The server's `Blinded` chunks, then the `DoubleBlinded` tags of the client's points", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 400, description = "Chunks the session cannot take", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `overlap` scope", body = ErrorBody),
        (status = 404, description = "No such session (or expired)", body = ErrorBody),
        (status = 413, description = "More than the announced set", body = ErrorBody),
    ))]
async fn blinded(
    caller: Caller,
    Path(session): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    caller.need_scope(Scope::Overlap)?;
    let (party, _) = take(&session, &caller, "blinded")?;
    let result = async {
        // The hello was accepted, so the peer's announced size is at most MAX_PEER_ITEMS.
        let body = body_bytes(body, body_limit(MAX_PEER_ITEMS, psi::POINT_BYTES)).await?;
        tokio::task::spawn_blocking(move || {
            let mut party = party;
            let out = (|| {
                let received = chunks(&body)?;
                for c in &received {
                    party.absorb_blinded(c).map_err(psi_error)?;
                }
                let mut out = party.blinded_chunks(psi::DEFAULT_CHUNK_ITEMS);
                out.extend(
                    party
                        .double_blinded_chunks(psi::DEFAULT_CHUNK_ITEMS, &mut rand::rng())
                        .map_err(psi_error)?,
                );
                Ok::<_, ApiError>(out)
            })();
            (party, out)
        })
        .await
        .map_err(|_| ApiError::internal())
    }
    .await;
    let mut reg = registry();
    match result {
        Ok((party, Ok(out))) => {
            if let Some(s) = reg.sessions.get_mut(&session) {
                s.party = Some(party);
                s.stage = Stage::Finish;
            }
            Ok(binary(out))
        }
        // A broken round ends the session: a half-absorbed party cannot continue.
        Ok((_, Err(e))) | Err(e) => {
            reg.sessions.remove(&session);
            Err(e)
        }
    }
}

/// Round 2: the client's tags of the server's points in, the counts out; ends the session.
#[utoipa::path(post, path = "/api/v1/overlap/{session}/finish", tag = "overlap",
    params(("session" = String, Path, description = "The session from `POST /api/v1/overlap`")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "The client's `DoubleBlinded` chunks (tags of the server's points)"),
    security(("bearer" = []), ("basic" = [])),
    responses(
        (status = 200, description = "What the server learnt", body = FinishResponse),
        (status = 400, description = "Chunks the session cannot take", body = ErrorBody),
        (status = 401, description = "No valid credentials", body = ErrorBody),
        (status = 403, description = "No `overlap` scope", body = ErrorBody),
        (status = 404, description = "No such session (or expired)", body = ErrorBody),
        (status = 413, description = "More tags than the server has items", body = ErrorBody),
    ))]
async fn finish(
    State(state): State<AppState>,
    caller: Caller,
    Path(session): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    caller.need_scope(Scope::Overlap)?;
    let (party, set) = take(&session, &caller, "finish")?;
    registry().sessions.remove(&session);
    let own = party.hello().set_size;
    let body = body_bytes(body, body_limit(own, psi::TAG_BYTES)).await?;
    let outcome = tokio::task::spawn_blocking(move || {
        let mut party = party;
        for c in chunks(&body)? {
            if c.round != Round::DoubleBlinded {
                return Err(psi_error(psi::PsiError::WrongRound {
                    expected: Round::DoubleBlinded,
                    got: c.round,
                }));
            }
            party.absorb_double_blinded(&c).map_err(psi_error)?;
        }
        party.finish().map_err(psi_error)
    })
    .await
    .map_err(|_| ApiError::internal())??;
    let mode = match outcome.mode {
        Mode::Cardinality => "cardinality",
        Mode::Items => "items",
    };
    state
        .accounts
        .audit(&audit(
            &caller,
            "overlap",
            format!(
                "set {}, mode {mode}: own {}, partner {}, shared {}",
                set.as_str(),
                outcome.own_set_size,
                outcome.peer_set_size,
                outcome.intersection_size
            ),
        ))
        .await?;
    let v: Value = json!({
        "mode": mode,
        "set_size": outcome.own_set_size,
        "peer_set_size": outcome.peer_set_size,
        "intersection_size": outcome.intersection_size,
    });
    Ok(axum::Json(v).into_response())
}
