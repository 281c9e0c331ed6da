//! What a provider is described with, parsed at the edge, and the pure search over it: distance,
//! radius, filters, order and pages. No IO, no clock.

use base64::Engine;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::i18n::Translations;
use crate::text::{self, TextFault};

/// A closed vocabulary whose codes are stored and sent as is, and whose labels live in
/// `locales/*/providers.ftl` as `<prefix>-<code>`.
///
/// The schema is written here from the same codes serde uses: the derive cannot read a
/// `rename` whose value a macro passes in, and documented the variants' Rust names instead.
macro_rules! vocabulary {
    ($(#[doc = $doc:literal])* $name:ident, $prefix:literal { $( $variant:ident = $code:literal ),* $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $( #[serde(rename = $code)] $variant ),* }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let doc: &str = concat!($($doc, "\n"),*);
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some(doc.trim()).filter(|d| !d.is_empty()))
                    .enum_values(Some([$($code),*]))
                    .into()
            }
        }

        impl ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),* ];

            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $code ),* }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $( $code => Some($name::$variant), )* _ => None }
            }

            /// The Fluent message id of this value's label.
            pub fn label_id(self) -> String {
                format!("{}-{}", $prefix, self.as_str())
            }
        }
    };
}

vocabulary!(
    /// The provider's legal form. A rulebook may list the forms it allows (rehabilitative work:
    /// the public bodies and non-profits the law names, H §1.1).
    LegalForm, "legal-form" {
        Association = "association",
        Foundation = "foundation",
        Cooperative = "cooperative",
        Company = "company",
        Municipality = "municipality",
        JointMunicipalAuthority = "joint_municipal_authority",
        StateAgency = "state_agency",
        ReligiousCommunity = "religious_community",
        Other = "other",
    }
);

vocabulary!(
    /// One to one, or in a group.
    Form, "form" { Individual = "individual", Group = "group" }
);

vocabulary!(
    /// Kinds of work a site offers (rehabilitative work and supported work).
    WorkTask, "work-task" {
        Kitchen = "kitchen",
        Cleaning = "cleaning",
        Carpentry = "carpentry",
        Textiles = "textiles",
        Gardening = "gardening",
        Recycling = "recycling",
        Office = "office",
        Warehouse = "warehouse",
        PropertyMaintenance = "property_maintenance",
        Sales = "sales",
    }
);

vocabulary!(
    /// What a group works on (group coaching, participation).
    GroupTheme, "group-theme" {
        EverydaySkills = "everyday_skills",
        Wellbeing = "wellbeing",
        Exercise = "exercise",
        Cooking = "cooking",
        Arts = "arts",
        Nature = "nature",
        DigitalSkills = "digital_skills",
        JobSeeking = "job_seeking",
        PeerSupport = "peer_support",
    }
);

vocabulary!(
    /// A language the service is given in (ISO 639-1).
    ServiceLanguage, "language" {
        Fi = "fi",
        Sv = "sv",
        En = "en",
        Se = "se",
        Ru = "ru",
        Et = "et",
        Uk = "uk",
        Ar = "ar",
        So = "so",
    }
);

vocabulary!(
    /// A municipality's decision on a provider for one service. Only `approved` is listed.
    ApprovalStatus, "approval-status" {
        Approved = "approved",
        Suspended = "suspended",
        Withdrawn = "withdrawn",
    }
);

vocabulary!(
    /// The meal filter: heating your own food is possible, or a hot meal is served.
    Meal, "meal" { Heating = "heating", Hot = "hot" }
);

vocabulary!(
    /// How search results are ordered.
    SortBy, "sort" { Distance = "distance", NextStart = "next_start" }
);

/// Codes as stored: sorted, unique, with a comma at each end (`,kitchen,office,`), so one code is
/// found exactly with `LIKE '%,code,%'`.
pub fn encode_list<T: Copy + Ord>(items: &[T], code: fn(T) -> &'static str) -> String {
    let mut items = items.to_vec();
    items.sort();
    items.dedup();
    let mut s = String::from(",");
    for i in items {
        s.push_str(code(i));
        s.push(',');
    }
    s
}

/// The stored list back as values; codes no longer known are skipped.
pub fn decode_list<T>(stored: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
    stored
        .split(',')
        .filter(|s| !s.is_empty())
        .filter_map(parse)
        .collect()
}

