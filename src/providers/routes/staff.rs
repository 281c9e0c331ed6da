//! Provider staff keep their organisation's sites and what each offers: `POST /provider/sites`,
//! `PUT /provider/sites/{s}`, `PUT /provider/sites/{s}/services/{code}`.

use actix_web::{post, put, web, HttpResponse};

use crate::access::door::Org;
use crate::access::{self, ProviderAction};
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::error::{AppError, Problem};
use crate::i18n::Lang;
use crate::idempotency::Stored;
use crate::input::Json;
use crate::providers::input::{OfferingInput, SiteChange, SiteInput};
use crate::providers::repo::{self, SiteRow};
use crate::providers::view::{SiteProfile, Texts};
use crate::refs::Link;
use crate::state::AppState;

/// What a site looks like to its staff after a change: the site and what it offers.
fn shown_site(
    conn: &mut DbConnection,
    state: &AppState,
    lang: Lang,
    site: SiteRow,
) -> Result<SiteProfile, AppError> {
    let services = repo::services_by_code(conn)?;
    let (site, offered) = repo::with_offerings(conn, vec![site])?
        .pop()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a site vanished")))?;
    let texts = Texts {
        i18n: &state.i18n,
        lang,
    };
    Ok(texts.site_profile(&site, &offered, &services))
}

/// The organisation of the site `site_id` (none: 404).
fn org_of_site(site_id: &str) -> Org {
    let site_id = site_id.to_string();
    Org::of(move |conn| repo::site_org(conn, &site_id))
}

/// Add a site to the caller's organisation.
#[utoipa::path(
    operation_id = "createSite",
    tag = "provider",
    security(("bearer" = [])),
    request_body = SiteInput,
    responses(
        (status = 201, description = "The site", body = SiteProfile),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The caller does not work for the organisation named", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/sites")]
pub async fn create_site(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<SiteInput>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let org = Org::Named(body.provider_id.clone());
    let lang = actor.lang;
    let st = state.clone();
    let site = state
        .door
        .provider(
            &actor,
            ProviderAction::CreateSite,
            org,
            move |conn, staff| {
                let id = uuid::Uuid::now_v7().to_string();
                let row = crate::providers::work::create_site(conn, staff, &id, body.parse()?)?;
                let at = Link::provider(&staff.provider_id).href;
                Stored::created(&shown_site(conn, &st, lang, row)?, at)
            },
        )
        .await?;
    Ok(site.into_response())
}

/// Change a site of the caller's organisation: its name, address or location.
#[utoipa::path(
    operation_id = "updateSite",
    tag = "provider",
    security(("bearer" = [])),
    params(("site_id" = String, Path, description = "The site's id", format = Uuid)),
    request_body = SiteChange,
    responses(
        (status = 200, description = "The site", body = SiteProfile),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such site in the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/provider/sites/{site_id}")]
pub async fn update_site(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<SiteChange>,
) -> Result<HttpResponse, AppError> {
    let org = org_of_site(&path);
    let site_id = path.into_inner();
    let body = body.into_inner();
    let lang = actor.lang;
    let st = state.clone();
    let site = state
        .door
        .provider(&actor, ProviderAction::EditSite, org, move |conn, staff| {
            let site_id = access::parse_id(&site_id)?;
            let row = crate::providers::work::update_site(conn, staff, &site_id, body.parse()?)?;
            shown_site(conn, &st, lang, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(site))
}

/// Publish or change what a site of the caller's organisation offers for a service: form, work
/// tasks, themes, languages, access, meals, group size, free places and queue, the responsible
/// person and a plain description. Clients see it once a municipality has approved the provider
/// for the service.
#[utoipa::path(
    operation_id = "putOffering",
    tag = "provider",
    security(("bearer" = [])),
    params(
        ("site_id" = String, Path, description = "The site's id", format = Uuid),
        ("service_code" = String, Path, description = "The service code, e.g. `rwa_basic`"),
    ),
    request_body = OfferingInput,
    responses(
        (status = 200, description = "The site with what it offers", body = SiteProfile),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such site in the caller's organisation, or no such service", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or a rulebook's limit is broken", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/provider/sites/{site_id}/services/{service_code}")]
pub async fn put_offering(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    body: Json<OfferingInput>,
) -> Result<HttpResponse, AppError> {
    let (site_id, service) = path.into_inner();
    let org = org_of_site(&site_id);
    let body = body.into_inner();
    let lang = actor.lang;
    let st = state.clone();
    let site = state
        .door
        .provider(
            &actor,
            ProviderAction::PublishOffering,
            org,
            move |conn, staff| {
                let site_id = access::parse_id(&site_id)?;
                let offering = body.parse()?;
                let site = crate::providers::work::put_offering(
                    conn, staff, &site_id, &service, &offering,
                )?;
                shown_site(conn, &st, lang, site)
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(site))
}
