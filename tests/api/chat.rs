//! Chat through the API: threads with a provider and with the city, messages, receipts per
//! recipient, helpers writing for the client, who may read what, a closed thread, the text's
//! rules, retries and the rate limit, and the events page.

use chrono::Duration;
use serde_json::{json, Value};
use seteli::clock::Clock;
use seteli::mandates::Scope;
use seteli::persons::Role;

use crate::attendance::{heinola, Days};
use crate::helpers::{json_of, spawn_app, spawn_app_with, status_and_json, Person, TestApp};

pub(crate) async fn open(
    app: &TestApp,
    who: &Person,
    client: &str,
    provider: Option<&str>,
) -> (u16, Value) {
    let mut body = json!({ "client_id": client });
    if let Some(p) = provider {
        body["provider_id"] = json!(p);
    }
    status_and_json(app.post_auth("/api/v1/threads", &who.token, &body).await).await
}

pub(crate) async fn say(app: &TestApp, who: &Person, thread: &str, text: &str) -> (u16, Value) {
    status_and_json(
        app.post_auth(
            &format!("/api/v1/threads/{thread}/messages"),
            &who.token,
            &json!({ "text": text }),
        )
        .await,
    )
    .await
}

pub(crate) async fn history(app: &TestApp, who: &Person, thread: &str) -> (u16, Value) {
    status_and_json(
        app.get_auth(&format!("/api/v1/threads/{thread}/messages"), &who.token)
            .await,
    )
    .await
}

pub(crate) async fn read_up_to(app: &TestApp, who: &Person, thread: &str, message: &str) -> Value {
    let res = app
        .post_auth(
            &format!("/api/v1/threads/{thread}/read"),
            &who.token,
            &json!({ "up_to": message }),
        )
        .await;
    json_of(res, 200).await
}

/// A second staff member of the same provider.
async fn colleague(app: &TestApp, d: &Days, name: &str) -> Person {
    let p = app.sign_in(&crate::helpers::random_test_code(), name).await;
    let mut conn = app.state.db.get().unwrap();
    seteli::persons::repo::grant_role(
        &mut conn,
        &p.id,
        Role::ProviderStaff,
        None,
        Some(&d.provider),
        app.clock.now(),
    )
    .unwrap();
    p
}

#[actix_web::test]
async fn a_client_and_two_instructors_talk_and_each_side_sees_who_read_what() {
    let app = spawn_app().await;
    let d = heinola(&app).await;
    let iida = colleague(&app, &d, "Iida Ohjaaja").await;

    let (status, thread) = open(&app, &d.client, "me", Some(&d.provider)).await;
    assert_eq!(status, 201, "{thread}");
    let t = thread["id"].as_str().unwrap().to_string();
    assert_eq!(thread["my_side"], "client");
    assert_eq!(thread["open"], true);
    // Opening again, from either side, is the same thread.
    let (status, again) = open(&app, &d.staff, &d.client.id, Some(&d.provider)).await;
    assert_eq!((status, again["id"].as_str()), (200, Some(t.as_str())));
    assert_eq!(again["my_side"], "provider");

    let (status, m1) = say(
        &app,
        &d.client,
        &t,
        "Huomenna on ensimmäinen päiväni. Jännittää.",
    )
    .await;
    assert_eq!(status, 201, "{m1}");
    assert_eq!(
        (m1["mine"].as_bool(), m1["read"].as_bool()),
        (Some(true), Some(false))
    );
    let m1 = m1["id"].as_str().unwrap().to_string();

    // Both instructors have it unread; one reads it.
    for staff in [&d.staff, &iida] {
        let list = app.get_auth_json("/api/v1/threads", &staff.token).await;
        assert_eq!(list["items"][0]["unread"], 1, "{list}");
        assert_eq!(list["items"][0]["client_name"], "Aino Asiakas");
    }
    assert_eq!(read_up_to(&app, &iida, &t, &m1).await["marked"], 1);
    assert_eq!(read_up_to(&app, &iida, &t, &m1).await["marked"], 0);

    // The client sees it read, and by whom; the other instructor still has it unread.
    let (_, mine) = history(&app, &d.client, &t).await;
    let seen = &mine["items"][0];
    assert_eq!(seen["read"], true, "{mine}");
    assert_eq!(seen["read_by"][0]["name"], "Iida Ohjaaja");
    assert_eq!(seen["read_by"].as_array().unwrap().len(), 1);
    let (_, theirs) = history(&app, &d.staff, &t).await;
    assert_eq!(theirs["items"][0]["unread"], true);
    assert_eq!(theirs["items"][0]["mine"], false);

    // The answer: unread for the client until she reads it.
    let (status, m2) = say(&app, &d.staff, &t, "Tervetuloa! Olen ovella klo 9.").await;
    assert_eq!(status, 201);
    let list = app.get_auth_json("/api/v1/threads", &d.client.token).await;
    let row = &list["items"][0];
    assert_eq!(row["unread"], 1, "{list}");
    assert_eq!(row["last_message"]["id"], m2["id"]);
    assert_eq!(row["with"]["side"], "provider");
    read_up_to(&app, &d.client, &t, m2["id"].as_str().unwrap()).await;
    let (_, staff_view) = history(&app, &iida, &t).await;
    assert_eq!(staff_view["items"][0]["read_by"][0]["name"], "Aino Asiakas");
    let list = app.get_auth_json("/api/v1/threads", &d.client.token).await;
    assert_eq!(list["items"][0]["unread"], 0);
}

