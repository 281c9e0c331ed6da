# Palveluseteli-lompakko. Selkokieli: lyhyet lauseet, tärkein asia ensin.
# $who on "self", kun asiakas lukee omasta setelistään, muuten "other".
# $reader on "self", "proxy" (valtakirjalla auttava) tai "caseworker".

units-phrase = { $unit ->
    [hour] { $units ->
        [one] { $units } tunti
       *[other] { $units } tuntia
    }
   *[day] { $units ->
        [one] { $units } toimintapäivä
       *[other] { $units } toimintapäivää
    }
}

voucher-summary-lead = { $status ->
    [upcoming] { $who ->
        [self] Sinulla on palveluseteli: { $service }. Se alkaa { $from }. Sen viimeinen voimassaolopäivä on { $until }.
       *[other] Asiakkaalla on palveluseteli: { $service }. Se alkaa { $from }. Sen viimeinen voimassaolopäivä on { $until }.
    }
    [expired] { $who ->
        [self] Palvelusetelisi päättyi { $until }. Palvelu oli { $service }.
       *[other] Asiakkaan palveluseteli päättyi { $until }. Palvelu oli { $service }.
    }
    [cancelled] { $who ->
        [self] Palvelusetelisi peruttiin { $cancelled }. Palvelu oli { $service }.
       *[other] Asiakkaan palveluseteli peruttiin { $cancelled }. Palvelu oli { $service }.
    }
   *[active] { $who ->
        [self] Sinulla on palveluseteli: { $service }. Sen viimeinen voimassaolopäivä on { $until }.
       *[other] Asiakkaalla on palveluseteli: { $service }. Sen viimeinen voimassaolopäivä on { $until }.
    }
}

voucher-summary-units = { $who ->
    [self] Sinulla on jäljellä { units-phrase }, arvoltaan { $value }.
   *[other] Asiakkaalla on jäljellä { units-phrase }, arvoltaan { $value }.
}

voucher-value = { $unit ->
    [hour] { $price } tunnilta, enintään { $total }.
   *[day] { $price } toimintapäivältä, enintään { $total }.
}
voucher-value-depends = { $unit ->
    [hour] Hinta riippuu siitä, missä tapaamiset ovat.
   *[day] Hinta riippuu siitä, missä palvelu on.
}

voucher-summary-contact = { $who ->
    [self] Omatyöntekijäsi on { $caseworker }. Kysy häneltä, jos tarvitset uuden setelin.
   *[other] Asiakkaan omatyöntekijä on { $caseworker }.
}

voucher-deadline-intro_visit = Varaa maksuton tutustumiskäynti viimeistään { $date }.
voucher-deadline-intro_visit-booked = { $who ->
        [self] Tutustumiskäyntisi paikkaan { $provider } on { $when }.
       *[other] Tutustumiskäynti paikkaan { $provider } on { $when }.
    }{ $late ->
        [late] {" "}Se varattiin määräajan jälkeen.
       *[in_time] {""}
    }
voucher-deadline-start-agreed = { $who ->
        [self] Palvelusi paikassa { $provider } alkaa { $date }.
       *[other] Palvelu paikassa { $provider } alkaa { $date }.
    }
voucher-deadline-start = Palvelun pitää alkaa viimeistään { $date }.
voucher-deadline-group_start = Ryhmä alkaa { $date }. Jos mukaan tulee liian vähän ihmisiä, se voi alkaa viimeistään { $latest }.

voucher-weekly-terms = { $unit ->
    [hour] Enintään { $per_week ->
        [one] 1 tunti
       *[other] { $per_week } tuntia
    } viikossa, enintään { $hours ->
        [one] 1 tunti
       *[other] { $hours } tuntia
    } kerrallaan.
   *[day] { $per_week ->
        [one] 1 toimintapäivä
       *[other] { $per_week } toimintapäivää
    } viikossa, { $hours ->
        [one] 1 tunti
       *[other] { $hours } tuntia
    } päivässä.
}
voucher-weekly-terms-open = { $unit ->
    [hour] { $reader ->
        [self] Sovit ajat palveluntuottajan kanssa.
        [proxy] Asiakas, jota autat, sopii ajat palveluntuottajan kanssa.
       *[caseworker] Asiakkaasi sopii ajat palveluntuottajan kanssa.
    }
   *[day] { $reader ->
        [self] Sovit päivät palveluntuottajan kanssa.
        [proxy] Asiakas, jota autat, sopii päivät palveluntuottajan kanssa.
       *[caseworker] Asiakkaasi sopii päivät palveluntuottajan kanssa.
    }
}

voucher-history = { $kind ->
    [anchors_recorded] { $by } kirjasi päivät, joista määräajat lasketaan.
    [over_total_allowed] { $total_months ->
        [one] { $by } salli yli 1 kuukauden yhteensä.
       *[other] { $by } salli yli { $total_months } kuukautta yhteensä.
    }
    [longer_period_allowed] { $months ->
        [one] { $by } salli yli 1 kuukauden yhtäjaksoisesti.
       *[other] { $by } salli yli { $months } kuukautta yhtäjaksoisesti.
    }
    [extended] { $by } jatkoi seteliä. Viimeinen voimassaolopäivä on nyt { $until }.
    [out_of_area_permitted] { $by } salli kauempana olevan palveluntuottajan.
    [cancelled] { $by } perui setelin.
   *[issued] { $by } myönsi setelin. Sen viimeinen voimassaolopäivä on { $until }.
}
