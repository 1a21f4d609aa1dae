//! Private set intersection: two organisations learn how many items (victims' normalised
//! phone numbers or e-mail addresses, or indicators) they share, and optionally which,
//! without revealing the rest of their sets.
//!
//! Protocol `dragnet-psi/1`, semi-honest Diffie–Hellman PSI over ristretto255 (as in
//! Meadows 1986, Huberman–Franklin–Hogg 1999; the construction behind Google's Private Join
//! and Compute):
//!
//! 1. Each party hashes its distinct items to the group,
//!    `H(x) = RistrettoPoint::hash_from_bytes::<Sha512>("dragnet-psi/1" ‖ 0 ‖ context ‖ 0 ‖ x)`,
//!    draws a fresh secret scalar `a` (`b`) for this session only, and sends `H(x)^a` for all
//!    its items, in a random order it remembers ([`Hello`], then [`Round::Blinded`] chunks).
//! 2. Each party raises every point it received to its own secret, `H(y)^(b·a)`, and sends
//!    these back, truncated to 16-byte tags ([`Round::DoubleBlinded`] chunks): in the
//!    received order in [`Mode::Items`], shuffled in [`Mode::Cardinality`] so positions say
//!    nothing. It keeps a copy.
//! 3. Each party compares the tags it got back for its own items with the tags it computed
//!    for the other's items: equal tags are shared items.
//!
//! What each side learns: the other's set size and the intersection size; in item mode
//! also which of its *own* items are shared. It never sees the other's items or their
//! hashes, only points blinded by a secret it does not know (hardness of decisional
//! Diffie–Hellman in ristretto255); the hash is a random oracle, so equal tags mean equal
//! items except with probability about n·m/2^128. Threat model, limits (low-entropy items
//! can be confirmed by a party that runs the protocol repeatedly with guessed sets: rate
//! limits, fixed partners and fresh per-session keys are the mitigations) and the wire
//! format are in `docs/SHARING.md`.
//!
//! Callers normalise items before they get here ([`indicator_item`], [`victim_item`]), or
//! the same phone number written two ways would not match. Work is spread over the
//! available cores with scoped threads; nothing here does I/O.

use base64::engine::general_purpose::STANDARD as B64;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use dragnet_core::{IndicatorType, RawIndicator};
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use sha2::Sha512;
use std::collections::HashSet;

/// The protocol name and version every [`Hello`] carries.
pub const PROTOCOL: &str = "dragnet-psi/1";
/// Bytes of one blinded point (compressed ristretto255).
pub const POINT_BYTES: usize = 32;
/// Bytes of one double-blinded tag.
pub const TAG_BYTES: usize = 16;
/// Items per chunk unless the caller picks another size: 64 KiB of points.
pub const DEFAULT_CHUNK_ITEMS: usize = 2048;
/// The largest peer set a party accepts unless told otherwise ([`Party::with_peer_limit`]):
/// 20 million items, 640 MB of points. A cap bounds memory, and a partner whose set is far
/// larger than usual may be fishing with guessed items (see the threat model).
pub const DEFAULT_PEER_LIMIT: u64 = 20_000_000;

/// Whether the parties learn which items they share or only how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Only the size of the intersection.
    Cardinality,
    /// Also which of one's own items are in it.
    Items,
}

/// The first message of each party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: String,
    /// What the sets hold, e.g. `victims` or `indicators`; both sides must agree.
    pub context: String,
    /// The mode this party is willing to run; the session runs the more private of the two.
    pub mode: Mode,
    /// Number of distinct items this party will send.
    pub set_size: u64,
}

/// Which round a chunk belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Round {
    /// 32-byte compressed points `H(x)^a`.
    Blinded,
    /// 16-byte tags of `H(y)^(b·a)`.
    DoubleBlinded,
}

impl Round {
    fn width(self) -> usize {
        match self {
            Round::Blinded => POINT_BYTES,
            Round::DoubleBlinded => TAG_BYTES,
        }
    }
}

/// One message of a round: consecutive `seq` from 0, `last` on the final one. In JSON
/// `data` is base64; [`Chunk::to_bytes`] gives a compact binary form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chunk {
    pub round: Round,
    pub seq: u32,
    pub last: bool,
    #[serde(with = "b64")]
    pub data: Vec<u8>,
}

