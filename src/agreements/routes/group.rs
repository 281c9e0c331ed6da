//! `POST /provider/closed-groups/delay` and `…/cancel`: staff delay or cancel a closed group
//! (K §4); its clients and their caseworkers are told.

use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::door::Org;
use crate::access::ProviderAction;
use crate::agreements::group::{self, GroupChange};
use crate::agreements::work::EXPLANATION_MAX;
use crate::auth::Actor;
use crate::error::{AppError, Problem};
use crate::input::{Day, Json, Paragraph};
use crate::state::AppState;

/// A closed group, by its service and the day it was announced to start.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupCancel {
    /// The organisation; needed only when the caller works for several.
    #[schema(format = Uuid)]
    pub provider_id: Option<String>,
    /// The service code of the group, e.g. `sr_group`.
    #[schema(max_length = 40)]
    pub service: String,
    /// The day the group was announced to start.
    pub starts_on: Day,
    /// Why; the clients and their caseworkers read it.
    pub reason: Paragraph<{ EXPLANATION_MAX }>,
}

/// A closed group and the later day it starts on.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupDelay {
    /// The organisation; needed only when the caller works for several.
    #[schema(format = Uuid)]
    pub provider_id: Option<String>,
    /// The service code of the group, e.g. `sr_group`.
    #[schema(max_length = 40)]
    pub service: String,
    /// The day the group was announced to start.
    pub starts_on: Day,
    /// The new first day, at most the rulebook's working days later.
    pub delayed_to: Day,
    /// Why; the clients and their caseworkers read it.
    pub reason: Paragraph<{ EXPLANATION_MAX }>,
}

/// What a change did.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupChanged {
    /// The clients' agreements that moved or ended.
    #[schema(format = Uuid)]
    pub agreements: Vec<String>,
}

async fn change(
    state: web::Data<AppState>,
    actor: Actor,
    group: GroupCancel,
    change: GroupChange,
) -> Result<HttpResponse, AppError> {
    let org = Org::Named(group.provider_id.clone());
    let (service, starts_on, reason) = (group.service, group.starts_on.date(), group.reason.0);
    let changed = state
        .door
        .provider(
            &actor,
            ProviderAction::ChangeGroups,
            org,
            move |conn, staff| {
                let rows = group::change_group(conn, staff, &service, starts_on, change, &reason)?;
                Ok(rows.into_iter().map(|a| a.id).collect())
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(GroupChanged {
        agreements: changed,
    }))
}

/// Delay a closed group that is under-filled before its start (K §4), at most the rulebook's
/// working days (Kuopio: 10). Each client's agreement starts on the new day; the clients and
/// their caseworkers are told.
#[utoipa::path(
    operation_id = "delayClosedGroup",
    tag = "provider",
    security(("bearer" = [])),
    request_body = GroupDelay,
    responses(
        (status = 200, description = "Delayed", body = GroupChanged),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No client of the organisation starts in such a group that day", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The group has started", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new day is past the rulebook's delay", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/closed-groups/delay")]
pub async fn delay_group(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<GroupDelay>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let to = GroupChange::Delay(b.delayed_to.date());
    let group = GroupCancel {
        provider_id: b.provider_id,
        service: b.service,
        starts_on: b.starts_on,
        reason: b.reason,
    };
    change(state, actor, group, to).await
}

/// Cancel a closed group before its start (K §4): each client's agreement ends, and the clients
/// and their caseworkers are told.
#[utoipa::path(
    operation_id = "cancelClosedGroup",
    tag = "provider",
    security(("bearer" = [])),
    request_body = GroupCancel,
    responses(
        (status = 200, description = "Cancelled", body = GroupChanged),
        (status = 403, description = "The caller is not provider staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No client of the organisation starts in such a group that day", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The group has started", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/provider/closed-groups/cancel")]
pub async fn cancel_group(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<GroupCancel>,
) -> Result<HttpResponse, AppError> {
    change(state, actor, body.into_inner(), GroupChange::Cancel).await
}