#[actix_web::test]
async fn a_helper_with_the_message_scope_writes_for_the_client_and_it_is_on_record() {
    let app = spawn_app().await;
    let d = heinola(&app).await;
    let liisa = app
        .sign_in(&crate::helpers::random_test_code(), "Liisa Virtanen")
        .await;
    let pekka = app
        .sign_in(&crate::helpers::random_test_code(), "Pekka Näkijä")
        .await;
    let m = crate::matrix::mandate(&app, &d.client, &liisa, &[Scope::Message], 0, 30).await;
    crate::matrix::approve(&app, &d.worker, &m).await;
    let m = crate::matrix::mandate(&app, &d.client, &pekka, &[Scope::View], 0, 30).await;
    crate::matrix::approve(&app, &d.worker, &m).await;

    let (status, thread) = open(&app, &liisa, &d.client.id, Some(&d.provider)).await;
    assert_eq!(status, 201, "{thread}");
    let t = thread["id"].as_str().unwrap();
    let secret = "Aino on sairaana tänään, kuume.";
    let (status, msg) = say(&app, &liisa, t, secret).await;
    assert_eq!(status, 201, "{msg}");
    assert_eq!(
        msg["from"],
        "Liisa Virtanen, asiakkaan Aino Asiakas puolesta"
    );
    let (_, staff_view) = history(&app, &d.staff, t).await;
    assert_eq!(
        staff_view["items"][0]["from"],
        "Liisa Virtanen, asiakkaan Aino Asiakas puolesta"
    );

    // A helper who may only view sees no thread and cannot write.
    assert_eq!(history(&app, &pekka, t).await.0, 404);
    assert_eq!(say(&app, &pekka, t, "Hei").await.0, 404);
    let list = app.get_auth_json("/api/v1/threads", &pekka.token).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);

    // The client's access log names the helper's send; the text is nowhere in it.
    let log = app
        .get_auth_json("/api/v1/clients/me/access-log?limit=200", &d.client.token)
        .await;
    let rows = log["items"].as_array().unwrap();
    let sent = rows
        .iter()
        .find(|r| r["action"] == "message.send")
        .expect("the send is logged");
    assert_eq!(sent["acting_as"], "proxy", "{sent}");
    assert!(
        sent["description"]
            .as_str()
            .unwrap()
            .contains("Liisa Virtanen"),
        "{sent}"
    );
    assert!(rows.iter().any(|r| r["action"] == "message.view"), "{log}");
    assert!(!log.to_string().contains("kuume"));
}

