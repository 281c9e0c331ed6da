//! Provider routes. Clients: search (`GET /clients/{c}/vouchers/{v}/providers`) and compare
//! (`…/providers/compare`). Anyone: the public profile (`GET /providers/{p}`). Caseworkers:
//! register an organisation (`POST /caseworker/providers`) and decide approvals
//! (`POST /caseworker/approvals`). Provider staff: their sites and what each offers
//! (`POST /provider/sites`, `PUT /provider/sites/{s}`, `PUT /provider/sites/{s}/services/{code}`).

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::business_id::{BusinessId, BusinessIdError};
use super::domain::{
    self, nearest_per_provider, search_radius, short_text, ApprovalStatus, BoundingBox,
    Coordinates, Cursor, Filters, Form, GroupTheme, LegalForm, Meal, Offer, Offering, PlainText,
    Responsible, ServiceLanguage, SortBy, TextError, Translated, WorkTask,
};
use super::repo::{self, ApprovalRow, ProviderRow, SiteRow, SiteServiceRow};
use super::view::{
    Approval, Comparison, Labeled, PriceLabels, ProviderProfile, ProviderSearchPage, SiteProfile,
    Texts,
};
use crate::access::{self, Access, Action};
use crate::auth::{Actor, Bearer};
use crate::clients::records::Counters;
use crate::clock::helsinki_date;
use crate::db::schema::{municipalities, rulebooks, services};
use crate::db::DbConnection;
use crate::error::Problem;
use crate::error::{AppError, ErrorCode};
use crate::i18n::Lang;
use crate::persons::Role;
use crate::request::request_lang;
use crate::rulebooks::{self as rules, Service, Terms};
use crate::state::AppState;
use crate::vouchers::{self, VoucherRow};

fn service_label(service: &Service, lang: Lang) -> Labeled {
    Labeled {
        code: service.code.clone(),
        label: service.name(lang).to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Search and compare

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// Kilometres from home. Default and maximum 20 (the rulebook's), unless the caseworker has
    /// permitted a provider farther away on this voucher.
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
    pub after: Option<String>,
    /// Providers per page, 1–100 (default 20).
    pub limit: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CompareQuery {
    /// Two to four provider ids, separated by commas.
    pub ids: String,
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
        conn: &mut DbConnection,
        state: &AppState,
        access: &Access,
        counters: Counters,
        voucher_id: &str,
        today: NaiveDate,
    ) -> Result<VoucherContext, AppError> {
        let voucher = state
            .records
            .voucher(conn, counters.clients, voucher_id)?
            .filter(|v| v.client_id == access.client_id())
            .ok_or_else(AppError::not_found)?;
        // An ended or cancelled voucher pays for nothing: there is no provider to choose.
        if matches!(
            voucher.status(today),
            vouchers::Status::Expired | vouchers::Status::Cancelled
        ) {
            return Err(AppError::new(ErrorCode::ProviderSearchVoucherEnded));
        }
        let terms = state.terms.get(conn, &voucher.rulebook_id)?;
        let home = match (access.client.home_lat, access.client.home_lon) {
            (Some(lat), Some(lon)) => Coordinates::stored(lat, lon),
            _ => return Err(AppError::new(ErrorCode::ProviderSearchNoHome)),
        };
        Ok(VoucherContext {
            voucher,
            terms,
            home,
        })
    }

    /// The largest radius this voucher allows.
    fn max_radius(&self) -> f64 {
        domain::max_radius(
            self.terms.rulebook.search_radius_km,
            self.voucher.out_of_area_allowed,
        )
    }

    fn radius(&self, requested: Option<f64>) -> Result<f64, AppError> {
        search_radius(
            requested,
            self.terms.rulebook.search_radius_km,
            self.voucher.out_of_area_allowed,
        )
        .map_err(|e| {
            AppError::new(ErrorCode::ProviderSearchRadius).arg("max", e.max_km.round() as i64)
        })
    }
}

/// The offers of `list` in `area`. Borrowed from the catalog's list: two workers searching at
/// once would otherwise take turns at every offer's reference count.
fn candidates<'a>(list: &'a [Offer], area: Area<'a>) -> impl Iterator<Item = &'a Offer> + 'a {
    list.iter().filter(move |o| match &area {
        Area::Box(b) => {
            let (lat, lon) = (o.at.lat(), o.at.lon());
            (b.lat_min..=b.lat_max).contains(&lat) && (b.lon_min..=b.lon_max).contains(&lon)
        }
        Area::Providers(ids) => ids.contains(&o.provider_id),
    })
}

