//! The server's VAPID key (RFC 8292): an ES256 key pair that signs every push request, so a
//! push service knows the pushes to a subscription come from the server the app subscribed
//! with. Taken from the settings (`push.vapid_private_key`) or kept in a file, made at first
//! start (`push.vapid_key_file`, like the demo's `signing.key`).

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use p256::SecretKey;
use serde::Serialize;

use crate::config::PushSettings;

/// How long a signature is good for (RFC 8292 §2: at most 24 hours).
pub const SIGNATURE_VALID: Duration = Duration::from_secs(12 * 3600);

/// How long a signature is used for requests to one push service: a signature costs a P-256
/// multiplication, as much as encrypting a payload, and a push service takes it again and again
/// until it expires (RFC 8292 §2). It is renewed long before it expires.
pub const SIGNATURE_REUSED: Duration = Duration::from_secs(3600);

/// The key and the contact, ready to sign.
pub struct Vapid {
    key: jsonwebtoken::EncodingKey,
    /// The public key, an uncompressed P-256 point in base64url: the app's
    /// `applicationServerKey`, and the `k` of every request.
    pub public_key: String,
    contact: String,
    /// The signatures in use, per push service's origin, with when each was made.
    signed: std::sync::Mutex<std::collections::HashMap<String, (String, std::time::Instant)>>,
}

impl std::fmt::Debug for Vapid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vapid")
            .field("public_key", &self.public_key)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct Claims<'a> {
    aud: &'a str,
    exp: u64,
    sub: &'a str,
}

impl Vapid {
    /// The key of the settings, or of the key file (made if it is not there yet).
    pub fn load(settings: &PushSettings) -> anyhow::Result<Vapid> {
        let secret = match &settings.vapid_private_key {
            Some(key) => {
                let bytes = URL_SAFE_NO_PAD
                    .decode(key.expose().trim().trim_end_matches('='))
                    .map_err(|_| anyhow::anyhow!("push.vapid_private_key must be base64url"))?;
                SecretKey::from_slice(&bytes).map_err(|_| {
                    anyhow::anyhow!("push.vapid_private_key is not a P-256 private key")
                })?
            }
            None => from_file(Path::new(&settings.vapid_key_file))?,
        };
        Vapid::new(&secret, &settings.contact)
    }

    pub fn new(secret: &SecretKey, contact: &str) -> anyhow::Result<Vapid> {
        let der = secret
            .to_pkcs8_der()
            .map_err(|e| anyhow::anyhow!("the VAPID key cannot be encoded: {e}"))?;
        let key = jsonwebtoken::EncodingKey::from_ec_der(der.as_bytes());
        let point = secret.public_key().to_encoded_point(false);
        Ok(Vapid {
            key,
            public_key: URL_SAFE_NO_PAD.encode(point.as_bytes()),
            contact: contact.to_string(),
            signed: Default::default(),
        })
    }

    /// The `Authorization` header of a request to `endpoint`: `vapid t=<JWT>, k=<key>`, the
    /// one in use for its push service if it is younger than [`SIGNATURE_REUSED`].
    pub fn authorization(&self, endpoint: &url::Url) -> anyhow::Result<String> {
        let aud = endpoint.origin().ascii_serialization();
        let mut signed = self.signed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((header, made)) = signed.get(&aud) {
            if made.elapsed() < SIGNATURE_REUSED {
                return Ok(header.clone());
            }
        }
        let header = self.sign(&aud)?;
        if signed.len() > 1000 {
            signed.retain(|_, (_, made)| made.elapsed() < SIGNATURE_REUSED);
        }
        signed.insert(aud, (header.clone(), std::time::Instant::now()));
        Ok(header)
    }

    /// A new signature for the audience `aud`, the origin of a push service (its port included
    /// when it is not the scheme's own). The expiry is counted on the system's clock, which the
    /// push service shares.
    fn sign(&self, aud: &str) -> anyhow::Result<String> {
        let exp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .saturating_add(SIGNATURE_VALID)
            .as_secs();
        let claims = Claims {
            aud,
            exp,
            sub: &self.contact,
        };
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
        let token = jsonwebtoken::encode(&header, &claims, &self.key)?;
        Ok(format!("vapid t={token}, k={}", self.public_key))
    }
}

/// A new random P-256 key.
pub fn new_key() -> SecretKey {
    loop {
        let bytes: [u8; 32] = rand::random();
        if let Ok(key) = SecretKey::from_slice(&bytes) {
            return key;
        }
    }
}

/// Reads the key file, or makes it (readable by its owner alone).
fn from_file(path: &Path) -> anyhow::Result<SecretKey> {
    match std::fs::read_to_string(path) {
        Ok(pem) => SecretKey::from_pkcs8_pem(&pem)
            .map_err(|e| anyhow::anyhow!("{} is not a PKCS#8 P-256 key: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = new_key();
            let pem = key
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(|e| anyhow::anyhow!("the VAPID key cannot be encoded: {e}"))?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            write_private(path, pem.as_bytes())
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            tracing::info!(file = %path.display(), "made the VAPID key");
            Ok(key)
        }
        Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_is_made_once_and_read_back() {
        let dir = tempfile_dir();
        let settings = PushSettings {
            vapid_key_file: dir.join("vapid.key").display().to_string(),
            ..PushSettings::default()
        };
        let first = Vapid::load(&settings).unwrap();
        let again = Vapid::load(&settings).unwrap();
        assert_eq!(first.public_key, again.public_key);
        assert_eq!(URL_SAFE_NO_PAD.decode(&first.public_key).unwrap().len(), 65);
        let url = url::Url::parse("http://127.0.0.1:8123/push/a").unwrap();
        let header = first.authorization(&url).unwrap();
        let token = header
            .strip_prefix("vapid t=")
            .and_then(|h| h.split(", k=").next())
            .unwrap();
        let claims = token.split('.').nth(1).unwrap();
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap();
        assert_eq!(claims["aud"], "http://127.0.0.1:8123");
        assert_eq!(claims["sub"], settings.contact);
        // A reused signature still has most of its life when its reuse ends.
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let left = claims["exp"].as_u64().unwrap() - now;
        assert!(left + 5 >= (SIGNATURE_VALID - SIGNATURE_REUSED).as_secs() + 3600);
        assert!(SIGNATURE_REUSED * 4 <= SIGNATURE_VALID);
        // Reused for the same push service, not for another.
        assert_eq!(first.authorization(&url).unwrap(), header);
        let other = url::Url::parse("https://push.example.org/a").unwrap();
        assert_ne!(first.authorization(&other).unwrap(), header);
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("seteli-vapid-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
