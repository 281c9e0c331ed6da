## Meddelanden: en rubrik (.title) och en mening eller två.
notification-visit-booked = Ditt introduktionsbesök hos { $provider } är { $when }. Adressen är { $address }.
    .title = Introduktionsbesöket är bokat
notification-visit-moved = Ditt introduktionsbesök hos { $provider } är nu { $when }. Adressen är { $address }.
    .title = Introduktionsbesöket är flyttat
notification-visit-cancelled-by-provider = { $provider } avbokade ditt introduktionsbesök { $when }. Orsak: { $reason }. Boka en ny tid.
    .title = Introduktionsbesöket är avbokat
notification-visit-reminder = Ditt introduktionsbesök hos { $provider } är i morgon, { $when }. Adressen är { $address }.
    .title = Introduktionsbesök i morgon
notification-visit-accepted = { $provider } har en plats åt dig. Din service börjar { $date }.
    .title = Du fick en plats
notification-visit-refused = { $provider } har ingen plats åt dig. { $reason_text } Din socialarbetare hjälper dig.
    .title = Ingen plats den här gången
notification-queue-offered = { $provider } erbjuder dig en köplats. Starten vore { $date }. Svara i appen.
    .title = En köplats åt dig