/// Approved providers of the voucher's service near the client's home, nearest first: distance,
/// the price that would apply, queue and next start, and what they offer.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`"),
        ("voucher_id" = String, Path, description = "The voucher's id"),
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
    req: HttpRequest,
    bearer: Bearer,
    path: web::Path<(String, String)>,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let (client, voucher_id) = path.into_inner();
    let voucher_id = access::parse_id(voucher_id.trim())?;
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(AppError::new(ErrorCode::InvalidQuery));
    }
    let by = q.sort.unwrap_or(SortBy::Distance);
    let after = match &q.after {
        Some(a) => Some(
            Cursor::decode(a)
                .filter(|c| c.by == by)
                .ok_or_else(|| AppError::new(ErrorCode::InvalidCursor))?
                .key,
        ),
        None => None,
    };
    let filters = Filters {
        language: q.language,
        step_free: q.step_free.unwrap_or(false),
        meal: q.meal,
        form: q.form,
        work_task: q.work_task,
    };
    let requested = q.radius_km;
    let today = helsinki_date(state.clock.now());
    let st = state.clone();
    let (actor, (ctx, radius, list)) = state
        .for_client_bearer(
            &req,
            bearer,
            &client,
            Action::SearchProviders,
            move |conn, _, access, counters| {
                let ctx = VoucherContext::load(conn, &st, access, counters, &voucher_id, today)?;
                let radius = ctx.radius(requested)?;
                let list = st.catalog.offers(conn, counters.catalog, &ctx.terms)?;
                Ok((ctx, radius, list))
            },
        )
        .await?;
    // The box is a little wider than the radius: a site counts by its distance as shown,
    // rounded to 0.1 km.
    let area = Area::Box(ctx.home.bounding_box(radius + 0.05));
    let hits = nearest_per_provider(candidates(&list, area), ctx.home, radius, &filters);
    let (hits, next) = domain::page(hits, by, after.as_ref(), limit as usize);
    let t = Texts {
        i18n: &state.i18n,
        lang: actor.lang,
    };
    let service = service_label(&ctx.terms.service, actor.lang);
    let mut prices = PriceLabels::default();
    let items = hits
        .into_iter()
        .map(|h| t.hit(h, &ctx.terms, &service, &mut prices))
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

