//! Web Push through the API, to a push service written here (`push_receiver`): it verifies the
//! VAPID signature against the server's public key and decrypts each payload as a browser would;
//! Python's `http_ece` decrypts one too. Subscriptions and their refusals, what a push carries,
//! quiet hours and muted kinds, 410 and 429 from the push service, a change that rolls back,
//! and two servers on one PostgreSQL database.

use std::time::Duration;

use chrono::TimeZone;
use serde_json::{json, Value};
use seteli::clock::Clock;
use seteli::error::AppError;
use seteli::notifications::{Facts, Kind};

use crate::attendance::heinola;
use crate::chat::{open, say};
use crate::helpers::{spawn_app, spawn_app_with, status_and_json, Person, TestApp};
use crate::push_receiver::{Receiver, Reply, Subscriber};

const WAIT: Duration = Duration::from_secs(10);
/// How long "nothing arrives" is watched for.
const QUIET: Duration = Duration::from_millis(600);

/// A receiver that checks signatures against this app's VAPID key.
async fn receiver(app: &TestApp) -> Receiver {
    let key = app.get_json("/api/v1/push/vapid-public-key").await;
    Receiver::start(Some(key["public_key"].as_str().unwrap().to_string()))
}

async fn subscribe(app: &TestApp, who: &Person, sub: &Subscriber, label: &str) -> (u16, Value) {
    let mut body = sub.subscription_json();
    body["label"] = json!(label);
    status_and_json(
        app.post_auth("/api/v1/me/push-subscriptions", &who.token, &body)
            .await,
    )
    .await
}

/// The person's push jobs, newest first: (state, attempts, last status).
fn jobs(app: &TestApp, person: &str) -> Vec<(String, i32, Option<i32>)> {
    let mut conn = app.state.db.get().unwrap();
    seteli::push::repo::jobs_of(&mut conn, person)
        .unwrap()
        .into_iter()
        .map(|j| (j.state, j.attempts, j.last_status))
        .collect()
}

