//! Web Push to a person's devices (RFC 8030), encrypted for each device (RFC 8291, `aes128gcm`)
//! and signed with the server's VAPID key (RFC 8292): no vendor account is needed.
//!
//! A device subscribes (`POST /me/push-subscriptions`). Every new chat message and every
//! notification the inbox stores (the reminders are notifications) queues a job for each of
//! the recipient's devices, in the transaction of its cause (`db::outbox`). The worker
//! (`worker`) sends the jobs. The payload is small and says nothing the lock screen should not
//! show: the kind, the ids the app opens, and a short title in the person's language.
//!
//! Here are the pure rules: what kind of push a job is, quiet hours, what an answer of a push
//! service means, the backoff, and which addresses an endpoint may have.

pub mod endpoint;
pub mod repo;
pub mod routes;
pub mod vapid;
pub mod view;
pub mod worker;

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::notifications::Kind as NotificationKind;

/// The kinds of push a person may turn off.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[schema(as = PushKind)]
pub enum Category {
    /// A new chat message.
    Messages,
    /// An intro visit tomorrow, a document overdue.
    Reminders,
    /// Intro visits booked, moved, cancelled or decided.
    Visits,
    /// Agreements and their meetings.
    Agreements,
    /// Activity days confirmed, corrected or rejected.
    Days,
    /// For staff and caseworkers: what a client's service needs of them.
    Clients,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Messages,
        Category::Reminders,
        Category::Visits,
        Category::Agreements,
        Category::Days,
        Category::Clients,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Messages => "messages",
            Category::Reminders => "reminders",
            Category::Visits => "visits",
            Category::Agreements => "agreements",
            Category::Days => "days",
            Category::Clients => "clients",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The Fluent message of the push's title.
    pub fn title_id(self) -> &'static str {
        match self {
            Category::Messages => "push-title-messages",
            Category::Reminders => "push-title-reminders",
            Category::Visits => "push-title-visits",
            Category::Agreements => "push-title-agreements",
            Category::Days => "push-title-days",
            Category::Clients => "push-title-clients",
        }
    }

    /// The kind of a notification's push.
    pub fn of_notification(kind: NotificationKind) -> Category {
        use NotificationKind as K;
        match kind {
            K::VisitReminder | K::AgreementDutyOverdue => Category::Reminders,
            K::VisitBooked
            | K::VisitMoved
            | K::VisitCancelledByProvider
            | K::VisitAccepted
            | K::VisitRefused
            | K::QueueOffered => Category::Visits,
            K::AgreementConfirmed
            | K::AgreementEndingProposed
            | K::AgreementEndingConsented
            | K::AgreementEndingDeclined
            | K::AgreementEnded
            | K::AgreementInterrupted
            | K::AgreementDocument
            | K::AgreementGroupChanged
            | K::MeetingPlanned
            | K::MeetingCancelled => Category::Agreements,
            K::DayConfirmed | K::DayCorrected | K::DayRejected => Category::Days,
            K::ClientRefused
            | K::ClientQueued
            | K::ClientDeclinedQueue
            | K::ClientMissedVisit
            | K::ClientAbsent
            | K::ClientSentHome
            | K::ClientNoShow
            | K::ClientNoShowsRepeated => Category::Clients,
        }
    }

    /// How long a push service keeps the push for a device that is off (`TTL`), in seconds.
    pub fn ttl(self) -> u32 {
        match self {
            Category::Messages => 24 * 3600,
            Category::Reminders => 12 * 3600,
            _ => 3 * 24 * 3600,
        }
    }

    /// How soon the device should wake for it (`Urgency`, RFC 8030 §5.3).
    pub fn urgency(self) -> &'static str {
        match self {
            Category::Messages | Category::Clients => "high",
            _ => "normal",
        }
    }
}

/// Quiet hours in Helsinki time: from `from` until `until`, over midnight when `until` is
/// earlier (21:00–08:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub from: NaiveTime,
    pub until: NaiveTime,
}

impl QuietHours {
    /// `None` unless both are `HH:MM` and differ.
    pub fn parse(from: &str, until: &str) -> Option<QuietHours> {
        // chrono also reads ` 8:00` and `08: 5`: only what prints back as itself is `HH:MM`.
        let read = |s: &str| {
            NaiveTime::parse_from_str(s, "%H:%M")
                .ok()
                .filter(|t| t.format("%H:%M").to_string() == s)
        };
        let (from, until) = (read(from)?, read(until)?);
        (from != until).then_some(QuietHours { from, until })
    }

    /// When the quiet hours around `now` end, or `None` if `now` is not in them.
    pub fn end_after(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        use chrono::TimeZone;
        let zone = chrono_tz::Europe::Helsinki;
        let local = now.with_timezone(&zone);
        let time = local.time();
        let quiet = if self.from < self.until {
            self.from <= time && time < self.until
        } else {
            time >= self.from || time < self.until
        };
        if !quiet {
            return None;
        }
        let mut day = local.date_naive();
        if time >= self.until {
            day = day.succ_opt()?;
        }
        let end = day.and_time(self.until);
        zone.from_local_datetime(&end)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .or_else(|| Some(end.and_utc()))
    }
}

