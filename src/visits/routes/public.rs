//! `GET /providers/{p}/intro-slots`: the intro-visit slots a provider still has room in, for
//! anyone choosing a provider.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::texts;
use crate::access;
use crate::error::{AppError, Problem};
use crate::request::request_lang;
use crate::state::AppState;
use crate::visits::repo;
use crate::visits::view::Slot;

/// The most slots one answer lists: the next few weeks of a busy provider.
const MAX_SLOTS: i64 = 50;

/// A provider's coming intro-visit slots with free places, soonest first. Book one with
/// `POST /clients/{c}/intro-visits`. No sign-in needed: slots say nothing about anyone.
#[utoipa::path(
    operation_id = "listOpenIntroSlots",
    tag = "providers",
    params(("provider_id" = String, Path, description = "The provider's id", format = Uuid)),
    responses(
        (status = 200, description = "The slots", body = [Slot]),
        (status = 404, description = "No such provider", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers/{provider_id}/intro-slots")]
pub async fn slots(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = access::parse_id(&path)?;
    let lang = request_lang(&req);
    let (rows, places) = state
        .door
        .public(move |r, now| {
            let conn = r.conn();
            crate::providers::repo::find(conn, &id)?.ok_or_else(AppError::not_found)?;
            let rows = repo::open_slots(conn, &id, now.naive_utc(), MAX_SLOTS)?;
            let sites: Vec<String> = rows.iter().map(|s| s.site_id.clone()).collect();
            Ok((rows, crate::providers::repo::places(conn, &sites)?))
        })
        .await?;
    let texts = texts(&state, lang);
    let items: Vec<Slot> = rows
        .iter()
        .filter_map(|s| places.get(&s.site_id).map(|p| texts.slot(s, p)))
        .collect();
    Ok(HttpResponse::Ok().json(items))
}
