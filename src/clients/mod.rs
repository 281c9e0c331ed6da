//! A client's own record: name, municipality and home.

pub mod routes;