/// Waits until the person's newest job is in `state` after `attempts` attempts.
async fn job_becomes(
    app: &TestApp,
    person: &str,
    state: &str,
    attempts: i32,
) -> Vec<(String, i32, Option<i32>)> {
    let started = std::time::Instant::now();
    loop {
        let now = jobs(app, person);
        let there = now.first().is_some_and(|j| j.0 == state && j.1 == attempts);
        if there || started.elapsed() > WAIT {
            return now;
        }
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A notification for `who`, as the features write one.
fn notify(app: &TestApp, who: &str, kind: Kind) {
    let now = app.clock.now();
    app.state
        .db
        .write_blocking(|c| {
            seteli::notifications::repo::notify(c, who, kind, &Facts::default(), None, None, now)
        })
        .unwrap();
}

#[actix_web::test]
async fn a_message_reaches_the_device_signed_and_encrypted_and_says_nothing_private() {
    let app = spawn_app().await;
    let push = receiver(&app).await;
    let d = heinola(&app).await;
    let phone = push.subscriber();
    let (status, sub) = subscribe(&app, &d.client, &phone, "Puhelin").await;
    assert_eq!(status, 201, "{sub}");
    assert_eq!(
        (sub["label"].as_str(), sub["service"].as_str()),
        (Some("Puhelin"), Some("127.0.0.1"))
    );
    assert!(
        sub.get("endpoint").is_none(),
        "the endpoint is a secret of the device"
    );
    // The browser subscribes again with the same endpoint: the same subscription.
    let (status, again) = subscribe(&app, &d.client, &phone, "Oma puhelin").await;
    assert_eq!((status, &again["id"]), (200, &sub["id"]));
    let list = app
        .get_auth_json("/api/v1/me/push-subscriptions", &d.client.token)
        .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["label"], "Oma puhelin");

    // The sender's own phone is not pushed their own message.
    let own = push.subscriber();
    subscribe(&app, &d.staff, &own, "Jarin puhelin").await;
    let (_, thread) = open(&app, &d.staff, &d.client.id, Some(&d.provider)).await;
    let t = thread["id"].as_str().unwrap();
    let secret = "Terveystiedot: lääkitys muuttui, soita Mikolle";
    let (status, message) = say(&app, &d.staff, t, secret).await;
    assert_eq!(status, 201);

    let got = push.wait_for_async(1, WAIT).await;
    assert_eq!(got.len(), 1);
    let p = &got[0];
    let vapid = p.vapid.as_ref().expect("a valid VAPID signature");
    assert_eq!(vapid.aud, push.origin());
    assert!(vapid.sub.starts_with("mailto:"));
    assert_eq!(p.headers["ttl"], "86400");
    assert_eq!(p.headers["urgency"], "high");
    assert!(p.headers["topic"].len() <= 32);
    let payload = p.payload.as_ref().expect("the payload decrypts");
    assert_eq!(payload["event"], "message.new");
    assert_eq!(payload["kind"], "messages");
    assert_eq!(payload["thread_id"], t);
    assert_eq!(payload["message_id"], message["id"]);
    assert_eq!(payload["title"], "Sinulle on uusi viesti.");
    let text = payload.to_string();
    for private in ["lääkitys", "Mikolle", "Ohjaaja", &d.staff.id, "Virtanen"] {
        assert!(!text.contains(private), "{private} in {text}");
    }
    // A second message of the thread has the same topic: it replaces the first one unread.
    say(&app, &d.staff, t, "Toinen viesti").await;
    let got = push.wait_for_async(2, WAIT).await;
    assert_eq!(got[1].headers["topic"], got[0].headers["topic"]);
    actix_web::rt::time::sleep(QUIET).await;
    assert!(push.received_by(&own).is_empty());
    assert_eq!(jobs(&app, &d.client.id)[1].0, "sent");

    // An implementation no one here wrote reads the same bytes.
    if let Some(plain) = python_decrypt(&phone, &got[0].body) {
        assert_eq!(serde_json::from_str::<Value>(&plain).unwrap(), *payload);
    }
}

/// The body decrypted by Python's `http_ece` (`.ci/push_decrypt.py`); `None` where python3 is
/// missing (CI sets `SETELI_REQUIRE_PYTHON`, and there it must be found).
fn python_decrypt(sub: &Subscriber, body: &[u8]) -> Option<String> {
    use base64::Engine;
    use std::io::Write;
    let python = crate::billing::python()?;
    let input = json!({
        "private_key": sub.private_key_b64url(),
        "auth": sub.auth_b64url(),
        "body": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(body),
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/push_decrypt.py");
    let mut child = std::process::Command::new(python)
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap().trim().to_string())
}

#[actix_web::test]
async fn a_subscription_the_push_service_forgot_is_removed() {
    let app = spawn_app().await;
    let push = receiver(&app).await;
    let d = heinola(&app).await;
    let phone = push.subscriber();
    subscribe(&app, &d.client, &phone, "Vanha puhelin").await;
    push.script(&phone, vec![Reply::Status(410)]);
    notify(&app, &d.client.id, Kind::DayConfirmed);
    assert_eq!(push.wait_for_async(1, WAIT).await.len(), 1);
    let states = job_becomes(&app, &d.client.id, "gone", 1).await;
    assert_eq!(states[0], ("gone".into(), 1, Some(410)));
    let list = app
        .get_auth_json("/api/v1/me/push-subscriptions", &d.client.token)
        .await;
    assert_eq!(list["items"], json!([]));
    // Nothing more is queued for it.
    notify(&app, &d.client.id, Kind::DayConfirmed);
    assert_eq!(jobs(&app, &d.client.id).len(), 1);
}

#[actix_web::test]
async fn too_many_requests_waits_as_long_as_the_push_service_asks() {
    let app = spawn_app().await;
    let push = receiver(&app).await;
    let d = heinola(&app).await;
    let phone = push.subscriber();
    subscribe(&app, &d.client, &phone, "Puhelin").await;
    push.script(
        &phone,
        vec![Reply::RetryAfter(429, "120".into()), Reply::Status(503)],
    );
    notify(&app, &d.client.id, Kind::DayRejected);
    push.wait_for_async(1, WAIT).await;
    let states = job_becomes(&app, &d.client.id, "pending", 1).await;
    assert_eq!(states[0], ("pending".into(), 1, Some(429)));
    // Not again before two minutes have passed.
    app.clock.advance(chrono::Duration::seconds(119));
    actix_web::rt::time::sleep(QUIET).await;
    assert_eq!(push.count(), 1);
    app.clock.advance(chrono::Duration::seconds(1));
    push.wait_for_async(2, WAIT).await;
    // A 503 on the second attempt: retried after a backoff of 10–20 seconds.
    let started = std::time::Instant::now();
    while jobs(&app, &d.client.id)[0].1 < 2 && started.elapsed() < WAIT {
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        jobs(&app, &d.client.id)[0],
        ("pending".into(), 2, Some(503))
    );
    actix_web::rt::time::sleep(QUIET).await;
    assert_eq!(push.count(), 2);
    app.clock.advance(chrono::Duration::seconds(20));
    push.wait_for_async(3, WAIT).await;
    let states = job_becomes(&app, &d.client.id, "sent", 3).await;
    assert_eq!(states[0], ("sent".into(), 3, Some(201)));
    // A push that keeps failing is given up after a day and kept as failed.
    push.script(&phone, vec![Reply::Status(500); 2]);
    notify(&app, &d.client.id, Kind::DayRejected);
    push.wait_for_async(4, WAIT).await;
    job_becomes(&app, &d.client.id, "pending", 1).await;
    app.clock.advance(chrono::Duration::hours(24));
    let states = job_becomes(&app, &d.client.id, "failed", 2).await;
    assert_eq!(states[0], ("failed".into(), 2, Some(500)));
    assert_eq!(push.count(), 5);
}

#[actix_web::test]
async fn a_change_that_rolls_back_pushes_nothing() {
    let app = spawn_app().await;
    let push = receiver(&app).await;
    let d = heinola(&app).await;
    let phone = push.subscriber();
    subscribe(&app, &d.client, &phone, "Puhelin").await;
    let now = app.clock.now();
    let stage = |c: &mut seteli::db::DbConnection| {
        seteli::notifications::repo::notify(
            c,
            &d.client.id,
            Kind::DayConfirmed,
            &Facts::default(),
            None,
            None,
            now,
        )
    };
    let failed = app.state.db.write_blocking(|c| {
        stage(c)?;
        Err::<(), _>(AppError::not_found())
    });
    assert!(failed.is_err());
    actix_web::rt::time::sleep(QUIET).await;
    assert_eq!((push.count(), jobs(&app, &d.client.id).len()), (0, 0));
    // The same change committed pushes once.
    app.state.db.write_blocking(stage).unwrap();
    assert_eq!(push.wait_for_async(1, WAIT).await.len(), 1);
    actix_web::rt::time::sleep(QUIET).await;
    assert_eq!(push.count(), 1);
}

#[actix_web::test]
async fn quiet_hours_hold_a_reminder_until_morning_and_muted_kinds_stay_silent() {
    let app = spawn_app().await;
    let push = receiver(&app).await;
    let d = heinola(&app).await;
    let phone = push.subscriber();
    subscribe(&app, &d.client, &phone, "Puhelin").await;
    let settings =
        json!({ "muted": ["days", "days"], "quiet_hours": { "from": "21:00", "until": "08:00" } });
    let res = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/me/push-settings",
            &d.client.token,
            Some(&settings),
        )
        .await;
    let (status, saved) = status_and_json(res).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["muted"], json!(["days"]));
    let read = app
        .get_auth_json("/api/v1/me/push-settings", &d.client.token)
        .await;
    assert_eq!(read, saved);

    let evening = chrono_tz::Europe::Helsinki
        .with_ymd_and_hms(2026, 3, 10, 22, 30, 0)
        .unwrap()
        .with_timezone(&chrono::Utc);
    app.clock.set(evening);
    notify(&app, &d.client.id, Kind::VisitReminder);
    // A decision is not held; a muted kind is not sent at all.
    notify(&app, &d.client.id, Kind::VisitCancelledByProvider);
    notify(&app, &d.client.id, Kind::DayConfirmed);
    let got = push.wait_for_async(1, WAIT).await;
    assert_eq!(got[0].payload.as_ref().unwrap()["kind"], "visits");
    actix_web::rt::time::sleep(QUIET).await;
    assert_eq!(push.count(), 1);
    let states: Vec<String> = jobs(&app, &d.client.id).into_iter().map(|j| j.0).collect();
    assert_eq!(states, ["skipped", "sent", "pending"]);

    app.clock
        .set(evening + chrono::Duration::minutes(9 * 60 + 29));
    actix_web::rt::time::sleep(QUIET).await;
    assert_eq!(push.count(), 1, "07:59 is still quiet");
    app.clock.advance(chrono::Duration::minutes(1));
    let got = push.wait_for_async(2, WAIT).await;
    let reminder = got[1].payload.as_ref().unwrap();
    assert_eq!(
        (reminder["kind"].as_str(), reminder["title"].as_str()),
        (Some("reminders"), Some("Sinulle on muistutus."))
    );

    // Quiet hours must be two different HH:MM times.
    let token = app.fresh_token(&d.client);
    for bad in [
        json!({"from": "21:00", "until": "21:00"}),
        json!({"from": "9", "until": "10:00"}),
    ] {
        let body = json!({ "muted": [], "quiet_hours": bad });
        let res = app
            .send(
                reqwest::Method::PUT,
                "/api/v1/me/push-settings",
                &token,
                Some(&body),
            )
            .await;
        assert_eq!(res.status().as_u16(), 400);
    }
}

