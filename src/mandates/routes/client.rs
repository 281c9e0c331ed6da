//! The client's mandate routes: give, list, read and revoke powers of attorney.

use actix_web::{delete, get, post, web, HttpResponse};

use super::{grant, NewMandateRequest};
use crate::access::door::Target;
use crate::access::{self, ClientRead, ClientWrite};
use crate::auth::{Actor, Caller};
use crate::clock::helsinki_date;
use crate::error::{AppError, ErrorCode, Problem};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::input::{Day, Json};
use crate::mandates::repo;
use crate::mandates::view::{ClientMandatePage, Mandate, Texts};
use crate::mandates::work;
use crate::mandates::Basis;
use crate::pagination::PageQuery;
use crate::refs::Link;
use crate::state::AppState;

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
                let at = Link::mandate(&loaded.row.client_id, &loaded.row.id).href;
                Stored::created(&texts.mandate(&loaded)?, at)
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

/// One power of attorney I gave, with its full history. The client and their caseworker see
/// it; a helper never does.
#[utoipa::path(
    operation_id = "getClientMandate",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("mandate_id" = String, Path, description = "The power of attorney", format = Uuid),
    ),
    responses(
        (status = 200, description = "The power of attorney", body = Mandate),
        (status = 404, description = "No such power of attorney for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/mandates/{mandate_id}")]
pub async fn one_mandate(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, mandate) = path.into_inner();
    let mandate = access::parse_id(&mandate)?;
    let today = helsinki_date(state.clock.now());
    let (actor, loaded) = state
        .door
        .read(
            caller,
            ClientRead::ViewMandates,
            &client,
            move |r, access| {
                let row = repo::find(r.conn(), &mandate)?
                    .filter(|m| m.client_id == access.client_id())
                    .ok_or_else(AppError::not_found)?;
                repo::load_one(r.conn(), row)
            },
        )
        .await?;
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        today,
    };
    Ok(HttpResponse::Ok().json(texts.mandate(&loaded)?))
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
