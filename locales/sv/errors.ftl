# Felens rubriker och förklaringar på lättläst svenska: korta meningar, det viktigaste först.
# Varje felkod `område.namn` har meddelandet `error-område-namn` med en `.detail`.

error-request-not_found = Den här adressen finns inte.
    .detail = Kontrollera adressen. Adresserna finns på sidan /docs.
error-request-method_not_allowed = Den här adressen tar inte emot den här sortens begäran.
    .detail = Här är tillåtet: { $allow }.
error-request-bad_request = Begäran är inte giltig.
    .detail = Kontrollera begäran och försök igen.
error-request-malformed_json = Begäran är inte giltig JSON.
    .detail = Kontrollera kommatecken, citattecken och parenteser.
error-request-unknown_field = Begäran har ett okänt fält.
    .detail = Ta bort fältet "{ $field }".
error-request-missing_field = Ett fält saknas i begäran.
    .detail = Lägg till fältet "{ $field }".
error-request-invalid_value = Ett värde i begäran är inte giltigt.
    .detail = Kontrollera fältens typer och värden.
error-request-invalid_field = Fältet "{ $field }" har ett värde som inte är tillåtet.
    .detail = Kontrollera dess typ och värde.
error-date-invalid = Fältet "{ $field }" är inte ett datum.
    .detail = Skriv ett datum som 2026-03-31 eller en tid som 2026-03-31T09:00:00Z.
error-date-out_of_range = Datumet i "{ $field }" är inte möjligt.
    .detail = Använd ett datum från år 2000 till år 2100.
error-request-invalid_query = Sökvillkoren är inte giltiga.
    .detail = Kontrollera värdena efter frågetecknet.
error-request-invalid_cursor = Sidmarkören är inte giltig.
    .detail = Börja om från första sidan.
error-request-body_too_large = Begäran är för stor.
    .detail = Den största tillåtna storleken är { $limit_kb ->
        [one] 1 kilobyte
       *[other] { $limit_kb } kilobyte
    }.
error-request-unsupported_media_type = Begäran måste vara JSON.
    .detail = Skicka rubriken Content-Type: application/json.
error-request-headers_too_large = Begärans rubriker är för stora.
    .detail = { $limit_kb ->
        [one] Skicka högst { $limit_kb } kilobyte rubriker.
       *[other] Skicka högst { $limit_kb } kilobyte rubriker.
    }
error-idempotency-invalid_key = Rubriken Idempotency-Key är inte giltig.
    .detail = Använd 1 till 255 bokstäver, siffror eller tecken. Använd inte mellanslag.
error-idempotency-key_reused = Den här Idempotency-Key har redan använts för en annan begäran.
    .detail = Använd en ny nyckel för varje ny begäran.
error-idempotency-in_progress = Samma begäran behandlas fortfarande.
    .detail = Vänta en stund och skicka den igen.
error-text-too_long = Fältet "{ $field }" är för långt.
    .detail = { $max ->
        [one] Använd högst { $max } tecken.
       *[other] Använd högst { $max } tecken.
    }
error-text-invalid_characters = Fältet "{ $field }" har tecken som inte är tillåtna.
    .detail = Ta bort osynliga styrtecken. Ett namn ska rymmas på en rad.
error-resource-not_found = Vi hittade inte det här.
    .detail = Det finns inte, eller så kan du inte se det.
error-auth-missing_token = Du är inte inloggad.
    .detail = Logga in först.
error-auth-invalid_token = Din inloggning är inte giltig.
    .detail = Logga in igen.
error-auth-session_ended = Din inloggning har tagit slut.
    .detail = Logga in igen.
error-auth-invalid_id_token = Identifieringen misslyckades.
    .detail = Identifiera dig igen.
error-auth-invalid_refresh_token = Din inloggning har tagit slut.
    .detail = Logga in igen.
error-auth-refresh_token_reused = Din inloggning avslutades för din säkerhet.
    .detail = Samma inloggning användes två gånger. Logga in igen.
error-auth-id_token_not_accepted = Den här servern använder inte identifiering.
    .detail = Den har ingen identifieringstjänst. Logga in på ett annat sätt.
