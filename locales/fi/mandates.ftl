# Valtakirjat: auttaja asioi asiakkaan puolesta. Selkokieltä.

## Mitä auttaja saa tehdä
mandate-scope-view = Nähdä setelit, palvelut, käynnit ja läsnäolot
mandate-scope-book_visits = Varata käyntejä
mandate-scope-message = Lähettää viestejä
mandate-scope-report_absence = Ilmoittaa poissaoloista

## Tilat
mandate-status-pending_approval = Odottaa omatyöntekijää
mandate-status-active = Voimassa
mandate-status-rejected = Omatyöntekijä hylkäsi
mandate-status-declined = Auttaja kieltäytyi
mandate-status-revoked = Asiakas perui
mandate-status-renounced = Auttaja luopui
mandate-status-ended = Päättyi päätöksellä
mandate-status-expired = Päättynyt

## Mihin valtakirja perustuu
mandate-basis-client = Annettu sovelluksessa
mandate-basis-paper = Paperinen valtakirja
mandate-basis-guardian = Edunvalvoja

## Historia
mandate-event-requested = { $actor } antoi valtakirjan.
mandate-event-registered = { $actor } kirjasi valtakirjan.
mandate-event-approved = { $actor } hyväksyi valtakirjan.
mandate-event-rejected = { $actor } hylkäsi valtakirjan.
mandate-event-declined = { $actor } kieltäytyi valtakirjasta.
mandate-event-revoked = { $actor } perui valtakirjan.
mandate-event-renounced = { $actor } luopui valtakirjasta.
mandate-event-ended = { $actor } kirjasi, että edunvalvonta päättyi. Päätös: { $reference }.

## Kuka saa asioida asiakkaan puolesta tänään
mandate-acting-for = { $basis ->
    [guardian] { $who ->
        [self] { $name } on edunvalvojasi. Vain päätös voi lopettaa sen.
       *[other] { $name } on asiakkaan edunvalvoja. Vain päätös voi lopettaa sen.
    }
   *[other] { $who ->
        [self] { $name } saa asioida puolestasi. Viimeinen päivä on { $until }. Voit perua tämän.
       *[other] { $name } saa asioida asiakkaan puolesta. Viimeinen päivä on { $until }.
    }
}

## Tapahtumalokin toiminnot: lyhyt nimi ja lause.
action-mandate-list = Valtakirjojesi katselu
    .sentence = { $who ->
        [self] Katsoit valtakirjojasi.
       *[other] { $actor } katsoi valtakirjojasi.
    }
action-mandate-create = Valtakirjan antaminen
    .sentence = { $who ->
        [self] Annoit valtakirjan.
       *[other] { $actor } antoi valtakirjan.
    }
action-mandate-revoke = Valtakirjan peruminen
    .sentence = { $who ->
        [self] Peruit valtakirjan.
       *[other] { $actor } perui valtakirjan.
    }
action-mandate-register = Valtakirjan kirjaaminen
    .sentence = { $who ->
        [self] Kirjasit valtakirjan.
       *[other] { $actor } kirjasi sinulle valtakirjan.
    }
action-mandate-approve = Valtakirjan hyväksyminen
    .sentence = { $who ->
        [self] Hyväksyit valtakirjan.
       *[other] { $actor } hyväksyi valtakirjasi.
    }
action-mandate-reject = Valtakirjan hylkääminen
    .sentence = { $who ->
        [self] Hylkäsit valtakirjan.
       *[other] { $actor } hylkäsi valtakirjasi.
    }
action-mandate-decline = Valtakirjasta kieltäytyminen
    .sentence = { $who ->
        [self] Kieltäydyit valtakirjasta.
       *[other] { $name } kieltäytyi valtakirjastasi.
    }
action-mandate-renounce = Valtakirjasta luopuminen
    .sentence = { $who ->
        [self] Luovuit valtakirjasta.
       *[other] { $name } luopui valtakirjastasi.
    }

action-mandate-end = Edunvalvonnan päättyminen
    .sentence = { $who ->
        [self] Kirjasit, että edunvalvonta päättyi.
       *[other] { $actor } kirjasi, että edunvalvontasi päättyi.
    }

## Virheet
error-mandate-too_many = Olet antanut monta valtakirjaa lyhyessä ajassa.
    .detail = { $minutes ->
        [one] Odota { $minutes } minuutti ja yritä uudelleen.
       *[other] Odota { $minutes } minuuttia ja yritä uudelleen.
    }
error-mandate-invalid_personal_id = Henkilötunnus ei ole oikein.
    .detail = Tarkista auttajan henkilötunnus.
error-mandate-invalid_name = Auttajan nimi puuttuu.
    .detail = Kirjoita auttajan nimi. Käytä enintään 200 merkkiä.
error-mandate-self = Et voi antaa valtakirjaa itsellesi.
    .detail = Valitse auttajaksi toinen ihminen.
error-mandate-no_scopes = Valitse, mitä auttaja saa tehdä.
    .detail = Valitse vähintään yksi asia.
error-mandate-invalid_period = Päivämäärät eivät ole oikein.
    .detail = Alku ei voi olla menneisyydessä. Lopun pitää olla alun jälkeen.
error-mandate-too_long = Valtakirja on liian pitkä.
    .detail = Se voi olla voimassa enintään kaksi vuotta.
error-mandate-reason_required = Kirjoita perustelu.
    .detail = Kerro asiakkaalle syy. Käytä enintään 1000 merkkiä.
error-mandate-duplicate = Tällä auttajalla on jo valtakirja tältä asiakkaalta.
    .detail = Peru ensin vanha valtakirja. Anna sitten uusi.
error-mandate-wrong_state = Valtakirjaa ei voi nyt muuttaa näin.
    .detail = Avaa valtakirja uudelleen ja katso sen tila.
error-mandate-guardian_not_revocable = Et voi perua edunvalvojaa täällä.
    .detail = Edunvalvojan määrää tuomioistuin tai Digi- ja väestötietovirasto. Omatyöntekijäsi kirjaa, kun päätös lopettaa edunvalvonnan.
error-mandate-not_guardian = Tämä ei ole edunvalvoja.
    .detail = Vain edunvalvonta päättyy päätöksellä. Asiakas voi itse perua muut valtakirjat.
error-mandate-decision_reference_required = Päätöksen tunniste puuttuu.
    .detail = Kirjoita sen päätöksen tunniste, joka lopetti edunvalvonnan. Käytä enintään 200 merkkiä.
