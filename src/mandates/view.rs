//! Powers of attorney as people read them: the client and the caseworker, and the helper.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::repo::{Loaded, MandateRow};
use super::{Basis, EventKind, Scope, Status};
use crate::access::ActingAs;
use crate::error::AppError;
use crate::i18n::{Lang, Localizer};
use crate::persons::personal_id;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PersonRef {
    pub id: String,
    pub display_name: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProxyRef {
    /// The name the client gave.
    pub display_name: String,
    /// The identity code with its last four characters hidden.
    pub personal_id_masked: String,
    /// Whether the helper has signed in to the app. Shown only while the power of attorney is
    /// active: before that, anyone could name an identity code and learn whether its owner
    /// uses the app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_in: Option<bool>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MandateEvent {
    pub event: EventKind,
    /// When, in UTC.
    pub at: DateTime<Utc>,
    pub actor: PersonRef,
    pub acting_as: ActingAs,
    /// The caseworker's reason, for a rejection.
    pub reason: Option<String>,
    /// One plain sentence: who did what.
    pub description: String,
}

/// A power of attorney, as the client and the caseworker see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Mandate {
    pub id: String,
    pub client: PersonRef,
    pub proxy: ProxyRef,
    pub scopes: Vec<Scope>,
    /// The scopes in the reader's language.
    pub scope_names: Vec<String>,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub basis: Basis,
    pub basis_name: String,
    pub status: Status,
    pub status_name: String,
    /// True when the helper may act with it today.
    pub in_force: bool,
    pub created_at: DateTime<Utc>,
    /// Every change, oldest first.
    pub history: Vec<MandateEvent>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MandatePage {
    /// Newest first.
    pub items: Vec<Mandate>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<String>,
}

/// A power of attorney, as the helper sees it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProxyMandate {
    pub id: String,
    /// Whom the helper may act for.
    pub client: PersonRef,
    pub scopes: Vec<Scope>,
    pub scope_names: Vec<String>,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub basis: Basis,
    pub basis_name: String,
    pub status: Status,
    pub status_name: String,
    pub in_force: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProxyMandatePage {
    pub items: Vec<ProxyMandate>,
    pub next_after: Option<String>,
}

pub struct Texts<'a> {
    pub i18n: &'a Localizer,
    pub lang: Lang,
    pub today: NaiveDate,
}

impl Texts<'_> {
    fn text(&self, id: &str) -> String {
        self.i18n.text(self.lang, id, &vec![])
    }

    fn common(&self, row: &MandateRow) -> Result<(Vec<Scope>, Vec<String>, Status), AppError> {
        let scopes: Vec<Scope> = row.scopes().into_iter().collect();
        let names = scopes
            .iter()
            .map(|s| self.text(&format!("mandate-scope-{}", s.as_str())))
            .collect();
        Ok((scopes, names, row.status(self.today)?))
    }

    pub fn mandate(&self, m: &Loaded) -> Result<Mandate, AppError> {
        let row = &m.row;
        let (scopes, scope_names, status) = self.common(row)?;
        let basis = row.basis();
        Ok(Mandate {
            id: row.id.clone(),
            client: PersonRef {
                id: row.client_id.clone(),
                display_name: m.client_name.clone(),
            },
            proxy: ProxyRef {
                display_name: row.proxy_name.clone(),
                personal_id_masked: personal_id::parse_allowing_test_codes(&row.proxy_personal_id)
                    .map(|p| p.masked())
                    .unwrap_or_else(|_| "***********".into()),
                signed_in: (status == Status::Active).then_some(row.proxy_person_id.is_some()),
            },
            scopes,
            scope_names,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            basis,
            basis_name: self.text(&format!("mandate-basis-{}", basis.as_str())),
            status,
            status_name: self.text(&format!("mandate-status-{}", status.as_str())),
            in_force: row.in_force(self.today),
            created_at: row.created_at.and_utc(),
            history: m
                .events
                .iter()
                .map(|e| MandateEvent {
                    event: e.event,
                    at: e.at.and_utc(),
                    actor: PersonRef {
                        id: e.actor_id.clone(),
                        display_name: e.actor_name.clone(),
                    },
                    acting_as: e.acting_as,
                    reason: e.reason.clone(),
                    description: self.i18n.text(
                        self.lang,
                        &format!("mandate-event-{}", e.event.as_str()),
                        &vec![("actor", e.actor_name.clone().into())],
                    ),
                })
                .collect(),
        })
    }

    pub fn for_proxy(&self, m: &Loaded) -> Result<ProxyMandate, AppError> {
        let row = &m.row;
        let (scopes, scope_names, status) = self.common(row)?;
        let basis = row.basis();
        Ok(ProxyMandate {
            id: row.id.clone(),
            client: PersonRef {
                id: row.client_id.clone(),
                display_name: m.client_name.clone(),
            },
            scopes,
            scope_names,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            basis,
            basis_name: self.text(&format!("mandate-basis-{}", basis.as_str())),
            status,
            status_name: self.text(&format!("mandate-status-{}", status.as_str())),
            in_force: row.in_force(self.today),
        })
    }
}
