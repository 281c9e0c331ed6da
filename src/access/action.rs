//! Every action a caller can take on something that is not theirs alone, in four kinds by what it
//! is done to, and the one rule table that says who may take each.
//!
//! A new action is one variant in its kind below and one arm in [`Action::rule`]: its code (the
//! access log stores it, and its text is `action-<code with dashes>`), the relations that may
//! take it, what a helper's power of attorney must carry, and the role a caller must have to be
//! told more than "you are not one" (403).

use super::{ActingAs, Scope};

/// Writes a kind of action: the enum, and the list of its variants in their order.
macro_rules! kind {
    ($(#[$meta:meta])* $name:ident { $( $(#[$vmeta:meta])* $variant:ident, )* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $( $(#[$vmeta])* $variant, )* }

        impl $name {
            /// Every action of this kind, in the order written.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
        }
    };
}

kind!(
    /// Reads of a client's data. The work runs in a read snapshot; its access-log row is
    /// committed before the answer leaves.
    ClientRead {
        ViewClient,
        /// The client's first screen: vouchers in short, what comes next, what to do.
        ViewHome,
        ViewVouchers,
        ViewMandates,
        SearchProviders,
        /// The client's intro visits (staff: those with their organisation).
        ViewVisits,
        /// The client's agreements with providers (staff: those with their organisation).
        ViewAgreements,
        /// The clocks of the client's vouchers, in a caseworker's list of late ones.
        ViewDeadlines,
        /// What the city must hear of the client, in a caseworker's inbox.
        ViewInbox,
        ViewDays,
        /// The client's chat threads and messages (staff: the thread with their organisation;
        /// a caseworker: the thread with the city).
        ViewMessages,
        /// The billing lines of the client's days (staff: their organisation's; a caseworker:
        /// their municipality's).
        ViewBilling,
    }
);

kind!(
    /// Changes to a client's data. The work and its access-log row commit in one write
    /// transaction. Reading the access log is one of them: its own row is written first, so the
    /// page shows it.
    ClientWrite {
        ViewAccessLog,
        IssueVoucher,
        ChangeVoucher,
        CreateMandate,
        RevokeMandate,
        RegisterMandate,
        ApproveMandate,
        RejectMandate,
        /// The helper named on a pending mandate says no.
        DeclineMandate,
        /// The helper gives up an active mandate.
        RenounceMandate,
        BookVisit,
        /// The client's side moves a booked visit to another time.
        MoveVisit,
        CancelVisit,
        /// The client's side takes or declines a place in a provider's queue.
        AnswerQueue,
        /// Staff say how a visit went, and accept, refuse or offer a queue place.
        AnswerVisit,
        /// A caseworker records the decision that ended a guardianship.
        EndGuardianship,
        /// The client's side confirms an agreement's terms.
        ConfirmAgreement,
        /// The client's side proposes ending an agreement.
        ProposeEnding,
        /// The provider's staff propose ending an agreement.
        ProviderProposesEnding,
        /// The caseworker consents to or declines a proposed ending.
        DecideEnding,
        /// The caseworker ends the service for the city.
        EndAgreement,
        /// Staff record that the service was interrupted.
        RecordInterruption,
        /// Staff record a document about the service.
        RecordDocument,
        /// Staff delay or cancel the closed group a client is in.
        ChangeGroup,
        CheckIn,
        ReportAbsence,
        ConfirmDay,
        CorrectDay,
        RejectDay,
        RecordDay,
        RecordAbsence,
        PlanMeeting,
        CancelMeeting,
        RecordNoShow,
        /// Open the client's thread with a provider or the city.
        OpenThread,
        /// Send a message in the client's thread (its text is never in the log).
        SendMessage,
        /// Mark messages to me in the client's thread read.
        ReadMessages,
        /// Staff submit a month's billing that bills the client's days.
        SubmitBilling,
    }
);

kind!(
    /// A caseworker's work for their municipality, on no one client's data.
    MunicipalityAction {
        /// Register a provider organisation (any caseworker).
        RegisterProvider,
        /// Approve, suspend or withdraw a provider for a service in the municipality.
        DecideApproval,
        /// The powers of attorney waiting for a decision (each client listed is logged as a read).
        ListPendingMandates,
        /// The clients whose intro visit or start is late (each client listed is logged as a
        /// read).
        ListDeadlines,
        /// A caseworker sets the work phone and e-mail their clients see.
        SetWorkContact,
        /// The caseworker's inbox (each client listed is logged as a read).
        ListInbox,
        /// The municipality's month of billing (each client listed is logged as a read).
        ViewBilling,
    }
);

kind!(
    /// A provider organisation's own data, kept by its staff.
    ProviderAction {
        CreateSite,
        EditSite,
        PublishOffering,
        /// Publish, change or withdraw intro-visit slots.
        PublishSlots,
        /// The organisation's slots with their bookings (each client listed is logged as a read).
        ListSlots,
        /// Delay or cancel a closed group (each client in it is logged as changed).
        ChangeGroups,
        ShowSiteCode,
        ListDays,
        /// The organisation's month of billing (each client listed is logged as a read).
        ViewBilling,
        /// Submit a month's billing (each client billed is logged as changed).
        SubmitBilling,
    }
);

/// Every action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Read(ClientRead),
    Write(ClientWrite),
    Municipality(MunicipalityAction),
    Provider(ProviderAction),
}

