//! The rules of an intro visit that read dates and relations (issue 26): a late mark read from
//! the deadline in force, a booking before the voucher's first day and never after its last,
//! a slot that has begun, a queue start within the voucher, the city told of refusals and queue
//! places, staff whose reach lapses after the relation ends, and Kuopio's closed group.

use chrono::{Duration, NaiveDate};
use reqwest::Method;
use serde_json::{json, Value};
use seteli::clock::{helsinki_date, Clock};

use crate::helpers::{json_of, random_test_code, spawn_app, Person, TestApp};
use crate::visits::{book, setup, slot, Setup};

fn today(app: &TestApp) -> NaiveDate {
    helsinki_date(app.clock.now())
}

/// A Heinola rehabilitative-work voucher for `client` from `from` to `until`, decided today.
async fn voucher_between(
    app: &TestApp,
    client: &Person,
    worker: &Person,
    (from, until): (NaiveDate, NaiveDate),
) -> String {
    let res = app
        .post_auth(
            "/api/v1/caseworker/vouchers",
            &worker.token,
            &json!({"client_id": client.id, "service": "rwa_basic",
                    "decision_date": today(app).to_string(), "valid_from": from.to_string(),
                    "valid_until": until.to_string(), "granted_units": 50, "per_week": 2,
                    "hours_per_day": 5}),
        )
        .await;
    json_of(res, 201).await["id"].as_str().unwrap().to_string()
}

/// The caseworker records the day the client agreed to start at a service place.
async fn place_agreed(app: &TestApp, s: &Setup, on: NaiveDate) {
    let res = app
        .patch_auth(
            &format!("/api/v1/caseworker/vouchers/{}", s.voucher_id),
            &s.worker.token,
            &json!({"op": "set_anchors", "place_agreed_on": on.to_string()}),
        )
        .await;
    json_of(res, 200).await;
}

