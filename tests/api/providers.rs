//! Choosing a provider: the 0–20 km rule at its boundary, who is never listed, prices by
//! distance tier, filters, order and pages, the comparison, the public profile, and who may
//! change what in the registry.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use seteli::clock::Clock;
use seteli::geo::EARTH_RADIUS_KM;
use seteli::persons::Role;

use crate::helpers::{json_of, spawn_app, Person, TestApp};

/// A point `km` due north of `from`: along a meridian the great-circle distance is exact.
fn north(from: (f64, f64), km: f64) -> (f64, f64) {
    (from.0 + (km / EARTH_RADIUS_KM).to_degrees(), from.1)
}

const HEINOLA_HOME: (f64, f64) = (61.2, 26.0);
const KUOPIO_HOME: (f64, f64) = (62.9, 27.7);

struct World {
    app: TestApp,
    heinola_worker: Person,
    kuopio_worker: Person,
}

async fn world() -> World {
    let app = spawn_app().await;
    let heinola_worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena Heinola")
        .await;
    let kuopio_worker = app
        .new_with_role(Role::Caseworker, Some("kuopio"), "Pekka Kuopio")
        .await;
    World {
        app,
        heinola_worker,
        kuopio_worker,
    }
}

pub fn offering(changes: Value) -> Value {
    let mut body = json!({
        "form": "individual",
        "work_tasks": ["kitchen", "cleaning"],
        "languages": ["fi"],
        "free_places": 2,
        "responsible_person": {"name": "Olli Ohjaaja", "phone": "040 123 4567"},
        "description": {
            "fi": "Teemme töitä yhdessä. Tule tutustumaan.",
            "sv": "Vi arbetar tillsammans. Kom och bekanta dig.",
            "en": "We work together. Come and see us."
        }
    });
    for (k, v) in changes.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

fn voucher_body(service: &str, client: &str, out_of_area: bool) -> Value {
    let mut body = match service {
        "rwa_basic" => {
            json!({"valid_until": "2026-06-01", "granted_units": 40, "per_week": 4, "hours_per_day": 6})
        }
        "sr_individual" => json!({"valid_until": "2026-07-01", "granted_units": 30}),
        other => panic!("no voucher body for {other}"),
    };
    body["client_id"] = json!(client);
    body["service"] = json!(service);
    body["decision_date"] = json!("2026-03-02");
    body["valid_from"] = json!("2026-03-02");
    if out_of_area {
        body["out_of_area_allowed"] = json!(true);
        body["out_of_area_reason"] = json!("No suitable provider nearby");
    }
    body
}

fn hit_ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["provider"]["id"].as_str().unwrap().to_string())
        .collect()
}

impl World {
    fn worker(&self, municipality: &str) -> &Person {
        if municipality == "heinola" {
            &self.heinola_worker
        } else {
            &self.kuopio_worker
        }
    }

    /// Registers an organisation through the caseworker's route; returns its id.
    async fn register(&self, name: &str, legal_form: &str) -> String {
        let number = loop {
            let n = u32::from_le_bytes(crate::helpers::random_bytes::<4>()) % 9_000_000 + 1_000_000;
            if let Some(id) = seteli::providers::business_id::BusinessId::from_number(n) {
                break id;
            }
        };
        let body = json!({
            "name": name,
            "business_id": number.as_str(),
            "legal_form": legal_form,
            "website": "https://example.fi",
        });
        let token = self.app.fresh_token(&self.heinola_worker);
        let res = self
            .app
            .post_auth("/api/v1/caseworker/providers", &token, &body)
            .await;
        json_of(res, 201).await["id"].as_str().unwrap().to_string()
    }

    async fn staff_of(&self, provider: &str) -> Person {
        let person = self
            .app
            .sign_in(&crate::helpers::random_test_code(), "Sanna Staff")
            .await;
        let mut conn = self.app.state.db.get().unwrap();
        seteli::persons::repo::grant_role(
            &mut conn,
            &person.id,
            Role::ProviderStaff,
            None,
            Some(provider),
            self.app.clock.now(),
        )
        .unwrap();
        person
    }

