//! Staff's meetings of an hour-based service (K §4), and the site's presence code.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{agreement_target, texts};
use crate::access::door::Org;
use crate::access::{self, Access, ClientWrite, ProviderAction};
use crate::attendance::code::STEP_SECONDS;
use crate::attendance::meetings::{self, Plan, PLACE_MAX};
use crate::attendance::repo::{self, MeetingRow};
use crate::attendance::view::{meeting, DayView, Meeting, SiteCode};
use crate::attendance::{work, REASON_MAX};
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::error::{AppError, Problem};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::input::{Json, Line, Moment, Paragraph};
use crate::state::AppState;

/// A meeting as staff plan it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMeeting {
    /// When it starts: not in the past, on a day of the agreement.
    pub starts_at: Moment,
    /// Where, in words; left out for a remote meeting or the usual place.
    pub place: Option<Line<{ PLACE_MAX }>>,
    /// A remote or phone meeting.
    #[serde(default)]
    pub remote: bool,
    /// The meeting you cancelled that this one replaces.
    #[schema(format = Uuid)]
    pub replaces: Option<String>,
}

/// Why staff cancel a meeting; the client reads it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingCancellation {
    pub reason: Paragraph<{ REASON_MAX }>,
}

fn plan(b: NewMeeting) -> Result<Plan, AppError> {
    Ok(Plan {
        starts_at: b.starts_at.at(),
        place: b.place.map(|l| l.0),
        remote: b.remote,
        replaces: b.replaces.as_deref().map(access::parse_id).transpose()?,
    })
}

/// A meeting as its answer shows it.
fn shown(conn: &mut DbConnection, access: &Access, m: &MeetingRow) -> Result<Meeting, AppError> {
    let all = repo::meetings_of(conn, std::slice::from_ref(&m.agreement_id))?;
    Ok(meeting(m, &all, access.client_id()))
}

/// Plan a meeting of an hour-based service. The client is told. To replace a meeting you
/// cancelled, name it in `replaces`: until then the replacement shows as owed.
#[utoipa::path(
    operation_id = "planMeeting",
    tag = "provider",
    security(("bearer" = [])),
    params(
        ("agreement_id" = String, Path, description = "The agreement", format = Uuid),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = NewMeeting,
    responses(
        (status = 201, description = "Planned", body = Meeting),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agreement with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A meeting is planned for that day already, or the agreement has ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The time does not fit the agreement, or the service has no meetings", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/agreements/{agreement_id}/meetings")]
pub async fn add(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: Json<NewMeeting>,
) -> Result<HttpResponse, AppError> {
    let (target, agreement_id) = agreement_target(&path)?;
    let b = body.into_inner();
    let request = b.clone();
    let p = plan(b)?;
    let stored = state
        .door
        .create(
            &actor,
            ClientWrite::PlanMeeting,
            target,
            key,
            &request,
            move |conn, access, ()| {
                let id = uuid::Uuid::now_v7().to_string();
                let m = meetings::add(conn, access, &id, &agreement_id, p)?;
                let href = crate::refs::Link::agreement(access.client_id(), &agreement_id).href;
                Stored::created(&shown(conn, access, &m)?, href)
            },
        )
        .await?;
    Ok(stored.into_response())
}

