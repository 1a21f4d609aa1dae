//! Reading report files: JSON Lines or CSV, plain or gzip, from a path or stdin.
//!
//! Lines are read as bytes with a length cap, so one oversize or non-UTF-8 line is rejected
//! with its number and the reader carries on with the next. Every item carries the file and
//! line it came from, which is what rejection messages name.

use dragnet_core::report::{CsvHeader, MAX_LINE_BYTES};
use dragnet_core::{FieldError, ReportInput};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// From the file name: .csv is CSV, anything else JSON Lines (.gz stripped first).
    Auto,
    Jsonl,
    Csv,
    /// A partner's STIX 2.1 bundle: stored as shared intelligence received (TAXII tables).
    Stix,
    /// A partner's MISP event: its indicators stored as shared intelligence received.
    Misp,
}

/// One line, good or bad, read but not necessarily parsed yet: parsing JSON is left to
/// whoever calls [`Item::parse`] (the importer's worker threads), CSV is parsed as read
/// (its header gives the records their meaning).
pub struct Item {
    pub line: u64,
    pub body: Body,
}

pub enum Body {
    /// A JSON Lines line, trimmed, not empty.
    Json(String),
    /// Parsed already (CSV), or rejected before parsing (too long, not UTF-8).
    Parsed(Box<Result<ReportInput, FieldError>>),
}

impl Item {
    fn done(line: u64, result: Result<ReportInput, FieldError>) -> Self {
        Item {
            line,
            body: Body::Parsed(Box::new(result)),
        }
    }

    /// The report of this line, or why it was rejected.
    pub fn parse(self) -> Result<ReportInput, FieldError> {
        match self.body {
            Body::Json(text) => ReportInput::from_json_line(&text),
            Body::Parsed(r) => *r,
        }
    }
}

/// Counts bytes as they are read (for the progress bar).
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// An opened input: its display name, total size when known, and a byte counter.
pub struct Source {
    pub name: String,
    pub total_bytes: Option<u64>,
    pub read_bytes: Arc<AtomicU64>,
    reader: Box<dyn BufRead + Send>,
    format: Format,
}

pub fn open(path: &str, format: Format) -> io::Result<Source> {
    let count = Arc::new(AtomicU64::new(0));
    let (raw, total, name): (Box<dyn Read + Send>, Option<u64>, String) = if path == "-" {
        (Box::new(io::stdin()), None, "<stdin>".into())
    } else {
        let f = File::open(path)?;
        let len = f.metadata().ok().map(|m| m.len());
        (Box::new(f), len, path.to_string())
    };
    let counted = Counting {
        inner: raw,
        count: count.clone(),
    };
    let mut buffered = BufReader::with_capacity(256 * 1024, counted);
    // Gzip is recognised by its magic bytes, whatever the name says.
    let is_gz = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn BufRead + Send> = if is_gz {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            flate2::bufread::MultiGzDecoder::new(buffered),
        ))
    } else {
        Box::new(buffered)
    };
    let bare = path
        .strip_suffix(".gz")
        .unwrap_or(path)
        .to_ascii_lowercase();
    let format = match format {
        Format::Auto if bare.ends_with(".csv") => Format::Csv,
        Format::Auto => Format::Jsonl,
        f => f,
    };
    Ok(Source {
        name,
        total_bytes: total,
        read_bytes: count,
        reader,
        format,
    })
}

impl Source {
    /// Reads every line, calling `each` in order. I/O errors end the file (the error is
    /// returned); bad lines do not.
    pub fn for_each(self, mut each: impl FnMut(Item) -> anyhow::Result<()>) -> anyhow::Result<()> {
        match self.format {
            Format::Csv => read_csv(self.reader, &mut each),
            _ => read_jsonl(self.reader, &mut each),
        }
    }
}

/// Reads one line of at most MAX_LINE_BYTES into `buf`; returns (bytes consumed, too long).
fn read_capped_line(r: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<(usize, bool)> {
    buf.clear();
    let mut consumed = 0usize;
    let mut too_long = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok((consumed, too_long));
        }
        let (take, done) = match memchr_nl(chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if buf.len() + take > MAX_LINE_BYTES + 1 {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        r.consume(take);
        consumed += take;
        if done {
            return Ok((consumed, too_long));
        }
    }
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

fn read_jsonl(
    mut r: Box<dyn BufRead + Send>,
    each: &mut dyn FnMut(Item) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0u64;
    loop {
        let (consumed, too_long) = read_capped_line(&mut *r, &mut buf)?;
        if consumed == 0 {
            return Ok(());
        }
        line_no += 1;
        if too_long {
            each(Item::done(
                line_no,
                Err(FieldError::new(
                    "line",
                    format!("is {consumed} bytes long; at most {MAX_LINE_BYTES} are accepted"),
                )),
            ))?;
            continue;
        }
        let mut bytes = buf.as_slice();
        if line_no == 1 {
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                each(Item::done(
                    line_no,
                    Err(FieldError::new(
                        "line",
                        format!(
                            "is not valid UTF-8 (bad byte at offset {})",
                            e.valid_up_to()
                        ),
                    )),
                ))?;
                continue;
            }
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        each(Item {
            line: line_no,
            body: Body::Json(text.to_string()),
        })?;
    }
}

fn read_csv(
    r: Box<dyn BufRead + Send>,
    each: &mut dyn FnMut(Item) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(r);
    let mut record = csv::ByteRecord::new();
    let mut header: Option<CsvHeader> = None;
    loop {
        let line = rdr.position().line();
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map(|p| p.line()).unwrap_or(line);
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return Err(anyhow::Error::new(e).context(format!("reading line {at}")));
                }
                each(Item::done(
                    at,
                    Err(FieldError::new("line", format!("bad CSV: {e}"))),
                ))?;
                continue;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        let fields: Result<Vec<&str>, _> = record.iter().map(std::str::from_utf8).collect();
        let fields = match fields {
            Ok(f) => f,
            Err(_) => {
                each(Item::done(
                    line,
                    Err(FieldError::new("line", "is not valid UTF-8")),
                ))?;
                continue;
            }
        };
        match &header {
            None => match CsvHeader::parse(&fields) {
                Ok(h) => {
                    if !h.unknown.is_empty() {
                        tracing::warn!(columns = ?h.unknown, "ignoring unknown CSV columns");
                    }
                    header = Some(h);
                }
                Err(e) => {
                    // Without a usable header no line can be read: say so once, for line 1.
                    each(Item::done(line, Err(e)))?;
                    return Ok(());
                }
            },
            Some(h) => {
                if fields.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                if record.as_slice().len() > MAX_LINE_BYTES {
                    each(Item::done(
                        line,
                        Err(FieldError::new(
                            "line",
                            format!("is over {MAX_LINE_BYTES} bytes long"),
                        )),
                    ))?;
                    continue;
                }
                each(Item::done(line, h.parse_record(&fields)))?;
            }
        }
    }
    Ok(())
}
