//! The client's side of intro visits, for the client, a helper who may book visits, or the
//! client's caseworker (H §1.4): `GET/POST /clients/{c}/intro-visits`,
//! `DELETE /clients/{c}/intro-visits/{i}`, `GET …/{i}.ics`, `POST …/{i}/queue`, and
//! `GET /clients/{c}/agreements`.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::repo::{self, Change, Place, SlotRow, VisitRow};
use super::view::{Agreement, AgreementPage, Texts, Visit, VisitPage, VisitParts};
use super::{next, Status, Step};
use crate::access::door::Target;
use crate::access::{self, Access, ActingAs, ClientRead, ClientWrite};
use crate::auth::{Actor, Caller};
use crate::clock::helsinki_date;
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode, Problem};
use crate::geo::{tenths, within_reach};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::notifications::{self, Facts, Kind};
use crate::pagination::PageQuery;
use crate::rulebooks::RadiusRule;
use crate::state::AppState;
use crate::{persons, providers, rulebooks, vouchers};

/// An intro visit to book.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVisit {
    /// The voucher the visit is for.
    pub voucher_id: String,
    /// The slot, from `GET /providers/{p}/intro-slots`.
    pub slot_id: String,
}

/// The client's answer to a place in a provider's queue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueAnswer {
    /// `true`: wait in the queue; `false`: no, thank you.
    pub accept: bool,
}

/// What showing visits takes besides their rows, read with them.
pub struct Shown {
    slots: HashMap<String, SlotRow>,
    places: HashMap<String, Place>,
    history: HashMap<String, Vec<(repo::EventRow, String)>>,
    pub(super) client_name: String,
}

/// Reads what showing `rows` takes.
pub fn shown(
    conn: &mut DbConnection,
    client_id: &str,
    rows: &[VisitRow],
) -> Result<Shown, AppError> {
    let mut slots = HashMap::new();
    for v in rows {
        if !slots.contains_key(&v.slot_id) {
            let slot = repo::find_slot(conn, &v.slot_id)?
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))?;
            slots.insert(v.slot_id.clone(), slot);
        }
    }
    let sites: Vec<String> = slots.values().map(|s| s.site_id.clone()).collect();
    let ids: Vec<String> = rows.iter().map(|v| v.id.clone()).collect();
    Ok(Shown {
        places: repo::places(conn, &sites)?,
        history: repo::history(conn, &ids)?,
        client_name: persons::repo::display_name(conn, client_id)?,
        slots,
    })
}

/// The visits as `reader` (in that capacity) reads them.
pub fn render(
    texts: Texts<'_>,
    reader: ActingAs,
    client_id: &str,
    rows: &[VisitRow],
    s: &Shown,
) -> Result<Vec<Visit>, AppError> {
    let base = format!("/api/v1/clients/{client_id}/intro-visits");
    rows.iter()
        .map(|v| {
            let slot = &s.slots[&v.slot_id];
            let place = s
                .places
                .get(&slot.site_id)
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a site vanished")))?;
            Ok(texts.visit(
                v,
                VisitParts {
                    slot,
                    place,
                    history: s.history.get(&v.id).map_or(&[], Vec::as_slice),
                    client_name: (reader != ActingAs::Myself).then_some(s.client_name.as_str()),
                    reader,
                    base_path: &base,
                },
            ))
        })
        .collect()
}

/// One visit as the caller of `access` reads it, after a change, with what showing it took
/// (an agreement made with it names the client from there).
pub fn render_one(
    conn: &mut DbConnection,
    texts: Texts<'_>,
    access: &Access,
    row: VisitRow,
) -> Result<(Visit, Shown), AppError> {
    let rows = vec![row];
    let shown = shown(conn, access.client_id(), &rows)?;
    let visit = render(texts, access.acting_as, access.client_id(), &rows, &shown)?
        .pop()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a visit vanished")))?;
    Ok((visit, shown))
}

/// The staff of a provider see only their own organisation's bookings and agreements.
fn only(access: &Access) -> Option<&[String]> {
    (access.acting_as == ActingAs::ProviderStaff).then_some(access.providers.as_slice())
}

/// The client's intro visits, newest first: where and when, where each stands, and its history.
/// Staff of a provider see only their own organisation's.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`"), PageQuery),
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
    let page = query.page(20, 100)?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let (actor, (rows, shown, reader, client_id)) = state
        .door
        .read(caller, ClientRead::ViewVisits, &path, move |r, access| {
            let client_id = access.client_id().to_string();
            let rows =
                repo::client_visits(r.conn(), &client_id, only(access), after.as_deref(), fetch)?;
            let shown = shown(r.conn(), &client_id, &rows)?;
            Ok((rows, shown, access.acting_as, client_id))
        })
        .await?;
    let (rows, next_after) = page.finish(rows, |v| &v.id);
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
    };
    let items = render(texts, reader, &client_id, &rows, &shown)?;
    Ok(HttpResponse::Ok().json(VisitPage { items, next_after }))
}

