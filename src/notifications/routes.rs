//! `GET /me/notifications` and `POST /me/notifications/read`: a person's own inbox.

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::repo;
use super::view::{render, NotificationPage};
use crate::auth::Actor;
use crate::error::{AppError, ErrorCode, Problem};
use crate::input::Json;
use crate::pagination::PageQuery;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InboxQuery {
    /// The `next_after` of the previous page.
    #[param(format = Uuid)]
    pub after: Option<String>,
    /// Notifications per page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<i64>,
    /// `true`: only the unread ones.
    pub unread: Option<bool>,
}

/// My notifications, newest first, written in my language.
#[utoipa::path(
    operation_id = "listNotifications",
    tag = "me",
    security(("bearer" = [])),
    params(InboxQuery),
    responses(
        (status = 200, description = "A page of notifications", body = NotificationPage),
        (status = 400, description = "The page asked for is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/notifications")]
pub async fn inbox(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<InboxQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let page = PageQuery {
        after: q.after,
        limit: q.limit,
    }
    .page()?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let unread_only = q.unread.unwrap_or(false);
    let (rows, unread) = state
        .door
        .own(&actor, move |r, own| {
            let person = &own.person_id;
            let rows = repo::page(r.conn(), person, unread_only, after.as_deref(), fetch)?;
            Ok((rows, repo::unread(r.conn(), person)?))
        })
        .await?;
    let (rows, next_after) = page.finish(rows, |r| &r.id);
    let items = rows
        .into_iter()
        .filter_map(|r| render(&state.i18n, actor.lang, r))
        .collect();
    Ok(HttpResponse::Ok().json(NotificationPage {
        items,
        unread,
        next_after,
    }))
}

/// Which notifications to mark read: those named, and every one up to and including an id. A
/// body that names none marks none.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// Notifications by id; an id of no notification of mine marks nothing.
    #[serde(default)]
    #[schema(max_items = 100)]
    pub ids: Vec<String>,
    /// Every notification up to and including this id (the newest you have shown).
    #[schema(format = Uuid)]
    pub up_to: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Unread {
    /// Unread notifications left.
    pub unread: i64,
}

/// Mark my notifications read.
#[utoipa::path(
    operation_id = "markNotificationsRead",
    tag = "me",
    security(("bearer" = [])),
    request_body = MarkRead,
    responses(
        (status = 200, description = "How many are still unread", body = Unread),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 400, description = "More than 100 ids, or an `up_to` that is not an id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/notifications/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<MarkRead>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    if b.ids.len() > 100 {
        return Err(AppError::new(ErrorCode::InvalidValue).arg("field", "ids"));
    }
    // Anything that is not an id names nothing of mine: it marks nothing.
    let parse = |s: &str| crate::access::parse_id(s).ok();
    let ids: Vec<String> = b.ids.iter().filter_map(|s| parse(s)).collect();
    let up_to = match &b.up_to {
        Some(s) => Some(parse(s).ok_or_else(|| AppError::new(ErrorCode::InvalidCursor))?),
        None => None,
    };
    let unread = state
        .door
        .own_write(&actor, move |conn, own| {
            repo::mark_read(conn, &own.person_id, &ids, up_to.as_deref(), own.now)?;
            repo::unread(conn, &own.person_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Unread { unread }))
}
