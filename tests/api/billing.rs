//! Monthly billing through the API: the provider's month, submitting and its report day, the
//! correction lines of a submitted month, the city's view, the CSV, and who sees what.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{json, Value};
use seteli::clock::start_of_day;

use crate::attendance::{coaching, heinola, plan, Days};
use crate::helpers::{json_of, spawn_app, status_and_json, TestApp};

pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// `h` hours past midnight of `day` in Helsinki.
pub(crate) fn helsinki(day: &str, h: i64) -> DateTime<Utc> {
    start_of_day(date(day)) + Duration::hours(h)
}

/// Moves the clock and renews the tokens of `days`.
pub(crate) fn at(app: &TestApp, when: DateTime<Utc>, days: &mut [&mut Days]) {
    app.clock.set(when);
    for x in days {
        x.renew(app);
    }
}

pub(crate) async fn month(app: &TestApp, d: &Days, m: &str) -> Value {
    let url = format!("/api/v1/provider/billing/{m}");
    json_of(app.get_auth(&url, &d.staff.token).await, 200).await
}

pub(crate) async fn submit(app: &TestApp, d: &Days, m: &str) -> (u16, Value) {
    let url = format!("/api/v1/provider/billing/{m}/submit");
    status_and_json(app.post_auth(&url, &d.staff.token, &json!(null)).await).await
}

/// Staff record a day the client was there; its id.
pub(crate) async fn record(app: &TestApp, d: &Days, day: &str, hours: Option<i32>) -> String {
    let url = format!("/api/v1/provider/agreements/{}/days", d.agreement);
    let body = json!({"day": day, "hours": hours});
    let (status, body) = status_and_json(app.post_auth(&url, &d.staff.token, &body).await).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_string()
}

fn line_of<'a>(m: &'a Value, kind: &str) -> Vec<&'a Value> {
    m["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == kind)
        .collect()
}

fn cents(v: &Value) -> i64 {
    v["cents"].as_i64().unwrap()
}

