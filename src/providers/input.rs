//! What staff and caseworkers send about providers, parsed at the edge into domain values: a
//! field that does not parse answers with a code that names it.

use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    short_text, Offering, PlainText, Responsible, TextError, MAX_DESCRIPTION_CHARS,
    MAX_WORDS_PER_SENTENCE,
};
use crate::contact::{email, phone};
use crate::error::{AppError, ErrorCode};
use crate::geo::Coordinates;
use crate::i18n::Translations;
use crate::input::{Day, Line, Paragraph};
use crate::vocab::{Form, GroupTheme, ServiceLanguage, WorkTask};

pub fn text_error(field: &'static str) -> impl Fn(TextError) -> AppError {
    move |e| match e {
        TextError::Text(fault) => fault.error(field, ErrorCode::ProviderTextRequired),
        TextError::NotPlain => AppError::new(ErrorCode::ProviderTextNotPlain)
            .arg("field", field)
            .arg("max", MAX_WORDS_PER_SENTENCE as i64),
    }
}

/// A text in fi, sv and en, each in plain language.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslatedInput {
    pub fi: Paragraph<{ MAX_DESCRIPTION_CHARS }>,
    pub sv: Paragraph<{ MAX_DESCRIPTION_CHARS }>,
    pub en: Paragraph<{ MAX_DESCRIPTION_CHARS }>,
}

impl TranslatedInput {
    pub fn parse(&self) -> Result<Translations, AppError> {
        Ok(Translations {
            fi: PlainText::parse(&self.fi)
                .map_err(text_error("description.fi"))?
                .into_inner(),
            sv: PlainText::parse(&self.sv)
                .map_err(text_error("description.sv"))?
                .into_inner(),
            en: PlainText::parse(&self.en)
                .map_err(text_error("description.en"))?
                .into_inner(),
        })
    }
}

/// A new site: where the provider works.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteInput {
    /// The organisation; needed only when the caller works for several.
    #[schema(format = Uuid)]
    pub provider_id: Option<String>,
    pub name: Line<200>,
    pub street_address: Line<200>,
    /// Five digits.
    #[schema(pattern = "^\\s*[0-9]{5}\\s*$")]
    pub postal_code: String,
    pub city: Line<100>,
    /// Latitude, WGS84 degrees: in Finland.
    #[schema(minimum = 59.0, maximum = 70.5)]
    pub lat: f64,
    /// Longitude, WGS84 degrees: in Finland.
    #[schema(minimum = 19.0, maximum = 32.0)]
    pub lon: f64,
}

/// A site's new name, address or location. A site stays with its organisation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteChange {
    pub name: Line<200>,
    pub street_address: Line<200>,
    /// Five digits.
    #[schema(pattern = "^\\s*[0-9]{5}\\s*$")]
    pub postal_code: String,
    pub city: Line<100>,
    /// Latitude, WGS84 degrees: in Finland.
    #[schema(minimum = 59.0, maximum = 70.5)]
    pub lat: f64,
    /// Longitude, WGS84 degrees: in Finland.
    #[schema(minimum = 19.0, maximum = 32.0)]
    pub lon: f64,
}

/// A site as given, parsed.
pub struct ParsedSite {
    pub name: String,
    pub street_address: String,
    pub postal_code: String,
    pub city: String,
    pub at: Coordinates,
}

impl SiteInput {
    pub fn parse(&self) -> Result<ParsedSite, AppError> {
        let place = (
            &self.name,
            &self.street_address,
            &self.postal_code,
            &self.city,
        );
        parse_site(place, self.lat, self.lon)
    }
}

impl SiteChange {
    pub fn parse(&self) -> Result<ParsedSite, AppError> {
        let place = (
            &self.name,
            &self.street_address,
            &self.postal_code,
            &self.city,
        );
        parse_site(place, self.lat, self.lon)
    }
}

/// A site's name, street address, postal code and city, and where it is.
type Place<'a> = (&'a Line<200>, &'a Line<200>, &'a String, &'a Line<100>);

fn parse_site(
    (name, street_address, postal_code, city): Place<'_>,
    lat: f64,
    lon: f64,
) -> Result<ParsedSite, AppError> {
    let postal_code = postal_code.trim();
    if postal_code.len() != 5 || !postal_code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::new(ErrorCode::ProviderTextRequired).arg("field", "postal_code"));
    }
    Ok(ParsedSite {
        name: short_text(name, 200).map_err(text_error("name"))?,
        street_address: short_text(street_address, 200).map_err(text_error("street_address"))?,
        postal_code: postal_code.to_string(),
        city: short_text(city, 100).map_err(text_error("city"))?,
        at: Coordinates::parse(lat, lon)
            .ok_or_else(|| AppError::new(ErrorCode::ProviderInvalidCoordinates))?,
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub name: Line<200>,
    /// 5 to 15 digits, with spaces, `+`, `-` or brackets if you like.
    #[schema(
        max_length = 30,
        pattern = "^\\s*([ +()-]*([0-9][ +()-]*){5,15})?\\s*$"
    )]
    pub phone: Option<String>,
    #[schema(
        max_length = 200,
        pattern = "^\\s*([^\\s@\\u0000-\\u001F\\u007F-\\u009F]+@[^\\s@\\u0000-\\u001F\\u007F-\\u009F]*\\.[^\\s@\\u0000-\\u001F\\u007F-\\u009F]*)?\\s*$"
    )]
    pub email: Option<String>,
}

