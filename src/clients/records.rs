//! Clients' records and vouchers as read, kept in memory between read requests.
//!
//! Every read about a client (the search above all) needs the client's record, to decide who may
//! read it and where home is, and most need one of their vouchers. Those were two statements of
//! the search's four, and they change rarely: a caseworker edits a voucher, a client moves. So a
//! read keeps them in memory behind the `client_version` counter, which database triggers bump
//! on any change to a client's record or a voucher (migration `client_version`), and checks the
//! counter in the same statement as the other counters it needs ([`Counters`]).
//!
//! Only reads use this: a write transaction that changed a row would see its own bump, and what
//! it kept under that version would outlive a rollback.

use diesel::prelude::*;

use crate::db::schema::{auth_version, catalog_version, client_version};
use crate::db::versioned::Versioned;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::persons::{self, ClientRow};
use crate::vouchers::{self, VoucherRow};

/// Beyond this many entries a map starts again empty, so that memory stays bounded.
pub const MAX_ENTRIES: usize = 100_000;

/// The counters behind what reads keep in memory, read in one statement, in the read's own
/// snapshot: one statement instead of three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counters {
    /// Sessions, people and roles (`auth_version`, see [`crate::auth::cache`]).
    pub auth: i64,
    /// Providers and their offers (`catalog_version`, see [`crate::providers::catalog`]).
    pub catalog: i64,
    /// Clients' records and vouchers (`client_version`).
    pub clients: i64,
}

impl Counters {
    pub fn read(conn: &mut DbConnection) -> Result<Counters, AppError> {
        let (auth, catalog, clients): (i64, Option<i64>, Option<i64>) =
            crate::native!(conn, |c| auth_version::table
                .find(1)
                .select((
                    auth_version::version,
                    catalog_version::table
                        .find(1)
                        .select(catalog_version::version)
                        .single_value(),
                    client_version::table
                        .find(1)
                        .select(client_version::version)
                        .single_value(),
                ))
                .first(c))?;
        match (catalog, clients) {
            (Some(catalog), Some(clients)) => Ok(Counters {
                auth,
                catalog,
                clients,
            }),
            _ => Err(AppError::internal(anyhow::anyhow!(
                "a version counter row is missing"
            ))),
        }
    }
}

pub struct Records {
    clients: Versioned<ClientRow>,
    vouchers: Versioned<VoucherRow>,
}

impl Default for Records {
    fn default() -> Records {
        Records {
            clients: Versioned::new(MAX_ENTRIES),
            vouchers: Versioned::new(MAX_ENTRIES),
        }
    }
}

impl Records {
    /// The client's record as of `version` (the `client_version` read in this read's snapshot).
    pub fn client(
        &self,
        conn: &mut DbConnection,
        version: i64,
        person_id: &str,
    ) -> Result<Option<ClientRow>, AppError> {
        self.clients
            .get_or_read(version, person_id, || persons::find_client(conn, person_id))
    }

    /// The voucher as of `version`, as [`Records::client`].
    pub fn voucher(
        &self,
        conn: &mut DbConnection,
        version: i64,
        id: &str,
    ) -> Result<Option<VoucherRow>, AppError> {
        self.vouchers
            .get_or_read(version, id, || vouchers::find(conn, id))
    }
}
