//! Which database a URL names. The scheme picks the backend; opening a connection is
//! `DatabaseUrl::connect` (in `connect.rs`).

use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed database URL. The scheme picks the backend; anything else is refused, so a typo can
/// never silently create a SQLite file named after a PostgreSQL URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<DatabaseUrl, String> {
        let url = url.trim();
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("the sqlite:// database URL needs a file path".into());
            }
            // Pooled connections need one shared file (and a second one beside it for the log
            // of reads): an in-memory database would be one per connection, and a `file:` URI
            // would be read with its own rules.
            if path == ":memory:" || path.starts_with("file:") {
                return Err("the sqlite:// database URL needs a plain file path".into());
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(url.to_string()));
        }
        let scheme = url.split("://").next().unwrap_or("");
        Err(format!(
            "unknown database URL scheme {scheme:?}: use sqlite://PATH or postgres://USER@HOST/DB"
        ))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_scheme_picks_the_backend_and_unknown_schemes_are_refused() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("data/x.db"))
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
        assert!(DatabaseUrl::parse("mysql://u@h/db").is_err());
        assert!(DatabaseUrl::parse("data/x.db").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
        assert!(DatabaseUrl::parse("sqlite://:memory:").is_err());
        assert!(DatabaseUrl::parse("sqlite://file:x.db?mode=memory").is_err());
    }
}
