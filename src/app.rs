//! The application: shared state, the one route table, the middleware that gives every request
//! an id, a language and problem+json errors, and the server.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::body::BoxBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{web, App, HttpMessage, HttpRequest, HttpResponse, HttpServer};
use serde::{Deserialize, Serialize};
use tracing::Instrument;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_actix_web::{scope, AppExt};

use crate::access::{self, Access, Action, ClientRef};
use crate::auth::id_token::IdentityVerifier;
use crate::auth::rate_limit::RateLimiter;
use crate::auth::tokens::TokenService;
use crate::auth::{Actor, Bearer, PersonLang};
use crate::clients::records::{Counters, Records};
use crate::clock::SharedClock;
use crate::config::Settings;
use crate::db::{DatabaseUrl, Db, DbConnection};
use crate::error::{AppError, ErrorCode};
use crate::i18n::{self, Lang, Localizer};

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
    routes: RouteTable,
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
            routes: RouteTable::from_openapi(&openapi()),
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
    /// commits with its log row in one write transaction; a read runs on a read connection and
    /// its log row commits right after it (so reads do not queue for SQLite's write lock).
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

/// Per-request facts the middleware works out before the handler runs.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub request_id: String,
    /// The language `Accept-Language` asked for, if it named one of ours.
    pub header_lang: Option<Lang>,
}

/// An error, as RFC 9457 `application/problem+json`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// `urn:seteli:problem:<code>`
    #[serde(rename = "type")]
    pub problem_type: String,
    /// What went wrong, in the caller's language.
    pub title: String,
    pub status: u16,
    /// What to do about it, in the caller's language.
    pub detail: String,
    /// Stable machine-readable code, e.g. `auth.invalid_token`.
    pub code: String,
    /// Quote this when asking for help.
    pub request_id: String,
}

struct SecurityAddon;

impl Modify for SecurityAddon {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Seteli API",
        description = "Service vouchers for rehabilitative work activity and social rehabilitation. \
            Errors are application/problem+json with a stable `code`; texts follow Accept-Language (fi, sv, en).",
        license(name = "EUPL-1.2")
    ),
    modifiers(&SecurityAddon),
    components(schemas(Problem)),
    tags(
        (name = "ops", description = "Health and readiness"),
        (name = "auth", description = "Sign-in and tokens"),
        (name = "me", description = "The signed-in person"),
        (name = "clients", description = "A client's data: the client, a helper with a power of attorney, or their caseworker"),
        (name = "rulebooks", description = "The municipalities' rules for each service, as the server enforces them"),
        (name = "vouchers", description = "The voucher wallet: what a client has, what it is worth, what is left"),
        (name = "caseworker", description = "A caseworker's work: vouchers, powers of attorney, provider registrations and approvals"),
        (name = "providers", description = "Choosing a provider: search under the 0–20 km rule, compare side by side, public profiles"),
        (name = "provider", description = "Provider staff publish their sites and what each offers"),
    )
)]
struct ApiDoc;

/// The one route table. Every handler is registered through `service(..)` so it is in the
/// OpenAPI document; the document is built from this same function.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(crate::ops::healthz)
        .service(crate::ops::readyz)
        .service(
            // actix tries routes in this order and matches each path with parameters by a
            // regular expression, so the most frequent, the search and the wallet, come first.
            scope::scope("/api/v1")
                .service(crate::providers::routes::search)
                .service(crate::vouchers::routes::list)
                .service(crate::vouchers::routes::one)
                .service(crate::auth::routes::token)
                .service(crate::auth::routes::logout)
                .service(crate::auth::routes::dev_personas)
                .service(crate::auth::routes::dev_login)
                .service(crate::persons::routes::me)
                .service(crate::persons::routes::set_language)
                .service(crate::persons::routes::end_all_sessions)
                .service(crate::clients::routes::client)
                .service(crate::access::routes::access_log_page)
                .service(crate::vouchers::routes::issue)
                .service(crate::vouchers::routes::change)
                .service(crate::rulebooks::routes::in_force_list)
                .service(crate::mandates::routes::create_mandate)
                .service(crate::mandates::routes::list_mandates)
                .service(crate::mandates::routes::revoke_mandate)
                .service(crate::mandates::routes::register_mandate)
                .service(crate::mandates::routes::pending_mandates)
                .service(crate::mandates::routes::approve_mandate)
                .service(crate::mandates::routes::reject_mandate)
                .service(crate::mandates::routes::my_mandates)
                .service(crate::mandates::routes::decline_mandate)
                .service(crate::mandates::routes::renounce_mandate)
                .service(crate::providers::routes::compare)
                .service(crate::providers::routes::profile)
                .service(crate::providers::routes::register)
                .service(crate::providers::routes::decide_approval)
                .service(crate::providers::routes::create_site)
                .service(crate::providers::routes::update_site)
                .service(crate::providers::routes::put_offering),
        );
}

/// The OpenAPI document, generated from the real handlers. `seteli openapi` prints it and
/// `openapi/openapi.json` is this, committed.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(configure)
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    doc
}

