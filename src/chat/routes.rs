//! `GET /threads`, `POST /threads`, `GET /threads/{t}/messages?before=`,
//! `POST /threads/{t}/messages` and `POST /threads/{t}/read`: chat for each of its people.

use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::repo::{self, Candidates, ThreadRow};
use super::view::{MessagePage, MessageView, ThreadPage, ThreadView};
use super::work::{self, Reader};
use super::{message_text, Side, With};
use crate::access::door::{Listed, Target};
use crate::access::{self, ClientRead, ClientWrite};
use crate::auth::{Actor, Caller};
use crate::clock::helsinki_date;
use crate::error::{AppError, ErrorCode, Problem};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::input::Json;
use crate::pagination::{checked, Page};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ThreadsQuery {
    /// Only the threads of this client (`me`, or an id).
    #[param(
        pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
    )]
    pub client_id: Option<String>,
    /// The `next_after` of the previous page.
    #[param(format = Uuid)]
    pub after: Option<String>,
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<i64>,
}

/// My threads, the most recently active first: as a client, as a helper with the `message`
/// scope, as staff of a provider, or as a caseworker. Each with its last message and how many
/// messages to me are unread.
#[utoipa::path(
    operation_id = "listThreads",
    tag = "chat",
    security(("bearer" = [])),
    params(ThreadsQuery),
    responses(
        (status = 200, description = "A page of threads", body = ThreadPage),
        (status = 400, description = "The page asked for is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`client_id` names no client", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/threads")]
pub async fn list_threads(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<ThreadsQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let page = checked(q.after.as_deref(), q.limit, 20, 100)?;
    let client = match q.client_id.as_deref() {
        Some(c) => Some(
            access::ClientRef::parse(c)?
                .resolve(&actor.person_id)
                .to_string(),
        ),
        None => None,
    };
    let (me, lang, st) = (actor.person_id.clone(), actor.lang, state.clone());
    let providers: Vec<String> = actor.provider_ids().map(str::to_string).collect();
    let towns: Vec<String> = actor
        .caseworker_municipalities()
        .map(str::to_string)
        .collect();
    let (after, fetch) = (page.after.clone(), page.fetch());
    let (items, more) = state
        .door
        .read_list(&actor, ClientRead::ViewMessages, move |r, now| {
            let c = Candidates {
                person: &me,
                providers: &providers,
                municipalities: &towns,
                client: client.as_deref(),
                today: helsinki_date(now),
            };
            let rows = repo::candidates(r.conn(), &c, after.as_deref(), fetch)?;
            let more = rows.len() as i64 > fetch - 1;
            let ids: Vec<String> = rows.iter().map(|t| t.id.clone()).collect();
            let unread = repo::unread(r.conn(), &me, &ids)?;
            let reader = Reader {
                me: &me,
                lang,
                i18n: &st.i18n,
            };
            let mut listed = Vec::new();
            for t in rows.iter().take((fetch - 1) as usize) {
                let side = side_for(&me, &providers, &towns, t);
                let open = work::is_open(r.conn(), &t.client_id, &t.with(), now)?;
                let n = unread.get(&t.id).copied().unwrap_or(0);
                listed.push(Listed {
                    client_id: t.client_id.clone(),
                    organisation: t.provider_id.clone(),
                    item: reader.thread(r.conn(), t, side, open, n)?,
                });
            }
            Ok((listed, more))
        })
        .await?;
    let next_after = more
        .then(|| items.last().map(|t: &ThreadView| activity_of(t)))
        .flatten();
    Ok(HttpResponse::Ok().json(Page { items, next_after }))
}

/// The cursor after a thread: its last message's id, or its own when it has none.
fn activity_of(t: &ThreadView) -> String {
    t.last_message
        .as_ref()
        .map_or_else(|| t.id.clone(), |m| m.id.clone())
}

/// The side a person takes in a thread the list found for them (the door decides each).
fn side_for(me: &str, providers: &[String], towns: &[String], t: &ThreadRow) -> Side {
    match t.with() {
        _ if t.client_id == me => Side::Client,
        With::Provider(p) if providers.contains(&p) => Side::Provider,
        With::City(m) if towns.contains(&m) => Side::City,
        _ => Side::Client,
    }
}

/// Which thread to open.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenThread {
    /// The client: `me`, or an id.
    #[schema(
        pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
    )]
    pub client_id: String,
    /// The provider to talk with; left out, the caseworkers of the client's municipality.
    #[schema(format = Uuid)]
    pub provider_id: Option<String>,
}

