//! The door's SQL: the facts a decision reads (which of a caller's organisations serve a client,
//! which scopes a helper's powers of attorney carry today, whom a mandate names), and the access
//! log: rows of changes (`access_log`, committed with the change), rows of reads (`read_log`; on
//! SQLite in a file of their own, see `db::read_log_path`), and one page of a client's log read
//! from all of them.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::{LogRow, Scope};
use crate::db::schema::{
    access_log, agreements, intro_visits, mandates, read_log, read_log_recent,
};
use crate::db::DbConnection;
use crate::error::AppError;

/// The statuses of a visit that is a live relation: booked, held, or a queue place offered or
/// taken (see `visits::Status::is_open`).
pub const LIVE_VISITS: [&str; 4] = ["booked", "held", "queued", "queue_accepted"];

/// Which of `providers` serve the client at `now`: have a live relation with them (a visit
/// still open, an agreement before its last day), or had one that ended (a visit cancelled,
/// refused, not held or answered; an agreement's last day) after `lapsed`. Their staff reach the client's data
/// through it, and only through it.
pub fn serving(
    conn: &mut DbConnection,
    client_id: &str,
    providers: &[String],
    lapsed: NaiveDateTime,
) -> Result<Vec<String>, AppError> {
    if providers.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: Vec<String> = intro_visits::table
        .filter(intro_visits::client_id.eq(client_id))
        .filter(intro_visits::provider_id.eq_any(providers))
        .filter(
            intro_visits::status
                .eq_any(LIVE_VISITS)
                .or(intro_visits::updated_at.gt(lapsed)),
        )
        .select(intro_visits::provider_id)
        .distinct()
        .load(conn)?;
    let agreed: Vec<String> = agreements::table
        .filter(agreements::client_id.eq(client_id))
        .filter(agreements::provider_id.eq_any(providers))
        // An agreement is a relation until its last day: the agreed one, or an earlier one set
        // by consent, by the city or by a cancelled voucher (see `agreements::life`).
        .filter(agreements::ends_on.ge(lapsed.date()))
        .filter(
            agreements::ended_on
                .is_null()
                .or(agreements::ended_on.ge(lapsed.date())),
        )
        .select(agreements::provider_id)
        .distinct()
        .load(conn)?;
    found.extend(agreed);
    found.sort();
    found.dedup();
    Ok(found)
}

/// The status a power of attorney in force is stored with.
pub const MANDATE_ACTIVE: &str = "active";

/// What this person may do for this client today through powers of attorney in force. Read on
/// every request, so a revoked, renounced or expired one stops counting at once.
pub fn in_force_scopes(
    conn: &mut DbConnection,
    client_id: &str,
    person_id: &str,
    today: NaiveDate,
) -> Result<BTreeSet<Scope>, AppError> {
    let rows: Vec<String> = mandates::table
        .filter(mandates::client_id.eq(client_id))
        .filter(mandates::proxy_person_id.eq(person_id))
        .filter(mandates::status.eq(MANDATE_ACTIVE))
        .filter(mandates::valid_from.le(today))
        .filter(mandates::valid_until.ge(today))
        .select(mandates::scopes)
        .load(conn)?;
    Ok(rows
        .iter()
        .flat_map(|s| s.split(',').filter_map(Scope::parse))
        .collect())
}

/// The client a mandate is from, and the person it names as the helper (once linked).
pub fn mandate_parties(
    conn: &mut DbConnection,
    mandate_id: &str,
) -> Result<Option<(String, Option<String>)>, AppError> {
    Ok(mandates::table
        .find(mandate_id)
        .select((mandates::client_id, mandates::proxy_person_id))
        .first(conn)
        .optional()?)
}

/// Inserts a [`LogRow`] into `access_log`, `read_log` or `read_log_recent`, which have the same
/// columns.
macro_rules! insert_row {
    ($table:ident, $row:expr, $conn:expr) => {{
        let row = $row;
        let values = (
            $table::id.eq(uuid::Uuid::now_v7().to_string()),
            $table::client_id.eq(&row.client_id),
            $table::actor_id.eq(&row.actor_id),
            $table::acting_as.eq(row.acting_as),
            $table::action.eq(row.action),
            $table::resource.eq(&row.resource),
            $table::request_id.eq(&row.request_id),
            $table::created_at.eq(row.created_at),
            $table::organisation_id.eq(&row.organisation_id),
        );
        crate::native!($conn, |c| diesel::insert_into($table::table)
            .values(values)
            .execute(c))?;
        Ok(())
    }};
}

