//! What people do with an agreement after it is made, as plain functions the routes and the demo
//! call alike: the client's side confirms it; either side proposes ending it and the caseworker
//! consents or declines (H §5.5); the city ends it (H §1.7); staff record an interruption (K §4)
//! and the documents their duties ask (H §1.7, §2; K §7). Cancelling a voucher ends its
//! agreement. Each change is an event in the agreement's history, and the people the rule names
//! are told.

use chrono::{DateTime, NaiveDate, Utc};

use super::duties::DocumentKind;
use super::life::{self, EndReason, EndingReason, Side, State};
use super::repo::{self, AgreementRow, DocumentRow, EndingRow, EventRow};
use crate::access::{Access, ActingAs};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::notifications::{self, Facts, Kind};
use crate::refs::Link;
use crate::text::{required, required_line};

/// The longest explanation of an ending, an interruption or a decision.
pub const EXPLANATION_MAX: usize = 2000;
/// The longest title of a document.
pub const TITLE_MAX: usize = 200;
/// The longest text of a document.
pub const BODY_MAX: usize = 20_000;

/// The agreement `id` as the door's target: the client it belongs to, found in the change's
/// own transaction (for the routes that name an agreement by its id alone).
pub fn target(id: String) -> crate::access::door::Target<()> {
    crate::access::door::Target::of(move |conn| {
        Ok(repo::find(conn, &id)?.map(|a| (a.client_id, ())))
    })
}

/// One of the client's agreements that `access` reaches, or 404.
pub fn reached(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
) -> Result<AgreementRow, AppError> {
    repo::find(conn, id)?
        .filter(|a| a.client_id == access.client_id() && access.rows.reaches(&a.provider_id))
        .ok_or_else(AppError::not_found)
}

/// The agreement's state, unless it has ended or its end is set: then nothing more is proposed,
/// decided or confirmed (documents and interruptions are still recorded).
fn not_ended(a: &AgreementRow, today: NaiveDate) -> Result<State, AppError> {
    match life::state(a, today).0 {
        State::Ended => Err(AppError::new(ErrorCode::AgreementEnded)),
        _ if life::end_set(a) => Err(AppError::new(ErrorCode::AgreementEnded)),
        s => Ok(s),
    }
}

/// Who is told of an agreement's change, and what they read.
struct Tell<'a> {
    agreement: &'a AgreementRow,
    kind: Kind,
    facts: Facts,
}

impl Tell<'_> {
    /// The client reads it as theirs.
    fn client(&self, conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
        let a = self.agreement;
        notifications::repo::notify(
            conn,
            &a.client_id,
            self.kind,
            &self.facts,
            Some(&a.id),
            None,
            now,
        )
    }

    /// Someone else (staff, the caseworker) reads it with the client's name.
    fn other(&self, conn: &mut DbConnection, to: &str, now: DateTime<Utc>) -> Result<(), AppError> {
        let a = self.agreement;
        let facts = Facts {
            client_id: Some(a.client_id.clone()),
            client: Some(crate::persons::repo::display_name(conn, &a.client_id)?),
            ..self.facts.clone()
        };
        notifications::repo::notify(conn, to, self.kind, &facts, Some(&a.id), None, now)
    }

    /// The provider's staff.
    fn staff(&self, conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
        for person in crate::persons::repo::staff_of(conn, &self.agreement.provider_id)? {
            self.other(conn, &person, now)?;
        }
        Ok(())
    }

    /// The caseworker who issued the voucher.
    fn caseworker(&self, conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
        let voucher = crate::vouchers::repo::find(conn, &self.agreement.voucher_id)?
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher vanished")))?;
        self.other(conn, &voucher.caseworker_id, now)
    }
}

/// The facts of a notice about `a`: its provider's name, and the rest as given.
fn facts(conn: &mut DbConnection, a: &AgreementRow, rest: Facts) -> Result<Facts, AppError> {
    let provider = crate::providers::repo::find(conn, &a.provider_id)?.map(|p| p.name);
    Ok(Facts { provider, ..rest })
}