/// Opens the client's thread with a provider they have a booking or an agreement with, or with
/// the caseworkers of their municipality. A thread that exists already is answered as it is
/// (200), so opening twice makes one thread.
#[utoipa::path(
    operation_id = "openThread",
    tag = "chat",
    security(("bearer" = [])),
    request_body = OpenThread,
    responses(
        (status = 200, description = "The thread there was", body = ThreadView),
        (status = 201, description = "Opened", body = ThreadView),
        (status = 404, description = "No such client or provider for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The client has no booking or agreement with the provider", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/threads")]
pub async fn open_thread(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<OpenThread>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let with = match &body.provider_id {
        Some(p) => With::Provider(access::parse_id(p)?),
        None => With::City(String::new()),
    };
    let (gathered, added) = state
        .door
        .write(
            &actor,
            ClientWrite::OpenThread,
            Target::path(&body.client_id),
            move |conn, access, ()| {
                let (thread, added) = work::open(conn, access, with)?;
                Ok((work::gather_seen(conn, access, &thread)?, added))
            },
        )
        .await?;
    let view = gathered.view(&state.i18n, actor.lang);
    Ok(if added {
        HttpResponse::Created()
            .insert_header(("Location", format!("/api/v1/threads/{}", view.id)))
            .json(view)
    } else {
        HttpResponse::Ok().json(view)
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// The `next_after` of the previous page: older messages than this one.
    #[param(format = Uuid)]
    pub before: Option<String>,
    #[param(minimum = 1, maximum = 100, default = 30)]
    pub limit: Option<i64>,
}

/// The thread's messages, newest first, a page at a time. For each message my side sent: read
/// or not, and by whom of the other side. A read of the client's data, in their access log.
#[utoipa::path(
    operation_id = "listMessages",
    tag = "chat",
    security(("bearer" = [])),
    params(
        ("thread_id" = String, Path, format = Uuid, description = "The thread"),
        HistoryQuery,
    ),
    responses(
        (status = 200, description = "A page of messages", body = MessagePage),
        (status = 400, description = "The page asked for is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such thread for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/threads/{thread_id}/messages")]
pub async fn history(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<HistoryQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let page = checked(q.before.as_deref(), q.limit, 30, 100)?;
    let thread = find(&state, &path.into_inner()).await?;
    let client = thread.client_id.clone();
    let (before, fetch) = (page.after.clone(), page.fetch());
    let (actor, gathered) = state
        .door
        .read(
            caller,
            ClientRead::ViewMessages,
            &client,
            move |r, access| {
                let side = work::side_in(access, &thread)?;
                let rows = repo::history(r.conn(), &thread.id, before.as_deref(), fetch)?;
                work::gather(r.conn(), &access.actor_id, side, rows)
            },
        )
        .await?;
    let views = gathered.views(&state.i18n, actor.lang);
    let (items, next_after) = page.finish(views, |m: &MessageView| &m.id);
    Ok(HttpResponse::Ok().json(Page { items, next_after }))
}

/// One thread, as I see it: with whom, open or not, its last message and my unread count.
#[utoipa::path(
    operation_id = "getThread",
    tag = "chat",
    security(("bearer" = [])),
    params(("thread_id" = String, Path, format = Uuid, description = "The thread")),
    responses(
        (status = 200, description = "The thread", body = ThreadView),
        (status = 404, description = "No such thread for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/threads/{thread_id}")]
pub async fn one_thread(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let thread = find(&state, &path.into_inner()).await?;
    let client = thread.client_id.clone();
    let (actor, gathered) = state
        .door
        .read(
            caller,
            ClientRead::ViewMessages,
            &client,
            move |r, access| work::gather_seen(r.conn(), access, &thread),
        )
        .await?;
    Ok(HttpResponse::Ok().json(gathered.view(&state.i18n, actor.lang)))
}

/// The thread a path names, whoever may see it (the door decides next); 404 when none.
async fn find(state: &AppState, id: &str) -> Result<ThreadRow, AppError> {
    let id = access::parse_id(id)?;
    state
        .door
        .public(move |r, _| repo::thread(r.conn(), &id))
        .await?
        .ok_or_else(AppError::not_found)
}

/// A message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    /// Kept in Unicode NFC, trimmed, with control characters other than line breaks and tabs
    /// taken out, and hidden direction and zero-width characters too; something must be left.
    #[schema(min_length = 1, max_length = 4000)]
    pub text: String,
}

/// Sends a message in the thread. A helper with the `message` scope writes for the client, and
/// is shown as such. A retry with the same `Idempotency-Key` answers as the first did and sends
/// nothing twice. The text is never written in a log.
#[utoipa::path(
    operation_id = "sendMessage",
    tag = "chat",
    security(("bearer" = [])),
    params(
        ("thread_id" = String, Path, format = Uuid, description = "The thread"),
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = NewMessage,
    responses(
        (status = 201, description = "Sent", body = MessageView),
        (status = 404, description = "No such thread for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The thread takes no new messages: the booking or agreement ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The text is empty or too long", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many messages: wait and try again", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/threads/{thread_id}/messages")]
pub async fn send(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    key: IdempotencyKey,
    body: Json<NewMessage>,
) -> Result<HttpResponse, AppError> {
    let thread_id = access::parse_id(&path.into_inner())?;
    let request = body.into_inner();
    let text = message_text(&request.text).map_err(|f| f.error("text", ErrorCode::MissingField))?;
    let limit_key = format!("person:{}", actor.person_id);
    if let Err(seconds) = state.message_limiter.check(&limit_key, state.clock.now()) {
        return Err(AppError {
            retry_after: Some(seconds),
            ..AppError::new(ErrorCode::ChatTooMany)
        });
    }
    let (lang, st) = (actor.lang, state.clone());
    let target = Target::of(move |conn| {
        Ok(repo::thread(conn, &thread_id)?.map(|t| (t.client_id.clone(), t)))
    });
    let stored = state
        .door
        .create(
            &actor,
            ClientWrite::SendMessage,
            target,
            key,
            &request,
            move |conn, access, thread| {
                let id = uuid::Uuid::now_v7().to_string();
                let (row, side) = work::send(conn, access, &thread, &id, text)?;
                let reader = Reader {
                    me: &access.actor_id,
                    lang,
                    i18n: &st.i18n,
                };
                let view = reader.messages(conn, side, std::slice::from_ref(&row))?;
                let href = format!("/api/v1/threads/{}/messages", thread.id);
                Stored::created(&view[0], href)
            },
        )
        .await?;
    Ok(stored.into_response())
}

/// How far I read.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkThreadRead {
    /// Every message to me up to and including this one is read.
    #[schema(format = Uuid)]
    pub up_to: String,
}

/// What marking read did.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ThreadRead {
    /// Messages newly marked read.
    #[schema(minimum = 0)]
    pub marked: i64,
}

/// Marks the messages to me in the thread read, up to and including one. Their senders see it
/// at once (`message.read`). Marking again marks nothing more.
#[utoipa::path(
    operation_id = "markThreadRead",
    tag = "chat",
    security(("bearer" = [])),
    params(("thread_id" = String, Path, format = Uuid, description = "The thread")),
    request_body = MarkThreadRead,
    responses(
        (status = 200, description = "Marked", body = ThreadRead),
        (status = 404, description = "No such thread for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/threads/{thread_id}/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<MarkThreadRead>,
) -> Result<HttpResponse, AppError> {
    let thread_id = access::parse_id(&path.into_inner())?;
    let up_to = uuid::Uuid::parse_str(&body.up_to)
        .map_err(|_| AppError::new(ErrorCode::InvalidField).arg("field", "up_to"))?
        .hyphenated()
        .to_string();
    let target = Target::of(move |conn| {
        Ok(repo::thread(conn, &thread_id)?.map(|t| (t.client_id.clone(), t)))
    });
    let marked = state
        .door
        .write(
            &actor,
            ClientWrite::ReadMessages,
            target,
            move |conn, access, thread| work::mark_read(conn, access, &thread, &up_to),
        )
        .await?;
    Ok(HttpResponse::Ok().json(ThreadRead {
        marked: marked as i64,
    }))
}
