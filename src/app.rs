//! The application: shared state, the one route table, the middleware that gives every request
//! an id, a language and problem+json errors, and the server.

use std::net::TcpListener;
use std::time::Instant;

use actix_web::dev::Service;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::{web, App, HttpMessage, HttpRequest, HttpResponse, HttpServer};
use tracing::Instrument;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::RefOr;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, AppExt};

use crate::clock::SharedClock;
use crate::config::Settings;
use crate::error::{render_problem, AppError, ErrorCode, Problem};
use crate::request::{RequestMeta, MAX_HEADERS, MAX_HEADER_BYTES};
use crate::state::AppState;

mod answers;
mod document;
mod examples;
mod listen;

use listen::{blocking_threads, listen};

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
            Errors are application/problem+json with a stable `code`; texts follow Accept-Language (fi, sv, en). \
            A method an address does not serve answers 405 with `Allow` naming the ones it does.",
        license(name = "EUPL-1.2")
    ),
    modifiers(&SecurityAddon),
    components(schemas(Problem, crate::vocab::Meal)),
    tags(
        (name = "ops", description = "Health and readiness"),
        (name = "auth", description = "Sign-in and tokens"),
        (name = "me", description = "The signed-in person"),
        (name = "clients", description = "A client's data: the client, a helper with a power of attorney, or their caseworker"),
        (name = "rulebooks", description = "The municipalities' rules for each service, as the server enforces them"),
        (name = "vouchers", description = "The voucher wallet: what a client has, what it is worth, what is left"),
        (name = "caseworker", description = "A caseworker's work: vouchers, powers of attorney, provider registrations and approvals"),
        (name = "providers", description = "Choosing a provider: search under the 0–20 km rule, compare side by side, public profiles"),
        (name = "provider", description = "Provider staff: sites and what each offers, intro-visit slots, and their answer to a visit"),
        (name = "billing", description = "A month's billing of realised days: the provider's report, its submission, and the city's view, in JSON or CSV"),
        (name = "push", description = "Web Push to my devices when the app is closed: subscriptions, what pushes, quiet hours"),
        (name = "chat", description = "Messages between a client and a provider's staff or the city's caseworkers, with read receipts"),
    )
)]
struct ApiDoc;

/// Writes the one route table (`configure`) and, from the same list, what each handler brings
/// into the document's schemas (`schemas_by_handler`): the document keeps one schema per name,
/// so two types of one name would otherwise overwrite each other unseen.
macro_rules! route_table {
    (root: [$($root:path),* $(,)?], api: [$($api:path),* $(,)?] $(,)?) => {
        /// The one route table. Every handler is registered through `service(..)` so it is in the
        /// OpenAPI document; the document is built from this same function.
        pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
            cfg$(.service($root))*.service(
                // actix tries routes in this order and matches each path with parameters by a
                // regular expression, so the most frequent, the search and the wallet, come first.
                scope::scope("/api/v1")$(.service($api))*,
            );
        }

        /// Each handler's name with every schema it brings into the document, nested ones too.
        pub fn schemas_by_handler() -> Vec<(&'static str, Vec<(String, RefOr<Schema>)>)> {
            let mut all = Vec::new();
            $(
                let mut schemas = Vec::new();
                utoipa_actix_web::OpenApiFactory::schemas(&$root, &mut schemas);
                all.push((stringify!($root), schemas));
            )*
            $(
                let mut schemas = Vec::new();
                utoipa_actix_web::OpenApiFactory::schemas(&$api, &mut schemas);
                all.push((stringify!($api), schemas));
            )*
            all
        }
    };
}