/// The intro visit's deadline in the client's wallet.
async fn intro_deadline(app: &TestApp, s: &Setup) -> Value {
    let wallet: Value = app
        .get_auth_json_in(
            &format!("/api/v1/clients/me/vouchers/{}", s.voucher_id),
            &s.client.token,
            "en",
        )
        .await;
    wallet["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "intro_visit")
        .cloned()
        .unwrap_or(Value::Null)
}

/// Where the booking `id` reads late: (to the client, in the staff's list of slots, in the
/// wallet's deadline).
async fn late_marks(app: &TestApp, s: &Setup, id: &str) -> (Value, Value, Value) {
    let own = app
        .get_auth_json(
            &format!("/api/v1/clients/me/intro-visits/{id}"),
            &s.client.token,
        )
        .await;
    let slots: Value = app
        .get_auth_json("/api/v1/provider/intro-slots", &s.staff.token)
        .await;
    let staff = slots["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|x| x["bookings"].as_array().unwrap().iter())
        .find(|b| b["id"] == id)
        .map(|b| b["late"].clone())
        .unwrap_or(Value::Null);
    let wallet = intro_deadline(app, s).await["late"].clone();
    (own["late"].clone(), staff, wallet)
}

/// Books a slot an hour ahead, then lets the visit take place: its id.
/// A visit booked an hour ahead, two hours ago: begun, not yet answered.
async fn booked_then_begun(app: &TestApp, s: &mut Setup) -> String {
    let slot = slot(app, s, 1, 5).await;
    let visit = json_of(
        book(app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    s.advance(app, Duration::hours(2));
    visit["id"].as_str().unwrap().to_string()
}

async fn held_visit(app: &TestApp, s: &mut Setup) -> String {
    let slot = slot(app, s, 1, 5).await;
    let visit = json_of(
        book(app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let id = visit["id"].as_str().unwrap().to_string();
    s.advance(app, Duration::hours(2));
    let res = app
        .post_auth(
            &format!("/api/v1/provider/intro-visits/{id}/outcome"),
            &s.staff.token,
            &json!({"held": true}),
        )
        .await;
    json_of(res, 200).await;
    id
}

#[actix_web::test]
async fn a_late_mark_follows_the_deadline_the_caseworker_records() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let decided = today(&app);
    // Heinola: within 7 days of the day counted from, the decision's until one is recorded.
    s.advance(&app, Duration::days(8));
    let slot = slot(&app, &s, 48, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let id = visit["id"].as_str().unwrap();
    assert_eq!(visit["late"], true);
    let late = (json!(true), json!(true), json!(true));
    assert_eq!(late_marks(&app, &s, id).await, late);
    // The place was agreed the day before the booking: the booking came in time.
    place_agreed(&app, &s, today(&app) - Duration::days(1)).await;
    let on_time = (json!(false), json!(false), json!(false));
    assert_eq!(late_marks(&app, &s, id).await, on_time);
    let said = intro_deadline(&app, &s).await["text"].clone();
    assert!(
        !said.as_str().unwrap().contains("after the deadline"),
        "{said}"
    );
    // Agreed on the decision day after all: late again.
    place_agreed(&app, &s, decided).await;
    assert_eq!(late_marks(&app, &s, id).await, late);
}

#[actix_web::test]
async fn a_voucher_not_yet_begun_books_its_intro_visit_and_its_clock_runs() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let from = today(&app) + Duration::days(20);
    let until = seteli::rulebooks::last_day_of(from, 6);
    s.client = app.new_client("heinola", "Eero Ennakko").await;
    s.voucher_id = voucher_between(&app, &s.client, &s.worker, (from, until)).await;
    let waiting = app.new_client("heinola", "Outi Odottaja").await;
    voucher_between(&app, &waiting, &s.worker, (from, until)).await;
    // The visit's clock (7 days from the decision) ends before the voucher's first day.
    let slot = slot(&app, &s, 48, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    assert_eq!(visit["late"], false);
    let due = intro_deadline(&app, &s).await;
    assert_eq!(due["done"], true, "{due}");
    // The client who has not booked is asked to on their home screen, and the link opens.
    let home: Value = app
        .get_auth_json("/api/v1/clients/me/home", &waiting.token)
        .await;
    let todo = &home["to_do"][0];
    assert_eq!(todo["kind"], "book_intro_visit", "{home}");
    let search = todo["link"]["href"].as_str().unwrap();
    json_of(app.get_auth(search, &waiting.token).await, 200).await;
    // The client who did not book is late on the caseworker's list, before the voucher begins.
    s.advance(&app, Duration::days(8));
    let late: Value = app
        .get_auth_json("/api/v1/caseworker/deadlines", &s.worker.token)
        .await;
    let intro: Vec<&Value> = late["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["clock"] == "intro_visit")
        .map(|i| &i["client"]["id"])
        .collect();
    assert!(intro.contains(&&json!(waiting.id)), "{late}");
    assert!(!intro.contains(&&json!(s.client.id)), "{late}");
}

#[actix_web::test]
async fn a_visit_begins_by_the_vouchers_last_day_when_booked_or_moved() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let last = seteli::rulebooks::last_day_of(today(&app), 6);
    let after = slot(&app, &s, 250 * 24, 5).await;
    let res = book(&app, &s.client.token, "me", &s.voucher_id, &after).await;
    let problem = json_of(res, 422).await;
    assert_eq!(problem["code"], "visit.after_voucher");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(&last.to_string()),
        "{problem}"
    );
    assert_eq!(intro_deadline(&app, &s).await["done"], false);
    // Nor does the search offer it as the provider's next free time.
    let path = format!("/api/v1/clients/me/vouchers/{}/providers", s.voucher_id);
    let page = json_of(app.get_auth(&path, &s.client.token).await, 200).await;
    let hit = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["provider"]["id"] == s.provider_id.as_str())
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(hit["intro_slots"]["next_starts_at"], Value::Null, "{page}");
    // A booked visit does not move past the voucher either, and stays where it was.
    let near = slot(&app, &s, 48, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &near).await,
        201,
    )
    .await;
    let path = format!(
        "/api/v1/clients/me/intro-visits/{}",
        visit["id"].as_str().unwrap()
    );
    let res = app
        .send(
            Method::PATCH,
            &path,
            &s.client.token,
            Some(&json!({ "slot_id": after })),
        )
        .await;
    assert_eq!(json_of(res, 422).await["code"], "visit.after_voucher");
    let now: Value = app.get_auth_json(&path, &s.client.token).await;
    assert_eq!(now["starts_at"], visit["starts_at"]);
}

#[actix_web::test]
async fn a_slot_that_has_begun_is_neither_withdrawn_nor_changed() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let booked = slot(&app, &s, 1, 5).await;
    let empty = slot(&app, &s, 1, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &booked).await,
        201,
    )
    .await;
    let id = visit["id"].as_str().unwrap();
    s.advance(&app, Duration::minutes(90));
    let res = app
        .post_auth(
            &format!("/api/v1/provider/intro-slots/{booked}/withdraw"),
            &s.staff.token,
            &json!({"reason": "Ohjaaja sairastui"}),
        )
        .await;
    assert_eq!(json_of(res, 409).await["code"], "slot.started");
    let start = app.clock.now() + Duration::days(2);
    let res = app
        .send(
            Method::PUT,
            &format!("/api/v1/provider/intro-slots/{empty}"),
            &s.staff.token,
            Some(
                &json!({"site_id": s.site_id, "service": "rwa_basic", "starts_at": start,
                         "ends_at": start + Duration::hours(1), "capacity": 5,
                         "languages": ["fi"]}),
            ),
        )
        .await;
    assert_eq!(json_of(res, 409).await["code"], "slot.started");
    // The visit stands, its deadline stays done, and only its outcome applies.
    let own: Value = app
        .get_auth_json(
            &format!("/api/v1/clients/me/intro-visits/{id}"),
            &s.client.token,
        )
        .await;
    assert_eq!(own["status"], "booked");
    assert_eq!(intro_deadline(&app, &s).await["done"], true);
    let inbox: Value = app
        .get_auth_json("/api/v1/me/notifications", &s.client.token)
        .await;
    assert!(inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["kind"] != "visit_cancelled_by_provider"));
    let res = app
        .post_auth(
            &format!("/api/v1/provider/intro-visits/{id}/outcome"),
            &s.staff.token,
            &json!({"held": true}),
        )
        .await;
    assert_eq!(json_of(res, 200).await["visit"]["status"], "held");
}

