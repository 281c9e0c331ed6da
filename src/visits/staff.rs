//! The provider's side of intro visits, for its staff: publish, change and withdraw slots
//! (`/provider/intro-slots…`), list them with their bookings, and answer a visit
//! (`/provider/intro-visits/{i}/…`): held or not, then accept (the agreement), refuse with a
//! reason, or offer a queue place.

use std::collections::HashMap;

use actix_web::{get, post, put, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::client::render_one;
use super::repo::{self, AgreementRow, Change, Place, SlotRow, VisitRow};
use super::view::{
    site_ref, Agreement, Notes, PersonRef, StaffBooking, StaffSlot, StaffSlotPage, Texts, Visit,
    VoucherTerms,
};
use super::{
    check_capacity, check_slot_time, check_terms, next, text, Granted, NotHeldReason,
    RefusalReason, Status, Step, MAX_TEXT,
};
use crate::access::door::{Org, Target};
use crate::access::{self, Access, ClientRead, ClientWrite, ProviderAction};
use crate::auth::Actor;
use crate::clock::helsinki_date;
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode, Problem};
use crate::geo::Coordinates;
use crate::notifications::{self, Facts, Kind};
use crate::rulebooks::MeetingPlace;
use crate::state::AppState;
use crate::vocab::{encode_list, ServiceLanguage};
use crate::{providers, rulebooks, vouchers};

/// A slot to publish or change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotInput {
    /// The site; it must offer the service.
    pub site_id: String,
    /// The service code, e.g. `rwa_basic`.
    pub service: String,
    /// In the future; an instant (RFC 3339).
    pub starts_at: DateTime<Utc>,
    /// At most four hours after the start.
    pub ends_at: DateTime<Utc>,
    /// Places, 1–100.
    pub capacity: i32,
    /// The languages the visit can be held in: at least one.
    pub languages: Vec<ServiceLanguage>,
    /// A plain note for the visitor in each language, e.g. "Ring the bell at door B".
    pub note: Option<Notes>,
}

/// A slot's content, parsed.
struct ParsedSlot {
    site_id: String,
    service: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    capacity: i32,
    languages: String,
    note: Notes,
}

impl SlotInput {
    fn parse(&self, now: DateTime<Utc>) -> Result<ParsedSlot, AppError> {
        check_slot_time(self.starts_at, self.ends_at, now)?;
        check_capacity(self.capacity)?;
        if self.languages.is_empty() {
            return Err(AppError::new(ErrorCode::MissingField).arg("field", "languages"));
        }
        let note = match &self.note {
            None => Notes::default(),
            Some(n) => {
                let one = |v: &str, field| {
                    if v.trim().is_empty() {
                        Ok(String::new())
                    } else {
                        text(v, field, 300)
                    }
                };
                Notes {
                    fi: one(&n.fi, "note.fi")?,
                    sv: one(&n.sv, "note.sv")?,
                    en: one(&n.en, "note.en")?,
                }
            }
        };
        Ok(ParsedSlot {
            site_id: access::parse_id(&self.site_id)?,
            service: self.service.trim().to_string(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            capacity: self.capacity,
            languages: encode_list(&self.languages, ServiceLanguage::as_str),
            note,
        })
    }
}

/// The places of the slots' sites, by site id.
fn slot_places(
    conn: &mut DbConnection,
    slots: &[SlotRow],
) -> Result<HashMap<String, Place>, AppError> {
    let sites: Vec<String> = slots.iter().map(|s| s.site_id.clone()).collect();
    repo::places(conn, &sites)
}

/// The staff's own view of slots, with the bookings their organisation may see, at `places`
/// (from [`slot_places`]).
fn staff_slots(
    places: &HashMap<String, Place>,
    slots: Vec<SlotRow>,
    mut bookings: HashMap<String, Vec<StaffBooking>>,
) -> Result<Vec<StaffSlot>, AppError> {
    slots
        .into_iter()
        .map(|s| {
            let place = places
                .get(&s.site_id)
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a site vanished")))?;
            Ok(StaffSlot {
                site: site_ref(&s.site_id, place),
                service: s.service_code.clone(),
                starts_at: s.starts(),
                ends_at: s.ends(),
                capacity: s.capacity,
                booked: s.booked,
                languages: crate::vocab::decode_list(&s.languages, ServiceLanguage::parse),
                note: Notes {
                    fi: s.note_fi.clone(),
                    sv: s.note_sv.clone(),
                    en: s.note_en.clone(),
                },
                withdrawn_at: s.withdrawn_at.map(|t| t.and_utc()),
                withdraw_reason: s.withdraw_reason.clone(),
                bookings: bookings.remove(&s.id).unwrap_or_default(),
                id: s.id,
            })
        })
        .collect()
}

/// The slot's organisation.
fn org_of_slot(slot_id: &str) -> Org {
    let slot_id = slot_id.to_string();
    Org::of(move |conn| match access::parse_id(&slot_id) {
        Ok(id) => Ok(repo::find_slot(conn, &id)?.map(|s| s.provider_id)),
        Err(_) => Ok(None),
    })
}

/// Checks that the site offers the service, and that a municipality approved the provider for
/// it: only an approved provider receives visitors.
fn check_offered(
    conn: &mut DbConnection,
    provider_id: &str,
    site_id: &str,
    service: &str,
) -> Result<(), AppError> {
    if !providers::repo::offers(conn, site_id, service)? {
        return Err(AppError::new(ErrorCode::SlotServiceNotOffered));
    }
    if !providers::repo::approved_anywhere(conn, provider_id, service)? {
        return Err(AppError::new(ErrorCode::ProviderNotApprovedYet));
    }
    Ok(())
}

fn one_slot(conn: &mut DbConnection, slot: SlotRow) -> Result<StaffSlot, AppError> {
    let slots = vec![slot];
    let places = slot_places(conn, &slots)?;
    staff_slots(&places, slots, HashMap::new())?
        .pop()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))
}

