//! The rulebooks as the API shows them.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::deadlines::closed_group_rule;
use super::{Anchor, Terms, Unit};
use crate::i18n::Lang;
use crate::money::Money;
use crate::refs::{MunicipalityRef, ServiceRef};

#[derive(Debug, Serialize, ToSchema)]
pub struct PriceTierInfo {
    /// The price applies up to this distance (km) from the provider's office; absent: beyond.
    pub up_to_km: Option<i32>,
    pub unit_price: Money,
    /// Phone and remote work is billed at this tier, whatever the distance.
    pub remote: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Range {
    pub min: Option<i32>,
    pub max: Option<i32>,
    /// The higher maximum a justified exception allows.
    pub exception_max: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitsCap {
    pub units: i32,
    /// The cap counts per this many months.
    pub per_months: i32,
    pub exception_units: Option<i32>,
}

/// A holiday period that comes back every year, `MM-DD` to `MM-DD`, both days included.
#[derive(Debug, Serialize, ToSchema)]
pub struct HolidayPeriodView {
    pub first: String,
    pub last: String,
}

/// How a closed group may be delayed (K §4).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosedGroupView {
    /// At most this many working days later than announced …
    pub delay_max_working_days: i32,
    /// … when under this share (%) of its largest size …
    pub min_fill_percent: i32,
    /// … this many days before the announced start.
    pub fill_checked_days_before: i32,
    /// New clients join until this many working days after the start.
    pub joining_working_days: i32,
}

/// The individual guidance the provider owes (H §5.1).
#[derive(Debug, Serialize, ToSchema)]
pub struct GuidanceView {
    /// At least this many hours …
    pub hours_min: i32,
    /// … in each period of this many months from the agreement's start.
    pub per_months: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RulebookView {
    /// The rulebook's id, e.g. `heinola-rwa_basic-2022-06-01`.
    pub id: String,
    pub service: ServiceRef,
    /// One plain sentence about the service.
    pub service_description: String,
    pub unit: Unit,
    pub in_force_from: NaiveDate,
    pub unit_price: Money,
    /// Prices by the distance from the provider's office to where the meetings mainly happen;
    /// empty when one price applies.
    pub price_tiers: Vec<PriceTierInfo>,

    /// Months a voucher may be valid when issued; `extended_max` with extensions.
    pub validity_months: Range,
    pub extended_max_months: i32,
    pub units_cap: Option<UnitsCap>,
    /// Days a week (hours a week for hourly services).
    pub per_week: Range,
    /// Hours a day, or a session where `hours_per_session` is true.
    pub hours_per_day: Range,
    pub hours_per_session: bool,
    pub sessions_per_week_min: Option<i32>,
    pub group_size_max: Option<i32>,
    pub remote_share_max_percent: Option<i32>,
    pub intro_visit_within_days: Option<i32>,
    /// What the intro-visit clock counts from; a voucher records the date (the decision date
    /// where it does not).
    pub intro_visit_counts_from: Anchor,
    pub start_within_days: Option<i32>,
    pub start_within_working_days: Option<i32>,
    /// What the start clock counts from. A start agreed separately replaces the counted one.
    pub start_counts_from: Anchor,
    /// The start clock does not count the days of `holiday_periods`.
    pub start_skips_holiday_periods: bool,
    pub holiday_periods: Vec<HolidayPeriodView>,
    /// A closed group's start and its delay; `null`: no closed groups.
    pub closed_group: Option<ClosedGroupView>,
    /// Individual guidance the provider owes; `null`: the rulebook asks none.
    pub guidance: Option<GuidanceView>,
    /// Providers report the month's realised units by this day of the next month.
    pub billing_report_day: i32,
    /// No-show units that may be billed per calendar month.
    pub no_show_units_per_month: i32,
    /// The legal forms a provider of this service may have (e.g. H §1.1); `null`: any form.
    pub allowed_legal_forms: Option<Vec<String>>,
    pub min_work_tasks: Option<i32>,
    /// A provider search starts at this distance from home (km).
    pub search_radius_km: i32,
    /// How far a client may widen the search without the caseworker's permission (km);
    /// `null`: as far as they like.
    pub max_radius_without_permission_km: Option<i32>,
    /// Past this many months of the service family, at least `long_term_per_week_min` a week.
    pub long_term_after_months: Option<i32>,
    pub long_term_per_week_min: Option<i32>,
    /// The service family lasts at most this many months in all (as a rule, where
    /// `total_max_with_reason`).
    pub total_max_months: Option<i32>,
    /// The caseworker may go past `total_max_months` with a recorded reason.
    pub total_max_with_reason: bool,
    /// Vouchers of services whose rulebooks name the same group do not run at the same time.
    pub same_time_group: Option<String>,
    /// Vouchers of this service that follow one another last at most this many months together.
    pub consecutive_max_months: Option<i32>,
    /// Going past `validity_months.max` in a row, by an extension or a voucher that follows,
    /// needs the caseworker's reason.
    pub extension_needs_reason: bool,
    /// The client is at least this old on the voucher's first day; `null`: no limit.
    pub client_age_min: Option<i32>,
    /// The client is at most this old on the voucher's first day; `null`: no limit.
    pub client_age_max: Option<i32>,
}

pub fn view(t: Terms, lang: crate::i18n::Lang) -> RulebookView {
    let allowed_legal_forms = t
        .allowed_legal_forms()
        .map(|forms| forms.into_iter().map(str::to_string).collect());
    let closed_group = closed_group_rule(&t).map(|g| ClosedGroupView {
        delay_max_working_days: g.delay_max_working_days,
        min_fill_percent: g.min_fill_percent,
        fill_checked_days_before: g.fill_checked_days_before,
        joining_working_days: g.joining_working_days,
    });
    let holiday_periods = t
        .holidays
        .iter()
        .map(|p| HolidayPeriodView {
            first: format!("{:02}-{:02}", p.first_month, p.first_day),
            last: format!("{:02}-{:02}", p.last_month, p.last_day),
        })
        .collect();
    let rules = t.rules;
    let guidance = rules
        .guidance_hours_min
        .zip(rules.guidance_period_months)
        .map(|(hours_min, per_months)| GuidanceView {
            hours_min,
            per_months,
        });
    let r = t.rulebook;
    RulebookView {
        guidance,
        intro_visit_counts_from: rules.intro_anchor(),
        start_counts_from: rules.start_anchor(),
        start_skips_holiday_periods: rules.start_skips_holiday_periods,
        holiday_periods,
        closed_group,
        same_time_group: rules.same_time_group,
        consecutive_max_months: rules.consecutive_max_months,
        extension_needs_reason: rules.extension_needs_reason,
        client_age_min: rules.client_age_min,
        client_age_max: rules.client_age_max,
        total_max_with_reason: rules.total_max_with_reason,
        service_description: t.service.description(lang).to_string(),
        unit: t.service.unit(),
        unit_price: Money::new(r.unit_price_cents, lang),
        price_tiers: t
            .tiers
            .iter()
            .map(|p| PriceTierInfo {
                up_to_km: p.up_to_km,
                unit_price: Money::new(p.unit_price_cents, lang),
                remote: p.remote,
            })
            .collect(),
        validity_months: Range {
            min: Some(r.validity_min_months),
            max: Some(r.validity_max_months),
            exception_max: None,
        },
        extended_max_months: r.extended_max_months,
        units_cap: r
            .units_cap
            .zip(r.cap_period_months)
            .map(|(units, per_months)| UnitsCap {
                units,
                per_months,
                exception_units: r.units_cap_exception,
            }),
        per_week: Range {
            min: r.per_week_min,
            max: r.per_week_max,
            exception_max: r.per_week_max_exception,
        },
        hours_per_day: Range {
            min: r.hours_per_day_min,
            max: r.hours_per_day_max,
            exception_max: None,
        },
        allowed_legal_forms,
        id: r.id,
        service: t.service.named(lang),
        in_force_from: r.in_force_from,
        hours_per_session: r.hours_per_session,
        sessions_per_week_min: r.sessions_per_week_min,
        group_size_max: r.group_size_max,
        remote_share_max_percent: r.remote_share_max_percent,
        intro_visit_within_days: r.intro_visit_within_days,
        start_within_days: r.start_within_days,
        start_within_working_days: r.start_within_working_days,
        billing_report_day: r.billing_report_day,
        no_show_units_per_month: r.no_show_units_per_month,
        min_work_tasks: r.min_work_tasks,
        search_radius_km: r.search_radius_km,
        max_radius_without_permission_km: r.max_radius_without_permission_km,
        long_term_after_months: r.long_term_after_months,
        long_term_per_week_min: r.long_term_per_week_min,
        total_max_months: r.total_max_months,
    }
}

/// A service as answers name it, in `lang`; a code no service has is named by itself.
pub fn service_ref(services: &super::repo::Services, code: &str, lang: Lang) -> ServiceRef {
    ServiceRef {
        code: code.to_string(),
        name: services
            .get(code)
            .map_or_else(|| code.to_string(), |s| s.name(lang).to_string()),
    }
}

/// A municipality as answers name it, in `lang`.
pub fn municipality_ref(
    code: &str,
    names: &crate::i18n::Translations,
    lang: Lang,
) -> MunicipalityRef {
    MunicipalityRef {
        code: code.to_string(),
        name: names.get(lang).to_string(),
    }
}