#[actix_web::test]
async fn a_queue_place_starts_between_today_and_the_vouchers_last_day() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let id = held_visit(&app, &mut s).await;
    let voucher: Value = app
        .get_auth_json(
            &format!("/api/v1/clients/me/vouchers/{}", s.voucher_id),
            &s.client.token,
        )
        .await;
    let until: NaiveDate = voucher["valid_until"].as_str().unwrap().parse().unwrap();
    let url = format!("/api/v1/provider/intro-visits/{id}/queue");
    for wrong in [today(&app) - Duration::days(1), until + Duration::days(1)] {
        let res = app
            .send(
                Method::POST,
                &url,
                &s.staff.token,
                Some(&json!({"expected_start_on": wrong.to_string()})),
            )
            .await;
        let problem = json_of(res, 422).await;
        assert_eq!(problem["code"], "visit.queue_start_out_of_range");
        let detail = problem["detail"].as_str().unwrap();
        assert!(
            detail.contains(&until.to_string()) && !detail.contains('{'),
            "{detail}"
        );
    }
    let res = app
        .post_auth(
            &url,
            &s.staff.token,
            &json!({"expected_start_on": until.to_string()}),
        )
        .await;
    assert_eq!(json_of(res, 200).await["visit"]["status"], "queued");
}

