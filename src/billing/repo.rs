//! The SQL of billing: the days and meetings a report lists, the submitted reports and their
//! lines.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::agreements::repo::AgreementRow;
use crate::attendance::repo::{DayRow, MeetingRow};
use crate::db::schema::{
    activity_days, agreement_meetings, agreements, billing_lines, billing_submissions, rulebooks,
    vouchers,
};
use crate::db::DbConnection;
use crate::error::AppError;
use crate::vouchers::VoucherRow;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = billing_submissions)]
pub struct SubmissionRow {
    pub id: String,
    pub provider_id: String,
    pub municipality_code: String,
    pub month: String,
    pub due_on: NaiveDate,
    pub submitted_by: String,
    pub submitted_at: NaiveDateTime,
    pub late: bool,
    pub total_cents: i64,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = billing_lines)]
pub struct LineRow {
    pub id: String,
    pub submission_id: String,
    pub voucher_id: String,
    pub agreement_id: String,
    pub client_id: String,
    pub day_id: Option<String>,
    pub meeting_id: Option<String>,
    pub day: NaiveDate,
    pub kind: String,
    pub units: i32,
    pub unit_price_cents: i64,
    pub amount_cents: i64,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
}

/// The provider's activity days from `from` to `until`.
pub fn days_between(
    conn: &mut DbConnection,
    provider_id: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<DayRow>, AppError> {
    Ok(activity_days::table
        .filter(activity_days::provider_id.eq(provider_id))
        .filter(activity_days::day.between(from, until))
        .order((activity_days::day, activity_days::id))
        .select(DayRow::as_select())
        .load(conn)?)
}

/// The provider's days from `from` to `until` recorded or decided after `since`: the days of a
/// submitted month that may have changed after it was submitted.
pub fn changed_since(
    conn: &mut DbConnection,
    provider_id: &str,
    (from, until): (NaiveDate, NaiveDate),
    since: NaiveDateTime,
) -> Result<Vec<DayRow>, AppError> {
    Ok(activity_days::table
        .filter(activity_days::provider_id.eq(provider_id))
        .filter(activity_days::day.between(from, until))
        .filter(
            activity_days::created_at
                .gt(since)
                .or(activity_days::decided_at.gt(since)),
        )
        .order((activity_days::day, activity_days::id))
        .select(DayRow::as_select())
        .load(conn)?)
}

/// What the submitted reports billed for each of the days `ids`, where they billed it.
pub fn billed_by_day(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, i32>, AppError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Option<String>, Option<i64>)> = billing_lines::table
            .filter(billing_lines::day_id.eq_any(chunk))
            .group_by(billing_lines::day_id)
            .select((
                billing_lines::day_id,
                diesel::dsl::sum(billing_lines::units),
            ))
            .load(conn)?;
        out.extend(
            rows.into_iter()
                .filter_map(|(id, sum)| Some((id?, sum.unwrap_or(0) as i32))),
        );
    }
    Ok(out)
}

/// The meetings the provider cancelled from `from` to `until`, with their agreements.
pub fn cancelled_meetings(
    conn: &mut DbConnection,
    provider_id: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<MeetingRow>, AppError> {
    let theirs = agreements::table
        .filter(agreements::provider_id.eq(provider_id))
        .select(agreements::id);
    Ok(agreement_meetings::table
        .filter(agreement_meetings::agreement_id.eq_any(theirs))
        .filter(agreement_meetings::status.eq("cancelled_by_provider"))
        .filter(agreement_meetings::day.between(from, until))
        .order((agreement_meetings::day, agreement_meetings::id))
        .select(MeetingRow::as_select())
        .load(conn)?)
}

pub fn agreements_by_ids(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, AgreementRow>, AppError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<AgreementRow> = agreements::table
            .filter(agreements::id.eq_any(chunk))
            .select(AgreementRow::as_select())
            .load(conn)?;
        out.extend(rows.into_iter().map(|a| (a.id.clone(), a)));
    }
    Ok(out)
}

/// Every report the provider submitted.
pub fn submissions_of(
    conn: &mut DbConnection,
    provider_id: &str,
) -> Result<Vec<SubmissionRow>, AppError> {
    Ok(billing_submissions::table
        .filter(billing_submissions::provider_id.eq(provider_id))
        .order((
            billing_submissions::month,
            billing_submissions::municipality_code,
        ))
        .select(SubmissionRow::as_select())
        .load(conn)?)
}

