//! `/me/push-subscriptions`, `/me/push-settings` and `/push/vapid-public-key`.

use actix_web::{delete, get, post, put, web, HttpResponse};

use super::repo::{self, SettingsRow, SubscriptionRow};
use super::view::{
    NewSubscription, PushSettingsView, Subscription, SubscriptionList, VapidPublicKey,
};
use super::{device_keys, endpoint, Category, QuietHours};
use crate::auth::Actor;
use crate::error::{AppError, ErrorCode, Problem};
use crate::input::Json;
use crate::state::AppState;

/// The server's VAPID public key: the app subscribes with it as `applicationServerKey`.
#[utoipa::path(
    operation_id = "getVapidPublicKey",
    tag = "push",
    responses((status = 200, description = "The key", body = VapidPublicKey))
)]
#[get("/push/vapid-public-key")]
pub async fn vapid_public_key(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(VapidPublicKey {
        public_key: state.vapid.public_key.clone(),
    })
}

/// Receive pushes on this device. Give what `PushSubscription.toJSON()` gives, with a label.
/// The same endpoint again renews its keys and label (200).
#[utoipa::path(
    operation_id = "subscribePush",
    tag = "push",
    security(("bearer" = [])),
    request_body = NewSubscription,
    responses(
        (status = 201, description = "Subscribed", body = Subscription,
            headers(("Location" = String, description = "The subscription"))),
        (status = 200, description = "Already subscribed: keys and label renewed", body = Subscription),
        (status = 400, description = "A label given empty", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Too many devices already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The endpoint is not a public https address, the keys are not valid, or the label is too long or holds characters no text needs", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/push-subscriptions")]
pub async fn subscribe(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<NewSubscription>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let label = match &b.label {
        Some(label) => label
            .checked()
            .map_err(|f| f.error("label", ErrorCode::MissingField))?,
        None => String::new(),
    };
    if device_keys(&b.keys.p256dh, &b.keys.auth).is_none() {
        return Err(AppError::new(ErrorCode::PushBadKeys));
    }
    let allow_loopback = state.settings.push.allow_loopback;
    let given = b.endpoint.clone();
    web::block(move || endpoint::check(&given, allow_loopback))
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("endpoint check failed: {e}")))?
        .map_err(|_| AppError::new(ErrorCode::PushEndpointRefused))?;
    let max = state.settings.push.max_subscriptions;
    let (row, created) = state
        .door
        .own_write(&actor, move |conn, own| {
            let new = SubscriptionRow {
                id: uuid::Uuid::now_v7().to_string(),
                person_id: own.person_id.clone(),
                endpoint: b.endpoint,
                p256dh: b.keys.p256dh,
                auth: b.keys.auth,
                label,
                created_at: own.now.naive_utc(),
                last_delivered_at: None,
            };
            repo::subscribe(conn, new, max)
        })
        .await?;
    let view = Subscription::of(row);
    Ok(if created {
        HttpResponse::Created()
            .insert_header((
                "Location",
                format!("/api/v1/me/push-subscriptions/{}", view.id),
            ))
            .json(view)
    } else {
        HttpResponse::Ok().json(view)
    })
}

/// The devices that receive my pushes.
#[utoipa::path(
    operation_id = "listPushSubscriptions",
    tag = "push",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "My devices, oldest first", body = SubscriptionList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/push-subscriptions")]
pub async fn list(state: web::Data<AppState>, actor: Actor) -> Result<HttpResponse, AppError> {
    let rows = state
        .door
        .own(&actor, |r, own| {
            repo::subscriptions(r.conn(), &own.person_id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(SubscriptionList {
        items: rows.into_iter().map(Subscription::of).collect(),
        max: state.settings.push.max_subscriptions,
    }))
}

/// One of my devices.
#[utoipa::path(
    operation_id = "getPushSubscription",
    tag = "push",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 200, description = "The device", body = Subscription),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such device of mine", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/push-subscriptions/{id}")]
pub async fn one(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let rows = state
        .door
        .own(&actor, |r, own| {
            repo::subscriptions(r.conn(), &own.person_id)
        })
        .await?;
    let row = rows
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(AppError::not_found)?;
    Ok(HttpResponse::Ok().json(Subscription::of(row)))
}

/// Stop pushes to a device. Its pushes still waiting are dropped.
#[utoipa::path(
    operation_id = "unsubscribePush",
    tag = "push",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid)),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such device of mine", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/push-subscriptions/{id}")]
pub async fn unsubscribe(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let removed = state
        .door
        .own_write(&actor, move |conn, own| {
            repo::unsubscribe(conn, &own.person_id, &id)
        })
        .await?;
    if !removed {
        return Err(AppError::not_found());
    }
    Ok(HttpResponse::NoContent().finish())
}

/// What I want pushed: the kinds I turned off, and my quiet hours.
#[utoipa::path(
    operation_id = "getPushSettings",
    tag = "push",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "My push settings", body = PushSettingsView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/push-settings")]
pub async fn settings(state: web::Data<AppState>, actor: Actor) -> Result<HttpResponse, AppError> {
    let row = state
        .door
        .own(&actor, |r, own| repo::settings(r.conn(), &own.person_id))
        .await?;
    Ok(HttpResponse::Ok().json(PushSettingsView::of(row)))
}

/// Change what I want pushed. Quiet hours are in Helsinki time; reminders and messages from
/// staff wait until they end.
#[utoipa::path(
    operation_id = "setPushSettings",
    tag = "push",
    security(("bearer" = [])),
    request_body = PushSettingsView,
    responses(
        (status = 200, description = "My push settings", body = PushSettingsView),
        (status = 400, description = "Quiet hours that are not two different HH:MM times, or more kinds than there are", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/push-settings")]
pub async fn set_settings(
    state: web::Data<AppState>,
    actor: Actor,
    body: Json<PushSettingsView>,
) -> Result<HttpResponse, AppError> {
    let mut b = body.into_inner();
    if b.muted.len() > Category::ALL.len() {
        return Err(AppError::new(ErrorCode::InvalidValue).arg("field", "muted"));
    }
    if let Some(q) = &b.quiet_hours {
        if QuietHours::parse(&q.from, &q.until).is_none() {
            return Err(AppError::new(ErrorCode::InvalidValue).arg("field", "quiet_hours"));
        }
    }
    b.muted.sort();
    b.muted.dedup();
    let muted = b
        .muted
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let quiet = b.quiet_hours.clone();
    state
        .door
        .own_write(&actor, move |conn, own| {
            repo::save_settings(
                conn,
                &SettingsRow {
                    person_id: own.person_id.clone(),
                    muted,
                    quiet_from: quiet.as_ref().map(|q| q.from.clone()),
                    quiet_until: quiet.map(|q| q.until),
                    updated_at: own.now.naive_utc(),
                },
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(b))
}
