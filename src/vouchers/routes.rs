//! The wallet (`GET /clients/{c}/vouchers[/{v}]`) and the caseworker's issuing and changing
//! (`POST /caseworker/vouchers`, `PATCH /caseworker/vouchers/{v}`).

use actix_web::{get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::reading::Context;
use super::repo::{self, Reasons};
use super::view::Voucher;
use super::{Change, DeadlineAnchors, Issue};
use crate::access::door::Target;
use crate::access::{self, ClientRead, ClientWrite};
use crate::auth::{Actor, Caller};
use crate::db::cache::Reading;
use crate::error::{AppError, ErrorCode, Problem};
use crate::idempotency::{IdempotencyKey, Stored};
use crate::input::{Day, Json, Paragraph};
use crate::pagination::{Page, PageQuery, Paged, NEXT_AFTER};
use crate::refs::Link;
use crate::state::AppState;
use crate::text;
use crate::vocab::vocabulary;

/// A voucher to issue under the municipality's rulebook in force on the decision date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueVoucher {
    /// The client's id.
    #[schema(format = Uuid)]
    pub client_id: String,
    /// The service code, e.g. `rwa_basic` or `sr_individual`.
    pub service: String,
    /// The day of the decision; deadlines count from it unless `deadline_anchors` records the
    /// dates the rulebook's clocks count from.
    pub decision_date: Day,
    pub valid_from: Day,
    /// The last valid day.
    pub valid_until: Day,
    /// Activity days or hours granted.
    pub granted_units: i32,
    /// Activity days a week (hours a week for hourly services), where the rulebook sets limits.
    pub per_week: Option<i32>,
    /// Hours a day (a session, for group coaching), where the rulebook sets limits.
    pub hours_per_day: Option<i32>,
    /// Allow a provider beyond the usual distance; needs `out_of_area_reason`.
    #[serde(default)]
    pub out_of_area_allowed: bool,
    pub out_of_area_reason: Option<Paragraph<{ MAX_REASON_CHARS }>>,
    /// Why the higher exception caps apply, where the rulebook has them.
    pub exception_reason: Option<Paragraph<{ MAX_REASON_CHARS }>>,
    /// Why the voucher runs past the rulebook's usual period, where the rulebook asks for a
    /// reason (the special level's assessment period, continued by a voucher that follows). Kept
    /// in the voucher's history; used only when needed.
    pub extension_reason: Option<Paragraph<{ MAX_REASON_CHARS }>>,
    /// Why the client continues past the service's usual total (two years of rehabilitative work
    /// "as a rule"), where the rulebook allows it. Kept in the history; used only when needed.
    pub over_total_reason: Option<Paragraph<{ MAX_REASON_CHARS }>>,
    /// The dates the deadlines count from (the agreement to start at a place, the activation
    /// plan, the order), a start agreed separately or a closed group's start; left out: the
    /// decision date.
    pub deadline_anchors: Option<AnchorDates>,
}

/// The dates a voucher's deadlines count from, as the caseworker records them (H §1.4, K §4); a
/// date left out is the decision date.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnchorDates {
    /// The day the client agreed with the caseworker to start at a service place: the intro
    /// visit's clock (H §1.4).
    pub place_agreed_on: Option<Day>,
    /// The day the activation plan (or multi-professional employment plan) was made: the start's
    /// clock (H §1.4).
    pub plan_made_on: Option<Day>,
    /// The day the service was ordered from the provider: the start's clock (K §4).
    pub ordered_on: Option<Day>,
    /// A start agreed separately with the client and the caseworker; it replaces the counted
    /// start deadline.
    pub start_agreed_on: Option<Day>,
    /// A closed group's start as the provider announced it (K §4).
    pub group_starts_on: Option<Day>,
}

impl From<AnchorDates> for DeadlineAnchors {
    fn from(a: AnchorDates) -> DeadlineAnchors {
        DeadlineAnchors {
            place_agreed_on: a.place_agreed_on.map(Day::date),
            plan_made_on: a.plan_made_on.map(Day::date),
            ordered_on: a.ordered_on.map(Day::date),
            start_agreed_on: a.start_agreed_on.map(Day::date),
            group_starts_on: a.group_starts_on.map(Day::date),
        }
    }
}

crate::one_of!(
    /// One change to a voucher, named by `op`.
    ChangeVoucher by "op" {
        Extend(ExtendVoucher) = "extend",
        SetAnchors(SetDeadlineAnchors) = "set_anchors",
        PermitOutOfArea(PermitOutOfArea) = "permit_out_of_area",
        Cancel(CancelVoucher) = "cancel",
    }
);

vocabulary!(
    /// Extend a voucher.
    ExtendOp, "op" { Extend = "extend" }
);
vocabulary!(
    /// Record the dates a voucher's deadlines count from.
    SetAnchorsOp, "op" { SetAnchors = "set_anchors" }
);
vocabulary!(
    /// Allow a provider beyond the usual distance.
    PermitOutOfAreaOp, "op" { PermitOutOfArea = "permit_out_of_area" }
);
vocabulary!(
    /// Cancel a voucher.
    CancelOp, "op" { Cancel = "cancel" }
);

