//! What people do with an agreement after it is made (`/clients/{c}/agreements/{a}/…`): the
//! client's side confirms it; either side proposes ending it; the caseworker consents, declines
//! or ends the service; staff record interruptions and documents. Each answers the agreement as
//! it is after.

use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{load, render};
use crate::access::door::Target;
use crate::access::Access;
use crate::access::{self, ClientWrite};
use crate::agreements::duties::DocumentKind;
use crate::agreements::life::EndingReason;
use crate::agreements::repo::AgreementRow;
use crate::agreements::view::AgreementDetail;
use crate::agreements::work::{self, Ending, NewDocument, BODY_MAX, EXPLANATION_MAX, TITLE_MAX};
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::error::{AppError, Problem};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::input::{Day, Json, Line, Paragraph};
use crate::refs::Link;
use crate::state::AppState;

/// Where an agreement is named: by the client's path (`/clients/{c}/agreements/{a}`), or by its
/// id alone (`/provider/…`, `/caseworker/…`), its client found in the change's own transaction.
enum Named {
    Client(String, String),
    Alone(String),
}

impl Named {
    fn target(self) -> Result<(Target<()>, String), AppError> {
        match self {
            Named::Client(client, id) => Ok((Target::path(&client), access::parse_id(&id)?)),
            Named::Alone(id) => {
                let id = access::parse_id(&id)?;
                Ok((work::target(id.clone()), id))
            }
        }
    }
}

/// What a change does to the agreement it names, as the caller's door decision allows.
type Work = dyn FnOnce(&mut DbConnection, &Access, &str) -> Result<AgreementRow, AppError> + Send;

/// Does `change` to the agreement `named` as `action`, and answers the agreement as it is after.
async fn change(
    state: &web::Data<AppState>,
    actor: &Actor,
    named: Named,
    action: ClientWrite,
    change: Box<Work>,
) -> Result<HttpResponse, AppError> {
    let (target, id) = named.target()?;
    let st = state.clone();
    let lang = actor.lang;
    let detail = state
        .door
        .write(actor, action, target, move |conn, access, ()| {
            let row = change(conn, access, &id)?;
            Ok(render(&st.i18n, lang, load(conn, access, row)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Confirm the terms the provider proposed: the agreement is in force. The provider is told.
/// Confirming again changes nothing.
#[utoipa::path(
    operation_id = "confirmAgreement",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("agreement_id" = String, Path, description = "The agreement", format = Uuid),
    ),
    responses(
        (status = 200, description = "Confirmed", body = AgreementDetail),
        (status = 404, description = "No such agreement for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agreement has ended", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/agreements/{agreement_id}/confirm")]
pub async fn confirm(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, id) = path.into_inner();
    let named = Named::Client(client, id);
    change(
        &state,
        &actor,
        named,
        ClientWrite::ConfirmAgreement,
        Box::new(work::confirm),
    )
    .await
}

/// The client's reasons to end an agreement (H §5.4).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClientEndingReason {
    Health,
    /// Over 3 hours of travel a day.
    Travel,
    /// The client's safety is neglected.
    Safety,
    /// The provider breaks the law or the agreement.
    ProviderBreach,
    /// The service differs from the client's plan.
    ServiceDiffers,
    Other,
}

impl From<ClientEndingReason> for EndingReason {
    fn from(r: ClientEndingReason) -> EndingReason {
        match r {
            ClientEndingReason::Health => EndingReason::Health,
            ClientEndingReason::Travel => EndingReason::Travel,
            ClientEndingReason::Safety => EndingReason::Safety,
            ClientEndingReason::ProviderBreach => EndingReason::ProviderBreach,
            ClientEndingReason::ServiceDiffers => EndingReason::ServiceDiffers,
            ClientEndingReason::Other => EndingReason::Other,
        }
    }
}

/// The provider's grounds to end an agreement (H §1.7; K appendix 1, item 10).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProviderEndingReason {
    /// Continuous substance use.
    SubstanceUse,
    /// The client breaks the agreement.
    ClientBreach,
    Other,
}

impl From<ProviderEndingReason> for EndingReason {
    fn from(r: ProviderEndingReason) -> EndingReason {
        match r {
            ProviderEndingReason::SubstanceUse => EndingReason::SubstanceUse,
            ProviderEndingReason::ClientBreach => EndingReason::ClientBreach,
            ProviderEndingReason::Other => EndingReason::Other,
        }
    }
}

/// The client's side proposes ending an agreement early.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndingProposal {
    pub reason: ClientEndingReason,
    /// In your own words; the caseworker and the provider read it.
    pub explanation: Paragraph<{ EXPLANATION_MAX }>,
    /// The last day: today or later, not after the agreement's last day.
    pub last_day: Day,
}

/// The provider's staff propose ending an agreement early.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderEndingProposal {
    pub reason: ProviderEndingReason,
    /// In your own words; the caseworker and the client read it.
    pub explanation: Paragraph<{ EXPLANATION_MAX }>,
    /// The last day: today or later, not after the agreement's last day.
    pub last_day: Day,
}

/// Propose ending the agreement, as the client or their helper. It ends only with the
/// caseworker's consent (H §5.5); until then it stays in force. The caseworker and the provider
/// are told. Sending the same proposal again changes nothing.
#[utoipa::path(
    operation_id = "proposeAgreementEnding",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("agreement_id" = String, Path, description = "The agreement", format = Uuid),
    ),
    request_body = EndingProposal,
    responses(
        (status = 200, description = "Proposed: the agreement with the proposal waiting", body = AgreementDetail),
        (status = 404, description = "No such agreement for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agreement has ended, or another proposal waits", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day does not fit the agreement", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{client_id}/agreements/{agreement_id}/ending")]
