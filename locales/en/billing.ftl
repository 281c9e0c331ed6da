# Monthly billing: the provider's report, its submission, and the city's view.
# Plain English: short sentences, the important thing first.

## Access log actions.
action-billing-view = Viewing billing
    .sentence = { $who ->
        [self] You viewed billing.
       *[other] { $actor } viewed your days in a billing report.
    }
action-billing-submit = Submitting billing
    .sentence = { $who ->
        [self] You submitted billing.
       *[other] { $actor } billed your days to the city.
    }
action-billing-city = Viewing the city's billing
    .sentence = { $who ->
        [self] You viewed the city's billing.
       *[other] { $actor } viewed the city's billing.
    }
action-billing-month = Viewing the organisation's billing
    .sentence = { $who ->
        [self] You viewed the organisation's billing.
       *[other] { $actor } viewed the organisation's billing.
    }
action-billing-submit_month = Submitting the organisation's billing
    .sentence = { $who ->
        [self] You submitted the organisation's billing.
       *[other] { $actor } submitted the organisation's billing.
    }

## Errors.
error-billing-month_not_over = This month has not ended yet.
    .detail = You can submit { $month } from { $date }.
error-billing-nothing_to_submit = There is nothing to bill for this month.
    .detail = No client had activity days in { $month }.

## Lines and days.
billing-line-month = Activity days
billing-line-correction = Correction of { $date }
billing-kind-day = Realised day
billing-kind-no-show = Missed meeting
billing-kind-pending = Not confirmed yet
billing-kind-absence = Absence
billing-kind-rejected = Rejected check-in
billing-kind-cancelled = Meeting cancelled by the provider
billing-kind-correction = Correction
billing-reason-cancelled-by-provider = The provider cancelled the meeting.
billing-reason-confirmed = The day was confirmed later.
billing-reason-corrected = The day was corrected later.
billing-reason-rejected = The day was rejected later.
billing-reason-no-show = A missed meeting was recorded later.
billing-reason-absent = The day was recorded as an absence later.
billing-reason-pending = The day waits for confirmation.
billing-status = { $status ->
        [submitted] Submitted on { $date } by { $name }.
        [submitted_late] Submitted late on { $date } by { $name }. It was due on { $due }.
        [overdue] Not submitted. It was due on { $due }.
       *[open] Not submitted yet. It is due on { $due }.
    }

## CSV column headers.
billing-column-provider = Provider
billing-column-municipality = Municipality
billing-column-month = Month
billing-column-line = Line
billing-column-voucher-number = Voucher number
billing-column-client = Client
billing-column-service = Service
billing-column-unit = Unit
billing-column-confirmed-units = Realised units
billing-column-no-show-units = Missed meeting units
billing-column-units = Billed units
billing-column-unit-price = Unit price (EUR)
billing-column-amount = Amount (EUR)
billing-column-corrects-day = Corrected day
billing-column-interrupted-on = Interrupted on
billing-column-ended-on = Ended on
billing-column-status = Status
billing-column-submitted-at = Submitted at