/// What an event records beyond its kind.
#[derive(Default)]
pub struct EventFacts<'a> {
    pub on: Option<NaiveDate>,
    pub reason_code: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// Writes an event in the agreement's history.
pub fn record(
    conn: &mut DbConnection,
    agreement_id: &str,
    kind: &str,
    e: EventFacts<'_>,
    actor_id: &str,
    acting_as: ActingAs,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    repo::insert_event(
        conn,
        &EventRow {
            id: uuid::Uuid::now_v7().to_string(),
            agreement_id: agreement_id.to_string(),
            kind: kind.to_string(),
            on_date: e.on,
            reason_code: e.reason_code.map(str::to_string),
            reason: e.reason.map(str::to_string),
            actor_id: actor_id.to_string(),
            acting_as: acting_as.as_str().to_string(),
            created_at: now.naive_utc(),
        },
    )
}

/// The client's side confirms the terms: the agreement is in force. Confirming again changes
/// nothing.
pub fn confirm(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
) -> Result<AgreementRow, AppError> {
    let a = reached(conn, access, id)?;
    not_ended(&a, access.today())?;
    if repo::confirm(conn, &a.id, access.now.naive_utc())? {
        let e = EventFacts::default();
        record(
            conn,
            &a.id,
            "confirmed",
            e,
            &access.actor_id,
            access.acting_as,
            access.now,
        )?;
        let facts = facts(conn, &a, Facts::default())?;
        let tell = Tell {
            agreement: &a,
            kind: Kind::AgreementConfirmed,
            facts,
        };
        tell.staff(conn, access.now)?;
    }
    repo::find(conn, &a.id)?.ok_or_else(AppError::not_found)
}

/// A proposal to end an agreement early.
#[derive(Debug, Clone)]
pub struct Ending {
    pub reason: EndingReason,
    pub explanation: String,
    pub last_day: NaiveDate,
}

/// The side `acting_as` speaks for.
fn side(acting_as: ActingAs) -> Result<Side, AppError> {
    match acting_as {
        ActingAs::Myself | ActingAs::Proxy => Ok(Side::Client),
        ActingAs::ProviderStaff => Ok(Side::Provider),
        ActingAs::Caseworker => Err(AppError::not_found()),
    }
}

/// One side proposes ending the agreement on `e.last_day`, for a reason of its own list. It stays
/// in force until the caseworker consents (H §5.5); the caseworker and the other side are told.
pub fn propose_ending(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    e: Ending,
) -> Result<EndingRow, AppError> {
    let side = side(access.acting_as)?;
    let a = reached(conn, access, id)?;
    let today = access.today();
    not_ended(&a, today)?;
    if !e.reason.allowed_for(side) {
        return Err(AppError::new(ErrorCode::AgreementEndingReason));
    }
    life::check_last_day(&a, e.last_day, today)?;
    let explanation = required(&e.explanation, "explanation", EXPLANATION_MAX)?;
    if let Some(open) = repo::open_ending(conn, &a.id)? {
        // The same proposal sent again (a lost answer) finds its work done.
        let same = open.proposed_by == access.actor_id
            && open.reason_code == e.reason.as_str()
            && open.last_day == e.last_day
            && open.explanation == explanation;
        if same {
            return Ok(open);
        }
        let waiting = Link::agreement(&a.client_id, &a.id);
        return Err(AppError::new(ErrorCode::AgreementEndingPending).conflicting(waiting));
    }
    let row = EndingRow {
        id: uuid::Uuid::now_v7().to_string(),
        agreement_id: a.id.clone(),
        side: side.as_str().to_string(),
        reason_code: e.reason.as_str().to_string(),
        explanation: explanation.clone(),
        last_day: e.last_day,
        proposed_by: access.actor_id.clone(),
        proposed_at: access.now.naive_utc(),
        decision: None,
        decided_by: None,
        decided_at: None,
        decision_reason: None,
    };
    repo::insert_ending(conn, &row)?;
    let ev = EventFacts {
        on: Some(e.last_day),
        reason_code: Some(e.reason.as_str()),
        reason: Some(&explanation),
    };
    record(
        conn,
        &a.id,
        "ending_proposed",
        ev,
        &access.actor_id,
        access.acting_as,
        access.now,
    )?;
    let rest = Facts {
        date: Some(e.last_day),
        reason_code: Some(e.reason.as_str().to_string()),
        side: Some(side.as_str().to_string()),
        ..Facts::default()
    };
    let facts = facts(conn, &a, rest)?;
    let tell = Tell {
        agreement: &a,
        kind: Kind::AgreementEndingProposed,
        facts,
    };
    tell.caseworker(conn, access.now)?;
    match side {
        Side::Client => tell.staff(conn, access.now)?,
        Side::Provider => tell.client(conn, access.now)?,
    }
    Ok(row)
}

