//! The caseworker's inbox: everything the rulebooks say the city must hear, as one list with a
//! filter (design: "the city is in the loop"). Beside the late clocks (`/caseworker/deadlines`):
//! the provider's duties due within a week or overdue (H §1.7, §2; K §7), proposed endings
//! waiting for consent (H §5.5), interruptions (K §4), refusals with their reason (H §1.5) and
//! queue places (H §1.6). Each row says what to do next.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub mod routes;

use crate::access::door::{Area, Listed};
use crate::agreements::duties::DutyState;
use crate::agreements::life::{self, State};
use crate::agreements::repo;
use crate::agreements::view::ending_reason_text;
use crate::clock::helsinki_date;
use crate::db::cache::Reading;
use crate::error::AppError;
use crate::i18n::{format_date, ArgValue, Lang, Localizer};
use crate::pagination::{Page, PageRequest, Paged};
use crate::refs::{Link, PersonRef, ProviderRef};

/// How far back the inbox looks for ended agreements, refusals, queue places and interruptions.
pub const LOOK_BACK_DAYS: u64 = 30;

/// What an inbox row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = InboxKind)]
pub enum InboxKind {
    /// A document the provider owes is due within a week.
    DutyDue,
    /// A document the provider owes is late.
    DutyOverdue,
    /// One side proposes ending an agreement: consent or decline.
    EndingProposed,
    /// The provider reports the service was interrupted.
    Interruption,
    /// A provider refused the client after the intro visit.
    Refusal,
    /// A provider offered the client a queue place.
    QueueOffer,
    /// The client was absent, or sent home (H §1.7, §5.4).
    Absence,
    /// The client missed an agreed meeting (K §4).
    NoShow,
    /// A day that did not go as agreed: rejected, corrected, checked in late or not at the site.
    Deviation,
    /// A period ended with less individual guidance than the rulebook asks (H §5.1).
    GuidanceShort,
}

impl InboxKind {
    fn as_str(self) -> &'static str {
        match self {
            InboxKind::DutyDue => "duty_due",
            InboxKind::DutyOverdue => "duty_overdue",
            InboxKind::EndingProposed => "ending_proposed",
            InboxKind::Interruption => "interruption",
            InboxKind::Refusal => "refusal",
            InboxKind::QueueOffer => "queue_offer",
            InboxKind::Absence => "absence",
            InboxKind::NoShow => "no_show",
            InboxKind::Deviation => "deviation",
            InboxKind::GuidanceShort => "guidance_short",
        }
    }
}

/// One row of the caseworker's inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxItem {
    pub kind: InboxKind,
    pub client: PersonRef,
    pub provider: ProviderRef,
    /// The agreement or intro visit it is about.
    pub subject: Link,
    /// The day it concerns: a due date, a proposed last day, an interruption, an expected start.
    pub date: NaiveDate,
    /// What it is, in a sentence.
    pub summary: String,
    /// What to do next.
    pub next_step: String,
}

pub type InboxPage = Page<InboxItem>;

impl Paged for InboxItem {
    const PAGE: &'static str = "InboxPage";
    const ORDER: Option<&'static str> = Some(
        "By the agreement or visit they are about, oldest first; the rows of one are on one page.",
    );
    const NEXT: Option<&'static str> = None;
}

/// The texts a row reads in.
struct Texts<'a> {
    i18n: &'a Localizer,
    lang: Lang,
}

impl Texts<'_> {
    fn row(&self, kind: InboxKind, args: Vec<(&'static str, ArgValue)>) -> (String, String) {
        let id = format!("inbox-{}", kind.as_str().replace('_', "-"));
        let next = self
            .i18n
            .attr(self.lang, &id, "next", &args)
            .unwrap_or_default();
        (self.i18n.text(self.lang, &id, &args), next)
    }

    fn date(&self, d: NaiveDate) -> ArgValue {
        ArgValue::from(format_date(d, self.lang))
    }
}

/// Rows gathered under the id of what they are about (an agreement's or a visit's, both in time
/// order), so a page holds whole subjects.
type Gathered = BTreeMap<String, Vec<Listed<InboxItem>>>;

/// A page of the inbox of the caseworker's `area` on the day of `now`, only rows of `only` where
/// given.
#[allow(clippy::too_many_arguments)]
pub fn page(
    r: &mut Reading<'_>,
    i18n: &Localizer,
    lang: Lang,
    area: &Area,
    only: Option<InboxKind>,
    listing: &PageRequest,
    now: DateTime<Utc>,
) -> Result<(Vec<Listed<InboxItem>>, Option<String>), AppError> {
    let today = helsinki_date(now);
    let since = today
        .checked_sub_days(Days::new(LOOK_BACK_DAYS))
        .unwrap_or(today);
    let texts = Texts { i18n, lang };
    let mut rows = Gathered::new();
    agreement_rows(r, &texts, area, since, today, &mut rows)?;
    visit_rows(r, &texts, area, since, &mut rows)?;
    let limit = listing.limit.max(1) as usize;
    let mut items = Vec::new();
    let mut last = None;
    let after = listing.after.clone().unwrap_or_default();
    for (subject, found) in rows.into_iter().filter(|(id, _)| *id > after) {
        let mut found: Vec<_> = found
            .into_iter()
            .filter(|l| only.is_none_or(|k| l.item.kind == k))
            .collect();
        if found.is_empty() {
            continue;
        }
        if !items.is_empty() && items.len() + found.len() > limit {
            return Ok((items, last));
        }
        items.append(&mut found);
        last = Some(subject);
    }
    Ok((items, None))
}

