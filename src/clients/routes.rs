//! `GET /api/v1/clients/{client_id}`: the client's basic details.

use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::{ActingAs, Action};
use crate::auth::Actor;
use crate::db::schema::{municipalities, persons};
use crate::error::AppError;
use crate::error::Problem;
use crate::i18n::Lang;
use crate::state::AppState;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Municipality {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Client {
    pub id: String,
    pub display_name: String,
    pub municipality: Municipality,
    pub home_address: Option<String>,
    /// Home location, used to measure the distance to service providers.
    pub home: Option<Coordinates>,
    /// How the caller is related to this client.
    pub acting_as: ActingAs,
}

/// A client's basic details: name, municipality and home location.
#[utoipa::path(
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`")),
    responses(
        (status = 200, description = "The client", body = Client),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}")]
pub async fn client(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let lang = actor.lang;
    let client = state
        .for_client(&actor, &path, Action::ViewClient, move |conn, access| {
            let c = &access.client;
            let name: String = persons::table
                .find(&c.person_id)
                .select(persons::display_name)
                .first(conn)?;
            let (code, fi, sv, en): (String, String, String, String) = municipalities::table
                .find(&c.municipality_code)
                .select((
                    municipalities::code,
                    municipalities::name_fi,
                    municipalities::name_sv,
                    municipalities::name_en,
                ))
                .first(conn)?;
            Ok(Client {
                id: c.person_id.clone(),
                display_name: name,
                municipality: Municipality {
                    code,
                    name: match lang {
                        Lang::Fi => fi,
                        Lang::Sv => sv,
                        Lang::En => en,
                    },
                },
                home_address: c.home_address.clone(),
                home: c
                    .home_lat
                    .zip(c.home_lon)
                    .map(|(lat, lon)| Coordinates { lat, lon }),
                acting_as: access.acting_as,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(client))
}
