//! Moving and retrying a booking, as a phone on a weak connection does: a move is one step that
//! keeps the old place until the new one is taken, a retried cancel finds its work done, a second
//! booking names the first, and what was created says where it is.

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use seteli::clock::Clock;

use crate::helpers::{json_of, spawn_app, TestApp};
use crate::visits::{book, booked_places, provider, setup, slot, Setup};

/// The visit's address, as the answers name it.
fn visit_path(s: &Setup, id: &str) -> String {
    format!("/api/v1/clients/{}/intro-visits/{id}", s.client.id)
}

async fn move_to(app: &TestApp, s: &Setup, visit: &str, slot: &str) -> crate::helpers::Response {
    app.send(
        Method::PATCH,
        &visit_path(s, visit),
        &s.client.token,
        Some(&json!({ "slot_id": slot })),
    )
    .await
}

/// The client's notifications of `kind`, newest first.
async fn notices(app: &TestApp, s: &Setup, kind: &str) -> Vec<Value> {
    let inbox: Value = app
        .get_auth_json("/api/v1/me/notifications", &s.client.token)
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
async fn a_visit_moves_in_one_step_or_stays_where_it_was() {
    let app = spawn_app().await;
    let mut s = setup(&app).await;
    // Monday 9.00 UTC: slots on Wednesday, Thursday and Friday.
    let wednesday = slot(&app, &s, 48, 2).await;
    let thursday = slot(&app, &s, 72, 1).await;
    let friday = slot(&app, &s, 96, 1).await;

    // The booking says where it is, and that address reads it.
    let res = book(&app, &s.client.token, "me", &s.voucher_id, &wednesday).await;
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let visit = json_of(res, 201).await;
    let id = visit["id"].as_str().unwrap().to_string();
    assert_eq!(location, visit_path(&s, &id));
    let read = json_of(app.get_auth(&location, &s.client.token).await, 200).await;
    assert_eq!(read["starts_at"], visit["starts_at"]);

    // Friday is full: the move fails and the visit keeps its Wednesday place.
    let other = app.new_client("heinola", "Olli Toinen").await;
    let other_voucher = crate::matrix::voucher(&app, &other, &s.worker).await;
    json_of(
        book(&app, &other.token, "me", &other_voucher, &friday).await,
        201,
    )
    .await;
    let res = move_to(&app, &s, &id, &friday).await;
    assert_eq!(json_of(res, 409).await["code"], "visit.slot_full");
    let kept = json_of(app.get_auth(&location, &s.client.token).await, 200).await;
    assert_eq!(kept["starts_at"], visit["starts_at"]);
    assert_eq!(kept["status"], "booked");
    assert_eq!(booked_places(&app, &wednesday), 1);
    assert_eq!(booked_places(&app, &friday), 1);

    // The day before Wednesday the client is reminded; then moves to Thursday.
    s.advance(&app, Duration::days(1));
    seteli::visits::remind::sweep(&app.state.db, app.clock.now()).unwrap();
    assert_eq!(notices(&app, &s, "visit_reminder").await.len(), 1);
    let res = move_to(&app, &s, &id, &thursday).await;
    let moved = json_of(res, 200).await;
    assert_eq!(moved["id"], id.as_str());
    assert_eq!(moved["status"], "booked");
    assert_ne!(moved["starts_at"], visit["starts_at"]);
    assert_eq!(booked_places(&app, &wednesday), 0);
    assert_eq!(booked_places(&app, &thursday), 1);
    let history = moved["history"].as_array().unwrap();
    assert_eq!(history.len(), 2, "booked, then moved: {history:?}");
    assert_eq!(history[1]["status"], "booked");

    // Sent again after a lost answer, the move changes nothing.
    let again = json_of(move_to(&app, &s, &id, &thursday).await, 200).await;
    assert_eq!(again["history"].as_array().unwrap().len(), 2);
    assert_eq!(booked_places(&app, &thursday), 1);

    // The inbox tells the new time and links to the visit; the day before, a new reminder.
    let told = notices(&app, &s, "visit_moved").await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0]["subject"]["kind"], "intro_visit");
    assert_eq!(told[0]["subject"]["id"], id.as_str());
    assert_eq!(told[0]["subject"]["href"], location.as_str());
    s.advance(&app, Duration::days(1));
    seteli::visits::remind::sweep(&app.state.db, app.clock.now()).unwrap();
    assert_eq!(notices(&app, &s, "visit_reminder").await.len(), 2);

    // Another provider's slot is another visit, not a move.
    let (_, site, staff) = provider(&app, &s.worker, "rwa_basic", (61.22, 26.02)).await;
    let start = app.clock.now() + Duration::days(3);
    let elsewhere = json_of(
        app.post_auth(
            "/api/v1/provider/intro-slots",
            &staff.token,
            &json!({"site_id": site, "service": "rwa_basic", "starts_at": start,
                    "ends_at": start + Duration::hours(1), "capacity": 3,
                    "languages": ["fi"]}),
        )
        .await,
        201,
    )
    .await;
    let res = move_to(&app, &s, &id, elsewhere["id"].as_str().unwrap()).await;
    assert_eq!(json_of(res, 422).await["code"], "visit.move_other_provider");

    // Once it has begun, it stays.
    s.advance(&app, Duration::hours(25));
    let res = move_to(&app, &s, &id, &friday).await;
    assert_eq!(json_of(res, 409).await["code"], "visit.started");
}

#[actix_web::test]
async fn a_second_cancel_answers_the_cancelled_visit_and_frees_one_place() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let slot = slot(&app, &s, 48, 3).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let other = app.new_client("heinola", "Olli Toinen").await;
    let other_voucher = crate::matrix::voucher(&app, &other, &s.worker).await;
    json_of(
        book(&app, &other.token, "me", &other_voucher, &slot).await,
        201,
    )
    .await;
    assert_eq!(booked_places(&app, &slot), 2);

    let path = visit_path(&s, visit["id"].as_str().unwrap());
    let first = json_of(app.delete_auth(&path, &s.client.token).await, 200).await;
    assert_eq!(first["status"], "cancelled");
    // The answer was lost; the phone sends the cancel again.
    let second = json_of(app.delete_auth(&path, &s.client.token).await, 200).await;
    assert_eq!(second["status"], "cancelled");
    assert_eq!(second["history"], first["history"]);
    assert_eq!(
        booked_places(&app, &slot),
        1,
        "the other client keeps theirs"
    );
}

#[actix_web::test]
async fn a_second_booking_with_the_provider_names_the_first() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let one = slot(&app, &s, 48, 3).await;
    let two = slot(&app, &s, 72, 3).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &one).await,
        201,
    )
    .await;
    let problem = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &two).await,
        409,
    )
    .await;
    assert_eq!(problem["code"], "visit.already_booked");
    assert_eq!(problem["conflict"]["kind"], "intro_visit");
    assert_eq!(problem["conflict"]["id"], visit["id"]);
    let existing = problem["conflict"]["href"].as_str().unwrap();
    let read = json_of(app.get_auth(existing, &s.client.token).await, 200).await;
    assert_eq!(read["id"], visit["id"]);
    assert_eq!(booked_places(&app, &two), 0);
}