impl From<ClientRead> for Action {
    fn from(a: ClientRead) -> Action {
        Action::Read(a)
    }
}

impl From<ClientWrite> for Action {
    fn from(a: ClientWrite) -> Action {
        Action::Write(a)
    }
}

impl From<MunicipalityAction> for Action {
    fn from(a: MunicipalityAction) -> Action {
        Action::Municipality(a)
    }
}

impl From<ProviderAction> for Action {
    fn from(a: ProviderAction) -> Action {
        Action::Provider(a)
    }
}

/// The roles an action may need (see [`Rule::role`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Caseworker,
    ProviderStaff,
}

/// How a helper may take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Helper {
    /// Never, whatever the power of attorney says.
    No,
    /// With a power of attorney in force that carries this scope.
    WithScope(Scope),
    /// As the helper the mandate in question names (to decline or renounce it).
    Named,
}

/// Who may take an action: a row of the rule table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stored in the access log; its text is `action-<code with dashes>`.
    pub code: &'static str,
    /// The relations other than a helper's that may take it.
    allowed: &'static [ActingAs],
    pub helper: Helper,
    /// The role a caller must have to be told more than "you are not one" (403). Without one, a
    /// caller with no relation is answered 404.
    pub role: Option<Role>,
    /// How many days after the last agreement or booking with a client ended its staff still
    /// reach the client's data for this action.
    pub staff_reach_days: i64,
}

impl Rule {
    const fn new(code: &'static str, allowed: &'static [ActingAs]) -> Rule {
        Rule {
            code,
            allowed,
            helper: Helper::No,
            role: None,
            staff_reach_days: super::STAFF_REACH_DAYS_AFTER_END,
        }
    }

    const fn staff_reach(self, days: i64) -> Rule {
        Rule {
            staff_reach_days: days,
            ..self
        }
    }

    const fn helper(self, scope: Scope) -> Rule {
        Rule {
            helper: Helper::WithScope(scope),
            ..self
        }
    }

    const fn named_helper(self) -> Rule {
        Rule {
            helper: Helper::Named,
            ..self
        }
    }

    const fn role(self, role: Role) -> Rule {
        Rule {
            role: Some(role),
            ..self
        }
    }

    /// Whether `relation` may take the action (a helper's scope is checked by `decide`).
    pub fn allows(&self, relation: ActingAs) -> bool {
        match relation {
            ActingAs::Proxy => self.helper != Helper::No,
            r => self.allowed.contains(&r),
        }
    }
}

impl Action {
    /// Every action, kind by kind, in the order written.
    pub fn all() -> impl Iterator<Item = Action> {
        let reads = ClientRead::ALL.iter().copied().map(Action::Read);
        let writes = ClientWrite::ALL.iter().copied().map(Action::Write);
        let municipal = MunicipalityAction::ALL
            .iter()
            .copied()
            .map(Action::Municipality);
        let provider = ProviderAction::ALL.iter().copied().map(Action::Provider);
        reads.chain(writes).chain(municipal).chain(provider)
    }

