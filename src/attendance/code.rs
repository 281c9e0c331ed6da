//! The site's presence code (RFC 6238 TOTP): staff show a six-digit code that changes every 30
//! seconds, and a client who types it in checks in "at the site". A code is accepted one step
//! either side of now, so a slow phone or a clock a little off still counts.
//!
//! Each site has its own random secret. The database keeps it sealed (ChaCha20-Poly1305) with a
//! key derived from the server's signing key, bound to the site's id: a copy of the database
//! alone gives no codes, and a secret moved to another site does not open. A secret that no
//! longer opens (the server's key changed) is replaced, and staff simply show the new code.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, TOTP};

use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use base64::Engine;

/// Seconds a code is shown for.
pub const STEP_SECONDS: u64 = 30;
/// Digits in a code.
pub const DIGITS: usize = 6;
/// Steps either side of now a code is still accepted for.
pub const WINDOW_STEPS: i64 = 1;
/// Random bytes in a site's secret (RFC 4226 asks for at least 128 bits; 160 as for SHA-1).
const SECRET_BYTES: usize = 20;
const NONCE_BYTES: usize = 12;

/// A site's secret, never written anywhere as it is.
pub struct SiteSecret(Vec<u8>);

impl SiteSecret {
    pub fn generate() -> SiteSecret {
        let mut bytes = vec![0u8; SECRET_BYTES];
        rand::fill(&mut bytes[..]);
        SiteSecret(bytes)
    }

    fn totp(&self) -> Option<TOTP> {
        TOTP::new(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS, self.0.clone()).ok()
    }

    /// The code shown at `unix` seconds.
    pub fn code_at(&self, unix: u64) -> String {
        self.totp().map(|t| t.generate(unix)).unwrap_or_default()
    }

    /// The time step of `code` if it is the code of a step within the window around `unix`.
    pub fn check(&self, code: &str, unix: u64) -> Option<i64> {
        if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let totp = self.totp()?;
        let now_step = (unix / STEP_SECONDS) as i64;
        // Every candidate is checked (in constant time each), so the answer takes as long
        // whichever step matches.
        let mut found = None;
        for step in now_step - WINDOW_STEPS..=now_step + WINDOW_STEPS {
            if step >= 0 && totp.check(code, step as u64 * STEP_SECONDS) && found.is_none() {
                found = Some(step);
            }
        }
        found
    }
}

/// Seconds until the code shown at `unix` changes.
pub fn seconds_left(unix: u64) -> u64 {
    STEP_SECONDS - unix % STEP_SECONDS
}

/// Seals and opens sites' secrets with the server's key.
#[derive(Clone)]
pub struct Sealer {
    /// Derived from each signing key, the newest first: the newest seals, every one opens, so
    /// a rotation of the signing key changes no site's code.
    keys: Vec<[u8; 32]>,
}

impl Sealer {
    /// A sealer whose key is derived from `server_key` (the signing key): a key of its own, so
    /// a sealed secret says nothing about tokens and the other way round.
    pub fn new(server_key: &[u8]) -> Sealer {
        Sealer::with_keys(&[server_key.to_vec()])
    }

    /// A sealer that seals with the key derived from `server_keys[0]` and opens with any.
    pub fn with_keys(server_keys: &[Vec<u8>]) -> Sealer {
        let derive = |server_key: &Vec<u8>| {
            let mut h = Sha256::new();
            h.update(b"seteli site presence codes v1\0");
            h.update(server_key);
            h.finalize().into()
        };
        Sealer {
            keys: server_keys.iter().map(derive).collect(),
        }
    }

