//! Money and dates as a person reads them: `2 400,00 €` in Finnish and Swedish, `€2,400.00` in
//! English; `31.5.2026`, `31 maj 2026`, `31 May 2026`.

use chrono::{Datelike, NaiveDate};

use super::Lang;

const NBSP: char = '\u{a0}';

/// Integer cents as a localized amount in euros.
pub fn format_money(cents: i64, lang: Lang) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (euros, rest) = (abs / 100, abs % 100);
    let digits = euros.to_string();
    let sep = match lang {
        Lang::En => ',',
        Lang::Fi | Lang::Sv => NBSP,
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    match lang {
        Lang::En => format!("{sign}€{grouped}.{rest:02}"),
        Lang::Fi | Lang::Sv => format!("{sign}{grouped},{rest:02}{NBSP}€"),
    }
}

/// A range of cents as a person reads it: `46,00–116,00 €` in Finnish and Swedish,
/// `€46.00–€116.00` in English; one amount when the bounds are equal.
pub fn format_money_range(min: i64, max: i64, lang: Lang) -> String {
    if min == max {
        return format_money(min, lang);
    }
    match lang {
        Lang::En => format!("{}–{}", format_money(min, lang), format_money(max, lang)),
        Lang::Fi | Lang::Sv => {
            let low = format_money(min, lang);
            let low = low.strip_suffix("\u{a0}€").unwrap_or(&low);
            format!("{low}–{}", format_money(max, lang))
        }
    }
}

const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date the way it is written in running text.
pub fn format_date(d: NaiveDate, lang: Lang) -> String {
    let m = d.month0() as usize;
    match lang {
        Lang::Fi => format!("{}.{}.{}", d.day(), d.month(), d.year()),
        Lang::Sv => format!("{} {} {}", d.day(), MONTHS_SV[m], d.year()),
        Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
    }
}

/// The Helsinki date and clock time of an instant, the way it is written in running text:
/// `3.3.2026 klo 9.30`, `3 mars 2026 kl. 9.30`, `3 March 2026 at 9:30`.
pub fn format_moment(at: chrono::DateTime<chrono::Utc>, lang: Lang) -> String {
    let date = format_date(crate::clock::helsinki_date(at), lang);
    let time = format_time(at, lang);
    match lang {
        Lang::Fi => format!("{date} klo {time}"),
        Lang::Sv => format!("{date} kl. {time}"),
        Lang::En => format!("{date} at {time}"),
    }
}

/// The Helsinki clock time of an instant: `9.30` (fi, sv) or `9:30` (en).
pub fn format_time(at: chrono::DateTime<chrono::Utc>, lang: Lang) -> String {
    use chrono::Timelike;
    let local = at.with_timezone(&chrono_tz::Europe::Helsinki);
    match lang {
        Lang::En => format!("{}:{:02}", local.hour(), local.minute()),
        Lang::Fi | Lang::Sv => format!("{}.{:02}", local.hour(), local.minute()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_and_placed_per_language() {
        assert_eq!(format_money(240000, Lang::Fi), "2\u{a0}400,00\u{a0}€");
        assert_eq!(format_money(240000, Lang::Sv), "2\u{a0}400,00\u{a0}€");
        assert_eq!(format_money(240000, Lang::En), "€2,400.00");
        assert_eq!(format_money(4600, Lang::En), "€46.00");
        assert_eq!(format_money(5, Lang::Fi), "0,05\u{a0}€");
        assert_eq!(format_money(123456789, Lang::En), "€1,234,567.89");
        assert_eq!(format_money(-1500, Lang::En), "-€15.00");
    }

    #[test]
    fn a_range_of_money_is_written_once_with_its_currency() {
        assert_eq!(format_money_range(4600, 11600, Lang::En), "€46.00–€116.00");
        assert_eq!(
            format_money_range(184000, 464000, Lang::Fi),
            "1\u{a0}840,00–4\u{a0}640,00\u{a0}€"
        );
        assert_eq!(format_money_range(4000, 4000, Lang::Sv), "40,00\u{a0}€");
    }

    #[test]
    fn dates_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
        assert_eq!(format_date(d, Lang::Fi), "31.5.2026");
        assert_eq!(format_date(d, Lang::Sv), "31 maj 2026");
        assert_eq!(format_date(d, Lang::En), "31 May 2026");
    }

    #[test]
    fn moments_are_told_in_helsinki_time() {
        use chrono::TimeZone;
        // 07:30 UTC in March is 9.30 in Helsinki (winter time, +2).
        let at = chrono::Utc.with_ymd_and_hms(2026, 3, 3, 7, 30, 0).unwrap();
        assert_eq!(format_moment(at, Lang::Fi), "3.3.2026 klo 9.30");
        assert_eq!(format_moment(at, Lang::Sv), "3 mars 2026 kl. 9.30");
        assert_eq!(format_moment(at, Lang::En), "3 March 2026 at 9:30");
        // Summer time is +3.
        let at = chrono::Utc.with_ymd_and_hms(2026, 6, 1, 7, 5, 0).unwrap();
        assert_eq!(format_time(at, Lang::En), "10:05");
    }
}
