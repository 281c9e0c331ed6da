//! How a month's report is put together and submitted, as plain functions the routes and the
//! demo call alike.
//!
//! A municipality's part of a provider's month is either submitted, and then read as it was
//! frozen, or open, and then worked out from attendance as it stands. An open month also carries
//! the corrections of days of the submitted months before it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::repo::{self, LineRow, SubmissionRow};
use super::{billed_now, correction, corrects_into, day_price, late, Entry, Kind, Month};
use crate::agreements::repo::AgreementRow;
use crate::attendance::repo::{DayRow, MeetingRow};
use crate::clock::helsinki_date;
use crate::db::cache::Reading;
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::i18n::Lang;
use crate::rulebooks::Terms;
use crate::vouchers::VoucherRow;

/// A provider's month, or one municipality's part of it.
#[derive(Debug, Clone)]
pub struct Report {
    pub provider_id: String,
    pub month: Month,
    /// Every listed day, frozen or as it stands, in the order the lines show them.
    pub entries: Vec<Entry>,
    /// The municipalities' submissions of the month.
    pub submissions: Vec<SubmissionRow>,
    /// Each municipality's report day for the month.
    pub due: BTreeMap<String, NaiveDate>,
    /// What the report's vouchers, agreements and rulebooks are.
    pub known: Known,
}

impl Report {
    pub fn submission(&self, municipality: &str) -> Option<&SubmissionRow> {
        self.submissions
            .iter()
            .find(|s| s.municipality_code == municipality)
    }
}

/// The vouchers, agreements and rulebooks a report names.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub vouchers: HashMap<String, VoucherRow>,
    pub agreements: HashMap<String, AgreementRow>,
    pub terms: HashMap<String, Arc<Terms>>,
}

impl Known {
    fn load(
        conn: &mut DbConnection,
        voucher_ids: &[String],
        agreement_ids: &[String],
    ) -> Result<Known, AppError> {
        let agreements = repo::agreements_by_ids(conn, agreement_ids)?;
        let mut ids = voucher_ids.to_vec();
        ids.extend(agreements.values().map(|a| a.voucher_id.clone()));
        let vouchers = crate::vouchers::repo::by_ids(conn, &dedup(ids))?;
        let terms = rulebooks_of(conn, vouchers.values())?;
        Ok(Known {
            vouchers,
            agreements,
            terms,
        })
    }

    pub fn terms_of(&self, voucher_id: &str) -> Option<&Arc<Terms>> {
        self.terms.get(&self.vouchers.get(voucher_id)?.rulebook_id)
    }

    /// The municipality whose voucher it is.
    pub fn municipality(&self, voucher_id: &str) -> Option<&str> {
        Some(
            self.terms_of(voucher_id)?
                .rulebook
                .municipality_code
                .as_str(),
        )
    }

    /// The unit price of a day under its agreement (see [`day_price`]).
    fn price(&self, agreement: &AgreementRow, remote: bool) -> i64 {
        let remote_tier = self
            .terms_of(&agreement.voucher_id)
            .filter(|t| t.tiers.len() > 1)
            .map(|t| t.price_at(crate::rulebooks::MeetingPlace::Remote).cents);
        day_price(agreement.unit_price_cents, remote, remote_tier)
    }

    /// The entry of a day as attendance has it now (`kind` a correction's, with its units).
    fn entry(&self, d: &DayRow, correction: Option<i32>) -> Option<Entry> {
        let a = self.agreements.get(&d.agreement_id)?;
        let t = self.terms_of(&d.voucher_id)?;
        let (kind, units) = billed_now(d.status(), d.units);
        let (kind, units) = match correction {
            Some(delta) => (Kind::Correction, delta),
            None => (kind, units),
        };
        Some(Entry {
            municipality: t.rulebook.municipality_code.clone(),
            service_code: t.rulebook.service_code.clone(),
            voucher_id: d.voucher_id.clone(),
            agreement_id: d.agreement_id.clone(),
            client_id: d.client_id.clone(),
            day_id: Some(d.id.clone()),
            meeting_id: d.meeting_id.clone(),
            day: d.day,
            kind,
            units,
            unit_price_cents: self.price(a, d.remote),
            reason_code: match kind {
                Kind::Correction => Some(d.status.clone()),
                _ => d.reason_code().map(str::to_string),
            },
            reason: d.reason.clone(),
        })
    }

