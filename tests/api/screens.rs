//! The screens an app builds from one call each: a search hit says when the provider can next
//! receive the client, the public slot list pages and filters, the client's and the staff's home
//! screens, the caseworker's contact on the voucher, and a deadlines page that is never empty
//! while another follows.

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use seteli::clock::Clock;

use crate::helpers::{json_of, spawn_app, Person, TestApp};
use crate::visits::{book, provider, setup, slot, Setup};

/// A second client of the caseworker, at the same home, with a voucher of their own.
async fn another_client(app: &TestApp, s: &Setup, name: &str) -> (Person, String) {
    let other = app.new_client("heinola", name).await;
    let voucher = crate::matrix::voucher(app, &other, &s.worker).await;
    (other, voucher)
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn a_search_hit_tells_when_the_provider_can_next_receive_the_client() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let (_, _, _) = provider(&app, &s.worker, "rwa_basic", (61.22, 26.02)).await;
    let full = slot(&app, &s, 48, 1).await;
    let next = slot(&app, &s, 72, 2).await;
    slot(&app, &s, 20 * 24, 2).await;
    let (other, voucher) = another_client(&app, &s, "Olli Toinen").await;
    json_of(book(&app, &other.token, "me", &voucher, &full).await, 201).await;

    let path = format!("/api/v1/clients/me/vouchers/{}/providers", s.voucher_id);
    let page = json_of(app.get_auth_in(&path, &s.client.token, "en").await, 200).await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{page}");
    let hit = |id: &str| {
        items
            .iter()
            .find(|i| i["provider"]["id"] == id)
            .unwrap_or_else(|| panic!("no hit for {id}: {page}"))
    };
    let soon = &hit(&s.provider_id)["intro_slots"];
    let slots = json_of(
        app.get_auth(
            &format!("/api/v1/provider/intro-slots/{next}"),
            &s.staff.token,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        soon["next_starts_at"], slots["starts_at"],
        "a full slot is skipped"
    );
    assert_eq!(soon["within_14_days"], 1, "the slot in 20 days is not soon");
    assert!(soon["next"].as_str().unwrap().contains(" at "), "{soon}");
    let other = items
        .iter()
        .find(|i| i["provider"]["id"] != s.provider_id.as_str());
    let none = &other.unwrap()["intro_slots"];
    assert_eq!(none["next_starts_at"], Value::Null);
    assert_eq!(none["within_14_days"], 0);
}

#[actix_web::test]
async fn public_slots_come_soonest_first_a_page_at_a_time_filtered_by_service_and_day() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    // Monday 9.00 UTC: slots on Tuesday to Saturday at the same hour, published out of order.
    let mut published = Vec::new();
    for day in [3, 1, 5, 2, 4] {
        published.push((day, slot(&app, &s, 24 * day, 2).await));
    }
    published.sort();
    let soonest: Vec<String> = published.into_iter().map(|(_, id)| id).collect();
    let base = format!("/api/v1/providers/{}/intro-slots", s.provider_id);
    let list = |query: String| {
        let app = &app;
        let path = format!("{base}{query}");
        async move { app.http.get(app.url(&path)).send().await.unwrap() }
    };

    let mut seen = Vec::new();
    let mut query = "?limit=2".to_string();
    loop {
        let page = json_of(list(query.clone()).await, 200).await;
        assert!(ids(&page).len() <= 2);
        assert!(!ids(&page).is_empty(), "no empty page before the end");
        seen.extend(ids(&page));
        match page["next_after"].as_str() {
            Some(after) => query = format!("?limit=2&after={after}"),
            None => break,
        }
    }
    assert_eq!(seen, soonest);

    // Wednesday to Friday, in Helsinki days.
    let page = json_of(list("?from=2026-03-04&until=2026-03-06".into()).await, 200).await;
    assert_eq!(ids(&page), soonest[1..4].to_vec());
    let page = json_of(list("?service=rwa_basic&limit=1".into()).await, 200).await;
    assert_eq!(ids(&page), soonest[..1].to_vec());
    let page = json_of(list("?service=sr_group".into()).await, 200).await;
    assert!(ids(&page).is_empty());
    for bad in [
        "?from=2026-03-06&until=2026-03-04",
        "?from=3026-01-01",
        "?limit=0",
    ] {
        let problem = json_of(list(bad.into()).await, 400).await;
        assert_eq!(problem["code"], "request.invalid_query", "{bad}");
    }
}