/// Two to four providers side by side, one row per attribute, with the rows where they differ
/// marked. Each provider is shown with its nearest site that offers the voucher's service.
#[utoipa::path(
    tag = "providers",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`"),
        ("voucher_id" = String, Path, description = "The voucher's id"),
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
    req: HttpRequest,
    bearer: Bearer,
    path: web::Path<(String, String)>,
    query: web::Query<CompareQuery>,
) -> Result<HttpResponse, AppError> {
    let (client, voucher_id) = path.into_inner();
    let voucher_id = access::parse_id(voucher_id.trim())?;
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
    let today = helsinki_date(state.clock.now());
    let st = state.clone();
    let (actor, (ctx, list)) = state
        .for_client_bearer(
            &req,
            bearer,
            &client,
            Action::SearchProviders,
            move |conn, _, access, counters| {
                let ctx = VoucherContext::load(conn, &st, access, counters, &voucher_id, today)?;
                let list = st.catalog.offers(conn, counters.catalog, &ctx.terms)?;
                Ok((ctx, list))
            },
        )
        .await?;
    let max = ctx.max_radius();
    let offers = candidates(&list, Area::Providers(&ids));
    let mut by_id: HashMap<&str, domain::Hit<'_>> =
        nearest_per_provider(offers, ctx.home, max, &Filters::default())
            .into_iter()
            .map(|h| (h.offer.provider_id.as_str(), h))
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
    let service = service_label(&ctx.terms.service, actor.lang);
    Ok(HttpResponse::Ok().json(t.comparison(ordered, &ctx.terms, service)))
}

// ---------------------------------------------------------------------------------------------
// Public profile

fn all_services(conn: &mut DbConnection) -> Result<HashMap<String, Service>, AppError> {
    let rows: Vec<Service> = services::table.select(Service::as_select()).load(conn)?;
    Ok(rows.into_iter().map(|s| (s.code.clone(), s)).collect())
}

fn municipality_labels(
    conn: &mut DbConnection,
    lang: Lang,
) -> Result<HashMap<String, Labeled>, AppError> {
    let rows: Vec<(String, String, String, String)> = municipalities::table
        .select((
            municipalities::code,
            municipalities::name_fi,
            municipalities::name_sv,
            municipalities::name_en,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(code, fi, sv, en)| {
            let label = match lang {
                Lang::Fi => fi,
                Lang::Sv => sv,
                Lang::En => en,
            };
            (code.clone(), Labeled { code, label })
        })
        .collect())
}

fn label_of(services: &HashMap<String, Service>, code: &str, lang: Lang) -> Labeled {
    services.get(code).map_or_else(
        || Labeled {
            code: code.to_string(),
            label: code.to_string(),
        },
        |s| service_label(s, lang),
    )
}

/// Sites with what each offers, as shown.
fn site_profiles(
    conn: &mut DbConnection,
    t: Texts<'_>,
    sites: Vec<SiteRow>,
    services: &HashMap<String, Service>,
) -> Result<Vec<SiteProfile>, AppError> {
    let ids: Vec<String> = sites.iter().map(|s| s.id.clone()).collect();
    let mut offered: HashMap<String, Vec<SiteServiceRow>> = HashMap::new();
    for row in repo::site_services_of(conn, &ids)? {
        offered.entry(row.site_id.clone()).or_default().push(row);
    }
    Ok(sites
        .into_iter()
        .map(|s| SiteProfile {
            services: offered
                .remove(&s.id)
                .unwrap_or_default()
                .iter()
                .map(|row| {
                    t.offering(
                        label_of(services, &row.service_code, t.lang),
                        &row.offering(),
                    )
                })
                .collect(),
            site: t.site(&s),
        })
        .collect())
}

fn load_profile(
    conn: &mut DbConnection,
    t: Texts<'_>,
    provider_id: &str,
) -> Result<ProviderProfile, AppError> {
    let provider = repo::find(conn, provider_id)?.ok_or_else(AppError::not_found)?;
    let services = all_services(conn)?;
    let places = municipality_labels(conn, t.lang)?;
    let approvals = repo::approvals(conn, provider_id)?
        .iter()
        .map(|a| {
            let municipality = places
                .get(&a.municipality_code)
                .cloned()
                .unwrap_or_else(|| Labeled {
                    code: a.municipality_code.clone(),
                    label: a.municipality_code.clone(),
                });
            t.approval(
                a,
                municipality,
                label_of(&services, &a.service_code, t.lang),
            )
        })
        .collect();
    let site_rows = repo::sites(conn, provider_id)?;
    let sites = site_profiles(conn, t, site_rows, &services)?;
    Ok(t.profile(&provider, approvals, sites))
}

/// A provider's public profile: who they are, where they work, what each site offers, and which
/// municipalities approved them. No sign-in needed.
#[utoipa::path(
    tag = "providers",
    params(("provider_id" = String, Path, description = "The provider's id")),
    responses(
        (status = 200, description = "The provider", body = ProviderProfile),
        (status = 404, description = "No such provider", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers/{provider_id}")]
pub async fn profile(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = access::parse_id(path.trim())?;
    let lang = request_lang(&req);
    let data = state.clone();
    let found = state
        .db
        .read(move |conn| {
            let t = Texts {
                i18n: &data.i18n,
                lang,
            };
            load_profile(conn, t, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}

// ---------------------------------------------------------------------------------------------
// Inputs shared by the caseworker's and the staff's routes

fn text_error(field: &'static str) -> impl Fn(TextError) -> AppError {
    move |e| match e {
        TextError::Length => AppError::new(ErrorCode::ProviderTextRequired).arg("field", field),
        TextError::NotPlain => AppError::new(ErrorCode::ProviderTextNotPlain)
            .arg("field", field)
            .arg("max", domain::MAX_WORDS_PER_SENTENCE as i64),
    }
}

fn contact_error(field: &'static str) -> AppError {
    AppError::new(ErrorCode::ProviderInvalidContact).arg("field", field)
}

fn phone(v: Option<&str>, field: &'static str) -> Result<Option<String>, AppError> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let ok = (5..=15).contains(&digits)
        && v.len() <= 30
        && v.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'));
    ok.then(|| Some(v.to_string()))
        .ok_or_else(|| contact_error(field))
}

fn email(v: Option<&str>, field: &'static str) -> Result<Option<String>, AppError> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let ok = v.len() <= 200
        && !v.contains(char::is_whitespace)
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
    ok.then(|| Some(v.to_string()))
        .ok_or_else(|| contact_error(field))
}

fn website(v: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let url = url::Url::parse(v).map_err(|_| contact_error("website"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() || v.len() > 300 {
        return Err(contact_error("website"));
    }
    Ok(Some(url.to_string()))
}

/// A text in fi, sv and en, each in plain language.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslatedInput {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

impl TranslatedInput {
    fn parse(&self) -> Result<Translated, AppError> {
        Ok(Translated {
            fi: PlainText::parse(&self.fi)
                .map_err(text_error("description.fi"))?
                .into_inner(),
            sv: PlainText::parse(&self.sv)
                .map_err(text_error("description.sv"))?
                .into_inner(),
            en: PlainText::parse(&self.en)
                .map_err(text_error("description.en"))?
                .into_inner(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Caseworkers: register an organisation, decide approvals

fn caseworker_municipalities(actor: &Actor) -> Result<Vec<String>, AppError> {
    let m: Vec<String> = actor
        .caseworker_municipalities()
        .map(str::to_string)
        .collect();
    if m.is_empty() {
        return Err(AppError::new(ErrorCode::CaseworkerOnly));
    }
    Ok(m)
}

/// A provider organisation to register.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterProvider {
    pub name: String,
    /// Y-tunnus, `NNNNNNN-C`, checked by its check digit.
    pub business_id: String,
    pub legal_form: LegalForm,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// `https://…`
    pub website: Option<String>,
    /// A few plain sentences about the organisation.
    pub description: Option<TranslatedInput>,
}