/// Mean radius of the Earth (km), for great-circle distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// The widest search when a caseworker has lifted the distance limit: all of Finland.
pub const LIFTED_MAX_RADIUS_KM: f64 = 1200.0;

/// A point in Finland (WGS84 degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    lat: f64,
    lon: f64,
}

impl Coordinates {
    /// Coordinates from a person: within a generous box around Finland, which also catches
    /// latitude and longitude given the wrong way round.
    pub fn parse(lat: f64, lon: f64) -> Option<Coordinates> {
        let ok = lat.is_finite()
            && lon.is_finite()
            && (59.0..=70.5).contains(&lat)
            && (19.0..=32.0).contains(&lon);
        ok.then_some(Coordinates { lat, lon })
    }

    /// Coordinates read back from the database, where they were parsed on the way in.
    pub fn stored(lat: f64, lon: f64) -> Coordinates {
        Coordinates { lat, lon }
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    pub fn lon(self) -> f64 {
        self.lon
    }

    /// Great-circle (haversine) distance in km.
    pub fn distance_km(self, other: Coordinates) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }

    /// The smallest latitude/longitude box that holds every point within `radius_km`: the
    /// index prefilter. Exact for a sphere (the longitude half-width is taken where the circle
    /// is widest), so no point inside the radius falls outside the box.
    pub fn bounding_box(self, radius_km: f64) -> BoundingBox {
        let angular = radius_km / EARTH_RADIUS_KM;
        let dlat = angular.to_degrees();
        let lat_min = (self.lat - dlat).max(-90.0);
        let lat_max = (self.lat + dlat).min(90.0);
        let cos_lat = self.lat.to_radians().cos();
        let (lon_min, lon_max) = if lat_max >= 90.0 || lat_min <= -90.0 || angular.sin() >= cos_lat
        {
            (-180.0, 180.0)
        } else {
            let dlon = (angular.sin() / cos_lat).asin().to_degrees();
            (self.lon - dlon, self.lon + dlon)
        };
        BoundingBox {
            lat_min,
            lat_max,
            lon_min,
            lon_max,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub lat_min: f64,
    pub lat_max: f64,
    pub lon_min: f64,
    pub lon_max: f64,
}

/// A distance in tenths of a km, as shown (one decimal): the rulebooks' one rounding, which the
/// radius and the price tier both compare.
pub use crate::rulebooks::tenths;

/// Whether a site `tenths` of a km away (the distance as shown, see [`tenths`]) is within
/// `reach_km`: the one comparison of the radius, for the search and for a booking alike. The
/// reach is always finite (a radius checked by [`RadiusRule::radius`], or [`RadiusRule::max_km`]).
#[inline]
pub fn within_reach(tenths: i64, reach_km: f64) -> bool {
    tenths as f64 <= reach_km * 10.0 + 1e-9
}

/// Why a requested radius is refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadiusOutOfRange {
    pub max_km: f64,
}

/// How far a voucher's search may reach, from its rulebook and the voucher: where a search
/// starts, and how far the client may widen it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadiusRule {
    /// The rulebook's radius a search starts with (km).
    pub default_km: i32,
    /// The rulebook's maximum without the caseworker's permission; `None`: no limit.
    pub max_without_permission_km: Option<i32>,
    /// The caseworker permitted a provider farther away on this voucher.
    pub permitted: bool,
}

impl RadiusRule {
    /// The rule of a voucher issued under `terms`, where the caseworker has (or has not)
    /// `permitted` a provider farther away.
    pub fn of(terms: &crate::rulebooks::Terms, permitted: bool) -> RadiusRule {
        RadiusRule {
            default_km: terms.rulebook.search_radius_km,
            max_without_permission_km: terms.rulebook.max_radius_without_permission_km,
            permitted,
        }
    }

    /// The largest radius: the rulebook's maximum, or all of Finland where the rulebook sets none
    /// or the caseworker has permitted going farther.
    pub fn max_km(self) -> f64 {
        match self.max_without_permission_km {
            Some(km) if !self.permitted => f64::from(km),
            _ => LIFTED_MAX_RADIUS_KM,
        }
    }

    /// The search radius: `requested`, else the rulebook's default; at most [`Self::max_km`].
    pub fn radius(self, requested: Option<f64>) -> Result<f64, RadiusOutOfRange> {
        let max_km = self.max_km();
        let r = requested.unwrap_or(f64::from(self.default_km).min(max_km));
        if !r.is_finite() || r <= 0.0 || r > max_km {
            return Err(RadiusOutOfRange { max_km });
        }
        Ok(r)
    }
}