#[actix_web::test]
async fn a_month_bills_realised_days_and_a_submitted_one_changes_only_by_corrections() {
    let app = spawn_app().await;
    app.clock.set(helsinki("2026-11-20", 12));
    let mut d = heinola(&app).await;
    record(&app, &d, "2026-11-16", None).await;
    record(&app, &d, "2026-11-17", None).await;
    let absence = json!({"agreement_id": d.agreement, "day": "2026-11-18",
        "kind": "authorised", "reason": "Sairas."});
    json_of(
        app.post_auth("/api/v1/provider/absences", &d.staff.token, &absence)
            .await,
        201,
    )
    .await;
    let (_, waiting) = d.check_in(&app, json!({"day": "2026-11-19"})).await;
    let waiting = waiting["id"].as_str().unwrap().to_string();

    let nov = month(&app, &d, "2026-11").await;
    let line = line_of(&nov, "month")[0];
    assert_eq!(
        (line["confirmed_units"].as_i64(), line["units"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(cents(&line["amount"]), 8000, "{line}");
    let kinds: Vec<&str> = line["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["day", "day", "absence", "pending"]);
    let absent = &line["days"][2];
    assert_eq!(
        (cents(&absent["amount"]), absent["reason"].as_str()),
        (0, Some("Sairas."))
    );
    assert_eq!(nov["submissions"][0]["status"], "open");
    assert_eq!(nov["submissions"][0]["due_on"], "2026-12-04");

    // Not before the month has ended.
    let (status, early) = submit(&app, &d, "2026-11").await;
    assert_eq!(
        (status, early["code"].as_str()),
        (409, Some("billing.month_not_over"))
    );

    // The last second of the report day (H §5.2: the 4th) is on time.
    at(
        &app,
        start_of_day(date("2026-12-05")) - Duration::seconds(1),
        &mut [&mut d],
    );
    let (status, sent) = submit(&app, &d, "2026-11").await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["submissions"][0]["status"], "submitted");
    assert_eq!(cents(&sent["total"]), 8000);
    let (_, again) = submit(&app, &d, "2026-11").await;
    assert_eq!(
        again["submissions"], sent["submissions"],
        "submitting twice changes nothing"
    );

    // The waiting day is confirmed, and a billed one rejected, after the submission.
    at(&app, helsinki("2026-12-05", 10), &mut [&mut d]);
    let (s, _) = d.decide(&app, &waiting, "confirm", json!({})).await;
    assert_eq!(s, 200);
    let staff_days: Value = app
        .get_auth_json(
            "/api/v1/provider/check-ins?status=confirmed&limit=100",
            &d.staff.token,
        )
        .await;
    let first = staff_days["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["day"]["day"] == "2026-11-16")
        .unwrap()["day"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, _) = d
        .decide(
            &app,
            &first,
            "reject",
            json!({"reason": "Ei ollut paikalla."}),
        )
        .await;
    assert_eq!(s, 200);

    let frozen = month(&app, &d, "2026-11").await;
    assert_eq!(
        frozen["lines"], sent["lines"],
        "a submitted month stays as it was"
    );
    let dec = month(&app, &d, "2026-12").await;
    let corrections = line_of(&dec, "correction");
    let mut named: Vec<(String, i64)> = corrections
        .iter()
        .map(|l| {
            (
                l["corrects_day"].as_str().unwrap().to_string(),
                cents(&l["amount"]),
            )
        })
        .collect();
    named.sort();
    assert_eq!(
        named,
        [
            ("2026-11-16".to_string(), -4000),
            ("2026-11-19".to_string(), 4000)
        ]
    );
    // Every month's lines of the voucher add up to the wallet's used units at the price.
    let billed = cents(&frozen["total"]) + cents(&dec["total"]);
    assert_eq!(billed, d.wallet_used(&app).await * 4000);
}

#[actix_web::test]
async fn the_report_day_counts_to_midnight_in_helsinki() {
    let app = spawn_app().await;
    app.clock.set(helsinki("2026-11-20", 12));
    let mut on_time = heinola(&app).await;
    let mut late = heinola(&app).await;
    let mut kuopio_on_time = coaching(&app).await;
    let mut kuopio_late = coaching(&app).await;
    for x in [&on_time, &late] {
        record(&app, x, "2026-11-19", None).await;
    }
    for x in [&kuopio_on_time, &kuopio_late] {
        record(&app, x, "2026-11-19", Some(2)).await;
    }
    let cases: [(&mut Days, &str, &str); 4] = [
        (&mut on_time, "2026-12-05", "submitted"),
        (&mut late, "2026-12-05", "submitted_late"),
        (&mut kuopio_on_time, "2026-12-09", "submitted"),
        (&mut kuopio_late, "2026-12-09", "submitted_late"),
    ];
    for (x, midnight, expected) in cases {
        // A second before midnight is the report day; midnight is the next day.
        let when = if expected == "submitted" {
            start_of_day(date(midnight)) - Duration::seconds(1)
        } else {
            start_of_day(date(midnight))
        };
        at(&app, when, &mut [x]);
        let (status, body) = submit(&app, x, "2026-11").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            body["submissions"][0]["status"], expected,
            "{midnight}: {body}"
        );
        let summary = body["submissions"][0]["summary"].as_str().unwrap();
        assert!(summary.contains("2026"), "{summary}");
    }
}

#[actix_web::test]
async fn no_shows_bill_one_unit_each_calendar_month_and_cancelled_meetings_nothing() {
    let app = spawn_app().await;
    app.clock.set(helsinki("2026-11-20", 12));
    let mut d = coaching(&app).await;
    let last = plan(&app, &d, helsinki("2026-11-30", 10), None).await;
    let first = plan(&app, &d, helsinki("2026-12-01", 10), None).await;
    let second = plan(&app, &d, helsinki("2026-12-02", 10), None).await;
    let cancelled = plan(&app, &d, helsinki("2026-11-27", 10), None).await;
    let cancel = format!(
        "/api/v1/provider/agreements/{}/meetings/{cancelled}/cancel",
        d.agreement
    );
    json_of(
        app.post_auth(
            &cancel,
            &d.staff.token,
            &json!({"reason": "Valmentaja sairas."}),
        )
        .await,
        200,
    )
    .await;
    at(&app, helsinki("2026-12-02", 12), &mut [&mut d]);
    for m in [&last, &first, &second] {
        let url = format!(
            "/api/v1/provider/agreements/{}/meetings/{m}/no-show",
            d.agreement
        );
        json_of(app.post_auth(&url, &d.staff.token, &json!(null)).await, 200).await;
    }
    let nov = month(&app, &d, "2026-11").await;
    let line = line_of(&nov, "month")[0];
    assert_eq!(line["no_show_units"], 1, "{line}");
    let off = line["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "cancelled")
        .unwrap();
    assert_eq!(
        (cents(&off["amount"]), off["reason"].as_str()),
        (0, Some("Valmentaja sairas."))
    );
    let dec = month(&app, &d, "2026-12").await;
    let line = line_of(&dec, "month")[0];
    assert_eq!(
        line["no_show_units"], 1,
        "the second in December bills nothing: {line}"
    );
    assert_eq!(line["days"].as_array().unwrap().len(), 2);
    assert_eq!(cents(&line["amount"]), 4000);
}

#[actix_web::test]
async fn an_interrupted_service_is_named_and_bills_to_its_last_realised_day() {
    let app = spawn_app().await;
    app.clock.set(helsinki("2026-11-20", 12));
    let d = heinola(&app).await;
    record(&app, &d, "2026-11-16", None).await;
    let url = format!("/api/v1/provider/agreements/{}/interruptions", d.agreement);
    let body = json!({"on": "2026-11-17", "explanation": "Ei tullut enää."});
    let (status, answer) = status_and_json(app.post_auth(&url, &d.staff.token, &body).await).await;
    assert!(status < 300, "{answer}");
    let url = format!("/api/v1/provider/agreements/{}/days", d.agreement);
    let after = app
        .post_auth(&url, &d.staff.token, &json!({"day": "2026-11-19"}))
        .await;
    assert_eq!(json_of(after, 409).await["code"], "attendance.interrupted");
    let nov = month(&app, &d, "2026-11").await;
    let line = line_of(&nov, "month")[0];
    assert_eq!(line["interrupted_on"], "2026-11-17", "{line}");
    assert_eq!(line["units"], 1);
}

#[actix_web::test]
async fn each_sees_only_their_own_organisation_or_municipality() {
    let app = spawn_app().await;
    app.clock.set(helsinki("2026-11-20", 12));
    let mut a = heinola(&app).await;
    let mut b = heinola(&app).await;
    let mut k = coaching(&app).await;
    record(&app, &a, "2026-11-16", None).await;
    record(&app, &b, "2026-11-16", None).await;
    record(&app, &k, "2026-11-16", Some(3)).await;
    at(
        &app,
        helsinki("2026-12-03", 9),
        &mut [&mut a, &mut b, &mut k],
    );
    assert_eq!(submit(&app, &a, "2026-11").await.0, 200);

    // Staff of B ask for A's month: it does not exist for them.
    let url = format!(
        "/api/v1/provider/billing/2026-11?provider_id={}",
        a.provider
    );
    assert_eq!(app.get_auth(&url, &b.staff.token).await.status(), 404);
    let url = format!(
        "/api/v1/provider/billing/2026-11/submit?provider_id={}",
        a.provider
    );
    assert_eq!(
        app.post_auth(&url, &b.staff.token, &json!(null))
            .await
            .status(),
        404
    );
    // A client is not staff.
    assert_eq!(
        app.get_auth("/api/v1/provider/billing/2026-11", &a.client.token)
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get_auth("/api/v1/caseworker/billing/2026-11", &a.staff.token)
            .await
            .status(),
        403
    );

    // Heinola's caseworker: A submitted, B still open; Kuopio's provider is not there.
    let city = app
        .get_auth_json("/api/v1/caseworker/billing/2026-11", &a.worker.token)
        .await;
    let parts = city["providers"].as_array().unwrap();
    let status_of = |p: &str| {
        parts
            .iter()
            .find(|x| x["provider"]["id"] == p)
            .map(|x| x["submission"]["status"].clone())
    };
    assert_eq!(status_of(&a.provider), Some(json!("submitted")));
    assert_eq!(status_of(&b.provider), Some(json!("open")));
    assert_eq!(status_of(&k.provider), None);
    let rwa = city["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"]["code"] == "rwa_basic")
        .unwrap();
    assert_eq!(
        (cents(&rwa["submitted"]), cents(&rwa["not_submitted"])),
        (4000, 4000),
        "{rwa}"
    );
    assert!(cents(&rwa["granted_value"]) >= 2 * 50 * 4000, "{rwa}");
    // After the 4th, B is overdue.
    at(&app, helsinki("2026-12-05", 9), &mut [&mut a, &mut k]);
    let city = app
        .get_auth_json("/api/v1/caseworker/billing/2026-11", &a.worker.token)
        .await;
    assert_eq!(city["overdue"], 1, "{city}");
    // Kuopio's caseworker may not name Heinola.
    let other = app
        .get_auth(
            "/api/v1/caseworker/billing/2026-11?municipality=heinola",
            &k.worker.token,
        )
        .await;
    assert_eq!(other.status(), 404);
    // The client reads in the access log that the provider billed their days.
    let log = app
        .get_auth_json("/api/v1/clients/me/access-log?limit=100", &a.client.token)
        .await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["action"]["code"].as_str().or(x["action"].as_str()))
        .collect();
    assert!(actions.contains(&"billing.submit"), "{actions:?}");
}

#[actix_web::test]
async fn a_day_is_billed_by_one_provider_only() {
    let app = spawn_app().await;
    app.clock.set(helsinki("2026-11-20", 12));
    let a = heinola(&app).await;
    record(&app, &a, "2026-11-16", None).await;
    // Another provider takes over the same voucher (a change of place): its agreement cannot
    // bill a day the first one billed (H §7, no double funding).
    let b = crate::attendance::second_provider(&app, &a).await;
    let url = format!("/api/v1/provider/agreements/{}/days", b.agreement);
    let twice = app
        .post_auth(&url, &b.staff.token, &json!({"day": "2026-11-16"}))
        .await;
    assert_eq!(twice.status(), 409);
    let theirs = month(&app, &b, "2026-11").await;
    assert!(theirs["lines"].as_array().unwrap().is_empty(), "{theirs}");
}

/// The CSV as Python's own `csv` module reads it (`;`, `utf-8-sig`): the columns, the amounts
/// with a decimal comma, and a name that would run as a formula made plain text.
#[actix_web::test]
async fn the_csv_reads_back_in_a_reader_no_one_here_wrote() {
    let app = spawn_app().await;
    app.clock.set(helsinki("2026-11-20", 12));
    let mut d = heinola(&app).await;
    let evil = "=HYPERLINK(\"http://evil.example\",\"x\")";
    {
        let mut conn = app.state.db.get().unwrap();
        crate::attendance::rename(&mut conn, &d.client.id, evil);
    }
    record(&app, &d, "2026-11-16", None).await;
    record(&app, &d, "2026-11-17", None).await;
    at(&app, helsinki("2026-12-03", 9), &mut [&mut d]);
    let res = app
        .http
        .get(app.url("/api/v1/provider/billing/2026-11"))
        .bearer_auth(&d.staff.token)
        .header("Accept", "text/csv")
        .header("Accept-Language", "fi")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let bytes = res.text().await.unwrap().into_bytes();
    assert!(
        bytes.starts_with("\u{FEFF}".as_bytes()),
        "a byte-order mark first"
    );
    // The `.csv` month gives the same.
    let same = app
        .get_auth("/api/v1/provider/billing/2026-11.csv", &d.staff.token)
        .await;
    assert_eq!(same.status(), 200);

    let Some(python) = python() else {
        return;
    };
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &bytes).unwrap();
    let script = r#"
import csv, json, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
labels, codes, body = rows[0], rows[1], rows[2:]
print(json.dumps({"labels": labels, "rows": [dict(zip(codes, r)) for r in body]}))
"#;
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(read["labels"][0], "Palveluntuottaja");
    let row = &read["rows"][0];
    assert_eq!(
        row["client"],
        format!("'{evil}"),
        "a formula comes out as text"
    );
    assert_eq!(row["amount"], "80,00");
    assert_eq!(row["unit_price"], "40,00");
    assert_eq!(row["confirmed_units"], "2");
    assert_eq!(row["month"], "2026-11");
    assert_eq!(row["status"], "open");
}

/// Python 3, where the machine has it. CI requires it (`SETELI_REQUIRE_PYTHON`); a machine
/// without it skips the read-back.
pub(crate) fn python() -> Option<&'static str> {
    let found = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("python3");
    }
    assert!(
        std::env::var_os("SETELI_REQUIRE_PYTHON").is_none(),
        "python3 is required here"
    );
    eprintln!("python3 not found: the CSV read-back is skipped");
    None
}

