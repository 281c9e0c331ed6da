//! What people read about providers: search hits, the side-by-side comparison and the public
//! profile, in the reader's language. Pure: everything shown is passed in.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::catalog::Listed;
use super::rank::{Candidate, Hit, SortBy};
use super::repo::{ApprovalRow, ProfileData, ProviderRow, SiteRow, SiteServiceRow};
use super::Offering;
use crate::error::{ArgValue, Args};
use crate::i18n::{format_date, format_moment, format_money, Lang, Localizer};
use crate::money::Money;
use crate::rulebooks::view::service_ref;
use crate::rulebooks::{MeetingPlace, Service, Terms};
use crate::vocab::{ApprovalStatus, Form, GroupTheme, LegalForm, ServiceLanguage, WorkTask};

mod compare;

pub use compare::{CompareColumn, CompareRow, Comparison};

use crate::refs::{Labeled, Language, MunicipalityRef, ProviderRef, ServiceRef};

#[derive(Debug, Serialize, ToSchema)]
pub struct Site {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    pub street_address: String,
    pub postal_code: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Contact {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Availability {
    pub free_places: i32,
    /// People waiting to start.
    pub queue_length: i32,
    /// The next possible start date, when the provider has given one.
    pub next_start_on: Option<NaiveDate>,
    /// The same in plain sentences.
    pub text: String,
}

/// What a site offers for one service.
#[derive(Debug, Serialize, ToSchema)]
pub struct OfferingView {
    pub service: ServiceRef,
    /// One to one, or in a group.
    pub form: Labeled,
    pub work_tasks: Vec<Labeled>,
    pub group_themes: Vec<Labeled>,
    /// Languages the service is given in.
    pub languages: Vec<Language>,
    /// No steps on the way in or inside.
    pub step_free: bool,
    /// Suits someone who can work only part of the day or with limits.
    pub partial_work_ability: bool,
    /// You can heat your own food.
    pub meal_heating: bool,
    /// A hot meal is served.
    pub hot_meal: bool,
    /// Largest group, for group services.
    pub group_size_max: Option<i32>,
    pub availability: Availability,
    pub responsible_person: Contact,
    /// A few plain sentences from the provider.
    pub description: String,
}

/// The prices on one page of the search, each written out once: a page has one price, or one
/// per distance tier.
#[derive(Default)]
pub struct PriceLabels(Vec<Money>);

impl PriceLabels {
    fn money(&mut self, cents: i64, lang: Lang) -> Money {
        if let Some(m) = self.0.iter().find(|m| m.cents == cents) {
            return m.clone();
        }
        let m = Money::new(cents, lang);
        self.0.push(m.clone());
        m
    }
}

/// One provider in the search: its nearest site that offers the service.
// The shape of each of the page's `items`, for the API's description: `ProviderSearchPage::to_json`
// writes each from a `HitHead` and the offer's `HitBody`, made once.
#[derive(Debug, ToSchema)]
pub struct ProviderHit {
    pub provider: ProviderRef,
    pub site: Site,
    /// Great-circle distance from the client's home, one decimal.
    pub distance_km: f64,
    /// The distance for reading, e.g. `3,2 km`.
    pub distance: String,
    /// The unit price that applies if the meetings are at home: by distance tier for individual
    /// coaching, otherwise the rulebook's price.
    pub unit_price: Money,
    /// The distance tier (1, 2, 3) where the rulebook prices by distance.
    pub price_tier: Option<i32>,
    pub intro_slots: IntroSlotsSoon,
    pub offering: OfferingView,
}

/// When a provider can next receive the client for an intro visit of the voucher's service.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct IntroSlotsSoon {
    /// The start of its soonest slot with a free place, at any of its sites, on or before the
    /// voucher's last day; absent when it has none.
    pub next_starts_at: Option<DateTime<Utc>>,
    /// The same for reading, e.g. `4 March 2026 at 11:00`; absent with it.
    pub next: Option<String>,
    /// Its slots with a free place that start in the next 14 days.
    pub within_14_days: i64,
}

/// What a hit shows that depends on the client: how far, and at what price.
#[derive(Debug, Serialize)]
pub struct HitHead {
    pub distance_km: f64,
    pub distance: String,
    pub unit_price: Money,
    pub price_tier: Option<i32>,
    pub intro_slots: IntroSlotsSoon,
}

/// What a hit shows that does not depend on the client. Written once per offer and language
/// and kept with the offer in the catalog (see [`crate::providers::catalog::Listed::shown`]).
#[derive(Debug, Serialize)]
pub struct HitBody<'a> {
    pub provider: Named<'a>,
    pub site: Site,
    pub offering: OfferingView,
}

