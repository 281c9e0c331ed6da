//! Per-person limits on repeated writes: every `POST`, `PUT`, `PATCH` and `DELETE` a signed-in
//! person sends (a message, a check-in, a booking, a power of attorney, a device), counted
//! under the person the access token names. One middleware applies it before any handler, so
//! no route can forget it; sign-in keeps its own per-address limit (`auth::routes`).
//!
//! The count is `governor`'s GCRA: `per_minute` writes a minute on average, at most `burst` at
//! once. A refused write answers 429 with `Retry-After`, the seconds until one more may go.
//! Only a token whose signature checks counts: a forged one cannot spend another's writes.

use std::num::NonZeroU32;

use actix_web::http::Method;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::tokens::TokenService;

/// Beyond this many people counted, the counts that are full again are forgotten.
const FORGET_ABOVE: usize = 100_000;

/// How many writes a person may send.
pub struct WriteLimits {
    limiter: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

/// Paths whose writes are not counted: signing in has a limit of its own, and signing out (here
/// or everywhere) must always work.
const NOT_COUNTED: [&str; 2] = ["/api/v1/auth/", "/api/v1/me/sessions"];

/// Whether a request is a write the limit counts: any method that changes something, except
/// signing in and out.
pub fn counts(method: &Method, path: &str) -> bool {
    let writes = matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    writes && !NOT_COUNTED.iter().any(|p| path.starts_with(p))
}

impl WriteLimits {
    pub fn new(per_minute: u32, burst: u32) -> WriteLimits {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        WriteLimits {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one write of the person `token` names: `Err(seconds)` until the next may go (the
    /// refused write is not counted). A missing or invalid token counts nothing: the route
    /// answers 401 itself.
    pub fn check(
        &self,
        tokens: &TokenService,
        token: Option<&str>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), u64> {
        let Some(claims) = token.and_then(|t| tokens.verify(t, now)) else {
            return Ok(());
        };
        self.check_person(&claims.sub)
    }

    /// Counts one write of `person`.
    pub fn check_person(&self, person: &str) -> Result<(), u64> {
        if self.limiter.len() > FORGET_ABOVE {
            self.limiter.retain_recent();
        }
        let person = person.to_string();
        self.limiter.check_key(&person).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            // Whole seconds, rounded up: a client that waits as told is let through.
            wait.as_millis().div_ceil(1000).max(1) as u64
        })
    }

    /// Forgets the people whose count is full again (housekeeping).
    pub fn forget_idle(&self) -> usize {
        let before = self.limiter.len();
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
        before.saturating_sub(self.limiter.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_writes_outside_sign_in_count() {
        assert!(counts(&Method::POST, "/api/v1/threads"));
        assert!(counts(&Method::PUT, "/api/v1/me/push-settings"));
        assert!(counts(&Method::PATCH, "/api/v1/caseworker/vouchers/x"));
        assert!(counts(&Method::DELETE, "/api/v1/me/push-subscriptions/x"));
        assert!(!counts(&Method::GET, "/api/v1/me/home"));
        assert!(!counts(&Method::HEAD, "/api/v1/me/home"));
        assert!(!counts(&Method::POST, "/api/v1/auth/token"));
        assert!(!counts(&Method::POST, "/api/v1/auth/logout"));
        assert!(!counts(&Method::DELETE, "/api/v1/me/sessions"));
    }

    #[test]
    fn a_burst_then_a_wait_of_whole_seconds_and_people_apart() {
        // 60 a minute is one a second; three at once.
        let limits = WriteLimits::new(60, 3);
        for _ in 0..3 {
            assert_eq!(limits.check_person("aino"), Ok(()));
        }
        assert_eq!(limits.check_person("aino"), Err(1));
        // The refused write did not count: the wait is still one second.
        assert_eq!(limits.check_person("aino"), Err(1));
        assert_eq!(limits.check_person("jari"), Ok(()));
        std::thread::sleep(std::time::Duration::from_millis(1_050));
        assert_eq!(limits.check_person("aino"), Ok(()));
        assert_eq!(limits.check_person("aino"), Err(1));
    }

    #[test]
    fn a_slow_limit_tells_the_whole_wait() {
        // 2 a minute: after the burst of one, the next in 30 s.
        let limits = WriteLimits::new(2, 1);
        assert_eq!(limits.check_person("aino"), Ok(()));
        let wait = limits.check_person("aino").unwrap_err();
        assert!((29..=30).contains(&wait), "{wait}");
    }

    #[test]
    fn idle_people_are_forgotten() {
        let limits = WriteLimits::new(6_000, 1);
        limits.check_person("aino").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(limits.forget_idle(), 1);
    }
}
