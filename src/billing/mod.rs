//! Monthly billing: the city pays only for realised activity days (H §5.2, §5.4). A provider's
//! month lists each voucher's days as its attendance stands: confirmed and corrected days at
//! the agreement's unit price, no-shows within the rulebook's allowance (K §4), and absences,
//! rejections, waiting check-ins and meetings the provider cancelled at zero, with their reason.
//!
//! The provider submits a month for each municipality it served, by the rulebook's report day
//! (H §5.2: the 4th; K §7: the 8th, in Helsinki). The submission freezes the report. A day of a
//! submitted month that changes afterwards is billed by a **correction line** in the next open
//! month: what the day is billed at now less what the reports billed for it. So a day is never
//! billed twice, and the reports' lines of a voucher always add up to its confirmed units and
//! billable no-shows at their prices.
//!
//! This file holds the rules, as pure functions; `repo.rs` the SQL; `work.rs` how a report is
//! put together and submitted; `view.rs` how people read it, in JSON and CSV; `routes.rs` the
//! HTTP.

pub mod csv;
pub mod repo;
pub mod routes;
pub mod view;
pub mod work;

use std::collections::BTreeSet;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

use crate::attendance::Status;

/// A calendar month, `YYYY-MM`, within the years dates may have here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(NaiveDate);

impl Month {
    /// The month `YYYY-MM` names, for years 2000–2100.
    pub fn parse(s: &str) -> Option<Month> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' || !s.chars().all(|c| c.is_ascii_digit() || c == '-') {
            return None;
        }
        let year: i32 = s[..4].parse().ok()?;
        let month: u32 = s[5..].parse().ok()?;
        if !(2000..=2100).contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, 1).map(Month)
    }

    /// The month `day` is in.
    pub fn of(day: NaiveDate) -> Month {
        Month(day.with_day(1).unwrap_or(day))
    }

    pub fn first(self) -> NaiveDate {
        self.0
    }

    pub fn last(self) -> NaiveDate {
        self.next().0.pred_opt().unwrap_or(self.0)
    }

    pub fn next(self) -> Month {
        Month(self.0.checked_add_months(Months::new(1)).unwrap_or(self.0))
    }

    /// `YYYY-MM`.
    pub fn code(self) -> String {
        self.0.format("%Y-%m").to_string()
    }

    /// The day the month's report is due: the rulebook's report day of the next month.
    pub fn due(self, report_day: i32) -> NaiveDate {
        let next = self.next().0;
        next.with_day(report_day.clamp(1, 28) as u32)
            .unwrap_or(next)
    }

    /// Whether the month has ended on `today` (a Helsinki date): only then is it reported.
    pub fn over(self, today: NaiveDate) -> bool {
        today > self.last()
    }
}

/// Whether a report submitted on `submitted_on` (a Helsinki date) is late for `due`: the whole
/// report day still counts.
pub fn late(due: NaiveDate, submitted_on: NaiveDate) -> bool {
    submitted_on > due
}

/// What a listed day of a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = BilledDayKind)]
pub enum Kind {
    /// A realised day (confirmed or corrected): billed.
    Day,
    /// A missed meeting within the month's allowance (K §4): billed.
    NoShow,
    /// A check-in the provider has not confirmed: not billed (yet).
    Pending,
    /// An absence: never billed (H §5.2).
    Absence,
    /// A check-in the provider rejected: not billed.
    Rejected,
    /// A meeting the provider cancelled: never billed (K §4).
    Cancelled,
    /// The change of a day of an earlier, submitted month: plus or minus.
    Correction,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Day,
        Kind::NoShow,
        Kind::Pending,
        Kind::Absence,
        Kind::Rejected,
        Kind::Cancelled,
        Kind::Correction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Day => "day",
            Kind::NoShow => "no_show",
            Kind::Pending => "pending",
            Kind::Absence => "absence",
            Kind::Rejected => "rejected",
            Kind::Cancelled => "cancelled",
            Kind::Correction => "correction",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a day of attendance is billed at now: its kind in a report and its units. Only
/// realised days and billable no-shows carry units.
pub fn billed_now(status: Status, units: i32) -> (Kind, i32) {
    match status {
        Status::Confirmed | Status::Corrected => (Kind::Day, units.max(0)),
        Status::NoShow => (Kind::NoShow, units.max(0)),
        Status::Pending => (Kind::Pending, 0),
        Status::Absent => (Kind::Absence, 0),
        Status::Rejected => (Kind::Rejected, 0),
    }
}

/// The unit price of a day: the agreement's, which its meeting place fixed; remote or phone
/// coaching at the rulebook's remote tier where prices go by distance (K §3.1).
pub fn day_price(agreement_price: i64, remote: bool, remote_tier: Option<i64>) -> i64 {
    match (remote, remote_tier) {
        (true, Some(p)) => p,
        _ => agreement_price,
    }
}

/// The correction a day needs: what it is billed at now less what the submitted reports billed
/// for it; none when they agree.
pub fn correction(now: i32, billed: i32) -> Option<i32> {
    (now != billed).then_some(now - billed)
}

/// Whether changes to the days of `day_month` are billed in the report of `month`: the day's
/// own month is submitted, and `month` is the first open month after it.
pub fn corrects_into(day_month: Month, month: Month, submitted: &BTreeSet<Month>) -> bool {
    if day_month >= month || !submitted.contains(&day_month) || submitted.contains(&month) {
        return false;
    }
    let mut m = day_month.next();
    while m < month {
        if !submitted.contains(&m) {
            return false;
        }
        m = m.next();
    }
    true
}

/// One listed day of a report, as the report bills it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub municipality: String,
    pub service_code: String,
    pub voucher_id: String,
    pub agreement_id: String,
    pub client_id: String,
    /// The activity day; none for a meeting the provider cancelled.
    pub day_id: Option<String>,
    pub meeting_id: Option<String>,
    pub day: NaiveDate,
    pub kind: Kind,
    /// Signed for a correction; zero for what is not billed.
    pub units: i32,
    pub unit_price_cents: i64,
    pub reason_code: Option<String>,
    /// The reason as given, where one was.
    pub reason: Option<String>,
}