impl LogRow {
    /// Inserts the row of a change into `access_log`, in the caller's transaction, so that the
    /// change and its row commit together.
    pub fn insert(&self, conn: &mut DbConnection) -> Result<(), AppError> {
        insert_row!(access_log, self, conn)
    }

    /// Inserts the row of a read: a read changes nothing, so its row needs no transaction with
    /// anything else. On SQLite the row goes to `read_log_recent`, from where
    /// [`move_recent_reads`] takes it into `read_log`; on PostgreSQL straight into `read_log`.
    pub fn insert_read(&self, conn: &mut DbConnection) -> Result<(), AppError> {
        match conn {
            DbConnection::Sqlite(_) => insert_row!(read_log_recent, self, conn),
            DbConnection::Postgres(_) => insert_row!(read_log, self, conn),
        }
    }
}

pub use crate::db::reads::move_recent_reads;

/// One row of a client's access log, with the actor's name.
#[derive(Debug, QueryableByName)]
pub struct Entry {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = Timestamp)]
    pub created_at: chrono::NaiveDateTime,
    #[diesel(sql_type = Text)]
    pub actor_id: String,
    #[diesel(sql_type = Text)]
    pub display_name: String,
    #[diesel(sql_type = Text)]
    pub acting_as: String,
    #[diesel(sql_type = Text)]
    pub action: String,
    #[diesel(sql_type = Text)]
    pub resource: String,
    #[diesel(sql_type = Text)]
    pub request_id: String,
    /// The organisation a provider's staff member acted for.
    #[diesel(sql_type = Nullable<Text>)]
    pub organisation: Option<String>,
}

/// One page of a client's log, newest first, with each actor's name: the rows of changes
/// (`access_log`) and of reads (`read_log`, and on SQLite those of the last second still in
/// `read_log_recent`) in one statement, so that all are read in one snapshot (two statements
/// could miss a row committed or moved between them, and the cursor would then pass it for
/// good). The first two stop at `?3` rows by their `(client_id, id)` index; the third is small
/// and read whole.
/// Made once per backend from one branch per table: SQLite reads `?1` as the first parameter,
/// PostgreSQL `$1`.
static LOG_PAGE: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
    let sqlite = ["access_log", "read_log", "read_log_recent"]
        .map(|table| {
            format!(
                "SELECT * FROM (
                    SELECT l.id, l.created_at, l.actor_id, p.display_name, l.acting_as,
                           l.action, l.resource, l.request_id, o.name AS organisation
                    FROM {table} l JOIN persons p ON p.id = l.actor_id
                    LEFT JOIN providers o ON o.id = l.organisation_id
                    WHERE l.client_id = ?1 AND (?2 IS NULL OR l.id < ?2)
                    ORDER BY l.id DESC LIMIT ?3
                ) AS {table}_page"
            )
        })
        .join(" UNION ALL ")
        + " ORDER BY id DESC LIMIT ?3";
    let postgres = sqlite.replace('?', "$");
    [sqlite, postgres]
});

/// Up to `fetch` rows of the client's log before `after` (an entry id), newest first.
pub fn page(
    conn: &mut DbConnection,
    client_id: &str,
    after: Option<String>,
    fetch: i64,
) -> Result<Vec<Entry>, AppError> {
    let [sqlite, postgres] = &*LOG_PAGE;
    let sql = match conn {
        DbConnection::Sqlite(_) => sqlite,
        DbConnection::Postgres(_) => postgres,
    };
    Ok(diesel::sql_query(sql.as_str())
        .bind::<Text, _>(client_id)
        .bind::<Nullable<Text>, _>(after)
        .bind::<BigInt, _>(fetch)
        .load(conn)?)
}
