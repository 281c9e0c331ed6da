//! The pure search over the catalog's offers: the nearest site of each provider within the
//! radius that passes the filters, their order, and keyset pages. No IO, no clock.

use base64::Engine;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Offer, Offering};
use crate::geo::{tenths, within_reach, Coordinates};
use crate::vocab::{vocabulary, Form, Meal, ServiceLanguage, WorkTask};

vocabulary!(
    /// How search results are ordered.
    SortBy, "sort" { Distance = "distance", NextStart = "next_start" }
);

/// The search filters; an absent filter lets everything through.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub language: Option<ServiceLanguage>,
    pub step_free: bool,
    pub meal: Option<Meal>,
    pub form: Option<Form>,
    pub work_task: Option<WorkTask>,
}

impl Filters {
    pub fn accepts(&self, o: &Offering) -> bool {
        self.language.is_none_or(|l| o.languages.contains(&l))
            && (!self.step_free || o.step_free)
            && match self.meal {
                None => true,
                Some(Meal::Heating) => o.meal_heating,
                Some(Meal::Hot) => o.hot_meal,
            }
            && self.form.is_none_or(|f| o.form == f)
            && self.work_task.is_none_or(|t| o.work_tasks.contains(&t))
    }
}
/// An offer as the search goes through it. `provider_rank` orders providers as their ids do,
/// counted from 1, where the list numbered them; 0 where it did not (then the ids are compared).
/// A number comparison for every site in reach is far cheaper than a string comparison.
pub trait Candidate {
    fn offer(&self) -> &Offer;
    fn provider_rank(&self) -> u32 {
        0
    }
}

impl Candidate for Offer {
    fn offer(&self) -> &Offer {
        self
    }
}

/// The order of two candidates' providers: by their ranks when both have one (the same list),
/// otherwise by their ids.
fn provider_order<C: Candidate>(a: &C, b: &C) -> std::cmp::Ordering {
    match (a.provider_rank(), b.provider_rank()) {
        (0, _) | (_, 0) => a.offer().provider_id.cmp(&b.offer().provider_id),
        (x, y) => x.cmp(&y),
    }
}

/// An offer with its distance from the client's home.
#[derive(Debug)]
pub struct Hit<'a, C = Offer> {
    /// Borrowed from the in-memory catalog: a search copies no offer.
    pub candidate: &'a C,
    /// Distance in tenths of a km, as shown.
    pub tenths: i64,
}

impl<C> Clone for Hit<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for Hit<'_, C> {}

impl<'a, C: Candidate> Hit<'a, C> {
    pub fn offer(&self) -> &'a Offer {
        self.candidate.offer()
    }

    pub fn distance_km(&self) -> f64 {
        self.tenths as f64 / 10.0
    }
}

/// The offers within the radius that pass the filters, one per provider: its nearest site.
/// Offers that come grouped by provider, in order of provider id (as the catalog keeps them),
/// take one pass; otherwise they are sorted first.
pub fn nearest_per_provider<'a, C: Candidate>(
    offers: impl IntoIterator<Item = &'a C>,
    home: Coordinates,
    radius_km: f64,
    filters: &Filters,
) -> Vec<Hit<'a, C>> {
    let mut hits: Vec<Hit<'a, C>> = Vec::new();
    let mut grouped = true;
    for candidate in offers {
        let offer = candidate.offer();
        if !filters.accepts(&offer.offering) {
            continue;
        }
        let tenths = tenths(home.distance_km(offer.at));
        if !within_reach(tenths, radius_km) {
            continue;
        }
        let hit = Hit { candidate, tenths };
        match hits.last_mut() {
            Some(last) if grouped => match provider_order(last.candidate, candidate) {
                std::cmp::Ordering::Equal => {
                    if nearer_site(&hit) < nearer_site(last) {
                        *last = hit;
                    }
                }
                std::cmp::Ordering::Less => hits.push(hit),
                std::cmp::Ordering::Greater => {
                    grouped = false;
                    hits.push(hit);
                }
            },
            _ => hits.push(hit),
        }
    }
    if !grouped {
        // Each provider's sites together, nearest first (the lower site id on a tie), then
        // the first of each provider kept.
        hits.sort_unstable_by(|a, b| by_provider(a).cmp(&by_provider(b)));
        hits.dedup_by(|later, first| later.offer().provider_id == first.offer().provider_id);
    }
    hits
}

/// A provider's sites together, nearest first, then by site id.
fn by_provider<'a, C: Candidate>(h: &Hit<'a, C>) -> (&'a str, i64, &'a str) {
    (&h.offer().provider_id, h.tenths, &h.offer().site_id)
}

/// [`by_provider`] within one provider.
fn nearer_site<'a, C: Candidate>(h: &Hit<'a, C>) -> (i64, &'a str) {
    (h.tenths, &h.offer().site_id)
}

