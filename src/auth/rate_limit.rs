//! A fixed-window limiter for sign-in attempts, kept in memory per process.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

pub struct RateLimiter {
    max: u32,
    window_seconds: i64,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimiter {
    pub fn new(max: u32, window_seconds: i64) -> RateLimiter {
        RateLimiter {
            max,
            window_seconds: window_seconds.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one attempt under `key`; `Err(seconds)` tells how long until the next is allowed.
    pub fn check(&self, key: &str, now: DateTime<Utc>) -> Result<(), u64> {
        let now = now.timestamp();
        let window = now - now.rem_euclid(self.window_seconds);
        let mut map = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, (start, _)| *start == window);
        }
        let entry = map.entry(key.to_string()).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        if entry.1 >= self.max {
            return Err((window + self.window_seconds - now).max(1) as u64);
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn allows_max_per_window_then_refuses_until_the_next() {
        let limiter = RateLimiter::new(3, 60);
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 10).unwrap();
        for _ in 0..3 {
            assert!(limiter.check("ip:1", t).is_ok());
        }
        assert_eq!(limiter.check("ip:1", t), Err(50));
        assert!(limiter.check("ip:2", t).is_ok(), "keys are independent");
        assert!(limiter.check("ip:1", t + Duration::seconds(50)).is_ok());
    }
}
