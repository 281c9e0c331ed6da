//! The people of the demo: clients in Heinola and Kuopio, a relative who helps, provider staff
//! and caseworkers. Each can be signed in as with `POST /auth/dev-login`.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use crate::db::schema::demo_personas;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::persons::{self, PersonalId, Role};

pub struct Persona {
    pub slug: &'static str,
    pub name: &'static str,
    pub birth: (i32, u32, u32),
    pub individual: u16,
    pub language: Option<&'static str>,
    pub client: Option<ClientSeed>,
    pub roles: &'static [(Role, Option<&'static str>, Option<&'static str>)],
    /// A caseworker's work phone and e-mail, as clients read them on a voucher.
    pub work_contact: Option<(&'static str, &'static str)>,
}

pub struct ClientSeed {
    pub municipality: &'static str,
    pub address: &'static str,
    pub home: (f64, f64),
}

pub const PROVIDER_HEINOLA: &str = "0190a000-0000-7000-8000-000000000001";
pub const PROVIDER_KUOPIO: &str = "0190a000-0000-7000-8000-000000000002";
pub const VAYLA: &str = "0190a000-0000-7000-8000-0000000000c6";
pub const POLKU: &str = "0190a000-0000-7000-8000-0000000000c5";

pub const PERSONAS: &[Persona] = &[
    Persona {
        slug: "client-heinola",
        name: "Aino Virtanen",
        birth: (1987, 3, 14),
        individual: 912,
        language: Some("fi"),
        client: Some(ClientSeed {
            municipality: "heinola",
            address: "Kauppakatu 10 B 4, 18100 Heinola",
            home: (61.2045, 26.0372),
        }),
        roles: &[],
        work_contact: None,
    },
    Persona {
        slug: "client-heinola-2",
        name: "Eero Salonen",
        birth: (1990, 8, 21),
        individual: 986,
        language: Some("en"),
        client: Some(ClientSeed {
            municipality: "heinola",
            address: "Reumantie 3, 18100 Heinola",
            home: (61.2105, 26.0410),
        }),
        roles: &[],
        work_contact: None,
    },
    Persona {
        slug: "client-heinola-3",
        name: "Ville Nurmi",
        birth: (1984, 5, 9),
        individual: 948,
        language: Some("en"),
        client: Some(ClientSeed {
            municipality: "heinola",
            address: "Siltakatu 7, 18100 Heinola",
            home: (61.2070, 26.0330),
        }),
        roles: &[],
        work_contact: None,
    },
    Persona {
        slug: "client-kuopio",
        name: "Matti Korhonen",
        birth: (1979, 11, 2),
        individual: 927,
        language: None,
        client: Some(ClientSeed {
            municipality: "kuopio",
            address: "Puijonkatu 21 A 7, 70100 Kuopio",
            home: (62.8953, 27.6720),
        }),
        roles: &[],
        work_contact: None,
    },
    Persona {
        slug: "client-kuopio-2",
        name: "Kaisa Lehtonen",
        birth: (1992, 2, 17),
        individual: 956,
        language: Some("fi"),
        client: Some(ClientSeed {
            municipality: "kuopio",
            address: "Haapaniemenkatu 20 C 9, 70110 Kuopio",
            home: (62.8990, 27.6930),
        }),
        roles: &[],
        work_contact: None,
    },
    Persona {
        slug: "relative",
        name: "Liisa Virtanen",
        birth: (1958, 6, 23),
        individual: 934,
        language: Some("sv"),
        client: None,
        roles: &[(Role::Proxy, None, None)],
        work_contact: None,
    },
    Persona {
        slug: "staff-heinola",
        name: "Jari Nieminen",
        birth: (1975, 1, 30),
        individual: 941,
        language: None,
        client: None,
        roles: &[(Role::ProviderStaff, None, Some(PROVIDER_HEINOLA))],
        work_contact: None,
    },
    Persona {
        slug: "staff-kuopio",
        name: "Sanna Mäkinen",
        birth: (1983, 9, 8),
        individual: 958,
        language: None,
        client: None,
        roles: &[(Role::ProviderStaff, None, Some(PROVIDER_KUOPIO))],
        work_contact: None,
    },
    Persona {
        slug: "caseworker-heinola",
        name: "Helena Lahtinen",
        birth: (1970, 4, 17),
        individual: 963,
        language: None,
        client: None,
        roles: &[(Role::Caseworker, Some("heinola"), None)],
        work_contact: Some(("044 000 0101", "helena.lahtinen@heinola.example")),
    },
    Persona {
        slug: "caseworker-kuopio",
        name: "Pekka Heikkinen",
        birth: (1968, 12, 5),
        individual: 979,
        language: Some("en"),
        client: None,
        roles: &[(Role::Caseworker, Some("kuopio"), None)],
        work_contact: Some(("044 000 0202", "pekka.heikkinen@kuopio.example")),
    },
    Persona {
        slug: "staff-vayla",
        name: "Tiina Korhonen",
        birth: (1979, 6, 12),
        individual: 995,
        language: None,
        client: None,
        roles: &[(Role::ProviderStaff, None, Some(VAYLA))],
        work_contact: None,
    },
    Persona {
        slug: "staff-polku",
        name: "Mikko Laine",
        birth: (1988, 2, 3),
        individual: 971,
        language: None,
        client: None,
        roles: &[(Role::ProviderStaff, None, Some(POLKU))],
        work_contact: None,
    },
];

/// Adds the personas that are missing, with their roles (a provider's staff get theirs when the
/// provider is registered); returns how many were added.
pub(super) fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut added = 0;
    for (order, p) in PERSONAS.iter().enumerate() {
        let exists: i64 = demo_personas::table
            .filter(demo_personas::slug.eq(p.slug))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            continue;
        }
        let person = person(conn, p.name, p.birth, p.individual, now)?;
        if let Some(lang) = p.language.and_then(|l| l.parse().ok()) {
            persons::repo::set_language(conn, &person, lang)?;
        }
        if let Some((phone, email)) = p.work_contact {
            persons::repo::set_work_contact(conn, &person, Some(phone), Some(email))?;
        }
        if let Some(c) = &p.client {
            persons::repo::make_client(
                conn,
                &person,
                c.municipality,
                Some(c.address),
                Some(c.home),
                now,
            )?;
        }
        for (role, municipality, provider) in p.roles {
            if provider.is_none() {
                persons::repo::grant_role(conn, &person, *role, *municipality, None, now)?;
            }
        }
        diesel::insert_into(demo_personas::table)
            .values((
                demo_personas::slug.eq(p.slug),
                demo_personas::person_id.eq(&person),
                demo_personas::sort_order.eq(order as i32),
            ))
            .execute(conn)?;
        added += 1;
    }
    Ok(added)
}

/// The person of a demo identity code (a test code: born on `birth`, individual number 900–999),
/// made when missing; their id.
pub(super) fn person(
    conn: &mut DbConnection,
    name: &str,
    birth: (i32, u32, u32),
    individual: u16,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let birth = NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("bad demo birth date")))?;
    let code = PersonalId::test_code(birth, individual)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("bad demo identity code")))?;
    Ok(persons::repo::find_or_create(conn, &code, Some(name), now)?
        .0
        .id)
}

/// The staff persona who works for `provider`, if one does.
pub(super) fn staff_of(provider: &str) -> Option<&'static str> {
    PERSONAS
        .iter()
        .find(|p| {
            p.roles
                .iter()
                .any(|r| r.0 == Role::ProviderStaff && r.2 == Some(provider))
        })
        .map(|p| p.slug)
}
