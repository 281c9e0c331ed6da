//! The signed-in sessions this process has checked, kept in memory between requests.
//!
//! Every request with an access token must know that its session is still open and who its
//! person is now, with their roles: a logout, a revocation or a changed role counts on the very
//! next request. Reading the session, the person and the roles took two statements and a tenth
//! of the search's time. Now a request reads one counter, `auth_version`, which database
//! triggers bump whenever a session is ended or deleted, a person's name or language changes,
//! or a role is granted, changed or taken away (migration `auth_version`). While the counter
//! stands where it stood when a session was read, what was read still holds; once it moves,
//! every entry is dropped and each session is read afresh on its next request.
//!
//! The counter is read in the request's own snapshot, so a request sees the session exactly as
//! the database had it at that moment, as it did when it read the rows themselves.

use std::collections::HashMap;
use std::sync::RwLock;

use chrono::NaiveDateTime;

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

/// Beyond this many sessions the cache starts again empty, so that memory stays bounded.
const MAX_SESSIONS: usize = 100_000;

#[derive(Default)]
struct Inner {
    version: i64,
    by_id: HashMap<String, OpenSession>,
}

#[derive(Default)]
pub struct SessionCache {
    inner: RwLock<Inner>,
}

/// Names no one: the entries are people.
impl std::fmt::Debug for SessionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionCache").finish_non_exhaustive()
    }
}

impl SessionCache {
    /// The open session `id` as read at `version`, if it was read at that version.
    pub fn get(&self, version: i64, id: &str) -> Option<OpenSession> {
        let inner = self.inner.read().unwrap_or_else(|p| p.into_inner());
        if inner.version != version {
            return None;
        }
        inner.by_id.get(id).cloned()
    }

    /// Keeps `session`, read at `version`. A newer version drops everything kept before it; a
    /// request still reading an older snapshot keeps nothing.
    pub fn put(&self, version: i64, id: &str, session: OpenSession) {
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        if version < inner.version {
            return;
        }
        if version > inner.version || inner.by_id.len() >= MAX_SESSIONS {
            inner.by_id.clear();
            inner.version = version;
        }
        inner.by_id.insert(id.to_string(), session);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(name: &str) -> OpenSession {
        OpenSession {
            person_id: "p".into(),
            display_name: name.into(),
            stored_lang: None,
            roles: Vec::new(),
            expires_at: NaiveDateTime::default(),
        }
    }

    #[test]
    fn a_moved_counter_forgets_every_session() {
        let cache = SessionCache::default();
        cache.put(3, "a", session("A"));
        cache.put(3, "b", session("B"));
        assert_eq!(cache.get(3, "a").unwrap().display_name, "A");
        // Someone's role changed: the counter moved, and nothing read before counts.
        assert!(cache.get(4, "a").is_none());
        cache.put(4, "a", session("A2"));
        assert_eq!(cache.get(4, "a").unwrap().display_name, "A2");
        assert!(cache.get(4, "b").is_none());
    }

    #[test]
    fn a_read_from_an_older_snapshot_is_not_kept() {
        let cache = SessionCache::default();
        cache.put(5, "a", session("new"));
        // A request that began before the change finishes after it: what it read is stale.
        cache.put(4, "a", session("old"));
        assert_eq!(cache.get(5, "a").unwrap().display_name, "new");
        assert!(cache.get(4, "a").is_none());
    }
}
