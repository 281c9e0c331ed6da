//! The one connection type over SQLite and PostgreSQL.

use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;

/// Runs one diesel query on the concrete connection behind a [`DbConnection`]. Through the
/// `MultiConnection` diesel cannot tell a query from its type alone, so it writes the SQL out
/// anew on every run to find the prepared statement; on the concrete connection a query with a
/// fixed shape finds it by type. The queries every request makes (session, person, client,
/// voucher, access-log row) go through here.
#[macro_export]
macro_rules! native {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($c) => $body,
            $crate::db::DbConnection::Postgres($c) => $body,
        }
    };
}

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// How long a SQLite connection waits for another's lock before it gives up, in milliseconds.
pub const BUSY_TIMEOUT_MS: u32 = 5000;
