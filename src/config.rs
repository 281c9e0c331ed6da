//! Settings: a TOML file, then `SETELI_*` environment variables on top. Built once and passed into
//! the application; nothing reads configuration from a global.
//!
//! Environment names follow the file's structure with `__` between levels:
//! `SETELI_DATABASE_URL`, `SETELI_AUTH__SIGNING_KEY`, `SETELI_IDENTITY_PROVIDER__ISSUER`.

use std::fmt;
use std::net::SocketAddr;
use std::path::Path;

use base64::Engine;
use serde::Deserialize;

use crate::db::DatabaseUrl;

/// A value that must never be printed: `Debug` shows a placeholder.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Address to listen on, e.g. `127.0.0.1:8080`.
    pub bind: String,
    /// `sqlite://path/to/file.db` or `postgres://user@host/db`.
    pub database_url: String,
    pub database_pool_size: u32,
    /// Apply pending migrations at start-up.
    pub run_migrations: bool,
    /// Largest JSON body accepted, in bytes.
    pub json_limit_bytes: usize,
    /// `text` for people, `json` for log collectors.
    pub log_format: LogFormat,
    /// Sign-in as a seeded demo persona (`/api/v1/auth/dev-personas`, `dev-login`). On in demo
    /// mode; refused on any address but loopback.
    pub dev_login: bool,
    /// HTTP worker threads; the number of cores when absent.
    pub workers: Option<usize>,
    pub auth: AuthSettings,
    pub identity_provider: Option<IdentityProviderSettings>,
    pub push: PushSettings,
    pub housekeeping: HousekeepingSettings,
}

/// Removing rows kept only for a while (`db::sweep`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HousekeepingSettings {
    /// Seconds between runs.
    pub every_seconds: u64,
    /// Rows of each kind one run removes at most.
    pub batch: u32,
    /// Days a push that ended (sent, failed, gone, skipped) is kept.
    pub push_jobs_kept_days: u32,
}

impl Default for HousekeepingSettings {
    fn default() -> Self {
        HousekeepingSettings {
            every_seconds: 600,
            batch: 5_000,
            push_jobs_kept_days: 7,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthSettings {
    /// `iss` and `aud` of our own access tokens.
    pub issuer: String,
    pub audience: String,
    /// At most 900 seconds (15 minutes).
    pub access_token_ttl_seconds: i64,
    /// How long a sign-in lasts when refreshed, in days.
    pub session_ttl_days: i64,
    /// Base64 of at least 32 random bytes; signs our access tokens (HS256).
    pub signing_key: Option<Secret>,
    /// Keys that signed before `signing_key`, still verifying what they signed: base64 keys
    /// separated by commas. Kept during a rotation, while tokens and sealed secrets they made
    /// are in use (see the README).
    pub previous_signing_keys: Option<Secret>,
    /// Sign-in attempts allowed per client address and per person in any window of this length.
    pub rate_limit_attempts: u32,
    pub rate_limit_window_seconds: i64,
    /// Refreshes allowed per sign-in (session) in any window of this length: apart from the
    /// sign-in limit, so that people behind one address do not use up each other's.
    pub refresh_rate_limit_attempts: u32,
    pub refresh_rate_limit_window_seconds: i64,
    /// Powers of attorney a client may give in any hour.
    pub mandates_per_hour: u32,
    /// Chat messages a person may send in any minute.
    pub messages_per_minute: u32,
    /// Writes (`POST`, `PUT`, `PATCH`, `DELETE`) a signed-in person may send a minute on
    /// average, and at most at once (`auth::limits`).
    pub writes_per_minute: u32,
    pub write_burst: u32,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            issuer: "seteli".into(),
            audience: "seteli-app".into(),
            access_token_ttl_seconds: 900,
            session_ttl_days: 30,
            signing_key: None,
            previous_signing_keys: None,
            rate_limit_attempts: 10,
            rate_limit_window_seconds: 60,
            refresh_rate_limit_attempts: 10,
            refresh_rate_limit_window_seconds: 60,
            mandates_per_hour: 10,
            messages_per_minute: 20,
            writes_per_minute: 60,
            write_burst: 30,
        }
    }
}

/// Web Push to people's devices (`push`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PushSettings {
    /// This process sends the queued pushes. Off: they wait for a process with it on.
    pub send: bool,
    /// The VAPID `sub` claim: how a push service reaches the operator (`mailto:` or `https:`).
    pub contact: String,
    /// The VAPID private key: base64url of the 32-byte P-256 scalar. When absent, the key file.
    pub vapid_private_key: Option<Secret>,
    /// The VAPID key's file (PKCS#8 PEM), made at first start when it is not there.
    pub vapid_key_file: String,
    /// Lets devices subscribe with an endpoint on loopback, `http` too: a test receiver. Only
    /// with dev login (demo and test mode).
    pub allow_loopback: bool,
    /// Devices a person may subscribe.
    pub max_subscriptions: u32,
    /// Requests to push services in flight at once.
    pub in_flight: usize,
    /// How long a request to a push service may take, in seconds.
    pub timeout_seconds: u64,
    /// How long a push is tried after it was queued, in hours; then it is kept as failed.
    pub give_up_hours: i64,
    /// How often the sender looks for due pushes besides being woken, in milliseconds.
    pub poll_millis: u64,
}

