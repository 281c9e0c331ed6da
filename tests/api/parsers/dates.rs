//! Dates, months, times of day and list cursors (see `parsers`).

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike};
use proptest::prelude::*;
use serde_json::json;
use seteli::attendance::routes::client::parse_month;
use seteli::billing::Month;
use seteli::error::ErrorCode;
use seteli::input::{Day, Moment};
use seteli::pagination::checked;
use seteli::providers::rank::{Cursor, SortBy};
use seteli::push::QuietHours;

use super::{config, schema_valid, text, DAY_SCHEMA, HHMM_SCHEMA, MONTH_SCHEMA};

// ---- Pagination cursors. A list's `after` is a UUID, normalising: any form `uuid` reads
// ---- (upper case, simple, braced, URN) becomes the hyphenated lower-case one, which reads as
// ---- itself. The provider search's cursor is opaque base64url of `by|a|b|id`, normalising: the
// ---- numbers as Rust reads them (`+5`, `05`), printed plainly.

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn a_cursor_never_panics_and_prints_its_canonical_form(
        after in prop_oneof![text(40), "[{]?(urn:uuid:)?[0-9a-fA-F-]{30,38}[}]?"],
        limit in prop_oneof![any::<i64>(), -2i64..300],
        long in any::<bool>(),
    ) {
        let (default, max) = if long { (50, 200) } else { (20, 100) };
        match checked(Some(&after), Some(limit), default, max) {
            Ok(page) => {
                prop_assert!((1..=max).contains(&page.limit));
                let canonical = page.after.unwrap();
                let id = uuid::Uuid::parse_str(&after).unwrap();
                prop_assert_eq!(&canonical, &id.hyphenated().to_string());
                let again = checked(Some(&canonical), Some(limit), default, max).unwrap();
                prop_assert_eq!(again.after, Some(canonical));
            }
            Err(e) if (1..=max).contains(&limit) => {
                prop_assert_eq!(e.code, ErrorCode::InvalidCursor);
                prop_assert!(uuid::Uuid::parse_str(&after).is_err());
            }
            Err(e) => prop_assert_eq!(e.code, ErrorCode::InvalidQuery),
        }
    }

    #[test]
    fn an_id_in_any_form_is_one_cursor(raw in any::<u128>(), form in 0usize..5) {
        let id = uuid::Uuid::from_u128(raw);
        let canonical = id.hyphenated().to_string();
        let typed = match form {
            0 => canonical.clone(),
            1 => canonical.to_ascii_uppercase(),
            2 => id.simple().to_string(),
            3 => id.braced().to_string(),
            _ => id.urn().to_string(),
        };
        let page = checked(Some(&typed), None, 20, 100).unwrap();
        prop_assert_eq!(page.after, Some(canonical));
        prop_assert_eq!(page.limit, 20);
    }

    #[test]
    fn a_search_cursor_reads_as_it_was_written(
        by in prop::sample::select(SortBy::ALL), a in any::<i64>(), b in any::<i64>(),
        id in text(40), plus in any::<bool>(),
    ) {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let written = b64.encode(format!("{}|{a}|{b}|{id}", by.as_str()));
        let cursor = Cursor::decode(&written).unwrap();
        prop_assert_eq!(cursor.by, by);
        prop_assert_eq!(cursor.encode(), written.clone());
        if plus && a >= 0 {
            let typed = b64.encode(format!("{}|+{a}|{b}|{id}", by.as_str()));
            prop_assert_eq!(Cursor::decode(&typed), Some(cursor));
        }
    }

    #[test]
    fn a_search_cursor_never_panics(s in prop_oneof![text(60), "[A-Za-z0-9_-]{0,80}"]) {
        if let Some(cursor) = Cursor::decode(&s) {
            prop_assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        }
    }
}

// ---- Dates. `YYYY-MM` (a billing path's month and a client's `?month=`) and `YYYY-MM-DD`
// ---- (`Day`) are exact; `HH:MM` (quiet hours) is exact. `Moment` (RFC 3339) is normalising:
// ---- its canonical form is the instant in UTC with `T` and `Z`, as serde writes it.

