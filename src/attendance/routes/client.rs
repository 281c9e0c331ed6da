//! The client's side of activity days: check in, report an absence, read a day and the month,
//! and cancel a meeting.

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::texts;
use crate::access::door::Target;
use crate::access::Access;
use crate::access::{self, ClientRead, ClientWrite};
use crate::attendance::view::{DayView, Meeting, Month};
use crate::attendance::work::{self, AbsenceReport, CheckIn};
use crate::attendance::{meetings, repo, AbsenceReason, GuidancePeriod, REASON_MAX};
use crate::auth::{Actor, Caller};
use crate::db::cache::Reading;
use crate::error::{AppError, ErrorCode, Problem};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::input::{Day, Json, Moment, Paragraph};
use crate::refs::Link;
use crate::state::AppState;

/// A check-in for an activity day.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCheckIn {
    /// The day: today, or up to 7 days ago when the phone was offline (then it shows as late).
    pub day: Day,
    /// When you arrived, on that day. Today's check-in without it arrives now.
    pub arrived_at: Option<Moment>,
    /// Hours, for hour-based services (coaching); left out for day-based ones.
    #[schema(minimum = 1, maximum = 12)]
    pub hours: Option<i32>,
    /// A remote or phone session (individual coaching only).
    #[serde(default)]
    pub remote: bool,
    /// The six-digit code the site's staff show: the check-in is then "at the site".
    #[schema(pattern = "^[0-9]{6}$")]
    pub code: Option<String>,
}

/// An absence the client's side reports.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAbsence {
    /// The day: up to 7 days ago, or up to 30 days ahead.
    pub day: Day,
    pub reason: AbsenceReason,
    /// More in your own words, if you like. The provider and the caseworker read it.
    pub explanation: Option<Paragraph<{ REASON_MAX }>>,
}

/// Which month to show.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthQuery {
    /// `YYYY-MM`; this month when left out.
    #[param(pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
}

/// The first day of `YYYY-MM`, within the years dates may have.
pub fn parse_month(s: &str) -> Result<chrono::NaiveDate, AppError> {
    let bad = || AppError::new(ErrorCode::InvalidQuery).arg("field", "month");
    if s.len() != 7 {
        return Err(bad());
    }
    let first =
        chrono::NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").map_err(|_| bad())?;
    // chrono also reads `2024- 1` and `+2024-1`: only `YYYY-MM` names a month.
    if first.format("%Y-%m").to_string() != s {
        return Err(bad());
    }
    Day::new(first).map(Day::date).ok_or_else(bad)
}

/// Check in for an activity day under the agreement in force. Only the client checks in: a
/// helper may report an absence instead. With the site's code the day is "at the site". One
/// day counts once: a second check-in for the day is refused, and a retry with the same
/// `Idempotency-Key` answers as the first did.
#[utoipa::path(
    operation_id = "checkIn",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("voucher_id" = String, Path, description = "The voucher", format = Uuid),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = NewCheckIn,
    responses(
        (status = 201, description = "Checked in: the day waits for the provider", body = DayView),
        (status = 404, description = "No such client or voucher for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The day is recorded already, there is no agreement in force, or the service was interrupted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day breaks a rule of the voucher: the problem says which", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes: wait and try again", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/vouchers/{voucher_id}/check-ins")]
pub async fn check_in(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    key: IdempotencyKey,
    body: Json<NewCheckIn>,
) -> Result<HttpResponse, AppError> {
    let (client, voucher) = path.into_inner();
    let voucher_id = access::parse_id(&voucher)?;
    let body = body.into_inner();
    let tries = format!("person:{}", actor.person_id);
    let now = state.clock.now();
    if let Some(seconds) = state
        .code_limiter
        .blocked(&tries, now)
        .filter(|_| body.code.is_some())
    {
        return Err(AppError {
            retry_after: Some(seconds),
            ..AppError::new(ErrorCode::AttendanceCodeTries)
        });
    }
    let request = body.clone();
    let c = CheckIn {
        day: body.day.date(),
        arrived_at: body.arrived_at.map(|m| m.at()),
        hours: body.hours,
        remote: body.remote,
        code: body.code,
    };
    let st = state.clone();
    let lang = actor.lang;
    let made = state
        .door
        .create(
            &actor,
            ClientWrite::CheckIn,
            Target::path(&client),
            key,
            &request,
            move |conn, access, ()| {
                let id = uuid::Uuid::now_v7().to_string();
                let row = work::check_in(conn, access, &id, &voucher_id, c, &st.site_codes)?;
                let view = texts(&st, lang).day(&row);
                Stored::created(&view, Link::day(access.client_id(), &id).href)
            },
        )
        .await;
    Ok(count_wrong_code(&state, &tries, now, made)?.into_response())
}

