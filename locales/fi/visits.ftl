## Tutustumiskäynnit: missä varaus on.
visit-status-booked = Varattu
visit-status-cancelled = Peruttu
visit-status-held = Käynti tehty
visit-status-not-held = Käynti jäi pois
visit-status-accepted = Sait paikan
visit-status-refused = Ei paikkaa
visit-status-queued = Tarjolla jonopaikka
visit-status-queue-accepted = Jonossa
visit-status-queue-declined = Jonopaikasta kieltäydytty

## Yksi lause varauksesta. $who on self, kun asiakas lukee, muuten other.
visit-summary-booked = { $who ->
        [self] Tutustumiskäyntisi paikkaan { $provider } on { $when }.
       *[other] Asiakkaalla { $client } on tutustumiskäynti paikkaan { $provider } { $when }.
    }
visit-summary-cancelled = { $who ->
        [self] Tutustumiskäyntisi paikkaan { $provider } { $when } on peruttu.
       *[other] Asiakkaan { $client } tutustumiskäynti paikkaan { $provider } on peruttu.
    }
visit-summary-held = { $who ->
        [self] Kävit paikassa { $provider }. Odota heidän vastaustaan.
       *[other] { $client } kävi paikassa { $provider }. Vastausta odotetaan.
    }
visit-summary-not-held = { $who ->
        [self] Tutustumiskäyntisi paikkaan { $provider } jäi pois.
       *[other] Asiakkaan { $client } tutustumiskäynti paikkaan { $provider } jäi pois.
    }
visit-summary-accepted = { $who ->
        [self] Paikassa { $provider } on sinulle paikka.
       *[other] Paikassa { $provider } on paikka asiakkaalle { $client }.
    }
visit-summary-refused = { $who ->
        [self] Paikassa { $provider } ei ole sinulle paikkaa.
       *[other] Paikassa { $provider } ei ole paikkaa asiakkaalle { $client }.
    }
visit-summary-queued = { $who ->
        [self] { $provider } tarjoaa sinulle jonopaikkaa. Aloitus olisi { $date }.
       *[other] { $provider } tarjoaa asiakkaalle { $client } jonopaikkaa. Aloitus olisi { $date }.
    }
visit-summary-queue-accepted = { $who ->
        [self] Olet jonossa paikkaan { $provider }.
       *[other] { $client } on jonossa paikkaan { $provider }.
    }
visit-summary-queue-declined = { $who ->
        [self] Et ottanut jonopaikkaa paikasta { $provider }.
       *[other] { $client } ei ottanut jonopaikkaa paikasta { $provider }.
    }

## Varauksen historian vaihe.
visit-event-booked = { $actor } varasi käynnin.
visit-event-moved = { $actor } siirsi käynnin toiseen aikaan.
visit-event-cancelled = { $actor } perui käynnin.
visit-event-held = { $actor } kirjasi, että käynti tehtiin.
visit-event-not-held = { $actor } kirjasi, että käynti jäi pois.
visit-event-accepted = { $actor } tarjosi paikkaa.
visit-event-refused = { $actor } kertoi, ettei paikkaa ole.
visit-event-queued = { $actor } tarjosi jonopaikkaa.
visit-event-queue-accepted = { $actor } otti jonopaikan.
visit-event-queue-declined = { $actor } ei ottanut jonopaikkaa.
visit-actor-proxy = Asiakkaan auttaja
visit-actor-caseworker = Omatyöntekijä

## Miksi paikkaa ei ole, selkokielellä.
refusal-needs-not-met = Palvelu ei sovi sinun tarpeisiisi.
refusal-no-place = Palveluntuottajalla ei ole vapaata paikkaa.
refusal-safety = Palveluntuottajan pitää huolehtia kaikkien turvallisuudesta.
refusal-other = Palveluntuottaja kertoi syyn omatyöntekijällesi.

## Miksi käynti jäi pois.
not-held-client-absent = Et tullut käynnille.
not-held-provider-cancelled = Palveluntuottaja ei voinut ottaa sinua vastaan.

agreement-summary = { $who ->
        [self] Palvelusi paikassa { $provider } alkaa { $date }.
       *[other] Asiakkaan { $client } palvelu paikassa { $provider } alkaa { $date }.
    }
visit-calendar-title = Tutustumiskäynti: { $provider }

## Omatyöntekijän lista myöhässä olevista.
late-intro-visit = { $days ->
        [one] Asiakkaalla { $client } ei ole varattua tutustumiskäyntiä. Se on päivän myöhässä.
       *[other] Asiakkaalla { $client } ei ole varattua tutustumiskäyntiä. Se on { $days } päivää myöhässä.
    }
late-start = { $days ->
        [one] Asiakkaan { $client } palvelu ei ole alkanut. Se on päivän myöhässä.
       *[other] Asiakkaan { $client } palvelu ei ole alkanut. Se on { $days } päivää myöhässä.
    }