/// Whether quiet hours hold this push until they end: reminders, and messages from staff or
/// caseworkers. Anything else (a message from a client's side, a decision) is sent at once.
pub fn held_in_quiet_hours(category: Category, from_staff: bool) -> bool {
    match category {
        Category::Reminders => true,
        Category::Messages => from_staff,
        _ => false,
    }
}

/// What to do with a job after an attempt to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The push service took it.
    Delivered,
    /// The subscription is gone (404, 410): delete it.
    Gone,
    /// Try again after this long.
    Retry(Duration),
    /// Stop: the push service refuses it for good, or it waited too long.
    Fail,
}

/// The first retry's delay; each next one doubles, up to [`BACKOFF_MAX`].
pub const BACKOFF_BASE: Duration = Duration::from_secs(10);
pub const BACKOFF_MAX: Duration = Duration::from_secs(3600);

/// What an answer means. `status` is `None` when no answer came (a timeout, a refused
/// connection); `attempts` counts this one; `age` is how long ago the job was queued; `jitter`
/// is a number in 0..1 that spreads retries of many jobs apart.
pub fn outcome(
    status: Option<u16>,
    retry_after: Option<Duration>,
    attempts: u32,
    age: Duration,
    give_up: Duration,
    jitter: f64,
) -> Outcome {
    let retry = |delay: Duration| {
        if age + delay > give_up {
            Outcome::Fail
        } else {
            Outcome::Retry(delay)
        }
    };
    match status {
        Some(200..=299) => Outcome::Delivered,
        Some(404) | Some(410) => Outcome::Gone,
        Some(429) => retry(retry_after.unwrap_or_else(|| backoff(attempts, jitter))),
        Some(500..=599) | None => retry(
            retry_after
                .unwrap_or_default()
                .max(backoff(attempts, jitter)),
        ),
        Some(_) => Outcome::Fail,
    }
}

/// Exponential backoff with jitter: about 10 s, 20 s, 40 s, … up to an hour, each between
/// half and the whole of its step.
pub fn backoff(attempts: u32, jitter: f64) -> Duration {
    let step = BACKOFF_BASE
        .saturating_mul(1u32 << attempts.saturating_sub(1).min(16))
        .min(BACKOFF_MAX);
    step.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// `Retry-After` as seconds or an HTTP date (RFC 9110 §10.2.3), from `now`; at most a day.
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    let delay = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => {
            let at = DateTime::parse_from_rfc2822(value)
                .ok()?
                .with_timezone(&Utc);
            (at - now).to_std().unwrap_or_default()
        }
    };
    Some(delay.min(Duration::from_secs(24 * 3600)))
}

/// The `Topic` of a push (RFC 8030 §5.4): a newer push of the same topic replaces an older one
/// the push service still holds. A thread's "new messages" have one topic; other pushes none.
pub fn topic(category: Category, thread_id: Option<&str>) -> Option<String> {
    use base64::Engine;
    use sha2::Digest;
    let thread = thread_id.filter(|_| category == Category::Messages)?;
    let digest = sha2::Sha256::digest(thread.as_bytes());
    // At most 32 characters of the URL-safe alphabet.
    let mut topic = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
    topic.truncate(31);
    Some(format!("m{topic}"))
}

/// Whether a push service may be at this address: not loopback, private, link-local (the
/// cloud's metadata service at 169.254.169.254), shared, documentation, multicast or
/// unspecified. An IPv6 address that carries an IPv4 one is judged by that.
pub fn public_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (18..20).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return public_address(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first & 0xffc0) == 0xfec0
                || first == 0x2001 && v6.segments()[1] == 0x0db8
                || (first == 0x0064 && v6.segments()[1] == 0xff9b)
                // 6to4 and Teredo carry an IPv4 address inside (a private one too); no push
                // service is reached by them.
                || first == 0x2002
                || (first == 0x2001 && v6.segments()[1] == 0)
                || v6.segments()[..6] == [0, 0, 0, 0, 0, 0])
        }
    }
}

