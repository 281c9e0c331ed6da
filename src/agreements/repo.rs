//! The SQL of agreements.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::access::Rows;
use crate::db::schema::agreements;
use crate::db::DbConnection;
use crate::error::AppError;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = agreements)]
pub struct AgreementRow {
    pub id: String,
    pub voucher_id: String,
    pub client_id: String,
    pub provider_id: String,
    pub site_id: String,
    pub visit_id: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub days_per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
    pub goals: String,
    pub responsible_person: String,
    pub instructor: String,
    pub meeting_place: Option<String>,
    pub meeting_distance_km: Option<f64>,
    pub remote: bool,
    pub unit_price_cents: i64,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
}

/// Stores an agreement; an agreement in force for the same voucher ends as it is made (a new
/// provider or period is a new agreement).
pub fn insert(conn: &mut DbConnection, row: &AgreementRow) -> Result<(), AppError> {
    diesel::update(
        agreements::table
            .filter(agreements::voucher_id.eq(&row.voucher_id))
            .filter(agreements::ended_at.is_null()),
    )
    .set(agreements::ended_at.eq(Some(row.created_at)))
    .execute(conn)?;
    diesel::insert_into(agreements::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The agreements of `rows`' client that `rows` reaches, newest first, up to `fetch` before
/// `after`.
pub fn of_client(
    conn: &mut DbConnection,
    rows: &Rows,
    after: Option<&str>,
    fetch: i64,
) -> Result<Vec<AgreementRow>, AppError> {
    let mut q = agreements::table
        .filter(agreements::client_id.eq(rows.client_id()))
        .into_boxed();
    if let Some(organisations) = rows.organisations() {
        q = q.filter(agreements::provider_id.eq_any(organisations.to_vec()));
    }
    Ok(crate::newest_first!(q, agreements::id, after, fetch)
        .select(AgreementRow::as_select())
        .load(conn)?)
}
