//! What the database said, kept in memory while one counter stands still.
//!
//! A counter row (`catalog_version`, `auth_version`) is bumped by database triggers on every
//! write to the tables behind it, whoever writes. A request reads the counter in its own
//! snapshot and then asks for an entry read at that same counter; once the counter moves,
//! every entry is dropped and read afresh. A request still reading an older snapshot is
//! answered from the database and keeps nothing, so nothing stale is kept for the requests
//! after it.

use std::collections::HashMap;
use std::sync::RwLock;

pub struct Versioned<V> {
    inner: RwLock<Inner<V>>,
    /// Beyond this many entries the map starts again empty, so that memory stays bounded.
    max_entries: usize,
}

struct Inner<V> {
    version: i64,
    by_key: HashMap<String, V>,
}

impl<V> Versioned<V> {
    pub fn new(max_entries: usize) -> Versioned<V> {
        Versioned {
            inner: RwLock::new(Inner {
                version: 0,
                by_key: HashMap::new(),
            }),
            max_entries,
        }
    }
}

/// Names no entry: they may be about people.
impl<V> std::fmt::Debug for Versioned<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Versioned").finish_non_exhaustive()
    }
}

impl<V: Clone> Versioned<V> {
    /// The entry for `key` as read at `version`, if it was read at that version.
    pub fn get(&self, version: i64, key: &str) -> Option<V> {
        let inner = self.inner.read().unwrap_or_else(|p| p.into_inner());
        if inner.version != version {
            return None;
        }
        inner.by_key.get(key).cloned()
    }

    /// The entry for `key` as read at `version`; otherwise what `read` finds, kept if it finds
    /// anything. `read` must read in the snapshot `version` was read in.
    pub fn get_or_read<E>(
        &self,
        version: i64,
        key: &str,
        read: impl FnOnce() -> Result<Option<V>, E>,
    ) -> Result<Option<V>, E> {
        if let Some(value) = self.get(version, key) {
            return Ok(Some(value));
        }
        let found = read()?;
        if let Some(value) = &found {
            self.put(version, key, value.clone());
        }
        Ok(found)
    }

    /// Keeps `value`, read at `version`. A newer version drops everything kept before it; a
    /// request still reading an older snapshot keeps nothing.
    pub fn put(&self, version: i64, key: &str, value: V) {
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        if version < inner.version {
            return;
        }
        if version > inner.version || inner.by_key.len() >= self.max_entries {
            inner.by_key.clear();
            inner.version = version;
        }
        inner.by_key.insert(key.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_counter_forgets_every_entry() {
        let kept = Versioned::new(16);
        kept.put(3, "a", "A");
        kept.put(3, "b", "B");
        assert_eq!(kept.get(3, "a"), Some("A"));
        // A row behind the counter changed: it moved, and nothing read before counts.
        assert_eq!(kept.get(4, "a"), None);
        kept.put(4, "a", "A2");
        assert_eq!(kept.get(4, "a"), Some("A2"));
        assert_eq!(kept.get(4, "b"), None);
    }

    #[test]
    fn a_read_from_an_older_snapshot_is_not_kept() {
        let kept = Versioned::new(16);
        kept.put(5, "a", "new");
        // A request that began before the change finishes after it: what it read is stale.
        kept.put(4, "a", "old");
        assert_eq!(kept.get(5, "a"), Some("new"));
        assert_eq!(kept.get(4, "a"), None);
    }

    #[test]
    fn what_a_read_finds_is_kept_and_nothing_is_kept_for_nothing() {
        let kept = Versioned::new(16);
        let mut reads = 0;
        let mut read = |found: Option<&'static str>| {
            kept.get_or_read(1, "a", || {
                reads += 1;
                Ok::<_, ()>(found)
            })
        };
        assert_eq!(read(None), Ok(None));
        assert_eq!(read(Some("A")), Ok(Some("A")));
        // Kept: the next read is not made.
        assert_eq!(read(Some("other")), Ok(Some("A")));
        assert_eq!(reads, 2);
    }

    #[test]
    fn a_full_map_starts_again_empty() {
        let kept = Versioned::new(2);
        kept.put(1, "a", 1);
        kept.put(1, "b", 2);
        kept.put(1, "c", 3);
        assert_eq!(kept.get(1, "a"), None);
        assert_eq!(kept.get(1, "c"), Some(3));
    }
}
