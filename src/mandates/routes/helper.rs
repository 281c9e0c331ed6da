//! The helper's mandate routes: the powers of attorney given to me, declined or renounced.

use actix_web::{get, post, web, HttpResponse};

use crate::access::door::Target;
use crate::access::{self, ClientWrite};
use crate::auth::Actor;
use crate::clock::helsinki_date;
use crate::error::{AppError, Problem};
use crate::mandates::repo;
use crate::mandates::view::{ProxyMandate, ProxyMandatePage, Texts};
use crate::mandates::work::{self, HelperStep};
use crate::pagination::PageQuery;
use crate::state::AppState;

/// The powers of attorney that name me as the helper, newest first, whatever their state.
#[utoipa::path(
    operation_id = "listMyMandates",
    tag = "me",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of powers of attorney", body = ProxyMandatePage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/mandates")]
pub async fn my_mandates(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page()?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let (loaded, now) = state
        .door
        .own(&actor, move |r, own| {
            let rows = repo::list_for_proxy(r.conn(), &own.person_id, after.as_deref(), fetch)?;
            Ok((repo::load(r.conn(), rows)?, own.now))
        })
        .await?;
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        today: helsinki_date(now),
    };
    let (loaded, next_after) = page.finish(loaded, |m| &m.row.id);
    let items = loaded
        .iter()
        .map(|m| texts.for_proxy(m))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(ProxyMandatePage { items, next_after }))
}

/// The helper's own step on a mandate that names them; logged in the client's access log.
async fn proxy_step(
    state: &web::Data<AppState>,
    actor: &Actor,
    mandate: &str,
    action: ClientWrite,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let today = helsinki_date(now);
    let what = match action {
        ClientWrite::DeclineMandate => HelperStep::Decline,
        _ => HelperStep::Renounce,
    };
    let mandate_id = access::parse_id(mandate)?;
    let target = Target::named_on_mandate(&mandate_id);
    let loaded = state
        .door
        .write(actor, action, target, move |conn, access, ()| {
            work::helper_step(conn, access, &mandate_id, what)
        })
        .await?;
    tracing::info!(event = "mandate_proxy_step", mandate = %loaded.row.id, status = loaded.row.status.as_str());
    let texts = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
        today,
    };
    Ok(HttpResponse::Ok().json(texts.for_proxy(&loaded)?))
}

/// Say no to a power of attorney that waits for approval.
#[utoipa::path(
    operation_id = "declineMandate",
    tag = "me",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The power of attorney", format = Uuid)),
    responses(
        (status = 200, description = "Declined", body = ProxyMandate),
        (status = 404, description = "No such power of attorney names me", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not waiting any more", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/mandates/{mandate_id}/decline")]
pub async fn decline_mandate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    proxy_step(&state, &actor, &path, ClientWrite::DeclineMandate).await
}

/// Give up a valid power of attorney. I can no longer act for the client.
#[utoipa::path(
    operation_id = "renounceMandate",
    tag = "me",
    security(("bearer" = [])),
    params(("mandate_id" = String, Path, description = "The power of attorney", format = Uuid)),
    responses(
        (status = 200, description = "Given up", body = ProxyMandate),
        (status = 404, description = "No such power of attorney names me", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not valid any more", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/mandates/{mandate_id}/renounce")]
pub async fn renounce_mandate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    proxy_step(&state, &actor, &path, ClientWrite::RenounceMandate).await
}
