//! What reads keep in memory, behind an interface features see only as "remember this".
//!
//! A read begins with [`Reading::begin`], which reads the version counters in the read's own
//! snapshot (one statement). A feature that wants something kept asks
//! [`Reading::remember`] with a key and how to read it; the answer comes from memory while the
//! counter behind that kind of value stands still, and from the database otherwise (see
//! [`Versioned`]). Which counter guards which value, and how many entries are kept, is said once
//! per kind of value, by implementing [`Remember`]; a feature's repo does that, and its routes
//! only ever call the repo.
//!
//! Only reads remember: a write transaction that changed a row would see its own bump, and what
//! it kept under that version would outlive a rollback. A write uses [`Reading::plain`], which
//! reads everything from the database.
//!
//! The counters are rows that database triggers bump on every write to the tables behind them,
//! whoever writes (migrations `auth_version`, `search_catalog`, `client_version`):
//! - `auth_version`: sessions, people and roles;
//! - `catalog_version`: providers, sites, offerings and approvals;
//! - `client_version`: clients' records, vouchers and what the wallet shows of them.

use std::any::{Any, TypeId};
use std::sync::OnceLock;

use diesel::prelude::*;

use super::schema::{auth_version, catalog_version, client_version};
use super::versioned::Versioned;
use super::DbConnection;
use crate::error::AppError;

/// The counter that guards a kind of remembered value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// Sessions, people and roles.
    Auth,
    /// Providers and their offers.
    Catalog,
    /// Clients' records and vouchers.
    Clients,
    /// Rows that are never edited (rulebooks): kept for the life of the process.
    Never,
}

/// A kind of value reads may keep in memory.
pub trait Remember: 'static {
    type Value: Clone + Send + Sync + 'static;
    /// The counter whose move makes every kept value of this kind stale.
    const COUNTER: Counter;
    /// Beyond this many entries the kind starts again empty, so that memory stays bounded.
    const MAX_ENTRIES: usize;
}

/// The counters, read in one statement in the read's own snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counters {
    auth: i64,
    catalog: i64,
    clients: i64,
}

impl Counters {
    fn read(conn: &mut DbConnection) -> Result<Counters, AppError> {
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

    fn of(&self, counter: Counter) -> i64 {
        match counter {
            Counter::Auth => self.auth,
            Counter::Catalog => self.catalog,
            Counter::Clients => self.clients,
            Counter::Never => 0,
        }
    }
}

/// The most kinds of remembered values.
const KINDS: usize = 16;

/// Every kind of remembered value of one application, each made on first use. A lookup is one
/// atomic load per kind passed over, so workers never take turns at a shared lock to find one.
pub struct Caches {
    kinds: [OnceLock<Kind>; KINDS],
}

struct Kind {
    of: TypeId,
    values: Box<dyn Any + Send + Sync>,
}

impl Default for Caches {
    fn default() -> Caches {
        Caches {
            kinds: std::array::from_fn(|_| OnceLock::new()),
        }
    }
}

impl Caches {
    fn of<K: Remember>(&self) -> &Versioned<K::Value> {
        let of = TypeId::of::<K>();
        for slot in &self.kinds {
            let kind = slot.get_or_init(|| Kind {
                of,
                values: Box::new(Versioned::<K::Value>::new(K::MAX_ENTRIES)),
            });
            if kind.of == of {
                return kind
                    .values
                    .downcast_ref()
                    .expect("a kind's values have the kind's type");
            }
        }
        panic!("more than {KINDS} kinds of remembered values: raise KINDS")
    }
}

/// One read's connection, with what the process remembers for it.
pub struct Reading<'a> {
    conn: &'a mut DbConnection,
    memory: Option<(&'a Caches, Counters)>,
}

impl<'a> Reading<'a> {
    /// Begins a read that may remember: reads the counters in this snapshot.
    pub fn begin(conn: &'a mut DbConnection, caches: &'a Caches) -> Result<Reading<'a>, AppError> {
        let counters = Counters::read(conn)?;
        Ok(Reading {
            conn,
            memory: Some((caches, counters)),
        })
    }

    /// A read that remembers nothing: everything comes from the database (for writes).
    pub fn plain(conn: &'a mut DbConnection) -> Reading<'a> {
        Reading { conn, memory: None }
    }

    pub fn conn(&mut self) -> &mut DbConnection {
        self.conn
    }

    /// The value of kind `K` for `key`: from memory while its counter stands still, otherwise
    /// what `read` finds (kept when it finds something).
    pub fn remember<K: Remember>(
        &mut self,
        key: &str,
        read: impl FnOnce(&mut DbConnection) -> Result<Option<K::Value>, AppError>,
    ) -> Result<Option<K::Value>, AppError> {
        match self.memory {
            None => read(self.conn),
            Some((caches, counters)) => {
                let conn = &mut *self.conn;
                caches
                    .of::<K>()
                    .get_or_read(counters.of(K::COUNTER), key, || read(conn))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Small;
    impl Remember for Small {
        type Value = u32;
        const COUNTER: Counter = Counter::Never;
        const MAX_ENTRIES: usize = 4;
    }
    struct Other;
    impl Remember for Other {
        type Value = String;
        const COUNTER: Counter = Counter::Never;
        const MAX_ENTRIES: usize = 4;
    }

    #[test]
    fn each_kind_has_its_own_values() {
        let caches = Caches::default();
        caches.of::<Small>().put(0, "a", 1);
        caches.of::<Other>().put(0, "a", "one".into());
        assert_eq!(caches.of::<Small>().get(0, "a"), Some(1));
        assert_eq!(caches.of::<Other>().get(0, "a"), Some("one".to_string()));
    }
}
