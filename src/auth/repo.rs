//! The SQL of sign-in: sessions, their refresh tokens, and the open session a request's token
//! names, which reads remember.
//!
//! Every request with an access token must know that its session is still open and who its
//! person is now, with their roles: a logout, a revocation or a changed role counts on the very
//! next request. Reading the session, the person and the roles took two statements and a tenth
//! of the search's time; a read now remembers them while `auth_version` stands still, which
//! database triggers bump whenever a session is ended or deleted, a person's name or language
//! changes, or a role is granted, changed or taken away (migration `auth_version`).

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::tokens;
use crate::db::cache::{Counter, Reading, Remember};
use crate::db::events::{self, Kind, Refs};
use crate::db::schema::{demo_personas, persons, refresh_tokens, sessions};
use crate::db::DbConnection;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::persons::RoleGrant;

/// A session as read, with what a request needs of its person.
#[derive(Debug, Clone)]
pub struct OpenSession {
    pub person_id: String,
    pub display_name: String,
    pub stored_lang: Option<Lang>,
    pub roles: Vec<RoleGrant>,
    pub expires_at: NaiveDateTime,
}

/// Open sessions by session id.
struct Sessions;

impl Remember for Sessions {
    type Value = OpenSession;
    const COUNTER: Counter = Counter::Auth;
    const MAX_ENTRIES: usize = 100_000;
}

/// The session `sid` of `person_id` if it is open (not ended; its expiry is the caller's to
/// check), from memory while nothing about sessions, people or roles changed.
pub fn open_session(
    r: &mut Reading<'_>,
    sid: &str,
    person_id: &str,
) -> Result<Option<OpenSession>, AppError> {
    r.remember::<Sessions>(sid, |conn| read_session(conn, sid, person_id))
}

/// A session's expiry and end, with its person's id, name and language.
type SessionRow = (
    NaiveDateTime,
    Option<NaiveDateTime>,
    String,
    String,
    Option<String>,
);

fn read_session(
    conn: &mut DbConnection,
    sid: &str,
    person_id: &str,
) -> Result<Option<OpenSession>, AppError> {
    let found: Option<SessionRow> = crate::native!(conn, |c| sessions::table
        .inner_join(persons::table)
        .filter(sessions::id.eq(sid))
        .filter(sessions::person_id.eq(person_id))
        .select((
            sessions::expires_at,
            sessions::revoked_at,
            persons::id,
            persons::display_name,
            persons::language,
        ))
        .first(c)
        .optional())?;
    let Some((expires_at, None, person_id, display_name, language)) = found else {
        return Ok(None);
    };
    let roles = crate::persons::repo::roles(conn, &person_id)?;
    Ok(Some(OpenSession {
        stored_lang: language.as_deref().and_then(|l| l.parse().ok()),
        person_id,
        display_name,
        roles,
        expires_at,
    }))
}

/// A new sign-in session with its first refresh token. Returns (session id, refresh token).
pub fn start_session(
    conn: &mut DbConnection,
    person_id: &str,
    now: DateTime<Utc>,
    ttl_days: i64,
) -> Result<(String, String), AppError> {
    let session_id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&session_id),
            sessions::person_id.eq(person_id),
            sessions::created_at.eq(now.naive_utc()),
            sessions::expires_at.eq((now + Duration::days(ttl_days)).naive_utc()),
        ))
        .execute(conn)?;
    let refresh = add_refresh_token(conn, &session_id, now)?;
    Ok((session_id, refresh))
}

fn add_refresh_token(
    conn: &mut DbConnection,
    session_id: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = tokens::new_refresh_token();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::token_hash.eq(tokens::hash_refresh_token(&token)),
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::created_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    Ok(token)
}

/// What presenting a refresh token led to.
pub enum Rotation {
    /// A fresh pair: (person id, session id, new refresh token).
    Rotated(String, String, String),
    /// Unknown token, or its session ended or expired.
    Invalid,
    /// The token had already been used: its whole session is now revoked.
    Replayed { person_id: String },
}

/// Uses a refresh token once: marks it used and issues its successor in the same session. A token
/// presented a second time revokes its whole family (the session), whoever presents it.
/// `allow` is asked with the token's session before anything is written; its refusal is
/// returned as it is, and the token stays unused.
pub fn rotate_refresh_token(
    conn: &mut DbConnection,
    token: &str,
    now: DateTime<Utc>,
    allow: impl FnOnce(&str) -> Result<(), AppError>,
) -> Result<Rotation, AppError> {
    let hash = tokens::hash_refresh_token(token);
    let found: Option<(String, Option<chrono::NaiveDateTime>)> = refresh_tokens::table
        .find(&hash)
        .select((refresh_tokens::session_id, refresh_tokens::used_at))
        .first(conn)
        .optional()?;
    let Some((session_id, used_at)) = found else {
        return Ok(Rotation::Invalid);
    };
    let (person_id, expires_at, revoked_at): (
        String,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
    ) = sessions::table
        .find(&session_id)
        .select((
            sessions::person_id,
            sessions::expires_at,
            sessions::revoked_at,
        ))
        .first(conn)?;
    if revoked_at.is_some() || expires_at <= now.naive_utc() {
        return Ok(Rotation::Invalid);
    }
    allow(&session_id)?;
    // The conditional update decides races: of two concurrent uses, one finds it already used.
    let claimed = used_at.is_none()
        && diesel::update(
            refresh_tokens::table
                .find(&hash)
                .filter(refresh_tokens::used_at.is_null()),
        )
        .set(refresh_tokens::used_at.eq(Some(now.naive_utc())))
        .execute(conn)?
            == 1;
    if !claimed {
        revoke_session(conn, &session_id, "refresh_token_reused", now)?;
        return Ok(Rotation::Replayed { person_id });
    }
    let next = add_refresh_token(conn, &session_id, now)?;
    Ok(Rotation::Rotated(person_id, session_id, next))
}

pub fn revoke_session(
    conn: &mut DbConnection,
    session_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let person: Option<String> = sessions::table
        .find(session_id)
        .filter(sessions::revoked_at.is_null())
        .select(sessions::person_id)
        .first(conn)
        .optional()?;
    diesel::update(
        sessions::table
            .find(session_id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(Some(now.naive_utc())),
        sessions::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)?;
    // The session's open sockets close.
    if let Some(person) = person {
        let refs = Refs {
            session_id: Some(session_id.to_string()),
            ..Refs::default()
        };
        events::stage(&person, Kind::SessionEnded, refs, now);
    }
    Ok(())
}

/// Ends every session of a person, and their open sockets; returns how many were still open.
pub fn revoke_all_sessions(
    conn: &mut DbConnection,
    person_id: &str,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    events::stage(person_id, Kind::SessionEnded, Refs::default(), now);
    Ok(diesel::update(
        sessions::table
            .filter(sessions::person_id.eq(person_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(Some(now.naive_utc())),
        sessions::revoked_reason.eq(Some("logout_all")),
    ))
    .execute(conn)?)
}

/// The demo personas in their order: (slug, person id, name).
pub fn demo_personas(conn: &mut DbConnection) -> Result<Vec<(String, String, String)>, AppError> {
    Ok(demo_personas::table
        .inner_join(persons::table)
        .order(demo_personas::sort_order.asc())
        .select((demo_personas::slug, persons::id, persons::display_name))
        .load(conn)?)
}

/// The person behind a demo persona.
pub fn demo_person(conn: &mut DbConnection, slug: &str) -> Result<Option<String>, AppError> {
    Ok(demo_personas::table
        .find(slug)
        .select(demo_personas::person_id)
        .first(conn)
        .optional()?)
}
