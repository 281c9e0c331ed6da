//! What a person and their device read of push: subscriptions, settings, the public key, and
//! the payload of a push.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::repo::{SettingsRow, SubscriptionRow};
use super::Category;
use crate::db::events::Refs;
use crate::i18n::{Args, Lang, Localizer};
use crate::input::Line;

/// A subscription as a browser's `PushSubscription.toJSON()` gives it, with the device's label.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NewSubscription {
    /// The push service's URL for this device: `https` on a public host.
    #[schema(
        max_length = 2048,
        example = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAAB"
    )]
    pub endpoint: String,
    pub keys: SubscriptionKeys,
    /// When the browser lets the subscription lapse, if it says (ignored).
    #[serde(default)]
    pub expiration_time: Option<f64>,
    /// The device's name, as the person will recognise it in the list.
    #[serde(default)]
    #[schema(value_type = Option<Line<60>>, example = "Puhelin")]
    pub label: Option<Line<60>>,
}

/// The device's keys, base64url.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionKeys {
    /// Its P-256 public key (65 bytes, uncompressed).
    #[schema(
        example = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
    )]
    pub p256dh: String,
    /// Its authentication secret (16 bytes).
    #[schema(
        pattern = "^[A-Za-z0-9_-]{22}(==)?$",
        example = "tBHItJI5svbpez7KI4CCXg"
    )]
    pub auth: String,
}

/// A device that receives my pushes. The endpoint is not shown: only its push service's host.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PushSubscription)]
pub struct Subscription {
    #[schema(format = Uuid)]
    pub id: String,
    pub label: String,
    /// The push service, e.g. `fcm.googleapis.com`.
    pub service: String,
    pub created_at: DateTime<Utc>,
    /// When a push last reached the push service.
    pub last_delivered_at: Option<DateTime<Utc>>,
}

impl Subscription {
    pub fn of(row: SubscriptionRow) -> Subscription {
        let service = url::Url::parse(&row.endpoint)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        Subscription {
            id: row.id,
            label: row.label,
            service,
            created_at: row.created_at.and_utc(),
            last_delivered_at: row.last_delivered_at.map(|t| t.and_utc()),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PushSubscriptionList)]
pub struct SubscriptionList {
    pub items: Vec<Subscription>,
    /// How many devices a person may have.
    pub max: u32,
}

/// Quiet hours, Helsinki time: reminders and messages from staff wait until they end.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuietHoursView {
    /// `HH:MM`
    #[schema(example = "21:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub from: String,
    /// `HH:MM`; earlier than `from` means the next morning.
    #[schema(example = "08:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub until: String,
}

/// What I want pushed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PushSettingsView {
    /// Kinds that do not push. The inbox and the app still show them.
    #[schema(max_items = 6)]
    pub muted: Vec<Category>,
    pub quiet_hours: Option<QuietHoursView>,
}

impl PushSettingsView {
    pub fn of(row: Option<SettingsRow>) -> PushSettingsView {
        let Some(row) = row else {
            return PushSettingsView {
                muted: Vec::new(),
                quiet_hours: None,
            };
        };
        PushSettingsView {
            muted: muted(&row.muted),
            quiet_hours: row
                .quiet_from
                .zip(row.quiet_until)
                .map(|(from, until)| QuietHoursView { from, until }),
        }
    }
}

/// The kinds a stored `muted` names.
pub fn muted(stored: &str) -> Vec<Category> {
    stored.split(',').filter_map(Category::parse).collect()
}

/// The server's VAPID public key, for `pushManager.subscribe({ applicationServerKey })`.
#[derive(Debug, Serialize, ToSchema)]
pub struct VapidPublicKey {
    /// An uncompressed P-256 point, base64url.
    pub public_key: String,
}

/// What a device receives, encrypted for it. Small and safe for a lock screen: no names, no
/// message text, nothing about health; the app asks for the rest when it opens.
#[derive(Debug, Serialize)]
pub struct Payload<'a> {
    /// The push's id: a device that gets one twice (after a crash) shows it once.
    pub id: &'a str,
    /// The event: `message.new` or `notification.new`.
    pub event: &'a str,
    /// The kind of push (`messages`, `reminders`, …).
    pub kind: Category,
    pub title: String,
    #[serde(flatten)]
    pub refs: &'a Refs,
}

/// The title of a push in the reader's language.
pub fn title(i18n: &Localizer, lang: Lang, category: Category) -> String {
    i18n.text(lang, category.title_id(), &Args::new())
}
