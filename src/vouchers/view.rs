//! The wallet's view of a voucher: numbers, dates and plain-language sentences in the reader's
//! language. Pure: everything it shows is passed in.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{EventKind, EventRow, Status, VoucherRow};
use crate::error::{ArgValue, Args};
use crate::i18n::{format_date, format_money, Lang, Localizer};
use crate::rulebooks::{Terms, Unit};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Money {
    pub cents: i64,
    /// For reading, e.g. `2 400,00 €` or `€2,400.00`.
    pub display: String,
}

impl Money {
    pub fn new(cents: i64, lang: Lang) -> Money {
        Money {
            cents,
            display: format_money(cents, lang),
        }
    }
}

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
pub struct PriceTierInfo {
    /// The price applies up to this distance (km) from the provider's office; absent: beyond.
    pub up_to_km: Option<i32>,
    pub unit_price: Money,
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
    pub due: NaiveDate,
    /// The date has passed.
    pub overdue: bool,
    /// What to do, in one sentence.
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Caseworker {
    pub display_name: String,
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
    pub id: String,
    /// The voucher number to give on the phone, e.g. `HEI-7K3M-Q2PX`.
    pub number: String,
    pub status: Status,
    pub service: ServiceInfo,
    pub municipality: String,
    pub decision_date: NaiveDate,
    pub valid_from: NaiveDate,
    /// The last valid day.
    pub valid_until: NaiveDate,
    /// The price of one unit near home (the first tier, where prices go by distance).
    pub unit_price: Money,
    /// Prices by the provider's distance; empty when one price applies.
    pub price_tiers: Vec<PriceTierInfo>,
    /// Granted units × unit price.
    pub total_value: Money,
    pub value_remaining: Money,
    pub units: Units,
    pub weekly_terms: WeeklyTerms,
    /// Deadlines that apply now, soonest first.
    pub deadlines: Vec<Deadline>,
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

/// Everything the view needs about one voucher.
pub struct Input<'a> {
    pub row: &'a VoucherRow,
    pub terms: &'a Terms,
    pub used: i64,
    pub today: NaiveDate,
    pub municipality: &'a str,
    pub caseworker: &'a str,
    /// The reader is the client themself (second person) or someone else (third person).
    pub reader_is_client: bool,
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

pub fn render(i18n: &Localizer, lang: Lang, input: Input<'_>) -> Voucher {
    let Input {
        row,
        terms,
        used,
        today,
        municipality,
        caseworker,
        reader_is_client,
        history,
    } = input;
    let status = row.status(today);
    let unit = terms.unit();
    let price = terms.rulebook.unit_price_cents;
    let granted = i64::from(row.granted_units);
    let remaining = (granted - used).max(0);
    let text = |id: &str, args: Args| i18n.text(lang, id, &args);
    let date = |d: NaiveDate| ArgValue::Text(format_date(d, lang));

    // Deadlines count from the decision and matter until the service has started.
    let mut deadlines = Vec::new();
    if used == 0 && matches!(status, Status::Upcoming | Status::Active) {
        for (kind, due, id) in [
            (
                DeadlineKind::IntroVisit,
                terms.intro_visit_due(row.decision_date),
                "voucher-deadline-intro_visit",
            ),
            (
                DeadlineKind::Start,
                terms.start_due(row.decision_date),
                "voucher-deadline-start",
            ),
        ] {
            if let Some(due) = due {
                deadlines.push(Deadline {
                    kind,
                    due,
                    overdue: due < today,
                    text: text(id, vec![("date", date(due))]),
                });
            }
        }
    }

    let who: ArgValue = if reader_is_client { "self" } else { "other" }.into();
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
                    ("value", format_money(remaining * price, lang).into()),
                ],
            ));
            if let Some(next) = deadlines.iter().find(|d| !d.overdue) {
                summary.push(next.text.clone());
            } else if remaining == 0 {
                summary.push(text(
                    "voucher-summary-contact",
                    vec![("who", who.clone()), ("caseworker", caseworker.into())],
                ));
            }
        }
        Status::Expired | Status::Cancelled => summary.push(text(
            "voucher-summary-contact",
            vec![("who", who.clone()), ("caseworker", caseworker.into())],
        )),
    }

    let weekly_text = text(
        "voucher-weekly-terms",
        vec![
            ("unit", unit.as_str().into()),
            (
                "per",
                if terms.rulebook.hours_per_session {
                    "session"
                } else {
                    "day"
                }
                .into(),
            ),
            ("per_week", row.per_week.map_or(0, i64::from).into()),
            ("hours", row.hours_per_day.map_or(0, i64::from).into()),
        ],
    );

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
        municipality: municipality.to_string(),
        decision_date: row.decision_date,
        valid_from: row.valid_from,
        valid_until: row.valid_until,
        unit_price: Money::new(price, lang),
        price_tiers: terms
            .tiers
            .iter()
            .map(|t| PriceTierInfo {
                up_to_km: t.up_to_km,
                unit_price: Money::new(t.unit_price_cents, lang),
            })
            .collect(),
        total_value: Money::new(granted * price, lang),
        value_remaining: Money::new(remaining * price, lang),
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
        out_of_area_allowed: row.out_of_area_allowed,
        search_radius_km: terms.rulebook.search_radius_km,
        max_radius_without_permission_km: terms.rulebook.max_radius_without_permission_km,
        caseworker: Caseworker {
            display_name: caseworker.to_string(),
        },
        cancel_reason: row.cancel_reason.clone(),
        summary: summary.join(" "),
        history,
    }
}
