//! Powers of attorney through the API: giving, approving, acting, revoking, expiring, and what
//! the client's access log says about it.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use serde_json::{json, Value};
use seteli::clock::Clock;
use seteli::persons::Role;

use crate::helpers::{json_of, random_test_code, spawn_app, status_and_json, Person, TestApp};

fn today(app: &TestApp) -> NaiveDate {
    seteli::clock::helsinki_date(app.clock.now())
}

fn body(app: &TestApp, code: &seteli::persons::PersonalId, scopes: &[&str], days: i64) -> Value {
    json!({
        "proxy_personal_id": code.as_str(),
        "proxy_name": "Liisa Virtanen",
        "scopes": scopes,
        "valid_until": (today(app) + Duration::days(days)).to_string(),
    })
}

async fn give(app: &TestApp, client: &Person, body: &Value) -> Value {
    let (status, b) = status_and_json(
        app.post_auth("/api/v1/clients/me/mandates", &client.token, body)
            .await,
    )
    .await;
    assert_eq!(status, 201, "{b}");
    b
}

async fn approve(app: &TestApp, worker: &Person, id: &str) -> (u16, Value) {
    status_and_json(
        app.post_auth(
            &format!("/api/v1/caseworker/mandates/{id}/approve"),
            &worker.token,
            &json!({}),
        )
        .await,
    )
    .await
}

#[actix_web::test]
async fn a_mandate_for_someone_who_never_signed_in_is_approved_used_and_revoked_with_the_same_token(
) {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Aino Virtanen").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena Lahtinen")
        .await;
    let kuopio = app
        .new_with_role(Role::Caseworker, Some("kuopio"), "Pekka Kuopio")
        .await;
    let code = random_test_code();

    let m = give(
        &app,
        &client,
        &body(&app, &code, &["view", "book_visits"], 90),
    )
    .await;
    let id = m["id"].as_str().unwrap().to_string();
    assert_eq!(m["status"], "pending_approval");
    assert_eq!(m["basis"], "client");
    assert_eq!(m["in_force"], false);
    // Whether the helper uses the app is not told before the mandate is active.
    assert!(m["proxy"].get("signed_in").is_none(), "{m}");
    assert_eq!(m["scopes"], json!(["view", "book_visits"]));
    let masked = m["proxy"]["personal_id_masked"].as_str().unwrap();
    assert!(!masked.contains(&code.as_str()[7..]), "masked: {masked}");
    assert_eq!(m["history"][0]["event"], "requested");
    assert_eq!(m["history"][0]["actor"]["id"], client.id.as_str());

    // Another municipality's caseworker cannot see it; the client's own can approve it once.
    assert_eq!(approve(&app, &kuopio, &id).await.0, 404);
    let (status, approved) = approve(&app, &worker, &id).await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["status"], "active");
    assert_eq!(approved["in_force"], true);
    assert_eq!(approve(&app, &worker, &id).await.0, 409);

    // The helper signs in for the first time and finds it.
    let proxy = app.sign_in(&code, "Liisa Virtanen").await;
    let (status, mine) =
        status_and_json(app.get_auth("/api/v1/me/mandates", &proxy.token).await).await;
    assert_eq!(status, 200);
    assert_eq!(mine["items"][0]["id"], id.as_str());
    assert_eq!(mine["items"][0]["client"]["display_name"], "Aino Virtanen");
    assert!(mine["items"][0].get("history").is_none());
    let (_, me) = status_and_json(app.get_auth("/api/v1/me", &proxy.token).await).await;
    let acting = &me["acting_for"];
    assert_eq!(acting.as_array().unwrap().len(), 1, "{me}");
    assert_eq!(acting[0]["client_id"], client.id.as_str());
    assert_eq!(acting[0]["relation"], "proxy");
    assert_eq!(acting[0]["scopes"], json!(["view", "book_visits"]));

    let client_path = format!("/api/v1/clients/{}", client.id);
    let (status, seen) = status_and_json(app.get_auth(&client_path, &proxy.token).await).await;
    assert_eq!(status, 200);
    assert_eq!(seen["acting_as"], "proxy");
    // A helper never sees or changes the client's mandates.
    let list = format!("/api/v1/clients/{}/mandates", client.id);
    assert_eq!(app.get_auth(&list, &proxy.token).await.status(), 404);

    // The client revokes; the helper's very next request with the same token is refused.
    let (status, revoked) = status_and_json(
        app.delete_auth(&format!("/api/v1/clients/me/mandates/{id}"), &client.token)
            .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(app.get_auth(&client_path, &proxy.token).await.status(), 404);
    let (_, me) = status_and_json(app.get_auth("/api/v1/me", &proxy.token).await).await;
    assert_eq!(me["acting_for"], json!([]));

    // The whole history, with who did what.
    let (_, page) = status_and_json(
        app.get_auth("/api/v1/clients/me/mandates", &client.token)
            .await,
    )
    .await;
    let history: Vec<(&str, &str)> = page["items"][0]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap(),
                e["actor"]["display_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("requested", "Aino Virtanen"),
            ("approved", "Helena Lahtinen"),
            ("revoked", "Aino Virtanen")
        ]
    );
    assert_eq!(
        app.delete_auth(&format!("/api/v1/clients/me/mandates/{id}"), &client.token)
            .await
            .status(),
        409
    );
}

