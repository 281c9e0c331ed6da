//! The HTTP of providers, by audience: `search.rs` (a client, their helper or caseworker),
//! `public.rs` (anyone), `caseworker.rs` (registering and approving), `staff.rs` (a provider's
//! own sites and offers).

pub mod caseworker;
pub mod public;
pub mod search;
pub mod staff;
