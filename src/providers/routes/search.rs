//! Choosing a provider, for a client (or their helper, or caseworker): the search under the
//! rulebook's radius (`GET /clients/{c}/vouchers/{v}/providers`) and the side-by-side comparison
//! (`…/providers/compare`).

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::access::{self, Access, ClientRead};
use crate::auth::Caller;
use crate::db::cache::Reading;
use crate::error::{AppError, ErrorCode, Problem};
use crate::geo::{BoundingBox, Coordinates};
use crate::providers::catalog::{self, Listed};
use crate::providers::rank::{
    self, nearest_per_provider, Candidate, Cursor, Filters, SortBy, SortKey,
};
use crate::providers::repo;
use crate::providers::view::{Comparison, PriceLabels, ProviderSearchPage, Texts};
use crate::rulebooks::RadiusRule;
use crate::rulebooks::{self, Terms};
use crate::state::AppState;
use crate::vocab::{Form, Meal, ServiceLanguage, WorkTask};
use crate::vouchers::{self, VoucherRow};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// Kilometres from home. Default: the rulebook's starting radius (20). At most the rulebook's
    /// maximum without permission, unless the caseworker has permitted a provider farther away
    /// on this voucher; no maximum where the rulebook sets none.
    #[param(exclusive_minimum = 0)]
    pub radius_km: Option<f64>,
    /// Only providers that serve in this language.
    pub language: Option<ServiceLanguage>,
    /// `true`: only step-free sites.
    pub step_free: Option<bool>,
    /// `heating`: you can heat your own food; `hot`: a hot meal is served.
    pub meal: Option<Meal>,
    pub form: Option<Form>,
    /// Only sites that offer this work task.
    pub work_task: Option<WorkTask>,
    /// `distance` (default) or `next_start`.
    pub sort: Option<SortBy>,
    /// The `next_after` of the previous page.
    #[param(pattern = "^[A-Za-z0-9_-]+$")]
    pub after: Option<String>,
    /// Providers per page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CompareQuery {
    /// Two to four provider ids, separated by commas.
    #[param(pattern = "^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){1,3}$")]
    pub ids: String,
}

/// A page of a search asked for.
type Asked = (SortBy, Option<SortKey>, i64, Filters);

impl SearchQuery {
    /// The order, the cursor (it must be of the same order), the page's size and the filters.
    fn parse(&self) -> Result<Asked, AppError> {
        let limit = self.limit.unwrap_or(20);
        if !(1..=100).contains(&limit) {
            return Err(AppError::new(ErrorCode::InvalidQuery));
        }
        let by = self.sort.unwrap_or(SortBy::Distance);
        let after = match &self.after {
            Some(a) => Some(
                Cursor::decode(a)
                    .filter(|c| c.by == by)
                    .ok_or_else(|| AppError::new(ErrorCode::InvalidCursor))?
                    .key,
            ),
            None => None,
        };
        let filters = Filters {
            language: self.language,
            step_free: self.step_free.unwrap_or(false),
            meal: self.meal,
            form: self.form,
            work_task: self.work_task,
        };
        Ok((by, after, limit, filters))
    }
}

/// What the search needs from the voucher, read in the request's transaction.
struct VoucherContext {
    voucher: VoucherRow,
    terms: Arc<Terms>,
    home: Coordinates,
}

/// Which offers to read: those in a bounding box, or those of named providers.
enum Area<'a> {
    Box(BoundingBox),
    Providers(&'a [String]),
}

impl VoucherContext {
    fn load(
        r: &mut Reading<'_>,
        access: &Access,
        voucher_id: &str,
    ) -> Result<VoucherContext, AppError> {
        let voucher = vouchers::repo::of_client(r, access.client_id(), voucher_id)?
            .ok_or_else(AppError::not_found)?;
        // An ended or cancelled voucher pays for nothing: there is no provider to choose.
        if matches!(
            voucher.status(access.today()),
            vouchers::Status::Expired | vouchers::Status::Cancelled
        ) {
            return Err(AppError::new(ErrorCode::ProviderSearchVoucherEnded));
        }
        let terms = rulebooks::repo::terms(r, &voucher.rulebook_id)?;
        let home = access
            .client
            .home()
            .ok_or_else(|| AppError::new(ErrorCode::ProviderSearchNoHome))?;
        Ok(VoucherContext {
            voucher,
            terms,
            home,
        })
    }

