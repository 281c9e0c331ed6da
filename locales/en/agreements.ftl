# An agreement's life: its states, the provider's duties, endings, the history, and the
# caseworker's inbox. Plain English: short sentences, the important thing first.

## Access log actions.
action-agreement-confirm = Confirming an agreement
    .sentence = { $who ->
        [self] You confirmed an agreement.
       *[other] { $actor } confirmed your agreement.
    }
action-agreement-propose_ending = Proposing to end an agreement
    .sentence = { $who ->
        [self] You proposed ending an agreement.
       *[other] { $actor } proposed ending your agreement.
    }
action-agreement-provider_proposes_ending = The provider proposing to end an agreement
    .sentence = { $who ->
        [self] You proposed ending an agreement.
       *[other] { $actor } proposed ending your agreement.
    }
action-agreement-decide_ending = Deciding on ending an agreement
    .sentence = { $who ->
        [self] You decided on ending an agreement.
       *[other] { $actor } decided on ending your agreement.
    }
action-agreement-end = Ending an agreement
    .sentence = { $who ->
        [self] You ended an agreement.
       *[other] { $actor } ended your agreement.
    }
action-agreement-interruption = Recording an interruption
    .sentence = { $who ->
        [self] You recorded an interruption.
       *[other] { $actor } recorded an interruption in your service.
    }
action-agreement-document = Recording a document
    .sentence = { $who ->
        [self] You recorded a document.
       *[other] { $actor } recorded a document about your service.
    }
action-agreement-group_change = Delaying or cancelling a group
    .sentence = { $who ->
        [self] You changed a group's start.
       *[other] { $actor } delayed or cancelled your group.
    }
action-inbox-view = Viewing the caseworker's inbox
    .sentence = { $who ->
        [self] You viewed your inbox.
       *[other] { $actor } saw you in their inbox.
    }

## How an agreement ended.
agreement-ended = { $reason ->
        [last_day] It ended on { $date }, its last day.
        [voucher_cancelled] It ended on { $date }. The voucher was cancelled.
        [terminated] It ended on { $date }. The caseworker consented to ending it.
        [city_ended] The city ended the service on { $date }.
        [group_cancelled] It ended on { $date }. The provider cancelled the group.
       *[replaced] A new agreement replaced it after { $date }.
    }
agreement-end-reason = { $reason ->
        [voucher_cancelled] the voucher was cancelled
        [terminated] ended by consent
        [city_ended] the city ended the service
        [group_cancelled] the provider cancelled the group
        [replaced] a new agreement replaced it
       *[last_day] its last day
    }
agreement-next-confirm = Read the terms. Then confirm them in the app.
agreement-next-ending = The caseworker decides on ending the agreement.

## Why a side proposes ending an agreement.
ending-reason-health = Health
ending-reason-travel = Over 3 hours of travel a day
ending-reason-safety = Safety is neglected
ending-reason-provider-breach = The provider breaks the law or the agreement
ending-reason-service-differs = The service differs from the plan
ending-reason-substance-use = Continuous substance use
ending-reason-client-breach = The client breaks the agreement
ending-reason-other = Another reason

## Documents the provider writes.
document-interim-assessment = Interim assessment
document-final-assessment = Final assessment
document-summary = Summary
document-final-report = Final report
document-other = Document

## A duty as its reader sees it.
duty-line = { $state ->
        [upcoming] { $document }: due by { $date }.
        [due_soon] { $document }: due soon, by { $date }.
        [overdue] { $document }: it was due on { $date }. It is late.
        [done_on_time] { $document }: done on time, on { $done }.
       *[done_late] { $document }: done late, on { $done }.
    }

