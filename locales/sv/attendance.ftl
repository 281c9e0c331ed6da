# Verksamhetsdagar: incheckningar, serviceproducentens svar, frånvaro, möten och
# verksamhetsställets kod. Klarspråk: korta meningar, det viktigaste först.

## Åtgärder i loggen.
action-day-view = Visning av verksamhetsdagar
    .sentence = { $who ->
        [self] Du såg dina verksamhetsdagar.
       *[other] { $actor } såg dina verksamhetsdagar.
    }
action-day-check_in = Incheckning
    .sentence = { $who ->
        [self] Du checkade in.
       *[other] { $actor } checkade in dig.
    }
action-day-report_absence = Anmälan om frånvaro
    .sentence = { $who ->
        [self] Du anmälde frånvaro.
       *[other] { $actor } anmälde din frånvaro.
    }
action-day-confirm = Bekräftelse av en verksamhetsdag
    .sentence = { $who ->
        [self] Du bekräftade en verksamhetsdag.
       *[other] { $actor } bekräftade din verksamhetsdag.
    }
action-day-correct = Rättelse av en verksamhetsdag
    .sentence = { $who ->
        [self] Du rättade en verksamhetsdag.
       *[other] { $actor } rättade din verksamhetsdag.
    }
action-day-reject = Avslag på en incheckning
    .sentence = { $who ->
        [self] Du avslog en incheckning.
       *[other] { $actor } avslog din incheckning.
    }
action-day-record = Registrering av en verksamhetsdag
    .sentence = { $who ->
        [self] Du registrerade en verksamhetsdag.
       *[other] { $actor } registrerade din verksamhetsdag.
    }
action-day-absence = Registrering av frånvaro
    .sentence = { $who ->
        [self] Du registrerade frånvaro.
       *[other] { $actor } registrerade din frånvaro.
    }
action-day-list = Lista över verksamhetsdagar
    .sentence = { $who ->
        [self] Du såg listan över verksamhetsdagar.
       *[other] { $actor } såg listan över verksamhetsdagar.
    }
action-meeting-plan = Planering av ett möte
    .sentence = { $who ->
        [self] Du planerade ett möte.
       *[other] { $actor } planerade eller ändrade ditt möte.
    }
action-meeting-cancel = Avbokning av ett möte
    .sentence = { $who ->
        [self] Du avbokade ett möte.
       *[other] { $actor } avbokade ditt möte.
    }
action-meeting-no_show = Registrering av ett missat möte
    .sentence = { $who ->
        [self] Du registrerade ett missat möte.
       *[other] { $actor } registrerade att du missade ett möte.
    }
action-site-code = Visning av verksamhetsställets kod
    .sentence = { $who ->
        [self] Du visade verksamhetsställets kod.
       *[other] { $actor } visade verksamhetsställets kod.
    }

## Frånvaro.
absence-reported = Anmäld frånvaro
absence-authorised = Godkänd frånvaro
absence-unauthorised = Ogiltig frånvaro
absence-sent-home = Skickad hem
absence-reason-sick = Sjukledighet
absence-reason-family = Ett skäl i familjen
absence-reason-appointment = Ett läkarbesök eller annat besök
absence-reason-other = Ett annat skäl
absence-reason-authorised = Godkänd frånvaro
absence-reason-unauthorised = Ogiltig frånvaro
absence-reason-sent-home = Skickad hem
absence-reason-did-not-come = Kom inte
absence-reason-cancelled-same-day = Avbokat samma dag

## En dag och en månad.
day-summary = { $status ->
        [pending] { $date }: väntar på att serviceproducenten bekräftar.
        [confirmed] { $date }: bekräftad.
        [corrected] { $date }: bekräftad med en rättelse.
        [rejected] { $date }: serviceproducenten avslog den.
        [absent] { $date }: frånvarande.
       *[no_show] { $date }: ett missat möte.
    } { $verified ->
        [yes] Incheckad på plats.
       *[no] { "" }
    }
month-summary = { $confirmed ->
        [0] Inget har bekräftats den här månaden än.
        [one] En enhet har bekräftats den här månaden.
       *[other] { $confirmed } enheter har bekräftats den här månaden.
    } { $pending ->
        [0] { "" }
        [one] En enhet väntar på serviceproducenten.
       *[other] { $pending } enheter väntar på serviceproducenten.
    } { $absences ->
        [0] { "" }
        [one] En frånvaro.
       *[other] { $absences } frånvaron.
    }

## Aviseringar.
notification-day-confirmed = { $provider } bekräftade din verksamhetsdag { $date }.
    .title = Dagen är bekräftad
notification-day-corrected = { $provider } rättade din verksamhetsdag { $date }. Skäl: { $reason }
    .title = Dagen rättades
notification-day-rejected = { $provider } avslog din incheckning för { $date }. Skäl: { $reason }
    .title = Incheckningen avslogs
notification-meeting-planned = { $provider }: ditt möte är { $when }. { $side ->
        [remote] Det är på distans.
       *[place] { $address }
    }
    .title = Ett möte
notification-meeting-cancelled = { $reader ->
        [client] { $provider } avbokade ditt möte { $when }. Du får en ny tid.
       *[other] { $client } avbokade mötet { $when }.
    }
    .title = Mötet avbokades
notification-client-absent = { $reader ->
        [client] Din frånvaro { $date } är registrerad.
       *[other] { $client } är frånvarande { $date }: { $reason_text }.
    }
    .title = En frånvaro
notification-client-sent-home = { $reader ->
        [client] Du skickades hem { $date }.
       *[other] { $provider } skickade hem { $client } { $date }. Skäl: { $reason }
    }
    .title = Skickad hem
