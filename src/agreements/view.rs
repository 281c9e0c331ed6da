//! Agreements as people read them: the client (or their helper or caseworker), and the provider's
//! staff for their own.

use crate::pagination::{Page, Paged};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::duties::{DocumentKind, Due, DutyState};
use super::life::{self, EndReason, EndingReason, Side, State};
use super::repo::{AgreementRow, DocumentRow, EndingRow, EventRow};
use crate::i18n::{format_date, ArgValue, Lang, Localizer};
use crate::money::Money;
use crate::providers::place::site_ref;
use crate::providers::Place;
use crate::refs::{ProviderRef, SiteRef};

/// A client's agreement with a provider: where and how the service goes.
#[derive(Debug, Serialize, ToSchema)]
pub struct Agreement {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub voucher_id: String,
    pub provider: ProviderRef,
    pub site: SiteRef,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub days_per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
    /// The goals, in the client's own words.
    pub goals: String,
    pub responsible_person: String,
    pub instructor: String,
    /// Individual coaching: where the meetings mainly happen.
    pub meeting_place: Option<String>,
    /// Individual coaching by phone or video.
    pub remote: bool,
    /// The price of a unit under this agreement.
    pub unit_price: Money,
    /// Where it is in its life.
    pub state: State,
    /// True while confirmed and not ended.
    pub in_force: bool,
    /// The last day as things stand: earlier than `ends_on` when an end was set.
    pub last_day: NaiveDate,
    /// How it ended, once it has.
    pub ended: Option<Ended>,
    /// One plain sentence about it.
    pub summary: String,
}

/// How an agreement ended.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AgreementEnded)]
pub struct Ended {
    pub reason: EndReason,
    /// Its last day.
    pub on: NaiveDate,
    /// The same in plain words.
    pub text: String,
}

pub type AgreementPage = Page<Agreement>;

impl Paged for Agreement {
    const PAGE: &'static str = "AgreementPage";
    const ORDER: Option<&'static str> = Some("Newest first.");
    const NEXT: Option<&'static str> = None;
}

/// An agreement at `place` as `client_name` reads it: `None` for the client, their name for
/// anyone else.
pub fn agreement(
    i18n: &Localizer,
    lang: Lang,
    a: &AgreementRow,
    place: &Place,
    client_name: Option<&str>,
    today: NaiveDate,
) -> Agreement {
    let (state, ended) = life::state(a, today);
    let summary = i18n.text(
        lang,
        "agreement-summary",
        &vec![
            (
                "who",
                ArgValue::from(client_name.map_or("self", |_| "other")),
            ),
            ("client", ArgValue::from(client_name.unwrap_or_default())),
            ("provider", ArgValue::from(place.provider_name.clone())),
            ("date", ArgValue::from(format_date(a.starts_on, lang))),
        ],
    );
    Agreement {
        id: a.id.clone(),
        voucher_id: a.voucher_id.clone(),
        provider: ProviderRef {
            id: a.provider_id.clone(),
            name: place.provider_name.clone(),
        },
        site: site_ref(&a.site_id, place),
        starts_on: a.starts_on,
        ends_on: a.ends_on,
        days_per_week: a.days_per_week,
        hours_per_day: a.hours_per_day,
        goals: a.goals.clone(),
        responsible_person: a.responsible_person.clone(),
        instructor: a.instructor.clone(),
        meeting_place: a.meeting_place.clone(),
        remote: a.remote,
        unit_price: Money::new(a.unit_price_cents, lang),
        state,
        in_force: state == State::InForce,
        last_day: life::last_day(a),
        ended: ended.map(|(reason, on)| Ended {
            reason,
            on,
            text: i18n.text(
                lang,
                "agreement-ended",
                &vec![
                    ("reason", ArgValue::from(reason.as_str())),
                    ("date", ArgValue::from(format_date(on, lang))),
                ],
            ),
        }),
        summary,
    }
}

/// One agreement with everything about its life: the provider's duties and where each stands,
/// the documents written, a proposed ending waiting for the caseworker, and the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementDetail {
    /// Its terms and where it stands, as in the list.
    pub agreement: Agreement,
    /// The documents the rulebook asks of the provider, by due date.
    pub duties: Vec<DutySeen>,
    /// The documents staff wrote about the service, oldest first.
    pub documents: Vec<DocumentSeen>,
    /// A proposal to end it, waiting for the caseworker.
    pub ending: Option<EndingSeen>,
    /// What happened, oldest first.
    pub history: Vec<EventSeen>,
    /// What the reader should do next, if anything.
    pub next_step: Option<String>,
}

/// A document due, and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct DutySeen {
    pub kind: DocumentKind,
    /// The last day to record it.
    pub due_on: NaiveDate,
    /// The rulebook's preferred day, where it names one.
    pub preferably_by: Option<NaiveDate>,
    pub state: DutyState,
    /// The day the document that met it was recorded.
    pub done_on: Option<NaiveDate>,
    /// The same in plain words, e.g. "Interim assessment: due by 3 March 2027."
    pub text: String,
}

/// A document staff wrote about the service.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentSeen {
    #[schema(format = Uuid)]
    pub id: String,
    pub kind: DocumentKind,
    /// What kind of document, in words.
    pub kind_name: String,
    pub title: String,
    pub body: String,
    /// The document's own date.
    pub written_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

/// A proposal to end the agreement, waiting for the caseworker's decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct EndingSeen {
    pub side: Side,
    pub reason: EndingReason,
    /// The reason in plain words.
    pub reason_text: String,
    pub explanation: String,
    /// The last day proposed.
    pub last_day: NaiveDate,
    pub proposed_at: DateTime<Utc>,
}

