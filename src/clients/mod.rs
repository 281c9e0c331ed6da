//! A client's own record.

pub mod records;
pub mod routes;
