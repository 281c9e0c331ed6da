//! Rulebooks as data. A rulebook row holds every number a municipality sets for one service
//! (`../shared/domain.md`); the functions here read those numbers and never name a municipality.
//! A price change is a new row with a later `in_force_from`; a voucher keeps the row it was
//! issued under.

use chrono::{Datelike, Months, NaiveDate};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::schema::{rulebook_price_tiers, rulebook_rules, rulebooks, services};
use crate::error::{AppError, ErrorCode};
use crate::geo::tenths;
use crate::i18n::Lang;

pub mod deadlines;
pub mod reach;
pub mod repo;
pub mod routes;
pub mod view;

pub use reach::RadiusRule;

pub use deadlines::{
    check_anchors, deadlines, Anchor, Anchors, Deadlines, GroupStart, HolidayPeriod, StartBasis,
};

/// What a voucher's units are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Day,
    Hour,
}

impl Unit {
    pub fn parse(s: &str) -> Unit {
        if s == "hour" {
            Unit::Hour
        } else {
            Unit::Day
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Hour => "hour",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = rulebooks)]
pub struct Rulebook {
    pub id: String,
    pub municipality_code: String,
    pub service_code: String,
    pub in_force_from: NaiveDate,
    pub unit_price_cents: i64,
    pub validity_min_months: i32,
    pub validity_max_months: i32,
    pub extended_max_months: i32,
    pub units_cap: Option<i32>,
    pub units_cap_exception: Option<i32>,
    pub cap_period_months: Option<i32>,
    pub per_week_min: Option<i32>,
    pub per_week_max: Option<i32>,
    pub per_week_max_exception: Option<i32>,
    pub hours_per_day_min: Option<i32>,
    pub hours_per_day_max: Option<i32>,
    pub hours_per_session: bool,
    pub sessions_per_week_min: Option<i32>,
    pub group_size_max: Option<i32>,
    pub remote_share_max_percent: Option<i32>,
    pub intro_visit_within_days: Option<i32>,
    pub start_within_days: Option<i32>,
    pub start_within_working_days: Option<i32>,
    pub billing_report_day: i32,
    pub no_show_units_per_month: i32,
    pub min_work_tasks: Option<i32>,
    /// Where a provider search starts, in km from home.
    pub search_radius_km: i32,
    pub long_term_after_months: Option<i32>,
    pub long_term_per_week_min: Option<i32>,
    pub total_max_months: Option<i32>,
    /// The legal forms a provider may have, as stored (`,a,b,`); `None`: any form.
    pub allowed_legal_forms: Option<String>,
    /// How far a client may search without the caseworker's permission; `None`: no limit.
    pub max_radius_without_permission_km: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = services)]
pub struct Service {
    pub code: String,
    pub family: String,
    pub unit: String,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
    pub description_fi: String,
    pub description_sv: String,
    pub description_en: String,
}

impl Service {
    pub fn unit(&self) -> Unit {
        Unit::parse(&self.unit)
    }

    /// The service as answers name it: its code and its name in `lang`.
    pub fn named(&self, lang: Lang) -> crate::refs::ServiceRef {
        crate::refs::ServiceRef {
            code: self.code.clone(),
            name: self.name(lang).to_string(),
        }
    }

    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.name_fi,
            Lang::Sv => &self.name_sv,
            Lang::En => &self.name_en,
        }
    }

    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.description_fi,
            Lang::Sv => &self.description_sv,
            Lang::En => &self.description_en,
        }
    }
}

/// One distance tier of a unit price: applies up to and including `up_to_km` (no bound: beyond).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rulebook_price_tiers)]
pub struct PriceTier {
    pub tier: i32,
    pub up_to_km: Option<i32>,
    pub unit_price_cents: i64,
    /// Phone and remote work is billed at this tier, whatever the distance (K §3.1: tier 1).
    pub remote: bool,
}