/// The caseworker's notifications of `kind`.
async fn caseworker_notices(app: &TestApp, worker: &Person, kind: &str) -> Vec<Value> {
    let inbox: Value = app
        .get_auth_json_in("/api/v1/me/notifications", &worker.token, "en")
        .await;
    inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

#[actix_web::test]
async fn refusals_and_queue_places_reach_the_caseworker() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let id = held_visit(&app, &mut s).await;
    let explanation = "The work needs lifting that is not safe for the client.";
    let res = app
        .post_auth(
            &format!("/api/v1/provider/intro-visits/{id}/refuse"),
            &s.staff.token,
            &json!({"reason_code": "safety", "explanation": explanation}),
        )
        .await;
    json_of(res, 200).await;
    let told = caseworker_notices(&app, &s.worker, "client_refused").await;
    assert_eq!(told.len(), 1);
    let text = told[0]["text"].as_str().unwrap();
    assert!(
        text.contains("Aino Asiakas") && text.contains(explanation),
        "{text}"
    );
    // The caseworker opens what it is about.
    let href = told[0]["subject"]["href"].as_str().unwrap();
    let visit: Value = json_of(app.get_auth(href, &s.worker.token).await, 200).await;
    assert_eq!(visit["provider_explanation"], explanation);

    let mut q = setup(&app).await;
    let id = held_visit(&app, &mut q).await;
    let start = today(&app) + Duration::days(30);
    let res = app
        .post_auth(
            &format!("/api/v1/provider/intro-visits/{id}/queue"),
            &q.staff.token,
            &json!({"expected_start_on": start.to_string()}),
        )
        .await;
    json_of(res, 200).await;
    let told = caseworker_notices(&app, &q.worker, "client_queued").await;
    assert_eq!(told.len(), 1, "{told:?}");
    let href = told[0]["subject"]["href"].as_str().unwrap();
    assert_eq!(
        json_of(app.get_auth(href, &q.worker.token).await, 200).await["status"],
        "queued"
    );
    // Each caseworker hears of their own client only; the client's inbox has no city notice.
    s.worker.token = app.fresh_token(&s.worker);
    assert!(caseworker_notices(&app, &s.worker, "client_queued")
        .await
        .is_empty());
    let own: Value = app
        .get_auth_json("/api/v1/me/notifications", &q.client.token)
        .await;
    assert!(own["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["kind"] != "client_queued"));
}

#[actix_web::test]
async fn staff_reach_lapses_thirty_days_after_the_relation_ends() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let path = format!("/api/v1/clients/{}/intro-visits", s.client.id);
    // A visit booked far ahead is a live relation however long it waits.
    let far = slot(&app, &s, 60 * 24, 5).await;
    let first = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &far).await,
        201,
    )
    .await;
    s.advance(&app, Duration::days(40));
    json_of(app.get_auth(&path, &s.staff.token).await, 200).await;
    // Cancelled: reach stays for thirty days, then lapses.
    let res = app
        .delete_auth(
            &format!(
                "/api/v1/clients/me/intro-visits/{}",
                first["id"].as_str().unwrap()
            ),
            &s.client.token,
        )
        .await;
    json_of(res, 200).await;
    s.advance(&app, Duration::days(29));
    json_of(app.get_auth(&path, &s.staff.token).await, 200).await;
    s.advance(&app, Duration::days(2));
    let res = app.get_auth(&path, &s.staff.token).await;
    assert_eq!(json_of(res, 404).await["code"], "resource.not_found");
}

#[actix_web::test]
async fn staff_read_the_clients_helper_by_role_only() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let helper = app.sign_in(&random_test_code(), "Liisa Läheinen").await;
    let res = app
        .post_auth(
            "/api/v1/clients/me/mandates",
            &s.client.token,
            &json!({"proxy_personal_id": helper.code.as_str(), "proxy_name": "Liisa",
                    "scopes": ["view", "book_visits"],
                    "valid_until": (today(&app) + Duration::days(90)).to_string()}),
        )
        .await;
    let mandate = json_of(res, 201).await["id"].as_str().unwrap().to_string();
    let res = app
        .post_auth(
            &format!("/api/v1/caseworker/mandates/{mandate}/approve"),
            &s.worker.token,
            &json!({}),
        )
        .await;
    json_of(res, 200).await;
    let slot = slot(&app, &s, 48, 5).await;
    json_of(
        book(&app, &helper.token, &s.client.id, &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let path = format!("/api/v1/clients/{}/intro-visits", s.client.id);
    let read = |lang: &'static str| {
        let (app, token, path) = (&app, s.staff.token.clone(), path.clone());
        async move {
            app.get_auth_in(&path, &token, lang)
                .await
                .text()
                .await
                .unwrap()
        }
    };
    for revoked in [false, true] {
        if revoked {
            let res = app
                .delete_auth(
                    &format!("/api/v1/clients/me/mandates/{mandate}"),
                    &s.client.token,
                )
                .await;
            assert!(res.status().is_success());
        }
        let body = read("en").await;
        assert!(
            !body.contains(&helper.id) && !body.contains("Liisa"),
            "{body}"
        );
        let page: Value = serde_json::from_str(&body).unwrap();
        let event = &page["items"][0]["history"][0];
        assert!(event["actor"].is_null(), "{event}");
        assert_eq!(event["acting_as"], "proxy");
        assert_eq!(
            event["description"],
            "The client's helper booked the visit."
        );
    }
    // The client still reads who helped them.
    let own: Value = app
        .get_auth_json("/api/v1/clients/me/intro-visits", &s.client.token)
        .await;
    assert_eq!(
        own["items"][0]["history"][0]["actor"]["id"],
        helper.id.as_str()
    );
}

