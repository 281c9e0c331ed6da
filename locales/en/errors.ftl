# Error titles and details. Plain English: short sentences, the important thing first.
# Each error code `area.name` has the message `error-area-name` with a `.detail`.

error-request-not_found = This address does not exist.
    .detail = Check the address. The list of addresses is at /docs.
error-request-method_not_allowed = This address does not accept this kind of request.
    .detail = Allowed here: { $allow }.
error-request-bad_request = The request is not valid.
    .detail = Check the request and try again.
error-request-malformed_json = The request is not valid JSON.
    .detail = Check the commas, quotes and brackets.
error-request-unknown_field = The request has an unknown field.
    .detail = Remove the field "{ $field }".
error-request-missing_field = The request is missing a field.
    .detail = Add the field "{ $field }".
error-request-invalid_value = A value in the request is not valid.
    .detail = Check the types and values of the fields.
error-request-invalid_field = The field "{ $field }" has a value that is not allowed.
    .detail = Check its type and value.
error-date-invalid = The field "{ $field }" is not a date.
    .detail = Write a date as 2026-03-31, or a time as 2026-03-31T09:00:00Z.
error-date-out_of_range = The date in "{ $field }" is not possible.
    .detail = Use a date from the year 2000 to the year 2100.
error-request-invalid_query = The search terms are not valid.
    .detail = Check the values after the question mark.
error-request-invalid_cursor = The page marker is not valid.
    .detail = Start again from the first page.
error-request-body_too_large = The request is too large.
    .detail = The largest allowed size is { $limit_kb ->
        [one] 1 kilobyte
       *[other] { $limit_kb } kilobytes
    }.
error-request-unsupported_media_type = The request must be JSON.
    .detail = Send the header Content-Type: application/json.
error-request-headers_too_large = The request's headers are too large.
    .detail = { $limit_kb ->
        [one] Send at most { $limit_kb } kilobyte of headers.
       *[other] Send at most { $limit_kb } kilobytes of headers.
    }
error-idempotency-invalid_key = The Idempotency-Key header is not valid.
    .detail = Use 1 to 255 letters, digits or symbols. Do not use spaces.
error-idempotency-key_reused = This Idempotency-Key was already used for another request.
    .detail = Use a new key for each new request.
error-idempotency-in_progress = The same request is still being handled.
    .detail = Wait a moment and send it again.
error-text-too_long = The field "{ $field }" is too long.
    .detail = { $max ->
        [one] Use at most { $max } character.
       *[other] Use at most { $max } characters.
    }
error-text-invalid_characters = The field "{ $field }" has characters that are not allowed.
    .detail = Remove hidden control characters. A name must fit on one line.
error-resource-not_found = We could not find this.
    .detail = It does not exist, or you cannot see it.
error-auth-missing_token = You are not signed in.
    .detail = Sign in first.
error-auth-invalid_token = Your sign-in is not valid.
    .detail = Sign in again.
error-auth-session_ended = Your sign-in has ended.
    .detail = Sign in again.
error-auth-invalid_id_token = Identification failed.
    .detail = Identify yourself again.
error-auth-invalid_refresh_token = Your sign-in has ended.
    .detail = Sign in again.
error-auth-refresh_token_reused = Your sign-in was ended for your safety.
    .detail = The same sign-in was used twice. Sign in again.
error-auth-id_token_not_accepted = This server does not use identification.
    .detail = It has no identification service. Sign in another way.
error-auth-rate_limited = Too many attempts.
    .detail = { $seconds ->
        [one] Wait { $seconds } second and try again.
       *[other] Wait { $seconds } seconds and try again.
    }
error-auth-too_many_writes = You have sent many changes in a short time.
    .detail = { $seconds ->
        [one] Wait { $seconds } second and send again.
       *[other] Wait { $seconds } seconds and send again.
    }
error-auth-unknown_persona = There is no such demo user.
    .detail = See the list of demo users.
error-person-unsupported_language = We do not have this language.
    .detail = Choose fi, sv or en.
error-server-unavailable = The service is not available right now.
    .detail = Try again in a moment.
error-server-internal = Something went wrong on our side.
    .detail = Try again later. If it happens again, tell us the request number { $request_id }.
error-auth-caseworker_only = Only a caseworker can do this.
    .detail = Ask your caseworker for help.
