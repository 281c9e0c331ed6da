//! `GET /caseworker/inbox`: what the caseworker must hear of, as one list with a filter.

use actix_web::{get, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::access::{ClientRead, MunicipalityAction};
use crate::auth::Actor;
use crate::error::{AppError, Problem};
use crate::inbox::{self, InboxKind, InboxPage};
use crate::pagination::checked;
use crate::state::AppState;

/// `?kind=&after=&limit=` of the inbox.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InboxQuery {
    /// Only rows of this kind.
    pub kind: Option<InboxKind>,
    /// The `next_after` of the previous page.
    #[param(format = Uuid)]
    pub after: Option<String>,
    /// Rows per page.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<i64>,
}

/// My inbox: the provider's duties due within a week or overdue, proposed endings waiting for my
/// consent, interruptions, refusals with their reason, and queue places, of the last 30 days.
/// Each row says what to do next. The late clocks are at `/caseworker/deadlines`. Each client
/// listed is logged as read.
#[utoipa::path(
    operation_id = "listInbox",
    tag = "caseworker",
    security(("bearer" = [])),
    params(InboxQuery),
    responses(
        (status = 200, description = "A page of the inbox", body = InboxPage),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/caseworker/inbox")]
pub async fn list_inbox(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<InboxQuery>,
) -> Result<HttpResponse, AppError> {
    let area = state
        .door
        .caseworker_area(&actor, MunicipalityAction::ListInbox, None)?;
    let page = checked(query.after.as_deref(), query.limit, 50, 200)?;
    let only = query.kind;
    let lang = actor.lang;
    let st = state.clone();
    let (items, next_after) = state
        .door
        .read_list(&actor, ClientRead::ViewInbox, move |r, now| {
            inbox::page(r, &st.i18n, lang, &area, only, &page, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(InboxPage { items, next_after }))
}