/// The client's home, as the client reads it.
async fn home(app: &TestApp, s: &Setup) -> Value {
    app.get_auth_json_in("/api/v1/clients/me/home", &s.client.token, "en")
        .await
}

#[actix_web::test]
async fn the_client_home_shows_in_one_call_what_the_wallet_visits_and_inbox_say() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;

    // A new voucher: choose a provider and book an intro visit, by the rulebook's day.
    let first = home(&app, &s).await;
    assert_eq!(first["client"]["id"], s.client.id.as_str());
    assert_eq!(first["vouchers"][0]["id"], s.voucher_id.as_str());
    assert_eq!(first["vouchers"][0]["status"], "active");
    assert_eq!(first["next_visit"], Value::Null);
    assert_eq!(first["unread_notifications"], 0);
    let todo = &first["to_do"][0];
    assert_eq!(todo["kind"], "book_intro_visit", "{first}");
    assert_eq!(todo["overdue"], false);
    let search = todo["link"]["href"].as_str().unwrap();
    json_of(app.get_auth(search, &s.client.token).await, 200).await;
    let voucher = first["vouchers"][0]["href"].as_str().unwrap();
    json_of(app.get_auth(voucher, &s.client.token).await, 200).await;

    // Booked: the visit is next, the inbox has its confirmation, the to-do is done.
    let when = slot(&app, &s, 2, 5).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &when).await,
        201,
    )
    .await;
    let booked = home(&app, &s).await;
    assert_eq!(booked["next_visit"]["id"], visit["id"]);
    assert_eq!(booked["unread_notifications"], 1);
    let kinds: Vec<&Value> = booked["to_do"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["kind"])
        .collect();
    assert!(!kinds.contains(&&json!("book_intro_visit")), "{booked}");

    // The caseworker reads the same screen but not the client's inbox.
    let theirs: Value = app
        .get_auth_json(
            &format!("/api/v1/clients/{}/home", s.client.id),
            &s.worker.token,
        )
        .await;
    assert_eq!(theirs["next_visit"]["id"], visit["id"]);
    assert_eq!(theirs["unread_notifications"], Value::Null);

    // After the visit the provider offers a queue place: answering it comes first.
    s.advance(&app, Duration::hours(3));
    let id = visit["id"].as_str().unwrap();
    let url = |what: &str| format!("/api/v1/provider/intro-visits/{id}/{what}");
    let held = app
        .post_auth(&url("outcome"), &s.staff.token, &json!({"held": true}))
        .await;
    json_of(held, 200).await;
    let start = seteli::clock::helsinki_date(app.clock.now()) + Duration::days(40);
    let body = json!({"expected_start_on": start.to_string()});
    json_of(
        app.post_auth(&url("queue"), &s.staff.token, &body).await,
        200,
    )
    .await;
    let queued = home(&app, &s).await;
    assert_eq!(queued["next_visit"], Value::Null, "the visit is past");
    let offer = queued["to_do"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "answer_queue_offer")
        .unwrap_or_else(|| panic!("no queue offer to answer: {queued}"));
    assert_eq!(offer["link"]["kind"], "intro_visit");
    assert_eq!(offer["link"]["id"], id);
}

