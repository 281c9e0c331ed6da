# Virheiden otsikot ja selitykset selkokielellä: lyhyet lauseet, tärkein asia ensin.
# Jokaisella virhekoodilla `alue.nimi` on viesti `error-alue-nimi` ja sen `.detail`.

error-request-not_found = Tätä osoitetta ei ole.
    .detail = Tarkista osoite. Osoitteet on lueteltu sivulla /docs.
error-request-method_not_allowed = Tämä osoite ei ota vastaan tällaista pyyntöä.
    .detail = Tässä osoitteessa sallitaan: { $allow }.
error-request-bad_request = Pyyntö ei ole kelvollinen.
    .detail = Tarkista pyyntö ja yritä uudelleen.
error-request-malformed_json = Pyyntö ei ole kelvollista JSONia.
    .detail = Tarkista pilkut, lainausmerkit ja sulut.
error-request-unknown_field = Pyynnössä on tuntematon kenttä.
    .detail = Poista kenttä "{ $field }".
error-request-missing_field = Pyynnöstä puuttuu kenttä.
    .detail = Lisää kenttä "{ $field }".
error-request-invalid_value = Pyynnössä on virheellinen arvo.
    .detail = Tarkista kenttien tyypit ja arvot.
error-request-invalid_field = Kentän "{ $field }" arvo ei ole sallittu.
    .detail = Tarkista sen tyyppi ja arvo.
error-date-invalid = Kenttä "{ $field }" ei ole päivämäärä.
    .detail = Kirjoita päivä muodossa 2026-03-31 tai aika muodossa 2026-03-31T09:00:00Z.
error-date-out_of_range = Päivämäärä kentässä "{ $field }" ei ole mahdollinen.
    .detail = Käytä päivää vuosilta 2000–2100.
error-request-invalid_query = Hakuehdot eivät ole kelvollisia.
    .detail = Tarkista kysymysmerkin jälkeiset arvot.
error-request-invalid_cursor = Sivun merkki ei ole kelvollinen.
    .detail = Aloita uudelleen ensimmäiseltä sivulta.
error-request-body_too_large = Pyyntö on liian suuri.
    .detail = Suurin sallittu koko on { $limit_kb ->
        [one] 1 kilotavu
       *[other] { $limit_kb } kilotavua
    }.
error-request-unsupported_media_type = Pyynnön pitää olla JSONia.
    .detail = Lähetä otsake Content-Type: application/json.
error-request-headers_too_large = Pyynnön otsakkeet ovat liian suuret.
    .detail = { $limit_kb ->
        [one] Lähetä otsakkeita enintään { $limit_kb } kilotavu.
       *[other] Lähetä otsakkeita enintään { $limit_kb } kilotavua.
    }
error-idempotency-invalid_key = Idempotency-Key-otsake ei kelpaa.
    .detail = Käytä 1–255 kirjainta, numeroa tai merkkiä. Älä käytä välilyöntejä.
error-idempotency-key_reused = Tämä Idempotency-Key on jo käytetty toiseen pyyntöön.
    .detail = Käytä jokaiselle uudelle pyynnölle uutta avainta.
error-idempotency-in_progress = Samaa pyyntöä käsitellään vielä.
    .detail = Odota hetki ja lähetä se uudelleen.
error-text-too_long = Kenttä "{ $field }" on liian pitkä.
    .detail = { $max ->
        [one] Käytä enintään { $max } merkki.
       *[other] Käytä enintään { $max } merkkiä.
    }
error-text-invalid_characters = Kentässä "{ $field }" on merkkejä, jotka eivät käy.
    .detail = Poista näkymättömät ohjausmerkit. Nimen pitää mahtua yhdelle riville.
error-resource-not_found = Emme löytäneet tätä.
    .detail = Sitä ei ole, tai et voi nähdä sitä.
error-auth-missing_token = Et ole kirjautunut.
    .detail = Kirjaudu ensin sisään.
