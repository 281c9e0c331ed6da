//! A caseworker's work on providers: register an organisation (`POST /caseworker/providers`) and
//! decide a municipality's approval of it for a service (`POST /caseworker/approvals`).

use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use super::business_id::{BusinessId, BusinessIdError};
use super::input::{email, phone, text_error, website, TranslatedInput};
use super::repo::{self, ApprovalRow, ProviderRow};
use super::short_text;
use super::view::{Approval, ProviderProfile, Texts};
use super::{approval_dates, approval_reason};
use crate::access::{self, MunicipalityAction};
use crate::auth::Actor;
use crate::clock::helsinki_date;
use crate::error::{AppError, ErrorCode, Problem};
use crate::i18n::Lang;
use crate::rulebooks;
use crate::state::AppState;
use crate::vocab::{ApprovalStatus, LegalForm};
use crate::vouchers::view::lower_first;

/// A provider organisation to register.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterProvider {
    pub name: String,
    /// Y-tunnus, `NNNNNNN-C`, checked by its check digit.
    pub business_id: String,
    pub legal_form: LegalForm,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// `https://…`
    pub website: Option<String>,
    /// A few plain sentences about the organisation.
    pub description: Option<TranslatedInput>,
}

/// Register a provider organisation, so its staff can publish sites and a municipality can
/// approve it.
#[utoipa::path(
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
    body: web::Json<RegisterProvider>,
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
    let mut row = ProviderRow {
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
                row.created_at = area.now.naive_utc();
                if repo::business_id_taken(conn, business_id.as_str())? {
                    return Err(AppError::new(ErrorCode::ProviderBusinessIdTaken));
                }
                repo::insert(conn, &row)?;
                repo::profile(conn, &row.id, lang)?.ok_or_else(AppError::not_found)
            },
        )
        .await?;
    let texts = Texts {
        i18n: &state.i18n,
        lang,
    };
    Ok(HttpResponse::Created().json(texts.profile_of(&registered)))
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

/// A municipality's decision on a provider for one service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideApproval {
    pub provider_id: String,
    /// The service code, e.g. `rwa_basic`.
    pub service: String,
    pub status: ApprovalStatus,
    /// Needed to suspend or withdraw.
    pub reason: Option<String>,
    /// The caseworker's municipality; needed only when they work for several.
    pub municipality: Option<String>,
}

/// Approve, suspend or withdraw a provider for a service in the caseworker's municipality. A
/// provider whose legal form the rulebook does not list cannot be approved.
#[utoipa::path(
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
    body: web::Json<DecideApproval>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let lang = actor.lang;
    let caseworker = actor.person_id.clone();
    let named = b.municipality.clone();
    let st = state.clone();
    let (row, created) = state
        .door
        .municipality(
            &actor,
            MunicipalityAction::DecideApproval,
            named.as_deref(),
            move |conn, area| {
                let (now, today) = (area.now, helsinki_date(area.now));
                let municipality = area.municipality.clone().ok_or_else(|| {
                    AppError::new(ErrorCode::MissingField).arg("field", "municipality")
                })?;
                let provider_id = access::parse_id(&b.provider_id)?;
                let reason = approval_reason(b.status, b.reason.as_deref())?;
                let provider = repo::find(conn, &provider_id)?.ok_or_else(AppError::not_found)?;
                let terms = rulebooks::repo::in_force(conn, &municipality, &b.service, today)?
                    .ok_or_else(|| AppError::new(ErrorCode::ProviderServiceNotOffered))?;
                if b.status == ApprovalStatus::Approved
                    && !terms.allows_legal_form(&provider.legal_form)
                {
                    return Err(form_not_allowed(&st, lang, &terms, &provider.legal_form));
                }
                let existing = repo::find_approval(conn, &provider_id, &municipality, &b.service)?;
                let (approved_on, status_since) =
                    approval_dates(existing.as_ref(), b.status, today)?;
                let row = ApprovalRow {
                    provider_id,
                    municipality_code: municipality,
                    service_code: terms.rulebook.service_code.clone(),
                    status: b.status.as_str().to_string(),
                    approved_on,
                    status_since,
                    reason,
                    changed_by: caseworker,
                    updated_at: now.naive_utc(),
                };
                repo::put_approval(conn, &row)?;
                Ok((row, existing.is_none()))
            },
        )
        .await?;
    let approval = Approval::from(row);
    Ok(if created {
        HttpResponse::Created().json(approval)
    } else {
        HttpResponse::Ok().json(approval)
    })
}
