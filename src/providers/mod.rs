//! Service providers. The registry arrives with its own issue; the business id parser is here.

pub mod business_id;
