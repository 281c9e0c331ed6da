//! `GET /caseworker/deadlines`: the caseworker's clients whose intro visit or start is late
//! (H §1.4, K §4), with the provider's reason where one refused.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::repo;
use super::view::PersonRef;
use super::{late_clocks, ClockKind, Progress, Status};
use crate::access::{ClientRead, MunicipalityAction};
use crate::auth::Actor;
use crate::clock::helsinki_date;
use crate::error::{AppError, Problem};
use crate::i18n::ArgValue;
use crate::pagination::PageQuery;
use crate::state::AppState;
use crate::{persons, rulebooks};

/// A provider's refusal, as the caseworker reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RefusalSeen {
    pub provider_id: String,
    pub provider: String,
    pub reason_code: String,
    /// The reason in plain words, as the client read it.
    pub reason: String,
    /// The provider's own explanation.
    pub explanation: Option<String>,
}

/// One late clock of one voucher.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LateClock {
    pub client: PersonRef,
    pub voucher_id: String,
    pub voucher_number: String,
    pub service: String,
    pub clock: ClockKind,
    /// The last day it was due.
    pub due: NaiveDate,
    pub days_late: i64,
    /// One plain sentence about it.
    pub summary: String,
    /// The latest refusal, if a provider refused the client.
    pub refusal: Option<RefusalSeen>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LatePage {
    pub items: Vec<LateClock>,
    /// Pass as `after` for the next page; absent on the last page. A page looks at a number of
    /// vouchers, so it may list fewer clocks than the limit.
    pub next_after: Option<String>,
}

/// My clients whose intro visit has not been booked, or whose service has not started, by the
/// rulebook's deadline. Each client listed is logged as read.
#[utoipa::path(
    tag = "caseworker",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "A page of late clocks", body = LatePage),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/caseworker/deadlines")]
pub async fn deadlines(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let area = state
        .door
        .caseworker_area(&actor, MunicipalityAction::ListDeadlines, None)?;
    let page = query.page(50, 200)?;
    let listing = page.clone();
    let today = helsinki_date(state.clock.now());
    let lang = actor.lang;
    let st = state.clone();
    let (items, next_after) = state
        .door
        .read_list(&actor, ClientRead::ViewDeadlines, move |r| {
            let rows = repo::vouchers_in_force(
                r.conn(),
                &area.all,
                today,
                listing.after.as_deref(),
                listing.fetch(),
            )?;
            let (vouchers, next_after) = listing.finish(rows, |v| &v.id);
            let ids: Vec<String> = vouchers.iter().map(|v| v.id.clone()).collect();
            let mut visits = repo::voucher_visits(r.conn(), &ids)?;
            let agreements = repo::agreements_in_force(r.conn(), &ids)?;
            let mut items = Vec::new();
            for v in vouchers {
                let terms = rulebooks::repo::terms(r, &v.rulebook_id)?;
                let visits = visits.remove(&v.id).unwrap_or_default();
                let progress = Progress {
                    booked: visits
                        .iter()
                        .any(|x| x.status().is_ok_and(|s| s != Status::Cancelled)),
                    starts_on: agreements.get(&v.id).map(|a| a.starts_on),
                };
                let due = rulebooks::deadlines(&terms, &v.anchors());
                let late = late_clocks(due.intro_visit_by, due.start_by, progress, today);
                if late.is_empty() {
                    continue;
                }
                let refused = visits
                    .iter()
                    .rev()
                    .find(|x| x.status().is_ok_and(|s| s == Status::Refused));
                let refusal = match refused {
                    Some(x) => {
                        let provider = crate::providers::repo::find(r.conn(), &x.provider_id)?
                            .map(|p| p.name)
                            .unwrap_or_default();
                        let code = x.reason_code.clone().unwrap_or_default();
                        Some(RefusalSeen {
                            provider_id: x.provider_id.clone(),
                            provider,
                            reason: st.i18n.text(
                                lang,
                                &format!("refusal-{}", code.replace('_', "-")),
                                &vec![],
                            ),
                            reason_code: code,
                            explanation: x.reason.clone(),
                        })
                    }
                    None => None,
                };
                let name = persons::repo::display_name(r.conn(), &v.client_id)?;
                for (clock, due) in late {
                    let days_late = (today - due).num_days();
                    let summary = st.i18n.text(
                        lang,
                        match clock {
                            ClockKind::IntroVisit => "late-intro-visit",
                            ClockKind::Start => "late-start",
                        },
                        &vec![
                            ("client", ArgValue::from(name.clone())),
                            ("days", ArgValue::from(days_late)),
                        ],
                    );
                    items.push((
                        v.client_id.clone(),
                        LateClock {
                            client: PersonRef {
                                id: v.client_id.clone(),
                                display_name: name.clone(),
                            },
                            voucher_id: v.id.clone(),
                            voucher_number: v.number.clone(),
                            service: terms.rulebook.service_code.clone(),
                            clock,
                            due,
                            days_late,
                            summary,
                            refusal: refusal.clone(),
                        },
                    ));
                }
            }
            Ok((items, next_after))
        })
        .await?;
    Ok(HttpResponse::Ok().json(LatePage { items, next_after }))
}
