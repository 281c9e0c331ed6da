//! The caseworker's mandate routes: register, approve, reject, and end a guardianship.

use actix_web::{get, post, web, HttpResponse};

use super::{grant, of_mandate, EndGuardianshipRequest, RegisterMandateRequest, RejectRequest};
use crate::access::door::{Listed, Target};
use crate::access::{self, ClientRead, ClientWrite, MunicipalityAction};
use crate::auth::Actor;
use crate::clock::helsinki_date;
use crate::error::{AppError, Problem};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::input::{Day, Json};
use crate::mandates::repo;
use crate::mandates::view::{Mandate, MandatePage, Texts};
use crate::mandates::work;
use crate::mandates::{parse_decision_reference, parse_reason, Basis};
use crate::pagination::PageQuery;
use crate::refs::Link;
use crate::state::AppState;

/// Register a power of attorney directly: from a paper power of attorney, or for a legal guardian
/// (edunvalvoja). It is valid at once. Send an `Idempotency-Key` so a retry creates nothing twice.
#[utoipa::path(
    operation_id = "registerMandate",
    tag = "caseworker",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result")),
    request_body = RegisterMandateRequest,
    responses(
        (status = 201, description = "Registered and valid", body = Mandate),
        (status = 404, description = "No such client for this caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The helper already has a live power of attorney", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/mandates")]
pub async fn register_mandate(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    body: Json<RegisterMandateRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let today = helsinki_date(now);
    let req = body.into_inner();
    let grant = grant(
        &state,
        &req.proxy_personal_id,
        req.proxy_name.as_str(),
        &req.scopes,
        req.valid_from.map(Day::date),
        req.valid_until.date(),
        today,
    )?;
    let lang = actor.lang;
    let basis = Basis::from(req.basis);
    let st = state.clone();
    let span = tracing::Span::current();
    let stored = state
        .door
        .create(
            &actor,
            ClientWrite::RegisterMandate,
            Target::path(&req.client_id),
            key,
            &req,
            move |conn, access, ()| {
                let _entered = span.enter();
                let loaded = work::create(conn, access, &grant, basis)?;
                let texts = Texts {
                    i18n: &st.i18n,
                    lang,
                    today,
                };
                let at = Link::mandate(&loaded.row.client_id, &loaded.row.id).href;
                Stored::created(&texts.mandate(&loaded)?, at)
            },
        )
        .await?;
    Ok(stored.into_response())
}

/// Powers of attorney waiting for my decision, from clients of my municipality, newest first.
/// Each client whose mandate is listed gets a row in their access log.
#[utoipa::path(
    operation_id = "listPendingMandates",
    tag = "caseworker",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of powers of attorney waiting for approval", body = MandatePage),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/caseworker/mandates")]
pub async fn pending_mandates(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let area = state
        .door
        .caseworker_area(&actor, MunicipalityAction::ListPendingMandates, None)?;
    let page = query.page()?;
    let listing = page.clone();
    let now = state.clock.now();
    let today = helsinki_date(now);
    let (loaded, next_after) = state
        .door
        .read_list(&actor, ClientRead::ViewMandates, move |r, _| {
            let rows = repo::pending_in(
                r.conn(),
                &area,
                today,
                listing.after.as_deref(),
                listing.fetch(),
            )?;
            let (rows, next_after) = listing.finish(rows, |m| &m.id);
            let loaded = repo::load(r.conn(), rows)?
                .into_iter()
                .map(|m| Listed {
                    client_id: m.row.client_id.clone(),
                    organisation: None,
                    item: m,
                })
                .collect();
            Ok((loaded, next_after))
        })
        .await?;
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        today,
    };
    let items = loaded
        .iter()
        .map(|m| texts.mandate(m))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(MandatePage { items, next_after }))
}

/// A caseworker's decision on a pending mandate.
async fn decide(
    state: &web::Data<AppState>,
    actor: &Actor,
    mandate: &str,
    action: ClientWrite,
    reason: Option<String>,
) -> Result<HttpResponse, AppError> {
    let mandate = access::parse_id(mandate)?;
    let now = state.clock.now();
    let today = helsinki_date(now);
    let loaded = state
        .door
        .write(
            actor,
            action,
            of_mandate(mandate),
            move |conn, access, row| work::decide(conn, access, &row, reason.as_deref()),
        )
        .await?;
    tracing::info!(event = "mandate_decided", mandate = %loaded.row.id, status = loaded.row.status.as_str());
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        today,
    };
    Ok(HttpResponse::Ok().json(texts.mandate(&loaded)?))
}

/// Approve a pending power of attorney of my client. The helper may act at once.
#[utoipa::path(
    operation_id = "approveMandate",
    tag = "caseworker",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The power of attorney", format = Uuid)),
    responses(
        (status = 200, description = "Approved", body = Mandate),
        (status = 404, description = "No such power of attorney for this caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not waiting for approval", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/mandates/{mandate_id}/approve")]
pub async fn approve_mandate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    decide(&state, &actor, &path, ClientWrite::ApproveMandate, None).await
}

/// Reject a pending power of attorney of my client, with a reason the client sees.
#[utoipa::path(
    operation_id = "rejectMandate",
    tag = "caseworker",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The power of attorney", format = Uuid)),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "Rejected", body = Mandate),
        (status = 404, description = "No such power of attorney for this caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not waiting for approval", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason given", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/mandates/{mandate_id}/reject")]
pub async fn reject_mandate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<RejectRequest>,
) -> Result<HttpResponse, AppError> {
    let reason = parse_reason(body.reason.as_str())?;
    decide(
        &state,
        &actor,
        &path,
        ClientWrite::RejectMandate,
        Some(reason),
    )
    .await
}

/// Record the decision that ended my client's guardianship: the guardian can no longer act, and
/// the client sees the decision's reference in the history.
#[utoipa::path(
    operation_id = "endGuardianship",
    tag = "caseworker",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The guardian's power of attorney", format = Uuid)),
    request_body = EndGuardianshipRequest,
    responses(
        (status = 200, description = "Ended", body = Mandate),
        (status = 404, description = "No such power of attorney for this caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a guardian's, or not valid", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No decision reference", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/mandates/{mandate_id}/end")]
pub async fn end_guardianship(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<EndGuardianshipRequest>,
) -> Result<HttpResponse, AppError> {
    let reference = parse_decision_reference(body.decision_reference.as_str())?;
    let mandate = access::parse_id(&path)?;
    let now = state.clock.now();
    let today = helsinki_date(now);
    let loaded = state
        .door
        .write(
            &actor,
            ClientWrite::EndGuardianship,
            of_mandate(mandate),
            move |conn, access, row| work::end_guardianship(conn, access, &row, &reference),
        )
        .await?;
    tracing::info!(event = "guardianship_ended", mandate = %loaded.row.id);
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        today,
    };
    Ok(HttpResponse::Ok().json(texts.mandate(&loaded)?))
}