#[actix_web::test]
async fn the_access_log_shows_what_the_helper_did_on_the_clients_behalf_in_three_languages() {
    let app = spawn_app().await;
    let client = app.new_client("kuopio", "Matti Korhonen").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("kuopio"), "Pekka Heikkinen")
        .await;
    let proxy = app.sign_in(&random_test_code(), "Liisa Virtanen").await;
    let m = give(&app, &client, &body(&app, &proxy.code, &["view"], 30)).await;
    let id = m["id"].as_str().unwrap();
    assert_eq!(approve(&app, &worker, id).await.0, 200);
    let path = format!("/api/v1/clients/{}", client.id);
    assert_eq!(app.get_auth(&path, &proxy.token).await.status(), 200);
    let (status, _) = status_and_json(
        app.post_auth(
            &format!("/api/v1/me/mandates/{id}/renounce"),
            &proxy.token,
            &json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(app.get_auth(&path, &proxy.token).await.status(), 404);

    let expected = [
        (
            "fi",
            "Liisa Virtanen asiakkaan Matti Korhonen puolesta katsoi perustietojasi.",
            "Liisa Virtanen luopui valtakirjastasi.",
        ),
        (
            "sv",
            "Liisa Virtanen på uppdrag av Matti Korhonen tittade på dina grunduppgifter.",
            "Liisa Virtanen avstod från din fullmakt.",
        ),
        (
            "en",
            "Liisa Virtanen on behalf of Matti Korhonen viewed your basic details.",
            "Liisa Virtanen gave up your power of attorney.",
        ),
    ];
    for (lang, read, write) in expected {
        let res = app
            .http
            .get(app.url("/api/v1/clients/me/access-log"))
            .bearer_auth(&client.token)
            .header("Accept-Language", lang)
            .send()
            .await
            .unwrap();
        let (status, page) = status_and_json(res).await;
        assert_eq!(status, 200);
        let items = page["items"].as_array().unwrap();
        let by_proxy: Vec<&Value> = items
            .iter()
            .filter(|i| i["actor"]["id"] == proxy.id.as_str())
            .collect();
        assert_eq!(by_proxy.len(), 2, "{lang}: {page}");
        assert!(by_proxy.iter().all(|i| i["acting_as"] == "proxy"));
        assert!(by_proxy
            .iter()
            .all(|i| i["actor"]["display_name"] == "Liisa Virtanen"));
        let descriptions: Vec<&str> = by_proxy
            .iter()
            .map(|i| i["description"].as_str().unwrap())
            .collect();
        assert!(descriptions.contains(&read), "{lang}: {descriptions:?}");
        assert!(descriptions.contains(&write), "{lang}: {descriptions:?}");
    }
    // The caseworker's approval is in the log too.
    let (_, page) = status_and_json(
        app.get_auth("/api/v1/clients/me/access-log?limit=200", &client.token)
            .await,
    )
    .await;
    assert!(page["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["action"] == "mandate.approve" && i["acting_as"] == "caseworker"));
}

#[actix_web::test]
async fn rejecting_declining_and_renouncing_are_kept_with_who_and_why() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Aino").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena")
        .await;
    let proxy = app.sign_in(&random_test_code(), "Liisa").await;

    // Rejection needs a reason, which the client sees.
    let m = give(&app, &client, &body(&app, &proxy.code, &["view"], 30)).await;
    let id = m["id"].as_str().unwrap();
    let reject = format!("/api/v1/caseworker/mandates/{id}/reject");
    let (status, problem) = status_and_json(
        app.post_auth(&reject, &worker.token, &json!({"reason": " "}))
            .await,
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("mandate.reason_required"))
    );
    let (status, rejected) = status_and_json(
        app.post_auth(
            &reject,
            &worker.token,
            &json!({"reason": "The signature is missing."}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(
        rejected["history"][1]["reason"],
        "The signature is missing."
    );
    assert_eq!(rejected["history"][1]["acting_as"], "caseworker");
    // A helper cannot decline what is no longer pending.
    let (status, _) = status_and_json(
        app.post_auth(
            &format!("/api/v1/me/mandates/{id}/decline"),
            &proxy.token,
            &json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 409);

    // A new one may be given after the rejection; the helper declines it.
    let m = give(&app, &client, &body(&app, &proxy.code, &["view"], 30)).await;
    let id = m["id"].as_str().unwrap();
    // Somebody else cannot decline it for the helper.
    let stranger = app.sign_in(&random_test_code(), "Stranger").await;
    let decline = format!("/api/v1/me/mandates/{id}/decline");
    assert_eq!(
        app.post_auth(&decline, &stranger.token, &json!({}))
            .await
            .status(),
        404
    );
    let (status, declined) =
        status_and_json(app.post_auth(&decline, &proxy.token, &json!({})).await).await;
    assert_eq!(status, 200);
    assert_eq!(declined["status"], "declined");
    assert_eq!(approve(&app, &worker, id).await.0, 409);

    // A live one blocks a second for the same helper.
    let m = give(&app, &client, &body(&app, &proxy.code, &["view"], 30)).await;
    let (status, problem) = status_and_json(
        app.post_auth(
            "/api/v1/clients/me/mandates",
            &client.token,
            &body(&app, &proxy.code, &["message"], 30),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("mandate.duplicate"))
    );
    // The answer names the live one, and its address reads it.
    let id = m["id"].as_str().unwrap();
    assert_eq!(problem["conflict"]["kind"], "mandate");
    assert_eq!(problem["conflict"]["id"], id);
    let live = json_of(
        app.get_auth(problem["conflict"]["href"].as_str().unwrap(), &client.token)
            .await,
        200,
    )
    .await;
    assert_eq!(live["id"], id);
    assert_eq!(approve(&app, &worker, id).await.0, 200);
    let renounce = format!("/api/v1/me/mandates/{id}/renounce");
    let (status, renounced) =
        status_and_json(app.post_auth(&renounce, &proxy.token, &json!({})).await).await;
    assert_eq!(status, 200);
    assert_eq!(renounced["status"], "renounced");
    assert_eq!(
        app.post_auth(&renounce, &proxy.token, &json!({}))
            .await
            .status(),
        409
    );

    let (_, page) = status_and_json(
        app.get_auth("/api/v1/clients/me/mandates", &client.token)
            .await,
    )
    .await;
    let states: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["renounced", "declined", "rejected"]);
    let last = &page["items"][0]["history"];
    assert_eq!(last[2]["event"], "renounced");
    assert_eq!(last[2]["acting_as"], "proxy");
    assert_eq!(last[2]["actor"]["id"], proxy.id.as_str());
}

#[actix_web::test]
async fn a_caseworker_registers_paper_and_guardian_mandates_that_are_valid_at_once() {
    let app = spawn_app().await;
    let client = app.new_client("kuopio", "Matti").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("kuopio"), "Pekka")
        .await;
    let heinola = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena")
        .await;
    let guardian = app.sign_in(&random_test_code(), "Edunvalvoja").await;
    let mut req = body(&app, &guardian.code, &["view", "message"], 700);
    req["client_id"] = json!(client.id);
    req["basis"] = json!("guardian");
    let (status, _) = status_and_json(
        app.post_auth("/api/v1/caseworker/mandates", &heinola.token, &req)
            .await,
    )
    .await;
    assert_eq!(status, 404, "another municipality's caseworker");
    let (status, _) = status_and_json(
        app.post_auth("/api/v1/caseworker/mandates", &client.token, &req)
            .await,
    )
    .await;
    assert_eq!(status, 404, "the client cannot register directly");
    let (status, m) = status_and_json(
        app.post_auth("/api/v1/caseworker/mandates", &worker.token, &req)
            .await,
    )
    .await;
    assert_eq!(status, 201, "{m}");
    assert_eq!(m["status"], "active");
    assert_eq!(m["basis"], "guardian");
    assert_eq!(m["basis_name"], "Edunvalvoja");
    assert_eq!(m["history"][0]["event"], "registered");
    assert_eq!(m["history"][0]["acting_as"], "caseworker");
    assert_eq!(
        app.get_auth(&format!("/api/v1/clients/{}", client.id), &guardian.token)
            .await
            .status(),
        200
    );

    let paper = random_test_code();
    let mut req = body(&app, &paper, &["report_absence"], 30);
    req["client_id"] = json!(client.id);
    req["basis"] = json!("paper");
    let (status, m) = status_and_json(
        app.post_auth("/api/v1/caseworker/mandates", &worker.token, &req)
            .await,
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(m["basis"], "paper");
    req["basis"] = json!("client");
    let (status, _) = status_and_json(
        app.post_auth("/api/v1/caseworker/mandates", &worker.token, &req)
            .await,
    )
    .await;
    assert_eq!(status, 400, "a caseworker registers only paper or guardian");
}

/// A legal guardian is appointed by a court or the Digital and Population Data Services Agency:
/// the client cannot dismiss one. Only the caseworker ends it, recording the decision's
/// reference; the client sees that and who may act for them, and still cancels what they gave.
#[actix_web::test]
async fn only_a_caseworker_ends_a_guardianship_by_a_decision() {
    let app = spawn_app().await;
    let client = app.new_client("kuopio", "Matti").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("kuopio"), "Pekka")
        .await;
    let guardian = app.sign_in(&random_test_code(), "Eeva Edunvalvoja").await;
    let register = |code: &seteli::persons::PersonalId, basis: &str, name: &str| {
        let mut req = body(&app, code, &["view"], 300);
        req["client_id"] = json!(client.id);
        req["basis"] = json!(basis);
        req["proxy_name"] = json!(name);
        req
    };
    let (status, g) = status_and_json(
        app.post_auth(
            "/api/v1/caseworker/mandates",
            &worker.token,
            &register(&guardian.code, "guardian", "Eeva Edunvalvoja"),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201, "{g}");
    assert_eq!(g["revocable_by_client"], false);
    let guardian_id = g["id"].as_str().unwrap().to_string();
    let (status, paper) = status_and_json(
        app.post_auth(
            "/api/v1/caseworker/mandates",
            &worker.token,
            &register(&random_test_code(), "paper", "Kalle Paperi"),
        )
        .await,
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(paper["revocable_by_client"], true);

    // The client sees who may act for them, and cannot dismiss the guardian.
    let token = app.fresh_token(&client);
    let list = app
        .get_auth_json_in("/api/v1/clients/me/mandates", &token, "en")
        .await;
    let acting: Vec<(&str, bool, &str)> = list["acting_for_client"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["proxy"]["display_name"].as_str().unwrap(),
                a["revocable_by_client"].as_bool().unwrap(),
                a["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        acting,
        [
            (
                "Eeva Edunvalvoja",
                false,
                "Eeva Edunvalvoja is your legal guardian. Only a decision ends this."
            ),
            (
                "Kalle Paperi",
                true,
                "Kalle Paperi may act for you up to and including 27 December 2026. \
                 You can cancel this."
            ),
        ]
    );
    let (status, problem) = status_and_json(
        app.delete_auth(
            &format!("/api/v1/clients/me/mandates/{guardian_id}"),
            &token,
        )
        .await,
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(problem["code"], "mandate.guardian_not_revocable");
    let app = &app;
    let reads = |who: &Person| {
        let (path, token) = (format!("/api/v1/clients/{}", client.id), who.token.clone());
        async move { app.get_auth(&path, &token).await }
    };
    assert_eq!(reads(&guardian).await.status(), 200);
    // What the client gave (here on paper) they still cancel.
    let (status, _) = status_and_json(
        app.delete_auth(
            &format!(
                "/api/v1/clients/me/mandates/{}",
                paper["id"].as_str().unwrap()
            ),
            &token,
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);

    // The caseworker ends the guardianship with the decision's reference; nothing else ends so.
    let end = |id: &str, reference: &str| {
        let path = format!("/api/v1/caseworker/mandates/{id}/end");
        let body = json!({"decision_reference": reference});
        let token = worker.token.clone();
        async move { app.post_auth(&path, &token, &body).await }
    };
    let (status, problem) = status_and_json(end(&guardian_id, "  ").await).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("mandate.decision_reference_required"))
    );
    let (status, problem) = status_and_json(end(paper["id"].as_str().unwrap(), "KO 1").await).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("mandate.not_guardian"))
    );
    let (status, ended) = status_and_json(end(&guardian_id, "Itä-Suomen KO 2026/17").await).await;
    assert_eq!(status, 200, "{ended}");
    assert_eq!(ended["status"], "ended");
    assert_eq!(ended["in_force"], false);
    let last = ended["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "ended");
    assert_eq!(last["reason"], "Itä-Suomen KO 2026/17");
    assert_eq!(last["acting_as"], "caseworker");
    assert_eq!(reads(&guardian).await.status(), 404);
    let (status, _) = status_and_json(end(&guardian_id, "again").await).await;
    assert_eq!(status, 409);

    // The client reads it, with the reference, and in their access log.
    let token = app.fresh_token(&client);
    let list = app
        .get_auth_json_in("/api/v1/clients/me/mandates", &token, "en")
        .await;
    assert_eq!(list["acting_for_client"], json!([]));
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == json!(guardian_id))
        .unwrap();
    assert_eq!(item["status_name"], "Ended by a decision");
    assert_eq!(
        item["history"].as_array().unwrap().last().unwrap()["description"],
        "Pekka recorded that the guardianship ended. Decision: Itä-Suomen KO 2026/17."
    );
    let log = app
        .get_auth_json_in("/api/v1/clients/me/access-log", &token, "en")
        .await;
    assert!(
        log.to_string()
            .contains("Pekka (caseworker) recorded that your guardianship ended."),
        "{log}"
    );
}

#[actix_web::test]
async fn a_retried_create_with_the_same_key_returns_the_first_result() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Aino").await;
    let first_body = body(&app, &random_test_code(), &["view"], 30);
    let send = |b: Value, key: &'static str| {
        app.http
            .post(app.url("/api/v1/clients/me/mandates"))
            .bearer_auth(&client.token)
            .header("Idempotency-Key", key)
            .json(&b)
            .send()
    };
    let res = send(first_body.clone(), "key-1").await.unwrap();
    assert_eq!(res.status(), 201);
    let first: Value = res.json().await.unwrap();
    let res = send(first_body.clone(), "key-1").await.unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["idempotent-replayed"], "true");
    let again: Value = res.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    let other = body(&app, &random_test_code(), &["view"], 30);
    let res = send(other.clone(), "key-1").await.unwrap();
    let (status, problem) = status_and_json(res).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("idempotency.key_reused"))
    );
    let res = send(other, "key-2").await.unwrap();
    assert_eq!(res.status(), 201);
    let (_, page) = status_and_json(
        app.get_auth("/api/v1/clients/me/mandates", &client.token)
            .await,
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let res = app
        .http
        .post(app.url("/api/v1/clients/me/mandates"))
        .bearer_auth(&client.token)
        .header("Idempotency-Key", "has space")
        .json(&first_body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    // Keys are per person: another client's same key is a new request.
    let other_client = app.new_client("heinola", "Other").await;
    let res = app
        .http
        .post(app.url("/api/v1/clients/me/mandates"))
        .bearer_auth(&other_client.token)
        .header("Idempotency-Key", "key-1")
        .json(&first_body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let theirs: Value = res.json().await.unwrap();
    assert_ne!(theirs["id"], first["id"]);
}

#[actix_web::test]
async fn invalid_mandates_are_refused_with_a_reason() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Aino").await;
    let post = |b: Value| {
        let app = &app;
        let token = client.token.clone();
        async move {
            status_and_json(
                app.post_auth("/api/v1/clients/me/mandates", &token, &b)
                    .await,
            )
            .await
        }
    };
    let code = random_test_code();
    let cases: Vec<(Value, u16, &str)> = vec![
        (
            json!({"proxy_personal_id": "131052-308S", "proxy_name": "X", "scopes": ["view"], "valid_until": "2026-04-01"}),
            422,
            "mandate.invalid_personal_id",
        ),
        (
            json!({"proxy_personal_id": client.code.as_str(), "proxy_name": "Me", "scopes": ["view"], "valid_until": "2026-04-01"}),
            422,
            "mandate.self",
        ),
        (
            json!({"proxy_personal_id": code.as_str(), "proxy_name": " ", "scopes": ["view"], "valid_until": "2026-04-01"}),
            422,
            "mandate.invalid_name",
        ),
        (
            json!({"proxy_personal_id": code.as_str(), "proxy_name": "X", "scopes": [], "valid_until": "2026-04-01"}),
            422,
            "mandate.no_scopes",
        ),
        (
            json!({"proxy_personal_id": code.as_str(), "proxy_name": "X", "scopes": ["view"], "valid_from": "2026-03-01", "valid_until": "2026-04-01"}),
            422,
            "mandate.invalid_period",
        ),
        (
            json!({"proxy_personal_id": code.as_str(), "proxy_name": "X", "scopes": ["view"], "valid_until": "2028-03-03"}),
            422,
            "mandate.too_long",
        ),
        (
            json!({"proxy_personal_id": code.as_str(), "proxy_name": "X", "scopes": ["drive_car"], "valid_until": "2026-04-01"}),
            400,
            "request.invalid_field",
        ),
        (
            json!({"proxy_personal_id": code.as_str(), "proxy_name": "X", "scopes": ["view"], "valid_until": "2026-04-01", "status": "active"}),
            400,
            "request.unknown_field",
        ),
    ];
    for (b, status, code) in cases {
        let (s, problem) = post(b.clone()).await;
        assert_eq!(
            (s, problem["code"].as_str().unwrap_or("")),
            (status, code),
            "{b}"
        );
    }
    // Exactly two years is allowed (the test clock is at 2026-03-02).
    let (s, _) = post(json!({"proxy_personal_id": code.as_str(), "proxy_name": "X", "scopes": ["view"], "valid_until": "2028-03-02"})).await;
    assert_eq!(s, 201);
}

#[actix_web::test]
async fn a_mandate_expires_after_its_last_day_in_helsinki() {
    let app = spawn_app().await;
    // 2026-03-02 09:00 UTC; the mandate's last day is tomorrow.
    let client = app.new_client("heinola", "Aino").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena")
        .await;
    let proxy = app.sign_in(&random_test_code(), "Liisa").await;
    let m = give(&app, &client, &body(&app, &proxy.code, &["view"], 1)).await;
    let id = m["id"].as_str().unwrap();
    assert_eq!(approve(&app, &worker, id).await.0, 200);
    let path = format!("/api/v1/clients/{}", client.id);

    // 21:59 UTC on the last day is 23:59 in Helsinki: still valid.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 3, 21, 59, 0).unwrap());
    let proxy = app.sign_in(&proxy.code, "Liisa").await;
    assert_eq!(app.get_auth(&path, &proxy.token).await.status(), 200);
    // 22:00 UTC is midnight in Helsinki: over, with the same token.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 3, 22, 0, 0).unwrap());
    assert_eq!(app.get_auth(&path, &proxy.token).await.status(), 404);
    let (_, mine) = status_and_json(app.get_auth("/api/v1/me/mandates", &proxy.token).await).await;
    assert_eq!(mine["items"][0]["status"], "expired");
    assert_eq!(mine["items"][0]["in_force"], false);
    // An expired mandate can be neither renounced nor revoked, and no longer blocks a new one.
    assert_eq!(
        app.post_auth(
            &format!("/api/v1/me/mandates/{id}/renounce"),
            &proxy.token,
            &json!({})
        )
        .await
        .status(),
        409
    );
    let client = app.sign_in(&client.code, "Aino").await;
    assert_eq!(
        app.delete_auth(&format!("/api/v1/clients/me/mandates/{id}"), &client.token)
            .await
            .status(),
        409
    );
    give(&app, &client, &body(&app, &proxy.code, &["view"], 10)).await;
}

#[actix_web::test]
async fn the_demo_relative_helps_the_heinola_client_and_waits_for_kuopio() {
    let app = spawn_app().await;
    let now = app.clock.now();
    {
        let mut conn = app.state.db.get().unwrap();
        seteli::demo::seed(&mut conn, now).unwrap();
        assert_eq!(seteli::demo::seed(&mut conn, now).unwrap(), 0);
    }
    let login = |persona: &'static str| {
        let app = &app;
        async move {
            let (status, b) = status_and_json(
                app.post_json("/api/v1/auth/dev-login", &json!({"persona": persona}))
                    .await,
            )
            .await;
            assert_eq!(status, 200);
            b["access_token"].as_str().unwrap().to_string()
        }
    };
    let relative = login("relative").await;
    let (_, me) = status_and_json(app.get_auth("/api/v1/me", &relative).await).await;
    let acting = me["acting_for"].as_array().unwrap();
    assert_eq!(acting.len(), 1, "{me}");
    assert_eq!(acting[0]["display_name"], "Aino Virtanen");
    assert_eq!(
        acting[0]["scopes"],
        json!(["view", "book_visits", "message"])
    );
    let (_, mine) = status_and_json(app.get_auth("/api/v1/me/mandates", &relative).await).await;
    let states: Vec<(&str, &str)> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["client"]["display_name"].as_str().unwrap(),
                m["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("Matti Korhonen", "pending_approval"),
            ("Aino Virtanen", "active")
        ]
    );
    let heinola = acting[0]["client_id"].as_str().unwrap();
    assert_eq!(
        app.get_auth(&format!("/api/v1/clients/{heinola}"), &relative)
            .await
            .status(),
        200
    );
    // The Kuopio caseworker finds the pending one in the client's list.
    let kuopio_client = login("client-kuopio").await;
    let (_, kc) = status_and_json(app.get_auth("/api/v1/clients/me", &kuopio_client).await).await;
    let worker = login("caseworker-kuopio").await;
    let (_, list) = status_and_json(
        app.get_auth(
            &format!("/api/v1/clients/{}/mandates", kc["id"].as_str().unwrap()),
            &worker,
        )
        .await,
    )
    .await;
    assert_eq!(list["items"][0]["status"], "pending_approval");
    assert!(list["items"][0]["proxy"].get("signed_in").is_none());
}

