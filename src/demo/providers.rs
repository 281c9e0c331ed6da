//! The demo's providers: made-up organisations around Heinola and Kuopio, registered and
//! approved by the caseworkers, their sites and offers published by their staff.

use chrono::{DateTime, Days, Duration, Utc};

use super::personas::{self, PROVIDER_HEINOLA, PROVIDER_KUOPIO};
use super::{actor, as_persona};
use crate::access::door::{Door, Org};
use crate::access::{MunicipalityAction, ProviderAction};
use crate::db::DbConnection;
use crate::error::{AppError, ErrorCode};
use crate::geo::Coordinates;
use crate::i18n::Translations;
use crate::persons::{self, Role};
use crate::providers::business_id::BusinessId;
use crate::providers::input::ParsedSite;
use crate::providers::repo::{self, ProviderRow};
use crate::providers::work::{self, Decision};
use crate::providers::{Offering, Responsible};
use crate::vocab::{ApprovalStatus, Form, GroupTheme, LegalForm, ServiceLanguage, WorkTask};

// Providers: made-up organisations around Heinola and Kuopio. Some sites are within 20 km of the
// demo clients and some beyond; one has a queue; one is a company, which Kuopio may buy
// individual coaching from but Heinola may never buy rehabilitative work from, and one a
// cooperative, which is not on Heinola's list either (H §1.1).

