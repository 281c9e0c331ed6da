//! The SQL of persons, their roles and clients' records.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::{ClientRow, PersonRow, PersonalId, Role, RoleGrant};
use crate::db::cache::{Counter, Reading, Remember};
use crate::db::schema::{clients, persons, role_grants};
use crate::db::DbConnection;
use crate::error::AppError;
use crate::i18n::Lang;

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<PersonRow>, AppError> {
    Ok(crate::native!(conn, |c| persons::table
        .find(id)
        .select(PersonRow::as_select())
        .first(c)
        .optional())?)
}

/// A person's date of birth, from their identity code.
pub fn birth_date(conn: &mut DbConnection, id: &str) -> Result<chrono::NaiveDate, AppError> {
    let person = find(conn, id)?.ok_or_else(AppError::not_found)?;
    let code = super::personal_id::parse_allowing_test_codes(&person.personal_id)
        .map_err(|e| AppError::internal(anyhow::anyhow!("stored identity code: {e}")))?;
    Ok(code.birth_date())
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

/// Sets a person's work phone and e-mail (`None`: none).
pub fn set_work_contact(
    conn: &mut DbConnection,
    id: &str,
    phone: Option<&str>,
    email: Option<&str>,
) -> Result<(), AppError> {
    diesel::update(persons::table.find(id))
        .set((persons::work_phone.eq(phone), persons::work_email.eq(email)))
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

/// Clients' records as reads keep them: valid while `client_version` stands still (triggers
/// bump it on any change to a client's record).
struct Clients;

impl Remember for Clients {
    type Value = ClientRow;
    const COUNTER: Counter = Counter::Clients;
    const MAX_ENTRIES: usize = 100_000;
}

/// The client's record, from memory in a read while nothing about clients changed.
pub fn client(r: &mut Reading<'_>, person_id: &str) -> Result<Option<ClientRow>, AppError> {
    r.remember::<Clients>(person_id, |conn| find_client(conn, person_id))
}

/// A person's name as they signed in with it.
pub fn display_name(conn: &mut DbConnection, id: &str) -> Result<String, AppError> {
    Ok(persons::table
        .find(id)
        .select(persons::display_name)
        .first(conn)?)
}

/// People's names as reads keep them: valid while `auth_version` stands still (triggers bump it
/// when a person's name changes).
struct Names;

impl Remember for Names {
    type Value = String;
    const COUNTER: Counter = Counter::Auth;
    const MAX_ENTRIES: usize = 100_000;
}

/// A person's name, from memory in a read.
pub fn name(r: &mut Reading<'_>, id: &str) -> Result<String, AppError> {
    Ok(
        r.remember::<Names>(id, |conn| display_name(conn, id).map(Some))?
            .unwrap_or_default(),
    )
}

/// A person at work: their name and how to reach them there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkContact {
    pub display_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Work contacts as reads keep them: valid while `auth_version` stands still (triggers bump it
/// when a person's name or work contact changes).
struct Contacts;

impl Remember for Contacts {
    type Value = WorkContact;
    const COUNTER: Counter = Counter::Auth;
    const MAX_ENTRIES: usize = 10_000;
}

/// A person's name and work contact, from memory in a read.
pub fn work_contact(r: &mut Reading<'_>, id: &str) -> Result<WorkContact, AppError> {
    let found = r.remember::<Contacts>(id, |conn| {
        let row: Option<(String, Option<String>, Option<String>)> = persons::table
            .find(id)
            .select((
                persons::display_name,
                persons::work_phone,
                persons::work_email,
            ))
            .first(conn)
            .optional()?;
        Ok(row.map(|(display_name, phone, email)| WorkContact {
            display_name,
            phone,
            email,
        }))
    })?;
    Ok(found.unwrap_or_default())
}

/// People's names and languages, by person id.
pub fn people(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<std::collections::HashMap<String, (String, Option<String>)>, AppError> {
    let rows: Vec<(String, String, Option<String>)> = persons::table
        .filter(persons::id.eq_any(ids))
        .select((persons::id, persons::display_name, persons::language))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, lang)| (id, (name, lang)))
        .collect())
}

/// The staff of a provider organisation: who is told of what happens with its clients.
pub fn staff_of(conn: &mut DbConnection, provider_id: &str) -> Result<Vec<String>, AppError> {
    use crate::db::schema::role_grants;
    Ok(role_grants::table
        .filter(role_grants::provider_id.eq(provider_id))
        .filter(role_grants::role.eq(super::Role::ProviderStaff.as_str()))
        .select(role_grants::person_id)
        .distinct()
        .load(conn)?)
}