#[actix_web::test]
async fn nobody_outside_a_thread_reads_or_writes_it() {
    let app = spawn_app().await;
    let d = heinola(&app).await;
    let other = heinola(&app).await;
    let (_, thread) = open(&app, &d.client, "me", Some(&d.provider)).await;
    let t = thread["id"].as_str().unwrap();
    say(&app, &d.client, t, "Hei").await;
    // Staff of another provider, another client, and the caseworker (not a party to it).
    for outsider in [&other.staff, &other.client, &d.worker] {
        assert_eq!(history(&app, outsider, t).await.0, 404);
        assert_eq!(say(&app, outsider, t, "Hei").await.0, 404);
        let res = app
            .post_auth(
                &format!("/api/v1/threads/{t}/read"),
                &outsider.token,
                &json!({"up_to": t}),
            )
            .await;
        assert_eq!(res.status(), 404);
        let list = app.get_auth_json("/api/v1/threads", &outsider.token).await;
        assert!(!list.to_string().contains(t), "{list}");
    }
    // Another provider's staff cannot open a thread with this client; nor with a provider the
    // client has nothing with.
    assert_eq!(
        open(&app, &other.staff, &d.client.id, Some(&other.provider))
            .await
            .0,
        404
    );
    let (status, body) = open(&app, &d.client, "me", Some(&other.provider)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("chat.no_relation"))
    );

    // The city's thread: the client's caseworker takes part; the provider's staff do not.
    let (status, city) = open(&app, &d.client, "me", None).await;
    assert_eq!(status, 201, "{city}");
    assert_eq!(city["with"]["name"], "Heinola: sosiaalipalvelut");
    let c = city["id"].as_str().unwrap();
    assert_eq!(
        say(&app, &d.worker, c, "Soita minulle, kun ehdit.").await.0,
        201
    );
    assert_eq!(history(&app, &d.staff, c).await.0, 404);
    assert_eq!(
        history(&app, &other.worker, c).await.0,
        200,
        "the same municipality's caseworker"
    );
    let list = app.get_auth_json("/api/v1/threads", &d.worker.token).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list["items"][0]["my_side"], "city");
    // A list for a client named wrongly, or not at all, is no list (schemathesis found the
    // empty one answered an undocumented 404).
    for bad in ["", "nobody", &other.client.id] {
        let res = app
            .get_auth(&format!("/api/v1/threads?client_id={bad}"), &d.client.token)
            .await;
        let status = res.status().as_u16();
        let items = if status == 200 {
            let page: Value = res.json().await.unwrap();
            page["items"].as_array().unwrap().len()
        } else {
            0
        };
        assert!(status == 404 || items == 0, "{bad}: {status}");
    }
}

#[actix_web::test]
async fn a_thread_stays_readable_after_the_agreement_ends_but_takes_no_new_messages() {
    let app = spawn_app().await;
    let d = heinola(&app).await;
    let (_, thread) = open(&app, &d.client, "me", Some(&d.provider)).await;
    let t = thread["id"].as_str().unwrap();
    assert_eq!(
        say(&app, &d.staff, t, "Viimeinen päivä on perjantaina.")
            .await
            .0,
        201
    );
    {
        use diesel::prelude::*;
        use seteli::db::schema::agreements;
        let yesterday = seteli::clock::helsinki_date(app.clock.now()) - Duration::days(1);
        let mut conn = app.state.db.get().unwrap();
        diesel::update(agreements::table.find(&d.agreement))
            .set((
                agreements::ends_on.eq(yesterday),
                agreements::ended_on.eq(Some(yesterday)),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    let (status, body) = say(&app, &d.client, t, "Kiitos kaikesta!").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("chat.thread_closed"))
    );
    let (status, page) = history(&app, &d.client, t).await;
    assert_eq!(status, 200);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let list = app.get_auth_json("/api/v1/threads", &d.client.token).await;
    assert_eq!(list["items"][0]["open"], false);
    assert!(list["items"][0]["closed_note"].is_string());
}

#[actix_web::test]
async fn a_message_is_normalised_kept_once_under_retries_and_limited_per_person() {
    let app = spawn_app_with(|s| s.auth.messages_per_minute = 5).await;
    let d = heinola(&app).await;
    let (_, thread) = open(&app, &d.client, "me", Some(&d.provider)).await;
    let t = thread["id"].as_str().unwrap();

    let (status, m) = say(&app, &d.client, t, "  Cafe\u{301}\r\nklo 9\u{0}\u{202E}  ").await;
    assert_eq!(status, 201, "{m}");
    assert_eq!(m["text"], "Caf\u{e9}\nklo 9");
    let (status, e) = say(&app, &d.client, t, &"a".repeat(4001)).await;
    assert_eq!((status, e["code"].as_str()), (422, Some("text.too_long")));
    let (status, e) = say(&app, &d.client, t, " \u{200B} ").await;
    assert_eq!(status, 400, "{e}");

    // A retry with the same key sends nothing twice.
    let path = format!("/api/v1/threads/{t}/messages");
    let mut ids = Vec::new();
    for _ in 0..2 {
        let res = app
            .http
            .post(app.url(&path))
            .bearer_auth(&d.client.token)
            .header("Idempotency-Key", "retry-1")
            .json(&json!({"text": "Tuletko?"}))
            .send()
            .await
            .unwrap();
        ids.push(json_of(res, 201).await["id"].clone());
    }
    assert_eq!(ids[0], ids[1]);
    let (_, page) = history(&app, &d.client, t).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2, "{page}");

    // Five a minute: the sixth waits, and is told how long.
    let mut last = 0;
    for i in 0..4 {
        last = say(&app, &d.client, t, &format!("viesti {i}")).await.0;
    }
    assert_eq!(last, 429);
    let res = app
        .post_auth(&path, &d.client.token, &json!({"text": "vielä"}))
        .await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
    // The instructor is not held up by the client's limit.
    assert_eq!(say(&app, &d.staff, t, "Tulen.").await.0, 201);
}