impl Default for PushSettings {
    fn default() -> Self {
        PushSettings {
            send: true,
            contact: "mailto:push@seteli.invalid".into(),
            vapid_private_key: None,
            vapid_key_file: "data/vapid.key".into(),
            allow_loopback: false,
            max_subscriptions: 5,
            in_flight: 32,
            timeout_seconds: 10,
            give_up_hours: 24,
            poll_millis: 1000,
        }
    }
}

impl PushSettings {
    fn validate(&self, dev_login: bool) -> Result<(), SettingsError> {
        if !(self.contact.starts_with("mailto:") || self.contact.starts_with("https:")) {
            return Err(SettingsError::Invalid(
                "push.contact must be a mailto: or https: address".into(),
            ));
        }
        if self.allow_loopback && !dev_login {
            return Err(SettingsError::Invalid(
                "push.allow_loopback lets the server call itself, so it is only for demo and test mode (dev_login)".into(),
            ));
        }
        if !(1..=20).contains(&self.max_subscriptions)
            || !(1..=1024).contains(&self.in_flight)
            || !(1..=60).contains(&self.timeout_seconds)
            || !(1..=168).contains(&self.give_up_hours)
            || !(10..=60_000).contains(&self.poll_millis)
        {
            return Err(SettingsError::Invalid(
                "push: max_subscriptions 1–20, in_flight 1–1024, timeout_seconds 1–60, give_up_hours 1–168, poll_millis 10–60000".into(),
            ));
        }
        Ok(())
    }
}

/// The OpenID Connect provider whose ID tokens we accept (Suomi.fi identification in production).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityProviderSettings {
    pub issuer: String,
    /// Our client id at the provider: the `aud` of its ID tokens.
    pub audience: String,
    /// Claim that carries the personal identity code.
    #[serde(default = "default_personal_id_claim")]
    pub personal_id_claim: String,
    /// Claim that carries the person's name, used as the display name on first sign-in.
    #[serde(default = "default_name_claim")]
    pub name_claim: String,
    /// Tolerated clock difference in seconds.
    #[serde(default = "default_leeway")]
    pub leeway_seconds: i64,
    /// Accept test identity codes (individual number 900–999), as the provider's test
    /// environment issues. Never on in production.
    #[serde(default)]
    pub accept_test_codes: bool,
    pub keys: Vec<IdentityProviderKey>,
}

