//! The wallet's view of a voucher: numbers, dates and plain-language sentences in the reader's
//! language. Pure: everything it shows is passed in.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{DeadlineAnchors, EventKind, EventRow, Progress, Status, VoucherRow};
use crate::error::{ArgValue, Args};
use crate::i18n::{format_date, format_moment, format_money_range, Lang, Localizer};
use crate::money::{Amount, Money, Span};
use crate::persons::repo::WorkContact;
use crate::refs::MunicipalityRef;
use crate::rulebooks::deadlines::StartBasis;
use crate::rulebooks::view::PriceTierInfo;
use crate::rulebooks::{self, Anchor, Terms, Unit};

#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceInfo {
    /// The service code, e.g. `rwa_basic`.
    pub code: String,
    pub name: String,
    /// One plain sentence about the service.
    pub description: String,
    /// What one unit is: an activity day or an hour.
    pub unit: Unit,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Units {
    pub granted: i64,
    /// Confirmed activity days or hours.
    pub used: i64,
    pub remaining: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WeeklyTerms {
    /// Activity days a week (hours a week for hourly services), as granted.
    pub per_week: Option<i32>,
    /// Hours a day (a session, for group coaching), as granted.
    pub hours_per_day: Option<i32>,
    /// The same in one plain sentence.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The free intro visit must be arranged by this date.
    IntroVisit,
    /// The service must start by this date.
    Start,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The last day it may happen on.
    pub due: NaiveDate,
    /// The date has passed.
    pub overdue: bool,
    /// What the rulebook's clock counts from; absent when the date was agreed separately or is a
    /// closed group's announced start.
    pub counts_from: Option<Anchor>,
    /// The day it counts from.
    pub from: Option<NaiveDate>,
    /// A closed group's latest start if the provider delays it (K §4).
    pub latest_if_delayed: Option<NaiveDate>,
    /// Done in time or not: the intro visit is booked, the service starts by its first day.
    pub done: bool,
    /// Done, but after the date: a booking made late is still a booking.
    pub late: bool,
    /// What to do, or what was done, in one sentence.
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Caseworker {
    pub display_name: String,
    /// Their work phone, if they gave one.
    pub phone: Option<String>,
    /// Their work e-mail, if they gave one.
    pub email: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    /// Who made the change.
    pub by: String,
    /// The validity's last day after the change.
    pub valid_until: Option<NaiveDate>,
    /// Units granted after the change.
    pub granted_units: Option<i32>,
    pub reason: Option<String>,
    /// The change in one plain sentence.
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Voucher {
    #[schema(format = Uuid)]
    pub id: String,
    /// The voucher number to give on the phone, e.g. `HEI-7K3M-Q2PX`.
    pub number: String,
    pub status: Status,
    pub service: ServiceInfo,
    pub municipality: MunicipalityRef,
    pub decision_date: NaiveDate,
    pub valid_from: NaiveDate,
    /// The last valid day.
    pub valid_until: NaiveDate,
    /// Whether the value is fixed: the rulebook has one price, or the client's agreement with a
    /// provider names where the meetings mainly happen. Until then a range (K §3.1).
    pub value_fixed: bool,
    /// The distance tier of the price, once the meeting place fixes it.
    pub price_tier: Option<i32>,
    /// The price of one unit, or its range.
    pub unit_price: Amount,
    /// Prices by the distance from the provider's office to where the meetings mainly happen;
    /// empty when one price applies.
    pub price_tiers: Vec<PriceTierInfo>,
    /// Granted units × unit price.
    pub total_value: Amount,
    /// Units left × unit price.
    pub value_remaining: Amount,
    /// The value in one plain sentence, e.g. "€46.00–€116.00 an hour, at most
    /// €1,840.00–€4,640.00."
    pub value_text: String,
    pub units: Units,
    pub weekly_terms: WeeklyTerms,
    /// Deadlines that apply now, soonest first.
    pub deadlines: Vec<Deadline>,
    /// The dates the deadlines count from, as the caseworker recorded them; absent: the decision
    /// date.
    pub deadline_anchors: DeadlineAnchors,
    /// The caseworker allowed choosing a provider farther than the usual distance.
    pub out_of_area_allowed: bool,
    /// Where a provider search starts, in km from home.
    pub search_radius_km: i32,
    /// How far a search may reach without the caseworker's permission, in km; absent: no limit.
    pub max_radius_without_permission_km: Option<i32>,
    pub caseworker: Caseworker,
    pub cancel_reason: Option<String>,
    /// Two to four plain sentences: what this is, how long, how much is left, what to do next.
    pub summary: String,
    /// Every change, oldest first (only in the single-voucher view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryEntry>>,
}

/// Who reads a voucher, in the relation the door decided: the sentences that address someone are
/// written for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The client, about their own voucher.
    Client,
    /// A helper acting on the client's behalf.
    Helper,
    /// The client's caseworker.
    Caseworker,
}

impl Reader {
    pub fn as_str(self) -> &'static str {
        match self {
            Reader::Client => "self",
            Reader::Helper => "proxy",
            Reader::Caseworker => "caseworker",
        }
    }
}

/// Everything the view needs about one voucher.
pub struct Input<'a> {
    pub row: &'a VoucherRow,
    pub terms: &'a Terms,
    pub used: i64,
    pub today: NaiveDate,
    pub municipality: &'a MunicipalityRef,
    pub caseworker: &'a WorkContact,
    /// Who reads: the client (second person), a helper or a caseworker (third person).
    pub reader: Reader,
    /// The intro visit booked and the agreement made. The agreement's meeting place fixes the
    /// value where the price goes by distance (a range until then).
    pub progress: &'a Progress,
    pub history: Option<Vec<(EventRow, String)>>,
}

