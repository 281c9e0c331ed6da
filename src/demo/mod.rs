//! Demo data: seeded by `seteli demo`, idempotently (a second run adds nothing). Names and places
//! are made up; identity codes are test codes (individual number 900–999) that belong to nobody.
//!
//! Everything is seeded through the feature functions the routes call, each decided by the door
//! for the person who would have done it (`Door::act_in` and its kin), at the moment they would
//! have done it. So the demo obeys every rule, and its access log and inboxes read as if people
//! had used the app. Nothing here writes a feature's rows itself.

mod agreements;
mod attendance;
mod billing;
mod chat;
mod mandates;
mod personas;
mod providers;
pub mod push;
mod visits;
mod vouchers;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

pub use personas::{ClientSeed, Persona, PERSONAS, PROVIDER_HEINOLA, PROVIDER_KUOPIO};

use crate::attendance::code::Sealer;
use crate::auth::Actor;
use crate::db::schema::demo_personas;
use crate::db::{write_transaction, DbConnection};
use crate::error::AppError;
use crate::i18n::Lang;

/// Seeds everything that is missing; returns how many personas were added. The sites' code
/// secrets are sealed with a key of the demo's own (a server with another key replaces them).
pub fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    seed_with(conn, now, &Sealer::new(b"seteli demo seed"))
}

/// [`seed`], sealing the sites' code secrets with the server's `sealer`.
pub fn seed_with(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    sealer: &Sealer,
) -> Result<usize, AppError> {
    let added = write_transaction(conn, |conn| {
        let added = personas::seed(conn, now)?;
        providers::seed(conn, now)?;
        vouchers::seed(conn, now)?;
        mandates::seed(conn, now)?;
        visits::seed(conn, now)?;
        agreements::seed(conn, now)?;
        attendance::seed(conn, now, sealer)?;
        chat::seed(conn, now)?;
        billing::seed(conn, now)?;
        Ok::<_, AppError>(added)
    })?;
    // Aino's phone subscribes after the rest is there: what the demo made is not pushed.
    write_transaction(conn, |conn| push::seed(conn, now))?;
    Ok(added)
}

/// The person id of the persona `slug`.
fn persona_id(conn: &mut DbConnection, slug: &str) -> Result<String, AppError> {
    demo_personas::table
        .find(slug)
        .select(demo_personas::person_id)
        .first(conn)
        .optional()?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no demo persona {slug}")))
}

/// The person `person_id` as the door sees someone signed in, asking for `path` (which the
/// access log names).
fn actor(conn: &mut DbConnection, person_id: &str, path: &str) -> Result<Actor, AppError> {
    Ok(Actor {
        person_id: person_id.to_string(),
        display_name: crate::persons::repo::display_name(conn, person_id)?,
        session_id: "demo".into(),
        roles: crate::persons::repo::roles(conn, person_id)?,
        lang: Lang::Fi,
        stored_lang: None,
        request_id: "demo".into(),
        path: path.to_string(),
    })
}

/// The persona `slug` signed in, asking for `path`.
fn as_persona(conn: &mut DbConnection, slug: &str, path: &str) -> Result<Actor, AppError> {
    let id = persona_id(conn, slug)?;
    actor(conn, &id, path)
}

#[cfg(test)]
mod tests {
    use super::PERSONAS;
    use crate::i18n::{Lang, Localizer};

    /// The sign-in page describes each persona; a new one without its words would show a key.
    #[test]
    fn every_persona_is_described_in_each_language() {
        let i18n = Localizer::new().unwrap();
        for p in PERSONAS {
            for lang in Lang::ALL {
                let id = format!("persona-{}", p.slug);
                assert!(i18n.has(lang, &id), "{id} is missing in {lang:?}");
            }
        }
    }
}