route_table! {
    root: [crate::ops::healthz, crate::ops::readyz],
    api: [
        crate::providers::routes::search::search,
        crate::vouchers::routes::list,
        crate::vouchers::routes::one,
        crate::auth::routes::token,
        crate::auth::routes::logout,
        crate::auth::routes::dev_personas,
        crate::auth::routes::dev_login,
        crate::persons::routes::me,
        crate::persons::routes::set_language,
        crate::persons::routes::set_work_contact,
        crate::persons::routes::end_all_sessions,
        crate::clients::routes::client,
        crate::access::routes::access_log_page,
        crate::vouchers::routes::issue,
        crate::vouchers::routes::change,
        crate::rulebooks::routes::in_force_list,
        crate::mandates::routes::client::create_mandate,
        crate::mandates::routes::client::list_mandates,
        crate::mandates::routes::client::one_mandate,
        crate::mandates::routes::client::revoke_mandate,
        crate::mandates::routes::caseworker::register_mandate,
        crate::mandates::routes::caseworker::pending_mandates,
        crate::mandates::routes::caseworker::approve_mandate,
        crate::mandates::routes::caseworker::reject_mandate,
        crate::mandates::routes::caseworker::end_guardianship,
        crate::mandates::routes::helper::my_mandates,
        crate::mandates::routes::helper::decline_mandate,
        crate::mandates::routes::helper::renounce_mandate,
        crate::providers::routes::search::compare,
        crate::providers::routes::public::profile,
        crate::providers::routes::caseworker::register,
        crate::providers::routes::caseworker::decide_approval,
        crate::providers::routes::staff::create_site,
        crate::providers::routes::staff::update_site,
        crate::providers::routes::staff::put_offering,
        crate::visits::routes::public::slots,
        crate::home::routes::client_home,
        crate::home::routes::staff_home,
        crate::visits::routes::client::list,
        crate::visits::routes::client::book,
        crate::visits::routes::client::calendar,
        crate::visits::routes::client::one,
        crate::visits::routes::client::cancel,
        crate::visits::routes::client::move_visit,
        crate::visits::routes::client::answer_queue,
        crate::agreements::routes::agreements,
        crate::agreements::routes::one,
        crate::agreements::routes::life::confirm,
        crate::agreements::routes::life::propose_ending,
        crate::agreements::routes::life::propose_ending_as_provider,
        crate::agreements::routes::life::consent,
        crate::agreements::routes::life::decline,
        crate::agreements::routes::life::end,
        crate::agreements::routes::life::interrupt,
        crate::agreements::routes::life::record_document,
        crate::agreements::routes::group::delay_group,
        crate::agreements::routes::group::cancel_group,
        crate::attendance::routes::client::check_in,
        crate::attendance::routes::client::report_absence,
        crate::attendance::routes::client::one_day,
        crate::attendance::routes::client::month,
        crate::attendance::routes::client::cancel_meeting,
        crate::attendance::routes::staff::list,
        crate::attendance::routes::staff::confirm,
        crate::attendance::routes::staff::correct,
        crate::attendance::routes::staff::reject,
        crate::attendance::routes::staff::record_day,
        crate::attendance::routes::staff::record_absence,
        crate::attendance::routes::meetings::add,
        crate::attendance::routes::meetings::move_meeting,
        crate::attendance::routes::meetings::cancel,
        crate::attendance::routes::meetings::no_show,
        crate::attendance::routes::meetings::site_code,
        crate::visits::routes::staff::list_slots,
        crate::visits::routes::staff::get_slot,
        crate::visits::routes::staff::create_slot,
        crate::visits::routes::staff::update_slot,
        crate::visits::routes::staff::withdraw_slot,
        crate::visits::routes::answers::outcome,
        crate::visits::routes::answers::accept,
        crate::visits::routes::answers::refuse,
        crate::visits::routes::answers::offer_queue,
        crate::visits::routes::caseworker::deadlines,
        crate::inbox::routes::list_inbox,
        crate::notifications::routes::inbox,
        crate::notifications::routes::mark_read,
        crate::push::routes::vapid_public_key,
        crate::push::routes::subscribe,
        crate::push::routes::list,
        crate::push::routes::one,
        crate::push::routes::unsubscribe,
        crate::push::routes::settings,
        crate::push::routes::set_settings,
        crate::chat::routes::list_threads,
        crate::chat::routes::open_thread,
        crate::chat::routes::one_thread,
        crate::chat::routes::history,
        crate::chat::routes::send,
        crate::chat::routes::mark_read,
        crate::billing::routes::provider,
        crate::billing::routes::submit,
        crate::billing::routes::city,
        crate::events::routes::my_events,
        crate::events::routes::open_socket,
    ],
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
    document::common_answers(&mut doc);
    answers::document_not_modified(&mut doc);
    answers::document_headers(&mut doc);
    examples::document_examples(&mut doc);
    let personas: Vec<&str> = crate::demo::PERSONAS.iter().map(|p| p.slug).collect();
    examples::document_personas(&mut doc, &personas);
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

/// One segment of a path template: fixed text, or a parameter with the fixed text around it
/// (`{visit_id}.ics` is a parameter followed by `.ics`).
enum Segment {
    Fixed(String),
    Param { prefix: String, suffix: String },
}

impl Segment {
    fn parse(template: &str) -> Segment {
        match (template.find('{'), template.rfind('}')) {
            (Some(open), Some(close)) if open < close => Segment::Param {
                prefix: template[..open].to_string(),
                suffix: template[close + 1..].to_string(),
            },
            _ => Segment::Fixed(template.to_string()),
        }
    }

    /// Whether `part` fits, as the router matches it: the fixed text around a parameter must be
    /// there, and the parameter must not be empty. No id, code or day of the API has a dot, so a
    /// parameter never holds one: `{visit_id}` is not `x.ics`, and `0.5` is no visit at all.
    fn fits(&self, part: &str) -> bool {
        match self {
            Segment::Fixed(text) => text == part,
            Segment::Param { prefix, suffix } => part
                .strip_prefix(prefix.as_str())
                .and_then(|rest| rest.strip_suffix(suffix.as_str()))
                .is_some_and(|param| !param.is_empty() && !param.contains('.')),
        }
    }

    /// How much of the segment is fixed: all of it, some of it, or none.
    fn rank(&self) -> u8 {
        match self {
            Segment::Fixed(_) => 2,
            Segment::Param { prefix, suffix } if !prefix.is_empty() || !suffix.is_empty() => 1,
            Segment::Param { .. } => 0,
        }
    }
}

/// Path templates and their methods, for telling "no such address" (404) from "wrong method"
/// (405), and for naming the methods an address allows.
struct RouteTable(Vec<(Vec<Segment>, Vec<String>)>);

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
            let mut methods = methods;
            if item.get.is_some() {
                methods.push("HEAD".into());
            }
            routes.push((Self::segments(path), methods));
        }
        routes.push((
            Self::segments("/openapi.json"),
            vec!["GET".into(), "HEAD".into()],
        ));
        RouteTable(routes)
    }

    fn segments(template: &str) -> Vec<Segment> {
        template
            .trim_start_matches('/')
            .split('/')
            .map(Segment::parse)
            .collect()
    }

    /// The methods of the address `path` names. An address is the most specific template it
    /// fits, segment by segment: `…/{visit_id}.ics` is a calendar file, not a visit whose id
    /// ends in `.ics` (no id does), so it allows GET and HEAD, not the visit's DELETE.
    fn allowed(&self, path: &str) -> Vec<String> {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let fitting = self.0.iter().filter(|(template, _)| {
            template.len() == parts.len() && template.iter().zip(&parts).all(|(t, p)| t.fits(p))
        });
        let rank = |template: &[Segment]| template.iter().map(Segment::rank).collect::<Vec<_>>();
        let best = fitting.clone().map(|(t, _)| rank(t)).max();
        let mut allowed: Vec<String> = fitting
            .filter(|(t, _)| Some(rank(t)) == best)
            .flat_map(|(_, methods)| methods.iter().cloned())
            .collect();
        allowed.sort();
        allowed.dedup();
        allowed
    }
}

