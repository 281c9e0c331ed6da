//! The demo's push: Aino's phone subscribed, its endpoint a push service on loopback that
//! `seteli push-receiver` runs. It prints each push it receives, decrypted, with its VAPID
//! signature checked, as a browser's push service and the phone would.

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::SecretKey;
use sha2::{Digest, Sha256};

use super::persona_id;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::push::repo::{self, SubscriptionRow};

/// Where the demo push service listens.
pub const RECEIVER: &str = "127.0.0.1:8091";

/// The demo phone's key pair and auth secret: made from fixed words, as the demo's push service
/// must read what the server encrypted for the phone. Never a real device's.
pub fn demo_phone() -> (SecretKey, [u8; 16]) {
    let seed = Sha256::digest(b"seteli demo phone key");
    let key = SecretKey::from_slice(&seed).expect("a P-256 scalar");
    let auth = Sha256::digest(b"seteli demo phone auth");
    let mut secret = [0u8; 16];
    secret.copy_from_slice(&auth[..16]);
    (key, secret)
}

/// Subscribes Aino's phone to the demo push service, once.
pub(super) fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let aino = persona_id(conn, "client-heinola")?;
    if !repo::subscriptions(conn, &aino)?.is_empty() {
        return Ok(());
    }
    let (key, auth) = demo_phone();
    let point = key.public_key().to_encoded_point(false);
    let row = SubscriptionRow {
        id: uuid::Uuid::now_v7().to_string(),
        person_id: aino,
        endpoint: format!("http://{RECEIVER}/push/aino"),
        p256dh: URL_SAFE_NO_PAD.encode(point.as_bytes()),
        auth: URL_SAFE_NO_PAD.encode(auth),
        label: "Ainon puhelin".into(),
        created_at: now.naive_utc(),
        last_delivered_at: None,
    };
    repo::subscribe(conn, row, 5)?;
    Ok(())
}

/// Runs the demo push service on `bind` until stopped; one JSON line per push on stdout.
pub async fn receive(bind: &str) -> std::io::Result<()> {
    let origin = format!("http://{bind}");
    HttpServer::new(move || {
        let origin = origin.clone();
        App::new().route(
            "/push/{phone}",
            web::post().to(move |req: HttpRequest, body: web::Bytes| {
                let line = read_push(&req, &body, &origin);
                async move {
                    println!("{line}");
                    HttpResponse::Created().finish()
                }
            }),
        )
    })
    .workers(1)
    .bind(bind)?
    .run()
    .await
}

/// What the phone would learn of one push: its headers, whether its signature holds, and the
/// payload decrypted.
fn read_push(req: &HttpRequest, body: &[u8], origin: &str) -> serde_json::Value {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (key, auth) = demo_phone();
    let payload = web_push_native::decrypt(body.to_vec(), &key, &auth.into())
        .ok()
        .and_then(|plain| serde_json::from_slice::<serde_json::Value>(&plain).ok());
    serde_json::json!({
        "received_at": Utc::now(),
        "vapid": verify(&header("authorization"), origin),
        "ttl": header("ttl"),
        "urgency": header("urgency"),
        "topic": header("topic"),
        "payload": payload,
    })
}

/// `verified` if the `vapid t=…, k=…` header is an ES256 token for `origin` signed by `k`.
fn verify(authorization: &str, origin: &str) -> String {
    let parts: Option<(&str, &str)> = authorization
        .strip_prefix("vapid t=")
        .and_then(|rest| rest.split_once(", k="));
    let Some((token, k)) = parts else {
        return "no VAPID header".into();
    };
    let point = URL_SAFE_NO_PAD.decode(k).unwrap_or_default();
    if point.len() != 65 {
        return "not a P-256 key".into();
    }
    let (x, y) = (
        URL_SAFE_NO_PAD.encode(&point[1..33]),
        URL_SAFE_NO_PAD.encode(&point[33..]),
    );
    let Ok(key) = jsonwebtoken::DecodingKey::from_ec_components(&x, &y) else {
        return "not a P-256 key".into();
    };
    let mut rules = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    rules.set_audience(&[origin]);
    rules.set_required_spec_claims(&["exp", "aud", "sub"]);
    match jsonwebtoken::decode::<serde_json::Value>(token, &key, &rules) {
        Ok(_) => "verified".into(),
        Err(e) => format!("refused: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_phone_reads_what_the_server_sends_it() {
        let (key, auth) = demo_phone();
        let sealed =
            web_push_native::encrypt(b"{}".to_vec(), &key.public_key(), &auth.into()).unwrap();
        let plain = web_push_native::decrypt(sealed, &key, &auth.into()).unwrap();
        assert_eq!(plain, b"{}");
        let vapid = crate::push::vapid::Vapid::new(&crate::push::vapid::new_key(), "mailto:a@b.fi")
            .unwrap();
        let url = url::Url::parse(&format!("http://{RECEIVER}/push/aino")).unwrap();
        let header = vapid.authorization(&url).unwrap();
        assert_eq!(verify(&header, &format!("http://{RECEIVER}")), "verified");
        assert!(verify(&header, "http://127.0.0.1:1").starts_with("refused"));
    }
}
