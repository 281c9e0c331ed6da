//! A person's inbox. Whatever the service tells a person (a booking confirmed, a visit tomorrow,
//! an answer from a provider) is a row here first: its kind and the facts its text needs. The
//! text is written in the reader's language when they read it, so a person who changes language
//! reads everything in the new one. Rows have increasing ids (UUIDv7): a client that was away
//! catches up from the last id it saw.

pub mod repo;
pub mod routes;
pub mod view;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::refs::Link;

/// What a notification tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = NotificationKind)]
pub enum Kind {
    /// An intro visit was booked.
    VisitBooked,
    /// An intro visit was moved to another time.
    VisitMoved,
    /// The provider cancelled an intro visit (withdrew its slot).
    VisitCancelledByProvider,
    /// An intro visit is tomorrow.
    VisitReminder,
    /// The provider took the client: the service starts.
    VisitAccepted,
    /// The provider refused the client.
    VisitRefused,
    /// The provider offered a place in its queue.
    QueueOffered,
    /// The client's side confirmed an agreement's terms: it is in force.
    AgreementConfirmed,
    /// One side proposes ending an agreement; the caseworker decides.
    AgreementEndingProposed,
    /// The caseworker consented to ending an agreement.
    AgreementEndingConsented,
    /// The caseworker declined ending an agreement: it goes on.
    AgreementEndingDeclined,
    /// An agreement ended: the city ended the service, or the voucher was cancelled.
    AgreementEnded,
    /// The provider recorded that the service was interrupted.
    AgreementInterrupted,
    /// The provider recorded a document about the service (an assessment, a report).
    AgreementDocument,
    /// A document the provider owes under an agreement is late.
    AgreementDutyOverdue,
    /// The provider delayed or cancelled the closed group the client is in (K §4).
    AgreementGroupChanged,
    /// For the caseworker: a provider refused their client, with its reason (H §1.5).
    ClientRefused,
    /// For the caseworker: a provider offered their client a queue place (H §1.6).
    ClientQueued,
    /// For the caseworker: their client declined a provider's queue place.
    ClientDeclinedQueue,
    /// For the caseworker: their client did not come to an intro visit.
    ClientMissedVisit,
}

impl Kind {
    pub const ALL: [Kind; 20] = [
        Kind::VisitBooked,
        Kind::VisitMoved,
        Kind::VisitCancelledByProvider,
        Kind::VisitReminder,
        Kind::VisitAccepted,
        Kind::VisitRefused,
        Kind::QueueOffered,
        Kind::AgreementConfirmed,
        Kind::AgreementEndingProposed,
        Kind::AgreementEndingConsented,
        Kind::AgreementEndingDeclined,
        Kind::AgreementEnded,
        Kind::AgreementInterrupted,
        Kind::AgreementDocument,
        Kind::AgreementDutyOverdue,
        Kind::AgreementGroupChanged,
        Kind::ClientRefused,
        Kind::ClientQueued,
        Kind::ClientDeclinedQueue,
        Kind::ClientMissedVisit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::VisitBooked => "visit_booked",
            Kind::VisitMoved => "visit_moved",
            Kind::VisitCancelledByProvider => "visit_cancelled_by_provider",
            Kind::VisitReminder => "visit_reminder",
            Kind::VisitAccepted => "visit_accepted",
            Kind::VisitRefused => "visit_refused",
            Kind::QueueOffered => "queue_offered",
            Kind::AgreementConfirmed => "agreement_confirmed",
            Kind::AgreementEndingProposed => "agreement_ending_proposed",
            Kind::AgreementEndingConsented => "agreement_ending_consented",
            Kind::AgreementEndingDeclined => "agreement_ending_declined",
            Kind::AgreementEnded => "agreement_ended",
            Kind::AgreementInterrupted => "agreement_interrupted",
            Kind::AgreementDocument => "agreement_document",
            Kind::AgreementDutyOverdue => "agreement_duty_overdue",
            Kind::AgreementGroupChanged => "agreement_group_changed",
            Kind::ClientRefused => "client_refused",
            Kind::ClientQueued => "client_queued",
            Kind::ClientDeclinedQueue => "client_declined_queue",
            Kind::ClientMissedVisit => "client_missed_visit",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What a notification of this kind is about: the thing its subject id names, for the
    /// client whose it is.
    pub fn subject(self, client_id: &str, id: &str) -> Link {
        match self {
            Kind::VisitBooked
            | Kind::VisitMoved
            | Kind::VisitCancelledByProvider
            | Kind::VisitReminder
            | Kind::VisitAccepted
            | Kind::VisitRefused
            | Kind::QueueOffered
            | Kind::ClientRefused
            | Kind::ClientQueued
            | Kind::ClientDeclinedQueue
            | Kind::ClientMissedVisit => Link::visit(client_id, id),
            Kind::AgreementConfirmed
            | Kind::AgreementEndingProposed
            | Kind::AgreementEndingConsented
            | Kind::AgreementEndingDeclined
            | Kind::AgreementEnded
            | Kind::AgreementInterrupted
            | Kind::AgreementDocument
            | Kind::AgreementDutyOverdue
            | Kind::AgreementGroupChanged => Link::agreement(client_id, id),
        }
    }

    /// Whether the kind is about an agreement (its reason codes are an ending's).
    pub fn about_an_agreement(self) -> bool {
        self.as_str().starts_with("agreement_")
    }

    /// The Fluent message of this kind's text (`.title` and the value).
    pub fn message_id(self) -> String {
        format!("notification-{}", self.as_str().replace('_', "-"))
    }
}

/// The facts a notification's text needs, stored with it as JSON. Every field is optional: each
/// kind uses its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// When the visit begins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A day: when the service starts, or the expected start in a queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
    /// A reason code (a refusal's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// A reason in the provider's own words (a withdrawn slot's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The client the subject belongs to, where the recipient is someone else (a helper, the
    /// caseworker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The client's name, where the recipient is someone else (staff, the caseworker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// Which side acted (`client` or `provider`), where the text depends on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// What a document is (`agreements::duties::DocumentKind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_as_written() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        let facts = Facts {
            provider: Some("Paja ry".into()),
            ..Facts::default()
        };
        let stored = serde_json::to_string(&facts).unwrap();
        assert_eq!(stored, r#"{"provider":"Paja ry"}"#);
        assert_eq!(serde_json::from_str::<Facts>(&stored).unwrap(), facts);
    }
}
