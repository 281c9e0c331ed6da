//! The provider's slots, for its staff: publish, change and withdraw them
//! (`/provider/intro-slots…`), and list them with their bookings. Answering a visit is
//! `answers.rs`.

use std::collections::HashMap;

use actix_web::{get, post, put, web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::texts;
use crate::access::door::Org;
use crate::access::ProviderAction::{self, PublishSlots};
use crate::access::{self, ClientRead};
use crate::auth::Actor;
use crate::clock::helsinki_date;
use crate::db::cache::Reading;
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode, Problem};
use crate::idempotency::Stored;
use crate::input::{Day, Json, Moment, Note, Paragraph};
use crate::providers::{self};
use crate::refs::Link;
use crate::state::AppState;
use crate::visits::reading::{booking_items, by_slot, shown, staff_slots};
use crate::visits::repo::{self, SlotRow};
use crate::visits::view::{Notes, StaffSlot, StaffSlotPage, Texts};
use crate::visits::{self, NewSlot, SLOT_NOTE_MAX, WITHDRAW_REASON_MAX};
use crate::vocab::{encode_list, ServiceLanguage};

/// A slot to publish or change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotInput {
    /// The site; it must offer the service.
    #[schema(format = Uuid)]
    pub site_id: String,
    /// The service code, e.g. `rwa_basic`.
    pub service: String,
    /// In the future; an instant (RFC 3339).
    pub starts_at: Moment,
    /// At most four hours after the start.
    pub ends_at: Moment,
    /// Places.
    #[schema(minimum = 1, maximum = 100)]
    pub capacity: i32,
    /// The languages the visit can be held in: at least one.
    #[schema(min_items = 1)]
    pub languages: Vec<ServiceLanguage>,
    /// A plain note for the visitor in each language, e.g. "Ring the bell at door B".
    pub note: Option<NoteInput>,
}

/// A note in the three languages; a language may be left empty.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    pub fi: Note<{ SLOT_NOTE_MAX }>,
    pub sv: Note<{ SLOT_NOTE_MAX }>,
    pub en: Note<{ SLOT_NOTE_MAX }>,
}

impl SlotInput {
    /// The slot as staff mean it, with its texts and ids checked. Its time and places are
    /// checked with the rules when it is published or changed.
    fn parse(&self) -> Result<NewSlot, AppError> {
        if self.languages.is_empty() {
            return Err(AppError::new(ErrorCode::MissingField).arg("field", "languages"));
        }
        let note = match &self.note {
            None => Notes::default(),
            Some(n) => {
                let one = |v: &Note<{ SLOT_NOTE_MAX }>, field| {
                    v.checked()
                        .map_err(|f| f.error(field, ErrorCode::MissingField))
                };
                Notes {
                    fi: one(&n.fi, "note.fi")?,
                    sv: one(&n.sv, "note.sv")?,
                    en: one(&n.en, "note.en")?,
                }
            }
        };
        Ok(NewSlot {
            site_id: access::parse_id(&self.site_id)?,
            service: self.service.trim().to_string(),
            starts_at: self.starts_at.at(),
            ends_at: self.ends_at.at(),
            capacity: self.capacity,
            languages: encode_list(&self.languages, ServiceLanguage::as_str),
            note,
        })
    }
}

/// The slot's organisation.
fn org_of_slot(slot_id: &str) -> Org {
    let slot_id = slot_id.to_string();
    Org::of(move |conn| match access::parse_id(&slot_id) {
        Ok(id) => Ok(repo::find_slot(conn, &id)?.map(|s| s.provider_id)),
        Err(_) => Ok(None),
    })
}

fn one_slot(
    conn: &mut DbConnection,
    texts: Texts<'_>,
    slot: SlotRow,
) -> Result<StaffSlot, AppError> {
    let slots = vec![slot];
    let shown = shown(&mut Reading::plain(conn), &slots)?;
    staff_slots(texts, &shown, slots, HashMap::new())?
        .pop()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a slot vanished")))
}

/// Publish an intro-visit slot at a site of the caller's organisation.
#[utoipa::path(
    operation_id = "publishIntroSlot",
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
    body: Json<SlotInput>,
) -> Result<HttpResponse, AppError> {
    let (lang, st) = (actor.lang, state.clone());
    let body = body.into_inner();
    // The site's organisation, for a slot about to be published there.
    let site_id = body.site_id.clone();
    let org = Org::of(move |conn| providers::repo::site_org(conn, &site_id));
    let slot = state
        .door
        .provider(&actor, PublishSlots, org, move |conn, staff| {
            let id = uuid::Uuid::now_v7().to_string();
            let row = visits::publish_slot(conn, staff, &id, body.parse()?)?;
            Stored::created(
                &one_slot(conn, texts(&st, lang), row)?,
                Link::staff_slot(&id).href,
            )
        })
        .await?;
    Ok(slot.into_response())
}

