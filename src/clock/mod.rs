//! Time as a dependency. Production reads the system clock; tests set and step a manual one, so
//! deadlines and expiry are tested by moving time instead of waiting.

pub mod holidays;

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The source of "now" for the whole application.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in Finland, where every deadline and activity day is counted.
    fn today(&self) -> NaiveDate {
        helsinki_date(self.now())
    }
}

/// The date in Europe/Helsinki at the given instant.
pub fn helsinki_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&chrono_tz::Europe::Helsinki).date_naive()
}

/// The instant a Helsinki date begins.
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let local = day.and_time(chrono::NaiveTime::MIN);
    chrono_tz::Europe::Helsinki
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until told to move. Cloning shares the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        ManualClock(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }

    pub fn advance(&self, by: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub type SharedClock = Arc<dyn Clock>;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn helsinki_date_crosses_midnight_before_utc() {
        // 22:30 UTC on 31 Dec is already 1 Jan in Helsinki (UTC+2 in winter).
        let t = Utc.with_ymd_and_hms(2026, 12, 31, 22, 30, 0).unwrap();
        assert_eq!(
            helsinki_date(t),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
        // Summer time is UTC+3.
        let t = Utc.with_ymd_and_hms(2026, 6, 30, 20, 59, 0).unwrap();
        assert_eq!(
            helsinki_date(t),
            NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
        );
        let t = Utc.with_ymd_and_hms(2026, 6, 30, 21, 0, 0).unwrap();
        assert_eq!(
            helsinki_date(t),
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let start = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
        let clock = ManualClock::new(start);
        let shared = clock.clone();
        assert_eq!(shared.now(), start);
        clock.advance(Duration::minutes(16));
        assert_eq!(shared.now(), start + Duration::minutes(16));
    }
}