/// A change that read the clock before the submission but committed after it (its time is
/// earlier than the submission's) is still corrected: the report looks at changes from a margin
/// before each submission, not only after it.
#[actix_web::test]
async fn a_change_committed_just_after_a_submission_is_still_corrected() {
    let app = spawn_app().await;
    app.clock.set(helsinki("2026-11-20", 12));
    let mut d = heinola(&app).await;
    let day = record(&app, &d, "2026-11-16", None).await;
    let submitted = helsinki("2026-12-03", 9);
    at(&app, submitted, &mut [&mut d]);
    assert_eq!(submit(&app, &d, "2026-11").await.0, 200);
    {
        use diesel::prelude::*;
        use seteli::db::schema::activity_days as ad;
        let mut conn = app.state.db.get().unwrap();
        let before = (submitted - Duration::minutes(5)).naive_utc();
        diesel::update(ad::table.find(&day))
            .set((
                ad::status.eq("rejected"),
                ad::units.eq(0),
                ad::decided_at.eq(Some(before)),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    let dec = month(&app, &d, "2026-12").await;
    let corrections = line_of(&dec, "correction");
    assert_eq!(corrections.len(), 1, "{dec}");
    assert_eq!(cents(&corrections[0]["amount"]), -4000);
}

/// Remote coaching is billed at the rulebook's remote tier whatever the agreement's tier (K §3.1),
/// and its correction at the same price.
#[actix_web::test]
async fn remote_coaching_bills_at_the_remote_tier_and_is_corrected_at_it() {
    let app = spawn_app().await;
    app.clock.set(helsinki("2026-11-20", 12));
    let mut d = coaching(&app).await;
    let url = format!("/api/v1/provider/agreements/{}/days", d.agreement);
    let body = json!({"day": "2026-11-18", "hours": 1, "remote": true});
    let day = json_of(app.post_auth(&url, &d.staff.token, &body).await, 201).await;
    let day = day["id"].as_str().unwrap().to_string();
    let nov = month(&app, &d, "2026-11").await;
    let line = line_of(&nov, "month")[0];
    // The agreement's price in the fixture is 40 €; Kuopio's remote tier is 46 € (tier 1).
    assert_eq!(cents(&line["unit_price"]), 4000, "{line}");
    assert_eq!(cents(&line["days"][0]["unit_price"]), 4600, "{line}");
    assert_eq!(cents(&line["amount"]), 4600);
    at(&app, helsinki("2026-12-03", 9), &mut [&mut d]);
    assert_eq!(submit(&app, &d, "2026-11").await.0, 200);
    let (s, _) = d
        .decide(
            &app,
            &day,
            "reject",
            json!({"reason": "Puhelu jäi pitämättä."}),
        )
        .await;
    assert_eq!(s, 200);
    let dec = month(&app, &d, "2026-12").await;
    let correction = line_of(&dec, "correction")[0];
    assert_eq!(cents(&correction["unit_price"]), 4600, "{correction}");
    assert_eq!(cents(&correction["amount"]), -4600);
    assert_eq!(correction["days"][0]["reason"], "Puhelu jäi pitämättä.");
}
