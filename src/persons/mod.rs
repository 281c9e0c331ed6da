//! Persons: anyone who signs in. A person may hold several roles.

pub mod personal_id;
pub mod repo;
pub mod routes;

use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use personal_id::PersonalId;

use crate::db::schema::{clients, persons};
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Client,
    Proxy,
    ProviderStaff,
    Caseworker,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Proxy => "proxy",
            Role::ProviderStaff => "provider_staff",
            Role::Caseworker => "caseworker",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "client" => Some(Role::Client),
            "proxy" => Some(Role::Proxy),
            "provider_staff" => Some(Role::ProviderStaff),
            "caseworker" => Some(Role::Caseworker),
            _ => None,
        }
    }
}

/// One role a person holds, with where it applies.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RoleGrant {
    pub role: Role,
    /// For caseworkers and clients: the municipality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    /// For provider staff: the provider organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub provider_id: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = persons)]
pub struct PersonRow {
    pub id: String,
    pub personal_id: String,
    pub display_name: String,
    pub language: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub last_sign_in_at: Option<chrono::NaiveDateTime>,
}

impl PersonRow {
    pub fn language(&self) -> Option<Lang> {
        self.language.as_deref().and_then(|l| l.parse().ok())
    }

    /// The identity code for display: birth date shown, the rest hidden.
    pub fn personal_id_masked(&self) -> String {
        personal_id::parse_allowing_test_codes(&self.personal_id)
            .map(|p| p.masked())
            .unwrap_or_else(|_| "***********".into())
    }
}

/// A client's record: where they live, which municipality serves them.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = clients)]
pub struct ClientRow {
    pub person_id: String,
    pub municipality_code: String,
    pub home_address: Option<String>,
    pub home_lat: Option<f64>,
    pub home_lon: Option<f64>,
    pub created_at: chrono::NaiveDateTime,
}

impl ClientRow {
    /// Where the client lives, where a search measures from and a booking checks the reach
    /// from; `None` while their home is not known.
    pub fn home(&self) -> Option<crate::geo::Coordinates> {
        Some(crate::geo::Coordinates::stored(
            self.home_lat?,
            self.home_lon?,
        ))
    }
}