#[actix_web::test]
async fn endpoints_inside_the_network_are_refused_after_resolving_their_names() {
    let app = spawn_app_with(|s| s.push.allow_loopback = false).await;
    let d = heinola(&app).await;
    let keys = Receiver::start(None).subscriber().subscription_json()["keys"].clone();
    let try_endpoint =
        |endpoint: &str| json!({ "endpoint": endpoint, "keys": keys.clone(), "label": "x" });
    for endpoint in [
        "https://127.0.0.1/push/1",
        "https://10.0.0.1/push/1",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/push/1",
        "https://localhost/push/1",
        "https://localhost.:8443/push/1",
        "http://push.example.org/push/1",
        "https://user:pw@push.example.org/push/1",
    ] {
        let res = app
            .post_auth(
                "/api/v1/me/push-subscriptions",
                &d.client.token,
                &try_endpoint(endpoint),
            )
            .await;
        let (status, problem) = status_and_json(res).await;
        assert_eq!(status, 422, "{endpoint}: {problem}");
        assert_eq!(problem["code"], "push.endpoint_refused", "{endpoint}");
    }
    // Keys that are not a P-256 point and a 16-byte secret.
    let mut body = try_endpoint("https://push.example.org/push/1");
    body["keys"]["auth"] = json!("c2hvcnQ");
    let res = app
        .post_auth("/api/v1/me/push-subscriptions", &d.client.token, &body)
        .await;
    let (status, problem) = status_and_json(res).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("push.bad_keys"))
    );
    // The loopback switch is for demo and test mode only.
    let mut settings = app.state.settings.clone();
    settings.dev_login = false;
    settings.push.allow_loopback = true;
    assert!(settings
        .validate()
        .unwrap_err()
        .to_string()
        .contains("allow_loopback"));
}