/// The rules of a rulebook version beyond its main row (`rulebook_rules`); a rulebook without a
/// row has none of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = rulebook_rules)]
pub struct Rules {
    pub rulebook_id: String,
    /// Vouchers whose rulebooks name the same group may not run at the same time (H §5.1: the
    /// basic and the special level).
    pub same_time_group: Option<String>,
    /// Vouchers of the service that follow one another last at most this long together (H §5.1:
    /// the special level's assessment, six months).
    pub consecutive_max_months: Option<i32>,
    /// Going past `validity_max_months`, by an extension or a voucher that follows, needs the
    /// caseworker's reason (H §5.1: "perustellusti").
    pub extension_needs_reason: bool,
    /// `total_max_months` is the rule, not a limit: the caseworker may go past it with a reason
    /// (H §5.5: "pääsääntöisesti").
    pub total_max_with_reason: bool,
    /// What the intro-visit clock counts from (an [`Anchor`] code; H §1.4: the day the client
    /// agreed to start at a place).
    pub intro_visit_counts_from: String,
    /// What the start clock counts from (H §1.4: the plan; K §4: the order).
    pub start_counts_from: String,
    /// The start clock does not count the days of the rulebook's holiday periods (H §1.4:
    /// "poikkeuksena loma-ajat").
    pub start_skips_holiday_periods: bool,
    /// A closed group may be delayed by at most this many working days (K §4: 10) …
    pub group_delay_max_working_days: Option<i32>,
    /// … when under this share of its largest size (K §4: 60 %) …
    pub group_min_fill_percent: Option<i32>,
    /// … this many days before its announced start (K §4: a week).
    pub group_fill_checked_days_before: Option<i32>,
    /// New clients join a closed group until this many working days after its start (K §4: 10).
    pub group_joining_working_days: Option<i32>,
    /// The client is at least this old on the voucher's first day (K §2: 18) …
    pub client_age_min: Option<i32>,
    /// … and at most this old (K §2: 64).
    pub client_age_max: Option<i32>,
    /// The provider gives at least this many hours of individual guidance … (H §5.1: 6)
    pub guidance_hours_min: Option<i32>,
    /// … in each period of this many months from the agreement's start (H §5.1: 3).
    pub guidance_period_months: Option<i32>,
}

impl Rules {
    pub fn intro_anchor(&self) -> Anchor {
        Anchor::parse(&self.intro_visit_counts_from)
    }

    pub fn start_anchor(&self) -> Anchor {
        Anchor::parse(&self.start_counts_from)
    }
}

/// Where the meetings of an hourly voucher mainly happen, as the client's agreement with a
/// provider names it (K §3.1, appendix 1 item 7).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MeetingPlace {
    /// By phone or remotely.
    Remote,
    /// This many km from the provider's office.
    Km(f64),
}

/// A unit price, with its distance tier where the rulebook prices by distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierPrice {
    pub tier: Option<i32>,
    pub cents: i64,
}

/// A rulebook with its service and price tiers, as the rules need them.
#[derive(Debug, Clone)]
pub struct Terms {
    pub rulebook: Rulebook,
    pub service: Service,
    pub tiers: Vec<PriceTier>,
    pub rules: Rules,
    /// Holiday periods the start clock may skip (see [`Rules::start_skips_holiday_periods`]).
    pub holidays: Vec<HolidayPeriod>,
}

impl Terms {
    pub fn unit(&self) -> Unit {
        self.service.unit()
    }

    /// The unit price where the meetings mainly happen, with its distance tier: the one place a
    /// price tier is decided (K §3.1). By distance, the first tier whose bound covers the distance
    /// as shown (to 0.1 km, like every distance a person reads); remote or phone work always at
    /// the rulebook's remote tier. Without tiers the rulebook's one price applies.
    pub fn price_at(&self, place: MeetingPlace) -> TierPrice {
        let tier = match place {
            MeetingPlace::Remote => self.tiers.iter().find(|t| t.remote).or(self.tiers.first()),
            MeetingPlace::Km(km) => {
                let shown = tenths(km);
                self.tiers
                    .iter()
                    .find(|t| t.up_to_km.is_none_or(|up| shown <= i64::from(up) * 10))
            }
        };
        match tier {
            Some(t) => TierPrice {
                tier: Some(t.tier),
                cents: t.unit_price_cents,
            },
            None => TierPrice {
                tier: None,
                cents: self.rulebook.unit_price_cents,
            },
        }
    }

