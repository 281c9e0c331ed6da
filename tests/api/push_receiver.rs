//! A test-side Web Push service: receives the pushes our server sends (RFC 8030), verifies their
//! VAPID authorization (RFC 8292) and decrypts their aes128gcm payload (RFC 8291, RFC 8188) the
//! way a browser would.
//!
//! The receiver runs on 127.0.0.1 on its own thread with its own actix System, so it works the
//! same from an `#[actix_web::test]`, a `#[tokio::test]` and a plain benchmark `main`.
//!
//! What it answers to `POST /push/{id}`, checked in this order:
//! - VAPID missing or invalid: 401 (always, whatever the script says), reason in `vapid`;
//! - `Content-Encoding` not `aes128gcm`, or `TTL` missing or not a non-negative integer: 400,
//!   reason in `payload`;
//! - unknown subscriber id: 404 (what push services answer for a subscription they never had);
//! - body over 4096 bytes: 413 (RFC 8030 §7.2; the limit browsers' push services apply);
//! - otherwise the subscriber's next scripted [`Reply`], or 201 once the script is used up.
//!
//! A payload that fails to decrypt is recorded as `payload: Err(..)` but still answered from the
//! script: a real push service cannot see the content either.
//!
//! Every request is recorded when it arrives (also a `Slow` one, before its wait), with the status
//! it is (or will be) answered.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::TcpListener;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use actix_web::http::StatusCode;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hkdf::Hkdf;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use sha2::Sha256;

/// The largest body a push service must accept, and the most this one accepts (RFC 8030 §7.2).
const MAX_BODY: usize = 4096;
/// How far ahead a VAPID token's `exp` may lie (RFC 8292 §2).
const MAX_EXP_AHEAD_SECS: i64 = 24 * 60 * 60;

/// One subscription the receiver holds: a browser's key pair and auth secret.
#[derive(Clone)]
pub struct Subscriber {
    id: String,
    secret: SecretKey,
    auth: [u8; 16],
    origin: String,
}

impl std::fmt::Debug for Subscriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscriber")
            .field("id", &self.id)
            .field("endpoint", &self.endpoint())
            .finish()
    }
}

impl Subscriber {
    /// `PushSubscription.toJSON()` as a browser gives it:
    /// `{"endpoint": ..., "expirationTime": null, "keys": {"p256dh": b64url, "auth": b64url}}`.
    pub fn subscription_json(&self) -> serde_json::Value {
        serde_json::json!({
            "endpoint": self.endpoint(),
            "expirationTime": null,
            "keys": { "p256dh": self.public_key_b64url(), "auth": self.auth_b64url() },
        })
    }

    /// `http://127.0.0.1:{port}/push/{id}`.
    pub fn endpoint(&self) -> String {
        format!("{}/push/{}", self.origin, self.id)
    }

    /// The id in the endpoint's path.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The raw 32-byte private scalar, base64url without padding (what `http_ece` needs).
    pub fn private_key_b64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.secret.to_bytes())
    }

    /// The public key as `keys.p256dh` carries it: uncompressed point, base64url without padding.
    pub fn public_key_b64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.secret.public_key().to_encoded_point(false).as_bytes())
    }

    pub fn auth_b64url(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.auth)
    }

    pub fn secret_key(&self) -> &SecretKey {
        &self.secret
    }

    pub fn auth(&self) -> &[u8; 16] {
        &self.auth
    }
}

/// What the receiver answers, per request, in order; once the script is used up it answers 201.
#[derive(Clone, Debug)]
pub enum Reply {
    Created,
    Status(u16),
    /// The status and the `Retry-After` value to answer with.
    RetryAfter(u16, String),
    /// Waits this long, then answers 201.
    Slow(Duration),
}

