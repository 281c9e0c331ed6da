//! The mandate routes. For the client: `POST/GET /clients/{c}/mandates`,
//! `DELETE /clients/{c}/mandates/{m}`. For the caseworker: `POST /caseworker/mandates` (register
//! directly), `POST /caseworker/mandates/{m}/approve` and `/reject`. For the helper:
//! `GET /me/mandates`, `POST /me/mandates/{m}/decline` and `/renounce`.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::repo::{self, EventRow, MandateRow, NewMandate, Transition};
use super::{
    parse_proxy_name, parse_reason, Basis, EventKind, RegisteredBasis, Scope, Scopes, Status,
    StoredStatus, Validity,
};
use crate::access::{self, ActingAs, Action};
use crate::auth::Actor;
use crate::clock::helsinki_date;
use crate::db::DbConnection;
use crate::error::Problem;
use crate::error::{AppError, ErrorCode};
use crate::i18n::{Lang, Localizer};
use crate::idempotency::{self, IdempotencyKey, Stored};
use crate::pagination::PageQuery;
use crate::persons::{personal_id, PersonalId};
use crate::state::AppState;

// ---------------------------------------------------------------------------------------------
// Request and response bodies

/// A power of attorney the client gives. It waits for the caseworker's approval.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMandateRequest {
    /// The helper's personal identity code. They need not have used the app yet.
    pub proxy_personal_id: String,
    /// The helper's name, as the client knows them.
    pub proxy_name: String,
    /// What the helper may do: at least one.
    pub scopes: Vec<Scope>,
    /// The first day (Helsinki date). Today when left out; never in the past.
    pub valid_from: Option<NaiveDate>,
    /// The last day, at most two years after the first.
    pub valid_until: NaiveDate,
}