struct DemoProvider {
    id: &'static str,
    name: &'static str,
    business_number: u32,
    legal_form: LegalForm,
    phone: &'static str,
    website: &'static str,
    description: [&'static str; 3],
    sites: &'static [DemoSite],
    /// (municipality, service) approvals.
    approvals: &'static [(&'static str, &'static str)],
}

struct DemoSite {
    id: &'static str,
    name: &'static str,
    street: &'static str,
    postal_code: &'static str,
    city: &'static str,
    at: (f64, f64),
    offers: &'static [DemoOffer],
}

struct DemoOffer {
    service: &'static str,
    form: Form,
    work_tasks: &'static [WorkTask],
    group_themes: &'static [GroupTheme],
    languages: &'static [ServiceLanguage],
    step_free: bool,
    partial_work_ability: bool,
    meal_heating: bool,
    hot_meal: bool,
    group_size_max: Option<i32>,
    free_places: i32,
    queue_length: i32,
    /// The next start this many days from the seeding day.
    next_start_in_days: Option<u64>,
    responsible: (&'static str, &'static str),
    description: [&'static str; 3],
}

const OFFER: DemoOffer = DemoOffer {
    service: "rwa_basic",
    form: Form::Individual,
    work_tasks: &[],
    group_themes: &[],
    languages: &[ServiceLanguage::Fi],
    step_free: true,
    partial_work_ability: true,
    meal_heating: true,
    hot_meal: false,
    group_size_max: None,
    free_places: 2,
    queue_length: 0,
    next_start_in_days: Some(7),
    responsible: ("Anna Ohjaaja", "040 123 4567"),
    description: [
        "Teet työtä omaan tahtiin. Ohjaaja auttaa sinua.",
        "Du arbetar i din egen takt. En handledare hjälper dig.",
        "You work at your own pace. An instructor helps you.",
    ],
};

const DEMO_PROVIDERS: &[DemoProvider] = &[
    DemoProvider {
        id: PROVIDER_HEINOLA,
        name: "Työpaja Kipinä ry",
        business_number: 2_345_678,
        legal_form: LegalForm::Association,
        phone: "03 123 4567",
        website: "https://kipina.example.fi/",
        description: [
            "Olemme heinolalainen työpaja. Teemme puutöitä ja ruokaa.",
            "Vi är en verkstad i Heinola. Vi gör träarbeten och mat.",
            "We are a workshop in Heinola. We do woodwork and cook.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d1",
            name: "Kipinän työpaja",
            street: "Savontie 12",
            postal_code: "18100",
            city: "Heinola",
            at: (61.2058, 26.0318),
            offers: &[
                DemoOffer {
                    work_tasks: &[WorkTask::Kitchen, WorkTask::Carpentry, WorkTask::Recycling],
                    free_places: 3,
                    responsible: ("Jari Nieminen", "040 555 0101"),
                    ..OFFER
                },
                DemoOffer {
                    service: "rwa_special",
                    work_tasks: &[WorkTask::Kitchen, WorkTask::Carpentry],
                    free_places: 1,
                    responsible: ("Jari Nieminen", "040 555 0101"),
                    ..OFFER
                },
            ],
        }],
        approvals: &[("heinola", "rwa_basic"), ("heinola", "rwa_special")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c1",
        name: "Kierrätyssäätiö Ilona sr",
        business_number: 2_456_789,
        legal_form: LegalForm::Foundation,
        phone: "03 234 5678",
        website: "https://ilona.example.fi/",
        description: [
            "Korjaamme ja myymme käytettyä tavaraa.",
            "Vi lagar och säljer begagnade saker.",
            "We repair and sell used goods.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d2",
            name: "Ilonan kierrätystalo",
            street: "Rauhankatu 40",
            postal_code: "18120",
            city: "Heinola",
            at: (61.2170, 26.0800),
            offers: &[DemoOffer {
                work_tasks: &[WorkTask::Recycling, WorkTask::Sales, WorkTask::Warehouse],
                languages: &[ServiceLanguage::Fi, ServiceLanguage::Sv],
                free_places: 0,
                queue_length: 4,
                next_start_in_days: Some(35),
                responsible: ("Mirja Lehtonen", "040 555 0202"),
                ..OFFER
            }],
        }],
        approvals: &[("heinola", "rwa_basic")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c2",
        name: "Vierumäen Kyläseura ry",
        business_number: 2_567_890,
        legal_form: LegalForm::Association,
        phone: "03 345 6789",
        website: "https://kylaseura.example.fi/",
        description: [
            "Hoidamme kylän pihoja ja taloja.",
            "Vi sköter byns gårdar och hus.",
            "We look after the village's yards and houses.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d3",
            name: "Kylätalo",
            street: "Kylätie 5",
            postal_code: "19120",
            city: "Vierumäki",
            at: (61.1147, 26.0044),
            offers: &[DemoOffer {
                work_tasks: &[WorkTask::Gardening, WorkTask::PropertyMaintenance],
                step_free: false,
                meal_heating: false,
                hot_meal: true,
                responsible: ("Pertti Saarinen", "040 555 0303"),
                ..OFFER
            }],
        }],
        approvals: &[("heinola", "rwa_basic")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c3",
        name: "Lahden Toimintakeskus ry",
        business_number: 2_678_901,
        legal_form: LegalForm::Association,
        phone: "03 456 7890",
        website: "https://toimintakeskus.example.fi/",
        description: [
            "Meillä on monta työpajaa Lahden keskustassa.",
            "Vi har många verkstäder i centrum av Lahtis.",
            "We have many workshops in the centre of Lahti.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d4",
            name: "Toimintakeskus",
            street: "Aleksanterinkatu 20",
            postal_code: "15110",
            city: "Lahti",
            at: (60.9827, 25.6612),
            offers: &[DemoOffer {
                work_tasks: &[WorkTask::Textiles, WorkTask::Office, WorkTask::Cleaning],
                languages: &[
                    ServiceLanguage::Fi,
                    ServiceLanguage::En,
                    ServiceLanguage::Ru,
                ],
                hot_meal: true,
                free_places: 5,
                responsible: ("Leena Koskinen", "040 555 0404"),
                ..OFFER
            }],
        }],
        approvals: &[("heinola", "rwa_basic")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c4",
        name: "Sysmän Puutyöosuuskunta",
        business_number: 2_789_012,
        legal_form: LegalForm::Cooperative,
        phone: "03 567 8901",
        website: "https://puutyo.example.fi/",
        description: [
            "Teemme huonekaluja yhdessä.",
            "Vi gör möbler tillsammans.",
            "We make furniture together.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d5",
            name: "Puuverstas",
            street: "Sysmäntie 8",
            postal_code: "19700",
            city: "Sysmä",
            at: (61.5025, 25.6856),
            offers: &[DemoOffer {
                work_tasks: &[WorkTask::Carpentry, WorkTask::Sales],
                responsible: ("Ville Heinonen", "040 555 0505"),
                ..OFFER
            }],
        }],
        // A cooperative is not among the forms Heinola may buy rehabilitative work from
        // (H §1.1): it publishes its workshop, but no municipality approves it.
        approvals: &[],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c5",
        name: "Valmennus Polku Oy",
        business_number: 2_890_123,
        legal_form: LegalForm::Company,
        phone: "017 123 4567",
        website: "https://polku.example.fi/",
        description: [
            "Olemme valmennusyritys. Valmennamme kahden kesken.",
            "Vi är ett coachningsföretag. Vi coachar en och en.",
            "We are a coaching company. We coach one to one.",
        ],
        sites: &[
            // Published, but a company is never approved for rehabilitative work.
            DemoSite {
                id: "0190a000-0000-7000-8000-0000000000d6",
                name: "Polku Heinola",
                street: "Kauppakatu 3",
                postal_code: "18100",
                city: "Heinola",
                at: (61.1990, 26.0500),
                offers: &[DemoOffer {
                    work_tasks: &[WorkTask::Office, WorkTask::Cleaning],
                    responsible: ("Tiina Polku", "040 555 0606"),
                    ..OFFER
                }],
            },
            DemoSite {
                id: "0190a000-0000-7000-8000-0000000000d7",
                name: "Polku Kuopio",
                street: "Kauppakatu 30",
                postal_code: "70110",
                city: "Kuopio",
                at: (62.9050, 27.7000),
                offers: &[DemoOffer {
                    service: "sr_individual",
                    languages: &[ServiceLanguage::Fi, ServiceLanguage::En],
                    meal_heating: false,
                    free_places: 4,
                    responsible: ("Tiina Polku", "040 555 0606"),
                    description: [
                        "Valmentaja tapaa sinua kerran viikossa.",
                        "En coach träffar dig en gång i veckan.",
                        "A coach meets you once a week.",
                    ],
                    ..OFFER
                }],
            },
        ],
        approvals: &[("kuopio", "sr_individual")],
    },
    DemoProvider {
        id: PROVIDER_KUOPIO,
        name: "Osallisuuskeskus Sampo ry",
        business_number: 2_901_234,
        legal_form: LegalForm::Association,
        phone: "017 234 5678",
        website: "https://sampo.example.fi/",
        description: [
            "Sampo on kohtaamispaikka Kuopion keskustassa.",
            "Sampo är en mötesplats i centrum av Kuopio.",
            "Sampo is a meeting place in the centre of Kuopio.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d8",
            name: "Sampo",
            street: "Puijonkatu 15",
            postal_code: "70100",
            city: "Kuopio",
            at: (62.8925, 27.6780),
            offers: &[
                DemoOffer {
                    service: "sr_group",
                    form: Form::Group,
                    group_themes: &[
                        GroupTheme::Wellbeing,
                        GroupTheme::Cooking,
                        GroupTheme::PeerSupport,
                    ],
                    group_size_max: Some(10),
                    free_places: 3,
                    responsible: ("Sanna Mäkinen", "040 555 0707"),
                    description: [
                        "Ryhmä kokoontuu kahdesti viikossa. Teemme ruokaa yhdessä.",
                        "Gruppen träffas två gånger i veckan. Vi lagar mat tillsammans.",
                        "The group meets twice a week. We cook together.",
                    ],
                    ..OFFER
                },
                DemoOffer {
                    service: "sr_participation",
                    form: Form::Group,
                    group_themes: &[GroupTheme::Arts, GroupTheme::Nature, GroupTheme::Exercise],
                    hot_meal: true,
                    free_places: 6,
                    responsible: ("Sanna Mäkinen", "040 555 0707"),
                    ..OFFER
                },
                DemoOffer {
                    service: "sr_supported_work",
                    work_tasks: &[WorkTask::Kitchen, WorkTask::Cleaning],
                    hot_meal: true,
                    responsible: ("Sanna Mäkinen", "040 555 0707"),
                    ..OFFER
                },
            ],
        }],
        approvals: &[
            ("kuopio", "sr_group"),
            ("kuopio", "sr_participation"),
            ("kuopio", "sr_supported_work"),
        ],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c6",
        name: "Valmennuskeskus Väylä ry",
        business_number: 3_012_345,
        legal_form: LegalForm::Association,
        phone: "017 345 6789",
        website: "https://vayla.example.fi/",
        description: [
            "Autamme sinua kohti työtä tai opiskelua.",
            "Vi hjälper dig mot arbete eller studier.",
            "We help you towards work or studies.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000d9",
            name: "Väylä Petonen",
            street: "Petosenkatu 4",
            postal_code: "70820",
            city: "Kuopio",
            at: (62.8610, 27.6300),
            offers: &[
                DemoOffer {
                    service: "sr_individual",
                    languages: &[ServiceLanguage::Fi, ServiceLanguage::En],
                    free_places: 2,
                    responsible: ("Olli Väyrynen", "040 555 0808"),
                    ..OFFER
                },
                DemoOffer {
                    service: "sr_supported_work",
                    work_tasks: &[WorkTask::Office, WorkTask::Warehouse],
                    responsible: ("Olli Väyrynen", "040 555 0808"),
                    ..OFFER
                },
            ],
        }],
        approvals: &[("kuopio", "sr_individual"), ("kuopio", "sr_supported_work")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c7",
        name: "Siilinjärven Työpaja ry",
        business_number: 3_123_456,
        legal_form: LegalForm::Association,
        phone: "017 456 7890",
        website: "https://tyopaja-siilinjarvi.example.fi/",
        description: [
            "Työpaja on Siilinjärven keskustassa.",
            "Verkstaden ligger i centrum av Siilinjärvi.",
            "The workshop is in the centre of Siilinjärvi.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000da",
            name: "Työpaja",
            street: "Kasurilantie 2",
            postal_code: "71800",
            city: "Siilinjärvi",
            at: (63.0730, 27.6720),
            offers: &[
                DemoOffer {
                    service: "sr_supported_work",
                    work_tasks: &[WorkTask::Carpentry, WorkTask::PropertyMaintenance],
                    free_places: 0,
                    queue_length: 6,
                    next_start_in_days: Some(21),
                    responsible: ("Kaisa Ruotsalainen", "040 555 0909"),
                    ..OFFER
                },
                DemoOffer {
                    service: "sr_participation",
                    form: Form::Group,
                    group_themes: &[GroupTheme::Nature, GroupTheme::EverydaySkills],
                    responsible: ("Kaisa Ruotsalainen", "040 555 0909"),
                    ..OFFER
                },
            ],
        }],
        approvals: &[
            ("kuopio", "sr_supported_work"),
            ("kuopio", "sr_participation"),
        ],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c8",
        name: "Nilsiän Kuntoutussäätiö sr",
        business_number: 3_234_567,
        legal_form: LegalForm::Foundation,
        phone: "017 567 8901",
        website: "https://kuntoutussaatio.example.fi/",
        description: [
            "Valmennamme suomeksi ja ruotsiksi.",
            "Vi coachar på finska och svenska.",
            "We coach in Finnish and Swedish.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000db",
            name: "Kuntoutuskoti",
            street: "Lokintie 1",
            postal_code: "73300",
            city: "Nilsiä",
            at: (63.2058, 28.0825),
            offers: &[DemoOffer {
                service: "sr_individual",
                languages: &[ServiceLanguage::Fi, ServiceLanguage::Sv],
                responsible: ("Eva Lindqvist", "040 555 1010"),
                ..OFFER
            }],
        }],
        approvals: &[("kuopio", "sr_individual")],
    },
    DemoProvider {
        id: "0190a000-0000-7000-8000-0000000000c9",
        name: "Varkauden Valmennus ry",
        business_number: 3_345_678,
        legal_form: LegalForm::Association,
        phone: "017 678 9012",
        website: "https://valmennus-varkaus.example.fi/",
        description: [
            "Valmentajamme tulevat sinun luoksesi.",
            "Våra coacher kommer till dig.",
            "Our coaches come to you.",
        ],
        sites: &[DemoSite {
            id: "0190a000-0000-7000-8000-0000000000dc",
            name: "Varkauden toimisto",
            street: "Ahlströminkatu 6",
            postal_code: "78200",
            city: "Varkaus",
            at: (62.3156, 27.8730),
            offers: &[DemoOffer {
                service: "sr_individual",
                responsible: ("Marko Hyvönen", "040 555 1111"),
                ..OFFER
            }],
        }],
        approvals: &[("kuopio", "sr_individual")],
    },
];

