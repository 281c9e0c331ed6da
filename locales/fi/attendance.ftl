# Toimintapäivät: kirjautumiset, palveluntuottajan vastaus, poissaolot, tapaamiset ja
# toimipaikan koodi. Selkokieltä: lyhyet lauseet, tärkein ensin.

## Lokin toiminnot.
action-day-view = Toimintapäivien katsominen
    .sentence = { $who ->
        [self] Katsoit toimintapäiviäsi.
       *[other] { $actor } katsoi toimintapäiviäsi.
    }
action-day-check_in = Paikalle kirjautuminen
    .sentence = { $who ->
        [self] Kirjauduit paikalle.
       *[other] { $actor } kirjasi sinut paikalle.
    }
action-day-report_absence = Poissaolon ilmoittaminen
    .sentence = { $who ->
        [self] Ilmoitit poissaolon.
       *[other] { $actor } ilmoitti poissaolostasi.
    }
action-day-confirm = Toimintapäivän vahvistaminen
    .sentence = { $who ->
        [self] Vahvistit toimintapäivän.
       *[other] { $actor } vahvisti toimintapäiväsi.
    }
action-day-correct = Toimintapäivän korjaaminen
    .sentence = { $who ->
        [self] Korjasit toimintapäivän.
       *[other] { $actor } korjasi toimintapäiväsi.
    }
action-day-reject = Kirjautumisen hylkääminen
    .sentence = { $who ->
        [self] Hylkäsit kirjautumisen.
       *[other] { $actor } hylkäsi kirjautumisesi.
    }
action-day-record = Toimintapäivän kirjaaminen
    .sentence = { $who ->
        [self] Kirjasit toimintapäivän.
       *[other] { $actor } kirjasi toimintapäiväsi.
    }
action-day-absence = Poissaolon kirjaaminen
    .sentence = { $who ->
        [self] Kirjasit poissaolon.
       *[other] { $actor } kirjasi poissaolosi.
    }
action-day-list = Toimintapäivien listaaminen
    .sentence = { $who ->
        [self] Katsoit toimintapäivien listaa.
       *[other] { $actor } katsoi toimintapäivien listaa.
    }
action-meeting-plan = Tapaamisen suunnittelu
    .sentence = { $who ->
        [self] Suunnittelit tapaamisen.
       *[other] { $actor } suunnitteli tai muutti tapaamistasi.
    }
action-meeting-cancel = Tapaamisen peruminen
    .sentence = { $who ->
        [self] Peruit tapaamisen.
       *[other] { $actor } perui tapaamisesi.
    }
action-meeting-no_show = Väliin jääneen tapaamisen kirjaaminen
    .sentence = { $who ->
        [self] Kirjasit väliin jääneen tapaamisen.
       *[other] { $actor } kirjasi, että tapaamisesi jäi väliin.
    }
action-site-code = Toimipaikan koodin näyttäminen
    .sentence = { $who ->
        [self] Näytit toimipaikan koodin.
       *[other] { $actor } näytti toimipaikan koodin.
    }

## Poissaolot.
absence-reported = Ilmoitettu poissaolo
absence-authorised = Hyväksytty poissaolo
absence-unauthorised = Luvaton poissaolo
absence-sent-home = Lähetetty kotiin
absence-reason-sick = Sairausloma
absence-reason-family = Perheen syy
absence-reason-appointment = Lääkäri tai muu käynti
absence-reason-other = Muu syy
absence-reason-authorised = Hyväksytty poissaolo
absence-reason-unauthorised = Luvaton poissaolo
absence-reason-sent-home = Lähetetty kotiin
absence-reason-did-not-come = Ei tullut
absence-reason-cancelled-same-day = Peruttu samana päivänä

## Yksi päivä ja kuukausi.
day-summary = { $status ->
        [pending] { $date }: odottaa palveluntuottajan vahvistusta.
        [confirmed] { $date }: vahvistettu.
        [corrected] { $date }: vahvistettu korjattuna.
        [rejected] { $date }: palveluntuottaja hylkäsi sen.
        [absent] { $date }: poissa.
       *[no_show] { $date }: tapaaminen jäi väliin.
    } { $verified ->
        [yes] Kirjauduttu paikan päällä.
       *[no] { "" }
    }