/// Names of clients and providers, read once each.
#[derive(Default)]
struct Names {
    people: HashMap<String, String>,
    providers: HashMap<String, String>,
}

impl Names {
    fn client(&mut self, r: &mut Reading<'_>, id: &str) -> Result<PersonRef, AppError> {
        if !self.people.contains_key(id) {
            let name = crate::persons::repo::name(r, id)?;
            self.people.insert(id.to_string(), name);
        }
        Ok(PersonRef {
            id: id.to_string(),
            display_name: self.people[id].clone(),
        })
    }

    fn provider(&mut self, r: &mut Reading<'_>, id: &str) -> Result<ProviderRef, AppError> {
        if !self.providers.contains_key(id) {
            let name = crate::providers::repo::find(r.conn(), id)?
                .map(|p| p.name)
                .unwrap_or_default();
            self.providers.insert(id.to_string(), name);
        }
        Ok(ProviderRef {
            id: id.to_string(),
            name: self.providers[id].clone(),
        })
    }
}

/// One row, listed under its client.
fn listed(
    names: &mut Names,
    r: &mut Reading<'_>,
    (kind, client_id, provider_id): (InboxKind, &str, &str),
    subject: Link,
    date: NaiveDate,
    (summary, next_step): (String, String),
) -> Result<Listed<InboxItem>, AppError> {
    Ok(Listed {
        client_id: client_id.to_string(),
        organisation: None,
        item: InboxItem {
            kind,
            client: names.client(r, client_id)?,
            provider: names.provider(r, provider_id)?,
            subject,
            date,
            summary,
            next_step,
        },
    })
}

/// The rows of agreements: duties due or overdue, proposed endings, interruptions.
fn agreement_rows(
    r: &mut Reading<'_>,
    texts: &Texts<'_>,
    area: &Area,
    since: NaiveDate,
    today: NaiveDate,
    out: &mut Gathered,
) -> Result<(), AppError> {
    let agreements = repo::of_area(r.conn(), &area.all, since)?;
    let ids: Vec<String> = agreements.iter().map(|a| a.id.clone()).collect();
    let documents = repo::documents(r.conn(), &ids)?;
    let endings = repo::open_endings(r.conn(), &ids)?;
    let since_at = since.and_hms_opt(0, 0, 0).unwrap_or_default();
    let interruptions = repo::interruptions_since(r.conn(), &ids, since_at)?;
    let days = crate::attendance::repo::deviations_since(r.conn(), &ids, since)?;
    let guidance = crate::attendance::repo::guidance_of(r.conn(), &ids)?;
    let mut rulebooks = crate::agreements::work::DutiesByRulebook::default();
    let mut names = Names::default();
    for a in &agreements {
        let (voucher, duties) = rulebooks.of(r.conn(), a)?;
        let (duties, rulebook_id) = (duties.to_vec(), voucher.rulebook_id);
        let mut rows = Vec::new();
        let provider = names.provider(r, &a.provider_id)?.name;
        let client = names.client(r, &a.client_id)?.display_name;
        let base = |extra: Vec<(&'static str, ArgValue)>| {
            let mut args = vec![
                ("client", ArgValue::from(client.clone())),
                ("provider", ArgValue::from(provider.clone())),
            ];
            args.extend(extra);
            args
        };
        let subject = || Link::agreement(&a.client_id, &a.id);
        for (due, state, _) in crate::agreements::work::dues(a, &duties, &documents, today) {
            let kind = match state {
                DutyState::Overdue => InboxKind::DutyOverdue,
                DutyState::DueSoon => InboxKind::DutyDue,
                _ => continue,
            };
            let doc = crate::agreements::view::document_name(texts.i18n, texts.lang, due.kind);
            let said = texts.row(
                kind,
                base(vec![
                    ("document", ArgValue::from(doc)),
                    ("date", texts.date(due.due_on)),
                ]),
            );
            let who = (kind, a.client_id.as_str(), a.provider_id.as_str());
            rows.push(listed(&mut names, r, who, subject(), due.due_on, said)?);
        }
        let open = life::state(a, today).0 != State::Ended && !life::end_set(a);
        for e in endings.iter().filter(|e| e.agreement_id == a.id && open) {
            let reason = ending_reason_text(texts.i18n, texts.lang, &e.reason_code);
            let args = base(vec![
                ("side", ArgValue::from(e.side.clone())),
                ("date", texts.date(e.last_day)),
                ("reason_text", ArgValue::from(reason)),
            ]);
            let kind = InboxKind::EndingProposed;
            let said = texts.row(kind, args);
            let who = (kind, a.client_id.as_str(), a.provider_id.as_str());
            rows.push(listed(&mut names, r, who, subject(), e.last_day, said)?);
        }
        for e in interruptions.iter().filter(|e| e.agreement_id == a.id) {
            let on = e.on_date.unwrap_or(today);
            let kind = InboxKind::Interruption;
            let said = texts.row(kind, base(vec![("date", texts.date(on))]));
            let who = (kind, a.client_id.as_str(), a.provider_id.as_str());
            rows.push(listed(&mut names, r, who, subject(), on, said)?);
        }
        let rules = crate::rulebooks::repo::terms(r, &rulebook_id)?
            .rules
            .clone();
        if let (Some(min), Some(months)) = (rules.guidance_hours_min, rules.guidance_period_months)
        {
            let given: Vec<(NaiveDate, i32)> = guidance
                .iter()
                .filter(|(id, _, _)| *id == a.id)
                .map(|(_, day, hours)| (*day, *hours))
                .collect();
            let span = (a.starts_on, life::last_day(a));
            let periods = crate::attendance::guidance_periods(span, (min, months), &given);
            for p in periods
                .iter()
                .filter(|p| p.until < today && p.until >= since && p.hours < p.hours_min)
            {
                let kind = InboxKind::GuidanceShort;
                let args = base(vec![
                    ("date", texts.date(p.from)),
                    ("until", texts.date(p.until)),
                    ("hours", ArgValue::from(i64::from(p.hours))),
                    ("min", ArgValue::from(i64::from(p.hours_min))),
                ]);
                let said = texts.row(kind, args);
                let who = (kind, a.client_id.as_str(), a.provider_id.as_str());
                rows.push(listed(&mut names, r, who, subject(), p.until, said)?);
            }
        }
        for d in days.iter().filter(|d| d.agreement_id == a.id) {
            let (kind, extra) = day_row(texts, d);
            let mut args = base(vec![("date", texts.date(d.day))]);
            args.extend(extra);
            let said = texts.row(kind, args);
            let who = (kind, a.client_id.as_str(), a.provider_id.as_str());
            let link = Link::day(&a.client_id, &d.id);
            rows.push(listed(&mut names, r, who, link, d.day, said)?);
        }
        if !rows.is_empty() {
            out.insert(a.id.clone(), rows);
        }
    }
    Ok(())
}

