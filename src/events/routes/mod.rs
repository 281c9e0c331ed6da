//! `GET /me/events?after=`: my events as a page, for an app that was away; and `GET /ws`, the
//! socket that hands them on as they happen (see [`socket`]).

mod connection;

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Event, PROTOCOL};
use crate::auth::Actor;
use crate::db::events;
use crate::error::{AppError, ErrorCode, Problem};
use crate::request::RequestMeta;
use crate::state::AppState;

/// The most events a page holds.
const PAGE_MAX: i64 = 500;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// The last event seen (its `id`); 0, or left out, for the first.
    #[param(minimum = 0)]
    pub after: Option<i64>,
    /// Events per page.
    #[param(minimum = 1, maximum = 500, default = 100)]
    pub limit: Option<i64>,
}

/// A page of my events, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    pub items: Vec<Event>,
    /// Pass as `after` for the next page; absent when this page reached my last event.
    pub next_after: Option<i64>,
    /// The number of my last event when this page was read.
    pub head: i64,
}

/// My events after the last one I saw, oldest first: new messages and receipts, new
/// notifications, changed threads, ended sessions. The socket (`GET /ws`) sends the same ones
/// as they happen; an app that was away catches up here, or by resuming the socket.
#[utoipa::path(
    operation_id = "listMyEvents",
    tag = "me",
    security(("bearer" = [])),
    params(EventsQuery),
    responses(
        (status = 200, description = "A page of my events", body = EventPage),
        (status = 400, description = "The page asked for is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/events")]
pub async fn my_events(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<EventsQuery>,
) -> Result<HttpResponse, AppError> {
    let after = query.after.unwrap_or(0);
    let limit = query.limit.unwrap_or(100);
    if after < 0 || !(1..=PAGE_MAX).contains(&limit) {
        return Err(AppError::new(ErrorCode::InvalidQuery));
    }
    let (rows, head) = state
        .door
        .own(&actor, move |r, own| {
            let rows = events::after(r.conn(), &own.person_id, after, limit + 1)?;
            Ok((rows, events::head(r.conn(), &own.person_id)?))
        })
        .await?;
    let more = rows.len() as i64 > limit;
    let items: Vec<Event> = rows
        .iter()
        .take(limit as usize)
        .filter_map(Event::of)
        .collect();
    let next_after = more.then(|| items.last().map(|e| e.id)).flatten();
    Ok(HttpResponse::Ok().json(EventPage {
        items,
        next_after,
        head,
    }))
}

/// The socket: my events as they happen. Offer the subprotocol `seteli.v1`; send the access
/// token as a second subprotocol, `bearer.<token>`, or as the first frame within 5 seconds:
/// `{"type":"auth","token":"…","after":41}`. Never put the token in the address. `after` (in
/// the frame, or `?after=` here) is the last event seen: the socket first sends what came since,
/// then `{"type":"ready","head":N}`, then each event as `{"type":"event","event":{…}}`.
///
/// The server pings every 5 seconds and closes a socket silent for 10. Before the token expires,
/// send a new one in an `auth` frame. Close codes: 4001 no valid token (or it expired), 4003
/// the session ended or access changed, 4008 the app read too slowly (connect again and
/// resume), 4000 a frame the protocol does not have, 4002 no answer to pings.
#[utoipa::path(
    operation_id = "openSocket",
    tag = "me",
    params(
        ("after" = Option<i64>, Query, minimum = 0, description = "The last event seen"),
        ("Sec-WebSocket-Protocol" = String, Header, description = "`seteli.v1`, and optionally `bearer.<access token>`"),
    ),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol"),
        (status = 400, description = "Not a WebSocket handshake", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/ws")]
pub async fn open_socket(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AppError> {
    let after = web::Query::<SocketQuery>::from_query(req.query_string())
        .map_err(|_| AppError::new(ErrorCode::InvalidQuery))?
        .after;
    if after.is_some_and(|a| a < 0) {
        return Err(AppError::new(ErrorCode::InvalidQuery));
    }
    let offered = req
        .headers()
        .get_all(actix_web::http::header::SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>();
    let token = super::token_in_protocols(offered.iter().copied()).map(str::to_string);
    let (response, session, stream) = actix_ws::handle_with_protocols(&req, body, &[PROTOCOL])
        .map_err(|_| AppError::new(ErrorCode::NotASocket))?;
    let stream = stream.max_frame_size(super::MAX_FRAME_BYTES);
    let start = connection::Start {
        token,
        after,
        meta: RequestMeta::from_request(&req),
        path: req.path().to_string(),
    };
    actix_web::rt::spawn(connection::run(state.into_inner(), session, stream, start));
    Ok(response)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SocketQuery {
    after: Option<i64>,
}
