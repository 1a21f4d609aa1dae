//! Per-client rate limit on the pages' POSTs: a token bucket per IP address.
//!
//! Each address may send `burst` posts at once and then one every `refill` interval. The
//! table is pruned of full buckets when it grows past [`MAX_TRACKED`], so a flood of
//! addresses cannot exhaust memory. Without the peer address (a server started without
//! connect info) all clients share one bucket: stricter, never looser.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most addresses tracked before pruning.
pub const MAX_TRACKED: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The limiter shared by the pages' handlers.
#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    per_sec: f64,
    buckets: Mutex<HashMap<Option<IpAddr>, Bucket>>,
}

impl RateLimiter {
    /// `burst` posts at once, then one per `refill`.
    pub fn new(burst: u32, refill: Duration) -> Self {
        RateLimiter {
            burst: f64::from(burst.max(1)),
            per_sec: 1.0 / refill.as_secs_f64().max(1e-3),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `ip`; `Err(seconds)` tells how long to wait when there is none.
    pub fn take(&self, ip: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_TRACKED && !map.contains_key(&ip) {
            let (burst, rate) = (self.burst, self.per_sec);
            map.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst
            });
            if map.len() >= MAX_TRACKED {
                // Every tracked client is mid-burst: treat the newcomer as the shared bucket.
                return self.take_in(&mut map, None, now);
            }
        }
        self.take_in(&mut map, ip, now)
    }

    fn take_in(
        &self,
        map: &mut HashMap<Option<IpAddr>, Bucket>,
        ip: Option<IpAddr>,
        now: Instant,
    ) -> Result<(), u64> {
        let b = map.entry(ip).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.per_sec).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / self.per_sec).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_then_refills_per_address() {
        let l = RateLimiter::new(3, Duration::from_secs(10));
        let t0 = Instant::now();
        let a: Option<IpAddr> = "192.0.2.1".parse().ok();
        let b: Option<IpAddr> = "192.0.2.2".parse().ok();
        let got: Vec<Result<(), u64>> = (0..4).map(|_| l.take(a, t0)).collect();
        assert_eq!(got, vec![Ok(()), Ok(()), Ok(()), Err(10)]);
        assert_eq!(l.take(b, t0), Ok(()), "another address has its own bucket");
        assert_eq!(l.take(a, t0 + Duration::from_secs(5)), Err(5));
        assert_eq!(l.take(a, t0 + Duration::from_secs(10)), Ok(()));
    }
}
