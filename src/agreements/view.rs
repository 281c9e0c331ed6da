//! Agreements as people read them: the client (or their helper or caseworker), and the provider's
//! staff for their own.

use crate::pagination::{Page, Paged};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::repo::AgreementRow;
use crate::i18n::{format_date, ArgValue, Lang, Localizer};
use crate::money::Money;
use crate::providers::place::site_ref;
use crate::providers::Place;
use crate::refs::{ProviderRef, SiteRef};

/// A client's agreement with a provider: where and how the service goes.
#[derive(Debug, Serialize, ToSchema)]
pub struct Agreement {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub voucher_id: String,
    pub provider: ProviderRef,
    pub site: SiteRef,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub days_per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
    /// The goals, in the client's own words.
    pub goals: String,
    pub responsible_person: String,
    pub instructor: String,
    /// Individual coaching: where the meetings mainly happen.
    pub meeting_place: Option<String>,
    /// Individual coaching by phone or video.
    pub remote: bool,
    /// The price of a unit under this agreement.
    pub unit_price: Money,
    /// False once a newer agreement replaced it.
    pub in_force: bool,
    /// One plain sentence about it.
    pub summary: String,
}

pub type AgreementPage = Page<Agreement>;

impl Paged for Agreement {
    const PAGE: &'static str = "AgreementPage";
    const ORDER: Option<&'static str> = Some("Newest first.");
    const NEXT: Option<&'static str> = None;
}

/// An agreement at `place` as `client_name` reads it: `None` for the client, their name for
/// anyone else.
pub fn agreement(
    i18n: &Localizer,
    lang: Lang,
    a: &AgreementRow,
    place: &Place,
    client_name: Option<&str>,
) -> Agreement {
    let summary = i18n.text(
        lang,
        "agreement-summary",
        &vec![
            (
                "who",
                ArgValue::from(client_name.map_or("self", |_| "other")),
            ),
            ("client", ArgValue::from(client_name.unwrap_or_default())),
            ("provider", ArgValue::from(place.provider_name.clone())),
            ("date", ArgValue::from(format_date(a.starts_on, lang))),
        ],
    );
    Agreement {
        id: a.id.clone(),
        voucher_id: a.voucher_id.clone(),
        provider: ProviderRef {
            id: a.provider_id.clone(),
            name: place.provider_name.clone(),
        },
        site: site_ref(&a.site_id, place),
        starts_on: a.starts_on,
        ends_on: a.ends_on,
        days_per_week: a.days_per_week,
        hours_per_day: a.hours_per_day,
        goals: a.goals.clone(),
        responsible_person: a.responsible_person.clone(),
        instructor: a.instructor.clone(),
        meeting_place: a.meeting_place.clone(),
        remote: a.remote,
        unit_price: Money::new(a.unit_price_cents, lang),
        in_force: a.ended_at.is_none(),
        summary,
    }
}