pub async fn propose_ending(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    body: Json<EndingProposal>,
) -> Result<HttpResponse, AppError> {
    let (client, id) = path.into_inner();
    let b = body.into_inner();
    let ending = Ending {
        reason: b.reason.into(),
        explanation: b.explanation.0,
        last_day: b.last_day.date(),
    };
    let named = Named::Client(client, id);
    propose(state, actor, named, ClientWrite::ProposeEnding, ending).await
}

/// Propose ending the agreement, as the provider's staff. It ends only with the caseworker's
/// consent (H §5.5); until then it stays in force. The caseworker and the client are told.
/// Sending the same proposal again changes nothing.
#[utoipa::path(
    operation_id = "proposeAgreementEndingAsProvider",
    tag = "provider",
    security(("bearer" = [])),
    params(("agreement_id" = String, Path, description = "The agreement", format = Uuid)),
    request_body = ProviderEndingProposal,
    responses(
        (status = 200, description = "Proposed: the agreement with the proposal waiting", body = AgreementDetail),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agreement with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agreement has ended, or another proposal waits", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day does not fit the agreement", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/agreements/{agreement_id}/ending")]
pub async fn propose_ending_as_provider(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<ProviderEndingProposal>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let ending = Ending {
        reason: b.reason.into(),
        explanation: b.explanation.0,
        last_day: b.last_day.date(),
    };
    let named = Named::Alone(path.into_inner());
    let action = ClientWrite::ProviderProposesEnding;
    propose(state, actor, named, action, ending).await
}

async fn propose(
    state: web::Data<AppState>,
    actor: Actor,
    named: Named,
    action: ClientWrite,
    ending: Ending,
) -> Result<HttpResponse, AppError> {
    let work = move |conn: &mut DbConnection, access: &Access, id: &str| {
        work::propose_ending(conn, access, id, ending)?;
        work::reached(conn, access, id)
    };
    change(&state, &actor, named, action, Box::new(work)).await
}

/// The caseworker's consent to a proposed ending.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndingConsent {
    /// Anything both sides should read.
    pub reason: Option<Paragraph<{ EXPLANATION_MAX }>>,
}

/// The caseworker declines a proposed ending.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndingDecline {
    /// Why it goes on; both sides read it.
    pub reason: Paragraph<{ EXPLANATION_MAX }>,
}

/// Consent to the proposed ending: the agreement ends on the proposed last day (today, if that
/// has passed). Both sides are told.
#[utoipa::path(
    operation_id = "consentToAgreementEnding",
    tag = "caseworker",
    security(("bearer" = [])),
    params(("agreement_id" = String, Path, description = "The agreement", format = Uuid)),
    request_body = EndingConsent,
    responses(
        (status = 200, description = "Consented: the agreement with its last day", body = AgreementDetail),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agreement for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No proposal waits, or the agreement has ended", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/agreements/{agreement_id}/ending/consent")]
pub async fn consent(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<EndingConsent>,
) -> Result<HttpResponse, AppError> {
    let reason = body.into_inner().reason.map(|r| r.0);
    decide(state, actor, path, reason, true).await
}

/// Decline the proposed ending, with a reason: the agreement goes on. Both sides are told.
#[utoipa::path(
    operation_id = "declineAgreementEnding",
    tag = "caseworker",
    security(("bearer" = [])),
    params(("agreement_id" = String, Path, description = "The agreement", format = Uuid)),
    request_body = EndingDecline,
    responses(
        (status = 200, description = "Declined: the agreement goes on", body = AgreementDetail),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agreement for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No proposal waits, or the agreement has ended", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/agreements/{agreement_id}/ending/decline")]
pub async fn decline(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<EndingDecline>,
) -> Result<HttpResponse, AppError> {
    let reason = Some(body.into_inner().reason.0);
    decide(state, actor, path, reason, false).await
}

async fn decide(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    reason: Option<String>,
    consents: bool,
) -> Result<HttpResponse, AppError> {
    let work = move |conn: &mut DbConnection, access: &Access, id: &str| {
        work::decide_ending(conn, access, id, consents, reason.as_deref())
    };
    let named = Named::Alone(path.into_inner());
    change(
        &state,
        &actor,
        named,
        ClientWrite::DecideEnding,
        Box::new(work),
    )
    .await
}