/// A provider as a hit names it, borrowed from the catalog (the shape of [`ProviderRef`]).
#[derive(Debug, Serialize)]
pub struct Named<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

/// A hit as the page carries it: its head, and its body's JSON members borrowed from the catalog.
#[derive(Debug)]
pub struct SearchHit<'a> {
    pub head: HitHead,
    pub body: &'a str,
}

#[derive(Debug, ToSchema)]
pub struct ProviderSearchPage<'a> {
    /// The voucher's service.
    pub service: ServiceRef,
    /// The radius searched, km from home.
    pub radius_km: f64,
    /// The largest radius this voucher allows: the rulebook's maximum without permission, or
    /// all of Finland (1200) where the rulebook sets none or the caseworker permitted going
    /// farther.
    pub max_radius_km: f64,
    pub sort: SortBy,
    #[schema(value_type = Vec<ProviderHit>)]
    pub items: Vec<SearchHit<'a>>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<String>,
}

/// The page's members but its items.
#[derive(Serialize)]
struct PageHead<'p> {
    service: &'p ServiceRef,
    radius_km: f64,
    max_radius_km: f64,
    sort: SortBy,
    next_after: &'p Option<String>,
}

impl ProviderSearchPage<'_> {
    /// The page as JSON. Each hit is its head, written now, followed by its body's members,
    /// copied: the body is most of a hit's text, and escaping it anew for every page was a
    /// fifth of the writing. The buffer is sized for the page up front: grown step by step from
    /// empty, a 23 KB page was copied over about eight times on its way.
    pub fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        let guess = 512 + self.items.iter().map(|h| h.body.len() + 256).sum::<usize>();
        let mut out = Vec::with_capacity(guess);
        serde_json::to_writer(
            &mut out,
            &PageHead {
                service: &self.service,
                radius_km: self.radius_km,
                max_radius_km: self.max_radius_km,
                sort: self.sort,
                next_after: &self.next_after,
            },
        )?;
        out.pop(); // the page's closing brace
        out.extend_from_slice(b",\"items\":[");
        for (i, hit) in self.items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut out, &hit.head)?;
            out.pop(); // the head's closing brace
            out.push(b',');
            out.extend_from_slice(hit.body.as_bytes());
            out.push(b'}');
        }
        out.extend_from_slice(b"]}");
        Ok(out)
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalView {
    pub municipality: MunicipalityRef,
    pub service: ServiceRef,
    pub status: ApprovalStatus,
    /// The status in plain words.
    pub status_name: String,
    /// When the municipality (last) approved the provider for the service.
    pub approved_on: NaiveDate,
    /// When the present status began.
    pub status_since: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SiteProfile {
    pub site: Site,
    /// What this site offers, one entry per service.
    pub services: Vec<OfferingView>,
}

/// A provider as anyone may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderProfile {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    /// Y-tunnus, `NNNNNNN-C`.
    pub business_id: Option<String>,
    pub legal_form: Labeled,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
    /// Which municipalities approved it for which services, and the status now.
    pub approvals: Vec<ApprovalView>,
    pub sites: Vec<SiteProfile>,
}

