//! Configuration: one set of settings, from a TOML file < `DRAGNET_*` environment < flags.
//!
//! The file is `--config PATH` (or `DRAGNET_CONFIG`), else `dragnet.toml` in the working
//! directory when present. `dragnet.example.toml` at the repository root documents every key.
//! Secrets (the data key, database passwords) are wrapped so `Debug` never prints them.

use anyhow::{Context, bail};
use clap::{Args, Parser, ValueEnum};
use std::fmt;
use std::path::{Path, PathBuf};

/// Dragnet: pool scam reports, find the operations behind them, refer them to law enforcement.
#[derive(Debug, Parser)]
#[command(name = "dragnet", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: crate::commands::Command,
}

/// Options every subcommand accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Database: a SQLite file path (default ./dragnet-data/dragnet.db) or postgres://… URL.
    #[arg(long, global = true, env = "DRAGNET_DATABASE_URL", value_name = "URL")]
    pub db: Option<String>,
    /// Configuration file (TOML). Default: ./dragnet.toml when present.
    #[arg(long, global = true, env = "DRAGNET_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// File holding the data key that seals victims' personal data (created, mode 0600,
    /// on first start). Default: next to the SQLite database, or ./dragnet-data/dragnet.key.
    #[arg(long, global = true, env = "DRAGNET_KEY_FILE", value_name = "PATH")]
    pub key_file: Option<PathBuf>,
    /// Log format on stderr.
    #[arg(long, global = true, env = "DRAGNET_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// Log filter, e.g. `info`, `dragnet=debug` (also RUST_LOG).
    #[arg(long, global = true, env = "DRAGNET_LOG", value_name = "FILTER")]
    pub log: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// A secret string: shown as `***` by `Debug` and `Display`.
#[derive(Clone, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The configuration file's shape (every key optional).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<Secret>,
    key_file: Option<PathBuf>,
    log_format: Option<LogFormat>,
    log: Option<String>,
    listen: Option<String>,
    default_source: Option<String>,
    public_org: Option<String>,
    retention_days: Option<u32>,
    default_tlp: Option<String>,
}

/// The resolved settings every command runs with.
#[derive(Debug)]
pub struct Settings {
    pub database_url: Secret,
    /// Whether the database URL was chosen by default (then it is printed at start).
    pub database_is_default: bool,
    pub key_file: PathBuf,
    /// `DRAGNET_DATA_KEY`, when set, wins over the key file.
    pub data_key: Option<Secret>,
    pub log_format: LogFormat,
    pub log: String,
    pub listen: String,
    pub default_source: String,
    /// The organisation that owns reports sent through the public web form.
    pub public_org: Option<String>,
    /// Days victims' personal data is kept after a report (`None`: until erased on request).
    pub retention_days: Option<u32>,
    /// TLP of contributions that name none (`None`: amber).
    pub default_tlp: Option<dragnet_share::Tlp>,
}

pub const DEFAULT_DATA_DIR: &str = "dragnet-data";

