//! Housekeeping (`db::sweep`): stored answers to retried requests go after a day, pushes that
//! ended after a week, events once no sign-in can still be catching up on them; oldest first,
//! a bounded batch a run, and the periodic thread does it by itself.

use std::time::{Duration, Instant};

use chrono::{Duration as Span, NaiveDateTime};
use diesel::prelude::*;
use seteli::clock::Clock;
use seteli::db::schema::{events, idempotency_keys, push_jobs, push_subscriptions};
use seteli::db::sweep::{sweep, Keep, Swept};
use seteli::db::DbConnection;

use crate::helpers::{spawn_app, spawn_app_with, TestApp};

/// Rows of each kind, `ages` hours old each, for `person`.
fn plant(conn: &mut DbConnection, person: &str, now: NaiveDateTime, ages: &[i64]) {
    diesel::insert_into(push_subscriptions::table)
        .values((
            push_subscriptions::id.eq(format!("sub-{person}")),
            push_subscriptions::person_id.eq(person),
            push_subscriptions::endpoint.eq(format!("https://push.example/{person}")),
            push_subscriptions::p256dh.eq("k"),
            push_subscriptions::auth.eq("a"),
            push_subscriptions::label.eq("Puhelin"),
            push_subscriptions::created_at.eq(now),
        ))
        .execute(conn)
        .unwrap();
    for (i, hours) in ages.iter().enumerate() {
        let at = now - Span::hours(*hours);
        diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::person_id.eq(person),
                idempotency_keys::idempotency_key.eq(format!("key-{i}")),
                idempotency_keys::request_hash.eq("h"),
                idempotency_keys::status.eq(201),
                idempotency_keys::body.eq("{}"),
                idempotency_keys::created_at.eq(at),
            ))
            .execute(conn)
            .unwrap();
        diesel::insert_into(events::table)
            .values((
                events::recipient_id.eq(person),
                events::seq.eq(1_000 + i as i64),
                events::kind.eq("notification.new"),
                events::refs.eq("{}"),
                events::created_at.eq(at),
            ))
            .execute(conn)
            .unwrap();
        for state in ["sent", "pending"] {
            diesel::insert_into(push_jobs::table)
                .values((
                    push_jobs::id.eq(format!("job-{person}-{i}-{state}")),
                    push_jobs::subscription_id.eq(format!("sub-{person}")),
                    push_jobs::person_id.eq(person),
                    push_jobs::event_kind.eq("notification.new"),
                    push_jobs::refs.eq("{}"),
                    push_jobs::created_at.eq(at),
                    // A waiting push not yet due, so the app's own sender leaves it be.
                    push_jobs::due_at.eq(if state == "pending" {
                        now + Span::days(3650)
                    } else {
                        at
                    }),
                    push_jobs::attempts.eq(1),
                    push_jobs::state.eq(state),
                    push_jobs::done_at.eq((state == "sent").then_some(at)),
                ))
                .execute(conn)
                .unwrap();
        }
    }
}

/// What is left of `person`'s rows: keys, events, ended pushes, waiting pushes.
fn left(app: &TestApp, person: &str) -> (i64, i64, i64, i64) {
    let mut conn = app.state.db.get().unwrap();
    let keys = idempotency_keys::table
        .filter(idempotency_keys::person_id.eq(person))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let events = events::table
        .filter(events::recipient_id.eq(person))
        .filter(events::seq.ge(1_000))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let jobs = |state: &str| -> i64 {
        push_jobs::table
            .filter(push_jobs::person_id.eq(person))
            .filter(push_jobs::state.eq(state))
            .count()
            .get_result(&mut *app.state.db.get().unwrap())
            .unwrap()
    };
    (keys, events, jobs("sent"), jobs("pending"))
}

#[actix_web::test]
async fn expired_rows_go_oldest_first_a_bounded_batch_a_run() {
    let app = spawn_app().await;
    let aino = app.new_client("heinola", "Aino").await;
    let now = app.clock.now();
    // Hours old: a month and more, eight days, two days, 23 hours, and fresh.
    let ages = [24 * 40, 24 * 31, 24 * 8, 48, 23, 0];
    plant(
        &mut app.state.db.get().unwrap(),
        &aino.id,
        now.naive_utc(),
        &ages,
    );
    let keep = Keep {
        push_jobs: Span::days(7),
        events: Span::days(30),
        batch: 2,
    };

    // The first run removes two of each kind, the oldest.
    let first = sweep(&app.state.db, now, &keep).unwrap();
    assert_eq!(
        first,
        Swept {
            idempotency_keys: 2,
            push_jobs: 2,
            events: 2
        }
    );
    assert_eq!(left(&app, &aino.id), (4, 4, 4, 6));

    // The rest in the next: keys older than a day, ended pushes older than a week, events
    // older than a sign-in lasts. Waiting pushes stay, however old.
    let second = sweep(&app.state.db, now, &keep).unwrap();
    assert_eq!(
        second,
        Swept {
            idempotency_keys: 2,
            push_jobs: 1,
            events: 0
        }
    );
    assert_eq!(left(&app, &aino.id), (2, 4, 3, 6));
    assert_eq!(sweep(&app.state.db, now, &keep).unwrap(), Swept::default());

    // The app's catching up reads what is left, from where it is.
    let page = app
        .get_auth_json("/api/v1/me/events?after=0", &aino.token)
        .await;
    let seqs: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["id"].as_i64())
        .filter(|s| *s >= 1_000)
        .collect();
    assert_eq!(seqs, vec![1_002, 1_003, 1_004, 1_005]);
}

#[actix_web::test]
async fn the_periodic_job_removes_them_by_itself() {
    let app = spawn_app_with(|s| s.housekeeping.every_seconds = 1).await;
    let aino = app.new_client("heinola", "Aino").await;
    let now = app.clock.now();
    plant(
        &mut app.state.db.get().unwrap(),
        &aino.id,
        now.naive_utc(),
        &[24 * 40, 1],
    );
    let started = Instant::now();
    while left(&app, &aino.id) != (1, 1, 1, 2) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "not swept: {:?}",
            left(&app, &aino.id)
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}
