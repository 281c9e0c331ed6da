# Chat: threads, messages and who read them.
# Plain English: short sentences, the important thing first.

## Access log actions.
action-message-view = Reading messages
    .sentence = { $who ->
        [self] You read your messages.
       *[other] { $actor } read your messages.
    }
action-thread-open = Opening a conversation
    .sentence = { $who ->
        [self] You opened a conversation.
       *[other] { $actor } opened a conversation with you.
    }
action-message-send = Sending a message
    .sentence = { $who ->
        [self] You sent a message.
       *[other] { $actor } sent a message in your conversation.
    }
action-message-read = Marking messages read
    .sentence = { $who ->
        [self] You marked messages read.
       *[other] { $actor } read messages in your conversation.
    }

## Threads and messages.
chat-on-behalf = { $helper } on behalf of { $client }
chat-with-city = Social services of { $municipality }
chat-closed = The service has ended. You can read the messages, but not send new ones.

## Errors.
error-chat-no_relation = You cannot start a conversation with this provider.
    .detail = You need a booking or an agreement with them first.
error-chat-thread_closed = This conversation is closed.
    .detail = The service has ended. You can still read the messages.
error-chat-too_many = You sent many messages in a short time.
    .detail = { $seconds ->
        [one] Try again in one second.
       *[other] Try again in { $seconds } seconds.
    }
error-request-not_a_socket = This address is for a WebSocket connection.
    .detail = Connect with the WebSocket protocol.