/// Extend the validity (and optionally the units) within the rulebook's limits.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendVoucher {
    pub op: ExtendOp,
    pub valid_until: Day,
    pub granted_units: Option<i32>,
    /// Why it runs past the rulebook's usual period, where the rulebook asks for a reason
    /// (the special level's assessment period). Kept in the history; used only when needed.
    pub extension_reason: Option<Paragraph<{ MAX_REASON_CHARS }>>,
    /// Why it goes past the service's usual total in all, where the rulebook allows it.
    /// Kept in the history; used only when needed.
    pub over_total_reason: Option<Paragraph<{ MAX_REASON_CHARS }>>,
}

/// Record the dates the deadlines count from; the dates replace all recorded before, and a
/// date left out is the decision date again.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetDeadlineAnchors {
    pub op: SetAnchorsOp,
    pub place_agreed_on: Option<Day>,
    pub plan_made_on: Option<Day>,
    pub ordered_on: Option<Day>,
    pub start_agreed_on: Option<Day>,
    pub group_starts_on: Option<Day>,
}

/// Allow choosing a provider beyond the usual distance.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PermitOutOfArea {
    pub op: PermitOutOfAreaOp,
    pub reason: Paragraph<{ MAX_REASON_CHARS }>,
}

/// Cancel the voucher.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelVoucher {
    pub op: CancelOp,
    pub reason: Paragraph<{ MAX_REASON_CHARS }>,
}

pub type VoucherPage = Page<Voucher>;

impl Paged for Voucher {
    const PAGE: &'static str = "VoucherPage";
    const ORDER: Option<&'static str> = Some("Newest first.");
    const NEXT: Option<&'static str> = Some(NEXT_AFTER);
}

/// The longest reason a caseworker may write on a voucher.
pub const MAX_REASON_CHARS: usize = 500;

fn nonblank(reason: Option<&str>, field: &'static str) -> Result<String, AppError> {
    text::paragraph(reason.unwrap_or_default(), MAX_REASON_CHARS)
        .map_err(|f| f.error(field, ErrorCode::VoucherReasonRequired))
}

/// A reason the caseworker may give: absent, or not blank.
fn optional_reason(reason: Option<&str>, field: &'static str) -> Result<Option<String>, AppError> {
    match reason {
        None => Ok(None),
        reason => nonblank(reason, field).map(Some),
    }
}

impl IssueVoucher {
    /// The voucher as the caseworker decided it, with its reasons checked as texts.
    fn parse(self) -> Result<Issue, AppError> {
        let out_of_area_reason = match self.out_of_area_allowed {
            true => Some(nonblank(
                self.out_of_area_reason.as_deref(),
                "out_of_area_reason",
            )?),
            false => None,
        };
        Ok(Issue {
            exception_reason: optional_reason(
                self.exception_reason.as_deref(),
                "exception_reason",
            )?,
            out_of_area_reason,
            reasons: reasons(
                self.extension_reason.as_deref(),
                self.over_total_reason.as_deref(),
            )?,
            service: self.service,
            decision_date: self.decision_date.date(),
            valid_from: self.valid_from.date(),
            valid_until: self.valid_until.date(),
            granted_units: self.granted_units,
            per_week: self.per_week,
            hours_per_day: self.hours_per_day,
            anchors: self.deadline_anchors.unwrap_or_default().into(),
        })
    }
}

/// The reasons for going past the usual period or total, each absent or not blank.
fn reasons(extension: Option<&str>, over_total: Option<&str>) -> Result<Reasons, AppError> {
    Ok(Reasons {
        extension: optional_reason(extension, "extension_reason")?,
        over_total: optional_reason(over_total, "over_total_reason")?,
    })
}

impl ChangeVoucher {
    fn parse(self) -> Result<Change, AppError> {
        Ok(match self {
            ChangeVoucher::Extend(e) => Change::Extend {
                valid_until: e.valid_until.date(),
                granted_units: e.granted_units,
                reasons: reasons(
                    e.extension_reason.as_deref(),
                    e.over_total_reason.as_deref(),
                )?,
            },
            ChangeVoucher::SetAnchors(a) => Change::SetAnchors(
                AnchorDates {
                    place_agreed_on: a.place_agreed_on,
                    plan_made_on: a.plan_made_on,
                    ordered_on: a.ordered_on,
                    start_agreed_on: a.start_agreed_on,
                    group_starts_on: a.group_starts_on,
                }
                .into(),
            ),
            ChangeVoucher::PermitOutOfArea(p) => {
                Change::PermitOutOfArea(nonblank(Some(p.reason.as_str()), "reason")?)
            }
            ChangeVoucher::Cancel(c) => {
                Change::Cancel(nonblank(Some(c.reason.as_str()), "reason")?)
            }
        })
    }
}

