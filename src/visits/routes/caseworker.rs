//! `GET /caseworker/deadlines`: the caseworker's clients whose intro visit or start is late
//! (H §1.4, K §4), with the provider's reason where one refused.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::access::door::Listed;
use crate::access::{ClientRead, MunicipalityAction};
use crate::auth::Actor;
use crate::clock::helsinki_date;
use crate::error::{AppError, Problem};
use crate::i18n::ArgValue;
use crate::pagination::PageQuery;
use crate::persons::PersonRef;
use crate::state::AppState;
use crate::visits::{repo, ClockKind, Status};
use crate::vouchers::Progress;
use crate::{persons, rulebooks, vouchers};

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

/// The clocks of a voucher that have run out on `today` with nothing done, intro visit first,
/// each with the day it was due (the rule is [`Progress::intro_visit_late`] and
/// [`Progress::start_late`]).
fn late_clocks(
    due: &rulebooks::Deadlines,
    progress: &Progress,
    today: NaiveDate,
) -> Vec<(ClockKind, NaiveDate)> {
    let intro = due
        .intro_visit_by
        .filter(|&by| progress.intro_visit_late(by, today))
        .map(|by| (ClockKind::IntroVisit, by));
    let start = due
        .start_by
        .filter(|&by| progress.start_late(by, today))
        .map(|by| (ClockKind::Start, by));
    intro.into_iter().chain(start).collect()
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
    let lang = actor.lang;
    let st = state.clone();
    let (items, next_after) = state
        .door
        .read_list(&actor, ClientRead::ViewDeadlines, move |r, now| {
            let today = helsinki_date(now);
            let rows = vouchers::repo::in_force_in(
                r.conn(),
                &area,
                today,
                listing.after.as_deref(),
                listing.fetch(),
            )?;
            let (vouchers, next_after) = listing.finish(rows, |v| &v.id);
            let ids: Vec<String> = vouchers.iter().map(|v| v.id.clone()).collect();
            let mut visits = repo::voucher_visits(r.conn(), &ids)?;
            let progress = vouchers::repo::progress(r.conn(), &ids)?;
            let mut items = Vec::new();
            for v in vouchers {
                let terms = rulebooks::repo::terms(r, &v.rulebook_id)?;
                let visits = visits.remove(&v.id).unwrap_or_default();
                let due = rulebooks::deadlines(&terms, &v.anchors());
                let none = Progress::default();
                let progress = progress.get(&v.id).unwrap_or(&none);
                let late = late_clocks(&due, progress, today);
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
                let name = persons::repo::name(r, &v.client_id)?;
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
                    items.push(Listed {
                        client_id: v.client_id.clone(),
                        organisation: None,
                        item: LateClock {
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
                    });
                }
            }
            Ok((items, next_after))
        })
        .await?;
    Ok(HttpResponse::Ok().json(LatePage { items, next_after }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn due(intro: Option<NaiveDate>, start: Option<NaiveDate>) -> rulebooks::Deadlines {
        rulebooks::Deadlines {
            intro_visit_by: intro,
            start_by: start,
            start_basis: None,
            closed_group: None,
        }
    }

    #[test]
    fn the_late_clocks_are_listed_intro_visit_first_with_their_day() {
        let none = Progress::default();
        let both = due(Some(d(3, 9)), Some(d(3, 16)));
        assert!(late_clocks(&both, &none, d(3, 9)).is_empty());
        assert_eq!(
            late_clocks(&both, &none, d(3, 10)),
            [(ClockKind::IntroVisit, d(3, 9))]
        );
        assert_eq!(
            late_clocks(&both, &none, d(3, 17)),
            [
                (ClockKind::IntroVisit, d(3, 9)),
                (ClockKind::Start, d(3, 16))
            ]
        );
        assert!(late_clocks(&due(None, None), &none, d(12, 31)).is_empty());
    }
}
