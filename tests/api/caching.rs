//! What a cache may keep: public reads carry a tag, an age and `Vary`, and answer 304 when the
//! client has them already; personal data is never kept. Every answer says its language.

use reqwest::Method;
use serde_json::json;
use seteli::persons::Role;

use crate::helpers::{random_test_code, spawn_app, Response, TestApp};

fn header<'a>(res: &'a Response, name: &str) -> Option<&'a str> {
    res.headers().get(name).and_then(|v| v.to_str().ok())
}

/// A provider registered by a Heinola caseworker; its id.
async fn provider(app: &TestApp) -> String {
    let worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena")
        .await;
    let res = app
        .post_auth(
            "/api/v1/caseworker/providers",
            &worker.token,
            &json!({"name": "Paja ry", "business_id": crate::matrix::fresh_business_id(),
                    "legal_form": "association"}),
        )
        .await;
    crate::helpers::json_of(res, 201).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn ask(app: &TestApp, method: Method, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut req = app.http.request(method, app.url(path));
    for (name, value) in headers {
        req = req.header(name, value);
    }
    req.send().await.unwrap()
}

#[actix_web::test]
async fn a_public_read_has_a_tag_an_age_and_vary_and_answers_304_when_unchanged() {
    let app = spawn_app().await;
    let provider = provider(&app).await;
    let reads = [
        (format!("/api/v1/providers/{provider}"), 300),
        (format!("/api/v1/providers/{provider}/intro-slots"), 60),
        ("/api/v1/municipalities/heinola/rulebooks".to_string(), 300),
        ("/openapi.json".to_string(), 300),
    ];
    for (path, age) in reads {
        let english = [("Accept-Language", "en")];
        let res = ask(&app, Method::GET, &path, &english).await;
        assert_eq!(res.status(), 200, "{path}");
        let tag = header(&res, "etag").unwrap_or_default().to_string();
        assert!(
            tag.starts_with('"') && tag.ends_with('"'),
            "{path}: {tag:?}"
        );
        let cache = format!("public, max-age={age}");
        assert_eq!(
            header(&res, "cache-control"),
            Some(cache.as_str()),
            "{path}"
        );
        assert_eq!(header(&res, "vary"), Some("Accept-Language"), "{path}");
        assert_eq!(header(&res, "content-language"), Some("en"), "{path}");
        assert!(!res.text().await.unwrap().is_empty());

        for asked in [
            tag.clone(),
            format!("W/{tag}"),
            format!("\"other\", {tag}"),
            "*".to_string(),
        ] {
            for method in [Method::GET, Method::HEAD] {
                let headers = [("Accept-Language", "en"), ("If-None-Match", asked.as_str())];
                let res = ask(&app, method.clone(), &path, &headers).await;
                assert_eq!(res.status(), 304, "{method} {path} {asked}");
                assert_eq!(header(&res, "etag"), Some(tag.as_str()));
                assert_eq!(header(&res, "cache-control"), Some(cache.as_str()));
                assert_eq!(header(&res, "vary"), Some("Accept-Language"));
                assert_eq!(header(&res, "content-language"), Some("en"));
                assert!(res.text().await.unwrap().is_empty(), "a 304 has no body");
            }
        }
        // Another tag, or none: the whole answer again. HEAD tells the same tag as GET.
        let headers = [("Accept-Language", "en"), ("If-None-Match", "\"other\"")];
        let res = ask(&app, Method::GET, &path, &headers).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(header(&res, "etag"), Some(tag.as_str()));
        let res = ask(&app, Method::HEAD, &path, &english).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(header(&res, "etag"), Some(tag.as_str()));
        assert!(res.text().await.unwrap().is_empty());
    }
}

#[actix_web::test]
async fn another_language_is_another_answer_with_another_tag() {
    let app = spawn_app().await;
    let path = "/api/v1/municipalities/heinola/rulebooks";
    let mut tags = Vec::new();
    for lang in ["fi", "sv", "en"] {
        let res = ask(&app, Method::GET, path, &[("Accept-Language", lang)]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(header(&res, "content-language"), Some(lang));
        tags.push(header(&res, "etag").unwrap().to_string());
    }
    tags.dedup();
    assert_eq!(tags.len(), 3, "{tags:?}");
    // A tag of one language is no match in another.
    let headers = [
        ("Accept-Language", "sv"),
        ("If-None-Match", tags[0].as_str()),
    ];
    assert_eq!(ask(&app, Method::GET, path, &headers).await.status(), 200);
}

#[actix_web::test]
async fn personal_data_and_failed_reads_are_never_kept() {
    let app = spawn_app().await;
    let person = app.sign_in(&random_test_code(), "Anna").await;
    let any = [("If-None-Match", "*")];
    let res = app
        .http
        .get(app.url("/api/v1/me"))
        .bearer_auth(&person.token)
        .header("If-None-Match", "*")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "a personal read ignores If-None-Match");
    assert_eq!(header(&res, "cache-control"), Some("no-store"));
    assert_eq!(header(&res, "etag"), None);
    assert_eq!(header(&res, "vary"), None);
    let unknown = format!("/api/v1/providers/{}", uuid::Uuid::now_v7());
    for (method, path) in [
        (Method::GET, unknown.as_str()),
        (Method::GET, "/api/v1/municipalities/atlantis/rulebooks"),
        (Method::POST, "/api/v1/providers/x"),
        (Method::GET, "/api/v1/me"),
    ] {
        let res = ask(&app, method.clone(), path, &any).await;
        assert!(res.status().is_client_error(), "{method} {path}");
        assert_eq!(header(&res, "cache-control"), Some("no-store"), "{path}");
        assert_eq!(header(&res, "etag"), None, "{path}");
    }
}

#[actix_web::test]
async fn every_answer_says_its_language() {
    let app = spawn_app().await;
    let person = app.sign_in(&random_test_code(), "Anna").await;
    let lang = |res: &Response| header(res, "content-language").map(str::to_string);
    // Asked in a header; else the person's own choice; else Finnish.
    let res = app.get_auth_in("/api/v1/me", &person.token, "en").await;
    assert_eq!(lang(&res).as_deref(), Some("en"));
    assert_eq!(
        lang(&app.get_auth("/api/v1/me", &person.token).await).as_deref(),
        Some("fi")
    );
    app.choose_language(&person.token, "sv").await;
    assert_eq!(
        lang(&app.get_auth("/api/v1/me", &person.token).await).as_deref(),
        Some("sv")
    );
    let res = app
        .call(
            Method::PUT,
            "/api/v1/me/language",
            &person.token,
            None,
            Some(&json!({"language": "sv"})),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        lang(&res).as_deref(),
        Some("sv"),
        "an answer with no body too"
    );
    for (path, expected) in [
        ("/healthz", "fi"),
        ("/api/v1/me", "fi"),
        ("/api/v1/nowhere", "fi"),
        ("/openapi.json", "en"),
        ("/docs/", "en"),
    ] {
        let res = app.get(path).await;
        assert_eq!(lang(&res).as_deref(), Some(expected), "{path}");
    }
    let res = ask(&app, Method::GET, "/healthz", &[("Accept-Language", "sv")]).await;
    assert_eq!(lang(&res).as_deref(), Some("sv"));
}

/// The reads a cache may keep are all public: none asks for a sign-in, each is a GET the server
/// serves. A route with `security` in this list would fail here.
#[test]
fn only_reads_that_need_no_sign_in_are_cached() {
    let doc = serde_json::to_value(seteli::openapi()).unwrap();
    for public in seteli::http_cache::PUBLIC {
        if public.route == "/openapi.json" {
            continue;
        }
        let get = &doc["paths"][public.route]["get"];
        assert!(
            get.is_object(),
            "{} is no GET of the document",
            public.route
        );
        let security = get.get("security").and_then(|s| s.as_array());
        assert!(
            security.is_none_or(|s| s.is_empty()),
            "{} needs a sign-in, so it must not be cached",
            public.route
        );
        assert!(
            public.max_age > 0 && public.max_age <= 3600,
            "{}",
            public.route
        );
    }
    // And the check would see one that does.
    let me = &doc["paths"]["/api/v1/me"]["get"]["security"];
    assert!(me.as_array().is_some_and(|s| !s.is_empty()));
}