error-auth-rate_limited = För många försök.
    .detail = { $seconds ->
        [one] Vänta { $seconds } sekund och försök igen.
       *[other] Vänta { $seconds } sekunder och försök igen.
    }
error-auth-too_many_writes = Du har skickat många ändringar på kort tid.
    .detail = { $seconds ->
        [one] Vänta { $seconds } sekund och skicka igen.
       *[other] Vänta { $seconds } sekunder och skicka igen.
    }
error-auth-unknown_persona = Det finns ingen sådan demoanvändare.
    .detail = Se listan över demoanvändare.
error-person-unsupported_language = Vi har inte det här språket.
    .detail = Välj fi, sv eller en.
error-server-unavailable = Tjänsten fungerar inte just nu.
    .detail = Försök igen om en stund.
error-server-internal = Något gick fel hos oss.
    .detail = Försök igen senare. Om det händer igen, ge oss begärans nummer { $request_id }.
error-auth-caseworker_only = Bara en handläggare kan göra det här.
    .detail = Be din handläggare om hjälp.
error-voucher-service_not_offered = Kommunen har ingen servicesedel för den här tjänsten.
    .detail = Kontrollera tjänstens kod. Reglerna gäller kanske inte på beslutsdagen.
error-voucher-invalid_period = Sedeln skulle sluta innan den börjar.
    .detail = Den sista dagen måste vara samma dag eller senare än den första.
error-voucher-validity_too_short = Sedeln är för kort.
    .detail = En sedel för { $service } måste gälla minst { $min ->
        [one] 1 månad
       *[other] { $min } månader
    }.
error-voucher-validity_too_long = Sedeln är för lång.
    .detail = En sedel för { $service } kan först gälla högst { $max ->
        [one] 1 månad
       *[other] { $max } månader
    }.
error-voucher-extension_too_long = Sedeln kan inte förlängas så långt.
    .detail = En sedel för { $service } kan gälla högst { $max ->
        [one] 1 månad
       *[other] { $max } månader
    } sammanlagt.
error-voucher-exception_not_allowed = Ett undantag är inte möjligt för den här tjänsten.
    .detail = Reglerna för { $service } har inga högre gränser. Ta bort skälet till undantaget.
error-voucher-per_week_required = Ange hur mycket i veckan.
    .detail = { $unit ->
        [hour] Lägg till timmar i veckan för { $service }.
       *[day] Lägg till aktivitetsdagar i veckan för { $service }.
    }
error-voucher-per_week_out_of_range = För mycket eller för lite i veckan.
    .detail = { $unit ->
        [hour] En sedel för { $service } tillåter { $max ->
            [one] { $min }–1 timme
           *[other] { $min }–{ $max } timmar
        } i veckan.
       *[day] En sedel för { $service } tillåter { $max ->
            [one] { $min }–1 aktivitetsdag
           *[other] { $min }–{ $max } aktivitetsdagar
        } i veckan.
    }{ $exception_max ->
        [none] {""}
       *[other] {" "}Med ett motiverat undantag högst { $exception_max }.
    }
error-voucher-hours_per_day_required = Ange hur många timmar åt gången.
    .detail = { $per ->
        [session] Lägg till timmar per gång för { $service }.
       *[day] Lägg till timmar om dagen för { $service }.
    }
error-voucher-hours_per_day_out_of_range = För många eller för få timmar åt gången.
    .detail = En sedel för { $service } tillåter { $max ->
        [one] { $min }–1 timme
       *[other] { $min }–{ $max } timmar
    } { $per ->
        [session] per gång.
       *[day] om dagen.
    }
error-voucher-term_not_applicable = Tjänsten har inget sådant villkor.
    .detail = Ta bort fältet "{ $field }" för { $service }.
error-voucher-group_join_closed = Gruppen tar inte längre emot nya klienter.
    .detail = Nya klienter kunde gå med till och med { $date }.
error-voucher-units_too_few = Bevilja minst en enhet.
    .detail = { $unit ->
        [hour] Bevilja minst en timme av { $service }.
       *[day] Bevilja minst en aktivitetsdag av { $service }.
    }
