//! The rules of an intro visit that read dates and relations (issue 26): a late mark read from
//! the deadline in force, a booking before the voucher's first day and never after its last,
//! a slot that has begun, a queue start within the voucher, the city told of refusals and queue
//! places, and staff whose reach lapses after the relation ends.

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};
use seteli::clock::{helsinki_date, Clock};

use crate::helpers::{json_of, spawn_app, TestApp};
use crate::visits::{book, setup, slot, Setup};

fn today(app: &TestApp) -> NaiveDate {
    helsinki_date(app.clock.now())
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