## An agreement's history. $by is self, client, helper, provider or caseworker.
agreement-event = { $by ->
        [self] You
        [client] The client
        [helper] The client's helper
        [provider] The provider
       *[caseworker] The caseworker
    } { $kind ->
        [made] proposed the agreement, to start on { $date }.
        [confirmed] confirmed the terms.
        [ending_proposed] proposed ending it on { $date }. Reason: { $reason_text }.
        [ending_consented] consented to ending it on { $date }.
        [ending_declined] declined ending it. It goes on.
        [ended] ended it on { $date }: { $reason_text }.
        [group_delayed] delayed the group's start to { $date }.
        [interrupted] recorded an interruption on { $date }.
       *[document] recorded a document: { $reason_text }, { $date }.
    }

## Notifications about agreements. $reader is "client" or "other" (staff, the caseworker).
notification-agreement-confirmed = { $client } confirmed the agreement with { $provider }. It is in force.
    .title = Agreement confirmed
notification-agreement-ending-proposed = { $reader ->
        [client] { $provider } proposes ending your agreement on { $date }. Reason: { $reason_text }.
       *[other] { $side ->
            [client] { $client } proposes ending the agreement with { $provider } on { $date }.
           *[provider] { $provider } proposes ending the agreement of { $client } on { $date }.
        } Reason: { $reason_text }.
    }
    .title = Proposal to end an agreement
notification-agreement-ending-consented = { $reader ->
        [client] Your agreement with { $provider } ends on { $date }. The caseworker consented.
       *[other] The agreement of { $client } ends on { $date }. The caseworker consented.
    }
    .title = The agreement ends
notification-agreement-ending-declined = { $reader ->
        [client] Your agreement with { $provider } goes on. The caseworker said: { $reason }
       *[other] The agreement of { $client } goes on. The caseworker said: { $reason }
    }
    .title = The agreement goes on
notification-agreement-ended = { $reader ->
        [client] Your agreement with { $provider } ends on { $date }.
       *[other] The agreement of { $client } ends on { $date }.
    } { $reason_code ->
        [voucher_cancelled] The voucher was cancelled.
       *[city_ended] The city ended the service.
    }
    .title = The agreement ends
notification-agreement-interrupted = { $reader ->
        [client] { $provider } recorded that your service was interrupted on { $date }.
       *[other] { $provider } reports that the service of { $client } was interrupted on { $date }.
    }
    .title = Service interrupted
notification-agreement-document = { $reader ->
        [client] { $provider } wrote about your service: { $document }.
       *[other] { $provider } wrote about the service of { $client }: { $document }.
    }
    .title = A new document

notification-agreement-duty-overdue = { $side ->
        [provider] { $document } for { $client } was due on { $date }. Record it in the app.
       *[caseworker] { $client }: { $document } from { $provider } was due on { $date }. It has not come.
    }
    .title = A document is late

notification-agreement-group-changed = { $reason_code ->
        [delayed] { $reader ->
            [client] Your group at { $provider } starts later, on { $date }.
           *[other] The group of { $client } at { $provider } starts later, on { $date }.
        }
       *[cancelled] { $reader ->
            [client] { $provider } cancelled your group. Your caseworker will help you.
           *[other] { $provider } cancelled the group of { $client }.
        }
    } Reason: { $reason }
    .title = A change in the group

## The caseworker's inbox: what it is, and what to do next.
inbox-duty-due = { $client }: { $document } from { $provider } is due by { $date }.
    .next = Nothing yet. Remind the provider if it does not come.
inbox-duty-overdue = { $client }: { $document } from { $provider } was due on { $date }.
    .next = Ask the provider for it.
inbox-ending-proposed = { $client }: { $side ->
        [client] the client proposes
       *[provider] { $provider } proposes
    } ending the agreement on { $date }. Reason: { $reason_text }.
    .next = Consent or decline in the agreement.
inbox-interruption = { $client }: { $provider } reports the service was interrupted on { $date }.
    .next = Contact the client and the provider.
inbox-refusal = { $client }: { $provider } refused. Reason: { $reason_text }
    .next = Help the client choose another provider.
inbox-queue-offer = { $client }: { $provider } offers a queue place from { $date }.
    .next = Check that the client answers it.
