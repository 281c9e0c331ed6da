//! The voucher wallet: issuing under the rulebooks, every number on both sides of its boundary,
//! who may issue and see what, and what a client reads.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};
use seteli::persons::Role;

use crate::helpers::{spawn_app, Person, TestApp};

const ISSUE: &str = "/api/v1/caseworker/vouchers";

/// A valid request for each service (decision and start on the test clock's first day,
/// 2026-03-02), to which a case applies its changes.
fn base(service: &str, client: &str) -> Value {
    let (until, units, per_week, hours): (&str, i64, Value, Value) = match service {
        "rwa_basic" => ("2026-06-01", 40, json!(4), json!(6)),
        "rwa_special" => ("2026-06-01", 40, json!(4), json!(6)),
        "sr_individual" => ("2026-07-01", 30, Value::Null, Value::Null),
        "sr_group" => ("2026-07-01", 60, json!(4), json!(2)),
        "sr_supported_work" => ("2026-07-01", 50, json!(3), json!(3)),
        "sr_participation" => ("2026-09-01", 70, json!(3), json!(3)),
        other => panic!("no base for {other}"),
    };
    let mut body = json!({
        "client_id": client,
        "service": service,
        "decision_date": "2026-03-02",
        "valid_from": "2026-03-02",
        "valid_until": until,
        "granted_units": units,
    });
    if !per_week.is_null() {
        body["per_week"] = per_week;
    }
    if !hours.is_null() {
        body["hours_per_day"] = hours;
    }
    body
}

fn with(mut body: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    body
}

struct World {
    app: TestApp,
    heinola_client: Person,
    kuopio_client: Person,
    heinola_worker: Person,
    kuopio_worker: Person,
}

async fn world() -> World {
    let app = spawn_app().await;
    let heinola_client = app.new_client("heinola", "Aino Asiakas").await;
    let kuopio_client = app.new_client("kuopio", "Kalle Asiakas").await;
    let heinola_worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena Heinola")
        .await;
    let kuopio_worker = app
        .new_with_role(Role::Caseworker, Some("kuopio"), "Pekka Kuopio")
        .await;
    World {
        app,
        heinola_client,
        kuopio_client,
        heinola_worker,
        kuopio_worker,
    }
}

impl World {
    fn for_service(&self, service: &str) -> (&Person, &Person) {
        if service.starts_with("rwa_") {
            (&self.heinola_client, &self.heinola_worker)
        } else {
            (&self.kuopio_client, &self.kuopio_worker)
        }
    }

    async fn issue(&self, service: &str, changes: Value) -> crate::helpers::Response {
        let (client, worker) = self.for_service(service);
        let body = with(base(service, &client.id), changes);
        let token = self.app.fresh_token(worker);
        self.app.post_auth(ISSUE, &token, &body).await
    }

    async fn issue_to(
        &self,
        client: &Person,
        service: &str,
        changes: Value,
    ) -> crate::helpers::Response {
        let (_, worker) = self.for_service(service);
        let body = with(base(service, &client.id), changes);
        let token = self.app.fresh_token(worker);
        self.app.post_auth(ISSUE, &token, &body).await
    }

    /// Issues to a new client of the service's municipality, so that cases never meet each
    /// other's vouchers (overlaps, durations in total).
    async fn issue_new(&self, service: &str, changes: Value) -> crate::helpers::Response {
        let (_, worker) = self.for_service(service);
        let municipality = if service.starts_with("rwa_") {
            "heinola"
        } else {
            "kuopio"
        };
        let client = self.app.new_client(municipality, "Uusi Asiakas").await;
        let body = with(base(service, &client.id), changes);
        let token = self.app.fresh_token(worker);
        self.app.post_auth(ISSUE, &token, &body).await
    }

    async fn issued_new(&self, service: &str, changes: Value) -> Value {
        let res = self.issue_new(service, changes).await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, 201, "{body}");
        body
    }

    async fn issued(&self, service: &str, changes: Value) -> Value {
        let res = self.issue(service, changes).await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, 201, "{body}");
        body
    }
}

