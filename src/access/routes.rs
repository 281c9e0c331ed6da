//! `GET /api/v1/clients/{client_id}/access-log`: who read or changed this client's data.

use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ActingAs, Action};
use crate::app::{AppState, Problem};
use crate::auth::Actor;
use crate::db::schema::{access_log, persons, read_log};
use crate::error::AppError;
use crate::pagination::PageQuery;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActorRef {
    pub id: String,
    pub display_name: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccessLogEntry {
    pub id: String,
    /// When, in UTC.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who did it.
    pub actor: ActorRef,
    /// In which capacity.
    pub acting_as: ActingAs,
    /// The action's stable code, e.g. `client.view`.
    pub action: String,
    /// The action's name in the reader's language.
    pub action_name: String,
    /// One plain sentence: who did what.
    pub description: String,
    /// The address that was used.
    pub resource: String,
    pub request_id: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccessLogPage {
    /// Newest first.
    pub items: Vec<AccessLogEntry>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<String>,
}

/// One page of one log table for a client, newest first, with each actor's name.
macro_rules! log_page {
    ($table:ident, $conn:expr, $client:expr, $after:expr, $fetch:expr) => {{
        let mut q = $table::table
            .inner_join(persons::table.on(persons::id.eq($table::actor_id)))
            .filter($table::client_id.eq($client))
            .into_boxed();
        if let Some(after) = $after {
            q = q.filter($table::id.lt(after));
        }
        q.order($table::id.desc())
            .limit($fetch)
            .select((
                $table::id,
                $table::created_at,
                $table::actor_id,
                persons::display_name,
                $table::acting_as,
                $table::action,
                $table::resource,
                $table::request_id,
            ))
            .load::<Row>($conn)
    }};
}

type Row = (
    String,
    chrono::NaiveDateTime,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// Who has read or changed my data, newest first. Every read and write is here, and nobody can
/// change this log. A client sees their own; a caseworker sees their clients'.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`"), PageQuery),
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
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page(50, 200)?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let lang = actor.lang;
    let (rows, reader_id, client_name) = state
        .for_client(&actor, &path, Action::ViewAccessLog, move |conn, access| {
            // Changes are in `access_log`, reads in `read_log`; each gives its newest page
            // and the two are merged. Ids are UUIDv7, so they sort by time.
            let client_id = access.client_id();
            let mut rows = log_page!(access_log, conn, client_id, &after, fetch)?;
            rows.extend(log_page!(read_log, conn, client_id, &after, fetch)?);
            rows.sort_unstable_by(|a, b| b.0.cmp(&a.0));
            rows.truncate(fetch as usize);
            let client_name: String = persons::table
                .find(access.client_id())
                .select(persons::display_name)
                .first(conn)?;
            Ok((rows, access.client_id().to_string(), client_name))
        })
        .await?;
    let (rows, next_after) = page.finish(rows, |r| &r.0);
    let items: Vec<AccessLogEntry> = rows
        .into_iter()
        .map(
            |(id, at, actor_id, name, acting_as, action, resource, request_id)| {
                let acting = ActingAs::parse(&acting_as).unwrap_or(ActingAs::Myself);
                let message = Action::message_id(&action);
                let who = if actor_id == reader_id && acting == ActingAs::Myself {
                    "self"
                } else {
                    "other"
                };
                let actor_text = state.i18n.text(
                    lang,
                    "actor-with-role",
                    &vec![
                        ("name", name.clone().into()),
                        ("acting_as", acting_as.clone().into()),
                        ("client", client_name.clone().into()),
                    ],
                );
                let description = state
                    .i18n
                    .attr(
                        lang,
                        &message,
                        "sentence",
                        &vec![
                            ("who", who.into()),
                            ("actor", actor_text.into()),
                            ("name", name.clone().into()),
                        ],
                    )
                    .unwrap_or_else(|| action.clone());
                AccessLogEntry {
                    at: at.and_utc(),
                    actor: ActorRef {
                        id: actor_id,
                        display_name: name,
                    },
                    acting_as: acting,
                    action_name: state.i18n.text(lang, &message, &vec![]),
                    action,
                    description,
                    resource,
                    request_id,
                    id,
                }
            },
        )
        .collect();
    Ok(HttpResponse::Ok().json(AccessLogPage { items, next_after }))
}