/// What a site offers for one service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferingInput {
    pub form: Form,
    #[serde(default)]
    pub work_tasks: Vec<WorkTask>,
    #[serde(default)]
    pub group_themes: Vec<GroupTheme>,
    /// At least one.
    #[schema(min_items = 1)]
    pub languages: Vec<ServiceLanguage>,
    #[serde(default)]
    pub step_free: bool,
    #[serde(default)]
    pub partial_work_ability: bool,
    #[serde(default)]
    pub meal_heating: bool,
    #[serde(default)]
    pub hot_meal: bool,
    #[schema(minimum = 1, maximum = 100)]
    pub group_size_max: Option<i32>,
    #[schema(minimum = 0, maximum = 10000)]
    pub free_places: i32,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10000)]
    pub queue_length: i32,
    pub next_start_on: Option<Day>,
    pub responsible_person: ContactInput,
    /// A few plain sentences in each language: short sentences, everyday words.
    pub description: TranslatedInput,
}

impl OfferingInput {
    pub fn parse(&self) -> Result<Offering, AppError> {
        if self.languages.is_empty() {
            return Err(AppError::new(ErrorCode::MissingField).arg("field", "languages"));
        }
        let counts_ok = (0..=10_000).contains(&self.free_places)
            && (0..=10_000).contains(&self.queue_length)
            && self.group_size_max.is_none_or(|n| (1..=100).contains(&n));
        if !counts_ok {
            return Err(AppError::new(ErrorCode::InvalidValue));
        }
        Ok(Offering {
            form: self.form,
            work_tasks: self.work_tasks.clone(),
            group_themes: self.group_themes.clone(),
            languages: self.languages.clone(),
            step_free: self.step_free,
            partial_work_ability: self.partial_work_ability,
            meal_heating: self.meal_heating,
            hot_meal: self.hot_meal,
            group_size_max: self.group_size_max,
            free_places: self.free_places,
            queue_length: self.queue_length,
            next_start_on: self.next_start_on.map(Day::date),
            responsible: Responsible {
                name: short_text(&self.responsible_person.name, 200)
                    .map_err(text_error("responsible_person.name"))?,
                phone: phone(
                    self.responsible_person.phone.as_deref(),
                    "responsible_person.phone",
                )?,
                email: email(
                    self.responsible_person.email.as_deref(),
                    "responsible_person.email",
                )?,
            },
            description: self.description.parse()?,
        })
    }
}

/// Checks an offering against the strictest limits of the service's rulebooks: the fewest work
/// tasks (H §5.1) and the largest group (K §2.2) any municipality sets.
pub fn check_limits(
    o: &Offering,
    min_work_tasks: Option<i32>,
    group_size_max: Option<i32>,
) -> Result<(), AppError> {
    if let Some(min) = min_work_tasks {
        if (o.work_tasks.len() as i32) < min {
            return Err(
                AppError::new(ErrorCode::ProviderTooFewWorkTasks).arg("min", i64::from(min))
            );
        }
    }
    if let (Some(max), Some(n)) = (group_size_max, o.group_size_max) {
        if n > max {
            return Err(AppError::new(ErrorCode::ProviderGroupTooLarge).arg("max", i64::from(max)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(name: &str) -> SiteInput {
        SiteInput {
            provider_id: None,
            name: name.into(),
            street_address: "Kauppakatu 1".into(),
            postal_code: "18100".into(),
            city: "Heinola".into(),
            lat: 61.2,
            lon: 26.0,
        }
    }

    #[test]
    fn each_text_and_contact_names_its_fault_and_field() {
        let fault = |r: Result<ParsedSite, AppError>| {
            let e = r.err().unwrap();
            (e.code, e.args.first().map(|(_, v)| format!("{v:?}")))
        };
        assert_eq!(
            fault(site("Paja\0").parse()).0,
            ErrorCode::TextInvalidCharacters
        );
        assert_eq!(
            fault(site(&"x".repeat(201)).parse()).0,
            ErrorCode::TextTooLong
        );
        assert_eq!(fault(site(" ").parse()).0, ErrorCode::ProviderTextRequired);
        assert!(fault(site("Paja\0").parse()).1.unwrap().contains("name"));
        assert_eq!(
            email(Some(&format!("{}@example.fi", "a".repeat(200))), "email")
                .unwrap_err()
                .code,
            ErrorCode::TextTooLong
        );
        assert_eq!(
            phone(Some(&"1".repeat(31)), "phone").unwrap_err().code,
            ErrorCode::TextTooLong
        );
        assert_eq!(
            phone(Some("12345x"), "phone").unwrap_err().code,
            ErrorCode::InvalidContact
        );
    }
}
