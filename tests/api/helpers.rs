//! Test harness: every test spawns the application on a fresh database (a temporary SQLite file,
//! or a new PostgreSQL database when TEST_DATABASE_URL is set), with a manual clock and a test
//! identity provider whose key signs ID tokens.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use chrono::{NaiveDate, TimeZone, Utc};
use diesel::{Connection, RunQueryDsl};
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{EncodePrivateKey, EncodePublicKey};
use rand::RngCore;
use serde_json::{json, Value};
use seteli::clock::{Clock, ManualClock};
use seteli::config::{
    AuthSettings, IdentityProviderKey, IdentityProviderSettings, PushSettings, Secret, Settings,
};
use seteli::persons::PersonalId;

pub const IDP_ISSUER: &str = "https://idp.test";
pub const IDP_AUDIENCE: &str = "seteli-test";

pub struct TestApp {
    pub base: String,
    /// Every request of the tests goes through this client, which checks each answer against
    /// the committed OpenAPI document (see `conformance`).
    pub http: Http,
    pub clock: ManualClock,
    pub state: actix_web::web::Data<seteli::AppState>,
    pub idp_private_pem: String,
    handle: actix_web::dev::ServerHandle,
    _dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

#[derive(Clone)]
pub struct Person {
    pub id: String,
    pub token: String,
    pub refresh: String,
    /// The identity code the person signs in with.
    pub code: PersonalId,
}

pub fn pg_admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// A fresh database URL: a temporary SQLite file, or a new PostgreSQL database.
pub fn fresh_database(dir: &std::path::Path) -> (String, Option<(String, String)>) {
    match pg_admin_url() {
        None => (format!("sqlite://{}", dir.join("test.db").display()), None),
        Some(admin) => {
            let name = format!("seteli_t_{}", uuid::Uuid::now_v7().simple());
            let mut conn =
                diesel::pg::PgConnection::establish(&admin).expect("connect to TEST_DATABASE_URL");
            diesel::sql_query(format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .expect("create test database");
            let mut url = url::Url::parse(&admin).expect("TEST_DATABASE_URL is a URL");
            url.set_path(&format!("/{name}"));
            (url.to_string(), Some((admin, name)))
        }
    }
}

pub fn drop_database(pg: &Option<(String, String)>) {
    if let Some((admin, name)) = pg.clone() {
        let _ = std::thread::spawn(move || {
            if let Ok(mut conn) = diesel::pg::PgConnection::establish(&admin) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn);
            }
        })
        .join();
    }
}

pub fn test_settings(database_url: String, idp_public_pem: String) -> Settings {
    Settings {
        bind: "127.0.0.1:0".into(),
        database_url,
        database_pool_size: 4,
        workers: Some(1),
        dev_login: true,
        auth: AuthSettings {
            signing_key: Some(Secret::new(
                base64::engine::general_purpose::STANDARD.encode(random_bytes::<32>()),
            )),
            rate_limit_attempts: 1000,
            // A test's one staff member may confirm hundreds of days in a second; the limit's
            // own tests set it as a person meets it (`limits.rs`).
            write_burst: 100_000,
            ..Default::default()
        },
        push: PushSettings {
            vapid_private_key: Some(Secret::new(
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(seteli::push::vapid::new_key().to_bytes()),
            )),
            // The test push service listens on loopback.
            allow_loopback: true,
            poll_millis: 20,
            ..Default::default()
        },
        identity_provider: Some(IdentityProviderSettings {
            issuer: IDP_ISSUER.into(),
            audience: IDP_AUDIENCE.into(),
            personal_id_claim: "personal_identity_code".into(),
            name_claim: "name".into(),
            leeway_seconds: 0,
            accept_test_codes: true,
            keys: vec![IdentityProviderKey {
                kid: Some("test-key".into()),
                algorithm: "EdDSA".into(),
                public_key_pem: idp_public_pem,
            }],
        }),
        ..Default::default()
    }
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::rng().fill_bytes(&mut b);
    b
}