    /// The lowest and the highest unit price, for a voucher whose meeting place is not known yet.
    pub fn price_range(&self) -> (i64, i64) {
        let prices = self.tiers.iter().map(|t| t.unit_price_cents);
        match (prices.clone().min(), prices.max()) {
            (Some(min), Some(max)) => (min, max),
            _ => (
                self.rulebook.unit_price_cents,
                self.rulebook.unit_price_cents,
            ),
        }
    }

    /// The legal forms a provider of this service may have (H §1.1); `None`: any form.
    pub fn allowed_legal_forms(&self) -> Option<Vec<&str>> {
        self.rulebook
            .allowed_legal_forms
            .as_deref()
            .map(|list| stored_codes(list).collect())
    }

    /// Whether a provider of this legal form may be approved for the service.
    pub fn allows_legal_form(&self, form: &str) -> bool {
        self.rulebook
            .allowed_legal_forms
            .as_deref()
            .is_none_or(|list| stored_codes(list).any(|f| f == form))
    }

    pub fn allows_exceptions(&self) -> bool {
        self.rulebook.units_cap_exception.is_some()
            || self.rulebook.per_week_max_exception.is_some()
    }
}

/// The codes of a stored list (`,a,b,`; spaces and empty items are skipped).
fn stored_codes(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|c| !c.is_empty())
}

/// What a caseworker asks for when issuing or extending a voucher.
#[derive(Debug, Clone)]
pub struct Request {
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub granted_units: i32,
    pub per_week: Option<i32>,
    pub hours_per_day: Option<i32>,
    /// A justified exception lifts the caps the rulebook has exception values for.
    pub exception: bool,
    /// The caseworker gave a reason for going past the rulebook's usual period.
    pub extension_reason: bool,
    /// The caseworker gave a reason for going past the family's usual total.
    pub over_total_reason: bool,
}

/// What the client's other vouchers of the same service family add to a request: worked out
/// from their periods (see [`prior_months`] and [`run_from`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prior {
    /// Months the client has already had vouchers of the same service family.
    pub months: i32,
    /// The first day of the run of this service's vouchers that the request continues (its own
    /// first day when none ends the day before it starts).
    pub run_from: NaiveDate,
}

/// The justified exceptions a request that passed the rules takes: each is kept in the
/// voucher's history with the caseworker's reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Justified {
    /// Past the usual period in a row (H §5.1: the special level's assessment period).
    pub longer_period: bool,
    /// Past the family's usual total (H §5.5: two years "as a rule").
    pub over_total: bool,
}

/// Issuing follows the first-period limits; an extension may reach the extended maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Issue,
    Extend,
}

/// The last day of a validity of `months` months starting on `from`.
pub fn last_day_of(from: NaiveDate, months: i32) -> NaiveDate {
    from.checked_add_months(Months::new(months.max(0) as u32))
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// In how many whole or started months the period from..=until lies.
pub fn months_spanned(from: NaiveDate, until: NaiveDate) -> i32 {
    let mut n = 1;
    while last_day_of(from, n) < until && n < 1200 {
        n += 1;
    }
    n
}

/// How many started weeks the period from..=until has.
pub fn weeks_spanned(from: NaiveDate, until: NaiveDate) -> i64 {
    let days = (until - from).num_days() + 1;
    (days + 6) / 7
}

fn unit_arg(unit: Unit) -> &'static str {
    unit.as_str()
}

/// A period a client had (or has) a voucher for a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The voucher's id.
    pub voucher_id: String,
    pub service: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
    /// The voucher's rulebook's same-time group (see [`Rules::same_time_group`]).
    pub same_time_group: Option<String>,
}

/// Months already had of a service family: they count towards its total and long-term rules.
pub fn prior_months(periods: &[Period]) -> i32 {
    periods
        .iter()
        .map(|p| months_spanned(p.from, p.until))
        .sum()
}

/// Whether a voucher for `service` over from..=until would overlap one the client has.
pub fn overlaps<'a>(
    periods: &'a [Period],
    service: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> Option<&'a Period> {
    periods
        .iter()
        .find(|p| p.service == service && p.from <= until && from <= p.until)
}

/// Whether a voucher over from..=until would overlap one of another service in the same
/// same-time group (H §5.1: a basic-level voucher and a special-level one).
pub fn overlaps_group<'a>(
    periods: &'a [Period],
    terms: &Terms,
    from: NaiveDate,
    until: NaiveDate,
) -> Option<&'a Period> {
    let group = terms.rules.same_time_group.as_ref()?;
    periods.iter().find(|p| {
        p.service != terms.service.code
            && p.same_time_group.as_ref() == Some(group)
            && p.from <= until
            && from <= p.until
    })
}