/// A position in an ordering: compared as a tuple, the provider id breaks ties.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey(i64, i64, String);

pub fn sort_key<C: Candidate>(hit: &Hit<'_, C>, by: SortBy) -> SortKey {
    let (a, b, id) = key_of(hit, by);
    SortKey(a, b, id.to_string())
}

/// [`sort_key`] without copying the id, for sorting.
fn key_of<'a, C: Candidate>(hit: &Hit<'a, C>, by: SortBy) -> (i64, i64, &'a str) {
    let id = hit.offer().provider_id.as_str();
    match by {
        SortBy::Distance => (hit.tenths, 0, id),
        SortBy::NextStart => (
            hit.offer().offering.next_start_on.map_or(i64::MAX, |d| {
                i64::from(chrono::Datelike::num_days_from_ce(&d))
            }),
            hit.tenths,
            id,
        ),
    }
}

/// Where the previous page ended: opaque to callers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub by: SortBy,
    pub key: SortKey,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let SortKey(a, b, id) = &self.key;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(format!("{}|{a}|{b}|{id}", self.by.as_str()))
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s)
            .ok()?;
        let raw = String::from_utf8(raw).ok()?;
        let mut parts = raw.splitn(4, '|');
        let by = SortBy::parse(parts.next()?)?;
        let a = parts.next()?.parse().ok()?;
        let b = parts.next()?.parse().ok()?;
        let id = parts.next()?.to_string();
        Some(Cursor {
            by,
            key: SortKey(a, b, id),
        })
    }
}