/// Register a provider organisation, so its staff can publish sites and a municipality can
/// approve it.
#[utoipa::path(
    tag = "caseworker",
    security(("bearer" = [])),
    request_body = RegisterProvider,
    responses(
        (status = 201, description = "The provider, as registered", body = ProviderProfile),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A provider with this business id exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/providers")]
pub async fn register(
    state: web::Data<AppState>,
    actor: Actor,
    body: web::Json<RegisterProvider>,
) -> Result<HttpResponse, AppError> {
    caseworker_municipalities(&actor)?;
    let b = body.into_inner();
    let business_id = BusinessId::parse(&b.business_id).map_err(|e| match e {
        BusinessIdError::Format => AppError::new(ErrorCode::BusinessIdFormat),
        BusinessIdError::Checksum => AppError::new(ErrorCode::BusinessIdChecksum),
    })?;
    let description = b
        .description
        .as_ref()
        .map(TranslatedInput::parse)
        .transpose()?
        .unwrap_or_default();
    let row = ProviderRow {
        id: uuid::Uuid::now_v7().to_string(),
        name: short_text(&b.name, 200).map_err(text_error("name"))?,
        created_at: state.clock.now().naive_utc(),
        business_id: Some(business_id.as_str().to_string()),
        legal_form: b.legal_form.as_str().to_string(),
        phone: phone(b.phone.as_deref(), "phone")?,
        email: email(b.email.as_deref(), "email")?,
        website: website(b.website.as_deref())?,
        description_fi: description.fi,
        description_sv: description.sv,
        description_en: description.en,
    };
    let lang = actor.lang;
    let data = state.clone();
    let registered = state
        .db
        .write(move |conn| {
            if repo::business_id_taken(conn, business_id.as_str())? {
                return Err(AppError::new(ErrorCode::ProviderBusinessIdTaken));
            }
            repo::insert(conn, &row)?;
            let t = Texts {
                i18n: &data.i18n,
                lang,
            };
            load_profile(conn, t, &row.id)
        })
        .await?;
    Ok(HttpResponse::Created().json(registered))
}

/// A municipality's decision on a provider for one service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideApproval {
    pub provider_id: String,
    /// The service code, e.g. `rwa_basic`.
    pub service: String,
    pub status: ApprovalStatus,
    /// Needed to suspend or withdraw.
    pub reason: Option<String>,
    /// The caseworker's municipality; needed only when they work for several.
    pub municipality: Option<String>,
}

