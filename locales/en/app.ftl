# Texts people read in the app, other than errors.

## Roles
role-client = Client
role-proxy = Helper with a power of attorney
role-provider_staff = Service provider staff
role-caseworker = Caseworker

## Who did something, as shown in the access log.
actor-with-role = { $acting_as ->
    [caseworker] { $name } (caseworker)
    [proxy] { $name } on behalf of { $client }
    [provider_staff_of] { $name } from { $organisation }
    [provider_staff] { $name } (service provider)
    [unknown] { $name } (role not known)
   *[self] { $name }
}

## Access log actions: a short name, and a sentence for the one who did it.
action-client-view = Viewing your basic details
    .sentence = { $who ->
        [self] You viewed your basic details.
       *[other] { $actor } viewed your basic details.
    }
action-access_log-view = Viewing your access log
    .sentence = { $who ->
        [self] You viewed your access log.
       *[other] { $actor } viewed your access log.
    }

action-home-view = Viewing your home screen
    .sentence = { $who ->
        [self] You opened your home screen.
       *[other] { $actor } opened your home screen.
    }
action-voucher-view = Viewing your vouchers
    .sentence = { $who ->
        [self] You viewed your vouchers.
       *[other] { $actor } viewed your vouchers.
    }
action-voucher-issue = Issuing a voucher
    .sentence = { $who ->
        [self] You issued a voucher.
       *[other] { $actor } issued you a voucher.
    }
action-voucher-change = Changing a voucher
    .sentence = { $who ->
        [self] You changed a voucher.
       *[other] { $actor } changed your voucher.
    }
action-provider-search = Searching for service providers
    .sentence = { $who ->
        [self] You searched for service providers.
       *[other] { $actor } searched service providers for you.
    }

## Demo users
persona-client-heinola = Client in Heinola. Has a voucher for rehabilitative work.
persona-client-kuopio = Client in Kuopio. Has a voucher for social rehabilitation.
persona-relative = Relative who helps a client.
persona-staff-heinola = Staff of a service provider in Heinola.
persona-staff-kuopio = Staff of a service provider in Kuopio.
persona-client-heinola-2 = Client in Heinola. He visited a workshop yesterday and waits for its answer.
persona-client-heinola-3 = Client in Heinola. He has worked at a workshop for nine months and wants to stop.
persona-client-kuopio-2 = Client in Kuopio. She meets her coach at Polku every week.
persona-staff-vayla = Staff of Valmennuskeskus Väylä in Kuopio.
persona-staff-polku = Staff of Valmennus Polku in Kuopio.
persona-caseworker-heinola = Caseworker in Heinola.
persona-caseworker-kuopio = Caseworker in Kuopio.

action-visit-view = Viewing your intro visits
    .sentence = { $who ->
        [self] You viewed your intro visits.
       *[other] { $actor } viewed your intro visits.
    }
action-agreement-view = Viewing your agreements
    .sentence = { $who ->
        [self] You viewed your agreements.
       *[other] { $actor } viewed your agreements.
    }
action-deadline-view = Viewing your deadlines
    .sentence = { $who ->
        [self] You viewed your deadlines.
       *[other] { $actor } viewed your deadlines.
    }
action-visit-book = Booking an intro visit
    .sentence = { $who ->
        [self] You booked an intro visit.
       *[other] { $actor } booked an intro visit for you.
    }
action-visit-move = Moving an intro visit
    .sentence = { $who ->
        [self] You moved an intro visit.
       *[other] { $actor } moved your intro visit.
    }
action-visit-cancel = Cancelling an intro visit
    .sentence = { $who ->
        [self] You cancelled an intro visit.
       *[other] { $actor } cancelled your intro visit.
    }
action-visit-queue_answer = Answering a queue place
    .sentence = { $who ->
        [self] You answered a queue place.
       *[other] { $actor } answered your queue place.
    }
action-visit-answer = The provider's answer to a visit
    .sentence = { $who ->
        [self] You answered an intro visit.
       *[other] { $actor } recorded how your intro visit went.
    }