/// The reports submitted to the municipality for `month` (`YYYY-MM`).
pub fn submissions_in(
    conn: &mut DbConnection,
    municipality: &str,
    month: &str,
) -> Result<Vec<SubmissionRow>, AppError> {
    Ok(billing_submissions::table
        .filter(billing_submissions::municipality_code.eq(municipality))
        .filter(billing_submissions::month.eq(month))
        .select(SubmissionRow::as_select())
        .load(conn)?)
}

/// The lines of a submitted report, in the order written.
pub fn lines_of(conn: &mut DbConnection, submission_id: &str) -> Result<Vec<LineRow>, AppError> {
    Ok(billing_lines::table
        .filter(billing_lines::submission_id.eq(submission_id))
        .order(billing_lines::id)
        .select(LineRow::as_select())
        .load(conn)?)
}

/// Stores a submitted report with its lines. A report of the month submitted at the same time
/// by another request makes this one fail on the unique index (and the caller reads that one).
pub fn insert(
    conn: &mut DbConnection,
    submission: &SubmissionRow,
    lines: &[LineRow],
) -> Result<(), AppError> {
    diesel::insert_into(billing_submissions::table)
        .values(submission)
        .execute(conn)?;
    // Many rows a statement, on each backend's own connection (the multi-backend one inserts
    // one row a statement): a month of a large provider is thousands of lines.
    for chunk in lines.chunks(500) {
        crate::native!(conn, |c| diesel::insert_into(billing_lines::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

/// The municipality's vouchers in force at some time from `from` to `until`.
pub fn vouchers_in_force(
    conn: &mut DbConnection,
    municipality: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<VoucherRow>, AppError> {
    let books = rulebooks::table
        .filter(rulebooks::municipality_code.eq(municipality))
        .select(rulebooks::id);
    let rows: Vec<VoucherRow> = vouchers::table
        .filter(vouchers::rulebook_id.eq_any(books))
        .filter(vouchers::valid_from.le(until))
        .filter(vouchers::valid_until.ge(from))
        .order(vouchers::number)
        .select(VoucherRow::as_select())
        .load(conn)?;
    let start = from.and_hms_opt(0, 0, 0).unwrap_or_default();
    Ok(rows
        .into_iter()
        .filter(|v| v.cancelled_at.is_none_or(|at| at >= start))
        .collect())
}

/// The providers with days of `voucher_ids` from `from` to `until`.
pub fn providers_with_days(
    conn: &mut DbConnection,
    voucher_ids: &[String],
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for chunk in voucher_ids.chunks(500) {
        let ids: Vec<String> = activity_days::table
            .filter(activity_days::voucher_id.eq_any(chunk))
            .filter(activity_days::day.between(from, until))
            .select(activity_days::provider_id)
            .distinct()
            .load(conn)?;
        out.extend(ids);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Takes the provider's lock (PostgreSQL), so two submissions of one provider run one after the
/// other. SQLite runs one write at a time anyway.
pub fn lock_provider(conn: &mut DbConnection, provider_id: &str) -> Result<(), AppError> {
    use crate::db::schema::providers;
    match conn {
        DbConnection::Postgres(c) => {
            providers::table
                .find(provider_id)
                .select(providers::id)
                .for_update()
                .first::<String>(c)
                .optional()?;
        }
        DbConnection::Sqlite(_) => {}
    }
    Ok(())
}

/// The unit price of the latest confirmed agreement of each of `voucher_ids` that has one.
pub fn agreed_prices(
    conn: &mut DbConnection,
    voucher_ids: &[String],
) -> Result<HashMap<String, i64>, AppError> {
    let mut out = HashMap::new();
    for chunk in voucher_ids.chunks(500) {
        let rows: Vec<(String, i64)> = agreements::table
            .filter(agreements::voucher_id.eq_any(chunk))
            .filter(agreements::confirmed_at.is_not_null())
            .order((agreements::voucher_id, agreements::starts_on))
            .select((agreements::voucher_id, agreements::unit_price_cents))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}
