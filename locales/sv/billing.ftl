# Månadens fakturering: tjänsteproducentens rapport, att skicka den och stadens vy.
# Klarspråk: korta meningar, det viktigaste först.

## Åtgärder i loggen.
action-billing-view = Visning av fakturering
    .sentence = { $who ->
        [self] Du visade faktureringen.
       *[other] { $actor } visade dina dagar i en faktureringsrapport.
    }
action-billing-submit = Att skicka fakturering
    .sentence = { $who ->
        [self] Du skickade faktureringen.
       *[other] { $actor } fakturerade staden för dina dagar.
    }
action-billing-city = Visning av stadens fakturering
    .sentence = { $who ->
        [self] Du visade stadens fakturering.
       *[other] { $actor } visade stadens fakturering.
    }
action-billing-month = Visning av organisationens fakturering
    .sentence = { $who ->
        [self] Du visade organisationens fakturering.
       *[other] { $actor } visade organisationens fakturering.
    }
action-billing-submit_month = Att skicka organisationens fakturering
    .sentence = { $who ->
        [self] Du skickade organisationens fakturering.
       *[other] { $actor } skickade organisationens fakturering.
    }

## Fel.
error-billing-month_not_over = Månaden har inte slutat ännu.
    .detail = Du kan skicka { $month } från { $date }.
error-billing-nothing_to_submit = Det finns inget att fakturera för den här månaden.
    .detail = Ingen klient hade verksamhetsdagar under { $month }.

## Rader och dagar.
billing-line-month = Verksamhetsdagar
billing-line-correction = Rättelse av { $date }
billing-kind-day = Förverkligad dag
billing-kind-no-show = Missat möte
billing-kind-pending = Inte bekräftad ännu
billing-kind-absence = Frånvaro
billing-kind-rejected = Avvisad incheckning
billing-kind-cancelled = Producenten ställde in mötet
billing-kind-correction = Rättelse
billing-reason-cancelled-by-provider = Producenten ställde in mötet.
billing-reason-confirmed = Dagen bekräftades senare.
billing-reason-corrected = Dagen rättades senare.
billing-reason-rejected = Dagen avvisades senare.
billing-reason-no-show = Ett missat möte registrerades senare.
billing-reason-absent = Dagen registrerades senare som frånvaro.
billing-reason-pending = Dagen väntar på bekräftelse.
billing-status = { $status ->
        [submitted] Skickad { $date } av { $name }.
        [submitted_late] Skickad för sent { $date } av { $name }. Den skulle skickas senast { $due }.
        [overdue] Inte skickad. Den skulle skickas senast { $due }.
       *[open] Inte skickad ännu. Den ska skickas senast { $due }.
    }

## Rubriker i CSV.
billing-column-provider = Producent
billing-column-municipality = Kommun
billing-column-month = Månad
billing-column-line = Rad
billing-column-voucher-number = Sedelns nummer
billing-column-client = Klient
billing-column-service = Tjänst
billing-column-unit = Enhet
billing-column-confirmed-units = Förverkligade enheter
billing-column-no-show-units = Enheter för missade möten
billing-column-units = Fakturerade enheter
billing-column-unit-price = Enhetspris (EUR)
billing-column-amount = Belopp (EUR)
billing-column-corrects-day = Rättad dag
billing-column-interrupted-on = Avbruten
billing-column-ended-on = Slutade
billing-column-status = Status
billing-column-submitted-at = Skickad