/// The caseworker consents to the proposed ending (the agreement ends on the proposed last day)
/// or declines it with a reason (it goes on). Both sides are told.
pub fn decide_ending(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    consent: bool,
    reason: Option<&str>,
) -> Result<AgreementRow, AppError> {
    let a = reached(conn, access, id)?;
    let today = access.today();
    // A consent sent again (a lost answer) finds its work done.
    if consent && a.end_reason.as_deref() == Some(EndReason::Terminated.as_str()) {
        return Ok(a);
    }
    not_ended(&a, today)?;
    let ending = repo::open_ending(conn, &a.id)?
        .ok_or_else(|| AppError::new(ErrorCode::AgreementNoEnding))?;
    let reason = match (consent, reason) {
        (true, None) => None,
        (_, Some(r)) => Some(required(r, "reason", EXPLANATION_MAX)?),
        (false, None) => return Err(AppError::new(ErrorCode::MissingField).arg("field", "reason")),
    };
    let (decision, kind, event) = if consent {
        (
            "consented",
            Kind::AgreementEndingConsented,
            "ending_consented",
        )
    } else {
        ("declined", Kind::AgreementEndingDeclined, "ending_declined")
    };
    let at = access.now.naive_utc();
    repo::decide_ending(
        conn,
        &ending.id,
        decision,
        &access.actor_id,
        reason.as_deref(),
        at,
    )?;
    // The day may have passed while the proposal waited: it then ends today.
    let last_day = ending.last_day.max(today);
    if consent {
        repo::set_end(conn, &a.id, last_day, EndReason::Terminated.as_str(), at)?;
    }
    let ev = EventFacts {
        on: consent.then_some(last_day),
        reason_code: Some(&ending.reason_code),
        reason: reason.as_deref(),
    };
    record(
        conn,
        &a.id,
        event,
        ev,
        &access.actor_id,
        access.acting_as,
        access.now,
    )?;
    let rest = Facts {
        date: Some(last_day),
        reason: reason.clone(),
        ..Facts::default()
    };
    let facts = facts(conn, &a, rest)?;
    let tell = Tell {
        agreement: &a,
        kind,
        facts,
    };
    tell.client(conn, access.now)?;
    tell.staff(conn, access.now)?;
    repo::find(conn, &a.id)?.ok_or_else(AppError::not_found)
}

/// The city ends the service (H §1.7) on `last_day`, today or later. The client and the
/// provider are told.
pub fn end_by_city(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    last_day: NaiveDate,
    explanation: &str,
) -> Result<AgreementRow, AppError> {
    let a = reached(conn, access, id)?;
    let today = access.today();
    not_ended(&a, today)?;
    life::check_last_day(&a, last_day, today)?;
    let explanation = required(explanation, "explanation", EXPLANATION_MAX)?;
    if !repo::set_end(
        conn,
        &a.id,
        last_day,
        EndReason::CityEnded.as_str(),
        access.now.naive_utc(),
    )? {
        return Err(AppError::new(ErrorCode::AgreementEnded));
    }
    end_told(
        conn,
        &a,
        EndReason::CityEnded,
        last_day,
        Some(&explanation),
        access,
    )?;
    repo::find(conn, &a.id)?.ok_or_else(AppError::not_found)
}

