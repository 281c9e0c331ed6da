//! One integration-test binary. Every test spawns the app on its own fresh database; the same
//! tests run on SQLite, or on PostgreSQL when TEST_DATABASE_URL is set.

mod access;
mod agreements;
mod attendance;
mod auth;
mod backup;
mod billing;
mod billing_property;
mod booking;
mod caching;
mod chat;
mod conformance;
mod contract;
mod crash;
mod dates;
mod errors;
mod examples;
mod helpers;
mod house;
mod journal;
mod leaks;
mod limits;
mod mandates;
mod matrix;
mod parsers;
mod protocol;
mod providers;
mod push;
mod push_receiver;
mod schema;
mod screens;
mod socket;
mod texts;
mod visit_rules;
mod visits;
mod vouchers;