impl Entry {
    pub fn amount_cents(&self) -> i64 {
        i64::from(self.units) * self.unit_price_cents
    }
}

/// Whether a line bills a voucher's month or corrects one day of an earlier month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = BillingLineKind)]
pub enum LineKind {
    Month,
    Correction,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Month => "month",
            LineKind::Correction => "correction",
        }
    }
}

/// A line of a report: a voucher's month under one agreement, or one correction.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub kind: LineKind,
    pub municipality: String,
    pub service_code: String,
    pub voucher_id: String,
    pub agreement_id: String,
    pub client_id: String,
    /// Realised units (days or hours).
    pub confirmed_units: i32,
    pub no_show_units: i32,
    /// All billed units of the line; signed for a correction.
    pub units: i32,
    pub amount_cents: i64,
    /// The day a correction corrects.
    pub corrects_day: Option<NaiveDate>,
    pub entries: Vec<Entry>,
}

/// The lines of a report's entries: one per voucher and agreement for the month's own days, in
/// order of day, and one per correction.
pub fn lines(entries: Vec<Entry>) -> Vec<Line> {
    let mut months: Vec<Line> = Vec::new();
    let mut index: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    let mut corrections = Vec::new();
    for e in entries {
        let line = Line {
            kind: LineKind::Month,
            municipality: e.municipality.clone(),
            service_code: e.service_code.clone(),
            voucher_id: e.voucher_id.clone(),
            agreement_id: e.agreement_id.clone(),
            client_id: e.client_id.clone(),
            confirmed_units: 0,
            no_show_units: 0,
            units: 0,
            amount_cents: 0,
            corrects_day: None,
            entries: Vec::new(),
        };
        let target = if e.kind == Kind::Correction {
            corrections.push(Line {
                kind: LineKind::Correction,
                corrects_day: Some(e.day),
                ..line
            });
            corrections.last_mut()
        } else {
            let key = (e.voucher_id.clone(), e.agreement_id.clone());
            let i = *index.entry(key).or_insert_with(|| {
                months.push(line);
                months.len() - 1
            });
            months.get_mut(i)
        };
        if let Some(l) = target {
            match e.kind {
                Kind::Day => l.confirmed_units += e.units,
                Kind::NoShow => l.no_show_units += e.units,
                _ => {}
            }
            l.units += e.units;
            l.amount_cents += e.amount_cents();
            l.entries.push(e);
        }
    }
    for l in &mut months {
        l.entries.sort_by_key(|e| e.day);
    }
    months.extend(corrections);
    months
}

/// A total: units and cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sum {
    pub units: i64,
    pub cents: i64,
}