error-voucher-service_not_offered = The municipality has no voucher for this service.
    .detail = Check the service code. The rules may not be in force on the decision date.
error-voucher-invalid_period = The voucher would end before it starts.
    .detail = The last day must be on or after the first day.
error-voucher-validity_too_short = The voucher is too short.
    .detail = A voucher for { $service } must be valid at least { $min ->
        [one] 1 month
       *[other] { $min } months
    }.
error-voucher-validity_too_long = The voucher is too long.
    .detail = A voucher for { $service } can be valid at most { $max ->
        [one] 1 month
       *[other] { $max } months
    } at first.
error-voucher-extension_too_long = The voucher cannot be extended this far.
    .detail = A voucher for { $service } can be valid at most { $max ->
        [one] 1 month
       *[other] { $max } months
    } in all.
error-voucher-exception_not_allowed = No exception is possible for this service.
    .detail = The rules for { $service } have no higher limits. Remove the exception reason.
error-voucher-per_week_required = Say how much a week.
    .detail = { $unit ->
        [hour] Add the hours a week for { $service }.
       *[day] Add the activity days a week for { $service }.
    }
error-voucher-per_week_out_of_range = Too much or too little a week.
    .detail = { $unit ->
        [hour] A voucher for { $service } allows { $max ->
            [one] { $min }–1 hour
           *[other] { $min }–{ $max } hours
        } a week.
       *[day] A voucher for { $service } allows { $max ->
            [one] { $min }–1 activity day
           *[other] { $min }–{ $max } activity days
        } a week.
    }{ $exception_max ->
        [none] {""}
       *[other] {" "}With a justified exception, at most { $exception_max }.
    }
error-voucher-hours_per_day_required = Say how many hours at a time.
    .detail = { $per ->
        [session] Add the hours a session for { $service }.
       *[day] Add the hours a day for { $service }.
    }
error-voucher-hours_per_day_out_of_range = Too many or too few hours at a time.
    .detail = A voucher for { $service } allows { $max ->
        [one] { $min }–1 hour
       *[other] { $min }–{ $max } hours
    } { $per ->
        [session] a session.
       *[day] a day.
    }
error-voucher-term_not_applicable = This service has no such term.
    .detail = Remove the field "{ $field }" for { $service }.
error-voucher-group_join_closed = The group no longer takes new clients.
    .detail = New clients could join until { $date }.
error-voucher-units_too_few = Grant at least one unit.
    .detail = { $unit ->
        [hour] Grant at least one hour of { $service }.
       *[day] Grant at least one activity day of { $service }.
    }
error-voucher-units_over_cap = Too many units for this service.
    .detail = A voucher for { $service } is at most { $unit ->
        [hour] { $max ->
            [one] 1 hour
           *[other] { $max } hours
        }
       *[day] { $max ->
            [one] 1 activity day
           *[other] { $max } activity days
        }
    } in { $months ->
        [one] 1 month
       *[other] { $months } months
    }.{ $exception_max ->
        [none] {""}
       *[other] {" "}With a justified exception, at most { $exception_max }.
    }
error-voucher-units_over_plan = More units than the weekly plan allows.
    .detail = { $unit ->
        [hour] { $per_week ->
            [one] 1 hour
           *[other] { $per_week } hours
        } a week for { $weeks ->
            [one] 1 week
           *[other] { $weeks } weeks
        } is { $max ->
            [one] 1 hour
           *[other] { $max } hours
        } at most.
       *[day] { $per_week ->
            [one] 1 day
           *[other] { $per_week } days
        } a week for { $weeks ->
            [one] 1 week
           *[other] { $weeks } weeks
        } is { $max ->
            [one] 1 day
           *[other] { $max } days
        } at most.
    }
error-voucher-decision_in_future = The decision date is in the future.
    .detail = Use the date the decision was made.
error-voucher-starts_before_decision = The voucher starts before the decision.
    .detail = The first valid day must be on or after the decision date.
error-voucher-reason_required = A reason is needed.
    .detail = Write the reason in a few words.
error-voucher-not_changeable = This voucher can no longer be changed.
    .detail = It has ended or was cancelled. Issue a new voucher instead.
error-voucher-extension_shortens = An extension cannot shorten the voucher.
    .detail = Keep the last day and the units at least as they are now.