/// The first day of the run of `service`'s vouchers that a voucher starting on `from` continues:
/// each voucher of the run starts the day after the one before it ends.
pub fn run_from(periods: &[Period], service: &str, from: NaiveDate) -> NaiveDate {
    let mut start = from;
    while let Some(before) = periods
        .iter()
        .filter(|p| p.service == service && p.from < start)
        .find(|p| p.until.succ_opt() == Some(start))
    {
        start = before.from;
    }
    start
}

/// A person's age in whole years on `day`: a year is full on the birthday (born on 29 February,
/// on 28 February in other years).
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - birth.year();
    let birthday = birth
        .checked_add_months(Months::new(12 * age.max(0) as u32))
        .unwrap_or(NaiveDate::MAX);
    if day < birthday {
        age -= 1;
    }
    age
}

/// Checks the client's age on the voucher's first day against the rulebook's limits (K §2).
/// `service` is the service's name in the caller's language, for the message.
pub fn check_age(
    terms: &Terms,
    birth: NaiveDate,
    first_day: NaiveDate,
    service: &str,
) -> Result<(), AppError> {
    let rules = &terms.rules;
    if rules.client_age_min.is_none() && rules.client_age_max.is_none() {
        return Ok(());
    }
    let age = age_on(birth, first_day);
    let min = rules.client_age_min.unwrap_or(0);
    let max = rules.client_age_max.unwrap_or(i32::MAX);
    if age < min || age > max {
        return Err(AppError::new(ErrorCode::VoucherClientAgeOutOfRange)
            .arg("service", service.to_string())
            .arg("min", i64::from(min))
            .arg("max", i64::from(max))
            .arg("age", i64::from(age)));
    }
    Ok(())
}