/// Approve, suspend or withdraw a provider for a service in the caseworker's municipality. A
/// rulebook that forbids the provider's legal form makes approval impossible.
#[utoipa::path(
    tag = "caseworker",
    security(("bearer" = [])),
    request_body = DecideApproval,
    responses(
        (status = 200, description = "The decision, as changed", body = Approval),
        (status = 201, description = "The first decision on this provider and service", body = Approval),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider, or not the caseworker's municipality", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "There is no approval to suspend or withdraw", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The rulebook forbids it, or a reason is missing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/approvals")]
pub async fn decide_approval(
    state: web::Data<AppState>,
    actor: Actor,
    body: web::Json<DecideApproval>,
) -> Result<HttpResponse, AppError> {
    let mine = caseworker_municipalities(&actor)?;
    let b = body.into_inner();
    let municipality = match (&b.municipality, mine.as_slice()) {
        (Some(m), _) if mine.contains(m) => m.clone(),
        (Some(_), _) => return Err(AppError::not_found()),
        (None, [only]) => only.clone(),
        (None, _) => {
            return Err(AppError::new(ErrorCode::MissingField).arg("field", "municipality"))
        }
    };
    let provider_id = access::parse_id(b.provider_id.trim())?;
    let reason = match b.reason.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() && r.chars().count() <= 500 => Some(r.to_string()),
        Some(r) if !r.is_empty() => return Err(AppError::new(ErrorCode::VoucherReasonRequired)),
        _ if b.status != ApprovalStatus::Approved => {
            return Err(AppError::new(ErrorCode::VoucherReasonRequired))
        }
        _ => None,
    };
    let now = state.clock.now();
    let today = helsinki_date(now);
    let lang = actor.lang;
    let caseworker = actor.person_id.clone();
    let (row, created) = state
        .db
        .write(move |conn| {
            let provider = repo::find(conn, &provider_id)?.ok_or_else(AppError::not_found)?;
            let terms = rules::in_force(conn, &municipality, &b.service, today)?
                .ok_or_else(|| AppError::new(ErrorCode::ProviderServiceNotOffered))?;
            if b.status == ApprovalStatus::Approved
                && terms.forbids_legal_form(&provider.legal_form)
            {
                let form = LegalForm::parse(&provider.legal_form).unwrap_or(LegalForm::Other);
                return Err(AppError::new(ErrorCode::ProviderLegalFormForbidden)
                    .arg(
                        "service",
                        crate::vouchers::view::lower_first(terms.service.name(lang)),
                    )
                    .arg("form", form.as_str()));
            }
            let existing = repo::find_approval(conn, &provider_id, &municipality, &b.service)?;
            let (approved_on, status_since) = match &existing {
                None if b.status != ApprovalStatus::Approved => {
                    return Err(AppError::new(ErrorCode::ProviderNotApprovedYet))
                }
                None => (today, today),
                Some(e) => {
                    let same = e.status == b.status.as_str();
                    let reapproved = b.status == ApprovalStatus::Approved
                        && e.status != ApprovalStatus::Approved.as_str();
                    (
                        if reapproved { today } else { e.approved_on },
                        if same { e.status_since } else { today },
                    )
                }
            };
            let row = ApprovalRow {
                provider_id: provider_id.clone(),
                municipality_code: municipality.clone(),
                service_code: terms.rulebook.service_code.clone(),
                status: b.status.as_str().to_string(),
                approved_on,
                status_since,
                reason,
                changed_by: caseworker,
                updated_at: now.naive_utc(),
            };
            repo::put_approval(conn, &row)?;
            Ok((row, existing.is_none()))
        })
        .await?;
    let approval = Approval::from(row);
    Ok(if created {
        HttpResponse::Created().json(approval)
    } else {
        HttpResponse::Ok().json(approval)
    })
}

