//! Agreements between a client and a provider. When the provider takes the client after an intro
//! visit (or from its queue), the agreement names where and how the service goes: its dates, the
//! days a week and hours a day within what the voucher grants, the goals, the responsible person
//! and the instructor (H §5.3; K appendix 1). For individual coaching the meeting place fixes the
//! price tier (K §3.1). A new agreement with the same provider for a voucher ends the one in
//! force (a new period is a new agreement); another provider's waits until that one ends, which
//! needs the city's consent (H §5.5).
//!
//! This file holds the terms' rules and [`make`], the one function that makes an agreement;
//! `life.rs` its states, `duties.rs` the provider's duties, `work.rs` what people do with it
//! afterwards; `repo.rs` its SQL, `view.rs` how people read it, `routes/` its HTTP. The
//! caseworker's inbox (`crate::inbox`) reads its duties, endings and interruptions.

pub mod duties;
pub mod group;
pub mod life;
pub mod remind;
pub mod repo;
pub mod routes;
pub mod view;
pub mod work;

use chrono::NaiveDate;

use repo::AgreementRow;

use crate::access::Access;
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::geo::{tenths, within_reach, Coordinates};
use crate::providers::Place;
use crate::refs::Link;
use crate::rulebooks::{MeetingPlace, RadiusRule};
use crate::text::{required, required_line};
use crate::vouchers::Status as VoucherStatus;

/// The longest goals an agreement states.
pub const GOALS_MAX: usize = 1000;
/// The longest name of a person an agreement names (the responsible person, the instructor).
pub const NAME_MAX: usize = 200;
/// The longest description of where the meetings happen.
pub const MEETING_PLACE_MAX: usize = 300;

/// What a voucher grants, as an agreement must fit it.
#[derive(Debug, Clone, Copy)]
pub struct Granted {
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// Days (or hours) a week as granted; `None` where the rulebook sets no weekly terms.
    pub per_week: Option<i32>,
    /// Hours a day as granted.
    pub hours_per_day: Option<i32>,
    /// The fewest hours a day the rulebook allows.
    pub hours_per_day_min: Option<i32>,
}

/// An agreement's terms as the provider proposes them.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub days_per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
}

/// Checks an agreement's terms against the voucher: within its dates, starting today or later,
/// and no more days a week or hours a day than granted (no fewer hours than the rulebook's
/// least). Each broken term answers with its own code and what is allowed.
pub fn check_terms(t: &Terms, v: &Granted, today: NaiveDate) -> Result<(), AppError> {
    if t.ends_on < t.starts_on {
        return Err(AppError::new(ErrorCode::AgreementInvalidPeriod));
    }
    if t.starts_on < v.valid_from.max(today) || t.ends_on > v.valid_until {
        return Err(AppError::new(ErrorCode::AgreementOutsideVoucher)
            .arg("from", v.valid_from.max(today).to_string())
            .arg("until", v.valid_until.to_string()));
    }
    match (v.per_week, t.days_per_week) {
        (Some(_), None) => {
            return Err(AppError::new(ErrorCode::MissingField).arg("field", "days_per_week"))
        }
        (Some(max), Some(n)) if !(1..=max).contains(&n) => {
            return Err(AppError::new(ErrorCode::AgreementPerWeek).arg("max", i64::from(max)))
        }
        (None, Some(_)) => {
            return Err(
                AppError::new(ErrorCode::AgreementTermNotApplicable).arg("field", "days_per_week")
            )
        }
        _ => {}
    }
    match (v.hours_per_day, t.hours_per_day) {
        (Some(_), None) => {
            return Err(AppError::new(ErrorCode::MissingField).arg("field", "hours_per_day"))
        }
        (Some(max), Some(h)) => {
            let min = v.hours_per_day_min.unwrap_or(1).min(max);
            if !(min..=max).contains(&h) {
                return Err(AppError::new(ErrorCode::AgreementHoursPerDay)
                    .arg("min", i64::from(min))
                    .arg("max", i64::from(max)));
            }
        }
        (None, Some(_)) => {
            return Err(
                AppError::new(ErrorCode::AgreementTermNotApplicable).arg("field", "hours_per_day")
            )
        }
        (None, None) => {}
    }
    Ok(())
}

