# Plånboken för servicesedlar. Lättläst svenska: korta meningar, det viktigaste först.
# $who är "self" när klienten läser om sin egen sedel, annars "other".
# $reader är "self", "proxy" (en hjälpare med fullmakt) eller "caseworker".

units-phrase = { $unit ->
    [hour] { $units ->
        [one] { $units } timme
       *[other] { $units } timmar
    }
   *[day] { $units ->
        [one] { $units } aktivitetsdag
       *[other] { $units } aktivitetsdagar
    }
}

voucher-summary-lead = { $status ->
    [upcoming] { $who ->
        [self] Du har en servicesedel för { $service }. Den gäller från { $from } till och med { $until }.
       *[other] Klienten har en servicesedel för { $service }. Den gäller från { $from } till och med { $until }.
    }
    [expired] { $who ->
        [self] Din servicesedel för { $service } gick ut { $until }.
       *[other] Klientens servicesedel för { $service } gick ut { $until }.
    }
    [cancelled] { $who ->
        [self] Din servicesedel för { $service } avbröts { $cancelled }.
       *[other] Klientens servicesedel för { $service } avbröts { $cancelled }.
    }
   *[active] { $who ->
        [self] Du har en servicesedel för { $service }. Den gäller till och med { $until }.
       *[other] Klienten har en servicesedel för { $service }. Den gäller till och med { $until }.
    }
}

voucher-summary-units = { $who ->
    [self] Du har { units-phrase } kvar, värda { $value }.
   *[other] Klienten har { units-phrase } kvar, värda { $value }.
}

voucher-value = { $unit ->
    [hour] { $price } i timmen, högst { $total }.
   *[day] { $price } per aktivitetsdag, högst { $total }.
}
voucher-value-depends = { $unit ->
    [hour] Priset beror på var träffarna är.
   *[day] Priset beror på var tjänsten är.
}

voucher-summary-contact = { $who ->
    [self] Din handläggare är { $caseworker }. Fråga hen om du behöver en ny sedel.
   *[other] Klientens handläggare är { $caseworker }.
}

voucher-deadline-intro_visit = Boka ett gratis introduktionsbesök senast { $date }.
voucher-deadline-intro_visit-booked = { $who ->
        [self] Ditt introduktionsbesök hos { $provider } är { $when }.
       *[other] Introduktionsbesöket hos { $provider } är { $when }.
    }{ $late ->
        [late] {" "}Det bokades efter tidsfristen.
       *[in_time] {""}
    }
voucher-deadline-start-agreed = { $who ->
        [self] Din service hos { $provider } börjar { $date }.
       *[other] Servicen hos { $provider } börjar { $date }.
    }
voucher-deadline-start = Tjänsten ska börja senast { $date }.
voucher-deadline-group_start = Gruppen börjar { $date }. Om för få kommer med kan den börja senast { $latest }.

voucher-weekly-terms = { $unit ->
    [hour] Högst { $per_week ->
        [one] 1 timme
       *[other] { $per_week } timmar
    } i veckan, högst { $hours ->
        [one] 1 timme
       *[other] { $hours } timmar
    } åt gången.
   *[day] { $per_week ->
        [one] 1 aktivitetsdag
       *[other] { $per_week } aktivitetsdagar
    } i veckan, { $hours ->
        [one] 1 timme
       *[other] { $hours } timmar
    } om dagen.
}
voucher-weekly-terms-open = { $unit ->
    [hour] { $reader ->
        [self] Du kommer överens om tiderna med serviceproducenten.
        [proxy] Klienten som du hjälper kommer överens om tiderna med serviceproducenten.
       *[caseworker] Din klient kommer överens om tiderna med serviceproducenten.
    }
   *[day] { $reader ->
        [self] Du kommer överens om dagarna med serviceproducenten.
        [proxy] Klienten som du hjälper kommer överens om dagarna med serviceproducenten.
       *[caseworker] Din klient kommer överens om dagarna med serviceproducenten.
    }
}

voucher-history = { $kind ->
    [anchors_recorded] { $by } antecknade dagarna som tidsfristerna räknas från.
    [over_total_allowed] { $total_months ->
        [one] { $by } tillät mer än 1 månad sammanlagt.
       *[other] { $by } tillät mer än { $total_months } månader sammanlagt.
    }
    [longer_period_allowed] { $months ->
        [one] { $by } tillät mer än 1 månad i följd.
       *[other] { $by } tillät mer än { $months } månader i följd.
    }
    [extended] { $by } förlängde sedeln till och med { $until }.
    [out_of_area_permitted] { $by } tillät en serviceproducent längre bort.
    [cancelled] { $by } avbröt sedeln.
   *[issued] { $by } beviljade sedeln. Den gäller till och med { $until }.
}
