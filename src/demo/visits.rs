//! The demo's intro visits: slots at the staff personas' providers, Aino's booking, Eero's visit
//! of yesterday waiting for the workshop's answer, and Matti taken by one provider and refused by
//! another. Each slot is published by the provider's staff before it begins, each visit booked
//! by the client two days before (or today, for one still to come), and answered after it.

use chrono::{DateTime, Days, Duration, Utc};

use super::as_persona;
use super::personas::{staff_of, POLKU, PROVIDER_HEINOLA, PROVIDER_KUOPIO, VAYLA};
use crate::access::door::{Door, Org, Target};
use crate::access::{ClientWrite, ProviderAction};
use crate::agreements::Proposal;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::visits::repo;
use crate::visits::view::Notes;
use crate::visits::{self, Answer, NewSlot, RefusalReason};

// Intro visits: slots at the staff personas' providers, Aino's booking, Eero's visit of
// yesterday waiting for the workshop's answer, and Matti taken by one provider and refused by
// another.

/// A slot: its id, provider, site, service, day (from today) and hour (Helsinki), places.
struct SlotSeed {
    id: &'static str,
    provider: &'static str,
    site: &'static str,
    service: &'static str,
    day: i64,
    hour: i64,
    capacity: i32,
}

const KIPINA_SITE: &str = "0190a000-0000-7000-8000-0000000000d1";
const SAMPO_SITE: &str = "0190a000-0000-7000-8000-0000000000d8";
const VAYLA_SITE: &str = "0190a000-0000-7000-8000-0000000000d9";
const POLKU_KUOPIO_SITE: &str = "0190a000-0000-7000-8000-0000000000d7";

const SLOTS: &[SlotSeed] = &[
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e9",
        provider: POLKU,
        site: POLKU_KUOPIO_SITE,
        service: "sr_individual",
        day: -28,
        hour: 9,
        capacity: 1,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e1",
        provider: PROVIDER_HEINOLA,
        site: KIPINA_SITE,
        service: "rwa_basic",
        day: 2,
        hour: 10,
        capacity: 4,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e2",
        provider: PROVIDER_HEINOLA,
        site: KIPINA_SITE,
        service: "rwa_basic",
        day: 5,
        hour: 13,
        capacity: 3,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e3",
        provider: PROVIDER_HEINOLA,
        site: KIPINA_SITE,
        service: "rwa_basic",
        day: -1,
        hour: 10,
        capacity: 3,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e4",
        provider: PROVIDER_KUOPIO,
        site: SAMPO_SITE,
        service: "sr_supported_work",
        day: -31,
        hour: 11,
        capacity: 2,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e5",
        provider: PROVIDER_KUOPIO,
        site: SAMPO_SITE,
        service: "sr_supported_work",
        day: 3,
        hour: 11,
        capacity: 2,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e6",
        provider: VAYLA,
        site: VAYLA_SITE,
        service: "sr_individual",
        day: -1,
        hour: 14,
        capacity: 1,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e8",
        provider: PROVIDER_HEINOLA,
        site: KIPINA_SITE,
        service: "rwa_basic",
        day: -270,
        hour: 10,
        capacity: 2,
    },
    SlotSeed {
        id: "0190a000-0000-7000-8000-0000000000e7",
        provider: POLKU,
        site: POLKU_KUOPIO_SITE,
        service: "sr_individual",
        day: 4,
        hour: 9,
        capacity: 2,
    },
];

/// A booking: its id, slot, voucher, client, and what came of it.
struct VisitSeed {
    id: &'static str,
    slot: &'static str,
    voucher: &'static str,
    client: &'static str,
    outcome: Outcome,
}

enum Outcome {
    Waiting,
    Accepted,
    /// Accepted for individual coaching, meeting at the provider's office (K §3.1).
    Coaching,
    Refused,
}

const VISITS: &[VisitSeed] = &[
    VisitSeed {
        id: "0190a000-0000-7000-8000-0000000000f6",
        slot: "0190a000-0000-7000-8000-0000000000e9",
        voucher: "0190a000-0000-7000-8000-0000000000b4",
        client: "client-kuopio-2",
        outcome: Outcome::Coaching,
    },
    VisitSeed {
        id: "0190a000-0000-7000-8000-0000000000f1",
        slot: "0190a000-0000-7000-8000-0000000000e1",
        voucher: "0190a000-0000-7000-8000-0000000000a2",
        client: "client-heinola",
        outcome: Outcome::Waiting,
    },
    VisitSeed {
        id: "0190a000-0000-7000-8000-0000000000f2",
        slot: "0190a000-0000-7000-8000-0000000000e3",
        voucher: "0190a000-0000-7000-8000-0000000000a3",
        client: "client-heinola-2",
        outcome: Outcome::Waiting,
    },
    VisitSeed {
        id: "0190a000-0000-7000-8000-0000000000f3",
        slot: "0190a000-0000-7000-8000-0000000000e4",
        voucher: "0190a000-0000-7000-8000-0000000000b2",
        client: "client-kuopio",
        outcome: Outcome::Accepted,
    },
    VisitSeed {
        id: "0190a000-0000-7000-8000-0000000000f5",
        slot: "0190a000-0000-7000-8000-0000000000e8",
        voucher: "0190a000-0000-7000-8000-0000000000a4",
        client: "client-heinola-3",
        outcome: Outcome::Accepted,
    },
    VisitSeed {
        id: "0190a000-0000-7000-8000-0000000000f4",
        slot: "0190a000-0000-7000-8000-0000000000e6",
        voucher: "0190a000-0000-7000-8000-0000000000b3",
        client: "client-kuopio",
        outcome: Outcome::Refused,
    },
];

