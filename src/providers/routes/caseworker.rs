//! A caseworker's work on providers: register an organisation (`POST /caseworker/providers`) and
//! decide a municipality's approval of it for a service (`POST /caseworker/approvals`).

use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::MunicipalityAction;
use crate::auth::Actor;
use crate::contact::{email, phone, website};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode, Problem};
use crate::i18n::Lang;
use crate::idempotency::Stored;
use crate::input::{Json, Line, Paragraph};
use crate::providers::business_id::{BusinessId, BusinessIdError};
use crate::providers::input::{text_error, TranslatedInput};
use crate::providers::repo::{self, ApprovalRow, ProviderRow};
use crate::providers::short_text;
use crate::providers::view::{Approval, ProviderProfile, Texts};
use crate::providers::work::Decision;
use crate::providers::MAX_REASON_CHARS;
use crate::refs::Link;
use crate::refs::ProviderRef;
use crate::rulebooks;
use crate::state::AppState;
use crate::vocab::{vocabulary, ApprovalStatus, LegalForm};
use crate::vouchers::view::lower_first;

/// A provider organisation to register.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterProvider {
    pub name: Line<200>,
    /// Y-tunnus, `NNNNNNN-C`, checked by its check digit.
    #[schema(pattern = "^\\s*[0-9]{7}-[0-9]\\s*$")]
    pub business_id: String,
    pub legal_form: LegalForm,
    /// 5 to 15 digits, with spaces, `+`, `-` or brackets if you like.
    #[schema(
        max_length = 30,
        pattern = "^\\s*([ +()-]*([0-9][ +()-]*){5,15})?\\s*$"
    )]
    pub phone: Option<String>,
    #[schema(
        max_length = 200,
        pattern = "^\\s*([^\\s@\\u0000-\\u001F\\u007F-\\u009F]+@[^\\s@\\u0000-\\u001F\\u007F-\\u009F]*\\.[^\\s@\\u0000-\\u001F\\u007F-\\u009F]*)?\\s*$"
    )]
    pub email: Option<String>,
    /// `https://…`
    #[schema(
        max_length = 300,
        pattern = "^\\s*([hH][tT][tT][pP][sS]?://([A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*(:[0-9]{1,4})?([/?#][!-~]*)?)?\\s*$"
    )]
    pub website: Option<String>,
    /// A few plain sentences about the organisation.
    pub description: Option<TranslatedInput>,
}

/// Register a provider organisation, so its staff can publish sites and a municipality can
/// approve it.
#[utoipa::path(
    operation_id = "registerProvider",
    tag = "caseworker",
    security(("bearer" = [])),
    request_body = RegisterProvider,
    responses(
        (status = 201, description = "The provider, as registered", body = ProviderProfile),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A provider with this business id exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/providers")]
pub async fn register(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<RegisterProvider>,
) -> Result<HttpResponse, AppError> {
    state
        .door
        .caseworker_area(&actor, MunicipalityAction::RegisterProvider, None)?;
    let b = body.into_inner();
    let business_id = BusinessId::parse(&b.business_id).map_err(|e| match e {
        BusinessIdError::Format => AppError::new(ErrorCode::BusinessIdFormat),
        BusinessIdError::Checksum => AppError::new(ErrorCode::BusinessIdChecksum),
    })?;
    let description = b
        .description
        .as_ref()
        .map(TranslatedInput::parse)
        .transpose()?
        .unwrap_or_default();
    let row = ProviderRow {
        id: uuid::Uuid::now_v7().to_string(),
        name: short_text(&b.name, 200).map_err(text_error("name"))?,
        created_at: chrono::NaiveDateTime::default(),
        business_id: Some(business_id.as_str().to_string()),
        legal_form: b.legal_form.as_str().to_string(),
        phone: phone(b.phone.as_deref(), "phone")?,
        email: email(b.email.as_deref(), "email")?,
        website: website(b.website.as_deref())?,
        description_fi: description.fi,
        description_sv: description.sv,
        description_en: description.en,
    };
    let lang = actor.lang;
    let registered = state
        .door
        .municipality(
            &actor,
            MunicipalityAction::RegisterProvider,
            None,
            move |conn, area| {
                let row = crate::providers::work::register(conn, area, row)?;
                repo::profile(conn, &row.id, lang)?.ok_or_else(AppError::not_found)
            },
        )
        .await?;
    let texts = Texts {
        i18n: &state.i18n,
        lang,
    };
    let at = Link::provider(&registered.provider.id).href;
    Ok(Stored::created(&texts.profile_of(&registered), at)?.into_response())
}

/// The refusal of an approval the rulebook's legal forms do not allow: it names the forms that
/// are, in the reader's language.
fn form_not_allowed(
    state: &AppState,
    lang: Lang,
    terms: &rulebooks::Terms,
    form: &str,
) -> AppError {
    let label = |f: LegalForm| lower_first(&state.i18n.text(lang, &f.label_id(), &Vec::new()));
    let allowed: Vec<String> = terms
        .allowed_legal_forms()
        .unwrap_or_default()
        .into_iter()
        .filter_map(LegalForm::parse)
        .map(label)
        .collect();
    AppError::new(ErrorCode::ProviderLegalFormNotAllowed)
        .arg("service", lower_first(terms.service.name(lang)))
        .arg(
            "form",
            label(LegalForm::parse(form).unwrap_or(LegalForm::Other)),
        )
        .arg("allowed", allowed.join(", "))
}

crate::one_of!(
    /// A municipality's decision on a provider for one service, named by `status`: approved,
    /// or suspended or withdrawn for a reason.
    DecideApproval by "status" {
        Approve(ApproveProvider) = "approved",
        Suspend(SuspendProvider) = "suspended",
        Withdraw(WithdrawProvider) = "withdrawn",
    }
);

vocabulary!(
    /// Approve the provider.
    ApprovedStatus, "approval" { Approved = "approved" }
);
vocabulary!(
    /// Suspend the approval for a while.
    SuspendedStatus, "approval" { Suspended = "suspended" }
);
vocabulary!(
    /// Withdraw the approval.
    WithdrawnStatus, "approval" { Withdrawn = "withdrawn" }
);

/// Approve a provider for a service in the caseworker's municipality.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveProvider {
    pub status: ApprovedStatus,
    #[schema(format = Uuid)]
    pub provider_id: String,
    /// The service code, e.g. `rwa_basic`.
    #[schema(pattern = "^[a-z0-9_]{1,64}$")]
    pub service: String,
    /// Why, if there is something to say.
    pub reason: Option<Paragraph<{ MAX_REASON_CHARS }>>,
    /// The caseworker's municipality; needed only when they work for several.
    pub municipality: Option<String>,
}