#[actix_web::test]
async fn my_events_page_holds_messages_receipts_and_notifications_in_order() {
    let app = spawn_app().await;
    let d = heinola(&app).await;
    let (_, thread) = open(&app, &d.client, "me", Some(&d.provider)).await;
    let t = thread["id"].as_str().unwrap();
    let start = app.get_auth_json("/api/v1/me/events", &d.staff.token).await;
    let head = start["head"].as_i64().unwrap();
    let (_, m) = say(&app, &d.client, t, "Hei").await;
    let page = app
        .get_auth_json(&format!("/api/v1/me/events?after={head}"), &d.staff.token)
        .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["kind"], "message.new");
    assert_eq!(items[0]["message_id"], m["id"]);
    assert_eq!(items[0]["id"].as_i64(), Some(head + 1));
    assert!(
        !page.to_string().contains("Hei\""),
        "an event carries ids, not texts"
    );

    // The client hears that it was read.
    let mine = app
        .get_auth_json("/api/v1/me/events", &d.client.token)
        .await;
    let client_head = mine["head"].as_i64().unwrap();
    read_up_to(&app, &d.staff, t, m["id"].as_str().unwrap()).await;
    let page = app
        .get_auth_json(
            &format!("/api/v1/me/events?after={client_head}"),
            &d.client.token,
        )
        .await;
    assert_eq!(page["items"][0]["kind"], "message.read", "{page}");
    assert_eq!(page["items"][0]["message_id"], m["id"]);

    // Paging: one at a time reaches the head with nothing skipped.
    let mut after = 0;
    let mut seen = Vec::new();
    loop {
        let page = app
            .get_auth_json(
                &format!("/api/v1/me/events?after={after}&limit=1"),
                &d.client.token,
            )
            .await;
        for e in page["items"].as_array().unwrap() {
            seen.push(e["id"].as_i64().unwrap());
        }
        match page["next_after"].as_i64() {
            Some(n) => after = n,
            None => break,
        }
    }
    let expected: Vec<i64> = (1..=seen.len() as i64).collect();
    assert_eq!(seen, expected);
    assert!(seen.len() >= 2);
    for bad in ["?after=-1", "?limit=0", "?limit=501", "?after=x"] {
        let res = app
            .get_auth(&format!("/api/v1/me/events{bad}"), &d.client.token)
            .await;
        assert_eq!(res.status(), 400, "{bad}");
    }
}

/// The document's limit of a message is the server's.
#[test]
fn the_document_limits_a_message_as_the_server_does() {
    let doc: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    let text = &doc["components"]["schemas"]["NewMessage"]["properties"]["text"];
    assert_eq!(text["maxLength"], json!(seteli::chat::MESSAGE_MAX));
    assert_eq!(text["minLength"], json!(1));
}