/// Seeds the slots and bookings that are missing, each with what a person reads of it: the
/// history, the agreement, the notifications.
pub(super) fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let today = crate::clock::helsinki_date(now);
    for s in SLOTS {
        if repo::find_slot(conn, s.id)?.is_some() {
            continue;
        }
        let day = match s.day < 0 {
            true => today - Days::new(s.day.unsigned_abs()),
            false => today + Days::new(s.day as u64),
        };
        let starts = crate::clock::start_of_day(day) + Duration::hours(s.hour);
        let slot = NewSlot {
            site_id: s.site.to_string(),
            service: s.service.to_string(),
            starts_at: starts,
            ends_at: starts + Duration::hours(2),
            capacity: s.capacity,
            languages: ",fi,en,".to_string(),
            note: Notes {
                fi: "Soita ovikelloa B-ovella.".to_string(),
                sv: "Ring på dörrklockan vid dörr B.".to_string(),
                en: "Ring the bell at door B.".to_string(),
            },
        };
        let staff = staff_of(s.provider).ok_or_else(AppError::not_found)?;
        let staff = as_persona(conn, staff, "/api/v1/provider/intro-slots")?;
        let published = starts.min(now) - Duration::days(3);
        let org = Org::Named(Some(s.provider.to_string()));
        Door::provider_in(
            conn,
            &staff,
            ProviderAction::PublishSlots,
            org,
            published,
            |c, st| visits::publish_slot(c, st, s.id, slot),
        )?;
    }
    for v in VISITS {
        if repo::find_visit(conn, v.id)?.is_some() {
            continue;
        }
        let slot = repo::find_slot(conn, v.slot)?.ok_or_else(AppError::not_found)?;
        let booked = match slot.starts() > now {
            true => now,
            false => slot.starts() - Duration::days(2),
        };
        let client = as_persona(conn, v.client, "/api/v1/clients/me/intro-visits")?;
        Door::act_in(
            conn,
            &client,
            ClientWrite::BookVisit,
            Target::path("me"),
            booked,
            |c, access, ()| visits::book(c, access, v.id, v.voucher, v.slot),
        )?;
        let (what, answer) = match v.outcome {
            Outcome::Waiting => continue,
            Outcome::Accepted => (
                "accept",
                Answer::Accept(Proposal {
                    starts_on: crate::clock::helsinki_date(slot.ends()),
                    ends_on: None,
                    days_per_week: Some(3),
                    hours_per_day: Some(4),
                    goals: "Haluan arkeen rytmin ja oppia keittiötöitä.".to_string(),
                    responsible_person: "Sanna Mäkinen".to_string(),
                    instructor: "Tuomas Ohjaaja".to_string(),
                    meeting: None,
                }),
            ),
            Outcome::Coaching => (
                "accept",
                Answer::Accept(Proposal {
                    starts_on: crate::clock::helsinki_date(slot.ends()),
                    ends_on: None,
                    days_per_week: None,
                    hours_per_day: None,
                    goals: "Haluan rohkeutta asioida ja löytää opiskelupaikan.".to_string(),
                    responsible_person: "Mikko Laine".to_string(),
                    instructor: "Mikko Laine".to_string(),
                    meeting: Some(crate::agreements::Meeting {
                        remote: false,
                        description: Some("Polun toimisto, Kuopio".to_string()),
                        lat: Some(62.9050),
                        lon: Some(27.7000),
                    }),
                }),
            ),
            Outcome::Refused => (
                "refuse",
                Answer::Refuse {
                    reason: RefusalReason::NeedsNotMet,
                    explanation: "Valmentajamme tapaavat vain Kuopion keskustassa. \
                    Asiakkaan pitää tavata kotona, eikä meillä ole siihen nyt aikaa."
                        .to_string(),
                },
            ),
        };
        let staff = staff_of(&slot.provider_id).ok_or_else(AppError::not_found)?;
        let held = Answer::Outcome {
            held: true,
            reason: None,
        };
        for (what, answer) in [("outcome", held), (what, answer)] {
            let path = format!("/api/v1/provider/intro-visits/{}/{what}", v.id);
            let at = as_persona(conn, staff, &path)?;
            Door::act_in(
                conn,
                &at,
                ClientWrite::AnswerVisit,
                Target::of(|c| Ok(repo::find_visit(c, v.id)?.map(|r| (r.client_id.clone(), r)))),
                slot.ends(),
                |c, access, row| visits::answer(c, access, row, answer),
            )?;
        }
    }
    Ok(())
}