    fn cancelled(&self, m: &MeetingRow) -> Option<Entry> {
        let a = self.agreements.get(&m.agreement_id)?;
        let t = self.terms_of(&a.voucher_id)?;
        Some(Entry {
            municipality: t.rulebook.municipality_code.clone(),
            service_code: t.rulebook.service_code.clone(),
            voucher_id: a.voucher_id.clone(),
            agreement_id: a.id.clone(),
            client_id: a.client_id.clone(),
            day_id: None,
            meeting_id: Some(m.id.clone()),
            day: m.day,
            kind: Kind::Cancelled,
            units: 0,
            unit_price_cents: self.price(a, m.remote),
            reason_code: Some("cancelled_by_provider".to_string()),
            reason: m.cancel_reason.clone(),
        })
    }

    fn frozen(&self, municipality: &str, l: &LineRow) -> Entry {
        Entry {
            municipality: municipality.to_string(),
            service_code: self
                .terms_of(&l.voucher_id)
                .map(|t| t.rulebook.service_code.clone())
                .unwrap_or_default(),
            voucher_id: l.voucher_id.clone(),
            agreement_id: l.agreement_id.clone(),
            client_id: l.client_id.clone(),
            day_id: l.day_id.clone(),
            meeting_id: l.meeting_id.clone(),
            day: l.day,
            kind: Kind::parse(&l.kind).unwrap_or(Kind::Day),
            units: l.units,
            unit_price_cents: l.unit_price_cents,
            reason_code: l.reason_code.clone(),
            reason: l.reason.clone(),
        }
    }
}

/// The provider's `month`, or only `only`'s part of it: submitted parts as they were frozen,
/// open parts as attendance stands, with the corrections of earlier submitted months.
pub fn report(
    conn: &mut DbConnection,
    provider_id: &str,
    month: Month,
    only: Option<&str>,
) -> Result<Report, AppError> {
    let all = repo::submissions_of(conn, provider_id)?;
    let mut submitted: HashMap<String, BTreeSet<Month>> = HashMap::new();
    for s in &all {
        if let Some(m) = Month::parse(&s.month) {
            submitted
                .entry(s.municipality_code.clone())
                .or_default()
                .insert(m);
        }
    }
    let code = month.code();
    let this: Vec<SubmissionRow> = all
        .iter()
        .filter(|s| s.month == code && only.is_none_or(|o| o == s.municipality_code))
        .cloned()
        .collect();
    let mut frozen = Vec::new();
    for s in &this {
        frozen.push((s.municipality_code.clone(), repo::lines_of(conn, &s.id)?));
    }
    let days = repo::days_between(conn, provider_id, month.first(), month.last())?;
    let meetings = repo::cancelled_meetings(conn, provider_id, month.first(), month.last())?;
    let earlier = changed_after_submission(conn, provider_id, month, &all)?;
    let ids: Vec<String> = earlier.iter().map(|d| d.id.clone()).collect();
    let billed = repo::billed_by_day(conn, &ids)?;

    let mut vouchers: Vec<String> = days
        .iter()
        .chain(&earlier)
        .map(|d| d.voucher_id.clone())
        .collect();
    let mut agreements: Vec<String> = days
        .iter()
        .chain(&earlier)
        .map(|d| d.agreement_id.clone())
        .chain(meetings.iter().map(|m| m.agreement_id.clone()))
        .collect();
    for (_, lines) in &frozen {
        vouchers.extend(lines.iter().map(|l| l.voucher_id.clone()));
        agreements.extend(lines.iter().map(|l| l.agreement_id.clone()));
    }
    let known = Known::load(conn, &dedup(vouchers), &dedup(agreements))?;

    let open = |municipality: &str| {
        only.is_none_or(|o| o == municipality)
            && !submitted
                .get(municipality)
                .is_some_and(|s| s.contains(&month))
    };
    let mut entries: Vec<Entry> = Vec::new();
    for (municipality, lines) in &frozen {
        entries.extend(lines.iter().map(|l| known.frozen(municipality, l)));
    }
    for d in &days {
        if let Some(e) = known.entry(d, None).filter(|e| open(&e.municipality)) {
            entries.push(e);
        }
    }
    for m in &meetings {
        if let Some(e) = known.cancelled(m).filter(|e| open(&e.municipality)) {
            entries.push(e);
        }
    }
    let none = BTreeSet::new();
    for d in &earlier {
        let Some(municipality) = known.municipality(&d.voucher_id) else {
            continue;
        };
        let months = submitted.get(municipality).unwrap_or(&none);
        if !open(municipality) || !corrects_into(Month::of(d.day), month, months) {
            continue;
        }
        let now = billed_now(d.status(), d.units).1;
        let before = billed.get(&d.id).copied().unwrap_or(0);
        if let Some(delta) = correction(now, before) {
            entries.extend(known.entry(d, Some(delta)));
        }
    }

    let mut due = BTreeMap::new();
    for e in &entries {
        if let Some(t) = known.terms_of(&e.voucher_id) {
            let day = month.due(t.rulebook.billing_report_day);
            due.entry(e.municipality.clone())
                .and_modify(|d: &mut NaiveDate| *d = (*d).min(day))
                .or_insert(day);
        }
    }
    for s in &this {
        due.insert(s.municipality_code.clone(), s.due_on);
    }
    Ok(Report {
        provider_id: provider_id.to_string(),
        month,
        entries,
        submissions: this,
        due,
        known,
    })
}