impl Settings {
    pub fn resolve(g: &GlobalArgs) -> anyhow::Result<Settings> {
        let file = match &g.config {
            Some(p) => read_config(p)?,
            None if Path::new("dragnet.toml").exists() => read_config(Path::new("dragnet.toml"))?,
            None => FileConfig::default(),
        };
        let (database_url, database_is_default) = match (&g.db, file.database_url) {
            (Some(u), _) => (Secret(u.clone()), false),
            (None, Some(u)) => (u, false),
            (None, None) => (Secret(format!("{DEFAULT_DATA_DIR}/dragnet.db")), true),
        };
        let key_file = g
            .key_file
            .clone()
            .or(file.key_file)
            .unwrap_or_else(|| default_key_file(database_url.expose()));
        Ok(Settings {
            database_url,
            database_is_default,
            key_file,
            data_key: std::env::var("DRAGNET_DATA_KEY")
                .ok()
                .filter(|s| !s.is_empty())
                .map(Secret),
            log_format: g.log_format.or(file.log_format).unwrap_or(LogFormat::Text),
            log: g
                .log
                .clone()
                .or(file.log)
                .or_else(|| std::env::var("RUST_LOG").ok())
                .unwrap_or_else(|| "info".into()),
            listen: std::env::var("DRAGNET_LISTEN")
                .ok()
                .or(file.listen)
                .unwrap_or_else(|| "127.0.0.1:8080".into()),
            default_source: std::env::var("DRAGNET_DEFAULT_SOURCE")
                .ok()
                .or(file.default_source)
                .unwrap_or_else(|| "local".into()),
            public_org: std::env::var("DRAGNET_PUBLIC_ORG").ok().or(file.public_org),
            retention_days: match std::env::var("DRAGNET_RETENTION_DAYS") {
                Ok(v) if !v.trim().is_empty() => Some(parse_retention_days(&v)?),
                _ => file.retention_days.map(check_retention_days).transpose()?,
            },
            default_tlp: match std::env::var("DRAGNET_DEFAULT_TLP")
                .ok()
                .filter(|v| !v.trim().is_empty())
                .or(file.default_tlp)
            {
                Some(v) => Some(v.parse().map_err(|e: String| {
                    anyhow::anyhow!("default_tlp (DRAGNET_DEFAULT_TLP): {e}")
                })?),
                None => None,
            },
        })
    }
}

/// `DRAGNET_RETENTION_DAYS`: a whole number of days, at least 1.
fn parse_retention_days(v: &str) -> anyhow::Result<u32> {
    let days: u32 = v
        .trim()
        .parse()
        .with_context(|| format!("DRAGNET_RETENTION_DAYS: `{v}` is not a whole number of days"))?;
    check_retention_days(days).context("DRAGNET_RETENTION_DAYS")
}

fn check_retention_days(days: u32) -> anyhow::Result<u32> {
    if days == 0 {
        bail!(
            "retention_days must be at least 1 (leave it unset to keep personal data until erased)"
        );
    }
    Ok(days)
}

/// The SQLite file a database URL names (`dragnet.db`, `sqlite:x.db`, `sqlite://x.db?mode=rwc`),
/// or `None` for PostgreSQL.
pub fn sqlite_file(url: &str) -> Option<&Path> {
    if url.starts_with("postgres") {
        return None;
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    Some(Path::new(path.split('?').next().unwrap_or(path)))
}

/// Where files beside the database live: the SQLite file's directory (`.` for a bare file
/// name), or the default data directory for PostgreSQL.
pub fn data_dir(url: &str) -> PathBuf {
    match sqlite_file(url).map(Path::parent) {
        None => PathBuf::from(DEFAULT_DATA_DIR),
        Some(Some(dir)) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        Some(_) => PathBuf::from("."),
    }
}

/// The key lives beside a SQLite file; for PostgreSQL, in the data directory.
fn default_key_file(url: &str) -> PathBuf {
    match sqlite_file(url) {
        None => data_dir(url).join("dragnet.key"),
        // A bare file name keeps the key as a bare name too (relative to the working directory).
        Some(_) if data_dir(url) == Path::new(".") => PathBuf::from("dragnet.key"),
        Some(_) => data_dir(url).join("dragnet.key"),
    }
}

fn read_config(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
    match toml::from_str(&text) {
        Ok(c) => Ok(c),
        Err(e) => bail!("{}: {e}", path.display()),
    }
}

pub fn init_logging(s: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_new(&s.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match s.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.with_target(false).init(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_sits_beside_the_database() {
        assert_eq!(
            default_key_file("dragnet-data/dragnet.db"),
            PathBuf::from("dragnet-data/dragnet.key")
        );
        assert_eq!(
            default_key_file("sqlite:///tmp/x/y.db?mode=rwc"),
            PathBuf::from("/tmp/x/dragnet.key")
        );
        assert_eq!(default_key_file("y.db"), PathBuf::from("dragnet.key"));
        assert_eq!(
            default_key_file("postgres://h/db"),
            PathBuf::from("dragnet-data/dragnet.key")
        );
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Secret("postgres://u:hunter2@h/db".into());
        assert_eq!(format!("{s:?}"), "***");
    }
}