/// The city ends the service.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CityEnd {
    /// The last day: today or later, not after the agreement's last day.
    pub last_day: Day,
    /// Why; the client and the provider read it.
    pub explanation: Paragraph<{ EXPLANATION_MAX }>,
}

/// End the service as the city (H §1.7). The client and the provider are told.
#[utoipa::path(
    operation_id = "endAgreement",
    tag = "caseworker",
    security(("bearer" = [])),
    params(("agreement_id" = String, Path, description = "The agreement", format = Uuid)),
    request_body = CityEnd,
    responses(
        (status = 200, description = "Ended on the last day given", body = AgreementDetail),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agreement for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agreement has ended already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day does not fit the agreement", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/agreements/{agreement_id}/end")]
pub async fn end(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<CityEnd>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let (day, why) = (b.last_day.date(), b.explanation.0);
    let work = move |conn: &mut DbConnection, access: &Access, id: &str| {
        work::end_by_city(conn, access, id, day, &why)
    };
    let named = Named::Alone(path.into_inner());
    change(
        &state,
        &actor,
        named,
        ClientWrite::EndAgreement,
        Box::new(work),
    )
    .await
}

/// An interruption of the service (K §4).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Interruption {
    /// The day the service was interrupted: from the start to today.
    pub on: Day,
    /// What happened; the caseworker and the client read it.
    pub explanation: Paragraph<{ EXPLANATION_MAX }>,
}

/// Record that the service was interrupted (K §4): the caseworker and the client are told at
/// once. Send an `Idempotency-Key` so a retried request records it once.
#[utoipa::path(
    operation_id = "recordAgreementInterruption",
    tag = "provider",
    security(("bearer" = [])),
    params(
        ("agreement_id" = String, Path, description = "The agreement", format = Uuid),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = Interruption,
    responses(
        (status = 201, description = "Recorded: the agreement with it in its history", body = AgreementDetail),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agreement with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day does not fit the agreement", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/agreements/{agreement_id}/interruptions")]
pub async fn interrupt(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: Json<Interruption>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let request = b.clone();
    let (day, why) = (b.on.date(), b.explanation.0);
    let record = move |conn: &mut DbConnection, access: &Access, id: &str| {
        work::interrupt(conn, access, id, day, &why)
    };
    let named = Named::Alone(path.into_inner());
    let action = ClientWrite::RecordInterruption;
    created(state, actor, named, key, &request, action, Box::new(record)).await
}

/// A document about the client's service.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    /// What it is: a duty's document meets that duty's next due.
    pub kind: DocumentKind,
    pub title: Line<{ TITLE_MAX }>,
    pub body: Paragraph<{ BODY_MAX }>,
    /// The document's own date: from the start to today.
    pub written_on: Day,
}

/// Record a document about the client's service: an interim or final assessment, a summary, a
/// final report (H §1.7, §2; K §7). The client and the caseworker read it. Send an
/// `Idempotency-Key` so a retried request records it once.
#[utoipa::path(
    operation_id = "recordAgreementDocument",
    tag = "provider",
    security(("bearer" = [])),
    params(
        ("agreement_id" = String, Path, description = "The agreement", format = Uuid),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = DocumentInput,
    responses(
        (status = 201, description = "Recorded: the agreement with its duties after", body = AgreementDetail),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such agreement with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The day does not fit the agreement, or a text is empty or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/agreements/{agreement_id}/documents")]
pub async fn record_document(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: Json<DocumentInput>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let request = b.clone();
    let doc = NewDocument {
        kind: b.kind,
        title: b.title.0,
        body: b.body.0,
        written_on: b.written_on.date(),
    };
    let record = move |conn: &mut DbConnection, access: &Access, id: &str| {
        work::record_document(conn, access, id, doc)?;
        work::reached(conn, access, id)
    };
    let named = Named::Alone(path.into_inner());
    let action = ClientWrite::RecordDocument;
    created(state, actor, named, key, &request, action, Box::new(record)).await
}

/// Records something on the agreement once per idempotency key, and answers 201 with the
/// agreement where it shows.
async fn created<B: Serialize>(
    state: web::Data<AppState>,
    actor: Actor,
    named: Named,
    key: IdempotencyKey,
    request: &B,
    action: ClientWrite,
    record: Box<Work>,
) -> Result<HttpResponse, AppError> {
    let (target, id) = named.target()?;
    let st = state.clone();
    let lang = actor.lang;
    let stored = state
        .door
        .create(
            &actor,
            action,
            target,
            key,
            request,
            move |conn, access, ()| {
                let row = record(conn, access, &id)?;
                let href = Link::agreement(&row.client_id, &row.id).href;
                let detail = render(&st.i18n, lang, load(conn, access, row)?);
                Stored::created(&detail, href)
            },
        )
        .await?;
    Ok(stored.into_response())
}
