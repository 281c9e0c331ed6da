//! The provider's duties under an agreement, as pure rules over the rulebook's data: which
//! document is due when, and whether it came on time.
//!
//! Heinola (H §1.7, §2): an interim assessment every 3 months from the start; the final
//! assessment with a follow-up plan proposal at least 2 weeks, preferably 3, before the end.
//! Kuopio (K §7, appendix 1): a written summary at the end of each 4-month period while the
//! service continues; the final report within 2 weeks after the end. The numbers live in the
//! `rulebook_duties` table; nothing here names a municipality.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How many days ahead a duty counts as due soon.
pub const DUE_SOON_DAYS: u64 = 7;

/// What a document staff record is: a duty's, or another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = DocumentKind)]
pub enum DocumentKind {
    /// An interim assessment of the client's progress (väliarvio).
    InterimAssessment,
    /// The final assessment with a follow-up plan proposal.
    FinalAssessment,
    /// A written summary at the end of a period, when the service continues.
    Summary,
    /// The final report after the end.
    FinalReport,
    /// Any other document about the service.
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 5] = [
        DocumentKind::InterimAssessment,
        DocumentKind::FinalAssessment,
        DocumentKind::Summary,
        DocumentKind::FinalReport,
        DocumentKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::InterimAssessment => "interim_assessment",
            DocumentKind::FinalAssessment => "final_assessment",
            DocumentKind::Summary => "summary",
            DocumentKind::FinalReport => "final_report",
            DocumentKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// When a duty's document is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Every so many months from the start, while the agreement runs.
    EveryMonths(u32),
    /// So many days before the last day at the latest, preferably so many.
    BeforeEnd { days: u64, preferred: Option<u64> },
    /// Within so many days after the last day.
    AfterEnd { days: u64 },
}

/// One duty of a rulebook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duty {
    pub kind: DocumentKind,
    pub schedule: Schedule,
}

/// One document due: the how-many-th of its kind, by when, and preferably by when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub kind: DocumentKind,
    pub n: usize,
    pub due_on: NaiveDate,
    pub preferably_by: Option<NaiveDate>,
}

/// The documents `duties` ask of an agreement running from `starts_on` to `last_day`, by due
/// date. Where the end came early (`ended_early`), a document due before the end is due on the
/// last day itself: nobody could write it weeks ahead of an end nobody knew of.
pub fn schedule(
    duties: &[Duty],
    starts_on: NaiveDate,
    last_day: NaiveDate,
    ended_early: bool,
) -> Vec<Due> {
    let mut out = Vec::new();
    for duty in duties {
        match duty.schedule {
            Schedule::EveryMonths(months) => {
                let mut n = 1;
                while let Some(due_on) = starts_on.checked_add_months(Months::new(months * n)) {
                    // Only while the service continues past it.
                    if due_on >= last_day {
                        break;
                    }
                    out.push(Due {
                        kind: duty.kind,
                        n: n as usize,
                        due_on,
                        preferably_by: None,
                    });
                    n += 1;
                }
            }
            Schedule::BeforeEnd { days, preferred } => {
                let before = |d: u64| last_day.checked_sub_days(Days::new(d));
                let (due_on, preferably_by) = if ended_early {
                    (Some(last_day), None)
                } else {
                    (before(days), preferred.and_then(before))
                };
                if let Some(due_on) = due_on {
                    out.push(Due {
                        kind: duty.kind,
                        n: 1,
                        due_on: due_on.max(starts_on),
                        preferably_by: preferably_by.map(|p| p.max(starts_on)),
                    });
                }
            }
            Schedule::AfterEnd { days } => {
                if let Some(due_on) = last_day.checked_add_days(Days::new(days)) {
                    out.push(Due {
                        kind: duty.kind,
                        n: 1,
                        due_on,
                        preferably_by: None,
                    });
                }
            }
        }
    }
    out.sort_by_key(|d| (d.due_on, d.kind.as_str(), d.n));
    out
}

/// Where a document due stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = DutyState)]
pub enum DutyState {
    /// Due later than a week from today.
    Upcoming,
    /// Due within a week.
    DueSoon,
    /// Its day passed with no document.
    Overdue,
    /// Recorded by its day.
    DoneOnTime,
    /// Recorded after its day.
    DoneLate,
}

impl DutyState {
    pub fn as_str(self) -> &'static str {
        match self {
            DutyState::Upcoming => "upcoming",
            DutyState::DueSoon => "due_soon",
            DutyState::Overdue => "overdue",
            DutyState::DoneOnTime => "done_on_time",
            DutyState::DoneLate => "done_late",
        }
    }

    /// Whether the caseworker should look at it.
    pub fn needs_attention(self) -> bool {
        matches!(self, DutyState::DueSoon | DutyState::Overdue)
    }
}

