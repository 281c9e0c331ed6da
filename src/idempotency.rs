//! Retried creating POSTs. A mobile app that lost the answer to a POST sends it again with the same
//! `Idempotency-Key`; the first response is stored with the work, in the same transaction, and a
//! replay returns it instead of creating the thing twice. The same key with another request is a
//! 422, so a client bug cannot silently get someone else's answer.
//!
//! Use: take [`IdempotencyKey`] as an extractor, then call [`run`] inside the transaction that does
//! the work (for client data, inside the closure given to `AppState::for_client`):
//!
//! ```ignore
//! state.for_client(&actor, &path, Action::CreateThing, move |conn, access| {
//!     idempotency::run(conn, &key, &access.actor_id, &fingerprint, now, |conn| {
//!         let created = create_thing(conn, ...)?;
//!         Ok(Stored::created(&created, Link::thing(&id).href)?)
//!     })
//! })
//! ```

use std::future::{ready, Ready};

use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::idempotency_keys;
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};

/// The request header.
pub const HEADER: &str = "Idempotency-Key";

/// How long a stored response is replayed. After that the key may be used again, and the
/// housekeeping removes it (`db::sweep`).
pub const KEEP_FOR: Duration = crate::db::sweep::IDEMPOTENCY_KEPT;

/// The longest key we accept; a UUID is 36 characters.
pub const MAX_KEY_LEN: usize = 255;

/// The `Idempotency-Key` header of a request, if it sent one: 1–255 visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(Option<String>);

impl IdempotencyKey {
    pub fn none() -> Self {
        IdempotencyKey(None)
    }

    pub fn parse(value: &str) -> Result<Self, AppError> {
        let ok = !value.is_empty()
            && value.len() <= MAX_KEY_LEN
            && value.bytes().all(|b| b.is_ascii_graphic());
        if ok {
            Ok(IdempotencyKey(Some(value.to_string())))
        } else {
            Err(AppError::new(ErrorCode::InvalidIdempotencyKey))
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl FromRequest for IdempotencyKey {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(match req.headers().get(HEADER) {
            None => Ok(IdempotencyKey::none()),
            Some(v) => v
                .to_str()
                .map_err(|_| AppError::new(ErrorCode::InvalidIdempotencyKey))
                .and_then(IdempotencyKey::parse),
        })
    }
}

/// A response as stored: its status, JSON body and, for a 201, where the created thing is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub status: StatusCode,
    pub body: String,
    /// The `Location` of a created thing: the path that reads it.
    pub location: Option<String>,
    /// True when this is the stored answer to an earlier request.
    pub replayed: bool,
}

impl Stored {
    pub fn json(status: StatusCode, value: &impl Serialize) -> Result<Stored, AppError> {
        Ok(Stored {
            status,
            body: serde_json::to_string(value).map_err(AppError::internal)?,
            location: None,
            replayed: false,
        })
    }

    /// A 201: `value` was created, and the path `location` reads it.
    pub fn created(value: &impl Serialize, location: String) -> Result<Stored, AppError> {
        Ok(Stored {
            location: Some(location),
            ..Stored::json(StatusCode::CREATED, value)?
        })
    }

    /// The HTTP response; a replay says so in an `Idempotent-Replayed: true` header.
    pub fn into_response(self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status);
        builder.content_type("application/json");
        if self.replayed {
            builder.insert_header(("Idempotent-Replayed", "true"));
        }
        if let Some(location) = self.location {
            builder.insert_header((actix_web::http::header::LOCATION, location));
        }
        builder.body(self.body)
    }
}

/// What identifies "the same request": the route and its parsed body, hashed. Pass the typed
/// request body, so that whitespace and field order do not matter.
pub fn fingerprint(route: &str, body: &impl Serialize) -> Result<String, AppError> {
    let body = serde_json::to_string(body).map_err(AppError::internal)?;
    Ok(crate::digest::sha256_hex(&format!("{route}\n{body}")))
}

/// Runs `work` once per (person, key). Must be called inside the write transaction that does the
/// work, so the stored response commits with it or not at all. Without a key, just runs `work`.
///
/// On PostgreSQL two concurrent first requests with the same key both run; the second one's insert
/// waits for the first to commit and then fails, rolling back its work, and answers 409 so the
/// caller retries and gets the replay. On SQLite the write lock already serializes them.
pub fn run<F>(
    conn: &mut DbConnection,
    key: &IdempotencyKey,
    person_id: &str,
    fingerprint: &str,
    now: DateTime<Utc>,
    work: F,
) -> Result<Stored, AppError>
where
    F: FnOnce(&mut DbConnection) -> Result<Stored, AppError>,
{
    let Some(key) = key.as_str() else {
        return work(conn);
    };
    type Found = (String, i32, String, chrono::NaiveDateTime, Option<String>);
    let found: Option<Found> = idempotency_keys::table
        .find((person_id, key))
        .select((
            idempotency_keys::request_hash,
            idempotency_keys::status,
            idempotency_keys::body,
            idempotency_keys::created_at,
            idempotency_keys::location,
        ))
        .first(conn)
        .optional()?;
    if let Some((hash, status, body, created_at, location)) = found {
        if created_at + KEEP_FOR > now.naive_utc() {
            if hash != fingerprint {
                return Err(AppError::new(ErrorCode::IdempotencyKeyReused));
            }
            let status = u16::try_from(status)
                .ok()
                .and_then(|s| StatusCode::from_u16(s).ok())
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("bad stored status")))?;
            return Ok(Stored {
                status,
                body,
                location,
                replayed: true,
            });
        }
        diesel::delete(idempotency_keys::table.find((person_id, key))).execute(conn)?;
    }
    let stored = work(conn)?;
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::person_id.eq(person_id),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::request_hash.eq(fingerprint),
            idempotency_keys::status.eq(i32::from(stored.status.as_u16())),
            idempotency_keys::body.eq(&stored.body),
            idempotency_keys::created_at.eq(now.naive_utc()),
            idempotency_keys::location.eq(&stored.location),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(stored),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Err(AppError::new(ErrorCode::IdempotencyKeyInUse)),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_visible_ascii() {
        assert!(IdempotencyKey::parse("0190a000-0000-7000-8000-000000000001").is_ok());
        assert!(IdempotencyKey::parse("").is_err());
        assert!(IdempotencyKey::parse("has space").is_err());
        assert!(IdempotencyKey::parse("ä").is_err());
        assert!(IdempotencyKey::parse(&"k".repeat(256)).is_err());
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_ok());
    }

    #[test]
    fn the_fingerprint_depends_on_route_and_body() {
        #[derive(Serialize)]
        struct B {
            a: u8,
        }
        let one = fingerprint("POST /x", &B { a: 1 }).unwrap();
        assert_eq!(one, fingerprint("POST /x", &B { a: 1 }).unwrap());
        assert_ne!(one, fingerprint("POST /x", &B { a: 2 }).unwrap());
        assert_ne!(one, fingerprint("POST /y", &B { a: 1 }).unwrap());
    }
}
