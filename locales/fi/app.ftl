# Sovelluksen tekstit virheitä lukuun ottamatta. Selkokieltä.

## Roolit
role-client = Asiakas
role-proxy = Valtuutettu auttaja
role-provider_staff = Palveluntuottajan työntekijä
role-caseworker = Omatyöntekijä

## Kuka teki jotakin, kuten se näkyy tapahtumalokissa.
actor-with-role = { $acting_as ->
    [caseworker] { $name } (omatyöntekijä)
    [proxy] { $name } asiakkaan { $client } puolesta
    [provider_staff_of] { $name } ({ $organisation })
    [provider_staff] { $name } (palveluntuottaja)
    [unknown] { $name } (rooli ei ole tiedossa)
   *[self] { $name }
}

## Tapahtumalokin toiminnot: lyhyt nimi ja lause.
action-client-view = Perustietojesi katselu
    .sentence = { $who ->
        [self] Katsoit perustietojasi.
       *[other] { $actor } katsoi perustietojasi.
    }
action-access_log-view = Tapahtumalokisi katselu
    .sentence = { $who ->
        [self] Katsoit tapahtumalokiasi.
       *[other] { $actor } katsoi tapahtumalokiasi.
    }

action-home-view = Etusivun katselu
    .sentence = { $who ->
        [self] Avasit etusivusi.
       *[other] { $actor } avasi etusivusi.
    }
action-voucher-view = Palvelusetelien katselu
    .sentence = { $who ->
        [self] Katsoit palveluseteleitäsi.
       *[other] { $actor } katsoi palveluseteleitäsi.
    }
action-voucher-issue = Palvelusetelin myöntäminen
    .sentence = { $who ->
        [self] Myönsit palvelusetelin.
       *[other] { $actor } myönsi sinulle palvelusetelin.
    }
action-voucher-change = Palvelusetelin muuttaminen
    .sentence = { $who ->
        [self] Muutit palveluseteliä.
       *[other] { $actor } muutti palveluseteliäsi.
    }
action-provider-search = Palveluntuottajien haku
    .sentence = { $who ->
        [self] Hait palveluntuottajia.
       *[other] { $actor } haki sinulle palveluntuottajia.
    }

## Esittelykäyttäjät
persona-client-heinola = Asiakas Heinolassa. Hänellä on palveluseteli kuntouttavaan työtoimintaan.
persona-client-kuopio = Asiakas Kuopiossa. Hänellä on palveluseteli sosiaaliseen kuntoutukseen.
persona-relative = Omainen, joka auttaa asiakasta.
persona-staff-heinola = Palveluntuottajan työntekijä Heinolassa.
persona-staff-kuopio = Palveluntuottajan työntekijä Kuopiossa.
persona-client-heinola-2 = Asiakas Heinolassa. Hän kävi eilen tutustumassa työpajaan ja odottaa vastausta.
persona-client-heinola-3 = Asiakas Heinolassa. Hän on ollut työpajassa yhdeksän kuukautta ja haluaa lopettaa.
persona-client-kuopio-2 = Asiakas Kuopiossa. Hän tapaa valmentajansa Polussa joka viikko.
persona-staff-vayla = Valmennuskeskus Väylän työntekijä Kuopiossa.
persona-staff-polku = Valmennus Polun työntekijä Kuopiossa.
persona-caseworker-heinola = Omatyöntekijä Heinolassa.
persona-caseworker-kuopio = Omatyöntekijä Kuopiossa.

action-visit-view = Tutustumiskäyntien katselu
    .sentence = { $who ->
        [self] Katsoit tutustumiskäyntejäsi.
       *[other] { $actor } katsoi tutustumiskäyntejäsi.
    }
action-agreement-view = Sopimusten katselu
    .sentence = { $who ->
        [self] Katsoit sopimuksiasi.
       *[other] { $actor } katsoi sopimuksiasi.
    }
action-deadline-view = Määräaikojen katselu
    .sentence = { $who ->
        [self] Katsoit määräaikojasi.
       *[other] { $actor } katsoi määräaikojasi.
    }
action-visit-book = Tutustumiskäynnin varaus
    .sentence = { $who ->
        [self] Varasit tutustumiskäynnin.
       *[other] { $actor } varasi sinulle tutustumiskäynnin.
    }
action-visit-move = Tutustumiskäynnin siirtäminen
    .sentence = { $who ->
        [self] Siirsit tutustumiskäynnin.
       *[other] { $actor } siirsi tutustumiskäyntisi.
    }
action-visit-cancel = Tutustumiskäynnin peruminen
    .sentence = { $who ->
        [self] Peruit tutustumiskäynnin.
       *[other] { $actor } perui tutustumiskäyntisi.
    }
action-visit-queue_answer = Vastaus jonopaikkaan
    .sentence = { $who ->
        [self] Vastasit jonopaikkaan.
       *[other] { $actor } vastasi jonopaikkaasi.
    }
action-visit-answer = Palveluntuottajan vastaus käyntiin
    .sentence = { $who ->
        [self] Vastasit tutustumiskäyntiin.
       *[other] { $actor } kirjasi tutustumiskäyntisi tuloksen.
    }
