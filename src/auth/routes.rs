//! `/api/v1/auth/*`: token exchange, refresh, logout, and the demo-only persona login.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rate_limit::RateLimiter;
use super::repo::{self, Rotation};
use super::Actor;
use crate::error::{AppError, ErrorCode};
use crate::input::Json;
use crate::persons::{self, RoleGrant};
use crate::state::AppState;
use crate::vocab::vocabulary;

crate::one_of!(
    /// How to get tokens: with an identity provider's ID token, or with a refresh token.
    TokenRequest by "grant_type" {
        IdToken(IdTokenGrant) = "id_token",
        RefreshToken(RefreshTokenGrant) = "refresh_token",
    }
);

vocabulary!(
    /// An identity provider's ID token.
    IdTokenGrantType, "grant" { IdToken = "id_token" }
);
vocabulary!(
    /// A refresh token.
    RefreshTokenGrantType, "grant" { RefreshToken = "refresh_token" }
);

/// Exchange an OpenID Connect ID token from the identity provider (Suomi.fi).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdTokenGrant {
    pub grant_type: IdTokenGrantType,
    pub id_token: String,
}

/// Exchange a refresh token; it is used up and a new one is returned.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshTokenGrant {
    pub grant_type: RefreshTokenGrantType,
    pub refresh_token: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer …`. Valid for `expires_in` seconds.
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    /// Single use: exchange it for a new pair before the access token expires.
    pub refresh_token: String,
    #[schema(format = Uuid)]
    pub person_id: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DevLoginRequest {
    /// A persona id from `GET /api/v1/auth/dev-personas`, e.g. `client-heinola`.
    pub persona: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DevPersona {
    /// Use this as `persona` in `POST /api/v1/auth/dev-login`.
    pub id: String,
    pub person_id: String,
    pub display_name: String,
    pub description: String,
    pub roles: Vec<RoleGrant>,
}

fn limit(state: &AppState, key: String, now: DateTime<Utc>) -> Result<(), AppError> {
    limit_with(&state.sign_in_limiter, "sign_in", key, now)
}

fn limit_with(
    limiter: &RateLimiter,
    what: &'static str,
    key: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    limiter.check(&key, now).map_err(|seconds| {
        tracing::warn!(
            event = "rate_limited",
            what,
            scope = key.split(':').next().unwrap_or("")
        );
        AppError {
            retry_after: Some(seconds),
            ..AppError::new(ErrorCode::RateLimited)
        }
    })
}

fn address_key(req: &HttpRequest) -> String {
    format!(
        "ip:{}",
        req.peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_default()
    )
}

fn pair(
    state: &AppState,
    person_id: String,
    session_id: &str,
    refresh_token: String,
    now: DateTime<Utc>,
) -> Result<TokenResponse, AppError> {
    let access_token = state
        .tokens
        .issue(&person_id, session_id, now)
        .map_err(AppError::internal)?;
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.ttl_seconds(),
        refresh_token,
        person_id,
    })
}

/// Sign in with an identity provider's ID token, or renew with a refresh token.
///
/// An ID token must be signed with one of the configured public keys and carry `exp`, `iss`,
/// `aud` and `sub`; its personal identity code finds the person, who is created on first sign-in.
/// A refresh token works once. Presenting a used one ends that whole sign-in.
#[utoipa::path(
    operation_id = "exchangeToken",
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 400, description = "The request is not valid; `auth.id_token_not_accepted`: this server has no identity provider, so it takes no ID token (the demo signs in with dev-login)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "The token was not accepted", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts: sign-ins per address or person, refreshes per sign-in (see Retry-After)", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/token")]
pub async fn token(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<TokenRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    match body.into_inner() {
        TokenRequest::IdToken(g) => sign_in(&state, &req, g.id_token, now).await,
        TokenRequest::RefreshToken(g) => refresh(&state, &req, g.refresh_token, now).await,
    }
}

/// A sign-in with an ID token: the person found (or made) by their identity code, a new session.
async fn sign_in(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    id_token: String,
    now: DateTime<Utc>,
) -> Result<HttpResponse, AppError> {
    limit(state, address_key(req), now)?;
    // A server with no identity provider (the demo) has no key to check any ID token
    // with: the client's request cannot be served, which is no fault of the server.
    let verifier = state.identity.as_ref().ok_or_else(|| {
        tracing::info!(
            event = "sign_in_failed",
            method = "id_token",
            reason = "no identity provider"
        );
        AppError::new(ErrorCode::IdTokenNotAccepted)
    })?;
    let identity = verifier.verify(&id_token, now).map_err(|reason| {
        tracing::warn!(event = "sign_in_failed", method = "id_token", ?reason);
        AppError::new(ErrorCode::InvalidIdToken)
    })?;
    // Per-person limit, keyed on a hash so the identity code stays out of memory dumps.
    limit(
        state,
        format!(
            "person:{}",
            super::tokens::sha256_hex(identity.personal_id.as_str())
        ),
        now,
    )?;
    let ttl = state.settings.auth.session_ttl_days;
    let (person_id, created, session_id, refresh) = state
        .door
        .public_write(move |conn, _| {
            let (person, created) = persons::repo::find_or_create(
                conn,
                &identity.personal_id,
                identity.name.as_deref(),
                now,
            )?;
            persons::repo::touch_sign_in(conn, &person.id, now)?;
            // Powers of attorney that name this person before they ever signed in.
            crate::mandates::repo::link_proxy(conn, &person.id, &identity.personal_id)?;
            let (sid, refresh) = repo::start_session(conn, &person.id, now, ttl)?;
            Ok((person.id, created, sid, refresh))
        })
        .await?;
    tracing::info!(event = "sign_in", method = "id_token", person = %person_id, session = %session_id, first_time = created);
    Ok(HttpResponse::Ok().json(pair(state, person_id, &session_id, refresh, now)?))
}

/// A renewal with a refresh token, which works once.
async fn refresh(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    refresh_token: String,
    now: DateTime<Utc>,
) -> Result<HttpResponse, AppError> {
    // Refreshes are limited per sign-in (session), apart from sign-ins per address: a
    // household behind one address, or a phone that refreshes on every resume, must
    // not use up each other's attempts. A session over its limit keeps its token.
    let st = state.clone();
    let outcome = state
        .door
        .public_write(move |conn, _| {
            repo::rotate_refresh_token(conn, &refresh_token, now, |session| {
                limit_with(
                    &st.refresh_limiter,
                    "refresh",
                    format!("session:{session}"),
                    now,
                )
            })
        })
        .await?;
    match outcome {
        Rotation::Rotated(person_id, session_id, refresh) => {
            tracing::info!(event = "refresh", person = %person_id, session = %session_id);
            Ok(HttpResponse::Ok().json(pair(state, person_id, &session_id, refresh, now)?))
        }
        Rotation::Invalid => {
            tracing::warn!(event = "refresh_failed");
            // Guessed or stale tokens count against the address, as sign-ins do.
            limit(state, address_key(req), now)?;
            Err(AppError::new(ErrorCode::InvalidRefreshToken))
        }
        Rotation::Replayed { person_id } => {
            tracing::warn!(event = "refresh_replayed", person = %person_id, "a used refresh token was presented; its session is revoked");
            Err(AppError::new(ErrorCode::RefreshTokenReused))
        }
    }
}

/// Sign out: ends this sign-in. Its access and refresh tokens stop working at once.
#[utoipa::path(
    operation_id = "signOut",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, actor: Actor) -> Result<HttpResponse, AppError> {
    let sid = actor.session_id.clone();
    state
        .door
        .own_write(&actor, move |conn, own| {
            repo::revoke_session(conn, &sid, "logout", own.now)
        })
        .await?;
    tracing::info!(event = "logout", person = %actor.person_id, session = %actor.session_id);
    Ok(HttpResponse::NoContent().finish())
}

/// Demo only: the people you can sign in as. Answers 404 when the server is not in demo mode.
#[utoipa::path(
    operation_id = "listDevPersonas",
    tag = "auth",
    responses(
        (status = 200, description = "The demo personas", body = Vec<DevPersona>),
        (status = 404, description = "Not in demo mode", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/auth/dev-personas")]
pub async fn dev_personas(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    if !state.settings.dev_login {
        return Err(AppError::new(ErrorCode::RouteNotFound));
    }
    let lang = crate::request::request_lang(&req);
    let rows = state
        .door
        .public(|r, _| {
            let conn = r.conn();
            repo::demo_personas(conn)?
                .into_iter()
                .map(|(slug, id, name)| Ok((slug, persons::repo::roles(conn, &id)?, id, name)))
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await?;
    let personas: Vec<DevPersona> = rows
        .into_iter()
        .map(|(slug, roles, person_id, display_name)| DevPersona {
            description: state.i18n.text(lang, &format!("persona-{slug}"), &vec![]),
            id: slug,
            person_id,
            display_name,
            roles,
        })
        .collect();
    Ok(HttpResponse::Ok().json(personas))
}

/// Demo only: sign in as a demo persona, with the same token pair a real sign-in gives.
#[utoipa::path(
    operation_id = "devSignIn",
    tag = "auth",
    request_body = DevLoginRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 404, description = "Not in demo mode", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such persona", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many sign-ins from this address (see Retry-After)", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/dev-login")]
pub async fn dev_login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<DevLoginRequest>,
) -> Result<HttpResponse, AppError> {
    if !state.settings.dev_login {
        return Err(AppError::new(ErrorCode::RouteNotFound));
    }
    let now = state.clock.now();
    limit(&state, address_key(&req), now)?;
    let slug = body.into_inner().persona;
    let ttl = state.settings.auth.session_ttl_days;
    let (person_id, session_id, refresh) = state
        .door
        .public_write(move |conn, _| {
            let person_id =
                repo::demo_person(conn, &slug)?.ok_or(AppError::new(ErrorCode::UnknownPersona))?;
            persons::repo::touch_sign_in(conn, &person_id, now)?;
            let (sid, refresh) = repo::start_session(conn, &person_id, now, ttl)?;
            Ok((person_id, sid, refresh))
        })
        .await?;
    tracing::info!(event = "sign_in", method = "dev_login", person = %person_id, session = %session_id);
    Ok(HttpResponse::Ok().json(pair(&state, person_id, &session_id, refresh, now)?))
}
