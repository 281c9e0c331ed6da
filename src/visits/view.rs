//! Intro visits and slots as people read them: the client (or their helper or caseworker), and
//! the provider's staff, who see only what they need.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::repo::{EventRow, Shown, SlotRow, VisitRow};
use super::{ClockKind, Status};
use crate::access::ActingAs;
use crate::error::AppError;
use crate::i18n::{format_date, format_moment, ArgValue, Args, Lang, Localizer};
use crate::pagination::{Page, Paged, NEXT_AFTER};
use crate::providers::place::site_ref;
use crate::providers::Place;
use crate::refs::SiteRef;
use crate::refs::{Language, PersonRef, ProviderRef, ServiceRef};
use crate::rulebooks::repo::Services;
use crate::rulebooks::view::service_ref;
use crate::vocab::{decode_list, ServiceLanguage};

/// A slot as anyone sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Slot {
    #[schema(format = Uuid)]
    pub id: String,
    pub provider: ProviderRef,
    pub site: SiteRef,
    pub service: ServiceRef,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The time for reading, e.g. `3.3.2026 klo 9.30`.
    pub when: String,
    pub free_places: i32,
    pub languages: Vec<Language>,
    /// The provider's note in the reader's language, e.g. where the door is.
    pub note: String,
}

/// A note in the three languages.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Notes {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

/// A booking as the provider's staff see it: the client's name and language, and the
/// voucher's service and terms; nothing else of the client's.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffBooking {
    #[schema(format = Uuid)]
    pub id: String,
    pub status: Status,
    pub status_name: String,
    pub client: PersonRef,
    /// The client's own choice of language, if they made one.
    pub client_language: Option<Lang>,
    pub voucher: VoucherTerms,
    /// Booked after the intro visit's deadline, as the voucher's recorded dates set it now.
    pub late: bool,
    pub booked_at: DateTime<Utc>,
}

/// What staff need of a voucher: its service and terms.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VoucherTerms {
    #[schema(format = Uuid)]
    pub id: String,
    pub service: ServiceRef,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
}

/// A slot with its bookings, as the provider's staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffSlot {
    #[schema(format = Uuid)]
    pub id: String,
    pub site: SiteRef,
    pub service: ServiceRef,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    /// Open bookings.
    pub booked: i32,
    pub languages: Vec<Language>,
    pub note: Notes,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdraw_reason: Option<String>,
    pub bookings: Vec<StaffBooking>,
}

pub type StaffSlotPage = Page<StaffSlot>;
pub type SlotPage = Page<Slot>;

impl Paged for Slot {
    const PAGE: &'static str = "SlotPage";
    const ORDER: Option<&'static str> = Some("Soonest first.");
    const NEXT: Option<&'static str> = Some(NEXT_AFTER);
}

impl Paged for StaffSlot {
    const PAGE: &'static str = "StaffSlotPage";
    const ORDER: Option<&'static str> = Some("In the order they start.");
    const NEXT: Option<&'static str> = Some(NEXT_AFTER);
}

/// One step of a booking's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisitEvent {
    pub status: Status,
    pub at: DateTime<Utc>,
    /// Who took the step; absent where the reader knows them only by their role (provider staff
    /// reading a step of the client's helper or caseworker).
    pub actor: Option<PersonRef>,
    pub acting_as: String,
    /// One plain sentence: who did what.
    pub description: String,
}

/// An intro visit as the client, their helper or caseworker see it (and the provider's staff,
/// for their own).
#[derive(Debug, Serialize, ToSchema)]
pub struct Visit {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub voucher_id: String,
    pub status: Status,
    pub status_name: String,
    /// One plain sentence about where it stands.
    pub summary: String,
    pub provider: ProviderRef,
    pub site: SiteRef,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The time for reading.
    pub when: String,
    /// The provider's note about the visit, in the reader's language.
    pub note: String,
    /// Booked after the intro visit's deadline, as the voucher's recorded dates set it now.
    pub late: bool,
    /// Why it was cancelled, not held or refused, in plain words.
    pub reason: Option<String>,
    /// The provider's own explanation of a refusal: for the caseworker and the provider.
    pub provider_explanation: Option<String>,
    /// For a place in the provider's queue: when the service is expected to start.
    pub queue_start_on: Option<NaiveDate>,
    /// The calendar file of this visit.
    pub calendar: String,
    pub history: Vec<VisitEvent>,
}

