//! Digests: a stable key for a text that does not reveal it (stored refresh tokens, identity
//! codes in the sign-in limiter, the fingerprint of a retried request), and the tag of a public
//! answer.

use sha2::{Digest, Sha256};

/// SHA-256 of a text, as lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    sha256_hex_of(text.as_bytes())
}

/// SHA-256 of bytes, as lowercase hex.
pub fn sha256_hex_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_digest_is_the_known_one() {
        assert_eq!(
            super::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
