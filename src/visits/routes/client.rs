//! The client's side of intro visits, for the client, a helper who may book visits, or the
//! client's caseworker (H §1.4): `GET/POST /clients/{c}/intro-visits`,
//! `DELETE /clients/{c}/intro-visits/{i}`, `GET …/{i}.ics`, `POST …/{i}/queue`.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{render_one, texts};
use crate::access::door::Target;
use crate::access::{self, ClientRead, ClientWrite};
use crate::auth::{Actor, Caller};
use crate::error::{AppError, Problem};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::input::Json;
use crate::pagination::PageQuery;
use crate::refs::Link;
use crate::state::AppState;
use crate::visits::view::{render, Visit, VisitPage};
use crate::visits::{self, repo, Status, Step};

/// An intro visit to book.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVisit {
    /// The voucher the visit is for.
    #[schema(format = Uuid)]
    pub voucher_id: String,
    /// The slot, from `GET /providers/{p}/intro-slots`.
    #[schema(format = Uuid)]
    pub slot_id: String,
}

/// The client's answer to a place in a provider's queue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueAnswer {
    /// `true`: wait in the queue; `false`: no, thank you.
    pub accept: bool,
}

/// The client's intro visits, newest first: where and when, where each stands, and its history.
/// Staff of a provider see only their own organisation's.
#[utoipa::path(
    operation_id = "listIntroVisits",
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"), PageQuery),
    responses(
        (status = 200, description = "A page of intro visits", body = VisitPage),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/intro-visits")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page()?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let (actor, (rows, shown, reader, client_id)) = state
        .door
        .read(caller, ClientRead::ViewVisits, &path, move |r, access| {
            let rows = repo::of_client(r.conn(), &access.rows, after.as_deref(), fetch)?;
            let shown = repo::shown(r.conn(), access.client_id(), &rows)?;
            Ok((
                rows,
                shown,
                access.acting_as,
                access.client_id().to_string(),
            ))
        })
        .await?;
    let (rows, next_after) = page.finish(rows, |v| &v.id);
    let items = render(texts(&state, actor.lang), reader, &client_id, &rows, &shown)?;
    Ok(HttpResponse::Ok().json(VisitPage { items, next_after }))
}

/// One of the client's intro visits: where and when, where it stands, and its history. Staff of
/// a provider see only their own organisation's.
#[utoipa::path(
    operation_id = "getIntroVisit",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("visit_id" = String, Path, description = "The intro visit", format = Uuid),
    ),
    responses(
        (status = 200, description = "The intro visit", body = Visit),
        (status = 404, description = "No such visit for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/intro-visits/{visit_id:[^/.]+}")]
pub async fn one(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, visit) = path.into_inner();
    let visit_id = access::parse_id(&visit)?;
    let (actor, (rows, shown, reader, client_id)) = state
        .door
        .read(caller, ClientRead::ViewVisits, &client, move |r, access| {
            let rows = vec![visits::work::reached(r.conn(), access, &visit_id)?];
            let shown = repo::shown(r.conn(), access.client_id(), &rows)?;
            let client_id = access.client_id().to_string();
            Ok((rows, shown, access.acting_as, client_id))
        })
        .await?;
    let visit = render(texts(&state, actor.lang), reader, &client_id, &rows, &shown)?
        .pop()
        .ok_or_else(AppError::not_found)?;
    Ok(HttpResponse::Ok().json(visit))
}

