//! The demo's powers of attorney: the relative helps the Heinola client (approved: view, book
//! visits and send messages) and has been asked by the Kuopio client (waiting for the caseworker). Added once;
//! never again after a revocation.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::{as_persona, persona_id};
use crate::access::door::{Door, Target};
use crate::access::{ClientWrite, Scope};
use crate::db::schema::mandates;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::mandates::repo::MandateRow;
use crate::mandates::{work, Basis, Grant, Scopes, Validity};
use crate::persons::personal_id;

/// (client persona, scopes, approved by the caseworker)
const PLANS: &[(&str, &[Scope], Option<&str>)] = &[
    (
        "client-heinola",
        &[Scope::View, Scope::BookVisits, Scope::Message],
        Some("caseworker-heinola"),
    ),
    (
        "client-kuopio",
        &[Scope::View, Scope::BookVisits, Scope::ReportAbsence],
        None,
    ),
];

pub(super) fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let relative = persona_id(conn, "relative")?;
    let person = crate::persons::repo::find(conn, &relative)?.ok_or_else(AppError::not_found)?;
    let code = personal_id::parse_allowing_test_codes(&person.personal_id)
        .map_err(|e| AppError::internal(anyhow::anyhow!("bad demo identity code: {e}")))?;
    let today = crate::clock::helsinki_date(now);
    let until = today
        .checked_add_months(chrono::Months::new(12))
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("date overflow")))?;
    for (client, scopes, approver) in PLANS {
        let client_id = persona_id(conn, client)?;
        let exists: i64 = mandates::table
            .filter(mandates::client_id.eq(&client_id))
            .filter(mandates::proxy_personal_id.eq(code.as_str()))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            continue;
        }
        let grant = Grant {
            proxy: code.clone(),
            name: person.display_name.clone(),
            scopes: Scopes::new(scopes.iter().copied())?,
            validity: Validity::new(Some(today), until, today)?,
        };
        let asker = as_persona(conn, client, "/api/v1/clients/me/mandates")?;
        let created = Door::act_in(
            conn,
            &asker,
            ClientWrite::CreateMandate,
            Target::path("me"),
            now,
            |c, access, ()| work::create(c, access, &grant, Basis::Client),
        )?;
        if let Some(approver) = approver {
            let path = format!("/api/v1/caseworker/mandates/{}/approve", created.row.id);
            let caseworker = as_persona(conn, approver, &path)?;
            let row: MandateRow = created.row;
            Door::act_in(
                conn,
                &caseworker,
                ClientWrite::ApproveMandate,
                Target::of(move |_| Ok(Some((row.client_id.clone(), row)))),
                now,
                |c, access, row| work::decide(c, access, &row, None),
            )?;
        }
    }
    Ok(())
}