/// A municipality's decision on a provider for a service, as the caseworker sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Approval {
    pub provider: ProviderRef,
    pub municipality: MunicipalityRef,
    pub service: ServiceRef,
    pub status: ApprovalStatus,
    /// The status in plain words.
    pub status_name: String,
    pub approved_on: NaiveDate,
    pub status_since: NaiveDate,
    pub reason: Option<String>,
}

/// The reader's texts.
#[derive(Clone, Copy)]
pub struct Texts<'a> {
    pub i18n: &'a Localizer,
    pub lang: Lang,
}

impl Texts<'_> {
    pub fn text(&self, id: &str, args: &Args) -> String {
        self.i18n.text(self.lang, id, args)
    }

    fn plain(&self, id: &str) -> String {
        self.text(id, &Vec::new())
    }

    pub fn labeled(&self, code: &str, label_id: &str) -> Labeled {
        Labeled {
            code: code.to_string(),
            name: self.plain(label_id),
        }
    }

    fn legal_form(&self, f: LegalForm) -> Labeled {
        self.labeled(f.as_str(), &f.label_id())
    }

    fn form(&self, f: Form) -> Labeled {
        self.labeled(f.as_str(), &f.label_id())
    }

    fn work_tasks(&self, v: &[WorkTask]) -> Vec<Labeled> {
        v.iter()
            .map(|t| self.labeled(t.as_str(), &t.label_id()))
            .collect()
    }

    fn group_themes(&self, v: &[GroupTheme]) -> Vec<Labeled> {
        v.iter()
            .map(|t| self.labeled(t.as_str(), &t.label_id()))
            .collect()
    }

    fn languages(&self, v: &[ServiceLanguage]) -> Vec<Language> {
        v.iter()
            .map(|l| Language {
                code: l.as_str().to_string(),
                name: self.plain(&l.label_id()),
            })
            .collect()
    }

    /// `3,2 km` in Finnish and Swedish, `3.2 km` in English.
    pub fn distance(&self, km: f64) -> String {
        let tenths = (km * 10.0).round() as i64;
        let point = match self.lang {
            Lang::En => '.',
            Lang::Fi | Lang::Sv => ',',
        };
        format!("{}{point}{}\u{a0}km", tenths / 10, tenths % 10)
    }

    fn date(&self, d: NaiveDate) -> String {
        format_date(d, self.lang)
    }

    fn availability(&self, o: &Offering) -> Availability {
        let count = |n: i32| -> Args { vec![("count", ArgValue::from(i64::from(n)))] };
        let mut parts = Vec::new();
        if o.free_places > 0 {
            parts.push(self.text("availability-free", &count(o.free_places)));
        } else {
            parts.push(self.plain("availability-full"));
        }
        if o.queue_length > 0 {
            parts.push(self.text("availability-queue", &count(o.queue_length)));
        }
        if let Some(d) = o.next_start_on {
            parts.push(self.text(
                "availability-next-start",
                &vec![("date", ArgValue::from(self.date(d)))],
            ));
        }
        Availability {
            free_places: o.free_places,
            queue_length: o.queue_length,
            next_start_on: o.next_start_on,
            text: parts.join(" "),
        }
    }

    pub fn offering(&self, service: ServiceRef, o: &Offering) -> OfferingView {
        OfferingView {
            service,
            form: self.form(o.form),
            work_tasks: self.work_tasks(&o.work_tasks),
            group_themes: self.group_themes(&o.group_themes),
            languages: self.languages(&o.languages),
            step_free: o.step_free,
            partial_work_ability: o.partial_work_ability,
            meal_heating: o.meal_heating,
            hot_meal: o.hot_meal,
            group_size_max: o.group_size_max,
            availability: self.availability(o),
            responsible_person: Contact {
                name: o.responsible.name.clone(),
                phone: o.responsible.phone.clone(),
                email: o.responsible.email.clone(),
            },
            description: o.description.get(self.lang).to_string(),
        }
    }

    pub fn hit<'a>(
        &self,
        hit: Hit<'a, Listed>,
        terms: &Terms,
        service: &ServiceRef,
        prices: &mut PriceLabels,
        soon: Option<(DateTime<Utc>, i64)>,
    ) -> SearchHit<'a> {
        let km = hit.distance_km();
        let o = hit.offer();
        // Until an agreement names the meeting place, the client's home is the likely one.
        let price = terms.price_at(MeetingPlace::Km(km));
        SearchHit {
            head: HitHead {
                distance: self.distance(km),
                distance_km: km,
                unit_price: prices.money(price.cents, self.lang),
                price_tier: price.tier,
                intro_slots: IntroSlotsSoon {
                    next_starts_at: soon.map(|(at, _)| at),
                    next: soon.map(|(at, _)| format_moment(at, self.lang)),
                    within_14_days: soon.map_or(0, |(_, n)| n),
                },
            },
            body: hit.candidate.shown(self.lang, || HitBody {
                provider: Named {
                    id: &o.provider_id,
                    name: &o.provider_name,
                },
                site: Site {
                    id: o.site_id.clone(),
                    name: o.site_name.clone(),
                    street_address: o.street_address.clone(),
                    postal_code: o.postal_code.clone(),
                    city: o.city.clone(),
                    lat: o.at.lat(),
                    lon: o.at.lon(),
                },
                offering: self.offering(service.clone(), &o.offering),
            }),
        }
    }

    pub fn site(&self, s: &SiteRow) -> Site {
        Site {
            id: s.id.clone(),
            name: s.name.clone(),
            street_address: s.street_address.clone(),
            postal_code: s.postal_code.clone(),
            city: s.city.clone(),
            lat: s.lat,
            lon: s.lon,
        }
    }

    pub fn approval(
        &self,
        a: &ApprovalRow,
        municipality: MunicipalityRef,
        service: ServiceRef,
    ) -> ApprovalView {
        let status = ApprovalStatus::parse(&a.status).unwrap_or(ApprovalStatus::Withdrawn);
        ApprovalView {
            municipality,
            service,
            status,
            status_name: self.plain(&status.label_id()),
            approved_on: a.approved_on,
            status_since: a.status_since,
        }
    }

    /// A decision as the caseworker who made it reads it.
    pub fn decision(
        &self,
        r: ApprovalRow,
        provider: ProviderRef,
        municipality: MunicipalityRef,
        service: ServiceRef,
    ) -> Approval {
        let status = ApprovalStatus::parse(&r.status).unwrap_or(ApprovalStatus::Withdrawn);
        Approval {
            provider,
            municipality,
            service,
            status,
            status_name: self.plain(&status.label_id()),
            approved_on: r.approved_on,
            status_since: r.status_since,
            reason: r.reason,
        }
    }

    pub fn profile(
        &self,
        p: &ProviderRow,
        approvals: Vec<ApprovalView>,
        sites: Vec<SiteProfile>,
    ) -> ProviderProfile {
        let description = match self.lang {
            Lang::Fi => &p.description_fi,
            Lang::Sv => &p.description_sv,
            Lang::En => &p.description_en,
        };
        ProviderProfile {
            id: p.id.clone(),
            name: p.name.clone(),
            business_id: p.business_id.clone(),
            legal_form: self
                .legal_form(LegalForm::parse(&p.legal_form).unwrap_or(LegalForm::Other)),
            phone: p.phone.clone(),
            email: p.email.clone(),
            website: p.website.clone(),
            description: (!description.is_empty()).then(|| description.clone()),
            approvals,
            sites,
        }
    }
}

