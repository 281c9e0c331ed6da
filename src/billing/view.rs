//! How people read a month's billing: the provider's month and the city's, in the reader's
//! language. The CSV of the same lines is `csv.rs`'s.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::work::{CityMonth, Names, Report};
use super::{lines, totals, Kind, LineKind, Sum};
use crate::i18n::{format_date, ArgValue, Lang, Localizer};
use crate::money::Money;
use crate::refs::{Labeled, Link, MunicipalityRef, PersonRef, ProviderRef, ServiceRef};
use crate::rulebooks::Unit;

/// A voucher as a billing line names it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BilledVoucher {
    #[schema(format = Uuid)]
    pub id: String,
    /// The number the city knows it by.
    pub number: String,
    pub link: Link,
}

/// A day a line lists: billed, at zero with its reason, or corrected.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BilledDay {
    pub day: NaiveDate,
    pub kind: Kind,
    /// The kind for reading, e.g. "Absence".
    pub label: String,
    /// The activity day, where it is one (not a meeting the provider cancelled).
    #[schema(format = Uuid)]
    pub day_id: Option<String>,
    #[schema(format = Uuid)]
    pub meeting_id: Option<String>,
    /// Signed for a correction.
    pub units: i32,
    pub unit_price: Money,
    pub amount: Money,
    /// Why it is what it is, where there is a reason.
    pub reason: Option<String>,
}

/// A line of a report: a voucher's month, or the correction of one day of a submitted month.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BillingLine {
    pub kind: LineKind,
    /// For reading: "Activity days" or "Correction of 30 Oct 2026".
    pub label: String,
    pub municipality: MunicipalityRef,
    pub voucher: BilledVoucher,
    pub client: PersonRef,
    pub service: ServiceRef,
    pub unit: Unit,
    /// Realised days or hours.
    pub confirmed_units: i32,
    /// Missed meetings billed within the month's allowance (K §4).
    pub no_show_units: i32,
    /// All units the line bills; signed for a correction.
    pub units: i32,
    /// The agreement's unit price (remote coaching days list their own).
    pub unit_price: Money,
    pub amount: Money,
    /// The day a correction corrects.
    pub corrects_day: Option<NaiveDate>,
    /// The day the service was recorded as interrupted (K §4), where it was.
    pub interrupted_on: Option<NaiveDate>,
    /// The agreement's last day, where it ended early.
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<Labeled>,
    /// Whether the line is in a submitted report (frozen), or as attendance stands now.
    pub submitted: bool,
    pub days: Vec<BilledDay>,
}

/// Where a municipality's part of a provider's month stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// Not submitted; the report day has not passed.
    Open,
    /// Not submitted, and the report day has passed.
    Overdue,
    /// Submitted by the report day.
    Submitted,
    /// Submitted after the report day.
    SubmittedLate,
}

impl SubmissionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Open => "open",
            SubmissionStatus::Overdue => "overdue",
            SubmissionStatus::Submitted => "submitted",
            SubmissionStatus::SubmittedLate => "submitted_late",
        }
    }
}

/// A municipality's part of a provider's month: due when, submitted or not, and its total.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubmissionView {
    pub municipality: MunicipalityRef,
    /// The report day (H §5.2: the 4th; K §7: the 8th), in Helsinki.
    pub due_on: NaiveDate,
    pub status: SubmissionStatus,
    /// For reading, e.g. "Submitted on 3 Dec 2026 by Jari."
    pub summary: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<PersonRef>,
    pub total: Money,
}

/// A service's total.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceTotal {
    pub service: ServiceRef,
    pub units: i64,
    pub amount: Money,
}

/// A provider's month of billing.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProviderMonth {
    pub provider: ProviderRef,
    /// `YYYY-MM`.
    pub month: String,
    /// Whether the month has ended, so it can be submitted.
    pub over: bool,
    /// Each municipality's part: due when, and submitted or not.
    pub submissions: Vec<SubmissionView>,
    pub lines: Vec<BillingLine>,
    pub totals: Vec<ServiceTotal>,
    pub total: Money,
    /// The same as CSV for a finance system.
    pub csv: String,
}

