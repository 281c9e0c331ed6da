# Activity days: check-ins, the provider's answer, absences, meetings and the site's code.
# Plain English: short sentences, the important thing first.

## Access log actions.
action-day-view = Viewing activity days
    .sentence = { $who ->
        [self] You viewed your activity days.
       *[other] { $actor } viewed your activity days.
    }
action-day-check_in = Checking in
    .sentence = { $who ->
        [self] You checked in.
       *[other] { $actor } checked you in.
    }
action-day-report_absence = Reporting an absence
    .sentence = { $who ->
        [self] You reported an absence.
       *[other] { $actor } reported your absence.
    }
action-day-confirm = Confirming an activity day
    .sentence = { $who ->
        [self] You confirmed an activity day.
       *[other] { $actor } confirmed your activity day.
    }
action-day-correct = Correcting an activity day
    .sentence = { $who ->
        [self] You corrected an activity day.
       *[other] { $actor } corrected your activity day.
    }
action-day-reject = Rejecting a check-in
    .sentence = { $who ->
        [self] You rejected a check-in.
       *[other] { $actor } rejected your check-in.
    }
action-day-record = Recording an activity day
    .sentence = { $who ->
        [self] You recorded an activity day.
       *[other] { $actor } recorded your activity day.
    }
action-day-absence = Recording an absence
    .sentence = { $who ->
        [self] You recorded an absence.
       *[other] { $actor } recorded your absence.
    }
action-day-list = Listing activity days
    .sentence = { $who ->
        [self] You listed activity days.
       *[other] { $actor } listed activity days.
    }
action-meeting-plan = Planning a meeting
    .sentence = { $who ->
        [self] You planned a meeting.
       *[other] { $actor } planned or changed your meeting.
    }
action-meeting-cancel = Cancelling a meeting
    .sentence = { $who ->
        [self] You cancelled a meeting.
       *[other] { $actor } cancelled your meeting.
    }
action-meeting-no_show = Recording a missed meeting
    .sentence = { $who ->
        [self] You recorded a missed meeting.
       *[other] { $actor } recorded that you missed a meeting.
    }
action-site-code = Showing the site's code
    .sentence = { $who ->
        [self] You showed the site's code.
       *[other] { $actor } showed the site's code.
    }

## Absences.
absence-reported = Reported absence
absence-authorised = Authorised absence
absence-unauthorised = Unauthorised absence
absence-sent-home = Sent home
absence-reason-sick = Sick leave
absence-reason-family = A family reason
absence-reason-appointment = An appointment
absence-reason-other = Another reason
absence-reason-authorised = An authorised absence
absence-reason-unauthorised = An unauthorised absence
absence-reason-sent-home = Sent home
absence-reason-did-not-come = Did not come
absence-reason-cancelled-same-day = Cancelled on the same day

## One day, and a month.
day-summary = { $status ->
        [pending] { $date }: waiting for the provider to confirm.
        [confirmed] { $date }: confirmed.
        [corrected] { $date }: confirmed with a correction.
        [rejected] { $date }: the provider rejected it.
        [absent] { $date }: absent.
       *[no_show] { $date }: a missed meeting.
    } { $verified ->
        [yes] Checked in at the site.
       *[no] { "" }
    }
month-summary = { $confirmed ->
        [0] Nothing confirmed yet this month.
        [one] One unit confirmed this month.
       *[other] { $confirmed } units confirmed this month.
    } { $pending ->
        [0] { "" }
        [one] One unit waits for the provider.
       *[other] { $pending } units wait for the provider.
    } { $absences ->
        [0] { "" }
        [one] One absence.
       *[other] { $absences } absences.
    }

## Notifications.
notification-day-confirmed = { $provider } confirmed your activity day { $date }.
    .title = Day confirmed
notification-day-corrected = { $provider } corrected your activity day { $date }. Reason: { $reason }
    .title = Day corrected
notification-day-rejected = { $provider } rejected your check-in for { $date }. Reason: { $reason }
    .title = Check-in rejected
notification-meeting-planned = { $provider }: your meeting is on { $when }. { $side ->
        [remote] It is remote.
       *[place] { $address }
    }
    .title = A meeting
notification-meeting-cancelled = { $reader ->
        [client] { $provider } cancelled your meeting on { $when }. They will give you a new time.
       *[other] { $client } cancelled the meeting on { $when }.
    }
    .title = Meeting cancelled
notification-client-absent = { $reader ->
        [client] Your absence on { $date } is recorded.
       *[other] { $client } is absent on { $date }: { $reason_text }.
    }
    .title = An absence
notification-client-sent-home = { $reader ->
        [client] You were sent home on { $date }.
       *[other] { $provider } sent { $client } home on { $date }. Reason: { $reason }
    }
    .title = Sent home
