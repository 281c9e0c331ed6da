//! What an answer must not give away or get wrong: whether a person uses the app, a token that
//! lives too long, a server error for a client's request, limits that people behind one address
//! share, a second log row for one change, and errors that do not say what is wrong.

use base64::Engine;
use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use seteli::clock::Clock;
use seteli::persons::Role;

use crate::helpers::{
    random_test_code, spawn_app, spawn_app_with, status_and_json, Person, TestApp,
};

fn mandate_body(app: &TestApp, code: &str) -> Value {
    let until = seteli::clock::helsinki_date(app.clock.now()) + Duration::days(60);
    json!({
        "proxy_personal_id": code,
        "proxy_name": "Liisa Virtanen",
        "scopes": ["view"],
        "valid_until": until.to_string(),
    })
}

#[actix_web::test]
async fn whether_a_helper_uses_the_app_shows_only_once_the_mandate_is_active() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Aino").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena")
        .await;
    // One helper has used the app, the other never has: the answers look the same.
    let user = app.sign_in(&random_test_code(), "Liisa").await;
    let stranger = random_test_code();
    let mut ids = Vec::new();
    for code in [user.code.as_str(), stranger.as_str()] {
        let (status, m) = status_and_json(
            app.post_auth(
                "/api/v1/clients/me/mandates",
                &client.token,
                &mandate_body(&app, code),
            )
            .await,
        )
        .await;
        assert_eq!(status, 201, "{m}");
        assert!(m["proxy"].get("signed_in").is_none(), "{m}");
        ids.push(m["id"].as_str().unwrap().to_string());
    }
    let (_, list) = status_and_json(
        app.get_auth("/api/v1/clients/me/mandates", &client.token)
            .await,
    )
    .await;
    for m in list["items"].as_array().unwrap() {
        assert!(m["proxy"].get("signed_in").is_none(), "{m}");
    }
    // Once approved, the client may know whether the helper can act in the app yet.
    for (id, signed_in) in ids.iter().zip([true, false]) {
        let (status, m) = status_and_json(
            app.post_auth(
                &format!("/api/v1/caseworker/mandates/{id}/approve"),
                &worker.token,
                &json!({}),
            )
            .await,
        )
        .await;
        assert_eq!(status, 200, "{m}");
        assert_eq!(m["proxy"]["signed_in"], signed_in, "{m}");
    }
}

#[actix_web::test]
async fn a_client_gives_only_so_many_powers_of_attorney_an_hour() {
    let app = spawn_app_with(|s| s.auth.mandates_per_hour = 2).await;
    let client = app.new_client("heinola", "Aino").await;
    let other = app.new_client("heinola", "Kalle").await;
    let app = &app;
    // A new token at the clock's time each call: the clock moves past a token's life here.
    let give = |who: &Person| {
        let body = mandate_body(app, random_test_code().as_str());
        let token = app.fresh_token(who);
        async move {
            app.call(
                Method::POST,
                "/api/v1/clients/me/mandates",
                &token,
                Some("en"),
                Some(&body),
            )
            .await
        }
    };
    assert_eq!(give(&client).await.status(), 201);
    app.clock.advance(Duration::minutes(30));
    assert_eq!(give(&client).await.status(), 201);
    let refused = give(&client).await;
    assert_eq!(refused.status(), 429);
    // The first one leaves the hour 30 minutes from now.
    assert_eq!(refused.headers()["retry-after"], "1800");
    let (_, problem) = status_and_json(refused).await;
    assert_eq!(problem["code"], "mandate.too_many");
    assert_eq!(problem["detail"], "Wait 30 minutes and try again.");
    // Another client has a limit of their own.
    assert_eq!(give(&other).await.status(), 201);
    app.clock.advance(Duration::minutes(30));
    assert_eq!(give(&client).await.status(), 201);
}

/// A token signed with the service's key whose life is longer than the service gives.
fn long_lived_token(app: &TestApp, person: &Person, lifetime: i64) -> String {
    let valid = app.fresh_token(person);
    let payload = valid.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    let mut claims = claims;
    claims["exp"] = json!(claims["iat"].as_i64().unwrap() + lifetime);
    let key = app.state.settings.signing_key_bytes();
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(&key),
    )
    .unwrap()
}

#[actix_web::test]
async fn a_token_that_lives_longer_than_the_service_gives_is_refused() {
    let app = spawn_app().await;
    let person = app.sign_in(&random_test_code(), "Anna").await;
    let ttl = app.state.settings.auth.access_token_ttl_seconds;
    let ok = long_lived_token(&app, &person, ttl);
    assert_eq!(app.get_auth("/api/v1/me", &ok).await.status(), 200);
    for lifetime in [ttl + 1, 10 * 365 * 86_400] {
        let token = long_lived_token(&app, &person, lifetime);
        let res = app.get_auth("/api/v1/me", &token).await;
        assert_eq!(res.status(), 401, "{lifetime}");
        assert_eq!(
            res.headers()["www-authenticate"],
            r#"Bearer realm="seteli", error="invalid_token""#
        );
    }
}

#[actix_web::test]
async fn an_id_token_on_a_server_without_an_identity_provider_is_the_clients_mistake() {
    let app = spawn_app_with(|s| s.identity_provider = None).await;
    let token = app.sign_id_token(&app.id_claims(&random_test_code(), "Anna"), None);
    for id_token in [token.as_str(), "not.a.token"] {
        let res = app
            .post_raw(
                "/api/v1/auth/token",
                "application/json",
                Some("en"),
                json!({"grant_type": "id_token", "id_token": id_token}).to_string(),
            )
            .await;
        let (status, problem) = status_and_json(res).await;
        assert_eq!(status, 400, "{problem}");
        assert_eq!(problem["code"], "auth.id_token_not_accepted");
    }
}