/// Records an end in the history and tells the client and the provider.
fn end_told(
    conn: &mut DbConnection,
    a: &AgreementRow,
    why: EndReason,
    last_day: NaiveDate,
    explanation: Option<&str>,
    access: &Access,
) -> Result<(), AppError> {
    let ev = EventFacts {
        on: Some(last_day),
        reason_code: Some(why.as_str()),
        reason: explanation,
    };
    record(
        conn,
        &a.id,
        "ended",
        ev,
        &access.actor_id,
        access.acting_as,
        access.now,
    )?;
    let rest = Facts {
        date: Some(last_day),
        reason_code: Some(why.as_str().to_string()),
        reason: explanation.map(str::to_string),
        ..Facts::default()
    };
    let facts = facts(conn, a, rest)?;
    let tell = Tell {
        agreement: a,
        kind: Kind::AgreementEnded,
        facts,
    };
    tell.client(conn, access.now)?;
    tell.staff(conn, access.now)
}

/// Staff record that the service was interrupted on `on` (K §4): the caseworker and the client
/// are told.
pub fn interrupt(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    on: NaiveDate,
    explanation: &str,
) -> Result<AgreementRow, AppError> {
    let a = reached(conn, access, id)?;
    let today = access.today();
    let until = life::last_day(&a).min(today);
    if on < a.starts_on || on > until {
        return Err(AppError::new(ErrorCode::AgreementDayOutside)
            .arg("from", a.starts_on.to_string())
            .arg("until", until.to_string()));
    }
    let explanation = required(explanation, "explanation", EXPLANATION_MAX)?;
    let ev = EventFacts {
        on: Some(on),
        reason_code: None,
        reason: Some(&explanation),
    };
    record(
        conn,
        &a.id,
        "interrupted",
        ev,
        &access.actor_id,
        access.acting_as,
        access.now,
    )?;
    let rest = Facts {
        date: Some(on),
        reason: Some(explanation),
        ..Facts::default()
    };
    let facts = facts(conn, &a, rest)?;
    let tell = Tell {
        agreement: &a,
        kind: Kind::AgreementInterrupted,
        facts,
    };
    tell.caseworker(conn, access.now)?;
    tell.client(conn, access.now)?;
    Ok(a)
}

/// A document staff write about the client's service.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub kind: DocumentKind,
    pub title: String,
    pub body: String,
    pub written_on: NaiveDate,
}

/// Staff record a document (an assessment, a summary, a report) on the agreement: it meets the
/// next due of its kind. Its day falls from the start to today. The client and the caseworker
/// are told.
pub fn record_document(
    conn: &mut DbConnection,
    access: &Access,
    id: &str,
    d: NewDocument,
) -> Result<DocumentRow, AppError> {
    let a = reached(conn, access, id)?;
    let today = access.today();
    if d.written_on < a.starts_on.min(today) || d.written_on > today {
        return Err(AppError::new(ErrorCode::AgreementDayOutside)
            .arg("from", a.starts_on.min(today).to_string())
            .arg("until", today.to_string()));
    }
    let row = DocumentRow {
        id: uuid::Uuid::now_v7().to_string(),
        agreement_id: a.id.clone(),
        duty: d.kind.as_str().to_string(),
        title: required_line(&d.title, "title", TITLE_MAX)?,
        body: required(&d.body, "body", BODY_MAX)?,
        written_on: d.written_on,
        recorded_by: access.actor_id.clone(),
        recorded_at: access.now.naive_utc(),
    };
    repo::insert_document(conn, &row)?;
    let ev = EventFacts {
        on: Some(d.written_on),
        reason_code: Some(d.kind.as_str()),
        reason: None,
    };
    record(
        conn,
        &a.id,
        "document",
        ev,
        &access.actor_id,
        access.acting_as,
        access.now,
    )?;
    let rest = Facts {
        date: Some(d.written_on),
        document: Some(d.kind.as_str().to_string()),
        ..Facts::default()
    };
    let facts = facts(conn, &a, rest)?;
    let tell = Tell {
        agreement: &a,
        kind: Kind::AgreementDocument,
        facts,
    };
    tell.client(conn, access.now)?;
    tell.caseworker(conn, access.now)?;
    Ok(row)
}

