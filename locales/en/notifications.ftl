## A person's notifications: a heading (.title) and a sentence or two.
notification-visit-booked = Your intro visit to { $provider } is on { $when }. The address is { $address }.
    .title = Intro visit booked
notification-visit-moved = Your intro visit to { $provider } is now on { $when }. The address is { $address }.
    .title = Intro visit moved
notification-visit-cancelled-by-provider = { $provider } cancelled your intro visit on { $when }. Reason: { $reason }. Book another time.
    .title = Intro visit cancelled
notification-visit-reminder = Your intro visit to { $provider } is tomorrow, { $when }. The address is { $address }.
    .title = Intro visit tomorrow
notification-visit-accepted = { $provider } has a place for you. Your service starts on { $date }.
    .title = You got a place
notification-visit-refused = { $provider } has no place for you. { $reason_text } Your caseworker will help you.
    .title = No place this time
notification-queue-offered = { $provider } offers you a queue place. The start would be { $date }. Answer in the app.
    .title = A queue place for you
