//! The caseworker's clients whose intro visit or start is late (H §1.4, K §4), with the
//! provider's reason where one refused: what the caseworker's list of late clocks reads.

use chrono::{DateTime, NaiveDate, Utc};

use super::view::{LateClock, RefusalSeen};
use super::{repo, ClockKind, Status};
use crate::access::door::{Area, Listed};
use crate::clock::helsinki_date;
use crate::db::cache::Reading;
use crate::error::AppError;
use crate::i18n::{ArgValue, Lang, Localizer};
use crate::pagination::PageRequest;
use crate::refs::{PersonRef, ProviderRef};
use crate::vouchers::Progress;
use crate::{persons, rulebooks, vouchers};

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
    // A closed group's start is late only after its allowed delay (K §4).
    let start = due
        .start_on_time_until()
        .filter(|&by| progress.start_late(by, today))
        .map(|by| (ClockKind::Start, by));
    intro.into_iter().chain(start).collect()
}

/// How many vouchers a page reads at a time while it looks for late clocks.
const BATCH: i64 = 200;

/// The late clocks of the vouchers in force in the caseworker's `area` on the day of `now`, each
/// listed under its client, and the next page's cursor (a voucher id). A page holds the clocks of
/// whole vouchers, at most the limit of them (a voucher's two clocks may make one more when they
/// open a page). It reads on past vouchers with none, so a page is empty only when no late clock
/// follows the cursor, and a cursor is given only when one does.
pub fn page(
    r: &mut Reading<'_>,
    i18n: &Localizer,
    lang: Lang,
    area: &Area,
    listing: &PageRequest,
    now: DateTime<Utc>,
) -> Result<(Vec<Listed<LateClock>>, Option<String>), AppError> {
    let today = helsinki_date(now);
    let limit = listing.limit.max(1) as usize;
    let mut items = Vec::new();
    let mut last = None;
    let mut after = listing.after.clone();
    loop {
        let batch = vouchers::repo::in_force_in(r.conn(), area, today, after.as_deref(), BATCH)?;
        let read_all = (batch.len() as i64) < BATCH;
        after = batch.last().map(|v| v.id.clone());
        for (voucher_id, mut found) in clocks(r, i18n, lang, batch, today)? {
            if !items.is_empty() && items.len() + found.len() > limit {
                return Ok((items, last));
            }
            items.append(&mut found);
            last = Some(voucher_id);
        }
        if read_all || after.is_none() {
            return Ok((items, None));
        }
    }
}

/// A voucher's id and its late clocks, each listed under its client.
type VoucherClocks = (String, Vec<Listed<LateClock>>);

/// The late clocks of each of `vouchers` that has any, in their order.
fn clocks(
    r: &mut Reading<'_>,
    i18n: &Localizer,
    lang: Lang,
    vouchers: Vec<vouchers::VoucherRow>,
    today: NaiveDate,
) -> Result<Vec<VoucherClocks>, AppError> {
    let ids: Vec<String> = vouchers.iter().map(|v| v.id.clone()).collect();
    let mut visits = repo::voucher_visits(r.conn(), &ids)?;
    let progress = vouchers::repo::progress(r.conn(), &ids)?;
    let mut out = Vec::new();
    for v in vouchers {
        let mut found = Vec::new();
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
                let provider = ProviderRef {
                    id: x.provider_id.clone(),
                    name: crate::providers::repo::find(r.conn(), &x.provider_id)?
                        .map(|p| p.name)
                        .unwrap_or_default(),
                };
                let code = x.reason_code.clone().unwrap_or_default();
                Some(RefusalSeen {
                    provider,
                    reason: i18n.text(
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
            let summary = i18n.text(
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
            found.push(Listed {
                client_id: v.client_id.clone(),
                organisation: None,
                item: LateClock {
                    client: PersonRef {
                        id: v.client_id.clone(),
                        display_name: name.clone(),
                    },
                    voucher_id: v.id.clone(),
                    voucher_number: v.number.clone(),
                    service: terms.service.named(lang),
                    clock,
                    due,
                    days_late,
                    summary,
                    refusal: refusal.clone(),
                },
            });
        }
        out.push((v.id.clone(), found));
    }
    Ok(out)
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

    #[test]
    fn a_closed_groups_start_is_late_only_after_its_allowed_delay() {
        let group = rulebooks::Deadlines {
            closed_group: Some(rulebooks::GroupStart {
                announced: d(4, 1),
                fill_checked_on: d(3, 25),
                min_fill_percent: 60,
                latest_if_delayed: d(4, 17),
                joins_until: d(4, 17),
            }),
            start_basis: Some(rulebooks::StartBasis::ClosedGroup),
            ..due(None, Some(d(4, 1)))
        };
        let none = Progress::default();
        for today in [d(4, 2), d(4, 16), d(4, 17)] {
            assert!(late_clocks(&group, &none, today).is_empty(), "{today}");
        }
        assert_eq!(
            late_clocks(&group, &none, d(4, 18)),
            [(ClockKind::Start, d(4, 17))]
        );
    }
}