pub fn ed25519_pair() -> (String, String) {
    let key = ed25519_dalek::SigningKey::from_bytes(&random_bytes::<32>());
    let private = key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
    let public = key
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    (private, public)
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let (url, pg) = fresh_database(dir.path());
    let (private, public) = ed25519_pair();
    let mut settings = test_settings(url, public);
    tweak(&mut settings);
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap());
    let app = seteli::Application::build(settings, Arc::new(clock.clone())).expect("app builds");
    let port = app.port();
    let state = app.state();
    let handle = app.handle();
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        base: format!("http://127.0.0.1:{port}"),
        http: Http::default(),
        clock,
        state,
        idp_private_pem: private,
        handle,
        _dir: dir,
        pg,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        drop(handle.stop(false));
        drop_database(&self.pg);
    }
}

/// A test code of someone born 1965–1997: of working age (K §2: 18–64) on every day the tests use.
/// No two in one run are the same, so two persons of a test never share a code by chance: each
/// is the next of 12,000 birth dates × 100 test numbers, counted from a random start.
pub fn random_test_code() -> PersonalId {
    use std::sync::atomic::{AtomicU32, Ordering};
    const DAYS: u32 = 12_000;
    const CODES: u32 = DAYS * 100;
    static NEXT: std::sync::OnceLock<AtomicU32> = std::sync::OnceLock::new();
    let next = NEXT.get_or_init(|| AtomicU32::new(u32::from_le_bytes(random_bytes::<4>()) % CODES));
    let n = next.fetch_add(1, Ordering::Relaxed) % CODES;
    let date =
        NaiveDate::from_ymd_opt(1965, 1, 1).unwrap() + chrono::Duration::days((n % DAYS) as i64);
    let individual = 900 + (n / DAYS) as u16;
    PersonalId::test_code(date, individual).unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Signs ID-token claims with the test identity provider's key (or the given one).
    pub fn sign_id_token(&self, claims: &Value, private_pem: Option<&str>) -> String {
        let key = jsonwebtoken::EncodingKey::from_ed_pem(
            private_pem.unwrap_or(&self.idp_private_pem).as_bytes(),
        )
        .unwrap();
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
        header.kid = Some("test-key".into());
        jsonwebtoken::encode(&header, claims, &key).unwrap()
    }

    pub fn id_claims(&self, code: &PersonalId, name: &str) -> Value {
        let now = self.clock.now().timestamp();
        json!({
            "iss": IDP_ISSUER,
            "aud": IDP_AUDIENCE,
            "sub": format!("sub-{}", uuid::Uuid::now_v7()),
            "iat": now,
            "exp": now + 300,
            "personal_identity_code": code.as_str(),
            "name": name,
        })
    }

    /// An unauthenticated GET.
    pub async fn get(&self, path: &str) -> Response {
        self.http.get(self.url(path)).send().await.unwrap()
    }

    /// An unauthenticated GET whose body is JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        self.get(path).await.json().await.unwrap()
    }

    /// A POST with a body as given, for requests that are not valid JSON on purpose.
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        accept_language: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> Response {
        let mut req = self
            .http
            .post(self.url(path))
            .header("Content-Type", content_type);
        if let Some(lang) = accept_language {
            req = req.header("Accept-Language", lang);
        }
        req.body(body).send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_auth(&self, path: &str, token: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// A GET as a signed-in person whose body is JSON.
    pub async fn get_auth_json(&self, path: &str, token: &str) -> Value {
        self.get_auth(path, token).await.json().await.unwrap()
    }

    /// A GET as a signed-in person, with an answer asked for in `lang`.
    pub async fn get_auth_in(&self, path: &str, token: &str, lang: &str) -> Response {
        self.call(reqwest::Method::GET, path, token, Some(lang), None)
            .await
    }

    /// A GET as a signed-in person, in `lang`, whose body is JSON.
    pub async fn get_auth_json_in(&self, path: &str, token: &str, lang: &str) -> Value {
        self.get_auth_in(path, token, lang)
            .await
            .json()
            .await
            .unwrap()
    }

    /// Any request as a signed-in person, with an optional language and JSON body.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        lang: Option<&str>,
        body: Option<&Value>,
    ) -> Response {
        let mut req = self.http.request(method, self.url(path)).bearer_auth(token);
        if let Some(lang) = lang {
            req = req.header("Accept-Language", lang);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.unwrap()
    }

    /// A signed-in request of any method, with an optional JSON body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> Response {
        self.call(method, path, token, None, body).await
    }

    pub async fn post_auth(&self, path: &str, token: &str, body: &Value) -> Response {
        self.call(reqwest::Method::POST, path, token, None, Some(body))
            .await
    }

    pub async fn patch_auth(&self, path: &str, token: &str, body: &Value) -> Response {
        self.call(reqwest::Method::PATCH, path, token, None, Some(body))
            .await
    }

    /// Stores the person's own choice of language.
    pub async fn choose_language(&self, token: &str, lang: &str) {
        let res = self
            .call(
                reqwest::Method::PUT,
                "/api/v1/me/language",
                token,
                None,
                Some(&serde_json::json!({ "language": lang })),
            )
            .await;
        assert!(res.status().is_success(), "{}", res.status());
    }

    pub async fn delete_auth(&self, path: &str, token: &str) -> Response {
        self.call(reqwest::Method::DELETE, path, token, None, None)
            .await
    }

    pub async fn exchange(&self, id_token: &str) -> Response {
        self.post_json(
            "/api/v1/auth/token",
            &json!({"grant_type": "id_token", "id_token": id_token}),
        )
        .await
    }

    /// Trades a refresh token for a new pair of tokens.
    pub async fn refresh(&self, refresh_token: &str) -> Response {
        self.post_json(
            "/api/v1/auth/token",
            &json!({"grant_type": "refresh_token", "refresh_token": refresh_token}),
        )
        .await
    }

    /// Signs a person in through the identity provider; creates them on first sign-in.
    pub async fn sign_in(&self, code: &PersonalId, name: &str) -> Person {
        let token = self.sign_id_token(&self.id_claims(code, name), None);
        let res = self.exchange(&token).await;
        assert_eq!(res.status(), 200, "sign-in failed");
        let body: Value = res.json().await.unwrap();
        Person {
            id: body["person_id"].as_str().unwrap().to_string(),
            token: body["access_token"].as_str().unwrap().to_string(),
            refresh: body["refresh_token"].as_str().unwrap().to_string(),
            code: code.clone(),
        }
    }

    /// A new session and access token for a person at the test clock's present time, for tests
    /// that move the clock past a token's or a session's life.
    pub fn fresh_token(&self, person: &Person) -> String {
        let now = self.clock.now();
        let mut conn = self.state.db.get().unwrap();
        let (session, _) =
            seteli::auth::repo::start_session(&mut conn, &person.id, now, 1).unwrap();
        self.state.tokens.issue(&person.id, &session, now).unwrap()
    }

    pub async fn new_client(&self, municipality: &str, name: &str) -> Person {
        let person = self.sign_in(&random_test_code(), name).await;
        let mut conn = self.state.db.get().unwrap();
        seteli::persons::repo::make_client(
            &mut conn,
            &person.id,
            municipality,
            Some("Testikatu 1"),
            Some((61.2, 26.0)),
            self.clock.now(),
        )
        .unwrap();
        person
    }

    /// A client born on `birth`.
    pub async fn new_client_born(
        &self,
        municipality: &str,
        name: &str,
        birth: NaiveDate,
    ) -> Person {
        let individual = 900 + (random_bytes::<1>()[0] as u16 % 100);
        let code = PersonalId::test_code(birth, individual).unwrap();
        let person = self.sign_in(&code, name).await;
        let mut conn = self.state.db.get().unwrap();
        seteli::persons::repo::make_client(
            &mut conn,
            &person.id,
            municipality,
            Some("Testikatu 1"),
            Some((61.2, 26.0)),
            self.clock.now(),
        )
        .unwrap();
        person
    }

    /// A client whose home is at `home` (latitude, longitude).
    pub async fn new_client_at(&self, municipality: &str, name: &str, home: (f64, f64)) -> Person {
        let person = self.sign_in(&random_test_code(), name).await;
        let mut conn = self.state.db.get().unwrap();
        seteli::persons::repo::make_client(
            &mut conn,
            &person.id,
            municipality,
            Some("Testikatu 1"),
            Some(home),
            self.clock.now(),
        )
        .unwrap();
        person
    }

    pub async fn new_with_role(
        &self,
        role: seteli::persons::Role,
        municipality: Option<&str>,
        name: &str,
    ) -> Person {
        let person = self.sign_in(&random_test_code(), name).await;
        let mut conn = self.state.db.get().unwrap();
        seteli::persons::repo::grant_role(
            &mut conn,
            &person.id,
            role,
            municipality,
            None,
            self.clock.now(),
        )
        .unwrap();
        person
    }
}