/// How long before a month's submission a change to one of its days is still looked at for a
/// correction: far longer than any write takes from reading the clock to committing, so a
/// change that read the clock before the submission but committed after it is not missed.
pub const CHANGE_MARGIN_HOURS: i64 = 24;

/// The days of the provider's submitted months before `month` recorded or decided after their
/// month was submitted (less [`CHANGE_MARGIN_HOURS`]): the only days whose bill can differ
/// from what the reports billed. Each month is one index range, so a long history costs the
/// changes, not the days.
fn changed_after_submission(
    conn: &mut DbConnection,
    provider_id: &str,
    month: Month,
    submissions: &[SubmissionRow],
) -> Result<Vec<DayRow>, AppError> {
    let mut first_of: BTreeMap<Month, chrono::NaiveDateTime> = BTreeMap::new();
    for s in submissions {
        if let Some(m) = Month::parse(&s.month).filter(|m| *m < month) {
            first_of
                .entry(m)
                .and_modify(|t| *t = (*t).min(s.submitted_at))
                .or_insert(s.submitted_at);
        }
    }
    let mut days = Vec::new();
    for (m, at) in first_of {
        let since = at - chrono::Duration::hours(CHANGE_MARGIN_HOURS);
        days.extend(repo::changed_since(
            conn,
            provider_id,
            (m.first(), m.last()),
            since,
        )?);
    }
    Ok(days)
}

/// The terms of each rulebook `vouchers` follow, read once a rulebook.
fn rulebooks_of<'a>(
    conn: &mut DbConnection,
    vouchers: impl IntoIterator<Item = &'a VoucherRow>,
) -> Result<HashMap<String, Arc<Terms>>, AppError> {
    let mut terms = HashMap::new();
    for v in vouchers {
        if !terms.contains_key(&v.rulebook_id) {
            let t = crate::rulebooks::repo::by_id(conn, &v.rulebook_id)?;
            terms.insert(v.rulebook_id.clone(), Arc::new(t));
        }
    }
    Ok(terms)
}

fn dedup(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids.dedup();
    ids
}

/// What a submission froze: how many lines, and the clients they bill.
pub struct Submitted {
    pub lines: usize,
    pub clients: Vec<String>,
}

/// The provider submits `month`: each municipality's open part is frozen as it stands, marked
/// late after its report day (H §5.2, K §7). A part submitted before stays as it was, so a
/// second submission changes nothing (the route then reads the same report).
pub fn submit(
    conn: &mut DbConnection,
    provider_id: &str,
    month: Month,
    actor_id: &str,
    now: DateTime<Utc>,
) -> Result<Submitted, AppError> {
    let today = helsinki_date(now);
    if !month.over(today) {
        return Err(AppError::new(ErrorCode::BillingMonthNotOver)
            .arg("month", month.code())
            .arg("date", month.next().first().to_string()));
    }
    repo::lock_provider(conn, provider_id)?;
    let r = report(conn, provider_id, month, None)?;
    let mut parts: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in &r.entries {
        if r.submission(&e.municipality).is_none() {
            parts.entry(e.municipality.clone()).or_default().push(e);
        }
    }
    if parts.is_empty() {
        return if r.submissions.is_empty() {
            Err(AppError::new(ErrorCode::BillingNothingToSubmit).arg("month", month.code()))
        } else {
            Ok(Submitted {
                lines: 0,
                clients: Vec::new(),
            })
        };
    }
    let (mut clients, mut written) = (Vec::new(), 0);
    for (municipality, entries) in &parts {
        let due = r.due.get(municipality).copied().unwrap_or(month.due(1));
        let submission = SubmissionRow {
            id: uuid::Uuid::now_v7().to_string(),
            provider_id: provider_id.to_string(),
            municipality_code: municipality.clone(),
            month: month.code(),
            due_on: due,
            submitted_by: actor_id.to_string(),
            submitted_at: now.naive_utc(),
            late: late(due, today),
            total_cents: entries.iter().map(|e| e.amount_cents()).sum(),
        };
        let lines: Vec<LineRow> = entries
            .iter()
            .map(|e| LineRow {
                id: uuid::Uuid::now_v7().to_string(),
                submission_id: submission.id.clone(),
                voucher_id: e.voucher_id.clone(),
                agreement_id: e.agreement_id.clone(),
                client_id: e.client_id.clone(),
                day_id: e.day_id.clone(),
                meeting_id: e.meeting_id.clone(),
                day: e.day,
                kind: e.kind.as_str().to_string(),
                units: e.units,
                unit_price_cents: e.unit_price_cents,
                amount_cents: e.amount_cents(),
                reason_code: e.reason_code.clone(),
                reason: e.reason.clone(),
            })
            .collect();
        repo::insert(conn, &submission, &lines)?;
        written += lines.len();
        clients.extend(entries.iter().map(|e| e.client_id.clone()));
    }
    Ok(Submitted {
        lines: written,
        clients: dedup(clients),
    })
}