notification-client-no-show = { $reader ->
        [client] Du missade ditt möte { $date }.
       *[other] { $client } missade mötet { $date }. Kontakta klienten genast.
    }
    .title = Ett missat möte
notification-client-no-shows-repeated = { $reader ->
        [client] Du missade två möten i rad.
       *[other] { $client } missade två möten i rad, senast { $date }.
    }
    .title = Missade möten

## Handläggarens inkorg.
inbox-absence = { $client }: frånvarande { $date } hos { $provider }. { $reason_text }.
    .next = Kontrollera att klienten mår bra.
inbox-no-show = { $client }: missade ett möte hos { $provider } { $date }.
    .next = Kontakta klienten om det händer igen.
inbox-deviation = { $client }: { $kind ->
        [rejected] { $provider } avslog incheckningen för { $date }.
        [corrected] { $provider } rättade dagen { $date }.
        [late] incheckningen för { $date } kom sent.
       *[unverified] incheckningen för { $date } gjordes inte på plats.
    }
    .next = Ingen åtgärd behövs, om det inte händer ofta.

inbox-guidance-short = { $client }: { $hours ->
        [0] ingen individuell handledning
        [one] en timme individuell handledning
       *[other] { $hours } timmar individuell handledning
    } hos { $provider } { $date } – { $until }. { $min ->
        [one] Regeln kräver en timme.
       *[other] Regeln kräver { $min } timmar.
    }
    .next = Fråga serviceproducenten om handledningen.

## Fel.
error-attendance-in_future = Du kan inte checka in för en dag som inte har kommit.
    .detail = Checka in samma dag.
error-attendance-too_late = Dagen är för länge sedan.
    .detail = { $days ->
        [one] Du kan skicka en incheckning högst en dag senare.
       *[other] Du kan skicka en incheckning högst { $days } dagar senare.
    } Den tidigaste dagen är { $from }.
error-attendance-arrival_not_on_day = Ankomsttiden är inte den dagen.
    .detail = Ge en tid samma dag, inte i framtiden.
error-attendance-outside_voucher = Dagen är utanför servicesedeln.
    .detail = Sedeln gäller { $from } – { $until }.
error-attendance-outside_agreement = Dagen är utanför avtalet.
    .detail = Avtalet gäller { $from } – { $until }.
error-attendance-no_agreement = Det finns inget gällande avtal.
    .detail = Bekräfta först avtalet med serviceproducenten.
error-attendance-interrupted = Tjänsten har avbrutits.
    .detail = Inget registreras efter { $date }. Fråga din handläggare.
error-attendance-twice = Den här dagen är redan registrerad.
    .detail = En dag räknas en gång. Se dagen som finns.
error-attendance-week_full = Den här veckan är full.
    .detail = { $unit ->
        [hour] { $count ->
            [one] Avtalet tillåter en timme i veckan.
           *[other] Avtalet tillåter { $count } timmar i veckan.
        }
       *[day] { $count ->
            [one] Avtalet tillåter en dag i veckan.
           *[other] Avtalet tillåter { $count } dagar i veckan.
        }
    }
error-attendance-units_used_up = Sedeln har inga fler enheter för detta.
    .detail = { $unit ->
        [hour] { $count ->
            [0] Inga timmar är kvar.
            [one] En timme är kvar.
           *[other] { $count } timmar är kvar.
        }
       *[day] { $count ->
            [0] Inga dagar är kvar.
            [one] En dag är kvar.
           *[other] { $count } dagar är kvar.
        }
    }
error-attendance-hours_required = Ange antalet timmar.
    .detail = Den här tjänsten räknas i timmar.
error-attendance-hours_out_of_range = Timmarna passar inte reglerna.
    .detail = { $max ->
        [one] Det kan vara { $min }–1 timme.
       *[other] Det kan vara { $min }–{ $max } timmar.
    }
error-attendance-hours_not_taken = Den här tjänsten räknas i dagar.
    .detail = Lämna bort timmarna.
error-attendance-remote_not_allowed = Den här tjänsten ges inte på distans.
    .detail = Lämna bort "distans".
error-attendance-remote_share = För stor del av coachningen skulle vara på distans.
    .detail = { $percent ->
        [one] Högst en procent kan vara på distans.
       *[other] Högst { $percent } procent kan vara på distans.
    } { $count ->
        [one] Det är en timme.
       *[other] Det är { $count } timmar.
    }
error-attendance-code_wrong = Koden är inte rätt.
    .detail = Kontrollera koden på plats och försök igen. Den byts var 30:e sekund.
error-attendance-code_tries = För många fel koder.
    .detail = { $seconds ->
        [one] Försök igen om en sekund.
       *[other] Försök igen om { $seconds } sekunder.
    }
error-attendance-day_decided = Dagen är redan avgjord.
    .detail = Se dagen som den är nu.
error-attendance-absence_too_far = Dagen är för långt fram.
    .detail = { $days ->
        [one] Du kan anmäla frånvaro högst en dag i förväg.
       *[other] Du kan anmäla frånvaro högst { $days } dagar i förväg.
    }
error-meeting-not_for_service = Den här tjänsten har inga möten.
    .detail = Möten finns för tjänster som räknas i timmar.
error-meeting-in_past = Tiden har redan gått.
    .detail = Välj en tid som inte har kommit än.
error-meeting-day_taken = Det finns redan ett möte den dagen.
    .detail = Flytta det mötet eller välj en annan dag.
error-meeting-not_scheduled = Mötet är inte planerat längre.
    .detail = Det har avbokats.
error-meeting-not_yet = Mötet har inte börjat än.
    .detail = Registrera ett missat möte efter att det har börjat.