/// Each document due with its state on `today`, and the day the document that met it was
/// recorded. The documents of a kind meet its dues in order: the first recorded meets the first
/// due, and so on. `recorded` holds each document's kind and the day it was recorded.
pub fn states(
    dues: &[Due],
    recorded: &[(DocumentKind, NaiveDate)],
    today: NaiveDate,
) -> Vec<(Due, DutyState, Option<NaiveDate>)> {
    let mut by_kind: Vec<(DocumentKind, Vec<NaiveDate>)> = Vec::new();
    for (kind, day) in recorded {
        match by_kind.iter_mut().find(|(k, _)| k == kind) {
            Some((_, days)) => days.push(*day),
            None => by_kind.push((*kind, vec![*day])),
        }
    }
    for (_, days) in by_kind.iter_mut() {
        days.sort();
    }
    dues.iter()
        .map(|due| {
            let done = by_kind
                .iter()
                .find(|(k, _)| *k == due.kind)
                .and_then(|(_, days)| days.get(due.n - 1).copied());
            let state = match done {
                Some(day) if day <= due.due_on => DutyState::DoneOnTime,
                Some(_) => DutyState::DoneLate,
                None if today > due.due_on => DutyState::Overdue,
                None if due.due_on <= today + Days::new(DUE_SOON_DAYS) => DutyState::DueSoon,
                None => DutyState::Upcoming,
            };
            (*due, state, done)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn heinola() -> Vec<Duty> {
        vec![
            Duty {
                kind: DocumentKind::InterimAssessment,
                schedule: Schedule::EveryMonths(3),
            },
            Duty {
                kind: DocumentKind::FinalAssessment,
                schedule: Schedule::BeforeEnd {
                    days: 14,
                    preferred: Some(21),
                },
            },
        ]
    }

    fn kuopio() -> Vec<Duty> {
        vec![
            Duty {
                kind: DocumentKind::Summary,
                schedule: Schedule::EveryMonths(4),
            },
            Duty {
                kind: DocumentKind::FinalReport,
                schedule: Schedule::AfterEnd { days: 14 },
            },
        ]
    }

    #[test]
    fn heinola_asks_an_interim_assessment_every_three_months_and_a_final_one_two_weeks_ahead() {
        let dues = schedule(&heinola(), d(2027, 1, 11), d(2027, 12, 31), false);
        let days: Vec<_> = dues.iter().map(|x| (x.kind, x.due_on)).collect();
        assert_eq!(
            days,
            [
                (DocumentKind::InterimAssessment, d(2027, 4, 11)),
                (DocumentKind::InterimAssessment, d(2027, 7, 11)),
                (DocumentKind::InterimAssessment, d(2027, 10, 11)),
                (DocumentKind::FinalAssessment, d(2027, 12, 17)),
            ]
        );
        assert_eq!(dues[3].preferably_by, Some(d(2027, 12, 10)));
    }

    #[test]
    fn an_interim_assessment_due_on_the_last_day_or_later_is_not_asked() {
        // A three-month agreement has only its final assessment.
        let dues = schedule(&heinola(), d(2027, 1, 11), d(2027, 4, 11), false);
        assert_eq!(dues.len(), 1);
        let dues = schedule(&heinola(), d(2027, 1, 11), d(2027, 4, 12), false);
        assert_eq!(dues.len(), 2);
        assert_eq!(dues[0].kind, DocumentKind::FinalAssessment);
        assert_eq!(dues[1].due_on, d(2027, 4, 11));
    }

    #[test]
    fn kuopio_asks_the_final_report_within_two_weeks_after_the_end() {
        let dues = schedule(&kuopio(), d(2027, 1, 4), d(2027, 5, 3), false);
        let days: Vec<_> = dues.iter().map(|x| (x.kind, x.due_on)).collect();
        assert_eq!(days, [(DocumentKind::FinalReport, d(2027, 5, 17))]);
        // Extended past four months, the service continues: a summary at the period's end.
        let dues = schedule(&kuopio(), d(2027, 1, 4), d(2027, 6, 30), false);
        assert_eq!(dues[0].kind, DocumentKind::Summary);
        assert_eq!(dues[0].due_on, d(2027, 5, 4));
    }

    #[test]
    fn an_early_end_asks_the_final_assessment_by_the_last_day() {
        let dues = schedule(&heinola(), d(2027, 1, 11), d(2027, 3, 1), true);
        assert_eq!(dues.len(), 1);
        assert_eq!(dues[0].due_on, d(2027, 3, 1));
    }

    #[test]
    fn a_due_is_upcoming_then_due_soon_then_overdue_or_done() {
        let dues = schedule(&heinola(), d(2027, 1, 11), d(2027, 12, 31), false);
        let first = dues[0].due_on; // 11 April
        let state =
            |recorded: &[(DocumentKind, NaiveDate)], today| states(&dues, recorded, today)[0].1;
        assert_eq!(state(&[], first - Days::new(8)), DutyState::Upcoming);
        assert_eq!(state(&[], first - Days::new(7)), DutyState::DueSoon);
        assert_eq!(state(&[], first), DutyState::DueSoon);
        assert_eq!(state(&[], first + Days::new(1)), DutyState::Overdue);
        let on_time = [(DocumentKind::InterimAssessment, first)];
        assert_eq!(
            state(&on_time, first + Days::new(30)),
            DutyState::DoneOnTime
        );
        let late = [(DocumentKind::InterimAssessment, first + Days::new(1))];
        assert_eq!(state(&late, first + Days::new(30)), DutyState::DoneLate);
        // A document of another kind meets nothing here.
        let other = [(DocumentKind::Other, first)];
        assert_eq!(state(&other, first + Days::new(1)), DutyState::Overdue);
    }

    #[test]
    fn documents_of_a_kind_meet_its_dues_in_order() {
        let dues = schedule(&heinola(), d(2027, 1, 11), d(2027, 12, 31), false);
        let recorded = [
            (DocumentKind::InterimAssessment, d(2027, 7, 20)),
            (DocumentKind::InterimAssessment, d(2027, 4, 1)),
        ];
        let s = states(&dues, &recorded, d(2027, 8, 1));
        assert_eq!(s[0].1, DutyState::DoneOnTime);
        assert_eq!(s[1].1, DutyState::DoneLate);
        assert_eq!(s[2].1, DutyState::Upcoming);
    }
}
