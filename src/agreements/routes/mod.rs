//! The agreement's HTTP: the client's list and one agreement with its life (`mod.rs`); what the
//! client's side, staff and the caseworker do with it (`life.rs`).

pub mod group;
pub mod life;

use actix_web::{get, web, HttpResponse};

use super::repo::{self, AgreementRow};
use super::view::{agreement, AgreementDetail, AgreementPage};
use crate::access::{self, Access, ActingAs, ClientRead};
use crate::auth::Caller;
use crate::db::DbConnection;
use crate::error::{AppError, Problem};
use crate::i18n::{Lang, Localizer};
use crate::pagination::PageQuery;
use crate::state::AppState;

/// The client's agreements with providers, newest first: where, when, how often, and the
/// goals. Staff of a provider see only their own organisation's.
#[utoipa::path(
    operation_id = "listAgreements",
    tag = "clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"), PageQuery),
    responses(
        (status = 200, description = "A page of agreements", body = AgreementPage),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/agreements")]
pub async fn agreements(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page()?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let (actor, (rows, places, name, today)) = state
        .door
        .read(
            caller,
            ClientRead::ViewAgreements,
            &path,
            move |r, access| {
                let rows = repo::of_client(r.conn(), &access.rows, after.as_deref(), fetch)?;
                let sites: Vec<String> = rows.iter().map(|a| a.site_id.clone()).collect();
                let places = crate::providers::repo::places(r.conn(), &sites)?;
                let name = match access.acting_as {
                    ActingAs::Myself => None,
                    _ => Some(crate::persons::repo::name(r, access.client_id())?),
                };
                Ok((rows, places, name, access.today()))
            },
        )
        .await?;
    let (rows, next_after) = page.finish(rows, |a| &a.id);
    let items = rows
        .iter()
        .filter_map(|a| {
            let place = places.get(&a.site_id)?;
            Some(agreement(
                &state.i18n,
                actor.lang,
                a,
                place,
                name.as_deref(),
                today,
            ))
        })
        .collect();
    Ok(HttpResponse::Ok().json(AgreementPage { items, next_after }))
}

/// One agreement as read for its caller, before it is written in their language.
pub struct Loaded {
    row: AgreementRow,
    place: crate::providers::Place,
    name: Option<String>,
    parts: super::view::Parts,
    myself: bool,
    today: chrono::NaiveDate,
}

/// Reads what one agreement shows to `access`'s caller: its duties, documents, a proposed ending
/// and its history.
pub fn load(
    conn: &mut DbConnection,
    access: &Access,
    row: AgreementRow,
) -> Result<Loaded, AppError> {
    let today = access.today();
    let place = crate::providers::repo::place(conn, &row.site_id)?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a site vanished")))?;
    let myself = access.acting_as == ActingAs::Myself;
    let name = match myself {
        true => None,
        false => Some(crate::persons::repo::display_name(conn, &row.client_id)?),
    };
    let parts = super::work::parts(conn, &row, today)?;
    Ok(Loaded {
        row,
        place,
        name,
        parts,
        myself,
        today,
    })
}

/// The agreement in `lang`.
pub fn render(i18n: &Localizer, lang: Lang, l: Loaded) -> AgreementDetail {
    let shown = agreement(i18n, lang, &l.row, &l.place, l.name.as_deref(), l.today);
    super::view::detail(i18n, lang, shown, l.parts, l.myself)
}

/// One of the client's agreements: its terms, where it stands, the provider's duties with their
/// due dates, the documents written, a proposed ending, and its history in plain words. Staff of
/// a provider see only their own organisation's.
#[utoipa::path(
    operation_id = "getAgreement",
    tag = "clients",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("agreement_id" = String, Path, description = "The agreement", format = Uuid),
    ),
    responses(
        (status = 200, description = "The agreement", body = AgreementDetail),
        (status = 404, description = "No such agreement for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/agreements/{agreement_id}")]
pub async fn one(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, id) = path.into_inner();
    let id = access::parse_id(&id)?;
    let (actor, loaded) = state
        .door
        .read(
            caller,
            ClientRead::ViewAgreements,
            &client,
            move |r, access| {
                let a = super::work::reached(r.conn(), access, &id)?;
                load(r.conn(), access, a)
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(render(&state.i18n, actor.lang, loaded)))
}
