# Texter i appen, utom felmeddelanden. Lättläst svenska.

## Roller
role-client = Klient
role-proxy = Hjälpare med fullmakt
role-provider_staff = Anställd hos en serviceproducent
role-caseworker = Socialarbetare

## Vem som gjorde något, så som det syns i händelseloggen.
actor-with-role = { $acting_as ->
    [caseworker] { $name } (socialarbetare)
    [proxy] { $name } på uppdrag av { $client }
    [provider_staff_of] { $name } från { $organisation }
    [provider_staff] { $name } (serviceproducent)
    [unknown] { $name } (okänd roll)
   *[self] { $name }
}

## Händelseloggens åtgärder: ett kort namn och en mening.
action-client-view = Visning av dina grunduppgifter
    .sentence = { $who ->
        [self] Du tittade på dina grunduppgifter.
       *[other] { $actor } tittade på dina grunduppgifter.
    }
action-access_log-view = Visning av din händelselogg
    .sentence = { $who ->
        [self] Du tittade på din händelselogg.
       *[other] { $actor } tittade på din händelselogg.
    }

action-home-view = Visning av din startsida
    .sentence = { $who ->
        [self] Du öppnade din startsida.
       *[other] { $actor } öppnade din startsida.
    }
action-voucher-view = Visning av dina servicesedlar
    .sentence = { $who ->
        [self] Du tittade på dina servicesedlar.
       *[other] { $actor } tittade på dina servicesedlar.
    }
action-voucher-issue = Beviljande av en servicesedel
    .sentence = { $who ->
        [self] Du beviljade en servicesedel.
       *[other] { $actor } beviljade dig en servicesedel.
    }
action-voucher-change = Ändring av en servicesedel
    .sentence = { $who ->
        [self] Du ändrade en servicesedel.
       *[other] { $actor } ändrade din servicesedel.
    }
action-provider-search = Sökning efter serviceproducenter
    .sentence = { $who ->
        [self] Du sökte serviceproducenter.
       *[other] { $actor } sökte serviceproducenter åt dig.
    }

## Demoanvändare
persona-client-heinola = Klient i Heinola. Har en servicesedel för arbetsverksamhet i rehabiliteringssyfte.
persona-client-kuopio = Klient i Kuopio. Har en servicesedel för social rehabilitering.
persona-relative = Anhörig som hjälper en klient.
persona-staff-heinola = Anställd hos en serviceproducent i Heinola.
persona-staff-kuopio = Anställd hos en serviceproducent i Kuopio.
persona-client-heinola-2 = Klient i Heinola. Han besökte en verkstad i går och väntar på svar.
persona-client-heinola-3 = Klient i Heinola. Han har arbetat i en verkstad i nio månader och vill sluta.
persona-client-kuopio-2 = Klient i Kuopio. Hon träffar sin coach på Polku varje vecka.
persona-staff-vayla = Anställd hos Valmennuskeskus Väylä i Kuopio.
persona-staff-polku = Anställd hos Valmennus Polku i Kuopio.
persona-caseworker-heinola = Socialarbetare i Heinola.
persona-caseworker-kuopio = Socialarbetare i Kuopio.

action-visit-view = Visning av introduktionsbesök
    .sentence = { $who ->
        [self] Du tittade på dina introduktionsbesök.
       *[other] { $actor } tittade på dina introduktionsbesök.
    }
action-agreement-view = Visning av avtal
    .sentence = { $who ->
        [self] Du tittade på dina avtal.
       *[other] { $actor } tittade på dina avtal.
    }
action-deadline-view = Visning av tidsfrister
    .sentence = { $who ->
        [self] Du tittade på dina tidsfrister.
       *[other] { $actor } tittade på dina tidsfrister.
    }
action-visit-book = Bokning av introduktionsbesök
    .sentence = { $who ->
        [self] Du bokade ett introduktionsbesök.
       *[other] { $actor } bokade ett introduktionsbesök åt dig.
    }
action-visit-move = Flyttning av introduktionsbesök
    .sentence = { $who ->
        [self] Du flyttade ett introduktionsbesök.
       *[other] { $actor } flyttade ditt introduktionsbesök.
    }
action-visit-cancel = Avbokning av introduktionsbesök
    .sentence = { $who ->
        [self] Du avbokade ett introduktionsbesök.
       *[other] { $actor } avbokade ditt introduktionsbesök.
    }
action-visit-queue_answer = Svar på en köplats
    .sentence = { $who ->
        [self] Du svarade på en köplats.
       *[other] { $actor } svarade på din köplats.
    }
action-visit-answer = Serviceproducentens svar
    .sentence = { $who ->
        [self] Du svarade på ett introduktionsbesök.
       *[other] { $actor } skrev in resultatet av ditt introduktionsbesök.
    }
