//! Operational endpoints: liveness and readiness.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{AppError, Problem};
use crate::state::AppState;

/// How long `/readyz` waits for the database.
pub const READY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: String,
}

/// Alive: the process answers. Does not touch the database.
#[utoipa::path(
    operation_id = "getHealth",
    tag = "ops",
    responses((status = 200, description = "Alive", body = Health))
)]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
    })
}

/// Ready: the database answers, the access log can be written and, on PostgreSQL, the listener
/// of other servers' events is connected. Otherwise 503, so a load
/// balancer sends traffic elsewhere.
///
/// No read of client data is answered before its access-log row is committed, so while the
/// access-log writer cannot commit, every such read fails.
#[utoipa::path(
    operation_id = "getReadiness",
    tag = "ops",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "The database does not answer, or the access log cannot be written", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if !state.door.journal().healthy() {
        return Err(AppError::unavailable("the access-log writer cannot commit"));
    }
    if state.events_listener.as_ref().is_some_and(|l| !l.healthy()) {
        return Err(AppError::unavailable(
            "the listener of other servers' events is not connected",
        ));
    }
    if state.door.ping(READY_TIMEOUT).await {
        Ok(HttpResponse::Ok().json(Health {
            status: "ready".into(),
        }))
    } else {
        Err(AppError::unavailable("database ping failed"))
    }
}