/// Issues a Kuopio group-coaching voucher for the closed group announced for 1 April 2026 to a
/// new client, decided (and so ordered) on `decided`.
async fn group_voucher(
    app: &TestApp,
    worker: &Person,
    decided: NaiveDate,
) -> crate::helpers::Response {
    let client = app
        .new_client_at("kuopio", "Ryhmä Asiakas", (62.8924, 27.6770))
        .await;
    let until = seteli::rulebooks::last_day_of(decided, 4);
    app.post_auth(
        "/api/v1/caseworker/vouchers",
        &app.fresh_token(worker),
        &json!({"client_id": client.id, "service": "sr_group",
                "decision_date": decided.to_string(), "valid_from": decided.to_string(),
                "valid_until": until.to_string(), "granted_units": 60, "per_week": 4,
                "hours_per_day": 2, "deadline_anchors": {"group_starts_on": "2026-04-01"}}),
    )
    .await
}

/// Kuopio's closed group (K §4), announced for Wednesday 1 April 2026: an under-filled group may
/// start up to ten working days later, Friday 17 April with Good Friday and Easter Monday off,
/// and new clients may join it until then.
#[actix_web::test]
async fn a_closed_group_is_late_only_after_its_delay_and_joined_only_within_its_window() {
    use chrono::TimeZone;
    let app = spawn_app().await;
    let at = |day: u32| chrono::Utc.with_ymd_and_hms(2026, 4, day, 9, 0, 0).unwrap();
    app.clock.set(at(1) - Duration::days(2));
    let mut worker = app
        .new_with_role(
            seteli::persons::Role::Caseworker,
            Some("kuopio"),
            "Ville Kuopio",
        )
        .await;
    json_of(group_voucher(&app, &worker, today(&app)).await, 201).await;
    let mut late_starts = Vec::new();
    for day in [2, 16, 17, 18] {
        app.clock.set(at(day));
        worker.token = app.fresh_token(&worker);
        let page: Value = app
            .get_auth_json("/api/v1/caseworker/deadlines", &worker.token)
            .await;
        for i in page["items"].as_array().unwrap() {
            if i["clock"] == "start" {
                late_starts.push((day, i["due"].clone(), i["days_late"].clone()));
            }
        }
    }
    assert_eq!(late_starts, [(18, json!("2026-04-17"), json!(1))]);
    // Ordered on the last day of the window, a client joins; the day after, and on the Monday
    // after the weekend, the group is closed.
    app.clock.set(at(17));
    json_of(group_voucher(&app, &worker, today(&app)).await, 201).await;
    for day in [18, 20] {
        app.clock.set(at(day));
        let res = group_voucher(&app, &worker, today(&app)).await;
        let problem = json_of(res, 422).await;
        assert_eq!(problem["code"], "voucher.group_join_closed");
        assert!(
            problem["detail"].as_str().unwrap().contains("2026-04-17"),
            "{problem}"
        );
    }
}

/// The caseworker hears when their client misses an intro visit or declines a queue place: the
/// client still needs a place, and the deadline runs.
#[actix_web::test]
async fn a_missed_visit_and_a_declined_queue_place_reach_the_caseworker() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    let id = booked_then_begun(&app, &mut s).await;
    let res = app
        .post_auth(
            &format!("/api/v1/provider/intro-visits/{id}/outcome"),
            &s.staff.token,
            &json!({"held": false, "reason": "client_absent"}),
        )
        .await;
    json_of(res, 200).await;
    let told = caseworker_notices(&app, &s.worker, "client_missed_visit").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0]["text"].as_str().unwrap().contains("Aino Asiakas"));
    // Not held because the provider could not receive the client: nothing for the city.
    let mut p = setup(&app).await;
    let id = booked_then_begun(&app, &mut p).await;
    let res = app
        .post_auth(
            &format!("/api/v1/provider/intro-visits/{id}/outcome"),
            &p.staff.token,
            &json!({"held": false, "reason": "provider_cancelled"}),
        )
        .await;
    json_of(res, 200).await;
    assert!(caseworker_notices(&app, &p.worker, "client_missed_visit")
        .await
        .is_empty());
    // A queue place declined.
    let mut q = setup(&app).await;
    let id = held_visit(&app, &mut q).await;
    let start = today(&app) + Duration::days(30);
    let res = app
        .post_auth(
            &format!("/api/v1/provider/intro-visits/{id}/queue"),
            &q.staff.token,
            &json!({"expected_start_on": start.to_string()}),
        )
        .await;
    json_of(res, 200).await;
    let res = app
        .post_auth(
            &format!("/api/v1/clients/me/intro-visits/{id}/queue"),
            &q.client.token,
            &json!({"accept": false}),
        )
        .await;
    json_of(res, 200).await;
    let told = caseworker_notices(&app, &q.worker, "client_declined_queue").await;
    assert_eq!(told.len(), 1, "{told:?}");
}