/// Requests that match no route: 405 with `Allow` when the address exists, else 404.
async fn no_route(
    req: HttpRequest,
    routes: web::Data<RouteTable>,
) -> Result<HttpResponse, AppError> {
    let allowed = routes.allowed(req.path());
    if allowed.is_empty() {
        Err(AppError::new(ErrorCode::RouteNotFound))
    } else {
        Err(AppError {
            allow: Some(allowed.join(", ")),
            ..AppError::new(ErrorCode::MethodNotAllowed)
        })
    }
}

/// `Some((bytes, count))` when the headers pass either limit.
fn headers_too_large(headers: &actix_web::http::header::HeaderMap) -> Option<(usize, usize)> {
    let count = headers.len();
    let bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    (bytes > MAX_HEADER_BYTES || count > MAX_HEADERS).then_some((bytes, count))
}

/// What the Swagger UI page may load: only its own files from this server, styles that its
/// scripts set inline, its own images (some are data: URLs), and the document it fetches. No
/// page may frame it.
pub const DOCS_CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";

/// Headers on every answer: no browser guesses a type, and the docs page runs under its CSP.
/// What a cache may keep is `http_cache`'s to say.
fn protect(headers: &mut actix_web::http::header::HeaderMap, is_docs: bool) {
    use actix_web::http::header;
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if is_docs {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DOCS_CSP),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
}

/// `/docs` is the page's folder without its slash; the page's relative links need the slash.
async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
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
        J::Deserialize(e) => crate::input::body_error("", &e),
        _ => AppError::new(ErrorCode::BadRequest),
    }
}

