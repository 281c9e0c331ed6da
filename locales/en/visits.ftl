## Intro visits: where a booking stands.
visit-status-booked = Booked
visit-status-cancelled = Cancelled
visit-status-held = Held
visit-status-not-held = Did not take place
visit-status-accepted = You got a place
visit-status-refused = No place
visit-status-queued = A queue place is offered
visit-status-queue-accepted = Waiting in the queue
visit-status-queue-declined = Queue place declined

## One sentence about a booking. $who is self when the client reads, other otherwise.
visit-summary-booked = { $who ->
        [self] Your intro visit to { $provider } is on { $when }.
       *[other] { $client } has an intro visit to { $provider } on { $when }.
    }
visit-summary-cancelled = { $who ->
        [self] Your intro visit to { $provider } on { $when } is cancelled.
       *[other] The intro visit of { $client } to { $provider } is cancelled.
    }
visit-summary-held = { $who ->
        [self] You visited { $provider }. Wait for their answer.
       *[other] { $client } visited { $provider }. The answer is still to come.
    }
visit-summary-not-held = { $who ->
        [self] Your intro visit to { $provider } did not take place.
       *[other] The intro visit of { $client } to { $provider } did not take place.
    }
visit-summary-accepted = { $who ->
        [self] { $provider } has a place for you.
       *[other] { $provider } has a place for { $client }.
    }
visit-summary-refused = { $who ->
        [self] { $provider } has no place for you.
       *[other] { $provider } has no place for { $client }.
    }
visit-summary-queued = { $who ->
        [self] { $provider } offers you a queue place. The start would be { $date }.
       *[other] { $provider } offers { $client } a queue place from { $date }.
    }
visit-summary-queue-accepted = { $who ->
        [self] You wait in the queue of { $provider }.
       *[other] { $client } waits in the queue of { $provider }.
    }
visit-summary-queue-declined = { $who ->
        [self] You said no to the queue place of { $provider }.
       *[other] { $client } said no to the queue place of { $provider }.
    }

## A step of a booking's history.
visit-event-booked = { $actor } booked the visit.
visit-event-moved = { $actor } moved the visit to another time.
visit-event-cancelled = { $actor } cancelled the visit.
visit-event-held = { $actor } recorded that the visit took place.
visit-event-not-held = { $actor } recorded that the visit did not take place.
visit-event-accepted = { $actor } offered a place.
visit-event-refused = { $actor } said there is no place.
visit-event-queued = { $actor } offered a queue place.
visit-event-queue-accepted = { $actor } took the queue place.
visit-event-queue-declined = { $actor } said no to the queue place.
visit-actor-proxy = The client's helper
visit-actor-caseworker = The caseworker

## Why a provider has no place, in plain words.
refusal-needs-not-met = What the provider does does not fit your needs.
refusal-no-place = The provider has no free place.
refusal-safety = The provider has to think of everyone's safety.
refusal-other = The provider gave your caseworker the reason.

## Why a visit did not take place.
not-held-client-absent = You did not come to the visit.
not-held-provider-cancelled = The provider could not receive you.

agreement-summary = { $who ->
        [self] Your service with { $provider } starts on { $date }.
       *[other] The service of { $client } with { $provider } starts on { $date }.
    }
visit-calendar-title = Intro visit: { $provider }

## A caseworker's list of late clocks.
late-intro-visit = { $days ->
        [one] { $client } has no intro visit booked. It is one day late.
       *[other] { $client } has no intro visit booked. It is { $days } days late.
    }
late-start = { $days ->
        [one] The service of { $client } has not started. It is one day late.
       *[other] The service of { $client } has not started. It is { $days } days late.
    }