/// The document as committed: pretty JSON with a final newline.
pub fn openapi_json() -> String {
    let mut s = openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serializes");
    s.push('\n');
    s
}

/// Path templates and their methods, for telling "no such address" (404) from "wrong method"
/// (405).
struct RouteTable(Vec<(Vec<Option<String>>, Vec<String>)>);

impl RouteTable {
    fn from_openapi(doc: &utoipa::openapi::OpenApi) -> RouteTable {
        let mut routes = Vec::new();
        for (path, item) in doc.paths.paths.iter() {
            let methods: Vec<String> = [
                (item.get.is_some(), "GET"),
                (item.put.is_some(), "PUT"),
                (item.post.is_some(), "POST"),
                (item.delete.is_some(), "DELETE"),
                (item.patch.is_some(), "PATCH"),
            ]
            .into_iter()
            .filter(|(has, _)| *has)
            .map(|(_, m)| m.to_string())
            .collect();
            routes.push((Self::segments(path), methods));
        }
        routes.push((Self::segments("/openapi.json"), vec!["GET".into()]));
        RouteTable(routes)
    }

    fn segments(template: &str) -> Vec<Option<String>> {
        template
            .trim_start_matches('/')
            .split('/')
            .map(|s| (!s.starts_with('{')).then(|| s.to_string()))
            .collect()
    }

    fn allowed(&self, path: &str) -> Vec<String> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut allowed = Vec::new();
        for (template, methods) in &self.0 {
            let matches = template.len() == parts.len()
                && template
                    .iter()
                    .zip(&parts)
                    .all(|(t, p)| t.as_deref().is_none_or(|t| t == *p) && !p.is_empty());
            if matches {
                allowed.extend(methods.iter().cloned());
            }
        }
        allowed.sort();
        allowed.dedup();
        allowed
    }
}

/// Requests that match no route: 405 with `Allow` when the address exists, else 404.
async fn no_route(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let allowed = state.routes.allowed(req.path());
    if allowed.is_empty() {
        Err(AppError::new(ErrorCode::RouteNotFound))
    } else {
        Err(AppError {
            allow: Some(allowed.join(", ")),
            ..AppError::new(ErrorCode::MethodNotAllowed)
        })
    }
}

/// The limit in the message is the configured one; `render_problem` fills it in.
fn json_error(err: actix_web::error::JsonPayloadError) -> AppError {
    use actix_web::error::JsonPayloadError as J;
    match err {
        J::Overflow { .. }
        | J::OverflowKnownLength { .. }
        | J::Payload(actix_web::error::PayloadError::Overflow) => {
            AppError::new(ErrorCode::BodyTooLarge)
        }
        J::ContentType => AppError::new(ErrorCode::UnsupportedMediaType),
        J::Deserialize(e) => serde_error(&e),
        _ => AppError::new(ErrorCode::BadRequest),
    }
}

/// Turns a body that did not parse into the most helpful code we can name.
pub fn serde_error(e: &serde_json::Error) -> AppError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof => AppError::new(ErrorCode::MalformedJson),
        Category::Io => AppError::new(ErrorCode::BadRequest),
        Category::Data => {
            let message = e.to_string();
            let quoted = |prefix: &str| {
                let start = message.find(prefix)? + prefix.len();
                let len = message[start..].find('`')?;
                Some(
                    message[start..start + len]
                        .chars()
                        .take(64)
                        .collect::<String>(),
                )
            };
            if let Some(field) = quoted("unknown field `") {
                AppError::new(ErrorCode::UnknownField).arg("field", field)
            } else if let Some(field) = quoted("missing field `") {
                AppError::new(ErrorCode::MissingField).arg("field", field)
            } else {
                AppError::new(ErrorCode::InvalidValue)
            }
        }
    }
}

fn request_id_from(req: &actix_web::dev::ServiceRequest) -> String {
    // A caller's own id is kept when it is short and plain, so logs can be joined across hops.
    req.headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string())
}