error-voucher-units_over_cap = För många enheter för den här tjänsten.
    .detail = En sedel för { $service } är högst { $unit ->
        [hour] { $max ->
            [one] 1 timme
           *[other] { $max } timmar
        }
       *[day] { $max ->
            [one] 1 aktivitetsdag
           *[other] { $max } aktivitetsdagar
        }
    } på { $months ->
        [one] 1 månad
       *[other] { $months } månader
    }.{ $exception_max ->
        [none] {""}
       *[other] {" "}Med ett motiverat undantag högst { $exception_max }.
    }
error-voucher-units_over_plan = Fler enheter än veckoplanen tillåter.
    .detail = { $unit ->
        [hour] { $per_week ->
            [one] 1 timme
           *[other] { $per_week } timmar
        } i veckan i { $weeks ->
            [one] 1 vecka
           *[other] { $weeks } veckor
        } är högst { $max ->
            [one] 1 timme
           *[other] { $max } timmar
        }.
       *[day] { $per_week ->
            [one] 1 dag
           *[other] { $per_week } dagar
        } i veckan i { $weeks ->
            [one] 1 vecka
           *[other] { $weeks } veckor
        } är högst { $max ->
            [one] 1 dag
           *[other] { $max } dagar
        }.
    }
error-voucher-decision_in_future = Beslutsdagen är i framtiden.
    .detail = Använd dagen då beslutet fattades.
error-voucher-starts_before_decision = Sedeln börjar före beslutet.
    .detail = Den första dagen får inte vara före beslutsdagen.
error-voucher-reason_required = Ett skäl behövs.
    .detail = Skriv skälet med några ord.
error-voucher-not_changeable = Sedeln kan inte längre ändras.
    .detail = Den har gått ut eller avbrutits. Bevilja en ny sedel.
error-voucher-extension_shortens = En förlängning kan inte göra sedeln kortare.
    .detail = Behåll sista dagen och enheterna minst som nu.
error-voucher-total_duration_exceeded = Klienten skulle få tjänsten för länge.
    .detail = { $max ->
        [one] Den här sortens tjänst varar högst 1 månad sammanlagt.
       *[other] Den här sortens tjänst varar högst { $max } månader sammanlagt.
    } { $used ->
        [one] Klienten har redan haft den i 1 månad.
       *[other] Klienten har redan haft den i { $used } månader.
    }{ $reason ->
        [allowed] {" "}Med en skriftlig motivering kan du tillåta mer.
       *[none] {""}
    }
error-voucher-long_term_needs_more_days = Fler aktivitetsdagar i veckan behövs.
    .detail = Efter { $after ->
        [one] 1 månad
       *[other] { $after } månader
    } med tjänsten behövs minst { $min ->
        [one] 1 dag
       *[other] { $min } dagar
    } i veckan.
error-voucher-overlaps = Klienten har redan en sedel för den här tiden.
    .detail = Förläng klientens sedel eller låt den nya börja när den gamla har slutat.
error-voucher-levels_overlap = Klienten har redan en sedel för en närliggande tjänst för den här tiden.
    .detail = De här två tjänsterna gäller inte samtidigt. Börja den nya sedeln när den andra slutar.
error-voucher-consecutive_too_long = Det här skulle pågå för länge i följd.
    .detail = { $max ->
        [one] Sedlar för { $service } som följer på varandra gäller högst 1 månad.
       *[other] Sedlar för { $service } som följer på varandra gäller högst { $max } månader.
    }
error-voucher-anchor_in_future = Ett datum ligger i framtiden.
    .detail = Kontrollera fältet "{ $field }". Anteckna dagen då det hände.
error-voucher-client_age_out_of_range = Klientens ålder passar inte den här tjänsten.
    .detail = { $max ->
        [one] En sedel för { $service } är för personer i åldern { $min }–{ $max } år den första dagen.
       *[other] En sedel för { $service } är för personer i åldern { $min }–{ $max } år den första dagen.
    } { $age ->
        [one] Klienten är då 1 år gammal.
       *[other] Klienten är då { $age } år gammal.
    }
