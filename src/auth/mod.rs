//! Sign-in: identity-token exchange, our access tokens, rotating refresh tokens, dev login, and
//! the [`Actor`] extractor that every signed-in route takes.

pub mod cache;
pub mod id_token;
pub mod rate_limit;
pub mod routes;
pub mod tokens;

use actix_web::http::header::HeaderValue;
use actix_web::{HttpMessage, HttpRequest};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::{persons as persons_table, refresh_tokens, sessions};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::i18n::Lang;
use crate::persons::{self, RoleGrant};
use crate::request::{PersonLang, RequestMeta};

/// The signed-in person making this request, checked against the database on every request so
/// an ended session or a changed role counts at once.
#[derive(Debug, Clone)]
pub struct Actor {
    pub person_id: String,
    pub display_name: String,
    pub session_id: String,
    pub roles: Vec<RoleGrant>,
    /// The language to answer in: `Accept-Language`, else the person's choice, else Finnish.
    pub lang: Lang,
    /// The person's own choice of language, if they made one.
    pub stored_lang: Option<Lang>,
    pub request_id: String,
    pub path: String,
}

impl Actor {
    /// The municipalities this person is a caseworker of; a 403 for anyone who is not one.
    pub fn caseworker_only(&self) -> Result<Vec<String>, AppError> {
        let municipalities: Vec<String> = self
            .caseworker_municipalities()
            .map(str::to_string)
            .collect();
        if municipalities.is_empty() {
            return Err(AppError::new(crate::error::ErrorCode::CaseworkerOnly));
        }
        Ok(municipalities)
    }

    pub fn caseworker_municipalities(&self) -> impl Iterator<Item = &str> {
        self.roles
            .iter()
            .filter(|g| g.role == persons::Role::Caseworker)
            .filter_map(|g| g.municipality.as_deref())
    }
}

/// A valid access token, not yet checked against the database. [`Actor`] checks it in a read of
/// its own; a route that reads the database anyway can check it in that same read instead
/// ([`Bearer::load`]), which saves a trip to the pool.
#[derive(Debug)]
pub struct Bearer {
    claims: tokens::AccessClaims,
    sessions: std::sync::Arc<cache::SessionCache>,
    now: DateTime<Utc>,
    header_lang: Option<Lang>,
    request_id: String,
    path: String,
}

impl Bearer {
    /// The token in an `Authorization: Bearer …` header, checked by its signature and times.
    pub fn from_header(
        header: Option<&HeaderValue>,
        tokens: &tokens::TokenService,
        sessions: std::sync::Arc<cache::SessionCache>,
        now: DateTime<Utc>,
        meta: RequestMeta,
        path: &str,
    ) -> Result<Bearer, AppError> {
        let header = header.ok_or(AppError::new(ErrorCode::MissingToken))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or(AppError::new(ErrorCode::InvalidToken))?;
        let claims = tokens
            .verify(token, now)
            .ok_or(AppError::new(ErrorCode::InvalidToken))?;
        Ok(Bearer {
            claims,
            sessions,
            now,
            header_lang: meta.header_lang,
            request_id: meta.request_id,
            path: path.to_string(),
        })
    }

    /// The signed-in person as the database has them now: the session must still be open. One
    /// statement reads the counters ([`Counters`](crate::clients::records::Counters)); while
    /// `auth_version` stands still, the session as read before is taken from memory (see
    /// [`cache`]). Otherwise the session with its person is one statement, their roles a second.
    pub fn load(&self, conn: &mut DbConnection) -> Result<Actor, AppError> {
        let counters = crate::clients::records::Counters::read(conn)?;
        self.load_at(conn, counters.auth)
    }

    /// [`Bearer::load`] with the `auth_version` counter already read in this snapshot (see
    /// [`crate::clients::records::Counters`]).
    pub fn load_at(&self, conn: &mut DbConnection, version: i64) -> Result<Actor, AppError> {
        let sid = &self.claims.sid;
        let session = self
            .sessions
            .get_or_read(version, sid, || self.read_session(conn))?
            .ok_or_else(|| AppError::new(ErrorCode::SessionEnded))?;
        // The token names the person; a session of someone else's is no session for it.
        if session.person_id != self.claims.sub || session.expires_at <= self.now.naive_utc() {
            return Err(AppError::new(ErrorCode::SessionEnded));
        }
        Ok(Actor {
            lang: self.header_lang.or(session.stored_lang).unwrap_or_default(),
            stored_lang: session.stored_lang,
            person_id: session.person_id,
            display_name: session.display_name,
            session_id: sid.clone(),
            roles: session.roles,
            request_id: self.request_id.clone(),
            path: self.path.clone(),
        })
    }

    /// The session, if it is open (not ended; its expiry is checked by the caller), with what
    /// the request needs of its person.
    fn read_session(
        &self,
        conn: &mut DbConnection,
    ) -> Result<Option<cache::OpenSession>, AppError> {
        let found: Option<SessionRow> = crate::native!(conn, |c| sessions::table
            .inner_join(persons_table::table)
            .filter(sessions::id.eq(&self.claims.sid))
            .filter(sessions::person_id.eq(&self.claims.sub))
            .select((
                sessions::expires_at,
                sessions::revoked_at,
                persons_table::id,
                persons_table::display_name,
                persons_table::language,
            ))
            .first(c)
            .optional())?;
        let Some((expires_at, None, person_id, display_name, language)) = found else {
            return Ok(None);
        };
        let roles = persons::roles(conn, &person_id)?;
        Ok(Some(cache::OpenSession {
            stored_lang: language.as_deref().and_then(|l| l.parse().ok()),
            person_id,
            display_name,
            roles,
            expires_at,
        }))
    }
}

/// A session's expiry and end, with its person's id, name and language.
type SessionRow = (
    NaiveDateTime,
    Option<NaiveDateTime>,
    String,
    String,
    Option<String>,
);

impl Actor {
    /// Leaves what the rest of the request needs to know about the person on it: their stored
    /// language, for errors, and their id, for the trace.
    pub fn mark(&self, req: &HttpRequest) {
        if let Some(stored) = self.stored_lang {
            req.extensions_mut().insert(PersonLang(stored));
        }
        tracing::Span::current().record("person", self.person_id.as_str());
    }
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
pub fn rotate_refresh_token(
    conn: &mut DbConnection,
    token: &str,
    now: DateTime<Utc>,
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
    Ok(())
}

/// Ends every session of a person; returns how many were still open.
pub fn revoke_all_sessions(
    conn: &mut DbConnection,
    person_id: &str,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
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