/// A device's keys as its subscription gives them in base64url (padded or not): its P-256
/// public key (65 bytes, uncompressed) and its 16-byte auth secret; `None` if they are not.
pub fn device_keys(p256dh: &str, auth: &str) -> Option<(p256::PublicKey, [u8; 16])> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let decode = |s: &str| URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok();
    let point = decode(p256dh).filter(|b| b.len() == 65)?;
    let public = p256::PublicKey::from_sec1_bytes(&point).ok()?;
    Some((public, decode(auth)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn helsinki(h: u32, m: u32) -> DateTime<Utc> {
        chrono_tz::Europe::Helsinki
            .with_ymd_and_hms(2026, 12, 7, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn quiet_hours_over_midnight_end_in_the_morning() {
        let q = QuietHours::parse("21:00", "08:00").unwrap();
        let morning = helsinki(8, 0);
        assert_eq!(
            q.end_after(helsinki(23, 30)),
            Some(morning + chrono::Days::new(1))
        );
        assert_eq!(q.end_after(helsinki(7, 59)), Some(morning));
        assert_eq!(q.end_after(helsinki(8, 0)), None);
        assert_eq!(q.end_after(helsinki(20, 59)), None);
        assert_eq!(
            q.end_after(helsinki(21, 0)),
            Some(morning + chrono::Days::new(1))
        );
        let day = QuietHours::parse("12:00", "13:00").unwrap();
        assert_eq!(day.end_after(helsinki(12, 30)), Some(helsinki(13, 0)));
        assert_eq!(day.end_after(helsinki(13, 30)), None);
        assert!(QuietHours::parse("8:00", "21:00").is_none());
        assert!(QuietHours::parse("21:00", "21:00").is_none());
        assert!(QuietHours::parse("25:00", "08:00").is_none());
    }

    /// Found by the parsers' property test: these were taken, stored as sent and shown back.
    #[test]
    fn quiet_hours_are_exactly_hh_mm() {
        for bad in ["0: 00", " 8:00", "08: 5", "8: 00"] {
            assert!(QuietHours::parse(bad, "21:00").is_none(), "{bad:?}");
            assert!(QuietHours::parse("21:00", bad).is_none(), "{bad:?}");
        }
        assert!(QuietHours::parse("00:00", "23:59").is_some());
    }

    #[test]
    fn only_reminders_and_staff_messages_wait() {
        assert!(held_in_quiet_hours(Category::Reminders, false));
        assert!(held_in_quiet_hours(Category::Messages, true));
        assert!(!held_in_quiet_hours(Category::Messages, false));
        assert!(!held_in_quiet_hours(Category::Days, false));
        assert_eq!(
            Category::of_notification(NotificationKind::VisitReminder),
            Category::Reminders
        );
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
    }

    #[test]
    fn answers_decide_what_happens_next() {
        let day = Duration::from_secs(24 * 3600);
        let now = Duration::from_secs(60);
        assert_eq!(
            outcome(Some(201), None, 1, now, day, 0.5),
            Outcome::Delivered
        );
        assert_eq!(outcome(Some(410), None, 1, now, day, 0.5), Outcome::Gone);
        assert_eq!(outcome(Some(404), None, 1, now, day, 0.5), Outcome::Gone);
        let wait = Some(Duration::from_secs(120));
        assert_eq!(
            outcome(Some(429), wait, 1, now, day, 0.5),
            Outcome::Retry(Duration::from_secs(120))
        );
        assert_eq!(
            outcome(Some(503), None, 1, now, day, 1.0),
            Outcome::Retry(Duration::from_secs(10))
        );
        assert_eq!(
            outcome(None, None, 3, now, day, 1.0),
            Outcome::Retry(Duration::from_secs(40))
        );
        assert_eq!(outcome(Some(400), None, 1, now, day, 0.5), Outcome::Fail);
        assert_eq!(outcome(Some(413), None, 1, now, day, 0.5), Outcome::Fail);
        // Past the bounded time: kept as failed.
        assert_eq!(outcome(Some(503), None, 9, day, day, 0.5), Outcome::Fail);
    }

    #[test]
    fn backoff_grows_with_jitter_and_stops_growing() {
        assert_eq!(backoff(1, 0.0), Duration::from_secs(5));
        assert_eq!(backoff(2, 1.0), Duration::from_secs(20));
        assert_eq!(backoff(30, 1.0), BACKOFF_MAX);
        assert!(backoff(4, 0.3) < backoff(4, 0.9));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap();
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Mon, 07 Dec 2026 10:01:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(
            retry_after("99999999", now),
            Some(Duration::from_secs(86400))
        );
    }

    #[test]
    fn topics_are_short_and_per_thread() {
        let a = topic(Category::Messages, Some("thread-a")).unwrap();
        assert!(a.len() <= 32);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(Some(a), topic(Category::Messages, Some("thread-b")));
        assert_eq!(topic(Category::Days, Some("thread-a")), None);
    }

    #[test]
    fn only_public_addresses_may_be_push_services() {
        for bad in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "224.0.0.1",
            // 6to4 of 10.0.0.1 and 169.254.169.254; Teredo; NAT64 of 127.0.0.1.
            "2002:a00:1::1",
            "2002:a9fe:a9fe::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "64:ff9b::7f00:1",
        ] {
            assert!(!public_address(bad.parse().unwrap()), "{bad}");
        }
        for good in ["142.250.74.14", "2a00:1450:4026:808::200a", "8.8.8.8"] {
            assert!(public_address(good.parse().unwrap()), "{good}");
        }
    }
}