/// Change a slot nobody has booked: its time, places, languages and note. A booked slot can
/// only be withdrawn.
#[utoipa::path(
    operation_id = "updateIntroSlot",
    tag = "provider",
    security(("bearer" = [])),
    params(("slot_id" = String, Path, description = "The slot", format = Uuid)),
    request_body = SlotInput,
    responses(
        (status = 200, description = "The slot", body = StaffSlot),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such slot in the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot has bookings, has begun, or was withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is not valid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/provider/intro-slots/{slot_id}")]
pub async fn update_slot(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<SlotInput>,
) -> Result<HttpResponse, AppError> {
    let (lang, st) = (actor.lang, state.clone());
    let org = org_of_slot(&path);
    let slot_id = path.into_inner();
    let body = body.into_inner();
    let slot = state
        .door
        .provider(&actor, PublishSlots, org, move |conn, staff| {
            let slot_id = access::parse_id(&slot_id)?;
            let row = visits::change_slot(conn, staff, &slot_id, body.parse()?)?;
            one_slot(conn, texts(&st, lang), row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(slot))
}

/// Why a slot is withdrawn, in words its visitors read.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    pub reason: Paragraph<{ WITHDRAW_REASON_MAX }>,
}

/// Withdraw a slot. Its bookings are cancelled, and each client reads the reason in their inbox.
#[utoipa::path(
    operation_id = "withdrawIntroSlot",
    tag = "provider",
    security(("bearer" = [])),
    params(("slot_id" = String, Path, description = "The slot", format = Uuid)),
    request_body = Withdrawal,
    responses(
        (status = 200, description = "Withdrawn", body = StaffSlot),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such slot in the caller's organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already withdrawn, or the slot has begun", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or one too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/intro-slots/{slot_id}/withdraw")]
pub async fn withdraw_slot(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<Withdrawal>,
) -> Result<HttpResponse, AppError> {
    let (lang, st) = (actor.lang, state.clone());
    let org = org_of_slot(&path);
    let slot_id = path.into_inner();
    let reason = body.into_inner().reason.0;
    let slot = state
        .door
        .provider(&actor, PublishSlots, org, move |conn, staff| {
            let slot_id = access::parse_id(&slot_id)?;
            let row = visits::withdraw_slot(conn, staff, &slot_id, &reason)?;
            one_slot(conn, texts(&st, lang), row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(slot))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SlotQuery {
    /// The `next_after` of the previous page.
    #[param(format = Uuid)]
    pub after: Option<String>,
    /// Slots per page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<i64>,
    /// The organisation; needed only when the caller works for several.
    #[param(format = Uuid)]
    pub provider_id: Option<String>,
    /// Slots that end on this day or later (default: 30 days ago, so that past visits can be
    /// answered).
    pub from: Option<Day>,
}

/// The organisation's slots from a day on, with their bookings: each client's name, language,
/// and the voucher's service and terms. Each client shown is logged as a read.
#[utoipa::path(
    operation_id = "listIntroSlots",
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
    let q = query.into_inner();
    let provider_id =
        state
            .door
            .staff_org(&actor, ProviderAction::ListSlots, q.provider_id.as_deref())?;
    let page = crate::pagination::PageQuery {
        after: q.after,
        limit: q.limit,
    }
    .page()?;
    let listing = page.clone();
    let lang = actor.lang;
    let st = state.clone();
    let (bookings, (slots, shown, next_after)) = state
        .door
        .read_list(&actor, ClientRead::ViewVisits, move |r, now| {
            let from = q
                .from
                .map_or_else(|| helsinki_date(now) - chrono::Days::new(30), Day::date);
            let from = crate::clock::start_of_day(from).naive_utc();
            let rows = repo::provider_slots(
                r.conn(),
                &provider_id,
                (from, None),
                listing.after.as_deref(),
                listing.fetch(),
            )?;
            let (slots, next_after) = listing.finish(rows, |s| &s.id);
            let ids: Vec<String> = slots.iter().map(|s| s.id.clone()).collect();
            let visits = repo::slot_visits(r.conn(), &ids)?;
            let shown = shown(r, &slots)?;
            let items = booking_items(r.conn(), texts(&st, lang), &shown, &slots, visits)?;
            Ok((items, (slots, shown, next_after)))
        })
        .await?;
    let items = staff_slots(texts(&state, lang), &shown, slots, by_slot(bookings))?;
    Ok(HttpResponse::Ok().json(StaffSlotPage { items, next_after }))
}

/// One of the organisation's slots, with its bookings: each client's name, language, and the
/// voucher's service and terms. Each client shown is logged as a read.
#[utoipa::path(
    operation_id = "getIntroSlot",
    tag = "provider",
    security(("bearer" = [])),
    params(("slot_id" = String, Path, description = "The slot", format = Uuid)),
    responses(
        (status = 200, description = "The slot", body = StaffSlot),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such slot of the caller's organisations", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/provider/intro-slots/{slot_id}")]
pub async fn get_slot(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let mine = state.door.staff_orgs(&actor, ProviderAction::ListSlots)?;
    let slot_id = access::parse_id(&path)?;
    let (lang, st) = (actor.lang, state.clone());
    let (bookings, (slots, shown)) = state
        .door
        .read_list(&actor, ClientRead::ViewVisits, move |r, _| {
            let slot = repo::find_slot(r.conn(), &slot_id)?
                .filter(|s| mine.contains(&s.provider_id))
                .ok_or_else(AppError::not_found)?;
            let slots = vec![slot];
            let visits = repo::slot_visits(r.conn(), &[slot_id])?;
            let shown = shown(r, &slots)?;
            let items = booking_items(r.conn(), texts(&st, lang), &shown, &slots, visits)?;
            Ok((items, (slots, shown)))
        })
        .await?;
    let slot = staff_slots(texts(&state, lang), &shown, slots, by_slot(bookings))?
        .pop()
        .ok_or_else(AppError::not_found)?;
    Ok(HttpResponse::Ok().json(slot))
}
