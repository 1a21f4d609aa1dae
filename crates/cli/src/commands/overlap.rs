//! `dragnet overlap --with URL --set victims|indicators`: a private overlap (PSI,
//! docs/SHARING.md "Private overlap") of this store's organisation's set with the set of the
//! organisation that issued `--token` on the partner's Dragnet server. Prints both sizes,
//! the size of the intersection, bytes each way and the time; with `--items` (indicators
//! only) which of our own indicators are shared. Victims' items are never printed: a count
//! of shared victims is what the partners agreed to learn, a list of people is not.

use super::open_store;
use crate::config::Settings;
use anyhow::{Context, bail};
use clap::Args;
use dragnet_share::psi::{self, Chunk, Hello, Mode, Party, Round};
use dragnet_store::AccountStore;
use dragnet_web::overlap::{SetKind, org_set};
use hyper::body::Bytes;
use serde_json::{Value, json};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct OverlapArgs {
    /// The partner's Dragnet server, e.g. https://dragnet.partner.example/
    #[arg(long = "with", value_name = "URL")]
    pub with: String,
    /// Which set to compare: victims (phone numbers and e-mail addresses of our reports'
    /// victims) or indicators.
    #[arg(long)]
    pub set: SetKind,
    /// Also list which of our indicators are shared (indicators only).
    #[arg(long)]
    pub items: bool,
    /// Our organisation in the local store (default: the only one).
    #[arg(long)]
    pub org: Option<String>,
    /// The token the partner issued us (scope `overlap`).
    #[arg(long, env = "DRAGNET_OVERLAP_TOKEN", hide_env_values = true)]
    pub token: String,
}

fn error_text(body: &[u8]) -> String {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned())
}

fn encode(chunks: &[Chunk]) -> Bytes {
    let mut b = Vec::new();
    for c in chunks {
        b.extend_from_slice(&c.to_bytes());
    }
    Bytes::from(b)
}

pub async fn run(a: OverlapArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    if a.items && a.set == SetKind::Victims {
        bail!("--items is for indicators only: shared victims are counted, never listed");
    }
    let mut base =
        url::Url::parse(&a.with).with_context(|| format!("`{}` is not a URL", a.with))?;
    if !base.path().ends_with('/') {
        base.set_path(&format!("{}/", base.path()));
    }
    let store = open_store(settings).await?;
    let org = super::pull::receiving_org(&store, a.org.as_deref()).await?;
    let began = Instant::now();
    let items = org_set(&store, org.id, a.set).await?;
    let mode = if a.items {
        Mode::Items
    } else {
        Mode::Cardinality
    };
    let ctx = a.set.as_str();
    let mut party = {
        let items = items.clone();
        tokio::task::spawn_blocking(move || Party::new(ctx, mode, &items, &mut rand::rng())).await?
    };
    let mut client = crate::http::Client::new(
        base.clone(),
        Some(format!("Bearer {}", a.token)),
        "dragnet-overlap",
    );
    let (mut sent, mut received) = (0u64, 0u64);

    // 1. Hellos.
    let start = serde_json::to_vec(&json!({"set": ctx, "hello": party.hello()}))?;
    sent += start.len() as u64;
    let url = base.join("api/v1/overlap")?;
    let (status, _, body) = client
        .post(
            &url,
            "application/json",
            "application/json",
            Bytes::from(start),
        )
        .await?;
    received += body.len() as u64;
    if status != 200 {
        bail!("{url}: HTTP {status}: {}", error_text(&body));
    }
    let v: Value = serde_json::from_slice(&body).context("the server's hello")?;
    let session = v["session"]
        .as_str()
        .context("the server's answer has no session")?
        .to_string();
    let hello: Hello = serde_json::from_value(v["hello"].clone()).context("the server's hello")?;
    let mode = party.accept_hello(&hello)?;

    // 2. Our points out; the server's points and the tags of ours back.
    let out = encode(&party.blinded_chunks(psi::DEFAULT_CHUNK_ITEMS));
    sent += out.len() as u64;
    let url = base.join(&format!("api/v1/overlap/{session}/blinded"))?;
    let (status, _, body) = client
        .post(
            &url,
            "application/octet-stream",
            "application/octet-stream",
            out,
        )
        .await?;
    received += body.len() as u64;
    if status != 200 {
        bail!("{url}: HTTP {status}: {}", error_text(&body));
    }
    let mut rest: &[u8] = &body;
    while !rest.is_empty() {
        let (c, used) = Chunk::from_bytes(rest)?;
        match c.round {
            Round::Blinded => party.absorb_blinded(&c)?,
            Round::DoubleBlinded => party.absorb_double_blinded(&c)?,
        }
        rest = &rest[used..];
    }

    // 3. The tags of the server's points out; the server's counts back.
    let (party, tags) = tokio::task::spawn_blocking(move || {
        let tags = party.double_blinded_chunks(psi::DEFAULT_CHUNK_ITEMS, &mut rand::rng());
        (party, tags)
    })
    .await?;
    let out = encode(&tags?);
    sent += out.len() as u64;
    let url = base.join(&format!("api/v1/overlap/{session}/finish"))?;
    let (status, _, body) = client
        .post(&url, "application/json", "application/octet-stream", out)
        .await?;
    received += body.len() as u64;
    if status != 200 {
        bail!("{url}: HTTP {status}: {}", error_text(&body));
    }
    let theirs: Value = serde_json::from_slice(&body).context("the server's counts")?;
    let outcome = party.finish()?;
    let elapsed = began.elapsed();
    let mode_name = match mode {
        Mode::Cardinality => "cardinality",
        Mode::Items => "items",
    };
    println!("set: {ctx} ({mode_name} mode)");
    println!("our set: {}", outcome.own_set_size);
    println!("their set: {}", outcome.peer_set_size);
    println!("shared: {}", outcome.intersection_size);
    if theirs["intersection_size"].as_u64() != Some(outcome.intersection_size) {
        eprintln!(
            "warning: the server counted {} shared items",
            theirs["intersection_size"]
        );
    }
    println!("bytes sent: {sent}");
    println!("bytes received: {received}");
    println!("time: {:.2} s", elapsed.as_secs_f64());
    if let Some(shared) = outcome.shared_items {
        for i in shared {
            println!("shared item: {}", String::from_utf8_lossy(&items[i]));
        }
    }
    store
        .audit(&dragnet_store::AuditEntry {
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            org_id: Some(org.id),
            actor: "cli".into(),
            action: "overlap".into(),
            target: format!(
                "{} set {ctx}, mode {mode_name}: own {}, partner {}, shared {}",
                base.host_str().unwrap_or(""),
                outcome.own_set_size,
                outcome.peer_set_size,
                outcome.intersection_size
            ),
            purpose: None,
        })
        .await?;
    Ok(ExitCode::SUCCESS)
}
