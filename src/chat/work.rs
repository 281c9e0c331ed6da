//! Chat's work: open a thread, send, read, mark read. Each runs in the door's transaction with
//! its decision; the events each causes are staged here and written when it commits.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::repo::{self, MessageRow, ReceiptRow, ThreadRow};
use super::view::{Context, MessageView, ThreadView, ThreadWith};
use super::{side_of, Side, With};
use crate::access::{self, Access, ActingAs};
use crate::db::events::{self, Kind, Refs};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::i18n::{Lang, Localizer, Translations};

/// The side the caller takes in `thread`; a thread they take no part in is not there (404).
pub fn side_in(access: &Access, thread: &ThreadRow) -> Result<Side, AppError> {
    if thread.client_id != access.client_id() {
        return Err(AppError::not_found());
    }
    side_of(access, &thread.with()).ok_or_else(AppError::not_found)
}

/// Whether the thread takes new messages: one with the city always, one with a provider while
/// the client has a booking or an agreement with it.
pub fn is_open(
    conn: &mut DbConnection,
    client_id: &str,
    with: &With,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    match with {
        With::City(_) => Ok(true),
        With::Provider(p) => {
            Ok(
                !access::repo::serving(conn, client_id, std::slice::from_ref(p), now.naive_utc())?
                    .is_empty(),
            )
        }
    }
}

/// The client's thread with `with`, added when there is none: `(thread, added)`. A thread with a
/// provider needs a booking or an agreement with it.
pub fn open(
    conn: &mut DbConnection,
    access: &Access,
    with: With,
) -> Result<(ThreadRow, bool), AppError> {
    let with = match with {
        // The client's thread with the city is with their own municipality's caseworkers.
        With::City(_) => With::City(access.client.municipality_code.clone()),
        w => w,
    };
    side_of(access, &with).ok_or_else(AppError::not_found)?;
    if let Some(found) = repo::thread_with(conn, access.client_id(), &with)? {
        return Ok((found, false));
    }
    if !is_open(conn, access.client_id(), &with, access.now)? {
        return Err(AppError::new(ErrorCode::ChatNoRelation));
    }
    let id = uuid::Uuid::now_v7().to_string();
    let (provider_id, municipality_code) = match &with {
        With::Provider(p) => (Some(p.clone()), None),
        With::City(m) => (None, Some(m.clone())),
    };
    let row = ThreadRow {
        activity: id.clone(),
        id,
        client_id: access.client_id().to_string(),
        provider_id,
        municipality_code,
        created_at: access.now.naive_utc(),
    };
    if repo::insert_thread(conn, &row)? {
        // Everyone of both sides sees the new thread in their list at once.
        let today = access.today();
        let mut people = repo::people_of(conn, Side::Client, access.client_id(), &with, today)?;
        people.extend(repo::people_of(
            conn,
            with.side(),
            access.client_id(),
            &with,
            today,
        )?);
        for person in people {
            events::stage(&person, Kind::ThreadUpdated, refs(&row, None), access.now);
        }
        return Ok((row, true));
    }
    let found = repo::thread_with(conn, access.client_id(), &with)?;
    Ok((found.ok_or_else(AppError::not_found)?, false))
}

/// Sends `text` (already normalised) in `thread`: a receipt for each person of the other side,
/// and a `message.new` event for everyone of both sides.
pub fn send(
    conn: &mut DbConnection,
    access: &Access,
    thread: &ThreadRow,
    id: &str,
    text: String,
) -> Result<(MessageRow, Side), AppError> {
    let side = side_in(access, thread)?;
    let with = thread.with();
    if !is_open(conn, access.client_id(), &with, access.now)? {
        return Err(AppError::new(ErrorCode::ChatThreadClosed));
    }
    let today = access.today();
    let other = if side == Side::Client {
        with.side()
    } else {
        Side::Client
    };
    let recipients = repo::people_of(conn, other, access.client_id(), &with, today)?;
    let row = MessageRow {
        id: id.to_string(),
        thread_id: thread.id.clone(),
        sender_id: access.actor_id.clone(),
        side: side.as_str().to_string(),
        on_behalf_of: (access.acting_as == ActingAs::Proxy).then(|| access.client_id().into()),
        body: text,
        sent_at: access.now.naive_utc(),
    };
    repo::insert_message(conn, &row, &recipients)?;
    let mut everyone = repo::people_of(conn, side, access.client_id(), &with, today)?;
    everyone.extend(recipients);
    everyone.push(access.actor_id.clone());
    everyone.sort();
    everyone.dedup();
    for person in &everyone {
        events::stage(person, Kind::MessageNew, refs(thread, Some(id)), access.now);
    }
    Ok((row, side))
}

/// Marks the caller's messages in `thread` read up to `up_to`: the senders hear `message.read`,
/// the caller's other devices `thread.updated`. Answers how many were newly read.
pub fn mark_read(
    conn: &mut DbConnection,
    access: &Access,
    thread: &ThreadRow,
    up_to: &str,
) -> Result<usize, AppError> {
    side_in(access, thread)?;
    let newly = repo::mark_read(
        conn,
        &access.actor_id,
        &thread.id,
        up_to,
        access.now.naive_utc(),
    )?;
    let mut told: Vec<(&str, &str)> = Vec::new();
    for (message, sender) in &newly {
        // One event per sender, naming the last of their messages read.
        match told.iter_mut().find(|(s, _)| s == sender) {
            Some(t) => t.1 = t.1.max(message.as_str()),
            None => told.push((sender, message)),
        }
    }
    for (sender, message) in told {
        events::stage(
            sender,
            Kind::MessageRead,
            refs(thread, Some(message)),
            access.now,
        );
    }
    if !newly.is_empty() {
        events::stage(
            &access.actor_id,
            Kind::ThreadUpdated,
            refs(thread, None),
            access.now,
        );
    }
    Ok(newly.len())
}

