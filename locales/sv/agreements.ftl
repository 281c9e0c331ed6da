# Avtalets livscykel: lägen, serviceproducentens skyldigheter, upphörande, historik och
# handläggarens inkorg. Klarspråk: korta meningar, det viktigaste först.

## Åtgärder i loggen.
action-agreement-confirm = Bekräftelse av ett avtal
    .sentence = { $who ->
        [self] Du bekräftade ett avtal.
       *[other] { $actor } bekräftade ditt avtal.
    }
action-agreement-propose_ending = Förslag om att avsluta ett avtal
    .sentence = { $who ->
        [self] Du föreslog att ett avtal ska avslutas.
       *[other] { $actor } föreslog att ditt avtal ska avslutas.
    }
action-agreement-provider_proposes_ending = Serviceproducentens förslag om att avsluta ett avtal
    .sentence = { $who ->
        [self] Du föreslog att ett avtal ska avslutas.
       *[other] { $actor } föreslog att ditt avtal ska avslutas.
    }
action-agreement-decide_ending = Beslut om att avsluta ett avtal
    .sentence = { $who ->
        [self] Du beslutade om att avsluta ett avtal.
       *[other] { $actor } beslutade om att avsluta ditt avtal.
    }
action-agreement-end = Avslutande av ett avtal
    .sentence = { $who ->
        [self] Du avslutade ett avtal.
       *[other] { $actor } avslutade ditt avtal.
    }
action-agreement-interruption = Registrering av ett avbrott
    .sentence = { $who ->
        [self] Du registrerade ett avbrott.
       *[other] { $actor } registrerade ett avbrott i din service.
    }
action-agreement-document = Registrering av ett dokument
    .sentence = { $who ->
        [self] Du registrerade ett dokument.
       *[other] { $actor } registrerade ett dokument om din service.
    }
action-agreement-group_change = Uppskjutning eller inställning av en grupp
    .sentence = { $who ->
        [self] Du ändrade en grupps start.
       *[other] { $actor } sköt upp eller ställde in din grupp.
    }
action-inbox-view = Visning av handläggarens inkorg
    .sentence = { $who ->
        [self] Du tittade på din inkorg.
       *[other] { $actor } såg dig i sin inkorg.
    }

## Hur ett avtal upphörde.
agreement-ended = { $reason ->
        [last_day] Det upphörde { $date }, sin sista dag.
        [voucher_cancelled] Det upphörde { $date }. Servicesedeln annullerades.
        [terminated] Det upphörde { $date }. Handläggaren samtyckte till det.
        [city_ended] Staden avslutade servicen { $date }.
        [group_cancelled] Det upphörde { $date }. Serviceproducenten ställde in gruppen.
       *[replaced] Ett nytt avtal ersatte det efter { $date }.
    }
agreement-end-reason = { $reason ->
        [voucher_cancelled] servicesedeln annullerades
        [terminated] avslutat med samtycke
        [city_ended] staden avslutade servicen
        [group_cancelled] serviceproducenten ställde in gruppen
        [replaced] ett nytt avtal ersatte det
       *[last_day] sista dagen
    }
agreement-next-confirm = Läs villkoren. Bekräfta dem sedan i appen.
agreement-next-ending = Handläggaren beslutar om avtalet ska avslutas.

## Varför en part föreslår att avsluta ett avtal.
ending-reason-health = Hälsa
ending-reason-travel = Över 3 timmars resor om dagen
ending-reason-safety = Säkerheten försummas
ending-reason-provider-breach = Serviceproducenten bryter mot lagen eller avtalet
ending-reason-service-differs = Servicen avviker från planen
ending-reason-substance-use = Fortgående missbruk
ending-reason-client-breach = Klienten bryter mot avtalet
ending-reason-other = Annat skäl

## Serviceproducentens dokument.
document-interim-assessment = Mellanbedömning
document-final-assessment = Slutbedömning
document-summary = Sammanfattning
document-final-report = Slutrapport
document-other = Dokument

## En skyldighet för läsaren.
duty-line = { $state ->
        [upcoming] { $document }: senast { $date }.
        [due_soon] { $document }: snart, senast { $date }.
        [overdue] { $document }: den skulle vara klar { $date }. Den är sen.
        [done_on_time] { $document }: klar i tid, { $done }.
       *[done_late] { $document }: klar för sent, { $done }.
    }

