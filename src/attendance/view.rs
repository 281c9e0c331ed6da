//! Activity days and meetings as people read them: one day, the client's month, staff's list of
//! check-ins, and the site's code.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::meetings::replacement_owed;
use super::repo::{DayRow, MeetingRow};
use super::{Absence, GuidancePeriod, Status};
use crate::access::door::Listed;
use crate::i18n::{format_date, ArgValue, Lang, Localizer};
use crate::pagination::{Page, Paged};
use crate::refs::{Labeled, Link, PersonRef};

/// One activity day: a check-in and where it stands, an absence, or a missed meeting.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ActivityDay)]
pub struct DayView {
    #[schema(format = Uuid)]
    pub id: String,
    pub voucher: Link,
    pub agreement: Link,
    pub day: NaiveDate,
    pub status: Status,
    /// Where it stands, in a sentence.
    pub summary: String,
    /// For an absence: which kind, with its name.
    pub absence: Option<Labeled>,
    /// When the client said they arrived.
    pub arrived_at: Option<DateTime<Utc>>,
    /// Hours, for hour-based services.
    pub hours: Option<i32>,
    /// The units it takes of the voucher: confirmed or waiting; none for an absence.
    pub units: i32,
    /// A remote or phone session.
    pub remote: bool,
    /// Checked in with the site's code: the client was at the site.
    pub verified: bool,
    /// Sent after the day itself.
    pub late: bool,
    /// Why the provider corrected or rejected it, or why the client was away.
    pub reason: Option<String>,
    /// Hours of individual guidance given on the day (H §5.1).
    pub guidance_hours: Option<i32>,
    /// The meeting it was, for services with meetings.
    #[schema(format = Uuid)]
    pub meeting_id: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// A meeting of an hour-based service.
#[derive(Debug, Serialize, ToSchema)]
pub struct Meeting {
    #[schema(format = Uuid)]
    pub id: String,
    pub agreement: Link,
    pub starts_at: DateTime<Utc>,
    pub place: Option<String>,
    pub remote: bool,
    /// `scheduled`, `cancelled_by_provider` or `cancelled_by_client`.
    pub status: String,
    pub cancel_reason: Option<String>,
    /// The provider cancelled it and has not booked a new time yet.
    pub replacement_owed: bool,
    /// The cancelled meeting this one replaces.
    #[schema(format = Uuid)]
    pub replaces: Option<String>,
}

/// What a month holds, in numbers.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct MonthTotals {
    /// Units the provider confirmed: what the month uses of the voucher.
    pub confirmed_units: i32,
    /// Units checked in and waiting for the provider.
    pub pending_units: i32,
    pub absences: i32,
    pub no_shows: i32,
    pub rejected: i32,
    /// Hours of individual guidance given (H §5.1: at least 6 hours in 3 months).
    pub guidance_hours: i32,
}

/// The client's month of a voucher: every recorded day, the meetings, and the totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub voucher: Link,
    pub days: Vec<DayView>,
    pub meetings: Vec<Meeting>,
    pub totals: MonthTotals,
    /// The individual guidance of the period the month ends in (H §5.1); `null` where the
    /// rulebook asks none.
    pub guidance: Option<GuidancePeriod>,
    /// The month in a sentence.
    pub summary: String,
}

/// A day in staff's list, with whose it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffDay {
    pub client: PersonRef,
    #[schema(format = Uuid)]
    pub site_id: String,
    pub day: DayView,
}

pub type StaffDayPage = Page<StaffDay>;

impl Paged for StaffDay {
    const PAGE: &'static str = "StaffDayPage";
    const ORDER: Option<&'static str> = Some("Oldest first.");
    const NEXT: Option<&'static str> = None;
}

/// The site's presence code now.
#[derive(Debug, Serialize, ToSchema)]
pub struct SiteCode {
    /// Six digits: show them to the clients at the site.
    pub code: String,
    /// Seconds until the code changes.
    pub seconds_left: u64,
    /// How long each code is shown, in seconds.
    pub step_seconds: u64,
}

/// How days read in one language.
pub struct Texts<'a> {
    pub i18n: &'a Localizer,
    pub lang: Lang,
}

