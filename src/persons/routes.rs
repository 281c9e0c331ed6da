//! `/api/v1/me`: who I am, what I may do, and my language.

use actix_web::{delete, get, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::MunicipalityAction;
use crate::auth::Actor;
use crate::error::Problem;
use crate::error::{AppError, ErrorCode};
use crate::i18n::Lang;
use crate::input::Json;
use crate::mandates::{repo as mandate_repo, Scope};
use crate::state::AppState;

#[derive(Debug, Serialize, Deserialize, ToSchema, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The person is this client.
    #[serde(rename = "self")]
    Myself,
    /// The person holds a power of attorney from this client.
    Proxy,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActingFor {
    #[schema(format = Uuid)]
    pub client_id: String,
    pub display_name: String,
    pub relation: Relation,
    /// What the person may do for this client: everything for themselves, the mandate's scopes
    /// for a helper.
    pub scopes: Vec<Scope>,
    /// For a helper: the power of attorney and its last day.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub mandate_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<chrono::NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    #[schema(format = Uuid)]
    pub id: String,
    pub display_name: String,
    /// The personal identity code with its last four characters hidden.
    pub personal_id_masked: String,
    /// The language the person chose; used when the app sends no `Accept-Language`.
    pub language: Option<Lang>,
    pub roles: Vec<crate::persons::RoleGrant>,
    /// The clients this person may act for, themselves first.
    pub acting_for: Vec<ActingFor>,
}

/// Who I am: my name, masked identity code, roles, language, and whom I may act for.
#[utoipa::path(
    operation_id = "getMe",
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in person", body = Me),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, actor: Actor) -> Result<HttpResponse, AppError> {
    let roles = actor.roles.clone();
    let (person, client, mandates, names) = state
        .door
        .own(&actor, move |r, own| {
            let (conn, person_id) = (r.conn(), &own.person_id);
            let today = crate::clock::helsinki_date(own.now);
            let person = super::repo::find(conn, person_id)?.ok_or_else(AppError::not_found)?;
            let client = super::repo::find_client(conn, person_id)?;
            let mandates = mandate_repo::in_force_for_proxy(conn, person_id, today)?;
            let ids: Vec<String> = mandates.iter().map(|m| m.client_id.clone()).collect();
            let names = mandate_repo::names(conn, &ids)?;
            Ok((person, client, mandates, names))
        })
        .await?;
    let mut acting_for = Vec::new();
    if client.is_some() {
        acting_for.push(ActingFor {
            client_id: person.id.clone(),
            display_name: person.display_name.clone(),
            relation: Relation::Myself,
            scopes: Scope::ALL.to_vec(),
            mandate_id: None,
            valid_until: None,
        });
    }
    for m in mandates {
        acting_for.push(ActingFor {
            display_name: names.get(&m.client_id).cloned().unwrap_or_default(),
            relation: Relation::Proxy,
            scopes: m.scopes().into_iter().collect(),
            mandate_id: Some(m.id.clone()),
            valid_until: Some(m.valid_until),
            client_id: m.client_id,
        });
    }
    Ok(HttpResponse::Ok().json(Me {
        personal_id_masked: person.personal_id_masked(),
        language: person.language(),
        id: person.id,
        display_name: person.display_name,
        roles,
        acting_for,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageChoice {
    /// `fi`, `sv` or `en`.
    #[schema(pattern = "^\\s*([fF][iI]|[sS][vV]|[eE][nN])\\s*$")]
    pub language: String,
}

/// Choose my language. It is used whenever the app does not send `Accept-Language`.
#[utoipa::path(
    operation_id = "setMyLanguage",
    tag = "me",
    security(("bearer" = [])),
    request_body = LanguageChoice,
    responses(
        (status = 204, description = "Saved"),
        (status = 422, description = "Not a language we have", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/language")]
pub async fn set_language(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<LanguageChoice>,
) -> Result<HttpResponse, AppError> {
    let lang: Lang = body
        .language
        .trim()
        .parse()
        .map_err(|_| AppError::new(ErrorCode::UnsupportedLanguage))?;
    state
        .door
        .own_write(&actor, move |conn, own| {
            super::repo::set_language(conn, &own.person_id, lang)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign out everywhere: ends all of my sign-ins on every device, and their pushes.
#[utoipa::path(
    operation_id = "signOutEverywhere",
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "All sessions ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/sessions")]
pub async fn end_all_sessions(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, AppError> {
    let ended = state
        .door
        .own_write(&actor, move |conn, own| {
            crate::push::repo::unsubscribe_all(conn, &own.person_id)?;
            crate::auth::repo::revoke_all_sessions(conn, &own.person_id, own.now)
        })
        .await?;
    tracing::info!(event = "logout_all", person = %actor.person_id, sessions = ended);
    Ok(HttpResponse::NoContent().finish())
}

/// A caseworker's work phone and e-mail, as their clients read them on a voucher.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkContact {
    /// 5 to 15 digits, with spaces, `+`, `-` or brackets if you like; absent or blank: none.
    #[schema(
        max_length = 30,
        pattern = "^\\s*([ +()-]*([0-9][ +()-]*){5,15})?\\s*$"
    )]
    pub phone: Option<String>,
    /// Absent or blank: none.
    #[schema(
        max_length = 200,
        pattern = "^\\s*([^\\s@\\u0000-\\u001F\\u007F-\\u009F]+@[^\\s@\\u0000-\\u001F\\u007F-\\u009F]*\\.[^\\s@\\u0000-\\u001F\\u007F-\\u009F]*)?\\s*$"
    )]
    pub email: Option<String>,
}

/// Set the work phone and e-mail my clients see on the vouchers I decided. Personal numbers do
/// not belong here: clients may call it.
#[utoipa::path(
    operation_id = "setMyWorkContact",
    tag = "me",
    security(("bearer" = [])),
    request_body = WorkContact,
    responses(
        (status = 200, description = "Saved, as clients will read it", body = WorkContact),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a phone number or e-mail address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/work-contact")]
pub async fn set_work_contact(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<WorkContact>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let contact = WorkContact {
        phone: crate::contact::phone(b.phone.as_deref(), "phone")?,
        email: crate::contact::email(b.email.as_deref(), "email")?,
    };
    let person = actor.person_id.clone();
    let action = MunicipalityAction::SetWorkContact;
    let saved = state
        .door
        .municipality(&actor, action, None, move |conn, _| {
            let (phone, email) = (contact.phone.as_deref(), contact.email.as_deref());
            super::repo::set_work_contact(conn, &person, phone, email)?;
            Ok(contact)
        })
        .await?;
    Ok(HttpResponse::Ok().json(saved))
}