#[actix_web::test]
async fn the_staff_home_shows_todays_slots_with_their_bookings() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    // Monday 9.00 UTC is 11.00 in Helsinki: a slot at 13.00 today, one tomorrow.
    let today = slot(&app, &s, 2, 3).await;
    slot(&app, &s, 24, 3).await;
    json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &today).await,
        201,
    )
    .await;
    let home: Value = app
        .get_auth_json("/api/v1/provider/home", &s.staff.token)
        .await;
    assert_eq!(home["date"], "2026-03-02");
    let slots = home["intro_slots_today"].as_array().unwrap();
    assert_eq!(slots.len(), 1, "{home}");
    assert_eq!(slots[0]["id"], today.as_str());
    assert_eq!(
        slots[0]["bookings"][0]["client"]["id"],
        s.client.id.as_str()
    );
    let other = uuid::Uuid::now_v7();
    let res = app
        .get_auth(
            &format!("/api/v1/provider/home?provider_id={other}"),
            &s.staff.token,
        )
        .await;
    assert_eq!(res.status(), 404);
}

#[actix_web::test]
async fn the_voucher_tells_how_to_reach_the_caseworker() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let set = |token: String, body: Value| {
        let app = &app;
        async move {
            app.send(Method::PUT, "/api/v1/me/work-contact", &token, Some(&body))
                .await
        }
    };
    let saved = json_of(
        set(
            s.worker.token.clone(),
            json!({"phone": " 044 000 0101 ", "email": "helena@heinola.example"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(saved["phone"], "044 000 0101");
    let path = format!("/api/v1/clients/me/vouchers/{}", s.voucher_id);
    let voucher = json_of(app.get_auth(&path, &s.client.token).await, 200).await;
    assert_eq!(voucher["caseworker"]["phone"], "044 000 0101");
    assert_eq!(voucher["caseworker"]["email"], "helena@heinola.example");

    let problem = json_of(
        set(s.worker.token.clone(), json!({"phone": "call me"})).await,
        422,
    )
    .await;
    assert_eq!(problem["code"], "contact.invalid");
    assert_eq!(problem["field"], "phone");
    let res = set(s.client.token.clone(), json!({"phone": "044 000 0101"})).await;
    assert_eq!(res.status(), 403);
    // Cleared, the contact is gone from the voucher too.
    json_of(set(s.worker.token.clone(), json!({})).await, 200).await;
    let voucher = json_of(app.get_auth(&path, &s.client.token).await, 200).await;
    assert_eq!(voucher["caseworker"]["phone"], Value::Null);
}

#[actix_web::test]
async fn a_deadlines_page_is_never_empty_while_another_follows() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    // Five vouchers in the order issued; three of their clients book in time.
    let mut clients = vec![(
        s.client.id.clone(),
        s.client.token.clone(),
        s.voucher_id.clone(),
    )];
    for name in ["Bea", "Cai", "Dan", "Eve"] {
        let (other, voucher) = another_client(&app, &s, name).await;
        clients.push((other.id, other.token, voucher));
    }
    let when = slot(&app, &s, 48, 5).await;
    for (_, token, voucher) in &clients[1..4] {
        json_of(book(&app, token, "me", voucher, &when).await, 201).await;
    }
    // Heinola: the intro visit within 7 days. On the 8th day the first and the last are late.
    s.advance(&app, Duration::days(8));
    let mut pages = Vec::new();
    let mut query = "?limit=1".to_string();
    loop {
        let page: Value = app
            .get_auth_json(
                &format!("/api/v1/caseworker/deadlines{query}"),
                &s.worker.token,
            )
            .await;
        let items = page["items"].as_array().unwrap().clone();
        let next = page["next_after"].as_str().map(str::to_string);
        assert!(
            !items.is_empty() || next.is_none(),
            "an empty page with a next one: {page}"
        );
        pages.push(items);
        match next {
            Some(after) => query = format!("?limit=1&after={after}"),
            None => break,
        }
    }
    let late: Vec<&Value> = pages.iter().flatten().map(|i| &i["client"]["id"]).collect();
    assert_eq!(
        late,
        [&json!(clients[0].0), &json!(clients[4].0)],
        "{pages:?}"
    );
    assert_eq!(pages.len(), 2, "no last page that is empty");
}
