//! The socket (`GET /api/v1/ws`): its token by subprotocol or first frame, events as they
//! happen, resuming after a reconnect with nothing lost or twice, closing when the session ends,
//! a power of attorney is revoked, the token expires or the app reads too slowly; and two server
//! processes on one PostgreSQL database handing each other their events.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use seteli::clock::Clock;
use seteli::mandates::Scope;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use crate::attendance::heinola;
use crate::chat::{open, say};
use crate::helpers::{spawn_app, TestApp};

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A socket to `base`, with the token in the subprotocol when there is one.
pub(crate) async fn connect_to(base: &str, token: Option<&str>, after: Option<i64>) -> Ws {
    let mut url = format!("{}/api/v1/ws", base.replace("http://", "ws://"));
    if let Some(after) = after {
        url.push_str(&format!("?after={after}"));
    }
    let mut req = url.into_client_request().unwrap();
    let offered = match token {
        Some(t) => format!("seteli.v1, bearer.{t}"),
        None => "seteli.v1".to_string(),
    };
    req.headers_mut()
        .insert("Sec-WebSocket-Protocol", offered.parse().unwrap());
    let (ws, res) = tokio_tungstenite::connect_async(req)
        .await
        .expect("the socket opens");
    assert_eq!(res.headers()["sec-websocket-protocol"], "seteli.v1");
    ws
}

async fn connect(app: &TestApp, token: &str, after: Option<i64>) -> Ws {
    connect_to(&app.base, Some(token), after).await
}

/// What comes next on the socket, past pings: a frame as JSON, or the close code.
#[derive(Debug)]
enum Next {
    Frame(Value),
    Closed(u16),
}

async fn next(ws: &mut Ws, within: Duration) -> Next {
    loop {
        let got = tokio::time::timeout(within, ws.next())
            .await
            .expect("something comes in time");
        match got {
            Some(Ok(Message::Text(t))) => return Next::Frame(serde_json::from_str(&t).unwrap()),
            Some(Ok(Message::Close(frame))) => {
                return Next::Closed(frame.map_or(1005, |f| u16::from(f.code)))
            }
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => return Next::Closed(1006),
        }
    }
}

async fn frame(ws: &mut Ws) -> Value {
    match next(ws, Duration::from_secs(5)).await {
        Next::Frame(v) => v,
        other => panic!("a frame was expected, not {other:?}"),
    }
}

async fn closed(ws: &mut Ws, within: Duration) -> u16 {
    loop {
        match next(ws, within).await {
            Next::Closed(code) => return code,
            Next::Frame(_) => continue,
        }
    }
}

/// Reads frames until `ready`, answering the events before it.
async fn until_ready(ws: &mut Ws) -> (Vec<Value>, i64) {
    let mut events = Vec::new();
    loop {
        let f = frame(ws).await;
        match f["type"].as_str() {
            Some("ready") => return (events, f["head"].as_i64().unwrap()),
            Some("event") => events.push(f["event"].clone()),
            other => panic!("unexpected frame {other:?}: {f}"),
        }
    }
}

/// The next event of `kind`, skipping others.
async fn event_of(ws: &mut Ws, kind: &str) -> Value {
    loop {
        let f = frame(ws).await;
        if f["event"]["kind"] == kind {
            return f["event"].clone();
        }
    }
}

