//! Service providers: the organisation and its business id, a municipality's approval per
//! service, the sites and what each offers; the search a client uses to choose one under the
//! 0–20 km rule; the side-by-side comparison; the public profile.

pub mod business_id;
pub mod catalog;
pub mod domain;
pub mod repo;
pub mod routes;
pub mod view;
