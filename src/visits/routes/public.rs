//! `GET /providers/{p}/intro-slots`: the intro-visit slots a provider still has room in, for
//! anyone choosing a provider.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::texts;
use crate::access;
use crate::clock::start_of_day;
use crate::error::{AppError, ErrorCode, Problem};
use crate::input::Day;
use crate::pagination::PageQuery;
use crate::request::request_lang;
use crate::state::AppState;
use crate::visits::repo::{self, OpenSlots};
use crate::visits::view::{Slot, SlotPage};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OpenSlotQuery {
    /// Only slots for this service, e.g. `rwa_basic`.
    #[param(pattern = "^[a-z0-9_]{1,64}$")]
    pub service: Option<String>,
    /// Only slots on this day or later.
    pub from: Option<Day>,
    /// Only slots on this day or earlier.
    pub until: Option<Day>,
    /// The `next_after` of the previous page.
    #[param(format = Uuid)]
    pub after: Option<String>,
    /// Slots per page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<i64>,
}

impl OpenSlotQuery {
    /// The filter: days as Helsinki days; `until` before `from` is a bad query.
    fn only(&self) -> Result<OpenSlots, AppError> {
        let backwards =
            matches!((self.from, self.until), (Some(f), Some(u)) if u.date() < f.date());
        let code = |c: &String| {
            (1..=64).contains(&c.len())
                && c.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        };
        if backwards || self.service.as_ref().is_some_and(|c| !code(c)) {
            return Err(AppError::new(ErrorCode::InvalidQuery));
        }
        Ok(OpenSlots {
            service: self.service.clone(),
            from: self.from.map(|d| start_of_day(d.date()).naive_utc()),
            until: self
                .until
                .and_then(|d| d.date().succ_opt())
                .map(|d| start_of_day(d).naive_utc()),
        })
    }
}

/// A provider's coming intro-visit slots with free places, soonest first. Book one with
/// `POST /clients/{c}/intro-visits`. No sign-in needed: slots say nothing about anyone.
#[utoipa::path(
    operation_id = "listOpenIntroSlots",
    tag = "providers",
    params(("provider_id" = String, Path, description = "The provider's id", format = Uuid), OpenSlotQuery),
    responses(
        (status = 200, description = "A page of slots", body = SlotPage),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/providers/{provider_id}/intro-slots")]
pub async fn slots(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<OpenSlotQuery>,
) -> Result<HttpResponse, AppError> {
    let id = access::parse_id(&path)?;
    let lang = request_lang(&req);
    let q = query.into_inner();
    let only = q.only()?;
    let page = PageQuery {
        after: q.after,
        limit: q.limit,
    }
    .page()?;
    let st = state.clone();
    let (items, next_after) = state
        .door
        .public(move |r, now| {
            crate::providers::repo::find(r.conn(), &id)?.ok_or_else(AppError::not_found)?;
            let rows = repo::open_slots(
                r.conn(),
                &id,
                now.naive_utc(),
                &only,
                page.after.as_deref(),
                page.fetch(),
            )?;
            let (rows, next_after) = page.finish(rows, |s| &s.id);
            let sites: Vec<String> = rows.iter().map(|s| s.site_id.clone()).collect();
            let places = crate::providers::repo::places(r.conn(), &sites)?;
            let services = crate::rulebooks::repo::catalog(r)?;
            let texts = texts(&st, lang);
            let items: Vec<Slot> = rows
                .iter()
                .filter_map(|s| places.get(&s.site_id).map(|p| texts.slot(s, p, &services)))
                .collect();
            Ok((items, next_after))
        })
        .await?;
    Ok(HttpResponse::Ok().json(SlotPage { items, next_after }))
}