#[actix_web::test]
async fn refreshing_has_a_sliding_limit_per_sign_in_apart_from_sign_ins_per_address() {
    let app = spawn_app_with(|s| {
        s.auth.rate_limit_attempts = 3;
        s.auth.refresh_rate_limit_attempts = 3;
        s.auth.refresh_rate_limit_window_seconds = 60;
    })
    .await;
    // Two people behind one address sign in (two of the address's three sign-ins).
    let a = app.sign_in(&random_test_code(), "Anna").await;
    let b = app.sign_in(&random_test_code(), "Bea").await;
    // Anna's phone refreshes three times in a minute: her sign-in's limit, not the address's.
    let mut token = a.refresh.clone();
    for _ in 0..3 {
        let (status, pair) = status_and_json(app.refresh(&token).await).await;
        assert_eq!(status, 200, "{pair}");
        token = pair["refresh_token"].as_str().unwrap().to_string();
        app.clock.advance(Duration::seconds(10));
    }
    let refused = app.refresh(&token).await;
    assert_eq!(refused.status(), 429);
    // The first refresh, 30 s ago, leaves the window in 30 s: a window that slides.
    assert_eq!(refused.headers()["retry-after"], "30");
    // Bea's sign-in is not held up, and a third person may still sign in from the address.
    assert_eq!(app.refresh(&b.refresh).await.status(), 200);
    app.sign_in(&random_test_code(), "Cecilia").await;
    // The refused refresh left Anna's token unused: it works once the window has moved on.
    app.clock.advance(Duration::seconds(30));
    assert_eq!(app.refresh(&token).await.status(), 200);
}

#[actix_web::test]
async fn a_replayed_create_writes_one_access_log_row() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Aino").await;
    let body = mandate_body(&app, random_test_code().as_str());
    for _ in 0..3 {
        let res = app
            .http
            .post(app.url("/api/v1/clients/me/mandates"))
            .bearer_auth(&client.token)
            .header("Idempotency-Key", "replay-1")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let (_, log) = status_and_json(
        app.get_auth("/api/v1/clients/me/access-log", &client.token)
            .await,
    )
    .await;
    let created = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "mandate.create")
        .count();
    assert_eq!(created, 1, "{log}");
}

/// A POST in English, with the answer's status and JSON body.
async fn post(app: &TestApp, path: &str, token: &str, body: &Value) -> (u16, Value) {
    status_and_json(
        app.call(Method::POST, path, token, Some("en"), Some(body))
            .await,
    )
    .await
}

#[actix_web::test]
async fn each_text_field_says_what_is_wrong_with_it_and_the_limit() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Aino").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena")
        .await;
    let mut named = mandate_body(&app, random_test_code().as_str());
    for (name, code, field, detail) in [
        (
            "Lii\u{0}sa",
            "text.invalid_characters",
            "proxy_name",
            "Remove hidden control characters. A name must fit on one line.",
        ),
        (
            &"x".repeat(201) as &str,
            "text.too_long",
            "proxy_name",
            "Use at most 200 characters.",
        ),
        (" ", "mandate.invalid_name", "proxy_name", ""),
    ] {
        named["proxy_name"] = json!(name);
        let (status, p) = post(&app, "/api/v1/clients/me/mandates", &client.token, &named).await;
        assert_eq!((status, p["code"].as_str()), (422, Some(code)), "{p}");
        assert_eq!(p["field"], field, "{p}");
        if !detail.is_empty() {
            assert_eq!(p["detail"], detail);
        }
    }

    // A reason of 60,000 characters is too long, not missing.
    let pending = post(
        &app,
        "/api/v1/clients/me/mandates",
        &client.token,
        &mandate_body(&app, random_test_code().as_str()),
    )
    .await
    .1;
    let id = pending["id"].as_str().unwrap();
    let path = format!("/api/v1/caseworker/mandates/{id}/reject");
    let (status, p) = post(
        &app,
        &path,
        &worker.token,
        &json!({"reason": "x".repeat(60_000)}),
    )
    .await;
    assert_eq!((status, p["code"].as_str()), (422, Some("text.too_long")));
    assert_eq!(p["detail"], "Use at most 1000 characters.");
    assert_eq!(p["field"], "reason");
    let (status, p) = post(&app, &path, &worker.token, &json!({"reason": "  "})).await;
    assert_eq!(
        (status, p["code"].as_str()),
        (422, Some("mandate.reason_required"))
    );

    // The same on a voucher's reasons.
    let today = seteli::clock::helsinki_date(app.clock.now());
    let issue = json!({
        "client_id": client.id,
        "service": "rwa_basic",
        "decision_date": today.to_string(),
        "valid_from": today.to_string(),
        "valid_until": (today + Duration::days(120)).to_string(),
        "granted_units": 20,
        "per_week": 2,
        "hours_per_day": 5,
        "out_of_area_allowed": true,
        "out_of_area_reason": "far\u{1b}[2J",
    });
    let (status, p) = post(&app, "/api/v1/caseworker/vouchers", &worker.token, &issue).await;
    assert_eq!(
        (status, p["code"].as_str(), p["field"].as_str()),
        (
            422,
            Some("text.invalid_characters"),
            Some("out_of_area_reason")
        ),
        "{p}"
    );
}