#[actix_web::test]
async fn a_handful_of_devices_each_and_signing_out_everywhere_removes_them() {
    let app = spawn_app().await;
    let push = receiver(&app).await;
    let d = heinola(&app).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let (status, sub) =
            subscribe(&app, &d.client, &push.subscriber(), &format!("Laite {n}")).await;
        assert_eq!(status, 201);
        ids.push(sub["id"].as_str().unwrap().to_string());
    }
    let (status, problem) = subscribe(&app, &d.client, &push.subscriber(), "Kuudes").await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("push.too_many"))
    );
    // A label is one line of visible text.
    for (label, status, code) in [
        ("Puhelin\u{0}", 422, "text.invalid_characters"),
        ("   ", 400, "request.missing_field"),
    ] {
        let (got, problem) = subscribe(&app, &d.client, &push.subscriber(), label).await;
        assert_eq!(
            (got, problem["code"].as_str()),
            (status, Some(code)),
            "{label:?}"
        );
    }
    // No more kinds muted than there are.
    let body = json!({ "muted": vec!["days"; 7], "quiet_hours": null });
    let res = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/me/push-settings",
            &d.client.token,
            Some(&body),
        )
        .await;
    assert_eq!(res.status().as_u16(), 400);
    let path = format!("/api/v1/me/push-subscriptions/{}", ids[0]);
    let mine = app.get_auth_json(&path, &d.client.token).await;
    assert_eq!(mine["label"], "Laite 0");
    // Someone else's subscription is not mine to read or remove.
    assert_eq!(
        app.get_auth(&path, &d.staff.token).await.status().as_u16(),
        404
    );
    assert_eq!(
        app.delete_auth(&path, &d.staff.token)
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        app.delete_auth(&path, &d.client.token)
            .await
            .status()
            .as_u16(),
        204
    );
    assert_eq!(
        app.delete_auth(&path, &d.client.token)
            .await
            .status()
            .as_u16(),
        404
    );
    let res = app
        .delete_auth("/api/v1/me/sessions", &d.client.token)
        .await;
    assert_eq!(res.status().as_u16(), 204);
    let mut conn = app.state.db.get().unwrap();
    assert!(seteli::push::repo::subscriptions(&mut conn, &d.client.id)
        .unwrap()
        .is_empty());
}