/// One push as received.
#[derive(Clone, Debug)]
pub struct Received {
    /// The id in the path.
    pub subscriber: String,
    pub at: Instant,
    /// Lower-case names (ttl, urgency, topic, content-encoding, authorization, ...); repeated
    /// headers joined with ", ".
    pub headers: BTreeMap<String, String>,
    /// The encrypted body as received.
    pub body: Vec<u8>,
    /// The decrypted JSON, or why not.
    pub payload: Result<serde_json::Value, String>,
    /// The verified claims, or why not.
    pub vapid: Result<VapidClaims, String>,
    /// The status the receiver answered.
    pub answered: u16,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VapidClaims {
    pub aud: String,
    pub sub: String,
    pub exp: i64,
    /// The `k=` public key as sent.
    pub k: String,
}

struct Inner {
    subscribers: HashMap<String, (SecretKey, [u8; 16])>,
    scripts: HashMap<String, VecDeque<Reply>>,
    received: Vec<Received>,
    next_id: u64,
    vapid_public_key: Option<String>,
}

struct Shared {
    origin: String,
    inner: Mutex<Inner>,
    /// Signalled on every received push.
    arrived: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicking test thread must not take the receiver down with it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub struct Receiver {
    shared: Arc<Shared>,
    handle: Option<actix_web::dev::ServerHandle>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Receiver {
    /// Starts on 127.0.0.1:0 on its own thread with its own actix System. `vapid_public_key`: the
    /// server's VAPID public key, uncompressed point, base64url; `None` accepts whatever `k=`
    /// says (the signature is still verified against `k`).
    pub fn start(vapid_public_key: Option<String>) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("push receiver: bind 127.0.0.1:0");
        let port = listener
            .local_addr()
            .expect("push receiver: local address")
            .port();
        let shared = Arc::new(Shared {
            origin: format!("http://127.0.0.1:{port}"),
            inner: Mutex::new(Inner {
                subscribers: HashMap::new(),
                scripts: HashMap::new(),
                received: Vec::new(),
                next_id: 1,
                vapid_public_key,
            }),
            arrived: Condvar::new(),
        });

        let (tx, rx) = std::sync::mpsc::channel();
        let for_server = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("push-receiver".into())
            .spawn(move || {
                let system = actix_web::rt::System::new();
                system.block_on(async move {
                    let data = web::Data::from(for_server);
                    let server = HttpServer::new(move || {
                        App::new()
                            .app_data(data.clone())
                            .app_data(web::PayloadConfig::new(1 << 20))
                            .route("/push/{id}", web::post().to(push))
                    })
                    .workers(2)
                    .disable_signals()
                    .shutdown_timeout(1)
                    .listen(listener);
                    let server = match server {
                        Ok(server) => server.run(),
                        Err(e) => {
                            let _ = tx.send(Err(e.to_string()));
                            return;
                        }
                    };
                    let _ = tx.send(Ok(server.handle()));
                    let _ = server.await;
                });
            })
            .expect("push receiver: spawn thread");
        let handle = match rx.recv() {
            Ok(Ok(handle)) => handle,
            Ok(Err(e)) => panic!("push receiver: could not start: {e}"),
            Err(_) => panic!("push receiver: its thread ended before starting"),
        };
        Receiver {
            shared,
            handle: Some(handle),
            thread: Some(thread),
        }
    }

    pub fn set_vapid_public_key(&self, key: String) {
        self.shared.lock().vapid_public_key = Some(key);
    }

    /// A new subscriber id with fresh keys.
    pub fn subscriber(&self) -> Subscriber {
        let secret = random_secret_key();
        let auth: [u8; 16] = rand::random();
        let mut inner = self.shared.lock();
        let id = format!("sub-{}", inner.next_id);
        inner.next_id += 1;
        inner.subscribers.insert(id.clone(), (secret.clone(), auth));
        Subscriber {
            id,
            secret,
            auth,
            origin: self.shared.origin.clone(),
        }
    }

    /// Replies for that subscriber's next requests (appended to what is left of its script).
    /// Panics on a status that is not an HTTP status code.
    pub fn script(&self, subscriber: &Subscriber, replies: Vec<Reply>) {
        for reply in &replies {
            if let Reply::Status(status) | Reply::RetryAfter(status, _) = reply {
                assert!(
                    StatusCode::from_u16(*status).is_ok(),
                    "push receiver: scripted status {status} is not an HTTP status"
                );
            }
        }
        self.shared
            .lock()
            .scripts
            .entry(subscriber.id.clone())
            .or_default()
            .extend(replies);
    }

    /// All pushes so far, in the order they arrived.
    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().received.clone()
    }