impl Texts<'_> {
    /// A site with what it offers.
    pub fn site_profile(
        &self,
        site: &SiteRow,
        offered: &[SiteServiceRow],
        services: &HashMap<String, Service>,
    ) -> SiteProfile {
        SiteProfile {
            services: offered
                .iter()
                .map(|row| {
                    self.offering(
                        service_ref(services, &row.service_code, self.lang),
                        &row.offering(),
                    )
                })
                .collect(),
            site: self.site(site),
        }
    }

    /// A provider's public profile.
    pub fn profile_of(&self, d: &ProfileData) -> ProviderProfile {
        let approvals = d
            .approvals
            .iter()
            .map(|a| {
                let municipality = MunicipalityRef {
                    code: a.municipality_code.clone(),
                    name: d
                        .municipalities
                        .get(&a.municipality_code)
                        .cloned()
                        .unwrap_or_else(|| a.municipality_code.clone()),
                };
                self.approval(
                    a,
                    municipality,
                    service_ref(&d.services, &a.service_code, self.lang),
                )
            })
            .collect();
        let sites = d
            .sites
            .iter()
            .map(|(site, offered)| self.site_profile(site, offered, &d.services))
            .collect();
        self.profile(&d.provider, approvals, sites)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use utoipa::openapi::{RefOr, Schema};
    use utoipa::PartialSchema;

    use super::*;
    use crate::providers::rank::tests::offering;

    /// The names of an object schema's properties, in order.
    fn described(schema: RefOr<Schema>) -> Vec<String> {
        match schema {
            RefOr::T(Schema::Object(o)) => o.properties.keys().cloned().collect(),
            _ => panic!("not an object schema"),
        }
    }

    fn keys(v: &Value) -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    }

    fn sorted(mut v: Vec<String>) -> Vec<String> {
        v.sort();
        v
    }

    /// The page is written by hand from parts. Each item must carry exactly the members the API
    /// describes for a hit, with the values serde gives its parts, text with quotes included.
    #[test]
    fn the_written_page_has_the_described_members_and_values() {
        let i18n = Localizer::new().unwrap();
        let t = Texts {
            i18n: &i18n,
            lang: Lang::Fi,
        };
        let service = ServiceRef {
            code: "rwa_basic".into(),
            name: "Kuntouttava työtoiminta".into(),
        };
        let body = || HitBody {
            provider: Named {
                id: "p1",
                name: "Puu & \"Pelti\" Oy",
            },
            site: Site {
                id: "s1".into(),
                name: "Verstas \\ piha".into(),
                street_address: "Kauppakatu 1".into(),
                postal_code: "18100".into(),
                city: "Heinola".into(),
                lat: 61.2,
                lon: 26.03,
            },
            offering: t.offering(service.clone(), &offering()),
        };
        let head = |km: f64| HitHead {
            distance_km: km,
            distance: t.distance(km),
            unit_price: Money {
                cents: 4600,
                display: "46,00\u{a0}€".into(),
            },
            price_tier: Some(1),
            intro_slots: IntroSlotsSoon {
                next_starts_at: None,
                next: None,
                within_14_days: 0,
            },
        };
        // The members as the catalog keeps them: the object without its braces.
        let object = serde_json::to_string(&body()).unwrap();
        let members = &object[1..object.len() - 1];
        let page = ProviderSearchPage {
            service: service.clone(),
            radius_km: 20.0,
            max_radius_km: 20.0,
            sort: SortBy::Distance,
            items: vec![
                SearchHit {
                    head: head(3.2),
                    body: members,
                },
                SearchHit {
                    head: head(19.9),
                    body: members,
                },
            ],
            next_after: Some("abc".into()),
        };
        let written: Value = serde_json::from_slice(&page.to_json().unwrap()).unwrap();

        assert_eq!(
            keys(&written),
            sorted(described(ProviderSearchPage::schema()))
        );
        assert_eq!(written["service"], json!(service));
        assert_eq!(written["next_after"], "abc");
        let items = written["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        for (item, km) in items.iter().zip([3.2, 19.9]) {
            assert_eq!(keys(item), sorted(described(ProviderHit::schema())));
            let mut expected = serde_json::to_value(head(km)).unwrap();
            for (k, v) in serde_json::to_value(body()).unwrap().as_object().unwrap() {
                expected[k] = v.clone();
            }
            assert_eq!(item, &expected);
        }
        assert_eq!(items[0]["provider"]["name"], "Puu & \"Pelti\" Oy");
    }
}
