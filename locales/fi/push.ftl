# Ilmoitukset puhelimeen (Web Push), kun sovellus on kiinni.
# Selkokieli: lyhyet lauseet, tärkein ensin. Otsikko näkyy lukitusnäytöllä: ei nimiä, ei yksityiskohtia.

## Ilmoitusten otsikot.
push-title-messages = Sinulle on uusi viesti.
push-title-reminders = Sinulle on muistutus.
push-title-visits = Tutustumiskäyntisi tiedot muuttuivat.
push-title-agreements = Sopimuksesi tiedot muuttuivat.
push-title-days = Toimintapäiväsi tiedot muuttuivat.
push-title-clients = Asiakkaasi asia odottaa sinua.

## Virheet.
error-push-endpoint_refused = Tähän osoitteeseen ei voi lähettää ilmoituksia.
    .detail = Käytä osoitetta, jonka selain antoi. Sen pitää olla julkinen https-osoite.
error-push-bad_keys = Laitteen avaimet eivät kelpaa.
    .detail = Pyydä selaimelta uusi tilaus ja lähetä se sellaisenaan.
error-push-too_many = Sinulla on jo liian monta laitetta.
    .detail = { $max ->
        [one] Voit saada ilmoituksia yhteen laitteeseen. Poista ensin vanha laite.
       *[other] Voit saada ilmoituksia { $max } laitteeseen. Poista ensin vanha laite.
    }
