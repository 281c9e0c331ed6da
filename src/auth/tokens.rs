//! Our own tokens: a short-lived access JWT (HS256, our issuer and audience, bound to a session)
//! and an opaque refresh token stored only as a hash.
//!
//! Keys rotate without signing anyone out: a token names its key in its `kid` header, the newest
//! key signs, and every configured key verifies (`auth.signing_key`, then
//! `auth.previous_signing_keys`). Refresh tokens are no signatures, so they outlive any rotation.

use base64::Engine;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::config::AuthSettings;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The person.
    pub sub: String,
    /// The session (refresh-token family) this token belongs to.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

/// Beyond this many verified tokens the memory of them starts again empty.
const MAX_VERIFIED: usize = 20_000;

/// A key's `kid`: 16 hex digits of a hash of it, so the key itself needs no name and the header
/// says nothing of it.
pub fn key_id(key: &[u8]) -> String {
    let mut input = b"seteli access token key\0".to_vec();
    input.extend_from_slice(key);
    crate::digest::sha256_hex_of(&input)[..16].to_string()
}

/// Signs and verifies access tokens.
pub struct TokenService {
    encoding: EncodingKey,
    /// The newest key's id, which every token issued names.
    kid: String,
    /// Every key that verifies, the newest first, with its id.
    decoding: Vec<(String, DecodingKey)>,
    validation: Validation,
    /// Tokens whose signature, issuer and audience were found good, with their claims. An app
    /// sends the same token with every request for its lifetime; decoding it again (two JSON
    /// documents and an HMAC) was 4 % of a provider search. A token is found here only by its
    /// whole text, so a changed letter anywhere is decoded and checked anew; the times are
    /// checked on every use.
    verified: std::sync::RwLock<std::collections::HashMap<Box<str>, AccessClaims>>,
    issuer: String,
    audience: String,
    ttl_seconds: i64,
}

impl TokenService {
    pub fn new(settings: &AuthSettings, key: &[u8]) -> TokenService {
        TokenService::with_keys(settings, &[key.to_vec()])
    }

    /// A service that signs with `keys[0]` and verifies with each of `keys`.
    pub fn with_keys(settings: &AuthSettings, keys: &[Vec<u8>]) -> TokenService {
        let newest = keys.first().map(Vec::as_slice).unwrap_or_default();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // Expiry is checked against the application's clock below, so tests can move time.
        validation.validate_exp = false;
        TokenService {
            encoding: EncodingKey::from_secret(newest),
            kid: key_id(newest),
            decoding: keys
                .iter()
                .map(|k| (key_id(k), DecodingKey::from_secret(k)))
                .collect(),
            validation,
            verified: Default::default(),
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
            ttl_seconds: settings.access_token_ttl_seconds,
        }
    }

    pub fn ttl_seconds(&self) -> i64 {
        self.ttl_seconds
    }

    pub fn issue(
        &self,
        person_id: &str,
        session_id: &str,
        now: DateTime<Utc>,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = AccessClaims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: person_id.to_string(),
            sid: session_id.to_string(),
            iat: now.timestamp(),
            exp: now.timestamp() + self.ttl_seconds,
            jti: uuid::Uuid::now_v7().to_string(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding)
    }

    /// The claims of a token whose signature one of the keys makes: the key its `kid` names,
    /// or, for a token without one (issued before keys had ids), any.
    fn decode(&self, token: &str) -> Option<AccessClaims> {
        let kid = jsonwebtoken::decode_header(token).ok()?.kid;
        self.decoding
            .iter()
            .filter(|(id, _)| kid.as_ref().is_none_or(|k| k == id))
            .find_map(|(_, key)| {
                jsonwebtoken::decode::<AccessClaims>(token, key, &self.validation).ok()
            })
            .map(|data| data.claims)
    }

    /// The claims of a valid, unexpired token; `None` for anything else.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Option<AccessClaims> {
        let known = self
            .verified
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(token)
            .cloned();
        let claims = match known {
            Some(claims) => claims,
            None => {
                let claims = self.decode(token)?;
                let mut verified = self.verified.write().unwrap_or_else(|p| p.into_inner());
                if verified.len() >= MAX_VERIFIED {
                    verified.clear();
                }
                verified.insert(token.into(), claims.clone());
                claims
            }
        };
        // A token may live no longer than this service gives its tokens: one signed with a
        // longer life (a leaked key, a hand-made token, a setting since lowered) is refused.
        let lifetime_ok = claims.exp - claims.iat <= self.ttl_seconds;
        (lifetime_ok && claims.exp > now.timestamp() && claims.iat <= now.timestamp() + 60)
            .then_some(claims)
    }
}

/// A new opaque refresh token: 32 random bytes, URL-safe.
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "rt_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// What we store instead of the refresh token.
pub fn hash_refresh_token(token: &str) -> String {
    sha256_hex(token)
}

pub use crate::digest::sha256_hex;