fn day_text() -> impl Strategy<Value = String> {
    prop_oneof![
        text(12),
        "[ +-]?[0-9]{1,6}-[ ]?[0-9]{1,2}-[ ]?[0-9]{1,2}[ ]?",
        "[ +]?0?20[0-9]{2}-[ ]?[0-9]{1,2}-[ ]?[0-9]{1,2}",
        (1990i32..2110, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
    ]
}

fn read_day(s: &str) -> Option<Day> {
    serde_json::from_value::<Day>(json!(s)).ok()
}

fn read_moment(s: &str) -> Option<Moment> {
    serde_json::from_value::<Moment>(json!(s)).ok()
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn a_month_never_panics_and_prints_exactly(
        s in prop_oneof![
            text(9),
            "[ +-]?[0-9]{1,5}-[ ]?[0-9]{1,2}",
            "[ +]?20[0-9]{1,2}-[ ]?[0-9]{1,2}",
            (1990i32..2110, 0u32..=13).prop_map(|(y, m)| format!("{y}-{m:02}")),
        ]
    ) {
        let month = Month::parse(&s);
        if let Some(m) = month {
            prop_assert_eq!(m.code(), s.clone());
            prop_assert!(m.first() <= m.last() && m.last() < m.next().first());
            prop_assert!(schema_valid(&MONTH_SCHEMA, &s), "{s:?} is not what the document allows");
        }
        // The client's month of days reads the same months as billing does.
        prop_assert_eq!(parse_month(&s).ok(), month.map(Month::first), "{:?}", s);
    }

    #[test]
    fn a_day_never_panics_and_prints_exactly(s in day_text()) {
        if let Some(day) = read_day(&s) {
            prop_assert_eq!(serde_json::to_value(day).unwrap(), json!(s));
            prop_assert!(schema_valid(&DAY_SCHEMA, &s), "{s:?} is not what the document allows");
        }
    }

    #[test]
    fn a_day_in_the_window_reads_and_no_other(date in (-3000i64..40_000).prop_map(|d| {
        NaiveDate::from_ymd_opt(1995, 1, 1).unwrap() + Duration::days(d)
    })) {
        let s = date.format("%Y-%m-%d").to_string();
        let inside = (2000..=2100).contains(&date.year());
        prop_assert_eq!(read_day(&s).map(Day::date), inside.then_some(date));
    }

    #[test]
    fn a_moment_never_panics_and_prints_its_canonical_form(
        s in prop_oneof![
            text(32),
            concat!(
                "[+-]?20[0-9]{2}-[01][0-9]-[0-3][0-9][Tt ][0-2][0-9]:[0-5][0-9]:[0-6][0-9]",
                "(\\.[0-9]{1,12})?([Zz]|[+-][0-2][0-9]:[0-5][0-9])",
            ),
        ]
    ) {
        if let Some(m) = read_moment(&s) {
            let printed = serde_json::to_value(m).unwrap();
            let printed = printed.as_str().unwrap();
            prop_assert!(printed.ends_with('Z') && printed.contains('T'), "{printed}");
            prop_assert_eq!(read_moment(printed), Some(m));
            prop_assert!((2000..=2100).contains(&m.at().year()));
        }
    }

    /// An instant written in any offset, with any separator and fraction, is that instant.
    #[test]
    fn a_moment_reads_as_the_instant_written(
        secs in 938_736_000i64..4_140_000_000, nanos in 0u32..1_000_000_000,
        offset_minutes in -1439i32..=1439, sep in prop::sample::select(vec!["T", "t", " "]),
        zulu in prop::sample::select(vec!["Z", "z", "+00:00"]),
    ) {
        let at = DateTime::from_timestamp(secs, nanos).unwrap();
        let zone = FixedOffset::east_opt(offset_minutes * 60).unwrap();
        let local = at.with_timezone(&zone);
        let fraction = if nanos == 0 { String::new() } else { format!(".{nanos:09}") };
        let offset = match offset_minutes {
            0 => zulu.to_string(),
            m => {
                let sign = if m < 0 { '-' } else { '+' };
                format!("{sign}{:02}:{:02}", m.abs() / 60, m.abs() % 60)
            }
        };
        let (day, time) = (local.format("%Y-%m-%d"), local.format("%H:%M:%S"));
        let typed = format!("{day}{sep}{time}{fraction}{offset}");
        // Both the instant and the day as written are within the years (the document's pattern
        // reads the written year).
        let inside = (2000..=2100).contains(&at.year()) && (2000..=2100).contains(&local.year());
        prop_assert_eq!(read_moment(&typed).map(Moment::at), inside.then_some(at), "{}", typed);
    }

    #[test]
    fn quiet_hours_never_panic_and_print_exactly(
        from in prop_oneof![text(6), "[ +]?[0-9]{1,2}:[ ]?[0-9]{1,2}"],
        until in prop_oneof![text(6), "[0-2][0-9]:[0-5][0-9]"],
    ) {
        if let Some(q) = QuietHours::parse(&from, &until) {
            prop_assert_eq!(q.from.format("%H:%M").to_string(), from.clone());
            prop_assert_eq!(q.until.format("%H:%M").to_string(), until.clone());
            prop_assert!(schema_valid(&HHMM_SCHEMA, &from), "the document refuses {from:?}");
            let _ = q.end_after(DateTime::from_timestamp(1_800_000_000, 0).unwrap());
        }
    }

    #[test]
    fn quiet_hours_read_every_time_of_day(a in 0u32..24 * 60, b in 0u32..24 * 60) {
        let hhmm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        let q = QuietHours::parse(&hhmm(a), &hhmm(b));
        prop_assert_eq!(q.is_some(), a != b);
        if let Some(q) = q {
            let minutes = |t: chrono::NaiveTime| t.hour() * 60 + t.minute();
            prop_assert_eq!((minutes(q.from), minutes(q.until)), (a, b));
        }
    }
}
