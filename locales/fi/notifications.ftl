## Ilmoitukset: otsikko (.title) ja lause tai kaksi.
notification-visit-booked = Tutustumiskäyntisi paikkaan { $provider } on { $when }. Osoite on { $address }.
    .title = Tutustumiskäynti on varattu
notification-visit-moved = Tutustumiskäyntisi paikkaan { $provider } on nyt { $when }. Osoite on { $address }.
    .title = Tutustumiskäynti on siirretty
notification-visit-cancelled-by-provider = { $provider } perui tutustumiskäyntisi { $when }. Syy: { $reason }. Varaa uusi aika.
    .title = Tutustumiskäynti on peruttu
notification-visit-reminder = Tutustumiskäyntisi paikkaan { $provider } on huomenna { $when }. Osoite on { $address }.
    .title = Tutustumiskäynti on huomenna
notification-visit-accepted = Paikassa { $provider } on sinulle paikka. Palvelusi alkaa { $date }.
    .title = Sait paikan
notification-visit-refused = Paikassa { $provider } ei ole sinulle paikkaa. { $reason_text } Omatyöntekijäsi auttaa sinua.
    .title = Tällä kertaa ei paikkaa
notification-queue-offered = { $provider } tarjoaa sinulle jonopaikkaa. Aloitus olisi { $date }. Vastaa sovelluksessa.
    .title = Sinulle on jonopaikka