/// A provider's part of a city's month.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProviderPart {
    pub provider: ProviderRef,
    pub submission: SubmissionView,
    pub lines: Vec<BillingLine>,
}

/// A service's month for the city: what was billed, against what its vouchers were granted.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceValue {
    pub service: ServiceRef,
    /// Billed in submitted reports.
    pub submitted: Money,
    /// In reports not submitted yet, as attendance stands.
    pub not_submitted: Money,
    /// How many vouchers of the service were in force in the month.
    pub vouchers: i64,
    /// What those vouchers were granted: units × the agreed (or the highest) unit price.
    pub granted_value: Money,
}

/// A municipality's month of billing: each provider's report, and each service's total.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CityBilling {
    pub municipality: MunicipalityRef,
    /// `YYYY-MM`.
    pub month: String,
    pub providers: Vec<ProviderPart>,
    pub services: Vec<ServiceValue>,
    /// Reports not submitted whose report day has passed.
    pub overdue: i64,
    pub late: i64,
    /// Billed in submitted reports.
    pub total: Money,
    pub csv: String,
}

/// How billing reads in one language.
pub struct Texts<'a> {
    pub i18n: &'a Localizer,
    pub lang: Lang,
}

impl Texts<'_> {
    fn text(&self, id: &str, args: Vec<(&'static str, ArgValue)>) -> String {
        self.i18n.text(self.lang, id, &args)
    }

    fn money(&self, cents: i64) -> Money {
        Money::new(cents, self.lang)
    }

    fn municipality(&self, code: &str, names: &Names) -> MunicipalityRef {
        MunicipalityRef {
            code: code.to_string(),
            name: names.municipalities.get(code).cloned().unwrap_or_default(),
        }
    }

    /// The lines of a report, in the order a reader goes through them.
    pub fn lines(&self, r: &Report, names: &Names) -> Vec<BillingLine> {
        let mut out: Vec<BillingLine> = lines(r.entries.clone())
            .into_iter()
            .map(|l| {
                let voucher = r.known.vouchers.get(&l.voucher_id);
                let terms = r.known.terms_of(&l.voucher_id);
                let agreement = r.known.agreements.get(&l.agreement_id);
                let label = match (l.kind, l.corrects_day) {
                    (LineKind::Correction, Some(d)) => self.text(
                        "billing-line-correction",
                        vec![("date", format_date(d, self.lang).as_str().into())],
                    ),
                    _ => self.text("billing-line-month", vec![]),
                };
                let end_reason = agreement
                    .filter(|a| a.ended_on.is_some_and(|d| d <= r.month.last()))
                    .and_then(|a| a.end_reason.as_deref())
                    .filter(|r| *r != crate::agreements::repo::REPLACED)
                    .map(|code| Labeled {
                        code: code.to_string(),
                        name: self.text("agreement-end-reason", vec![("reason", code.into())]),
                    });
                // A correction is one day, at that day's price; a month, the agreement's.
                let unit_price = match (l.kind, l.entries.first()) {
                    (LineKind::Correction, Some(e)) => e.unit_price_cents,
                    _ => agreement.map_or(0, |a| a.unit_price_cents),
                };
                BillingLine {
                    kind: l.kind,
                    label,
                    municipality: self.municipality(&l.municipality, names),
                    voucher: BilledVoucher {
                        id: l.voucher_id.clone(),
                        number: voucher.map(|v| v.number.clone()).unwrap_or_default(),
                        link: Link::voucher(&l.client_id, &l.voucher_id),
                    },
                    client: PersonRef {
                        id: l.client_id.clone(),
                        display_name: names.clients.get(&l.client_id).cloned().unwrap_or_default(),
                    },
                    service: terms
                        .map(|t| t.service.named(self.lang))
                        .unwrap_or(ServiceRef {
                            code: l.service_code.clone(),
                            name: String::new(),
                        }),
                    unit: terms.map_or(Unit::Day, |t| t.unit()),
                    confirmed_units: l.confirmed_units,
                    no_show_units: l.no_show_units,
                    units: l.units,
                    unit_price: self.money(unit_price),
                    amount: self.money(l.amount_cents),
                    corrects_day: l.corrects_day,
                    interrupted_on: names
                        .interruptions
                        .get(&l.agreement_id)
                        .copied()
                        .filter(|d| *d <= r.month.last()),
                    ended_on: agreement
                        .and_then(|a| a.ended_on)
                        .filter(|d| *d <= r.month.last()),
                    end_reason,
                    submitted: r.submission(&l.municipality).is_some(),
                    days: l
                        .entries
                        .iter()
                        .map(|e| BilledDay {
                            day: e.day,
                            kind: e.kind,
                            label: self.text(
                                &format!("billing-kind-{}", e.kind.as_str().replace('_', "-")),
                                vec![],
                            ),
                            day_id: e.day_id.clone(),
                            meeting_id: e.meeting_id.clone(),
                            units: e.units,
                            unit_price: self.money(e.unit_price_cents),
                            amount: self.money(e.amount_cents()),
                            reason: self.reason(e.reason.as_deref(), e.reason_code.as_deref()),
                        })
                        .collect(),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (
                a.kind == LineKind::Correction,
                &a.municipality.code,
                &a.voucher.number,
                a.corrects_day,
            )
                .cmp(&(
                    b.kind == LineKind::Correction,
                    &b.municipality.code,
                    &b.voucher.number,
                    b.corrects_day,
                ))
        });
        out
    }

    fn reason(&self, text: Option<&str>, code: Option<&str>) -> Option<String> {
        if let Some(t) = text {
            return Some(t.to_string());
        }
        let code = code?;
        ["absence-reason-", "billing-reason-"]
            .iter()
            .map(|p| format!("{p}{}", code.replace('_', "-")))
            .find(|id| self.i18n.has(self.lang, id))
            .map(|id| self.text(&id, vec![]))
    }

    /// Where a municipality's part of a report stands.
    pub fn submission(
        &self,
        r: &Report,
        municipality: &str,
        lines: &[BillingLine],
        names: &Names,
        today: NaiveDate,
    ) -> SubmissionView {
        let due = r.due.get(municipality).copied().unwrap_or(r.month.due(1));
        let s = r.submission(municipality);
        let status = match s {
            Some(s) if s.late => SubmissionStatus::SubmittedLate,
            Some(_) => SubmissionStatus::Submitted,
            None if today > due => SubmissionStatus::Overdue,
            None => SubmissionStatus::Open,
        };
        let by = s.map(|s| PersonRef {
            id: s.submitted_by.clone(),
            display_name: names
                .people
                .get(&s.submitted_by)
                .cloned()
                .unwrap_or_default(),
        });
        let cents: i64 = lines
            .iter()
            .filter(|l| l.municipality.code == municipality)
            .map(|l| l.amount.cents)
            .sum();
        let summary = self.text(
            "billing-status",
            vec![
                ("status", status.as_str().into()),
                ("due", format_date(due, self.lang).as_str().into()),
                (
                    "date",
                    s.map(|s| {
                        format_date(
                            crate::clock::helsinki_date(s.submitted_at.and_utc()),
                            self.lang,
                        )
                    })
                    .unwrap_or_default()
                    .as_str()
                    .into(),
                ),
                (
                    "name",
                    by.as_ref()
                        .map(|b| b.display_name.as_str())
                        .unwrap_or("")
                        .into(),
                ),
            ],
        );
        SubmissionView {
            municipality: self.municipality(municipality, names),
            due_on: due,
            status,
            summary,
            submitted_at: s.map(|s| s.submitted_at.and_utc()),
            submitted_by: by,
            total: self.money(cents),
        }
    }

    fn service_totals(&self, lines: &[BillingLine]) -> (Vec<ServiceTotal>, Sum) {
        let (per, all) = totals(
            lines
                .iter()
                .map(|l| (l.service.code.as_str(), i64::from(l.units), l.amount.cents)),
        );
        let per = per
            .into_iter()
            .filter_map(|(code, sum)| {
                let service = lines
                    .iter()
                    .find(|l| l.service.code == code)?
                    .service
                    .clone();
                Some(ServiceTotal {
                    service,
                    units: sum.units,
                    amount: self.money(sum.cents),
                })
            })
            .collect();
        (per, all)
    }

    /// The provider's month from the lines its reader may see.
    pub fn provider_month(
        &self,
        r: &Report,
        lines: Vec<BillingLine>,
        names: &Names,
        today: NaiveDate,
    ) -> ProviderMonth {
        let mut parts: Vec<String> = r.due.keys().cloned().collect();
        parts.extend(r.submissions.iter().map(|s| s.municipality_code.clone()));
        parts.sort();
        parts.dedup();
        let submissions = parts
            .iter()
            .map(|m| self.submission(r, m, &lines, names, today))
            .collect();
        let (totals, all) = self.service_totals(&lines);
        ProviderMonth {
            provider: ProviderRef {
                id: r.provider_id.clone(),
                name: names
                    .providers
                    .get(&r.provider_id)
                    .cloned()
                    .unwrap_or_default(),
            },
            month: r.month.code(),
            over: r.month.over(today),
            submissions,
            lines,
            totals,
            total: self.money(all.cents),
            csv: format!(
                "{}/provider/billing/{}.csv?provider_id={}",
                crate::refs::API,
                r.month.code(),
                r.provider_id
            ),
        }
    }

    /// The city's month from each provider's lines its reader may see.
    pub fn city_month(
        &self,
        c: &CityMonth,
        parts: Vec<Vec<BillingLine>>,
        names: &Names,
        today: NaiveDate,
    ) -> CityBilling {
        let mut providers = Vec::new();
        let (mut overdue, mut late) = (0, 0);
        let mut submitted: HashMap<String, i64> = HashMap::new();
        let mut open: HashMap<String, i64> = HashMap::new();
        for (r, lines) in c.reports.iter().zip(parts) {
            let submission = self.submission(r, &c.municipality, &lines, names, today);
            match submission.status {
                SubmissionStatus::Overdue => overdue += 1,
                SubmissionStatus::SubmittedLate => late += 1,
                _ => {}
            }
            let sums = if r.submission(&c.municipality).is_some() {
                &mut submitted
            } else {
                &mut open
            };
            for l in &lines {
                *sums.entry(l.service.code.clone()).or_default() += l.amount.cents;
            }
            providers.push(ProviderPart {
                provider: ProviderRef {
                    id: r.provider_id.clone(),
                    name: names
                        .providers
                        .get(&r.provider_id)
                        .cloned()
                        .unwrap_or_default(),
                },
                submission,
                lines,
            });
        }
        let mut services: Vec<ServiceValue> = Vec::new();
        for v in &c.vouchers {
            let Some(t) = c.terms.get(&v.rulebook_id) else {
                continue;
            };
            let price = c
                .prices
                .get(&v.id)
                .copied()
                .unwrap_or_else(|| t.price_range().1);
            let value = i64::from(v.granted_units) * price;
            match services
                .iter_mut()
                .find(|s| s.service.code == t.service.code)
            {
                Some(s) => {
                    s.vouchers += 1;
                    s.granted_value = self.money(s.granted_value.cents + value);
                }
                None => services.push(ServiceValue {
                    service: t.service.named(self.lang),
                    submitted: self.money(0),
                    not_submitted: self.money(0),
                    vouchers: 1,
                    granted_value: self.money(value),
                }),
            }
        }
        for s in &mut services {
            s.submitted = self.money(submitted.get(&s.service.code).copied().unwrap_or(0));
            s.not_submitted = self.money(open.get(&s.service.code).copied().unwrap_or(0));
        }
        let total = submitted.values().sum();
        CityBilling {
            municipality: self.municipality(&c.municipality, names),
            month: c.month.code(),
            providers,
            services,
            overdue,
            late,
            total: self.money(total),
            csv: format!(
                "{}/caseworker/billing/{}.csv?municipality={}",
                crate::refs::API,
                c.month.code(),
                c.municipality
            ),
        }
    }
}
