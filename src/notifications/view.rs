//! The inbox as a person reads it, in their language at the time they read it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::repo::NotificationRow;
use super::{Facts, Kind};
use crate::i18n::{format_date, format_moment, ArgValue, Args, Lang, Localizer};
use crate::refs::Link;

#[derive(Debug, Serialize, ToSchema)]
pub struct Notification {
    /// Increasing: pass the newest you saw to catch up later.
    #[schema(format = Uuid)]
    pub id: String,
    pub kind: Kind,
    /// A short heading.
    pub title: String,
    /// What happened and what to do, in a sentence or two.
    pub text: String,
    /// What it is about: open `href` to show it.
    pub subject: Option<Link>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    /// Newest first.
    pub items: Vec<Notification>,
    /// Unread notifications in all.
    pub unread: i64,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<String>,
}

/// The arguments a kind's text may use, from its stored facts.
fn args(i18n: &Localizer, lang: Lang, kind: Kind, f: &Facts) -> Args {
    let mut args: Args = Vec::new();
    let mut put = |name: &'static str, value: Option<String>| {
        args.push((name, ArgValue::from(value.unwrap_or_default())));
    };
    put("provider", f.provider.clone());
    put("site", f.site.clone());
    put("address", f.address.clone());
    put("when", f.starts_at.map(|t| format_moment(t, lang)));
    put("date", f.date.map(|d| format_date(d, lang)));
    put("reason", f.reason.clone());
    // A refusal's reason, or an agreement's: each kind's codes have their own texts.
    let reasons = kind.reason_texts();
    put(
        "reason_text",
        f.reason_code
            .as_deref()
            .map(|code| format!("{reasons}-{}", code.replace('_', "-")))
            .filter(|id| i18n.has(lang, id))
            .map(|id| i18n.text(lang, &id, &vec![])),
    );
    put("reason_code", f.reason_code.clone());
    put("client", f.client.clone());
    put(
        "reader",
        Some(
            if f.client.is_some() {
                "other"
            } else {
                "client"
            }
            .to_string(),
        ),
    );
    put(
        "side",
        Some(f.side.clone().unwrap_or_else(|| "none".into())),
    );
    put(
        "document",
        f.document
            .as_deref()
            .map(|d| i18n.text(lang, &format!("document-{}", d.replace('_', "-")), &vec![])),
    );
    args
}

/// One notification in `lang`. A row this version cannot read shows as a plain notice.
pub fn render(i18n: &Localizer, lang: Lang, row: NotificationRow) -> Option<Notification> {
    let kind = Kind::parse(&row.kind)?;
    let facts: Facts = serde_json::from_str(&row.params).unwrap_or_default();
    let args = args(i18n, lang, kind, &facts);
    let id = kind.message_id();
    Some(Notification {
        title: i18n.attr(lang, &id, "title", &args).unwrap_or_default(),
        text: i18n.text(lang, &id, &args),
        id: row.id,
        kind,
        subject: row.subject_id.as_deref().map(|id| {
            let client = facts.client_id.as_deref().unwrap_or(&row.recipient_id);
            kind.subject(client, id)
        }),
        created_at: row.created_at.and_utc(),
        read: row.read_at.is_some(),
    })
}
