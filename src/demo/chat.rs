//! The demo's chat, each message sent by its writer at its time through the door:
//! - Aino (Heinola) asked Kipinä about her intro visit; Jari answered, and both read it. Her
//!   helper Liisa wrote for her that she comes by bus; Jari's answer to that waits unread.
//! - Helena, Aino's caseworker, asked her to call; Aino has not read it yet.

use chrono::{DateTime, Duration, Utc};

use super::as_persona;
use super::personas::PROVIDER_HEINOLA;
use crate::access::door::{Door, Target};
use crate::access::ClientWrite;
use crate::chat::repo::{self, ThreadRow};
use crate::chat::{work, With};
use crate::clock::{helsinki_date, start_of_day};
use crate::db::DbConnection;
use crate::error::AppError;

/// (writer, text, minutes before now, read by the other side)
type Line = (&'static str, &'static str, i64, bool);

const WITH_KIPINA: &[Line] = &[
    (
        "client-heinola",
        "Hei! Tulen tutustumiskäynnille. Mistä ovesta tulen sisään?",
        26 * 60,
        true,
    ),
    (
        "staff-heinola",
        "Hei Aino! Tule pääovesta, olen vastassa kello 9. Tervetuloa!",
        25 * 60,
        true,
    ),
    (
        "relative",
        "Aino tulee bussilla. Se voi olla 10 minuuttia myöhässä.",
        2,
        true,
    ),
    (
        "staff-heinola",
        "Kiitos tiedosta, se ei haittaa. Odotan teitä.",
        1,
        false,
    ),
];

const WITH_CITY: &[Line] = &[(
    "caseworker-heinola",
    "Hei Aino, soitathan minulle tällä viikolla. Katsotaan yhdessä, miten tutustuminen meni.",
    5 * 60,
    false,
)];

pub(super) fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let aino = super::persona_id(conn, "client-heinola")?;
    let kipina = With::Provider(PROVIDER_HEINOLA.to_string());
    if repo::thread_with(conn, &aino, &kipina)?.is_some() {
        return Ok(());
    }
    thread(conn, now, &aino, kipina, WITH_KIPINA)?;
    thread(conn, now, &aino, With::City(String::new()), WITH_CITY)?;
    Ok(())
}

/// Opens Aino's thread with `with` as she would, then sends each line as its writer and marks
/// it read by the other side when it was.
fn thread(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    client: &str,
    with: With,
    lines: &[Line],
) -> Result<(), AppError> {
    let Some(first) = lines.first() else {
        return Ok(());
    };
    let opened = when(now, first.2);
    let opener = as_persona(conn, "client-heinola", "/api/v1/threads")?;
    let (thread, _) = Door::act_in(
        conn,
        &opener,
        ClientWrite::OpenThread,
        Target::path("me"),
        opened,
        |c, access, ()| work::open(c, access, with),
    )?;
    let reader = match thread.with() {
        With::Provider(_) => "staff-heinola",
        With::City(_) => "caseworker-heinola",
    };
    for (writer, text, minutes, read) in lines {
        let at = when(now, *minutes);
        let path = format!("/api/v1/threads/{}/messages", thread.id);
        let actor = as_persona(conn, writer, &path)?;
        let sent = Door::act_in(
            conn,
            &actor,
            ClientWrite::SendMessage,
            of(client, &thread),
            at,
            |c, access, t| {
                let id = uuid::Uuid::now_v7().to_string();
                work::send(c, access, &t, &id, text.to_string()).map(|(row, _)| row)
            },
        )?;
        if *read {
            let who = if *writer == "client-heinola" || *writer == "relative" {
                reader
            } else {
                "client-heinola"
            };
            let path = format!("/api/v1/threads/{}/read", thread.id);
            let actor = as_persona(conn, who, &path)?;
            Door::act_in(
                conn,
                &actor,
                ClientWrite::ReadMessages,
                of(client, &thread),
                (at + Duration::minutes(20)).min(now),
                |c, access, t| work::mark_read(c, access, &t, &sent.id),
            )?;
        }
    }
    Ok(())
}

/// `minutes` before `now`; a line of the last minutes no earlier than today's start, when the
/// helper's power of attorney (valid from today) is in force.
fn when(now: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    let at = now - Duration::minutes(minutes);
    if minutes < 60 {
        at.max(start_of_day(helsinki_date(now)))
    } else {
        at
    }
}

fn of(client: &str, thread: &ThreadRow) -> Target<ThreadRow> {
    let found = (client.to_string(), thread.clone());
    Target::of(move |_| Ok(Some(found)))
}