#[actix_web::test]
async fn a_caseworker_finds_the_mandates_waiting_for_them() {
    let app = spawn_app().await;
    let heinola_client = app.new_client("heinola", "Aino Asiakas").await;
    let kuopio_client = app.new_client("kuopio", "Kalle Asiakas").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena Heinola")
        .await;
    let waiting = give(
        &app,
        &heinola_client,
        &body(&app, &random_test_code(), &["view"], 90),
    )
    .await;
    let decided = give(
        &app,
        &heinola_client,
        &body(&app, &random_test_code(), &["view"], 90),
    )
    .await;
    approve(&app, &worker, decided["id"].as_str().unwrap()).await;
    give(
        &app,
        &kuopio_client,
        &body(&app, &random_test_code(), &["view"], 90),
    )
    .await;

    let (status, inbox) = status_and_json(
        app.get_auth("/api/v1/caseworker/mandates", &worker.token)
            .await,
    )
    .await;
    assert_eq!(status, 200);
    let ids: Vec<&str> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![waiting["id"].as_str().unwrap()]);
    assert_eq!(inbox["items"][0]["client"]["display_name"], "Aino Asiakas");

    // Only caseworkers have an inbox.
    let res = app
        .get_auth("/api/v1/caseworker/mandates", &heinola_client.token)
        .await;
    assert_eq!(res.status(), 403);
    // The client sees that the caseworker looked at their powers of attorney.
    let log = app
        .get_auth_json_in("/api/v1/clients/me/access-log", &heinola_client.token, "en")
        .await;
    assert!(log["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "mandate.list" && e["acting_as"] == "caseworker"));
}
