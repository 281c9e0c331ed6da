//! What the chat benchmark loads straight into the database: pairs of people who may write to
//! each other, a Heinola client and the one staff member of a provider with whom the client has
//! an agreement in force (the live relation that opens a provider thread for messages), and a
//! session for each of them, so that tokens can be made without signing in. Each pair has a
//! provider of its own: a message in the pair's thread then has exactly one recipient besides
//! its sender. (Included by `#[path]` next to `heinola_days.rs`, whose vouchers and agreements
//! it uses.)

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use seteli::db::schema::persons;
use seteli::db::{write_transaction, DbConnection};
use seteli::error::AppError;
use seteli::persons::Role;
use seteli::providers::repo::{self, ProviderRow, SiteRow};
use seteli::vocab::LegalForm;

use super::heinola_days::{voucher_and_agreement, Place};

const MUNICIPALITY: &str = "heinola";

/// One person of a pair: who, and the session their tokens belong to.
#[derive(Clone)]
pub struct Member {
    pub person_id: String,
    pub session_id: String,
}

/// A client and the staff member of the client's provider.
#[derive(Clone)]
pub struct Pair {
    pub provider_id: String,
    pub client: Member,
    pub staff: Member,
}

/// Loads `count` pairs in one write transaction. The caseworker who issued the vouchers is one
/// for all; nobody else is loaded.
pub fn load_pairs(
    conn: &mut DbConnection,
    count: usize,
    now: DateTime<Utc>,
) -> Result<Vec<Pair>, AppError> {
    let at = now.naive_utc();
    let today = seteli::clock::helsinki_date(now);
    let person = |conn: &mut DbConnection, code: String, name: String| {
        let id = uuid::Uuid::now_v7().to_string();
        diesel::insert_into(persons::table)
            .values((
                persons::id.eq(&id),
                persons::personal_id.eq(code),
                persons::display_name.eq(name),
                persons::created_at.eq(at),
            ))
            .execute(conn)
            .map(|_| id)
    };
    // A session of a day: longer than any run, and no refresh is ever asked for.
    let member = |conn: &mut DbConnection, person_id: String| -> Result<Member, AppError> {
        let (session_id, _refresh) = seteli::auth::repo::start_session(conn, &person_id, now, 1)?;
        Ok(Member {
            person_id,
            session_id,
        })
    };
    write_transaction(conn, |conn| {
        let caseworker = person(conn, "bench-chat-cw".into(), "Bench Caseworker".into())?;
        seteli::persons::repo::grant_role(
            conn,
            &caseworker,
            Role::Caseworker,
            Some(MUNICIPALITY),
            None,
            now,
        )?;
        let mut pairs = Vec::with_capacity(count);
        for i in 0..count {
            let provider = ProviderRow {
                id: uuid::Uuid::now_v7().to_string(),
                name: format!("Keskustelupaja {i} ry"),
                created_at: at,
                business_id: None,
                legal_form: LegalForm::Association.as_str().to_string(),
                phone: None,
                email: None,
                website: None,
                description_fi: String::new(),
                description_sv: String::new(),
                description_en: String::new(),
            };
            repo::insert(conn, &provider)?;
            let site = SiteRow {
                id: uuid::Uuid::now_v7().to_string(),
                provider_id: provider.id.clone(),
                name: format!("Keskustelupaja {i}"),
                street_address: "Savontie 5".into(),
                postal_code: "18100".into(),
                city: MUNICIPALITY.into(),
                // Spread over a few kilometres around the centre of Heinola.
                lat: 61.2 + (i % 97) as f64 * 0.0005,
                lon: 26.03 + (i % 89) as f64 * 0.0005,
                created_at: at,
                updated_at: at,
            };
            repo::insert_site(conn, &site)?;
            let staff = person(
                conn,
                format!("bench-chat-staff-{i}"),
                format!("Ohjaaja {i}"),
            )?;
            seteli::persons::repo::grant_role(
                conn,
                &staff,
                Role::ProviderStaff,
                None,
                Some(&provider.id),
                now,
            )?;
            let client = person(conn, format!("bench-chat-{i}"), format!("Asiakas {i}"))?;
            seteli::persons::repo::make_client(
                conn,
                &client,
                MUNICIPALITY,
                Some("Kauppakatu 3"),
                Some((61.2, 26.04)),
                now,
            )?;
            let place = Place {
                provider_id: &provider.id,
                site_id: &site.id,
                caseworker: &caseworker,
            };
            voucher_and_agreement(
                conn,
                &client,
                format!("BENCH-CHAT-{i:08}"),
                &place,
                (today, at),
            )?;
            pairs.push(Pair {
                provider_id: provider.id,
                client: member(conn, client)?,
                staff: member(conn, staff)?,
            });
        }
        Ok(pairs)
    })
}