/// A wrong code counts towards the person's limit; past it, the answer says when to try again.
fn count_wrong_code(
    state: &AppState,
    tries: &str,
    now: chrono::DateTime<chrono::Utc>,
    made: Result<Stored, AppError>,
) -> Result<Stored, AppError> {
    match made {
        Err(e) if e.code == ErrorCode::AttendanceCodeWrong => {
            match state.code_limiter.check(tries, now) {
                Ok(()) => Err(e),
                Err(seconds) => Err(AppError {
                    retry_after: Some(seconds),
                    ..AppError::new(ErrorCode::AttendanceCodeTries)
                }),
            }
        }
        made => made,
    }
}

/// Report an absence: sick leave, a family reason, an appointment. The client or a helper with
/// the `report_absence` scope may report it. The provider and the caseworker are told at once.
#[utoipa::path(
    operation_id = "reportAbsence",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("voucher_id" = String, Path, description = "The voucher", format = Uuid),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = NewAbsence,
    responses(
        (status = 201, description = "Reported", body = DayView),
        (status = 404, description = "No such client or voucher for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Something else is recorded for the day, or there is no agreement in force", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day does not fit: the problem says why", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/vouchers/{voucher_id}/absences")]
pub async fn report_absence(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    key: IdempotencyKey,
    body: Json<NewAbsence>,
) -> Result<HttpResponse, AppError> {
    let (client, voucher) = path.into_inner();
    let voucher_id = access::parse_id(&voucher)?;
    let body = body.into_inner();
    let request = body.clone();
    let st = state.clone();
    let lang = actor.lang;
    let report = AbsenceReport {
        day: body.day.date(),
        reason: body.reason,
        explanation: body.explanation.map(|p| p.0),
    };
    let stored = state
        .door
        .create(
            &actor,
            ClientWrite::ReportAbsence,
            Target::path(&client),
            key,
            &request,
            move |conn, access, ()| {
                let id = uuid::Uuid::now_v7().to_string();
                let row = work::report_absence(conn, access, &id, &voucher_id, report)?;
                let view = texts(&st, lang).day(&row);
                Stored::created(&view, Link::day(access.client_id(), &row.id).href)
            },
        )
        .await?;
    Ok(stored.into_response())
}

/// One activity day: where it stands, and why. Staff of the provider see their own
/// organisation's days.
#[utoipa::path(
    operation_id = "getActivityDay",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("day_id" = String, Path, description = "The day", format = Uuid),
    ),
    responses(
        (status = 200, description = "The day", body = DayView),
        (status = 404, description = "No such day for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/days/{day_id}")]
pub async fn one_day(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, day) = path.into_inner();
    let day_id = access::parse_id(&day)?;
    let (actor, row) = state
        .door
        .read(caller, ClientRead::ViewDays, &client, move |r, access| {
            repo::find_day(r.conn(), &day_id)?
                .filter(|d| {
                    d.client_id == access.client_id() && access.rows.reaches(&d.provider_id)
                })
                .ok_or_else(AppError::not_found)
        })
        .await?;
    Ok(HttpResponse::Ok().json(texts(&state, actor.lang).day(&row)))
}

/// A month of a voucher's activity days: each day's state (pending, confirmed, corrected,
/// rejected, absent, no-show), the meetings, and what the month used.
#[utoipa::path(
    operation_id = "listActivityDays",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("voucher_id" = String, Path, description = "The voucher", format = Uuid),
        MonthQuery,
    ),
    responses(
        (status = 200, description = "The month", body = Month),
        (status = 404, description = "No such client or voucher for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/vouchers/{voucher_id}/days")]
