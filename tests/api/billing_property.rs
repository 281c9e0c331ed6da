//! The billing invariants over random histories (proptest): check-ins, staff's days,
//! confirmations, corrections, rejections, absences, no-shows and submissions, at random times
//! over a few months. After each history, read every month's report of the voucher:
//! - a day is billed at most once, and its lines over all months add up to what it bills now;
//! - the months add up to the wallet's used units × the price, plus the billable no-shows;
//! - billed units never exceed the granted units;
//! - an absence, a rejection, a waiting check-in or a cancelled meeting never carries money;
//! - a submitted month reads as it was submitted, whatever happened after.
//!
//! `PROPTEST_CASES` sets how many histories (default 32).

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};
use seteli::clock::Clock;

use crate::attendance::{coaching, heinola, Days};
use crate::billing::{at, helsinki, month, submit};
use crate::helpers::{spawn_app, status_and_json, TestApp};

/// The agreements' unit price in the fixtures (`attendance::days_with`).
const PRICE: i64 = 4000;

#[derive(Debug, Clone)]
enum Op {
    /// Staff record a day `back` days ago.
    Record {
        back: i64,
        hours: i32,
    },
    /// The client checks in for a day `back` days ago: it waits for staff.
    CheckIn {
        back: i64,
        hours: i32,
    },
    Confirm {
        pick: usize,
    },
    Correct {
        pick: usize,
        hours: i32,
    },
    Reject {
        pick: usize,
    },
    /// Staff record an absence `back` days ago.
    Absence {
        back: i64,
    },
    /// A meeting an hour from now that the client misses (coaching only).
    NoShow,
    /// A meeting an hour from now that the provider cancels (coaching only).
    Cancel,
    /// Staff submit last month.
    Submit,
    Advance {
        days: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0i64..7, 1i32..5).prop_map(|(back, hours)| Op::Record { back, hours }),
        2 => (0i64..7, 1i32..5).prop_map(|(back, hours)| Op::CheckIn { back, hours }),
        2 => any::<usize>().prop_map(|pick| Op::Confirm { pick }),
        2 => (any::<usize>(), 1i32..5).prop_map(|(pick, hours)| Op::Correct { pick, hours }),
        1 => any::<usize>().prop_map(|pick| Op::Reject { pick }),
        1 => (0i64..7).prop_map(|back| Op::Absence { back }),
        1 => Just(Op::NoShow),
        1 => Just(Op::Cancel),
        2 => Just(Op::Submit),
        3 => (1i64..10).prop_map(|days| Op::Advance { days }),
    ]
}

fn history() -> impl Strategy<Value = (bool, Vec<Op>)> {
    (any::<bool>(), prop::collection::vec(op(), 10..60))
}

