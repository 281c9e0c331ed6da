//! The notice of an overdue duty: the day after a document was due and none came, the voucher's
//! caseworker and the provider's staff each get one notice (design: "the city is in the loop"),
//! once however often the sweep looks and however many processes look.

use chrono::{DateTime, Days, Utc};

use super::duties::DutyState;
use super::{repo, work};
use crate::clock::helsinki_date;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::notifications::repo::{notify, sent_once};
use crate::notifications::{Facts, Kind};

/// How far back an agreement's end may lie for its duties to be swept (a final report is due
/// two weeks after the end).
const AFTER_END_DAYS: u64 = 60;

/// Notifies everyone who has not been told yet of each overdue duty; returns how many notices it
/// wrote.
pub fn sweep(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    let today = helsinki_date(now);
    let since = today
        .checked_sub_days(Days::new(AFTER_END_DAYS))
        .unwrap_or(today);
    let agreements = repo::running_since(conn, since)?;
    let ids: Vec<String> = agreements.iter().map(|a| a.id.clone()).collect();
    let documents = repo::documents(conn, &ids)?;
    let mut written = 0;
    let mut rulebooks = work::DutiesByRulebook::default();
    for a in &agreements {
        let (voucher, duties) = rulebooks.of(conn, a)?;
        let overdue: Vec<_> = work::dues(a, duties, &documents, today)
            .into_iter()
            .filter(|(_, state, _)| *state == DutyState::Overdue)
            .collect();
        if overdue.is_empty() {
            continue;
        }
        let mut told = vec![("caseworker", voucher.caseworker_id)];
        for staff in crate::persons::repo::staff_of(conn, &a.provider_id)? {
            told.push(("provider", staff));
        }
        // What every notice of this agreement says of whom, read once.
        let about = Facts {
            provider: crate::providers::repo::find(conn, &a.provider_id)?.map(|p| p.name),
            client_id: Some(a.client_id.clone()),
            client: Some(crate::persons::repo::display_name(conn, &a.client_id)?),
            ..Facts::default()
        };
        for (due, _, _) in overdue {
            let key = |person: &str| {
                format!(
                    "duty_overdue:{}:{}:{}:{person}",
                    a.id,
                    due.kind.as_str(),
                    due.n
                )
            };
            let keys: Vec<String> = told.iter().map(|(_, p)| key(p)).collect();
            let sent = sent_once(conn, &keys)?;
            for (side, person) in &told {
                let once = key(person);
                if sent.contains(&once) {
                    continue;
                }
                let facts = Facts {
                    date: Some(due.due_on),
                    document: Some(due.kind.as_str().to_string()),
                    side: Some(side.to_string()),
                    ..about.clone()
                };
                let kind = Kind::AgreementDutyOverdue;
                notify(conn, person, kind, &facts, Some(&a.id), Some(&once), now)?;
                written += 1;
            }
        }
    }
    Ok(written)
}
