//! Seteli: the backend of an app for Finnish social-service vouchers (palveluseteli).

/// Every request allocates many small strings from several threads; mimalloc's thread-local
/// heaps serve that with far less locking than glibc's arenas.
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
