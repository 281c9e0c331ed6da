//! Vouchers: issued by a caseworker under a rulebook, seen by the client in the wallet.

pub mod number;
pub mod repo;
pub mod routes;
pub mod view;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::schema::{voucher_events, vouchers};

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
#[schema(as = VoucherStatus)]
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
#[schema(as = VoucherEventKind)]
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
