//! The access log as a person reads it: who did what, as whom, in one plain sentence.

use crate::pagination::{Page, Paged, NEXT_AFTER};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::repo::Entry;
use super::{ActingAs, Action};
use crate::i18n::{Lang, Localizer};

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActorRef {
    #[schema(format = Uuid)]
    pub id: String,
    pub display_name: String,
}

/// In which capacity someone acted, as the log recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LoggedAs {
    /// The client themself.
    #[serde(rename = "self")]
    Myself,
    Proxy,
    Caseworker,
    ProviderStaff,
    /// The row names a capacity this version does not know: shown as such, never as the client.
    Unknown,
}

impl LoggedAs {
    pub fn parse(stored: &str) -> LoggedAs {
        match ActingAs::parse(stored) {
            Some(ActingAs::Myself) => LoggedAs::Myself,
            Some(ActingAs::Proxy) => LoggedAs::Proxy,
            Some(ActingAs::Caseworker) => LoggedAs::Caseworker,
            Some(ActingAs::ProviderStaff) => LoggedAs::ProviderStaff,
            None => LoggedAs::Unknown,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            LoggedAs::Myself => "self",
            LoggedAs::Proxy => "proxy",
            LoggedAs::Caseworker => "caseworker",
            LoggedAs::ProviderStaff => "provider_staff",
            LoggedAs::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccessLogEntry {
    #[schema(format = Uuid)]
    pub id: String,
    /// When, in UTC.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who did it.
    pub actor: ActorRef,
    /// In which capacity.
    pub acting_as: LoggedAs,
    /// The action's stable code, e.g. `client.view`.
    pub action: String,
    /// The action's name in the reader's language.
    pub action_name: String,
    /// One plain sentence: who did what.
    pub description: String,
    /// The address that was used.
    pub resource: String,
    pub request_id: String,
}

pub type AccessLogPage = Page<AccessLogEntry>;

impl Paged for AccessLogEntry {
    const PAGE: &'static str = "AccessLogPage";
    const ORDER: Option<&'static str> = Some("Newest first.");
    const NEXT: Option<&'static str> = Some(NEXT_AFTER);
}

/// Renders rows of the log of `client_id` (named `client_name`) in `lang`.
pub struct Texts<'a> {
    pub i18n: &'a Localizer,
    pub lang: Lang,
    pub client_id: &'a str,
    pub client_name: &'a str,
}

impl Texts<'_> {
    pub fn entry(&self, e: Entry) -> AccessLogEntry {
        let logged_as = LoggedAs::parse(&e.acting_as);
        let message = Action::message_id(&e.action);
        // "You did it" only for a row that says the client acted as themself: a row this
        // version cannot read is someone's, and it is not shown as the client's.
        let who = if e.actor_id == self.client_id && logged_as == LoggedAs::Myself {
            "self"
        } else {
            "other"
        };
        // Staff are named with the organisation they acted for, where the row keeps it.
        let role = match (&e.organisation, logged_as) {
            (Some(_), LoggedAs::ProviderStaff) => "provider_staff_of",
            _ => logged_as.as_str(),
        };
        let actor = self.i18n.text(
            self.lang,
            "actor-with-role",
            &vec![
                ("name", e.display_name.clone().into()),
                ("acting_as", role.into()),
                ("client", self.client_name.into()),
                (
                    "organisation",
                    e.organisation.clone().unwrap_or_default().into(),
                ),
            ],
        );
        let description = self
            .i18n
            .attr(
                self.lang,
                &message,
                "sentence",
                &vec![
                    ("who", who.into()),
                    ("actor", actor.into()),
                    ("name", e.display_name.clone().into()),
                ],
            )
            .unwrap_or_else(|| e.action.clone());
        AccessLogEntry {
            at: e.created_at.and_utc(),
            actor: ActorRef {
                id: e.actor_id,
                display_name: e.display_name,
            },
            acting_as: logged_as,
            action_name: self.i18n.text(self.lang, &message, &vec![]),
            action: e.action,
            description,
            resource: e.resource,
            request_id: e.request_id,
            id: e.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(acting_as: &str) -> Entry {
        Entry {
            id: "e1".into(),
            created_at: chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            actor_id: "client".into(),
            display_name: "Aino".into(),
            acting_as: acting_as.into(),
            action: "client.view".into(),
            resource: "/api/v1/clients/client".into(),
            request_id: "r".into(),
            organisation: None,
        }
    }

    #[test]
    fn a_row_of_unknown_capacity_is_never_shown_as_the_clients_own() {
        let i18n = Localizer::new().unwrap();
        for lang in Lang::ALL {
            let t = Texts {
                i18n: &i18n,
                lang,
                client_id: "client",
                client_name: "Aino",
            };
            let own = t.entry(entry("self"));
            let unknown = t.entry(entry("robot"));
            assert_eq!(unknown.acting_as, LoggedAs::Unknown);
            assert_ne!(own.description, unknown.description, "{lang:?}");
            assert!(unknown.description.contains("Aino"), "{lang:?}");
        }
    }
}
