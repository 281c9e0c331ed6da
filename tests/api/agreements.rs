//! The agreement's life through the API: the client confirms it, either side proposes ending it
//! and the caseworker decides, the city ends it, a cancelled voucher ends it, staff record
//! interruptions and the documents their duties ask, and the caseworker's inbox hears of it all.

use chrono::Duration;
use serde_json::{json, Value};
use seteli::clock::Clock;

use crate::helpers::{json_of, TestApp};
use crate::visits::{book, provider, setup, slot, Setup};

/// A held visit at the setup's provider, accepted with an agreement from tomorrow to the
/// voucher's end: its id.
async fn accepted(app: &TestApp, s: &mut Setup, body: Value) -> (String, crate::helpers::Response) {
    let slot = slot(app, s, 2, 3).await;
    let visit = json_of(
        book(app, &s.client.token, "me", &s.voucher_id, &slot).await,
        201,
    )
    .await;
    let id = visit["id"].as_str().unwrap().to_string();
    s.advance(app, Duration::hours(3));
    let url = |what: &str| format!("/api/v1/provider/intro-visits/{id}/{what}");
    let held = app
        .post_auth(&url("outcome"), &s.staff.token, &json!({"held": true}))
        .await;
    json_of(held, 200).await;
    let res = app.post_auth(&url("accept"), &s.staff.token, &body).await;
    (id, res)
}

fn terms(app: &TestApp) -> Value {
    let today = seteli::clock::helsinki_date(app.clock.now());
    json!({"starts_on": (today + Duration::days(1)).to_string(),
           "days_per_week": 2, "hours_per_day": 5, "goals": "Päivärytmi.",
           "responsible_person": "Olli Ohjaaja", "instructor": "Iida Ohjaaja"})
}