/// Checks a request against every rule of the rulebook, with what the client's other vouchers
/// add to it (`prior`). The first broken rule answers, with its own code and the numbers that are
/// allowed. `service` is the service's name in the caller's language, for the message.
pub fn check(
    terms: &Terms,
    req: &Request,
    prior: Prior,
    phase: Phase,
    service: &str,
) -> Result<Justified, AppError> {
    let rb = &terms.rulebook;
    let mut justified = Justified::default();
    let unit = terms.unit();
    let err = |code: ErrorCode| AppError::new(code).arg("service", service.to_string());

    if req.valid_until < req.valid_from {
        return Err(AppError::new(ErrorCode::VoucherInvalidPeriod));
    }
    if req.valid_until < last_day_of(req.valid_from, rb.validity_min_months) {
        return Err(
            err(ErrorCode::VoucherValidityTooShort).arg("min", i64::from(rb.validity_min_months))
        );
    }
    match phase {
        Phase::Issue if req.valid_until > last_day_of(req.valid_from, rb.validity_max_months) => {
            return Err(err(ErrorCode::VoucherValidityTooLong)
                .arg("max", i64::from(rb.validity_max_months)));
        }
        Phase::Extend if req.valid_until > last_day_of(req.valid_from, rb.extended_max_months) => {
            return Err(err(ErrorCode::VoucherExtensionTooLong)
                .arg("max", i64::from(rb.extended_max_months)));
        }
        _ => {}
    }
    if req.exception && !terms.allows_exceptions() {
        return Err(err(ErrorCode::VoucherExceptionNotAllowed));
    }

    // Vouchers that follow one another: at most so long in a row, and past the usual period only
    // with a reason (H §5.1).
    let run_months = months_spanned(prior.run_from, req.valid_until);
    if let Some(max) = terms.rules.consecutive_max_months {
        if run_months > max {
            return Err(err(ErrorCode::VoucherConsecutiveTooLong).arg("max", i64::from(max)));
        }
    }
    if terms.rules.extension_needs_reason && run_months > rb.validity_max_months {
        if !req.extension_reason {
            return Err(err(ErrorCode::VoucherExtensionReasonRequired)
                .arg("months", i64::from(rb.validity_max_months)));
        }
        justified.longer_period = true;
    }

    // Long durations: a total for the family, and more days a week once past a year.
    let months = months_spanned(req.valid_from, req.valid_until);
    if let Some(total) = rb.total_max_months {
        if prior.months + months > total {
            let with_reason = terms.rules.total_max_with_reason;
            if !(with_reason && req.over_total_reason) {
                return Err(err(ErrorCode::VoucherTotalDurationExceeded)
                    .arg("max", i64::from(total))
                    .arg("used", i64::from(prior.months))
                    .arg("reason", if with_reason { "allowed" } else { "none" }));
            }
            justified.over_total = true;
        }
    }
    if let (Some(after), Some(min), Some(per_week)) = (
        rb.long_term_after_months,
        rb.long_term_per_week_min,
        req.per_week,
    ) {
        if prior.months + months > after && per_week < min {
            return Err(err(ErrorCode::VoucherLongTermNeedsMoreDays)
                .arg("after", i64::from(after))
                .arg("min", i64::from(min)));
        }
    }

    // Days (or hours) a week.
    match (rb.per_week_min, rb.per_week_max, req.per_week) {
        (_, Some(_), None) => {
            return Err(err(ErrorCode::VoucherPerWeekRequired).arg("unit", unit_arg(unit)))
        }
        (min, Some(max), Some(n)) => {
            let min = min.unwrap_or(1);
            let max_now = match (req.exception, rb.per_week_max_exception) {
                (true, Some(exc)) => exc,
                _ => max,
            };
            if n < min || n > max_now {
                return Err(err(ErrorCode::VoucherPerWeekOutOfRange)
                    .arg("unit", unit_arg(unit))
                    .arg("min", i64::from(min))
                    .arg("max", i64::from(max))
                    .arg("exception_max", exception_arg(rb.per_week_max_exception)));
            }
        }
        (_, None, Some(_)) => {
            return Err(err(ErrorCode::VoucherTermNotApplicable).arg("field", "per_week"));
        }
        (_, None, None) => {}
    }

    // Hours a day (or a session).
    let per = if rb.hours_per_session {
        "session"
    } else {
        "day"
    };
    match (
        rb.hours_per_day_min,
        rb.hours_per_day_max,
        req.hours_per_day,
    ) {
        (_, Some(_), None) => {
            return Err(err(ErrorCode::VoucherHoursPerDayRequired).arg("per", per));
        }
        (min, Some(max), Some(h)) => {
            let min = min.unwrap_or(1);
            if h < min || h > max {
                return Err(err(ErrorCode::VoucherHoursPerDayOutOfRange)
                    .arg("per", per)
                    .arg("min", i64::from(min))
                    .arg("max", i64::from(max)));
            }
        }
        (_, None, Some(_)) => {
            return Err(err(ErrorCode::VoucherTermNotApplicable).arg("field", "hours_per_day"));
        }
        (_, None, None) => {}
    }

    // Units: at least one, within the cap per period, and what the weekly plan can use.
    if req.granted_units < 1 {
        return Err(err(ErrorCode::VoucherUnitsTooFew).arg("unit", unit_arg(unit)));
    }
    if let (Some(cap), Some(period)) = (rb.units_cap, rb.cap_period_months) {
        let cap_now = match (req.exception, rb.units_cap_exception) {
            (true, Some(exc)) => exc,
            _ => cap,
        };
        let periods = (months + period - 1) / period.max(1);
        if i64::from(req.granted_units) > i64::from(cap_now) * i64::from(periods) {
            return Err(err(ErrorCode::VoucherUnitsOverCap)
                .arg("unit", unit_arg(unit))
                .arg("max", i64::from(cap))
                .arg("months", i64::from(period))
                .arg("exception_max", exception_arg(rb.units_cap_exception)));
        }
    }
    if let Some(per_week) = req.per_week {
        let weeks = weeks_spanned(req.valid_from, req.valid_until);
        let fits = i64::from(per_week) * weeks;
        if i64::from(req.granted_units) > fits {
            return Err(err(ErrorCode::VoucherUnitsOverPlan)
                .arg("unit", unit_arg(unit))
                .arg("max", fits)
                .arg("per_week", i64::from(per_week))
                .arg("weeks", weeks));
        }
    }
    Ok(justified)
}

