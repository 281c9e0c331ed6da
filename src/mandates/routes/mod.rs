//! The mandate routes, by audience. `client.rs`: `POST/GET /clients/{c}/mandates`,
//! `GET/DELETE /clients/{c}/mandates/{m}`. `caseworker.rs`: `POST /caseworker/mandates`
//! (register directly), `POST /caseworker/mandates/{m}/approve`, `/reject` and `/end`.
//! `helper.rs`: `GET /me/mandates`, `POST /me/mandates/{m}/decline` and `/renounce`. This file
//! holds the request bodies and their parsing.

pub mod caseworker;
pub mod client;
pub mod helper;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::door::Target;
use crate::error::{AppError, ErrorCode};
use crate::input::{Day, Line, Paragraph};
use crate::mandates::repo::{self, MandateRow};
use crate::mandates::{
    parse_proxy_name, Grant, RegisteredBasis, Scope, Scopes, Validity, MAX_NAME_CHARS,
    MAX_REASON_CHARS, MAX_REFERENCE_CHARS,
};
use crate::persons::{personal_id, PersonalId};
use crate::state::AppState;

/// The mandate `id`, found in the change's own transaction with the client it is from.
pub(super) fn of_mandate(id: String) -> Target<MandateRow> {
    Target::of(move |conn| Ok(repo::find(conn, &id)?.map(|m| (m.client_id.clone(), m))))
}

// ---------------------------------------------------------------------------------------------
// Request and response bodies

/// A power of attorney the client gives. It waits for the caseworker's approval.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMandateRequest {
    /// The helper's personal identity code. They need not have used the app yet.
    #[schema(pattern = "^\\s*[0-9]{6}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-Ya-y]\\s*$")]
    pub proxy_personal_id: String,
    /// The helper's name, as the client knows them.
    pub proxy_name: Line<{ MAX_NAME_CHARS }>,
    /// What the helper may do: at least one.
    #[schema(min_items = 1)]
    pub scopes: Vec<Scope>,
    /// The first day (Helsinki date). Today when left out; never in the past.
    pub valid_from: Option<Day>,
    /// The last day, at most two years after the first.
    pub valid_until: Day,
}

/// A power of attorney a caseworker registers from paper or for a legal guardian. It is valid at
/// once, without a separate approval.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterMandateRequest {
    #[schema(format = Uuid)]
    pub client_id: String,
    #[schema(pattern = "^\\s*[0-9]{6}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-Ya-y]\\s*$")]
    pub proxy_personal_id: String,
    pub proxy_name: Line<{ MAX_NAME_CHARS }>,
    #[schema(min_items = 1)]
    pub scopes: Vec<Scope>,
    pub valid_from: Option<Day>,
    pub valid_until: Day,
    /// `paper` (a signed power of attorney) or `guardian` (edunvalvoja).
    pub basis: RegisteredBasis,
}

/// The decision that ended a guardianship.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndGuardianshipRequest {
    /// The decision's reference, e.g. the court's or the agency's number. The client sees it.
    pub decision_reference: Line<{ MAX_REFERENCE_CHARS }>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// Why, in words the client understands. The client sees it.
    pub reason: Paragraph<{ MAX_REASON_CHARS }>,
}

// ---------------------------------------------------------------------------------------------
// Parsing at the edge

fn parse_proxy_id(state: &AppState, input: &str) -> Result<PersonalId, AppError> {
    // Test codes (individual number 900–999) are accepted exactly where they can sign in.
    let test_codes = state.settings.dev_login
        || state
            .settings
            .identity_provider
            .as_ref()
            .is_some_and(|p| p.accept_test_codes);
    let parsed = if test_codes {
        personal_id::parse_allowing_test_codes(input)
    } else {
        personal_id::parse(input)
    };
    parsed.map_err(|_| AppError::new(ErrorCode::MandateInvalidPersonalId))
}

/// A mandate's content as asked for, parsed.
pub(super) fn grant(
    state: &AppState,
    proxy_personal_id: &str,
    proxy_name: &str,
    scopes: &[Scope],
    valid_from: Option<NaiveDate>,
    valid_until: NaiveDate,
    today: NaiveDate,
) -> Result<Grant, AppError> {
    Ok(Grant {
        proxy: parse_proxy_id(state, proxy_personal_id)?,
        name: parse_proxy_name(proxy_name)?,
        scopes: Scopes::new(scopes.iter().copied())?,
        validity: Validity::new(valid_from, valid_until, today)?,
    })
}
