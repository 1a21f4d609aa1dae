//! A constant-rate HTTP/1.1 load generator: latency at a fixed request rate, which wrk (a
//! closed loop: each connection sends when the last answer came) cannot measure. Used by
//! `scripts/bench check` for "p99 at 10,000 requests/s".
//!
//! ```sh
//! cargo run --release -p dragnet-web --example loadgen -- \
//!   --url http://127.0.0.1:8080/api/v1/check --bodies bodies.jsonl \
//!   --rate 10000 --connections 32 --seconds 20 --warmup 2
//! ```
//!
//! `--bodies`: one JSON request body per line, POSTed in turn (without it: GET). Each
//! connection (a thread with a blocking socket) owns every `connections`-th slot of the
//! schedule: request `i` is due at `start + i / rate`. Latency is measured from when a request
//! was due, not from when it was sent, so a stalled server is charged for the requests that
//! queued behind the stall (the coordinated-omission correction of wrk2); the service time
//! (sent to answered) and how late requests left (the generator's own lag) are printed
//! too. `--rate 0`: no schedule, every connection sends as fast as it is answered (maximum
//! throughput, like wrk). Percentiles come from HdrHistogram (microsecond resolution, 3
//! significant digits). Output ends with one `loadgen:` line of key=value pairs.

use hdrhistogram::Histogram;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

struct Args {
    host: String,
    addr: std::net::SocketAddr,
    path: String,
    bodies: Vec<String>,
    rate: f64,
    connections: usize,
    seconds: f64,
    warmup: f64,
}

fn usage() -> ! {
    eprintln!(
        "usage: loadgen --url http://HOST:PORT/PATH [--bodies FILE] [--rate N (0: as fast as answered)] \
         [--connections N] [--seconds S] [--warmup S]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut url = None;
    let mut bodies_file = None;
    let (mut rate, mut connections, mut seconds, mut warmup) = (10_000.0, 32, 20.0, 2.0);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| usage());
        let num = |s: String| s.parse::<f64>().unwrap_or_else(|_| usage());
        match a.as_str() {
            "--url" => url = Some(val()),
            "--bodies" => bodies_file = Some(val()),
            "--rate" => rate = num(val()),
            "--connections" => connections = num(val()) as usize,
            "--seconds" => seconds = num(val()),
            "--warmup" => warmup = num(val()),
            _ => usage(),
        }
    }
    let url = url.unwrap_or_else(|| usage());
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| {
            eprintln!("loadgen: only http:// URLs");
            std::process::exit(2)
        })
        .to_string();
    let (host, path) = match rest.find('/') {
        Some(i) => (rest[..i].to_string(), rest[i..].to_string()),
        None => (rest.clone(), "/".to_string()),
    };
    let addr = host
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .unwrap_or_else(|| {
            eprintln!("loadgen: cannot resolve {host}");
            std::process::exit(2)
        });
    let bodies = match bodies_file {
        Some(f) => std::fs::read_to_string(&f)
            .unwrap_or_else(|e| {
                eprintln!("loadgen: {f}: {e}");
                std::process::exit(2)
            })
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(String::from)
            .collect(),
        None => Vec::new(),
    };
    if connections == 0 || seconds <= 0.0 || rate < 0.0 {
        usage();
    }
    Args {
        host,
        addr,
        path,
        bodies,
        rate,
        connections,
        seconds,
        warmup,
    }
}

/// One connection's results.
struct Results {
    /// From when the request was due to the end of the answer (coordinated omission corrected).
    latency: Histogram<u64>,
    /// From sending to the end of the answer.
    service: Histogram<u64>,
    /// How late the request left (the generator's own lag).
    lag: Histogram<u64>,
    requests: u64,
    non_2xx: u64,
    errors: u64,
}

fn histogram() -> Histogram<u64> {
    // 1 µs to 100 s, 3 significant digits. Invariant: valid bounds.
    Histogram::new_with_bounds(1, 100_000_000, 3).expect("histogram bounds")
}

/// Sends `req` on `conn` (connecting first when needed) and reads one answer; its status.
fn round_trip(
    conn: &mut Option<TcpStream>,
    addr: std::net::SocketAddr,
    req: &[u8],
    buf: &mut Vec<u8>,
) -> std::io::Result<u16> {
    if conn.is_none() {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        *conn = Some(s);
    }
    let Some(s) = conn.as_mut() else {
        unreachable!("connected above")
    };
    s.write_all(req)?;
    buf.clear();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = s.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut resp = httparse::Response::new(&mut headers);
        let Ok(httparse::Status::Complete(head)) = resp.parse(buf) else {
            continue;
        };
        let status = resp.code.unwrap_or(0);
        let mut close = false;
        let mut len = None;
        for h in resp.headers.iter() {
            if h.name.eq_ignore_ascii_case("content-length") {
                len = std::str::from_utf8(h.value)
                    .ok()
                    .and_then(|v| v.trim().parse::<usize>().ok());
            } else if h.name.eq_ignore_ascii_case("connection") {
                close = h.value.eq_ignore_ascii_case(b"close");
            } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
                return Err(std::io::Error::other("chunked answers are not supported"));
            }
        }
        let Some(len) = len else {
            return Err(std::io::Error::other("an answer without Content-Length"));
        };
        while buf.len() < head + len {
            let n = s.read(&mut chunk)?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        if close {
            *conn = None;
        }
        return Ok(status);
    }
}

