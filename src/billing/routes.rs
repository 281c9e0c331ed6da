//! `GET /provider/billing/{month}`, `POST /provider/billing/{month}/submit` and
//! `GET /caseworker/billing/{month}`: a month's billing in JSON, or CSV with `Accept: text/csv`
//! or a `.csv` month.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::csv;
use super::view::{BillingLine, CityBilling, ProviderMonth, Texts};
use super::work;
use super::Month;
use crate::access::door::{Listed, Org};
use crate::access::{ClientRead, ClientWrite, MunicipalityAction, ProviderAction};
use crate::auth::Actor;
use crate::clock::helsinki_date;
use crate::error::{AppError, ErrorCode, Problem};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProviderQuery {
    /// The organisation; needed only by staff of more than one.
    #[param(format = Uuid)]
    pub provider_id: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CityQuery {
    /// The municipality's code; needed only by caseworkers of more than one.
    #[param(pattern = "^[a-z0-9_-]{1,40}$")]
    pub municipality: Option<String>,
}

/// The month a path names, and whether it asks for CSV (`.csv`, or `Accept: text/csv`).
fn month_of(path: &str, req: &HttpRequest) -> Result<(Month, bool), AppError> {
    let (code, suffix) = match path.strip_suffix(".csv") {
        Some(code) => (code, true),
        None => (path, false),
    };
    let month = Month::parse(code)
        .ok_or_else(|| AppError::new(ErrorCode::InvalidField).arg("field", "month"))?;
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Ok((month, suffix || accept.contains("text/csv")))
}

fn csv_answer(month: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"billing-{month}.csv\""),
        ))
        .body(body)
}

/// The provider's month as its reader may see it; every client shown is logged as a read.
async fn provider_month(
    state: &web::Data<AppState>,
    actor: &Actor,
    provider_id: String,
    month: Month,
) -> Result<ProviderMonth, AppError> {
    let (lang, st) = (actor.lang, state.clone());
    let org = provider_id.clone();
    let (lines, (report, names, today)) = state
        .door
        .read_list(actor, ClientRead::ViewBilling, move |r, now| {
            let report = work::report(r.conn(), &provider_id, month, None)?;
            let names = work::names(r, &[&report], lang)?;
            let lines = Texts {
                i18n: &st.i18n,
                lang,
            }
            .lines(&report, &names);
            let listed = lines.into_iter().map(|l| listed(l, &org)).collect();
            Ok((listed, (report, names, helsinki_date(now))))
        })
        .await?;
    let texts = Texts {
        i18n: &state.i18n,
        lang,
    };
    Ok(texts.provider_month(&report, lines, &names, today))
}

fn listed(line: BillingLine, organisation: &str) -> Listed<BillingLine> {
    Listed {
        client_id: line.client.id.clone(),
        organisation: Some(organisation.to_string()),
        item: line,
    }
}

fn provider_csv(
    state: &AppState,
    lang: crate::i18n::Lang,
    m: &ProviderMonth,
) -> Result<HttpResponse, AppError> {
    let rows: Vec<_> = m
        .lines
        .iter()
        .map(|l| {
            let part = m
                .submissions
                .iter()
                .find(|s| s.municipality.code == l.municipality.code);
            csv::row(&m.provider.name, &m.month, l, part)
        })
        .collect();
    Ok(csv_answer(&m.month, csv::write(&state.i18n, lang, &rows)?))
}

/// The organisation's month of billing: one line per voucher with its days, each correction of
/// a submitted month, the totals, and each municipality's submission. `Accept: text/csv` (or a
/// `.csv` month) gives the lines as CSV for a finance system.
#[utoipa::path(
    operation_id = "getProviderBilling",
    tag = "billing",
    security(("bearer" = [])),
    params(
        ("month" = String, Path, description = "`YYYY-MM`, or `YYYY-MM.csv` for CSV", pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])(\\.csv)?$"),
        ProviderQuery,
    ),
    responses(
        (status = 200, description = "The month", content(
            (ProviderMonth = "application/json"),
            (String = "text/csv"),
        ), headers(("Content-Disposition" = String, description = "With CSV: the file name to save it as"))),
        (status = 400, description = "Not a month, or no organisation named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an organisation of the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/provider/billing/{month}")]
pub async fn provider(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ProviderQuery>,
) -> Result<HttpResponse, AppError> {
    let (month, as_csv) = month_of(&path, &req)?;
    let named = query.into_inner().provider_id;
    let org = state
        .door
        .staff_org(&actor, ProviderAction::ViewBilling, named.as_deref())?;
    let m = provider_month(&state, &actor, org, month).await?;
    if as_csv {
        return provider_csv(&state, actor.lang, &m);
    }
    Ok(HttpResponse::Ok().json(m))
}