fn exception_arg(value: Option<i32>) -> String {
    value.map_or_else(|| "none".to_string(), |v| v.to_string())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_are_counted_to_the_day_before_the_same_date() {
        assert_eq!(last_day_of(d(2026, 3, 2), 3), d(2026, 6, 1));
        assert_eq!(last_day_of(d(2026, 1, 31), 1), d(2026, 2, 27));
        assert_eq!(months_spanned(d(2026, 3, 2), d(2026, 6, 1)), 3);
        assert_eq!(months_spanned(d(2026, 3, 2), d(2026, 6, 2)), 4);
        assert_eq!(months_spanned(d(2026, 3, 2), d(2026, 3, 2)), 1);
    }

    #[test]
    fn weeks_count_started_weeks() {
        assert_eq!(weeks_spanned(d(2026, 3, 2), d(2026, 3, 8)), 1);
        assert_eq!(weeks_spanned(d(2026, 3, 2), d(2026, 3, 9)), 2);
    }

    fn sample() -> Rulebook {
        Rulebook {
            id: "x".into(),
            municipality_code: "m".into(),
            service_code: "s".into(),
            in_force_from: d(2026, 1, 1),
            unit_price_cents: 4600,
            validity_min_months: 1,
            validity_max_months: 4,
            extended_max_months: 4,
            units_cap: Some(40),
            units_cap_exception: None,
            cap_period_months: Some(4),
            per_week_min: None,
            per_week_max: None,
            per_week_max_exception: None,
            hours_per_day_min: None,
            hours_per_day_max: None,
            hours_per_session: false,
            sessions_per_week_min: None,
            group_size_max: None,
            remote_share_max_percent: None,
            intro_visit_within_days: None,
            start_within_days: None,
            start_within_working_days: Some(10),
            billing_report_day: 8,
            no_show_units_per_month: 1,
            min_work_tasks: None,
            search_radius_km: 20,
            long_term_after_months: None,
            long_term_per_week_min: None,
            total_max_months: None,
            allowed_legal_forms: Some(",association,foundation,".into()),
            max_radius_without_permission_km: Some(20),
        }
    }

    pub(crate) fn terms(tiers: Vec<PriceTier>) -> Terms {
        Terms {
            rulebook: sample(),
            service: Service {
                code: "s".into(),
                family: "f".into(),
                unit: "hour".into(),
                name_fi: "a".into(),
                name_sv: "b".into(),
                name_en: "c".into(),
                description_fi: "a".into(),
                description_sv: "b".into(),
                description_en: "c".into(),
            },
            tiers,
            rules: Rules::default(),
            holidays: Vec::new(),
        }
    }

    /// Kuopio's individual coaching tiers (K §3.1).
    pub(crate) fn kuopio_tiers() -> Vec<PriceTier> {
        vec![
            PriceTier {
                tier: 1,
                up_to_km: Some(20),
                unit_price_cents: 4600,
                remote: true,
            },
            PriceTier {
                tier: 2,
                up_to_km: Some(50),
                unit_price_cents: 8100,
                remote: false,
            },
            PriceTier {
                tier: 3,
                up_to_km: None,
                unit_price_cents: 11600,
                remote: false,
            },
        ]
    }

    #[test]
    fn the_first_tier_covering_the_distance_sets_the_price() {
        let t = terms(kuopio_tiers());
        let at = |km: f64| {
            let p = t.price_at(MeetingPlace::Km(km));
            (p.tier, p.cents)
        };
        assert_eq!(at(0.0), (Some(1), 4600));
        assert_eq!(at(20.0), (Some(1), 4600));
        // 20.04 km is shown as 20.0 km, 20.06 km as 20.1 km.
        assert_eq!(at(20.04), (Some(1), 4600));
        assert_eq!(at(20.06), (Some(2), 8100));
        assert_eq!(at(20.1), (Some(2), 8100));
        assert_eq!(at(50.0), (Some(2), 8100));
        assert_eq!(at(50.1), (Some(3), 11600));
        // Remote coaching is always billed at the remote tier.
        assert_eq!(
            t.price_at(MeetingPlace::Remote),
            TierPrice {
                tier: Some(1),
                cents: 4600
            }
        );
        assert_eq!(t.price_range(), (4600, 11600));
        let flat = terms(vec![]);
        assert_eq!(
            flat.price_at(MeetingPlace::Km(80.0)),
            TierPrice {
                tier: None,
                cents: 4600
            }
        );
        assert_eq!(flat.price_at(MeetingPlace::Remote).tier, None);
        assert_eq!(flat.price_range(), (4600, 4600));
    }

    #[test]
    fn allowed_forms_are_a_list_and_none_allows_any() {
        let mut t = terms(vec![]);
        assert!(t.allows_legal_form("association"));
        assert!(t.allows_legal_form("foundation"));
        assert!(!t.allows_legal_form("company"));
        assert!(!t.allows_legal_form("cooperative"));
        assert!(!t.allows_legal_form("found"));
        assert_eq!(
            t.allowed_legal_forms(),
            Some(vec!["association", "foundation"])
        );
        t.rulebook.allowed_legal_forms = None;
        assert!(t.allows_legal_form("company"));
        assert_eq!(t.allowed_legal_forms(), None);
    }

    fn req(units: i32) -> Request {
        Request {
            valid_from: d(2026, 3, 2),
            valid_until: d(2026, 7, 1),
            granted_units: units,
            per_week: None,
            hours_per_day: None,
            exception: false,
            extension_reason: false,
            over_total_reason: false,
        }
    }

    /// No other vouchers: no months had, and the run starts on `req`'s first day.
    fn alone() -> Prior {
        Prior {
            months: 0,
            run_from: d(2026, 3, 2),
        }
    }

    fn period(service: &str, from: NaiveDate, until: NaiveDate) -> Period {
        Period {
            voucher_id: format!("{service}-{from}"),
            service: service.into(),
            from,
            until,
            same_time_group: Some("levels".into()),
        }
    }

    #[test]
    fn a_run_is_the_vouchers_that_follow_one_another_without_a_gap() {
        let periods = [
            period("special", d(2026, 1, 1), d(2026, 3, 1)),
            period("special", d(2026, 3, 2), d(2026, 6, 1)),
            period("basic", d(2026, 6, 2), d(2026, 9, 1)),
            period("special", d(2026, 9, 3), d(2026, 10, 1)),
        ];
        assert_eq!(run_from(&periods, "special", d(2026, 6, 2)), d(2026, 1, 1));
        // Another service in between, or a day's gap, starts a new run.
        assert_eq!(run_from(&periods, "special", d(2026, 9, 2)), d(2026, 9, 2));
        assert_eq!(run_from(&periods, "special", d(2026, 10, 2)), d(2026, 9, 3));
        assert_eq!(run_from(&periods, "basic", d(2026, 9, 2)), d(2026, 6, 2));
    }

    #[test]
    fn levels_in_one_group_do_not_overlap() {
        let mut t = terms(vec![]);
        t.service.code = "special".into();
        let basic = [period("basic", d(2026, 3, 2), d(2026, 6, 1))];
        assert!(overlaps_group(&basic, &t, d(2026, 4, 1), d(2026, 6, 30)).is_none());
        t.rules.same_time_group = Some("levels".into());
        let found = overlaps_group(&basic, &t, d(2026, 6, 1), d(2026, 8, 31));
        assert_eq!(found.map(|p| p.service.as_str()), Some("basic"));
        assert!(overlaps_group(&basic, &t, d(2026, 6, 2), d(2026, 8, 31)).is_none());
    }

    #[test]
    fn past_the_usual_period_in_a_row_needs_a_reason_and_stops_at_the_maximum() {
        let mut t = terms(vec![]);
        t.rulebook.validity_max_months = 3;
        t.rulebook.extended_max_months = 6;
        t.rulebook.units_cap = None;
        t.rulebook.cap_period_months = None;
        t.rules.consecutive_max_months = Some(6);
        t.rules.extension_needs_reason = true;
        // A second voucher of three months after a first of three: six months in a row.
        let second = Request {
            valid_from: d(2026, 6, 2),
            valid_until: d(2026, 9, 1),
            ..req(10)
        };
        let after_first = Prior {
            run_from: d(2026, 3, 2),
            ..alone()
        };
        let e = check(&t, &second, after_first, Phase::Issue, "s").unwrap_err();
        assert_eq!(e.code, ErrorCode::VoucherExtensionReasonRequired);
        let with_reason = Request {
            extension_reason: true,
            ..second.clone()
        };
        assert_eq!(
            check(&t, &with_reason, after_first, Phase::Issue, "s").unwrap(),
            Justified {
                longer_period: true,
                over_total: false
            }
        );
        // After a first voucher a day longer, it is six months and a day in a row.
        let e = check(
            &t,
            &with_reason,
            Prior {
                run_from: d(2026, 3, 1),
                ..alone()
            },
            Phase::Issue,
            "s",
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::VoucherConsecutiveTooLong);
        // Within the usual period no reason is needed, and none is taken.
        let first = Request {
            valid_until: d(2026, 6, 1),
            ..req(10)
        };
        assert_eq!(
            check(&t, &first, alone(), Phase::Issue, "s").unwrap(),
            Justified::default()
        );
    }

    #[test]
    fn two_years_as_a_rule_passes_only_with_a_reason() {
        let mut t = terms(vec![]);
        t.rulebook.total_max_months = Some(24);
        // 21 months had, and a voucher of three more: 24 in all.
        let three = Request {
            valid_until: d(2026, 6, 1),
            ..req(10)
        };
        let had_21 = Prior {
            months: 21,
            ..alone()
        };
        assert_eq!(
            check(&t, &three, had_21, Phase::Issue, "s").unwrap(),
            Justified::default()
        );
        let had_22 = Prior {
            months: 22,
            ..had_21
        };
        let e = check(&t, &three, had_22, Phase::Issue, "s").unwrap_err();
        assert_eq!(e.code, ErrorCode::VoucherTotalDurationExceeded);
        // A reason where the rulebook does not take one changes nothing.
        let with_reason = Request {
            over_total_reason: true,
            ..three
        };
        let e = check(&t, &with_reason, had_22, Phase::Issue, "s").unwrap_err();
        assert_eq!(e.code, ErrorCode::VoucherTotalDurationExceeded);
        t.rules.total_max_with_reason = true;
        let e = check(&t, &three, had_22, Phase::Issue, "s").unwrap_err();
        assert_eq!(e.code, ErrorCode::VoucherTotalDurationExceeded);
        assert_eq!(
            check(&t, &with_reason, had_22, Phase::Issue, "s").unwrap(),
            Justified {
                longer_period: false,
                over_total: true
            }
        );
    }

    #[test]
    fn age_is_counted_in_whole_years_on_the_day() {
        assert_eq!(age_on(d(2008, 3, 3), d(2026, 3, 2)), 17);
        assert_eq!(age_on(d(2008, 3, 2), d(2026, 3, 2)), 18);
        assert_eq!(age_on(d(1961, 3, 3), d(2026, 3, 2)), 64);
        assert_eq!(age_on(d(1961, 3, 2), d(2026, 3, 2)), 65);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 27)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 18);
        assert_eq!(age_on(d(2008, 2, 29), d(2028, 2, 29)), 20);
    }

    #[test]
    fn the_client_is_18_to_64_on_the_first_day() {
        let mut t = terms(vec![]);
        let first = d(2026, 3, 2);
        assert!(check_age(&t, d(2010, 1, 1), first, "s").is_ok());
        t.rules.client_age_min = Some(18);
        t.rules.client_age_max = Some(64);
        for (birth, ok) in [
            (d(2008, 3, 3), false),
            (d(2008, 3, 2), true),
            (d(1961, 3, 3), true),
            (d(1961, 3, 2), false),
        ] {
            let r = check_age(&t, birth, first, "s");
            assert_eq!(r.is_ok(), ok, "{birth}");
            if let Err(e) = r {
                assert_eq!(e.code, ErrorCode::VoucherClientAgeOutOfRange);
            }
        }
    }

    #[test]
    fn the_cap_counts_per_period() {
        let t = terms(vec![]);
        assert!(check(&t, &req(40), alone(), Phase::Issue, "s").is_ok());
        let e = check(&t, &req(41), alone(), Phase::Issue, "s").unwrap_err();
        assert_eq!(e.code, ErrorCode::VoucherUnitsOverCap);
        let e = check(
            &t,
            &Request {
                exception: true,
                ..req(40)
            },
            alone(),
            Phase::Issue,
            "s",
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::VoucherExceptionNotAllowed);
    }
}