/// Why a text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    /// Missing, too long or with characters no text needs.
    Text(TextFault),
    /// A sentence is longer than plain language allows.
    NotPlain,
}

/// Longest sentence, in words, that a description may have. Plain language aims at about 12;
/// a little slack keeps names and compound phrases from tripping it.
pub const MAX_WORDS_PER_SENTENCE: usize = 15;
pub const MAX_DESCRIPTION_CHARS: usize = 600;

/// A description in plain language: not empty, not long, short sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainText(String);

impl PlainText {
    pub fn parse(s: &str) -> Result<PlainText, TextError> {
        let s = text::paragraph(s, MAX_DESCRIPTION_CHARS).map_err(TextError::Text)?;
        let too_long = s
            .split(['.', '!', '?', '\n'])
            .any(|sentence| sentence.split_whitespace().count() > MAX_WORDS_PER_SENTENCE);
        if too_long {
            return Err(TextError::NotPlain);
        }
        Ok(PlainText(s))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A short single-line text such as a name or an address: trimmed, 1..=max characters.
pub fn short_text(s: &str, max: usize) -> Result<String, TextError> {
    text::line(s, max).map_err(TextError::Text)
}

/// The person responsible for the service at a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Responsible {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// What a site offers for one service: everything a client compares.
#[derive(Debug, Clone, PartialEq)]
pub struct Offering {
    pub form: Form,
    pub work_tasks: Vec<WorkTask>,
    pub group_themes: Vec<GroupTheme>,
    pub languages: Vec<ServiceLanguage>,
    pub step_free: bool,
    pub partial_work_ability: bool,
    pub meal_heating: bool,
    pub hot_meal: bool,
    pub group_size_max: Option<i32>,
    pub free_places: i32,
    pub queue_length: i32,
    pub next_start_on: Option<NaiveDate>,
    pub responsible: Responsible,
    pub description: Translations,
}

/// One site of an approved provider offering the service, as the search reads it.
#[derive(Debug, Clone)]
pub struct Offer {
    pub provider_id: String,
    pub provider_name: String,
    pub site_id: String,
    pub site_name: String,
    pub street_address: String,
    pub postal_code: String,
    pub city: String,
    pub at: Coordinates,
    pub offering: Offering,
}

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

    fn at(lat: f64, lon: f64) -> Coordinates {
        Coordinates::stored(lat, lon)
    }

    /// The schema of each vocabulary lists exactly the codes serde writes and reads.
    #[test]
    fn each_vocabulary_documents_the_codes_on_the_wire() {
        fn check<T>(all: &[T])
        where
            T: Copy + std::fmt::Debug + PartialEq + Serialize + utoipa::PartialSchema,
            T: for<'de> Deserialize<'de>,
        {
            let schema = serde_json::to_value(T::schema()).unwrap();
            let documented: Vec<serde_json::Value> = schema["enum"].as_array().unwrap().clone();
            let wire: Vec<serde_json::Value> = all
                .iter()
                .map(|v| serde_json::to_value(v).unwrap())
                .collect();
            assert_eq!(documented, wire);
            for (code, value) in wire.iter().zip(all) {
                assert_eq!(serde_json::from_value::<T>(code.clone()).unwrap(), *value);
            }
        }
        check(LegalForm::ALL);
        check(Form::ALL);
        check(WorkTask::ALL);
        check(GroupTheme::ALL);
        check(ServiceLanguage::ALL);
        check(ApprovalStatus::ALL);
        check(Meal::ALL);
        check(SortBy::ALL);
    }

    /// A point `km` due north of `from`.
    fn north(from: Coordinates, km: f64) -> Coordinates {
        at(from.lat() + (km / EARTH_RADIUS_KM).to_degrees(), from.lon())
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
    fn haversine_matches_known_distances() {
        // Helsinki Cathedral to Tampere Cathedral: about 161 km.
        let d = at(60.1705, 24.9522).distance_km(at(61.4989, 23.7706));
        assert!((d - 161.2).abs() < 1.0, "{d}");
        let home = at(61.2045, 26.0372);
        assert!((home.distance_km(north(home, 19.9)) - 19.9).abs() < 1e-9);
        assert_eq!(home.distance_km(home), 0.0);
    }

    #[test]
    fn the_box_holds_every_point_of_the_circle() {
        let home = at(62.8953, 27.6720);
        for r in [0.5, 20.0, 50.0, 1200.0] {
            let b = home.bounding_box(r + 0.05);
            for step in 0..360 {
                let bearing = f64::from(step).to_radians();
                let d = r / EARTH_RADIUS_KM;
                let (p1, l1) = (home.lat().to_radians(), home.lon().to_radians());
                let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * bearing.cos()).asin();
                let l2 =
                    l1 + (bearing.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
                let (lat, lon) = (p2.to_degrees(), l2.to_degrees());
                assert!(
                    lat >= b.lat_min && lat <= b.lat_max && lon >= b.lon_min && lon <= b.lon_max,
                    "r={r} bearing={step}: ({lat}, {lon}) outside {b:?}"
                );
            }
        }
    }

    #[test]
    fn radius_defaults_to_the_rulebook_and_only_a_permission_lifts_a_maximum() {
        let kuopio = RadiusRule {
            default_km: 20,
            max_without_permission_km: Some(20),
            permitted: false,
        };
        assert_eq!(kuopio.radius(None), Ok(20.0));
        assert_eq!(kuopio.radius(Some(5.0)), Ok(5.0));
        assert_eq!(kuopio.radius(Some(20.0)), Ok(20.0));
        assert_eq!(
            kuopio.radius(Some(20.1)),
            Err(RadiusOutOfRange { max_km: 20.0 })
        );
        let permitted = RadiusRule {
            permitted: true,
            ..kuopio
        };
        assert_eq!(permitted.radius(Some(50.0)), Ok(50.0));
        assert_eq!(permitted.radius(None), Ok(20.0));
        assert!(permitted.radius(Some(0.0)).is_err());
        assert!(permitted.radius(Some(f64::NAN)).is_err());
        assert!(permitted.radius(Some(1500.0)).is_err());
        // No maximum in the rulebook: the search starts at 20 km and widens freely.
        let heinola = RadiusRule {
            default_km: 20,
            max_without_permission_km: None,
            permitted: false,
        };
        assert_eq!(heinola.radius(None), Ok(20.0));
        assert_eq!(heinola.radius(Some(32.0)), Ok(32.0));
        assert_eq!(heinola.max_km(), LIFTED_MAX_RADIUS_KM);
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
    fn the_reach_counts_the_shown_distance() {
        assert!(within_reach(199, 20.0));
        assert!(within_reach(200, 20.0));
        assert!(!within_reach(201, 20.0));
        assert!(within_reach(tenths(20.04), 20.0));
        assert!(!within_reach(tenths(20.06), 20.0));
        assert!(within_reach(12_000, LIFTED_MAX_RADIUS_KM));
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

    #[test]
    fn lists_are_stored_with_commas_at_both_ends() {
        let s = encode_list(
            &[WorkTask::Office, WorkTask::Kitchen, WorkTask::Office],
            WorkTask::as_str,
        );
        assert_eq!(s, ",kitchen,office,");
        assert_eq!(
            decode_list(&s, WorkTask::parse),
            [WorkTask::Kitchen, WorkTask::Office]
        );
        assert_eq!(encode_list::<WorkTask>(&[], WorkTask::as_str), ",");
        assert!(decode_list(",", WorkTask::parse).is_empty());
    }

    #[test]
    fn descriptions_must_be_plain() {
        assert!(PlainText::parse("Teemme puutöitä. Tule tutustumaan!").is_ok());
        assert_eq!(
            PlainText::parse("  "),
            Err(TextError::Text(TextFault::Missing))
        );
        let long = "sana ".repeat(MAX_WORDS_PER_SENTENCE + 1);
        assert_eq!(PlainText::parse(&long), Err(TextError::NotPlain));
        assert_eq!(
            PlainText::parse(&"a".repeat(MAX_DESCRIPTION_CHARS + 1)),
            Err(TextError::Text(TextFault::TooLong {
                max: MAX_DESCRIPTION_CHARS
            }))
        );
    }

    #[test]
    fn coordinates_outside_finland_are_refused() {
        assert!(Coordinates::parse(61.2, 26.0).is_some());
        assert!(Coordinates::parse(26.0, 61.2).is_none());
        assert!(Coordinates::parse(f64::NAN, 26.0).is_none());
    }
}