    async fn add_site(&self, staff: &Person, at: (f64, f64)) -> String {
        let body = json!({
            "name": "Toimipiste", "street_address": "Testikatu 2", "postal_code": "18100",
            "city": "Heinola", "lat": at.0, "lon": at.1,
        });
        let res = self
            .app
            .post_auth("/api/v1/provider/sites", &staff.token, &body)
            .await;
        json_of(res, 201).await["site"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn offer(&self, staff: &Person, site: &str, service: &str, body: &Value) {
        let res = self
            .app
            .call(
                Method::PUT,
                &format!("/api/v1/provider/sites/{site}/services/{service}"),
                &staff.token,
                None,
                Some(body),
            )
            .await;
        json_of(res, 200).await;
    }

    async fn decide(
        &self,
        municipality: &str,
        provider: &str,
        service: &str,
        status: &str,
    ) -> crate::helpers::Response {
        let token = self.app.fresh_token(self.worker(municipality));
        let mut body = json!({"provider_id": provider, "service": service, "status": status});
        if status != "approved" {
            body["reason"] = json!("Complaints under review");
        }
        self.app
            .post_auth("/api/v1/caseworker/approvals", &token, &body)
            .await
    }

    /// A provider with one site at `at` offering `service`, approved by `approved_in` (if any).
    async fn provider(
        &self,
        at: (f64, f64),
        service: &str,
        approved_in: Option<&str>,
        changes: Value,
    ) -> String {
        let id = self.register("Testipaja ry", "association").await;
        let staff = self.staff_of(&id).await;
        let site = self.add_site(&staff, at).await;
        self.offer(&staff, &site, service, &offering(changes)).await;
        if let Some(m) = approved_in {
            let res = self.decide(m, &id, service, "approved").await;
            json_of(res, 201).await;
        }
        id
    }

    async fn voucher(&self, client: &Person, service: &str, out_of_area: bool) -> String {
        let municipality = if service.starts_with("rwa_") {
            "heinola"
        } else {
            "kuopio"
        };
        let token = self.app.fresh_token(self.worker(municipality));
        let res = self
            .app
            .post_auth(
                "/api/v1/caseworker/vouchers",
                &token,
                &voucher_body(service, &client.id, out_of_area),
            )
            .await;
        json_of(res, 201).await["id"].as_str().unwrap().to_string()
    }

    async fn search(
        &self,
        client: &Person,
        voucher: &str,
        query: &str,
    ) -> crate::helpers::Response {
        let token = self.app.fresh_token(client);
        self.app
            .get_auth_in(
                &format!("/api/v1/clients/me/vouchers/{voucher}/providers{query}"),
                &token,
                "en",
            )
            .await
    }

    /// Aino, at home in Heinola, with an `rwa_basic` voucher; `out_of_area` is the
    /// caseworker's permission to go beyond 20 km.
    async fn heinola_client_with_voucher(&self, out_of_area: bool) -> (Person, String) {
        let client = self
            .app
            .new_client_at("heinola", "Aino Asiakas", HEINOLA_HOME)
            .await;
        let voucher = self.voucher(&client, "rwa_basic", out_of_area).await;
        (client, voucher)
    }

    /// A provider 3 km north of a new Heinola client, who holds a voucher and finds just it.
    async fn found_3_km_away(&self) -> (Person, String) {
        let near = self
            .provider(
                north(HEINOLA_HOME, 3.0),
                "rwa_basic",
                Some("heinola"),
                json!({}),
            )
            .await;
        let (client, voucher) = self.heinola_client_with_voucher(false).await;
        assert_eq!(hit_ids(&self.found(&client, &voucher, "").await), [near]);
        (client, voucher)
    }

    async fn found(&self, client: &Person, voucher: &str, query: &str) -> Value {
        json_of(self.search(client, voucher, query).await, 200).await
    }
}

/// Kuopio: within 0–20 km of home, beyond only with the caseworker's permission (K §3).
#[actix_web::test]
async fn in_kuopio_a_provider_at_19_9_km_is_listed_and_at_20_1_km_only_with_permission() {
    let w = world().await;
    let near = w
        .provider(
            north(KUOPIO_HOME, 19.9),
            "sr_individual",
            Some("kuopio"),
            json!({}),
        )
        .await;
    let far = w
        .provider(
            north(KUOPIO_HOME, 20.1),
            "sr_individual",
            Some("kuopio"),
            json!({}),
        )
        .await;
    let client = w
        .app
        .new_client_at("kuopio", "Kalle Asiakas", KUOPIO_HOME)
        .await;
    let voucher = w.voucher(&client, "sr_individual", false).await;

    let page = w.found(&client, &voucher, "").await;
    assert_eq!(hit_ids(&page), std::slice::from_ref(&near));
    assert_eq!(page["items"][0]["distance_km"], 19.9);
    assert_eq!(page["items"][0]["distance"], "19.9\u{a0}km");
    assert_eq!(page["radius_km"], 20.0);
    assert_eq!(page["max_radius_km"], 20.0);

    // Without the caseworker's permission the client cannot widen the search, not by 0.1 km.
    let page = w.found(&client, &voucher, "?radius_km=20").await;
    assert_eq!(hit_ids(&page), std::slice::from_ref(&near));
    let res = w.search(&client, &voucher, "?radius_km=20.1").await;
    let problem = json_of(res, 422).await;
    assert_eq!(problem["code"], "provider_search.radius_out_of_range");
    assert!(problem["detail"].as_str().unwrap().contains("20 km"));

    // With it, the farther one appears when the client looks farther.
    let token = w.app.fresh_token(&w.kuopio_worker);
    let res = w
        .app
        .patch_auth(
            &format!("/api/v1/caseworker/vouchers/{voucher}"),
            &token,
            &json!({"op": "permit_out_of_area", "reason": "Needs a coach who speaks Swedish"}),
        )
        .await;
    json_of(res, 200).await;
    let page = w.found(&client, &voucher, "?radius_km=20.1").await;
    assert_eq!(hit_ids(&page), [near.clone(), far.clone()]);
    assert_eq!(page["items"][1]["distance_km"], 20.1);
    assert_eq!(page["max_radius_km"], 1200.0);
    let page = w.found(&client, &voucher, "").await;
    assert_eq!(hit_ids(&page), [near]);

    // Every search is in the client's access log.
    let mut conn = w.app.state.db.get().unwrap();
    let logged = crate::helpers::reads_logged(
        &mut conn,
        "client_id = $1 AND action = 'provider.search'",
        &client.id,
    );
    // The refused search rolled back with its log row: four searches, four rows.
    assert_eq!(logged, 4);
}

/// Heinola sets no distance (H §1.10, §5.4): the search starts at 20 km, and the client widens
/// it without anyone's permission, to Lahti 32 km away.
#[actix_web::test]
async fn in_heinola_a_client_widens_the_search_to_32_km_without_permission() {
    let w = world().await;
    let near = w
        .provider(
            north(HEINOLA_HOME, 19.9),
            "rwa_basic",
            Some("heinola"),
            json!({}),
        )
        .await;
    let lahti = w
        .provider(
            north(HEINOLA_HOME, -32.0),
            "rwa_basic",
            Some("heinola"),
            json!({}),
        )
        .await;
    let (client, voucher) = w.heinola_client_with_voucher(false).await;
    let page = w.found(&client, &voucher, "").await;
    assert_eq!(hit_ids(&page), std::slice::from_ref(&near));
    assert_eq!(page["radius_km"], 20.0);
    assert_eq!(page["max_radius_km"], 1200.0);
    let page = w.found(&client, &voucher, "?radius_km=31.9").await;
    assert_eq!(hit_ids(&page), std::slice::from_ref(&near));
    let page = w.found(&client, &voucher, "?radius_km=32").await;
    assert_eq!(hit_ids(&page), [near, lahti]);
    assert_eq!(page["items"][1]["distance_km"], 32.0);
    assert_eq!(page["radius_km"], 32.0);
    // The wallet and the rulebook tell the same.
    let token = w.app.fresh_token(&client);
    let v = w
        .app
        .get_auth_json(&format!("/api/v1/clients/me/vouchers/{voucher}"), &token)
        .await;
    assert_eq!(v["search_radius_km"], 20);
    assert!(v["max_radius_without_permission_km"].is_null());
}

#[actix_web::test]
async fn unapproved_suspended_withdrawn_and_other_municipality_providers_never_appear() {
    let w = world().await;
    // A third municipality is rows, not code: the same rulebook, another name.
    {
        use seteli::db::schema::{municipalities, rulebooks};
        let mut conn = w.app.state.db.get().unwrap();
        diesel::insert_into(municipalities::table)
            .values((
                municipalities::code.eq("testila"),
                municipalities::name_fi.eq("Testilä"),
                municipalities::name_sv.eq("Testilä"),
                municipalities::name_en.eq("Testilä"),
            ))
            .execute(&mut conn)
            .unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let mut rb = seteli::rulebooks::repo::in_force(&mut conn, "heinola", "rwa_basic", date)
            .unwrap()
            .unwrap()
            .rulebook;
        rb.id = "testila-rwa_basic".into();
        rb.municipality_code = "testila".into();
        diesel::insert_into(rulebooks::table)
            .values(&rb)
            .execute(&mut conn)
            .unwrap();
    }
    let testila_worker = w
        .app
        .new_with_role(Role::Caseworker, Some("testila"), "Tea Testilä")
        .await;

    let at = |km| north(HEINOLA_HOME, km);
    let approved = w
        .provider(at(1.0), "rwa_basic", Some("heinola"), json!({}))
        .await;
    let unapproved = w.provider(at(2.0), "rwa_basic", None, json!({})).await;
    let suspended = w
        .provider(at(3.0), "rwa_basic", Some("heinola"), json!({}))
        .await;
    json_of(
        w.decide("heinola", &suspended, "rwa_basic", "suspended")
            .await,
        200,
    )
    .await;
    let withdrawn = w
        .provider(at(4.0), "rwa_basic", Some("heinola"), json!({}))
        .await;
    json_of(
        w.decide("heinola", &withdrawn, "rwa_basic", "withdrawn")
            .await,
        200,
    )
    .await;
    let elsewhere = w.provider(at(5.0), "rwa_basic", None, json!({})).await;
    let token = w.app.fresh_token(&testila_worker);
    let res = w
        .app
        .post_auth(
            "/api/v1/caseworker/approvals",
            &token,
            &json!({"provider_id": elsewhere, "service": "rwa_basic", "status": "approved"}),
        )
        .await;
    json_of(res, 201).await;
    // Approved in Heinola, but for the special level only.
    let other_service = w.provider(at(6.0), "rwa_basic", None, json!({})).await;
    {
        let staff = w.staff_of(&other_service).await;
        let site = w.add_site(&staff, at(6.0)).await;
        w.offer(&staff, &site, "rwa_special", &offering(json!({})))
            .await;
        json_of(
            w.decide("heinola", &other_service, "rwa_special", "approved")
                .await,
            201,
        )
        .await;
    }

    let (client, voucher) = w.heinola_client_with_voucher(true).await;
    let page = w.found(&client, &voucher, "?radius_km=50").await;
    assert_eq!(hit_ids(&page), std::slice::from_ref(&approved));

    // Lifting a suspension lists the provider again; its approval date is today.
    let res = w
        .decide("heinola", &suspended, "rwa_basic", "approved")
        .await;
    let approval = json_of(res, 200).await;
    assert_eq!(approval["status"], "approved");
    assert_eq!(approval["approved_on"], "2026-03-02");
    let page = w.found(&client, &voucher, "").await;
    assert_eq!(hit_ids(&page), [approved, suspended.clone()]);

    // Suspending needs a reason; suspending what was never approved is a conflict.
    let token = w.app.fresh_token(&w.heinola_worker);
    let res = w
        .app
        .post_auth(
            "/api/v1/caseworker/approvals",
            &token,
            &json!({"provider_id": suspended, "service": "rwa_basic", "status": "suspended"}),
        )
        .await;
    let problem = json_of(res, 400).await;
    assert_eq!(problem["code"], "request.missing_field");
    assert_eq!(problem["field"], "reason");
    let res = w
        .app
        .post_auth(
            "/api/v1/caseworker/approvals",
            &token,
            &json!({"provider_id": suspended, "service": "rwa_basic", "status": "suspended",
                    "reason": "   "}),
        )
        .await;
    assert_eq!(json_of(res, 422).await["code"], "voucher.reason_required");
    let res = w
        .decide("heinola", &unapproved, "rwa_basic", "suspended")
        .await;
    assert_eq!(json_of(res, 409).await["code"], "provider.not_approved_yet");

    // Only a caseworker of the municipality decides: Kuopio's caseworker cannot approve for
    // Heinola, and a client cannot approve at all.
    let token = w.app.fresh_token(&w.kuopio_worker);
    let res = w
        .app
        .post_auth(
            "/api/v1/caseworker/approvals",
            &token,
            &json!({"provider_id": unapproved, "service": "rwa_basic", "status": "approved", "municipality": "heinola"}),
        )
        .await;
    json_of(res, 404).await;
    let res = w
        .decide("kuopio", &unapproved, "rwa_basic", "approved")
        .await;
    assert_eq!(
        json_of(res, 422).await["code"],
        "provider.service_not_offered"
    );
    let token = w.app.fresh_token(&client);
    let res = w
        .app
        .post_auth(
            "/api/v1/caseworker/approvals",
            &token,
            &json!({"provider_id": unapproved, "service": "rwa_basic", "status": "approved"}),
        )
        .await;
    assert_eq!(json_of(res, 403).await["code"], "auth.caseworker_only");
}

/// H §1.1: rehabilitative work is bought only from the forms the rulebook lists. Each form on
/// both sides of the list, the refusal's own code, an approval that got in some other way (left
/// out of the search and named by the start-up check), and Kuopio, whose rulebooks list none.
#[actix_web::test]
async fn only_the_legal_forms_the_rulebook_lists_are_approved_for_rehabilitative_work() {
    let w = world().await;
    #[rustfmt::skip]
    let forms = [
        ("association", true), ("foundation", true), ("municipality", true),
        ("joint_municipal_authority", true), ("state_agency", true),
        ("religious_community", true), ("cooperative", false), ("company", false),
        ("other", false),
    ];
    let mut approved = Vec::new();
    for (i, (form, allowed)) in forms.into_iter().enumerate() {
        let id = w.register("Paja", form).await;
        let staff = w.staff_of(&id).await;
        let site = w
            .add_site(&staff, north(HEINOLA_HOME, 1.0 + i as f64 / 10.0))
            .await;
        w.offer(&staff, &site, "rwa_basic", &offering(json!({})))
            .await;
        w.offer(&staff, &site, "rwa_special", &offering(json!({})))
            .await;
        for service in ["rwa_basic", "rwa_special"] {
            let res = w.decide("heinola", &id, service, "approved").await;
            if allowed {
                json_of(res, 201).await;
            } else {
                let problem = json_of(res, 422).await;
                assert_eq!(problem["code"], "provider.legal_form_not_allowed", "{form}");
            }
        }
        if allowed {
            approved.push(id);
        }
    }
    let cooperative = w.register("Osuuskunta", "cooperative").await;
    let token = w.app.fresh_token(&w.heinola_worker);
    let res = w
        .app
        .call(
            Method::POST,
            "/api/v1/caseworker/approvals",
            &token,
            Some("en"),
            Some(
                &json!({"provider_id": cooperative, "service": "rwa_basic", "status": "approved"}),
            ),
        )
        .await;
    let problem = json_of(res, 422).await;
    assert_eq!(
        problem["detail"],
        "The provider's legal form is cooperative. The rules allow only these for rehabilitative \
         work activity, basic level: registered association, foundation, joint municipal \
         authority, municipality, registered religious community, state agency."
    );

    // An approval row that got in some other way is not listed, and the check names it.
    let staff = w.staff_of(&cooperative).await;
    let site = w.add_site(&staff, north(HEINOLA_HOME, 0.5)).await;
    w.offer(&staff, &site, "rwa_basic", &offering(json!({})))
        .await;
    {
        use seteli::db::schema::provider_approvals as pa;
        let mut conn = w.app.state.db.get().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        diesel::insert_into(pa::table)
            .values((
                pa::provider_id.eq(&cooperative),
                pa::municipality_code.eq("heinola"),
                pa::service_code.eq("rwa_basic"),
                pa::status.eq("approved"),
                pa::approved_on.eq(day),
                pa::status_since.eq(day),
                pa::changed_by.eq(&w.heinola_worker.id),
                pa::updated_at.eq(day.and_hms_opt(0, 0, 0).unwrap()),
            ))
            .execute(&mut conn)
            .unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let conflicts =
            seteli::providers::repo::approvals_outside_allowed_forms(&mut conn, today).unwrap();
        let named: Vec<(&str, &str, &str)> = conflicts
            .iter()
            .map(|c| {
                (
                    c.provider_id.as_str(),
                    c.service_code.as_str(),
                    c.legal_form.as_str(),
                )
            })
            .collect();
        assert_eq!(named, [(cooperative.as_str(), "rwa_basic", "cooperative")]);
    }
    let (client, voucher) = w.heinola_client_with_voucher(false).await;
    let mut found = hit_ids(&w.found(&client, &voucher, "").await);
    found.sort();
    approved.sort();
    assert_eq!(found, approved);

    // Kuopio's rulebooks list no forms: social rehabilitation may be bought from a company.
    let company = w.register("Valmennus Oy", "company").await;
    let staff = w.staff_of(&company).await;
    let kuopio_site = w.add_site(&staff, north(KUOPIO_HOME, 3.0)).await;
    w.offer(&staff, &kuopio_site, "sr_individual", &offering(json!({})))
        .await;
    json_of(
        w.decide("kuopio", &company, "sr_individual", "approved")
            .await,
        201,
    )
    .await;
    let kuopio_client = w
        .app
        .new_client_at("kuopio", "Kalle Asiakas", KUOPIO_HOME)
        .await;
    let voucher = w.voucher(&kuopio_client, "sr_individual", false).await;
    assert_eq!(
        hit_ids(&w.found(&kuopio_client, &voucher, "").await),
        [company]
    );
}

#[actix_web::test]
async fn individual_coaching_costs_46_81_and_116_euros_an_hour_by_distance_tier() {
    let w = world().await;
    let mut ids = Vec::new();
    for km in [20.0, 20.1, 50.0, 50.1] {
        ids.push(
            w.provider(
                north(KUOPIO_HOME, km),
                "sr_individual",
                Some("kuopio"),
                json!({}),
            )
            .await,
        );
    }
    let client = w
        .app
        .new_client_at("kuopio", "Kalle Asiakas", KUOPIO_HOME)
        .await;
    let voucher = w.voucher(&client, "sr_individual", true).await;
    let page = w.found(&client, &voucher, "?radius_km=60").await;
    assert_eq!(hit_ids(&page), ids);
    let prices: Vec<(f64, i64, i64, &str)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["distance_km"].as_f64().unwrap(),
                i["unit_price"]["cents"].as_i64().unwrap(),
                i["price_tier"].as_i64().unwrap(),
                i["unit_price"]["display"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        prices,
        [
            (20.0, 4600, 1, "€46.00"),
            (20.1, 8100, 2, "€81.00"),
            (50.0, 8100, 2, "€81.00"),
            (50.1, 11600, 3, "€116.00"),
        ]
    );
    // A flat-priced service shows the rulebook's price and no tier.
    let heinola_client = w
        .app
        .new_client_at("heinola", "Aino Asiakas", HEINOLA_HOME)
        .await;
    w.provider(
        north(HEINOLA_HOME, 1.0),
        "rwa_basic",
        Some("heinola"),
        json!({}),
    )
    .await;
    let voucher = w.voucher(&heinola_client, "rwa_basic", false).await;
    let page = w.found(&heinola_client, &voucher, "").await;
    assert_eq!(page["items"][0]["unit_price"]["cents"], 4000);
    assert!(page["items"][0]["price_tier"].is_null());
}

#[actix_web::test]
async fn filters_order_pages_comparison_and_profile() {
    let w = world().await;
    let p1 = w
        .provider(
            north(HEINOLA_HOME, 2.0),
            "rwa_basic",
            Some("heinola"),
            json!({"meal_heating": true}),
        )
        .await;
    let p2 = w
        .provider(
            north(HEINOLA_HOME, 5.0),
            "rwa_basic",
            Some("heinola"),
            json!({"form": "group", "languages": ["fi", "sv"], "step_free": true, "hot_meal": true,
                   "work_tasks": ["carpentry", "recycling"], "free_places": 0, "queue_length": 3,
                   "next_start_on": "2026-04-01", "group_size_max": 8}),
        )
        .await;
    let p3 = w
        .provider(
            north(HEINOLA_HOME, 8.0),
            "rwa_basic",
            Some("heinola"),
            json!({"languages": ["fi", "en"], "step_free": true, "work_tasks": ["kitchen", "office"],
                   "next_start_on": "2026-03-10"}),
        )
        .await;
    let (client, v) = w.heinola_client_with_voucher(false).await;

    for (query, expected) in [
        ("", vec![&p1, &p2, &p3]),
        ("?language=sv", vec![&p2]),
        ("?step_free=true", vec![&p2, &p3]),
        ("?meal=hot", vec![&p2]),
        ("?meal=heating", vec![&p1]),
        ("?form=group", vec![&p2]),
        ("?form=individual&work_task=kitchen", vec![&p1, &p3]),
        ("?work_task=office", vec![&p3]),
        ("?sort=next_start", vec![&p3, &p2, &p1]),
        ("?radius_km=4.5", vec![&p1]),
    ] {
        let page = w.found(&client, &v, query).await;
        let expected: Vec<String> = expected.into_iter().cloned().collect();
        assert_eq!(hit_ids(&page), expected, "{query}");
    }

    // Pages of one, in order, with no repeats; then the end.
    let mut seen = Vec::new();
    let mut query = "?limit=1".to_string();
    loop {
        let page = w.found(&client, &v, &query).await;
        seen.extend(hit_ids(&page));
        match page["next_after"].as_str() {
            Some(after) => query = format!("?limit=1&after={after}"),
            None => break,
        }
    }
    assert_eq!(seen, [p1.clone(), p2.clone(), p3.clone()]);
    for (query, code) in [
        ("?after=nonsense", "request.invalid_cursor"),
        ("?limit=0", "request.invalid_query"),
        ("?language=xx", "request.invalid_query"),
        ("?colour=red", "request.invalid_query"),
    ] {
        let res = w.search(&client, &v, query).await;
        assert_eq!(json_of(res, 400).await["code"], code, "{query}");
    }

    // What a client reads: queue, start date, labels in their language.
    let page = w.found(&client, &v, "?language=sv").await;
    let hit = &page["items"][0];
    assert_eq!(
        hit["offering"]["availability"]["text"],
        "No places are free now. 3 people are waiting. You can start on 1 April 2026."
    );
    assert_eq!(hit["offering"]["form"]["name"], "In a group");
    assert_eq!(hit["offering"]["languages"][1]["name"], "Swedish");
    assert_eq!(page["service"]["code"], "rwa_basic");

    // Side by side, with differences marked.
    let token = w.app.fresh_token(&client);
    let compare = |ids: String| {
        let token = token.clone();
        let path = format!("/api/v1/clients/me/vouchers/{v}/providers/compare?ids={ids}");
        let app = &w.app;
        async move { app.get_auth_in(&path, &token, "en").await }
    };
    let cmp = json_of(compare(format!("{p1},{p2}")).await, 200).await;
    assert_eq!(cmp["providers"][0]["provider"]["id"], p1.as_str());
    assert_eq!(cmp["providers"][1]["provider"]["id"], p2.as_str());
    let row = |key: &str| {
        cmp["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("no row {key}"))
            .clone()
    };
    assert_eq!(row("distance")["label"], "Distance from home");
    assert_eq!(
        row("distance")["values"],
        json!(["2.0\u{a0}km", "5.0\u{a0}km"])
    );
    assert_eq!(row("distance")["data"], json!([2.0, 5.0]));
    assert_eq!(row("distance")["differs"], true);
    assert_eq!(
        row("unit_price")["values"],
        json!(["€40.00 a day", "€40.00 a day"])
    );
    assert_eq!(row("unit_price")["differs"], false);
    assert_eq!(
        row("languages")["values"],
        json!(["Finnish", "Finnish, Swedish"])
    );
    assert_eq!(row("step_free")["values"], json!(["No", "Yes"]));
    assert_eq!(row("step_free")["data"], json!([false, true]));
    assert_eq!(row("languages")["data"], json!([["fi"], ["fi", "sv"]]));
    assert_eq!(row("unit_price")["data"], json!([4000, 4000]));
    assert_eq!(row("partial_work_ability")["differs"], false);
    assert_eq!(
        row("next_start")["values"],
        json!(["Not known", "1 April 2026"])
    );
    assert_eq!(row("next_start")["data"], json!([null, "2026-04-01"]));
    assert_eq!(row("group_size_max")["values"], json!(["None", "8"]));
    assert_eq!(row("group_size_max")["data"], json!([null, 8]));

    let res = compare(p1.clone()).await;
    assert_eq!(
        json_of(res, 422).await["code"],
        "provider_search.compare_count"
    );
    let five = [&p1, &p2, &p3, &p1, &p2]
        .iter()
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect::<Vec<_>>()
        .join(",");
    let res = compare(five).await;
    assert_eq!(
        json_of(res, 422).await["code"],
        "provider_search.compare_count"
    );
    let unapproved = w
        .provider(north(HEINOLA_HOME, 1.0), "rwa_basic", None, json!({}))
        .await;
    let res = compare(format!("{p1},{unapproved}")).await;
    assert_eq!(
        json_of(res, 422).await["code"],
        "provider_search.not_available"
    );

    // The public profile needs no sign-in and speaks the asked language.
    let res = w
        .app
        .http
        .get(w.app.url(&format!("/api/v1/providers/{p2}")))
        .header("Accept-Language", "sv")
        .send()
        .await
        .unwrap();
    let profile = json_of(res, 200).await;
    assert_eq!(profile["legal_form"]["name"], "Registrerad förening");
    assert_eq!(profile["website"], "https://example.fi/");
    assert_eq!(profile["approvals"][0]["status_name"], "Godkänd");
    assert_eq!(profile["approvals"][0]["municipality"]["code"], "heinola");
    let service = &profile["sites"][0]["services"][0];
    assert_eq!(service["service"]["code"], "rwa_basic");
    assert_eq!(
        service["description"],
        "Vi arbetar tillsammans. Kom och bekanta dig."
    );
    assert_eq!(service["group_size_max"], 8);
    let res = w
        .app
        .get(&format!("/api/v1/providers/{}", uuid::Uuid::now_v7()))
        .await;
    json_of(res, 404).await;
}

#[actix_web::test]
async fn only_the_client_and_their_caseworker_search_a_voucher() {
    let w = world().await;
    w.provider(
        north(HEINOLA_HOME, 1.0),
        "rwa_basic",
        Some("heinola"),
        json!({}),
    )
    .await;
    let (client, v) = w.heinola_client_with_voucher(false).await;
    let path = format!("/api/v1/clients/{}/vouchers/{v}/providers", client.id);

    let stranger = w.app.new_client("heinola", "Stranger").await;
    let res = w.app.get_auth(&path, &stranger.token).await;
    json_of(res, 404).await;
    let token = w.app.fresh_token(&w.kuopio_worker);
    json_of(w.app.get_auth(&path, &token).await, 404).await;
    let token = w.app.fresh_token(&w.heinola_worker);
    let page = json_of(w.app.get_auth(&path, &token).await, 200).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);

    // Another client's voucher id under one's own client id is not found either.
    let other_voucher = w.voucher(&stranger, "rwa_basic", false).await;
    let res = w.search(&client, &other_voucher, "").await;
    json_of(res, 404).await;

    // No home on record: the client is told what to do.
    let homeless = w.app.new_client("heinola", "No Home").await;
    {
        use seteli::db::schema::clients;
        let mut conn = w.app.state.db.get().unwrap();
        diesel::update(clients::table.find(&homeless.id))
            .set((
                clients::home_lat.eq(None::<f64>),
                clients::home_lon.eq(None::<f64>),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    let hv = w.voucher(&homeless, "rwa_basic", false).await;
    let res = w.search(&homeless, &hv, "").await;
    assert_eq!(json_of(res, 422).await["code"], "provider_search.no_home");
}

#[actix_web::test]
async fn staff_change_only_their_own_sites_and_inputs_are_parsed() {
    let w = world().await;
    let mine = w.register("Oma ry", "association").await;
    let theirs = w.register("Toinen ry", "association").await;
    let me = w.staff_of(&mine).await;
    let them = w.staff_of(&theirs).await;
    let site = w.add_site(&me, north(HEINOLA_HOME, 1.0)).await;
    let put = |who: &Person, path: String, body: Value| {
        let token = who.token.clone();
        let app = &w.app;
        async move {
            app.call(Method::PUT, &path, &token, Some("en"), Some(&body))
                .await
        }
    };
    let offer_path = format!("/api/v1/provider/sites/{site}/services/rwa_basic");

    // Another organisation's staff: not found. Someone who is not staff: forbidden.
    json_of(
        put(&them, offer_path.clone(), offering(json!({}))).await,
        404,
    )
    .await;
    let site_body = json!({"name": "Uusi nimi", "street_address": "Katu 1", "postal_code": "18100",
                           "city": "Heinola", "lat": 61.21, "lon": 26.01});
    json_of(
        put(
            &them,
            format!("/api/v1/provider/sites/{site}"),
            site_body.clone(),
        )
        .await,
        404,
    )
    .await;
    let client = w.app.new_client("heinola", "Asiakas").await;
    let res = put(&client, offer_path.clone(), offering(json!({}))).await;
    assert_eq!(json_of(res, 403).await["code"], "provider.staff_only");
    let moved = json_of(
        put(&me, format!("/api/v1/provider/sites/{site}"), site_body).await,
        200,
    )
    .await;
    assert_eq!(moved["site"]["name"], "Uusi nimi");

    for (changes, status, code) in [
        (
            json!({"work_tasks": ["kitchen"]}),
            422,
            "provider.too_few_work_tasks",
        ),
        (
            json!({"description": {"fi": "Yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän kymmenen yksitoista kaksitoista kolmetoista neljätoista viisitoista kuusitoista.", "sv": "Kort.", "en": "Short."}}),
            422,
            "provider.text_not_plain",
        ),
        (
            json!({"responsible_person": {"name": "R", "email": "not-an-address"}}),
            422,
            "contact.invalid",
        ),
        (json!({"languages": ["xx"]}), 400, "request.invalid_field"),
        (json!({"free_places": -1}), 400, "request.invalid_value"),
    ] {
        let res = put(&me, offer_path.clone(), offering(changes.clone())).await;
        let status_got = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            (status_got, body["code"].as_str().unwrap()),
            (status, code),
            "{changes}"
        );
    }
    let res = put(
        &me,
        format!("/api/v1/provider/sites/{site}/services/sr_group"),
        offering(json!({"form": "group", "group_size_max": 13})),
    )
    .await;
    let problem = json_of(res, 422).await;
    assert_eq!(problem["code"], "provider.group_too_large");
    assert_eq!(problem["detail"], "A group can have at most 12 people.");
    let res = put(
        &me,
        format!("/api/v1/provider/sites/{site}/services/no_such_service"),
        offering(json!({})),
    )
    .await;
    json_of(res, 404).await;

    // Coordinates the wrong way round are refused.
    let res = w
        .app
        .post_auth(
            "/api/v1/provider/sites",
            &me.token,
            &json!({"name": "X", "street_address": "Katu 1", "postal_code": "18100",
                    "city": "Heinola", "lat": 26.0, "lon": 61.2}),
        )
        .await;
    assert_eq!(
        json_of(res, 422).await["code"],
        "provider.invalid_coordinates"
    );

    // Registration parses the business id by its check digit and keeps it unique.
    let token = w.app.fresh_token(&w.heinola_worker);
    for (business_id, status, code) in [
        ("1234567-2", 422, "business_id.checksum"),
        ("123456", 422, "business_id.format"),
    ] {
        let res = w
            .app
            .post_auth(
                "/api/v1/caseworker/providers",
                &token,
                &json!({"name": "X ry", "business_id": business_id, "legal_form": "association"}),
            )
            .await;
        assert_eq!(json_of(res, status).await["code"], code, "{business_id}");
    }
    let profile: Value = w.app.get_json(&format!("/api/v1/providers/{mine}")).await;
    let taken = profile["business_id"].as_str().unwrap();
    let res = w
        .app
        .post_auth(
            "/api/v1/caseworker/providers",
            &token,
            &json!({"name": "Kopio ry", "business_id": taken, "legal_form": "association"}),
        )
        .await;
    let problem = json_of(res, 409).await;
    assert_eq!(problem["code"], "provider.business_id_taken");
    assert_eq!(problem["conflict"]["kind"], "provider");
    assert_eq!(
        problem["conflict"]["href"],
        format!("/api/v1/providers/{mine}")
    );
    let res = w
        .app
        .post_auth(
            "/api/v1/caseworker/providers",
            &me.token,
            &json!({"name": "Oma ry", "business_id": "1234567-1", "legal_form": "association"}),
        )
        .await;
    assert_eq!(json_of(res, 403).await["code"], "auth.caseworker_only");
}

#[actix_web::test]
async fn the_demo_client_in_heinola_sees_nearby_approved_providers_and_no_company() {
    let app = spawn_app().await;
    {
        let mut conn = app.state.db.get().unwrap();
        seteli::demo::seed(&mut conn, app.clock.now()).unwrap();
        seteli::demo::seed(&mut conn, app.clock.now()).unwrap();
    }
    let login = |persona: &'static str| {
        let app = &app;
        async move {
            let res = app
                .post_json("/api/v1/auth/dev-login", &json!({"persona": persona}))
                .await;
            json_of(res, 200).await["access_token"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let token = login("client-heinola").await;
    let res = app
        .get_auth_in(
            "/api/v1/clients/me/vouchers/0190a000-0000-7000-8000-0000000000a2/providers",
            &token,
            "en",
        )
        .await;
    let page = json_of(res, 200).await;
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["provider"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Työpaja Kipinä ry",
            "Kierrätyssäätiö Ilona sr",
            "Vierumäen Kyläseura ry"
        ]
    );
    assert_eq!(
        page["items"][1]["offering"]["availability"]["queue_length"],
        4
    );
    // Heinola sets no distance: widened on her own, Lahti is listed; the Sysmä cooperative,
    // which Heinola may not buy from (H §1.1), is not.
    let res = app
        .get_auth_in(
            "/api/v1/clients/me/vouchers/0190a000-0000-7000-8000-0000000000a2/providers?radius_km=40",
            &token,
            "en",
        )
        .await;
    let page = json_of(res, 200).await;
    let far: Vec<(&str, f64)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["provider"]["name"].as_str().unwrap(),
                i["distance_km"].as_f64().unwrap(),
            )
        })
        .filter(|(_, km)| *km > 20.0)
        .collect();
    assert_eq!(far, [("Lahden Toimintakeskus ry", 31.9)]);

    // Kuopio's individual coaching may go beyond 20 km: farther providers at higher tiers.
    let token = login("client-kuopio").await;
    let res = app
        .get_auth_in(
            "/api/v1/clients/me/vouchers/0190a000-0000-7000-8000-0000000000b3/providers?radius_km=100",
            &token,
            "en",
        )
        .await;
    let page = json_of(res, 200).await;
    let tiers: Vec<(&str, i64)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["provider"]["name"].as_str().unwrap(),
                i["price_tier"].as_i64().unwrap(),
            )
        })
        .collect();
    // The coaching voucher is worth a range until Matti's agreement names where they meet.
    let res = app
        .get_auth_in(
            "/api/v1/clients/me/vouchers/0190a000-0000-7000-8000-0000000000b3",
            &token,
            "en",
        )
        .await;
    let v = json_of(res, 200).await;
    assert_eq!(
        v["value_text"],
        "€46.00–€116.00 an hour, at most €1,840.00–€4,640.00. \
         The price depends on where the meetings are."
    );
    assert_eq!(
        tiers,
        [
            ("Valmennus Polku Oy", 1),
            ("Valmennuskeskus Väylä ry", 1),
            ("Nilsiän Kuntoutussäätiö sr", 2),
            ("Varkauden Valmennus ry", 3),
        ]
    );
}