#[test]
fn billing_invariants_hold_over_random_histories() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(32);
    let system = actix_web::rt::System::new();
    let app = system.block_on(spawn_app());
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&history(), |(hours_based, ops)| {
        system
            .block_on(run(&app, hours_based, &ops))
            .map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// What a history did that the checks need.
#[derive(Default)]
struct Seen {
    days: Vec<String>,
    /// Each submitted month's lines as the submission answered them.
    submitted: BTreeMap<String, Value>,
}

fn ok(status: u16, what: &str, body: &Value) -> Result<(), String> {
    if status >= 500 {
        return Err(format!("{what} answered {status}: {body}"));
    }
    Ok(())
}

async fn run(app: &TestApp, hours_based: bool, ops: &[Op]) -> Result<(), String> {
    app.clock.set(helsinki("2026-09-01", 10));
    let mut d = if hours_based {
        coaching(app).await
    } else {
        heinola(app).await
    };
    let start = app.clock.now();
    let mut seen = Seen::default();
    for op in ops {
        step(app, &mut d, hours_based, op, &mut seen).await?;
    }
    let granted = if hours_based { 40 } else { 50 };
    check(app, &mut d, start, &seen, granted).await
}

fn day_ago(app: &TestApp, back: i64) -> String {
    (seteli::clock::helsinki_date(app.clock.now()) - Duration::days(back)).to_string()
}

async fn step(
    app: &TestApp,
    d: &mut Days,
    hours_based: bool,
    op: &Op,
    seen: &mut Seen,
) -> Result<(), String> {
    let hours = |h: i32| if hours_based { Some(h) } else { None };
    let pick = |i: usize| seen.days.get(i % seen.days.len().max(1)).cloned();
    let (what, status, body) = match op.clone() {
        Op::Record { back, hours: h } => {
            let url = format!("/api/v1/provider/agreements/{}/days", d.agreement);
            let body = json!({"day": day_ago(app, back), "hours": hours(h)});
            let (s, b) = status_and_json(app.post_auth(&url, &d.staff.token, &body).await).await;
            ("record", s, b)
        }
        Op::CheckIn { back, hours: h } => {
            let body = json!({"day": day_ago(app, back), "hours": hours(h)});
            let (s, b) = d.check_in(app, body).await;
            ("check-in", s, b)
        }
        Op::Confirm { pick: i } => match pick(i) {
            Some(id) => {
                let (s, b) = d.decide(app, &id, "confirm", json!({})).await;
                ("confirm", s, b)
            }
            None => return Ok(()),
        },
        Op::Correct { pick: i, hours: h } => match pick(i) {
            Some(id) => {
                let body = json!({"hours": hours(h), "reason": "Korjattu."});
                let (s, b) = d.decide(app, &id, "correct", body).await;
                ("correct", s, b)
            }
            None => return Ok(()),
        },
        Op::Reject { pick: i } => match pick(i) {
            Some(id) => {
                let body = json!({"reason": "Ei paikalla."});
                let (s, b) = d.decide(app, &id, "reject", body).await;
                ("reject", s, b)
            }
            None => return Ok(()),
        },
        Op::Absence { back } => {
            let body = json!({"agreement_id": d.agreement, "day": day_ago(app, back),
                "kind": "authorised", "reason": "Sairas."});
            let res = app
                .post_auth("/api/v1/provider/absences", &d.staff.token, &body)
                .await;
            let (s, b) = status_and_json(res).await;
            ("absence", s, b)
        }
        Op::NoShow | Op::Cancel if !hours_based => return Ok(()),
        Op::NoShow => {
            let Some(m) = meeting(app, d).await? else {
                return Ok(());
            };
            at(app, app.clock.now() + Duration::hours(2), &mut [d]);
            let url = format!(
                "/api/v1/provider/agreements/{}/meetings/{m}/no-show",
                d.agreement
            );
            let (s, b) =
                status_and_json(app.post_auth(&url, &d.staff.token, &json!(null)).await).await;
            ("no-show", s, b)
        }
        Op::Cancel => {
            let Some(m) = meeting(app, d).await? else {
                return Ok(());
            };
            let url = format!(
                "/api/v1/provider/agreements/{}/meetings/{m}/cancel",
                d.agreement
            );
            let body = json!({"reason": "Valmentaja sairas."});
            let (s, b) = status_and_json(app.post_auth(&url, &d.staff.token, &body).await).await;
            ("cancel", s, b)
        }
        Op::Submit => {
            let today = seteli::clock::helsinki_date(app.clock.now());
            let last = seteli::attendance::month_of(today).0 - Duration::days(1);
            let code = last.format("%Y-%m").to_string();
            let (s, b) = submit(app, d, &code).await;
            if s == 200 {
                seen.submitted
                    .entry(code)
                    .or_insert_with(|| b["lines"].clone());
            }
            ("submit", s, b)
        }
        Op::Advance { days } => {
            at(app, app.clock.now() + Duration::days(days), &mut [d]);
            return Ok(());
        }
    };
    ok(status, what, &body)?;
    if status == 201 {
        if let Some(id) = body["id"].as_str() {
            if !seen.days.iter().any(|x| x == id) {
                seen.days.push(id.to_string());
            }
        }
    }
    Ok(())
}

/// A meeting an hour from now, unless the day has one (or the agreement none).
async fn meeting(app: &TestApp, d: &Days) -> Result<Option<String>, String> {
    let url = format!("/api/v1/provider/agreements/{}/meetings", d.agreement);
    let body = json!({"starts_at": app.clock.now() + Duration::hours(1), "place": "Toimisto"});
    let (s, b) = status_and_json(app.post_auth(&url, &d.staff.token, &body).await).await;
    ok(s, "plan", &b)?;
    Ok((s == 201).then(|| b["id"].as_str().unwrap().to_string()))
}

/// What each day bills now, by the database: (units, whether it is a billable kind).
fn billable_now(app: &TestApp, voucher: &str) -> HashMap<String, i64> {
    use diesel::prelude::*;
    use seteli::db::schema::activity_days;
    let mut conn = app.state.db.get().unwrap();
    let rows: Vec<(String, String, i32)> = activity_days::table
        .filter(activity_days::voucher_id.eq(voucher))
        .select((
            activity_days::id,
            activity_days::status,
            activity_days::units,
        ))
        .load(&mut *conn)
        .unwrap();
    rows.into_iter()
        .map(|(id, status, units)| {
            let bills = matches!(status.as_str(), "confirmed" | "corrected" | "no_show");
            (id, if bills { i64::from(units) } else { 0 })
        })
        .collect()
}

async fn check(
    app: &TestApp,
    d: &mut Days,
    start: chrono::DateTime<chrono::Utc>,
    seen: &Seen,
    granted: i64,
) -> Result<(), String> {
    // Every month from the agreement's start to this one.
    let mut m =
        seteli::attendance::month_of(seteli::clock::helsinki_date(start) - Duration::days(40)).0;
    let end = seteli::clock::helsinki_date(app.clock.now());
    let mut total = 0i64;
    let mut units = 0i64;
    let mut per_day: HashMap<String, i64> = HashMap::new();
    let mut own_lines: HashMap<String, usize> = HashMap::new();
    while m <= end {
        let code = m.format("%Y-%m").to_string();
        let report = month(app, d, &code).await;
        for line in report["lines"].as_array().unwrap() {
            for e in line["days"].as_array().unwrap() {
                let amount = e["amount"]["cents"].as_i64().unwrap();
                let kind = e["kind"].as_str().unwrap();
                if matches!(kind, "absence" | "rejected" | "pending" | "cancelled") && amount != 0 {
                    return Err(format!("{code}: money for {kind}: {e}"));
                }
                if let Some(id) = e["day_id"].as_str() {
                    *per_day.entry(id.to_string()).or_default() += e["units"].as_i64().unwrap();
                    if matches!(kind, "day" | "no_show") {
                        *own_lines.entry(id.to_string()).or_default() += 1;
                    }
                }
            }
            total += line["amount"]["cents"].as_i64().unwrap();
            units += line["units"].as_i64().unwrap();
        }
        if let Some(lines) = seen.submitted.get(&code) {
            if report["lines"] != *lines {
                return Err(format!("{code} changed after it was submitted"));
            }
        }
        m = m.with_day(1).unwrap() + chrono::Months::new(1);
    }
    if let Some((id, n)) = own_lines.iter().find(|(_, n)| **n > 1) {
        return Err(format!("day {id} billed in {n} months"));
    }
    let now = billable_now(app, &d.voucher);
    for (id, billed) in &per_day {
        let should = now.get(id).copied().unwrap_or(0);
        if *billed != should {
            return Err(format!(
                "day {id}: the reports bill {billed}, it bills {should}"
            ));
        }
    }
    let missing: i64 = now
        .iter()
        .filter(|(id, _)| !per_day.contains_key(*id))
        .map(|(_, u)| u)
        .sum();
    if missing != 0 {
        return Err(format!("{missing} billable units are in no report"));
    }
    let no_shows = {
        let mut conn = app.state.db.get().unwrap();
        let from = seteli::clock::helsinki_date(start) - Duration::days(400);
        i64::from(
            seteli::attendance::repo::no_show_units(&mut conn, &d.voucher, from, end).unwrap(),
        )
    };
    d.renew(app);
    let used = d.wallet_used(app).await;
    if total != (used + no_shows) * PRICE {
        return Err(format!(
            "the months bill {total}, the wallet says ({used} + {no_shows}) × {PRICE}"
        ));
    }
    if units > granted {
        return Err(format!("{units} units billed of {granted} granted"));
    }
    Ok(())
}