error-voucher-total_duration_exceeded = The client would have this service for too long.
    .detail = { $max ->
        [one] This kind of service lasts at most 1 month in all.
       *[other] This kind of service lasts at most { $max } months in all.
    } { $used ->
        [one] The client has had 1 month already.
       *[other] The client has had { $used } months already.
    }{ $reason ->
        [allowed] {" "}With a written reason, you may allow more.
       *[none] {""}
    }
error-voucher-long_term_needs_more_days = More activity days a week are needed.
    .detail = After { $after ->
        [one] 1 month
       *[other] { $after } months
    } of this service, at least { $min ->
        [one] 1 day a week is
       *[other] { $min } days a week are
    } needed.
error-voucher-overlaps = The client already has a voucher for this time.
    .detail = Extend the voucher the client has, or start the new one after it ends.
error-voucher-levels_overlap = The client has a voucher of a related service for this time.
    .detail = These two services do not run at the same time. Start the new voucher after the other ends.
error-voucher-consecutive_too_long = This would run for too long in a row.
    .detail = { $max ->
        [one] Vouchers for { $service } that follow one another last at most 1 month.
       *[other] Vouchers for { $service } that follow one another last at most { $max } months.
    }
error-voucher-anchor_in_future = A date is in the future.
    .detail = Check the field "{ $field }". Record the day it happened.
error-voucher-client_age_out_of_range = The client's age does not fit this service.
    .detail = { $max ->
        [one] A voucher for { $service } is for people aged { $min }–{ $max } on its first day.
       *[other] A voucher for { $service } is for people aged { $min }–{ $max } on its first day.
    } { $age ->
        [one] The client is then 1 year old.
       *[other] The client is then { $age } years old.
    }
error-voucher-extension_reason_required = A reason is needed to go past the usual period.
    .detail = { $months ->
        [one] { $service } usually lasts 1 month. Write why it should last longer.
       *[other] { $service } usually lasts { $months } months. Write why it should last longer.
    }

## Providers
error-provider_search-radius_out_of_range = This distance is not allowed.
    .detail = Search within { $max ->
        [one] 1 km
       *[other] { $max } km
    } of home. Your caseworker can allow a longer distance.
error-provider_search-no_home = Your home address is missing.
    .detail = We need it to measure distances. Ask your caseworker to add it.
error-provider_search-compare_count = Choose two to four providers.
    .detail = You can compare two, three or four providers at a time.
error-provider_search-not_available = This provider is not available for your voucher.
    .detail = Choose a provider from the search results.
error-provider-staff_only = Only service provider staff can do this.
    .detail = Sign in with your work account.
error-provider-legal_form_not_allowed = The rules do not allow this kind of provider.
    .detail = The provider's legal form is { $form }. The rules allow only these for { $service }: { $allowed }.
error-provider-service_not_offered = Your municipality does not offer this service.
    .detail = Choose a service your municipality has rules for.
error-provider-not_approved_yet = This provider has not been approved.
    .detail = Approve the provider first. Then you can pause or end it.
error-provider-business_id_taken = This business ID is already registered.
    .detail = Find the provider that has it.
error-business_id-format = The business ID is not in the right form.
    .detail = Write it as seven digits, a dash and one digit, for example 1234567-1.
error-business_id-checksum = The business ID is not valid.
    .detail = Its last digit does not match. Check the number.
error-provider-invalid_coordinates = The location is not in Finland.
    .detail = Check the latitude and the longitude. Do not swap them.
error-provider-text_required = A text is missing.
    .detail = Check the field "{ $field }".
error-provider-text_not_plain = A sentence is too long.
    .detail = Use at most { $max ->
        [one] 1 word
       *[other] { $max } words
    } in a sentence in "{ $field }".
error-contact-invalid = The contact detail is not valid.
    .detail = Check the field "{ $field }".
error-provider-too_few_work_tasks = Add more work tasks.
    .detail = This service needs at least { $min ->
        [one] 1 work task
       *[other] { $min } work tasks
    }.
error-provider-group_too_large = The group is too large.
    .detail = A group can have at most { $max ->
        [one] 1 person
       *[other] { $max } people
    }.
error-provider_search-voucher_ended = This voucher has ended.
    .detail = Choose a provider with a valid voucher. Ask your caseworker for a new one.
