//! One socket's life: its token, its catching up from the database, then each event as the hub
//! hands it on, pings, a new token before the old one expires, and its close.

use std::sync::Arc;
use std::time::Duration;

use actix_ws::{CloseCode, CloseReason, Message, MessageStream, Session};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::time::{sleep_until, timeout, Instant};

use crate::auth::{Actor, Bearer};
use crate::db::events::{self, EventRow};
use crate::error::AppError;
use crate::events::hub::Delivery;
use crate::events::{
    closes_after, ClientFrame, Close, Event, ServerFrame, AUTH_WITHIN_SECONDS, PING_EVERY_SECONDS,
    SILENT_FOR_SECONDS,
};
use crate::request::RequestMeta;
use crate::state::AppState;

/// Events read from the database at a time while catching up.
const CATCH_UP_PAGE: i64 = 200;
/// How long one frame may take to leave before the socket counts as stalled.
const SEND_WITHIN: Duration = Duration::from_secs(SILENT_FOR_SECONDS);

/// What the handshake brought.
pub struct Start {
    pub token: Option<String>,
    pub after: Option<i64>,
    pub meta: RequestMeta,
    pub path: String,
}

/// Why the loop ended: a close to send, or the peer already gone.
enum End {
    Close(Close),
    Gone,
}

struct Socket {
    state: Arc<AppState>,
    session: Session,
    actor: Actor,
    /// The number of the last event sent.
    last: i64,
    expires: Instant,
}

pub async fn run(
    state: Arc<AppState>,
    mut session: Session,
    mut stream: MessageStream,
    start: Start,
) {
    let Start {
        token,
        after,
        meta,
        path,
    } = start;
    let first = match token {
        Some(token) => Some((token, after)),
        None => first_frame(&mut session, &mut stream).await,
    };
    let Some((token, after)) = first else {
        return close(session, Close::Unauthorized).await;
    };
    let (actor, expires) = match sign_in(&state, &token, meta.clone(), &path).await {
        Ok(signed) => signed,
        Err(_) => return close(session, Close::Unauthorized).await,
    };
    let (_membership, mut queue) = state.hub.join(&actor.person_id);
    let mut socket = Socket {
        state,
        session,
        actor,
        last: 0,
        expires,
    };
    let end = socket
        .serve(&mut stream, &mut queue, after, meta, &path)
        .await;
    drop(_membership);
    match end {
        End::Close(why) => close(socket.session, why).await,
        End::Gone => {}
    }
}

/// The token and `after` of the first frame, if it comes in time and is one.
async fn first_frame(
    session: &mut Session,
    stream: &mut MessageStream,
) -> Option<(String, Option<i64>)> {
    let wait = Duration::from_secs(AUTH_WITHIN_SECONDS);
    let deadline = Instant::now() + wait;
    loop {
        let frame = timeout(
            deadline.saturating_duration_since(Instant::now()),
            stream.next(),
        )
        .await
        .ok()??
        .ok()?;
        match frame {
            Message::Text(text) => {
                let ClientFrame::Auth { token, after } = serde_json::from_str(&text).ok()?;
                return Some((token, after));
            }
            Message::Ping(bytes) => session.pong(&bytes).await.ok()?,
            Message::Pong(_) => {}
            _ => return None,
        }
    }
}

/// The signed-in person a token names, and when the token expires.
async fn sign_in(
    state: &AppState,
    token: &str,
    meta: RequestMeta,
    path: &str,
) -> Result<(Actor, Instant), AppError> {
    let now = state.clock.now();
    let bearer = Bearer::from_token(token, &state.tokens, now, meta, path)?;
    let expires = deadline_of(bearer.expires_at(), now);
    let actor = state.door.signed_in(bearer).await?;
    Ok((actor, expires))
}

