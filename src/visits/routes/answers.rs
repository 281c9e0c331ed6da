//! The provider's answer to an intro visit, for its staff (`/provider/intro-visits/{i}/…`):
//! held or not, then accept (the agreement), refuse with a reason, or offer a queue place.

use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{render_one, texts};
use crate::access::door::Target;
use crate::access::{self, ClientWrite};
use crate::agreements::view::Agreement;
use crate::agreements::{self, Meeting, Proposal};
use crate::agreements::{GOALS_MAX, MEETING_PLACE_MAX, NAME_MAX};
use crate::auth::Actor;
use crate::error::{AppError, Problem};
use crate::input::{Day, Json, Line, Paragraph};
use crate::state::AppState;
use crate::visits::repo::{self, VisitRow};
use crate::visits::view::Visit;
use crate::visits::{self, Answer, NotHeldReason, RefusalReason, MAX_TEXT};

/// How the visit went.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Whether the visit took place.
    pub held: bool,
    /// When it did not: why.
    pub reason: Option<NotHeldReason>,
}

/// A refusal, with its justified reason (H §1.5).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    /// The reason the client reads, in plain words.
    pub reason_code: RefusalReason,
    /// The provider's explanation; the caseworker reads it in full.
    pub explanation: Paragraph<{ MAX_TEXT }>,
}

/// A place in the provider's queue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueOffer {
    /// When the service is expected to start.
    pub expected_start_on: Day,
}

/// Individual coaching: where the meetings mainly happen.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingPlaceInput {
    /// By phone or video: always the first price tier.
    #[serde(default)]
    pub remote: bool,
    /// The place, in words, e.g. "The client's home".
    pub description: Option<Line<{ MEETING_PLACE_MAX }>>,
    /// Its latitude and longitude (WGS84), to measure the distance from the site.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// The agreement made when the provider takes the client (H §5.3; K appendix 1).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The first day of the service.
    pub starts_on: Day,
    /// The last day; the voucher's last day when left out.
    pub ends_on: Option<Day>,
    /// Activity days a week, within the voucher's.
    #[schema(minimum = 1, maximum = 7)]
    pub days_per_week: Option<i32>,
    /// Hours a day, within the voucher's.
    #[schema(minimum = 1, maximum = 24)]
    pub hours_per_day: Option<i32>,
    /// The goals, in the client's own words.
    pub goals: Paragraph<{ GOALS_MAX }>,
    pub responsible_person: Line<{ NAME_MAX }>,
    /// The instructor (lähiohjaaja).
    pub instructor: Line<{ NAME_MAX }>,
    /// Individual coaching only, and needed there.
    pub meeting_place: Option<MeetingPlaceInput>,
}

/// A visit, found in the change's own transaction with its client; the answer then keeps to the
/// caller's organisation's.
fn visit_of(visit_id: &str) -> Result<Target<VisitRow>, AppError> {
    let visit_id = access::parse_id(visit_id)?;
    Ok(Target::of(move |conn| {
        Ok(repo::find_visit(conn, &visit_id)?.map(|v| (v.client_id.clone(), v)))
    }))
}