pub type VisitPage = Page<Visit>;

impl Paged for Visit {
    const PAGE: &'static str = "VisitPage";
    const ORDER: Option<&'static str> = Some("Newest first.");
    const NEXT: Option<&'static str> = Some(NEXT_AFTER);
}

/// The reader's texts.
#[derive(Clone, Copy)]
pub struct Texts<'a> {
    pub i18n: &'a Localizer,
    pub lang: Lang,
}

/// What a visit is shown with besides its row.
pub struct VisitParts<'a> {
    pub slot: &'a SlotRow,
    pub place: &'a Place,
    pub history: &'a [(EventRow, String)],
    /// The client's name, when the reader is not the client.
    pub client_name: Option<&'a str>,
    pub reader: ActingAs,
    /// The address of the client's visits, for the calendar link.
    pub base_path: &'a str,
    /// Booked after the intro visit's deadline in force.
    pub late: bool,
}

impl Texts<'_> {
    fn text(&self, id: &str, args: &Args) -> String {
        self.i18n.text(self.lang, id, args)
    }

    pub fn status_name(&self, s: Status) -> String {
        self.text(
            &format!("visit-status-{}", s.as_str().replace('_', "-")),
            &vec![],
        )
    }

    pub fn note(&self, slot: &SlotRow) -> String {
        match self.lang {
            Lang::Fi => slot.note_fi.clone(),
            Lang::Sv => slot.note_sv.clone(),
            Lang::En => slot.note_en.clone(),
        }
    }

    /// The languages of a list as stored, with their names.
    pub fn languages(&self, stored: &str) -> Vec<Language> {
        decode_list(stored, ServiceLanguage::parse)
            .into_iter()
            .map(|l| Language {
                code: l.as_str().to_string(),
                name: self.text(&l.label_id(), &vec![]),
            })
            .collect()
    }

    pub fn slot(&self, s: &SlotRow, place: &Place, services: &Services) -> Slot {
        Slot {
            id: s.id.clone(),
            provider: ProviderRef {
                id: s.provider_id.clone(),
                name: place.provider_name.clone(),
            },
            site: site_ref(&s.site_id, place),
            service: service_ref(services, &s.service_code, self.lang),
            starts_at: s.starts(),
            ends_at: s.ends(),
            when: format_moment(s.starts(), self.lang),
            free_places: (s.capacity - s.booked).max(0),
            languages: self.languages(&s.languages),
            note: self.note(s),
        }
    }

    /// Why a visit ended as it did, in plain words for the client.
    fn reason(&self, v: &VisitRow, status: Status) -> Option<String> {
        let code = v.reason_code.as_deref()?;
        match status {
            Status::Refused => {
                Some(self.text(&format!("refusal-{}", code.replace('_', "-")), &vec![]))
            }
            Status::NotHeld => {
                Some(self.text(&format!("not-held-{}", code.replace('_', "-")), &vec![]))
            }
            // A withdrawn slot: the provider's own words.
            Status::Cancelled if code == "withdrawn" => v.reason.clone(),
            _ => None,
        }
    }

    /// Who took the step `e` (by the person named `name`), as `reader` may know them, and how a
    /// sentence names them. Provider staff read the client's helper and caseworker by their role
    /// only: no name, no person id, whether or not the helper's power still stands.
    fn actor(&self, reader: ActingAs, e: &EventRow, name: &str) -> (Option<PersonRef>, String) {
        let by = ActingAs::parse(&e.acting_as);
        if reader == ActingAs::ProviderStaff
            && matches!(by, Some(ActingAs::Proxy | ActingAs::Caseworker) | None)
        {
            let role = by.map_or("proxy", ActingAs::as_str);
            return (None, self.text(&format!("visit-actor-{role}"), &vec![]));
        }
        let actor = PersonRef {
            id: e.actor_id.clone(),
            display_name: name.to_string(),
        };
        (Some(actor), name.to_string())
    }

    pub fn visit(&self, v: &VisitRow, parts: VisitParts<'_>) -> Visit {
        let status = v.status().unwrap_or(Status::Cancelled);
        let when = format_moment(parts.slot.starts(), self.lang);
        let who = parts.client_name.map_or("self", |_| "other");
        let summary = self.text(
            &format!("visit-summary-{}", status.as_str().replace('_', "-")),
            &vec![
                ("who", ArgValue::from(who)),
                (
                    "client",
                    ArgValue::from(parts.client_name.unwrap_or_default()),
                ),
                (
                    "provider",
                    ArgValue::from(parts.place.provider_name.clone()),
                ),
                ("when", ArgValue::from(when.clone())),
                (
                    "date",
                    ArgValue::from(
                        v.queue_start_on
                            .map(|d| format_date(d, self.lang))
                            .unwrap_or_default(),
                    ),
                ),
            ],
        );
        let explanation = matches!(parts.reader, ActingAs::Caseworker | ActingAs::ProviderStaff)
            && status == Status::Refused;
        Visit {
            id: v.id.clone(),
            voucher_id: v.voucher_id.clone(),
            status,
            status_name: self.status_name(status),
            summary,
            provider: ProviderRef {
                id: v.provider_id.clone(),
                name: parts.place.provider_name.clone(),
            },
            site: site_ref(&parts.slot.site_id, parts.place),
            starts_at: parts.slot.starts(),
            ends_at: parts.slot.ends(),
            when,
            note: self.note(parts.slot),
            late: parts.late,
            reason: self.reason(v, status),
            provider_explanation: if explanation { v.reason.clone() } else { None },
            queue_start_on: v.queue_start_on,
            calendar: format!("{}/{}.ics", parts.base_path, v.id),
            history: parts
                .history
                .iter()
                .map(|(e, name)| {
                    let status = Status::parse(&e.status).unwrap_or(Status::Booked);
                    let step = match e.reason_code.as_deref() {
                        Some(super::repo::MOVED) => "moved",
                        _ => status.as_str(),
                    };
                    let (actor, said) = self.actor(parts.reader, e, name);
                    VisitEvent {
                        status,
                        at: e.created_at.and_utc(),
                        actor,
                        acting_as: e.acting_as.clone(),
                        description: self.text(
                            &format!("visit-event-{}", step.replace('_', "-")),
                            &vec![("actor", ArgValue::from(said))],
                        ),
                    }
                })
                .collect(),
        }
    }
}

