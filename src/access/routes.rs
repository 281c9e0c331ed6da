//! `GET /api/v1/clients/{client_id}/access-log`: who read or changed this client's data.

use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ActingAs, Action};
use crate::auth::Actor;
use crate::db::schema::persons;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::error::Problem;
use crate::pagination::PageQuery;
use crate::state::AppState;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

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

/// One page of a client's log, newest first, with each actor's name: the rows of changes
/// (`access_log`) and of reads (`read_log`, and on SQLite those of the last second still in
/// `read_log_recent`) in one statement, so that all are read in one snapshot (two statements
/// could miss a row committed or moved between them, and the cursor would then pass it for
/// good). The first two stop at `?3` rows by their `(client_id, id)` index; the third is small
/// and read whole.
/// Made once per backend from one branch per table: SQLite reads `?1` as the first parameter,
/// PostgreSQL `$1`.
static LOG_PAGE: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
    let sqlite = ["access_log", "read_log", "read_log_recent"]
        .map(|table| {
            format!(
                "SELECT * FROM (
                    SELECT l.id, l.created_at, l.actor_id, p.display_name, l.acting_as,
                           l.action, l.resource, l.request_id
                    FROM {table} l JOIN persons p ON p.id = l.actor_id
                    WHERE l.client_id = ?1 AND (?2 IS NULL OR l.id < ?2)
                    ORDER BY l.id DESC LIMIT ?3
                ) AS {table}_page"
            )
        })
        .join(" UNION ALL ")
        + " ORDER BY id DESC LIMIT ?3";
    let postgres = sqlite.replace('?', "$");
    [sqlite, postgres]
});

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Timestamp)]
    created_at: chrono::NaiveDateTime,
    #[diesel(sql_type = Text)]
    actor_id: String,
    #[diesel(sql_type = Text)]
    display_name: String,
    #[diesel(sql_type = Text)]
    acting_as: String,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Text)]
    resource: String,
    #[diesel(sql_type = Text)]
    request_id: String,
}

fn log_page(
    conn: &mut DbConnection,
    client_id: &str,
    after: Option<String>,
    fetch: i64,
) -> QueryResult<Vec<Row>> {
    let [sqlite, postgres] = &*LOG_PAGE;
    let sql = match conn {
        DbConnection::Sqlite(_) => sqlite,
        DbConnection::Postgres(_) => postgres,
    };
    diesel::sql_query(sql.as_str())
        .bind::<Text, _>(client_id)
        .bind::<Nullable<Text>, _>(after)
        .bind::<BigInt, _>(fetch)
        .load(conn)
}

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
            let rows = log_page(conn, access.client_id(), after, fetch)?;
            let client_name: String = persons::table
                .find(access.client_id())
                .select(persons::display_name)
                .first(conn)?;
            Ok((rows, access.client_id().to_string(), client_name))
        })
        .await?;
    let (rows, next_after) = page.finish(rows, |r| &r.id);
    let items: Vec<AccessLogEntry> = rows
        .into_iter()
        .map(
            |Row {
                 id,
                 created_at: at,
                 actor_id,
                 display_name: name,
                 acting_as,
                 action,
                 resource,
                 request_id,
             }| {
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
