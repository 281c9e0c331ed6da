//! `GET /clients/{c}/home` and `GET /provider/home`: each person's first screen in one call.

use actix_web::{get, web, HttpResponse};
use chrono::Days;
use serde::Deserialize;
use utoipa::IntoParams;

use super::view::{self, Home, StaffHome};
use crate::access::{self, ActingAs, ClientRead, ProviderAction};
use crate::auth::{Actor, Caller};
use crate::clock::{helsinki_date, start_of_day};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;
use crate::refs::PersonRef;
use crate::state::AppState;
use crate::visits::reading::{booking_items, by_slot, shown, staff_slots};
use crate::visits::view::Texts as VisitTexts;
use crate::vouchers::reading::Context;
use crate::vouchers::repo::Entry;
use crate::vouchers::Status;
use crate::{notifications, persons, visits, vouchers};

/// The most vouchers a home screen shows; the wallet has them all.
const MAX_VOUCHERS: usize = 10;
/// The most slots of one organisation a staff home screen shows for a day.
const MAX_SLOTS_A_DAY: i64 = 100;

/// The client's first screen: the vouchers in force or about to begin, in short; the next intro
/// visit; unread notifications (for the client themself); and what to do next, the most urgent
/// first, each with a link to do it.
#[utoipa::path(
    operation_id = "getClientHome",
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")),
    responses(
        (status = 200, description = "The home screen", body = Home),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/home")]
pub async fn client_home(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (actor, read) = state
        .door
        .read(caller, ClientRead::ViewHome, &path, move |r, access| {
            let wallet = vouchers::repo::wallet(r, access.client_id())?;
            let today = access.today();
            let current: Vec<Entry> = wallet
                .iter()
                .filter(|e| matches!(e.row.status(today), Status::Active | Status::Upcoming))
                .take(MAX_VOUCHERS)
                .cloned()
                .collect();
            let waiting = visits::repo::waiting(r.conn(), &access.rows, access.now.naive_utc())?;
            let next_meeting = next_meeting(r, access)?;
            let unread = match access.acting_as {
                ActingAs::Myself => Some(notifications::repo::unread(r.conn(), &access.actor_id)?),
                _ => None,
            };
            Ok(Read {
                vouchers: vouchers::repo::show(r, &current)?,
                context: Context::load(r, access)?,
                shown: visits::repo::shown(r.conn(), access.client_id(), &waiting)?,
                waiting,
                reader: access.acting_as,
                client: PersonRef {
                    id: access.client_id().to_string(),
                    display_name: persons::repo::name(r, access.client_id())?,
                },
                unread,
                next_meeting,
            })
        })
        .await?;
    let lang = actor.lang;
    let vouchers = read
        .vouchers
        .into_iter()
        .map(|l| read.context.render(&state.i18n, lang, l))
        .collect();
    let waiting = visits::view::render(
        texts(&state, lang),
        read.reader,
        &read.client.id,
        &read.waiting,
        &read.shown,
    )?;
    let visits = (waiting, read.next_meeting);
    Ok(HttpResponse::Ok().json(view::home(read.client, vouchers, visits, read.unread)))
}

/// The soonest meeting to come under the client's agreements in force that `access` reaches.
fn next_meeting(
    r: &mut crate::db::cache::Reading<'_>,
    access: &crate::access::Access,
) -> Result<Option<crate::attendance::view::Meeting>, AppError> {
    let today = access.today();
    let ids: Vec<String> = crate::agreements::repo::of_client(r.conn(), &access.rows, None, 100)?
        .into_iter()
        .filter(|a| a.confirmed_at.is_some())
        .filter(|a| {
            crate::agreements::life::state(a, today).0 != crate::agreements::life::State::Ended
        })
        .map(|a| a.id)
        .collect();
    let now = access.now.naive_utc();
    Ok(crate::attendance::repo::next_meeting(r.conn(), &ids, now)?
        .map(|m| crate::attendance::view::meeting(&m, &[], access.client_id())))
}

/// The visit texts of the reader's language.
fn texts(state: &AppState, lang: Lang) -> VisitTexts<'_> {
    VisitTexts {
        i18n: &state.i18n,
        lang,
    }
}

/// What a client's home is read from, in one snapshot.
struct Read {
    vouchers: Vec<vouchers::repo::Loaded>,
    context: Context,
    waiting: Vec<visits::repo::VisitRow>,
    shown: visits::repo::Shown,
    reader: ActingAs,
    client: PersonRef,
    unread: Option<i64>,
    next_meeting: Option<crate::attendance::view::Meeting>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StaffHomeQuery {
    /// Only this organisation; all of the caller's when left out.
    #[param(format = Uuid)]
    pub provider_id: Option<String>,
}

/// The staff's first screen: today's intro slots of their organisations, by start, with each
/// booking's client and voucher terms. Each client shown is logged as a read.
#[utoipa::path(
    operation_id = "getStaffHome",
    tag = "provider",
    security(("bearer" = [])),
    params(StaffHomeQuery),
    responses(
        (status = 200, description = "The home screen", body = StaffHome),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not an organisation of the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/provider/home")]
pub async fn staff_home(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<StaffHomeQuery>,
) -> Result<HttpResponse, AppError> {
    let mut orgs = state.door.staff_orgs(&actor, ProviderAction::ListSlots)?;
    if let Some(named) = &query.provider_id {
        let named = access::parse_id(named)?;
        orgs.retain(|o| *o == named);
        if orgs.is_empty() {
            return Err(AppError::not_found());
        }
    }
    let (lang, st) = (actor.lang, state.clone());
    let (bookings, (slots, shown, date)) = state
        .door
        .read_list(&actor, ClientRead::ViewVisits, move |r, now| {
            let date = helsinki_date(now);
            let from = start_of_day(date).naive_utc();
            let until = start_of_day(date + Days::new(1)).naive_utc();
            let mut slots = Vec::new();
            for org in &orgs {
                let day = (from, Some(until));
                slots.extend(visits::repo::provider_slots(
                    r.conn(),
                    org,
                    day,
                    None,
                    MAX_SLOTS_A_DAY,
                )?);
            }
            slots.sort_by(|a, b| (a.starts_at, &a.id).cmp(&(b.starts_at, &b.id)));
            let ids: Vec<String> = slots.iter().map(|s| s.id.clone()).collect();
            let visits = visits::repo::slot_visits(r.conn(), &ids)?;
            let shown = shown(r, &slots)?;
            let items = booking_items(r.conn(), texts(&st, lang), &shown, &slots, visits)?;
            Ok((items, (slots, shown, date)))
        })
        .await?;
    let intro_slots_today = staff_slots(texts(&state, lang), &shown, slots, by_slot(bookings))?;
    Ok(HttpResponse::Ok().json(StaffHome {
        date,
        intro_slots_today,
    }))
}
