//! The approved offers of each municipality and service, kept in memory for the search.
//!
//! Reading them from the database on every search cost milliseconds of B-tree work per request
//! (hundreds of candidate sites around a big town, each joined to its provider and approval).
//! The offers change rarely and are public, so each process keeps a copy per (municipality,
//! service) and checks one counter per search: `catalog_version`, which database triggers bump
//! on any write to providers, sites, offers or approvals. A changed counter drops every copy.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use diesel::prelude::*;

use super::domain::Offer;
use super::repo;
use crate::db::schema::catalog_version;
use crate::db::DbConnection;
use crate::error::AppError;

/// One approved offer, with the provider's legal form for the rulebook's forbidden forms.
#[derive(Debug, Clone)]
pub struct Entry {
    pub legal_form: String,
    pub offer: Arc<Offer>,
}

type Key = (String, String);

#[derive(Default)]
struct Inner {
    version: i64,
    lists: HashMap<Key, Arc<Vec<Entry>>>,
}

#[derive(Default)]
pub struct Catalog {
    inner: RwLock<Inner>,
}

impl Catalog {
    /// The approved offers of `service` in `municipality`, as of the database `conn` sees.
    pub fn offers(
        &self,
        conn: &mut DbConnection,
        municipality: &str,
        service: &str,
    ) -> Result<Arc<Vec<Entry>>, AppError> {
        let version: i64 = crate::native!(conn, |c| catalog_version::table
            .find(1)
            .select(catalog_version::version)
            .first(c))?;
        let key = (municipality.to_string(), service.to_string());
        {
            let inner = self.inner.read().unwrap_or_else(|p| p.into_inner());
            if inner.version == version {
                if let Some(list) = inner.lists.get(&key) {
                    return Ok(list.clone());
                }
            }
        }
        let list = Arc::new(repo::approved_offers(conn, municipality, service)?);
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        if inner.version != version {
            inner.lists.clear();
            inner.version = version;
        }
        inner.lists.insert(key, list.clone());
        Ok(list)
    }
}
