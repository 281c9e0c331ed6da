//! Sign-in: identity-token exchange, our access tokens, rotating refresh tokens, dev login, and
//! the [`Actor`] extractor that every signed-in route takes.

pub mod id_token;
pub mod limits;
pub mod rate_limit;
pub mod repo;
pub mod routes;
pub mod tokens;

use actix_web::http::header::HeaderValue;
use actix_web::{HttpMessage, HttpRequest};
use chrono::{DateTime, Utc};

use crate::db::cache::Reading;
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
    /// The municipalities this person is a caseworker of.
    pub fn caseworker_municipalities(&self) -> impl Iterator<Item = &str> {
        self.roles
            .iter()
            .filter(|g| g.role == persons::Role::Caseworker)
            .filter_map(|g| g.municipality.as_deref())
    }

    /// The provider organisations this person works for.
    pub fn provider_ids(&self) -> impl Iterator<Item = &str> {
        self.roles
            .iter()
            .filter(|g| g.role == persons::Role::ProviderStaff)
            .filter_map(|g| g.provider_id.as_deref())
    }
}

/// A valid access token, not yet checked against the database. [`Actor`] checks it in a read of
/// its own; a route that reads the database anyway can check it in that same read instead
/// ([`Bearer::load`]), which saves a trip to the pool.
#[derive(Debug)]
pub struct Bearer {
    claims: tokens::AccessClaims,
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
        now: DateTime<Utc>,
        meta: RequestMeta,
        path: &str,
    ) -> Result<Bearer, AppError> {
        let header = header.ok_or(AppError::new(ErrorCode::MissingToken))?;
        let token = header
            .to_str()
            .ok()
            .and_then(bearer_token)
            .ok_or(AppError::new(ErrorCode::InvalidToken))?;
        Bearer::from_token(token, tokens, now, meta, path)
    }

    /// A token as it came (in the socket's first frame, or its subprotocol), checked by its
    /// signature and times.
    pub fn from_token(
        token: &str,
        tokens: &tokens::TokenService,
        now: DateTime<Utc>,
        meta: RequestMeta,
        path: &str,
    ) -> Result<Bearer, AppError> {
        let claims = tokens
            .verify(token, now)
            .ok_or(AppError::new(ErrorCode::InvalidToken))?;
        Ok(Bearer {
            claims,
            now,
            header_lang: meta.header_lang,
            request_id: meta.request_id,
            path: path.to_string(),
        })
    }

    /// When the token stops being valid.
    pub fn expires_at(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.claims.exp, 0).unwrap_or(self.now)
    }

    /// The person the token names.
    pub fn person_id(&self) -> &str {
        &self.claims.sub
    }

    /// The signed-in person as the database has them now: the session must still be open. A
    /// read remembers open sessions while nothing about sessions, people or roles changed (see
    /// [`repo::open_session`]), so a logout or a changed role counts on the very next request.
    pub fn load(&self, r: &mut Reading<'_>) -> Result<Actor, AppError> {
        let sid = &self.claims.sid;
        let session = repo::open_session(r, sid, &self.claims.sub)?
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
}

/// The token of an `Authorization` value: the scheme name `Bearer` in any case (RFC 7235
/// §2.1), then one or more spaces and the token.
pub fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && !token.contains(' '))
        .then_some(token)
}

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

/// A request's token with the request itself, for a route whose read checks the session in the
/// same snapshot as its work (see `access::door`).
pub struct Caller {
    pub bearer: Bearer,
    pub req: HttpRequest,
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn the_scheme_name_is_case_insensitive() {
        for value in ["Bearer abc", "bearer abc", "BEARER abc", "bEaReR   abc "] {
            assert_eq!(bearer_token(value), Some("abc"), "{value}");
        }
        for value in [
            "Basic abc",
            "Bearer",
            "Bearer ",
            "Bearerabc",
            "Bearer a b",
            "abc",
        ] {
            assert_eq!(bearer_token(value), None, "{value}");
        }
    }
}