    /// How far this voucher's search may reach: a few numbers, no reading.
    fn radius_rule(&self) -> RadiusRule {
        RadiusRule::of(&self.terms, self.voucher.out_of_area_allowed)
    }

    /// The largest radius this voucher allows.
    fn max_radius(&self) -> f64 {
        self.radius_rule().max_km()
    }

    fn radius(&self, requested: Option<f64>) -> Result<f64, AppError> {
        self.radius_rule().radius(requested).map_err(|e| {
            AppError::new(ErrorCode::ProviderSearchRadius).arg("max", e.max_km.round() as i64)
        })
    }
}

/// The offers of `list` in `area`. Borrowed from the catalog's list: two workers searching at
/// once would otherwise take turns at every offer's reference count.
fn candidates<'a>(list: &'a [Listed], area: Area<'a>) -> impl Iterator<Item = &'a Listed> + 'a {
    list.iter().filter(move |l| {
        let o = l.offer();
        match &area {
            Area::Box(b) => {
                let (lat, lon) = (o.at.lat(), o.at.lon());
                (b.lat_min..=b.lat_max).contains(&lat) && (b.lon_min..=b.lon_max).contains(&lon)
            }
            Area::Providers(ids) => ids.contains(&o.provider_id),
        }
    })
}

/// Approved providers of the voucher's service near the client's home, nearest first: distance,
/// the price that would apply, queue and next start, and what they offer.
#[utoipa::path(
    operation_id = "searchProviders",
    tag = "providers",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("voucher_id" = String, Path, description = "The voucher's id", format = Uuid),
        SearchQuery,
    ),
    responses(
        (status = 200, description = "A page of providers", body = ProviderSearchPage),
        (status = 400, description = "A filter or the page marker is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client or voucher for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The voucher has ended or was cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The radius is beyond what the voucher allows, or the home is not known", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/vouchers/{voucher_id}/providers")]
pub async fn search(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let (client, voucher_id) = path.into_inner();
    let voucher_id = access::parse_id(&voucher_id)?;
    let q = query.into_inner();
    let (by, after, limit, filters) = q.parse()?;
    let requested = q.radius_km;
    let (actor, (ctx, radius, list)) = state
        .door
        .read(
            caller,
            ClientRead::SearchProviders,
            &client,
            move |r, access| {
                let ctx = VoucherContext::load(r, access, &voucher_id)?;
                let radius = ctx.radius(requested)?;
                let list = catalog::offers(r, &ctx.terms)?;
                Ok((ctx, radius, list))
            },
        )
        .await?;
    // The box is a little wider than the radius: a site counts by its distance as shown,
    // rounded to 0.1 km.
    let area = Area::Box(ctx.home.bounding_box(radius + 0.05));
    let hits = nearest_per_provider(candidates(&list, area), ctx.home, radius, &filters);
    let (hits, next) = rank::page(hits, by, after.as_ref(), limit as usize);
    let shown: Vec<String> = hits.iter().map(|h| h.offer().provider_id.clone()).collect();
    let (service, last_day) = (ctx.terms.service.code.clone(), ctx.voucher.valid_until);
    let soon = intro_slots_soon(&state, shown, service, last_day).await?;
    let t = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
    };
    let service = ctx.terms.service.named(actor.lang);
    let mut prices = PriceLabels::default();
    let items = hits
        .into_iter()
        .map(|h| {
            let soon = soon.get(&h.offer().provider_id).copied();
            t.hit(h, &ctx.terms, &service, &mut prices, soon)
        })
        .collect();
    let page = ProviderSearchPage {
        service,
        radius_km: radius,
        max_radius_km: ctx.max_radius(),
        sort: by,
        items,
        next_after: next.map(|c| c.encode()),
    };
    Ok(HttpResponse::Ok()
        .content_type(actix_web::http::header::ContentType::json())
        .body(page.to_json().map_err(AppError::internal)?))
}

/// When each of the page's `providers` can next receive the client for an intro visit of
/// `service`, and how many such slots start in the coming days: only slots on or before the
/// voucher's `last_day`, as a visit after it cannot be booked. Slots say nothing about anyone.
async fn intro_slots_soon(
    state: &AppState,
    providers: Vec<String>,
    service: String,
    last_day: chrono::NaiveDate,
) -> Result<HashMap<String, (DateTime<Utc>, i64)>, AppError> {
    if providers.is_empty() {
        return Ok(HashMap::new());
    }
    // The day after the voucher's last (a date bounded on input, so it has a next day).
    let until = crate::clock::start_of_day(last_day + chrono::Days::new(1));
    state
        .door
        .public(move |r, now| {
            let horizon = now + chrono::Duration::days(crate::providers::SOON_DAYS);
            let (now, horizon) = (now.naive_utc(), horizon.naive_utc());
            let until = until.naive_utc();
            let window = (now, horizon.min(until), until);
            let found = repo::intro_slots_soon(r.conn(), &providers, &service, window)?;
            Ok(found
                .into_iter()
                .map(|(p, (at, n))| (p, (at.and_utc(), n)))
                .collect())
        })
        .await
}

/// Two to four providers side by side, one row per attribute, with the rows where they differ
/// marked. Each provider is shown with its nearest site that offers the voucher's service.
#[utoipa::path(
    operation_id = "compareProviders",
    tag = "providers",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("voucher_id" = String, Path, description = "The voucher's id", format = Uuid),
        CompareQuery,
    ),
    responses(
        (status = 200, description = "The comparison", body = Comparison),
        (status = 404, description = "No such client or voucher for this caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The voucher has ended or was cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not two to four providers, or one is not available for this voucher", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/vouchers/{voucher_id}/providers/compare")]
pub async fn compare(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    query: web::Query<CompareQuery>,
) -> Result<HttpResponse, AppError> {
    let (client, voucher_id) = path.into_inner();
    let voucher_id = access::parse_id(&voucher_id)?;
    let mut ids: Vec<String> = Vec::new();
    for part in query.ids.split(',').filter(|s| !s.trim().is_empty()) {
        let id = uuid::Uuid::parse_str(part.trim())
            .map_err(|_| AppError::new(ErrorCode::ProviderNotAvailable))?
            .hyphenated()
            .to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if !(2..=4).contains(&ids.len()) {
        return Err(AppError::new(ErrorCode::ProviderCompareCount));
    }
    let (actor, (ctx, list)) = state
        .door
        .read(
            caller,
            ClientRead::SearchProviders,
            &client,
            move |r, access| {
                let ctx = VoucherContext::load(r, access, &voucher_id)?;
                let list = catalog::offers(r, &ctx.terms)?;
                Ok((ctx, list))
            },
        )
        .await?;
    let max = ctx.max_radius();
    let offers = candidates(&list, Area::Providers(&ids));
    let mut by_id: HashMap<&str, rank::Hit<'_, Listed>> =
        nearest_per_provider(offers, ctx.home, max, &Filters::default())
            .into_iter()
            .map(|h| (h.offer().provider_id.as_str(), h))
            .collect();
    let mut ordered = Vec::with_capacity(ids.len());
    for id in &ids {
        ordered.push(
            by_id
                .remove(id.as_str())
                .ok_or_else(|| AppError::new(ErrorCode::ProviderNotAvailable))?,
        );
    }
    let t = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
    };
    let service = ctx.terms.service.named(actor.lang);
    Ok(HttpResponse::Ok().json(t.comparison(ordered, &ctx.terms, service)))
}
