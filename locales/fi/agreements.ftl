# Sopimuksen elinkaari: tilat, palveluntuottajan velvoitteet, päättyminen, historia ja
# omatyöntekijän saapuneet. Selkokieltä: lyhyet lauseet, tärkein ensin.

## Lokin toiminnot.
action-agreement-confirm = Sopimuksen vahvistaminen
    .sentence = { $who ->
        [self] Vahvistit sopimuksen.
       *[other] { $actor } vahvisti sopimuksesi.
    }
action-agreement-propose_ending = Sopimuksen päättämisen esittäminen
    .sentence = { $who ->
        [self] Esitit sopimuksen päättämistä.
       *[other] { $actor } esitti sopimuksesi päättämistä.
    }
action-agreement-provider_proposes_ending = Palveluntuottajan esitys sopimuksen päättämisestä
    .sentence = { $who ->
        [self] Esitit sopimuksen päättämistä.
       *[other] { $actor } esitti sopimuksesi päättämistä.
    }
action-agreement-decide_ending = Päätös sopimuksen päättämisestä
    .sentence = { $who ->
        [self] Päätit sopimuksen päättämisestä.
       *[other] { $actor } päätti sopimuksesi päättämisestä.
    }
action-agreement-end = Sopimuksen päättäminen
    .sentence = { $who ->
        [self] Päätit sopimuksen.
       *[other] { $actor } päätti sopimuksesi.
    }
action-agreement-interruption = Keskeytyksen kirjaaminen
    .sentence = { $who ->
        [self] Kirjasit keskeytyksen.
       *[other] { $actor } kirjasi palvelusi keskeytyksen.
    }
action-agreement-document = Asiakirjan kirjaaminen
    .sentence = { $who ->
        [self] Kirjasit asiakirjan.
       *[other] { $actor } kirjasi asiakirjan palvelustasi.
    }
action-agreement-group_change = Ryhmän siirtäminen tai peruminen
    .sentence = { $who ->
        [self] Muutit ryhmän alkua.
       *[other] { $actor } siirsi tai perui ryhmäsi.
    }
action-inbox-view = Omatyöntekijän saapuneiden katselu
    .sentence = { $who ->
        [self] Katsoit saapuneitasi.
       *[other] { $actor } näki sinut saapuneissaan.
    }

## Miten sopimus päättyi.
agreement-ended = { $reason ->
        [last_day] Se päättyi { $date }, viimeisenä päivänään.
        [voucher_cancelled] Se päättyi { $date }. Palveluseteli peruttiin.
        [terminated] Se päättyi { $date }. Omatyöntekijä suostui päättämiseen.
        [city_ended] Kaupunki päätti palvelun { $date }.
        [group_cancelled] Se päättyi { $date }. Palveluntuottaja perui ryhmän.
       *[replaced] Uusi sopimus korvasi sen { $date } jälkeen.
    }
agreement-end-reason = { $reason ->
        [voucher_cancelled] palveluseteli peruttiin
        [terminated] päätettiin suostumuksella
        [city_ended] kaupunki päätti palvelun
        [group_cancelled] palveluntuottaja perui ryhmän
        [replaced] uusi sopimus korvasi sen
       *[last_day] viimeinen päivä
    }
agreement-next-confirm = Lue ehdot. Vahvista ne sitten sovelluksessa.
agreement-next-ending = Omatyöntekijä päättää sopimuksen päättämisestä.

## Miksi osapuoli esittää sopimuksen päättämistä.
ending-reason-health = Terveys
ending-reason-travel = Yli 3 tuntia matkoja päivässä
ending-reason-safety = Turvallisuudesta ei huolehdita
ending-reason-provider-breach = Palveluntuottaja rikkoo lakia tai sopimusta
ending-reason-service-differs = Palvelu poikkeaa suunnitelmasta
ending-reason-substance-use = Jatkuva päihteiden käyttö
ending-reason-client-breach = Asiakas rikkoo sopimusta
ending-reason-other = Muu syy

## Palveluntuottajan asiakirjat.
document-interim-assessment = Väliarvio
document-final-assessment = Loppuarvio
document-summary = Yhteenveto
document-final-report = Loppuraportti
document-other = Asiakirja

## Velvoite lukijalle.
duty-line = { $state ->
        [upcoming] { $document }: viimeistään { $date }.
        [due_soon] { $document }: pian, viimeistään { $date }.
        [overdue] { $document }: määräpäivä oli { $date }. Se on myöhässä.
        [done_on_time] { $document }: tehty ajallaan, { $done }.
       *[done_late] { $document }: tehty myöhässä, { $done }.
    }

## Sopimuksen historia. $by on self, client, helper, provider tai caseworker.
agreement-event = { $by ->
        [self] Sinä
        [client] Asiakas
        [helper] Asiakkaan avustaja
        [provider] Palveluntuottaja
       *[caseworker] Omatyöntekijä
    } { $kind ->
        [made] { $by ->
            [self] ehdotit
           *[other] ehdotti
        } sopimusta, alkaen { $date }.
        [confirmed] { $by ->
            [self] vahvistit
           *[other] vahvisti
        } ehdot.
        [ending_proposed] { $by ->
            [self] esitit
           *[other] esitti
        } päättymistä { $date }. Syy: { $reason_text }.
        [ending_consented] { $by ->
            [self] suostuit
           *[other] suostui
        } päättymiseen { $date }.
        [ending_declined] { $by ->
            [self] et suostunut
           *[other] ei suostunut
        } päättymiseen. Sopimus jatkuu.
        [ended] { $by ->
            [self] päätit
           *[other] päätti
        } sen { $date }: { $reason_text }.
        [group_delayed] { $by ->
            [self] siirsit
           *[other] siirsi
        } ryhmän alkamaan { $date }.
        [interrupted] { $by ->
            [self] kirjasit
           *[other] kirjasi
        } keskeytyksen { $date }.
       *[document] { $by ->
            [self] kirjasit
           *[other] kirjasi
        } asiakirjan: { $reason_text }, { $date }.
    }

