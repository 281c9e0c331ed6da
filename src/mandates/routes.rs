//! The mandate routes. For the client: `POST/GET /clients/{c}/mandates`,
//! `DELETE /clients/{c}/mandates/{m}`. For the caseworker: `POST /caseworker/mandates` (register
//! directly), `POST /caseworker/mandates/{m}/approve` and `/reject`. For the helper:
//! `GET /me/mandates`, `POST /me/mandates/{m}/decline` and `/renounce`.

use actix_web::http::StatusCode;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::repo::{self, MandateRow};
use super::view::{ClientMandatePage, Mandate, MandatePage, ProxyMandate, ProxyMandatePage, Texts};
use super::work::{self, HelperStep};
use super::{
    parse_decision_reference, parse_proxy_name, parse_reason, Basis, Grant, RegisteredBasis, Scope,
    Scopes, Validity, MAX_NAME_CHARS, MAX_REASON_CHARS, MAX_REFERENCE_CHARS,
};
use crate::access::door::{Listed, Target};
use crate::access::{self, ClientRead, ClientWrite, MunicipalityAction};
use crate::auth::{Actor, Caller};
use crate::clock::helsinki_date;
use crate::error::{AppError, ErrorCode, Problem};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::input::{Day, Json, Line, Paragraph};
use crate::pagination::PageQuery;
use crate::persons::{personal_id, PersonalId};
use crate::state::AppState;

/// The mandate `id`, found in the change's own transaction with the client it is from.
fn of_mandate(id: String) -> Target<MandateRow> {
    Target::of(move |conn| Ok(repo::find(conn, &id)?.map(|m| (m.client_id.clone(), m))))
}

// ---------------------------------------------------------------------------------------------
// Request and response bodies

/// A power of attorney the client gives. It waits for the caseworker's approval.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMandateRequest {
    /// The helper's personal identity code. They need not have used the app yet.
    #[schema(pattern = "^\\s*[0-9]{6}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-Ya-y]\\s*$")]
    pub proxy_personal_id: String,
    /// The helper's name, as the client knows them.
    pub proxy_name: Line<{ MAX_NAME_CHARS }>,
    /// What the helper may do: at least one.
    #[schema(min_items = 1)]
    pub scopes: Vec<Scope>,
    /// The first day (Helsinki date). Today when left out; never in the past.
    pub valid_from: Option<Day>,
    /// The last day, at most two years after the first.
    pub valid_until: Day,
}

/// A power of attorney a caseworker registers from paper or for a legal guardian. It is valid at
/// once, without a separate approval.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterMandateRequest {
    #[schema(format = Uuid)]
    pub client_id: String,
    #[schema(pattern = "^\\s*[0-9]{6}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-Ya-y]\\s*$")]
    pub proxy_personal_id: String,
    pub proxy_name: Line<{ MAX_NAME_CHARS }>,
    #[schema(min_items = 1)]
    pub scopes: Vec<Scope>,
    pub valid_from: Option<Day>,
    pub valid_until: Day,
    /// `paper` (a signed power of attorney) or `guardian` (edunvalvoja).
    pub basis: RegisteredBasis,
}

/// The decision that ended a guardianship.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndGuardianshipRequest {
    /// The decision's reference, e.g. the court's or the agency's number. The client sees it.
    pub decision_reference: Line<{ MAX_REFERENCE_CHARS }>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// Why, in words the client understands. The client sees it.
    pub reason: Paragraph<{ MAX_REASON_CHARS }>,
}

// ---------------------------------------------------------------------------------------------
// Parsing at the edge

fn parse_proxy_id(state: &AppState, input: &str) -> Result<PersonalId, AppError> {
    // Test codes (individual number 900–999) are accepted exactly where they can sign in.
    let test_codes = state.settings.dev_login
        || state
            .settings
            .identity_provider
            .as_ref()
            .is_some_and(|p| p.accept_test_codes);
    let parsed = if test_codes {
        personal_id::parse_allowing_test_codes(input)
    } else {
        personal_id::parse(input)
    };
    parsed.map_err(|_| AppError::new(ErrorCode::MandateInvalidPersonalId))
}