/// The moment of this process's clock when a token of the service's clock expires.
fn deadline_of(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Instant {
    let left = (expires_at - now).to_std().unwrap_or(Duration::ZERO);
    Instant::now() + left
}

async fn close(session: Session, why: Close) {
    let reason = CloseReason {
        code: CloseCode::Other(why.code()),
        description: Some(why.reason().to_string()),
    };
    let _ = timeout(SEND_WITHIN, session.close(Some(reason))).await;
}

impl Socket {
    async fn serve(
        &mut self,
        stream: &mut MessageStream,
        queue: &mut mpsc::Receiver<Delivery>,
        after: Option<i64>,
        meta: RequestMeta,
        path: &str,
    ) -> End {
        // An app cannot have seen more than there is: a number past the head starts at it.
        let head = match self.head().await {
            Ok(head) => head,
            Err(_) => return End::Close(Close::Silent),
        };
        self.last = after.map_or(head, |after| after.clamp(0, head));
        if let Err(end) = self.catch_up().await {
            return end;
        }
        let ready = serde_json::to_string(&ServerFrame::Ready { head: self.last });
        if let Err(end) = self.send(ready.unwrap_or_default()).await {
            return end;
        }
        let mut ping = tokio::time::interval(Duration::from_secs(PING_EVERY_SECONDS));
        ping.tick().await;
        let mut heard = Instant::now();
        loop {
            tokio::select! {
                frame = stream.next() => {
                    heard = Instant::now();
                    match frame {
                        Some(Ok(Message::Text(text))) => {
                            if let Err(end) = self.renew(&text, meta.clone(), path).await {
                                return end;
                            }
                        }
                        Some(Ok(Message::Ping(bytes))) => {
                            if self.session.pong(&bytes).await.is_err() {
                                return End::Gone;
                            }
                        }
                        Some(Ok(Message::Pong(_))) | Some(Ok(Message::Nop)) => {}
                        Some(Ok(Message::Close(_))) | None => return End::Gone,
                        Some(Ok(_)) | Some(Err(_)) => return End::Close(Close::BadFrame),
                    }
                }
                delivery = queue.recv() => {
                    let step = match delivery {
                        Some(Delivery::Event(row)) => self.deliver(&row).await,
                        Some(Delivery::CatchUp) => self.catch_up().await,
                        // The hub let go of this socket: its queue was full.
                        None => Err(End::Close(Close::TooSlow)),
                    };
                    if let Err(end) = step {
                        return end;
                    }
                }
                _ = ping.tick() => {
                    if timeout(SEND_WITHIN, self.session.ping(b"")).await.map_or(true, |r| r.is_err()) {
                        return End::Gone;
                    }
                }
                // Silent for 10 seconds since the last frame, whatever the pings' phase.
                _ = sleep_until(heard + Duration::from_secs(SILENT_FOR_SECONDS)) => {
                    return End::Close(Close::Silent);
                }
                _ = sleep_until(self.expires) => return End::Close(Close::Unauthorized),
            }
        }
    }

    /// A new token for the same person: the socket lives until it expires.
    async fn renew(&mut self, text: &str, meta: RequestMeta, path: &str) -> Result<(), End> {
        let Ok(ClientFrame::Auth { token, .. }) = serde_json::from_str(text) else {
            return Err(End::Close(Close::BadFrame));
        };
        match sign_in(&self.state, &token, meta, path).await {
            Ok((actor, expires)) if actor.person_id == self.actor.person_id => {
                self.actor = actor;
                self.expires = expires;
                Ok(())
            }
            _ => Err(End::Close(Close::Unauthorized)),
        }
    }

    async fn head(&self) -> Result<i64, AppError> {
        self.state
            .door
            .own(&self.actor, |r, own| {
                Ok(events::head(r.conn(), &own.person_id)?)
            })
            .await
    }

    /// Sends what the database has after the last event sent.
    async fn catch_up(&mut self) -> Result<(), End> {
        loop {
            let after = self.last;
            let rows = self
                .state
                .door
                .own(&self.actor, move |r, own| {
                    Ok(events::after(
                        r.conn(),
                        &own.person_id,
                        after,
                        CATCH_UP_PAGE,
                    )?)
                })
                .await
                .map_err(|_| End::Close(Close::Silent))?;
            let full = rows.len() as i64 == CATCH_UP_PAGE;
            for row in &rows {
                self.send_event(row).await?;
            }
            if !full {
                return Ok(());
            }
        }
    }

    /// An event the hub handed on: sent when it is the next one, read from the database with
    /// those before it when some are missing, dropped when it was sent already.
    async fn deliver(&mut self, row: &EventRow) -> Result<(), End> {
        if row.seq <= self.last {
            Ok(())
        } else if row.seq == self.last + 1 {
            self.send_event(row).await
        } else {
            self.catch_up().await
        }
    }

    async fn send_event(&mut self, row: &EventRow) -> Result<(), End> {
        self.last = self.last.max(row.seq);
        if let Some(event) = Event::of(row) {
            let frame = serde_json::to_string(&ServerFrame::Event { event: &event });
            self.send(frame.unwrap_or_default()).await?;
        }
        match closes_after(row, &self.actor.session_id) {
            Some(why) => Err(End::Close(why)),
            None => Ok(()),
        }
    }

    /// One frame out; a peer that takes none for too long is let go.
    async fn send(&mut self, text: String) -> Result<(), End> {
        match timeout(SEND_WITHIN, self.session.text(text)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(End::Gone),
            Err(_) => Err(End::Close(Close::TooSlow)),
        }
    }
}