/// Move a meeting that has not started. The client is told.
#[utoipa::path(
    operation_id = "moveMeeting",
    tag = "provider",
    security(("bearer" = [])),
    params(
        ("agreement_id" = String, Path, description = "The agreement", format = Uuid),
        ("meeting_id" = String, Path, description = "The meeting", format = Uuid),
    ),
    request_body = NewMeeting,
    responses(
        (status = 200, description = "Moved", body = Meeting),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting was cancelled, or another is planned for that day", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The time does not fit the agreement, or the meeting has started", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/provider/agreements/{agreement_id}/meetings/{meeting_id}")]
pub async fn move_meeting(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    body: Json<NewMeeting>,
) -> Result<HttpResponse, AppError> {
    let (a, m) = path.into_inner();
    let (target, agreement_id) = agreement_target(&a)?;
    let meeting_id = access::parse_id(&m)?;
    let p = plan(body.into_inner())?;
    let view = state
        .door
        .write(
            &actor,
            ClientWrite::PlanMeeting,
            target,
            move |conn, access, ()| {
                let m = meetings::move_to(conn, access, &agreement_id, &meeting_id, p)?;
                shown(conn, access, &m)
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Cancel a meeting. It is never billed; the client is told at once, and you owe a new time
/// until a meeting names this one in `replaces`.
#[utoipa::path(
    operation_id = "cancelMeetingAsProvider",
    tag = "provider",
    security(("bearer" = [])),
    params(
        ("agreement_id" = String, Path, description = "The agreement", format = Uuid),
        ("meeting_id" = String, Path, description = "The meeting", format = Uuid),
    ),
    request_body = MeetingCancellation,
    responses(
        (status = 200, description = "Cancelled", body = Meeting),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The client cancelled it already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/agreements/{agreement_id}/meetings/{meeting_id}/cancel")]
pub async fn cancel(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    body: Json<MeetingCancellation>,
) -> Result<HttpResponse, AppError> {
    let (a, m) = path.into_inner();
    let (target, agreement_id) = agreement_target(&a)?;
    let meeting_id = access::parse_id(&m)?;
    let reason = body.into_inner().reason.0;
    let view = state
        .door
        .write(
            &actor,
            ClientWrite::PlanMeeting,
            target,
            move |conn, access, ()| {
                let m = meetings::cancel(conn, access, &agreement_id, &meeting_id, &reason)?;
                shown(conn, access, &m)
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Record that the client did not come to a meeting that has started (K §4). It is billable up
/// to the rulebook's units a month. You are asked to contact the client at once; two missed
/// meetings in a row within a week reach the caseworker.
#[utoipa::path(
    operation_id = "recordNoShow",
    tag = "provider",
    security(("bearer" = [])),
    params(
        ("agreement_id" = String, Path, description = "The agreement", format = Uuid),
        ("meeting_id" = String, Path, description = "The meeting", format = Uuid),
    ),
    responses(
        (status = 200, description = "Recorded", body = DayView),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting has not started, was cancelled, or its day is recorded already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The service has no meetings", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/agreements/{agreement_id}/meetings/{meeting_id}/no-show")]
pub async fn no_show(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (a, m) = path.into_inner();
    let (target, agreement_id) = agreement_target(&a)?;
    let meeting_id = access::parse_id(&m)?;
    let (st, lang) = (state.clone(), actor.lang);
    let view: DayView = state
        .door
        .write(
            &actor,
            ClientWrite::RecordNoShow,
            target,
            move |conn, access, ()| {
                let day = meetings::no_show(conn, access, &agreement_id, &meeting_id)?;
                Ok(texts(&st, lang).day(&day))
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The site's presence code now: six digits that change every 30 seconds. Show it to the
/// clients at the site; a check-in with it counts as "at the site".
#[utoipa::path(
    operation_id = "siteCode",
    tag = "provider",
    security(("bearer" = [])),
    params(("site_id" = String, Path, description = "The site", format = Uuid)),
    responses(
        (status = 200, description = "The code", body = SiteCode),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such site of the caller's organisation", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/provider/sites/{site_id}/code")]
pub async fn site_code(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let site_id = access::parse_id(&path)?;
    let find = site_id.clone();
    let org = Org::of(move |conn| crate::providers::repo::site_org(conn, &find));
    let sealer = state.site_codes.clone();
    let (code, seconds_left) = state
        .door
        .provider(
            &actor,
            ProviderAction::ShowSiteCode,
            org,
            move |conn, staff| work::site_code(conn, &sealer, &site_id, staff.now),
        )
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(SiteCode {
            code,
            seconds_left,
            step_seconds: STEP_SECONDS,
        }))
}