/// Submits the organisation's month: each municipality's part is frozen as it stands, marked
/// late after the rulebook's report day (H §5.2: the 4th; K §7: the 8th, in Helsinki). A day
/// that changes afterwards is billed by a correction line in the next open month. Submitting
/// again answers the same report.
#[utoipa::path(
    operation_id = "submitProviderBilling",
    tag = "billing",
    security(("bearer" = [])),
    params(
        ("month" = String, Path, description = "`YYYY-MM`", pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"),
        ProviderQuery,
    ),
    responses(
        (status = 200, description = "The submitted month", body = ProviderMonth),
        (status = 400, description = "Not a month, or no organisation named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an organisation of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The month has not ended, or has nothing to bill", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/billing/{month}/submit")]
pub async fn submit(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ProviderQuery>,
) -> Result<HttpResponse, AppError> {
    let (month, as_csv) = month_of(&path, &req)?;
    if as_csv || path.ends_with(".csv") {
        return Err(AppError::new(ErrorCode::InvalidField).arg("field", "month"));
    }
    let named = query.into_inner().provider_id;
    let org = state
        .door
        .provider(
            &actor,
            ProviderAction::SubmitBilling,
            Org::Named(named),
            move |conn, staff| {
                let s = work::submit(conn, &staff.provider_id, month, &staff.actor_id, staff.now)?;
                for client in &s.clients {
                    staff.touched(client, ClientWrite::SubmitBilling);
                }
                Ok(staff.provider_id.clone())
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(provider_month(&state, &actor, org, month).await?))
}

/// The municipality's month of billing: each provider's report with its lines, the late and
/// overdue ones, and each service's billed total against what its vouchers were granted.
/// `Accept: text/csv` (or a `.csv` month) gives every provider's lines as CSV.
#[utoipa::path(
    operation_id = "getCityBilling",
    tag = "billing",
    security(("bearer" = [])),
    params(
        ("month" = String, Path, description = "`YYYY-MM`, or `YYYY-MM.csv` for CSV", pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])(\\.csv)?$"),
        CityQuery,
    ),
    responses(
        (status = 200, description = "The month", content(
            (CityBilling = "application/json"),
            (String = "text/csv"),
        ), headers(("Content-Disposition" = String, description = "With CSV: the file name to save it as"))),
        (status = 400, description = "Not a month, or no municipality named", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a municipality of the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/caseworker/billing/{month}")]
pub async fn city(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<CityQuery>,
) -> Result<HttpResponse, AppError> {
    let (month, as_csv) = month_of(&path, &req)?;
    let named = query.into_inner().municipality;
    let area =
        state
            .door
            .caseworker_area(&actor, MunicipalityAction::ViewBilling, named.as_deref())?;
    let code = area
        .municipality
        .ok_or_else(|| AppError::new(ErrorCode::MissingField).arg("field", "municipality"))?;
    let (lang, st) = (actor.lang, state.clone());
    let (items, (c, names, today)) = state
        .door
        .read_list(&actor, ClientRead::ViewBilling, move |r, now| {
            let c = work::city(r.conn(), &code, month)?;
            let names = work::names(r, &c.reports.iter().collect::<Vec<_>>(), lang)?;
            let texts = Texts {
                i18n: &st.i18n,
                lang,
            };
            let mut listed = Vec::new();
            for (i, report) in c.reports.iter().enumerate() {
                for l in texts.lines(report, &names) {
                    let item = self::listed(l, &report.provider_id);
                    listed.push(Listed {
                        client_id: item.client_id,
                        organisation: item.organisation,
                        item: (i, item.item),
                    });
                }
            }
            Ok((listed, (c, names, helsinki_date(now))))
        })
        .await?;
    let mut parts: Vec<Vec<BillingLine>> = c.reports.iter().map(|_| Vec::new()).collect();
    for (i, line) in items {
        parts[i].push(line);
    }
    let body = Texts {
        i18n: &state.i18n,
        lang,
    }
    .city_month(&c, parts, &names, today);
    if as_csv {
        return city_csv(&state, lang, &body);
    }
    Ok(HttpResponse::Ok().json(body))
}

fn city_csv(
    state: &AppState,
    lang: crate::i18n::Lang,
    b: &CityBilling,
) -> Result<HttpResponse, AppError> {
    let rows: Vec<_> = b
        .providers
        .iter()
        .flat_map(|p| {
            p.lines
                .iter()
                .map(move |l| csv::row(&p.provider.name, &b.month, l, Some(&p.submission)))
        })
        .collect();
    Ok(csv_answer(&b.month, csv::write(&state.i18n, lang, &rows)?))
}
