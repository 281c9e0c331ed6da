//! Vouchers: issued by a caseworker under a rulebook, seen by the client in the wallet.

pub mod number;
pub mod routes;
pub mod view;

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::schema::{voucher_events, voucher_usage, vouchers};
use crate::db::DbConnection;
use crate::error::AppError;

pub use crate::rulebooks::Period;
pub use number::VoucherNumber;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = vouchers)]
pub struct VoucherRow {
    pub id: String,
    pub number: String,
    pub client_id: String,
    pub rulebook_id: String,
    pub caseworker_id: String,
    pub decision_date: NaiveDate,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub granted_units: i32,
    pub per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
    pub exception_reason: Option<String>,
    pub out_of_area_allowed: bool,
    pub out_of_area_reason: Option<String>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancel_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Where a voucher stands today (a Helsinki date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Issued, but its validity has not begun.
    Upcoming,
    Active,
    /// Its validity has ended.
    Expired,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Upcoming => "upcoming",
            Status::Active => "active",
            Status::Expired => "expired",
            Status::Cancelled => "cancelled",
        }
    }
}

impl VoucherRow {
    pub fn status(&self, today: NaiveDate) -> Status {
        if self.cancelled_at.is_some() {
            Status::Cancelled
        } else if today < self.valid_from {
            Status::Upcoming
        } else if today > self.valid_until {
            Status::Expired
        } else {
            Status::Active
        }
    }
}

/// The kinds of change kept in a voucher's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Issued,
    Extended,
    OutOfAreaPermitted,
    Cancelled,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Issued => "issued",
            EventKind::Extended => "extended",
            EventKind::OutOfAreaPermitted => "out_of_area_permitted",
            EventKind::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> EventKind {
        match s {
            "extended" => EventKind::Extended,
            "out_of_area_permitted" => EventKind::OutOfAreaPermitted,
            "cancelled" => EventKind::Cancelled,
            _ => EventKind::Issued,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = voucher_events)]
pub struct EventRow {
    pub id: String,
    pub voucher_id: String,
    pub kind: String,
    pub actor_id: String,
    pub valid_until: Option<NaiveDate>,
    pub granted_units: Option<i32>,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn record_event(
    conn: &mut DbConnection,
    voucher: &VoucherRow,
    kind: EventKind,
    actor_id: &str,
    reason: Option<String>,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(voucher_events::table)
        .values(EventRow {
            id: uuid::Uuid::now_v7().to_string(),
            voucher_id: voucher.id.clone(),
            kind: kind.as_str().to_string(),
            actor_id: actor_id.to_string(),
            valid_until: Some(voucher.valid_until),
            granted_units: Some(voucher.granted_units),
            reason,
            created_at: at,
        })
        .execute(conn)?;
    Ok(())
}

/// Units used of each voucher: the confirmed activity days or hours that attendance records in
/// `voucher_usage`. The one place the wallet learns what is used.
pub fn used_units(
    conn: &mut DbConnection,
    voucher_ids: &[String],
) -> Result<HashMap<String, i64>, AppError> {
    if voucher_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, Option<i64>)> = voucher_usage::table
        .filter(voucher_usage::voucher_id.eq_any(voucher_ids))
        .filter(voucher_usage::status.eq("confirmed"))
        .group_by(voucher_usage::voucher_id)
        .select((
            voucher_usage::voucher_id,
            diesel::dsl::sum(voucher_usage::units),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, sum)| (id, sum.unwrap_or(0)))
        .collect())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<VoucherRow>, AppError> {
    Ok(crate::native!(conn, |c| vouchers::table
        .find(id)
        .select(VoucherRow::as_select())
        .first(c)
        .optional())?)
}

pub fn events(conn: &mut DbConnection, voucher_id: &str) -> Result<Vec<EventRow>, AppError> {
    Ok(voucher_events::table
        .filter(voucher_events::voucher_id.eq(voucher_id))
        .order(voucher_events::id)
        .select(EventRow::as_select())
        .load(conn)?)
}

/// The periods of a client's other vouchers in a service family, each ending at its last valid
/// day or the day it was cancelled (a voucher cancelled before it began has no period).
pub fn family_periods(
    conn: &mut DbConnection,
    client_id: &str,
    family: &str,
    except: Option<&str>,
) -> Result<Vec<Period>, AppError> {
    use crate::db::schema::{rulebooks, services};
    let rows: Vec<(String, String, NaiveDate, NaiveDate, Option<NaiveDateTime>)> = vouchers::table
        .inner_join(rulebooks::table.inner_join(services::table))
        .filter(vouchers::client_id.eq(client_id))
        .filter(services::family.eq(family))
        .select((
            vouchers::id,
            services::code,
            vouchers::valid_from,
            vouchers::valid_until,
            vouchers::cancelled_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(id, ..)| Some(id.as_str()) != except)
        .filter_map(|(_, service, from, until, cancelled)| {
            let until = cancelled.map_or(until, |c| until.min(c.date()));
            (until >= from).then_some(Period {
                service,
                from,
                until,
            })
        })
        .collect())
}

/// Serializes issuing and changing for one client: the no-op update takes the client row's
/// lock on PostgreSQL (SQLite's immediate transactions already run one writer at a time), so
/// two concurrent requests cannot both pass the overlap and duration checks.
pub fn lock_client(conn: &mut DbConnection, client_id: &str) -> Result<(), AppError> {
    use crate::db::schema::clients;
    diesel::update(clients::table.find(client_id))
        .set(clients::municipality_code.eq(clients::municipality_code))
        .execute(conn)?;
    Ok(())
}

/// Checks a voucher's terms (new, or extended: `except` is the voucher itself) against its
/// rulebook and the client's other vouchers of the same family: the months they already had
/// (`req.prior_months` is filled in here) and no overlap with the same service. Takes the
/// client's lock first, so concurrent requests for one client check one after the other.
pub fn check_terms(
    conn: &mut DbConnection,
    client_id: &str,
    terms: &crate::rulebooks::Terms,
    except: Option<&str>,
    mut req: crate::rulebooks::Request,
    phase: crate::rulebooks::Phase,
    service_name: &str,
) -> Result<(), AppError> {
    use crate::rulebooks;
    lock_client(conn, client_id)?;
    let periods = family_periods(conn, client_id, &terms.service.family, except)?;
    req.prior_months = rulebooks::prior_months(&periods);
    rulebooks::check(terms, &req, phase, service_name)?;
    if rulebooks::overlaps(
        &periods,
        &terms.service.code,
        req.valid_from,
        req.valid_until,
    ) {
        return Err(AppError::new(crate::error::ErrorCode::VoucherOverlaps));
    }
    Ok(())
}

/// Stores an issued voucher with the start of its history: issued, and the permission to go
/// beyond the usual distance when it was given at once.
pub fn insert_issued(
    conn: &mut DbConnection,
    row: &VoucherRow,
    actor_id: &str,
) -> Result<(), AppError> {
    diesel::insert_into(vouchers::table)
        .values(row)
        .execute(conn)?;
    record_event(conn, row, EventKind::Issued, actor_id, None, row.created_at)?;
    if let Some(reason) = &row.out_of_area_reason {
        record_event(
            conn,
            row,
            EventKind::OutOfAreaPermitted,
            actor_id,
            Some(reason.clone()),
            row.created_at,
        )?;
    }
    Ok(())
}
