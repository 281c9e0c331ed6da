//! The demo's agreements after their acceptance: Matti and Ville confirmed theirs; Kipinä wrote
//! Ville's first interim assessment on time, his second is overdue and his third due within the
//! week (H §1.7); and Ville, whose back no longer bears workshop work, proposes ending it, waiting
//! for his caseworker's consent (H §5.4, §5.5). Each step is taken by the person who would take
//! it, on the day they would.

use chrono::{DateTime, Duration, Utc};

use super::as_persona;
use super::personas::staff_of;
use crate::access::door::{Door, Target};
use crate::access::ClientWrite;
use crate::agreements::duties::{self, DocumentKind};
use crate::agreements::life::EndingReason;
use crate::agreements::{repo, work};
use crate::clock::start_of_day;
use crate::db::DbConnection;
use crate::error::AppError;

/// The vouchers whose agreements the demo takes further, with their clients.
const MATTI: (&str, &str) = ("0190a000-0000-7000-8000-0000000000b2", "client-kuopio");
const VILLE: (&str, &str) = ("0190a000-0000-7000-8000-0000000000a4", "client-heinola-3");
const KAISA: (&str, &str) = ("0190a000-0000-7000-8000-0000000000b4", "client-kuopio-2");

/// Takes the demo's agreements as far as their story goes, once.
pub(super) fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    for (voucher, client) in [MATTI, VILLE, KAISA] {
        let Some(a) = repo::open_of_voucher(conn, voucher)? else {
            continue;
        };
        if a.confirmed_at.is_some() {
            continue;
        }
        // The client confirms the terms the day after the acceptance.
        let at = a.created_at.and_utc() + Duration::days(1);
        let path = format!("/api/v1/clients/me/agreements/{}/confirm", a.id);
        let person = as_persona(conn, client, &path)?;
        let target = Target::path("me");
        let action = ClientWrite::ConfirmAgreement;
        Door::act_in(conn, &person, action, target, at, |c, access, ()| {
            work::confirm(c, access, &a.id)
        })?;
        if voucher == VILLE.0 {
            ville(conn, &a, now)?;
        }
    }
    Ok(())
}

/// Ville's first interim assessment, written three days before it was due, and his proposal to
/// end the agreement, made yesterday.
fn ville(
    conn: &mut DbConnection,
    a: &repo::AgreementRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let duties = work::duties_of(conn, a)?;
    let dues = duties::schedule(&duties, a.starts_on, a.ends_on, false);
    let first = dues
        .iter()
        .find(|d| d.kind == DocumentKind::InterimAssessment)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("Heinola asks interim assessments")))?;
    let written = first.due_on - Duration::days(3);
    let staff = staff_of(&a.provider_id).ok_or_else(AppError::not_found)?;
    let path = format!("/api/v1/provider/agreements/{}/documents", a.id);
    let person = as_persona(conn, staff, &path)?;
    let id = a.id.clone();
    let target = work::target(id);
    let at = start_of_day(written) + Duration::hours(14);
    let doc = work::NewDocument {
        kind: DocumentKind::InterimAssessment,
        title: "Väliarvio, kolme kuukautta".to_string(),
        body: "Ville on tullut sovittuina päivinä ja oppinut puutyön perusteet. \
               Hän toivoo jatkossa kevyempiä töitä, koska selkä väsyy."
            .to_string(),
        written_on: written,
    };
    Door::act_in(
        conn,
        &person,
        ClientWrite::RecordDocument,
        target,
        at,
        |c, access, ()| work::record_document(c, access, &a.id, doc),
    )?;
    let yesterday = now - Duration::days(1);
    let path = format!("/api/v1/clients/me/agreements/{}/ending", a.id);
    let person = as_persona(conn, VILLE.1, &path)?;
    let ending = work::Ending {
        reason: EndingReason::Health,
        explanation: "Selkäni ei enää kestä verstastyötä. Lääkäri suosittelee taukoa.".to_string(),
        last_day: crate::clock::helsinki_date(now) + Duration::days(14),
    };
    let target = Target::path("me");
    Door::act_in(
        conn,
        &person,
        ClientWrite::ProposeEnding,
        target,
        yesterday,
        |c, access, ()| work::propose_ending(c, access, &a.id, ending),
    )?;
    Ok(())
}
