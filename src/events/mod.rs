//! What a person's apps hear at once: the events of `db::events`, handed to their open sockets
//! (`GET /api/v1/ws`) by this process's [`hub`], fed by this process's writes and, on
//! PostgreSQL, by the other servers' through [`listen`]; and the same events as a page
//! (`GET /api/v1/me/events?after=`) for an app that was away. The socket is a fast path: every
//! event is a row first, and a socket that was closed resumes from the last number it saw.

pub mod hub;
pub mod listen;
pub mod routes;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::events::{EventRow, Kind};

/// How long a new socket has to send its token, when the subprotocol did not carry it.
pub const AUTH_WITHIN_SECONDS: u64 = 5;
/// How often the server pings a socket.
pub const PING_EVERY_SECONDS: u64 = 5;
/// A socket that answered nothing for this long is closed.
pub const SILENT_FOR_SECONDS: u64 = 10;
/// The largest frame a socket takes (a token frame is well under it).
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
/// Events waiting for one socket; when they are more, the socket is closed and its app resumes.
pub const QUEUE: usize = 256;
/// The subprotocol of the socket; the token may come as a second one, `bearer.<token>`.
pub const PROTOCOL: &str = "seteli.v1";
pub const TOKEN_PROTOCOL_PREFIX: &str = "bearer.";

/// One event: its number among mine, what it tells, and the ids it is about. Open what it names
/// with the API (a thread's messages, the inbox).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Event {
    /// 1, 2, 3, … among my events, in the order they happened. Resume after the last one seen.
    #[schema(minimum = 1)]
    pub id: i64,
    pub kind: Kind,
    pub at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub thread_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub message_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub notification_id: Option<String>,
    /// The client the thread or change is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub client_id: Option<String>,
    /// The session that ended (`session.ended`); absent when every session ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub session_id: Option<String>,
}

impl Event {
    /// The view of a stored event; `None` for a kind this server does not know (a newer one's).
    pub fn of(row: &EventRow) -> Option<Event> {
        let kind = row.kind()?;
        let refs = row.refs();
        Some(Event {
            id: row.seq,
            kind,
            at: row.created_at.and_utc(),
            thread_id: refs.thread_id,
            message_id: refs.message_id,
            notification_id: refs.notification_id,
            client_id: refs.client_id,
            session_id: refs.session_id,
        })
    }
}

/// Why a socket closes, each with its code (RFC 6455 §7.4.2 leaves 4000–4999 to applications).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Close {
    /// No valid token came in time, or the token expired with no new one.
    Unauthorized,
    /// The session ended, or what the person may do changed: sign in or connect again.
    SessionEnded,
    /// The app read too slowly and its queue filled: connect again and resume.
    TooSlow,
    /// A frame the protocol does not have.
    BadFrame,
    /// Nothing came back for too long.
    Silent,
}

impl Close {
    pub fn code(self) -> u16 {
        match self {
            Close::Unauthorized => 4001,
            Close::SessionEnded => 4003,
            Close::TooSlow => 4008,
            Close::BadFrame => 4000,
            Close::Silent => 4002,
        }
    }

    /// The close frame's reason: a code an app can log, never anything about a person.
    pub fn reason(self) -> &'static str {
        match self {
            Close::Unauthorized => "unauthorized",
            Close::SessionEnded => "session_ended",
            Close::TooSlow => "too_slow_resume",
            Close::BadFrame => "bad_frame",
            Close::Silent => "no_answer",
        }
    }
}

/// Whether delivering `row` on a socket of session `session_id` ends it: the person signed out
/// of that session or of all, or their access changed.
pub fn closes_after(row: &EventRow, session_id: &str) -> Option<Close> {
    match row.kind()? {
        Kind::SessionEnded => match row.refs().session_id {
            Some(s) if s != session_id => None,
            _ => Some(Close::SessionEnded),
        },
        Kind::AccessChanged => Some(Close::SessionEnded),
        _ => None,
    }
}

/// What an app sends on the socket.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientFrame {
    /// The access token: first, and again before it expires. `after`: the last event seen.
    Auth { token: String, after: Option<i64> },
}

/// What the server sends on the socket.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame<'a> {
    /// Signed in and caught up: `head` is the number of the last event sent.
    Ready {
        head: i64,
    },
    Event {
        event: &'a Event,
    },
}

/// The token among the subprotocols a socket offered (`bearer.<token>`).
pub fn token_in_protocols<'a>(offered: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    offered
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .find_map(|p| p.strip_prefix(TOKEN_PROTOCOL_PREFIX))
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::events::Refs;

    fn row(kind: Kind, session: Option<&str>) -> EventRow {
        EventRow {
            recipient_id: "p".into(),
            seq: 1,
            kind: kind.as_str().into(),
            refs: serde_json::to_string(&Refs {
                session_id: session.map(str::to_string),
                ..Refs::default()
            })
            .unwrap(),
            created_at: Utc::now().naive_utc(),
        }
    }

    #[test]
    fn a_socket_closes_when_its_session_or_access_ends() {
        assert_eq!(
            closes_after(&row(Kind::SessionEnded, None), "s1"),
            Some(Close::SessionEnded)
        );
        assert_eq!(
            closes_after(&row(Kind::SessionEnded, Some("s1")), "s1"),
            Some(Close::SessionEnded)
        );
        assert_eq!(
            closes_after(&row(Kind::SessionEnded, Some("s2")), "s1"),
            None
        );
        assert_eq!(
            closes_after(&row(Kind::AccessChanged, None), "s1"),
            Some(Close::SessionEnded)
        );
        assert_eq!(closes_after(&row(Kind::MessageNew, None), "s1"), None);
    }

    #[test]
    fn the_token_comes_from_its_own_subprotocol() {
        let offered = ["seteli.v1, bearer.abc.def"];
        assert_eq!(token_in_protocols(offered.into_iter()), Some("abc.def"));
        assert_eq!(token_in_protocols(["seteli.v1"].into_iter()), None);
        assert_eq!(token_in_protocols(["bearer."].into_iter()), None);
    }

    #[test]
    fn frames_read_and_write() {
        let f: ClientFrame =
            serde_json::from_str(r#"{"type":"auth","token":"t","after":4}"#).unwrap();
        let ClientFrame::Auth { token, after } = f;
        assert_eq!((token.as_str(), after), ("t", Some(4)));
        assert!(serde_json::from_str::<ClientFrame>(r#"{"type":"auth"}"#).is_err());
        let ready = serde_json::to_string(&ServerFrame::Ready { head: 3 }).unwrap();
        assert_eq!(ready, r#"{"type":"ready","head":3}"#);
    }
}