/// The answer's JSON body, once its status is `status`. The status is checked first, so a wrong
/// one is told as such (with the body, or null if the body is not JSON); a right one must come
/// with a JSON body.
pub async fn json_of(res: Response, status: u16) -> Value {
    let got = res.status().as_u16();
    let body: serde_json::Result<Value> = res.json().await;
    let shown = body.as_ref().unwrap_or(&Value::Null);
    assert_eq!(got, status, "{shown}");
    body.unwrap()
}

/// The answer's status and its JSON body (null if the body is not JSON), for tests that look at
/// both.
pub async fn status_and_json(res: Response) -> (u16, Value) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A row of the log for the client's read of their own data, as the journal takes it.
pub fn read_row(client: &Person) -> seteli::access::LogRow {
    seteli::access::LogRow {
        client_id: client.id.clone(),
        actor_id: client.id.clone(),
        acting_as: "self",
        action: "client.view",
        resource: format!("/api/v1/clients/{}", client.id),
        request_id: uuid::Uuid::now_v7().to_string(),
        created_at: chrono::Utc::now().naive_utc(),
        organisation_id: None,
    }
}

/// The client's rows in `read_log` itself.
pub fn read_log_rows(conn: &mut seteli::db::DbConnection, client_id: &str) -> i64 {
    use diesel::prelude::*;
    use seteli::db::schema::read_log;
    read_log::table
        .filter(read_log::client_id.eq(client_id))
        .count()
        .get_result(conn)
        .unwrap()
}

