# Att välja serviceproducent: namn, när man kan börja och jämförelsen. Lättläst svenska: korta
# meningar, det viktigaste först, vanliga ord.

## Juridiska former
legal-form-association = Registrerad förening
legal-form-foundation = Stiftelse
legal-form-cooperative = Andelslag
legal-form-company = Företag
legal-form-municipality = Kommun
legal-form-joint_municipal_authority = Samkommun
legal-form-state_agency = Statlig myndighet
legal-form-religious_community = Registrerat religiöst samfund
legal-form-other = Annan organisation

## Ensam eller i grupp
form-individual = Ensam med en coach
form-group = I en grupp

## Arbetsuppgifter
work-task-kitchen = Köksarbete
work-task-cleaning = Städning
work-task-carpentry = Träarbete
work-task-textiles = Sömnad och textil
work-task-gardening = Trädgårdsarbete
work-task-recycling = Återvinning
work-task-office = Kontorsarbete
work-task-warehouse = Lagerarbete
work-task-property_maintenance = Fastighetsskötsel
work-task-sales = Butiksarbete

## Gruppernas teman
group-theme-everyday_skills = Vardagskunskaper
group-theme-wellbeing = Välmående
group-theme-exercise = Motion
group-theme-cooking = Matlagning
group-theme-arts = Konst och musik
group-theme-nature = Natur
group-theme-digital_skills = Att använda dator och telefon
group-theme-job_seeking = Att söka arbete
group-theme-peer_support = Kamratstöd

## Språk
language-fi = finska
language-sv = svenska
language-en = engelska
language-se = samiska
language-ru = ryska
language-et = estniska
language-uk = ukrainska
language-ar = arabiska
language-so = somaliska

## Kommunens beslut
approval-status-approved = Godkänd
approval-status-suspended = Pausad
approval-status-withdrawn = Avslutad

## Mat
meal-heating = Du kan värma din egen mat
meal-hot = Varm måltid

## Ordning
sort-distance = Närmast först
sort-next_start = Tidigaste start först

## När du kan börja
availability-free = { $count ->
    [one] En plats är ledig.
   *[other] { $count } platser är lediga.
}
availability-full = Inga platser är lediga nu.
availability-queue = { $count ->
    [one] En person väntar.
   *[other] { $count } personer väntar.
}
availability-next-start = Du kan börja { $date }.

## Pris för en enhet
price-per-unit = { $unit ->
    [hour] { $price } per timme
   *[day] { $price } per dag
}

## Värden i jämförelsen
value-yes = Ja
value-no = Nej
value-none = Inga
value-unknown = Inte känt

## Raderna i jämförelsen
compare-distance = Avstånd hemifrån
compare-unit-price = Pris
compare-form = Hur ni träffas
compare-work-tasks = Arbetsuppgifter
compare-group-themes = Gruppernas teman
compare-languages = Språk
compare-step-free = Inga trappor
compare-partial-work-ability = Passar partiell arbetsförmåga
compare-meal = Mat
compare-group-size-max = Största grupp
compare-free-places = Lediga platser
compare-queue-length = Väntande
compare-next-start = Nästa start
compare-responsible-person = Ansvarsperson
compare-address = Adress
