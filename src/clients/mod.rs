//! A client's own record.

pub mod routes;