/// The client's vouchers, newest first: value, validity, units left, deadlines and a summary.
#[utoipa::path(
    operation_id = "listVouchers",
    tag = "vouchers",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"), PageQuery),
    responses(
        (status = 200, description = "A page of vouchers", body = VoucherPage),
        (status = 404, description = "No such client for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/vouchers")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page()?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let (actor, (loaded, ctx)) = state
        .door
        .read(caller, ClientRead::ViewVouchers, &path, move |r, access| {
            // Newest first; a page is the vouchers older than the cursor.
            let wallet = repo::wallet(r, access.client_id())?;
            let from = after
                .as_deref()
                .map_or(0, |a| wallet.partition_point(|e| e.row.id.as_str() >= a));
            let end = (from + fetch as usize).min(wallet.len());
            Ok((
                repo::show(r, &wallet[from..end])?,
                Context::load(r, access)?,
            ))
        })
        .await?;
    let (loaded, next_after) = page.finish(loaded, |l| &l.row.id);
    let items: Vec<Voucher> = loaded
        .into_iter()
        .map(|l| ctx.render(&state.i18n, actor.lang, l))
        .collect();
    Ok(HttpResponse::Ok().json(VoucherPage { items, next_after }))
}

/// One voucher with its whole history.
#[utoipa::path(
    operation_id = "getVoucher",
    tag = "vouchers",
    security(("bearer" = [])),
    params(
        ("client_id" = String, Path, description = "A client id, or `me`", pattern = "^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"),
        ("voucher_id" = String, Path, description = "The voucher's id", format = Uuid),
    ),
    responses(
        (status = 200, description = "The voucher", body = Voucher),
        (status = 404, description = "No such client or voucher for this caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/clients/{client_id}/vouchers/{voucher_id}")]
pub async fn one(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (client, voucher_id) = path.into_inner();
    let voucher_id = access::parse_id(&voucher_id)?;
    let (actor, (loaded, ctx)) = state
        .door
        .read(
            caller,
            ClientRead::ViewVouchers,
            &client,
            move |r, access| {
                let row = repo::of_client(r, access.client_id(), &voucher_id)?
                    .ok_or_else(AppError::not_found)?;
                let loaded = repo::load(r, row, true)?;
                Ok((loaded, Context::load(r, access)?))
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(ctx.render(&state.i18n, actor.lang, loaded)))
}

/// Issue a voucher to a client of the caseworker's municipality. Every rule of the rulebook is
/// checked; a broken rule answers 422 with its own code and what is allowed. Send an
/// `Idempotency-Key` so a retried request issues nothing twice.
#[utoipa::path(
    operation_id = "issueVoucher",
    tag = "caseworker",
    security(("bearer" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "The same key and body return the first result"),
    ),
    request_body = IssueVoucher,
    responses(
        (status = 201, description = "The voucher, as issued", body = Voucher),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client in the caseworker's municipality", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule of the rulebook is broken, or an Idempotency-Key was reused for another request", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseworker/vouchers")]
pub async fn issue(
    state: web::Data<AppState>,
    actor: Actor,
    key: IdempotencyKey,
    body: Json<IssueVoucher>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let lang = actor.lang;
    let st = state.clone();
    let target = Target::path(&body.client_id);
    let request = body.clone();
    let stored = state
        .door
        .create(
            &actor,
            ClientWrite::IssueVoucher,
            target,
            key,
            &request,
            move |conn, access, ()| {
                let id = uuid::Uuid::now_v7().to_string();
                let loaded = super::issue(conn, access, &id, body.parse()?, lang)?;
                let ctx = Context::load(&mut Reading::plain(conn), access)?;
                let voucher = ctx.render(&st.i18n, lang, loaded);
                Stored::created(&voucher, Link::voucher(access.client_id(), &id).href)
            },
        )
        .await?;
    Ok(stored.into_response())
}

/// Extend a voucher, record the dates its deadlines count from, allow a provider beyond the usual
/// distance, or cancel it. Every change is kept in the voucher's history.
#[utoipa::path(
    operation_id = "changeVoucher",
    tag = "caseworker",
    security(("bearer" = [])),
    params(("voucher_id" = String, Path, description = "The voucher's id", format = Uuid)),
    request_body = ChangeVoucher,
    responses(
        (status = 200, description = "The voucher after the change", body = Voucher),
        (status = 403, description = "The caller is not a caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such voucher for this caseworker", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The voucher has ended or was cancelled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A rule of the rulebook is broken", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/caseworker/vouchers/{voucher_id}")]
pub async fn change(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: Json<ChangeVoucher>,
) -> Result<HttpResponse, AppError> {
    let voucher_id = access::parse_id(&path)?;
    let change = body.into_inner().parse()?;
    let lang = actor.lang;
    let target =
        Target::of(
            move |conn| Ok(repo::find(conn, &voucher_id)?.map(|v| (v.client_id.clone(), v))),
        );
    let (loaded, ctx) = state
        .door
        .write(
            &actor,
            ClientWrite::ChangeVoucher,
            target,
            move |conn, access, row| {
                let loaded = super::change(conn, access, row, change, lang)?;
                Ok((loaded, Context::load(&mut Reading::plain(conn), access)?))
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(ctx.render(&state.i18n, lang, loaded)))
}
