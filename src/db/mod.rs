//! One connection type over SQLite and PostgreSQL, chosen from the URL scheme; an r2d2 pool;
//! migrations per backend; and the only two ways routes touch the database: [`Db::read`] and
//! [`Db::write`]. Writes run off the async executor; so do reads on PostgreSQL, while reads on
//! SQLite run in place (see [`Db::read`]).
//!
//! The files, each for one thing, none importing this one: `connection` (the connection type),
//! `url` (which database a URL names), `connect` (opening one connection), `reads` (SQLite's
//! file of reads), `transaction` (how transactions begin, and SQLite's writers' turn), `pool`
//! (the pool and the [`Db`] handle), `checkpoint` (SQLite's write-ahead logs and statistics),
//! `migrations` (the main schema), `sweep` (removing rows kept only for a while). Nothing here
//! imports a feature module.

pub mod cache;
pub mod events;
pub mod outbox;
pub mod schema;
pub mod sweep;
pub mod versioned;

mod checkpoint;
mod connect;
mod connection;
mod migrations;
mod pool;
pub mod reads;
mod transaction;
mod url;

#[cfg(test)]
mod tests;

pub use connection::{DbConnection, BUSY_TIMEOUT_MS};
pub use migrations::{
    revert_all_migrations, run_migrations, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS,
};
pub use pool::{Db, EventSink, Manager, Pool, PooledConnection};
pub use reads::read_log_path;
pub use transaction::{read_transaction, write_transaction};
pub use url::{Backend, DatabaseUrl};