/// The totals of lines given as (service, units, cents), per service in the order services
/// first appear, and in all.
pub fn totals<'a>(
    lines: impl IntoIterator<Item = (&'a str, i64, i64)>,
) -> (Vec<(String, Sum)>, Sum) {
    let mut per: Vec<(String, Sum)> = Vec::new();
    let mut all = Sum::default();
    for (service, units, cents) in lines {
        let i = match per.iter().position(|(s, _)| s == service) {
            Some(i) => i,
            None => {
                per.push((service.to_string(), Sum::default()));
                per.len() - 1
            }
        };
        per[i].1.units += units;
        per[i].1.cents += cents;
        all.units += units;
        all.cents += cents;
    }
    (per, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn months_parse_within_bounds_only() {
        assert_eq!(m("2026-11").first(), d("2026-11-01"));
        assert_eq!(m("2026-02").last(), d("2026-02-28"));
        assert_eq!(m("2028-02").last(), d("2028-02-29"));
        assert_eq!(m("2026-12").next(), m("2027-01"));
        for bad in [
            "2026-13", "2026-00", "1999-12", "2101-01", "2026-1", "+202-11", "2026/11",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_report_day_counts_whole() {
        // Heinola's 4th and Kuopio's 8th of the next month (H §5.2, K §7).
        assert_eq!(m("2026-11").due(4), d("2026-12-04"));
        assert_eq!(m("2026-12").due(8), d("2027-01-08"));
        assert!(!late(d("2026-12-04"), d("2026-12-04")));
        assert!(late(d("2026-12-04"), d("2026-12-05")));
        assert!(!m("2026-11").over(d("2026-11-30")));
        assert!(m("2026-11").over(d("2026-12-01")));
    }

    #[test]
    fn only_realised_days_and_allowed_no_shows_bill() {
        assert_eq!(billed_now(Status::Confirmed, 1), (Kind::Day, 1));
        assert_eq!(billed_now(Status::Corrected, 3), (Kind::Day, 3));
        assert_eq!(billed_now(Status::NoShow, 1), (Kind::NoShow, 1));
        assert_eq!(billed_now(Status::NoShow, 0), (Kind::NoShow, 0));
        assert_eq!(billed_now(Status::Pending, 1), (Kind::Pending, 0));
        assert_eq!(billed_now(Status::Absent, 1), (Kind::Absence, 0));
        assert_eq!(billed_now(Status::Rejected, 1), (Kind::Rejected, 0));
    }

    #[test]
    fn remote_coaching_bills_at_the_remote_tier() {
        assert_eq!(day_price(8100, true, Some(4600)), 4600);
        assert_eq!(day_price(8100, false, Some(4600)), 8100);
        assert_eq!(day_price(4000, true, None), 4000);
    }

    #[test]
    fn corrections_go_to_the_first_open_month_after_the_day() {
        let submitted: BTreeSet<Month> = [m("2026-09"), m("2026-10")].into();
        assert!(corrects_into(m("2026-10"), m("2026-11"), &submitted));
        assert!(corrects_into(m("2026-09"), m("2026-11"), &submitted));
        assert!(!corrects_into(m("2026-09"), m("2026-12"), &submitted));
        assert!(!corrects_into(m("2026-08"), m("2026-11"), &submitted));
        assert!(!corrects_into(m("2026-11"), m("2026-11"), &submitted));
        assert_eq!(correction(2, 1), Some(1));
        assert_eq!(correction(0, 1), Some(-1));
        assert_eq!(correction(1, 1), None);
    }

    fn entry(voucher: &str, day: &str, kind: Kind, units: i32) -> Entry {
        Entry {
            municipality: "111".into(),
            service_code: "rwa_basic".into(),
            voucher_id: voucher.into(),
            agreement_id: format!("a-{voucher}"),
            client_id: format!("c-{voucher}"),
            day_id: Some(format!("{voucher}-{day}")),
            meeting_id: None,
            day: d(day),
            kind,
            units,
            unit_price_cents: 4000,
            reason_code: None,
            reason: None,
        }
    }

    #[test]
    fn a_voucher_month_is_one_line_and_each_correction_its_own() {
        let lines = lines(vec![
            entry("v1", "2026-11-03", Kind::Day, 1),
            entry("v2", "2026-11-02", Kind::Absence, 0),
            entry("v1", "2026-11-02", Kind::NoShow, 1),
            entry("v1", "2026-10-30", Kind::Correction, -1),
        ]);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].voucher_id, "v1");
        assert_eq!((lines[0].confirmed_units, lines[0].no_show_units), (1, 1));
        assert_eq!(lines[0].amount_cents, 8000);
        assert_eq!(lines[0].entries[0].day, d("2026-11-02"));
        assert_eq!(lines[1].amount_cents, 0);
        assert_eq!(lines[2].kind, LineKind::Correction);
        assert_eq!(lines[2].corrects_day, Some(d("2026-10-30")));
        assert_eq!(lines[2].amount_cents, -4000);
        let (per, all) = totals(
            lines
                .iter()
                .map(|l| (l.service_code.as_str(), i64::from(l.units), l.amount_cents)),
        );
        assert_eq!(
            per,
            vec![(
                "rwa_basic".to_string(),
                Sum {
                    units: 1,
                    cents: 4000
                }
            )]
        );
        assert_eq!(
            all,
            Sum {
                units: 1,
                cents: 4000
            }
        );
    }
}