/// Publish an intro-visit slot at a site of the caller's organisation.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    request_body = SlotInput,
    responses(
        (status = 201, description = "The slot", body = StaffSlot),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such site in the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No municipality has approved the provider for the service", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The time, places, languages or note are not valid, or the site does not offer the service", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-slots")]
pub async fn create_slot(
    state: web::Data<AppState>,
    actor: Actor,
    body: web::Json<SlotInput>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    // The site's organisation, for a slot about to be published there.
    let org = providers::staff::org_of_site(&body.site_id);
    let now = state.clock.now();
    let person = actor.person_id.clone();
    let slot = state
        .door
        .provider(
            &actor,
            ProviderAction::PublishSlots,
            org,
            move |conn, staff| {
                let s = body.parse(now)?;
                check_offered(conn, &staff.provider_id, &s.site_id, &s.service)?;
                let at = now.naive_utc();
                let row = SlotRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    provider_id: staff.provider_id.clone(),
                    site_id: s.site_id,
                    service_code: s.service,
                    starts_at: s.starts_at.naive_utc(),
                    ends_at: s.ends_at.naive_utc(),
                    capacity: s.capacity,
                    booked: 0,
                    languages: s.languages,
                    note_fi: s.note.fi,
                    note_sv: s.note.sv,
                    note_en: s.note.en,
                    withdrawn_at: None,
                    withdraw_reason: None,
                    created_by: person,
                    created_at: at,
                    updated_at: at,
                };
                repo::insert_slot(conn, &row)?;
                one_slot(conn, row)
            },
        )
        .await?;
    Ok(HttpResponse::Created().json(slot))
}

