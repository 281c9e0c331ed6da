use serde_json::Value;

use crate::helpers::spawn_app;

async fn problem(res: crate::helpers::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/problem+json"
    );
    assert!(res.headers().contains_key("x-request-id"));
    (status, res.json().await.unwrap())
}

#[actix_web::test]
async fn health_and_readiness_answer_with_a_request_id() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("x-request-id"));
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    let res = app
        .http
        .get(app.url("/healthz"))
        .header("X-Request-Id", "trace-abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-abc-123");
}

#[actix_web::test]
async fn the_same_bad_request_is_explained_in_finnish_swedish_and_english() {
    let app = spawn_app().await;
    let mut titles = Vec::new();
    for (lang, expected) in [
        ("fi-FI,fi;q=0.9", "Pyyntö ei ole kelvollista JSONia."),
        ("sv", "Begäran är inte giltig JSON."),
        ("de;q=0.9, en;q=0.8", "The request is not valid JSON."),
    ] {
        let res = app
            .post_raw(
                "/api/v1/auth/token",
                "application/json",
                Some(lang),
                "{\"grant_type\": ",
            )
            .await;
        let (status, body) = problem(res).await;
        assert_eq!(status, 400);
        assert_eq!(body["code"], "request.malformed_json");
        assert_eq!(body["type"], "urn:seteli:problem:request.malformed_json");
        assert_eq!(body["title"], expected);
        assert!(!body["detail"].as_str().unwrap().is_empty());
        titles.push(body["title"].as_str().unwrap().to_string());
    }
    // No header at all: Finnish.
    let res = app
        .post_raw("/api/v1/auth/token", "application/json", None, "[")
        .await;
    let (_, body) = problem(res).await;
    assert_eq!(body["title"], titles[0]);
}

#[actix_web::test]
async fn unknown_routes_wrong_methods_and_bad_bodies_are_problems() {
    let app = spawn_app().await;
    let (s, b) = problem(app.get("/no/such/place").await).await;
    assert_eq!((s, b["code"].as_str().unwrap()), (404, "request.not_found"));

    let res = app
        .http
        .delete(app.url("/api/v1/auth/token"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["allow"], "POST");
    let (s, b) = problem(res).await;
    assert_eq!(
        (s, b["code"].as_str().unwrap()),
        (405, "request.method_not_allowed")
    );

    let res = app
        .post_json(
            "/api/v1/auth/token",
            &serde_json::json!({"grant_type": "refresh_token", "refresh_token": "x", "role": "caseworker"}),
        )
        .await;
    let (s, b) = problem(res).await;
    assert_eq!(
        (s, b["code"].as_str().unwrap()),
        (400, "request.unknown_field")
    );
    assert!(b["detail"].as_str().unwrap().contains("role"));

    let res = app
        .post_json(
            "/api/v1/auth/token",
            &serde_json::json!({"grant_type": "refresh_token"}),
        )
        .await;
    let (s, b) = problem(res).await;
    assert_eq!(
        (s, b["code"].as_str().unwrap()),
        (400, "request.missing_field")
    );

    let res = app
        .post_json(
            "/api/v1/auth/token",
            &serde_json::json!({"grant_type": "password"}),
        )
        .await;
    let (s, b) = problem(res).await;
    assert_eq!(
        (s, b["code"].as_str().unwrap()),
        (400, "request.invalid_value")
    );

    let big = format!(
        "{{\"grant_type\":\"refresh_token\",\"refresh_token\":\"{}\"}}",
        "x".repeat(70 * 1024)
    );
    let res = app
        .post_raw("/api/v1/auth/token", "application/json", Some("en"), big)
        .await;
    let (s, b) = problem(res).await;
    assert_eq!(
        (s, b["code"].as_str().unwrap()),
        (413, "request.body_too_large")
    );
    assert!(b["detail"].as_str().unwrap().contains("64 kilobytes"));

    let res = app
        .post_raw("/api/v1/auth/token", "text/plain", None, "hello")
        .await;
    let (s, b) = problem(res).await;
    assert_eq!(
        (s, b["code"].as_str().unwrap()),
        (415, "request.unsupported_media_type")
    );

    let res = app.get("/api/v1/me").await;
    let (s, b) = problem(res).await;
    assert_eq!(
        (s, b["code"].as_str().unwrap()),
        (401, "auth.missing_token")
    );
}

#[actix_web::test]
async fn a_database_outage_is_a_503_problem_that_hides_its_cause() {
    // Nothing listens on port 1: the database is "down" from the start.
    let app = crate::helpers::spawn_app_with(|s| {
        s.database_url = "postgres://nobody@127.0.0.1:1/none".into();
        s.run_migrations = false;
    })
    .await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let res = app
        .http
        .get(app.url("/readyz"))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert!(res.headers().contains_key("retry-after"));
    let (status, body) = problem(res).await;
    assert_eq!(status, 503);
    assert_eq!(body["code"], "server.unavailable");
    assert_eq!(body["title"], "The service is not available right now.");
    let res = app.get("/api/v1/auth/dev-personas").await;
    let (status, body) = problem(res).await;
    assert_eq!(status, 503);
    let text = body.to_string();
    assert!(
        !text.contains("127.0.0.1") && !text.contains("connect"),
        "no cause leaks: {text}"
    );
}