/// A new random signing key (base64), for demo mode.
pub fn new_signing_key() -> String {
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn service(key: &[u8]) -> TokenService {
        TokenService::new(&AuthSettings::default(), key)
    }

    #[test]
    fn sign_verify_round_trip_and_expiry_by_the_given_clock() {
        let svc = service(&[1u8; 32]);
        let now = Utc::now();
        let token = svc.issue("p1", "s1", now).unwrap();
        let claims = svc.verify(&token, now).expect("valid");
        assert_eq!(claims.sub, "p1");
        assert_eq!(claims.sid, "s1");
        assert!(claims.exp - claims.iat <= 900);
        assert!(svc.verify(&token, now + Duration::seconds(899)).is_some());
        assert!(svc.verify(&token, now + Duration::seconds(900)).is_none());
    }

    #[test]
    fn other_key_or_tampering_is_refused() {
        let now = Utc::now();
        let svc = service(&[1u8; 32]);
        let token = svc.issue("p1", "s1", now).unwrap();
        assert!(service(&[2u8; 32]).verify(&token, now).is_none());
        // The genuine token, once verified, is remembered; its signature does not carry over.
        assert!(svc.verify(&token, now).is_some());
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
            br#"{"iss":"seteli","aud":"seteli-app","sub":"p2","sid":"s1","iat":0,"exp":99999999999,"jti":"x"}"#,
        );
        parts[1] = forged;
        assert!(svc.verify(&parts.join("."), now).is_none());
        assert!(service(&[1u8; 32]).verify(&parts.join("."), now).is_none());
    }

    #[test]
    fn a_rotated_key_still_verifies_what_it_signed_and_the_newest_signs() {
        let now = Utc::now();
        let (old, new) = ([1u8; 32].to_vec(), [2u8; 32].to_vec());
        let before = service(&old);
        let token = before.issue("p1", "s1", now).unwrap();
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.kid.as_deref(), Some(key_id(&old).as_str()));
        let rotated = TokenService::with_keys(&AuthSettings::default(), &[new.clone(), old]);
        assert_eq!(rotated.verify(&token, now).unwrap().sub, "p1");
        let fresh = rotated.issue("p2", "s2", now).unwrap();
        let header = jsonwebtoken::decode_header(&fresh).unwrap();
        assert_eq!(header.kid.as_deref(), Some(key_id(&new).as_str()));
        assert!(before.verify(&fresh, now).is_none());
        // Once the old key is gone, what it signed is refused.
        assert!(service(&new).verify(&token, now).is_none());
    }

    #[test]
    fn a_kid_naming_another_key_is_not_tried_with_the_others() {
        let now = Utc::now();
        let svc = service(&[1u8; 32]);
        let token = svc.issue("p1", "s1", now).unwrap();
        // The same signature under a header that names an unknown key.
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        parts[0] = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"typ":"JWT","alg":"HS256","kid":"0000000000000000"}"#);
        assert!(service(&[1u8; 32]).verify(&parts.join("."), now).is_none());
        // A token from before keys had ids verifies with any key.
        let claims = svc.verify(&token, now).unwrap();
        let plain = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(&[1u8; 32]),
        )
        .unwrap();
        let rotated =
            TokenService::with_keys(&AuthSettings::default(), &[vec![3u8; 32], vec![1u8; 32]]);
        assert_eq!(rotated.verify(&plain, now).unwrap().sub, "p1");
    }

    #[test]
    fn a_token_that_would_live_longer_than_the_service_gives_is_refused() {
        let key = [1u8; 32];
        let svc = service(&key);
        let now = Utc::now();
        let sign = |iat: i64, exp: i64| {
            let claims = AccessClaims {
                iss: "seteli".into(),
                aud: "seteli-app".into(),
                sub: "p1".into(),
                sid: "s1".into(),
                iat,
                exp,
                jti: uuid::Uuid::now_v7().to_string(),
            };
            jsonwebtoken::encode(
                &Header::new(Algorithm::HS256),
                &claims,
                &EncodingKey::from_secret(&key),
            )
            .unwrap()
        };
        let t = now.timestamp();
        assert!(svc.verify(&sign(t, t + 900), now).is_some());
        assert!(svc.verify(&sign(t, t + 901), now).is_none());
        assert!(svc.verify(&sign(t, t + 10 * 365 * 86_400), now).is_none());
        // Remembered once verified, it is still checked on every use.
        let short = TokenService::new(
            &AuthSettings {
                access_token_ttl_seconds: 300,
                ..AuthSettings::default()
            },
            &key,
        );
        let token = sign(t, t + 900);
        assert!(svc.verify(&token, now).is_some());
        assert!(short.verify(&token, now).is_none());
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let a = new_refresh_token();
        let b = new_refresh_token();
        assert_ne!(a, b);
        assert_eq!(hash_refresh_token(&a).len(), 64);
        assert_ne!(hash_refresh_token(&a), hash_refresh_token(&b));
        assert!(!hash_refresh_token(&a).contains(&a));
    }
}