    fn cipher(key: &[u8; 32]) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(&Key::from(*key))
    }

    /// The secret sealed for the site `site_id`, as text.
    pub fn seal(&self, site_id: &str, secret: &SiteSecret) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::fill(&mut nonce[..]);
        let payload = Payload {
            msg: &secret.0,
            aad: site_id.as_bytes(),
        };
        let newest = self.keys.first().copied().unwrap_or_default();
        let sealed = Self::cipher(&newest)
            .encrypt(&Nonce::from(nonce), payload)
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        B64.encode(out)
    }

    /// The secret of `site_id` from what [`Sealer::seal`] made; `None` if it was made with
    /// another key, for another site, or changed.
    pub fn open(&self, site_id: &str, sealed: &str) -> Option<SiteSecret> {
        self.open_aged(site_id, sealed).map(|(secret, _)| secret)
    }

    /// [`Sealer::open`], and whether an older key than the newest sealed it (to seal anew).
    pub fn open_aged(&self, site_id: &str, sealed: &str) -> Option<(SiteSecret, bool)> {
        let bytes = B64.decode(sealed).ok()?;
        if bytes.len() <= NONCE_BYTES {
            return None;
        }
        let (nonce, body) = bytes.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().ok()?;
        let (index, secret) = self.keys.iter().enumerate().find_map(|(i, key)| {
            let payload = Payload {
                msg: body,
                aad: site_id.as_bytes(),
            };
            let secret = Self::cipher(key)
                .decrypt(&Nonce::from(nonce), payload)
                .ok()?;
            Some((i, secret))
        })?;
        (secret.len() == SECRET_BYTES).then_some((SiteSecret(secret), index > 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_rfc_6238() {
        // RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" at 59 s gives 94287082
        // in eight digits, so 287082 in six.
        let s = SiteSecret(b"12345678901234567890".to_vec());
        assert_eq!(s.code_at(59), "287082");
        assert_eq!(s.code_at(1_111_111_109), "081804");
        assert_eq!(s.code_at(59).len(), DIGITS);
    }

    #[test]
    fn a_code_counts_one_step_either_side() {
        let s = SiteSecret::generate();
        let now: u64 = 1_800_000_015;
        let step = (now / STEP_SECONDS) as i64;
        for (offset, accepted) in [(-2i64, false), (-1, true), (0, true), (1, true), (2, false)] {
            let at = (step + offset) as u64 * STEP_SECONDS;
            let code = s.code_at(at);
            let found = s.check(&code, now);
            if accepted {
                assert_eq!(found, Some(step + offset), "offset {offset}");
            } else {
                // Another step's code may rarely equal it by chance; then it is that step.
                assert!(found.is_none_or(|f| f != step + offset), "offset {offset}");
            }
        }
    }

    #[test]
    fn junk_is_no_code() {
        let s = SiteSecret::generate();
        for bad in ["", "12345", "1234567", "12a456", " 12345", "١٢٣٤٥٦"] {
            assert_eq!(s.check(bad, 1_800_000_000), None, "{bad:?}");
        }
        assert_eq!(seconds_left(1_800_000_000), 30);
        assert_eq!(seconds_left(1_800_000_029), 1);
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_site_and_key() {
        let sealer = Sealer::new(b"a server key of thirty-two bytes");
        let secret = SiteSecret::generate();
        let sealed = sealer.seal("site-a", &secret);
        let opened = sealer.open("site-a", &sealed).expect("opens");
        assert_eq!(opened.code_at(1_800_000_000), secret.code_at(1_800_000_000));
        assert!(sealer.open("site-b", &sealed).is_none());
        assert!(Sealer::new(b"another key")
            .open("site-a", &sealed)
            .is_none());
        // After a rotation the old key still opens it, and says so; the new one seals.
        let rotated = Sealer::with_keys(&[
            b"a new key".to_vec(),
            b"a server key of thirty-two bytes".to_vec(),
        ]);
        let (again, aged) = rotated.open_aged("site-a", &sealed).expect("opens");
        assert!(aged);
        assert_eq!(again.code_at(1_800_000_000), secret.code_at(1_800_000_000));
        let resealed = rotated.seal("site-a", &again);
        assert!(!rotated.open_aged("site-a", &resealed).unwrap().1);
        assert!(sealer.open("site-a", &resealed).is_none());
        let mut tampered = B64.decode(&sealed).unwrap();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(sealer.open("site-a", &B64.encode(tampered)).is_none());
        assert!(sealer.open("site-a", "not base64!").is_none());
        // The secret itself is not in what is stored.
        assert!(!B64
            .decode(&sealed)
            .unwrap()
            .windows(20)
            .any(|w| w == secret.0));
    }
}
