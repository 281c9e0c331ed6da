//! The state every worker and request shares: settings, the database, the clock, the texts, the
//! token service, and the caches behind them. Features take it as `web::Data<AppState>`; it knows
//! nothing of the route table (`app.rs`).

use std::sync::Arc;

use actix_web::{web, FromRequest, HttpRequest};

use crate::access::{self, Access, Action, ClientRef};
use crate::auth::id_token::IdentityVerifier;
use crate::auth::rate_limit::RateLimiter;
use crate::auth::tokens::TokenService;
use crate::auth::{Actor, Bearer};
use crate::clients::records::{Counters, Records};
use crate::clock::SharedClock;
use crate::config::Settings;
use crate::db::{DatabaseUrl, Db, DbConnection};
use crate::error::AppError;
use crate::i18n::Localizer;
use crate::request::RequestMeta;

/// Shared by every worker and request.
pub struct AppState {
    pub settings: Settings,
    pub db: Db,
    pub clock: SharedClock,
    pub i18n: Localizer,
    pub tokens: TokenService,
    pub identity: Option<IdentityVerifier>,
    pub sign_in_limiter: RateLimiter,
    /// The approved providers' offers, in memory for the search.
    pub catalog: crate::providers::catalog::Catalog,
    /// Rulebooks by id, read once (they are never edited).
    pub terms: crate::rulebooks::TermsCache,
    /// Commits the access-log rows of read-only requests in groups.
    pub journal: crate::access::journal::Journal,
    /// The signed-in sessions checked so far, valid while `auth_version` stands still.
    pub sessions: std::sync::Arc<crate::auth::cache::SessionCache>,
    /// Clients' records and vouchers read so far, valid while `client_version` stands still.
    pub records: Arc<Records>,
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
        Ok(AppState {
            tokens: TokenService::new(&settings.auth, &settings.signing_key_bytes()),
            sign_in_limiter: RateLimiter::new(
                settings.auth.rate_limit_attempts,
                settings.auth.rate_limit_window_seconds,
            ),
            i18n: Localizer::new().map_err(anyhow::Error::msg)?,
            catalog: Default::default(),
            terms: Default::default(),
            sessions: std::sync::Arc::new(crate::auth::cache::SessionCache::new(
                crate::auth::cache::MAX_SESSIONS,
            )),
            records: Default::default(),
            journal: crate::access::journal::Journal::start(db.clone())?,
            identity,
            db,
            clock,
            settings,
        })
    }

    /// Authorizes `action` on the client named in the path and runs `work`, with the access-log
    /// row committed before anything is answered. The only way routes reach client data. A change
    /// commits with its log row in one write transaction; a read runs on a read connection,
    /// without SQLite's write lock, and its log row is then committed by the access-log writer
    /// with the rows of other reads, one turn at the write lock for the group (see
    /// [`access::journal`]).
    pub async fn for_client<T, F>(
        &self,
        actor: &Actor,
        client: &str,
        action: Action,
        work: F,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, &Access) -> Result<T, AppError> + Send + 'static,
    {
        let client = ClientRef::parse(client)?;
        let actor = actor.clone();
        let now = self.clock.now();
        if action.only_reads() {
            // A read runs on any pooled connection, side by side with other reads; its log row
            // is then committed with the rows of other reads (see [`access::journal`]) before
            // anything is answered. SQLite's one write lock is not held for the read.
            let (access, out) = self
                .db
                .read(move |conn| {
                    let access = access::authorize(conn, &actor, &client, action, now)?;
                    let out = work(conn, &access)?;
                    Ok(((access, actor), out))
                })
                .await?;
            let (access, actor) = access;
            self.log_read(&actor, &access, now).await?;
            return Ok(out);
        }
        self.db
            .write(move |conn| {
                let access = access::authorize(conn, &actor, &client, action, now)?;
                let resource = access::canonical_resource(&actor.path, access.client_id());
                access::record(conn, &access, &resource, &actor.request_id, now)?;
                work(conn, &access)
            })
            .await
    }

    /// [`AppState::for_client`] for a read-only action of a caller not yet checked against the
    /// database: the session check, the authorization and the work share one read, one trip to
    /// the pool instead of two. The work is given the caller; so is the answer. Only for actions that
    /// [`Action::only_reads`]: the log row is committed after the read, not with it.
    pub async fn for_client_bearer<T, F>(
        &self,
        req: &actix_web::HttpRequest,
        bearer: Bearer,
        client: &str,
        action: Action,
        work: F,
    ) -> Result<(Actor, T), AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection, &Actor, &Access, Counters) -> Result<T, AppError>
            + Send
            + 'static,
    {
        if !action.only_reads() {
            return Err(AppError::internal(anyhow::anyhow!(
                "for_client_bearer is for reads; {} writes",
                action.code()
            )));
        }
        let client = client.to_string();
        let now = self.clock.now();
        let st = self.records.clone();
        let (actor, done) = self
            .db
            .read(move |conn| {
                let counters = Counters::read(conn)?;
                // A bad token or an ended session is answered before anything about the client.
                let actor = bearer.load_at(conn, counters.auth)?;
                let done = ClientRef::parse(&client)
                    .and_then(|client| {
                        access::authorize_with(conn, &actor, &client, action, now, |conn, id| {
                            st.client(conn, counters.clients, id)
                        })
                    })
                    .and_then(|access| {
                        work(conn, &actor, &access, counters).map(|out| (access, out))
                    });
                Ok((actor, done))
            })
            .await?;
        actor.mark(req);
        let (access, out) = done?;
        self.log_read(&actor, &access, now).await?;
        Ok((actor, out))
    }

    /// Commits the access-log row of a read, with the rows of other reads.
    async fn log_read(
        &self,
        actor: &Actor,
        access: &Access,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), AppError> {
        let resource = access::canonical_resource(&actor.path, access.client_id());
        self.journal
            .record(access::LogRow::new(
                access,
                &resource,
                &actor.request_id,
                now,
            ))
            .await
    }
}

fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no application state")))
}

impl FromRequest for Bearer {
    type Error = AppError;
    type Future = std::future::Ready<Result<Bearer, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(app_state(req).and_then(|state| bearer_of(req, &state)))
    }
}

fn bearer_of(req: &HttpRequest, state: &AppState) -> Result<Bearer, AppError> {
    let meta = RequestMeta::from_request(req);
    Bearer::from_header(
        req.headers().get(actix_web::http::header::AUTHORIZATION),
        &state.tokens,
        state.sessions.clone(),
        state.clock.now(),
        meta,
        req.path(),
    )
}

impl FromRequest for Actor {
    type Error = AppError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Actor, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = app_state(&req)?;
            let bearer = bearer_of(&req, &state)?;
            let actor = state.db.read(move |conn| bearer.load(conn)).await?;
            actor.mark(&req);
            Ok(actor)
        })
    }
}