/// Book a free intro visit with a provider for a voucher. The provider must be one the client
/// could choose; a slot never takes more bookings than it has places. A booking after the
/// rulebook's deadline is allowed and shown as late. Send an `Idempotency-Key` so a retried
/// request books nothing twice.
#[utoipa::path(
    operation_id = "bookIntroVisit",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = NewVisit,
    responses(
        (status = 201, description = "Booked", body = Visit),
        (status = 404, description = "No such client, voucher or slot for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot is full, withdrawn or past; the voucher has ended or was cancelled; or this provider is booked already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The slot is for another service or after the voucher ends, or the provider is not one this voucher can use", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/intro-visits")]
pub async fn book(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: Json<NewVisit>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let lang = actor.lang;
    let st = state.clone();
    let request = body.clone();
    let stored = state
        .door
        .create(
            &actor,
            ClientWrite::BookVisit,
            Target::path(&path),
            key,
            &request,
            move |conn, access, ()| {
                let voucher_id = access::parse_id(&body.voucher_id)?;
                let slot_id = access::parse_id(&body.slot_id)?;
                let id = uuid::Uuid::now_v7().to_string();
                let row = visits::book(conn, access, &id, &voucher_id, &slot_id)?;
                let (visit, _) = render_one(conn, texts(&st, lang), access, row)?;
                Stored::created(&visit, Link::visit(access.client_id(), &id).href)
            },
        )
        .await?;
    Ok(stored.into_response())
}

/// Takes a step on one of the client's visits and shows it after.
async fn step(
    state: &web::Data<AppState>,
    actor: &Actor,
    client: &str,
    visit: &str,
    action: ClientWrite,
    step: Step,
) -> Result<HttpResponse, AppError> {
    let visit_id = access::parse_id(visit)?;
    let lang = actor.lang;
    let st = state.clone();
    let target = Target::path(client);
    let visit = state
        .door
        .write(actor, action, target, move |conn, access, ()| {
            let row = visits::step(conn, access, &visit_id, step)?;
            Ok(render_one(conn, texts(&st, lang), access, row)?.0)
        })
        .await?;
    Ok(HttpResponse::Ok().json(visit))
}

/// Cancel an intro visit, any time before it begins. Its place goes back to the slot. A
/// cancelled visit answers as it is, so a retried cancel gets the same answer.
#[utoipa::path(
    operation_id = "cancelIntroVisit",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("visit_id" = String, Path, description = "The intro visit", format = Uuid),
    ),
    responses(
        (status = 200, description = "Cancelled", body = Visit),
        (status = 404, description = "No such visit for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It has begun, or was held or answered", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/clients/{client_id}/intro-visits/{visit_id:[^/.]+}")]
pub async fn cancel(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, visit) = path.into_inner();
    let action = ClientWrite::CancelVisit;
    step(&state, &actor, &client, &visit, action, Step::Cancel).await
}

/// A new time for a visit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitMove {
    /// Another slot of the same provider and service, from `GET /providers/{p}/intro-slots`.
    #[schema(format = Uuid)]
    pub slot_id: String,
}

/// Move a booked visit to another time with the same provider, any time before it begins. It
/// is one step: the new place is taken before the old one is freed, so if the new slot is full
/// the visit stays as it was. Moving it to the slot it is in changes nothing.
#[utoipa::path(
    operation_id = "moveIntroVisit",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("visit_id" = String, Path, description = "The intro visit", format = Uuid),
    ),
    request_body = VisitMove,
    responses(
        (status = 200, description = "Moved", body = Visit),
        (status = 404, description = "No such visit or slot for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The new slot is full, withdrawn or past; the visit has begun or is no longer booked; or the voucher has ended or was cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The slot is another provider's, for another service, after the voucher ends, or out of the voucher's reach", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/clients/{client_id}/intro-visits/{visit_id:[^/.]+}")]
pub async fn move_visit(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    body: Json<VisitMove>,
) -> Result<HttpResponse, AppError> {
    let (client, visit) = path.into_inner();
    let visit_id = access::parse_id(&visit)?;
    let slot_id = body.into_inner().slot_id;
    let lang = actor.lang;
    let st = state.clone();
    let visit = state
        .door
        .write(
            &actor,
            ClientWrite::MoveVisit,
            Target::path(&client),
            move |conn, access, ()| {
                let slot_id = access::parse_id(&slot_id)?;
                let row = visits::work::move_visit(conn, access, &visit_id, &slot_id)?;
                Ok(render_one(conn, texts(&st, lang), access, row)?.0)
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(visit))
}

/// Take or decline a place in the provider's queue.
#[utoipa::path(
    operation_id = "answerQueueOffer",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("visit_id" = String, Path, description = "The intro visit", format = Uuid),
    ),
    request_body = QueueAnswer,
    responses(
        (status = 200, description = "Answered", body = Visit),
        (status = 404, description = "No such visit for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No queue place waits for an answer", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/intro-visits/{visit_id}/queue")]
pub async fn answer_queue(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    body: Json<QueueAnswer>,
) -> Result<HttpResponse, AppError> {
    let (client, visit) = path.into_inner();
    let taken = match body.accept {
        true => Step::TakeQueue,
        false => Step::DeclineQueue,
    };
    step(
        &state,
        &actor,
        &client,
        &visit,
        ClientWrite::AnswerQueue,
        taken,
    )
    .await
}

/// The intro visit as a calendar file (RFC 5545), for the phone's calendar.
#[utoipa::path(
    operation_id = "getIntroVisitCalendar",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("visit_id" = String, Path, description = "The intro visit", format = Uuid),
    ),
    responses(
        (status = 200, description = "The calendar file", content_type = "text/calendar", body = String),
        (status = 404, description = "No such visit for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/intro-visits/{visit_id}.ics")]
pub async fn calendar(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, visit) = path.into_inner();
    let visit_id = access::parse_id(&visit)?;
    let (actor, (row, slot, place, now)) = state
        .door
        .read(caller, ClientRead::ViewVisits, &client, move |r, access| {
            let row = visits::work::reached(r.conn(), access, &visit_id)?;
            let slot = repo::find_slot(r.conn(), &row.slot_id)?
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))?;
            let place = crate::providers::repo::place(r.conn(), &slot.site_id)?
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a site vanished")))?;
            Ok((row, slot, place, access.now))
        })
        .await?;
    let summary = state.i18n.text(
        actor.lang,
        "visit-calendar-title",
        &vec![("provider", place.provider_name.clone().into())],
    );
    let location = format!("{}, {}", place.site_name, place.address().line());
    let event = crate::visits::ics::Event {
        uid: &row.id,
        stamp: now,
        starts_at: slot.starts(),
        ends_at: slot.ends(),
        summary: &summary,
        location: &location,
        description: &texts(&state, actor.lang).note(&slot),
        cancelled: matches!(row.status()?, Status::Cancelled | Status::NotHeld),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"intro-visit.ics\"",
        ))
        .body(crate::visits::ics::calendar(&event)))
}