/// Individual coaching: where the meetings mainly happen, as the provider proposes it.
#[derive(Debug, Clone, Default)]
pub struct Meeting {
    /// By phone or video: always the remote price tier.
    pub remote: bool,
    /// The place, in words, e.g. "The client's home".
    pub description: Option<String>,
    /// Its latitude and longitude (WGS84), to measure the distance from the site.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// The agreement the provider proposes when it takes the client; its texts are checked by
/// [`make`].
#[derive(Debug, Clone)]
pub struct Proposal {
    pub starts_on: NaiveDate,
    /// The voucher's last day when left out.
    pub ends_on: Option<NaiveDate>,
    pub days_per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
    pub goals: String,
    pub responsible_person: String,
    pub instructor: String,
    /// Individual coaching only, and needed there.
    pub meeting: Option<Meeting>,
}

/// Where an agreement comes from: the intro visit it follows, the voucher it is for, the
/// provider and its site (where the visit was).
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub visit_id: &'a str,
    pub voucher_id: &'a str,
    pub provider_id: &'a str,
    pub site_id: &'a str,
}

/// Makes the agreement `p` proposes for the client of `access`, checked against the voucher, and
/// stores it (ending the voucher's agreement in force). For individual coaching the meeting place
/// fixes the price tier, and so the voucher's value (K §3.1); `site` is where the distance is
/// measured from.
pub fn make(
    conn: &mut DbConnection,
    access: &Access,
    from: Origin<'_>,
    site: &Place,
    p: &Proposal,
) -> Result<AgreementRow, AppError> {
    let voucher = crate::vouchers::repo::find(conn, from.voucher_id)?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher vanished")))?;
    let today = access.today();
    // "Palvelusta tulee olla voimassa oleva palveluseteli" (H §5.3).
    if matches!(
        voucher.status(today),
        VoucherStatus::Cancelled | VoucherStatus::Expired
    ) {
        return Err(AppError::new(ErrorCode::AgreementVoucherNotValid));
    }
    // Another provider's agreement ends only with the city's consent (H §5.5).
    if let Some(open) = repo::open_of_voucher(conn, &voucher.id)? {
        if open.provider_id != from.provider_id && life::is_open(&open, today) {
            let elsewhere = Link::agreement(&open.client_id, &open.id);
            return Err(AppError::new(ErrorCode::AgreementInForceElsewhere).conflicting(elsewhere));
        }
    }
    let terms = crate::rulebooks::repo::by_id(conn, &voucher.rulebook_id)?;
    let ends_on = p.ends_on.unwrap_or(voucher.valid_until);
    check_terms(
        &Terms {
            starts_on: p.starts_on,
            ends_on,
            days_per_week: p.days_per_week,
            hours_per_day: p.hours_per_day,
        },
        &Granted {
            valid_from: voucher.valid_from,
            valid_until: voucher.valid_until,
            per_week: voucher.per_week,
            hours_per_day: voucher.hours_per_day,
            hours_per_day_min: terms.rulebook.hours_per_day_min,
        },
        today,
    )?;
    let reach = RadiusRule::of(&terms, voucher.out_of_area_allowed).max_km();
    let (meeting, description) = meeting_place(p, &terms, site, access.client.home(), reach)?;
    let unit_price_cents = match meeting {
        Some(m) => terms.price_at(m).cents,
        None => terms.rulebook.unit_price_cents,
    };
    let description = description
        .map(|d| required_line(&d, "meeting_place.description", MEETING_PLACE_MAX))
        .transpose()?;
    let row = AgreementRow {
        id: uuid::Uuid::now_v7().to_string(),
        voucher_id: voucher.id.clone(),
        client_id: access.client_id().to_string(),
        provider_id: from.provider_id.to_string(),
        site_id: from.site_id.to_string(),
        visit_id: Some(from.visit_id.to_string()),
        starts_on: p.starts_on,
        ends_on,
        days_per_week: p.days_per_week,
        hours_per_day: p.hours_per_day,
        goals: required(&p.goals, "goals", GOALS_MAX)?,
        responsible_person: required_line(&p.responsible_person, "responsible_person", NAME_MAX)?,
        instructor: required_line(&p.instructor, "instructor", NAME_MAX)?,
        meeting_place: description,
        meeting_distance_km: match meeting {
            Some(MeetingPlace::Km(km)) => Some((km * 10.0).round() / 10.0),
            _ => None,
        },
        remote: meeting == Some(MeetingPlace::Remote),
        unit_price_cents,
        created_by: access.actor_id.clone(),
        created_at: access.now.naive_utc(),
        ended_at: None,
        confirmed_at: None,
        ended_on: None,
        end_reason: None,
    };
    repo::insert(conn, &row)?;
    let ev = work::EventFacts {
        on: Some(row.starts_on),
        ..work::EventFacts::default()
    };
    work::record(
        conn,
        &row.id,
        "made",
        ev,
        &access.actor_id,
        access.acting_as,
        access.now,
    )?;
    Ok(row)
}