impl Texts<'_> {
    fn absence(&self, code: &str) -> Labeled {
        let name = self.i18n.text(
            self.lang,
            &format!("absence-{}", code.replace('_', "-")),
            &vec![],
        );
        Labeled {
            code: code.to_string(),
            name,
        }
    }

    fn summary(&self, row: &DayRow) -> String {
        let args = vec![
            ("date", ArgValue::from(format_date(row.day, self.lang))),
            ("status", ArgValue::from(row.status.clone())),
            ("units", ArgValue::from(i64::from(row.units))),
            (
                "verified",
                ArgValue::from(if row.verified { "yes" } else { "no" }),
            ),
        ];
        self.i18n
            .text(self.lang, "day-summary", &args)
            .trim_end()
            .to_string()
    }

    /// One day.
    pub fn day(&self, row: &DayRow) -> DayView {
        let absence = row
            .absence
            .as_deref()
            .and_then(Absence::parse)
            .map(|a| self.absence(a.as_str()));
        let reason = match (&row.reason, row.reason_code.as_deref()) {
            (Some(r), _) => Some(r.clone()),
            (None, Some(code)) => {
                let id = format!("absence-reason-{}", code.replace('_', "-"));
                self.i18n
                    .has(self.lang, &id)
                    .then(|| self.i18n.text(self.lang, &id, &vec![]))
            }
            (None, None) => None,
        };
        DayView {
            id: row.id.clone(),
            voucher: Link::voucher(&row.client_id, &row.voucher_id),
            agreement: Link::agreement(&row.client_id, &row.agreement_id),
            day: row.day,
            status: row.status(),
            summary: self.summary(row),
            absence,
            arrived_at: row.arrived_at.map(|t| t.and_utc()),
            hours: row.claimed_hours,
            units: row.units,
            remote: row.remote,
            verified: row.verified,
            late: row.late,
            reason,
            guidance_hours: row.guidance_hours,
            meeting_id: row.meeting_id.clone(),
            recorded_at: row.created_at.and_utc(),
            decided_at: row.decided_at.map(|t| t.and_utc()),
        }
    }

    /// The month `month` (`YYYY-MM`) of a voucher.
    pub fn month(
        &self,
        month: &str,
        voucher: Link,
        days: &[DayRow],
        meetings: &[MeetingRow],
        (client_id, guidance): (&str, Option<GuidancePeriod>),
    ) -> Month {
        let mut totals = MonthTotals::default();
        for d in days {
            totals.guidance_hours += d.guidance_hours.unwrap_or(0);
            match d.status() {
                Status::Confirmed | Status::Corrected => totals.confirmed_units += d.units,
                Status::Pending => totals.pending_units += d.units,
                Status::Absent => totals.absences += 1,
                Status::NoShow => totals.no_shows += 1,
                Status::Rejected => totals.rejected += 1,
            }
        }
        let args = vec![
            (
                "confirmed",
                ArgValue::from(i64::from(totals.confirmed_units)),
            ),
            ("pending", ArgValue::from(i64::from(totals.pending_units))),
            ("absences", ArgValue::from(i64::from(totals.absences))),
        ];
        let summary = self.i18n.text(self.lang, "month-summary", &args);
        let summary = summary.split_whitespace().collect::<Vec<_>>().join(" ");
        Month {
            month: month.to_string(),
            voucher,
            days: days.iter().map(|d| self.day(d)).collect(),
            meetings: meetings
                .iter()
                .map(|m| meeting(m, meetings, client_id))
                .collect(),
            totals,
            guidance,
            summary,
        }
    }
}

/// One meeting, as its client's side and staff read it.
pub fn meeting(m: &MeetingRow, all: &[MeetingRow], client_id: &str) -> Meeting {
    Meeting {
        id: m.id.clone(),
        agreement: Link::agreement(client_id, &m.agreement_id),
        starts_at: m.starts_at.and_utc(),
        place: m.place.clone(),
        remote: m.remote,
        status: m.status.clone(),
        cancel_reason: m.cancel_reason.clone(),
        replacement_owed: replacement_owed(m, all),
        replaces: m.replaces_id.clone(),
    }
}

/// Staff's list, each day with its client and organisation.
pub fn listed(
    texts: &Texts<'_>,
    rows: &[DayRow],
    names: &std::collections::HashMap<String, String>,
) -> Vec<Listed<StaffDay>> {
    rows.iter()
        .map(|r| Listed {
            client_id: r.client_id.clone(),
            organisation: Some(r.provider_id.clone()),
            item: StaffDay {
                client: PersonRef {
                    id: r.client_id.clone(),
                    display_name: names.get(&r.client_id).cloned().unwrap_or_default(),
                },
                site_id: r.site_id.clone(),
                day: texts.day(r),
            },
        })
        .collect()
}