/// Writes the problem+json body of an error response in the caller's language, and logs 5xx
/// causes. Responses that are not errors pass through untouched.
fn render_problem(res: ServiceResponse<BoxBody>, meta: &RequestMeta) -> ServiceResponse<BoxBody> {
    let status = res.status();
    if status.as_u16() < 400 {
        return res;
    }
    let already = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    if already {
        return res;
    }
    let Some(state) = res.request().app_data::<web::Data<AppState>>().cloned() else {
        return res;
    };
    let from_handler = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    let (code, mut args, retry_after, allow) = match from_handler {
        Some(e) => (e.code, e.args.clone(), e.retry_after, e.allow.clone()),
        None => (ErrorCode::for_status(status), Vec::new(), None, None),
    };
    let status = if from_handler.is_some() {
        code.status()
    } else {
        status
    };
    if status.is_server_error() {
        let cause = res
            .response()
            .error()
            .map(|e| e.to_string())
            .unwrap_or_default();
        tracing::error!(code = code.as_str(), %cause, "request failed");
    }
    let lang = meta
        .header_lang
        .or_else(|| res.request().extensions().get::<PersonLang>().map(|p| p.0))
        .unwrap_or_default();
    // Placeholders that follow from the error's own fields or the settings are filled here, in
    // one place, so no error site has to repeat them.
    args.push(("request_id", meta.request_id.clone().into()));
    match code {
        ErrorCode::BodyTooLarge => args.push((
            "limit_kb",
            ((state.settings.json_limit_bytes / 1024) as u64).into(),
        )),
        ErrorCode::RateLimited => args.push(("seconds", retry_after.unwrap_or(60).into())),
        ErrorCode::MethodNotAllowed => {
            args.push(("allow", allow.clone().unwrap_or_default().into()))
        }
        _ => {}
    }
    let id = code.message_id();
    let problem = Problem {
        problem_type: format!("urn:seteli:problem:{}", code.as_str()),
        title: state.i18n.text(lang, &id, &args),
        status: status.as_u16(),
        detail: state
            .i18n
            .attr(lang, &id, "detail", &args)
            .unwrap_or_default(),
        code: code.as_str().to_string(),
        request_id: meta.request_id.clone(),
    };
    let mut builder = HttpResponse::build(status);
    builder
        .content_type("application/problem+json")
        .insert_header((header::CONTENT_LANGUAGE, lang.code()));
    if let Some(seconds) = retry_after {
        builder.insert_header((header::RETRY_AFTER, seconds.to_string()));
    }
    if let Some(allow) = allow {
        builder.insert_header((header::ALLOW, allow));
    }
    let body = serde_json::to_string(&problem).unwrap_or_default();
    res.into_response(builder.body(body))
}

/// A running server.
pub struct Application {
    server: actix_web::dev::Server,
    port: u16,
    state: web::Data<AppState>,
}

impl Application {
    /// Validates settings, prepares the database (migrations when enabled), binds the address.
    pub fn build(settings: Settings, clock: SharedClock) -> anyhow::Result<Application> {
        let workers = settings.workers;
        let bind = settings.bind.clone();
        let run_migrations = settings.run_migrations;
        let state = AppState::new(settings, clock)?;
        if run_migrations {
            let mut conn = state
                .db
                .get()
                .map_err(|e| anyhow::anyhow!("cannot open the database: {e}"))?;
            let applied = crate::db::run_migrations(&mut conn)?;
            if !applied.is_empty() {
                tracing::info!(count = applied.len(), "applied migrations");
            }
        }
        let listener = TcpListener::bind(&bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?;
        Self::from_listener(state, listener, workers)
    }

    fn from_listener(
        state: AppState,
        listener: TcpListener,
        workers: Option<usize>,
    ) -> anyhow::Result<Application> {
        let port = listener.local_addr()?.port();
        let state = web::Data::new(state);
        let data = state.clone();
        let doc = Arc::new(openapi());
        let mut server = HttpServer::new(move || {
            let limit = data.settings.json_limit_bytes;
            let (app, _) = App::new()
                .into_utoipa_app()
                .openapi((*doc).clone())
                .app_data(data.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(limit)
                        .content_type_required(true)
                        .error_handler(|err, _| json_error(err).into()),
                )
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| AppError::not_found().into()),
                )
                .app_data(
                    web::QueryConfig::default()
                        .error_handler(|_, _| AppError::new(ErrorCode::InvalidQuery).into()),
                )
                .configure(configure)
                .openapi_service(|api| {
                    utoipa_swagger_ui::SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", api)
                })
                .split_for_parts();
            app.default_service(web::to(no_route)).wrap_fn(|req, srv| {
                let meta = RequestMeta {
                    request_id: request_id_from(&req),
                    header_lang: req
                        .headers()
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok())
                        .and_then(i18n::negotiate),
                };
                req.extensions_mut().insert(meta.clone());
                let span = tracing::info_span!(
                    "request",
                    request_id = %meta.request_id,
                    method = %req.method(),
                    path = %req.path(),
                    person = tracing::field::Empty,
                );
                let started = Instant::now();
                let call = srv.call(req);
                async move {
                    // Handler errors arrive as responses carrying the error; an `Err`
                    // here comes from outside any handler and passes through as it is.
                    let res = render_problem(call.await?.map_into_boxed_body(), &meta);
                    let mut res = res;
                    if let Ok(v) = HeaderValue::from_str(&meta.request_id) {
                        res.headers_mut()
                            .insert(HeaderName::from_static("x-request-id"), v);
                    }
                    tracing::info!(
                        status = res.status().as_u16(),
                        ms = started.elapsed().as_millis() as u64,
                        "request"
                    );
                    Ok::<_, actix_web::Error>(res)
                }
                .instrument(span)
            })
        })
        .listen(listener)?
        .shutdown_timeout(10);
        if let Some(n) = workers {
            server = server.workers(n);
        }
        Ok(Application {
            server: server.run(),
            port,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// A handle that stops the server gracefully.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes in-flight requests (up to 10 s).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// How long `/readyz` waits for the database.
pub const READY_TIMEOUT: Duration = Duration::from_secs(2);