## Avtalets historik. $by är self, client, helper, provider eller caseworker.
agreement-event = { $by ->
        [self] Du
        [client] Klienten
        [helper] Klientens hjälpare
        [provider] Serviceproducenten
       *[caseworker] Handläggaren
    } { $kind ->
        [made] föreslog avtalet, från { $date }.
        [confirmed] bekräftade villkoren.
        [ending_proposed] föreslog att det upphör { $date }. Skäl: { $reason_text }.
        [ending_consented] samtyckte till att det upphör { $date }.
        [ending_declined] samtyckte inte till att det upphör. Avtalet fortsätter.
        [ended] avslutade det { $date }: { $reason_text }.
        [group_delayed] sköt upp gruppens start till { $date }.
        [interrupted] registrerade ett avbrott { $date }.
       *[document] registrerade ett dokument: { $reason_text }, { $date }.
    }

## Meddelanden om avtal. $reader är "client" eller "other" (personal, handläggaren).
notification-agreement-confirmed = { $client } bekräftade avtalet med { $provider }. Det gäller nu.
    .title = Avtalet bekräftat
notification-agreement-ending-proposed = { $reader ->
        [client] { $provider } föreslår att ditt avtal upphör { $date }. Skäl: { $reason_text }.
       *[other] { $side ->
            [client] { $client } föreslår att avtalet med { $provider } upphör { $date }.
           *[provider] { $provider } föreslår att avtalet för { $client } upphör { $date }.
        } Skäl: { $reason_text }.
    }
    .title = Förslag om att avsluta ett avtal
notification-agreement-ending-consented = { $reader ->
        [client] Ditt avtal med { $provider } upphör { $date }. Handläggaren samtyckte.
       *[other] Avtalet för { $client } upphör { $date }. Handläggaren samtyckte.
    }
    .title = Avtalet upphör
notification-agreement-ending-declined = { $reader ->
        [client] Ditt avtal med { $provider } fortsätter. Handläggaren sade: { $reason }
       *[other] Avtalet för { $client } fortsätter. Handläggaren sade: { $reason }
    }
    .title = Avtalet fortsätter
notification-agreement-ended = { $reader ->
        [client] Ditt avtal med { $provider } upphör { $date }.
       *[other] Avtalet för { $client } upphör { $date }.
    } { $reason_code ->
        [voucher_cancelled] Servicesedeln annullerades.
       *[city_ended] Staden avslutade servicen.
    }
    .title = Avtalet upphör
notification-agreement-interrupted = { $reader ->
        [client] { $provider } registrerade att din service avbröts { $date }.
       *[other] { $provider } meddelar att servicen för { $client } avbröts { $date }.
    }
    .title = Servicen avbröts
notification-agreement-document = { $reader ->
        [client] { $provider } skrev om din service: { $document }.
       *[other] { $provider } skrev om servicen för { $client }: { $document }.
    }
    .title = Ett nytt dokument

notification-agreement-duty-overdue = { $side ->
        [provider] { $document } för { $client } skulle vara klar { $date }. Registrera den i appen.
       *[caseworker] { $client }: { $document } från { $provider } skulle vara klar { $date }. Den har inte kommit.
    }
    .title = Ett dokument är sent

notification-agreement-group-changed = { $reason_code ->
        [delayed] { $reader ->
            [client] Din grupp hos { $provider } börjar senare, { $date }.
           *[other] Gruppen för { $client } hos { $provider } börjar senare, { $date }.
        }
       *[cancelled] { $reader ->
            [client] { $provider } ställde in din grupp. Din handläggare hjälper dig.
           *[other] { $provider } ställde in gruppen för { $client }.
        }
    } Skäl: { $reason }
    .title = En ändring i gruppen

## Handläggarens inkorg: vad det gäller och vad göra härnäst.
inbox-duty-due = { $client }: { $document } från { $provider } senast { $date }.
    .next = Inget ännu. Påminn serviceproducenten om den inte kommer.
inbox-duty-overdue = { $client }: { $document } från { $provider } skulle vara klar { $date }.
    .next = Be serviceproducenten om den.
inbox-ending-proposed = { $client }: { $side ->
        [client] klienten föreslår
       *[provider] { $provider } föreslår
    } att avtalet upphör { $date }. Skäl: { $reason_text }.
    .next = Samtyck eller avslå i avtalet.
inbox-interruption = { $client }: { $provider } meddelar att servicen avbröts { $date }.
    .next = Kontakta klienten och serviceproducenten.
inbox-refusal = { $client }: { $provider } avböjde. Skäl: { $reason_text }
    .next = Hjälp klienten att välja en annan serviceproducent.
inbox-queue-offer = { $client }: { $provider } erbjuder en köplats från { $date }.
    .next = Kontrollera att klienten svarar.