/// Change a slot nobody has booked: its time, places, languages and note. A booked slot can
/// only be withdrawn.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    params(("slot_id" = String, Path, description = "The slot")),
    request_body = SlotInput,
    responses(
        (status = 200, description = "The slot", body = StaffSlot),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such slot in the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot has bookings, or was withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/provider/intro-slots/{slot_id}")]
pub async fn update_slot(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: web::Json<SlotInput>,
) -> Result<HttpResponse, AppError> {
    let org = org_of_slot(&path);
    let slot_id = path.into_inner();
    let body = body.into_inner();
    let now = state.clock.now();
    let slot = state
        .door
        .provider(&actor, ProviderAction::PublishSlots, org, move |conn, _| {
            let slot_id = access::parse_id(&slot_id)?;
            let mut row = repo::find_slot(conn, &slot_id)?.ok_or_else(AppError::not_found)?;
            let s = body.parse(now)?;
            // Where and for what stay as published: a change there is a new slot.
            if s.site_id != row.site_id || s.service != row.service_code {
                return Err(AppError::new(ErrorCode::InvalidValue));
            }
            if row.withdrawn_at.is_some() {
                return Err(AppError::new(ErrorCode::SlotWithdrawn));
            }
            row.starts_at = s.starts_at.naive_utc();
            row.ends_at = s.ends_at.naive_utc();
            row.capacity = s.capacity;
            row.languages = s.languages;
            row.note_fi = s.note.fi;
            row.note_sv = s.note.sv;
            row.note_en = s.note.en;
            row.updated_at = now.naive_utc();
            if !repo::update_unbooked_slot(conn, &row)? {
                return Err(AppError::new(ErrorCode::SlotHasBookings));
            }
            one_slot(conn, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(slot))
}

/// Why a slot is withdrawn, in words its visitors read.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    pub reason: String,
}

/// Withdraw a slot. Its bookings are cancelled, and each client reads the reason in their inbox.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    params(("slot_id" = String, Path, description = "The slot")),
    request_body = Withdrawal,
    responses(
        (status = 200, description = "Withdrawn", body = StaffSlot),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such slot in the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or one too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-slots/{slot_id}/withdraw")]
pub async fn withdraw_slot(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: web::Json<Withdrawal>,
) -> Result<HttpResponse, AppError> {
    let org = org_of_slot(&path);
    let slot_id = path.into_inner();
    let reason = body.into_inner().reason;
    let now = state.clock.now();
    let person = actor.person_id.clone();
    let slot = state
        .door
        .provider(
            &actor,
            ProviderAction::PublishSlots,
            org,
            move |conn, staff| {
                let slot_id = access::parse_id(&slot_id)?;
                let reason = text(&reason, "reason", 500)?;
                let at = now.naive_utc();
                let cancelled = repo::withdraw_slot(conn, &slot_id, &reason, at)?;
                let slot = repo::find_slot(conn, &slot_id)?.ok_or_else(AppError::not_found)?;
                let place =
                    repo::places(conn, std::slice::from_ref(&slot.site_id))?.remove(&slot.site_id);
                for visit in cancelled {
                    repo::change(
                        conn,
                        &visit.id,
                        Change {
                            from: Status::Booked,
                            to: Status::Cancelled,
                            reason_code: Some("withdrawn"),
                            reason: Some(&reason),
                            queue_start_on: None,
                            actor_id: &person,
                            acting_as: access::ActingAs::ProviderStaff,
                        },
                        at,
                    )?;
                    notifications::repo::notify(
                        conn,
                        &visit.client_id,
                        Kind::VisitCancelledByProvider,
                        &Facts {
                            provider: place.as_ref().map(|p| p.provider_name.clone()),
                            starts_at: Some(slot.starts()),
                            reason: Some(reason.clone()),
                            ..Facts::default()
                        },
                        Some(&visit.id),
                        None,
                        now,
                    )?;
                    staff.touched(&visit.client_id, ClientWrite::CancelVisit);
                }
                one_slot(conn, slot)
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(slot))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SlotQuery {
    /// The `next_after` of the previous page.
    pub after: Option<String>,
    /// Slots per page, 1–100 (default 20).
    pub limit: Option<i64>,
    /// The organisation; needed only when the caller works for several.
    pub provider_id: Option<String>,
    /// Slots that end on this day or later (default: 30 days ago, so that past visits can be
    /// answered).
    pub from: Option<NaiveDate>,
}

/// The organisation's slots from a day on, with their bookings: each client's name, language,
/// and the voucher's service and terms. Each client shown is logged as a read.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    params(SlotQuery),
    responses(
        (status = 200, description = "A page of slots", body = StaffSlotPage),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an organisation of the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/provider/intro-slots")]
pub async fn list_slots(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<SlotQuery>,
) -> Result<HttpResponse, AppError> {
    let mine = state.door.staff_orgs(&actor, ProviderAction::ListSlots)?;
    let q = query.into_inner();
    let provider_id = match (&q.provider_id, mine.as_slice()) {
        (Some(p), _) => {
            let p = access::parse_id(p)?;
            if !mine.contains(&p) {
                return Err(AppError::not_found());
            }
            p
        }
        (None, [only]) => only.clone(),
        (None, _) => return Err(AppError::new(ErrorCode::MissingField).arg("field", "provider_id")),
    };
    let page = crate::pagination::PageQuery {
        after: q.after,
        limit: q.limit,
    }
    .page(20, 100)?;
    let listing = page.clone();
    let now = state.clock.now();
    let from = q
        .from
        .unwrap_or_else(|| helsinki_date(now) - chrono::Days::new(30));
    let from = crate::clock::start_of_day(from).naive_utc();
    let lang = actor.lang;
    let st = state.clone();
    let (bookings, (slots, places, next_after)) = state
        .door
        .read_list(&actor, ClientRead::ViewVisits, move |r| {
            let rows = repo::provider_slots(
                r.conn(),
                &provider_id,
                from,
                listing.after.as_deref(),
                listing.fetch(),
            )?;
            let (slots, next_after) = listing.finish(rows, |s| &s.id);
            let ids: Vec<String> = slots.iter().map(|s| s.id.clone()).collect();
            let visits = repo::slot_visits(r.conn(), &ids)?;
            let items = booking_items(
                r.conn(),
                Texts {
                    i18n: &st.i18n,
                    lang,
                },
                &slots,
                visits,
            )?;
            let places = slot_places(r.conn(), &slots)?;
            Ok((items, (slots, places, next_after)))
        })
        .await?;
    let mut by_slot: HashMap<String, Vec<StaffBooking>> = HashMap::new();
    for (slot_id, b) in bookings {
        by_slot.entry(slot_id).or_default().push(b);
    }
    let items = staff_slots(&places, slots, by_slot)?;
    Ok(HttpResponse::Ok().json(StaffSlotPage { items, next_after }))
}

/// A booking as staff see it, with its slot's id, listed under the client it shows.
type Listed = (String, (String, StaffBooking));

/// Bookings as staff see them, each with the client it shows: `visits` are the bookings of
/// `slots`, by slot id. A booking's service is its slot's: a booking is refused where the
/// slot's service is not the voucher's.
fn booking_items(
    conn: &mut DbConnection,
    texts: Texts<'_>,
    slots: &[SlotRow],
    mut visits: HashMap<String, Vec<VisitRow>>,
) -> Result<Vec<Listed>, AppError> {
    let people: Vec<String> = visits
        .values()
        .flatten()
        .map(|v| v.client_id.clone())
        .collect();
    let people = repo::people(conn, &people)?;
    let ids: Vec<String> = visits
        .values()
        .flatten()
        .map(|v| v.voucher_id.clone())
        .collect();
    let found = vouchers::repo::by_ids(conn, &ids)?;
    let mut out = Vec::with_capacity(ids.len());
    for slot in slots {
        for v in visits.remove(&slot.id).unwrap_or_default() {
            let voucher = found
                .get(&v.voucher_id)
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher vanished")))?;
            let (name, language) = people.get(&v.client_id).cloned().unwrap_or_default();
            let status = v.status()?;
            out.push((
                v.client_id.clone(),
                (
                    v.slot_id.clone(),
                    StaffBooking {
                        id: v.id.clone(),
                        status,
                        status_name: texts.status_name(status),
                        client: PersonRef {
                            id: v.client_id.clone(),
                            display_name: name,
                        },
                        client_language: language.as_deref().and_then(|l| l.parse().ok()),
                        voucher: VoucherTerms {
                            id: voucher.id.clone(),
                            service: slot.service_code.clone(),
                            valid_from: voucher.valid_from,
                            valid_until: voucher.valid_until,
                            per_week: voucher.per_week,
                            hours_per_day: voucher.hours_per_day,
                        },
                        late: v.late,
                        booked_at: v.created_at.and_utc(),
                    },
                ),
            ));
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Answering a visit

/// How the visit went.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Whether the visit took place.
    pub held: bool,
    /// When it did not: why.
    pub reason: Option<NotHeldReason>,
}

/// A refusal, with its justified reason (H §1.5).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    /// The reason the client reads, in plain words.
    pub reason_code: RefusalReason,
    /// The provider's explanation; the caseworker reads it in full.
    pub explanation: String,
}

/// A place in the provider's queue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueOffer {
    /// When the service is expected to start.
    pub expected_start_on: NaiveDate,
}

/// Individual coaching: where the meetings mainly happen.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingPlaceInput {
    /// By phone or video: always the first price tier.
    #[serde(default)]
    pub remote: bool,
    /// The place, in words, e.g. "The client's home".
    pub description: Option<String>,
    /// Its latitude and longitude (WGS84), to measure the distance from the site.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// The agreement made when the provider takes the client (H §5.3; K appendix 1).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The first day of the service.
    pub starts_on: NaiveDate,
    /// The last day; the voucher's last day when left out.
    pub ends_on: Option<NaiveDate>,
    /// Activity days a week, within the voucher's.
    pub days_per_week: Option<i32>,
    /// Hours a day, within the voucher's.
    pub hours_per_day: Option<i32>,
    /// The goals, in the client's own words.
    pub goals: String,
    pub responsible_person: String,
    /// The instructor (lähiohjaaja).
    pub instructor: String,
    /// Individual coaching only, and needed there.
    pub meeting_place: Option<MeetingPlaceInput>,
}

/// A visit of the caller's organisation, found in the change's own transaction.
fn visit_of(visit_id: &str) -> Result<Target, AppError> {
    let visit_id = access::parse_id(visit_id)?;
    Ok(Target::of(move |conn| {
        Ok(repo::find_visit(conn, &visit_id)?.map(|v| v.client_id))
    }))
}

/// One of the organisation's visits, or 404.
fn own_visit(
    conn: &mut DbConnection,
    access: &Access,
    visit_id: &str,
) -> Result<VisitRow, AppError> {
    repo::find_visit(conn, visit_id)?
        .filter(|v| access.providers.contains(&v.provider_id))
        .ok_or_else(AppError::not_found)
}

/// What an answer does besides the step.
enum Answer {
    Outcome(Outcome),
    Accept(Acceptance),
    Refuse(Refusal),
    Queue(QueueOffer),
}

impl Answer {
    fn step(&self) -> Step {
        match self {
            Answer::Outcome(o) if o.held => Step::MarkHeld,
            Answer::Outcome(_) => Step::MarkNotHeld,
            Answer::Accept(_) => Step::Accept,
            Answer::Refuse(_) => Step::Refuse,
            Answer::Queue(_) => Step::OfferQueue,
        }
    }
}

async fn answer(
    state: &web::Data<AppState>,
    actor: &Actor,
    visit: &str,
    answer: Answer,
) -> Result<HttpResponse, AppError> {
    let target = visit_of(visit)?;
    let visit_id = access::parse_id(visit)?;
    let now = state.clock.now();
    let lang = actor.lang;
    let st = state.clone();
    let (visit, agreement) = state
        .door
        .write(
            actor,
            ClientWrite::AnswerVisit,
            target,
            move |conn, access| {
                let row = own_visit(conn, access, &visit_id)?;
                let slot = repo::find_slot(conn, &row.slot_id)?
                    .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))?;
                let started = slot.starts() <= now;
                let from = row.status()?;
                let place =
                    repo::places(conn, std::slice::from_ref(&slot.site_id))?.remove(&slot.site_id);
                let provider = place.as_ref().map(|p| p.provider_name.clone());
                // The visit must be able to take the step before the answer's content counts.
                let to = next(from, answer.step(), started)?;
                let mut agreement = None;
                let (code, reason, queue_on, notice) = match &answer {
                    Answer::Outcome(o) if o.held => (None, None, None, None),
                    Answer::Outcome(o) => {
                        let why = o.reason.ok_or_else(|| {
                            AppError::new(ErrorCode::MissingField).arg("field", "reason")
                        })?;
                        (Some(why.as_str().to_string()), None, None, None)
                    }
                    Answer::Refuse(r) => {
                        let explanation = text(&r.explanation, "explanation", MAX_TEXT)?;
                        let facts = Facts {
                            provider: provider.clone(),
                            reason_code: Some(r.reason_code.as_str().to_string()),
                            ..Facts::default()
                        };
                        (
                            Some(r.reason_code.as_str().to_string()),
                            Some(explanation),
                            None,
                            Some((Kind::VisitRefused, facts)),
                        )
                    }
                    Answer::Queue(q) => {
                        if q.expected_start_on < helsinki_date(now) {
                            return Err(AppError::new(ErrorCode::InvalidValue));
                        }
                        let facts = Facts {
                            provider: provider.clone(),
                            date: Some(q.expected_start_on),
                            ..Facts::default()
                        };
                        (
                            None,
                            None,
                            Some(q.expected_start_on),
                            Some((Kind::QueueOffered, facts)),
                        )
                    }
                    Answer::Accept(a) => {
                        let made =
                            make_agreement(conn, access, &row, &slot, place.as_ref(), a, now)?;
                        let facts = Facts {
                            provider: provider.clone(),
                            date: Some(made.starts_on),
                            ..Facts::default()
                        };
                        agreement = Some(made);
                        (None, None, None, Some((Kind::VisitAccepted, facts)))
                    }
                };
                let row = repo::change(
                    conn,
                    &row.id,
                    Change {
                        from,
                        to,
                        reason_code: code.as_deref(),
                        reason: reason.as_deref(),
                        queue_start_on: queue_on,
                        actor_id: &access.actor_id,
                        acting_as: access.acting_as,
                    },
                    now.naive_utc(),
                )?;
                if let Some(a) = &agreement {
                    repo::insert_agreement(conn, a)?;
                }
                if let Some((kind, facts)) = notice {
                    notifications::repo::notify(
                        conn,
                        &row.client_id,
                        kind,
                        &facts,
                        Some(&row.id),
                        None,
                        now,
                    )?;
                }
                let texts = Texts {
                    i18n: &st.i18n,
                    lang,
                };
                let (visit, shown) = render_one(conn, texts, access, row)?;
                let agreement = match (agreement, place) {
                    (Some(a), Some(p)) => Some(texts.agreement(&a, &p, Some(&shown.client_name))),
                    _ => None,
                };
                Ok((visit, agreement))
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(Answered { visit, agreement }))
}

/// A visit after the provider's answer, with the agreement when the client was taken.
#[derive(Debug, Serialize, ToSchema)]
pub struct Answered {
    pub visit: Visit,
    pub agreement: Option<Agreement>,
}

/// The agreement the acceptance makes, checked against the voucher. For individual coaching the
/// meeting place fixes the price tier, and so the voucher's value (K §3.1). `place` is the
/// slot's site, as the answer read it.
fn make_agreement(
    conn: &mut DbConnection,
    access: &Access,
    visit: &VisitRow,
    slot: &SlotRow,
    place: Option<&Place>,
    a: &Acceptance,
    now: DateTime<Utc>,
) -> Result<AgreementRow, AppError> {
    let voucher = vouchers::repo::find(conn, &visit.voucher_id)?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher vanished")))?;
    let terms = rulebooks::repo::by_id(conn, &voucher.rulebook_id)?;
    let ends_on = a.ends_on.unwrap_or(voucher.valid_until);
    check_terms(
        &super::Terms {
            starts_on: a.starts_on,
            ends_on,
            days_per_week: a.days_per_week,
            hours_per_day: a.hours_per_day,
        },
        &Granted {
            valid_from: voucher.valid_from,
            valid_until: voucher.valid_until,
            per_week: voucher.per_week,
            hours_per_day: voucher.hours_per_day,
            hours_per_day_min: terms.rulebook.hours_per_day_min,
        },
        helsinki_date(now),
    )?;
    let site = place.ok_or_else(|| AppError::internal(anyhow::anyhow!("a site vanished")))?;
    // Where the rulebook prices by distance, the meeting place is needed and fixes the price.
    let (meeting, description) = match (&a.meeting_place, terms.tiers.is_empty()) {
        (None, false) => return Err(AppError::new(ErrorCode::AgreementMeetingPlace)),
        (None, true) => (None, None),
        (Some(m), _) if m.remote => (Some(MeetingPlace::Remote), m.description.clone()),
        (Some(m), _) => {
            let at = m
                .lat
                .zip(m.lon)
                .and_then(|(lat, lon)| Coordinates::parse(lat, lon))
                .ok_or_else(|| AppError::new(ErrorCode::AgreementMeetingPlace))?;
            let office = Coordinates::stored(site.lat, site.lon);
            (
                Some(MeetingPlace::Km(office.distance_km(at))),
                m.description.clone(),
            )
        }
    };
    let unit_price_cents = match meeting {
        Some(m) => terms.price_at(m).cents,
        None => terms.rulebook.unit_price_cents,
    };
    let description = description
        .map(|d| text(&d, "meeting_place.description", 300))
        .transpose()?;
    Ok(AgreementRow {
        id: uuid::Uuid::now_v7().to_string(),
        voucher_id: voucher.id.clone(),
        client_id: access.client_id().to_string(),
        provider_id: visit.provider_id.clone(),
        site_id: slot.site_id.clone(),
        visit_id: Some(visit.id.clone()),
        starts_on: a.starts_on,
        ends_on,
        days_per_week: a.days_per_week,
        hours_per_day: a.hours_per_day,
        goals: text(&a.goals, "goals", MAX_TEXT)?,
        responsible_person: text(&a.responsible_person, "responsible_person", 200)?,
        instructor: text(&a.instructor, "instructor", 200)?,
        meeting_place: description,
        meeting_distance_km: match meeting {
            Some(MeetingPlace::Km(km)) => Some((km * 10.0).round() / 10.0),
            _ => None,
        },
        remote: meeting == Some(MeetingPlace::Remote),
        unit_price_cents,
        created_by: access.actor_id.clone(),
        created_at: now.naive_utc(),
        ended_at: None,
    })
}

/// Say whether the intro visit was held.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    params(("visit_id" = String, Path, description = "The intro visit")),
    request_body = Outcome,
    responses(
        (status = 200, description = "Recorded", body = Answered),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit has not begun, or was answered already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-visits/{visit_id}/outcome")]
pub async fn outcome(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: web::Json<Outcome>,
) -> Result<HttpResponse, AppError> {
    answer(&state, &actor, &path, Answer::Outcome(body.into_inner())).await
}

/// Take the client after a held visit (or from the queue): this makes the agreement. Its terms
/// must fit the voucher; for individual coaching the meeting place fixes the price.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    params(("visit_id" = String, Path, description = "The intro visit")),
    request_body = Acceptance,
    responses(
        (status = 200, description = "Accepted, with the agreement", body = Answered),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit is not held, or was answered already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The terms do not fit the voucher", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-visits/{visit_id}/accept")]
pub async fn accept(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: web::Json<Acceptance>,
) -> Result<HttpResponse, AppError> {
    answer(&state, &actor, &path, Answer::Accept(body.into_inner())).await
}

/// Refuse the client, for a justified reason (H §1.5). The client reads it in plain words; the
/// caseworker reads the explanation in full.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    params(("visit_id" = String, Path, description = "The intro visit")),
    request_body = Refusal,
    responses(
        (status = 200, description = "Refused", body = Answered),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit is not held, or was answered already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No explanation, or one too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-visits/{visit_id}/refuse")]
pub async fn refuse(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: web::Json<Refusal>,
) -> Result<HttpResponse, AppError> {
    answer(&state, &actor, &path, Answer::Refuse(body.into_inner())).await
}

/// Offer a place in the queue, with the expected start (H §1.6). The client may take it or
/// choose another provider.
#[utoipa::path(
    tag = "provider",
    security(("bearer" = [])),
    params(("visit_id" = String, Path, description = "The intro visit")),
    request_body = QueueOffer,
    responses(
        (status = 200, description = "Offered", body = Answered),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit with the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The visit is not held, or was answered already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-visits/{visit_id}/queue")]
pub async fn offer_queue(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: web::Json<QueueOffer>,
) -> Result<HttpResponse, AppError> {
    answer(&state, &actor, &path, Answer::Queue(body.into_inner())).await
}
