//! Who is told of an activity day, and what they read: the client, the provider's staff, the
//! caseworker who issued the voucher.

use chrono::{DateTime, Utc};

use super::repo::DayRow;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::notifications::{self, Facts, Kind};
use crate::vouchers::VoucherRow;

/// Who is told of a day, and what they read.
pub struct Tell {
    row: DayRow,
    kind: Kind,
    facts: Facts,
}

impl Tell {
    pub fn new(conn: &mut DbConnection, row: &DayRow, kind: Kind) -> Result<Tell, AppError> {
        let provider = crate::providers::repo::find(conn, &row.provider_id)?.map(|p| p.name);
        let reason_code = row.reason_code().map(str::to_string);
        Ok(Tell {
            row: row.clone(),
            kind,
            facts: Facts {
                provider,
                date: Some(row.day),
                reason_code,
                reason: row.reason.clone(),
                ..Facts::default()
            },
        })
    }

    pub fn client(&self, conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
        let r = &self.row;
        notifications::repo::notify(
            conn,
            &r.client_id,
            self.kind,
            &self.facts,
            Some(&r.id),
            None,
            now,
        )
    }

    fn other(&self, conn: &mut DbConnection, to: &str, now: DateTime<Utc>) -> Result<(), AppError> {
        let r = &self.row;
        let facts = Facts {
            client_id: Some(r.client_id.clone()),
            client: Some(crate::persons::repo::display_name(conn, &r.client_id)?),
            ..self.facts.clone()
        };
        notifications::repo::notify(conn, to, self.kind, &facts, Some(&r.id), None, now)
    }

    pub fn staff(&self, conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
        for person in crate::persons::repo::staff_of(conn, &self.row.provider_id)? {
            self.other(conn, &person, now)?;
        }
        Ok(())
    }

    pub fn caseworker(
        &self,
        conn: &mut DbConnection,
        voucher: &VoucherRow,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        self.other(conn, &voucher.caseworker_id, now)
    }
}
