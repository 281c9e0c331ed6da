# Kuukauden laskutus: palveluntuottajan raportti, sen lähettäminen ja kaupungin näkymä.
# Selkokieli: lyhyet lauseet, tärkein ensin.

## Tapahtumalokin toiminnot.
action-billing-view = Laskutuksen katsominen
    .sentence = { $who ->
        [self] Katsoit laskutusta.
       *[other] { $actor } katsoi päiviäsi laskutusraportissa.
    }
action-billing-submit = Laskutuksen lähettäminen
    .sentence = { $who ->
        [self] Lähetit laskutuksen.
       *[other] { $actor } laskutti päiväsi kaupungilta.
    }
action-billing-city = Kaupungin laskutuksen katsominen
    .sentence = { $who ->
        [self] Katsoit kaupungin laskutusta.
       *[other] { $actor } katsoi kaupungin laskutusta.
    }
action-billing-month = Organisaation laskutuksen katsominen
    .sentence = { $who ->
        [self] Katsoit organisaation laskutusta.
       *[other] { $actor } katsoi organisaation laskutusta.
    }
action-billing-submit_month = Organisaation laskutuksen lähettäminen
    .sentence = { $who ->
        [self] Lähetit organisaation laskutuksen.
       *[other] { $actor } lähetti organisaation laskutuksen.
    }

## Virheet.
error-billing-month_not_over = Kuukausi ei ole vielä päättynyt.
    .detail = Voit lähettää kuukauden { $month } { $date } alkaen.
error-billing-nothing_to_submit = Tältä kuukaudelta ei ole laskutettavaa.
    .detail = Kenelläkään asiakkaalla ei ollut toimintapäiviä kuukautena { $month }.

## Rivit ja päivät.
billing-line-month = Toimintapäivät
billing-line-correction = Oikaisu päivälle { $date }
billing-kind-day = Toteutunut päivä
billing-kind-no-show = Väliin jäänyt tapaaminen
billing-kind-pending = Ei vielä vahvistettu
billing-kind-absence = Poissaolo
billing-kind-rejected = Hylätty kirjautuminen
billing-kind-cancelled = Palveluntuottaja perui tapaamisen
billing-kind-correction = Oikaisu
billing-reason-cancelled-by-provider = Palveluntuottaja perui tapaamisen.
billing-reason-confirmed = Päivä vahvistettiin myöhemmin.
billing-reason-corrected = Päivää korjattiin myöhemmin.
billing-reason-rejected = Päivä hylättiin myöhemmin.
billing-reason-no-show = Väliin jäänyt tapaaminen kirjattiin myöhemmin.
billing-reason-absent = Päivä kirjattiin myöhemmin poissaoloksi.
billing-reason-pending = Päivä odottaa vahvistusta.
billing-status = { $status ->
        [submitted] Lähetetty { $date }. Lähettäjä: { $name }.
        [submitted_late] Lähetetty myöhässä { $date }. Lähettäjä: { $name }. Määräpäivä oli { $due }.
        [overdue] Ei lähetetty. Määräpäivä oli { $due }.
       *[open] Ei vielä lähetetty. Määräpäivä on { $due }.
    }

## CSV-sarakkeiden otsikot.
billing-column-provider = Palveluntuottaja
billing-column-municipality = Kunta
billing-column-month = Kuukausi
billing-column-line = Rivi
billing-column-voucher-number = Setelin numero
billing-column-client = Asiakas
billing-column-service = Palvelu
billing-column-unit = Yksikkö
billing-column-confirmed-units = Toteutuneet yksiköt
billing-column-no-show-units = Väliin jääneiden tapaamisten yksiköt
billing-column-units = Laskutetut yksiköt
billing-column-unit-price = Yksikköhinta (EUR)
billing-column-amount = Summa (EUR)
billing-column-corrects-day = Oikaistu päivä
billing-column-interrupted-on = Keskeytetty
billing-column-ended-on = Päättyi
billing-column-status = Tila
billing-column-submitted-at = Lähetetty