/// Every number of the rulebook table, with the boundary on both sides.
#[actix_web::test]
async fn every_rulebook_number_is_enforced_on_both_sides() {
    let w = world().await;
    let ok = "";
    #[rustfmt::skip]
    let cases: &[(&str, Value, &str)] = &[
        // Rehabilitative work, basic: 3–12 months, 1–4 days a week, 4–8 hours a day.
        ("rwa_basic", json!({"valid_until": "2026-06-01"}), ok),
        ("rwa_basic", json!({"valid_until": "2026-05-31"}), "voucher.validity_too_short"),
        ("rwa_basic", json!({"valid_until": "2026-05-01"}), "voucher.validity_too_short"),
        ("rwa_basic", json!({"valid_until": "2027-03-01"}), ok),
        ("rwa_basic", json!({"valid_until": "2027-03-02"}), "voucher.validity_too_long"),
        ("rwa_basic", json!({"valid_until": "2027-04-01"}), "voucher.validity_too_long"),
        ("rwa_basic", json!({"per_week": 1, "granted_units": 14}), ok),
        ("rwa_basic", json!({"per_week": 0}), "voucher.per_week_out_of_range"),
        ("rwa_basic", json!({"per_week": 4}), ok),
        ("rwa_basic", json!({"per_week": 5}), "voucher.per_week_out_of_range"),
        ("rwa_basic", json!({"per_week": null}), "voucher.per_week_required"),
        ("rwa_basic", json!({"hours_per_day": 4}), ok),
        ("rwa_basic", json!({"hours_per_day": 3}), "voucher.hours_per_day_out_of_range"),
        ("rwa_basic", json!({"hours_per_day": 8}), ok),
        ("rwa_basic", json!({"hours_per_day": 9}), "voucher.hours_per_day_out_of_range"),
        ("rwa_basic", json!({"hours_per_day": null}), "voucher.hours_per_day_required"),
        // 14 started weeks at 4 days a week hold 56 days.
        ("rwa_basic", json!({"granted_units": 56}), ok),
        ("rwa_basic", json!({"granted_units": 57}), "voucher.units_over_plan"),
        ("rwa_basic", json!({"granted_units": 0}), "voucher.units_too_few"),
        ("rwa_basic", json!({"exception_reason": "needs more"}), "voucher.exception_not_allowed"),
        // Special level: an assessment period of 3 months.
        ("rwa_special", json!({"valid_until": "2026-06-01"}), ok),
        ("rwa_special", json!({"valid_until": "2026-06-02"}), "voucher.validity_too_long"),
        ("rwa_special", json!({"valid_until": "2026-05-31"}), "voucher.validity_too_short"),
        ("rwa_special", json!({"per_week": 5}), "voucher.per_week_out_of_range"),
        ("rwa_special", json!({"hours_per_day": 9}), "voucher.hours_per_day_out_of_range"),
        // Individual coaching: 1–4 months, at most 40 hours in 4 months, no weekly terms.
        ("sr_individual", json!({"valid_until": "2026-04-01"}), ok),
        ("sr_individual", json!({"valid_until": "2026-03-31"}), "voucher.validity_too_short"),
        ("sr_individual", json!({"valid_until": "2026-07-01"}), ok),
        ("sr_individual", json!({"valid_until": "2026-07-02"}), "voucher.validity_too_long"),
        ("sr_individual", json!({"granted_units": 40}), ok),
        ("sr_individual", json!({"granted_units": 41}), "voucher.units_over_cap"),
        ("sr_individual", json!({"per_week": 2}), "voucher.term_not_applicable"),
        // Group coaching: at most 80 hours in 4 months, 5 hours a week, 3 hours a session.
        ("sr_group", json!({"granted_units": 80, "per_week": 5}), ok),
        ("sr_group", json!({"granted_units": 81, "per_week": 5}), "voucher.units_over_cap"),
        ("sr_group", json!({"per_week": 5}), ok),
        ("sr_group", json!({"per_week": 6}), "voucher.per_week_out_of_range"),
        ("sr_group", json!({"per_week": 0}), "voucher.per_week_out_of_range"),
        ("sr_group", json!({"hours_per_day": 3}), ok),
        ("sr_group", json!({"hours_per_day": 4}), "voucher.hours_per_day_out_of_range"),
        ("sr_group", json!({"valid_until": "2026-07-02"}), "voucher.validity_too_long"),
        // Supported work: ≤3 days a week (4 by exception), ≤54 days (72) in 4 months, 3–4 h a day.
        ("sr_supported_work", json!({"granted_units": 54}), ok),
        ("sr_supported_work", json!({"granted_units": 55}), "voucher.units_over_cap"),
        ("sr_supported_work", json!({"granted_units": 72, "per_week": 4, "exception_reason": "Strong progress"}), ok),
        ("sr_supported_work", json!({"granted_units": 73, "per_week": 4, "exception_reason": "Strong progress"}), "voucher.units_over_cap"),
        ("sr_supported_work", json!({"per_week": 3}), ok),
        ("sr_supported_work", json!({"per_week": 4}), "voucher.per_week_out_of_range"),
        ("sr_supported_work", json!({"per_week": 4, "exception_reason": "Strong progress"}), ok),
        ("sr_supported_work", json!({"per_week": 5, "exception_reason": "Strong progress"}), "voucher.per_week_out_of_range"),
        ("sr_supported_work", json!({"hours_per_day": 3}), ok),
        ("sr_supported_work", json!({"hours_per_day": 2}), "voucher.hours_per_day_out_of_range"),
        ("sr_supported_work", json!({"hours_per_day": 4}), ok),
        ("sr_supported_work", json!({"hours_per_day": 5}), "voucher.hours_per_day_out_of_range"),
        ("sr_supported_work", json!({"exception_reason": "  "}), "voucher.reason_required"),
        // Participation: 1–6 months, ≤3 days a week, ≤78 days in 6 months, 3–4 h a day.
        ("sr_participation", json!({"valid_until": "2026-09-01"}), ok),
        ("sr_participation", json!({"valid_until": "2026-09-02"}), "voucher.validity_too_long"),
        ("sr_participation", json!({"valid_until": "2026-04-01", "granted_units": 10}), ok),
        ("sr_participation", json!({"valid_until": "2026-03-31", "granted_units": 10}), "voucher.validity_too_short"),
        ("sr_participation", json!({"granted_units": 78}), ok),
        ("sr_participation", json!({"granted_units": 79}), "voucher.units_over_cap"),
        ("sr_participation", json!({"per_week": 4}), "voucher.per_week_out_of_range"),
        ("sr_participation", json!({"hours_per_day": 4}), ok),
        ("sr_participation", json!({"hours_per_day": 5}), "voucher.hours_per_day_out_of_range"),
        ("sr_participation", json!({"hours_per_day": 2}), "voucher.hours_per_day_out_of_range"),
    ];
    for (service, changes, expected) in cases {
        let res = w.issue_new(service, changes.clone()).await;
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        if expected.is_empty() {
            assert_eq!(status, 201, "{service} {changes}: {body}");
        } else {
            assert_eq!(status, 422, "{service} {changes}: {body}");
            assert_eq!(body["code"], *expected, "{service} {changes}");
        }
    }
}