/// Names in the log every approval in force that its rulebook's legal forms no longer allow
/// (H §1.1): the search leaves them out, and a caseworker should decide them again.
fn report_form_conflicts(conn: &mut crate::db::DbConnection, today: chrono::NaiveDate) {
    match crate::providers::repo::approvals_outside_allowed_forms(conn, today) {
        Ok(conflicts) => {
            for c in conflicts {
                tracing::warn!(
                    provider = %c.provider_id,
                    provider_name = %c.provider_name,
                    municipality = %c.municipality_code,
                    service = %c.service_code,
                    legal_form = %c.legal_form,
                    "an approval breaks its rulebook's allowed legal forms: not listed to clients; decide it again"
                );
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not check approvals against the rulebooks' legal forms")
        }
    }
}

/// A running server, with the work it does in the background.
pub struct Application {
    server: actix_web::dev::Server,
    port: u16,
    state: web::Data<AppState>,
    /// Puts the reminder of tomorrow's intro visits in clients' inboxes.
    _reminders: crate::visits::remind::Reminders,
    /// Sends the queued pushes (when `push.send` is on).
    _push: Option<crate::push::worker::Worker>,
    /// Removes expired rows (`db::sweep`).
    _sweeper: crate::db::sweep::Sweeper,
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
            report_form_conflicts(&mut conn, crate::clock::helsinki_date(state.clock.now()));
        }
        let listener =
            listen(&bind).map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?;
        Self::from_listener(state, listener, workers)
    }

    fn from_listener(
        state: AppState,
        listener: TcpListener,
        workers: Option<usize>,
    ) -> anyhow::Result<Application> {
        let port = listener.local_addr()?.port();
        let pool_size = state.settings.database_pool_size as usize;
        let reminders =
            crate::visits::remind::Reminders::start(state.db.clone(), state.clock.clone())?;
        let state = web::Data::new(state);
        let push = crate::push::worker::Worker::start_if_sending(state.push_sending())?;
        let sweeper = AppState::start_housekeeping(&state)?;
        let data = state.clone();
        let doc = openapi();
        let routes = web::Data::new(RouteTable::from_openapi(&doc));
        let document = web::Bytes::from(serde_json::to_vec(&doc)?);
        drop(doc);
        let mut server = HttpServer::new(move || {
            let limit = data.settings.json_limit_bytes;
            let (app, _) = App::new()
                .into_utoipa_app()
                .app_data(data.clone())
                .app_data(routes.clone())
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
                .openapi_service(|_| {
                    // The page reads the document below. No validator badge: by default the
                    // page would send the document's address to an outside validator.
                    utoipa_swagger_ui::SwaggerUi::new("/docs/{_:.*}").config(
                        utoipa_swagger_ui::Config::from("/openapi.json").validator_url("none"),
                    )
                })
                .split_for_parts();
            // The document as `openapi()` finished it, the same as the committed one: written
            // once and shared, where a copy of it per worker cost each some megabytes.
            let served = document.clone();
            let state = data.clone();
            app.default_service(web::to(no_route))
                .route("/docs", web::get().to(docs_redirect))
                .route(
                    "/openapi.json",
                    web::get().to(move || {
                        let body = served.clone();
                        async move {
                            HttpResponse::Ok()
                                .content_type("application/json")
                                .body(body)
                        }
                    }),
                )
                .wrap_fn(move |mut req, srv| {
                    let meta = RequestMeta::of(req.headers());
                    req.extensions_mut().insert(meta.clone());
                    let span = tracing::info_span!(
                        "request",
                        request_id = %meta.request_id,
                        method = %req.method(),
                        path = %req.path(),
                        person = tracing::field::Empty,
                    );
                    let started = Instant::now();
                    // HEAD is served as GET; the connection sends the head without the body.
                    if req.method() == Method::HEAD {
                        req.head_mut().method = Method::GET;
                    }
                    let is_docs = req.path().starts_with("/docs");
                    let refused = match headers_too_large(req.headers()) {
                        None => state.write_refused(req.request()),
                        Some((bytes, count)) => {
                            let _entered = span.enter();
                            tracing::info!(
                                event = "headers_too_large",
                                bytes,
                                count,
                                "a client sent too large headers"
                            );
                            Some(AppError::new(ErrorCode::HeadersTooLarge))
                        }
                    };
                    let call = match refused {
                        None => Ok(srv.call(req)),
                        Some(refusal) => Err((req, refusal)),
                    };
                    let state = state.clone();
                    async move {
                        let res = match call {
                            // Handler errors arrive as responses carrying the error; an `Err`
                            // here comes from outside any handler and passes through as it is.
                            Ok(call) => call.await?.map_into_boxed_body(),
                            // The response keeps the error, for the problem to name it.
                            Err((req, refusal)) => req.error_response(refusal),
                        };
                        let res = render_problem(
                            res,
                            &meta,
                            &state.i18n,
                            state.settings.json_limit_bytes,
                        );
                        let lang = meta.answer_lang(res.request());
                        let mut res = crate::http_cache::finish(res, lang);
                        let headers = res.headers_mut();
                        if let Ok(v) = HeaderValue::from_str(&meta.request_id) {
                            headers.insert(HeaderName::from_static("x-request-id"), v);
                        }
                        protect(headers, is_docs);
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
        // A blocking thread more than the pool has connections only waits for one (and keeps
        // its stack): a storm of new sockets on PostgreSQL grew actix's default of 256 a worker
        // to hundreds of idle threads.
        .worker_max_blocking_threads(blocking_threads(pool_size))
        .listen(listener)?
        .shutdown_timeout(10);
        if let Some(n) = workers {
            server = server.workers(n);
        }
        Ok(Application {
            server: server.run(),
            port,
            state,
            _reminders: reminders,
            _push: push,
            _sweeper: sweeper,
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
