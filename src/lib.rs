//! Seteli: the backend of an app for Finnish social-service vouchers (palveluseteli).

/// Every request allocates many small strings from several threads; mimalloc's thread-local
/// heaps serve that with far less locking than glibc's arenas. It is built not to ask for
/// transparent huge pages (`no_thp`, see `Cargo.toml`): a soak's resident memory then follows
/// what is in use, and does not creep up as the kernel collapses pages behind it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod access;
pub mod agreements;
pub mod app;
pub mod attendance;
pub mod auth;
pub mod billing;
pub mod chat;
pub mod clients;
pub mod clock;
pub mod config;
pub mod contact;
pub mod db;
pub mod demo;
pub mod digest;
pub mod error;
pub mod events;
pub mod geo;
pub mod home;
pub mod http_cache;
pub mod i18n;
pub mod idempotency;
pub mod inbox;
pub mod input;
pub mod mandates;
pub mod money;
pub mod notifications;
pub mod ops;
pub mod pagination;
pub mod persons;
pub mod providers;
pub mod push;
pub mod refs;
pub mod request;
pub mod rulebooks;
pub mod state;
pub mod telemetry;
pub mod text;
pub mod visits;
pub mod vocab;
pub mod vouchers;

pub use app::{openapi, openapi_json, schemas_by_handler, Application};
pub use state::AppState;

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// Where the system gives huge pages only to memory that asks for them (`madvise`, the
    /// default of most distributions), the allocator's memory gets none: its resident size is
    /// what it holds. Fails if mimalloc is built to ask again.
    #[test]
    fn the_allocator_asks_for_no_huge_pages() {
        let mode = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled");
        if !mode.is_ok_and(|m| m.contains("[madvise]")) {
            eprintln!("skipped: transparent huge pages are not in `madvise` mode here");
            return;
        }
        // The process's anonymous huge pages, in kB, summed over its mappings by the kernel.
        let huge = || {
            let rollup = std::fs::read_to_string("/proc/self/smaps_rollup").unwrap_or_default();
            rollup
                .lines()
                .find_map(|l| l.strip_prefix("AnonHugePages:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                .unwrap_or(0)
        };
        let before = huge();
        // 64 MB in blocks of 64 kB, each written to, as a server's heap is.
        let blocks: Vec<Vec<u8>> = (0..1024).map(|i| vec![i as u8; 64 * 1024]).collect();
        let after = huge();
        assert_eq!(blocks.iter().map(Vec::len).sum::<usize>(), 64 << 20);
        assert!(
            after <= before,
            "the heap took {} kB of huge pages",
            after - before
        );
    }
}