fn default_personal_id_claim() -> String {
    "personal_identity_code".into()
}
fn default_name_claim() -> String {
    "name".into()
}
fn default_leeway() -> i64 {
    30
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityProviderKey {
    /// Key id (`kid` header); when absent the key is tried for tokens without `kid`.
    pub kid: Option<String>,
    /// One of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, EdDSA.
    pub algorithm: String,
    /// The public key in PEM.
    pub public_key_pem: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: "127.0.0.1:8080".into(),
            database_url: "sqlite://data/seteli.db".into(),
            database_pool_size: 8,
            run_migrations: true,
            json_limit_bytes: 64 * 1024,
            log_format: LogFormat::Text,
            dev_login: false,
            workers: None,
            auth: AuthSettings::default(),
            identity_provider: None,
            push: PushSettings::default(),
            housekeeping: HousekeepingSettings::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read the settings file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the settings are not valid: {0}")]
    Parse(String),
    #[error("{0}")]
    Invalid(String),
}

impl Settings {
    /// Reads `path` if it exists (a missing file is fine only when `required` is false), then
    /// applies `SETELI_*` variables from `env`, then validates the result.
    pub fn load(
        path: &Path,
        required: bool,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Settings, SettingsError> {
        let settings = Self::load_unvalidated(path, required, env)?;
        settings.validate()?;
        Ok(settings)
    }

    /// Like [`Settings::load`] without the checks, for commands that need only part of it.
    pub fn load_unvalidated(
        path: &Path,
        required: bool,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Settings, SettingsError> {
        let mut table = match std::fs::read_to_string(path) {
            Ok(text) => text
                .parse::<toml::Table>()
                .map_err(|e| SettingsError::Parse(format!("{}: {e}", path.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => toml::Table::new(),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        for (key, value) in env {
            let Some(rest) = key.strip_prefix("SETELI_") else {
                continue;
            };
            let parts: Vec<String> = rest.split("__").map(|p| p.to_ascii_lowercase()).collect();
            set_path(&mut table, &parts, env_value(&value))?;
        }
        let settings: Settings = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| SettingsError::Parse(e.to_string()))?;
        Ok(settings)
    }

    /// Checks everything that can be checked before opening a socket or a database.
    pub fn validate(&self) -> Result<(), SettingsError> {
        DatabaseUrl::parse(&self.database_url).map_err(SettingsError::Invalid)?;
        let addr: SocketAddr = self.bind.parse().map_err(|_| {
            SettingsError::Invalid(format!(
                "bind must be an address and port such as 127.0.0.1:8080, not {:?}",
                self.bind
            ))
        })?;
        if self.dev_login && !addr.ip().is_loopback() {
            return Err(SettingsError::Invalid(format!(
                "dev login lets anyone sign in as a demo person, so it is only allowed on a loopback address such as 127.0.0.1, not {addr}"
            )));
        }
        self.push.validate(self.dev_login)?;
        if self.workers == Some(0) {
            return Err(SettingsError::Invalid("workers must be at least 1".into()));
        }
        if !(60..=900).contains(&self.auth.access_token_ttl_seconds) {
            return Err(SettingsError::Invalid(
                "auth.access_token_ttl_seconds must be between 60 and 900 (15 minutes)".into(),
            ));
        }
        if !(1..=365).contains(&self.auth.session_ttl_days) {
            return Err(SettingsError::Invalid(
                "auth.session_ttl_days must be between 1 and 365".into(),
            ));
        }
        if self.auth.refresh_rate_limit_attempts == 0
            || self.auth.refresh_rate_limit_window_seconds <= 0
            || self.auth.mandates_per_hour == 0
            || self.auth.messages_per_minute == 0
            || self.auth.writes_per_minute == 0
            || self.auth.write_burst == 0
        {
            return Err(SettingsError::Invalid(
                "auth.refresh_rate_limit_attempts, auth.refresh_rate_limit_window_seconds, auth.mandates_per_hour, auth.messages_per_minute, auth.writes_per_minute and auth.write_burst must be positive"
                    .into(),
            ));
        }
        if self.auth.rate_limit_attempts == 0 || self.auth.rate_limit_window_seconds <= 0 {
            return Err(SettingsError::Invalid(
                "auth.rate_limit_attempts and auth.rate_limit_window_seconds must be positive"
                    .into(),
            ));
        }
        if !(1024..=16 * 1024 * 1024).contains(&self.json_limit_bytes) {
            return Err(SettingsError::Invalid(
                "json_limit_bytes must be between 1024 and 16777216".into(),
            ));
        }
        if self.housekeeping.every_seconds == 0 || self.housekeeping.batch == 0 {
            return Err(SettingsError::Invalid(
                "housekeeping.every_seconds and housekeeping.batch must be positive".into(),
            ));
        }
        if self.database_pool_size == 0 {
            return Err(SettingsError::Invalid(
                "database_pool_size must be at least 1".into(),
            ));
        }
        let Some(key) = &self.auth.signing_key else {
            return Err(SettingsError::Invalid(
                "auth.signing_key is required: base64 of at least 32 random bytes (SETELI_AUTH__SIGNING_KEY)".into(),
            ));
        };
        check_key("auth.signing_key", key.expose())?;
        for old in previous_keys(&self.auth) {
            check_key("auth.previous_signing_keys", old)?;
        }
        if let Some(idp) = &self.identity_provider {
            if idp.keys.is_empty() {
                return Err(SettingsError::Invalid(
                    "identity_provider.keys must list at least one public key".into(),
                ));
            }
        }
        Ok(())
    }

    pub fn signing_key_bytes(&self) -> Vec<u8> {
        self.auth
            .signing_key
            .as_ref()
            .and_then(|k| decode_key(k.expose()))
            .unwrap_or_default()
    }

    /// Every key that verifies, the one that signs first (`auth.previous_signing_keys`).
    pub fn signing_keys(&self) -> Vec<Vec<u8>> {
        let mut keys = vec![self.signing_key_bytes()];
        keys.extend(previous_keys(&self.auth).filter_map(decode_key));
        keys
    }
}

fn decode_key(key: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(key.trim())
        .ok()
}

fn previous_keys(auth: &AuthSettings) -> impl Iterator<Item = &str> {
    auth.previous_signing_keys
        .iter()
        .flat_map(|keys| keys.expose().split(','))
        .map(str::trim)
        .filter(|k| !k.is_empty())
}

fn check_key(name: &str, key: &str) -> Result<(), SettingsError> {
    match decode_key(key) {
        None => Err(SettingsError::Invalid(format!("{name} must be base64"))),
        Some(bytes) if bytes.len() < 32 => Err(SettingsError::Invalid(format!(
            "{name} must hold at least 32 bytes"
        ))),
        Some(_) => Ok(()),
    }
}

/// Environment values are typed like TOML where they look like it (numbers, booleans),
/// otherwise they are strings.
fn env_value(raw: &str) -> toml::Value {
    let trimmed = raw.trim();
    if let Ok(b) = trimmed.parse::<bool>() {
        return toml::Value::Boolean(b);
    }
    if let Ok(i) = trimmed.parse::<i64>() {
        return toml::Value::Integer(i);
    }
    toml::Value::String(raw.to_string())
}

fn set_path(
    table: &mut toml::Table,
    parts: &[String],
    value: toml::Value,
) -> Result<(), SettingsError> {
    match parts {
        [] => Ok(()),
        [last] => {
            table.insert(last.clone(), value);
            Ok(())
        }
        [first, rest @ ..] => {
            let entry = table
                .entry(first.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            match entry {
                toml::Value::Table(t) => set_path(t, rest, value),
                _ => Err(SettingsError::Parse(format!(
                    "SETELI_{} conflicts with a value in the settings file",
                    parts.join("__").to_ascii_uppercase()
                ))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> String {
        base64::engine::general_purpose::STANDARD.encode([7u8; 32])
    }

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn environment_overrides_file_and_nests_with_double_underscore() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seteli.toml");
        std::fs::write(
            &path,
            "bind = \"127.0.0.1:9000\"\ndatabase_url = \"sqlite://x.db\"\n[auth]\naccess_token_ttl_seconds = 600\n",
        )
        .unwrap();
        let s = Settings::load(
            &path,
            true,
            env(&[
                ("SETELI_BIND", "127.0.0.1:9100"),
                ("SETELI_AUTH__SIGNING_KEY", &key()),
                ("SETELI_AUTH__RATE_LIMIT_ATTEMPTS", "3"),
                ("OTHER", "ignored"),
            ]),
        )
        .unwrap();
        assert_eq!(s.bind, "127.0.0.1:9100");
        assert_eq!(s.database_url, "sqlite://x.db");
        assert_eq!(s.auth.access_token_ttl_seconds, 600);
        assert_eq!(s.auth.rate_limit_attempts, 3);
        assert!(!s.dev_login);
    }

    #[test]
    fn refuses_unknown_scheme_missing_key_long_tokens_and_unknown_keys() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.toml");
        let err = |pairs: &[(&str, &str)]| {
            Settings::load(&missing, false, env(pairs))
                .unwrap_err()
                .to_string()
        };
        let k = key();
        assert!(err(&[
            ("SETELI_DATABASE_URL", "mysql://x"),
            ("SETELI_AUTH__SIGNING_KEY", &k)
        ])
        .contains("scheme"));
        assert!(err(&[]).contains("signing_key"));
        assert!(err(&[
            ("SETELI_AUTH__SIGNING_KEY", &k),
            ("SETELI_AUTH__ACCESS_TOKEN_TTL_SECONDS", "3600")
        ])
        .contains("900"));
        assert!(err(&[("SETELI_AUTH__SIGNING_KEY", "c2hvcnQ=")]).contains("32 bytes"));
        // Every previous key is checked as the signing key is, and the list splits at commas.
        let two = format!("{k}, {k}");
        let ok = Settings::load(
            &missing,
            false,
            env(&[
                ("SETELI_AUTH__SIGNING_KEY", &k),
                ("SETELI_AUTH__PREVIOUS_SIGNING_KEYS", &two),
            ]),
        )
        .unwrap();
        assert_eq!(ok.signing_keys().len(), 3);
        let bad = format!("{k},c2hvcnQ=");
        assert!(err(&[
            ("SETELI_AUTH__SIGNING_KEY", &k),
            ("SETELI_AUTH__PREVIOUS_SIGNING_KEYS", &bad)
        ])
        .contains("previous_signing_keys must hold at least 32 bytes"));
        assert!(err(&[
            ("SETELI_AUTH__SIGNING_KEY", &k),
            ("SETELI_DEV_LOGIN", "true"),
            ("SETELI_BIND", "0.0.0.0:8080")
        ])
        .contains("loopback"));
        assert!(
            err(&[("SETELI_AUTH__SIGNING_KEY", &k), ("SETELI_NO_SUCH", "1")]).contains("no_such")
        );
        assert!(
            Settings::load(&missing, true, env(&[])).is_err(),
            "a required file must exist"
        );
    }

    #[test]
    fn secret_debug_hides_the_value() {
        let s = Secret::new("very-secret");
        assert!(!format!("{s:?}").contains("very-secret"));
    }
}
