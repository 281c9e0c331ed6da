//! The state every worker and request shares: settings, the database, the clock, the texts, the
//! token service and the door (`access::door`) with what reads keep in memory. Features take it as
//! `web::Data<AppState>`; it knows nothing of the route table (`app.rs`).

use std::sync::Arc;

use actix_web::{web, FromRequest, HttpRequest};

use crate::access::door::Door;
use crate::access::journal::Journal;
use crate::auth::id_token::IdentityVerifier;
use crate::auth::rate_limit::RateLimiter;
use crate::auth::tokens::TokenService;
use crate::auth::{Actor, Bearer, Caller};
use crate::clock::SharedClock;
use crate::config::Settings;
use crate::db::cache::Caches;
use crate::db::{Backend, DatabaseUrl, Db};
use crate::error::{AppError, ErrorCode};
use crate::events::hub::Hub;
use crate::events::listen::Listener;
use crate::i18n::Localizer;
use crate::request::RequestMeta;

/// Wrong site codes a person may send in a window, and the window in seconds.
pub const CODE_TRIES: u32 = 5;
pub const CODE_TRIES_WINDOW_SECONDS: i64 = 600;

/// Shared by every worker and request.
pub struct AppState {
    pub settings: Settings,
    pub db: Db,
    pub clock: SharedClock,
    pub i18n: Arc<Localizer>,
    pub tokens: TokenService,
    pub identity: Option<IdentityVerifier>,
    /// Sign-in attempts per address and per person.
    pub sign_in_limiter: RateLimiter,
    /// Refreshes per sign-in (session).
    pub refresh_limiter: RateLimiter,
    /// Powers of attorney a client gives, per client.
    pub mandate_limiter: RateLimiter,
    /// Wrong site codes, per person: a code is six digits, so guesses are few.
    pub code_limiter: RateLimiter,
    /// Seals the sites' presence-code secrets.
    pub site_codes: crate::attendance::code::Sealer,
    /// Messages a person sends, per person.
    pub message_limiter: RateLimiter,
    /// Every write a signed-in person sends, per person.
    pub write_limits: crate::auth::limits::WriteLimits,
    /// The one way to the database: authorization and the access log.
    pub door: Door,
    /// This process's open sockets, to which committed events go.
    pub hub: Arc<Hub>,
    /// The VAPID key that signs every push.
    pub vapid: Arc<crate::push::vapid::Vapid>,
    /// On PostgreSQL, the listener of the other servers' events.
    pub events_listener: Option<Arc<Listener>>,
}

impl AppState {
    pub fn new(settings: Settings, clock: SharedClock) -> anyhow::Result<AppState> {
        settings.validate()?;
        let url = DatabaseUrl::parse(&settings.database_url).map_err(anyhow::Error::msg)?;
        let db = Db::new(&url, settings.database_pool_size)?;
        let identity = settings
            .identity_provider
            .as_ref()
            .map(IdentityVerifier::new)
            .transpose()
            .map_err(anyhow::Error::msg)?;
        let journal = Journal::start(db.clone())?;
        let hub = Hub::new(crate::events::QUEUE);
        let sink = hub.clone();
        db.on_events(Box::new(move |rows| sink.route(rows)));
        let events_listener = match db.backend() {
            Backend::Postgres => Some(Listener::start(db.clone(), hub.clone())?),
            Backend::Sqlite => None,
        };
        let vapid = Arc::new(crate::push::vapid::Vapid::load(&settings.push)?);
        Ok(AppState {
            vapid,
            hub,
            events_listener,
            message_limiter: RateLimiter::new(settings.auth.messages_per_minute, 60),
            write_limits: crate::auth::limits::WriteLimits::new(
                settings.auth.writes_per_minute,
                settings.auth.write_burst,
            ),
            tokens: TokenService::with_keys(&settings.auth, &settings.signing_keys()),
            sign_in_limiter: RateLimiter::new(
                settings.auth.rate_limit_attempts,
                settings.auth.rate_limit_window_seconds,
            ),
            refresh_limiter: RateLimiter::new(
                settings.auth.refresh_rate_limit_attempts,
                settings.auth.refresh_rate_limit_window_seconds,
            ),
            mandate_limiter: RateLimiter::new(settings.auth.mandates_per_hour, 3600),
            code_limiter: RateLimiter::new(CODE_TRIES, CODE_TRIES_WINDOW_SECONDS),
            site_codes: crate::attendance::code::Sealer::with_keys(&settings.signing_keys()),
            i18n: Arc::new(Localizer::new().map_err(anyhow::Error::msg)?),
            door: Door::new(
                db.clone(),
                journal,
                Arc::new(Caches::default()),
                clock.clone(),
            ),
            identity,
            db,
            clock,
            settings,
        })
    }
}

impl AppState {
    /// Starts the housekeeping (`db::sweep`): expired rows, and the write limits' idle counts.
    pub fn start_housekeeping(
        state: &web::Data<AppState>,
    ) -> std::io::Result<crate::db::sweep::Sweeper> {
        let settings = &state.settings;
        let keep = crate::db::sweep::Keep {
            push_jobs: chrono::Duration::days(settings.housekeeping.push_jobs_kept_days.into()),
            events: chrono::Duration::days(settings.auth.session_ttl_days),
            batch: settings.housekeeping.batch.into(),
        };
        let every = std::time::Duration::from_secs(settings.housekeeping.every_seconds);
        let limits = state.clone();
        crate::db::sweep::Sweeper::start(
            state.db.clone(),
            state.clock.clone(),
            keep,
            every,
            move || {
                limits.write_limits.forget_idle();
            },
        )
    }

    /// The refusal of a write beyond the person's limit (`auth::limits`), before any handler
    /// runs; `None` lets the request through.
    pub fn write_refused(&self, req: &HttpRequest) -> Option<AppError> {
        if !crate::auth::limits::counts(req.method(), req.path()) {
            return None;
        }
        let token = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::auth::bearer_token);
        let seconds = self
            .write_limits
            .check(&self.tokens, token, self.clock.now())
            .err()?;
        tracing::info!(
            event = "too_many_writes",
            seconds,
            "a person's writes were held back"
        );
        Some(AppError {
            retry_after: Some(seconds),
            ..AppError::new(ErrorCode::TooManyWrites)
        })
    }
}

impl AppState {
    /// What the push sender works with.
    pub fn push_sending(&self) -> crate::push::worker::Sending {
        crate::push::worker::Sending {
            db: self.db.clone(),
            clock: self.clock.clone(),
            i18n: self.i18n.clone(),
            vapid: self.vapid.clone(),
            settings: self.settings.push.clone(),
        }
    }
}

fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no application state")))
}

fn bearer_of(req: &HttpRequest, state: &AppState) -> Result<Bearer, AppError> {
    Bearer::from_header(
        req.headers().get(actix_web::http::header::AUTHORIZATION),
        &state.tokens,
        state.clock.now(),
        RequestMeta::from_request(req),
        req.path(),
    )
}

/// A token checked by its signature; the door checks its session in the read it makes anyway.
impl FromRequest for Caller {
    type Error = AppError;
    type Future = std::future::Ready<Result<Caller, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(app_state(req).and_then(|state| {
            Ok(Caller {
                bearer: bearer_of(req, &state)?,
                req: req.clone(),
            })
        }))
    }
}

/// The signed-in person, checked against the database in a read of its own.
impl FromRequest for Actor {
    type Error = AppError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Actor, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = app_state(&req)?;
            let bearer = bearer_of(&req, &state)?;
            let actor = state.door.signed_in(bearer).await?;
            actor.mark(&req);
            Ok(actor)
        })
    }
}