#[actix_web::test]
async fn an_ended_or_cancelled_voucher_has_no_providers_to_choose() {
    let w = world().await;
    let (client, voucher) = w.found_3_km_away().await;
    // The voucher (valid until 2026-06-01) has ended a day later.
    w.app.clock.set("2026-06-02T09:00:00Z".parse().unwrap());
    let ended = json_of(w.search(&client, &voucher, "").await, 409).await;
    assert_eq!(ended["code"], "provider_search.voucher_ended");
    // A cancelled voucher the same.
    w.app.clock.set("2026-03-03T09:00:00Z".parse().unwrap());
    let other = w.app.new_client_at("heinola", "Toinen", HEINOLA_HOME).await;
    let cancelled = w.voucher(&other, "rwa_basic", false).await;
    let token = w.app.fresh_token(&w.heinola_worker);
    let res = w
        .app
        .patch_auth(
            &format!("/api/v1/caseworker/vouchers/{cancelled}"),
            &token,
            &json!({"op": "cancel", "reason": "Moved away"}),
        )
        .await;
    json_of(res, 200).await;
    let ended = json_of(w.search(&other, &cancelled, "").await, 409).await;
    assert_eq!(ended["code"], "provider_search.voucher_ended");
}

/// The search keeps the client's record and voucher in memory between requests. A move or a
/// cancelled voucher, written by anyone straight into the database, counts on the very next
/// search.
#[actix_web::test]
async fn a_move_or_a_cancellation_counts_on_the_next_search() {
    use seteli::db::schema::{clients, vouchers};

    let w = world().await;
    let (client, voucher) = w.found_3_km_away().await;
    let page = w.found(&client, &voucher, "").await;
    assert_eq!(page["items"][0]["distance_km"], 3.0);

    let mut conn = w.app.state.db.get().unwrap();
    // The client moves 1.5 km farther south.
    let (lat, lon) = north(HEINOLA_HOME, -1.5);
    seteli::native!(&mut *conn, |c| diesel::update(
        clients::table.find(&client.id)
    )
    .set((clients::home_lat.eq(lat), clients::home_lon.eq(lon)))
    .execute(c))
    .unwrap();
    let page = w.found(&client, &voucher, "").await;
    assert_eq!(page["items"][0]["distance_km"], 4.5);

    // The voucher is cancelled.
    let at = w.app.clock.now().naive_utc();
    seteli::native!(&mut *conn, |c| diesel::update(
        vouchers::table.find(&voucher)
    )
    .set((
        vouchers::cancelled_at.eq(Some(at)),
        vouchers::cancel_reason.eq(Some("Moved away")),
    ))
    .execute(c))
    .unwrap();
    let ended = json_of(w.search(&client, &voucher, "").await, 409).await;
    assert_eq!(ended["code"], "provider_search.voucher_ended");
}

