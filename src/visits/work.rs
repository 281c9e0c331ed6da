//! What people do with intro visits, as plain functions that the routes and the demo call alike:
//! staff publish, change and withdraw slots; the client's side books, cancels and answers a queue
//! offer; staff say how a visit went and answer it. Each takes the door's decision (an
//! [`Access`] or a [`Staff`]), checks the rules and writes in the caller's transaction.

use chrono::NaiveDate;

use super::repo::{self, Change, SlotRow, VisitRow};
use super::view::Notes;
use super::{
    check_capacity, check_slot_time, next, NotHeldReason, RefusalReason, Status, Step, MAX_TEXT,
};
use crate::access::door::Staff;
use crate::access::{Access, ActingAs, ClientWrite};
use crate::agreements::repo::AgreementRow;
use crate::agreements::{Origin, Proposal};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::geo::{tenths, within_reach};
use crate::notifications::{self, Facts, Kind};
use crate::providers::{Offer, Place};
use crate::refs::Link;
use crate::rulebooks::RadiusRule;
use crate::text::required;
use crate::{providers, rulebooks, vouchers};

// ---------------------------------------------------------------------------------------------
// Slots

/// A slot as staff publish or change it.
#[derive(Debug, Clone)]
pub struct NewSlot {
    /// The site; it must offer the service.
    pub site_id: String,
    pub service: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    pub capacity: i32,
    /// The languages, as stored (see `vocab::encode_list`).
    pub languages: String,
    pub note: Notes,
}