async fn agreement(app: &TestApp, s: &mut Setup) -> String {
    let (_, res) = accepted(app, s, terms(app)).await;
    json_of(res, 200).await["agreement"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn kinds(app: &TestApp, token: &str) -> Vec<String> {
    let page: Value = app.get_auth_json("/api/v1/me/notifications", token).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

async fn inbox(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let page: Value = app
        .get_auth_json(&format!("/api/v1/caseworker/inbox{query}"), token)
        .await;
    page["items"].as_array().unwrap().clone()
}

fn day(app: &TestApp, days: i64) -> String {
    (seteli::clock::helsinki_date(app.clock.now()) + Duration::days(days)).to_string()
}

#[actix_web::test]
async fn the_client_confirms_the_terms_and_the_provider_hears_of_it() {
    let app = crate::helpers::spawn_app().await;
    let mut s = setup(&app).await;
    let id = agreement(&app, &mut s).await;
    let url = format!("/api/v1/clients/me/agreements/{id}");
    let shown: Value = app.get_auth_json_in(&url, &s.client.token, "en").await;
    assert_eq!(shown["agreement"]["state"], "awaiting_confirmation");
    assert!(
        shown["next_step"].as_str().unwrap().contains("confirm"),
        "{shown}"
    );
    let confirm = format!("{url}/confirm");
    let done = json_of(
        app.post_auth(&confirm, &s.client.token, &json!(null)).await,
        200,
    )
    .await;
    assert_eq!(done["agreement"]["state"], "in_force");
    // Again: nothing changes, nobody is told twice.
    json_of(
        app.post_auth(&confirm, &s.client.token, &json!(null)).await,
        200,
    )
    .await;
    let told = kinds(&app, &s.staff.token).await;
    let confirmed = told.iter().filter(|k| *k == "agreement_confirmed").count();
    assert_eq!(confirmed, 1, "{told:?}");
    let history: Vec<&str> = done["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["made", "confirmed"]);
}

#[actix_web::test]
async fn an_ending_waits_for_the_caseworkers_consent() {
    let app = crate::helpers::spawn_app().await;
    let mut s = setup(&app).await;
    let id = agreement(&app, &mut s).await;
    let propose = format!("/api/v1/clients/me/agreements/{id}/ending");
    let body = |reason: &str, days: i64| {
        json!({"reason": reason, "explanation": "Matka vie yli kolme tuntia päivässä.",
               "last_day": day(&app, days)})
    };
    // The client gives the client's reasons (H §5.4), within the agreement's days.
    let res = app
        .post_auth(&propose, &s.client.token, &body("substance_use", 14))
        .await;
    assert_eq!(
        res.status(),
        400,
        "a provider's ground is not the client's to give"
    );
    let res = app
        .post_auth(&propose, &s.client.token, &body("travel", -1))
        .await;
    assert_eq!(json_of(res, 422).await["code"], "agreement.ending_day");
    let proposed = json_of(
        app.post_auth(&propose, &s.client.token, &body("travel", 14))
            .await,
        200,
    )
    .await;
    assert_eq!(proposed["ending"]["side"], "client");
    // It stays in force until the caseworker decides; the same proposal again changes nothing.
    assert_eq!(
        proposed["agreement"]["last_day"],
        proposed["agreement"]["ends_on"]
    );
    json_of(
        app.post_auth(&propose, &s.client.token, &body("travel", 14))
            .await,
        200,
    )
    .await;
    // The provider cannot add another while it waits.
    let staff_url = format!("/api/v1/provider/agreements/{id}/ending");
    let res = app
        .post_auth(&staff_url, &s.staff.token, &body("other", 20))
        .await;
    let conflict = json_of(res, 409).await;
    assert_eq!(conflict["code"], "agreement.ending_pending");
    assert_eq!(conflict["conflict"]["id"], id.as_str());
    // The caseworker and the provider hear of it; the caseworker's inbox says what to do.
    assert!(kinds(&app, &s.worker.token)
        .await
        .contains(&"agreement_ending_proposed".into()));
    assert!(kinds(&app, &s.staff.token)
        .await
        .contains(&"agreement_ending_proposed".into()));
    let rows = inbox(&app, &s.worker.token, "?kind=ending_proposed").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["subject"]["id"], id.as_str());
    assert!(rows[0]["summary"]
        .as_str()
        .unwrap()
        .contains("Aino Asiakas"));
    // Declining needs a reason; then it goes on, and both sides are told.
    let decline = format!("/api/v1/caseworker/agreements/{id}/ending/decline");
    let res = app.post_auth(&decline, &s.worker.token, &json!({})).await;
    assert_eq!(json_of(res, 400).await["code"], "request.missing_field");
    let declined = json_of(
        app.post_auth(
            &decline,
            &s.worker.token,
            &json!({"reason": "Kokeillaan kuukausi vielä."}),
        )
        .await,
        200,
    )
    .await;
    assert!(declined["ending"].is_null());
    assert!(kinds(&app, &s.client.token)
        .await
        .contains(&"agreement_ending_declined".into()));
    assert!(inbox(&app, &s.worker.token, "?kind=ending_proposed")
        .await
        .is_empty());
    // Proposed again and consented: it ends on the day proposed, not before.
    json_of(
        app.post_auth(&propose, &s.client.token, &body("travel", 14))
            .await,
        200,
    )
    .await;
    let consent = format!("/api/v1/caseworker/agreements/{id}/ending/consent");
    let res = app.post_auth(&consent, &s.worker.token, &json!({})).await;
    let consented = json_of(res, 200).await;
    assert_eq!(consented["agreement"]["last_day"], day(&app, 14));
    assert_eq!(consented["agreement"]["state"], "awaiting_confirmation");
    // Sent again, the consent finds its work done; a decline comes too late.
    let again = json_of(
        app.post_auth(&consent, &s.worker.token, &json!({})).await,
        200,
    )
    .await;
    assert_eq!(again["agreement"]["last_day"], day(&app, 14));
    let late = json!({"reason": "Ei sittenkään."});
    let res = app.post_auth(&decline, &s.worker.token, &late).await;
    assert_eq!(json_of(res, 409).await["code"], "agreement.ended");
    s.advance(&app, Duration::days(15));
    let url = format!("/api/v1/clients/me/agreements/{id}");
    let ended: Value = app.get_auth_json_in(&url, &s.client.token, "en").await;
    assert_eq!(ended["agreement"]["state"], "ended");
    assert_eq!(ended["agreement"]["ended"]["reason"], "terminated");
    let texts: Vec<&str> = ended["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("You proposed ending it")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("The caseworker consented")),
        "{texts:?}"
    );
    // Once ended, nothing more is proposed.
    let res = app
        .post_auth(&propose, &s.client.token, &body("travel", 1))
        .await;
    assert_eq!(json_of(res, 409).await["code"], "agreement.ended");
}

#[actix_web::test]
async fn another_provider_takes_the_client_only_after_the_city_consents() {
    let app = crate::helpers::spawn_app().await;
    let mut s = setup(&app).await;
    let first = agreement(&app, &mut s).await;
    // A second provider near home, visited too.
    let (_, site, staff) = provider(&app, &s.worker, "rwa_basic", (61.205, 26.005)).await;
    s.site_id = site;
    let first_staff = std::mem::replace(&mut s.staff, staff);
    let (visit, res) = accepted(&app, &mut s, terms(&app)).await;
    let conflict = json_of(res, 409).await;
    assert_eq!(conflict["code"], "agreement.in_force_elsewhere");
    assert_eq!(conflict["conflict"]["id"], first.as_str());
    // Nothing changed at the first provider.
    let url = format!("/api/v1/clients/me/agreements/{first}");
    let shown: Value = app.get_auth_json(&url, &s.client.token).await;
    assert!(shown["agreement"]["ended"].is_null());
    // The client asks to change place (H §5.4), the caseworker consents (H §5.5)…
    let propose = format!("{url}/ending");
    let body = json!({"reason": "service_differs", "explanation": "Haluan puutöihin.",
                      "last_day": day(&app, 0)});
    json_of(app.post_auth(&propose, &s.client.token, &body).await, 200).await;
    let consent = format!("/api/v1/caseworker/agreements/{first}/ending/consent");
    json_of(
        app.post_auth(&consent, &s.worker.token, &json!({})).await,
        200,
    )
    .await;
    // …and the second provider may take the client.
    let accept = format!("/api/v1/provider/intro-visits/{visit}/accept");
    let res = app.post_auth(&accept, &s.staff.token, &terms(&app)).await;
    json_of(res, 200).await;
    let token = app.fresh_token(&first_staff);
    assert!(kinds(&app, &token)
        .await
        .contains(&"agreement_ending_consented".into()));
}

#[actix_web::test]
async fn a_cancelled_voucher_ends_its_agreement_and_takes_no_new_one() {
    let app = crate::helpers::spawn_app().await;
    let mut s = setup(&app).await;
    let id = agreement(&app, &mut s).await;
    let res = app
        .patch_auth(
            &format!("/api/v1/caseworker/vouchers/{}", s.voucher_id),
            &s.worker.token,
            &json!({"op": "cancel", "reason": "Asiakas muutti pois."}),
        )
        .await;
    json_of(res, 200).await;
    let url = format!("/api/v1/clients/me/agreements/{id}");
    let shown: Value = app.get_auth_json(&url, &s.client.token).await;
    assert_eq!(shown["agreement"]["state"], "ended");
    assert_eq!(shown["agreement"]["ended"]["reason"], "voucher_cancelled");
    assert!(kinds(&app, &s.staff.token)
        .await
        .contains(&"agreement_ended".into()));
    assert!(kinds(&app, &s.client.token)
        .await
        .contains(&"agreement_ended".into()));
    // A visit held before the cancellation makes no agreement on it (H §5.3).
    let visit = {
        let mut conn = app.state.db.get().unwrap();
        let v =
            seteli::visits::repo::voucher_visits(&mut conn, std::slice::from_ref(&s.voucher_id))
                .unwrap();
        v[&s.voucher_id][0].id.clone()
    };
    {
        use diesel::prelude::*;
        use seteli::db::schema::intro_visits;
        let mut conn = app.state.db.get().unwrap();
        diesel::update(intro_visits::table.find(&visit))
            .set(intro_visits::status.eq("held"))
            .execute(&mut conn)
            .unwrap();
    }
    let accept = format!("/api/v1/provider/intro-visits/{visit}/accept");
    let res = app.post_auth(&accept, &s.staff.token, &terms(&app)).await;
    assert_eq!(
        json_of(res, 409).await["code"],
        "agreement.voucher_not_valid"
    );
}

#[actix_web::test]
async fn a_remote_meeting_is_refused_where_the_rulebook_has_no_price_tiers() {
    let app = crate::helpers::spawn_app().await;
    let mut s = setup(&app).await;
    let mut body = terms(&app);
    body["meeting_place"] = json!({"remote": true});
    let (_, res) = accepted(&app, &mut s, body).await;
    let problem = json_of(res, 422).await;
    assert_eq!(problem["code"], "agreement.term_not_applicable");
}

#[actix_web::test]
async fn the_duties_fall_due_by_the_rulebook_and_a_late_one_reaches_the_inbox() {
    let app = crate::helpers::spawn_app().await;
    let mut s = setup(&app).await;
    let id = agreement(&app, &mut s).await;
    let url = format!("/api/v1/clients/me/agreements/{id}");
    let shown: Value = app.get_auth_json_in(&url, &s.client.token, "en").await;
    let starts = chrono::NaiveDate::parse_from_str(
        shown["agreement"]["starts_on"].as_str().unwrap(),
        "%Y-%m-%d",
    )
    .unwrap();
    let duties = shown["duties"].as_array().unwrap();
    // Heinola: an interim assessment every 3 months from the start (H §1.7).
    let first = &duties[0];
    assert_eq!(first["kind"], "interim_assessment");
    let due = starts.checked_add_months(chrono::Months::new(3)).unwrap();
    assert_eq!(first["due_on"], due.to_string());
    assert_eq!(first["state"], "upcoming");
    assert!(first["text"]
        .as_str()
        .unwrap()
        .starts_with("Interim assessment: due by"));
    // The final assessment two weeks before the end, preferably three (H §1.7, §2).
    let last = duties.last().unwrap();
    assert_eq!(last["kind"], "final_assessment");
    let ends = chrono::NaiveDate::parse_from_str(
        shown["agreement"]["ends_on"].as_str().unwrap(),
        "%Y-%m-%d",
    )
    .unwrap();
    assert_eq!(last["due_on"], (ends - Duration::days(14)).to_string());
    assert_eq!(
        last["preferably_by"],
        (ends - Duration::days(21)).to_string()
    );
    // Eight days before the due date nothing is in the inbox; seven days before, it is due.
    let today = seteli::clock::helsinki_date(app.clock.now());
    s.advance(&app, Duration::days((due - today).num_days() - 8));
    assert!(inbox(&app, &s.worker.token, "?kind=duty_due")
        .await
        .is_empty());
    s.advance(&app, Duration::days(1));
    let rows = inbox(&app, &s.worker.token, "?kind=duty_due").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    // The day after, it is late.
    s.advance(&app, Duration::days(8));
    let rows = inbox(&app, &s.worker.token, "").await;
    assert_eq!(rows[0]["kind"], "duty_overdue", "{rows:?}");
    assert_eq!(rows[0]["date"], due.to_string());
    // The caseworker and the provider's staff are told once, however often the sweep looks.
    for _ in 0..2 {
        let mut conn = app.state.db.get().unwrap();
        seteli::agreements::remind::sweep(&mut conn, app.clock.now()).unwrap();
    }
    for token in [&s.worker.token, &s.staff.token] {
        let told = kinds(&app, token).await;
        let late = told
            .iter()
            .filter(|k| *k == "agreement_duty_overdue")
            .count();
        assert_eq!(late, 1, "{told:?}");
    }
    // Recorded now, it is done late; the client and the caseworker read of it.
    let res = app
        .post_auth(
            &format!("/api/v1/provider/agreements/{id}/documents"),
            &s.staff.token,
            &json!({"kind": "interim_assessment", "title": "Väliarvio",
                    "body": "Aino on oppinut paljon.", "written_on": day(&app, 0)}),
        )
        .await;
    let recorded = json_of(res, 201).await;
    assert_eq!(recorded["duties"][0]["state"], "done_late");
    assert_eq!(recorded["documents"][0]["title"], "Väliarvio");
    assert!(inbox(&app, &s.worker.token, "?kind=duty_overdue")
        .await
        .is_empty());
    assert!(kinds(&app, &s.client.token)
        .await
        .contains(&"agreement_document".into()));
    assert!(kinds(&app, &s.worker.token)
        .await
        .contains(&"agreement_document".into()));
    // A document dated in the future is refused.
    let res = app
        .post_auth(
            &format!("/api/v1/provider/agreements/{id}/documents"),
            &s.staff.token,
            &json!({"kind": "other", "title": "Muistio", "body": "x", "written_on": day(&app, 1)}),
        )
        .await;
    assert_eq!(json_of(res, 422).await["code"], "agreement.day_outside");
}

#[actix_web::test]
async fn an_interruption_and_the_citys_end_are_told() {
    let app = crate::helpers::spawn_app().await;
    let mut s = setup(&app).await;
    let id = agreement(&app, &mut s).await;
    s.advance(&app, Duration::days(5));
    let res = app
        .post_auth(
            &format!("/api/v1/provider/agreements/{id}/interruptions"),
            &s.staff.token,
            &json!({"on": day(&app, -1), "explanation": "Aino ei ole tullut kolmeen päivään."}),
        )
        .await;
    let shown = json_of(res, 201).await;
    assert!(shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "interrupted"));
    assert!(kinds(&app, &s.worker.token)
        .await
        .contains(&"agreement_interrupted".into()));
    let rows = inbox(&app, &s.worker.token, "?kind=interruption").await;
    assert_eq!(rows.len(), 1);
    assert!(!rows[0]["next_step"].as_str().unwrap().is_empty());
    // The city ends the service today: in force today, ended tomorrow.
    let end = format!("/api/v1/caseworker/agreements/{id}/end");
    let res = app
        .post_auth(
            &end,
            &s.worker.token,
            &json!({"last_day": day(&app, 0), "explanation": "Tarve muuttui."}),
        )
        .await;
    let ended = json_of(res, 200).await;
    assert_eq!(ended["agreement"]["last_day"], day(&app, 0));
    // Its end is set: nothing more is proposed, and a second end is refused.
    let propose = format!("/api/v1/clients/me/agreements/{id}/ending");
    let body = json!({"reason": "travel", "explanation": "Matka.", "last_day": day(&app, 0)});
    let res = app.post_auth(&propose, &s.client.token, &body).await;
    assert_eq!(json_of(res, 409).await["code"], "agreement.ended");
    let again = json!({"last_day": day(&app, 0), "explanation": "Uudelleen."});
    let res = app.post_auth(&end, &s.worker.token, &again).await;
    assert_eq!(json_of(res, 409).await["code"], "agreement.ended");
    assert!(kinds(&app, &s.client.token)
        .await
        .contains(&"agreement_ended".into()));
    s.advance(&app, Duration::days(1));
    let url = format!("/api/v1/clients/me/agreements/{id}");
    let shown: Value = app.get_auth_json(&url, &s.client.token).await;
    assert_eq!(shown["agreement"]["ended"]["reason"], "city_ended");
}

#[actix_web::test]
async fn refusals_and_queue_places_reach_the_caseworkers_inbox() {
    let app = crate::helpers::spawn_app().await;
    let mut s = setup(&app).await;
    let slot_id = slot(&app, &s, 2, 3).await;
    let visit = json_of(
        book(&app, &s.client.token, "me", &s.voucher_id, &slot_id).await,
        201,
    )
    .await;
    let id = visit["id"].as_str().unwrap().to_string();
    s.advance(&app, Duration::hours(3));
    let url = |what: &str| format!("/api/v1/provider/intro-visits/{id}/{what}");
    json_of(
        app.post_auth(&url("outcome"), &s.staff.token, &json!({"held": true}))
            .await,
        200,
    )
    .await;
    let refusal = json!({"reason_code": "no_place", "explanation": "Kaikki paikat on täynnä."});
    json_of(
        app.post_auth(&url("refuse"), &s.staff.token, &refusal)
            .await,
        200,
    )
    .await;
    let rows = inbox(&app, &s.worker.token, "").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["kind"], "refusal");
    assert_eq!(rows[0]["subject"]["id"], id.as_str());
    // Another caseworker's municipality sees none of it.
    let other = app
        .new_with_role(seteli::persons::Role::Caseworker, Some("kuopio"), "Ville")
        .await;
    assert!(inbox(&app, &other.token, "").await.is_empty());
}

/// Kuopio's closed group announced for Wednesday 1 April 2026 (K §4): the provider may delay it
/// by at most ten working days (Good Friday and Easter Monday do not count: Friday 17 April), or
/// cancel it; its clients and their caseworkers are told.
#[actix_web::test]
async fn a_closed_group_is_delayed_within_ten_working_days_or_cancelled() {
    use chrono::TimeZone;
    let app = crate::helpers::spawn_app().await;
    app.clock
        .set(chrono::Utc.with_ymd_and_hms(2026, 3, 20, 9, 0, 0).unwrap());
    let worker = app
        .new_with_role(
            seteli::persons::Role::Caseworker,
            Some("kuopio"),
            "Ville Kuopio",
        )
        .await;
    let mut client = app
        .new_client_at("kuopio", "Ryhmä Asiakas", (62.8924, 27.6770))
        .await;
    let res = app
        .post_auth(
            "/api/v1/caseworker/vouchers",
            &worker.token,
            &json!({"client_id": client.id, "service": "sr_group",
                    "decision_date": "2026-03-20", "valid_from": "2026-03-20",
                    "valid_until": "2026-07-19", "granted_units": 60, "per_week": 4,
                    "hours_per_day": 2, "deadline_anchors": {"group_starts_on": "2026-04-01"}}),
        )
        .await;
    let voucher = json_of(res, 201).await["id"].as_str().unwrap().to_string();
    let (_, site, mut staff) = provider(&app, &worker, "sr_group", (62.90, 27.68)).await;
    let start = app.clock.now() + Duration::hours(1);
    let res = app
        .post_auth(
            "/api/v1/provider/intro-slots",
            &staff.token,
            &json!({"site_id": site, "service": "sr_group", "starts_at": start,
                    "ends_at": start + Duration::hours(1), "capacity": 4, "languages": ["fi"]}),
        )
        .await;
    let slot = json_of(res, 201).await["id"].as_str().unwrap().to_string();
    let visit = json_of(book(&app, &client.token, "me", &voucher, &slot).await, 201).await;
    let id = visit["id"].as_str().unwrap();
    app.clock.advance(Duration::hours(3));
    staff.token = app.fresh_token(&staff);
    client.token = app.fresh_token(&client);
    let url = |what: &str| format!("/api/v1/provider/intro-visits/{id}/{what}");
    json_of(
        app.post_auth(&url("outcome"), &staff.token, &json!({"held": true}))
            .await,
        200,
    )
    .await;
    let terms = json!({"starts_on": "2026-04-01", "days_per_week": 2, "hours_per_day": 2,
                       "goals": "Ryhmässä toimiminen.", "responsible_person": "Olli",
                       "instructor": "Iida"});
    let accepted = json_of(
        app.post_auth(&url("accept"), &staff.token, &terms).await,
        200,
    )
    .await;
    let agreement = accepted["agreement"]["id"].as_str().unwrap().to_string();
    let change = |to: &str| {
        json!({"service": "sr_group", "starts_on": "2026-04-01", "delayed_to": to,
               "reason": "Ryhmässä on vielä tilaa."})
    };
    let delay = "/api/v1/provider/closed-groups/delay";
    let res = app
        .post_auth(delay, &staff.token, &change("2026-04-20"))
        .await;
    let problem = json_of(res, 422).await;
    assert_eq!(problem["code"], "agreement.group_delay_too_long");
    assert!(
        problem["detail"].as_str().unwrap().contains("2026-04-17"),
        "{problem}"
    );
    let moved = json_of(
        app.post_auth(delay, &staff.token, &change("2026-04-17"))
            .await,
        200,
    )
    .await;
    assert_eq!(moved["agreements"], json!([agreement]));
    let shown: Value = app
        .get_auth_json(
            &format!("/api/v1/clients/me/agreements/{agreement}"),
            &client.token,
        )
        .await;
    assert_eq!(shown["agreement"]["starts_on"], "2026-04-17");
    assert!(kinds(&app, &client.token)
        .await
        .contains(&"agreement_group_changed".into()));
    let worker_token = app.fresh_token(&worker);
    assert!(kinds(&app, &worker_token)
        .await
        .contains(&"agreement_group_changed".into()));
    // Nobody starts on the first day any more; the group is cancelled by its new one.
    let cancel = "/api/v1/provider/closed-groups/cancel";
    let first_day = json!({"service": "sr_group", "starts_on": "2026-04-01", "reason": "Ei."});
    let res = app.post_auth(cancel, &staff.token, &first_day).await;
    assert_eq!(json_of(res, 404).await["code"], "resource.not_found");
    let body = json!({"service": "sr_group", "starts_on": "2026-04-17", "reason": "Liian vähän."});
    json_of(app.post_auth(cancel, &staff.token, &body).await, 200).await;
    let shown: Value = app
        .get_auth_json(
            &format!("/api/v1/clients/me/agreements/{agreement}"),
            &client.token,
        )
        .await;
    assert_eq!(shown["agreement"]["ended"]["reason"], "group_cancelled");
}