/// A mandate's content as asked for, parsed.
fn grant(
    state: &AppState,
    proxy_personal_id: &str,
    proxy_name: &str,
    scopes: &[Scope],
    valid_from: Option<NaiveDate>,
    valid_until: NaiveDate,
    today: NaiveDate,
) -> Result<Grant, AppError> {
    Ok(Grant {
        proxy: parse_proxy_id(state, proxy_personal_id)?,
        name: parse_proxy_name(proxy_name)?,
        scopes: Scopes::new(scopes.iter().copied())?,
        validity: Validity::new(valid_from, valid_until, today)?,
    })
}

// ---------------------------------------------------------------------------------------------
// The client's routes

/// Give a power of attorney: let a helper act for me. It waits for my caseworker's approval.
/// Send an `Idempotency-Key` so a retried request creates nothing twice.
#[utoipa::path(
    operation_id = "createMandate",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = NewMandateRequest,
    responses(
        (status = 201, description = "Created, waiting for approval", body = Mandate),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The helper already has a live power of attorney", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not valid: identity code, name, scopes or dates; or a reused Idempotency-Key", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The client has given too many powers of attorney in the last hour (see Retry-After)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/mandates")]
pub async fn create_mandate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: Json<NewMandateRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let today = helsinki_date(now);
    // Per client, so that no one can try identity codes against the app at speed.
    state
        .mandate_limiter
        .check(&format!("person:{}", actor.person_id), now)
        .map_err(|seconds| {
            tracing::warn!(event = "rate_limited", what = "mandate");
            AppError {
                retry_after: Some(seconds),
                ..AppError::new(ErrorCode::MandateTooMany)
            }
        })?;
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
    let st = state.clone();
    // The work runs on a blocking thread: carry the request's span there so its log lines keep
    // the request id.
    let span = tracing::Span::current();
    let stored = state
        .door
        .create(
            &actor,
            ClientWrite::CreateMandate,
            Target::path(&path),
            key,
            &req,
            move |conn, access, ()| {
                let _entered = span.enter();
                let loaded = work::create(conn, access, &grant, Basis::Client)?;
                let texts = Texts {
                    i18n: &st.i18n,
                    lang,
                    today,
                };
                Stored::json(StatusCode::CREATED, &texts.mandate(&loaded)?)
            },
        )
        .await?;
    Ok(stored.into_response())
}

/// My powers of attorney, newest first, with their full history, and who may act for me today.
/// The client and their caseworker see them; a helper never does.
#[utoipa::path(
    operation_id = "listClientMandates",
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"), PageQuery),
    responses(
        (status = 200, description = "A page of powers of attorney, and who may act for the client today", body = ClientMandatePage),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/mandates")]
pub async fn list_mandates(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page()?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let now = state.clock.now();
    let today = helsinki_date(now);
    let (actor, (loaded, in_force, reader_is_client)) = state
        .door
        .read(caller, ClientRead::ViewMandates, &path, move |r, access| {
            let rows =
                repo::list_for_client(r.conn(), access.client_id(), after.as_deref(), fetch)?;
            let in_force = repo::in_force_for_client(r.conn(), access.client_id(), today)?;
            Ok((
                repo::load(r.conn(), rows)?,
                in_force,
                access.acting_as == access::ActingAs::Myself,
            ))
        })
        .await?;
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        today,
    };
    let (loaded, next_after) = page.finish(loaded, |m| &m.row.id);
    let items = loaded
        .iter()
        .map(|m| texts.mandate(m))
        .collect::<Result<Vec<_>, _>>()?;
    let acting_for_client = in_force
        .iter()
        .map(|m| texts.in_force(m, reader_is_client))
        .collect();
    Ok(HttpResponse::Ok().json(ClientMandatePage {
        items,
        next_after,
        acting_for_client,
    }))
}