impl NewSlot {
    /// Its time and places: ahead, at most a few hours, a sensible number of places.
    fn check(&self, staff: &Staff) -> Result<(), AppError> {
        check_slot_time(self.starts_at, self.ends_at, staff.now)?;
        check_capacity(self.capacity)
    }
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

/// Publishes the slot `s` with the id `id` at a site of the organisation of `staff`.
pub fn publish_slot(
    conn: &mut DbConnection,
    staff: &Staff,
    id: &str,
    s: NewSlot,
) -> Result<SlotRow, AppError> {
    s.check(staff)?;
    check_offered(conn, &staff.provider_id, &s.site_id, &s.service)?;
    let at = staff.now.naive_utc();
    let row = SlotRow {
        id: id.to_string(),
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
        created_by: staff.actor_id.clone(),
        created_at: at,
        updated_at: at,
    };
    repo::insert_slot(conn, &row)?;
    Ok(row)
}

/// Changes a slot nobody has booked, before it begins: its time, places, languages and note. Where and for what
/// stay as published (a change there is a new slot); a booked slot can only be withdrawn.
pub fn change_slot(
    conn: &mut DbConnection,
    staff: &Staff,
    slot_id: &str,
    s: NewSlot,
) -> Result<SlotRow, AppError> {
    let mut row = repo::find_slot(conn, slot_id)?.ok_or_else(AppError::not_found)?;
    if row.withdrawn_at.is_some() {
        return Err(AppError::new(ErrorCode::SlotWithdrawn));
    }
    if row.starts() <= staff.now {
        return Err(AppError::new(ErrorCode::SlotStarted));
    }
    s.check(staff)?;
    if s.site_id != row.site_id || s.service != row.service_code {
        return Err(AppError::new(ErrorCode::InvalidValue));
    }
    row.starts_at = s.starts_at.naive_utc();
    row.ends_at = s.ends_at.naive_utc();
    row.capacity = s.capacity;
    row.languages = s.languages;
    row.note_fi = s.note.fi;
    row.note_sv = s.note.sv;
    row.note_en = s.note.en;
    row.updated_at = staff.now.naive_utc();
    if !repo::update_unbooked_slot(conn, &row)? {
        return Err(AppError::new(ErrorCode::SlotHasBookings));
    }
    Ok(row)
}

/// Withdraws a slot for `reason` before it begins: its bookings are cancelled, and each client
/// reads the reason in their inbox. Once it has begun, only each visit's outcome applies.
pub fn withdraw_slot(
    conn: &mut DbConnection,
    staff: &mut Staff,
    slot_id: &str,
    reason: &str,
) -> Result<SlotRow, AppError> {
    let reason = required(reason, "reason", super::WITHDRAW_REASON_MAX)?;
    let at = staff.now.naive_utc();
    let found = repo::find_slot(conn, slot_id)?.ok_or_else(AppError::not_found)?;
    if found.withdrawn_at.is_none() && found.starts() <= staff.now {
        return Err(AppError::new(ErrorCode::SlotStarted));
    }
    let cancelled = repo::withdraw_slot(conn, slot_id, &reason, at)?;
    let slot = repo::find_slot(conn, slot_id)?.ok_or_else(AppError::not_found)?;
    let place = providers::repo::place(conn, &slot.site_id)?;
    for visit in cancelled {
        let change = Change {
            from: Status::Booked,
            to: Status::Cancelled,
            reason_code: Some("withdrawn"),
            reason: Some(&reason),
            queue_start_on: None,
            actor_id: &staff.actor_id,
            acting_as: ActingAs::ProviderStaff,
        };
        repo::change(conn, &visit.id, change, at)?;
        let facts = Facts {
            provider: place.as_ref().map(|p| p.provider_name.clone()),
            starts_at: Some(slot.starts()),
            reason: Some(reason.clone()),
            ..Facts::default()
        };
        let kind = Kind::VisitCancelledByProvider;
        notifications::repo::notify(
            conn,
            &visit.client_id,
            kind,
            &facts,
            Some(&visit.id),
            None,
            staff.now,
        )?;
        staff.touched(&visit.client_id, ClientWrite::CancelVisit);
    }
    Ok(slot)
}

// ---------------------------------------------------------------------------------------------
// The client's side

/// Books the slot `slot_id` for the voucher `voucher_id` of the client of `access`, as the visit
/// `id`. The provider must be one the client could choose; a slot never takes more bookings than
/// it has places. A booking after the rulebook's deadline is allowed, and reads as late.
pub fn book(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    voucher_id: &str,
    slot_id: &str,
) -> Result<VisitRow, AppError> {
    let (now, today) = (access.now, access.today());
    let voucher = vouchers::repo::find(conn, voucher_id)?
        .filter(|v| v.client_id == access.client_id())
        .ok_or_else(AppError::not_found)?;
    let slot = repo::find_slot(conn, slot_id)?.ok_or_else(AppError::not_found)?;
    let (terms, offer) = bookable(conn, access, &voucher, &slot)?;
    if let Some(open) = repo::open_booking(conn, &voucher.id, &slot.provider_id)? {
        let existing = Link::visit(access.client_id(), &open);
        return Err(AppError::new(ErrorCode::VisitAlreadyBooked).conflicting(existing));
    }
    if !repo::take_place(conn, &slot.id, now.naive_utc())? {
        return Err(AppError::new(ErrorCode::VisitSlotFull));
    }
    let late = rulebooks::deadlines(&terms, &voucher.anchors()).intro_booked_late(today);
    let at = now.naive_utc();
    let row = VisitRow {
        id: id.to_string(),
        slot_id: slot.id.clone(),
        voucher_id: voucher.id.clone(),
        client_id: access.client_id().to_string(),
        provider_id: slot.provider_id.clone(),
        status: Status::Booked.as_str().to_string(),
        reason_code: None,
        reason: None,
        queue_start_on: None,
        booked_by: access.actor_id.clone(),
        created_at: at,
        updated_at: at,
    };
    repo::insert_visit(conn, &row, access.acting_as)?;
    let client = access.client_id();
    let facts = where_and_when(offer, &slot);
    notifications::repo::notify(conn, client, Kind::VisitBooked, &facts, Some(id), None, now)?;
    tracing::info!(event = "visit_booked", visit = %row.id, late);
    Ok(row)
}

/// Checks that `slot` may be booked for `voucher` now: the voucher is issued and has not ended,
/// the slot is open, begins by the voucher's last day and is for the voucher's service, and its provider is one the client could choose:
/// approved here for the service, of a legal form the rulebook allows, and within the
/// voucher's reach of home (H §2, K §3). The voucher's terms and the slot's site as checked.
fn bookable(
    conn: &mut DbConnection,
    access: &Access,
    voucher: &vouchers::VoucherRow,
    slot: &SlotRow,
) -> Result<(rulebooks::Terms, Offer), AppError> {
    // Issued is enough: the visit's clock can end before the voucher's first day (H §1.4).
    if !matches!(
        voucher.status(access.today()),
        vouchers::Status::Upcoming | vouchers::Status::Active
    ) {
        return Err(AppError::new(ErrorCode::VisitVoucherNotActive));
    }
    if slot.withdrawn_at.is_some() {
        return Err(AppError::new(ErrorCode::SlotWithdrawn));
    }
    if slot.starts() <= access.now {
        return Err(AppError::new(ErrorCode::VisitStarted));
    }
    if !super::within_voucher(slot.starts(), voucher.valid_until) {
        return Err(AppError::new(ErrorCode::VisitAfterVoucher)
            .arg("until", voucher.valid_until.to_string()));
    }
    let terms = rulebooks::repo::by_id(conn, &voucher.rulebook_id)?;
    if slot.service_code != terms.rulebook.service_code {
        return Err(AppError::new(ErrorCode::VisitServiceMismatch));
    }
    let home = access
        .client
        .home()
        .ok_or_else(|| AppError::new(ErrorCode::ProviderSearchNoHome))?;
    let offer = providers::repo::approved_offer(
        conn,
        &access.client.municipality_code,
        &slot.service_code,
        &slot.site_id,
    )?
    .filter(|e| terms.allows_legal_form(&e.legal_form))
    .map(|e| e.offer)
    .ok_or_else(|| AppError::new(ErrorCode::ProviderNotAvailable))?;
    let reach = RadiusRule::of(&terms, voucher.out_of_area_allowed).max_km();
    if !within_reach(tenths(home.distance_km(offer.at)), reach) {
        return Err(AppError::new(ErrorCode::ProviderNotAvailable));
    }
    Ok((terms, offer))
}

/// What the client is told of a visit's place and time: the site checked in this transaction,
/// so its provider's name, the site's name and its address are the ones in force.
fn where_and_when(offer: Offer, slot: &SlotRow) -> Facts {
    Facts {
        address: Some(offer.address().line()),
        provider: Some(offer.provider_name),
        site: Some(offer.site_name),
        starts_at: Some(slot.starts()),
        ..Facts::default()
    }
}

/// Moves the client's booked visit `visit_id` to the slot `slot_id` of the same provider and
/// service, in one transaction: the new place is taken before the old one is freed, so a move
/// that fails leaves the booking as it was. Moving a visit to its own slot changes nothing.
pub fn move_visit(
    conn: &mut DbConnection,
    access: &Access,
    visit_id: &str,
    slot_id: &str,
) -> Result<VisitRow, AppError> {
    let row = reached(conn, access, visit_id)?;
    if row.slot_id == slot_id {
        return Ok(row);
    }
    let old = repo::find_slot(conn, &row.slot_id)?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))?;
    // A visit moves while it could be cancelled: booked, and not yet begun.
    next(row.status()?, Step::Cancel, old.starts() <= access.now)?;
    let slot = repo::find_slot(conn, slot_id)?.ok_or_else(AppError::not_found)?;
    if slot.provider_id != row.provider_id {
        return Err(AppError::new(ErrorCode::VisitMoveOtherProvider));
    }
    let voucher = vouchers::repo::find(conn, &row.voucher_id)?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher vanished")))?;
    let (_, offer) = bookable(conn, access, &voucher, &slot)?;
    if !repo::take_place(conn, &slot.id, access.now.naive_utc())? {
        return Err(AppError::new(ErrorCode::VisitSlotFull));
    }
    repo::release_place(conn, &old.id)?;
    let moved = repo::Moved {
        from_slot: &old.id,
        to_slot: &slot.id,
        actor_id: &access.actor_id,
        acting_as: access.acting_as,
    };
    let row = repo::move_visit(conn, &row.id, moved, access.now.naive_utc())?;
    let facts = where_and_when(offer, &slot);
    let (client, now) = (access.client_id(), access.now);
    notifications::repo::notify(
        conn,
        client,
        Kind::VisitMoved,
        &facts,
        Some(&row.id),
        None,
        now,
    )?;
    tracing::info!(event = "visit_moved", visit = %row.id);
    Ok(row)
}

