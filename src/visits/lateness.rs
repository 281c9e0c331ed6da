//! Whether an intro visit was booked late: read from the booking day and the voucher's intro
//! deadline in force (H §1.4), never stored, so a date the caseworker records later moves it.
//! Apart from the rest of the visits so that their SQL and their views can both ask it.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::db::DbConnection;
use crate::error::AppError;
use crate::{rulebooks, vouchers};

/// The intro visit's deadline in force of each of the vouchers `ids`, by voucher id: whether a
/// booking came late is read from it (see [`rulebooks::Deadlines::intro_booked_late`]).
pub fn intro_deadlines(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Option<NaiveDate>>, AppError> {
    let mut terms = HashMap::new();
    let mut out = HashMap::new();
    for (id, v) in vouchers::repo::by_ids(conn, ids)? {
        if !terms.contains_key(&v.rulebook_id) {
            let t = rulebooks::repo::by_id(conn, &v.rulebook_id)?;
            terms.insert(v.rulebook_id.clone(), t);
        }
        let due = rulebooks::deadlines(&terms[&v.rulebook_id], &v.anchors());
        out.insert(id, due.intro_visit_by);
    }
    Ok(out)
}

/// Whether a visit of the voucher `voucher_id` booked on `booked_on` came after the voucher's
/// intro deadline in `due` (by voucher id).
pub fn booked_late(
    voucher_id: &str,
    booked_on: NaiveDate,
    due: &HashMap<String, Option<NaiveDate>>,
) -> bool {
    let by = due.get(voucher_id).copied().flatten();
    by.is_some_and(|by| booked_on > by)
}
