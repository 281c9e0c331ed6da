//! The edges of HTTP a client meets: caching and sniffing headers, the docs page's policy, the
//! bearer challenge, HEAD, oversized headers and the docs address.

use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

use crate::helpers::{random_test_code, spawn_app, Http};

fn header<'a>(res: &'a crate::helpers::Response, name: &str) -> Option<&'a str> {
    res.headers().get(name).and_then(|v| v.to_str().ok())
}

#[actix_web::test]
async fn api_answers_are_never_cached_and_no_answer_is_sniffed() {
    let app = spawn_app().await;
    let person = app.sign_in(&random_test_code(), "Anna").await;
    for res in [
        app.get_auth("/api/v1/me", &person.token).await,
        app.get("/api/v1/me").await,
        app.get("/api/v1/nowhere").await,
        app.refresh(&person.refresh).await,
    ] {
        assert_eq!(header(&res, "cache-control"), Some("no-store"));
        assert_eq!(header(&res, "x-content-type-options"), Some("nosniff"));
    }
    for path in ["/healthz", "/openapi.json", "/docs/", "/nowhere"] {
        let res = app.get(path).await;
        assert_eq!(
            header(&res, "x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
}

#[actix_web::test]
async fn the_docs_page_has_a_policy_no_frame_and_no_outside_validator() {
    let app = spawn_app().await;
    for path in [
        "/docs/",
        "/docs/swagger-initializer.js",
        "/docs/swagger-ui.css",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        let csp = header(&res, "content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
    }
    let init = app.get("/docs/swagger-initializer.js").await;
    let init = init.text().await.unwrap();
    assert!(init.contains(r#""validatorUrl": "none""#), "{init}");
    assert!(init.contains("/openapi.json"));

    // `/docs` leads to the page.
    let res = Http::without_redirects()
        .get(app.url("/docs"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 308);
    assert_eq!(header(&res, "location"), Some("/docs/"));
    let followed = app.get("/docs").await;
    assert_eq!(followed.status(), 200);
    assert!(followed.text().await.unwrap().contains("swagger"));
}

#[actix_web::test]
async fn a_refused_token_says_how_to_authenticate_and_the_scheme_is_case_insensitive() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/me").await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        header(&res, "www-authenticate"),
        Some(r#"Bearer realm="seteli""#)
    );
    let res = app.get_auth("/api/v1/me", "not-a-token").await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        header(&res, "www-authenticate"),
        Some(r#"Bearer realm="seteli", error="invalid_token""#)
    );

    let person = app.sign_in(&random_test_code(), "Anna").await;
    for scheme in ["Bearer", "bearer", "BEARER", "BeArEr"] {
        let res = app
            .http
            .get(app.url("/api/v1/me"))
            .header("Authorization", format!("{scheme} {}", person.token))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{scheme}");
    }
    let res = app
        .http
        .get(app.url("/api/v1/me"))
        .header("Authorization", format!("Basic {}", person.token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[actix_web::test]
async fn head_answers_where_get_does() {
    let app = spawn_app().await;
    let person = app.sign_in(&random_test_code(), "Anna").await;
    let head = |path: &str| {
        app.http
            .request(reqwest::Method::HEAD, app.url(path))
            .bearer_auth(&person.token)
            .send()
    };
    for path in ["/healthz", "/api/v1/me", "/openapi.json", "/docs/"] {
        let res = head(path).await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(res.text().await.unwrap().is_empty(), "{path} sent a body");
    }
    // The methods an address allows name HEAD beside GET.
    let res = app.http.delete(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(header(&res, "allow"), Some("GET, HEAD"));
}

/// A 405's `Allow` names exactly the methods its address serves, where a template has fixed
/// text around a parameter too: a visit (read, moved, cancelled) is not its calendar file
/// (GET), and the calendar file is not a visit.
#[actix_web::test]
async fn allow_names_the_methods_of_the_address_and_no_other() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Aino").await;
    let visit = format!("/api/v1/clients/me/intro-visits/{}", uuid::Uuid::now_v7());
    let calendar = format!("{visit}.ics");
    let send = |method: reqwest::Method, path: String| {
        app.http
            .request(method, app.url(&path))
            .bearer_auth(&client.token)
            .send()
    };
    use reqwest::Method;
    for (path, allow) in [
        (&visit, "DELETE, GET, HEAD, PATCH"),
        (&calendar, "GET, HEAD"),
    ] {
        let res = send(Method::OPTIONS, path.clone()).await.unwrap();
        assert_eq!(res.status(), 405, "{path}");
        assert_eq!(header(&res, "allow"), Some(allow), "{path}");
        let others = [
            Method::GET,
            Method::PUT,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
        ];
        for method in others.into_iter().filter(|m| !allow.contains(m.as_str())) {
            let res = send(method.clone(), path.clone()).await.unwrap();
            assert_eq!(res.status(), 405, "{method} {path}");
            assert_eq!(header(&res, "allow"), Some(allow), "{method} {path}");
        }
    }
    // Each allowed method is served: no such visit, but no 405 either.
    assert_eq!(
        send(Method::DELETE, visit.clone()).await.unwrap().status(),
        404
    );
    assert_eq!(
        send(Method::GET, calendar.clone()).await.unwrap().status(),
        404
    );
    assert_eq!(send(Method::HEAD, calendar).await.unwrap().status(), 404);
    // No id has a dot: such an address is no visit, whatever the method.
    let dotted = "/api/v1/clients/me/intro-visits/0.5".to_string();
    for method in [Method::GET, Method::DELETE, Method::PATCH, Method::OPTIONS] {
        let res = send(method.clone(), dotted.clone()).await.unwrap();
        assert_eq!(res.status(), 404, "{method} {dotted}");
        assert_eq!(header(&res, "allow"), None, "{method} {dotted}");
    }
}

/// Keeps the level and target of every event, from every thread of the test binary.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<(String, Level, String)>>>);

impl<S: Subscriber> Layer<S> for Seen {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        struct Fields(String);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, field: &tracing::field::Field, v: &dyn std::fmt::Debug) {
                self.0.push_str(&format!("{}={v:?} ", field.name()));
            }
        }
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        let meta = event.metadata();
        self.0
            .lock()
            .unwrap()
            .push((meta.target().to_string(), *meta.level(), fields.0));
    }
}

/// The logs of the whole test binary, as the server's own layers shape them.
fn logs() -> &'static Seen {
    static SEEN: OnceLock<Seen> = OnceLock::new();
    SEEN.get_or_init(|| {
        let seen = Seen::default();
        let subscriber = tracing_subscriber::registry()
            .with(seteli::telemetry::ClientMistakes)
            .with(seen.clone());
        tracing::subscriber::set_global_default(subscriber).expect("no other global logger");
        seen
    })
}

#[actix_web::test]
async fn oversized_headers_answer_431_as_a_problem_and_are_no_server_error() {
    let logs = logs();
    let app = spawn_app().await;
    let big = "x".repeat(20 * 1024);
    let res = app
        .http
        .get(app.url("/healthz"))
        .header("X-Big", &big)
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 431);
    assert_eq!(
        header(&res, "content-type"),
        Some("application/problem+json")
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "request.headers_too_large");
    assert_eq!(body["detail"], "Send at most 16 kilobytes of headers.");

    let mut many = app.http.get(app.url("/healthz"));
    for i in 0..70 {
        many = many.header(&format!("X-Many-{i}"), "1");
    }
    assert_eq!(many.send().await.unwrap().status(), 431);

    // Past actix's own limit the connection answers a bare 431 before the app sees anything;
    // it is logged, but not as an error.
    let huge = "x".repeat(200 * 1024);
    let res = app
        .http
        .get(app.url("/nowhere"))
        .header("X-Huge", &huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 431);
    let mut logged = false;
    for _ in 0..50 {
        {
            let seen = logs.0.lock().unwrap();
            logged = seen.iter().any(|(_, level, fields)| {
                *level == Level::INFO && fields.contains("client_connection_error")
            });
            assert!(
                !seen
                    .iter()
                    .any(|(target, level, _)| *level == Level::ERROR && target.starts_with("actix")),
                "actix logged a client's mistake as an error: {seen:?}"
            );
        }
        if logged {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(logged, "the oversized head was not logged");
    let ours = logs.0.lock().unwrap();
    assert!(ours
        .iter()
        .any(|(_, level, fields)| *level == Level::INFO && fields.contains("headers_too_large")));
}
