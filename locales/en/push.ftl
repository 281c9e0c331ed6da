# Pushes to the phone (Web Push) when the app is closed.
# Plain language: short sentences, the main thing first. The title shows on the lock screen: no names, no details.

## The titles of pushes.
push-title-messages = You have a new message.
push-title-reminders = You have a reminder.
push-title-visits = Your intro visit has changed.
push-title-agreements = Your agreement has changed.
push-title-days = Your activity day has changed.
push-title-clients = A client's matter is waiting for you.

## Errors.
error-push-endpoint_refused = We cannot send pushes to this address.
    .detail = Use the address your browser gave. It must be a public https address.
error-push-bad_keys = The device's keys are not valid.
    .detail = Ask the browser for a new subscription and send it as it is.
error-push-too_many = You already have too many devices.
    .detail = { $max ->
        [one] You can get pushes on one device. Remove an old device first.
       *[other] You can get pushes on { $max } devices. Remove an old device first.
    }
