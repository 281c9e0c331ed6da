## Introduktionsbesök: var bokningen står.
visit-status-booked = Bokat
visit-status-cancelled = Avbokat
visit-status-held = Besöket gjort
visit-status-not-held = Besöket blev inte av
visit-status-accepted = Du fick en plats
visit-status-refused = Ingen plats
visit-status-queued = En köplats erbjuds
visit-status-queue-accepted = I kö
visit-status-queue-declined = Köplatsen avböjd

## En mening om bokningen. $who är self när klienten läser, annars other.
visit-summary-booked = { $who ->
        [self] Ditt introduktionsbesök hos { $provider } är { $when }.
       *[other] { $client } har ett introduktionsbesök hos { $provider } { $when }.
    }
visit-summary-cancelled = { $who ->
        [self] Ditt introduktionsbesök hos { $provider } { $when } är avbokat.
       *[other] Introduktionsbesöket för { $client } hos { $provider } är avbokat.
    }
visit-summary-held = { $who ->
        [self] Du besökte { $provider }. Vänta på deras svar.
       *[other] { $client } besökte { $provider }. Svaret har inte kommit än.
    }
visit-summary-not-held = { $who ->
        [self] Ditt introduktionsbesök hos { $provider } blev inte av.
       *[other] Introduktionsbesöket för { $client } hos { $provider } blev inte av.
    }
visit-summary-accepted = { $who ->
        [self] { $provider } har en plats åt dig.
       *[other] { $provider } har en plats åt { $client }.
    }
visit-summary-refused = { $who ->
        [self] { $provider } har ingen plats åt dig.
       *[other] { $provider } har ingen plats åt { $client }.
    }
visit-summary-queued = { $who ->
        [self] { $provider } erbjuder dig en köplats. Starten vore { $date }.
       *[other] { $provider } erbjuder { $client } en köplats. Starten vore { $date }.
    }
visit-summary-queue-accepted = { $who ->
        [self] Du står i kö hos { $provider }.
       *[other] { $client } står i kö hos { $provider }.
    }
visit-summary-queue-declined = { $who ->
        [self] Du tackade nej till köplatsen hos { $provider }.
       *[other] { $client } tackade nej till köplatsen hos { $provider }.
    }

## Ett steg i bokningens historik.
visit-event-booked = { $actor } bokade besöket.
visit-event-moved = { $actor } flyttade besöket till en annan tid.
visit-event-cancelled = { $actor } avbokade besöket.
visit-event-held = { $actor } skrev in att besöket blev av.
visit-event-not-held = { $actor } skrev in att besöket inte blev av.
visit-event-accepted = { $actor } erbjöd en plats.
visit-event-refused = { $actor } sa att det inte finns någon plats.
visit-event-queued = { $actor } erbjöd en köplats.
visit-event-queue-accepted = { $actor } tog köplatsen.
visit-event-queue-declined = { $actor } tackade nej till köplatsen.
visit-actor-proxy = Klientens hjälpare
visit-actor-caseworker = Socialarbetaren

## Varför det inte finns någon plats, på lättläst svenska.
refusal-needs-not-met = Servicen passar inte dina behov.
refusal-no-place = Serviceproducenten har ingen ledig plats.
refusal-safety = Serviceproducenten måste tänka på allas säkerhet.
refusal-other = Serviceproducenten berättade orsaken för din socialarbetare.

## Varför besöket inte blev av.
not-held-client-absent = Du kom inte till besöket.
not-held-provider-cancelled = Serviceproducenten kunde inte ta emot dig.

agreement-summary = { $who ->
        [self] Din service hos { $provider } börjar { $date }.
       *[other] Servicen för { $client } hos { $provider } börjar { $date }.
    }
visit-calendar-title = Introduktionsbesök: { $provider }

## Socialarbetarens lista över försenade.
late-intro-visit = { $days ->
        [one] { $client } har inget bokat introduktionsbesök. Det är en dag försenat.
       *[other] { $client } har inget bokat introduktionsbesök. Det är { $days } dagar försenat.
    }
late-start = { $days ->
        [one] Servicen för { $client } har inte börjat. Den är en dag försenad.
       *[other] Servicen för { $client } har inte börjat. Den är { $days } dagar försenad.
    }