month-summary = { $confirmed ->
        [0] Tässä kuussa ei ole vielä vahvistettu mitään.
        [one] Tässä kuussa on vahvistettu yksi yksikkö.
       *[other] Tässä kuussa on vahvistettu { $confirmed } yksikköä.
    } { $pending ->
        [0] { "" }
        [one] Yksi yksikkö odottaa palveluntuottajaa.
       *[other] { $pending } yksikköä odottaa palveluntuottajaa.
    } { $absences ->
        [0] { "" }
        [one] Yksi poissaolo.
       *[other] { $absences } poissaoloa.
    }

## Ilmoitukset.
notification-day-confirmed = { $provider } vahvisti toimintapäiväsi { $date }.
    .title = Päivä vahvistettu
notification-day-corrected = { $provider } korjasi toimintapäiväsi { $date }. Syy: { $reason }
    .title = Päivää korjattiin
notification-day-rejected = { $provider } hylkäsi kirjautumisesi päivälle { $date }. Syy: { $reason }
    .title = Kirjautuminen hylättiin
notification-meeting-planned = { $provider }: tapaamisesi on { $when }. { $side ->
        [remote] Se on etätapaaminen.
       *[place] { $address }
    }
    .title = Tapaaminen
notification-meeting-cancelled = { $reader ->
        [client] { $provider } perui tapaamisesi { $when }. Saat uuden ajan.
       *[other] { $client } perui tapaamisen { $when }.
    }
    .title = Tapaaminen peruttiin
notification-client-absent = { $reader ->
        [client] Poissaolosi { $date } on kirjattu.
       *[other] { $client } on poissa { $date }: { $reason_text }.
    }
    .title = Poissaolo
notification-client-sent-home = { $reader ->
        [client] Sinut lähetettiin kotiin { $date }.
       *[other] { $provider } lähetti asiakkaan { $client } kotiin { $date }. Syy: { $reason }
    }
    .title = Lähetetty kotiin
notification-client-no-show = { $reader ->
        [client] Tapaamisesi { $date } jäi väliin.
       *[other] { $client } ei tullut tapaamiseen { $date }. Ota yhteyttä asiakkaaseen heti.
    }
    .title = Tapaaminen jäi väliin
notification-client-no-shows-repeated = { $reader ->
        [client] Kaksi tapaamistasi jäi väliin peräkkäin.
       *[other] { $client } jätti kaksi tapaamista väliin peräkkäin, viimeksi { $date }.
    }
    .title = Tapaamisia jäi väliin

## Omatyöntekijän saapuneet.
inbox-absence = { $client }: poissa { $date }, { $provider }. { $reason_text }.
    .next = Varmista, että asiakas voi hyvin.
inbox-no-show = { $client }: tapaaminen jäi väliin { $date }, { $provider }.
    .next = Ota yhteyttä asiakkaaseen, jos tämä toistuu.
inbox-deviation = { $client }: { $kind ->
        [rejected] { $provider } hylkäsi kirjautumisen päivälle { $date }.
        [corrected] { $provider } korjasi päivää { $date }.
        [late] kirjautuminen päivälle { $date } tuli myöhässä.
       *[unverified] kirjautumista päivälle { $date } ei tehty paikan päällä.
    }
    .next = Ei toimenpiteitä, ellei tämä toistu usein.

inbox-guidance-short = { $client }: { $hours ->
        [0] ei yksilöohjausta
        [one] yksi tunti yksilöohjausta
       *[other] { $hours } tuntia yksilöohjausta
    }, { $provider }, { $date } – { $until }. { $min ->
        [one] Sääntö vaatii yhden tunnin.
       *[other] Sääntö vaatii { $min } tuntia.
    }
    .next = Kysy palveluntuottajalta ohjauksesta.

## Virheet.
error-attendance-in_future = Et voi kirjautua päivälle, joka ei ole vielä tullut.
    .detail = Kirjaudu samana päivänä.
error-attendance-too_late = Päivä on liian kaukana menneisyydessä.
    .detail = { $days ->
        [one] Voit lähettää kirjautumisen enintään päivää myöhemmin.
       *[other] Voit lähettää kirjautumisen enintään { $days } päivää myöhemmin.
    } Aikaisin päivä on { $from }.
error-attendance-arrival_not_on_day = Saapumisaika ei ole sinä päivänä.
    .detail = Anna aika samalta päivältä, ei tulevaisuudesta.