#[actix_web::test]
async fn value_is_granted_units_times_the_rulebook_price() {
    let w = world().await;
    #[rustfmt::skip]
    let prices: &[(&str, i64, i64)] = &[
        ("rwa_basic", 40, 4000),
        ("rwa_special", 40, 4800),
        ("sr_group", 60, 1500),
        ("sr_supported_work", 50, 5600),
        ("sr_participation", 70, 2200),
    ];
    for (service, units, cents) in prices {
        let v = w.issued_new(service, json!({})).await;
        assert_eq!(v["value_fixed"], true, "{service}");
        for end in ["min", "max"] {
            assert_eq!(v["unit_price"][end]["cents"], *cents, "{service}");
            assert_eq!(v["total_value"][end]["cents"], units * cents, "{service}");
        }
        assert_eq!(v["units"]["granted"], *units);
    }
    let v = w.issued("sr_individual", json!({})).await;
    let tiers: Vec<(Value, i64)> = v["price_tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["up_to_km"].clone(),
                t["unit_price"]["cents"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        tiers,
        vec![(json!(20), 4600), (json!(50), 8100), (Value::Null, 11600)]
    );
    assert_eq!(v["service"]["unit"], "hour");
    assert_eq!(v["search_radius_km"], 20);
    assert_eq!(v["max_radius_without_permission_km"], 20);
}

/// Individual coaching is priced by where the meetings mainly happen (K §3.1). Until the
/// client's agreement with a provider names the place, the wallet shows the range.
#[actix_web::test]
async fn individual_coaching_is_worth_a_range_until_the_meeting_place_is_known() {
    let w = world().await;
    let v = w
        .issued("sr_individual", json!({"granted_units": 40}))
        .await;
    assert_eq!(v["value_fixed"], false);
    assert!(v["price_tier"].is_null());
    assert_eq!(v["unit_price"]["min"]["cents"], 4600);
    assert_eq!(v["unit_price"]["max"]["cents"], 11600);
    assert_eq!(v["total_value"]["min"]["cents"], 40 * 4600);
    assert_eq!(v["total_value"]["max"]["cents"], 40 * 11600);
    assert_eq!(v["value_remaining"]["max"]["cents"], 40 * 11600);
    let remote: Vec<bool> = v["price_tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["remote"].as_bool().unwrap())
        .collect();
    assert_eq!(remote, [true, false, false]);
    for (lang, value, summary) in [
        (
            "en",
            "€46.00–€116.00 an hour, at most €1,840.00–€4,640.00. \
             The price depends on where the meetings are.",
            "You have 40 hours left, worth €1,840.00–€4,640.00.",
        ),
        (
            "fi",
            "46,00–116,00\u{a0}€ tunnilta, enintään 1\u{a0}840,00–4\u{a0}640,00\u{a0}€. \
             Hinta riippuu siitä, missä tapaamiset ovat.",
            "Sinulla on jäljellä 40 tuntia, arvoltaan 1\u{a0}840,00–4\u{a0}640,00\u{a0}€.",
        ),
        (
            "sv",
            "46,00–116,00\u{a0}€ i timmen, högst 1\u{a0}840,00–4\u{a0}640,00\u{a0}€. \
             Priset beror på var träffarna är.",
            "Du har 40 timmar kvar, värda 1\u{a0}840,00–4\u{a0}640,00\u{a0}€.",
        ),
    ] {
        let list = wallet(&w.app, &w.kuopio_client, lang).await;
        let v = &list["items"][0];
        assert_eq!(v["value_text"], value, "{lang}");
        assert!(v["total_value"]["display"].as_str().unwrap().contains('–'));
        let s = v["summary"].as_str().unwrap();
        assert!(s.contains(summary), "{lang}: {s}");
    }
}

#[actix_web::test]
async fn deadlines_count_from_the_decision_in_days_or_working_days() {
    let w = world().await;
    // Heinola: intro visit within 7 days, start within 14 days.
    let v = w.issued("rwa_basic", json!({})).await;
    let deadlines: Vec<(String, String)> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().into(),
                d["due"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        deadlines,
        vec![
            ("intro_visit".into(), "2026-03-09".into()),
            ("start".into(), "2026-03-16".into())
        ]
    );
    // Kuopio: start within 10 working days; Easter 2026 (Good Friday 3 April, Easter Monday
    // 6 April) is skipped.
    w.app.clock.set("2026-04-01T09:00:00Z".parse().unwrap());
    let v = w
        .issued(
            "sr_individual",
            json!({"decision_date": "2026-04-01", "valid_from": "2026-04-01", "valid_until": "2026-07-31"}),
        )
        .await;
    assert_eq!(v["deadlines"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["deadlines"][0]["kind"], "start");
    assert_eq!(v["deadlines"][0]["due"], "2026-04-17");
    // A decision cannot be in the future, and a voucher cannot start before its decision.
    let res = w
        .issue(
            "sr_individual",
            json!({"decision_date": "2026-04-02", "valid_from": "2026-04-02"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.decision_in_future");
    let res = w
        .issue(
            "sr_individual",
            json!({"decision_date": "2026-03-30", "valid_from": "2026-03-29"}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.starts_before_decision");
}

fn deadline_list(v: &Value) -> Vec<(String, String, Value, Value)> {
    v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["kind"].as_str().unwrap().to_string(),
                d["due"].as_str().unwrap().to_string(),
                d["counts_from"].clone(),
                d["overdue"].clone(),
            )
        })
        .collect()
}

/// The clocks count from the dates the caseworker records (H §1.4, K §4), each across a weekend
/// and a public holiday, and are overdue only the day after their last day.
#[actix_web::test]
async fn deadlines_count_from_the_dates_the_caseworker_records() {
    let w = world().await;
    let app = &w.app;
    let s = |x: &str| x.to_string();
    // Heinola, on the Thursday before Easter: the client agreed on a place today, and the
    // activation plan was made last Friday.
    app.clock.set("2026-04-02T09:00:00Z".parse().unwrap());
    let v = w
        .issued(
            "rwa_basic",
            json!({"decision_date": "2026-04-01", "valid_from": "2026-04-01",
                   "valid_until": "2026-06-30", "granted_units": 40,
                   "deadline_anchors": {"place_agreed_on": "2026-04-02", "plan_made_on": "2026-03-27"}}),
        )
        .await;
    assert_eq!(
        deadline_list(&v),
        [
            (
                s("intro_visit"),
                s("2026-04-09"),
                json!("place_agreed"),
                json!(false)
            ),
            (
                s("start"),
                s("2026-04-10"),
                json!("plan_made"),
                json!(false)
            ),
        ]
    );
    assert_eq!(v["deadline_anchors"]["plan_made_on"], "2026-03-27");
    assert!(v["deadline_anchors"]["ordered_on"].is_null());
    assert_eq!(v["history"][1]["kind"], "anchors_recorded");
    let id = v["id"].as_str().unwrap().to_string();
    let client = &w.heinola_client;
    let read = |at: &'static str| {
        let id = id.clone();
        async move {
            app.clock.set(at.parse().unwrap());
            let token = app.fresh_token(client);
            app.get_auth_json(&format!("/api/v1/clients/me/vouchers/{id}"), &token)
                .await
        }
    };
    let overdue = |v: &Value| -> Vec<Value> { deadline_list(v).into_iter().map(|d| d.3).collect() };
    assert_eq!(
        overdue(&read("2026-04-09T09:00:00Z").await),
        [json!(false), json!(false)]
    );
    assert_eq!(
        overdue(&read("2026-04-10T09:00:00Z").await),
        [json!(true), json!(false)]
    );
    assert_eq!(
        overdue(&read("2026-04-11T09:00:00Z").await),
        [json!(true), json!(true)]
    );

    // The plan made on 10 December: the fourteenth day falls in the Christmas holiday period, so
    // the clock runs on after Epiphany.
    app.clock.set("2026-12-11T09:00:00Z".parse().unwrap());
    let client = app.new_client("heinola", "Joulu Asiakas").await;
    let res = w
        .issue_to(
            &client,
            "rwa_basic",
            json!({"decision_date": "2026-12-11", "valid_from": "2026-12-11",
                   "valid_until": "2027-03-10", "granted_units": 40,
                   "deadline_anchors": {"plan_made_on": "2026-12-10"}}),
        )
        .await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(deadline_list(&v)[1].1, "2027-01-07", "{v}");
    // The intro visit still counts from the decision, its clock has no holiday periods.
    assert_eq!(deadline_list(&v)[0].1, "2026-12-18");
    assert_eq!(deadline_list(&v)[0].2, json!("place_agreed"));

    // Kuopio: 10 working days from the order, which the caseworker records afterwards; across
    // Easter (Good Friday 3 April, Easter Monday 6 April).
    app.clock.set("2026-04-01T09:00:00Z".parse().unwrap());
    let v = w
        .issued(
            "sr_individual",
            json!({"decision_date": "2026-03-30", "valid_from": "2026-03-30", "valid_until": "2026-07-29"}),
        )
        .await;
    assert_eq!(
        deadline_list(&v),
        [(s("start"), s("2026-04-15"), json!("ordered"), json!(false))]
    );
    let path = format!("{ISSUE}/{}", v["id"].as_str().unwrap());
    let token = app.fresh_token(&w.kuopio_worker);
    let res = app
        .patch_auth(
            &path,
            &token,
            &json!({"op": "set_anchors", "ordered_on": "2026-04-01"}),
        )
        .await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(deadline_list(&v)[0].1, "2026-04-17", "{v}");
    assert_eq!(v["deadlines"][0]["from"], "2026-04-01");
    // A start agreed separately replaces the counted one; the history keeps both changes.
    let res = app
        .patch_auth(
            &path,
            &token,
            &json!({"op": "set_anchors", "ordered_on": "2026-04-01", "start_agreed_on": "2026-05-04"}),
        )
        .await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        deadline_list(&v),
        [(s("start"), s("2026-05-04"), Value::Null, json!(false))]
    );
    let kinds: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["issued", "anchors_recorded", "anchors_recorded"]);

    // A closed group starts on its announced date, at most 10 working days later.
    let v = w
        .issued_new(
            "sr_group",
            json!({"decision_date": "2026-03-30", "valid_from": "2026-03-30", "valid_until": "2026-07-29",
                   "deadline_anchors": {"group_starts_on": "2026-04-01"}}),
        )
        .await;
    assert_eq!(v["deadlines"][0]["due"], "2026-04-01");
    assert_eq!(v["deadlines"][0]["latest_if_delayed"], "2026-04-17");

    // Only dates a clock of the rulebook counts from, and nothing that has not happened yet.
    for (service, anchors, code) in [
        (
            "rwa_basic",
            json!({"ordered_on": "2026-04-01"}),
            "voucher.term_not_applicable",
        ),
        (
            "rwa_basic",
            json!({"plan_made_on": "2026-04-02"}),
            "voucher.anchor_in_future",
        ),
        (
            "sr_individual",
            json!({"group_starts_on": "2026-04-10"}),
            "voucher.term_not_applicable",
        ),
    ] {
        let res = w
            .issue_new(
                service,
                json!({"decision_date": "2026-03-30", "valid_from": "2026-03-30",
                       "valid_until": "2026-06-29", "deadline_anchors": anchors}),
            )
            .await;
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], code, "{service} {anchors}: {body}");
    }
}