// ---------------------------------------------------------------------------------------------
// Provider staff: sites and what each offers

/// The organisations the caller works for; none: 403.
fn staff_of(actor: &Actor) -> Result<Vec<String>, AppError> {
    let ids: Vec<String> = actor
        .roles
        .iter()
        .filter(|g| g.role == Role::ProviderStaff)
        .filter_map(|g| g.provider_id.clone())
        .collect();
    if ids.is_empty() {
        return Err(AppError::new(ErrorCode::ProviderStaffOnly));
    }
    Ok(ids)
}

/// The caller's own site, or 404.
fn own_site(conn: &mut DbConnection, mine: &[String], site_id: &str) -> Result<SiteRow, AppError> {
    repo::find_site(conn, site_id)?
        .filter(|s| mine.contains(&s.provider_id))
        .ok_or_else(AppError::not_found)
}

/// A site: where the provider works.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteInput {
    /// The organisation; needed only when the caller works for several.
    pub provider_id: Option<String>,
    pub name: String,
    pub street_address: String,
    pub postal_code: String,
    pub city: String,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
}

struct ParsedSite {
    name: String,
    street_address: String,
    postal_code: String,
    city: String,
    at: Coordinates,
}

impl SiteInput {
    fn parse(&self) -> Result<ParsedSite, AppError> {
        let postal_code = self.postal_code.trim();
        if postal_code.len() != 5 || !postal_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AppError::new(ErrorCode::ProviderTextRequired).arg("field", "postal_code"));
        }
        Ok(ParsedSite {
            name: short_text(&self.name, 200).map_err(text_error("name"))?,
            street_address: short_text(&self.street_address, 200)
                .map_err(text_error("street_address"))?,
            postal_code: postal_code.to_string(),
            city: short_text(&self.city, 100).map_err(text_error("city"))?,
            at: Coordinates::parse(self.lat, self.lon)
                .ok_or_else(|| AppError::new(ErrorCode::ProviderInvalidCoordinates))?,
        })
    }
}

fn site_response(
    conn: &mut DbConnection,
    t: Texts<'_>,
    site: SiteRow,
) -> Result<SiteProfile, AppError> {
    let services = all_services(conn)?;
    Ok(site_profiles(conn, t, vec![site], &services)?
        .pop()
        .expect("one site in, one out"))
}

