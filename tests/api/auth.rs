use base64::Engine;
use serde_json::{json, Value};

use crate::helpers::{ed25519_pair, random_test_code, spawn_app, spawn_app_with};

#[actix_web::test]
async fn first_sign_in_creates_the_person_and_me_masks_the_identity_code() {
    let app = spawn_app().await;
    let code = random_test_code();
    let p = app.sign_in(&code, "Anna Testinen").await;
    let again = app.sign_in(&code, "Anna Testinen").await;
    assert_eq!(p.id, again.id, "the same identity code is the same person");
    let me: Value = app.get_auth_json("/api/v1/me", &p.token).await;
    assert_eq!(me["display_name"], "Anna Testinen");
    assert_eq!(
        me["personal_id_masked"],
        format!("{}****", &code.as_str()[..7])
    );
    assert!(!me.to_string().contains(code.as_str()));
    assert_eq!(me["acting_for"], json!([]), "not a client yet");
}

#[actix_web::test]
async fn bad_id_tokens_are_refused() {
    let app = spawn_app().await;
    let code = random_test_code();
    let good = app.id_claims(&code, "X");
    let now = good["iat"].as_i64().unwrap();
    let (other_private, _) = ed25519_pair();

    let mut cases: Vec<(&str, String)> = Vec::new();
    cases.push((
        "forged signature",
        app.sign_id_token(&good, Some(&other_private)),
    ));
    let mut c = good.clone();
    c["aud"] = json!("someone-else");
    cases.push(("wrong audience", app.sign_id_token(&c, None)));
    let mut c = good.clone();
    c["iss"] = json!("https://evil.test");
    cases.push(("wrong issuer", app.sign_id_token(&c, None)));
    let mut c = good.clone();
    c["exp"] = json!(now - 1);
    cases.push(("expired", app.sign_id_token(&c, None)));
    let mut c = good.clone();
    c["exp"] = json!((now + 300).to_string());
    cases.push(("string exp", app.sign_id_token(&c, None)));
    let mut c = good.clone();
    c.as_object_mut().unwrap().remove("sub");
    cases.push(("no sub", app.sign_id_token(&c, None)));
    let mut c = good.clone();
    c["personal_identity_code"] = json!("131052-308U");
    cases.push(("invalid identity code", app.sign_id_token(&c, None)));
    // alg none: header {"alg":"none"} and no signature.
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    cases.push((
        "alg none",
        format!(
            "{}.{}.",
            b64(&json!({"alg": "none", "typ": "JWT"})),
            b64(&good)
        ),
    ));
    // A symmetric token signed with a guessable secret.
    let hs = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &good,
        &jsonwebtoken::EncodingKey::from_secret(b"secret"),
    )
    .unwrap();
    cases.push(("HS256", hs));

    for (what, token) in cases {
        let res = app.exchange(&token).await;
        assert_eq!(res.status(), 401, "{what} must be refused");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "auth.invalid_id_token", "{what}");
    }
    // And the good one works.
    assert_eq!(
        app.exchange(&app.sign_id_token(&good, None)).await.status(),
        200
    );
}

#[actix_web::test]
async fn access_tokens_expire_by_the_clock_and_forged_ones_fail() {
    let app = spawn_app().await;
    let p = app.sign_in(&random_test_code(), "A").await;
    assert_eq!(app.get_auth("/api/v1/me", &p.token).await.status(), 200);
    let mut parts: Vec<&str> = p.token.split('.').collect();
    let other = app.sign_in(&random_test_code(), "B").await;
    let other_parts: Vec<&str> = other.token.split('.').collect();
    parts[1] = other_parts[1];
    let res = app.get_auth("/api/v1/me", &parts.join(".")).await;
    assert_eq!(res.status(), 401);
    app.clock.advance(chrono::Duration::minutes(15));
    let res = app.get_auth("/api/v1/me", &p.token).await;
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "auth.invalid_token");
}

#[actix_web::test]
async fn refresh_tokens_rotate_and_a_replay_revokes_the_family() {
    let app = spawn_app().await;
    let p = app.sign_in(&random_test_code(), "A").await;
    let res = app.refresh(&p.refresh).await;
    assert_eq!(res.status(), 200);
    let second: Value = res.json().await.unwrap();
    let second_refresh = second["refresh_token"].as_str().unwrap().to_string();
    let second_access = second["access_token"].as_str().unwrap().to_string();
    assert_ne!(second_refresh, p.refresh);
    assert_eq!(
        app.get_auth("/api/v1/me", &second_access).await.status(),
        200
    );

    // Someone replays the first (used) token: the whole family is revoked.
    let res = app.refresh(&p.refresh).await;
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "auth.refresh_token_reused");
    assert_eq!(app.refresh(&second_refresh).await.status(), 401);
    let res = app.get_auth("/api/v1/me", &second_access).await;
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "auth.session_ended");
    // Unknown tokens are refused.
    assert_eq!(app.refresh("rt_nonsense").await.status(), 401);
}