/// Book a free intro visit with a provider for a voucher. The provider must be one the client
/// could choose; a slot never takes more bookings than it has places. A booking after the
/// rulebook's deadline is allowed and shown as late. Send an `Idempotency-Key` so a retried
/// request books nothing twice.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`"),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = NewVisit,
    responses(
        (status = 201, description = "Booked", body = Visit),
        (status = 404, description = "No such client, voucher or slot for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot is full, withdrawn or past; the voucher is not in force; or this provider is booked already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The slot is for another service, or the provider is not one this voucher can use", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/intro-visits")]
pub async fn book(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: web::Json<NewVisit>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let now = state.clock.now();
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
            move |conn, access| {
                let row = book_visit(conn, access, &body, now)?;
                let texts = Texts {
                    i18n: &st.i18n,
                    lang,
                };
                let (visit, _) = render_one(conn, texts, access, row)?;
                Stored::json(StatusCode::CREATED, &visit)
            },
        )
        .await?;
    Ok(stored.into_response())
}

/// The booking itself, in the request's transaction.
fn book_visit(
    conn: &mut DbConnection,
    access: &Access,
    body: &NewVisit,
    now: DateTime<Utc>,
) -> Result<VisitRow, AppError> {
    let today = helsinki_date(now);
    let voucher_id = access::parse_id(&body.voucher_id)?;
    let slot_id = access::parse_id(&body.slot_id)?;
    let voucher = vouchers::repo::find(conn, &voucher_id)?
        .filter(|v| v.client_id == access.client_id())
        .ok_or_else(AppError::not_found)?;
    if voucher.status(today) != vouchers::Status::Active {
        return Err(AppError::new(ErrorCode::VisitVoucherNotActive));
    }
    let slot = repo::find_slot(conn, &slot_id)?.ok_or_else(AppError::not_found)?;
    if slot.withdrawn_at.is_some() {
        return Err(AppError::new(ErrorCode::SlotWithdrawn));
    }
    if slot.starts() <= now {
        return Err(AppError::new(ErrorCode::VisitStarted));
    }
    let terms = rulebooks::repo::by_id(conn, &voucher.rulebook_id)?;
    if slot.service_code != terms.rulebook.service_code {
        return Err(AppError::new(ErrorCode::VisitServiceMismatch));
    }
    // A provider the client could choose: approved here for the service, of a legal form the
    // rulebook allows, and within the voucher's reach of home (H §2, K §3).
    let home = providers::search::home(access)?;
    let offer = providers::repo::approved_offer(
        conn,
        &access.client.municipality_code,
        &slot.service_code,
        &slot.site_id,
    )?
    .filter(|e| terms.allows_legal_form(&e.legal_form))
    .map(|e| e.offer)
    .ok_or_else(|| AppError::new(ErrorCode::ProviderNotAvailable))?;
    let reach = RadiusRule::of(&terms, voucher.out_of_area_allowed).max_km();
    if !within_reach(tenths(home.distance_km(offer.at)), reach) {
        return Err(AppError::new(ErrorCode::ProviderNotAvailable));
    }
    if repo::has_open_booking(conn, &voucher.id, &slot.provider_id)? {
        return Err(AppError::new(ErrorCode::VisitAlreadyBooked));
    }
    if !repo::take_place(conn, &slot.id, now.naive_utc())? {
        return Err(AppError::new(ErrorCode::VisitSlotFull));
    }
    let late = rulebooks::deadlines(&terms, &voucher.anchors())
        .intro_visit_by
        .is_some_and(|due| today > due);
    let at = now.naive_utc();
    let row = VisitRow {
        id: uuid::Uuid::now_v7().to_string(),
        slot_id: slot.id.clone(),
        voucher_id: voucher.id.clone(),
        client_id: access.client_id().to_string(),
        provider_id: slot.provider_id.clone(),
        status: Status::Booked.as_str().to_string(),
        late,
        reason_code: None,
        reason: None,
        queue_start_on: None,
        booked_by: access.actor_id.clone(),
        created_at: at,
        updated_at: at,
    };
    repo::insert_visit(conn, &row, access.acting_as)?;
    // The offer checked above is the slot's site, read in this transaction: its provider's
    // name, the site's name and its address are the ones the client is told.
    notifications::repo::notify(
        conn,
        access.client_id(),
        Kind::VisitBooked,
        &Facts {
            address: Some(format!(
                "{}, {} {}",
                offer.street_address, offer.postal_code, offer.city
            )),
            provider: Some(offer.provider_name),
            site: Some(offer.site_name),
            starts_at: Some(slot.starts()),
            ..Facts::default()
        },
        Some(&row.id),
        None,
        now,
    )?;
    tracing::info!(event = "visit_booked", visit = %row.id, late);
    Ok(row)
}

/// One of the client's visits, or 404; staff reach only their organisation's.
fn client_visit(
    conn: &mut DbConnection,
    access: &Access,
    visit_id: &str,
) -> Result<VisitRow, AppError> {
    repo::find_visit(conn, visit_id)?
        .filter(|v| v.client_id == access.client_id())
        .filter(|v| only(access).is_none_or(|p| p.contains(&v.provider_id)))
        .ok_or_else(AppError::not_found)
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
    let now = state.clock.now();
    let lang = actor.lang;
    let st = state.clone();
    let visit = state
        .door
        .write(actor, action, Target::path(client), move |conn, access| {
            let row = client_visit(conn, access, &visit_id)?;
            let slot = repo::find_slot(conn, &row.slot_id)?
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))?;
            let from = row.status()?;
            let to = next(from, step, slot.starts() <= now)?;
            let row = repo::change(
                conn,
                &row.id,
                Change {
                    from,
                    to,
                    reason_code: row.reason_code.as_deref(),
                    reason: row.reason.as_deref(),
                    queue_start_on: row.queue_start_on,
                    actor_id: &access.actor_id,
                    acting_as: access.acting_as,
                },
                now.naive_utc(),
            )?;
            if to == Status::Cancelled {
                repo::release_place(conn, &row.slot_id)?;
            }
            let texts = Texts {
                i18n: &st.i18n,
                lang,
            };
            Ok(render_one(conn, texts, access, row)?.0)
        })
        .await?;
    Ok(HttpResponse::Ok().json(visit))
}