/// Add a site to the caller's organisation.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    request_body = SiteInput,
    responses(
        (status = 201, description = "The site", body = SiteProfile),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/sites")]
pub async fn create_site(
    state: web::Data<AppState>,
    actor: Actor,
    body: web::Json<SiteInput>,
) -> Result<HttpResponse, AppError> {
    let mine = staff_of(&actor)?;
    let provider_id = match (&body.provider_id, mine.as_slice()) {
        (Some(p), _) => {
            let p = access::parse_id(p.trim())?;
            if !mine.contains(&p) {
                return Err(AppError::not_found());
            }
            p
        }
        (None, [only]) => only.clone(),
        (None, _) => return Err(AppError::new(ErrorCode::MissingField).arg("field", "provider_id")),
    };
    let s = body.parse()?;
    let at = state.clock.now().naive_utc();
    let row = SiteRow {
        id: uuid::Uuid::now_v7().to_string(),
        provider_id,
        name: s.name,
        street_address: s.street_address,
        postal_code: s.postal_code,
        city: s.city,
        lat: s.at.lat(),
        lon: s.at.lon(),
        created_at: at,
        updated_at: at,
    };
    let lang = actor.lang;
    let data = state.clone();
    let site = state
        .db
        .write(move |conn| {
            repo::insert_site(conn, &row)?;
            let t = Texts {
                i18n: &data.i18n,
                lang,
            };
            site_response(conn, t, row)
        })
        .await?;
    Ok(HttpResponse::Created().json(site))
}

/// Change a site of the caller's organisation: its name, address or location.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    params(("site_id" = String, Path, description = "The site's id")),
    request_body = SiteInput,
    responses(
        (status = 200, description = "The site", body = SiteProfile),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such site in the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/provider/sites/{site_id}")]
pub async fn update_site(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: web::Json<SiteInput>,
) -> Result<HttpResponse, AppError> {
    let mine = staff_of(&actor)?;
    let site_id = access::parse_id(path.trim())?;
    let s = body.parse()?;
    let moved_to = body
        .provider_id
        .as_deref()
        .map(|p| access::parse_id(p.trim()))
        .transpose()?;
    let at = state.clock.now().naive_utc();
    let lang = actor.lang;
    let data = state.clone();
    let site = state
        .db
        .write(move |conn| {
            let mut row = own_site(conn, &mine, &site_id)?;
            if moved_to.is_some_and(|p| p != row.provider_id) {
                return Err(AppError::new(ErrorCode::InvalidValue));
            }
            row.name = s.name;
            row.street_address = s.street_address;
            row.postal_code = s.postal_code;
            row.city = s.city;
            row.lat = s.at.lat();
            row.lon = s.at.lon();
            row.updated_at = at;
            repo::update_site(conn, &row)?;
            let t = Texts {
                i18n: &data.i18n,
                lang,
            };
            site_response(conn, t, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(site))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// What a site offers for one service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferingInput {
    pub form: Form,
    #[serde(default)]
    pub work_tasks: Vec<WorkTask>,
    #[serde(default)]
    pub group_themes: Vec<GroupTheme>,
    /// At least one.
    pub languages: Vec<ServiceLanguage>,
    #[serde(default)]
    pub step_free: bool,
    #[serde(default)]
    pub partial_work_ability: bool,
    #[serde(default)]
    pub meal_heating: bool,
    #[serde(default)]
    pub hot_meal: bool,
    pub group_size_max: Option<i32>,
    pub free_places: i32,
    #[serde(default)]
    pub queue_length: i32,
    pub next_start_on: Option<NaiveDate>,
    pub responsible_person: ContactInput,
    /// A few plain sentences in each language: short sentences, everyday words.
    pub description: TranslatedInput,
}

impl OfferingInput {
    fn parse(&self) -> Result<Offering, AppError> {
        if self.languages.is_empty() {
            return Err(AppError::new(ErrorCode::MissingField).arg("field", "languages"));
        }
        let counts_ok = (0..=10_000).contains(&self.free_places)
            && (0..=10_000).contains(&self.queue_length)
            && self.group_size_max.is_none_or(|n| (1..=100).contains(&n));
        if !counts_ok {
            return Err(AppError::new(ErrorCode::InvalidValue));
        }
        Ok(Offering {
            form: self.form,
            work_tasks: self.work_tasks.clone(),
            group_themes: self.group_themes.clone(),
            languages: self.languages.clone(),
            step_free: self.step_free,
            partial_work_ability: self.partial_work_ability,
            meal_heating: self.meal_heating,
            hot_meal: self.hot_meal,
            group_size_max: self.group_size_max,
            free_places: self.free_places,
            queue_length: self.queue_length,
            next_start_on: self.next_start_on,
            responsible: Responsible {
                name: short_text(&self.responsible_person.name, 200)
                    .map_err(text_error("responsible_person.name"))?,
                phone: phone(
                    self.responsible_person.phone.as_deref(),
                    "responsible_person.phone",
                )?,
                email: email(
                    self.responsible_person.email.as_deref(),
                    "responsible_person.email",
                )?,
            },
            description: self.description.parse()?,
        })
    }
}

/// Checks an offering against every rulebook of the service: the fewest work tasks (H §5.1) and
/// the largest group (K §2.2) any municipality sets.
fn check_against_rulebooks(
    conn: &mut DbConnection,
    service: &str,
    o: &Offering,
) -> Result<(), AppError> {
    let (min_tasks, max_group): (Option<i32>, Option<i32>) = rulebooks::table
        .filter(rulebooks::service_code.eq(service))
        .select((
            diesel::dsl::max(rulebooks::min_work_tasks),
            diesel::dsl::min(rulebooks::group_size_max),
        ))
        .first(conn)?;
    if let Some(min) = min_tasks {
        if (o.work_tasks.len() as i32) < min {
            return Err(
                AppError::new(ErrorCode::ProviderTooFewWorkTasks).arg("min", i64::from(min))
            );
        }
    }
    if let (Some(max), Some(n)) = (max_group, o.group_size_max) {
        if n > max {
            return Err(AppError::new(ErrorCode::ProviderGroupTooLarge).arg("max", i64::from(max)));
        }
    }
    Ok(())
}

/// Publish or change what a site of the caller's organisation offers for a service: form, work
/// tasks, themes, languages, access, meals, group size, free places and queue, the responsible
/// person and a plain description. Clients see it once a municipality has approved the provider
/// for the service.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    params(
        ("site_id" = String, Path, description = "The site's id"),
        ("service_code" = String, Path, description = "The service code, e.g. `rwa_basic`"),
    ),
    request_body = OfferingInput,
    responses(
        (status = 200, description = "The site with what it offers", body = SiteProfile),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such site in the caller's organisation, or no such service", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid, or a rulebook's limit is broken", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/provider/sites/{site_id}/services/{service_code}")]
pub async fn put_offering(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    body: web::Json<OfferingInput>,
) -> Result<HttpResponse, AppError> {
    let mine = staff_of(&actor)?;
    let (site_id, service) = path.into_inner();
    let site_id = access::parse_id(site_id.trim())?;
    let offering = body.parse()?;
    let at = state.clock.now().naive_utc();
    let lang = actor.lang;
    let data = state.clone();
    let site = state
        .db
        .write(move |conn| {
            let site = own_site(conn, &mine, &site_id)?;
            let known: i64 = services::table
                .filter(services::code.eq(&service))
                .count()
                .get_result(conn)?;
            if known == 0 {
                return Err(AppError::not_found());
            }
            check_against_rulebooks(conn, &service, &offering)?;
            repo::put_site_service(conn, &SiteServiceRow::new(&site, &service, &offering, at))?;
            let t = Texts {
                i18n: &data.i18n,
                lang,
            };
            site_response(conn, t, site)
        })
        .await?;
    Ok(HttpResponse::Ok().json(site))
}