#[actix_web::test]
async fn logout_ends_the_session_at_once_and_all_sessions_can_be_ended() {
    let app = spawn_app().await;
    let code = random_test_code();
    let a = app.sign_in(&code, "A").await;
    let b = app.sign_in(&code, "A").await;
    let res = app
        .http
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(&a.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_auth("/api/v1/me", &a.token).await.status(), 401);
    assert_eq!(app.refresh(&a.refresh).await.status(), 401);
    assert_eq!(app.get_auth("/api/v1/me", &b.token).await.status(), 200);
    let res = app
        .http
        .delete(app.url("/api/v1/me/sessions"))
        .bearer_auth(&b.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_auth("/api/v1/me", &b.token).await.status(), 401);
    assert_eq!(app.refresh(&b.refresh).await.status(), 401);
}

#[actix_web::test]
async fn stored_language_is_used_when_no_header_is_sent() {
    let app = spawn_app().await;
    let p = app.sign_in(&random_test_code(), "A").await;
    let res = app
        .http
        .put(app.url("/api/v1/me/language"))
        .bearer_auth(&p.token)
        .json(&json!({"language": "xx"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = app
        .http
        .put(app.url("/api/v1/me/language"))
        .bearer_auth(&p.token)
        .json(&json!({"language": "sv"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = app
        .get_auth(
            "/api/v1/clients/00000000-0000-7000-8000-000000000000",
            &p.token,
        )
        .await;
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["title"], "Vi hittade inte det här.");
    let res = app
        .http
        .get(app.url("/api/v1/clients/00000000-0000-7000-8000-000000000000"))
        .bearer_auth(&p.token)
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["title"], "We could not find this.");
}

#[actix_web::test]
async fn dev_login_is_404_outside_demo_and_works_in_demo() {
    let app = spawn_app_with(|s| {
        s.dev_login = false;
        s.push.allow_loopback = false;
    })
    .await;
    let res = app.get("/api/v1/auth/dev-personas").await;
    assert_eq!(res.status(), 404);
    let res = app
        .post_json(
            "/api/v1/auth/dev-login",
            &json!({"persona": "client-heinola"}),
        )
        .await;
    assert_eq!(res.status(), 404);

    let app = spawn_app().await;
    {
        let mut conn = app.state.db.get().unwrap();
        seteli::demo::seed(&mut conn, chrono::Utc::now()).unwrap();
        assert_eq!(
            seteli::demo::seed(&mut conn, chrono::Utc::now()).unwrap(),
            0,
            "seeding is idempotent"
        );
    }
    let personas: Value = app.get_json("/api/v1/auth/dev-personas").await;
    let ids: Vec<&str> = personas
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for want in [
        "client-heinola",
        "client-kuopio",
        "relative",
        "staff-heinola",
        "staff-kuopio",
        "caseworker-heinola",
        "caseworker-kuopio",
    ] {
        assert!(ids.contains(&want), "{want} missing");
    }
    let res = app
        .post_json(
            "/api/v1/auth/dev-login",
            &json!({"persona": "client-kuopio"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let tokens: Value = res.json().await.unwrap();
    let me: Value = app
        .get_auth_json("/api/v1/me", tokens["access_token"].as_str().unwrap())
        .await;
    assert_eq!(me["display_name"], "Matti Korhonen");
    assert_eq!(me["acting_for"][0]["relation"], "self");
    let res = app
        .post_json("/api/v1/auth/dev-login", &json!({"persona": "nobody"}))
        .await;
    assert_eq!(res.status(), 422);
}

#[actix_web::test]
async fn sign_in_attempts_are_rate_limited() {
    let app = spawn_app_with(|s| s.auth.rate_limit_attempts = 3).await;
    for _ in 0..3 {
        assert_eq!(app.exchange("not-a-token").await.status(), 401);
    }
    let res = app.exchange("not-a-token").await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    app.clock.advance(chrono::Duration::seconds(61));
    assert_eq!(app.exchange("not-a-token").await.status(), 401);
}

/// The demo's sign-in shares the limit of sign-ins from one address, and says when to retry.
#[actix_web::test]
async fn demo_sign_ins_are_rate_limited_too() {
    let app = spawn_app_with(|s| s.auth.rate_limit_attempts = 3).await;
    let nobody = json!({"persona": "nobody"});
    for _ in 0..3 {
        let res = app.post_json("/api/v1/auth/dev-login", &nobody).await;
        assert_eq!(res.status(), 422);
    }
    let res = app.post_json("/api/v1/auth/dev-login", &nobody).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
}

/// Roles are read with the session and kept in memory between requests (`auth::cache`); a role
/// granted or taken away, by whatever writes to the database, counts on the very next request.
#[actix_web::test]
async fn a_role_granted_or_taken_away_counts_on_the_next_request() {
    use diesel::prelude::*;
    use seteli::clock::Clock;
    use seteli::db::schema::role_grants;

    let app = spawn_app().await;
    let p = app.sign_in(&random_test_code(), "Cecilia Caseworker").await;
    let me = app.get_auth_json("/api/v1/me", &p.token).await;
    assert_eq!(me["roles"], json!([]));

    let mut conn = app.state.db.get().unwrap();
    seteli::persons::repo::grant_role(
        &mut conn,
        &p.id,
        seteli::persons::Role::Caseworker,
        Some("heinola"),
        None,
        app.clock.now(),
    )
    .unwrap();
    let me: Value = app.get_auth_json("/api/v1/me", &p.token).await;
    assert_eq!(me["roles"][0]["role"], "caseworker");
    assert_eq!(me["roles"][0]["municipality"], "heinola");

    seteli::native!(&mut *conn, |c| diesel::delete(
        role_grants::table.filter(role_grants::person_id.eq(&p.id))
    )
    .execute(c))
    .unwrap();
    let me = app.get_auth_json("/api/v1/me", &p.token).await;
    assert_eq!(me["roles"], json!([]));
}

/// An operator rotates the signing key (README): the new key signs, the old one still verifies
/// what it signed, and once it is dropped the sign-ins go on by their refresh tokens. A site's
/// presence code, sealed under a key derived from the signing key, stays the same throughout.
#[actix_web::test]
async fn a_rotated_signing_key_signs_no_one_out_and_changes_no_site_code() {
    use seteli::clock::Clock;
    let before = spawn_app().await;
    let d = crate::attendance::heinola(&before).await;
    let code_path = format!("/api/v1/provider/sites/{}/code", d.site);
    let shown = before.get_auth_json(&code_path, &d.staff.token).await;
    let old_key = before.state.settings.auth.signing_key.clone();
    let url = before.state.settings.database_url.clone();
    let new_key =
        base64::engine::general_purpose::STANDARD.encode(crate::helpers::random_bytes::<32>());
    let (url2, old2, new2) = (url.clone(), old_key.clone(), new_key.clone());
    let rotated = spawn_app_with(move |s| {
        s.database_url = url2;
        s.auth.signing_key = Some(seteli::config::Secret::new(new2));
        s.auth.previous_signing_keys = old2;
    })
    .await;
    rotated.clock.set(before.clock.now());

    // The token the old key signed still works, and so does its refresh token.
    assert_eq!(
        rotated
            .get_auth("/api/v1/me", &d.client.token)
            .await
            .status(),
        200
    );
    let res = rotated.refresh(&d.client.refresh).await;
    assert_eq!(res.status(), 200);
    let pair: Value = res.json().await.unwrap();
    let fresh = pair["access_token"].as_str().unwrap().to_string();
    let refresh = pair["refresh_token"].as_str().unwrap().to_string();
    let header = jsonwebtoken::decode_header(&fresh).unwrap();
    let new_bytes = base64::engine::general_purpose::STANDARD
        .decode(&new_key)
        .unwrap();
    assert_eq!(header.kid, Some(seteli::auth::tokens::key_id(&new_bytes)));
    // The old server, with the old key alone, does not take what the new key signed.
    assert_eq!(before.get_auth("/api/v1/me", &fresh).await.status(), 401);
    assert_eq!(
        rotated.get_auth_json(&code_path, &d.staff.token).await["code"],
        shown["code"]
    );

    // The old key dropped: its tokens end, but no one is signed out.
    let after = spawn_app_with(move |s| {
        s.database_url = url;
        s.auth.signing_key = Some(seteli::config::Secret::new(new_key));
    })
    .await;
    after.clock.set(before.clock.now());
    assert_eq!(
        after.get_auth("/api/v1/me", &d.client.token).await.status(),
        401
    );
    assert_eq!(after.get_auth("/api/v1/me", &fresh).await.status(), 200);
    assert_eq!(after.refresh(&refresh).await.status(), 200);
    let res = after.refresh(&d.staff.refresh).await;
    let staff: Value = res.json().await.unwrap();
    let staff_token = staff["access_token"].as_str().unwrap();
    // The site's secret was sealed anew with the new key: the same code.
    assert_eq!(
        after.get_auth_json(&code_path, staff_token).await["code"],
        shown["code"]
    );
}