error-attendance-outside_voucher = Päivä on palvelusetelin ulkopuolella.
    .detail = Seteli on voimassa { $from } – { $until }.
error-attendance-outside_agreement = Päivä on sopimuksen ulkopuolella.
    .detail = Sopimus on voimassa { $from } – { $until }.
error-attendance-no_agreement = Voimassa olevaa sopimusta ei ole.
    .detail = Vahvista ensin sopimus palveluntuottajan kanssa.
error-attendance-interrupted = Palvelu on keskeytetty.
    .detail = Päivän { $date } jälkeen ei kirjata mitään. Kysy omatyöntekijältä.
error-attendance-twice = Tämä päivä on jo kirjattu.
    .detail = Päivä lasketaan kerran. Katso kirjattu päivä.
error-attendance-week_full = Tämä viikko on täynnä.
    .detail = { $unit ->
        [hour] { $count ->
            [one] Sopimus sallii yhden tunnin viikossa.
           *[other] Sopimus sallii { $count } tuntia viikossa.
        }
       *[day] { $count ->
            [one] Sopimus sallii yhden päivän viikossa.
           *[other] Sopimus sallii { $count } päivää viikossa.
        }
    }
error-attendance-units_used_up = Setelissä ei ole tähän enää yksiköitä.
    .detail = { $unit ->
        [hour] { $count ->
            [0] Tunteja ei ole jäljellä.
            [one] Jäljellä on yksi tunti.
           *[other] Jäljellä on { $count } tuntia.
        }
       *[day] { $count ->
            [0] Päiviä ei ole jäljellä.
            [one] Jäljellä on yksi päivä.
           *[other] Jäljellä on { $count } päivää.
        }
    }
error-attendance-hours_required = Kerro tuntien määrä.
    .detail = Tämä palvelu lasketaan tunteina.
error-attendance-hours_out_of_range = Tunnit eivät sovi sääntöihin.
    .detail = { $max ->
        [one] Se voi olla { $min }–1 tunti.
       *[other] Se voi olla { $min }–{ $max } tuntia.
    }
error-attendance-hours_not_taken = Tämä palvelu lasketaan päivinä.
    .detail = Jätä tunnit pois.
error-attendance-remote_not_allowed = Tätä palvelua ei anneta etänä.
    .detail = Jätä "etä" pois.
error-attendance-remote_share = Liian suuri osa valmennuksesta olisi etänä.
    .detail = { $percent ->
        [one] Etänä voi olla enintään yksi prosentti.
       *[other] Etänä voi olla enintään { $percent } prosenttia.
    } { $count ->
        [one] Se on yksi tunti.
       *[other] Se on { $count } tuntia.
    }
error-attendance-code_wrong = Koodi ei ole oikea.
    .detail = Tarkista koodi paikan päällä ja yritä uudelleen. Se vaihtuu 30 sekunnin välein.
error-attendance-code_tries = Liian monta väärää koodia.
    .detail = { $seconds ->
        [one] Yritä uudelleen sekunnin päästä.
       *[other] Yritä uudelleen { $seconds } sekunnin päästä.
    }
error-attendance-day_decided = Päivästä on jo päätetty.
    .detail = Katso päivä sellaisena kuin se nyt on.
error-attendance-absence_too_far = Päivä on liian kaukana.
    .detail = { $days ->
        [one] Voit ilmoittaa poissaolon enintään päivää etukäteen.
       *[other] Voit ilmoittaa poissaolon enintään { $days } päivää etukäteen.
    }
error-meeting-not_for_service = Tässä palvelussa ei ole tapaamisia.
    .detail = Tapaamiset ovat tunteina laskettaville palveluille.
error-meeting-in_past = Aika on jo mennyt.
    .detail = Valitse aika, joka ei ole vielä tullut.
error-meeting-day_taken = Sille päivälle on jo tapaaminen.
    .detail = Siirrä sitä tapaamista tai valitse toinen päivä.
error-meeting-not_scheduled = Tapaamista ei ole enää suunniteltu.
    .detail = Se on peruttu.
error-meeting-not_yet = Tapaaminen ei ole vielä alkanut.
    .detail = Kirjaa väliin jäänyt tapaaminen sen alun jälkeen.