mod b64 {
    use super::B64;
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&B64.encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        B64.decode(s.as_bytes()).map_err(serde::de::Error::custom)
    }
}

impl Chunk {
    /// Binary form: round (1 byte: 1 blinded, 2 double-blinded), seq (u32 BE), last (1 byte),
    /// data length (u32 BE), data.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(10 + self.data.len());
        out.push(match self.round {
            Round::Blinded => 1,
            Round::DoubleBlinded => 2,
        });
        out.extend_from_slice(&self.seq.to_be_bytes());
        out.push(u8::from(self.last));
        // Chunks are built by this module with at most u32::MAX bytes.
        out.extend_from_slice(
            &u32::try_from(self.data.len())
                .unwrap_or(u32::MAX)
                .to_be_bytes(),
        );
        out.extend_from_slice(&self.data);
        out
    }

    /// Parses [`Chunk::to_bytes`] output; returns the chunk and the bytes it used, so chunks
    /// can be read one after another from a stream buffer.
    pub fn from_bytes(b: &[u8]) -> Result<(Chunk, usize), PsiError> {
        if b.len() < 10 {
            return Err(PsiError::Malformed(
                "chunk shorter than its 10-byte header".into(),
            ));
        }
        let round = match b[0] {
            1 => Round::Blinded,
            2 => Round::DoubleBlinded,
            r => return Err(PsiError::Malformed(format!("unknown round {r}"))),
        };
        let seq = u32::from_be_bytes([b[1], b[2], b[3], b[4]]);
        let last = match b[5] {
            0 => false,
            1 => true,
            x => return Err(PsiError::Malformed(format!("bad `last` flag {x}"))),
        };
        let len = u32::from_be_bytes([b[6], b[7], b[8], b[9]]) as usize;
        let end = 10usize
            .checked_add(len)
            .filter(|e| *e <= b.len())
            .ok_or_else(|| {
                PsiError::Malformed(format!("chunk announces {len} bytes, has fewer"))
            })?;
        Ok((
            Chunk {
                round,
                seq,
                last,
                data: b[10..end].to_vec(),
            },
            end,
        ))
    }
}

/// What went wrong in a session; every variant is the peer's fault or a misuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PsiError {
    #[error("peer speaks `{0}`, not {PROTOCOL}")]
    Protocol(String),
    #[error("peer's set holds `{peer}`, ours `{ours}`")]
    Context { ours: String, peer: String },
    #[error("{0} before the peer's hello")]
    NoHello(&'static str),
    #[error("expected a {expected:?} chunk, got {got:?}")]
    WrongRound { expected: Round, got: Round },
    #[error("expected chunk {expected}, got {got}")]
    OutOfOrder { expected: u32, got: u32 },
    #[error("chunk after the last one")]
    AfterLast,
    #[error("chunk of {len} bytes is not a whole number of {width}-byte elements")]
    Ragged { len: usize, width: usize },
    #[error("peer sent {got} elements, announced {announced}")]
    Count { announced: u64, got: u64 },
    #[error("element {index} is not a valid ristretto255 point")]
    BadPoint { index: u64 },
    #[error("peer announces {announced} items, more than the limit of {limit}")]
    TooLarge { announced: u64, limit: u64 },
    #[error("round incomplete: {0}")]
    Incomplete(&'static str),
    #[error("malformed chunk: {0}")]
    Malformed(String),
}

/// What a finished session tells this party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub mode: Mode,
    pub own_set_size: u64,
    pub peer_set_size: u64,
    pub intersection_size: u64,
    /// In item mode: indices (into the slice given to [`Party::new`], first occurrence of
    /// each distinct item) of the shared items, ascending.
    pub shared_items: Option<Vec<usize>>,
}

/// One side of a session. Create it, exchange [`Hello`]s, send [`Party::blinded_chunks`],
/// feed the peer's chunks to [`Party::absorb_blinded`], send [`Party::double_blinded_chunks`],
/// feed the peer's to [`Party::absorb_double_blinded`], then [`Party::finish`].
pub struct Party {
    context: String,
    my_mode: Mode,
    key: Scalar,
    /// Own blinded points, in send order.
    blinded: Vec<[u8; POINT_BYTES]>,
    /// `order[i]`: index in the caller's slice of `blinded[i]`.
    order: Vec<usize>,
    peer: Option<Hello>,
    peer_limit: u64,
    peer_points: Vec<[u8; POINT_BYTES]>,
    peer_blinded_done: bool,
    next_seq_blinded: u32,
    /// Tags of the peer's items (computed here), kept for the comparison.
    peer_tags: Vec<[u8; TAG_BYTES]>,
    /// Tags of own items as the peer returned them.
    own_tags: Vec<[u8; TAG_BYTES]>,
    own_tags_done: bool,
    next_seq_double: u32,
}