/// Where the meetings mainly happen, and the description given: needed where the rulebook prices
/// by distance (K §3.1), and refused where it does not. A place must be plausible for this client:
/// within `reach_km` of their home (the rulebook's reach, or farther where the caseworker
/// permitted it). The distance that prices is from the `site`.
fn meeting_place(
    p: &Proposal,
    terms: &crate::rulebooks::Terms,
    site: &Place,
    home: Option<Coordinates>,
    reach_km: f64,
) -> Result<(Option<MeetingPlace>, Option<String>), AppError> {
    match (&p.meeting, terms.tiers.is_empty()) {
        (None, false) => Err(AppError::new(ErrorCode::AgreementMeetingPlace)),
        (None, true) => Ok((None, None)),
        (Some(_), true) => {
            Err(AppError::new(ErrorCode::AgreementTermNotApplicable).arg("field", "meeting_place"))
        }
        (Some(m), false) if m.remote => Ok((Some(MeetingPlace::Remote), m.description.clone())),
        (Some(m), false) => {
            let at = m
                .lat
                .zip(m.lon)
                .and_then(|(lat, lon)| Coordinates::parse(lat, lon))
                .ok_or_else(|| AppError::new(ErrorCode::AgreementMeetingPlace))?;
            let home = home.ok_or_else(|| AppError::new(ErrorCode::ProviderSearchNoHome))?;
            if !within_reach(tenths(home.distance_km(at)), reach_km) {
                return Err(AppError::new(ErrorCode::AgreementMeetingPlaceTooFar)
                    .arg("km", reach_km.round() as i64));
            }
            let km = site.at().distance_km(at);
            Ok((Some(MeetingPlace::Km(km)), m.description.clone()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn granted() -> Granted {
        Granted {
            valid_from: d(3, 2),
            valid_until: d(8, 31),
            per_week: Some(2),
            hours_per_day: Some(5),
            hours_per_day_min: Some(4),
        }
    }

    fn terms(days: Option<i32>, hours: Option<i32>) -> Terms {
        Terms {
            starts_on: d(3, 10),
            ends_on: d(8, 31),
            days_per_week: days,
            hours_per_day: hours,
        }
    }

    #[test]
    fn an_agreement_fits_within_what_the_voucher_grants() {
        let today = d(3, 5);
        assert!(check_terms(&terms(Some(2), Some(5)), &granted(), today).is_ok());
        assert!(check_terms(&terms(Some(1), Some(4)), &granted(), today).is_ok());
        let code = |t: Terms| check_terms(&t, &granted(), today).unwrap_err().code;
        assert_eq!(code(terms(Some(3), Some(5))), ErrorCode::AgreementPerWeek);
        assert_eq!(
            code(terms(Some(2), Some(6))),
            ErrorCode::AgreementHoursPerDay
        );
        assert_eq!(
            code(terms(Some(2), Some(3))),
            ErrorCode::AgreementHoursPerDay
        );
        assert_eq!(code(terms(None, Some(5))), ErrorCode::MissingField);
        let late = Terms {
            ends_on: d(9, 1),
            ..terms(Some(2), Some(5))
        };
        assert_eq!(code(late), ErrorCode::AgreementOutsideVoucher);
        let past = Terms {
            starts_on: d(3, 4),
            ..terms(Some(2), Some(5))
        };
        assert_eq!(code(past), ErrorCode::AgreementOutsideVoucher);
    }
}
