# Chatt: samtal, meddelanden och vem som läste dem.
# Lättläst: korta meningar, det viktigaste först.

## Loggens åtgärder.
action-message-view = Läsa meddelanden
    .sentence = { $who ->
        [self] Du läste dina meddelanden.
       *[other] { $actor } läste dina meddelanden.
    }
action-thread-open = Börja ett samtal
    .sentence = { $who ->
        [self] Du började ett samtal.
       *[other] { $actor } började ett samtal med dig.
    }
action-message-send = Skicka ett meddelande
    .sentence = { $who ->
        [self] Du skickade ett meddelande.
       *[other] { $actor } skickade ett meddelande i ditt samtal.
    }
action-message-read = Markera meddelanden som lästa
    .sentence = { $who ->
        [self] Du markerade meddelanden som lästa.
       *[other] { $actor } läste meddelanden i ditt samtal.
    }

## Samtal och meddelanden.
chat-on-behalf = { $helper } för { $client }
chat-with-city = Socialtjänsten i { $municipality }
chat-closed = Tjänsten har slutat. Du kan läsa meddelandena, men inte skicka nya.

## Fel.
error-chat-no_relation = Du kan inte börja ett samtal med den här anordnaren.
    .detail = Du behöver först en bokning eller ett avtal med den.
error-chat-thread_closed = Det här samtalet är stängt.
    .detail = Tjänsten har slutat. Du kan fortfarande läsa meddelandena.
error-chat-too_many = Du skickade många meddelanden på kort tid.
    .detail = { $seconds ->
        [one] Försök igen om en sekund.
       *[other] Försök igen om { $seconds } sekunder.
    }
error-request-not_a_socket = Den här adressen är för en WebSocket-anslutning.
    .detail = Anslut med WebSocket-protokollet.
