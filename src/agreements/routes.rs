//! `GET /clients/{c}/agreements`: the client's agreements with providers.

use actix_web::{get, web, HttpResponse};

use super::repo;
use super::view::{agreement, AgreementPage};
use crate::access::{ActingAs, ClientRead};
use crate::auth::Caller;
use crate::error::{AppError, Problem};
use crate::pagination::PageQuery;
use crate::state::AppState;

/// The client's agreements with providers, newest first: where, when, how often, and the
/// goals. Staff of a provider see only their own organisation's.
#[utoipa::path(
    operation_id = "listAgreements",
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"), PageQuery),
    responses(
        (status = 200, description = "A page of agreements", body = AgreementPage),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/agreements")]
pub async fn agreements(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page()?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let (actor, (rows, places, name)) = state
        .door
        .read(
            caller,
            ClientRead::ViewAgreements,
            &path,
            move |r, access| {
                let rows = repo::of_client(r.conn(), &access.rows, after.as_deref(), fetch)?;
                let sites: Vec<String> = rows.iter().map(|a| a.site_id.clone()).collect();
                let places = crate::providers::repo::places(r.conn(), &sites)?;
                let name = match access.acting_as {
                    ActingAs::Myself => None,
                    _ => Some(crate::persons::repo::name(r, access.client_id())?),
                };
                Ok((rows, places, name))
            },
        )
        .await?;
    let (rows, next_after) = page.finish(rows, |a| &a.id);
    let items = rows
        .iter()
        .filter_map(|a| {
            let place = places.get(&a.site_id)?;
            Some(agreement(
                &state.i18n,
                actor.lang,
                a,
                place,
                name.as_deref(),
            ))
        })
        .collect();
    Ok(HttpResponse::Ok().json(AgreementPage { items, next_after }))
}
