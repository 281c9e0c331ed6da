//! Finnish public holidays and working days.

use chrono::{Datelike, NaiveDate, Weekday};

/// Easter Sunday for the given year (Gregorian calendar), computed with the
/// anonymous Gregorian algorithm (Meeus/Jones/Butcher).
///
/// # Panics
///
/// Panics if the resulting date is outside chrono's supported range.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // month is 3 or 4 and day is 1..=31, so the casts cannot truncate.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter Sunday is a valid date")
}

/// Whether `d` is a Finnish public holiday (including Christmas Eve and
/// Midsummer Eve, which are customary days off).
pub fn is_public_holiday(d: NaiveDate) -> bool {
    let (month, day) = (d.month(), d.day());
    let fixed = matches!(
        (month, day),
        (1, 1) | (1, 6) | (5, 1) | (12, 6) | (12, 24) | (12, 25) | (12, 26)
    );
    if fixed {
        return true;
    }

    let weekday = d.weekday();
    // Midsummer Eve: Friday 19-25 June; Midsummer Day: Saturday 20-26 June.
    if month == 6 {
        if weekday == Weekday::Fri && (19..=25).contains(&day) {
            return true;
        }
        if weekday == Weekday::Sat && (20..=26).contains(&day) {
            return true;
        }
    }

    // All Saints' Day: Saturday between 31 October and 6 November.
    if weekday == Weekday::Sat && ((month == 10 && day == 31) || (month == 11 && day <= 6)) {
        return true;
    }

    // Movable feasts relative to Easter (March to June).
    if (3..=6).contains(&month) {
        let offset = (d - easter_sunday(d.year())).num_days();
        // Good Friday, Easter Sunday, Easter Monday, Ascension Day, Whitsun.
        if matches!(offset, -2 | 0 | 1 | 39 | 49) {
            return true;
        }
    }

    false
}

/// Whether `d` is a working day: Monday to Friday and not a public holiday.
pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(d)
}

/// The date `n` counted days after `start`, where `counts` says which days
/// count. Steps one day at a time; `start` itself is not counted, so `n == 0`
/// returns `start` unchanged.
///
/// Stops after `max_steps` days even if fewer than `n` have counted (a
/// predicate that rejects every day would never let the count end) and
/// returns the day reached. `None` if the walk would step past the last date
/// chrono represents.
pub fn add_counted_days(
    start: NaiveDate,
    n: u32,
    max_steps: u32,
    counts: impl Fn(NaiveDate) -> bool,
) -> Option<NaiveDate> {
    let mut d = start;
    let mut left = n;
    let mut steps = 0;
    while left > 0 && steps < max_steps {
        d = d.succ_opt()?;
        steps += 1;
        if counts(d) {
            left -= 1;
        }
    }
    Some(d)
}