error-auth-invalid_token = Kirjautumisesi ei ole voimassa.
    .detail = Kirjaudu uudelleen.
error-auth-session_ended = Kirjautumisesi on päättynyt.
    .detail = Kirjaudu uudelleen.
error-auth-invalid_id_token = Tunnistautuminen epäonnistui.
    .detail = Tunnistaudu uudelleen.
error-auth-invalid_refresh_token = Kirjautumisesi on päättynyt.
    .detail = Kirjaudu uudelleen.
error-auth-refresh_token_reused = Kirjautumisesi lopetettiin turvallisuuden vuoksi.
    .detail = Samaa kirjautumista käytettiin kahdesti. Kirjaudu uudelleen.
error-auth-id_token_not_accepted = Tämä palvelin ei käytä tunnistautumista.
    .detail = Sillä ei ole tunnistuspalvelua. Kirjaudu toisella tavalla.
error-auth-rate_limited = Liian monta yritystä.
    .detail = { $seconds ->
        [one] Odota { $seconds } sekunti ja yritä uudelleen.
       *[other] Odota { $seconds } sekuntia ja yritä uudelleen.
    }
error-auth-too_many_writes = Olet lähettänyt monta muutosta lyhyessä ajassa.
    .detail = { $seconds ->
        [one] Odota { $seconds } sekunti ja lähetä uudelleen.
       *[other] Odota { $seconds } sekuntia ja lähetä uudelleen.
    }
error-auth-unknown_persona = Tällaista esittelykäyttäjää ei ole.
    .detail = Katso esittelykäyttäjien lista.
error-person-unsupported_language = Tätä kieltä ei ole käytössä.
    .detail = Valitse fi, sv tai en.
error-server-unavailable = Palvelu ei ole nyt käytettävissä.
    .detail = Yritä hetken päästä uudelleen.
error-server-internal = Meillä tapahtui virhe.
    .detail = Yritä myöhemmin uudelleen. Jos virhe toistuu, kerro meille pyynnön numero { $request_id }.
error-auth-caseworker_only = Vain omatyöntekijä voi tehdä tämän.
    .detail = Pyydä apua omatyöntekijältäsi.
error-voucher-service_not_offered = Kunnalla ei ole palveluseteliä tähän palveluun.
    .detail = Tarkista palvelun koodi. Säännöt eivät ehkä ole voimassa päätöspäivänä.
error-voucher-invalid_period = Seteli päättyisi ennen kuin se alkaa.
    .detail = Viimeisen päivän pitää olla sama tai myöhempi kuin ensimmäisen.
error-voucher-validity_too_short = Seteli on liian lyhyt.
    .detail = Palvelun { $service } setelin pitää olla voimassa vähintään { $min ->
        [one] 1 kuukauden
       *[other] { $min } kuukautta
    }.
error-voucher-validity_too_long = Seteli on liian pitkä.
    .detail = Palvelun { $service } seteli voi aluksi olla voimassa enintään { $max ->
        [one] 1 kuukauden
       *[other] { $max } kuukautta
    }.
error-voucher-extension_too_long = Seteliä ei voi jatkaa näin pitkälle.
    .detail = Palvelun { $service } seteli voi olla voimassa yhteensä enintään { $max ->
        [one] 1 kuukauden
       *[other] { $max } kuukautta
    }.
error-voucher-exception_not_allowed = Tähän palveluun ei voi tehdä poikkeusta.
    .detail = Palvelun { $service } säännöissä ei ole korkeampia rajoja. Poista poikkeuksen peruste.
error-voucher-per_week_required = Kerro määrä viikossa.
    .detail = { $unit ->
        [hour] Lisää palvelun { $service } tunnit viikossa.
       *[day] Lisää palvelun { $service } toimintapäivät viikossa.
    }