    pub fn received_by(&self, subscriber: &Subscriber) -> Vec<Received> {
        self.shared
            .lock()
            .received
            .iter()
            .filter(|r| r.subscriber == subscriber.id)
            .cloned()
            .collect()
    }

    pub fn count(&self) -> usize {
        self.shared.lock().received.len()
    }

    /// Blocks until `n` pushes in all were received or `timeout` passes; answers what was
    /// received. It blocks the calling thread: when the server under test runs on the same
    /// single-threaded runtime as the caller (an `#[actix_web::test]` that spawned the app), that
    /// server cannot send meanwhile; use [`Receiver::wait_for_async`] there.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let inner = self.shared.lock();
        let (inner, waited) = self
            .shared
            .arrived
            .wait_timeout_while(inner, timeout, |inner| inner.received.len() < n)
            .unwrap_or_else(|e| e.into_inner());
        if waited.timed_out()
            && inner.received.len() < n
            && tokio::runtime::Handle::try_current().is_ok()
        {
            eprintln!(
                "push_receiver: wait_for({n}) timed out with {} received while blocking an async \
                 runtime's thread; if the server under test runs on that runtime it could not \
                 send meanwhile: use wait_for_async",
                inner.received.len()
            );
        }
        inner.received.clone()
    }

    /// [`Receiver::wait_for`] for async tests: polls without blocking the runtime.
    pub async fn wait_for_async(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            {
                let inner = self.shared.lock();
                if inner.received.len() >= n || Instant::now() >= deadline {
                    return inner.received.clone();
                }
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// `http://127.0.0.1:port`: what the VAPID `aud` claim must be.
    pub fn origin(&self) -> String {
        self.shared.origin.clone()
    }

    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            // The stop command is sent at once; the returned future only awaits its completion.
            drop(handle.stop(false));
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn random_secret_key() -> SecretKey {
    loop {
        let bytes: [u8; 32] = rand::random();
        // Fails only for zero or a value ≥ the group order: never in practice.
        if let Ok(key) = SecretKey::from_slice(&bytes) {
            return key;
        }
    }
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

async fn push(
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let at = Instant::now();
    let id = id.into_inner();

    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in req.headers() {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        headers
            .entry(name.as_str().to_ascii_lowercase())
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }

    let (expected_key, keys) = {
        let inner = shared.lock();
        (
            inner.vapid_public_key.clone(),
            inner.subscribers.get(&id).cloned(),
        )
    };

    let vapid = verify_vapid(
        headers.get("authorization").map(String::as_str),
        &shared.origin,
        expected_key.as_deref(),
    );
    let header_problem = check_headers(&headers);
    let payload = match (&header_problem, &keys) {
        (Some(problem), _) => Err(problem.clone()),
        (None, None) => Err(format!("unknown subscriber {id:?}")),
        (None, Some(_)) if body.len() > MAX_BODY => Err(format!(
            "body is {} bytes, more than the {MAX_BODY} a push service accepts",
            body.len()
        )),
        (None, Some((secret, auth))) => decrypt(&body, secret, auth).and_then(|plain| {
            serde_json::from_slice(&plain).map_err(|e| {
                format!(
                    "decrypted payload is not JSON ({e}): {:?}",
                    String::from_utf8_lossy(&plain)
                )
            })
        }),
    };

    let reply = if let Err(reason) = &vapid {
        Answer::Refuse(StatusCode::UNAUTHORIZED, reason.clone())
    } else if let Some(problem) = &header_problem {
        Answer::Refuse(StatusCode::BAD_REQUEST, problem.clone())
    } else if keys.is_none() {
        Answer::Refuse(StatusCode::NOT_FOUND, format!("no subscription {id:?}"))
    } else if body.len() > MAX_BODY {
        Answer::Refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("body over {MAX_BODY} bytes"),
        )
    } else {
        match shared
            .lock()
            .scripts
            .get_mut(&id)
            .and_then(VecDeque::pop_front)
        {
            None | Some(Reply::Created) => Answer::Created,
            Some(Reply::Status(status)) => Answer::Status(status_code(status), None),
            Some(Reply::RetryAfter(status, after)) => {
                Answer::Status(status_code(status), Some(after))
            }
            Some(Reply::Slow(wait)) => Answer::Slow(wait),
        }
    };
    let answered = match &reply {
        Answer::Refuse(status, _) | Answer::Status(status, _) => *status,
        Answer::Created | Answer::Slow(_) => StatusCode::CREATED,
    };

    let message_number = {
        let mut inner = shared.lock();
        inner.received.push(Received {
            subscriber: id,
            at,
            headers,
            body: body.to_vec(),
            payload,
            vapid,
            answered: answered.as_u16(),
        });
        inner.received.len()
    };
    shared.arrived.notify_all();

    let created = || {
        HttpResponse::Created()
            .insert_header((
                "Location",
                format!("{}/message/{message_number}", shared.origin),
            ))
            .finish()
    };
    match reply {
        Answer::Refuse(status, reason) => HttpResponse::build(status)
            .content_type("text/plain")
            .body(reason),
        Answer::Created => created(),
        Answer::Slow(wait) => {
            tokio::time::sleep(wait).await;
            created()
        }
        Answer::Status(status, retry_after) => {
            let mut response = HttpResponse::build(status);
            if let Some(after) = retry_after {
                response.insert_header(("Retry-After", after));
            }
            if status == StatusCode::CREATED {
                response.insert_header((
                    "Location",
                    format!("{}/message/{message_number}", shared.origin),
                ));
            }
            response.finish()
        }
    }
}

enum Answer {
    Created,
    Refuse(StatusCode, String),
    Status(StatusCode, Option<String>),
    Slow(Duration),
}

fn status_code(status: u16) -> StatusCode {
    // Checked when scripted.
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// `Content-Encoding: aes128gcm` (RFC 8291 §4) and a `TTL` (RFC 8030 §5.2).
fn check_headers(headers: &BTreeMap<String, String>) -> Option<String> {
    match headers.get("content-encoding") {
        None => {
            return Some(
                "no Content-Encoding header (Web Push needs aes128gcm, RFC 8291 §4)".into(),
            )
        }
        Some(v) if !v.trim().eq_ignore_ascii_case("aes128gcm") => {
            return Some(format!(
                "Content-Encoding is {v:?}, expected \"aes128gcm\" (RFC 8291 §4)"
            ))
        }
        Some(_) => {}
    }
    match headers.get("ttl") {
        None => {
            Some("no TTL header (RFC 8030 §5.2: a push service returns 400 without one)".into())
        }
        Some(v) if v.trim().parse::<u64>().is_err() => Some(format!(
            "TTL is {v:?}, not a non-negative integer of seconds (RFC 8030 §5.2)"
        )),
        Some(_) => None,
    }
}

/// RFC 8292 §2–3: `Authorization: vapid t=<JWT>, k=<base64url uncompressed P-256 point>`.
fn verify_vapid(
    authorization: Option<&str>,
    origin: &str,
    expected_key: Option<&str>,
) -> Result<VapidClaims, String> {
    let authorization = authorization.ok_or("no Authorization header")?.trim();
    let (scheme, params) = authorization
        .split_once(char::is_whitespace)
        .unwrap_or((authorization, ""));
    if !scheme.eq_ignore_ascii_case("vapid") {
        return Err(format!(
            "Authorization scheme is {scheme:?}, expected \"vapid\" (RFC 8292 §3)"
        ));
    }
    let mut t = None;
    let mut k = None;
    for param in params.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, value) = param
            .split_once('=')
            .ok_or_else(|| format!("Authorization parameter {param:?} has no '='"))?;
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        let slot = match name.trim().to_ascii_lowercase().as_str() {
            "t" => &mut t,
            "k" => &mut k,
            other => {
                return Err(format!(
                    "unexpected Authorization parameter {other:?} (RFC 8292 §3 defines t and k)"
                ))
            }
        };
        if slot.replace(value.to_string()).is_some() {
            return Err(format!("Authorization parameter {name:?} given twice"));
        }
    }
    let t = t.ok_or("Authorization has no t= (the JWT)")?;
    let k = k.ok_or("Authorization has no k= (the public key)")?;

    let k_bytes = URL_SAFE_NO_PAD
        .decode(&k)
        .map_err(|e| format!("k= is not base64url without padding ({e})"))?;
    if k_bytes.len() != 65 || k_bytes[0] != 0x04 {
        return Err(format!(
            "k= is {} bytes, expected a 65-byte uncompressed P-256 point (RFC 8292 §3.2)",
            k_bytes.len()
        ));
    }
    PublicKey::from_sec1_bytes(&k_bytes).map_err(|_| "k= is not a point on P-256".to_string())?;
    if let Some(expected) = expected_key {
        let expected_bytes = URL_SAFE_NO_PAD
            .decode(expected.trim())
            .map_err(|e| format!("the receiver's expected VAPID key is not base64url ({e})"))?;
        if expected_bytes != k_bytes {
            return Err(format!(
                "k= is not the server's VAPID public key: got {k}, expected {expected}"
            ));
        }
    }

    let header = jsonwebtoken::decode_header(&t).map_err(|e| format!("t= is not a JWT ({e})"))?;
    if header.alg != jsonwebtoken::Algorithm::ES256 {
        return Err(format!(
            "JWT alg is {:?}, expected ES256 (RFC 8292 §2)",
            header.alg
        ));
    }
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let claims = jsonwebtoken::decode::<serde_json::Value>(
        &t,
        &jsonwebtoken::DecodingKey::from_ec_der(&k_bytes),
        &validation,
    )
    .map_err(|e| format!("JWT signature does not verify against k= ({e})"))?
    .claims;

    let aud = match claims.get("aud") {
        Some(serde_json::Value::String(aud)) => aud.clone(),
        Some(other) => {
            return Err(format!(
                "aud claim is {other}, expected the string {origin:?}"
            ))
        }
        None => return Err(format!("no aud claim (expected {origin:?}, RFC 8292 §2)")),
    };
    if aud != origin {
        return Err(format!(
            "aud claim is {aud:?}, expected the push service's origin {origin:?} (scheme, host and port, no path; RFC 8292 §2)"
        ));
    }
    let exp = claims
        .get("exp")
        .and_then(serde_json::Value::as_i64)
        .ok_or_else(|| {
            format!(
                "exp claim missing or not an integer: {:?}",
                claims.get("exp")
            )
        })?;
    let now = now_unix();
    if exp <= now {
        return Err(format!(
            "JWT expired: exp {exp} is {} s in the past",
            now - exp
        ));
    }
    if exp > now + MAX_EXP_AHEAD_SECS {
        return Err(format!(
            "exp {exp} is {} s ahead, more than 24 hours (RFC 8292 §2)",
            exp - now
        ));
    }
    let sub = match claims.get("sub") {
        Some(serde_json::Value::String(sub)) => sub.clone(),
        Some(other) => {
            return Err(format!(
                "sub claim is {other}, expected a mailto: or https: URI"
            ))
        }
        None => return Err("no sub claim (a mailto: or https: contact, RFC 8292 §2.1)".into()),
    };
    if !(sub.starts_with("mailto:") || sub.starts_with("https:")) {
        return Err(format!(
            "sub claim is {sub:?}, expected a mailto: or https: URI (RFC 8292 §2.1)"
        ));
    }
    Ok(VapidClaims { aud, sub, exp, k })
}

fn hkdf_expand(salt: &[u8], ikm: &[u8], info: &[u8], out: &mut [u8]) {
    Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(info, out)
        .expect("HKDF-SHA256 output of at most 32 bytes");
}

/// Decrypts a Web Push body as a browser does (RFC 8291 §3.3–3.4 over RFC 8188 aes128gcm):
/// header `salt(16) | rs(u32 BE) | idlen(1) | keyid` with the sender's public key as keyid, then
/// records of `rs` bytes (the last may be shorter), each ending in a padding delimiter.
pub fn decrypt(
    body: &[u8],
    subscriber_secret: &SecretKey,
    auth: &[u8; 16],
) -> Result<Vec<u8>, String> {
    if body.len() < 21 {
        return Err(format!(
            "body is {} bytes, shorter than the 21-byte aes128gcm header",
            body.len()
        ));
    }
    let salt = &body[..16];
    let rs = u32::from_be_bytes([body[16], body[17], body[18], body[19]]) as usize;
    let idlen = body[20] as usize;
    if rs < 18 {
        return Err(format!(
            "record size {rs} is under the minimum of 18 (RFC 8188 §2.1)"
        ));
    }
    if body.len() < 21 + idlen {
        return Err(format!(
            "body ends inside the key id ({} bytes, idlen {idlen})",
            body.len()
        ));
    }
    let keyid = &body[21..21 + idlen];
    if idlen != 65 {
        return Err(format!(
            "key id is {idlen} bytes; Web Push puts the sender's 65-byte uncompressed public key there (RFC 8291 §4)"
        ));
    }
    let as_public = PublicKey::from_sec1_bytes(keyid)
        .map_err(|_| "key id is not a P-256 public key".to_string())?;
    let ua_public = subscriber_secret.public_key().to_encoded_point(false);

    // RFC 8291 §3.3: ecdh_secret, then IKM from the auth secret and both public keys.
    let shared =
        p256::ecdh::diffie_hellman(subscriber_secret.to_nonzero_scalar(), as_public.as_affine());
    let mut key_info = Vec::with_capacity(14 + 65 + 65);
    key_info.extend_from_slice(b"WebPush: info\0");
    key_info.extend_from_slice(ua_public.as_bytes());
    key_info.extend_from_slice(keyid);
    let mut ikm = [0u8; 32];
    hkdf_expand(auth, shared.raw_secret_bytes(), &key_info, &mut ikm);

    // RFC 8188 §2.2–2.3: content-encryption key and nonce from the salt.
    let mut cek = [0u8; 16];
    hkdf_expand(salt, &ikm, b"Content-Encoding: aes128gcm\0", &mut cek);
    let mut base_nonce = [0u8; 12];
    hkdf_expand(salt, &ikm, b"Content-Encoding: nonce\0", &mut base_nonce);
    let cipher = Aes128Gcm::new_from_slice(&cek).map_err(|e| format!("AES-128 key: {e}"))?;

    let records = &body[21 + idlen..];
    if records.is_empty() {
        return Err("no record after the header".into());
    }
    let count = records.len().div_ceil(rs);
    let mut plaintext = Vec::with_capacity(records.len());
    for (seq, record) in records.chunks(rs).enumerate() {
        let last = seq + 1 == count;
        if record.len() < 17 {
            return Err(format!(
                "record {seq} is {} bytes, too short for a tag and a delimiter",
                record.len()
            ));
        }
        let mut nonce = base_nonce;
        for (n, s) in nonce[4..].iter_mut().zip((seq as u64).to_be_bytes()) {
            *n ^= s;
        }
        let plain = cipher.decrypt(&Nonce::from(nonce), record).map_err(|_| {
            format!("AES-GCM authentication failed on record {seq} (wrong keys or auth secret, or a corrupted body)")
        })?;
        let end = plain.iter().rposition(|&b| b != 0).ok_or_else(|| {
            format!("record {seq} is all zeros: no padding delimiter (RFC 8188 §2)")
        })?;
        let (delimiter, wanted) = (plain[end], if last { 2 } else { 1 });
        if delimiter != wanted {
            return Err(format!(
                "record {seq} ends in delimiter {delimiter:#04x}, expected {wanted:#04x} for {} record (RFC 8188 §2)",
                if last { "the last" } else { "a non-last" }
            ));
        }
        plaintext.extend_from_slice(&plain[..end]);
    }
    Ok(plaintext)
}
