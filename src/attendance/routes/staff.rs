//! Staff's side of activity days: the list of check-ins, confirm, correct or reject one, record
//! a day for a client without a phone, and record absences.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{agreement_target, texts};
use crate::access::{self, ClientRead, ClientWrite, ProviderAction};
use crate::attendance::repo;
use crate::attendance::view::{listed, DayView, StaffDayPage};
use crate::attendance::work::{self, Recorded, StaffAbsence, Verdict};
use crate::attendance::{Absence, Status, REASON_MAX};
use crate::auth::Actor;
use crate::error::{AppError, Problem};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::input::{Day, Json, Paragraph};
use crate::pagination::PageQuery;
use crate::refs::Link;
use crate::state::AppState;

/// Which days staff list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DayListQuery {
    /// The `next_after` of the previous page.
    #[param(format = Uuid)]
    pub after: Option<String>,
    /// Days per page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<i64>,
    /// `pending` (waiting for you), or another state; every state when left out.
    #[param(inline)]
    pub status: Option<DayStatusFilter>,
    /// One of your organisations; all of them when left out.
    #[param(format = Uuid)]
    pub provider_id: Option<String>,
}

/// A day's state, to filter by.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayStatusFilter {
    Pending,
    Confirmed,
    Corrected,
    Rejected,
    Absent,
    NoShow,
}

impl From<DayStatusFilter> for Status {
    fn from(f: DayStatusFilter) -> Status {
        match f {
            DayStatusFilter::Pending => Status::Pending,
            DayStatusFilter::Confirmed => Status::Confirmed,
            DayStatusFilter::Corrected => Status::Corrected,
            DayStatusFilter::Rejected => Status::Rejected,
            DayStatusFilter::Absent => Status::Absent,
            DayStatusFilter::NoShow => Status::NoShow,
        }
    }
}

/// Confirm a day as it happened.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    /// Hours, for hour-based services; the client's hours when left out.
    #[schema(minimum = 1, maximum = 12)]
    pub hours: Option<i32>,
    /// Hours of individual guidance given on the day (H §5.1).
    #[schema(minimum = 0, maximum = 12)]
    pub guidance_hours: Option<i32>,
}

/// Correct a day: it happened, with other hours or facts. The client reads the reason.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// Hours, for hour-based services.
    #[schema(minimum = 1, maximum = 12)]
    pub hours: Option<i32>,
    #[schema(minimum = 0, maximum = 12)]
    pub guidance_hours: Option<i32>,
    pub reason: Paragraph<{ REASON_MAX }>,
}

/// Reject a check-in: it did not happen. The client reads the reason.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    pub reason: Paragraph<{ REASON_MAX }>,
}

/// A day staff record for a client who has no phone: confirmed as it is recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDay {
    /// Today, or up to 7 days ago.
    pub day: Day,
    #[schema(minimum = 1, maximum = 12)]
    pub hours: Option<i32>,
    #[serde(default)]
    pub remote: bool,
    #[schema(minimum = 0, maximum = 12)]
    pub guidance_hours: Option<i32>,
}

/// What kind of absence staff record.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StaffAbsenceKind {
    /// With an acceptable reason, such as sick leave.
    Authorised,
    /// Without an acceptable reason.
    Unauthorised,
    /// The client came intoxicated and was sent home (H §1.7). The caseworker is told.
    SentHome,
}

/// An absence staff record (H §5.4).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStaffAbsence {
    #[schema(format = Uuid)]
    pub agreement_id: String,
    /// Up to 7 days ago, or up to 30 days ahead.
    pub day: Day,
    pub kind: StaffAbsenceKind,
    /// The reason, as the client and the caseworker read it.
    pub reason: Paragraph<{ REASON_MAX }>,
}

/// The days of your organisations' clients, oldest first: `status=pending` lists the check-ins
/// waiting for you. Each says whether it was made at the site with its code, and whether it
/// came late.
#[utoipa::path(
    operation_id = "listProviderDays",
    tag = "provider",
    security(("bearer" = [])),
    params(DayListQuery),
    responses(
        (status = 200, description = "A page of days", body = StaffDayPage),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an organisation of the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/provider/check-ins")]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<DayListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let mut orgs = state.door.staff_orgs(&actor, ProviderAction::ListDays)?;
    if let Some(named) = &query.provider_id {
        let named = access::parse_id(named)?;
        orgs.retain(|o| *o == named);
        if orgs.is_empty() {
            return Err(AppError::not_found());
        }
    }
    let page = PageQuery {
        after: query.after,
        limit: query.limit,
    }
    .page()?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let status = query.status.map(Status::from);
    let (lang, st) = (actor.lang, state.clone());
    let (items, next_after) = state
        .door
        .read_list(&actor, ClientRead::ViewDays, move |r, _| {
            let rows = repo::of_providers(r.conn(), &orgs, status, after.as_deref(), fetch)?;
            let (rows, next_after) = page.finish(rows, |d| &d.id);
            let mut names = HashMap::new();
            for d in &rows {
                if !names.contains_key(&d.client_id) {
                    names.insert(
                        d.client_id.clone(),
                        crate::persons::repo::name(r, &d.client_id)?,
                    );
                }
            }
            Ok((listed(&texts(&st, lang), &rows, &names), next_after))
        })
        .await?;
    Ok(HttpResponse::Ok().json(StaffDayPage { items, next_after }))
}