error-voucher-per_week_out_of_range = Viikossa on liian paljon tai liian vähän.
    .detail = { $unit ->
        [hour] Palvelussa { $service } voi olla { $max ->
            [one] { $min }–1 tunti
           *[other] { $min }–{ $max } tuntia
        } viikossa.
       *[day] Palvelussa { $service } voi olla { $max ->
            [one] { $min }–1 toimintapäivä
           *[other] { $min }–{ $max } toimintapäivää
        } viikossa.
    }{ $exception_max ->
        [none] {""}
       *[other] {" "}Perustellusta syystä enintään { $exception_max }.
    }
error-voucher-hours_per_day_required = Kerro tunnit kerrallaan.
    .detail = { $per ->
        [session] Lisää palvelun { $service } tunnit kertaa kohden.
       *[day] Lisää palvelun { $service } tunnit päivässä.
    }
error-voucher-hours_per_day_out_of_range = Tunteja on kerrallaan liian paljon tai liian vähän.
    .detail = Palvelussa { $service } voi olla { $max ->
        [one] { $min }–1 tunti
       *[other] { $min }–{ $max } tuntia
    } { $per ->
        [session] kerrallaan.
       *[day] päivässä.
    }
error-voucher-term_not_applicable = Tässä palvelussa ei ole tällaista ehtoa.
    .detail = Poista kenttä "{ $field }" palvelusta { $service }.
error-voucher-group_join_closed = Ryhmään ei enää oteta uusia asiakkaita.
    .detail = Uudet asiakkaat saattoivat liittyä { $date } asti.
error-voucher-units_too_few = Myönnä vähintään yksi yksikkö.
    .detail = { $unit ->
        [hour] Myönnä palvelua { $service } vähintään yksi tunti.
       *[day] Myönnä palvelua { $service } vähintään yksi toimintapäivä.
    }
error-voucher-units_over_cap = Palveluun on liikaa yksiköitä.
    .detail = Palvelua { $service } on enintään { $unit ->
        [hour] { $max ->
            [one] 1 tunti
           *[other] { $max } tuntia
        }
       *[day] { $max ->
            [one] 1 toimintapäivä
           *[other] { $max } toimintapäivää
        }
    } { $months ->
        [one] 1 kuukaudessa
       *[other] { $months } kuukaudessa
    }.{ $exception_max ->
        [none] {""}
       *[other] {" "}Perustellusta syystä enintään { $exception_max }.
    }
error-voucher-units_over_plan = Yksiköitä on enemmän kuin viikkosuunnitelma sallii.
    .detail = { $unit ->
        [hour] { $per_week ->
            [one] 1 tunti
           *[other] { $per_week } tuntia
        } viikossa { $weeks ->
            [one] 1 viikon
           *[other] { $weeks } viikon
        } ajan on enintään { $max ->
            [one] 1 tunti
           *[other] { $max } tuntia
        }.
       *[day] { $per_week ->
            [one] 1 päivä
           *[other] { $per_week } päivää
        } viikossa { $weeks ->
            [one] 1 viikon
           *[other] { $weeks } viikon
        } ajan on enintään { $max ->
            [one] 1 päivä
           *[other] { $max } päivää
        }.
    }
error-voucher-decision_in_future = Päätöspäivä on tulevaisuudessa.
    .detail = Käytä päivää, jona päätös tehtiin.
error-voucher-starts_before_decision = Seteli alkaisi ennen päätöstä.
    .detail = Ensimmäinen päivä ei voi olla ennen päätöspäivää.
error-voucher-reason_required = Tarvitaan peruste.
    .detail = Kirjoita peruste muutamalla sanalla.
error-voucher-not_changeable = Tätä seteliä ei voi enää muuttaa.
    .detail = Seteli on päättynyt tai peruttu. Myönnä uusi seteli.
error-voucher-extension_shortens = Jatko ei voi lyhentää seteliä.
    .detail = Pidä viimeinen päivä ja yksiköt vähintään nykyisinä.
