# The voucher wallet. Plain English: short sentences, the important thing first.
# $who is "self" when the client reads about their own voucher, otherwise "other".
# $reader is "self", "proxy" (a helper with a power of attorney) or "caseworker".

units-phrase = { $unit ->
    [hour] { $units ->
        [one] { $units } hour
       *[other] { $units } hours
    }
   *[day] { $units ->
        [one] { $units } activity day
       *[other] { $units } activity days
    }
}

voucher-summary-lead = { $status ->
    [upcoming] { $who ->
        [self] You have a voucher for { $service }. It is valid from { $from } up to and including { $until }.
       *[other] The client has a voucher for { $service }. It is valid from { $from } up to and including { $until }.
    }
    [expired] { $who ->
        [self] Your voucher for { $service } ended on { $until }.
       *[other] The client's voucher for { $service } ended on { $until }.
    }
    [cancelled] { $who ->
        [self] Your voucher for { $service } was cancelled on { $cancelled }.
       *[other] The client's voucher for { $service } was cancelled on { $cancelled }.
    }
   *[active] { $who ->
        [self] You have a voucher for { $service }. It is valid up to and including { $until }.
       *[other] The client has a voucher for { $service }. It is valid up to and including { $until }.
    }
}

voucher-summary-units = { $who ->
    [self] You have { units-phrase } left, worth { $value }.
   *[other] The client has { units-phrase } left, worth { $value }.
}

voucher-value = { $unit ->
    [hour] { $price } an hour, at most { $total }.
   *[day] { $price } an activity day, at most { $total }.
}
voucher-value-depends = { $unit ->
    [hour] The price depends on where the meetings are.
   *[day] The price depends on where the service is.
}

voucher-summary-contact = { $who ->
    [self] Your caseworker is { $caseworker }. Ask them if you need a new voucher.
   *[other] The client's caseworker is { $caseworker }.
}

voucher-deadline-intro_visit = Book a free intro visit by { $date }.
voucher-deadline-intro_visit-booked = { $who ->
        [self] Your intro visit to { $provider } is on { $when }.
       *[other] The intro visit to { $provider } is on { $when }.
    }{ $late ->
        [late] {" "}It was booked after the deadline.
       *[in_time] {""}
    }
voucher-deadline-start-agreed = { $who ->
        [self] Your service with { $provider } starts on { $date }.
       *[other] The service with { $provider } starts on { $date }.
    }
voucher-deadline-start = The service must start by { $date }.
voucher-deadline-group_start = The group starts on { $date }. If too few join, it may start by { $latest } at the latest.

voucher-weekly-terms = { $unit ->
    [hour] Up to { $per_week ->
        [one] 1 hour
       *[other] { $per_week } hours
    } a week, up to { $hours ->
        [one] 1 hour
       *[other] { $hours } hours
    } at a time.
   *[day] { $per_week ->
        [one] 1 activity day
       *[other] { $per_week } activity days
    } a week, { $hours ->
        [one] 1 hour
       *[other] { $hours } hours
    } a day.
}
voucher-weekly-terms-open = { $unit ->
    [hour] { $reader ->
        [self] You agree on the times with the provider.
        [proxy] The client you help agrees on the times with the provider.
       *[caseworker] Your client agrees on the times with the provider.
    }
   *[day] { $reader ->
        [self] You agree on the days with the provider.
        [proxy] The client you help agrees on the days with the provider.
       *[caseworker] Your client agrees on the days with the provider.
    }
}

voucher-history = { $kind ->
    [anchors_recorded] { $by } recorded the dates the deadlines count from.
    [over_total_allowed] { $total_months ->
        [one] { $by } allowed more than 1 month in all.
       *[other] { $by } allowed more than { $total_months } months in all.
    }
    [longer_period_allowed] { $months ->
        [one] { $by } allowed more than 1 month in a row.
       *[other] { $by } allowed more than { $months } months in a row.
    }
    [extended] { $by } extended the voucher up to and including { $until }.
    [out_of_area_permitted] { $by } allowed a provider farther away.
    [cancelled] { $by } cancelled the voucher.
   *[issued] { $by } issued the voucher, valid up to and including { $until }.
}