impl Drop for Party {
    /// The session key is the only secret; wipe it so it cannot outlive the session.
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.key);
    }
}

/// The group element an item hashes to.
fn hash_item(context: &str, item: &[u8]) -> RistrettoPoint {
    let mut input = Vec::with_capacity(PROTOCOL.len() + context.len() + item.len() + 2);
    input.extend_from_slice(PROTOCOL.as_bytes());
    input.push(0);
    input.extend_from_slice(context.as_bytes());
    input.push(0);
    input.extend_from_slice(item);
    RistrettoPoint::hash_from_bytes::<Sha512>(&input)
}

fn random_scalar<R: rand::CryptoRng + ?Sized>(rng: &mut R) -> Scalar {
    let mut wide = [0u8; 64];
    rng.fill_bytes(&mut wide);
    let s = Scalar::from_bytes_mod_order_wide(&wide);
    wide.fill(0);
    // A zero key would map every item to the identity; probability 2^-252, but cheap to rule out.
    if s == Scalar::ZERO { Scalar::ONE } else { s }
}

fn tag(c: &CompressedRistretto) -> [u8; TAG_BYTES] {
    let mut t = [0u8; TAG_BYTES];
    t.copy_from_slice(&c.as_bytes()[..TAG_BYTES]);
    t
}

/// `k/2`, for [`mul_compress`].
fn half(key: &Scalar) -> Scalar {
    key * Scalar::from(2u64).invert()
}

