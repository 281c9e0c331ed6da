//! What showing a provider's slots to its staff takes besides them: the sites' places, the
//! services, and each booking with the client it shows. The staff's slot routes and the staff's
//! home screen show slots alike through it.

use std::collections::HashMap;
use std::sync::Arc;

use super::repo::{SlotRow, VisitRow};
use super::view::{Notes, StaffBooking, StaffSlot, Texts, VoucherTerms};
use crate::access::door::Listed;
use crate::db::cache::Reading;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::providers::place::site_ref;
use crate::providers::{self, Place};
use crate::refs::PersonRef;
use crate::rulebooks::{self, repo::Services, view::service_ref};
use crate::vouchers;

/// What showing slots to staff takes besides them: their sites' places and the services.
pub struct Shown {
    pub places: HashMap<String, Place>,
    pub services: Arc<Services>,
}

/// Reads what showing `slots` takes.
pub fn shown(r: &mut Reading<'_>, slots: &[SlotRow]) -> Result<Shown, AppError> {
    let sites: Vec<String> = slots.iter().map(|s| s.site_id.clone()).collect();
    Ok(Shown {
        places: providers::repo::places(r.conn(), &sites)?,
        services: rulebooks::repo::catalog(r)?,
    })
}

/// The staff's own view of slots, with the bookings their organisation may see.
pub fn staff_slots(
    texts: Texts<'_>,
    shown: &Shown,
    slots: Vec<SlotRow>,
    mut bookings: HashMap<String, Vec<StaffBooking>>,
) -> Result<Vec<StaffSlot>, AppError> {
    slots
        .into_iter()
        .map(|s| {
            let place = shown
                .places
                .get(&s.site_id)
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a site vanished")))?;
            Ok(StaffSlot {
                site: site_ref(&s.site_id, place),
                service: service_ref(&shown.services, &s.service_code, texts.lang),
                starts_at: s.starts(),
                ends_at: s.ends(),
                capacity: s.capacity,
                booked: s.booked,
                languages: texts.languages(&s.languages),
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

/// The bookings shown, by their slot's id.
pub fn by_slot(bookings: Vec<(String, StaffBooking)>) -> HashMap<String, Vec<StaffBooking>> {
    let mut by_slot: HashMap<String, Vec<StaffBooking>> = HashMap::new();
    for (slot_id, b) in bookings {
        by_slot.entry(slot_id).or_default().push(b);
    }
    by_slot
}

/// A booking as staff see it, with its slot's id, listed under the client and the
/// organisation it belongs to.
pub type Booking = Listed<(String, StaffBooking)>;

/// Bookings as staff see them, each with the client it shows: `visits` are the bookings of
/// `slots`, by slot id. A booking's service is its slot's: a booking is refused where the
/// slot's service is not the voucher's.
pub fn booking_items(
    conn: &mut DbConnection,
    texts: Texts<'_>,
    shown: &Shown,
    slots: &[SlotRow],
    mut visits: HashMap<String, Vec<VisitRow>>,
) -> Result<Vec<Booking>, AppError> {
    let people: Vec<String> = visits
        .values()
        .flatten()
        .map(|v| v.client_id.clone())
        .collect();
    let people = crate::persons::repo::people(conn, &people)?;
    let ids: Vec<String> = visits
        .values()
        .flatten()
        .map(|v| v.voucher_id.clone())
        .collect();
    let found = vouchers::repo::by_ids(conn, &ids)?;
    let intro_by = super::lateness::intro_deadlines(conn, &ids)?;
    let mut out = Vec::with_capacity(ids.len());
    for slot in slots {
        for v in visits.remove(&slot.id).unwrap_or_default() {
            let voucher = found
                .get(&v.voucher_id)
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher vanished")))?;
            let (name, language) = people.get(&v.client_id).cloned().unwrap_or_default();
            let status = v.status()?;
            let booking = StaffBooking {
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
                    service: service_ref(&shown.services, &slot.service_code, texts.lang),
                    valid_from: voucher.valid_from,
                    valid_until: voucher.valid_until,
                    per_week: voucher.per_week,
                    hours_per_day: voucher.hours_per_day,
                },
                late: super::lateness::booked_late(&v.voucher_id, v.booked_on(), &intro_by),
                booked_at: v.created_at.and_utc(),
            };
            out.push(Listed {
                client_id: v.client_id.clone(),
                organisation: Some(v.provider_id.clone()),
                item: (v.slot_id.clone(), booking),
            });
        }
    }
    Ok(out)
}
