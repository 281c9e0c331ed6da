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
    /// The provider confirmed an activity day.
    DayConfirmed,
    /// The provider confirmed an activity day with other hours, and says why.
    DayCorrected,
    /// The provider rejected a check-in, and says why.
    DayRejected,
    /// The provider planned or moved a meeting.
    MeetingPlanned,
    /// A meeting was cancelled (by the provider: a new time is owed).
    MeetingCancelled,
    /// For the caseworker and staff: the client is absent (H §5.4).
    ClientAbsent,
    /// For the caseworker: the client came intoxicated and was sent home (H §1.7).
    ClientSentHome,
    /// For staff (contact the client at once) and the caseworker: a missed meeting (K §4).
    ClientNoShow,
    /// For the caseworker: two agreed meetings in a row missed within a week (K §4).
    ClientNoShowsRepeated,
}

impl Kind {
    pub const ALL: [Kind; 29] = [
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
        Kind::DayConfirmed,
        Kind::DayCorrected,
        Kind::DayRejected,
        Kind::MeetingPlanned,
        Kind::MeetingCancelled,
        Kind::ClientAbsent,
        Kind::ClientSentHome,
        Kind::ClientNoShow,
        Kind::ClientNoShowsRepeated,
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
            Kind::DayConfirmed => "day_confirmed",
            Kind::DayCorrected => "day_corrected",
            Kind::DayRejected => "day_rejected",
            Kind::MeetingPlanned => "meeting_planned",
            Kind::MeetingCancelled => "meeting_cancelled",
            Kind::ClientAbsent => "client_absent",
            Kind::ClientSentHome => "client_sent_home",
            Kind::ClientNoShow => "client_no_show",
            Kind::ClientNoShowsRepeated => "client_no_shows_repeated",
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
            | Kind::AgreementGroupChanged
            | Kind::MeetingPlanned
            | Kind::MeetingCancelled => Link::agreement(client_id, id),
            Kind::DayConfirmed
            | Kind::DayCorrected
            | Kind::DayRejected
            | Kind::ClientAbsent
            | Kind::ClientSentHome
            | Kind::ClientNoShow
            | Kind::ClientNoShowsRepeated => Link::day(client_id, id),
        }
    }

    /// Where the texts of this kind's reason codes are: an ending's, an absence's, a refusal's.
    pub fn reason_texts(self) -> &'static str {
        match self {
            k if k.about_an_agreement() => "ending-reason",
            Kind::ClientAbsent
            | Kind::ClientSentHome
            | Kind::ClientNoShow
            | Kind::ClientNoShowsRepeated => "absence-reason",
            _ => "refusal",
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