/// K §2: Kuopio's social rehabilitation is for 18–64-year-olds, the age on the voucher's first
/// day from the identity code's birth date. Heinola's rulebooks set no age.
#[actix_web::test]
async fn kuopio_vouchers_are_for_18_to_64_year_olds_on_their_first_day() {
    let w = world().await;
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    // The first day is 2 March 2026.
    for (birth, ok) in [
        (d(2008, 3, 3), false), // 17, 18 the next day
        (d(2008, 3, 2), true),  // 18 today
        (d(1961, 3, 3), true),  // 64, 65 the next day
        (d(1961, 3, 2), false), // 65 today
    ] {
        let client = w.app.new_client_born("kuopio", "Ikä Asiakas", birth).await;
        let res = w.issue_to(&client, "sr_individual", json!({})).await;
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        if ok {
            assert_eq!(status, 201, "{birth}: {body}");
        } else {
            assert_eq!(status, 422, "{birth}: {body}");
            assert_eq!(body["code"], "voucher.client_age_out_of_range", "{birth}");
        }
    }
    // The first day decides, not the decision: 17 on the decision, 18 on the first day.
    let client = w
        .app
        .new_client_born("kuopio", "Nuori Asiakas", d(2008, 3, 10))
        .await;
    let res = w
        .issue_to(
            &client,
            "sr_individual",
            json!({"valid_from": "2026-03-10", "valid_until": "2026-07-09"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    // The refusal says why, with the numbers.
    let client = w
        .app
        .new_client_born("kuopio", "Vanha Asiakas", d(1950, 1, 1))
        .await;
    let body = with(base("sr_group", &client.id), json!({}));
    let res = w
        .app
        .call(
            Method::POST,
            ISSUE,
            &w.app.fresh_token(&w.kuopio_worker),
            Some("en"),
            Some(&body),
        )
        .await;
    let problem: Value = res.json().await.unwrap();
    assert_eq!(
        problem["detail"],
        "A voucher for group coaching is for people aged 18–64 on its first day. \
         The client is then 76 years old."
    );
    // Heinola has no age limit.
    let client = w
        .app
        .new_client_born("heinola", "Vanha Asiakas", d(1955, 5, 5))
        .await;
    assert_eq!(
        w.issue_to(&client, "rwa_basic", json!({})).await.status(),
        201
    );
}

#[actix_web::test]
async fn only_the_clients_own_caseworker_issues_and_only_the_client_sees() {
    let w = world().await;
    let app = &w.app;
    // Another municipality's caseworker: the client does not exist for them.
    let body = base("rwa_basic", &w.heinola_client.id);
    let res = app.post_auth(ISSUE, &w.kuopio_worker.token, &body).await;
    assert_eq!(res.status(), 404);
    // A client cannot issue at all, not even for themself.
    let res = app.post_auth(ISSUE, &w.heinola_client.token, &body).await;
    assert_eq!(res.status(), 403);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "auth.caseworker_only");
    // A service the municipality does not have.
    let res = app
        .post_auth(
            ISSUE,
            &w.heinola_worker.token,
            &with(body.clone(), json!({"service": "sr_individual"})),
        )
        .await;
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "voucher.service_not_offered");

    let mine = w.issued("rwa_basic", json!({})).await;
    let theirs = w.issued("sr_individual", json!({})).await;
    let mine_id = mine["id"].as_str().unwrap();
    let theirs_id = theirs["id"].as_str().unwrap();
    let token = &w.heinola_client.token;

    let list: Value = app
        .get_auth_json("/api/v1/clients/me/vouchers", token)
        .await;
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![mine_id]);
    let own = format!("/api/v1/clients/me/vouchers/{mine_id}");
    assert_eq!(app.get_auth(&own, token).await.status(), 200);
    for path in [
        format!("/api/v1/clients/me/vouchers/{theirs_id}"),
        format!(
            "/api/v1/clients/{}/vouchers/{theirs_id}",
            w.kuopio_client.id
        ),
        format!("/api/v1/clients/{}/vouchers", w.kuopio_client.id),
        "/api/v1/clients/me/vouchers/not-a-voucher".to_string(),
    ] {
        let res = app.get_auth(&path, token).await;
        assert_eq!(res.status(), 404, "{path}");
    }
    // The client's caseworker sees the voucher; the other municipality's does not.
    let path = format!("/api/v1/clients/{}/vouchers/{mine_id}", w.heinola_client.id);
    assert_eq!(
        app.get_auth(&path, &w.heinola_worker.token).await.status(),
        200
    );
    assert_eq!(
        app.get_auth(&path, &w.kuopio_worker.token).await.status(),
        404
    );
    // Nor can they change it.
    let change = format!("{ISSUE}/{mine_id}");
    let res = app
        .patch_auth(
            &change,
            &w.kuopio_worker.token,
            &json!({"op": "cancel", "reason": "x"}),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .patch_auth(&change, token, &json!({"op": "cancel", "reason": "x"}))
        .await;
    assert_eq!(res.status(), 403);
}

async fn wallet(app: &TestApp, person: &Person, lang: &str) -> Value {
    let token = app.fresh_token(person);
    let res = app
        .get_auth_in("/api/v1/clients/me/vouchers", &token, lang)
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[actix_web::test]
async fn the_wallet_tells_the_client_in_their_language() {
    let w = world().await;
    let v = w
        .issued(
            "rwa_basic",
            json!({"granted_units": 40, "per_week": 3, "hours_per_day": 6}),
        )
        .await;
    let client = &w.heinola_client;
    let en = wallet(&w.app, client, "en").await;
    let v_en = &en["items"][0];
    assert_eq!(v_en["status"], "active");
    assert_eq!(
        v_en["units"],
        json!({"granted": 40, "used": 0, "remaining": 40})
    );
    assert_eq!(v_en["total_value"]["display"], "€1,600.00");
    assert_eq!(
        v_en["value_text"],
        "€40.00 an activity day, at most €1,600.00."
    );
    assert_eq!(
        v_en["summary"],
        "You have a voucher for rehabilitative work activity, basic level. \
         It is valid up to and including 1 June 2026. You have 40 activity days left, worth €1,600.00. \
         Book a free intro visit by 9 March 2026."
    );
    assert_eq!(
        v_en["weekly_terms"]["text"],
        "3 activity days a week, 6 hours a day."
    );
    assert_eq!(v_en["caseworker"]["display_name"], "Helena Heinola");
    let fi = wallet(&w.app, client, "fi").await;
    assert_eq!(
        fi["items"][0]["summary"],
        "Sinulla on palveluseteli: kuntouttava työtoiminta, perustaso. \
         Sen viimeinen voimassaolopäivä on 1.6.2026. Sinulla on jäljellä 40 toimintapäivää, arvoltaan 1\u{a0}600,00\u{a0}€. \
         Varaa maksuton tutustumiskäynti viimeistään 9.3.2026."
    );
    let sv = wallet(&w.app, client, "sv").await;
    assert_eq!(
        sv["items"][0]["summary"],
        "Du har en servicesedel för arbetsverksamhet i rehabiliteringssyfte, grundnivå. \
         Den gäller till och med 1 juni 2026. Du har 40 aktivitetsdagar kvar, värda 1\u{a0}600,00\u{a0}€. \
         Boka ett gratis introduktionsbesök senast 9 mars 2026."
    );
    assert_eq!(
        sv["items"][0]["service"]["name"],
        "Arbetsverksamhet i rehabiliteringssyfte, grundnivå"
    );

    // The caseworker reads about the client, not about "you".
    let path = format!(
        "/api/v1/clients/{}/vouchers/{}",
        w.heinola_client.id,
        v["id"].as_str().unwrap()
    );
    let seen: Value = w
        .app
        .get_auth_json_in(&path, &w.heinola_worker.token, "en")
        .await;
    assert!(seen["summary"]
        .as_str()
        .unwrap()
        .starts_with("The client has a voucher"));

    // After the intro visit deadline, the start deadline is next; both show as long as
    // nothing is used.
    w.app.clock.set("2026-03-10T09:00:00Z".parse().unwrap());
    let en = wallet(&w.app, client, "en").await;
    let s = en["items"][0]["summary"].as_str().unwrap();
    assert!(
        s.ends_with("The service must start by 16 March 2026."),
        "{s}"
    );
    assert_eq!(en["items"][0]["deadlines"][0]["overdue"], true);
}

/// The weekly terms address the reader as the door found them: the client, a helper or the
/// caseworker.
#[actix_web::test]
async fn the_weekly_terms_are_written_for_the_readers_relation() {
    let w = world().await;
    let v = w.issued("sr_individual", json!({})).await;
    let path = format!(
        "/api/v1/clients/{}/vouchers/{}",
        w.kuopio_client.id,
        v["id"].as_str().unwrap()
    );
    let helper = w
        .app
        .sign_in(&crate::helpers::random_test_code(), "Apu Auttaja")
        .await;
    let token = w.app.fresh_token(&w.kuopio_worker);
    let res = w
        .app
        .post_auth(
            "/api/v1/caseworker/mandates",
            &token,
            &json!({"client_id": w.kuopio_client.id, "proxy_personal_id": helper.code.as_str(),
                    "proxy_name": "Apu Auttaja", "scopes": ["view"], "valid_until": "2026-12-31",
                    "basis": "paper"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    for (reader, expected) in [
        (
            &w.kuopio_client,
            "You agree on the times with the provider.",
        ),
        (
            &helper,
            "The client you help agrees on the times with the provider.",
        ),
        (
            &w.kuopio_worker,
            "Your client agrees on the times with the provider.",
        ),
    ] {
        let token = w.app.fresh_token(reader);
        let v: Value = w.app.get_auth_json_in(&path, &token, "en").await;
        assert_eq!(v["weekly_terms"]["text"], expected);
    }
}

#[actix_web::test]
async fn status_follows_the_calendar() {
    let w = world().await;
    w.issued(
        "sr_individual",
        json!({"valid_from": "2026-03-10", "valid_until": "2026-04-30"}),
    )
    .await;
    let client = &w.kuopio_client;
    let status = |v: &Value| v["items"][0]["status"].as_str().unwrap().to_string();
    assert_eq!(status(&wallet(&w.app, client, "en").await), "upcoming");
    w.app.clock.set("2026-03-10T09:00:00Z".parse().unwrap());
    assert_eq!(status(&wallet(&w.app, client, "en").await), "active");
    // 30 April 23:30 UTC is already 1 May in Helsinki.
    w.app.clock.set("2026-04-30T21:30:00Z".parse().unwrap());
    let v = wallet(&w.app, client, "en").await;
    assert_eq!(status(&v), "expired");
    assert_eq!(
        v["items"][0]["summary"],
        "Your voucher for individual coaching ended on 30 April 2026. \
         Your caseworker is Pekka Kuopio. Ask them if you need a new voucher."
    );
}

#[actix_web::test]
async fn changes_follow_the_rules_and_are_kept_in_history() {
    let w = world().await;
    let app = &w.app;
    let v = w.issued("rwa_special", json!({})).await;
    let id = v["id"].as_str().unwrap();
    let number = v["number"].as_str().unwrap();
    assert!(number.starts_with("HEI-"), "{number}");
    let path = format!("{ISSUE}/{id}");
    let worker = &w.heinola_worker.token;

    // The special level's assessment period may grow to 6 months, not beyond.
    let res = app
        .patch_auth(
            &path,
            worker,
            &json!({"op": "extend", "valid_until": "2026-09-02"}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.extension_too_long", "{body}");
    let res = app
        .patch_auth(
            &path,
            worker,
            &json!({"op": "extend", "valid_until": "2026-09-01", "granted_units": 90,
                    "extension_reason": "The assessment needs more time"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["valid_until"], "2026-09-01");
    assert_eq!(body["units"]["granted"], 90);
    // An extension never shortens.
    let res = app
        .patch_auth(
            &path,
            worker,
            &json!({"op": "extend", "valid_until": "2026-08-01"}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.extension_shortens");
    // Out of area needs a reason.
    let res = app
        .patch_auth(
            &path,
            worker,
            &json!({"op": "permit_out_of_area", "reason": " "}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.reason_required");
    let res = app
        .patch_auth(
            &path,
            worker,
            &json!({"op": "permit_out_of_area", "reason": "No provider nearby"}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["out_of_area_allowed"], true);
    // Cancelling ends changes.
    let res = app
        .patch_auth(
            &path,
            worker,
            &json!({"op": "cancel", "reason": "Moved away"}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "cancelled");
    assert_eq!(body["cancel_reason"], "Moved away");
    let res = app
        .patch_auth(&path, worker, &json!({"op": "cancel", "reason": "again"}))
        .await;
    assert_eq!(res.status(), 409);
    let res = app
        .patch_auth(&path, worker, &json!({"op": "rename", "reason": "x"}))
        .await;
    assert_eq!(res.status(), 400);

    // The client sees the whole history, oldest first, with who did it.
    let v: Value = app
        .get_auth_json_in(
            &format!("/api/v1/clients/me/vouchers/{id}"),
            &w.heinola_client.token,
            "en",
        )
        .await;
    let kinds: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "issued",
            "extended",
            "longer_period_allowed",
            "out_of_area_permitted",
            "cancelled"
        ]
    );
    assert_eq!(
        v["history"][1]["text"],
        "Helena Heinola extended the voucher up to and including 1 September 2026."
    );
    assert_eq!(
        v["history"][2]["text"],
        "Helena Heinola allowed more than 3 months in a row."
    );
    assert_eq!(v["history"][2]["reason"], "The assessment needs more time");
    assert_eq!(v["history"][4]["reason"], "Moved away");

    // And the access log names the caseworker's acts.
    let log: Value = app
        .get_auth_json_in(
            "/api/v1/clients/me/access-log",
            &w.heinola_client.token,
            "en",
        )
        .await;
    let sentences: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].as_str().unwrap())
        .collect();
    assert!(
        sentences.contains(&"Helena Heinola (caseworker) issued you a voucher."),
        "{sentences:?}"
    );
    assert!(sentences.contains(&"Helena Heinola (caseworker) changed your voucher."));
}

#[actix_web::test]
async fn broken_rules_are_explained_in_the_readers_language() {
    let w = world().await;
    let (client, worker) = w.for_service("sr_individual");
    let body = with(
        base("sr_individual", &client.id),
        json!({"granted_units": 41}),
    );
    for (lang, detail) in [
        (
            "en",
            "A voucher for individual coaching is at most 40 hours in 4 months.",
        ),
        (
            "fi",
            "Palvelua yksilövalmennus on enintään 40 tuntia 4 kuukaudessa.",
        ),
        (
            "sv",
            "En sedel för individuell coachning är högst 40 timmar på 4 månader.",
        ),
    ] {
        let res = w
            .app
            .call(Method::POST, ISSUE, &worker.token, Some(lang), Some(&body))
            .await;
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["detail"].as_str().unwrap().trim(), detail, "{lang}");
    }
    // One is one: "1 month", "1 kuukauden", "1 månad" (K §3.1: at least 1 month).
    let body = with(
        base("sr_individual", &client.id),
        json!({"valid_until": "2026-03-31"}),
    );
    for (lang, detail) in [
        (
            "en",
            "A voucher for individual coaching must be valid at least 1 month.",
        ),
        (
            "fi",
            "Palvelun yksilövalmennus setelin pitää olla voimassa vähintään 1 kuukauden.",
        ),
        (
            "sv",
            "En sedel för individuell coachning måste gälla minst 1 månad.",
        ),
    ] {
        let res = w
            .app
            .call(Method::POST, ISSUE, &worker.token, Some(lang), Some(&body))
            .await;
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["detail"], detail, "{lang}");
    }
    let body = with(
        base("rwa_basic", &w.heinola_client.id),
        json!({"valid_until": "2027-04-01"}),
    );
    let res = w
        .app
        .call(
            Method::POST,
            ISSUE,
            &w.heinola_worker.token,
            Some("en"),
            Some(&body),
        )
        .await;
    let problem: Value = res.json().await.unwrap();
    assert_eq!(
        problem["detail"],
        "A voucher for rehabilitative work activity, basic level can be valid at most 12 months at first."
    );
}

#[actix_web::test]
async fn a_price_change_is_a_new_rulebook_and_issued_vouchers_keep_their_terms() {
    let w = world().await;
    let before = w.issued("sr_group", json!({})).await;
    {
        use seteli::db::schema::rulebooks;
        let mut conn = w.app.state.db.get().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let mut next = seteli::rulebooks::repo::in_force(&mut conn, "kuopio", "sr_group", day)
            .unwrap()
            .unwrap()
            .rulebook;
        next.id = "kuopio-sr_group-2026-03-10".into();
        next.in_force_from = day;
        next.unit_price_cents = 1700;
        diesel::insert_into(rulebooks::table)
            .values(&next)
            .execute(&mut conn)
            .unwrap();
    }
    w.app.clock.set("2026-03-10T09:00:00Z".parse().unwrap());
    let after = w
        .issued_new(
            "sr_group",
            json!({"decision_date": "2026-03-10", "valid_from": "2026-03-10", "valid_until": "2026-07-09"}),
        )
        .await;
    assert_eq!(after["unit_price"]["min"]["cents"], 1700);
    assert_eq!(after["total_value"]["max"]["cents"], 60 * 1700);
    // A decision made before the change still falls under the old price.
    let late_entry = w.issued_new("sr_group", json!({"decision_date": "2026-03-09", "valid_from": "2026-03-09", "valid_until": "2026-07-08"})).await;
    assert_eq!(late_entry["unit_price"]["min"]["cents"], 1500);
    let path = format!(
        "/api/v1/clients/me/vouchers/{}",
        before["id"].as_str().unwrap()
    );
    let v: Value = w
        .app
        .get_auth_json(&path, &w.app.fresh_token(&w.kuopio_client))
        .await;
    assert_eq!(v["unit_price"]["max"]["cents"], 1500);
    assert_eq!(v["total_value"]["min"]["cents"], 60 * 1500);
}

#[actix_web::test]
async fn a_client_has_one_voucher_per_service_at_a_time_and_long_durations_follow_the_rules() {
    let w = world().await;
    // The same service twice over the same time is refused; another service is fine.
    let first = w.issued("sr_individual", json!({})).await;
    let res = w
        .issue(
            "sr_individual",
            json!({"valid_from": "2026-04-01", "valid_until": "2026-05-31"}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.overlaps");
    assert_eq!(body["conflict"]["kind"], "voucher");
    assert_eq!(body["conflict"]["id"], first["id"]);
    w.issued("sr_group", json!({})).await;

    // Rehabilitative work: a first year at 2 days a week continues past a year only with at
    // least 3 days a week, and all of it lasts two years "as a rule" (H §5.5). Two clients each
    // have had a first year; the second year is 9 + 3 months (24 in all), or a day longer: 24
    // months and a day, which needs the caseworker's reason, kept in the history.
    for (second_until, special_from, special_until, over) in [
        ("2026-12-01", "2026-12-02", "2027-03-01", false),
        ("2026-12-02", "2026-12-03", "2027-03-02", true),
    ] {
        let client = w.app.new_client("heinola", "Pitkä Asiakas").await;
        w.app.clock.set("2025-03-02T09:00:00Z".parse().unwrap());
        let first = json!({"decision_date": "2025-03-02", "valid_from": "2025-03-02",
            "valid_until": "2026-03-01", "per_week": 2, "granted_units": 100});
        assert_eq!(w.issue_to(&client, "rwa_basic", first).await.status(), 201);
        w.app.clock.set("2026-03-02T09:00:00Z".parse().unwrap());
        let res = w
            .issue_to(
                &client,
                "rwa_basic",
                json!({"per_week": 2, "valid_until": second_until}),
            )
            .await;
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "voucher.long_term_needs_more_days", "{body}");
        let res = w
            .issue_to(
                &client,
                "rwa_basic",
                json!({"per_week": 3, "valid_until": second_until}),
            )
            .await;
        assert_eq!(res.status(), 201);
        let special = json!({"per_week": 3, "granted_units": 36, "valid_from": special_from,
            "valid_until": special_until});
        let res = w.issue_to(&client, "rwa_special", special.clone()).await;
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        if !over {
            assert_eq!(status, 201, "{body}");
            assert_eq!(body["history"].as_array().unwrap().len(), 1);
            continue;
        }
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["code"], "voucher.total_duration_exceeded");
        let with_reason = with(
            special,
            json!({"over_total_reason": "Work trial starts in April"}),
        );
        let res = w.issue_to(&client, "rwa_special", with_reason).await;
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["history"][1]["kind"], "over_total_allowed", "{body}");
        assert_eq!(body["history"][1]["reason"], "Work trial starts in April");
        assert_eq!(
            body["history"][1]["text"],
            "Helena Heinola salli yli 24 kuukautta yhteensä."
        );
    }
    // Kuopio's rulebooks set no total; a reason changes nothing there.
    let res = w
        .issue_new(
            "sr_participation",
            json!({"over_total_reason": "Not needed"}),
        )
        .await;
    assert_eq!(res.status(), 201);
}

#[actix_web::test]
async fn levels_do_not_overlap_and_the_special_level_runs_at_most_six_months() {
    let w = world().await;
    let client = w.app.new_client("heinola", "Taso Asiakas").await;
    // A basic-level voucher until 1 June; a special one over it is refused, after it is fine.
    assert_eq!(
        w.issue_to(&client, "rwa_basic", json!({})).await.status(),
        201
    );
    let res = w
        .issue_to(
            &client,
            "rwa_special",
            json!({"valid_from": "2026-06-01", "valid_until": "2026-08-31"}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.levels_overlap", "{body}");

    // Special level: three months; a day more only with a reason.
    let v1 = w
        .issue_to(
            &client,
            "rwa_special",
            json!({"valid_from": "2026-06-02", "valid_until": "2026-09-01"}),
        )
        .await;
    assert_eq!(v1.status(), 201);
    let v1: Value = v1.json().await.unwrap();
    let token = w.app.fresh_token(&w.heinola_worker);
    let path = format!("{ISSUE}/{}", v1["id"].as_str().unwrap());
    let res = w
        .app
        .patch_auth(
            &path,
            &token,
            &json!({"op": "extend", "valid_until": "2026-09-02"}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.extension_reason_required", "{body}");
    // A basic-level voucher cannot start while the special one runs.
    let res = w
        .issue_to(
            &client,
            "rwa_basic",
            json!({"valid_from": "2026-09-01", "valid_until": "2026-11-30"}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.levels_overlap", "{body}");

    // A second special voucher that follows: six months in a row, only with a reason.
    let second = |reason: Option<&str>| {
        let mut body = json!({"valid_from": "2026-09-02", "valid_until": "2026-12-01"});
        if let Some(r) = reason {
            body["extension_reason"] = json!(r);
        }
        body
    };
    let res = w.issue_to(&client, "rwa_special", second(None)).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.extension_reason_required", "{body}");
    let res = w
        .issue_to(&client, "rwa_special", second(Some("More time")))
        .await;
    assert_eq!(res.status(), 201);
    let v2: Value = res.json().await.unwrap();
    let history: Vec<(&str, Option<&str>)> = v2["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["reason"].as_str()))
        .collect();
    assert_eq!(
        history,
        [
            ("issued", None),
            ("longer_period_allowed", Some("More time"))
        ]
    );
    // Six months and a day in the two vouchers is too long, reason or not.
    let res = w
        .app
        .patch_auth(
            &format!("{ISSUE}/{}", v2["id"].as_str().unwrap()),
            &token,
            &json!({"op": "extend", "valid_until": "2026-12-02", "extension_reason": "More"}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "voucher.consecutive_too_long", "{body}");
}

#[actix_web::test]
async fn a_retried_issue_creates_one_voucher() {
    let w = world().await;
    let body = base("sr_individual", &w.kuopio_client.id);
    let send = |body: Value, key: &'static str| {
        let app = &w.app;
        let token = app.fresh_token(&w.kuopio_worker);
        async move {
            app.http
                .post(app.url(ISSUE))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let first = send(body.clone(), "issue-1").await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = send(body.clone(), "issue-1").await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["Idempotent-Replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["number"], first["number"]);
    // The same key with another request is refused, and nothing more was created.
    let other = send(with(body, json!({"granted_units": 20})), "issue-1").await;
    assert_eq!(other.status(), 422);
    let list = wallet(&w.app, &w.kuopio_client, "en").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn the_wallet_pages_newest_first() {
    let w = world().await;
    let mut issued = Vec::new();
    for service in ["sr_individual", "sr_group", "sr_participation"] {
        let v = w.issued(service, json!({})).await;
        issued.push(v["id"].as_str().unwrap().to_string());
    }
    let token = &w.kuopio_client.token;
    let first: Value = w
        .app
        .get_auth_json("/api/v1/clients/me/vouchers?limit=2", token)
        .await;
    let ids = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&first), vec![issued[2].clone(), issued[1].clone()]);
    let after = first["next_after"].as_str().unwrap();
    let second: Value = w
        .app
        .get_auth_json(
            &format!("/api/v1/clients/me/vouchers?limit=2&after={after}"),
            token,
        )
        .await;
    assert_eq!(ids(&second), vec![issued[0].clone()]);
    assert!(second["next_after"].is_null());
    for bad in ["limit=0", "limit=101", "after=yesterday"] {
        let res = w
            .app
            .get_auth(&format!("/api/v1/clients/me/vouchers?{bad}"), token)
            .await;
        assert_eq!(res.status(), 400, "{bad}");
    }
}

/// The rulebooks as served are the domain table, number for number, including the ones that
/// later features (attendance, billing, groups, providers) enforce.
#[actix_web::test]
async fn the_rulebooks_in_force_are_the_municipal_rulebooks() {
    let app = spawn_app().await;
    let get = |m: &'static str| {
        let app = &app;
        async move {
            let res = app
                .http
                .get(app.url(&format!("/api/v1/municipalities/{m}/rulebooks")))
                .header("Accept-Language", "en")
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let list: Vec<Value> = res.json().await.unwrap();
            list.into_iter()
                .map(|r| (r["service"]["code"].as_str().unwrap().to_string(), r))
                .collect::<std::collections::BTreeMap<_, _>>()
        }
    };
    let h = get("heinola").await;
    assert_eq!(
        h.keys().collect::<Vec<_>>(),
        vec!["rwa_basic", "rwa_special"]
    );
    let basic = &h["rwa_basic"];
    assert_eq!(basic["unit"], "day");
    assert_eq!(basic["unit_price"]["display"], "€40.00");
    assert_eq!(
        basic["validity_months"],
        json!({"min": 3, "max": 12, "exception_max": null})
    );
    assert_eq!(
        basic["per_week"],
        json!({"min": 1, "max": 4, "exception_max": null})
    );
    assert_eq!(
        basic["hours_per_day"],
        json!({"min": 4, "max": 8, "exception_max": null})
    );
    assert_eq!(basic["intro_visit_within_days"], 7);
    assert_eq!(basic["start_within_days"], 14);
    assert_eq!(basic["intro_visit_counts_from"], "place_agreed");
    assert_eq!(basic["start_counts_from"], "plan_made");
    assert_eq!(basic["start_skips_holiday_periods"], true);
    assert_eq!(
        basic["holiday_periods"],
        json!([{"first": "07-01", "last": "07-31"}, {"first": "12-24", "last": "01-06"}])
    );
    assert!(basic["closed_group"].is_null());
    assert!(basic["client_age_min"].is_null());
    assert_eq!(basic["billing_report_day"], 4);
    assert_eq!(basic["no_show_units_per_month"], 0);
    assert_eq!(
        basic["allowed_legal_forms"],
        json!([
            "association",
            "foundation",
            "joint_municipal_authority",
            "municipality",
            "religious_community",
            "state_agency"
        ])
    );
    assert_eq!(basic["min_work_tasks"], 2);
    assert_eq!(basic["search_radius_km"], 20);
    assert!(basic["max_radius_without_permission_km"].is_null());
    assert_eq!(basic["long_term_after_months"], 12);
    assert_eq!(basic["long_term_per_week_min"], 3);
    assert_eq!(basic["total_max_months"], 24);
    assert_eq!(basic["total_max_with_reason"], true);
    let special = &h["rwa_special"];
    assert_eq!(special["allowed_legal_forms"], basic["allowed_legal_forms"]);
    assert_eq!(special["unit_price"]["cents"], 4800);
    assert_eq!(special["validity_months"]["max"], 3);
    assert_eq!(special["extended_max_months"], 6);
    assert_eq!(special["consecutive_max_months"], 6);
    assert_eq!(special["extension_needs_reason"], true);
    assert_eq!(special["same_time_group"], basic["same_time_group"]);
    assert!(basic["same_time_group"].is_string());
    assert_eq!(basic["extension_needs_reason"], false);

    let k = get("kuopio").await;
    assert_eq!(
        k.keys().collect::<Vec<_>>(),
        vec![
            "sr_group",
            "sr_individual",
            "sr_participation",
            "sr_supported_work"
        ]
    );
    let individual = &k["sr_individual"];
    assert_eq!(individual["unit"], "hour");
    assert_eq!(
        individual["units_cap"],
        json!({"units": 40, "per_months": 4, "exception_units": null})
    );
    assert_eq!(individual["remote_share_max_percent"], 10);
    assert_eq!(individual["price_tiers"].as_array().unwrap().len(), 3);
    let group = &k["sr_group"];
    assert_eq!(group["unit_price"]["cents"], 1500);
    assert_eq!(group["units_cap"]["units"], 80);
    assert_eq!(group["per_week"]["max"], 5);
    assert_eq!(group["hours_per_day"]["max"], 3);
    assert_eq!(group["hours_per_session"], true);
    assert_eq!(group["sessions_per_week_min"], 1);
    assert_eq!(group["group_size_max"], 12);
    assert_eq!(group["client_age_min"], 18);
    assert_eq!(group["client_age_max"], 64);
    assert_eq!(
        group["closed_group"],
        json!({"delay_max_working_days": 10, "min_fill_percent": 60,
               "fill_checked_days_before": 7, "joining_working_days": 10})
    );
    let supported = &k["sr_supported_work"];
    assert_eq!(supported["unit_price"]["cents"], 5600);
    assert_eq!(
        supported["units_cap"],
        json!({"units": 54, "per_months": 4, "exception_units": 72})
    );
    assert_eq!(
        supported["per_week"],
        json!({"min": 1, "max": 3, "exception_max": 4})
    );
    assert_eq!(
        supported["hours_per_day"],
        json!({"min": 3, "max": 4, "exception_max": null})
    );
    let participation = &k["sr_participation"];
    assert_eq!(participation["unit_price"]["cents"], 2200);
    assert_eq!(participation["validity_months"]["max"], 6);
    assert_eq!(
        participation["units_cap"],
        json!({"units": 78, "per_months": 6, "exception_units": null})
    );
    for r in k.values() {
        assert_eq!(r["start_within_working_days"], 10);
        assert_eq!(r["start_counts_from"], "ordered");
        assert_eq!(r["intro_visit_counts_from"], "decision");
        assert_eq!(r["holiday_periods"], json!([]));
        assert_eq!(r["billing_report_day"], 8);
        assert_eq!(r["no_show_units_per_month"], 1);
        assert_eq!(r["search_radius_km"], 20);
        assert_eq!(r["max_radius_without_permission_km"], 20);
        assert_eq!(r["validity_months"]["min"], 1);
        assert_eq!(r["allowed_legal_forms"], Value::Null);
        assert_eq!(r["same_time_group"], Value::Null);
        assert_eq!(r["consecutive_max_months"], Value::Null);
    }
    assert_eq!(
        app.get("/api/v1/municipalities/atlantis/rulebooks")
            .await
            .status(),
        404
    );
}

/// The wallet checks the session in the same read as the vouchers: the person's own language
/// choice decides the answer when the app sends none, and an ended session is refused.
#[actix_web::test]
async fn the_wallet_speaks_the_stored_language_and_refuses_an_ended_session() {
    let w = world().await;
    let v = w.issued("rwa_basic", json!({})).await;
    let client = &w.heinola_client;
    let token = w.app.fresh_token(client);
    w.app.choose_language(&token, "sv").await;
    let one = format!("/api/v1/clients/me/vouchers/{}", v["id"].as_str().unwrap());
    for path in ["/api/v1/clients/me/vouchers", one.as_str()] {
        let res = w.app.get_auth(path, &token).await;
        assert_eq!(res.status(), 200, "{path}");
        let body: Value = res.json().await.unwrap();
        let summary = body["items"][0]["summary"]
            .as_str()
            .or(body["summary"].as_str())
            .unwrap()
            .to_string();
        assert!(summary.starts_with("Du har en servicesedel"), "{summary}");
    }
    let res = w.app.delete_auth("/api/v1/me/sessions", &token).await;
    assert!(res.status().is_success(), "{}", res.status());
    for path in ["/api/v1/clients/me/vouchers", one.as_str()] {
        let res = w.app.get_auth(path, &token).await;
        assert_eq!(res.status(), 401, "{path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "auth.session_ended");
    }
}
