# Choosing a provider: labels, availability and the comparison. Plain English: short sentences,
# the important thing first, everyday words.

## Legal forms
legal-form-association = Registered association
legal-form-foundation = Foundation
legal-form-cooperative = Cooperative
legal-form-company = Company
legal-form-municipality = Municipality
legal-form-joint_municipal_authority = Joint municipal authority
legal-form-state_agency = State agency
legal-form-religious_community = Registered religious community
legal-form-other = Other organisation

## One to one, or in a group
form-individual = One to one
form-group = In a group

## Work tasks
work-task-kitchen = Kitchen work
work-task-cleaning = Cleaning
work-task-carpentry = Woodwork
work-task-textiles = Sewing and textiles
work-task-gardening = Gardening
work-task-recycling = Recycling
work-task-office = Office work
work-task-warehouse = Warehouse work
work-task-property_maintenance = Building care
work-task-sales = Shop work

## Group themes
group-theme-everyday_skills = Everyday skills
group-theme-wellbeing = Wellbeing
group-theme-exercise = Exercise
group-theme-cooking = Cooking
group-theme-arts = Art and music
group-theme-nature = Nature
group-theme-digital_skills = Using a computer and phone
group-theme-job_seeking = Looking for work
group-theme-peer_support = Peer support

## Languages of service
language-fi = Finnish
language-sv = Swedish
language-en = English
language-se = Sámi
language-ru = Russian
language-et = Estonian
language-uk = Ukrainian
language-ar = Arabic
language-so = Somali

## A municipality's decision
approval-status-approved = Approved
approval-status-suspended = Paused
approval-status-withdrawn = Ended

## Meals
meal-heating = You can heat your own food
meal-hot = Hot meal

## Sort order
sort-distance = Nearest first
sort-next_start = Earliest start first

## When you can start
availability-free = { $count ->
    [one] One place is free.
   *[other] { $count } places are free.
}
availability-full = No places are free now.
availability-queue = { $count ->
    [one] One person is waiting.
   *[other] { $count } people are waiting.
}
availability-next-start = You can start on { $date }.

## Price for one unit
price-per-unit = { $unit ->
    [hour] { $price } an hour
   *[day] { $price } a day
}

## Values in the comparison
value-yes = Yes
value-no = No
value-none = None
value-unknown = Not known

## Rows of the comparison
compare-distance = Distance from home
compare-unit-price = Price
compare-form = How you meet
compare-work-tasks = Work tasks
compare-group-themes = Group themes
compare-languages = Languages
compare-step-free = No steps
compare-partial-work-ability = Suits partial work ability
compare-meal = Meal
compare-group-size-max = Largest group
compare-free-places = Free places
compare-queue-length = People waiting
compare-next-start = Next start
compare-responsible-person = Responsible person
compare-address = Address