    /// The rule table: one arm per action.
    pub fn rule(self) -> Rule {
        use ActingAs::{Caseworker as C, Myself as M, ProviderStaff as S};
        use ClientRead as R;
        use ClientWrite as W;
        use MunicipalityAction as Mu;
        use ProviderAction as P;
        match self {
            Action::Read(R::ViewClient) => Rule::new("client.view", &[M, C]).helper(Scope::View),
            Action::Read(R::ViewVouchers) => Rule::new("voucher.view", &[M, C]).helper(Scope::View),
            Action::Read(R::ViewHome) => Rule::new("home.view", &[M, C]).helper(Scope::View),
            Action::Read(R::ViewMandates) => Rule::new("mandate.list", &[M, C]),
            Action::Read(R::SearchProviders) => {
                Rule::new("provider.search", &[M, C]).helper(Scope::View)
            }
            // Staff see only what they need of a client they serve: the bookings and agreements
            // with their organisation (the door's row scope keeps to those).
            Action::Read(R::ViewVisits) => Rule::new("visit.view", &[M, C, S]).helper(Scope::View),
            Action::Read(R::ViewAgreements) => {
                Rule::new("agreement.view", &[M, C, S]).helper(Scope::View)
            }
            Action::Read(R::ViewDeadlines) => Rule::new("deadline.view", &[C]),
            Action::Read(R::ViewInbox) => Rule::new("inbox.view", &[C]),
            Action::Read(R::ViewDays) => Rule::new("day.view", &[M, C, S]).helper(Scope::View),
            // Chat is the client's with a provider's staff or the city's caseworkers; the work
            // keeps each to the thread they take part in (`chat::side_of`).
            Action::Read(R::ViewMessages) => {
                Rule::new("message.view", &[M, C, S]).helper(Scope::Message)
            }
            Action::Write(W::ViewAccessLog) => Rule::new("access_log.view", &[M, C]),
            Action::Write(W::IssueVoucher) => {
                Rule::new("voucher.issue", &[C]).role(Role::Caseworker)
            }
            Action::Write(W::ChangeVoucher) => {
                Rule::new("voucher.change", &[C]).role(Role::Caseworker)
            }
            Action::Write(W::CreateMandate) => Rule::new("mandate.create", &[M]),
            Action::Write(W::RevokeMandate) => Rule::new("mandate.revoke", &[M]),
            Action::Write(W::RegisterMandate) => Rule::new("mandate.register", &[C]),
            Action::Write(W::ApproveMandate) => Rule::new("mandate.approve", &[C]),
            Action::Write(W::RejectMandate) => Rule::new("mandate.reject", &[C]),
            Action::Write(W::DeclineMandate) => Rule::new("mandate.decline", &[]).named_helper(),
            Action::Write(W::RenounceMandate) => Rule::new("mandate.renounce", &[]).named_helper(),
            Action::Write(W::BookVisit) => {
                Rule::new("visit.book", &[M, C]).helper(Scope::BookVisits)
            }
            Action::Write(W::MoveVisit) => {
                Rule::new("visit.move", &[M, C]).helper(Scope::BookVisits)
            }
            Action::Write(W::CancelVisit) => {
                Rule::new("visit.cancel", &[M, C]).helper(Scope::BookVisits)
            }
            Action::Write(W::AnswerQueue) => {
                Rule::new("visit.queue_answer", &[M, C]).helper(Scope::BookVisits)
            }
            Action::Write(W::AnswerVisit) => {
                Rule::new("visit.answer", &[S]).role(Role::ProviderStaff)
            }
            Action::Write(W::EndGuardianship) => Rule::new("mandate.end", &[C]),
            Action::Write(W::ConfirmAgreement) => {
                Rule::new("agreement.confirm", &[M]).helper(Scope::BookVisits)
            }
            Action::Write(W::ProposeEnding) => {
                Rule::new("agreement.propose_ending", &[M]).helper(Scope::BookVisits)
            }
            Action::Write(W::ProviderProposesEnding) => {
                Rule::new("agreement.provider_proposes_ending", &[S]).role(Role::ProviderStaff)
            }
            Action::Write(W::DecideEnding) => {
                Rule::new("agreement.decide_ending", &[C]).role(Role::Caseworker)
            }
            Action::Write(W::EndAgreement) => {
                Rule::new("agreement.end", &[C]).role(Role::Caseworker)
            }
            Action::Write(W::RecordInterruption) => {
                Rule::new("agreement.interruption", &[S]).role(Role::ProviderStaff)
            }
            Action::Write(W::RecordDocument) => {
                Rule::new("agreement.document", &[S]).role(Role::ProviderStaff)
            }
            Action::Write(W::ChangeGroup) => {
                Rule::new("agreement.group_change", &[S]).role(Role::ProviderStaff)
            }
            // Presence is the client's own: no helper checks in for them (a helper may report an
            // absence).
            Action::Write(W::CheckIn) => Rule::new("day.check_in", &[M]),
            Action::Write(W::ReportAbsence) => {
                Rule::new("day.report_absence", &[M]).helper(Scope::ReportAbsence)
            }
            Action::Write(W::ConfirmDay) => {
                Rule::new("day.confirm", &[S]).role(Role::ProviderStaff)
            }
            Action::Write(W::CorrectDay) => {
                Rule::new("day.correct", &[S]).role(Role::ProviderStaff)
            }
            Action::Write(W::RejectDay) => Rule::new("day.reject", &[S]).role(Role::ProviderStaff),
            Action::Write(W::RecordDay) => Rule::new("day.record", &[S]).role(Role::ProviderStaff),
            Action::Write(W::RecordAbsence) => {
                Rule::new("day.absence", &[S]).role(Role::ProviderStaff)
            }
            Action::Write(W::PlanMeeting) => {
                Rule::new("meeting.plan", &[S]).role(Role::ProviderStaff)
            }
            Action::Write(W::CancelMeeting) => {
                Rule::new("meeting.cancel", &[M]).helper(Scope::ReportAbsence)
            }
            Action::Write(W::RecordNoShow) => {
                Rule::new("meeting.no_show", &[S]).role(Role::ProviderStaff)
            }
            Action::Write(W::OpenThread) => {
                Rule::new("thread.open", &[M, C, S]).helper(Scope::Message)
            }
            Action::Write(W::SendMessage) => {
                Rule::new("message.send", &[M, C, S]).helper(Scope::Message)
            }
            Action::Write(W::ReadMessages) => {
                Rule::new("message.read", &[M, C, S]).helper(Scope::Message)
            }
            // A provider bills a client's last days, and corrects them, after the service ended.
            Action::Read(R::ViewBilling) => {
                Rule::new("billing.view", &[C, S]).staff_reach(super::BILLING_REACH_DAYS)
            }
            Action::Write(W::SubmitBilling) => Rule::new("billing.submit", &[S])
                .role(Role::ProviderStaff)
                .staff_reach(super::BILLING_REACH_DAYS),
            Action::Municipality(Mu::RegisterProvider) => {
                Rule::new("provider.register", &[C]).role(Role::Caseworker)
            }
            Action::Municipality(Mu::DecideApproval) => {
                Rule::new("provider.approval", &[C]).role(Role::Caseworker)
            }
            Action::Municipality(Mu::ListPendingMandates) => {
                Rule::new("mandate.pending", &[C]).role(Role::Caseworker)
            }
            Action::Municipality(Mu::ListDeadlines) => {
                Rule::new("deadline.list", &[C]).role(Role::Caseworker)
            }
            Action::Municipality(Mu::SetWorkContact) => {
                Rule::new("caseworker.contact", &[C]).role(Role::Caseworker)
            }
            Action::Municipality(Mu::ListInbox) => {
                Rule::new("inbox.list", &[C]).role(Role::Caseworker)
            }
            Action::Municipality(Mu::ViewBilling) => {
                Rule::new("billing.city", &[C]).role(Role::Caseworker)
            }
            Action::Provider(P::CreateSite) => {
                Rule::new("site.create", &[S]).role(Role::ProviderStaff)
            }
            Action::Provider(P::EditSite) => Rule::new("site.edit", &[S]).role(Role::ProviderStaff),
            Action::Provider(P::PublishOffering) => {
                Rule::new("offering.publish", &[S]).role(Role::ProviderStaff)
            }
            Action::Provider(P::PublishSlots) => {
                Rule::new("slot.publish", &[S]).role(Role::ProviderStaff)
            }
            Action::Provider(P::ListSlots) => {
                Rule::new("slot.list", &[S]).role(Role::ProviderStaff)
            }
            Action::Provider(P::ShowSiteCode) => {
                Rule::new("site.code", &[S]).role(Role::ProviderStaff)
            }
            Action::Provider(P::ListDays) => Rule::new("day.list", &[S]).role(Role::ProviderStaff),
            Action::Provider(P::ViewBilling) => {
                Rule::new("billing.month", &[S]).role(Role::ProviderStaff)
            }
            Action::Provider(P::SubmitBilling) => {
                Rule::new("billing.submit_month", &[S]).role(Role::ProviderStaff)
            }
            Action::Provider(P::ChangeGroups) => {
                Rule::new("group.change", &[S]).role(Role::ProviderStaff)
            }
        }
    }

    /// The stable code stored in the access log; its text is `action-<code with dashes>`.
    pub fn code(self) -> &'static str {
        self.rule().code
    }

    /// Whether the action is about one client's data, and so is written in their access log.
    pub fn is_about_a_client(self) -> bool {
        matches!(self, Action::Read(_) | Action::Write(_))
    }

    pub fn message_id(code: &str) -> String {
        format!("action-{}", code.replace('.', "-"))
    }

    /// The scope a helper's power of attorney must carry for this action; `None` when no helper
    /// may take it by a scope (the access log, anything about mandates themselves, and
    /// everything that is not a client's data).
    pub fn proxy_scope(self) -> Option<Scope> {
        match self.rule().helper {
            Helper::WithScope(scope) => Some(scope),
            Helper::No | Helper::Named => None,
        }
    }
}
