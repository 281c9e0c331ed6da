# Aviseringar till telefonen (Web Push) när appen är stängd.
# Lättläst: korta meningar, det viktigaste först. Rubriken syns på låsskärmen: inga namn, inga detaljer.

## Aviseringarnas rubriker.
push-title-messages = Du har ett nytt meddelande.
push-title-reminders = Du har en påminnelse.
push-title-visits = Ditt introduktionsbesök har ändrats.
push-title-agreements = Ditt avtal har ändrats.
push-title-days = Din verksamhetsdag har ändrats.
push-title-clients = En klients ärende väntar på dig.

## Fel.
error-push-endpoint_refused = Vi kan inte skicka aviseringar till den här adressen.
    .detail = Använd adressen som webbläsaren gav. Den ska vara en offentlig https-adress.
error-push-bad_keys = Enhetens nycklar är inte giltiga.
    .detail = Be webbläsaren om en ny prenumeration och skicka den som den är.
error-push-too_many = Du har redan för många enheter.
    .detail = { $max ->
        [one] Du kan få aviseringar på en enhet. Ta först bort en gammal enhet.
       *[other] Du kan få aviseringar på { $max } enheter. Ta först bort en gammal enhet.
    }