#[actix_web::test]
async fn a_message_arrives_at_once_and_a_reconnected_socket_resumes_with_nothing_lost_or_twice() {
    let app = spawn_app().await;
    let d = heinola(&app).await;
    let (_, thread) = open(&app, &d.client, "me", Some(&d.provider)).await;
    let t = thread["id"].as_str().unwrap();
    let mut staff = connect(&app, &d.staff.token, None).await;
    let (missed, head) = until_ready(&mut staff).await;
    assert!(
        missed.is_empty(),
        "without `after` the socket starts at the head"
    );

    let (_, m) = say(&app, &d.client, t, "Olen myöhässä 10 min.").await;
    let e = event_of(&mut staff, "message.new").await;
    assert_eq!(e["message_id"], m["id"]);
    assert_eq!(e["thread_id"], t);
    assert_eq!(e["id"].as_i64(), Some(head + 1));
    assert!(e.get("text").is_none());

    // Away: two messages and a read receipt's worth of events happen meanwhile.
    let seen = e["id"].as_i64().unwrap();
    drop(staff);
    let (_, m2) = say(&app, &d.client, t, "Nyt bussissa.").await;
    let (_, m3) = say(&app, &d.client, t, "Perillä!").await;
    let mut staff = connect(&app, &d.staff.token, Some(seen)).await;
    let (missed, head) = until_ready(&mut staff).await;
    let ids: Vec<i64> = missed.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![seen + 1, seen + 2], "{missed:?}");
    assert_eq!(missed[0]["message_id"], m2["id"]);
    assert_eq!(missed[1]["message_id"], m3["id"]);
    assert_eq!(head, seen + 2);
    // And the next one live, once.
    let (_, m4) = say(&app, &d.client, t, "Missä olette?").await;
    let e = event_of(&mut staff, "message.new").await;
    assert_eq!(
        (e["id"].as_i64(), &e["message_id"]),
        (Some(seen + 3), &m4["id"])
    );

    // An app cannot claim more than there is: a number past the head starts at the head.
    let mut ahead = connect(&app, &d.staff.token, Some(1_000_000)).await;
    let (none, at) = until_ready(&mut ahead).await;
    assert!(none.is_empty());
    assert_eq!(at, seen + 3);
    let (_, m5) = say(&app, &d.client, t, "Löysin perille.").await;
    let e = event_of(&mut ahead, "message.new").await;
    assert_eq!(e["message_id"], m5["id"]);

    // The client's socket hears the receipt when staff read.
    let mut client = connect(&app, &d.client.token, None).await;
    until_ready(&mut client).await;
    let res = app
        .post_auth(
            &format!("/api/v1/threads/{t}/read"),
            &d.staff.token,
            &json!({"up_to": m5["id"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let e = event_of(&mut client, "message.read").await;
    assert_eq!(e["message_id"], m5["id"]);
}

#[actix_web::test]
async fn the_token_may_come_in_the_first_frame_and_without_one_the_socket_closes() {
    let app = spawn_app().await;
    let d = heinola(&app).await;
    let mut ws = connect_to(&app.base, None, None).await;
    let auth = json!({"type": "auth", "token": d.client.token, "after": 0});
    ws.send(Message::Text(auth.to_string().into()))
        .await
        .unwrap();
    until_ready(&mut ws).await;

    let mut silent = connect_to(&app.base, None, None).await;
    assert_eq!(closed(&mut silent, Duration::from_secs(8)).await, 4001);
    let mut forged = connect_to(&app.base, Some("not.a.token"), None).await;
    assert_eq!(closed(&mut forged, Duration::from_secs(3)).await, 4001);
    let mut wrong = connect_to(&app.base, None, None).await;
    wrong.send(Message::Text("hello".into())).await.unwrap();
    assert_eq!(closed(&mut wrong, Duration::from_secs(3)).await, 4001);

    // Not a socket at all: a plain GET is a 400 with its own code.
    let res = app.get("/api/v1/ws").await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "request.not_a_socket");
}

#[actix_web::test]
async fn signing_out_everywhere_or_a_revoked_power_of_attorney_closes_the_socket_at_once() {
    let app = spawn_app().await;
    let d = heinola(&app).await;
    let liisa = app
        .sign_in(&crate::helpers::random_test_code(), "Liisa Virtanen")
        .await;
    let m = crate::matrix::mandate(&app, &d.client, &liisa, &[Scope::Message], 0, 30).await;
    crate::matrix::approve(&app, &d.worker, &m).await;

    let mut helper = connect(&app, &liisa.token, None).await;
    until_ready(&mut helper).await;
    let res = app
        .delete_auth(&format!("/api/v1/clients/me/mandates/{m}"), &d.client.token)
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let e = event_of(&mut helper, "access.changed").await;
    assert_eq!(e["client_id"], d.client.id.as_str());
    assert_eq!(closed(&mut helper, Duration::from_secs(3)).await, 4003);
    // The helper reads nothing of the client's now.
    let (_, thread) = open(&app, &d.client, "me", Some(&d.provider)).await;
    let t = thread["id"].as_str().unwrap();
    assert_eq!(crate::chat::history(&app, &liisa, t).await.0, 404);

    let mut staff = connect(&app, &d.staff.token, None).await;
    until_ready(&mut staff).await;
    let res = app.delete_auth("/api/v1/me/sessions", &d.staff.token).await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(closed(&mut staff, Duration::from_secs(3)).await, 4003);
    // A token of the ended session opens no socket.
    let mut again = connect(&app, &d.staff.token, None).await;
    assert_eq!(closed(&mut again, Duration::from_secs(3)).await, 4001);
}

/// An app that answers no ping for 10 seconds is let go. The client here is bare TCP, so it
/// sends no pong (a WebSocket library would answer each ping as it reads).
#[actix_web::test]
async fn a_socket_that_answers_no_ping_is_closed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let d = heinola(&app).await;
    let host = app.base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&host).await.unwrap();
    let handshake = format!(
        "GET /api/v1/ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Protocol: seteli.v1, bearer.{}\r\n\r\n",
        d.client.token
    );
    tcp.write_all(handshake.as_bytes()).await.unwrap();
    actix_web::rt::time::sleep(Duration::from_secs(11)).await;
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut got)).await;
    assert!(read.is_ok(), "the server ended the connection");
    // A close frame (opcode 8, unmasked) whose code is 4002.
    let [hi, lo] = 4002u16.to_be_bytes();
    let closed = got
        .windows(4)
        .any(|w| w[0] == 0x88 && w[1] >= 2 && w[2] == hi && w[3] == lo);
    assert!(closed, "{:?}", String::from_utf8_lossy(&got));
    // Pings came before it (opcode 9).
    assert!(got.windows(2).any(|w| w == [0x89, 0x00]));
}