/// What an activity day says in the inbox: an absence with its reason, a missed meeting, or how
/// it deviated.
fn day_row(
    texts: &Texts<'_>,
    d: &crate::attendance::repo::DayRow,
) -> (InboxKind, Vec<(&'static str, ArgValue)>) {
    use crate::attendance::Status;
    let deviation = |kind: &str| (InboxKind::Deviation, vec![("kind", ArgValue::from(kind))]);
    match d.status() {
        Status::Absent => {
            let code = d.reason_code().unwrap_or("other");
            let id = format!("absence-reason-{}", code.replace('_', "-"));
            let reason = texts.i18n.text(texts.lang, &id, &vec![]);
            (
                InboxKind::Absence,
                vec![("reason_text", ArgValue::from(reason))],
            )
        }
        Status::NoShow => (InboxKind::NoShow, Vec::new()),
        Status::Rejected => deviation("rejected"),
        Status::Corrected => deviation("corrected"),
        _ if d.late => deviation("late"),
        _ => deviation("unverified"),
    }
}

/// The rows of intro visits: refusals with their reason, and queue places.
fn visit_rows(
    r: &mut Reading<'_>,
    texts: &Texts<'_>,
    area: &Area,
    since: NaiveDate,
    out: &mut Gathered,
) -> Result<(), AppError> {
    let since_at = since.and_hms_opt(0, 0, 0).unwrap_or_default();
    let visits = crate::visits::repo::answered_in(r.conn(), &area.all, since_at)?;
    let mut names = Names::default();
    for v in visits {
        let client = names.client(r, &v.client_id)?.display_name;
        let provider = names.provider(r, &v.provider_id)?.name;
        let day = helsinki_date(v.updated_at.and_utc());
        let (kind, date, extra) = match (v.status.as_str(), v.queue_start_on) {
            ("queued", Some(on)) => (InboxKind::QueueOffer, on, texts.date(on)),
            _ => {
                let code = v.reason_code.clone().unwrap_or_default();
                let reason = texts.i18n.text(
                    texts.lang,
                    &format!("refusal-{}", code.replace('_', "-")),
                    &vec![],
                );
                (InboxKind::Refusal, day, ArgValue::from(reason))
            }
        };
        let args = vec![
            ("client", ArgValue::from(client)),
            ("provider", ArgValue::from(provider)),
            ("date", extra.clone()),
            ("reason_text", extra),
        ];
        let said = texts.row(kind, args);
        let subject = Link::visit(&v.client_id, &v.id);
        let who = (kind, v.client_id.as_str(), v.provider_id.as_str());
        let row = listed(&mut names, r, who, subject, date, said)?;
        out.entry(v.id.clone()).or_default().push(row);
    }
    Ok(())
}
