//! What a person reads of chat: threads with their last message and unread count, and
//! messages with who wrote them (for whom) and, for the sender's side, who read them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::repo::{MessageRow, ReceiptRow};
use super::Side;
use crate::i18n::{Lang, Localizer};
use crate::pagination::{Page, Paged};

pub type ThreadPage = Page<ThreadView>;
pub type MessagePage = Page<MessageView>;

/// Someone of the other side who read a message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Reader {
    pub name: String,
    pub read_at: DateTime<Utc>,
}

/// One message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageView {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub thread_id: String,
    pub sent_at: DateTime<Utc>,
    /// The side it came from.
    pub side: Side,
    /// Who wrote it, as a person reads it: "Liisa Virtanen on behalf of Aino Virtanen".
    pub from: String,
    /// Written by me.
    pub mine: bool,
    pub text: String,
    /// For a message my side sent: read by someone of the other side.
    pub read: bool,
    /// For a message my side sent: who of the other side read it, and when.
    pub read_by: Vec<Reader>,
    /// For a message to me: I have not read it yet.
    pub unread: bool,
}

/// Whom a thread is with.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ThreadWith {
    /// `provider` or `city`.
    pub side: Side,
    /// The provider, for a thread with one.
    #[schema(format = Uuid)]
    pub provider_id: Option<String>,
    /// The municipality, for a thread with its caseworkers.
    pub municipality: Option<String>,
    /// The provider's name, or "The social services of Heinola".
    pub name: String,
}

/// A thread, as one of its people sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ThreadView {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub client_id: String,
    pub client_name: String,
    pub with: ThreadWith,
    /// The side I take in it.
    pub my_side: Side,
    /// Takes new messages: a thread with a provider closes when the booking or agreement ends.
    pub open: bool,
    /// Why it takes no new messages, when it does not.
    pub closed_note: Option<String>,
    /// Messages to me I have not read.
    #[schema(minimum = 0)]
    pub unread: i64,
    pub last_message: Option<MessageView>,
}

impl Paged for ThreadView {
    const PAGE: &'static str = "ThreadPage";
    const ORDER: Option<&'static str> = Some("The most recently active first.");
    const NEXT: Option<&'static str> = Some(crate::pagination::NEXT_AFTER);
}

impl Paged for MessageView {
    const PAGE: &'static str = "MessagePage";
    const ORDER: Option<&'static str> = Some("Newest first.");
    const NEXT: Option<&'static str> =
        Some("Pass as `before` for the page of older messages; absent on the last page.");
}

/// What messages need to be shown to `me` on `my_side`: names and receipts.
pub struct Context<'a> {
    pub me: &'a str,
    pub my_side: Side,
    pub names: &'a HashMap<String, String>,
    pub receipts: &'a [(ReceiptRow, String)],
    pub lang: Lang,
    pub i18n: &'a Localizer,
}

impl Context<'_> {
    pub fn message(&self, m: &MessageRow) -> MessageView {
        let side = Side::parse(&m.side).unwrap_or(Side::Client);
        let name = |id: &str| self.names.get(id).cloned().unwrap_or_default();
        let from = match &m.on_behalf_of {
            Some(client) => self.i18n.text(
                self.lang,
                "chat-on-behalf",
                &vec![
                    ("helper", name(&m.sender_id).into()),
                    ("client", name(client).into()),
                ],
            ),
            None => name(&m.sender_id),
        };
        let of_message = self.receipts.iter().filter(|(r, _)| r.message_id == m.id);
        let mut read_by: Vec<Reader> = Vec::new();
        let mut unread = false;
        for (r, reader) in of_message {
            if r.recipient_id == self.me {
                unread = r.read_at.is_none();
            }
            if side == self.my_side {
                if let Some(at) = r.read_at {
                    read_by.push(Reader {
                        name: reader.clone(),
                        read_at: at.and_utc(),
                    });
                }
            }
        }
        read_by.sort_by_key(|r| r.read_at);
        MessageView {
            id: m.id.clone(),
            thread_id: m.thread_id.clone(),
            sent_at: m.sent_at.and_utc(),
            side,
            from,
            mine: m.sender_id == self.me,
            text: m.body.clone(),
            read: !read_by.is_empty(),
            read_by,
            unread,
        }
    }
}