error-voucher-extension_reason_required = En motivering behövs för en längre period än vanligt.
    .detail = { $months ->
        [one] { $service } pågår vanligen 1 månad. Skriv varför den ska pågå längre.
       *[other] { $service } pågår vanligen { $months } månader. Skriv varför den ska pågå längre.
    }

## Serviceproducenter
error-provider_search-radius_out_of_range = Det här avståndet är inte tillåtet.
    .detail = Sök inom { $max ->
        [one] 1 kilometer
       *[other] { $max } kilometer
    } hemifrån. Din handläggare kan tillåta ett längre avstånd.
error-provider_search-no_home = Din hemadress saknas.
    .detail = Vi behöver den för att räkna avstånd. Be din handläggare lägga till den.
error-provider_search-compare_count = Välj två till fyra serviceproducenter.
    .detail = Du kan jämföra två, tre eller fyra serviceproducenter åt gången.
error-provider_search-not_available = Den här serviceproducenten passar inte din servicesedel.
    .detail = Välj en serviceproducent bland sökresultaten.
error-provider-staff_only = Bara personal hos en serviceproducent kan göra det här.
    .detail = Logga in med ditt arbetskonto.
error-provider-legal_form_not_allowed = Reglerna tillåter inte den här sortens serviceproducent.
    .detail = Serviceproducentens form är { $form }. Enligt reglerna får bara dessa ge { $service }: { $allowed }.
error-provider-service_not_offered = Din kommun erbjuder inte den här tjänsten.
    .detail = Välj en tjänst som kommunen har regler för.
error-provider-not_approved_yet = Den här serviceproducenten är inte godkänd.
    .detail = Godkänn serviceproducenten först. Sedan kan du pausa eller avsluta.
error-provider-business_id_taken = Det här FO-numret finns redan.
    .detail = Sök upp serviceproducenten som har det.
error-business_id-format = FO-numret har fel form.
    .detail = Skriv sju siffror, ett streck och en siffra, till exempel 1234567-1.
error-business_id-checksum = FO-numret är inte giltigt.
    .detail = Den sista siffran stämmer inte. Kontrollera numret.
error-provider-invalid_coordinates = Platsen är inte i Finland.
    .detail = Kontrollera latitud och longitud. Byt inte plats på dem.
error-provider-text_required = En text saknas.
    .detail = Kontrollera fältet "{ $field }".
error-provider-text_not_plain = En mening är för lång.
    .detail = Använd högst { $max ->
        [one] 1 ord
       *[other] { $max } ord
    } i en mening i "{ $field }".
error-contact-invalid = Kontaktuppgiften är inte giltig.
    .detail = Kontrollera fältet "{ $field }".
error-provider-too_few_work_tasks = Lägg till fler arbetsuppgifter.
    .detail = Den här tjänsten behöver minst { $min ->
        [one] 1 arbetsuppgift
       *[other] { $min } arbetsuppgifter
    }.
error-provider-group_too_large = Gruppen är för stor.
    .detail = En grupp får ha högst { $max ->
        [one] 1 person
       *[other] { $max } personer
    }.
error-provider_search-voucher_ended = Den här servicesedeln har upphört.
    .detail = Välj serviceproducent med en giltig sedel. Be din handläggare om en ny.
error-slot-in_past = En tid måste börja senare än nu.
    .detail = Välj en tid i framtiden.
error-slot-too_far = Tiden ligger för långt fram.
    .detail = Den kan börja högst { $days ->
        [one] en dag från nu.
       *[other] { $days } dagar från nu.
    }
error-slot-invalid_period = En tid måste sluta efter att den börjar.
    .detail = Kontrollera början och slutet.
error-slot-too_long = Tiden är för lång.
    .detail = Den får vara högst { $hours ->
        [one] en timme.
       *[other] { $hours } timmar.
    }
error-slot-capacity_out_of_range = Antalet platser är inte möjligt.
    .detail = En tid har { $max ->
        [one] en plats.
       *[other] 1–{ $max } platser.
    }
error-slot-has_bookings = Någon har bokat den här tiden.
    .detail = Du kan inte ändra den nu. Du kan dra tillbaka den med en orsak.
error-slot-withdrawn = Den här tiden är indragen.
    .detail = Välj en annan tid.