error-voucher-total_duration_exceeded = Asiakas saisi tätä palvelua liian pitkään.
    .detail = { $max ->
        [one] Tällaista palvelua voi saada yhteensä enintään 1 kuukauden.
       *[other] Tällaista palvelua voi saada yhteensä enintään { $max } kuukautta.
    } { $used ->
        [one] Asiakas on saanut sitä jo 1 kuukauden.
       *[other] Asiakas on saanut sitä jo { $used } kuukautta.
    }{ $reason ->
        [allowed] {" "}Kirjoitetulla perusteella voit sallia pidemmän ajan.
       *[none] {""}
    }
error-voucher-long_term_needs_more_days = Toimintapäiviä tarvitaan enemmän viikossa.
    .detail = Kun palvelua on ollut { $after ->
        [one] 1 kuukauden
       *[other] { $after } kuukautta
    }, päiviä tarvitaan vähintään { $min ->
        [one] 1
       *[other] { $min }
    } viikossa.
error-voucher-overlaps = Asiakkaalla on jo seteli tälle ajalle.
    .detail = Jatka asiakkaan nykyistä seteliä tai aloita uusi sen päätyttyä.
error-voucher-levels_overlap = Asiakkaalla on jo tälle ajalle seteli toiseen samanlaiseen palveluun.
    .detail = Nämä kaksi palvelua eivät voi olla voimassa yhtä aikaa. Aloita uusi seteli toisen päätyttyä.
error-voucher-consecutive_too_long = Palvelu jatkuisi yhtäjaksoisesti liian pitkään.
    .detail = { $max ->
        [one] Palvelun { $service } peräkkäiset setelit ovat yhteensä enintään 1 kuukauden.
       *[other] Palvelun { $service } peräkkäiset setelit ovat yhteensä enintään { $max } kuukautta.
    }
error-voucher-anchor_in_future = Päivä on tulevaisuudessa.
    .detail = Tarkista kenttä "{ $field }". Kirjaa päivä, jona asia tapahtui.
error-voucher-client_age_out_of_range = Asiakkaan ikä ei sovi tähän palveluun.
    .detail = { $max ->
        [one] Palvelun { $service } seteli on { $min }–{ $max } vuoden ikäisille ensimmäisenä päivänään.
       *[other] Palvelun { $service } seteli on { $min }–{ $max } vuoden ikäisille ensimmäisenä päivänään.
    } { $age ->
        [one] Asiakas on silloin 1 vuoden ikäinen.
       *[other] Asiakas on silloin { $age } vuoden ikäinen.
    }
error-voucher-extension_reason_required = Tavallista pidempi jakso tarvitsee perusteen.
    .detail = { $months ->
        [one] Palvelu { $service } kestää tavallisesti 1 kuukauden. Kirjoita, miksi sen pitää jatkua.
       *[other] Palvelu { $service } kestää tavallisesti { $months } kuukautta. Kirjoita, miksi sen pitää jatkua.
    }

## Palveluntuottajat
error-provider_search-radius_out_of_range = Tätä matkaa ei voi valita.
    .detail = Hae enintään { $max ->
        [one] 1 kilometrin
       *[other] { $max } kilometrin
    } päästä kotoa. Omatyöntekijä voi sallia pidemmän matkan.
error-provider_search-no_home = Kotiosoitteesi puuttuu.
    .detail = Tarvitsemme sen matkojen laskemiseen. Pyydä omatyöntekijää lisäämään se.
error-provider_search-compare_count = Valitse kahdesta neljään palveluntuottajaa.
    .detail = Voit verrata kahta, kolmea tai neljää palveluntuottajaa kerralla.
error-provider_search-not_available = Tämä palveluntuottaja ei käy palvelusetelillesi.
    .detail = Valitse palveluntuottaja hakutuloksista.
error-provider-staff_only = Vain palveluntuottajan työntekijä voi tehdä tämän.
    .detail = Kirjaudu työtunnuksellasi.
error-provider-legal_form_not_allowed = Säännöt eivät salli tällaista palveluntuottajaa.
    .detail = Palveluntuottaja on { $form }. Palvelua { $service } saavat tuottaa vain nämä: { $allowed }.