/// Applies `f` to consecutive slices of `input` on all available cores and concatenates the
/// results in order (`f` sees whole slices so it can batch, e.g. one field inversion for
/// many point compressions).
fn par_batches<T: Sync, U: Send>(input: &[T], f: impl Fn(&[T]) -> Vec<U> + Sync) -> Vec<U> {
    const BATCH: usize = 256;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let run = |part: &[T]| -> Vec<U> { part.chunks(BATCH).flat_map(&f).collect() };
    if threads <= 1 || input.len() < 4 * BATCH {
        return run(input);
    }
    let per = input.len().div_ceil(threads);
    let run = &run;
    std::thread::scope(|s| {
        let handles: Vec<_> = input
            .chunks(per)
            .map(|part| s.spawn(move || run(part)))
            .collect();
        let mut out = Vec::with_capacity(input.len());
        for h in handles {
            match h.join() {
                Ok(mut v) => out.append(&mut v),
                // A panic in `f` is a bug in this module; surface it unchanged.
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        out
    })
}

/// `P·k` compressed for every point, via `double_and_compress_batch` of `P·(k/2)`: the
/// same bytes as `(P * k).compress()`, with one field inversion per batch instead of one
/// per point.
fn mul_compress(points: &[RistrettoPoint], half_key: &Scalar) -> Vec<CompressedRistretto> {
    let halves: Vec<RistrettoPoint> = points.iter().map(|p| p * half_key).collect();
    RistrettoPoint::double_and_compress_batch(&halves)
}

fn chunks_of<const W: usize>(round: Round, items: &[[u8; W]], per: usize) -> Vec<Chunk> {
    let per = per.max(1);
    if items.is_empty() {
        return vec![Chunk {
            round,
            seq: 0,
            last: true,
            data: Vec::new(),
        }];
    }
    let n = items.len().div_ceil(per);
    items
        .chunks(per)
        .enumerate()
        .map(|(i, part)| Chunk {
            round,
            seq: u32::try_from(i).unwrap_or(u32::MAX),
            last: i + 1 == n,
            data: part.iter().flatten().copied().collect(),
        })
        .collect()
}

impl Party {
    /// Prepares one side: deduplicates `items`, hashes and blinds them with a fresh key, in
    /// a random order. `items` must already be normalised.
    pub fn new<I: AsRef<[u8]> + Sync, R: rand::CryptoRng + ?Sized>(
        context: &str,
        mode: Mode,
        items: &[I],
        rng: &mut R,
    ) -> Party {
        let mut seen: HashSet<&[u8]> = HashSet::with_capacity(items.len());
        let mut order: Vec<usize> = (0..items.len())
            .filter(|&i| seen.insert(items[i].as_ref()))
            .collect();
        order.shuffle(rng);
        let key = random_scalar(rng);
        let half_key = half(&key);
        let blinded = par_batches(&order, |batch| {
            let points: Vec<RistrettoPoint> = batch
                .iter()
                .map(|&i| hash_item(context, items[i].as_ref()))
                .collect();
            mul_compress(&points, &half_key)
                .into_iter()
                .map(|c| c.to_bytes())
                .collect()
        });
        Party {
            context: context.to_string(),
            my_mode: mode,
            key,
            blinded,
            order,
            peer: None,
            peer_limit: DEFAULT_PEER_LIMIT,
            peer_points: Vec::new(),
            peer_blinded_done: false,
            next_seq_blinded: 0,
            peer_tags: Vec::new(),
            own_tags: Vec::new(),
            own_tags_done: false,
            next_seq_double: 0,
        }
    }

    /// Accept peer sets of at most `limit` items (default [`DEFAULT_PEER_LIMIT`]).
    pub fn with_peer_limit(mut self, limit: u64) -> Party {
        self.peer_limit = limit;
        self
    }

    /// This party's first message.
    pub fn hello(&self) -> Hello {
        Hello {
            protocol: PROTOCOL.to_string(),
            context: self.context.clone(),
            mode: self.my_mode,
            set_size: self.blinded.len() as u64,
        }
    }

    /// Checks the peer's hello; the session runs in the more private of the two modes.
    pub fn accept_hello(&mut self, peer: &Hello) -> Result<Mode, PsiError> {
        if peer.protocol != PROTOCOL {
            return Err(PsiError::Protocol(peer.protocol.clone()));
        }
        if peer.context != self.context {
            return Err(PsiError::Context {
                ours: self.context.clone(),
                peer: peer.context.clone(),
            });
        }
        if peer.set_size > self.peer_limit {
            return Err(PsiError::TooLarge {
                announced: peer.set_size,
                limit: self.peer_limit,
            });
        }
        self.peer = Some(peer.clone());
        Ok(self.mode())
    }

    /// The session's mode (this party's own until the peer's hello is accepted).
    pub fn mode(&self) -> Mode {
        self.peer
            .as_ref()
            .map_or(self.my_mode, |p| p.mode.min(self.my_mode))
    }

    /// Round 1: own blinded points, `per_chunk` to a chunk (at least one chunk, even empty).
    pub fn blinded_chunks(&self, per_chunk: usize) -> Vec<Chunk> {
        chunks_of(Round::Blinded, &self.blinded, per_chunk)
    }

    fn check_chunk(
        chunk: &Chunk,
        expected: Round,
        next_seq: &mut u32,
        done: &mut bool,
    ) -> Result<(), PsiError> {
        if chunk.round != expected {
            return Err(PsiError::WrongRound {
                expected,
                got: chunk.round,
            });
        }
        if *done {
            return Err(PsiError::AfterLast);
        }
        if chunk.seq != *next_seq {
            return Err(PsiError::OutOfOrder {
                expected: *next_seq,
                got: chunk.seq,
            });
        }
        let width = expected.width();
        if !chunk.data.len().is_multiple_of(width) {
            return Err(PsiError::Ragged {
                len: chunk.data.len(),
                width,
            });
        }
        *next_seq = next_seq.saturating_add(1);
        *done = chunk.last;
        Ok(())
    }

    /// Takes one of the peer's round-1 chunks, in order.
    pub fn absorb_blinded(&mut self, chunk: &Chunk) -> Result<(), PsiError> {
        let announced = self
            .peer
            .as_ref()
            .ok_or(PsiError::NoHello("blinded chunk"))?
            .set_size;
        Self::check_chunk(
            chunk,
            Round::Blinded,
            &mut self.next_seq_blinded,
            &mut self.peer_blinded_done,
        )?;
        let got = (self.peer_points.len() + chunk.data.len() / POINT_BYTES) as u64;
        if got > announced || (self.peer_blinded_done && got != announced) {
            return Err(PsiError::Count { announced, got });
        }
        self.peer_points
            .extend(chunk.data.chunks_exact(POINT_BYTES).map(|c| {
                let mut p = [0u8; POINT_BYTES];
                p.copy_from_slice(c);
                p
            }));
        Ok(())
    }

    /// Round 2: the peer's points raised to this party's key, as tags; shuffled in
    /// cardinality mode. Needs the whole of the peer's round 1 (a shuffle over all of it).
    pub fn double_blinded_chunks<R: rand::CryptoRng + ?Sized>(
        &mut self,
        per_chunk: usize,
        rng: &mut R,
    ) -> Result<Vec<Chunk>, PsiError> {
        if self.peer.is_none() {
            return Err(PsiError::NoHello("double blinding"));
        }
        if !self.peer_blinded_done {
            return Err(PsiError::Incomplete(
                "the peer's blinded points have not all arrived",
            ));
        }
        let half_key = half(&self.key);
        // Per batch: the tags, or the index (in the batch) of the first invalid point.
        let results: Vec<Result<Vec<[u8; TAG_BYTES]>, usize>> =
            par_batches(&self.peer_points, |batch| {
                let mut points = Vec::with_capacity(batch.len());
                for (i, p) in batch.iter().enumerate() {
                    match CompressedRistretto(*p).decompress() {
                        Some(point) => points.push(point),
                        None => return vec![Err(i)],
                    }
                }
                vec![Ok(mul_compress(&points, &half_key)
                    .iter()
                    .map(tag)
                    .collect())]
            });
        let mut out = Vec::with_capacity(self.peer_points.len());
        for r in results {
            match r {
                Ok(mut tags) => out.append(&mut tags),
                Err(i) => {
                    return Err(PsiError::BadPoint {
                        index: (out.len() + i) as u64,
                    });
                }
            }
        }
        self.peer_points = Vec::new();
        self.peer_tags = out;
        let mut send = self.peer_tags.clone();
        if self.mode() == Mode::Cardinality {
            send.shuffle(rng);
        }
        Ok(chunks_of(Round::DoubleBlinded, &send, per_chunk))
    }

    /// Takes one of the peer's round-2 chunks (the tags of this party's own items), in order.
    pub fn absorb_double_blinded(&mut self, chunk: &Chunk) -> Result<(), PsiError> {
        if self.peer.is_none() {
            return Err(PsiError::NoHello("double-blinded chunk"));
        }
        Self::check_chunk(
            chunk,
            Round::DoubleBlinded,
            &mut self.next_seq_double,
            &mut self.own_tags_done,
        )?;
        let announced = self.blinded.len() as u64;
        let got = (self.own_tags.len() + chunk.data.len() / TAG_BYTES) as u64;
        if got > announced || (self.own_tags_done && got != announced) {
            return Err(PsiError::Count { announced, got });
        }
        self.own_tags
            .extend(chunk.data.chunks_exact(TAG_BYTES).map(|c| {
                let mut t = [0u8; TAG_BYTES];
                t.copy_from_slice(c);
                t
            }));
        Ok(())
    }

    /// Compares and tells what this party learnt.
    pub fn finish(self) -> Result<Outcome, PsiError> {
        let peer = self.peer.as_ref().ok_or(PsiError::NoHello("finish"))?;
        if !self.own_tags_done {
            return Err(PsiError::Incomplete(
                "the peer's double-blinded tags have not all arrived",
            ));
        }
        if self.peer_tags.len() as u64 != peer.set_size {
            return Err(PsiError::Incomplete(
                "this party has not double-blinded the peer's points",
            ));
        }
        let mode = self.mode();
        let theirs: HashSet<&[u8; TAG_BYTES]> = self.peer_tags.iter().collect();
        let (count, shared) = match mode {
            Mode::Cardinality => (
                self.own_tags.iter().filter(|t| theirs.contains(t)).count(),
                None,
            ),
            Mode::Items => {
                let mut idx: Vec<usize> = self
                    .own_tags
                    .iter()
                    .zip(&self.order)
                    .filter(|(t, _)| theirs.contains(t))
                    .map(|(_, &i)| i)
                    .collect();
                idx.sort_unstable();
                (idx.len(), Some(idx))
            }
        };
        Ok(Outcome {
            mode,
            own_set_size: self.blinded.len() as u64,
            peer_set_size: peer.set_size,
            intersection_size: count as u64,
            shared_items: shared,
        })
    }
}

/// The PSI item of an indicator: `type:value` of its normalised form.
pub fn indicator_item(ty: IndicatorType, normalised_value: &str) -> Vec<u8> {
    format!("{ty}:{normalised_value}").into_bytes()
}

/// The PSI item of a victim's contact, normalised as Dragnet normalises indicators: an
/// e-mail address (when it holds `@`) lower-cased, a phone number in E.164 (national
/// numbers need `region`, ISO 3166-1). `None` when the value does not parse.
pub fn victim_item(contact: &str, region: Option<dragnet_core::Country>) -> Option<Vec<u8>> {
    let ty = if contact.contains('@') {
        IndicatorType::Email
    } else {
        IndicatorType::Phone
    };
    let ctx = dragnet_extract::Context {
        default_region: region,
    };
    let ind = dragnet_extract::shared()
        .normalise(
            &RawIndicator {
                ty,
                value: contact.to_string(),
            },
            &ctx,
        )
        .ok()?;
    Some(indicator_item(ty, &ind.value))
}

/// Runs a whole session in memory between two parties (tests, benchmarks, and a reference
/// for the transport code). Returns both outcomes and every chunk exchanged, in order.
pub fn run_local<R: rand::CryptoRng + ?Sized>(
    a: Party,
    b: Party,
    per_chunk: usize,
    rng: &mut R,
) -> Result<(Outcome, Outcome, Transcript), PsiError> {
    let (mut a, mut b) = (a, b);
    let mut t = Transcript::default();
    let (ha, hb) = (a.hello(), b.hello());
    t.hellos = vec![ha.clone(), hb.clone()];
    a.accept_hello(&hb)?;
    b.accept_hello(&ha)?;
    for c in a.blinded_chunks(per_chunk) {
        b.absorb_blinded(&c)?;
        t.a_to_b.push(c);
    }
    for c in b.blinded_chunks(per_chunk) {
        a.absorb_blinded(&c)?;
        t.b_to_a.push(c);
    }
    for c in b.double_blinded_chunks(per_chunk, rng)? {
        a.absorb_double_blinded(&c)?;
        t.b_to_a.push(c);
    }
    for c in a.double_blinded_chunks(per_chunk, rng)? {
        b.absorb_double_blinded(&c)?;
        t.a_to_b.push(c);
    }
    Ok((a.finish()?, b.finish()?, t))
}

/// Everything two parties sent each other.
#[derive(Debug, Clone, Default)]
pub struct Transcript {
    pub hellos: Vec<Hello>,
    pub a_to_b: Vec<Chunk>,
    pub b_to_a: Vec<Chunk>,
}

impl Transcript {
    /// Bytes on the wire in the binary chunk encoding (hellos as JSON).
    pub fn wire_bytes(&self) -> (u64, u64) {
        let hello = |h: &Hello| serde_json::to_vec(h).map_or(0, |v| v.len() as u64);
        let sum = |cs: &[Chunk]| cs.iter().map(|c| c.to_bytes().len() as u64).sum::<u64>();
        let (ha, hb) = match self.hellos.as_slice() {
            [a, b] => (hello(a), hello(b)),
            _ => (0, 0),
        };
        (ha + sum(&self.a_to_b), hb + sum(&self.b_to_a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batched_compression_equals_plain_multiplication() {
        let key = Scalar::from(0x1234_5678_9abc_def0_u64) * Scalar::from(0xfeed_u64);
        let points: Vec<RistrettoPoint> = (0u32..300)
            .map(|i| hash_item("t", &i.to_le_bytes()))
            .collect();
        let batched = mul_compress(&points, &half(&key));
        let plain: Vec<CompressedRistretto> = points.iter().map(|p| (p * key).compress()).collect();
        assert_eq!(batched, plain);
    }

    #[test]
    fn par_batches_keeps_order() {
        let input: Vec<u32> = (0..5000).collect();
        let out = par_batches(&input, |b| b.iter().map(|x| x * 2).collect());
        assert_eq!(out, input.iter().map(|x| x * 2).collect::<Vec<_>>());
    }
}