/// Cancel a power of attorney I gave. It stops working at once, also for a helper who is signed
/// in. A legal guardian is not mine to dismiss: a caseworker ends that by a decision.
#[utoipa::path(
    operation_id = "revokeMandate",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("mandate_id" = String, Path, description = "The power of attorney", format = Uuid),
    ),
    responses(
        (status = 200, description = "Cancelled", body = Mandate),
        (status = 404, description = "No such power of attorney for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already ended, or a legal guardian, whom only a decision ends", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/clients/{client_id}/mandates/{mandate_id}")]
pub async fn revoke_mandate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, mandate) = path.into_inner();
    let mandate = access::parse_id(&mandate)?;
    let now = state.clock.now();
    let today = helsinki_date(now);
    let loaded = state
        .door
        .write(
            &actor,
            ClientWrite::RevokeMandate,
            Target::path(&client),
            move |conn, access, ()| work::revoke(conn, access, &mandate),
        )
        .await?;
    tracing::info!(event = "mandate_revoked", mandate = %loaded.row.id);
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        today,
    };
    Ok(HttpResponse::Ok().json(texts.mandate(&loaded)?))
}

// ---------------------------------------------------------------------------------------------
// The caseworker's routes

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
                Stored::json(StatusCode::CREATED, &texts.mandate(&loaded)?)
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

// ---------------------------------------------------------------------------------------------
// The helper's routes

/// The powers of attorney that name me as the helper, newest first, whatever their state.
#[utoipa::path(
    operation_id = "listMyMandates",
    tag = "me",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of powers of attorney", body = ProxyMandatePage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/mandates")]
pub async fn my_mandates(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page()?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let (loaded, now) = state
        .door
        .own(&actor, move |r, own| {
            let rows = repo::list_for_proxy(r.conn(), &own.person_id, after.as_deref(), fetch)?;
            Ok((repo::load(r.conn(), rows)?, own.now))
        })
        .await?;
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        today: helsinki_date(now),
    };
    let (loaded, next_after) = page.finish(loaded, |m| &m.row.id);
    let items = loaded
        .iter()
        .map(|m| texts.for_proxy(m))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(ProxyMandatePage { items, next_after }))
}

/// The helper's own step on a mandate that names them; logged in the client's access log.
async fn proxy_step(
    state: &web::Data<AppState>,
    actor: &Actor,
    mandate: &str,
    action: ClientWrite,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let today = helsinki_date(now);
    let what = match action {
        ClientWrite::DeclineMandate => HelperStep::Decline,
        _ => HelperStep::Renounce,
    };
    let mandate_id = access::parse_id(mandate)?;
    let target = Target::named_on_mandate(&mandate_id);
    let loaded = state
        .door
        .write(actor, action, target, move |conn, access, ()| {
            work::helper_step(conn, access, &mandate_id, what)
        })
        .await?;
    tracing::info!(event = "mandate_proxy_step", mandate = %loaded.row.id, status = loaded.row.status.as_str());
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        today,
    };
    Ok(HttpResponse::Ok().json(texts.for_proxy(&loaded)?))
}

/// Say no to a power of attorney that waits for approval.
#[utoipa::path(
    operation_id = "declineMandate",
    tag = "me",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The power of attorney", format = Uuid)),
    responses(
        (status = 200, description = "Declined", body = ProxyMandate),
        (status = 404, description = "No such power of attorney names me", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not waiting any more", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/mandates/{mandate_id}/decline")]
pub async fn decline_mandate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    proxy_step(&state, &actor, &path, ClientWrite::DeclineMandate).await
}

/// Give up a valid power of attorney. I can no longer act for the client.
#[utoipa::path(
    operation_id = "renounceMandate",
    tag = "me",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The power of attorney", format = Uuid)),
    responses(
        (status = 200, description = "Given up", body = ProxyMandate),
        (status = 404, description = "No such power of attorney names me", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not valid any more", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/mandates/{mandate_id}/renounce")]
pub async fn renounce_mandate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    proxy_step(&state, &actor, &path, ClientWrite::RenounceMandate).await
}