notification-client-no-show = { $reader ->
        [client] You missed your meeting on { $date }.
       *[other] { $client } missed the meeting on { $date }. Contact the client at once.
    }
    .title = A missed meeting
notification-client-no-shows-repeated = { $reader ->
        [client] You missed two meetings in a row.
       *[other] { $client } missed two meetings in a row, the last on { $date }.
    }
    .title = Missed meetings

## The caseworker's inbox.
inbox-absence = { $client }: absent on { $date } at { $provider }. { $reason_text }.
    .next = Check that the client is well.
inbox-no-show = { $client }: missed a meeting at { $provider } on { $date }.
    .next = Contact the client if it happens again.
inbox-deviation = { $client }: { $kind ->
        [rejected] { $provider } rejected the check-in for { $date }.
        [corrected] { $provider } corrected the day { $date }.
        [late] the check-in for { $date } came late.
       *[unverified] the check-in for { $date } was not made at the site.
    }
    .next = No action needed, unless it happens often.

inbox-guidance-short = { $client }: { $hours ->
        [0] no individual guidance
        [one] one hour of individual guidance
       *[other] { $hours } hours of individual guidance
    } at { $provider } from { $date } to { $until }. { $min ->
        [one] The rule asks for one hour.
       *[other] The rule asks for { $min } hours.
    }
    .next = Ask the provider about the guidance.

## Errors.
error-attendance-in_future = You cannot check in for a day that has not come.
    .detail = Check in on the day itself.
error-attendance-too_late = This day is too long ago.
    .detail = { $days ->
        [one] You can send a check-in at most one day later.
       *[other] You can send a check-in at most { $days } days later.
    } The earliest day is { $from }.
error-attendance-arrival_not_on_day = The time of arrival is not on that day.
    .detail = Give a time on the day itself, not in the future.
error-attendance-outside_voucher = The day is outside the voucher.
    .detail = The voucher is valid from { $from } to { $until }.
error-attendance-outside_agreement = The day is outside the agreement.
    .detail = The agreement runs from { $from } to { $until }.
error-attendance-no_agreement = There is no agreement in force.
    .detail = Confirm the agreement with the provider first.
error-attendance-interrupted = The service was interrupted.
    .detail = Nothing is recorded after { $date }. Ask your caseworker.
error-attendance-twice = This day is recorded already.
    .detail = A day counts once. See the day that is there.
error-attendance-week_full = This week is full.
    .detail = { $unit ->
        [hour] { $count ->
            [one] The agreement allows one hour a week.
           *[other] The agreement allows { $count } hours a week.
        }
       *[day] { $count ->
            [one] The agreement allows one day a week.
           *[other] The agreement allows { $count } days a week.
        }
    }
error-attendance-units_used_up = The voucher has no more units for this.
    .detail = { $unit ->
        [hour] { $count ->
            [0] No hours are left.
            [one] One hour is left.
           *[other] { $count } hours are left.
        }
       *[day] { $count ->
            [0] No days are left.
            [one] One day is left.
           *[other] { $count } days are left.
        }
    }
error-attendance-hours_required = Tell how many hours.
    .detail = This service is counted in hours.
error-attendance-hours_out_of_range = The hours do not fit the rules.
    .detail = { $max ->
        [one] It can be { $min }–1 hour.
       *[other] It can be { $min }–{ $max } hours.
    }
error-attendance-hours_not_taken = This service is counted in days.
    .detail = Leave out the hours.
error-attendance-remote_not_allowed = This service is not given remotely.
    .detail = Leave out "remote".
error-attendance-remote_share = Too much of the coaching would be remote.
    .detail = { $percent ->
        [one] At most one percent can be remote.
       *[other] At most { $percent } percent can be remote.
    } { $count ->
        [one] That is one hour.
       *[other] That is { $count } hours.
    }
error-attendance-code_wrong = The code is not right.
    .detail = Check the code at the site and try again. It changes every 30 seconds.
error-attendance-code_tries = Too many wrong codes.
    .detail = { $seconds ->
        [one] Try again in one second.
       *[other] Try again in { $seconds } seconds.
    }
error-attendance-day_decided = The day was decided already.
    .detail = See the day as it is now.
error-attendance-absence_too_far = The day is too far ahead.
    .detail = { $days ->
        [one] You can report an absence at most one day ahead.
       *[other] You can report an absence at most { $days } days ahead.
    }
error-meeting-not_for_service = This service has no meetings.
    .detail = Meetings are for services counted in hours.
error-meeting-in_past = The time has passed.
    .detail = Choose a time that has not come yet.
error-meeting-day_taken = There is a meeting on that day already.
    .detail = Move that meeting, or choose another day.
error-meeting-not_scheduled = The meeting is not planned any more.
    .detail = It was cancelled.
error-meeting-not_yet = The meeting has not started yet.
    .detail = Record a missed meeting after its start.