/// Who took a step, as a role: never who the person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AgreementActor)]
pub enum By {
    Client,
    /// The client's helper (a power of attorney) or guardian.
    Helper,
    Provider,
    Caseworker,
}

impl By {
    fn of(acting_as: &str) -> By {
        match acting_as {
            "self" => By::Client,
            "proxy" => By::Helper,
            "provider_staff" => By::Provider,
            _ => By::Caseworker,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            By::Client => "client",
            By::Helper => "helper",
            By::Provider => "provider",
            By::Caseworker => "caseworker",
        }
    }
}

/// One step in the agreement's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventSeen {
    /// `made`, `confirmed`, `ending_proposed`, `ending_consented`, `ending_declined`, `ended`,
    /// `interrupted` or `document`.
    pub kind: String,
    /// The day it concerns: the start, the last day, the day of an interruption.
    pub on: Option<NaiveDate>,
    pub by: By,
    /// The explanation given, where there is one.
    pub reason: Option<String>,
    /// What happened, in plain words.
    pub text: String,
    pub at: DateTime<Utc>,
}

/// What the detail is made of, as read from the database.
pub struct Parts {
    pub dues: Vec<(Due, DutyState, Option<NaiveDate>)>,
    pub documents: Vec<DocumentRow>,
    pub ending: Option<EndingRow>,
    pub events: Vec<EventRow>,
}

/// The detail of `a` for a reader who is the client (`self_reader`) or someone else.
pub fn detail(
    i18n: &Localizer,
    lang: Lang,
    agreement: Agreement,
    parts: Parts,
    self_reader: bool,
) -> AgreementDetail {
    let document_name = |k: DocumentKind| document_name(i18n, lang, k);

    let duties = parts
        .dues
        .into_iter()
        .map(|(due, state, done_on)| {
            let mut args = vec![
                ("document", ArgValue::from(document_name(due.kind))),
                ("state", ArgValue::from(state.as_str())),
                ("date", ArgValue::from(format_date(due.due_on, lang))),
            ];
            if let Some(done) = done_on {
                args.push(("done", ArgValue::from(format_date(done, lang))));
            }
            DutySeen {
                kind: due.kind,
                due_on: due.due_on,
                preferably_by: due.preferably_by,
                state,
                done_on,
                text: i18n.text(lang, "duty-line", &args),
            }
        })
        .collect();
    let documents = parts
        .documents
        .into_iter()
        .filter_map(|d| {
            let kind = DocumentKind::parse(&d.duty)?;
            Some(DocumentSeen {
                id: d.id,
                kind,
                kind_name: document_name(kind),
                title: d.title,
                body: d.body,
                written_on: d.written_on,
                recorded_at: d.recorded_at.and_utc(),
            })
        })
        .collect();
    let reason_text = |code: &str| ending_reason_text(i18n, lang, code);
    let ending = parts.ending.and_then(|e| {
        Some(EndingSeen {
            side: Side::parse(&e.side)?,
            reason: EndingReason::parse(&e.reason_code)?,
            reason_text: reason_text(&e.reason_code),
            explanation: e.explanation,
            last_day: e.last_day,
            proposed_at: e.proposed_at.and_utc(),
        })
    });
    let history = parts
        .events
        .into_iter()
        .map(|e| {
            let by = By::of(&e.acting_as);
            let who = match by {
                By::Client if self_reader => "self",
                b => b.as_str(),
            };
            let code = e.reason_code.clone().unwrap_or_default();
            let text = i18n.text(
                lang,
                "agreement-event",
                &vec![
                    ("kind", ArgValue::from(e.kind.clone())),
                    ("by", ArgValue::from(who)),
                    (
                        "date",
                        ArgValue::from(e.on_date.map(|d| format_date(d, lang)).unwrap_or_default()),
                    ),
                    (
                        "reason_text",
                        ArgValue::from(match e.kind.as_str() {
                            "document" => DocumentKind::parse(&code)
                                .map(document_name)
                                .unwrap_or_default(),
                            "ended" => i18n.text(
                                lang,
                                "agreement-end-reason",
                                &vec![("reason", ArgValue::from(code.clone()))],
                            ),
                            _ if code.is_empty() => String::new(),
                            _ => reason_text(&code),
                        }),
                    ),
                ],
            );
            EventSeen {
                kind: e.kind,
                on: e.on_date,
                by,
                reason: e.reason,
                text,
                at: e.created_at.and_utc(),
            }
        })
        .collect();
    let next_step = match (&agreement.state, &ending) {
        (State::Ended, _) => None,
        (_, Some(_)) => Some(i18n.text(lang, "agreement-next-ending", &vec![])),
        (State::AwaitingConfirmation, None) if self_reader => {
            Some(i18n.text(lang, "agreement-next-confirm", &vec![]))
        }
        _ => None,
    };
    AgreementDetail {
        agreement,
        duties,
        documents,
        ending,
        history,
        next_step,
    }
}

/// What a document is, in words: "Interim assessment".
pub fn document_name(i18n: &Localizer, lang: Lang, kind: DocumentKind) -> String {
    let id = format!("document-{}", kind.as_str().replace('_', "-"));
    i18n.text(lang, &id, &vec![])
}

/// Why a side proposes ending an agreement, in words: "Over 3 hours of travel a day".
pub fn ending_reason_text(i18n: &Localizer, lang: Lang, code: &str) -> String {
    let id = format!("ending-reason-{}", code.replace('_', "-"));
    i18n.text(lang, &id, &vec![])
}
