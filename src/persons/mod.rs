//! Persons: anyone who signs in. A person may hold several roles.

pub mod personal_id;
pub mod routes;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use personal_id::PersonalId;

use crate::db::schema::{clients, persons, role_grants};
use crate::db::DbConnection;
use crate::error::AppError;
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

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<PersonRow>, AppError> {
    Ok(crate::native!(conn, |c| persons::table
        .find(id)
        .select(PersonRow::as_select())
        .first(c)
        .optional())?)
}

pub fn roles(conn: &mut DbConnection, person_id: &str) -> Result<Vec<RoleGrant>, AppError> {
    let rows = role_grants::table
        .filter(role_grants::person_id.eq(person_id))
        .order(role_grants::created_at.asc())
        .select((
            role_grants::role,
            role_grants::municipality_code,
            role_grants::provider_id,
        ));
    let rows: Vec<(String, Option<String>, Option<String>)> =
        crate::native!(conn, |c| rows.load(c))?;
    Ok(rows
        .into_iter()
        .filter_map(|(role, municipality, provider_id)| {
            Some(RoleGrant {
                role: Role::parse(&role)?,
                municipality,
                provider_id,
            })
        })
        .collect())
}

/// The person with this identity code, created on first sign-in. Returns the row and whether it
/// was created now.
pub fn find_or_create(
    conn: &mut DbConnection,
    personal_id: &PersonalId,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(PersonRow, bool), AppError> {
    let existing = persons::table
        .filter(persons::personal_id.eq(personal_id.as_str()))
        .select(PersonRow::as_select())
        .first(conn)
        .optional()?;
    if let Some(row) = existing {
        return Ok((row, false));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let display_name = name.unwrap_or("").trim().to_string();
    diesel::insert_into(persons::table)
        .values((
            persons::id.eq(&id),
            persons::personal_id.eq(personal_id.as_str()),
            persons::display_name.eq(&display_name),
            persons::created_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    let row =
        find(conn, &id)?.ok_or_else(|| AppError::internal(anyhow::anyhow!("person vanished")))?;
    Ok((row, true))
}

pub fn touch_sign_in(
    conn: &mut DbConnection,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    diesel::update(persons::table.find(id))
        .set(persons::last_sign_in_at.eq(Some(now.naive_utc())))
        .execute(conn)?;
    Ok(())
}

pub fn set_language(conn: &mut DbConnection, id: &str, lang: Lang) -> Result<(), AppError> {
    diesel::update(persons::table.find(id))
        .set(persons::language.eq(Some(lang.code())))
        .execute(conn)?;
    Ok(())
}

/// Gives a person a role (idempotent).
pub fn grant_role(
    conn: &mut DbConnection,
    person_id: &str,
    role: Role,
    municipality: Option<&str>,
    provider_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let existing: Vec<(Option<String>, Option<String>)> = role_grants::table
        .filter(role_grants::person_id.eq(person_id))
        .filter(role_grants::role.eq(role.as_str()))
        .select((role_grants::municipality_code, role_grants::provider_id))
        .load(conn)?;
    let held = existing
        .iter()
        .any(|(m, p)| m.as_deref() == municipality && p.as_deref() == provider_id);
    if !held {
        diesel::insert_into(role_grants::table)
            .values((
                role_grants::id.eq(uuid::Uuid::now_v7().to_string()),
                role_grants::person_id.eq(person_id),
                role_grants::role.eq(role.as_str()),
                role_grants::municipality_code.eq(municipality),
                role_grants::provider_id.eq(provider_id),
                role_grants::created_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
    }
    Ok(())
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

pub fn find_client(
    conn: &mut DbConnection,
    person_id: &str,
) -> Result<Option<ClientRow>, AppError> {
    Ok(crate::native!(conn, |c| clients::table
        .find(person_id)
        .select(ClientRow::as_select())
        .first(c)
        .optional())?)
}

/// Makes a person a client of a municipality (idempotent), with the client role.
pub fn make_client(
    conn: &mut DbConnection,
    person_id: &str,
    municipality: &str,
    home_address: Option<&str>,
    home: Option<(f64, f64)>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if find_client(conn, person_id)?.is_none() {
        diesel::insert_into(clients::table)
            .values((
                clients::person_id.eq(person_id),
                clients::municipality_code.eq(municipality),
                clients::home_address.eq(home_address),
                clients::home_lat.eq(home.map(|h| h.0)),
                clients::home_lon.eq(home.map(|h| h.1)),
                clients::created_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
    }
    grant_role(conn, person_id, Role::Client, Some(municipality), None, now)
}
