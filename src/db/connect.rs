//! Opening one connection, configured for how we use it.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};

use super::connection::{DbConnection, BUSY_TIMEOUT_MS};
use super::reads;
use super::url::DatabaseUrl;

impl DatabaseUrl {
    /// Opens one connection, configured for how we use it. On SQLite the file of reads is
    /// attached beside the database and checked to belong to it (see `reads::attach`).
    pub fn connect(&self) -> Result<DbConnection, ConnectionError> {
        match self {
            DatabaseUrl::Postgres(url) => PgConnection::establish(url).map(DbConnection::Postgres),
            DatabaseUrl::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        ConnectionError::BadConnection(format!(
                            "cannot create {}: {e}",
                            dir.display()
                        ))
                    })?;
                }
                // Setting up a connection may create the files, switch them to WAL, make the
                // reads file's tables and pair the files; the pool opens connections on several
                // threads at once, and one at a time none of them finds another half-way.
                static SETUP: std::sync::Mutex<()> = std::sync::Mutex::new(());
                let _one_at_a_time = SETUP.lock().unwrap_or_else(|p| p.into_inner());
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                // Every commit to a file makes the other connections drop their page caches
                // for it (the rows of reads therefore go to a file of their own, see
                // `reads`); reading pages through a memory map instead of read() calls makes
                // refilling them cheap. Checkpoints are left to a background thread
                // (`checkpoint`), so that no request waits for one. A log that a burst of
                // writes made longer than 64 MB is cut back to that when it starts over.
                conn.batch_execute(&format!(
                    "PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};
                     PRAGMA foreign_keys = ON;
                     PRAGMA mmap_size = 268435456;
                     PRAGMA wal_autocheckpoint = 0;
                     PRAGMA journal_size_limit = 67108864;"
                ))
                .map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
                let mut conn = DbConnection::Sqlite(conn);
                reads::attach(&mut conn, &reads::read_log_path(path))
                    .map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
                Ok(conn)
            }
        }
    }
}
