//! Per-person limits on repeated writes (`auth::limits`): a person who sends too many changes
//! is answered 429 with when to retry, before any handler runs, on every write route; other
//! people, reads and signing out are not held back.

use std::time::Duration;

use serde_json::{json, Value};
use seteli::auth::tokens::TokenService;
use seteli::clock::Clock;
use seteli::config::AuthSettings;

use crate::helpers::{spawn_app_with, status_and_json};

fn settings_body() -> Value {
    json!({ "muted": [], "quiet_hours": null })
}

#[actix_web::test]
async fn a_person_beyond_the_write_limit_is_told_when_to_retry_and_no_one_else_waits() {
    let app = spawn_app_with(|s| {
        s.auth.writes_per_minute = 60;
        s.auth.write_burst = 3;
    })
    .await;
    let aino = app.new_client("heinola", "Aino").await;
    let jari = app.new_client("heinola", "Jari").await;
    let put = |token: String| {
        let app = &app;
        async move {
            app.call(
                reqwest::Method::PUT,
                "/api/v1/me/push-settings",
                &token,
                Some("fi"),
                Some(&settings_body()),
            )
            .await
        }
    };

    // A token with Aino's name but another key counts nothing of hers.
    let forger = TokenService::new(&AuthSettings::default(), &[9u8; 32]);
    let forged = forger
        .issue(&aino.id, "not-a-session", app.clock.now())
        .unwrap();
    for _ in 0..5 {
        assert_eq!(put(forged.clone()).await.status(), 401);
    }

    for _ in 0..3 {
        let (status, body) = status_and_json(put(aino.token.clone()).await).await;
        assert_eq!(status, 200, "{body}");
    }
    let res = put(aino.token.clone()).await;
    assert_eq!(res.status(), 429);
    let retry = res.headers()["retry-after"].clone();
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let problem: Value = res.json().await.unwrap();
    assert_eq!(retry, "1", "{problem}");
    assert_eq!(problem["code"], "auth.too_many_writes");
    assert_eq!(problem["detail"], "Odota 1 sekunti ja lähetä uudelleen.");

    // Reading goes on, and another person writes as before.
    let res = app.get_auth("/api/v1/me/push-settings", &aino.token).await;
    assert_eq!(res.status(), 200);
    assert_eq!(put(jari.token.clone()).await.status(), 200);

    // One write a second comes back.
    actix_web::rt::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(put(aino.token.clone()).await.status(), 200);
    assert_eq!(put(aino.token.clone()).await.status(), 429);
}

/// Every write route the document lists is held back by the one middleware, before it reads
/// its path, body or the database; signing out is not, and the document says which answer 429.
#[actix_web::test]
async fn every_write_route_is_limited_and_signing_out_never_is() {
    let app = spawn_app_with(|s| {
        s.auth.writes_per_minute = 1;
        s.auth.write_burst = 1;
    })
    .await;
    let aino = app.new_client("heinola", "Aino").await;
    let res = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/me/push-settings",
            &aino.token,
            Some(&settings_body()),
        )
        .await;
    assert_eq!(res.status(), 200);

    let doc = app.get_json("/openapi.json").await;
    let mut limited = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if !["post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let signed_in = op["security"].as_array().is_some_and(|s| !s.is_empty());
            let documented = op["responses"].get("429").is_some();
            let signing = path.starts_with("/api/v1/auth/") || path == "/api/v1/me/sessions";
            if signing || !signed_in {
                assert!(
                    !documented || path == "/api/v1/auth/token" || path.ends_with("dev-login"),
                    "{method} {path} documents a 429 it never answers"
                );
                continue;
            }
            assert!(documented, "{method} {path} does not document its 429");
            let concrete = path
                .split('/')
                .map(|part| {
                    if part.starts_with('{') {
                        "0195d1b4-0000-7000-8000-000000000000"
                    } else {
                        part
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let res = app
                .send(method.clone(), &concrete, &aino.token, Some(&json!({})))
                .await;
            assert_eq!(res.status(), 429, "{method} {path}");
            assert!(res.headers().contains_key("retry-after"), "{method} {path}");
            limited += 1;
        }
    }
    assert!(limited > 50, "only {limited} write routes found");

    // Signing out everywhere still works for someone held back.
    let res = app
        .send(
            reqwest::Method::DELETE,
            "/api/v1/me/sessions",
            &aino.token,
            None,
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
}