fn refs(thread: &ThreadRow, message: Option<&str>) -> Refs {
    Refs {
        thread_id: Some(thread.id.clone()),
        message_id: message.map(str::to_string),
        client_id: Some(thread.client_id.clone()),
        ..Refs::default()
    }
}

/// How a person is shown threads and messages: in their language, as themself.
pub struct Reader<'a> {
    pub me: &'a str,
    pub lang: Lang,
    pub i18n: &'a Localizer,
}

/// Messages with what showing them needs: their receipts and names.
pub struct Gathered {
    pub me: String,
    pub side: Side,
    pub rows: Vec<MessageRow>,
    receipts: Vec<(ReceiptRow, String)>,
    names: HashMap<String, String>,
}

/// Reads the receipts and names of `rows`, for `me` on `side`.
pub fn gather(
    conn: &mut DbConnection,
    me: &str,
    side: Side,
    rows: Vec<MessageRow>,
) -> Result<Gathered, AppError> {
    let ids: Vec<String> = rows.iter().map(|m| m.id.clone()).collect();
    let receipts = repo::receipts(conn, &ids)?;
    let mut people: Vec<String> = rows.iter().map(|m| m.sender_id.clone()).collect();
    people.extend(rows.iter().filter_map(|m| m.on_behalf_of.clone()));
    let names = repo::names(conn, &people)?;
    Ok(Gathered {
        me: me.to_string(),
        side,
        rows,
        receipts,
        names,
    })
}

impl Gathered {
    pub fn views(&self, i18n: &Localizer, lang: Lang) -> Vec<MessageView> {
        let cx = Context {
            me: &self.me,
            my_side: self.side,
            names: &self.names,
            receipts: &self.receipts,
            lang,
            i18n,
        };
        self.rows.iter().map(|m| cx.message(m)).collect()
    }
}

impl Reader<'_> {
    /// Messages as `my_side` reads them, with names and receipts.
    pub fn messages(
        &self,
        conn: &mut DbConnection,
        my_side: Side,
        rows: &[MessageRow],
    ) -> Result<Vec<MessageView>, AppError> {
        Ok(gather(conn, self.me, my_side, rows.to_vec())?.views(self.i18n, self.lang))
    }

    /// A thread as `my_side` sees it, with its last message and `unread`.
    pub fn thread(
        &self,
        conn: &mut DbConnection,
        thread: &ThreadRow,
        my_side: Side,
        open: bool,
        unread: i64,
    ) -> Result<ThreadView, AppError> {
        let gathered = gather_thread(conn, self.me, thread, my_side, open, unread)?;
        Ok(gathered.view(self.i18n, self.lang))
    }
}

/// `thread` as the caller the door decided sees it: their side, open or not, their unread
/// count and its last message (404 for a thread they take no part in).
pub fn gather_seen(
    conn: &mut DbConnection,
    access: &Access,
    thread: &ThreadRow,
) -> Result<GatheredThread, AppError> {
    let side = side_in(access, thread)?;
    let open = is_open(conn, &thread.client_id, &thread.with(), access.now)?;
    let unread = repo::unread(conn, &access.actor_id, std::slice::from_ref(&thread.id))?;
    let n = unread.get(&thread.id).copied().unwrap_or(0);
    gather_thread(conn, &access.actor_id, thread, side, open, n)
}

/// A thread with what showing it needs.
pub struct GatheredThread {
    thread: ThreadRow,
    side: Side,
    open: bool,
    unread: i64,
    client_name: String,
    with_name: Translations,
    last: Gathered,
}

/// Reads what showing `thread` to `me` on `side` needs.
pub fn gather_thread(
    conn: &mut DbConnection,
    me: &str,
    thread: &ThreadRow,
    side: Side,
    open: bool,
    unread: i64,
) -> Result<GatheredThread, AppError> {
    let last = repo::messages(conn, std::slice::from_ref(&thread.activity))?;
    let names = repo::names(conn, std::slice::from_ref(&thread.client_id))?;
    let with_name = match thread.with() {
        With::Provider(p) => {
            let name = repo::provider_name(conn, &p)?.unwrap_or_default();
            Translations {
                fi: name.clone(),
                sv: name.clone(),
                en: name,
            }
        }
        With::City(m) => crate::rulebooks::repo::municipality_name(conn, &m)?,
    };
    Ok(GatheredThread {
        thread: thread.clone(),
        side,
        open,
        unread,
        client_name: names.get(&thread.client_id).cloned().unwrap_or_default(),
        with_name,
        last: gather(conn, me, side, last)?,
    })
}

impl GatheredThread {
    pub fn view(&self, i18n: &Localizer, lang: Lang) -> ThreadView {
        let t = &self.thread;
        let with = match t.with() {
            With::Provider(p) => ThreadWith {
                side: Side::Provider,
                name: self.with_name.get(lang).to_string(),
                provider_id: Some(p),
                municipality: None,
            },
            With::City(m) => ThreadWith {
                side: Side::City,
                name: i18n.text(
                    lang,
                    "chat-with-city",
                    &vec![("municipality", self.with_name.get(lang).into())],
                ),
                provider_id: None,
                municipality: Some(m),
            },
        };
        ThreadView {
            id: t.id.clone(),
            client_id: t.client_id.clone(),
            client_name: self.client_name.clone(),
            with,
            my_side: self.side,
            open: self.open,
            closed_note: (!self.open).then(|| i18n.text(lang, "chat-closed", &vec![])),
            unread: self.unread,
            last_message: self.last.views(i18n, lang).pop(),
        }
    }
}