/// Decides a day as staff, and shows it after.
async fn decide(
    state: &web::Data<AppState>,
    actor: &Actor,
    day: &str,
    action: ClientWrite,
    verdict: Verdict,
    guidance: Option<i32>,
) -> Result<HttpResponse, AppError> {
    let target = work::target(access::parse_id(day)?);
    let (st, lang) = (state.clone(), actor.lang);
    let view: DayView = state
        .door
        .write(actor, action, target, move |conn, access, row| {
            let after = work::decide(conn, access, row, verdict, guidance)?;
            Ok(texts(&st, lang).day(&after))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Confirm a day as it happened: it then counts as used of the voucher, and is paid. The
/// client is told. Confirming again changes nothing.
#[utoipa::path(
    operation_id = "confirmDay",
    tag = "provider",
    security(("bearer" = [])),
    params(("day_id" = String, Path, description = "The day", format = Uuid)),
    request_body = Confirmation,
    responses(
        (status = 200, description = "Confirmed", body = DayView),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such day with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The day was decided already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The hours break a rule of the voucher", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/check-ins/{day_id}/confirm")]
pub async fn confirm(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<Confirmation>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let verdict = Verdict::Confirm { hours: b.hours };
    decide(
        &state,
        &actor,
        &path,
        ClientWrite::ConfirmDay,
        verdict,
        b.guidance_hours,
    )
    .await
}

/// Correct a day: it happened, with other hours. The client reads the reason.
#[utoipa::path(
    operation_id = "correctDay",
    tag = "provider",
    security(("bearer" = [])),
    params(("day_id" = String, Path, description = "The day", format = Uuid)),
    request_body = Correction,
    responses(
        (status = 200, description = "Corrected", body = DayView),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such day with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An absence or a missed meeting is not corrected here", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The hours break a rule of the voucher", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/check-ins/{day_id}/correct")]
pub async fn correct(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<Correction>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let verdict = Verdict::Correct {
        hours: b.hours,
        reason: b.reason.0,
    };
    decide(
        &state,
        &actor,
        &path,
        ClientWrite::CorrectDay,
        verdict,
        b.guidance_hours,
    )
    .await
}

/// Reject a check-in: it did not happen, and nothing is paid. The client reads the reason.
#[utoipa::path(
    operation_id = "rejectDay",
    tag = "provider",
    security(("bearer" = [])),
    params(("day_id" = String, Path, description = "The day", format = Uuid)),
    request_body = Rejection,
    responses(
        (status = 200, description = "Rejected", body = DayView),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such day with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An absence or a missed meeting is not rejected here", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/check-ins/{day_id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<Rejection>,
) -> Result<HttpResponse, AppError> {
    let verdict = Verdict::Reject {
        reason: body.into_inner().reason.0,
    };
    decide(&state, &actor, &path, ClientWrite::RejectDay, verdict, None).await
}

/// Record a day for a client who has no phone: it is confirmed as recorded. The same rules hold
/// as for a check-in.
#[utoipa::path(
    operation_id = "recordDay",
    tag = "provider",
    security(("bearer" = [])),
    params(
        ("agreement_id" = String, Path, description = "The agreement", format = Uuid),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = NewDay,
    responses(
        (status = 201, description = "Recorded and confirmed", body = DayView),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agreement with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The day is recorded already, or the agreement is not in force", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day breaks a rule of the voucher", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/agreements/{agreement_id}/days")]
pub async fn record_day(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: Json<NewDay>,
) -> Result<HttpResponse, AppError> {
    let (target, agreement_id) = agreement_target(&path)?;
    let b = body.into_inner();
    let request = b.clone();
    let r = Recorded {
        day: b.day.date(),
        hours: b.hours,
        remote: b.remote,
        guidance_hours: b.guidance_hours,
    };
    let (st, lang) = (state.clone(), actor.lang);
    let stored = state
        .door
        .create(
            &actor,
            ClientWrite::RecordDay,
            target,
            key,
            &request,
            move |conn, access, ()| {
                let id = uuid::Uuid::now_v7().to_string();
                let row = work::record_day(conn, access, &id, &agreement_id, r)?;
                Stored::created(
                    &texts(&st, lang).day(&row),
                    Link::day(access.client_id(), &id).href,
                )
            },
        )
        .await?;
    Ok(stored.into_response())
}

/// Record an absence: authorised, unauthorised, or sent home (H §1.7, §5.4). A waiting
/// check-in or an absence the client reported for the day becomes it. The caseworker is told
/// at once.
#[utoipa::path(
    operation_id = "recordAbsence",
    tag = "provider",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result")),
    request_body = NewStaffAbsence,
    responses(
        (status = 201, description = "Recorded", body = DayView),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agreement with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The day was confirmed or decided otherwise already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day does not fit the agreement", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/absences")]
pub async fn record_absence(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    body: Json<NewStaffAbsence>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let (target, agreement_id) = agreement_target(&b.agreement_id)?;
    let request = b.clone();
    let kind = match b.kind {
        StaffAbsenceKind::Authorised => Absence::Authorised,
        StaffAbsenceKind::Unauthorised => Absence::Unauthorised,
        StaffAbsenceKind::SentHome => Absence::SentHome,
    };
    let a = StaffAbsence {
        day: b.day.date(),
        kind,
        reason: b.reason.0,
    };
    let (st, lang) = (state.clone(), actor.lang);
    let stored = state
        .door
        .create(
            &actor,
            ClientWrite::RecordAbsence,
            target,
            key,
            &request,
            move |conn, access, ()| {
                let id = uuid::Uuid::now_v7().to_string();
                let row = work::record_absence(conn, access, &id, &agreement_id, a)?;
                let href = Link::day(access.client_id(), &row.id).href;
                Stored::created(&texts(&st, lang).day(&row), href)
            },
        )
        .await?;
    Ok(stored.into_response())
}
