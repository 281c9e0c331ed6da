//! Intro visits, the provider's answer, agreements and the inbox, through the API, on whichever
//! database the suite runs on.

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use seteli::clock::Clock;
use seteli::persons::Role;

use crate::helpers::{json_of, random_test_code, spawn_app, Person, TestApp};

/// A Heinola client at home (61.2, 26.0), their caseworker, a rehabilitative-work voucher, and a
/// provider a kilometre away with a member of staff.
pub(crate) struct Setup {
    pub client: Person,
    pub worker: Person,
    pub staff: Person,
    pub provider_id: String,
    pub site_id: String,
    pub voucher_id: String,
}

/// A provider with a site at (lat, lon) offering `service`, approved by `worker`'s municipality,
/// all through the API: (provider id, site id, its staff).
pub(crate) async fn provider(
    app: &TestApp,
    worker: &Person,
    service: &str,
    at: (f64, f64),
) -> (String, String, Person) {
    let res = app
        .post_auth(
            "/api/v1/caseworker/providers",
            &worker.token,
            &json!({"name": "Paja ry", "business_id": crate::matrix::fresh_business_id(),
                    "legal_form": "association"}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let provider = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let staff = app.sign_in(&random_test_code(), "Sanna Staff").await;
    {
        let mut conn = app.state.db.get().unwrap();
        seteli::persons::repo::grant_role(
            &mut conn,
            &staff.id,
            Role::ProviderStaff,
            None,
            Some(&provider),
            app.clock.now(),
        )
        .unwrap();
    }
    let res = app
        .post_auth(
            "/api/v1/provider/sites",
            &staff.token,
            &json!({"name": "Verstas", "street_address": "Kauppakatu 1", "postal_code": "18100",
                    "city": "Heinola", "lat": at.0, "lon": at.1}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let site = res.json::<Value>().await.unwrap()["site"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .send(
            Method::PUT,
            &format!("/api/v1/provider/sites/{site}/services/{service}"),
            &staff.token,
            Some(&crate::providers::offering(json!({}))),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = app
        .post_auth(
            "/api/v1/caseworker/approvals",
            &worker.token,
            &json!({"provider_id": provider, "service": service, "status": "approved"}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    (provider, site, staff)
}

impl Setup {
    /// Moves the clock, and gives everyone a token of the new present (tokens last minutes).
    pub(crate) fn advance(&mut self, app: &TestApp, by: Duration) {
        app.clock.advance(by);
        for p in [&mut self.client, &mut self.worker, &mut self.staff] {
            p.token = app.fresh_token(p);
        }
    }
}

pub(crate) async fn setup(app: &TestApp) -> Setup {
    let client = app.new_client("heinola", "Aino Asiakas").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena Heinola")
        .await;
    let voucher_id = crate::matrix::voucher(app, &client, &worker).await;
    let (provider_id, site_id, staff) = provider(app, &worker, "rwa_basic", (61.21, 26.01)).await;
    Setup {
        client,
        worker,
        staff,
        provider_id,
        site_id,
        voucher_id,
    }
}

/// Publishes a slot `hours` from now at the site, through the API; returns its id.
pub(crate) async fn slot(app: &TestApp, s: &Setup, hours: i64, capacity: i32) -> String {
    let start = app.clock.now() + Duration::hours(hours);
    let res = app
        .post_auth(
            "/api/v1/provider/intro-slots",
            &s.staff.token,
            &json!({"site_id": s.site_id, "service": "rwa_basic", "starts_at": start,
                    "ends_at": start + Duration::hours(1), "capacity": capacity,
                    "languages": ["fi", "en"],
                    "note": {"fi": "Soita ovikelloa B-ovella.", "sv": "Ring på dörr B.",
                             "en": "Ring the bell at door B."}}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

pub(crate) async fn book(
    app: &TestApp,
    token: &str,
    client: &str,
    voucher: &str,
    slot: &str,
) -> crate::helpers::Response {
    app.post_auth(
        &format!("/api/v1/clients/{client}/intro-visits"),
        token,
        &json!({"voucher_id": voucher, "slot_id": slot}),
    )
    .await
}

pub(crate) fn booked_places(app: &TestApp, slot: &str) -> i32 {
    let mut conn = app.state.db.get().unwrap();
    seteli::visits::repo::find_slot(&mut conn, slot)
        .unwrap()
        .unwrap()
        .booked
}

#[actix_web::test]
async fn fifty_bookings_at_once_fill_a_slot_of_three_and_no_more() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let slot = slot(&app, &s, 48, 3).await;
    let mut clients = Vec::new();
    for i in 0..50 {
        let client = app.new_client("heinola", &format!("Asiakas {i}")).await;
        let voucher = crate::matrix::voucher(&app, &client, &s.worker).await;
        clients.push((client, voucher));
    }
    let answers = futures_util::future::join_all(
        clients
            .iter()
            .map(|(c, v)| book(&app, &c.token, "me", v, &slot)),
    )
    .await;
    let mut booked = 0;
    for res in answers {
        match res.status().as_u16() {
            201 => booked += 1,
            409 => {
                let body: Value = res.json().await.unwrap();
                assert_eq!(body["code"], "visit.slot_full", "{body}");
            }
            other => panic!("unexpected {other}: {}", res.text().await.unwrap()),
        }
    }
    assert_eq!(booked, 3);
    assert_eq!(booked_places(&app, &slot), 3);
    let public: Value = app
        .get_json(&format!("/api/v1/providers/{}/intro-slots", s.provider_id))
        .await;
    assert!(
        public["items"].as_array().unwrap().is_empty(),
        "a full slot is not offered: {public}"
    );
}

#[actix_web::test]
async fn a_booking_retried_with_its_key_books_once_and_is_logged_once() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let slot = slot(&app, &s, 48, 5).await;
    let send = || {
        app.http
            .post(app.url("/api/v1/clients/me/intro-visits"))
            .bearer_auth(&s.client.token)
            .header("Idempotency-Key", "visit-1")
            .json(&json!({"voucher_id": s.voucher_id, "slot_id": slot}))
            .send()
    };
    let first = json_of(send().await.unwrap(), 201).await;
    let again = send().await.unwrap();
    assert_eq!(again.headers()["Idempotent-Replayed"], "true");
    assert_eq!(json_of(again, 201).await["id"], first["id"]);
    assert_eq!(booked_places(&app, &slot), 1);
    let log: Value = app
        .get_auth_json("/api/v1/clients/me/access-log?limit=200", &s.client.token)
        .await;
    let bookings = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["action"] == "visit.book")
        .count();
    assert_eq!(bookings, 1);
}

#[actix_web::test]
async fn a_helper_books_only_with_the_book_visits_scope() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let slot = slot(&app, &s, 48, 5).await;
    let mut helpers = Vec::new();
    for scopes in [json!(["view"]), json!(["view", "book_visits"])] {
        let helper = app.sign_in(&random_test_code(), "Liisa Läheinen").await;
        let today = seteli::clock::helsinki_date(app.clock.now());
        let res = app
            .post_auth(
                "/api/v1/clients/me/mandates",
                &s.client.token,
                &json!({"proxy_personal_id": helper.code.as_str(), "proxy_name": "Liisa",
                        "scopes": scopes, "valid_until": (today + Duration::days(90)).to_string()}),
            )
            .await;
        let id = json_of(res, 201).await["id"].as_str().unwrap().to_string();
        let res = app
            .post_auth(
                &format!("/api/v1/caseworker/mandates/{id}/approve"),
                &s.worker.token,
                &json!({}),
            )
            .await;
        json_of(res, 200).await;
        helpers.push(helper);
    }
    let without = book(&app, &helpers[0].token, &s.client.id, &s.voucher_id, &slot).await;
    assert_eq!(json_of(without, 404).await["code"], "resource.not_found");
    let with = book(&app, &helpers[1].token, &s.client.id, &s.voucher_id, &slot).await;
    let visit = json_of(with, 201).await;
    // Written for the helper, about the client.
    assert!(
        visit["summary"].as_str().unwrap().contains("Aino Asiakas"),
        "{visit}"
    );
    // The client reads who booked, and on whose behalf.
    let log: Value = app
        .get_auth_json_in("/api/v1/clients/me/access-log", &s.client.token, "en")
        .await;
    let entry = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["action"] == "visit.book")
        .expect("the booking is in the log");
    assert_eq!(entry["acting_as"], "proxy");
    assert_eq!(
        entry["description"],
        "Liisa Läheinen on behalf of Aino Asiakas booked an intro visit for you."
    );
}

#[actix_web::test]
async fn staff_reach_a_client_only_through_their_own_bookings_and_every_read_is_logged() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let (_, _, mut other_staff) = provider(&app, &s.worker, "rwa_basic", (61.22, 26.02)).await;
    let slot = slot(&app, &s, 2, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let visit_id = visit["id"].as_str().unwrap();
    let path = format!("/api/v1/clients/{}/intro-visits", s.client.id);

    // Another provider's staff: the client and the visit do not exist for them.
    let res = app.get_auth(&path, &other_staff.token).await;
    assert_eq!(json_of(res, 404).await["code"], "resource.not_found");
    s.advance(&app, Duration::hours(3));
    other_staff.token = app.fresh_token(&other_staff);
    let res = app
        .post_auth(
            &format!("/api/v1/provider/intro-visits/{visit_id}/outcome"),
            &other_staff.token,
            &json!({"held": true}),
        )
        .await;
    assert_eq!(json_of(res, 404).await["code"], "resource.not_found");

    // The provider's own staff see the booking: the client's name and the voucher's terms.
    let slots: Value = app
        .get_auth_json("/api/v1/provider/intro-slots", &s.staff.token)
        .await;
    let booking = &slots["items"][0]["bookings"][0];
    assert_eq!(booking["client"]["display_name"], "Aino Asiakas");
    assert_eq!(booking["voucher"]["per_week"], 2);
    assert!(booking.get("home_address").is_none());
    let page: Value = app.get_auth_json(&path, &s.staff.token).await;
    assert_eq!(page["items"][0]["id"], visit_id);
    // Staff may not read the client's details or wallet through the booking.
    let res = app
        .get_auth(&format!("/api/v1/clients/{}", s.client.id), &s.staff.token)
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .get_auth(
            &format!("/api/v1/clients/{}/vouchers", s.client.id),
            &s.staff.token,
        )
        .await;
    assert_eq!(res.status(), 404);

    // Both reads of the staff member are in the client's log, as a provider's staff.
    let log: Value = app
        .get_auth_json("/api/v1/clients/me/access-log?limit=200", &s.client.token)
        .await;
    let staff_reads: Vec<&Value> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["actor"]["id"] == s.staff.id.as_str() && i["action"] == "visit.view")
        .collect();
    assert_eq!(staff_reads.len(), 2, "{log}");
    assert!(staff_reads
        .iter()
        .all(|i| i["acting_as"] == "provider_staff"));
    // Named with the organisation they acted for.
    assert_eq!(
        staff_reads[0]["description"],
        "Sanna Staff (Paja ry) katsoi tutustumiskäyntejäsi."
    );
    assert!(log["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["actor"]["id"] != other_staff.id.as_str()));
}

/// The door hands staff only their organisation's rows of a client, whatever a route's work
/// reads: a client read goes through the access's row scope, and a list that reads every booking
/// of the client, with no filter of its own, still shows staff only their organisation's.
#[actix_web::test]
async fn staff_get_only_their_organisations_rows_even_from_work_that_filters_nothing() {
    use diesel::prelude::*;
    use seteli::access::door::Listed;
    use seteli::access::ClientRead;
    use seteli::db::schema::intro_visits;
    let app = spawn_app().await;
    let s = setup(&app).await;
    let (_, other_site, other_staff) = provider(&app, &s.worker, "rwa_basic", (61.22, 26.02)).await;
    let ours = slot(&app, &s, 2, 5).await;
    let start = app.clock.now() + Duration::hours(3);
    let theirs = json_of(
        app.post_auth(
            "/api/v1/provider/intro-slots",
            &other_staff.token,
            &json!({"site_id": other_site, "service": "rwa_basic", "starts_at": start,
                    "ends_at": start + Duration::hours(1), "capacity": 1, "languages": ["fi"]}),
        )
        .await,
        201,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mine = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &ours).await,
        201,
    )
    .await;
    let other = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &theirs).await,
        201,
    )
    .await;
    let path = format!("/api/v1/clients/{}/intro-visits", s.client.id);
    let ids = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(app.get_auth_json(&path, &s.client.token).await).len(),
        2
    );
    assert_eq!(
        ids(app.get_auth_json(&path, &s.staff.token).await),
        [mine["id"].as_str().unwrap()]
    );
    assert_eq!(
        ids(app.get_auth_json(&path, &other_staff.token).await),
        [other["id"].as_str().unwrap()]
    );

    // A list whose work reads every booking of the client, of every provider.
    let actor = {
        let mut conn = app.state.db.get().unwrap();
        seteli::auth::Actor {
            person_id: s.staff.id.clone(),
            display_name: "Sanna Staff".into(),
            session_id: "test".into(),
            roles: seteli::persons::repo::roles(&mut conn, &s.staff.id).unwrap(),
            lang: seteli::i18n::Lang::Fi,
            stored_lang: None,
            request_id: "test".into(),
            path: "/test".into(),
        }
    };
    let client = s.client.id.clone();
    let (shown, ()) = app
        .state
        .door
        .read_list(&actor, ClientRead::ViewVisits, move |r, _| {
            let all: Vec<(String, String, String)> = intro_visits::table
                .filter(intro_visits::client_id.eq(&client))
                .select((
                    intro_visits::id,
                    intro_visits::client_id,
                    intro_visits::provider_id,
                ))
                .load(r.conn())?;
            assert_eq!(all.len(), 2);
            let items = all
                .into_iter()
                .map(|(id, client_id, provider)| Listed {
                    client_id,
                    organisation: Some(provider),
                    item: id,
                })
                .collect();
            Ok((items, ()))
        })
        .await
        .unwrap();
    assert_eq!(shown, [mine["id"].as_str().unwrap()]);
}

#[actix_web::test]
async fn a_visit_is_answered_once_it_took_place_and_acceptance_makes_the_agreement() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let slot = slot(&app, &s, 24, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let id = visit["id"].as_str().unwrap();
    let answer = |token: String, what: &'static str, body: Value| {
        let app = &app;
        async move {
            app.post_auth(
                &format!("/api/v1/provider/intro-visits/{id}/{what}"),
                &token,
                &body,
            )
            .await
        }
    };
    // Not before the visit.
    let res = answer(s.staff.token.clone(), "outcome", json!({"held": true})).await;
    assert_eq!(json_of(res, 409).await["code"], "visit.not_yet");
    let res = answer(s.staff.token.clone(), "accept", json!({})).await;
    assert_eq!(res.status(), 400, "the agreement's fields are needed");
    s.advance(&app, Duration::hours(25));
    json_of(
        answer(s.staff.token.clone(), "outcome", json!({"held": true})).await,
        200,
    )
    .await;
    let today = seteli::clock::helsinki_date(app.clock.now());
    let terms = |days: i32, hours: i32, ends: Option<String>| {
        let mut body = json!({
            "starts_on": (today + Duration::days(7)).to_string(),
            "days_per_week": days, "hours_per_day": hours,
            "goals": "Haluan oppia puutöitä ja saada päivään rytmin.",
            "responsible_person": "Olli Ohjaaja", "instructor": "Iida Ohjaaja",
        });
        if let Some(ends) = ends {
            body["ends_on"] = json!(ends);
        }
        body
    };
    // The voucher grants 2 days a week, 5 hours a day (the rulebook allows 4–8), six months.
    let res = answer(s.staff.token.clone(), "accept", terms(3, 5, None)).await;
    assert_eq!(
        json_of(res, 422).await["code"],
        "agreement.per_week_out_of_range"
    );
    let res = answer(s.staff.token.clone(), "accept", terms(2, 6, None)).await;
    assert_eq!(
        json_of(res, 422).await["code"],
        "agreement.hours_per_day_out_of_range"
    );
    let res = answer(s.staff.token.clone(), "accept", terms(2, 3, None)).await;
    assert_eq!(
        json_of(res, 422).await["code"],
        "agreement.hours_per_day_out_of_range"
    );
    let too_late = (today + Duration::days(400)).to_string();
    let res = answer(s.staff.token.clone(), "accept", terms(2, 5, Some(too_late))).await;
    assert_eq!(json_of(res, 422).await["code"], "agreement.outside_voucher");
    let answered = json_of(
        answer(s.staff.token.clone(), "accept", terms(2, 4, None)).await,
        200,
    )
    .await;
    assert_eq!(answered["visit"]["status"], "accepted");
    assert_eq!(answered["agreement"]["days_per_week"], 2);
    // Staff read whose agreement it is; the client reads it as their own.
    let for_staff = answered["agreement"]["summary"].as_str().unwrap();
    assert!(for_staff.contains("Aino Asiakas"), "{for_staff}");
    // Answered once.
    let res = answer(
        s.staff.token.clone(),
        "refuse",
        json!({"reason_code": "other", "explanation": "x"}),
    )
    .await;
    assert_eq!(json_of(res, 409).await["code"], "visit.wrong_state");

    let agreements: Value = app
        .get_auth_json("/api/v1/clients/me/agreements", &s.client.token)
        .await;
    assert_eq!(agreements["items"].as_array().unwrap().len(), 1);
    assert_eq!(agreements["items"][0]["instructor"], "Iida Ohjaaja");
    // The provider proposed the terms; they are in force once the client confirms them.
    assert_eq!(agreements["items"][0]["state"], "awaiting_confirmation");
    assert_eq!(agreements["items"][0]["in_force"], false);
    let id = agreements["items"][0]["id"].as_str().unwrap();
    let confirmed = json_of(
        app.post_auth(
            &format!("/api/v1/clients/me/agreements/{id}/confirm"),
            &s.client.token,
            &json!(null),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(confirmed["agreement"]["state"], "in_force");
    assert_eq!(confirmed["agreement"]["in_force"], true);
    let for_client = agreements["items"][0]["summary"].as_str().unwrap();
    assert!(!for_client.contains("Aino Asiakas"), "{for_client}");
    let inbox: Value = app
        .get_auth_json_in("/api/v1/me/notifications", &s.client.token, "en")
        .await;
    let kinds: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["visit_accepted", "visit_booked"]);
    assert_eq!(inbox["unread"], 2);
    assert!(inbox["items"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Paja ry has a place for you."));
    let res = app
        .post_auth(
            "/api/v1/me/notifications/read",
            &s.client.token,
            &json!({"up_to": inbox["items"][0]["id"]}),
        )
        .await;
    assert_eq!(json_of(res, 200).await["unread"], 0);
}

#[actix_web::test]
async fn a_refusal_reads_plainly_to_the_client_and_in_full_to_the_caseworker() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let slot = slot(&app, &s, 1, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let id = visit["id"].as_str().unwrap();
    s.advance(&app, Duration::hours(2));
    let url = |what: &str| format!("/api/v1/provider/intro-visits/{id}/{what}");
    json_of(
        app.post_auth(&url("outcome"), &s.staff.token, &json!({"held": true}))
            .await,
        200,
    )
    .await;
    let explanation = "Työtehtävämme vaativat nostamista, joka ei ole asiakkaalle turvallista.";
    json_of(
        app.post_auth(
            &url("refuse"),
            &s.staff.token,
            &json!({"reason_code": "needs_not_met", "explanation": explanation}),
        )
        .await,
        200,
    )
    .await;
    let own: Value = app
        .get_auth_json_in("/api/v1/clients/me/intro-visits", &s.client.token, "en")
        .await;
    assert_eq!(
        own["items"][0]["reason"],
        "What the provider does does not fit your needs."
    );
    assert!(own["items"][0]["provider_explanation"].is_null());
    let seen: Value = app
        .get_auth_json(
            &format!("/api/v1/clients/{}/intro-visits", s.client.id),
            &s.worker.token,
        )
        .await;
    assert_eq!(seen["items"][0]["provider_explanation"], explanation);
}

#[actix_web::test]
async fn a_queue_place_is_offered_and_the_client_takes_it() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let slot = slot(&app, &s, 1, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let id = visit["id"].as_str().unwrap();
    s.advance(&app, Duration::hours(2));
    let url = |what: &str| format!("/api/v1/provider/intro-visits/{id}/{what}");
    json_of(
        app.post_auth(&url("outcome"), &s.staff.token, &json!({"held": true}))
            .await,
        200,
    )
    .await;
    let start = seteli::clock::helsinki_date(app.clock.now()) + Duration::days(40);
    let offered = json_of(
        app.post_auth(
            &url("queue"),
            &s.staff.token,
            &json!({"expected_start_on": start.to_string()}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(offered["visit"]["status"], "queued");
    assert_eq!(offered["visit"]["queue_start_on"], start.to_string());
    let answer = format!("/api/v1/clients/me/intro-visits/{id}/queue");
    let taken = json_of(
        app.post_auth(&answer, &s.client.token, &json!({"accept": true}))
            .await,
        200,
    )
    .await;
    assert_eq!(taken["status"], "queue_accepted");
    let res = app
        .post_auth(&answer, &s.client.token, &json!({"accept": false}))
        .await;
    assert_eq!(json_of(res, 409).await["code"], "visit.wrong_state");
}

#[actix_web::test]
async fn a_withdrawn_slot_cancels_its_bookings_with_the_reason_the_client_reads() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let first = slot(&app, &s, 48, 5).await;
    json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &first).await,
        201,
    )
    .await;
    // A booked slot cannot be changed, only withdrawn.
    let start = app.clock.now() + Duration::days(3);
    let res = app
        .send(
            Method::PUT,
            &format!("/api/v1/provider/intro-slots/{first}"),
            &s.staff.token,
            Some(
                &json!({"site_id": s.site_id, "service": "rwa_basic", "starts_at": start,
                         "ends_at": start + Duration::hours(1), "capacity": 5,
                         "languages": ["fi"]}),
            ),
        )
        .await;
    assert_eq!(json_of(res, 409).await["code"], "slot.has_bookings");
    let res = app
        .post_auth(
            &format!("/api/v1/provider/intro-slots/{first}/withdraw"),
            &s.staff.token,
            &json!({"reason": "Ohjaajamme on sairaana"}),
        )
        .await;
    let withdrawn = json_of(res, 200).await;
    assert_eq!(withdrawn["booked"], 0);
    let own: Value = app
        .get_auth_json_in("/api/v1/clients/me/intro-visits", &s.client.token, "fi")
        .await;
    assert_eq!(own["items"][0]["status"], "cancelled");
    assert_eq!(own["items"][0]["reason"], "Ohjaajamme on sairaana");
    let inbox: Value = app
        .get_auth_json_in("/api/v1/me/notifications", &s.client.token, "fi")
        .await;
    assert_eq!(inbox["items"][0]["kind"], "visit_cancelled_by_provider");
    assert!(inbox["items"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Syy: Ohjaajamme on sairaana."));
    // The withdrawal is in the client's log, by the provider's staff.
    let log: Value = app
        .get_auth_json("/api/v1/clients/me/access-log", &s.client.token)
        .await;
    assert!(log["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["action"] == "visit.cancel" && i["acting_as"] == "provider_staff"));
    // The voucher is free to book another time with the provider.
    let second = slot(&app, &s, 72, 5).await;
    json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &second).await,
        201,
    )
    .await;
}

#[actix_web::test]
async fn a_visit_is_cancelled_and_rebooked_until_it_begins() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let slot = slot(&app, &s, 2, 1).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    // One open booking per voucher and provider.
    let res = book(&app, &s.client.token, "me", &s.voucher_id, &slot).await;
    assert_eq!(json_of(res, 409).await["code"], "visit.already_booked");
    let url = format!(
        "/api/v1/clients/me/intro-visits/{}",
        visit["id"].as_str().unwrap()
    );
    json_of(app.delete_auth(&url, &s.client.token).await, 200).await;
    assert_eq!(booked_places(&app, &slot), 0);
    let again = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    s.advance(&app, Duration::hours(2));
    let url = format!(
        "/api/v1/clients/me/intro-visits/{}",
        again["id"].as_str().unwrap()
    );
    let res = app.delete_auth(&url, &s.client.token).await;
    assert_eq!(json_of(res, 409).await["code"], "visit.started");
    let res = book(&app, &s.client.token, "me", &s.voucher_id, &slot).await;
    assert_eq!(res.status(), 409);
}

#[actix_web::test]
async fn the_calendar_file_of_a_visit_parses() {
    use icalendar::{Calendar, Component};
    let app = spawn_app().await;
    let s = setup(&app).await;
    let slot = slot(&app, &s, 48, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let res = app
        .get_auth_in(visit["calendar"].as_str().unwrap(), &s.client.token, "en")
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = res.text().await.unwrap();
    let calendar: Calendar = text.parse().expect("the file parses");
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 1);
    let event = events[0];
    assert_eq!(event.get_summary(), Some("Intro visit: Paja ry"));
    assert_eq!(event.get_description(), Some("Ring the bell at door B."));
    let starts: DateTime<Utc> = visit["starts_at"].as_str().unwrap().parse().unwrap();
    match event.get_start() {
        Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(t))) => {
            assert_eq!(t, starts)
        }
        other => panic!("DTSTART is not a UTC time: {other:?}"),
    }
}

#[actix_web::test]
async fn a_reminder_comes_the_day_before_and_once() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    // The clock stands at 9.00 UTC on Monday 2 March; the visit is on Wednesday.
    let slot = slot(&app, &s, 48, 5).await;
    json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let app = &app;
    let reminders = |token: String| async move {
        let inbox: Value = app.get_auth_json("/api/v1/me/notifications", &token).await;
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "visit_reminder")
            .count()
    };
    seteli::visits::remind::sweep(&app.state.db, app.clock.now()).unwrap();
    assert_eq!(
        reminders(s.client.token.clone()).await,
        0,
        "two days before is too early"
    );
    s.advance(app, Duration::days(1));
    let sweep = || seteli::visits::remind::sweep(&app.state.db, app.clock.now()).unwrap();
    assert_eq!(sweep(), 1);
    assert_eq!(sweep(), 0, "a reminded booking is not looked at again");
    assert_eq!(reminders(s.client.token.clone()).await, 1);
}

#[actix_web::test]
async fn individual_coaching_is_priced_by_where_the_meetings_happen() {
    let app = spawn_app().await;
    let home = (62.8924, 27.6770);
    let mut client = app.new_client_at("kuopio", "Kalle Asiakas", home).await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("kuopio"), "Ville Kuopio")
        .await;
    let today = seteli::clock::helsinki_date(app.clock.now());
    let res = app
        .post_auth(
            "/api/v1/caseworker/vouchers",
            &worker.token,
            &json!({"client_id": client.id, "service": "sr_individual",
                    "decision_date": today.to_string(), "valid_from": today.to_string(),
                    "valid_until": seteli::rulebooks::last_day_of(today, 4).to_string(),
                    "granted_units": 40}),
        )
        .await;
    let voucher = json_of(res, 201).await["id"].as_str().unwrap().to_string();
    let (_, site, mut staff) = provider(&app, &worker, "sr_individual", (62.90, 27.68)).await;
    // The wallet as the app's home screen reads it; reads keep it while nothing changes.
    let home = |token: String| {
        let app = &app;
        async move {
            let list: Value = app
                .get_auth_json("/api/v1/clients/me/vouchers", &token)
                .await;
            list["items"][0].clone()
        }
    };
    assert_eq!(home(client.token.clone()).await["value_fixed"], false);
    let mut prices = Vec::new();
    // About 30 km north of the office, then remote.
    for place in [
        json!({"description": "Asiakkaan koti", "lat": 63.17, "lon": 27.68}),
        json!({"remote": true}),
    ] {
        let start = app.clock.now() + Duration::hours(1);
        let res = app
            .post_auth(
                "/api/v1/provider/intro-slots",
                &staff.token,
                &json!({"site_id": site, "service": "sr_individual", "starts_at": start,
                        "ends_at": start + Duration::hours(1), "capacity": 1,
                        "languages": ["fi"]}),
            )
            .await;
        let slot = json_of(res, 201).await["id"].as_str().unwrap().to_string();
        let visit = json_of(book(&app, &client.token, "me", &voucher, &slot).await, 201).await;
        let id = visit["id"].as_str().unwrap();
        app.clock.advance(Duration::hours(2));
        client.token = app.fresh_token(&client);
        staff.token = app.fresh_token(&staff);
        let url = |what: &str| format!("/api/v1/provider/intro-visits/{id}/{what}");
        json_of(
            app.post_auth(&url("outcome"), &staff.token, &json!({"held": true}))
                .await,
            200,
        )
        .await;
        let today = seteli::clock::helsinki_date(app.clock.now());
        let mut body = json!({"starts_on": (today + Duration::days(1)).to_string(),
                              "goals": "Arjen taidot.", "responsible_person": "Olli",
                              "instructor": "Iida"});
        let res = app.post_auth(&url("accept"), &staff.token, &body).await;
        assert_eq!(
            json_of(res, 422).await["code"],
            "agreement.meeting_place_required"
        );
        body["meeting_place"] = place.clone();
        if place.get("lat").is_some() {
            // 30 km from home is past the 20 km a Kuopio client reaches without permission: not a
            // plausible meeting place for this client (K §3)…
            let res = app.post_auth(&url("accept"), &staff.token, &body).await;
            let problem = json_of(res, 422).await;
            assert_eq!(problem["code"], "agreement.meeting_place_too_far");
            // …until the caseworker permits going farther.
            let res = app
                .patch_auth(
                    &format!("/api/v1/caseworker/vouchers/{voucher}"),
                    &app.fresh_token(&worker),
                    &json!({"op": "permit_out_of_area", "reason": "Koti on kaukana kaupungista."}),
                )
                .await;
            json_of(res, 200).await;
        }
        let answered = json_of(
            app.post_auth(&url("accept"), &staff.token, &body).await,
            200,
        )
        .await;
        prices.push(
            answered["agreement"]["unit_price"]["cents"]
                .as_i64()
                .unwrap(),
        );
    }
    // 21–50 km is the second tier (81 €/h); remote coaching is always the first (46 €/h).
    assert_eq!(prices, [8100, 4600]);
    // The wallet's value is fixed by the agreement in force: the remote one, 40 h × 46 €.
    let wallet: Value = app
        .get_auth_json_in(
            &format!("/api/v1/clients/me/vouchers/{voucher}"),
            &client.token,
            "en",
        )
        .await;
    assert_eq!(wallet["value_fixed"], true, "{wallet}");
    assert_eq!(wallet["price_tier"], 1);
    assert_eq!(wallet["total_value"]["min"]["cents"], 184_000);
    assert_eq!(wallet["total_value"]["max"]["cents"], 184_000);
    // The home screen's list does not show the wallet it kept from before the agreement.
    let listed = home(client.token.clone()).await;
    assert_eq!(listed["value_fixed"], true, "{listed}");
    assert_eq!(listed["total_value"]["min"]["cents"], 184_000);
    // The newer agreement replaced the older for the voucher.
    let agreements: Value = app
        .get_auth_json("/api/v1/clients/me/agreements", &client.token)
        .await;
    let in_force: Vec<bool> = agreements["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["in_force"].as_bool().unwrap())
        .collect();
    // The newer waits for the client's confirmation; it replaced the older one.
    assert_eq!(in_force, [false, false]);
    let states: Vec<&str> = agreements["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["awaiting_confirmation", "ended"]);
    assert_eq!(agreements["items"][1]["ended"]["reason"], "replaced");
}

#[actix_web::test]
async fn a_booking_after_the_deadline_is_allowed_and_marked_late() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    // Heinola: the intro visit within 7 days of the day counted from.
    s.advance(&app, Duration::days(7));
    let on_time = slot(&app, &s, 48, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &on_time).await,
        201,
    )
    .await;
    assert_eq!(visit["late"], false);
    json_of(
        app.delete_auth(
            &format!(
                "/api/v1/clients/me/intro-visits/{}",
                visit["id"].as_str().unwrap()
            ),
            &s.client.token,
        )
        .await,
        200,
    )
    .await;
    // The caseworker sees the client late the day after the deadline, until a booking comes.
    s.advance(&app, Duration::days(1));
    let late: Value = app
        .get_auth_json("/api/v1/caseworker/deadlines", &s.worker.token)
        .await;
    let intro: Vec<&Value> = late["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["clock"] == "intro_visit")
        .collect();
    assert_eq!(intro.len(), 1, "{late}");
    assert_eq!(intro[0]["client"]["id"], s.client.id.as_str());
    assert_eq!(intro[0]["days_late"], 1);
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &on_time).await,
        201,
    )
    .await;
    assert_eq!(visit["late"], true);
    // The wallet tells the booking in place of the deadline, and that it came late.
    let wallet: Value = app
        .get_auth_json_in(
            &format!("/api/v1/clients/me/vouchers/{}", s.voucher_id),
            &s.client.token,
            "en",
        )
        .await;
    let intro = wallet["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "intro_visit")
        .expect("the intro visit's deadline");
    assert_eq!(intro["done"], true);
    assert_eq!(intro["late"], true);
    assert_eq!(intro["overdue"], false);
    let said = intro["text"].as_str().unwrap();
    assert!(
        said.starts_with("Your intro visit to Paja ry is on"),
        "{said}"
    );
    assert!(
        said.ends_with("It was booked after the deadline."),
        "{said}"
    );
    let late: Value = app
        .get_auth_json("/api/v1/caseworker/deadlines", &s.worker.token)
        .await;
    assert!(late["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["clock"] != "intro_visit"));
}

/// Kuopio: the service starts within 10 working days of the order (K §4). Ordered on the
/// Thursday before Easter, with Good Friday and Easter Monday off, it is due on Monday 20 April;
/// the caseworker's list shows the client the day after, not before.
#[actix_web::test]
async fn a_start_ordered_before_easter_is_late_the_day_after_ten_working_days() {
    use chrono::TimeZone;
    let app = spawn_app().await;
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 4, 2, 9, 0, 0).unwrap());
    let client = app
        .new_client_at("kuopio", "Kalle Asiakas", (62.8924, 27.6770))
        .await;
    let mut worker = app
        .new_with_role(Role::Caseworker, Some("kuopio"), "Ville Kuopio")
        .await;
    let today = seteli::clock::helsinki_date(app.clock.now());
    let res = app
        .post_auth(
            "/api/v1/caseworker/vouchers",
            &worker.token,
            &json!({"client_id": client.id, "service": "sr_individual",
                    "decision_date": today.to_string(), "valid_from": today.to_string(),
                    "valid_until": seteli::rulebooks::last_day_of(today, 4).to_string(),
                    "granted_units": 40}),
        )
        .await;
    json_of(res, 201).await;
    let app = &app;
    let late_starts = |token: String| async move {
        let page: Value = app
            .get_auth_json("/api/v1/caseworker/deadlines", &token)
            .await;
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["clock"] == "start")
            .map(|i| {
                (
                    i["due"].as_str().unwrap().to_string(),
                    i["days_late"].as_i64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    for (day, expected) in [(20, vec![]), (21, vec![("2026-04-20".to_string(), 1)])] {
        app.clock
            .set(Utc.with_ymd_and_hms(2026, 4, day, 9, 0, 0).unwrap());
        worker.token = app.fresh_token(&worker);
        assert_eq!(
            late_starts(worker.token.clone()).await,
            expected,
            "on 4/{day}"
        );
    }
}
