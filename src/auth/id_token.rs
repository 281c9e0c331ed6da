//! Verifying OpenID Connect ID tokens from the configured identity provider (Suomi.fi
//! identification in production): asymmetric algorithms only, signature by a configured public
//! key, and `exp`, `iss`, `aud` and `sub` required and checked.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Validation};
use serde_json::{Map, Value};

use crate::config::IdentityProviderSettings;
use crate::persons::PersonalId;

struct Key {
    kid: Option<String>,
    algorithm: Algorithm,
    key: DecodingKey,
}

pub struct IdentityVerifier {
    keys: Vec<Key>,
    issuer: String,
    audience: String,
    personal_id_claim: String,
    name_claim: String,
    leeway: i64,
    accept_test_codes: bool,
}

/// Who the identity provider says signed in.
#[derive(Debug)]
pub struct VerifiedIdentity {
    pub personal_id: PersonalId,
    pub name: Option<String>,
}

/// Why a token was refused; for logs only (the caller always sees one code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdTokenRejection {
    Malformed,
    Algorithm,
    UnknownKey,
    Signature,
    Claims,
    Expired,
    PersonalId,
}

impl IdentityVerifier {
    pub fn new(settings: &IdentityProviderSettings) -> Result<IdentityVerifier, String> {
        let mut keys = Vec::new();
        for (i, k) in settings.keys.iter().enumerate() {
            let algorithm = Algorithm::from_str(&k.algorithm).map_err(|_| {
                format!(
                    "identity_provider.keys[{i}]: unknown algorithm {:?}",
                    k.algorithm
                )
            })?;
            let pem = k.public_key_pem.as_bytes();
            let key = match algorithm.family() {
                AlgorithmFamily::Rsa => DecodingKey::from_rsa_pem(pem),
                AlgorithmFamily::Ec => DecodingKey::from_ec_pem(pem),
                AlgorithmFamily::Ed => DecodingKey::from_ed_pem(pem),
                _ => {
                    return Err(format!(
                        "identity_provider.keys[{i}]: {:?} is symmetric; only public-key algorithms are accepted",
                        k.algorithm
                    ))
                }
            }
            .map_err(|e| format!("identity_provider.keys[{i}]: not a valid public key: {e}"))?;
            keys.push(Key {
                kid: k.kid.clone(),
                algorithm,
                key,
            });
        }
        Ok(IdentityVerifier {
            keys,
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
            personal_id_claim: settings.personal_id_claim.clone(),
            name_claim: settings.name_claim.clone(),
            leeway: settings.leeway_seconds.max(0),
            accept_test_codes: settings.accept_test_codes,
        })
    }

    pub fn verify(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<VerifiedIdentity, IdTokenRejection> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| IdTokenRejection::Malformed)?;
        if !matches!(
            header.alg.family(),
            AlgorithmFamily::Rsa | AlgorithmFamily::Ec | AlgorithmFamily::Ed
        ) {
            return Err(IdTokenRejection::Algorithm);
        }
        let key = self
            .keys
            .iter()
            .find(|k| k.algorithm == header.alg && (header.kid.is_none() || k.kid == header.kid))
            .ok_or(IdTokenRejection::UnknownKey)?;
        let mut validation = Validation::new(key.algorithm);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.validate_exp = false;
        let data = jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, &validation)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidSignature => IdTokenRejection::Signature,
                _ => IdTokenRejection::Claims,
            })?;
        let claims = data.claims;
        let exp = claims
            .get("exp")
            .and_then(Value::as_i64)
            .ok_or(IdTokenRejection::Claims)?;
        if exp + self.leeway <= now.timestamp() {
            return Err(IdTokenRejection::Expired);
        }
        if let Some(nbf) = claims.get("nbf") {
            let nbf = nbf.as_i64().ok_or(IdTokenRejection::Claims)?;
            if nbf - self.leeway > now.timestamp() {
                return Err(IdTokenRejection::Expired);
            }
        }
        if !claims.get("sub").is_some_and(Value::is_string) {
            return Err(IdTokenRejection::Claims);
        }
        let personal_id = claims
            .get(&self.personal_id_claim)
            .and_then(Value::as_str)
            .and_then(|s| {
                if self.accept_test_codes {
                    crate::persons::personal_id::parse_allowing_test_codes(s).ok()
                } else {
                    PersonalId::parse(s).ok()
                }
            })
            .ok_or(IdTokenRejection::PersonalId)?;
        let name = claims
            .get(&self.name_claim)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.chars().take(200).collect::<String>())
            .or_else(|| {
                let given = claims.get("given_name").and_then(Value::as_str)?;
                let family = claims.get("family_name").and_then(Value::as_str)?;
                Some(format!("{given} {family}"))
            });
        Ok(VerifiedIdentity { personal_id, name })
    }
}