/// One of the client's visits that `access` reaches, or 404.
pub fn reached(conn: &mut DbConnection, access: &Access, id: &str) -> Result<VisitRow, AppError> {
    repo::find_visit(conn, id)?
        .filter(|v| v.client_id == access.client_id() && access.rows.reaches(&v.provider_id))
        .ok_or_else(AppError::not_found)
}

/// The client's side takes `step` on one of the client's visits: cancels it before it begins
/// (its place goes back to the slot), or takes or declines a place in the queue. Cancelling a
/// cancelled visit changes nothing and answers it: a retried cancel finds its work done.
pub fn step(
    conn: &mut DbConnection,
    access: &Access,
    visit_id: &str,
    step: Step,
) -> Result<VisitRow, AppError> {
    let row = reached(conn, access, visit_id)?;
    if step == Step::Cancel && row.status()? == Status::Cancelled {
        return Ok(row);
    }
    let slot = repo::find_slot(conn, &row.slot_id)?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))?;
    let from = row.status()?;
    let to = next(from, step, slot.starts() <= access.now)?;
    let change = Change {
        from,
        to,
        reason_code: row.reason_code.as_deref(),
        reason: row.reason.as_deref(),
        queue_start_on: row.queue_start_on,
        actor_id: &access.actor_id,
        acting_as: access.acting_as,
    };
    let row = repo::change(conn, &row.id, change, access.now.naive_utc())?;
    if to == Status::Cancelled {
        repo::release_place(conn, &row.slot_id)?;
    }
    if to == Status::QueueDeclined {
        // The client still needs a place: the caseworker helps choose another (H §1.6).
        let facts = Facts {
            provider: providers::repo::find(conn, &row.provider_id)?.map(|p| p.name),
            ..Facts::default()
        };
        tell_the_city(conn, &row, (Kind::ClientDeclinedQueue, facts), access.now)?;
    }
    Ok(row)
}

