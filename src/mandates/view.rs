//! Powers of attorney as people read them: the client and the caseworker, and the helper.

use crate::pagination::{Page, Paged, NEXT_AFTER};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::repo::{Loaded, MandateRow};
use super::{client_may_revoke, Basis, EventKind, Scope, Status};
use crate::access::ActingAs;
use crate::error::AppError;
use crate::i18n::{format_date, Lang, Localizer};
use crate::persons::personal_id;
use crate::refs::PersonRef;

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
    /// The caseworker's reason, for a rejection; the decision's reference, for an ended
    /// guardianship.
    pub reason: Option<String>,
    /// One plain sentence: who did what.
    pub description: String,
}

/// A power of attorney, as the client and the caseworker see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Mandate {
    #[schema(format = Uuid)]
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
    /// The client may cancel it: one they gave, still pending or valid. A legal guardian's
    /// ends only by a decision, which the caseworker records.
    pub revocable_by_client: bool,
    pub created_at: DateTime<Utc>,
    /// Every change, oldest first.
    pub history: Vec<MandateEvent>,
}

/// Someone who may act for the client today.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActingForClient {
    #[schema(format = Uuid)]
    pub mandate_id: String,
    pub proxy: ProxyRef,
    pub basis: Basis,
    pub basis_name: String,
    pub scopes: Vec<Scope>,
    pub scope_names: Vec<String>,
    /// The last day, included.
    pub valid_until: NaiveDate,
    /// The client may cancel it (not a legal guardian's).
    pub revocable_by_client: bool,
    /// The same in one plain sentence.
    pub text: String,
}

/// The client's powers of attorney, and who may act for them today.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClientMandatePage {
    /// Newest first.
    pub items: Vec<Mandate>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<String>,
    /// Everyone who may act for the client today, whatever the page.
    pub acting_for_client: Vec<ActingForClient>,
}

pub type MandatePage = Page<Mandate>;

impl Paged for Mandate {
    const PAGE: &'static str = "MandatePage";
    const ORDER: Option<&'static str> = Some("Newest first.");
    const NEXT: Option<&'static str> = Some(NEXT_AFTER);
}

/// A power of attorney, as the helper sees it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProxyMandate {
    #[schema(format = Uuid)]
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

pub type ProxyMandatePage = Page<ProxyMandate>;

impl Paged for ProxyMandate {
    const PAGE: &'static str = "ProxyMandatePage";
    const ORDER: Option<&'static str> = None;
    const NEXT: Option<&'static str> = None;
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

    fn proxy_ref(&self, row: &MandateRow) -> ProxyRef {
        ProxyRef {
            display_name: row.proxy_name.clone(),
            personal_id_masked: personal_id::parse_allowing_test_codes(&row.proxy_personal_id)
                .map(|p| p.masked())
                .unwrap_or_else(|_| "***********".into()),
            // Whether the helper uses the app is theirs to tell once they may act: shown only
            // for a mandate in force, so naming an identity code reveals nothing.
            signed_in: (row.status(self.today).ok() == Some(Status::Active))
                .then_some(row.proxy_person_id.is_some()),
        }
    }

    /// Someone who may act for the client today; `reader_is_client` addresses the client.
    pub fn in_force(&self, row: &MandateRow, reader_is_client: bool) -> ActingForClient {
        let scopes: Vec<Scope> = row.scopes().into_iter().collect();
        let basis = row.basis();
        let revocable = row
            .stored_status()
            .is_ok_and(|s| client_may_revoke(basis, s));
        ActingForClient {
            mandate_id: row.id.clone(),
            proxy: self.proxy_ref(row),
            basis,
            basis_name: self.text(&format!("mandate-basis-{}", basis.as_str())),
            scope_names: scopes
                .iter()
                .map(|s| self.text(&format!("mandate-scope-{}", s.as_str())))
                .collect(),
            scopes,
            valid_until: row.valid_until,
            revocable_by_client: revocable,
            text: self.i18n.text(
                self.lang,
                "mandate-acting-for",
                &vec![
                    (
                        "who",
                        if reader_is_client { "self" } else { "other" }.into(),
                    ),
                    ("basis", basis.as_str().into()),
                    ("name", row.proxy_name.clone().into()),
                    ("until", format_date(row.valid_until, self.lang).into()),
                ],
            ),
        }
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
            proxy: self.proxy_ref(row),
            scopes,
            scope_names,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            basis,
            basis_name: self.text(&format!("mandate-basis-{}", basis.as_str())),
            status,
            status_name: self.text(&format!("mandate-status-{}", status.as_str())),
            in_force: row.in_force(self.today),
            revocable_by_client: client_may_revoke(basis, row.stored_status()?),
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
                        &vec![
                            ("actor", e.actor_name.clone().into()),
                            ("reference", e.reason.clone().unwrap_or_default().into()),
                        ],
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