/// The search checks the session in the same read as the search itself: an ended session is
/// refused before anything about the voucher, and a person's own language choice still decides
/// the language of the answer and of its errors.
#[actix_web::test]
async fn the_search_refuses_an_ended_session_and_speaks_the_persons_language() {
    let w = world().await;
    w.provider(
        north(HEINOLA_HOME, 3.0),
        "rwa_basic",
        Some("heinola"),
        json!({}),
    )
    .await;
    let (client, voucher) = w.heinola_client_with_voucher(false).await;
    let path = format!("/api/v1/clients/me/vouchers/{voucher}/providers");
    let token = w.app.fresh_token(&client);
    w.app.choose_language(&token, "sv").await;

    let page = json_of(w.app.get_auth(&path, &token).await, 200).await;
    assert_eq!(page["items"][0]["distance"], "3,0\u{a0}km");
    assert_eq!(
        page["service"]["name"],
        "Arbetsverksamhet i rehabiliteringssyfte, grundnivå"
    );
    let other = format!(
        "/api/v1/clients/me/vouchers/{}/providers",
        uuid::Uuid::now_v7()
    );
    let missing = json_of(w.app.get_auth(&other, &token).await, 404).await;
    let title_in = |lang: &'static str| {
        let app = &w.app;
        let (other, token) = (other.clone(), token.clone());
        async move {
            let res = app.get_auth_in(&other, &token, lang).await;
            json_of(res, 404).await["title"].clone()
        }
    };
    assert_eq!(missing["title"], title_in("sv").await);
    assert_ne!(missing["title"], title_in("fi").await);

    let res = w.app.delete_auth("/api/v1/me/sessions", &token).await;
    assert!(res.status().is_success(), "{}", res.status());
    let ended = json_of(w.app.get_auth(&path, &token).await, 401).await;
    assert_eq!(ended["code"], "auth.session_ended");
}