/// The visits `rows` of the client `client_id` as `reader` (in that capacity) reads them, with
/// what showing them took (see `repo::shown`).
pub fn render(
    texts: Texts<'_>,
    reader: ActingAs,
    client_id: &str,
    rows: &[VisitRow],
    s: &Shown,
) -> Result<Vec<Visit>, AppError> {
    let base = format!("/api/v1/clients/{client_id}/intro-visits");
    rows.iter()
        .map(|v| {
            let slot = &s.slots[&v.slot_id];
            let place = s
                .places
                .get(&slot.site_id)
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a site vanished")))?;
            Ok(texts.visit(
                v,
                VisitParts {
                    slot,
                    place,
                    history: s.history.get(&v.id).map_or(&[], Vec::as_slice),
                    client_name: (reader != ActingAs::Myself).then_some(s.client_name.as_str()),
                    reader,
                    base_path: &base,
                    late: super::lateness::booked_late(&v.voucher_id, v.booked_on(), &s.intro_by),
                },
            ))
        })
        .collect()
}

/// A provider's refusal, as the caseworker reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RefusalSeen {
    pub provider: ProviderRef,
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
    #[schema(format = Uuid)]
    pub voucher_id: String,
    pub voucher_number: String,
    pub service: ServiceRef,
    pub clock: ClockKind,
    /// The last day it was due.
    pub due: NaiveDate,
    pub days_late: i64,
    /// One plain sentence about it.
    pub summary: String,
    /// The latest refusal, if a provider refused the client.
    pub refusal: Option<RefusalSeen>,
}

pub type LatePage = Page<LateClock>;

impl Paged for LateClock {
    const PAGE: &'static str = "LatePage";
    const ORDER: Option<&'static str> =
        Some("By voucher, oldest first; a voucher's intro visit before its start.");
    const NEXT: Option<&'static str> = Some(
        "Pass as `after` for the next page; absent on the last page. A page holds the clocks of\n\
         whole vouchers, at most the limit (one more when a voucher's two clocks open it); it is\n\
         empty only when no late clock follows.",
    );
}