/// Answers a visit as its provider's staff, and shows it with the agreement it made.
async fn answer(
    state: &web::Data<AppState>,
    actor: &Actor,
    visit: &str,
    answer: Answer,
) -> Result<HttpResponse, AppError> {
    let target = visit_of(visit)?;
    let lang = actor.lang;
    let st = state.clone();
    let answered = state
        .door
        .write(
            actor,
            ClientWrite::AnswerVisit,
            target,
            move |conn, access, row| {
                let a = visits::answer(conn, access, row, answer)?;
                let (visit, shown) = render_one(conn, texts(&st, lang), access, a.visit)?;
                let agreement = match (a.agreement, a.place) {
                    (Some(made), Some(p)) => {
                        let name = Some(shown.client_name.as_str());
                        let today = access.today();
                        Some(agreements::view::agreement(
                            &st.i18n, lang, &made, &p, name, today,
                        ))
                    }
                    _ => None,
                };
                Ok(Answered { visit, agreement })
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(answered))
}

/// A visit after the provider's answer, with the agreement when the client was taken.
#[derive(Debug, Serialize, ToSchema)]
pub struct Answered {
    pub visit: Visit,
    pub agreement: Option<Agreement>,
}

impl Acceptance {
    fn proposal(self) -> Proposal {
        Proposal {
            starts_on: self.starts_on.date(),
            ends_on: self.ends_on.map(Day::date),
            days_per_week: self.days_per_week,
            hours_per_day: self.hours_per_day,
            goals: self.goals.0,
            responsible_person: self.responsible_person.0,
            instructor: self.instructor.0,
            meeting: self.meeting_place.map(|m| Meeting {
                remote: m.remote,
                description: m.description.map(|d| d.0),
                lat: m.lat,
                lon: m.lon,
            }),
        }
    }
}

/// Say whether the intro visit was held.
#[utoipa::path(
    operation_id = "recordVisitOutcome",
    tag = "provider",
    security(("bearer" = [])),
    params(("visit_id" = String, Path, description = "The intro visit", format = Uuid)),
    request_body = Outcome,
    responses(
        (status = 200, description = "Recorded", body = Answered),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit has not begun, or was answered already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-visits/{visit_id}/outcome")]
pub async fn outcome(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<Outcome>,
) -> Result<HttpResponse, AppError> {
    let Outcome { held, reason } = body.into_inner();
    answer(&state, &actor, &path, Answer::Outcome { held, reason }).await
}

/// Take the client after a held visit (or from the queue): this makes the agreement. Its terms
/// must fit the voucher; for individual coaching the meeting place fixes the price.
#[utoipa::path(
    operation_id = "acceptClient",
    tag = "provider",
    security(("bearer" = [])),
    params(("visit_id" = String, Path, description = "The intro visit", format = Uuid)),
    request_body = Acceptance,
    responses(
        (status = 200, description = "Accepted, with the agreement", body = Answered),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit is not held, or was answered already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The terms do not fit the voucher", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-visits/{visit_id}/accept")]
pub async fn accept(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<Acceptance>,
) -> Result<HttpResponse, AppError> {
    let proposal = body.into_inner().proposal();
    answer(&state, &actor, &path, Answer::Accept(proposal)).await
}

/// Refuse the client, for a justified reason (H §1.5). The client reads it in plain words; the
/// caseworker reads the explanation in full.
#[utoipa::path(
    operation_id = "refuseClient",
    tag = "provider",
    security(("bearer" = [])),
    params(("visit_id" = String, Path, description = "The intro visit", format = Uuid)),
    request_body = Refusal,
    responses(
        (status = 200, description = "Refused", body = Answered),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit is not held, or was answered already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No explanation, or one too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-visits/{visit_id}/refuse")]
pub async fn refuse(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<Refusal>,
) -> Result<HttpResponse, AppError> {
    let Refusal {
        reason_code,
        explanation,
    } = body.into_inner();
    let refusal = Answer::Refuse {
        reason: reason_code,
        explanation: explanation.0,
    };
    answer(&state, &actor, &path, refusal).await
}

/// Offer a place in the queue, with the expected start (H §1.6). The client may take it or
/// choose another provider.
#[utoipa::path(
    operation_id = "offerQueuePlace",
    tag = "provider",
    security(("bearer" = [])),
    params(("visit_id" = String, Path, description = "The intro visit", format = Uuid)),
    request_body = QueueOffer,
    responses(
        (status = 200, description = "Offered", body = Answered),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit is not held, or was answered already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The expected start is before today or after the voucher ends", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-visits/{visit_id}/queue")]
pub async fn offer_queue(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<QueueOffer>,
) -> Result<HttpResponse, AppError> {
    let expected_start_on = body.into_inner().expected_start_on;
    let expected_start_on = expected_start_on.date();
    answer(&state, &actor, &path, Answer::Queue { expected_start_on }).await
}