/// How many rows of reads in the log meet `condition` (SQL on its columns, with `$1` for
/// `value`), wherever they are: in `read_log`, or on SQLite still waiting in `read_log_recent`.
pub fn reads_logged(conn: &mut seteli::db::DbConnection, condition: &str, value: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let condition = match conn {
        seteli::db::DbConnection::Sqlite(_) => condition.replace("$1", "?1"),
        seteli::db::DbConnection::Postgres(_) => condition.to_string(),
    };
    diesel::sql_query(format!(
        "SELECT (SELECT COUNT(*) FROM read_log WHERE {condition})
              + (SELECT COUNT(*) FROM read_log_recent WHERE {condition}) AS n"
    ))
    .bind::<diesel::sql_types::Text, _>(value)
    .get_result::<Count>(conn)
    .unwrap()
    .n
}

/// An HTTP client whose every answer is checked against the contract before a test sees it.
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
}

/// A request that gets no answer in this long fails its test, rather than hold up the run.
/// Every answer the tests wait for comes well within it (the slowest waits out the access-log
/// writer's 10 s).
const ANSWER_WITHIN: Duration = Duration::from_secs(60);

impl Default for Http {
    fn default() -> Http {
        Http::with(reqwest::Client::builder())
    }
}

impl Http {
    fn with(builder: reqwest::ClientBuilder) -> Http {
        Http {
            client: builder.timeout(ANSWER_WITHIN).build().unwrap(),
        }
    }