/// The date that is `n` working days after `start`. `start` itself is not
/// counted, so `n == 0` returns `start` unchanged.
pub fn add_working_days(start: NaiveDate, n: u32) -> NaiveDate {
    // No step limit: chrono's whole range is fewer than `u32::MAX` days, so
    // the walk ends (or runs out of dates) before the limit could stop it.
    add_counted_days(start, n, u32::MAX, is_working_day).expect("date within chrono's range")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn holidays_in(year: i32) -> Vec<NaiveDate> {
        date(year, 1, 1)
            .iter_days()
            .take_while(|d| d.year() == year)
            .filter(|d| is_public_holiday(*d))
            .collect()
    }

    #[test]
    fn easter_known_years() {
        assert_eq!(easter_sunday(2024), date(2024, 3, 31));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
        assert_eq!(easter_sunday(2000), date(2000, 4, 23));
        assert_eq!(easter_sunday(2008), date(2008, 3, 23));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25));
        assert_eq!(easter_sunday(1818), date(1818, 3, 22));
    }

    #[test]
    fn easter_is_always_a_sunday_in_range() {
        for year in 1583..=2400 {
            let e = easter_sunday(year);
            assert_eq!(e.weekday(), Weekday::Sun, "{year}");
            assert!(e >= date(year, 3, 22) && e <= date(year, 4, 25), "{year}");
        }
    }

    #[test]
    fn holidays_2026() {
        let expected = vec![
            date(2026, 1, 1),   // New Year's Day
            date(2026, 1, 6),   // Epiphany
            date(2026, 4, 3),   // Good Friday
            date(2026, 4, 5),   // Easter Sunday
            date(2026, 4, 6),   // Easter Monday
            date(2026, 5, 1),   // May Day
            date(2026, 5, 14),  // Ascension Day
            date(2026, 5, 24),  // Whitsun
            date(2026, 6, 19),  // Midsummer Eve
            date(2026, 6, 20),  // Midsummer Day
            date(2026, 10, 31), // All Saints' Day
            date(2026, 12, 6),  // Independence Day
            date(2026, 12, 24), // Christmas Eve
            date(2026, 12, 25), // Christmas Day
            date(2026, 12, 26), // Boxing Day
        ];
        assert_eq!(holidays_in(2026), expected);
    }

    #[test]
    fn holidays_2025() {
        let expected = vec![
            date(2025, 1, 1),
            date(2025, 1, 6),
            date(2025, 4, 18),
            date(2025, 4, 20),
            date(2025, 4, 21),
            date(2025, 5, 1),
            date(2025, 5, 29),
            date(2025, 6, 8),
            date(2025, 6, 20),
            date(2025, 6, 21),
            date(2025, 11, 1),
            date(2025, 12, 6),
            date(2025, 12, 24),
            date(2025, 12, 25),
            date(2025, 12, 26),
        ];
        assert_eq!(holidays_in(2025), expected);
    }

    #[test]
    fn midsummer_and_all_saints_2026() {
        assert!(is_public_holiday(date(2026, 6, 19)));
        assert_eq!(date(2026, 6, 19).weekday(), Weekday::Fri);
        assert!(is_public_holiday(date(2026, 6, 20)));
        assert!(!is_public_holiday(date(2026, 6, 26)));
        assert!(!is_public_holiday(date(2026, 6, 27)));
        assert!(is_public_holiday(date(2026, 10, 31)));
        assert_eq!(date(2026, 10, 31).weekday(), Weekday::Sat);
        assert!(!is_public_holiday(date(2026, 11, 7)));
    }

    #[test]
    fn movable_holidays_are_on_right_weekdays() {
        for year in 1900..=2100 {
            let hs = holidays_in(year);
            // Ascension Day coincides with May Day when Easter is 23 March
            // (e.g. 1913, 2008); otherwise all 15 holidays are distinct.
            let expected = if easter_sunday(year) == date(year, 3, 23) {
                14
            } else {
                15
            };
            assert_eq!(hs.len(), expected, "{year}");
            let count = |wd: Weekday, m: u32| {
                hs.iter()
                    .filter(|d| d.weekday() == wd && d.month() == m)
                    .count()
            };
            assert_eq!(count(Weekday::Fri, 6), 1, "{year}");
            let saints = hs
                .iter()
                .filter(|d| {
                    d.weekday() == Weekday::Sat
                        && (*d >= &date(year, 10, 31) && *d <= &date(year, 11, 6))
                })
                .count();
            assert_eq!(saints, 1, "{year}");
        }
    }

    #[test]
    fn ordinary_days_are_not_holidays() {
        assert!(!is_public_holiday(date(2026, 1, 2)));
        assert!(!is_public_holiday(date(2026, 4, 4))); // Holy Saturday
        assert!(!is_public_holiday(date(2026, 4, 7)));
        assert!(!is_public_holiday(date(2026, 12, 27)));
        assert!(!is_public_holiday(date(2026, 12, 31)));
    }

    #[test]
    fn working_days() {
        assert!(is_working_day(date(2026, 3, 2))); // Monday
        assert!(!is_working_day(date(2026, 3, 7))); // Saturday
        assert!(!is_working_day(date(2026, 3, 8))); // Sunday
        assert!(!is_working_day(date(2026, 4, 3))); // Good Friday
        assert!(!is_working_day(date(2026, 12, 24))); // Thursday, Christmas Eve
        assert!(is_working_day(date(2026, 12, 31))); // Thursday
    }

    #[test]
    fn add_zero_working_days_returns_start() {
        assert_eq!(add_working_days(date(2026, 3, 7), 0), date(2026, 3, 7));
        assert_eq!(add_working_days(date(2026, 12, 25), 0), date(2026, 12, 25));
    }

    #[test]
    fn add_working_days_plain_week() {
        // Monday 2 March 2026.
        assert_eq!(add_working_days(date(2026, 3, 2), 1), date(2026, 3, 3));
        assert_eq!(add_working_days(date(2026, 3, 2), 4), date(2026, 3, 6));
        assert_eq!(add_working_days(date(2026, 3, 2), 5), date(2026, 3, 9));
        // From a Saturday.
        assert_eq!(add_working_days(date(2026, 3, 7), 1), date(2026, 3, 9));
    }

    #[test]
    fn add_working_days_over_christmas_and_new_year() {
        // Wed 23 Dec 2026; 24-27 Dec are off, 1 Jan 2027 (Fri) and
        // 6 Jan 2027 (Wed) are holidays.
        let start = date(2026, 12, 23);
        assert_eq!(add_working_days(start, 1), date(2026, 12, 28));
        assert_eq!(add_working_days(start, 4), date(2026, 12, 31));
        assert_eq!(add_working_days(start, 5), date(2027, 1, 4));
        assert_eq!(add_working_days(start, 6), date(2027, 1, 5));
        assert_eq!(add_working_days(start, 7), date(2027, 1, 7));
        assert_eq!(add_working_days(start, 8), date(2027, 1, 8));
    }

    #[test]
    fn add_working_days_over_easter_2026() {
        // Good Friday 3 Apr, Easter Monday 6 Apr 2026.
        assert_eq!(add_working_days(date(2026, 4, 2), 1), date(2026, 4, 7));
        assert_eq!(add_working_days(date(2026, 4, 1), 2), date(2026, 4, 7));
        assert_eq!(add_working_days(date(2026, 3, 30), 5), date(2026, 4, 8));
        assert_eq!(add_working_days(date(2026, 4, 3), 1), date(2026, 4, 7));
    }

    #[test]
    fn add_working_days_result_is_working_day() {
        let start = date(2025, 1, 1);
        let mut prev = start;
        for n in 1..=300 {
            let d = add_working_days(start, n);
            assert!(is_working_day(d), "{d}");
            assert!(d > prev);
            assert_eq!(add_working_days(prev, 1), d);
            prev = d;
        }
    }
}
