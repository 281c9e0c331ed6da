//! `GET /providers/{p}`: a provider's public profile, for anyone.

use actix_web::{get, web, HttpRequest, HttpResponse};

use crate::access;
use crate::error::{AppError, Problem};
use crate::providers::repo;
use crate::providers::view::{ProviderProfile, Texts};
use crate::request::request_lang;
use crate::state::AppState;

/// A provider's public profile: who they are, where they work, what each site offers, and which
/// municipalities approved them. No sign-in needed.
#[utoipa::path(
    operation_id = "getProvider",
    tag = "providers",
    params(("provider_id" = String, Path, description = "The provider's id", format = Uuid)),
    responses(
        (status = 200, description = "The provider", body = ProviderProfile),
        (status = 404, description = "No such provider", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers/{provider_id}")]
pub async fn profile(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = access::parse_id(&path)?;
    let lang = request_lang(&req);
    let found = state
        .door
        .public(move |r, _| repo::profile(r.conn(), &id, lang))
        .await?
        .ok_or_else(AppError::not_found)?;
    let texts = Texts {
        i18n: &state.i18n,
        lang,
    };
    Ok(HttpResponse::Ok().json(texts.profile_of(&found)))
}
