//! A sliding-window limiter, kept in memory per process: at most `max` attempts under one key in
//! any `window` of time, whenever it starts.
//!
//! A fixed window (counts reset at each whole minute) lets twice the limit through across a
//! window's edge; this one keeps the instants of the last `max` attempts per key and allows
//! another only when the oldest of them has left the window. That is exact, costs at most `max`
//! instants per key, and reads the application's clock, so tests move time instead of waiting
//! (the `governor` crate would have been the other choice: its GCRA needs a clock of its own,
//! and it is a dependency where thirty lines do).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// Beyond this many keys, keys with no attempt left in the window are forgotten.
const MAX_KEYS: usize = 100_000;

pub struct RateLimiter {
    max: usize,
    window_ms: i64,
    attempts: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl RateLimiter {
    pub fn new(max: u32, window_seconds: i64) -> RateLimiter {
        RateLimiter {
            max: max.max(1) as usize,
            window_ms: window_seconds.max(1) * 1000,
            attempts: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `key` has no attempt left now: `Some(seconds)` until the next, without counting
    /// anything.
    pub fn blocked(&self, key: &str, now: DateTime<Utc>) -> Option<u64> {
        let now = now.timestamp_millis();
        let since = now - self.window_ms;
        let map = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let times = map.get(key)?;
        let live: Vec<i64> = times.iter().copied().filter(|t| *t > since).collect();
        if live.len() < self.max {
            return None;
        }
        let wait_ms = (live[live.len() - self.max] + self.window_ms - now).max(1);
        Some(((wait_ms + 999) / 1000) as u64)
    }

    /// Counts one attempt under `key`; `Err(seconds)` tells how long until the next is allowed
    /// (the refused attempt is not counted).
    pub fn check(&self, key: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let now = now.timestamp_millis();
        let since = now - self.window_ms;
        let mut map = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > MAX_KEYS {
            map.retain(|_, times| times.back().is_some_and(|t| *t > since));
        }
        let times = map.entry(key.to_string()).or_default();
        while times.front().is_some_and(|t| *t <= since) {
            times.pop_front();
        }
        if times.len() >= self.max {
            let oldest = times.front().copied().unwrap_or(now);
            let wait_ms = (oldest + self.window_ms - now).max(1);
            return Err(((wait_ms + 999) / 1000) as u64);
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn allows_max_in_any_window_then_refuses_until_the_oldest_leaves() {
        let limiter = RateLimiter::new(3, 60);
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 10).unwrap();
        for _ in 0..3 {
            assert!(limiter.check("ip:1", t).is_ok());
        }
        assert_eq!(limiter.check("ip:1", t), Err(60));
        assert_eq!(limiter.check("ip:1", t + Duration::seconds(50)), Err(10));
        assert!(limiter.check("ip:2", t).is_ok(), "keys are independent");
        assert!(limiter.check("ip:1", t + Duration::seconds(60)).is_ok());
    }

    /// A fixed window would let 2 × max through around a minute's edge.
    #[test]
    fn no_burst_across_a_window_edge() {
        let limiter = RateLimiter::new(10, 60);
        let edge = Utc.with_ymd_and_hms(2026, 1, 1, 12, 1, 0).unwrap();
        let before = edge - Duration::seconds(1);
        let after = edge + Duration::seconds(1);
        let allowed = (0..10)
            .map(|_| limiter.check("k", before))
            .chain((0..10).map(|_| limiter.check("k", after)))
            .filter(Result::is_ok)
            .count();
        assert_eq!(allowed, 10);
        // The attempts at `before` leave the window 60 s after it.
        assert_eq!(limiter.check("k", after), Err(58));
        assert!(limiter.check("k", before + Duration::seconds(60)).is_ok());
    }

    #[test]
    fn a_refused_attempt_does_not_push_the_wait_further() {
        let limiter = RateLimiter::new(1, 10);
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert!(limiter.check("k", t).is_ok());
        for s in 1..10 {
            assert!(limiter.check("k", t + Duration::seconds(s)).is_err());
        }
        assert!(limiter.check("k", t + Duration::seconds(10)).is_ok());
    }

    #[test]
    fn blocked_tells_without_counting() {
        let limiter = RateLimiter::new(2, 60);
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(limiter.blocked("k", t), None);
        assert!(limiter.check("k", t).is_ok());
        assert_eq!(limiter.blocked("k", t), None);
        assert!(limiter.check("k", t + Duration::seconds(10)).is_ok());
        assert_eq!(limiter.blocked("k", t + Duration::seconds(20)), Some(40));
        assert_eq!(limiter.blocked("k", t + Duration::seconds(60)), None);
    }
}
