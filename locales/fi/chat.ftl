# Viestit: keskustelut, viestit ja kuka ne luki.
# Selkokieltä: lyhyet lauseet, tärkein ensin.

## Lokin toiminnot.
action-message-view = Viestien lukeminen
    .sentence = { $who ->
        [self] Luit viestejäsi.
       *[other] { $actor } luki viestejäsi.
    }
action-thread-open = Keskustelun aloittaminen
    .sentence = { $who ->
        [self] Aloitit keskustelun.
       *[other] { $actor } aloitti keskustelun kanssasi.
    }
action-message-send = Viestin lähettäminen
    .sentence = { $who ->
        [self] Lähetit viestin.
       *[other] { $actor } lähetti viestin keskusteluusi.
    }
action-message-read = Viestien merkitseminen luetuksi
    .sentence = { $who ->
        [self] Merkitsit viestit luetuiksi.
       *[other] { $actor } luki viestejä keskustelussasi.
    }

## Keskustelut ja viestit.
chat-on-behalf = { $helper }, asiakkaan { $client } puolesta
chat-with-city = { $municipality }: sosiaalipalvelut
chat-closed = Palvelu on päättynyt. Voit lukea viestit, mutta et lähettää uusia.

## Virheet.
error-chat-no_relation = Et voi aloittaa keskustelua tämän palveluntuottajan kanssa.
    .detail = Tarvitset ensin varauksen tai sopimuksen sen kanssa.
error-chat-thread_closed = Tämä keskustelu on suljettu.
    .detail = Palvelu on päättynyt. Voit yhä lukea viestit.
error-chat-too_many = Lähetit monta viestiä lyhyessä ajassa.
    .detail = { $seconds ->
        [one] Yritä uudelleen sekunnin päästä.
       *[other] Yritä uudelleen { $seconds } sekunnin päästä.
    }
error-request-not_a_socket = Tämä osoite on WebSocket-yhteyttä varten.
    .detail = Yhdistä WebSocket-protokollalla.