// ---------------------------------------------------------------------------------------------
// The provider's answer

/// What staff answer about a visit.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Whether the visit was held, and if not, why.
    Outcome {
        held: bool,
        reason: Option<NotHeldReason>,
    },
    /// The provider takes the client: the agreement.
    Accept(Proposal),
    /// The provider refuses the client, for a justified reason (H §1.5).
    Refuse {
        reason: RefusalReason,
        explanation: String,
    },
    /// A place in the queue, with the expected start (H §1.6).
    Queue { expected_start_on: NaiveDate },
}

impl Answer {
    fn step(&self) -> Step {
        match self {
            Answer::Outcome { held: true, .. } => Step::MarkHeld,
            Answer::Outcome { .. } => Step::MarkNotHeld,
            Answer::Accept(_) => Step::Accept,
            Answer::Refuse { .. } => Step::Refuse,
            Answer::Queue { .. } => Step::OfferQueue,
        }
    }
}

/// A visit after the provider's answer, with the agreement when the client was taken, and the
/// site's place.
pub struct Answered {
    pub visit: VisitRow,
    pub agreement: Option<AgreementRow>,
    pub place: Option<Place>,
}

/// What an answer stores on the visit, the notice the client gets, and the one the voucher's
/// caseworker gets where the city must hear of it (H §1.5, §1.6).
struct Outcome {
    code: Option<String>,
    reason: Option<String>,
    queue_on: Option<NaiveDate>,
    notice: Option<(Kind, Facts)>,
    city: Option<(Kind, Facts)>,
}