fn main() {
    let a = parse_args();
    let requests: Vec<Vec<u8>> = if a.bodies.is_empty() {
        vec![format!("GET {} HTTP/1.1\r\nHost: {}\r\n\r\n", a.path, a.host).into_bytes()]
    } else {
        a.bodies
            .iter()
            .map(|b| {
                format!(
                    "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
                    a.path,
                    a.host,
                    b.len(),
                    b
                )
                .into_bytes()
            })
            .collect()
    };
    let start = Instant::now() + Duration::from_millis(100);
    let measure_from = start + Duration::from_secs_f64(a.warmup);
    let end = measure_from + Duration::from_secs_f64(a.seconds);
    let results: Vec<Results> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..a.connections)
            .map(|k| {
                let requests = &requests;
                let a = &a;
                scope.spawn(move || {
                    let mut r = Results {
                        latency: histogram(),
                        service: histogram(),
                        lag: histogram(),
                        requests: 0,
                        non_2xx: 0,
                        errors: 0,
                    };
                    let mut conn = None;
                    let mut buf = Vec::with_capacity(64 * 1024);
                    let mut i: u64 = 0;
                    loop {
                        let slot = k as u64 + i * a.connections as u64;
                        let due = if a.rate > 0.0 {
                            start + Duration::from_secs_f64(slot as f64 / a.rate)
                        } else {
                            Instant::now()
                        };
                        if due >= end {
                            break;
                        }
                        let now = Instant::now();
                        if due > now {
                            std::thread::sleep(due - now);
                        }
                        let sent = Instant::now();
                        let req = &requests[slot as usize % requests.len()];
                        let status = round_trip(&mut conn, a.addr, req, &mut buf);
                        let done = Instant::now();
                        i += 1;
                        if due < measure_from {
                            continue;
                        }
                        r.requests += 1;
                        match status {
                            Ok(s) if (200..300).contains(&s) => {}
                            Ok(_) => r.non_2xx += 1,
                            Err(_) => {
                                r.errors += 1;
                                conn = None;
                            }
                        }
                        let us = |d: Duration| (d.as_micros() as u64).max(1);
                        r.latency
                            .saturating_record(us(done.saturating_duration_since(due)));
                        r.service.saturating_record(us(done - sent));
                        r.lag
                            .saturating_record(us(sent.saturating_duration_since(due)));
                    }
                    r
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a connection thread panicked"))
            .collect()
    });
    let measured = Instant::now()
        .saturating_duration_since(measure_from)
        .as_secs_f64();
    let (mut latency, mut service, mut lag) = (histogram(), histogram(), histogram());
    let (mut n, mut non_2xx, mut errors) = (0, 0, 0);
    for r in &results {
        // Invariant: same bounds everywhere.
        latency.add(&r.latency).expect("same bounds");
        service.add(&r.service).expect("same bounds");
        lag.add(&r.lag).expect("same bounds");
        n += r.requests;
        non_2xx += r.non_2xx;
        errors += r.errors;
    }
    let ms = |h: &Histogram<u64>, q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    let achieved = n as f64 / measured.max(1e-9);
    println!(
        "{} requests in {measured:.2} s = {achieved:.0} req/s (target {}), {} connections, non-2xx {non_2xx}, socket errors {errors}",
        n,
        if a.rate > 0.0 {
            format!("{:.0}", a.rate)
        } else {
            "as fast as answered".into()
        },
        a.connections
    );
    for (name, h) in [
        ("latency from due time (CO-corrected)", &latency),
        ("service time (sent to answered)", &service),
        ("send lag of the generator", &lag),
    ] {
        println!(
            "  {name:38} p50 {:.3} ms  p90 {:.3} ms  p99 {:.3} ms  p99.9 {:.3} ms  max {:.3} ms",
            ms(h, 0.5),
            ms(h, 0.9),
            ms(h, 0.99),
            ms(h, 0.999),
            h.max() as f64 / 1000.0
        );
    }
    println!(
        "loadgen: requests={n} seconds={measured:.2} rps={achieved:.0} target={} non2xx={non_2xx} errors={errors} p50_ms={:.3} p90_ms={:.3} p99_ms={:.3} p999_ms={:.3} max_ms={:.3} service_p99_ms={:.3} lag_p99_ms={:.3}",
        a.rate,
        ms(&latency, 0.5),
        ms(&latency, 0.9),
        ms(&latency, 0.99),
        ms(&latency, 0.999),
        latency.max() as f64 / 1000.0,
        ms(&service, 0.99),
        ms(&lag, 0.99),
    );
}