/// How long ago the providers were registered and approved.
const APPROVED_DAYS_AGO: i64 = 200;

/// Registers the demo providers that are missing, gives each its staff, and has the staff publish
/// its sites and offers and the caseworkers approve it.
pub(super) fn seed(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<(), AppError> {
    let since = now - Duration::days(APPROVED_DAYS_AGO);
    for (k, p) in DEMO_PROVIDERS.iter().enumerate() {
        register(conn, p, since)?;
        let staff = staff(conn, k, p, since)?;
        for s in p.sites {
            if repo::find_site(conn, s.id)?.is_none() {
                let site = ParsedSite {
                    name: s.name.to_string(),
                    street_address: s.street.to_string(),
                    postal_code: s.postal_code.to_string(),
                    city: s.city.to_string(),
                    at: Coordinates::parse(s.at.0, s.at.1)
                        .ok_or_else(|| AppError::new(ErrorCode::ProviderInvalidCoordinates))?,
                };
                let at = actor(conn, &staff, "/api/v1/provider/sites")?;
                Door::provider_in(
                    conn,
                    &at,
                    ProviderAction::CreateSite,
                    org(p),
                    since,
                    |c, st| work::create_site(c, st, s.id, site),
                )?;
            }
            let offered = repo::site_services_of(conn, &[s.id.to_string()])?;
            for o in s.offers {
                if offered.iter().any(|r| r.service_code == o.service) {
                    continue;
                }
                let path = format!("/api/v1/provider/sites/{}/services/{}", s.id, o.service);
                let at = actor(conn, &staff, &path)?;
                let offering = offering(o, now);
                let publish = ProviderAction::PublishOffering;
                Door::provider_in(conn, &at, publish, org(p), now, |c, st| {
                    work::put_offering(c, st, s.id, o.service, &offering)
                })?;
            }
        }
        for (municipality, service) in p.approvals {
            if repo::find_approval(conn, p.id, municipality, service)?.is_some() {
                continue;
            }
            let caseworker = format!("caseworker-{municipality}");
            let at = as_persona(conn, &caseworker, "/api/v1/caseworker/approvals")?;
            let decision = Decision {
                provider_id: p.id.to_string(),
                service: service.to_string(),
                status: ApprovalStatus::Approved,
                reason: None,
            };
            let decide = MunicipalityAction::DecideApproval;
            Door::municipality_in(conn, &at, decide, Some(municipality), since, |c, area| {
                let refused =
                    |_: &_, _: &str| AppError::new(ErrorCode::ProviderLegalFormNotAllowed);
                work::decide_approval(c, area, decision, refused)
            })?;
        }
    }
    Ok(())
}

/// The provider's own organisation, for its staff.
fn org(p: &DemoProvider) -> Org {
    Org::Named(Some(p.id.to_string()))
}

/// Registers the provider, by the caseworker of the municipality that first approves it.
fn register(
    conn: &mut DbConnection,
    p: &DemoProvider,
    since: DateTime<Utc>,
) -> Result<(), AppError> {
    if repo::find(conn, p.id)?.is_some() {
        return Ok(());
    }
    let business_id = (p.business_number..p.business_number + 10)
        .find_map(BusinessId::from_number)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no demo business id")))?;
    let row = ProviderRow {
        id: p.id.to_string(),
        name: p.name.to_string(),
        created_at: since.naive_utc(),
        business_id: Some(business_id.as_str().to_string()),
        legal_form: p.legal_form.as_str().to_string(),
        phone: Some(p.phone.to_string()),
        email: None,
        website: Some(p.website.to_string()),
        description_fi: p.description[0].to_string(),
        description_sv: p.description[1].to_string(),
        description_en: p.description[2].to_string(),
    };
    let municipality = p.approvals.first().map_or("heinola", |a| a.0);
    let at = as_persona(
        conn,
        &format!("caseworker-{municipality}"),
        "/api/v1/caseworker/providers",
    )?;
    let action = MunicipalityAction::RegisterProvider;
    Door::municipality_in(conn, &at, action, None, since, |c, area| {
        work::register(c, area, row)
    })?;
    Ok(())
}

/// The person who works for the `k`th provider: its staff persona, or, where it has none, the
/// responsible person of its first offer. Given the provider's staff role.
fn staff(
    conn: &mut DbConnection,
    k: usize,
    p: &DemoProvider,
    since: DateTime<Utc>,
) -> Result<String, AppError> {
    let person = match personas::staff_of(p.id) {
        Some(slug) => super::persona_id(conn, slug)?,
        None => {
            let name = p
                .sites
                .first()
                .and_then(|s| s.offers.first())
                .map_or(p.name, |o| o.responsible.0);
            let birth = (1970 + k as i32, 1 + k as u32 % 12, 1 + k as u32);
            personas::person(conn, name, birth, 901 + k as u16, since)?
        }
    };
    persons::repo::grant_role(conn, &person, Role::ProviderStaff, None, Some(p.id), since)?;
    Ok(person)
}

/// What a demo site offers, with its next start counted from `now`.
fn offering(o: &DemoOffer, now: DateTime<Utc>) -> Offering {
    let today = crate::clock::helsinki_date(now);
    Offering {
        form: o.form,
        work_tasks: o.work_tasks.to_vec(),
        group_themes: o.group_themes.to_vec(),
        languages: o.languages.to_vec(),
        step_free: o.step_free,
        partial_work_ability: o.partial_work_ability,
        meal_heating: o.meal_heating,
        hot_meal: o.hot_meal,
        group_size_max: o.group_size_max,
        free_places: o.free_places,
        queue_length: o.queue_length,
        next_start_on: o.next_start_in_days.map(|d| today + Days::new(d)),
        responsible: Responsible {
            name: o.responsible.0.to_string(),
            phone: Some(o.responsible.1.to_string()),
            email: None,
        },
        description: Translations {
            fi: o.description[0].to_string(),
            sv: o.description[1].to_string(),
            en: o.description[2].to_string(),
        },
    }
}
