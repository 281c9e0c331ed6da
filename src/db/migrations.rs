//! The main schema's migrations, one set per backend, embedded in the binary. (The SQLite file
//! of reads has its own, applied when a connection attaches it: see [`super::reads`].)

use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::connection::DbConnection;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies pending migrations for the connection's backend; returns their names.
pub fn run_migrations(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    Ok(applied.iter().map(|v| v.to_string()).collect())
}

/// Reverts every migration, newest first (used by the migration round-trip test).
pub fn revert_all_migrations(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS),
        DbConnection::Postgres(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| anyhow::anyhow!("revert failed: {e}"))?;
    Ok(reverted.iter().map(|v| v.to_string()).collect())
}
