//! The signed-in sessions this process has checked, kept in memory between requests.
//!
//! Every request with an access token must know that its session is still open and who its
//! person is now, with their roles: a logout, a revocation or a changed role counts on the very
//! next request. Reading the session, the person and the roles took two statements and a tenth
//! of the search's time. Now a request reads one counter, `auth_version`, which database
//! triggers bump whenever a session is ended or deleted, a person's name or language changes,
//! or a role is granted, changed or taken away (migration `auth_version`). While the counter
//! stands where it stood when a session was read, what was read still holds; once it moves,
//! every entry is dropped and each session is read afresh on its next request (see
//! [`Versioned`]).
//!
//! The counter is read in the request's own snapshot, so a request sees the session exactly as
//! the database had it at that moment, as it did when it read the rows themselves.

use chrono::NaiveDateTime;

use crate::db::versioned::Versioned;
use crate::i18n::Lang;
use crate::persons::RoleGrant;

/// A session as read while the counter stood at the cache's version.
#[derive(Debug, Clone)]
pub struct OpenSession {
    pub person_id: String,
    pub display_name: String,
    pub stored_lang: Option<Lang>,
    pub roles: Vec<RoleGrant>,
    pub expires_at: NaiveDateTime,
}

/// Open sessions by session id.
pub type SessionCache = Versioned<OpenSession>;

/// Beyond this many sessions the cache starts again empty, so that memory stays bounded.
pub const MAX_SESSIONS: usize = 100_000;
