# Palveluntuottajan valinta: nimet, aloitusaika ja vertailu. Selkokieli: lyhyet lauseet,
# tärkein asia ensin, tutut sanat.

## Oikeudelliset muodot
legal-form-association = Rekisteröity yhdistys
legal-form-foundation = Säätiö
legal-form-cooperative = Osuuskunta
legal-form-company = Yritys
legal-form-municipality = Kunta
legal-form-joint_municipal_authority = Kuntayhtymä
legal-form-state_agency = Valtion virasto
legal-form-religious_community = Rekisteröity uskonnollinen yhdyskunta
legal-form-other = Muu yhteisö

## Kahden kesken tai ryhmässä
form-individual = Kahden kesken
form-group = Ryhmässä

## Työtehtävät
work-task-kitchen = Keittiötyö
work-task-cleaning = Siivous
work-task-carpentry = Puutyö
work-task-textiles = Ompelu ja tekstiilit
work-task-gardening = Puutarhatyö
work-task-recycling = Kierrätys
work-task-office = Toimistotyö
work-task-warehouse = Varastotyö
work-task-property_maintenance = Kiinteistön hoito
work-task-sales = Kauppatyö

## Ryhmien aiheet
group-theme-everyday_skills = Arjen taidot
group-theme-wellbeing = Hyvinvointi
group-theme-exercise = Liikunta
group-theme-cooking = Ruoanlaitto
group-theme-arts = Taide ja musiikki
group-theme-nature = Luonto
group-theme-digital_skills = Tietokoneen ja puhelimen käyttö
group-theme-job_seeking = Työnhaku
group-theme-peer_support = Vertaistuki

## Palvelun kielet
language-fi = suomi
language-sv = ruotsi
language-en = englanti
language-se = saame
language-ru = venäjä
language-et = viro
language-uk = ukraina
language-ar = arabia
language-so = somali

## Kunnan päätös
approval-status-approved = Hyväksytty
approval-status-suspended = Tauolla
approval-status-withdrawn = Päättynyt

## Ruoka
meal-heating = Voit lämmittää omat eväät
meal-hot = Lämmin ateria

## Järjestys
sort-distance = Lähin ensin
sort-next_start = Aikaisin aloitus ensin

## Milloin voit aloittaa
availability-free = { $count ->
    [one] Yksi paikka on vapaana.
   *[other] { $count } paikkaa on vapaana.
}
availability-full = Vapaita paikkoja ei nyt ole.
availability-queue = { $count ->
    [one] Yksi ihminen odottaa.
   *[other] { $count } ihmistä odottaa.
}
availability-next-start = Voit aloittaa { $date }.

## Yhden yksikön hinta
price-per-unit = { $unit ->
    [hour] { $price } tunnilta
   *[day] { $price } päivältä
}

## Vertailun arvot
value-yes = Kyllä
value-no = Ei
value-none = Ei ole
value-unknown = Ei tiedossa

## Vertailun rivit
compare-distance = Matka kotoa
compare-unit-price = Hinta
compare-form = Miten tapaatte
compare-work-tasks = Työtehtävät
compare-group-themes = Ryhmien aiheet
compare-languages = Kielet
compare-step-free = Ei portaita
compare-partial-work-ability = Sopii osittaiselle työkyvylle
compare-meal = Ruoka
compare-group-size-max = Suurin ryhmä
compare-free-places = Vapaat paikat
compare-queue-length = Odottajat
compare-next-start = Seuraava aloitus
compare-responsible-person = Vastuuhenkilö
compare-address = Osoite