/// A municipality's month: each provider with days of its vouchers or a submitted report, and
/// the vouchers in force in the month.
pub struct CityMonth {
    pub municipality: String,
    pub month: Month,
    pub reports: Vec<Report>,
    pub vouchers: Vec<VoucherRow>,
    /// The agreed unit price of each voucher that has a confirmed agreement.
    pub prices: HashMap<String, i64>,
    pub terms: HashMap<String, Arc<Terms>>,
}

pub fn city(
    conn: &mut DbConnection,
    municipality: &str,
    month: Month,
) -> Result<CityMonth, AppError> {
    let vouchers = repo::vouchers_in_force(conn, municipality, month.first(), month.last())?;
    let ids: Vec<String> = vouchers.iter().map(|v| v.id.clone()).collect();
    let mut providers = repo::providers_with_days(conn, &ids, month.first(), month.last())?;
    providers.extend(
        repo::submissions_in(conn, municipality, &month.code())?
            .into_iter()
            .map(|s| s.provider_id),
    );
    let mut reports = Vec::new();
    for p in dedup(providers) {
        reports.push(report(conn, &p, month, Some(municipality))?);
    }
    let prices = repo::agreed_prices(conn, &ids)?;
    let terms = rulebooks_of(conn, &vouchers)?;
    Ok(CityMonth {
        municipality: municipality.to_string(),
        month,
        reports,
        vouchers,
        prices,
        terms,
    })
}

/// Names a report shows: the clients', the submitters', the municipalities', the providers', and
/// the day each agreement was first recorded as interrupted (K §4).
#[derive(Debug, Default)]
pub struct Names {
    pub clients: HashMap<String, String>,
    pub people: HashMap<String, String>,
    pub municipalities: HashMap<String, String>,
    pub providers: HashMap<String, String>,
    pub interruptions: HashMap<String, NaiveDate>,
}

/// The names `reports` show, in `lang`.
pub fn names(r: &mut Reading<'_>, reports: &[&Report], lang: Lang) -> Result<Names, AppError> {
    let mut n = Names::default();
    let mut agreements = Vec::new();
    for report in reports {
        for e in &report.entries {
            if !n.clients.contains_key(&e.client_id) {
                let name = crate::persons::repo::name(r, &e.client_id)?;
                n.clients.insert(e.client_id.clone(), name);
            }
            agreements.push(e.agreement_id.clone());
        }
        for s in &report.submissions {
            if !n.people.contains_key(&s.submitted_by) {
                let name = crate::persons::repo::name(r, &s.submitted_by)?;
                n.people.insert(s.submitted_by.clone(), name);
            }
        }
        let codes = report
            .due
            .keys()
            .chain(report.submissions.iter().map(|s| &s.municipality_code));
        for code in codes.cloned().collect::<Vec<_>>() {
            if let std::collections::hash_map::Entry::Vacant(v) = n.municipalities.entry(code) {
                let name = crate::rulebooks::repo::municipality_name(r.conn(), v.key())?;
                v.insert(name.take(lang));
            }
        }
        if !n.providers.contains_key(&report.provider_id) {
            let p = crate::providers::repo::find(r.conn(), &report.provider_id)?;
            n.providers.insert(
                report.provider_id.clone(),
                p.map(|p| p.name).unwrap_or_default(),
            );
        }
    }
    let since = chrono::NaiveDateTime::default();
    for e in crate::agreements::repo::interruptions_since(r.conn(), &dedup(agreements), since)? {
        if let Some(on) = e.on_date {
            n.interruptions
                .entry(e.agreement_id.clone())
                .and_modify(|d| *d = (*d).min(on))
                .or_insert(on);
        }
    }
    Ok(n)
}