## Ilmoitukset sopimuksista. $reader on "client" tai "other" (henkilöstö, omatyöntekijä).
notification-agreement-confirmed = { $client } vahvisti sopimuksen, jonka palveluntuottaja on { $provider }. Se on voimassa.
    .title = Sopimus vahvistettu
notification-agreement-ending-proposed = { $reader ->
        [client] { $provider } esittää sopimuksesi päättämistä { $date }. Syy: { $reason_text }.
       *[other] { $side ->
            [client] { $client } esittää sopimuksen päättämistä { $date }. Palveluntuottaja: { $provider }.
           *[provider] { $provider } esittää asiakkaan { $client } sopimuksen päättämistä { $date }.
        } Syy: { $reason_text }.
    }
    .title = Esitys sopimuksen päättämisestä
notification-agreement-ending-consented = { $reader ->
        [client] Sopimuksesi, palveluntuottaja { $provider }, päättyy { $date }. Omatyöntekijä suostui.
       *[other] Asiakkaan { $client } sopimus päättyy { $date }. Omatyöntekijä suostui.
    }
    .title = Sopimus päättyy
notification-agreement-ending-declined = { $reader ->
        [client] Sopimuksesi, palveluntuottaja { $provider }, jatkuu. Omatyöntekijä sanoi: { $reason }
       *[other] Asiakkaan { $client } sopimus jatkuu. Omatyöntekijä sanoi: { $reason }
    }
    .title = Sopimus jatkuu
notification-agreement-ended = { $reader ->
        [client] Sopimuksesi, palveluntuottaja { $provider }, päättyy { $date }.
       *[other] Asiakkaan { $client } sopimus päättyy { $date }.
    } { $reason_code ->
        [voucher_cancelled] Palveluseteli peruttiin.
       *[city_ended] Kaupunki päätti palvelun.
    }
    .title = Sopimus päättyy
notification-agreement-interrupted = { $reader ->
        [client] { $provider } kirjasi, että palvelusi keskeytyi { $date }.
       *[other] { $provider } ilmoittaa, että asiakkaan { $client } palvelu keskeytyi { $date }.
    }
    .title = Palvelu keskeytyi
notification-agreement-document = { $reader ->
        [client] { $provider } kirjoitti palvelustasi: { $document }.
       *[other] { $provider } kirjoitti asiakkaan { $client } palvelusta: { $document }.
    }
    .title = Uusi asiakirja

notification-agreement-duty-overdue = { $side ->
        [provider] Asiakkaan { $client } asiakirja oli määrä tehdä { $date }: { $document }. Kirjaa se sovelluksessa.
       *[caseworker] { $client }: { $document }, palveluntuottaja { $provider }, oli määrä tehdä { $date }. Sitä ei ole tullut.
    }
    .title = Asiakirja on myöhässä

notification-agreement-group-changed = { $reason_code ->
        [delayed] { $reader ->
            [client] Ryhmäsi, palveluntuottaja { $provider }, alkaa myöhemmin: { $date }.
           *[other] Asiakkaan { $client } ryhmä, palveluntuottaja { $provider }, alkaa myöhemmin: { $date }.
        }
       *[cancelled] { $reader ->
            [client] { $provider } perui ryhmäsi. Omatyöntekijäsi auttaa sinua.
           *[other] { $provider } perui asiakkaan { $client } ryhmän.
        }
    } Syy: { $reason }
    .title = Muutos ryhmässä

## Omatyöntekijän saapuneet: mistä on kyse ja mitä tehdä seuraavaksi.
inbox-duty-due = { $client }: { $document }, palveluntuottaja { $provider }, viimeistään { $date }.
    .next = Ei vielä mitään. Muistuta palveluntuottajaa, jos sitä ei tule.
inbox-duty-overdue = { $client }: { $document }, palveluntuottaja { $provider }, oli määrä tehdä { $date }.
    .next = Pyydä sitä palveluntuottajalta.
inbox-ending-proposed = { $client }: { $side ->
        [client] asiakas esittää
       *[provider] { $provider } esittää
    } sopimuksen päättämistä { $date }. Syy: { $reason_text }.
    .next = Suostu tai kieltäydy sopimuksen kohdalla.
inbox-interruption = { $client }: { $provider } ilmoittaa palvelun keskeytyneen { $date }.
    .next = Ota yhteyttä asiakkaaseen ja palveluntuottajaan.
inbox-refusal = { $client }: { $provider } kieltäytyi. Syy: { $reason_text }
    .next = Auta asiakasta valitsemaan toinen palveluntuottaja.
inbox-queue-offer = { $client }: { $provider } tarjoaa jonopaikkaa alkaen { $date }.
    .next = Varmista, että asiakas vastaa siihen.