/// A name in the middle of a sentence: its first letter in lower case.
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `self` when the client reads about their own, `other` when someone reads for them.
fn reader_who(reader: Reader) -> ArgValue {
    if reader == Reader::Client {
        "self"
    } else {
        "other"
    }
    .into()
}

pub fn render(i18n: &Localizer, lang: Lang, input: Input<'_>) -> Voucher {
    let Input {
        row,
        terms,
        used,
        today,
        municipality,
        caseworker,
        reader,
        progress,
        history,
    } = input;
    let meeting = progress.agreement.as_ref().and_then(|a| a.meeting);
    let status = row.status(today);
    let unit = terms.unit();
    let granted = i64::from(row.granted_units);
    let remaining = (granted - used).max(0);
    let total = super::value(terms, granted, meeting);
    let left = super::value(terms, remaining, meeting).total;
    let text = |id: &str, args: Args| i18n.text(lang, id, &args);
    let date = |d: NaiveDate| ArgValue::Text(format_date(d, lang));

    // Deadlines count from the dates the caseworker recorded (the decision date where none was)
    // and matter until the service has started.
    let mut deadlines = Vec::new();
    if used == 0 && matches!(status, Status::Upcoming | Status::Active) {
        let anchors = row.anchors();
        let due = rulebooks::deadlines(terms, &anchors);
        if let Some(by) = due.intro_visit_by {
            let anchor = terms.rules.intro_anchor();
            let booked = progress.visit.as_ref();
            deadlines.push(Deadline {
                kind: DeadlineKind::IntroVisit,
                due: by,
                overdue: progress.intro_visit_late(by, today),
                counts_from: Some(anchor),
                from: Some(anchors.date(anchor)),
                latest_if_delayed: None,
                done: booked.is_some(),
                late: booked.is_some_and(|b| due.intro_booked_late(b.booked_on)),
                text: match booked {
                    Some(b) => text(
                        "voucher-deadline-intro_visit-booked",
                        vec![
                            ("who", reader_who(reader)),
                            ("provider", b.provider.clone().into()),
                            ("when", format_moment(b.starts_at, lang).into()),
                            (
                                "late",
                                if due.intro_booked_late(b.booked_on) {
                                    "late"
                                } else {
                                    "in_time"
                                }
                                .into(),
                            ),
                        ],
                    ),
                    None => text("voucher-deadline-intro_visit", vec![("date", date(by))]),
                },
            });
        }
        if let (Some(by), Some(basis)) = (due.start_by, due.start_basis) {
            let counted = basis == StartBasis::Counted;
            let anchor = terms.rules.start_anchor();
            let latest = due.closed_group.map(|g| g.latest_if_delayed);
            let agreed = progress.agreement.as_ref();
            // A closed group's start is late only after its allowed delay (K §4).
            let last = due.start_on_time_until().unwrap_or(by);
            deadlines.push(Deadline {
                kind: DeadlineKind::Start,
                due: by,
                overdue: progress.start_late(last, today),
                counts_from: counted.then_some(anchor),
                from: counted.then(|| anchors.date(anchor)),
                latest_if_delayed: latest,
                done: agreed.is_some_and(|a| a.starts_on <= last),
                late: agreed.is_some_and(|a| a.starts_on > last),
                text: match (agreed, latest) {
                    (Some(a), _) => text(
                        "voucher-deadline-start-agreed",
                        vec![
                            ("who", reader_who(reader)),
                            ("provider", a.provider.clone().into()),
                            ("date", date(a.starts_on)),
                        ],
                    ),
                    (None, Some(latest)) => text(
                        "voucher-deadline-group_start",
                        vec![("date", date(by)), ("latest", date(latest))],
                    ),
                    (None, None) => text("voucher-deadline-start", vec![("date", date(by))]),
                },
            });
        }
    }

    let who = reader_who(reader);
    let service_name = terms.service.name(lang).to_string();
    let mut summary = vec![text(
        "voucher-summary-lead",
        vec![
            ("who", who.clone()),
            ("status", status.as_str().into()),
            ("service", lower_first(&service_name).into()),
            ("from", date(row.valid_from)),
            ("until", date(row.valid_until)),
            (
                "cancelled",
                date(row.cancelled_at.map_or(today, |c| c.date())),
            ),
        ],
    )];
    match status {
        Status::Active | Status::Upcoming => {
            summary.push(text(
                "voucher-summary-units",
                vec![
                    ("who", who.clone()),
                    ("status", status.as_str().into()),
                    ("unit", unit.as_str().into()),
                    ("units", remaining.into()),
                    ("value", format_money_range(left.min, left.max, lang).into()),
                ],
            ));
            if let Some(next) = deadlines.iter().find(|d| !d.overdue && !d.done) {
                summary.push(next.text.clone());
            } else if remaining == 0 {
                summary.push(text(
                    "voucher-summary-contact",
                    vec![
                        ("who", who.clone()),
                        ("caseworker", caseworker.display_name.as_str().into()),
                    ],
                ));
            }
        }
        Status::Expired | Status::Cancelled => summary.push(text(
            "voucher-summary-contact",
            vec![
                ("who", who.clone()),
                ("caseworker", caseworker.display_name.as_str().into()),
            ],
        )),
    }

    // Weekly terms where the rulebook sets them; otherwise they are agreed with the provider.
    let weekly_text = match row.per_week {
        Some(per_week) => text(
            "voucher-weekly-terms",
            vec![
                ("unit", unit.as_str().into()),
                ("per_week", i64::from(per_week).into()),
                ("hours", row.hours_per_day.map_or(0, i64::from).into()),
            ],
        ),
        None => text(
            "voucher-weekly-terms-open",
            vec![
                ("unit", unit.as_str().into()),
                ("reader", reader.as_str().into()),
            ],
        ),
    };

    let range = |v: Span| ArgValue::from(format_money_range(v.min, v.max, lang));
    let mut value_text = text(
        "voucher-value",
        vec![
            ("unit", unit.as_str().into()),
            ("price", range(total.unit_price)),
            ("total", range(total.total)),
        ],
    );
    if !total.total.is_exact() {
        value_text.push(' ');
        value_text.push_str(&text(
            "voucher-value-depends",
            vec![("unit", unit.as_str().into())],
        ));
    }

    let history = history.map(|events| {
        events
            .into_iter()
            .map(|(e, by)| {
                let kind = EventKind::parse(&e.kind);
                HistoryEntry {
                    text: text(
                        "voucher-history",
                        vec![
                            ("kind", kind.as_str().into()),
                            ("by", by.clone().into()),
                            ("until", e.valid_until.map_or("".into(), date)),
                            (
                                "months",
                                i64::from(terms.rulebook.validity_max_months).into(),
                            ),
                            (
                                "total_months",
                                i64::from(terms.rulebook.total_max_months.unwrap_or(0)).into(),
                            ),
                        ],
                    ),
                    kind,
                    at: e.created_at.and_utc(),
                    by,
                    valid_until: e.valid_until,
                    granted_units: e.granted_units,
                    reason: e.reason,
                }
            })
            .collect()
    });

    Voucher {
        id: row.id.clone(),
        number: row.number.clone(),
        status,
        service: ServiceInfo {
            code: terms.service.code.clone(),
            name: service_name,
            description: terms.service.description(lang).to_string(),
            unit,
        },
        municipality: municipality.clone(),
        decision_date: row.decision_date,
        valid_from: row.valid_from,
        valid_until: row.valid_until,
        value_fixed: total.total.is_exact(),
        price_tier: total.tier,
        unit_price: Amount::new(total.unit_price, lang),
        price_tiers: terms
            .tiers
            .iter()
            .map(|t| PriceTierInfo {
                up_to_km: t.up_to_km,
                unit_price: Money::new(t.unit_price_cents, lang),
                remote: t.remote,
            })
            .collect(),
        total_value: Amount::new(total.total, lang),
        value_remaining: Amount::new(left, lang),
        value_text,
        units: Units {
            granted,
            used,
            remaining,
        },
        weekly_terms: WeeklyTerms {
            per_week: row.per_week,
            hours_per_day: row.hours_per_day,
            text: weekly_text,
        },
        deadlines,
        deadline_anchors: row.deadline_anchors(),
        out_of_area_allowed: row.out_of_area_allowed,
        search_radius_km: terms.rulebook.search_radius_km,
        max_radius_without_permission_km: terms.rulebook.max_radius_without_permission_km,
        caseworker: Caseworker {
            display_name: caseworker.display_name.clone(),
            phone: caseworker.phone.clone(),
            email: caseworker.email.clone(),
        },
        cancel_reason: row.cancel_reason.clone(),
        summary: summary.join(" "),
        history,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebooks::tests::{kuopio_tiers, terms};
    use crate::vouchers::MeetingPlace;

    fn row() -> VoucherRow {
        let d = |day| NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
        let at = d(2).and_hms_opt(9, 0, 0).unwrap();
        VoucherRow {
            id: "v".into(),
            number: "KUO-0000-0000".into(),
            client_id: "c".into(),
            rulebook_id: "x".into(),
            caseworker_id: "w".into(),
            decision_date: d(2),
            valid_from: d(2),
            valid_until: d(31),
            granted_units: 40,
            per_week: None,
            hours_per_day: None,
            exception_reason: None,
            out_of_area_allowed: false,
            out_of_area_reason: None,
            cancelled_at: None,
            cancel_reason: None,
            created_at: at,
            updated_at: at,
            place_agreed_on: None,
            plan_made_on: None,
            ordered_on: None,
            start_agreed_on: None,
            group_starts_on: None,
        }
    }

    /// The wallet shows the range until the agreement names where the meetings are; then the
    /// value is fixed by that one input.
    #[test]
    fn the_meeting_place_fixes_the_value() {
        let i18n = Localizer::new().unwrap();
        let t = terms(kuopio_tiers());
        let row = row();
        let show = |meeting: Option<MeetingPlace>| {
            let progress = Progress {
                visit: None,
                agreement: meeting.map(|meeting| crate::vouchers::Agreed {
                    provider: "Paja ry".into(),
                    starts_on: row.valid_from,
                    meeting: Some(meeting),
                }),
            };
            render(
                &i18n,
                Lang::En,
                Input {
                    row: &row,
                    terms: &t,
                    used: 10,
                    today: row.valid_from,
                    municipality: &MunicipalityRef {
                        code: "kuopio".into(),
                        name: "Kuopio".into(),
                    },
                    caseworker: &WorkContact {
                        display_name: "Pekka".into(),
                        ..WorkContact::default()
                    },
                    reader: Reader::Client,
                    progress: &progress,
                    history: None,
                },
            )
        };
        let range = show(None);
        assert!(!range.value_fixed);
        assert_eq!(range.total_value.display, "€1,840.00–€4,640.00");
        assert_eq!(range.value_remaining.display, "€1,380.00–€3,480.00");
        let far = show(Some(MeetingPlace::Km(30.0)));
        assert!(far.value_fixed);
        assert_eq!(far.price_tier, Some(2));
        assert_eq!(far.value_text, "€81.00 an hour, at most €3,240.00.");
        assert_eq!(far.value_remaining.display, "€2,430.00");
        let remote = show(Some(MeetingPlace::Remote));
        assert_eq!(remote.price_tier, Some(1));
        assert_eq!(remote.total_value.display, "€1,840.00");
    }
}
