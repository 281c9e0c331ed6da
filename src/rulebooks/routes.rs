//! `GET /api/v1/municipalities/{code}/rulebooks`: the rules in force today, for every service of
//! a municipality. Public: the rulebooks are public documents, and a caseworker's screen or a
//! provider's needs the same numbers the server enforces.

use actix_web::{get, web, HttpResponse};

use super::repo;
use super::view::{view, RulebookView};
use crate::clock::helsinki_date;
use crate::error::{AppError, Problem};
use crate::request::request_lang;
use crate::state::AppState;

/// The rules in force today for each service of a municipality, with every number the server
/// enforces.
#[utoipa::path(
    operation_id = "listRulebooks",
    tag = "rulebooks",
    params(("municipality" = String, Path, description = "The municipality's code, e.g. `kuopio`")),
    responses(
        (status = 200, description = "One rulebook per service, by service code", body = [RulebookView]),
        (status = 404, description = "No such municipality", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/municipalities/{municipality}/rulebooks")]
pub async fn in_force_list(
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let lang = request_lang(&req);
    let code = path.into_inner();
    let terms = state
        .door
        .public(move |r, now| {
            let conn = r.conn();
            if !repo::municipality_exists(conn, &code)? {
                return Err(AppError::not_found());
            }
            repo::all_in_force(conn, &code, helsinki_date(now))
        })
        .await?;
    let views: Vec<RulebookView> = terms.into_iter().map(|t| view(t, lang)).collect();
    Ok(HttpResponse::Ok().json(views))
}
