# Fullmakter: en hjälpare sköter ärenden för en klient. Lättläst svenska.

## Vad hjälparen får göra
mandate-scope-view = Se servicesedlar, serviceproducenter, besök och närvaro
mandate-scope-book_visits = Boka besök
mandate-scope-message = Skicka meddelanden
mandate-scope-report_absence = Anmäla frånvaro

## Lägen
mandate-status-pending_approval = Väntar på socialarbetaren
mandate-status-active = Gäller
mandate-status-rejected = Socialarbetaren sa nej
mandate-status-declined = Hjälparen sa nej
mandate-status-revoked = Klienten återkallade den
mandate-status-renounced = Hjälparen avstod
mandate-status-ended = Avslutad genom ett beslut
mandate-status-expired = Har gått ut

## Vad fullmakten grundar sig på
mandate-basis-client = Given i appen
mandate-basis-paper = Fullmakt på papper
mandate-basis-guardian = Intressebevakare

## Historik
mandate-event-requested = { $actor } gav fullmakten.
mandate-event-registered = { $actor } registrerade fullmakten.
mandate-event-approved = { $actor } godkände fullmakten.
mandate-event-rejected = { $actor } avslog fullmakten.
mandate-event-declined = { $actor } sa nej till fullmakten.
mandate-event-revoked = { $actor } återkallade fullmakten.
mandate-event-renounced = { $actor } avstod från fullmakten.
mandate-event-ended = { $actor } antecknade att intressebevakningen upphörde. Beslut: { $reference }.

## Vem får sköta ärenden för klienten i dag
mandate-acting-for = { $basis ->
    [guardian] { $who ->
        [self] { $name } är din intressebevakare. Bara ett beslut kan avsluta det.
       *[other] { $name } är klientens intressebevakare. Bara ett beslut kan avsluta det.
    }
   *[other] { $who ->
        [self] { $name } får sköta ärenden för dig till och med { $until }. Du kan avbryta det.
       *[other] { $name } får sköta ärenden för klienten till och med { $until }.
    }
}

## Händelseloggens åtgärder: ett kort namn och en mening.
action-mandate-list = Visning av dina fullmakter
    .sentence = { $who ->
        [self] Du tittade på dina fullmakter.
       *[other] { $actor } tittade på dina fullmakter.
    }
action-mandate-create = En fullmakt ges
    .sentence = { $who ->
        [self] Du gav en fullmakt.
       *[other] { $actor } gav en fullmakt.
    }
action-mandate-revoke = En fullmakt återkallas
    .sentence = { $who ->
        [self] Du återkallade en fullmakt.
       *[other] { $actor } återkallade en fullmakt.
    }
action-mandate-register = En fullmakt registreras
    .sentence = { $who ->
        [self] Du registrerade en fullmakt.
       *[other] { $actor } registrerade en fullmakt åt dig.
    }
action-mandate-approve = En fullmakt godkänns
    .sentence = { $who ->
        [self] Du godkände en fullmakt.
       *[other] { $actor } godkände din fullmakt.
    }
action-mandate-reject = En fullmakt avslås
    .sentence = { $who ->
        [self] Du avslog en fullmakt.
       *[other] { $actor } avslog din fullmakt.
    }
action-mandate-decline = Nej till en fullmakt
    .sentence = { $who ->
        [self] Du sa nej till en fullmakt.
       *[other] { $name } sa nej till din fullmakt.
    }
action-mandate-renounce = Att avstå från en fullmakt
    .sentence = { $who ->
        [self] Du avstod från en fullmakt.
       *[other] { $name } avstod från din fullmakt.
    }

action-mandate-end = Att en intressebevakning upphör
    .sentence = { $who ->
        [self] Du antecknade att en intressebevakning upphörde.
       *[other] { $actor } antecknade att din intressebevakning upphörde.
    }

## Fel
error-mandate-too_many = Du har gett många fullmakter på kort tid.
    .detail = { $minutes ->
        [one] Vänta { $minutes } minut och försök igen.
       *[other] Vänta { $minutes } minuter och försök igen.
    }
error-mandate-invalid_personal_id = Personbeteckningen är inte giltig.
    .detail = Kontrollera hjälparens personbeteckning.
error-mandate-invalid_name = Hjälparens namn saknas.
    .detail = Skriv hjälparens namn. Använd högst 200 tecken.
error-mandate-self = Du kan inte ge en fullmakt till dig själv.
    .detail = Välj en annan person som hjälpare.
error-mandate-no_scopes = Välj vad hjälparen får göra.
    .detail = Välj minst en sak.
error-mandate-invalid_period = Datumen är inte giltiga.
    .detail = Starten kan inte vara i det förflutna. Slutet ska komma efter starten.
error-mandate-too_long = Fullmakten är för lång.
    .detail = Den kan gälla i högst två år.
error-mandate-reason_required = Skriv en motivering.
    .detail = Berätta för klienten varför. Använd högst 1000 tecken.
error-mandate-duplicate = Hjälparen har redan en fullmakt från den här klienten.
    .detail = Återkalla den gamla först. Ge sedan en ny.
error-mandate-wrong_state = Fullmakten kan inte ändras så här nu.
    .detail = Öppna den igen och se vilket läge den har.
error-mandate-guardian_not_revocable = Du kan inte avbryta en intressebevakare här.
    .detail = En domstol eller Myndigheten för digitalisering och befolkningsdata utser intressebevakaren. Din handläggare antecknar när ett beslut avslutar det.
error-mandate-not_guardian = Det här är inte en intressebevakare.
    .detail = Bara en intressebevakning avslutas genom ett beslut. Klienten avbryter andra fullmakter själv.
error-mandate-decision_reference_required = Beslutets beteckning saknas.
    .detail = Skriv beteckningen för beslutet som avslutade intressebevakningen. Använd högst 200 tecken.