/// Orders the hits and cuts one page after `after`. Keyset paging: a page never repeats or skips
/// a provider because another one appeared before it.
pub fn page<'a, C: Candidate>(
    mut hits: Vec<Hit<'a, C>>,
    by: SortBy,
    after: Option<&SortKey>,
    limit: usize,
) -> (Vec<Hit<'a, C>>, Option<Cursor>) {
    if let Some(SortKey(a, b, id)) = after {
        let after = (*a, *b, id.as_str());
        hits.retain(|h| key_of(h, by) > after);
    }
    let order = |x: &Hit<'a, C>, y: &Hit<'a, C>| key_of(x, by).cmp(&key_of(y, by));
    let more = hits.len() > limit;
    // Only the page is sorted: the first `limit` are picked out first, in linear time.
    if more && limit > 0 {
        hits.select_nth_unstable_by(limit - 1, order);
    }
    hits.truncate(limit);
    hits.sort_unstable_by(order);
    let rest = hits;
    let next = if more {
        rest.last().map(|h| Cursor {
            by,
            key: sort_key(h, by),
        })
    } else {
        None
    };
    (rest, next)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::geo::tests::{at, north};
    use crate::i18n::Translations;
    use crate::providers::{Offering, Responsible};
    use chrono::NaiveDate;

    #[test]
    fn the_sort_orders_are_documented_as_sent() {
        crate::vocab::tests::check_schema(SortBy::ALL);
    }

    pub(crate) fn offering() -> Offering {
        Offering {
            form: Form::Individual,
            work_tasks: vec![WorkTask::Kitchen],
            group_themes: vec![],
            languages: vec![ServiceLanguage::Fi],
            step_free: false,
            partial_work_ability: false,
            meal_heating: false,
            hot_meal: false,
            group_size_max: None,
            free_places: 1,
            queue_length: 0,
            next_start_on: None,
            responsible: Responsible {
                name: "R".into(),
                phone: None,
                email: None,
            },
            description: Translations::default(),
        }
    }

    pub(crate) fn offer(provider: &str, site: &str, where_: Coordinates) -> Offer {
        Offer {
            provider_id: provider.into(),
            provider_name: provider.into(),
            site_id: site.into(),
            site_name: site.into(),
            street_address: String::new(),
            postal_code: String::new(),
            city: String::new(),
            at: where_,
            offering: offering(),
        }
    }

    #[test]
    fn the_shown_distance_decides_the_radius() {
        let home = at(61.2045, 26.0372);
        let offers = vec![
            offer("a", "a1", north(home, 19.9)),
            offer("b", "b1", north(home, 20.04)),
            offer("c", "c1", north(home, 20.06)),
            offer("d", "d1", north(home, 20.1)),
        ];
        let mut ids: Vec<String> = nearest_per_provider(&offers, home, 20.0, &Filters::default())
            .into_iter()
            .map(|h| format!("{}={}", h.offer().provider_id, h.distance_km()))
            .collect();
        ids.sort();
        assert_eq!(ids, ["a=19.9", "b=20"]);
    }

    #[test]
    fn one_hit_per_provider_its_nearest_site() {
        let home = at(61.2, 26.0);
        let offers = [
            offer("a", "far", north(home, 9.0)),
            offer("a", "near", north(home, 3.0)),
            offer("a", "tie", north(home, 3.0)),
            offer("b", "b2", north(home, 6.0)),
            offer("b", "b1", north(home, 5.0)),
            offer("c", "c1", north(home, 21.0)),
        ];
        // As a list that numbers its providers keeps them: each with its provider's rank.
        struct Ranked(Offer, u32);
        impl Candidate for Ranked {
            fn offer(&self) -> &Offer {
                &self.0
            }
            fn provider_rank(&self) -> u32 {
                self.1
            }
        }
        let rank = |o: &Offer| match o.provider_id.as_str() {
            "a" => 1,
            "b" => 2,
            _ => 3,
        };
        let ranked: Vec<Ranked> = offers.iter().map(|o| Ranked(o.clone(), rank(o))).collect();
        // Grouped by provider, and every other order too.
        let orders: [&[usize]; 4] = [
            &[0, 1, 2, 3, 4, 5],
            &[5, 4, 3, 2, 1, 0],
            &[3, 0, 4, 1, 5, 2],
            &[1, 3, 0, 2, 5, 4],
        ];
        for order in orders {
            let plain = nearest_per_provider(
                order.iter().map(|&i| &offers[i]),
                home,
                20.0,
                &Filters::default(),
            );
            let numbered = nearest_per_provider(
                order.iter().map(|&i| &ranked[i]),
                home,
                20.0,
                &Filters::default(),
            );
            for sites in [
                plain
                    .iter()
                    .map(|h| h.offer().site_id.as_str())
                    .collect::<Vec<_>>(),
                numbered
                    .iter()
                    .map(|h| h.offer().site_id.as_str())
                    .collect(),
            ] {
                let mut sites = sites;
                sites.sort();
                assert_eq!(sites, ["b1", "near"], "order {order:?}");
            }
        }
    }

    #[test]
    fn filters_match_exactly_what_they_name() {
        let mut o = offering();
        o.languages = vec![ServiceLanguage::Fi, ServiceLanguage::Sv];
        o.hot_meal = true;
        o.work_tasks = vec![WorkTask::Kitchen, WorkTask::Carpentry];
        let f = |f: Filters| f.accepts(&o);
        assert!(f(Filters::default()));
        assert!(f(Filters {
            language: Some(ServiceLanguage::Sv),
            ..Default::default()
        }));
        assert!(!f(Filters {
            language: Some(ServiceLanguage::En),
            ..Default::default()
        }));
        assert!(!f(Filters {
            step_free: true,
            ..Default::default()
        }));
        assert!(f(Filters {
            meal: Some(Meal::Hot),
            ..Default::default()
        }));
        assert!(!f(Filters {
            meal: Some(Meal::Heating),
            ..Default::default()
        }));
        assert!(!f(Filters {
            form: Some(Form::Group),
            ..Default::default()
        }));
        assert!(f(Filters {
            work_task: Some(WorkTask::Carpentry),
            ..Default::default()
        }));
        assert!(!f(Filters {
            work_task: Some(WorkTask::Office),
            ..Default::default()
        }));
    }

    #[test]
    fn pages_follow_the_order_without_repeats_and_cursors_round_trip() {
        let home = at(61.2, 26.0);
        let offers: Vec<Offer> = (0..7)
            .map(|i| {
                let mut o = offer(
                    &format!("p{i}"),
                    &format!("s{i}"),
                    north(home, f64::from(i)),
                );
                o.offering.next_start_on =
                    (i % 2 == 0).then(|| NaiveDate::from_ymd_opt(2026, 5, 10 - i as u32).unwrap());
                o
            })
            .collect();
        for by in [SortBy::Distance, SortBy::NextStart] {
            let hits = nearest_per_provider(&offers, home, 20.0, &Filters::default());
            let mut seen = Vec::new();
            let mut after: Option<Cursor> = None;
            loop {
                let (page, next) = page(hits.clone(), by, after.as_ref().map(|c| &c.key), 3);
                seen.extend(page.iter().map(|h| h.offer().provider_id.clone()));
                match next {
                    Some(c) => {
                        let decoded = Cursor::decode(&c.encode()).unwrap();
                        assert_eq!(decoded, c);
                        after = Some(decoded);
                    }
                    None => break,
                }
            }
            let expected: Vec<&str> = match by {
                SortBy::Distance => vec!["p0", "p1", "p2", "p3", "p4", "p5", "p6"],
                SortBy::NextStart => vec!["p6", "p4", "p2", "p0", "p1", "p3", "p5"],
            };
            assert_eq!(seen, expected, "{by:?}");
        }
        assert!(Cursor::decode("not a cursor").is_none());
    }
}
