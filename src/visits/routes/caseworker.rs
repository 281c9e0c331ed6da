//! `GET /caseworker/deadlines`: the caseworker's clients whose intro visit or start is late
//! (H §1.4, K §4), with the provider's reason where one refused.

use actix_web::{get, web, HttpResponse};

use crate::access::{ClientRead, MunicipalityAction};
use crate::auth::Actor;
use crate::error::{AppError, Problem};
use crate::pagination::LongPageQuery;
use crate::state::AppState;
use crate::visits::late;
use crate::visits::view::LatePage;

/// My clients whose intro visit has not been booked, or whose service has not started, by the
/// rulebook's deadline. Each client listed is logged as read.
#[utoipa::path(
    operation_id = "listDeadlines",
    tag = "caseworker",
    security(("bearer" = [])),
    params(LongPageQuery),
    responses(
        (status = 200, description = "A page of late clocks", body = LatePage),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/caseworker/deadlines")]
pub async fn deadlines(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<LongPageQuery>,
) -> Result<HttpResponse, AppError> {
    let area = state
        .door
        .caseworker_area(&actor, MunicipalityAction::ListDeadlines, None)?;
    let page = query.page()?;
    let listing = page.clone();
    let lang = actor.lang;
    let st = state.clone();
    let (items, next_after) = state
        .door
        .read_list(&actor, ClientRead::ViewDeadlines, move |r, now| {
            late::page(r, &st.i18n, lang, &area, &listing, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(LatePage { items, next_after }))
}
