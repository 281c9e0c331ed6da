//! The approved offers each rulebook's vouchers may pay for, kept in memory for the search.
//!
//! Reading them from the database on every search cost milliseconds of B-tree work per request
//! (hundreds of candidate sites around a big town, each joined to its provider and approval).
//! The offers change rarely and are public, so each process keeps a copy per rulebook (its
//! municipality and service, without the legal forms it forbids; rulebooks are never edited)
//! and checks one counter per search: `catalog_version`, which database triggers bump on any
//! write to providers, sites, offers or approvals. A changed counter drops every copy (see
//! [`Versioned`]).

use std::sync::Arc;

use super::domain::Offer;
use super::repo;
use crate::db::versioned::Versioned;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::rulebooks::Terms;

#[derive(Default)]
pub struct Catalog {
    /// By rulebook id.
    lists: Versioned<Arc<Vec<Offer>>>,
}

impl Catalog {
    /// The approved offers of the rulebook's service in its municipality, leaving out the legal
    /// forms it forbids, as of the database `conn` sees, where `catalog_version` stands at
    /// `version` (read in the same snapshot, see [`crate::clients::records::Counters`]). Grouped
    /// by provider, in the order of their ids.
    pub fn offers(
        &self,
        conn: &mut DbConnection,
        version: i64,
        terms: &Terms,
    ) -> Result<Arc<Vec<Offer>>, AppError> {
        let rulebook = &terms.rulebook;
        let list = self.lists.get_or_read(version, &rulebook.id, || {
            let list: Vec<Offer> =
                repo::approved_offers(conn, &rulebook.municipality_code, &rulebook.service_code)?
                    .into_iter()
                    .filter(|e| !terms.forbids_legal_form(&e.legal_form))
                    .map(|e| e.offer)
                    .collect();
            Ok::<_, AppError>(Some(Arc::new(list)))
        })?;
        // The read above always finds a list, if an empty one.
        Ok(list.unwrap_or_default())
    }
}