/// Cancel an intro visit, any time before it begins. Its place goes back to the slot.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`"),
        ("visit_id" = String, Path, description = "The intro visit"),
    ),
    responses(
        (status = 200, description = "Cancelled", body = Visit),
        (status = 404, description = "No such visit for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It has begun, or is no longer booked", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/clients/{client_id}/intro-visits/{visit_id}")]
pub async fn cancel(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, visit) = path.into_inner();
    step(
        &state,
        &actor,
        &client,
        &visit,
        ClientWrite::CancelVisit,
        Step::Cancel,
    )
    .await
}

/// Take or decline a place in the provider's queue.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`"),
        ("visit_id" = String, Path, description = "The intro visit"),
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
    body: web::Json<QueueAnswer>,
) -> Result<HttpResponse, AppError> {
    let (client, visit) = path.into_inner();
    let step_taken = if body.accept {
        Step::TakeQueue
    } else {
        Step::DeclineQueue
    };
    step(
        &state,
        &actor,
        &client,
        &visit,
        ClientWrite::AnswerQueue,
        step_taken,
    )
    .await
}

/// The intro visit as a calendar file (RFC 5545), for the phone's calendar.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`"),
        ("visit_id" = String, Path, description = "The intro visit"),
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
    let (actor, (row, slot, place)) = state
        .door
        .read(caller, ClientRead::ViewVisits, &client, move |r, access| {
            let row = client_visit(r.conn(), access, &visit_id)?;
            let slot = repo::find_slot(r.conn(), &row.slot_id)?
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))?;
            let place = repo::places(r.conn(), std::slice::from_ref(&slot.site_id))?
                .remove(&slot.site_id)
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a site vanished")))?;
            Ok((row, slot, place))
        })
        .await?;
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
    };
    let summary = state.i18n.text(
        actor.lang,
        "visit-calendar-title",
        &vec![("provider", place.provider_name.clone().into())],
    );
    let event = super::ics::Event {
        uid: &row.id,
        stamp: state.clock.now(),
        starts_at: slot.starts(),
        ends_at: slot.ends(),
        summary: &summary,
        location: &format!(
            "{}, {}, {} {}",
            place.site_name, place.street_address, place.postal_code, place.city
        ),
        description: &texts.note(&slot),
        cancelled: matches!(row.status()?, Status::Cancelled | Status::NotHeld),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"intro-visit.ics\"",
        ))
        .body(super::ics::calendar(&event)))
}

/// The client's agreements with providers, newest first: where, when, how often, and the
/// goals. Staff of a provider see only their own organisation's.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`"), PageQuery),
    responses(
        (status = 200, description = "A page of agreements", body = AgreementPage),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/agreements")]
pub async fn agreements(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page(20, 100)?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let (actor, (rows, places, name)) = state
        .door
        .read(
            caller,
            ClientRead::ViewAgreements,
            &path,
            move |r, access| {
                let rows = repo::client_agreements(
                    r.conn(),
                    access.client_id(),
                    only(access),
                    after.as_deref(),
                    fetch,
                )?;
                let sites: Vec<String> = rows.iter().map(|a| a.site_id.clone()).collect();
                let places = repo::places(r.conn(), &sites)?;
                let name = match access.acting_as {
                    ActingAs::Myself => None,
                    _ => Some(crate::persons::repo::name(r, access.client_id())?),
                };
                Ok((rows, places, name))
            },
        )
        .await?;
    let (rows, next_after) = page.finish(rows, |a| &a.id);
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
    };
    let items: Vec<Agreement> = rows
        .iter()
        .filter_map(|a| {
            places
                .get(&a.site_id)
                .map(|p| texts.agreement(a, p, name.as_deref()))
        })
        .collect();
    Ok(HttpResponse::Ok().json(AgreementPage { items, next_after }))
}