/// A power of attorney a caseworker registers from paper or for a legal guardian. It is valid at
/// once, without a separate approval.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterMandateRequest {
    pub client_id: String,
    pub proxy_personal_id: String,
    pub proxy_name: String,
    pub scopes: Vec<Scope>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: NaiveDate,
    /// `paper` (a signed power of attorney) or `guardian` (edunvalvoja).
    pub basis: RegisteredBasis,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// Why, in words the client understands. The client sees it.
    pub reason: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonRef {
    pub id: String,
    pub display_name: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProxyRef {
    /// The name the client gave.
    pub display_name: String,
    /// The identity code with its last four characters hidden.
    pub personal_id_masked: String,
    /// Whether the helper has signed in to the app.
    pub signed_in: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MandateEvent {
    pub event: EventKind,
    /// When, in UTC.
    pub at: DateTime<Utc>,
    pub actor: PersonRef,
    pub acting_as: ActingAs,
    /// The caseworker's reason, for a rejection.
    pub reason: Option<String>,
    /// One plain sentence: who did what.
    pub description: String,
}

/// A power of attorney, as the client and the caseworker see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Mandate {
    pub id: String,
    pub client: PersonRef,
    pub proxy: ProxyRef,
    pub scopes: Vec<Scope>,
    /// The scopes in the reader's language.
    pub scope_names: Vec<String>,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub basis: Basis,
    pub basis_name: String,
    pub status: Status,
    pub status_name: String,
    /// True when the helper may act with it today.
    pub in_force: bool,
    pub created_at: DateTime<Utc>,
    /// Every change, oldest first.
    pub history: Vec<MandateEvent>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MandatePage {
    /// Newest first.
    pub items: Vec<Mandate>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<String>,
}

/// A power of attorney, as the helper sees it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProxyMandate {
    pub id: String,
    /// Whom the helper may act for.
    pub client: PersonRef,
    pub scopes: Vec<Scope>,
    pub scope_names: Vec<String>,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub basis: Basis,
    pub basis_name: String,
    pub status: Status,
    pub status_name: String,
    pub in_force: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProxyMandatePage {
    pub items: Vec<ProxyMandate>,
    pub next_after: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Loading and rendering

/// A mandate with what it takes to show it.
pub struct Loaded {
    row: MandateRow,
    client_name: String,
    events: Vec<EventRow>,
}

fn load(conn: &mut DbConnection, rows: Vec<MandateRow>) -> Result<Vec<Loaded>, AppError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let client_ids: Vec<String> = rows.iter().map(|r| r.client_id.clone()).collect();
    let mut events = repo::events(conn, &ids)?;
    let names: HashMap<String, String> = repo::names(conn, &client_ids)?;
    Ok(rows
        .into_iter()
        .map(|row| Loaded {
            client_name: names.get(&row.client_id).cloned().unwrap_or_default(),
            events: events.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

fn load_one(conn: &mut DbConnection, row: MandateRow) -> Result<Loaded, AppError> {
    load(conn, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("mandate vanished")))
}

struct Texts<'a> {
    i18n: &'a Localizer,
    lang: Lang,
    today: NaiveDate,
}

impl Texts<'_> {
    fn text(&self, id: &str) -> String {
        self.i18n.text(self.lang, id, &vec![])
    }

    fn common(&self, row: &MandateRow) -> Result<(Vec<Scope>, Vec<String>, Status), AppError> {
        let scopes: Vec<Scope> = row.scopes().into_iter().collect();
        let names = scopes
            .iter()
            .map(|s| self.text(&format!("mandate-scope-{}", s.as_str())))
            .collect();
        Ok((scopes, names, row.status(self.today)?))
    }

    fn mandate(&self, m: &Loaded) -> Result<Mandate, AppError> {
        let row = &m.row;
        let (scopes, scope_names, status) = self.common(row)?;
        let basis = row.basis();
        Ok(Mandate {
            id: row.id.clone(),
            client: PersonRef {
                id: row.client_id.clone(),
                display_name: m.client_name.clone(),
            },
            proxy: ProxyRef {
                display_name: row.proxy_name.clone(),
                personal_id_masked: personal_id::parse_allowing_test_codes(&row.proxy_personal_id)
                    .map(|p| p.masked())
                    .unwrap_or_else(|_| "***********".into()),
                signed_in: row.proxy_person_id.is_some(),
            },
            scopes,
            scope_names,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            basis,
            basis_name: self.text(&format!("mandate-basis-{}", basis.as_str())),
            status,
            status_name: self.text(&format!("mandate-status-{}", status.as_str())),
            in_force: row.in_force(self.today),
            created_at: row.created_at.and_utc(),
            history: m
                .events
                .iter()
                .map(|e| MandateEvent {
                    event: e.event,
                    at: e.at.and_utc(),
                    actor: PersonRef {
                        id: e.actor_id.clone(),
                        display_name: e.actor_name.clone(),
                    },
                    acting_as: e.acting_as,
                    reason: e.reason.clone(),
                    description: self.i18n.text(
                        self.lang,
                        &format!("mandate-event-{}", e.event.as_str()),
                        &vec![("actor", e.actor_name.clone().into())],
                    ),
                })
                .collect(),
        })
    }

    fn for_proxy(&self, m: &Loaded) -> Result<ProxyMandate, AppError> {
        let row = &m.row;
        let (scopes, scope_names, status) = self.common(row)?;
        let basis = row.basis();
        Ok(ProxyMandate {
            id: row.id.clone(),
            client: PersonRef {
                id: row.client_id.clone(),
                display_name: m.client_name.clone(),
            },
            scopes,
            scope_names,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            basis,
            basis_name: self.text(&format!("mandate-basis-{}", basis.as_str())),
            status,
            status_name: self.text(&format!("mandate-status-{}", status.as_str())),
            in_force: row.in_force(self.today),
        })
    }
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

/// A mandate's content, parsed.
struct Grant {
    proxy: PersonalId,
    name: String,
    scopes: Scopes,
    validity: Validity,
}

impl Grant {
    fn parse(
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
}

/// Creates a mandate unless the client already has a live one for this helper.
fn create(
    conn: &mut DbConnection,
    client_id: &str,
    grant: &Grant,
    basis: Basis,
    actor: (&str, ActingAs),
    now: DateTime<Utc>,
) -> Result<MandateRow, AppError> {
    if repo::has_live(conn, client_id, &grant.proxy, helsinki_date(now))? {
        return Err(AppError::new(ErrorCode::MandateDuplicate));
    }
    let row = repo::insert(
        conn,
        NewMandate {
            client_id,
            proxy: &grant.proxy,
            proxy_name: &grant.name,
            scopes: &grant.scopes,
            validity: grant.validity,
            basis,
            status: if basis == Basis::Client {
                StoredStatus::PendingApproval
            } else {
                StoredStatus::Active
            },
            created_by: actor.0,
            acting_as: actor.1,
        },
        now,
    )?;
    tracing::info!(event = "mandate_created", mandate = %row.id, client = %client_id, basis = basis.as_str());
    Ok(row)
}

// ---------------------------------------------------------------------------------------------
// The client's routes

/// Give a power of attorney: let a helper act for me. It waits for my caseworker's approval.
/// Send an `Idempotency-Key` so a retried request creates nothing twice.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`"),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = NewMandateRequest,
    responses(
        (status = 201, description = "Created, waiting for approval", body = Mandate),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The helper already has a live power of attorney", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not valid: identity code, name, scopes or dates; or a reused Idempotency-Key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/mandates")]
pub async fn create_mandate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: web::Json<NewMandateRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let today = helsinki_date(now);
    let req = body.into_inner();
    let grant = Grant::parse(
        &state,
        &req.proxy_personal_id,
        &req.proxy_name,
        &req.scopes,
        req.valid_from,
        req.valid_until,
        today,
    )?;
    let (lang, request_path) = (actor.lang, actor.path.clone());
    let st = state.clone();
    // The work runs on a blocking thread: carry the request's span there so its log lines keep
    // the request id.
    let span = tracing::Span::current();
    let stored = state
        .for_client(&actor, &path, Action::CreateMandate, move |conn, access| {
            let _entered = span.enter();
            let route = format!(
                "POST {}",
                access::canonical_resource(&request_path, access.client_id())
            );
            let fingerprint = idempotency::fingerprint(&route, &req)?;
            idempotency::run(conn, &key, &access.actor_id, &fingerprint, now, |conn| {
                let who = (access.actor_id.as_str(), access.acting_as);
                let row = create(conn, access.client_id(), &grant, Basis::Client, who, now)?;
                let loaded = load_one(conn, row)?;
                let texts = Texts {
                    i18n: &st.i18n,
                    lang,
                    today,
                };
                Stored::json(StatusCode::CREATED, &texts.mandate(&loaded)?)
            })
        })
        .await?;
    Ok(stored.into_response())
}

/// My powers of attorney, newest first, with their full history. The client and their
/// caseworker see them; a helper never does.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`"), PageQuery),
    responses(
        (status = 200, description = "A page of powers of attorney", body = MandatePage),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/mandates")]
pub async fn list_mandates(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page(20, 100)?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let now = state.clock.now();
    let loaded = state
        .for_client(&actor, &path, Action::ViewMandates, move |conn, access| {
            let rows = repo::list_for_client(conn, access.client_id(), after.as_deref(), fetch)?;
            load(conn, rows)
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
        .map(|m| texts.mandate(m))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(MandatePage { items, next_after }))
}

/// Cancel a power of attorney. It stops working at once, also for a helper who is signed in.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`"),
        ("mandate_id" = String, Path, description = "The power of attorney"),
    ),
    responses(
        (status = 200, description = "Cancelled", body = Mandate),
        (status = 404, description = "No such power of attorney for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already ended", body = Problem, content_type = "application/problem+json"),
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
        .for_client(
            &actor,
            &client,
            Action::RevokeMandate,
            move |conn, access| {
                let row = repo::find(conn, &mandate)?
                    .filter(|m| m.client_id == access.client_id())
                    .ok_or_else(AppError::not_found)?;
                let from = row.stored_status()?;
                if !matches!(from, StoredStatus::PendingApproval | StoredStatus::Active) {
                    return Err(AppError::new(ErrorCode::MandateWrongState));
                }
                let row = repo::transition(
                    conn,
                    &row.id,
                    Transition {
                        from,
                        to: StoredStatus::Revoked,
                        event: EventKind::Revoked,
                        actor_id: &access.actor_id,
                        acting_as: access.acting_as,
                        reason: None,
                    },
                    now,
                    today,
                )?;
                load_one(conn, row)
            },
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
    body: web::Json<RegisterMandateRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let today = helsinki_date(now);
    let req = body.into_inner();
    let grant = Grant::parse(
        &state,
        &req.proxy_personal_id,
        &req.proxy_name,
        &req.scopes,
        req.valid_from,
        req.valid_until,
        today,
    )?;
    let (lang, request_path) = (actor.lang, actor.path.clone());
    let client = req.client_id.clone();
    let st = state.clone();
    let span = tracing::Span::current();
    let stored = state
        .for_client(
            &actor,
            &client,
            Action::RegisterMandate,
            move |conn, access| {
                let _entered = span.enter();
                let fingerprint = idempotency::fingerprint(&format!("POST {request_path}"), &req)?;
                idempotency::run(conn, &key, &access.actor_id, &fingerprint, now, |conn| {
                    let who = (access.actor_id.as_str(), access.acting_as);
                    let basis = Basis::from(req.basis);
                    let row = create(conn, access.client_id(), &grant, basis, who, now)?;
                    let loaded = load_one(conn, row)?;
                    let texts = Texts {
                        i18n: &st.i18n,
                        lang,
                        today,
                    };
                    Stored::json(StatusCode::CREATED, &texts.mandate(&loaded)?)
                })
            },
        )
        .await?;
    Ok(stored.into_response())
}

/// Powers of attorney waiting for my decision, from clients of my municipality, newest first.
/// Each client whose mandate is listed gets a row in their access log.
#[utoipa::path(
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
    let municipalities = actor.caseworker_only()?;
    let page = query.page(20, 100)?;
    let (after, fetch, limit) = (page.after.clone(), page.fetch(), page.limit);
    let now = state.clock.now();
    let today = helsinki_date(now);
    let reader = actor.clone();
    let loaded = state
        .db
        .write(move |conn| {
            let rows = repo::list_pending_for_municipalities(
                conn,
                &municipalities,
                today,
                after.as_deref(),
                fetch,
            )?;
            let mut logged = std::collections::BTreeSet::new();
            for row in rows.iter().take(limit as usize) {
                if logged.insert(row.client_id.clone()) {
                    let client = access::ClientRef::Id(row.client_id.clone());
                    let access =
                        access::authorize(conn, &reader, &client, Action::ViewMandates, now)?;
                    access::record(conn, &access, &reader.path, &reader.request_id, now)?;
                }
            }
            load(conn, rows)
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
    Ok(HttpResponse::Ok().json(MandatePage { items, next_after }))
}

/// A caseworker's decision on a pending mandate, through the one authorization function.
async fn decide(
    state: &web::Data<AppState>,
    actor: &Actor,
    mandate: &str,
    action: Action,
    reason: Option<String>,
) -> Result<HttpResponse, AppError> {
    let mandate = access::parse_id(mandate)?;
    let now = state.clock.now();
    let today = helsinki_date(now);
    let lookup = mandate.clone();
    let client_id = state
        .db
        .read(move |conn| Ok(repo::find(conn, &lookup)?.map(|m| m.client_id)))
        .await?
        .ok_or_else(AppError::not_found)?;
    let (to, event) = match action {
        Action::ApproveMandate => (StoredStatus::Active, EventKind::Approved),
        _ => (StoredStatus::Rejected, EventKind::Rejected),
    };
    let loaded = state
        .for_client(actor, &client_id, action, move |conn, access| {
            let row = repo::transition(
                conn,
                &mandate,
                Transition {
                    from: StoredStatus::PendingApproval,
                    to,
                    event,
                    actor_id: &access.actor_id,
                    acting_as: access.acting_as,
                    reason: reason.as_deref(),
                },
                now,
                today,
            )?;
            load_one(conn, row)
        })
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
    tag = "caseworker",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The power of attorney")),
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
    decide(&state, &actor, &path, Action::ApproveMandate, None).await
}

/// Reject a pending power of attorney of my client, with a reason the client sees.
#[utoipa::path(
    tag = "caseworker",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The power of attorney")),
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
    body: web::Json<RejectRequest>,
) -> Result<HttpResponse, AppError> {
    let reason = parse_reason(&body.reason)?;
    decide(&state, &actor, &path, Action::RejectMandate, Some(reason)).await
}

// ---------------------------------------------------------------------------------------------
// The helper's routes

/// The powers of attorney that name me as the helper, newest first, whatever their state.
#[utoipa::path(
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
    let page = query.page(20, 100)?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let now = state.clock.now();
    let person = actor.person_id.clone();
    let loaded = state
        .db
        .read(move |conn| {
            let rows = repo::list_for_proxy(conn, &person, after.as_deref(), fetch)?;
            load(conn, rows)
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
    action: Action,
) -> Result<HttpResponse, AppError> {
    let mandate = access::parse_id(mandate)?;
    let now = state.clock.now();
    let today = helsinki_date(now);
    let (from, to, event) = match action {
        Action::DeclineMandate => (
            StoredStatus::PendingApproval,
            StoredStatus::Declined,
            EventKind::Declined,
        ),
        _ => (
            StoredStatus::Active,
            StoredStatus::Renounced,
            EventKind::Renounced,
        ),
    };
    let who = actor.clone();
    let loaded = state
        .db
        .write(move |conn| {
            let (access, row) = access::authorize_named_proxy(conn, &who, &mandate, action)?;
            access::record(conn, &access, &who.path, &who.request_id, now)?;
            let row = repo::transition(
                conn,
                &row.id,
                Transition {
                    from,
                    to,
                    event,
                    actor_id: &access.actor_id,
                    acting_as: access.acting_as,
                    reason: None,
                },
                now,
                today,
            )?;
            load_one(conn, row)
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
    tag = "me",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The power of attorney")),
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
    proxy_step(&state, &actor, &path, Action::DeclineMandate).await
}

/// Give up a valid power of attorney. I can no longer act for the client.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The power of attorney")),
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
    proxy_step(&state, &actor, &path, Action::RenounceMandate).await
}