error-slot-in_past = A slot must start later than now.
    .detail = Choose a time in the future.
error-slot-too_far = A slot is too far ahead.
    .detail = It can start at most { $days ->
        [one] one day from now.
       *[other] { $days } days from now.
    }
error-slot-invalid_period = A slot must end after it starts.
    .detail = Check the start and the end.
error-slot-too_long = A slot is too long.
    .detail = It can last at most { $hours ->
        [one] one hour.
       *[other] { $hours } hours.
    }
error-slot-capacity_out_of_range = The number of places is not possible.
    .detail = A slot has { $max ->
        [one] one place.
       *[other] from one to { $max } places.
    }
error-slot-has_bookings = Someone has booked this slot.
    .detail = You cannot change it now. You can withdraw it with a reason.
error-slot-withdrawn = This slot was withdrawn.
    .detail = Choose another time.
error-slot-started = This slot has already begun.
    .detail = It cannot be changed or withdrawn. Record how the visit went.
error-slot-service_not_offered = This site does not offer the service.
    .detail = Publish the service at the site first.
error-visit-slot_full = This time is full.
    .detail = Choose another time.
error-visit-started = The visit has already started.
    .detail = You can no longer book or cancel it.
error-visit-not_yet = The visit has not started yet.
    .detail = Answer after the visit.
error-visit-wrong_state = This cannot be done to the visit now.
    .detail = Check where the visit stands.
error-visit-already_booked = You already have a visit booked with this provider.
    .detail = You can move it to another time.
error-visit-move_other_provider = A visit moves only to another time with the same provider.
    .detail = Book a new visit with the other provider.
error-visit-voucher_not_active = This voucher has ended or was cancelled.
    .detail = Ask your caseworker.
error-visit-after_voucher = This time is after the voucher ends.
    .detail = Choose a time on { $until } or before.
error-visit-queue_start_out_of_range = The expected start must be within the voucher.
    .detail = Choose a day from { $from } to { $until }.
error-visit-service_mismatch = This time is for another service.
    .detail = Choose a time for your voucher's service.
error-agreement-invalid_period = The agreement must end after it starts.
    .detail = Check the first and the last day.
error-agreement-outside_voucher = The agreement goes outside the voucher.
    .detail = It can be from { $from } to { $until }.
error-agreement-per_week_out_of_range = The days a week do not fit the voucher.
    .detail = It can be { $max ->
        [one] one day a week.
       *[other] 1–{ $max } days a week.
    }
error-agreement-term_not_applicable = This service has no such term.
    .detail = Remove the field "{ $field }".
error-agreement-hours_per_day_out_of_range = The hours a day do not fit the voucher.
    .detail = It can be { $max ->
        [one] { $min }–1 hour a day.
       *[other] { $min }–{ $max } hours a day.
    }
error-agreement-meeting_place_required = Tell where the meetings mainly happen.
    .detail = Give the place with its location, or say it is remote.
error-agreement-meeting_place_too_far = The meeting place is too far from the client's home.
    .detail = It can be at most { $km ->
        [one] one kilometre
       *[other] { $km } kilometres
    } from home, unless the caseworker permits more.
error-agreement-in_force_elsewhere = The client has an agreement with another provider.
    .detail = That agreement must end first, with the caseworker's consent.
error-agreement-voucher_not_valid = The voucher is cancelled or has ended.
    .detail = An agreement needs a valid voucher. Ask the caseworker.
error-agreement-ended = This agreement has ended.
    .detail = Nothing more can be changed in it.
error-agreement-ending_day = The last day does not fit the agreement.
    .detail = It can be from { $from } to { $until }.
error-agreement-ending_reason_not_allowed = This reason is not for your side.
    .detail = Choose a reason from your side's list, or "other".
error-agreement-ending_pending = An ending is already waiting for the caseworker.
    .detail = Wait for the caseworker's decision.
error-agreement-no_ending = Nobody has proposed ending this agreement.
    .detail = There is nothing to decide.
error-agreement-day_outside = The day does not fit the agreement.
    .detail = It can be from { $from } to { $until }.
error-agreement-group_started = The group has started already.
    .detail = A group is delayed or cancelled before its first day.
error-agreement-group_delay_too_long = The group cannot start that late.
    .detail = It can start at the latest on { $latest }.