error-slot-started = Den här tiden har redan börjat.
    .detail = Den kan inte ändras eller dras tillbaka. Anteckna hur besöket gick.
error-slot-service_not_offered = Det här verksamhetsstället har inte servicen.
    .detail = Lägg först till servicen på verksamhetsstället.
error-visit-slot_full = Den här tiden är full.
    .detail = Välj en annan tid.
error-visit-started = Besöket har redan börjat.
    .detail = Du kan inte längre boka eller avboka det.
error-visit-not_yet = Besöket har inte börjat än.
    .detail = Svara efter besöket.
error-visit-wrong_state = Det här går inte att göra med besöket nu.
    .detail = Kontrollera var besöket står.
error-visit-already_booked = Du har redan ett besök bokat hos den här producenten.
    .detail = Du kan flytta det till en annan tid.
error-visit-move_other_provider = Ett besök kan bara flyttas till en annan tid hos samma producent.
    .detail = Boka ett nytt besök hos den andra producenten.
error-visit-voucher_not_active = Den här servicesedeln har gått ut eller dragits in.
    .detail = Fråga din handläggare.
error-visit-after_voucher = Den här tiden är efter att servicesedeln slutar.
    .detail = Välj en tid senast { $until }.
error-visit-queue_start_out_of_range = Den väntade starten måste vara inom servicesedelns giltighetstid.
    .detail = Välj en dag från { $from } till { $until }.
error-visit-service_mismatch = Den här tiden gäller en annan service.
    .detail = Välj en tid för servicen på din servicesedel.
error-agreement-invalid_period = Avtalet måste sluta efter att det börjar.
    .detail = Kontrollera den första och den sista dagen.
error-agreement-outside_voucher = Avtalet går utanför servicesedeln.
    .detail = Det kan vara från { $from } till { $until }.
error-agreement-per_week_out_of_range = Dagarna i veckan passar inte servicesedeln.
    .detail = Det kan vara { $max ->
        [one] en dag i veckan.
       *[other] 1–{ $max } dagar i veckan.
    }
error-agreement-term_not_applicable = Tjänsten har inget sådant villkor.
    .detail = Ta bort fältet "{ $field }".
error-agreement-hours_per_day_out_of_range = Timmarna per dag passar inte servicesedeln.
    .detail = Det kan vara { $max ->
        [one] { $min }–1 timme per dag.
       *[other] { $min }–{ $max } timmar per dag.
    }
error-agreement-meeting_place_required = Berätta var mötena främst är.
    .detail = Ange platsen och dess läge, eller säg att det sker på distans.
error-agreement-meeting_place_too_far = Mötesplatsen ligger för långt från klientens hem.
    .detail = Den kan ligga högst { $km ->
        [one] en kilometer
       *[other] { $km } kilometer
    } från hemmet, om inte handläggaren tillåter mer.
error-agreement-in_force_elsewhere = Klienten har ett avtal med en annan serviceproducent.
    .detail = Det avtalet måste först upphöra med handläggarens samtycke.
error-agreement-voucher_not_valid = Servicesedeln är annullerad eller har upphört.
    .detail = Ett avtal kräver en giltig servicesedel. Fråga handläggaren.
error-agreement-ended = Det här avtalet har upphört.
    .detail = Inget mer kan ändras i det.
error-agreement-ending_day = Sista dagen passar inte avtalet.
    .detail = Den kan vara { $from } – { $until }.
error-agreement-ending_reason_not_allowed = Det här skälet hör inte till din part.
    .detail = Välj ett skäl från din parts lista, eller "annat".
error-agreement-ending_pending = Ett förslag om att avsluta väntar redan på handläggaren.
    .detail = Vänta på handläggarens beslut.
error-agreement-no_ending = Ingen har föreslagit att avtalet ska avslutas.
    .detail = Det finns inget att besluta.
error-agreement-day_outside = Dagen passar inte avtalet.
    .detail = Den kan vara { $from } – { $until }.
error-agreement-group_started = Gruppen har redan börjat.
    .detail = En grupp skjuts upp eller ställs in före sin första dag.
error-agreement-group_delay_too_long = Gruppen kan inte börja så sent.
    .detail = Den kan börja senast { $latest }.
