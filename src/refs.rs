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

/// Where the API's paths begin.
pub const API: &str = "/api/v1";

/// What a [`Link`] points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    IntroVisit,
    IntroSlot,
    Voucher,
    /// The providers a voucher can be used with (its id is the voucher's).
    ProviderSearch,
    Mandate,
    Provider,
    Agreement,
    /// A client's activity day.
    ActivityDay,
}

/// One thing the API serves: what it is, its id, and the path to read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Link {
    pub kind: LinkKind,
    #[schema(format = Uuid)]
    pub id: String,
    /// The path of a `GET` that answers it, e.g. `/api/v1/clients/me/intro-visits/{id}`.
    pub href: String,
}

impl Link {
    fn new(kind: LinkKind, id: &str, href: String) -> Link {
        Link {
            kind,
            id: id.to_string(),
            href,
        }
    }

    /// A client's intro visit.
    pub fn visit(client_id: &str, id: &str) -> Link {
        let href = format!("{API}/clients/{client_id}/intro-visits/{id}");
        Link::new(LinkKind::IntroVisit, id, href)
    }

    /// A client's voucher.
    pub fn voucher(client_id: &str, id: &str) -> Link {
        let href = format!("{API}/clients/{client_id}/vouchers/{id}");
        Link::new(LinkKind::Voucher, id, href)
    }

    /// The providers a client can choose for a voucher, nearest first.
    pub fn provider_search(client_id: &str, voucher_id: &str) -> Link {
        let href = format!("{API}/clients/{client_id}/vouchers/{voucher_id}/providers");
        Link::new(LinkKind::ProviderSearch, voucher_id, href)
    }

    /// A power of attorney a client gave.
    pub fn mandate(client_id: &str, id: &str) -> Link {
        let href = format!("{API}/clients/{client_id}/mandates/{id}");
        Link::new(LinkKind::Mandate, id, href)
    }

    /// A client's agreement with a provider.
    pub fn agreement(client_id: &str, id: &str) -> Link {
        let href = format!("{API}/clients/{client_id}/agreements/{id}");
        Link::new(LinkKind::Agreement, id, href)
    }

    /// A client's activity day (a check-in, an absence, a missed meeting).
    pub fn day(client_id: &str, id: &str) -> Link {
        let href = format!("{API}/clients/{client_id}/days/{id}");
        Link::new(LinkKind::ActivityDay, id, href)
    }

    /// A provider's public profile.
    pub fn provider(id: &str) -> Link {
        Link::new(LinkKind::Provider, id, format!("{API}/providers/{id}"))
    }

    /// A slot, as its provider's staff read it.
    pub fn staff_slot(id: &str) -> Link {
        Link::new(
            LinkKind::IntroSlot,
            id,
            format!("{API}/provider/intro-slots/{id}"),
        )
    }
}
