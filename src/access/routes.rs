//! `GET /api/v1/clients/{client_id}/access-log`: who read or changed this client's data.

use actix_web::{get, web, HttpResponse};

use super::door::Target;
use super::repo;
use super::view::{AccessLogPage, Texts};
use super::ClientWrite;
use crate::auth::Actor;
use crate::error::{AppError, Problem};
use crate::pagination::LongPageQuery;
use crate::persons;
use crate::state::AppState;

/// Who has read or changed my data, newest first. Every read and write is here, and nobody can
/// change this log. A client sees their own; a caseworker sees their clients'.
#[utoipa::path(
    operation_id = "listAccessLog",
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"), LongPageQuery),
    responses(
        (status = 200, description = "A page of the access log", body = AccessLogPage),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/access-log")]
pub async fn access_log_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    query: web::Query<LongPageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page()?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let (rows, client_id, client_name) = state
        .door
        .write(
            &actor,
            ClientWrite::ViewAccessLog,
            Target::path(&path),
            move |conn, access, ()| {
                let rows = repo::page(conn, access.client_id(), after, fetch)?;
                let name = persons::repo::display_name(conn, access.client_id())?;
                Ok((rows, access.client_id().to_string(), name))
            },
        )
        .await?;
    let (rows, next_after) = page.finish(rows, |r| &r.id);
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        client_id: &client_id,
        client_name: &client_name,
    };
    let items = rows.into_iter().map(|r| texts.entry(r)).collect();
    Ok(HttpResponse::Ok().json(AccessLogPage { items, next_after }))
}