/// Suspend a provider's approval for a service, for a reason the provider reads.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuspendProvider {
    pub status: SuspendedStatus,
    #[schema(format = Uuid)]
    pub provider_id: String,
    #[schema(pattern = "^[a-z0-9_]{1,64}$")]
    pub service: String,
    pub reason: Paragraph<{ MAX_REASON_CHARS }>,
    pub municipality: Option<String>,
}

/// Withdraw a provider's approval for a service, for a reason the provider reads.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawProvider {
    pub status: WithdrawnStatus,
    #[schema(format = Uuid)]
    pub provider_id: String,
    #[schema(pattern = "^[a-z0-9_]{1,64}$")]
    pub service: String,
    pub reason: Paragraph<{ MAX_REASON_CHARS }>,
    pub municipality: Option<String>,
}

impl DecideApproval {
    /// The decision, and the municipality it names.
    fn parts(self) -> (Decision, Option<String>) {
        let (status, provider_id, service, reason, municipality) = match self {
            DecideApproval::Approve(a) => (
                ApprovalStatus::Approved,
                a.provider_id,
                a.service,
                a.reason,
                a.municipality,
            ),
            DecideApproval::Suspend(a) => (
                ApprovalStatus::Suspended,
                a.provider_id,
                a.service,
                Some(a.reason),
                a.municipality,
            ),
            DecideApproval::Withdraw(a) => (
                ApprovalStatus::Withdrawn,
                a.provider_id,
                a.service,
                Some(a.reason),
                a.municipality,
            ),
        };
        let decision = Decision {
            provider_id,
            service,
            status,
            reason: reason.map(|r| r.0),
        };
        (decision, municipality)
    }
}

/// A decision as the caseworker reads it, with the provider, municipality and service named.
fn decision_of(
    conn: &mut DbConnection,
    state: &AppState,
    lang: Lang,
    row: ApprovalRow,
) -> Result<Approval, AppError> {
    let provider = repo::find(conn, &row.provider_id)?.ok_or_else(AppError::not_found)?;
    let names = rulebooks::repo::municipality_name(conn, &row.municipality_code)?;
    let municipality = rulebooks::view::municipality_ref(&row.municipality_code, &names, lang);
    let service = rulebooks::repo::services(conn)?
        .into_iter()
        .find(|s| s.code == row.service_code)
        .ok_or_else(AppError::not_found)?
        .named(lang);
    let provider = ProviderRef {
        id: provider.id,
        name: provider.name,
    };
    let texts = Texts {
        i18n: &state.i18n,
        lang,
    };
    Ok(texts.decision(row, provider, municipality, service))
}

/// Approve, suspend or withdraw a provider for a service in the caseworker's municipality. A
/// provider whose legal form the rulebook does not list cannot be approved.
#[utoipa::path(
    operation_id = "decideApproval",
    tag = "caseworker",
    security(("bearer" = [])),
    request_body = DecideApproval,
    responses(
        (status = 200, description = "The decision, as changed", body = Approval),
        (status = 201, description = "The first decision on this provider and service", body = Approval),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or not the caseworker's municipality", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "There is no approval to suspend or withdraw", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The rulebook does not allow the provider's legal form, or a reason is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/approvals")]
pub async fn decide_approval(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<DecideApproval>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let lang = actor.lang;
    let (decision, named) = b.parts();
    let st = state.clone();
    let (approval, created) = state
        .door
        .municipality(
            &actor,
            MunicipalityAction::DecideApproval,
            named.as_deref(),
            move |conn, area| {
                let refusal =
                    |terms: &rulebooks::Terms, form: &str| form_not_allowed(&st, lang, terms, form);
                let (row, created) =
                    crate::providers::work::decide_approval(conn, area, decision, refusal)?;
                Ok((decision_of(conn, &st, lang, row)?, created))
            },
        )
        .await?;
    Ok(if created {
        let at = Link::provider(&approval.provider.id).href;
        Stored::created(&approval, at)?.into_response()
    } else {
        HttpResponse::Ok().json(approval)
    })
}