error-provider-service_not_offered = Kuntasi ei tarjoa tätä palvelua.
    .detail = Valitse palvelu, jolle kunnalla on säännöt.
error-provider-not_approved_yet = Tätä palveluntuottajaa ei ole hyväksytty.
    .detail = Hyväksy palveluntuottaja ensin. Sen jälkeen voit keskeyttää tai lopettaa sen.
error-provider-business_id_taken = Tämä Y-tunnus on jo rekisterissä.
    .detail = Etsi palveluntuottaja, jolla tunnus on.
error-business_id-format = Y-tunnus on väärässä muodossa.
    .detail = Kirjoita seitsemän numeroa, viiva ja yksi numero, esimerkiksi 1234567-1.
error-business_id-checksum = Y-tunnus ei ole oikea.
    .detail = Sen viimeinen numero ei täsmää. Tarkista tunnus.
error-provider-invalid_coordinates = Sijainti ei ole Suomessa.
    .detail = Tarkista leveysaste ja pituusaste. Älä vaihda niitä keskenään.
error-provider-text_required = Teksti puuttuu.
    .detail = Tarkista kenttä "{ $field }".
error-provider-text_not_plain = Lause on liian pitkä.
    .detail = Käytä kentässä "{ $field }" enintään { $max ->
        [one] 1 sana
       *[other] { $max } sanaa
    } lauseessa.
error-contact-invalid = Yhteystieto ei ole kelvollinen.
    .detail = Tarkista kenttä "{ $field }".
error-provider-too_few_work_tasks = Lisää työtehtäviä.
    .detail = Tähän palveluun tarvitaan vähintään { $min ->
        [one] 1 työtehtävä
       *[other] { $min } työtehtävää
    }.
error-provider-group_too_large = Ryhmä on liian suuri.
    .detail = Ryhmässä voi olla enintään { $max ->
        [one] 1 ihminen
       *[other] { $max } ihmistä
    }.
error-provider_search-voucher_ended = Tämä palveluseteli on päättynyt.
    .detail = Valitse palveluntuottaja voimassa olevalla setelillä. Pyydä uusi seteli omatyöntekijältä.
error-slot-in_past = Ajan pitää alkaa myöhemmin kuin nyt.
    .detail = Valitse tuleva aika.
error-slot-too_far = Aika on liian kaukana.
    .detail = Sen voi aloittaa enintään { $days ->
        [one] päivän päästä.
       *[other] { $days } päivän päästä.
    }
error-slot-invalid_period = Ajan pitää päättyä alun jälkeen.
    .detail = Tarkista alku ja loppu.
error-slot-too_long = Aika on liian pitkä.
    .detail = Se voi kestää enintään { $hours ->
        [one] tunnin.
       *[other] { $hours } tuntia.
    }
error-slot-capacity_out_of_range = Paikkojen määrä ei ole mahdollinen.
    .detail = Ajassa voi olla { $max ->
        [one] yksi paikka.
       *[other] 1–{ $max } paikkaa.
    }
error-slot-has_bookings = Joku on varannut tämän ajan.
    .detail = Et voi muuttaa sitä nyt. Voit perua sen ja kertoa syyn.
error-slot-withdrawn = Tämä aika on peruttu.
    .detail = Valitse toinen aika.
error-slot-started = Tämä aika on jo alkanut.
    .detail = Sitä ei voi muuttaa tai perua. Kirjaa, miten käynti meni.
error-slot-service_not_offered = Tässä toimipaikassa ei ole tätä palvelua.
    .detail = Lisää palvelu toimipaikalle ensin.
error-visit-slot_full = Tämä aika on täynnä.
    .detail = Valitse toinen aika.
error-visit-started = Käynti on jo alkanut.
    .detail = Et voi enää varata tai perua sitä.
error-visit-not_yet = Käynti ei ole vielä alkanut.
    .detail = Vastaa käynnin jälkeen.
error-visit-wrong_state = Tätä ei voi tehdä käynnille nyt.
    .detail = Tarkista, missä käynti on.
