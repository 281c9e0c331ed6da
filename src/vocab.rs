//! Closed vocabularies that several features share: the codes stored and sent for a provider's
//! legal form, the form of a service, work tasks, group themes, languages, approval decisions and
//! meals, and how a list of codes is stored in one column.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A closed vocabulary whose codes are stored and sent as is, and whose labels live in
/// `locales/*/providers.ftl` as `<prefix>-<code>`.
///
/// The schema is written here from the same codes serde uses: the derive cannot read a
/// `rename` whose value a macro passes in, and documented the variants' Rust names instead.
macro_rules! vocabulary {
    ($(#[doc = $doc:literal])* $name:ident, $prefix:literal { $( $variant:ident = $code:literal ),* $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $( #[serde(rename = $code)] $variant ),* }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let doc: &str = concat!($($doc, "\n"),*);
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some(doc.trim()).filter(|d| !d.is_empty()))
                    .enum_values(Some([$($code),*]))
                    .into()
            }
        }

        impl ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),* ];

            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $code ),* }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $( $code => Some($name::$variant), )* _ => None }
            }

            /// The Fluent message id of this value's label.
            pub fn label_id(self) -> String {
                format!("{}-{}", $prefix, self.as_str())
            }
        }
    };
}

pub(crate) use vocabulary;

vocabulary!(
    /// The provider's legal form. A rulebook may list the forms it allows (rehabilitative work:
    /// the public bodies and non-profits the law names, H §1.1).
    LegalForm, "legal-form" {
        Association = "association",
        Foundation = "foundation",
        Cooperative = "cooperative",
        Company = "company",
        Municipality = "municipality",
        JointMunicipalAuthority = "joint_municipal_authority",
        StateAgency = "state_agency",
        ReligiousCommunity = "religious_community",
        Other = "other",
    }
);

vocabulary!(
    /// One to one, or in a group.
    Form, "form" { Individual = "individual", Group = "group" }
);

vocabulary!(
    /// Kinds of work a site offers (rehabilitative work and supported work).
    WorkTask, "work-task" {
        Kitchen = "kitchen",
        Cleaning = "cleaning",
        Carpentry = "carpentry",
        Textiles = "textiles",
        Gardening = "gardening",
        Recycling = "recycling",
        Office = "office",
        Warehouse = "warehouse",
        PropertyMaintenance = "property_maintenance",
        Sales = "sales",
    }
);

vocabulary!(
    /// What a group works on (group coaching, participation).
    GroupTheme, "group-theme" {
        EverydaySkills = "everyday_skills",
        Wellbeing = "wellbeing",
        Exercise = "exercise",
        Cooking = "cooking",
        Arts = "arts",
        Nature = "nature",
        DigitalSkills = "digital_skills",
        JobSeeking = "job_seeking",
        PeerSupport = "peer_support",
    }
);

vocabulary!(
    /// A language the service is given in (ISO 639-1).
    ServiceLanguage, "language" {
        Fi = "fi",
        Sv = "sv",
        En = "en",
        Se = "se",
        Ru = "ru",
        Et = "et",
        Uk = "uk",
        Ar = "ar",
        So = "so",
    }
);

vocabulary!(
    /// A municipality's decision on a provider for one service. Only `approved` is listed.
    ApprovalStatus, "approval-status" {
        Approved = "approved",
        Suspended = "suspended",
        Withdrawn = "withdrawn",
    }
);

vocabulary!(
    /// The meal filter: heating your own food is possible, or a hot meal is served.
    Meal, "meal" { Heating = "heating", Hot = "hot" }
);

/// Codes as stored: sorted, unique, with a comma at each end (`,kitchen,office,`), so one code is
/// found exactly with `LIKE '%,code,%'`.
pub fn encode_list<T: Copy + Ord>(items: &[T], code: fn(T) -> &'static str) -> String {
    let mut items = items.to_vec();
    items.sort();
    items.dedup();
    let mut s = String::from(",");
    for i in items {
        s.push_str(code(i));
        s.push(',');
    }
    s
}

/// The stored list back as values; codes no longer known are skipped.
pub fn decode_list<T>(stored: &str, parse: fn(&str) -> Option<T>) -> Vec<T> {
    stored
        .split(',')
        .filter(|s| !s.is_empty())
        .filter_map(parse)
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The schema of each vocabulary lists exactly the codes serde writes and reads.
    pub(crate) fn check_schema<T>(all: &[T])
    where
        T: Copy + std::fmt::Debug + PartialEq + Serialize + utoipa::PartialSchema,
        T: for<'de> Deserialize<'de>,
    {
        let schema = serde_json::to_value(T::schema()).unwrap();
        let documented: Vec<serde_json::Value> = schema["enum"].as_array().unwrap().clone();
        let wire: Vec<serde_json::Value> = all
            .iter()
            .map(|v| serde_json::to_value(v).unwrap())
            .collect();
        assert_eq!(documented, wire);
        for (code, value) in wire.iter().zip(all) {
            assert_eq!(serde_json::from_value::<T>(code.clone()).unwrap(), *value);
        }
    }

    #[test]
    fn each_vocabulary_documents_the_codes_on_the_wire() {
        check_schema(LegalForm::ALL);
        check_schema(Form::ALL);
        check_schema(WorkTask::ALL);
        check_schema(GroupTheme::ALL);
        check_schema(ServiceLanguage::ALL);
        check_schema(ApprovalStatus::ALL);
        check_schema(Meal::ALL);
    }

    #[test]
    fn lists_are_stored_with_commas_at_both_ends() {
        let s = encode_list(
            &[WorkTask::Office, WorkTask::Kitchen, WorkTask::Office],
            WorkTask::as_str,
        );
        assert_eq!(s, ",kitchen,office,");
        assert_eq!(
            decode_list(&s, WorkTask::parse),
            [WorkTask::Kitchen, WorkTask::Office]
        );
        assert_eq!(encode_list::<WorkTask>(&[], WorkTask::as_str), ",");
        assert!(decode_list(",", WorkTask::parse).is_empty());
    }
}