/// The documents due under `a` with where each stands on `today`, from its voucher's rulebook's
/// duties and the documents recorded (each counted on the day it was recorded). An agreement a
/// newer one replaced has none: the newer one carries them.
pub fn dues(
    a: &AgreementRow,
    duties: &[super::duties::Duty],
    documents: &[DocumentRow],
    today: NaiveDate,
) -> Vec<(
    super::duties::Due,
    super::duties::DutyState,
    Option<NaiveDate>,
)> {
    if a.end_reason.as_deref() == Some(EndReason::Replaced.as_str()) {
        return Vec::new();
    }
    let last = life::last_day(a);
    let early = last < a.ends_on;
    let scheduled = super::duties::schedule(duties, a.starts_on, last, early);
    let recorded: Vec<(DocumentKind, NaiveDate)> = documents
        .iter()
        .filter(|d| d.agreement_id == a.id)
        .filter_map(|d| {
            let kind = DocumentKind::parse(&d.duty)?;
            Some((kind, crate::clock::helsinki_date(d.recorded_at.and_utc())))
        })
        .collect();
    super::duties::states(&scheduled, &recorded, today)
}

/// The duties of the rulebook `a`'s voucher was issued under.
pub fn duties_of(
    conn: &mut DbConnection,
    a: &AgreementRow,
) -> Result<Vec<super::duties::Duty>, AppError> {
    Ok(DutiesByRulebook::default().of(conn, a)?.1.to_vec())
}

/// The duties of each rulebook, read once however many agreements a list or a sweep asks about.
#[derive(Default)]
pub struct DutiesByRulebook(std::collections::HashMap<String, Vec<super::duties::Duty>>);

impl DutiesByRulebook {
    /// The voucher of `a`, and the duties of the rulebook it was issued under.
    pub fn of(
        &mut self,
        conn: &mut DbConnection,
        a: &AgreementRow,
    ) -> Result<(crate::vouchers::VoucherRow, &[super::duties::Duty]), AppError> {
        let voucher = crate::vouchers::repo::find(conn, &a.voucher_id)?
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("a voucher vanished")))?;
        if !self.0.contains_key(&voucher.rulebook_id) {
            let duties = repo::duties(conn, &voucher.rulebook_id)?;
            self.0.insert(voucher.rulebook_id.clone(), duties);
        }
        let duties = &self.0[&voucher.rulebook_id];
        Ok((voucher, duties))
    }
}

/// Everything the detail of `a` shows, read in one transaction.
pub fn parts(
    conn: &mut DbConnection,
    a: &AgreementRow,
    today: NaiveDate,
) -> Result<super::view::Parts, AppError> {
    let duties = duties_of(conn, a)?;
    let documents = repo::documents(conn, std::slice::from_ref(&a.id))?;
    Ok(super::view::Parts {
        dues: dues(a, &duties, &documents, today),
        // A proposal outlived by an end set otherwise (the city, a cancelled voucher) waits for
        // nothing.
        ending: match life::state(a, today).0 {
            State::Ended => None,
            _ if life::end_set(a) => None,
            _ => repo::open_ending(conn, &a.id)?,
        },
        events: repo::events(conn, &a.id)?,
        documents,
    })
}