error-visit-already_booked = Sinulla on jo varattu käynti tähän paikkaan.
    .detail = Voit siirtää sen toiseen aikaan.
error-visit-move_other_provider = Käynnin voi siirtää vain saman palveluntuottajan toiseen aikaan.
    .detail = Varaa uusi käynti toiselta palveluntuottajalta.
error-visit-voucher_not_active = Tämä palveluseteli on päättynyt tai peruttu.
    .detail = Kysy omatyöntekijältäsi.
error-visit-after_voucher = Tämä aika on palvelusetelin päättymisen jälkeen.
    .detail = Valitse aika viimeistään { $until }.
error-visit-queue_start_out_of_range = Arvioidun aloituksen pitää olla palvelusetelin voimassaoloaikana.
    .detail = Valitse päivä väliltä { $from } – { $until }.
error-visit-service_mismatch = Tämä aika on toiseen palveluun.
    .detail = Valitse aika palvelusetelisi palveluun.
error-agreement-invalid_period = Sopimuksen pitää päättyä alun jälkeen.
    .detail = Tarkista ensimmäinen ja viimeinen päivä.
error-agreement-outside_voucher = Sopimus menee palvelusetelin ulkopuolelle.
    .detail = Se voi olla { $from } – { $until }.
error-agreement-per_week_out_of_range = Päivät viikossa eivät sovi palveluseteliin.
    .detail = Päiviä voi olla { $max ->
        [one] yksi viikossa.
       *[other] 1–{ $max } viikossa.
    }
error-agreement-term_not_applicable = Tässä palvelussa ei ole tällaista ehtoa.
    .detail = Poista kenttä "{ $field }".
error-agreement-hours_per_day_out_of_range = Tunnit päivässä eivät sovi palveluseteliin.
    .detail = Tunteja voi olla { $max ->
        [one] { $min }–1 päivässä.
       *[other] { $min }–{ $max } päivässä.
    }
error-agreement-meeting_place_required = Kerro, missä tapaamiset enimmäkseen ovat.
    .detail = Anna paikka ja sen sijainti tai kerro, että tavataan etänä.
error-agreement-meeting_place_too_far = Tapaamispaikka on liian kaukana asiakkaan kodista.
    .detail = Se voi olla enintään { $km ->
        [one] yhden kilometrin
       *[other] { $km } kilometrin
    } päässä kotoa, ellei omatyöntekijä salli enempää.
error-agreement-in_force_elsewhere = Asiakkaalla on sopimus toisen palveluntuottajan kanssa.
    .detail = Sen täytyy ensin päättyä omatyöntekijän suostumuksella.
error-agreement-voucher_not_valid = Palveluseteli on peruttu tai päättynyt.
    .detail = Sopimus tarvitsee voimassa olevan palvelusetelin. Kysy omatyöntekijältä.
error-agreement-ended = Tämä sopimus on päättynyt.
    .detail = Siihen ei voi enää tehdä muutoksia.
error-agreement-ending_day = Viimeinen päivä ei sovi sopimukseen.
    .detail = Se voi olla { $from } – { $until }.
error-agreement-ending_reason_not_allowed = Tämä syy ei ole sinun osapuolesi syy.
    .detail = Valitse syy oman osapuolesi listalta tai "muu".
error-agreement-ending_pending = Päättämisesitys odottaa jo omatyöntekijää.
    .detail = Odota omatyöntekijän päätöstä.
error-agreement-no_ending = Kukaan ei ole esittänyt tämän sopimuksen päättämistä.
    .detail = Päätettävää ei ole.
error-agreement-day_outside = Päivä ei sovi sopimukseen.
    .detail = Se voi olla { $from } – { $until }.
error-agreement-group_started = Ryhmä on jo alkanut.
    .detail = Ryhmän voi siirtää tai perua ennen sen ensimmäistä päivää.
error-agreement-group_delay_too_long = Ryhmä ei voi alkaa niin myöhään.
    .detail = Se voi alkaa viimeistään { $latest }.