#[actix_web::test]
async fn a_socket_closes_when_its_token_expires_unless_a_new_one_comes() {
    let app = spawn_app().await;
    let mut d = heinola(&app).await;
    let ttl = app.state.settings.auth.access_token_ttl_seconds;
    let issued = app.clock.now();
    d.client.token = app.fresh_token(&d.client);
    // Two seconds of the token are left.
    app.clock.set(issued + chrono::Duration::seconds(ttl - 2));
    let mut lapsing = connect(&app, &d.client.token, None).await;
    until_ready(&mut lapsing).await;
    let mut renewed = connect(&app, &d.client.token, None).await;
    until_ready(&mut renewed).await;
    let fresh = app.fresh_token(&d.client);
    let auth = json!({"type": "auth", "token": fresh});
    renewed
        .send(Message::Text(auth.to_string().into()))
        .await
        .unwrap();
    assert_eq!(closed(&mut lapsing, Duration::from_secs(5)).await, 4001);
    // The renewed one is open past the old token's end: it still hears events.
    let (_, thread) = open(&app, &d.staff, &d.client.id, Some(&d.provider)).await;
    d.staff.token = app.fresh_token(&d.staff);
    let (status, m) = say(&app, &d.staff, thread["id"].as_str().unwrap(), "Hei").await;
    assert_eq!(status, 201, "{m}");
    let e = event_of(&mut renewed, "message.new").await;
    assert_eq!(e["message_id"], m["id"]);
    // Someone else's token is no renewal.
    let other = json!({"type": "auth", "token": d.staff.token});
    renewed
        .send(Message::Text(other.to_string().into()))
        .await
        .unwrap();
    assert_eq!(closed(&mut renewed, Duration::from_secs(3)).await, 4001);
}

#[actix_web::test]
async fn a_socket_that_falls_behind_is_closed_and_resumes_from_the_database() {
    let app = spawn_app().await;
    let d = heinola(&app).await;
    let mut ws = connect(&app, &d.staff.token, None).await;
    let (_, head) = until_ready(&mut ws).await;
    // Far more events at once than a socket's queue holds: the hub hands them on faster than
    // any socket sends them.
    let burst = seteli::events::QUEUE as i64 * 20;
    let person = d.staff.id.clone();
    let now = app.clock.now();
    app.state
        .db
        .write(move |_| {
            for _ in 0..burst {
                seteli::db::events::stage(
                    &person,
                    seteli::db::events::Kind::ThreadUpdated,
                    Default::default(),
                    now,
                );
            }
            Ok(())
        })
        .await
        .unwrap();
    let mut got = Vec::new();
    let code = loop {
        match next(&mut ws, Duration::from_secs(5)).await {
            Next::Frame(f) => got.push(f["event"]["id"].as_i64().unwrap()),
            Next::Closed(code) => break code,
        }
    };
    assert_eq!(code, 4008, "closed as too slow, to resume");
    assert!((got.len() as i64) < burst);
    let last = *got.last().unwrap();
    let mut ws = connect(&app, &d.staff.token, Some(last)).await;
    let (rest, new_head) = until_ready(&mut ws).await;
    got.extend(rest.iter().map(|e| e["id"].as_i64().unwrap()));
    let expected: Vec<i64> = (head + 1..=head + burst).collect();
    assert_eq!(got, expected, "every event once, in order");
    assert_eq!(new_head, head + burst);
}

/// Two `seteli serve` processes on one PostgreSQL database: a message sent through one reaches a
/// socket on the other, and both report their listener ready.
#[actix_web::test]
async fn two_servers_on_one_postgres_database_hand_each_other_their_events() {
    if crate::helpers::pg_admin_url().is_none() {
        return;
    }
    let app = spawn_app().await;
    // The servers run on the system clock; so do the tokens made here.
    app.clock.set(chrono::Utc::now());
    let d = heinola(&app).await;
    let (client, staff) = (app.fresh_token(&d.client), app.fresh_token(&d.staff));
    let (_, thread) = open(&app, &d.client, "me", Some(&d.provider)).await;
    let t = thread["id"].as_str().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let url = app.state.settings.database_url.clone();
    let key = app
        .state
        .settings
        .auth
        .signing_key
        .as_ref()
        .unwrap()
        .expose()
        .to_string();
    let a = crate::crash::Server::start(dir.path(), &url, &key, 1).await;
    let b = crate::crash::Server::start(dir.path(), &url, &key, 2).await;
    let http = reqwest::Client::new();
    for server in [&a, &b] {
        let mut ready = false;
        for _ in 0..100 {
            let res = http.get(format!("{}/readyz", server.base)).send().await;
            if res.is_ok_and(|r| r.status() == 200) {
                ready = true;
                break;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(ready, "ready with its listener: {}", server.output());
    }
    let mut on_b = connect_to(&b.base, Some(&staff), None).await;
    until_ready(&mut on_b).await;
    let res = http
        .post(format!("{}/api/v1/threads/{t}/messages", a.base))
        .bearer_auth(&client)
        .json(&json!({"text": "Lähetetty palvelimelta A"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let m: Value = res.json().await.unwrap();
    let e = event_of(&mut on_b, "message.new").await;
    assert_eq!(e["message_id"], m["id"], "{}", b.output());
}
