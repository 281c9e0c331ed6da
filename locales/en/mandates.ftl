# Powers of attorney: a helper acts for a client. Plain English: short sentences.

## What a helper may do
mandate-scope-view = See vouchers, providers, visits and attendance
mandate-scope-book_visits = Book visits
mandate-scope-message = Send messages
mandate-scope-report_absence = Report absences

## States
mandate-status-pending_approval = Waiting for the caseworker
mandate-status-active = Valid
mandate-status-rejected = The caseworker said no
mandate-status-declined = The helper said no
mandate-status-revoked = Cancelled by the client
mandate-status-renounced = The helper gave it up
mandate-status-ended = Ended by a decision
mandate-status-expired = Ended

## On what it rests
mandate-basis-client = Given in the app
mandate-basis-paper = Power of attorney on paper
mandate-basis-guardian = Legal guardian

## History
mandate-event-requested = { $actor } gave the power of attorney.
mandate-event-registered = { $actor } registered the power of attorney.
mandate-event-approved = { $actor } approved the power of attorney.
mandate-event-rejected = { $actor } rejected the power of attorney.
mandate-event-declined = { $actor } said no to the power of attorney.
mandate-event-revoked = { $actor } cancelled the power of attorney.
mandate-event-renounced = { $actor } gave up the power of attorney.
mandate-event-ended = { $actor } recorded that the guardianship ended. Decision: { $reference }.

## Who may act for the client today
mandate-acting-for = { $basis ->
    [guardian] { $who ->
        [self] { $name } is your legal guardian. Only a decision ends this.
       *[other] { $name } is the client's legal guardian. Only a decision ends this.
    }
   *[other] { $who ->
        [self] { $name } may act for you up to and including { $until }. You can cancel this.
       *[other] { $name } may act for the client up to and including { $until }.
    }
}

## Access log actions: a short name, and a sentence for the one who did it.
action-mandate-list = Viewing your powers of attorney
    .sentence = { $who ->
        [self] You viewed your powers of attorney.
       *[other] { $actor } viewed your powers of attorney.
    }
action-mandate-create = Giving a power of attorney
    .sentence = { $who ->
        [self] You gave a power of attorney.
       *[other] { $actor } gave a power of attorney.
    }
action-mandate-revoke = Cancelling a power of attorney
    .sentence = { $who ->
        [self] You cancelled a power of attorney.
       *[other] { $actor } cancelled a power of attorney.
    }
action-mandate-register = Registering a power of attorney
    .sentence = { $who ->
        [self] You registered a power of attorney.
       *[other] { $actor } registered a power of attorney for you.
    }
action-mandate-approve = Approving a power of attorney
    .sentence = { $who ->
        [self] You approved a power of attorney.
       *[other] { $actor } approved your power of attorney.
    }
action-mandate-reject = Rejecting a power of attorney
    .sentence = { $who ->
        [self] You rejected a power of attorney.
       *[other] { $actor } rejected your power of attorney.
    }
action-mandate-decline = Saying no to a power of attorney
    .sentence = { $who ->
        [self] You said no to a power of attorney.
       *[other] { $name } said no to your power of attorney.
    }
action-mandate-renounce = Giving up a power of attorney
    .sentence = { $who ->
        [self] You gave up a power of attorney.
       *[other] { $name } gave up your power of attorney.
    }

action-mandate-end = Ending a guardianship
    .sentence = { $who ->
        [self] You recorded that a guardianship ended.
       *[other] { $actor } recorded that your guardianship ended.
    }

## Errors
error-mandate-too_many = You have given many powers of attorney in a short time.
    .detail = { $minutes ->
        [one] Wait { $minutes } minute and try again.
       *[other] Wait { $minutes } minutes and try again.
    }
error-mandate-invalid_personal_id = The personal identity code is not valid.
    .detail = Check the helper's personal identity code.
error-mandate-invalid_name = The helper's name is missing.
    .detail = Write the helper's name. Use at most 200 characters.
error-mandate-self = You cannot give a power of attorney to yourself.
    .detail = Choose another person as your helper.
error-mandate-no_scopes = Choose what the helper may do.
    .detail = Choose at least one thing.
error-mandate-invalid_period = The dates are not valid.
    .detail = The start cannot be in the past. The end must come after the start.
error-mandate-too_long = The power of attorney is too long.
    .detail = It can be valid for at most two years.
error-mandate-reason_required = Write a reason.
    .detail = Tell the client why. Use at most 1000 characters.
error-mandate-duplicate = This helper already has a power of attorney from this client.
    .detail = Cancel the old one first. Then give a new one.
error-mandate-wrong_state = The power of attorney cannot be changed like this now.
    .detail = Load it again to see its state.
error-mandate-guardian_not_revocable = You cannot cancel a legal guardian here.
    .detail = A court or the Digital and Population Data Services Agency appoints a guardian. Your caseworker records when a decision ends it.
error-mandate-not_guardian = This is not a legal guardian.
    .detail = Only a guardianship ends by a decision. The client cancels other powers of attorney.
error-mandate-decision_reference_required = The decision's reference is missing.
    .detail = Write the reference of the decision that ended the guardianship. Use at most 200 characters.
