//! The approved offers each rulebook's vouchers may pay for, kept in memory for the search.
//!
//! Reading them from the database on every search cost milliseconds of B-tree work per request
//! (hundreds of candidate sites around a big town, each joined to its provider and approval).
//! The offers change rarely and are public, so a read keeps a list per rulebook (its
//! municipality and service, only of the legal forms it allows; rulebooks are never edited)
//! while `catalog_version` stands still, which database triggers bump on any write to
//! providers, sites, offers or approvals.
//!
//! Each listed offer carries what makes the search cheap, which the rest of the code never
//! sees: its provider's rank in the list (see [`Candidate`]), and the JSON of what a hit shows
//! of it that does not depend on the client, written once per language.

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use super::rank::Candidate;
use super::repo;
use super::Offer;
use crate::db::cache::{Counter, Reading, Remember};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::rulebooks::Terms;

/// One offer of a rulebook's list.
#[derive(Debug)]
pub struct Listed {
    offer: Offer,
    /// Its provider's place in the list, counted from 1 in the order of provider ids.
    rank: u32,
    /// The members of a hit's JSON object (`"key":value,…`, without the braces) that do not
    /// depend on the client, per language (Finnish, Swedish, English), made on first use. Answers
    /// borrow them: two workers sharing one reference count would take turns at its cache line
    /// on every hit.
    shown: [OnceLock<Box<str>>; 3],
}

impl Candidate for Listed {
    fn offer(&self) -> &Offer {
        &self.offer
    }

    fn provider_rank(&self) -> u32 {
        self.rank
    }
}

impl Listed {
    /// What a hit shows of this offer in `lang`, as JSON members; `make` gives the object they
    /// are taken from, the first time only.
    pub fn shown<T: Serialize>(&self, lang: Lang, make: impl FnOnce() -> T) -> &str {
        self.shown[lang.index()].get_or_init(|| {
            let object = serde_json::to_string(&make()).expect("a view serializes");
            object
                .strip_prefix('{')
                .and_then(|o| o.strip_suffix('}'))
                .expect("a view is a JSON object")
                .into()
        })
    }
}

/// The offers of `list`, grouped by provider in the order of their ids, each with its provider's
/// rank.
fn ranked(list: Vec<Offer>) -> Vec<Listed> {
    let mut rank = 0;
    let mut out: Vec<Listed> = Vec::with_capacity(list.len());
    for offer in list {
        if out
            .last()
            .is_none_or(|l| l.offer.provider_id != offer.provider_id)
        {
            debug_assert!(out
                .last()
                .is_none_or(|l| l.offer.provider_id < offer.provider_id));
            rank += 1;
        }
        out.push(Listed {
            offer,
            rank,
            shown: Default::default(),
        });
    }
    out
}

/// Lists by rulebook id.
struct Lists;

impl Remember for Lists {
    type Value = Arc<Vec<Listed>>;
    const COUNTER: Counter = Counter::Catalog;
    const MAX_ENTRIES: usize = 10_000;
}

/// The approved offers of the rulebook's service in its municipality, only of the legal forms it
/// allows (an approval its list refuses is left out, and named at start), grouped by provider in
/// the order of their ids.
pub fn offers(r: &mut Reading<'_>, terms: &Terms) -> Result<Arc<Vec<Listed>>, AppError> {
    let rulebook = &terms.rulebook;
    let list = r.remember::<Lists>(&rulebook.id, |conn| {
        let list: Vec<Offer> =
            repo::approved_offers(conn, &rulebook.municipality_code, &rulebook.service_code)?
                .into_iter()
                .filter(|e| terms.allows_legal_form(&e.legal_form))
                .map(|e| e.offer)
                .collect();
        Ok(Some(Arc::new(ranked(list))))
    })?;
    // The read above always finds a list, if an empty one.
    Ok(list.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::Coordinates;
    use crate::providers::rank::tests::offer as at;

    fn offer(provider: &str, site: &str) -> Offer {
        at(provider, site, Coordinates::stored(61.2, 26.0))
    }

    #[test]
    fn each_provider_gets_the_next_rank_and_its_sites_share_it() {
        let list = ranked(vec![
            offer("a", "a1"),
            offer("a", "a2"),
            offer("b", "b1"),
            offer("c", "c1"),
            offer("c", "c2"),
        ]);
        let ranks: Vec<u32> = list.iter().map(|l| l.provider_rank()).collect();
        assert_eq!(ranks, [1, 1, 2, 3, 3]);
    }

    #[test]
    fn what_a_hit_shows_is_written_once_per_language() {
        let list = ranked(vec![offer("a", "a1")]);
        let mut made = 0;
        for _ in 0..2 {
            let members = list[0].shown(Lang::Fi, || {
                made += 1;
                serde_json::json!({"provider_id": "a"})
            });
            assert_eq!(members, "\"provider_id\":\"a\"");
        }
        assert_eq!(made, 1);
    }
}
