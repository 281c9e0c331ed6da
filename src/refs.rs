//! How an answer names another thing: one shape per thing, the same in every answer. A provider
//! is `{id, name}`, a service, a municipality or a language `{code, name}` (the name in the
//! reader's language), a person `{id, display_name}`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A provider organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProviderRef {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
}

/// A site of a provider, with its address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SiteRef {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    pub street_address: String,
    pub postal_code: String,
    pub city: String,
}

/// A person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PersonRef {
    #[schema(format = Uuid)]
    pub id: String,
    pub display_name: String,
}

/// A service, by its code, e.g. `rwa_basic`, and its name in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ServiceRef {
    pub code: String,
    pub name: String,
}

/// A municipality, by its code, e.g. `heinola`, and its name in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MunicipalityRef {
    pub code: String,
    pub name: String,
}

/// A language a service is given in, by its ISO 639-1 code and its name in the reader's
/// language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Language {
    pub code: String,
    pub name: String,
}

/// A code of a closed list (a work task, a form, a status) with its name in the reader's
/// language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Labeled {
    pub code: String,
    pub name: String,
}