/// Staff of the visit's provider answer the visit `row` (the client's of `access`).
pub fn answer(
    conn: &mut DbConnection,
    access: &Access,
    row: VisitRow,
    answer: Answer,
) -> Result<Answered, AppError> {
    if !access.rows.reaches(&row.provider_id) {
        return Err(AppError::not_found());
    }
    let now = access.now;
    let slot = repo::find_slot(conn, &row.slot_id)?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))?;
    let from = row.status()?;
    let place = providers::repo::place(conn, &slot.site_id)?;
    let provider = place.as_ref().map(|p| p.provider_name.clone());
    // The visit must be able to take the step before the answer's content counts.
    let to = next(from, answer.step(), slot.starts() <= now)?;
    let notice = |kind, facts: Facts| {
        Some((
            kind,
            Facts {
                provider: provider.clone(),
                ..facts
            },
        ))
    };
    let mut agreement = None;
    let outcome = match answer {
        Answer::Outcome { held: true, .. } => Outcome::none(),
        Answer::Outcome { reason, .. } => {
            let why = reason
                .ok_or_else(|| AppError::new(ErrorCode::MissingField).arg("field", "reason"))?;
            // A client who did not come is the caseworker's to follow up.
            let missed = Facts {
                provider: provider.clone(),
                starts_at: Some(slot.starts()),
                ..Facts::default()
            };
            Outcome {
                code: Some(why.as_str().to_string()),
                city: (why == NotHeldReason::ClientAbsent)
                    .then_some((Kind::ClientMissedVisit, missed)),
                ..Outcome::none()
            }
        }
        Answer::Refuse {
            reason,
            explanation,
        } => {
            let facts = Facts {
                reason_code: Some(reason.as_str().to_string()),
                ..Facts::default()
            };
            let explanation = required(&explanation, "explanation", MAX_TEXT)?;
            let city = Facts {
                reason: Some(explanation.clone()),
                ..facts.clone()
            };
            Outcome {
                code: Some(reason.as_str().to_string()),
                reason: Some(explanation),
                notice: notice(Kind::VisitRefused, facts),
                city: notice(Kind::ClientRefused, city),
                ..Outcome::none()
            }
        }
        Answer::Queue { expected_start_on } => {
            let voucher = vouchers::repo::find(conn, &row.voucher_id)?
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher vanished")))?;
            super::check_queue_start(expected_start_on, access.today(), voucher.valid_until)?;
            let facts = Facts {
                date: Some(expected_start_on),
                ..Facts::default()
            };
            Outcome {
                queue_on: Some(expected_start_on),
                notice: notice(Kind::QueueOffered, facts.clone()),
                city: notice(Kind::ClientQueued, facts),
                ..Outcome::none()
            }
        }
        Answer::Accept(proposal) => {
            let site = place
                .as_ref()
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a site vanished")))?;
            let origin = Origin {
                visit_id: &row.id,
                voucher_id: &row.voucher_id,
                provider_id: &row.provider_id,
                site_id: &slot.site_id,
            };
            let made = crate::agreements::make(conn, access, origin, site, &proposal)?;
            let facts = Facts {
                date: Some(made.starts_on),
                ..Facts::default()
            };
            agreement = Some(made);
            Outcome {
                notice: notice(Kind::VisitAccepted, facts),
                ..Outcome::none()
            }
        }
    };
    let change = Change {
        from,
        to,
        reason_code: outcome.code.as_deref(),
        reason: outcome.reason.as_deref(),
        queue_start_on: outcome.queue_on,
        actor_id: &access.actor_id,
        acting_as: access.acting_as,
    };
    let visit = repo::change(conn, &row.id, change, now.naive_utc())?;
    if let Some((kind, facts)) = outcome.notice {
        let client = &visit.client_id;
        notifications::repo::notify(conn, client, kind, &facts, Some(&visit.id), None, now)?;
    }
    if let Some(city) = outcome.city {
        tell_the_city(conn, &visit, city, now)?;
    }
    Ok(Answered {
        visit,
        agreement,
        place,
    })
}

impl Outcome {
    fn none() -> Outcome {
        Outcome {
            code: None,
            reason: None,
            queue_on: None,
            notice: None,
            city: None,
        }
    }
}

/// Tells the caseworker of the voucher of `visit` what its provider answered: `kind` with
/// `facts`, the client named, about the visit, which the caseworker may open.
fn tell_the_city(
    conn: &mut DbConnection,
    visit: &VisitRow,
    (kind, facts): (Kind, Facts),
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let voucher = vouchers::repo::find(conn, &visit.voucher_id)?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher vanished")))?;
    let facts = Facts {
        client_id: Some(visit.client_id.clone()),
        client: Some(crate::persons::repo::display_name(conn, &visit.client_id)?),
        ..facts
    };
    let to = &voucher.caseworker_id;
    notifications::repo::notify(conn, to, kind, &facts, Some(&visit.id), None, now)
}