    /// A client that shows a redirect instead of following it.
    pub fn without_redirects() -> Http {
        Http::with(reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()))
    }

    pub fn request(&self, method: reqwest::Method, url: impl AsRef<str>) -> Request {
        Request {
            client: self.client.clone(),
            inner: self.client.request(method, url.as_ref()),
        }
    }

    pub fn get(&self, url: impl AsRef<str>) -> Request {
        self.request(reqwest::Method::GET, url)
    }

    pub fn post(&self, url: impl AsRef<str>) -> Request {
        self.request(reqwest::Method::POST, url)
    }

    pub fn put(&self, url: impl AsRef<str>) -> Request {
        self.request(reqwest::Method::PUT, url)
    }

    pub fn delete(&self, url: impl AsRef<str>) -> Request {
        self.request(reqwest::Method::DELETE, url)
    }
}

/// A request being built; `send` checks the answer against the contract.
pub struct Request {
    client: reqwest::Client,
    inner: reqwest::RequestBuilder,
}

impl Request {
    pub fn header(self, name: &str, value: impl AsRef<str>) -> Request {
        Request {
            inner: self.inner.header(name, value.as_ref()),
            ..self
        }
    }

    pub fn bearer_auth(self, token: impl std::fmt::Display) -> Request {
        Request {
            inner: self.inner.bearer_auth(token),
            ..self
        }
    }

    pub fn json<T: serde::Serialize + ?Sized>(self, body: &T) -> Request {
        Request {
            inner: self.inner.json(body),
            ..self
        }
    }

    pub fn body(self, body: impl Into<reqwest::Body>) -> Request {
        Request {
            inner: self.inner.body(body),
            ..self
        }
    }

    pub async fn send(self) -> Result<Response, reqwest::Error> {
        let request = self.inner.build()?;
        let method = request.method().to_string();
        let path = request.url().path().to_string();
        let sent = request
            .body()
            .and_then(|b| b.as_bytes())
            .map(|b| b.to_vec());
        let res = self.client.execute(request).await?;
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.bytes().await?.to_vec();
        let names: Vec<&str> = headers.keys().map(|name| name.as_str()).collect();
        crate::conformance::check(
            &method,
            &path,
            sent.as_deref(),
            status.as_u16(),
            headers
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            &names,
            &body,
        );
        every_variable_filled(&method, &path, &body);
        crate::examples::record(&method, &path, status.as_u16(), sent.as_deref(), &body);
        if status == reqwest::StatusCode::CREATED {
            created_says_where(&method, &path, &headers);
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

/// A 201 says where the created thing is read: a `Location` that a `GET` of the document
/// answers.
fn created_says_where(method: &str, path: &str, headers: &reqwest::header::HeaderMap) {
    let location = headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("{method} {path} answered 201 with no Location"));
    let readable = crate::conformance::operation_path(location)
        .is_some_and(|t| !crate::conformance::document()["paths"][t]["get"].is_null());
    assert!(
        readable,
        "{method} {path} answered 201 with Location {location}, which no GET of the document reads"
    );
}

/// A text a person reads never shows a message's variable unfilled (`{$service}`), whatever the
/// answer: a problem's title and detail, or any text of a successful one.
fn every_variable_filled(method: &str, path: &str, body: &[u8]) {
    let text = String::from_utf8_lossy(body);
    assert!(
        !text.contains("{$") && !text.contains("{ $"),
        "{method} {path} answered a text with a variable unfilled: {text}"
    );
}

/// An answer, already read and checked against the contract.
pub struct Response {
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Response {
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    pub async fn json<T: serde::de::DeserializeOwned>(self) -> serde_json::Result<T> {
        serde_json::from_slice(&self.body)
    }

    pub async fn text(self) -> Result<String, std::string::FromUtf8Error> {
        String::from_utf8(self.body)
    }
}
