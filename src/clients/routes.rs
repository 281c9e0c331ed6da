//! `GET /api/v1/clients/{client_id}`: the client's basic details.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::{ActingAs, ClientRead};
use crate::auth::Caller;
use crate::error::{AppError, Problem};
use crate::refs::MunicipalityRef;
use crate::state::AppState;
use crate::{persons, rulebooks};

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Client {
    #[schema(format = Uuid)]
    pub id: String,
    pub display_name: String,
    pub municipality: MunicipalityRef,
    pub home_address: Option<String>,
    /// Home location, used to measure the distance to service providers.
    pub home: Option<Coordinates>,
    /// How the caller is related to this client.
    pub acting_as: ActingAs,
}

/// A client's basic details: name, municipality and home location.
#[utoipa::path(
    operation_id = "getClient",
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")),
    responses(
        (status = 200, description = "The client", body = Client),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}")]
pub async fn client(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (actor, (name, municipality, c, acting_as)) = state
        .door
        .read(caller, ClientRead::ViewClient, &path, move |r, access| {
            let c = access.client.clone();
            let name = persons::repo::name(r, &c.person_id)?;
            let municipality = rulebooks::repo::municipality(r, &c.municipality_code)?;
            Ok((name, municipality, c, access.acting_as))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Client {
        id: c.person_id,
        display_name: name,
        municipality: MunicipalityRef {
            code: c.municipality_code,
            name: municipality.take(actor.lang),
        },
        home_address: c.home_address,
        home: c
            .home_lat
            .zip(c.home_lon)
            .map(|(lat, lon)| Coordinates { lat, lon }),
        acting_as,
    }))
}