pub async fn month(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    query: web::Query<MonthQuery>,
) -> Result<HttpResponse, AppError> {
    let (client, voucher) = path.into_inner();
    let voucher_id = access::parse_id(&voucher)?;
    let asked = query.month.as_deref().map(parse_month).transpose()?;
    let link_id = voucher_id.clone();
    let (actor, (first, days, meetings, (client_id, guidance))) = state
        .door
        .read(caller, ClientRead::ViewDays, &client, move |r, access| {
            read_month(r, access, &voucher_id, asked)
        })
        .await?;
    let link = Link::voucher(&client_id, &link_id);
    let month = first.format("%Y-%m").to_string();
    let who = (client_id.as_str(), guidance);
    let body = texts(&state, actor.lang).month(&month, link, &days, &meetings, who);
    Ok(HttpResponse::Ok().json(body))
}

/// What a month of `voucher_id` shows: its first day, the days, the meetings, and whose it is
/// with the guidance of the period it ends in.
#[allow(clippy::type_complexity)]
fn read_month(
    r: &mut Reading<'_>,
    access: &Access,
    voucher_id: &str,
    asked: Option<chrono::NaiveDate>,
) -> Result<
    (
        chrono::NaiveDate,
        Vec<repo::DayRow>,
        Vec<repo::MeetingRow>,
        (String, Option<GuidancePeriod>),
    ),
    AppError,
> {
    let v = work::voucher_of(r.conn(), access, voucher_id)?;
    let first = asked.unwrap_or_else(|| crate::attendance::month_of(access.today()).0);
    let (from, until) = crate::attendance::month_of(first);
    let days: Vec<repo::DayRow> = repo::days_between(r.conn(), &v.id, from, until)?
        .into_iter()
        .filter(|d| access.rows.reaches(&d.provider_id))
        .collect();
    let agreements: Vec<_> = crate::agreements::repo::confirmed_of_voucher(r.conn(), &v.id)?
        .into_iter()
        .filter(|a| access.rows.reaches(&a.provider_id))
        .collect();
    let ids: Vec<String> = agreements.iter().map(|a| a.id.clone()).collect();
    let meetings: Vec<repo::MeetingRow> = repo::meetings_of(r.conn(), &ids)?
        .into_iter()
        .filter(|m| m.day >= from && m.day <= until)
        .collect();
    // The guidance of the period the month ends in (or today, in this month).
    let pivot = until.min(access.today());
    let terms = crate::rulebooks::repo::terms(r, &v.rulebook_id)?;
    let mut guidance = None;
    if let Some(a) = agreements.iter().rev().find(|a| a.starts_on <= pivot) {
        guidance = work::guidance(r.conn(), a, &terms.rules)?
            .into_iter()
            .find(|p| p.from <= pivot && pivot <= p.until);
    }
    let who = (access.client_id().to_string(), guidance);
    Ok((first, days, meetings, who))
}

/// Cancel a meeting. On the meeting's own day it counts as a missed meeting (K §4), which the
/// provider may bill; earlier it is simply cancelled. The provider is told.
#[utoipa::path(
    operation_id = "cancelMeeting",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("voucher_id" = String, Path, description = "The voucher", format = Uuid),
        ("meeting_id" = String, Path, description = "The meeting", format = Uuid),
    ),
    responses(
        (status = 200, description = "Cancelled", body = Meeting),
        (status = 404, description = "No such meeting for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting was cancelled already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The meeting is past", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/vouchers/{voucher_id}/meetings/{meeting_id}/cancel")]
pub async fn cancel_meeting(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, voucher, meeting) = path.into_inner();
    let voucher_id = access::parse_id(&voucher)?;
    let meeting_id = access::parse_id(&meeting)?;
    let view = state
        .door
        .write(
            &actor,
            ClientWrite::CancelMeeting,
            Target::path(&client),
            move |conn, access, ()| {
                let m = meetings::cancel_by_client(conn, access, &voucher_id, &meeting_id)?;
                let all = repo::meetings_of(conn, std::slice::from_ref(&m.agreement_id))?;
                Ok(crate::attendance::view::meeting(
                    &m,
                    &all,
                    access.client_id(),
                ))
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the parsers' property test: these read as January 2000 or 2024.
    #[test]
    fn a_month_is_exactly_yyyy_mm() {
        for bad in ["2000- 1", "+2024-1", " 2024-1", "2024-1-"] {
            assert_eq!(
                parse_month(bad).unwrap_err().code,
                ErrorCode::InvalidQuery,
                "{bad:?}"
            );
        }
        let first = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        assert_eq!(parse_month("2024-01").unwrap(), first);
        assert!(parse_month("1999-12").is_err());
    }
}