#[actix_web::test]
async fn two_servers_on_one_postgres_database_send_each_push_once() {
    let app = spawn_app().await;
    if app.state.db.backend() != seteli::db::Backend::Postgres {
        return;
    }
    let push = receiver(&app).await;
    let d = heinola(&app).await;
    let second = seteli::Application::build(
        app.state.settings.clone(),
        std::sync::Arc::new(app.clock.clone()),
    )
    .unwrap();
    let handle = second.handle();
    actix_web::rt::spawn(second.run_until_stopped());
    for n in 0..3 {
        subscribe(&app, &d.client, &push.subscriber(), &format!("Laite {n}")).await;
    }
    const JOBS: usize = 300;
    for _ in 0..10 {
        let now = app.clock.now();
        app.state
            .db
            .write_blocking(|c| {
                for _ in 0..JOBS / 30 {
                    let facts = Facts::default();
                    let kind = Kind::DayConfirmed;
                    seteli::notifications::repo::notify(
                        c,
                        &d.client.id,
                        kind,
                        &facts,
                        None,
                        None,
                        now,
                    )?;
                }
                Ok::<_, AppError>(())
            })
            .unwrap();
    }
    let got = push.wait_for_async(JOBS, Duration::from_secs(30)).await;
    actix_web::rt::time::sleep(QUIET).await;
    let ids: std::collections::BTreeSet<String> = push
        .received()
        .iter()
        .map(|r| {
            r.payload.as_ref().unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!((got.len(), push.count(), ids.len()), (JOBS, JOBS, JOBS));
    drop(handle.stop(false));
}

#[actix_web::test]
async fn a_slow_push_service_slows_no_request_and_its_pushes_time_out() {
    let app = spawn_app_with(|s| s.push.timeout_seconds = 2).await;
    let push = receiver(&app).await;
    let d = heinola(&app).await;
    let phone = push.subscriber();
    subscribe(&app, &d.client, &phone, "Puhelin").await;
    push.script(&phone, vec![Reply::Slow(Duration::from_secs(6)); 3]);
    for _ in 0..3 {
        notify(&app, &d.client.id, Kind::DayConfirmed);
    }
    // The push service holds all three; the API answers as ever meanwhile.
    push.wait_for_async(3, WAIT).await;
    for _ in 0..10 {
        let asked = std::time::Instant::now();
        let res = app
            .get_auth("/api/v1/me/notifications", &d.client.token)
            .await;
        assert_eq!(res.status().as_u16(), 200);
        assert!(
            asked.elapsed() < Duration::from_millis(500),
            "{:?}",
            asked.elapsed()
        );
    }
    // Each push gave up waiting after two seconds, to be tried again.
    let started = std::time::Instant::now();
    while jobs(&app, &d.client.id).iter().any(|j| j.1 == 0) && started.elapsed() < WAIT {
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    for job in jobs(&app, &d.client.id) {
        assert_eq!(job, ("pending".into(), 1, None));
    }
}

/// The real binary commits a message whose push it does not send (its sender is off), and is
/// killed with SIGKILL. Started again on the same files, it sends the push once.
#[actix_web::test]
async fn a_push_committed_before_a_kill_is_sent_once_after_the_restart() {
    use base64::Engine;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("push.db").display());
    let key =
        base64::engine::general_purpose::STANDARD.encode(crate::helpers::random_bytes::<32>());
    let (client, staff, provider) = two_people_with_an_agreement(&url, &key);
    let loopback = [
        ("SETELI_DEV_LOGIN", "true"),
        ("SETELI_PUSH__ALLOW_LOOPBACK", "true"),
    ];
    let not_sending = [loopback[0], loopback[1], ("SETELI_PUSH__SEND", "false")];
    let mut server =
        crate::crash::Server::start_with(dir.path(), &url, &key, 1, &not_sending).await;
    let http = reqwest::Client::new();
    let call = |path: &str, token: &str, body: Value| {
        http.post(format!("{}{path}", server.base))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let vapid: Value = http
        .get(format!("{}/api/v1/push/vapid-public-key", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let push = Receiver::start(Some(vapid["public_key"].as_str().unwrap().into()));
    let phone = push.subscriber();
    let res = call(
        "/api/v1/me/push-subscriptions",
        &staff.1,
        phone.subscription_json(),
    )
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    let res = call(
        "/api/v1/threads",
        &client.1,
        json!({ "client_id": "me", "provider_id": provider }),
    )
    .await
    .unwrap();
    let thread: Value = res.json().await.unwrap();
    let path = format!(
        "/api/v1/threads/{}/messages",
        thread["id"].as_str().unwrap()
    );
    let res = call(&path, &client.1, json!({ "text": "Tuletko huomenna?" }))
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 201);
    actix_web::rt::time::sleep(QUIET).await;
    assert_eq!(push.count(), 0);
    server.kill();

    let mut server = crate::crash::Server::start_with(dir.path(), &url, &key, 2, &loopback).await;
    let got = push.wait_for_async(1, WAIT).await;
    assert_eq!(got.len(), 1, "{}", server.output());
    assert!(got[0].vapid.is_ok(), "{:?}", got[0].vapid);
    assert_eq!(got[0].payload.as_ref().unwrap()["event"], "message.new");
    actix_web::rt::time::sleep(QUIET * 2).await;
    assert_eq!(push.count(), 1, "sent once");
    server.kill();
}

/// A client and a staff member of a provider with an agreement between them, each with a token:
/// ((id, token) of the client, of the staff member, the provider's id).
fn two_people_with_an_agreement(
    url: &str,
    key: &str,
) -> ((String, String), (String, String), String) {
    use base64::Engine;
    let mut conn = seteli::db::DatabaseUrl::parse(url)
        .unwrap()
        .connect()
        .unwrap();
    seteli::db::run_migrations(&mut conn).unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(key)
        .unwrap();
    let tokens =
        seteli::auth::tokens::TokenService::new(&seteli::config::AuthSettings::default(), &bytes);
    let now = chrono::Utc::now();
    let at = now.naive_utc();
    seteli::db::write_transaction(&mut conn, |conn| {
        use crate::crash::heinola_days::{
            heinola_caseworker, person, provider_with_site, staff_of, voucher_and_agreement, Place,
        };
        let caseworker = heinola_caseworker(conn, "push-caseworker", "Testi", now)?;
        let (provider, site) =
            provider_with_site(conn, ("Paja ry", "Paja"), (61.2045, 26.0372), at)?;
        let staff = staff_of(conn, "push-staff", "Testi", &provider, now)?;
        let client = person(conn, "push-client", "Testi", at)?;
        seteli::persons::repo::make_client(
            conn,
            &client,
            "heinola",
            None,
            Some((61.2, 26.0)),
            now,
        )?;
        let place = Place {
            provider_id: &provider,
            site_id: &site,
            caseworker: &caseworker,
        };
        let today = seteli::clock::helsinki_date(now);
        voucher_and_agreement(conn, &client, "PUSH-0001".into(), &place, (today, at))?;
        let mut token = |who: &str| -> Result<String, AppError> {
            let (session, _) = seteli::auth::repo::start_session(conn, who, now, 1)?;
            tokens.issue(who, &session, now).map_err(AppError::internal)
        };
        let (c, s) = (token(&client)?, token(&staff)?);
        Ok::<_, AppError>(((client, c), (staff, s), provider))
    })
    .unwrap()
}
