//! Where a provider receives people: a site's name and address with its provider's name, as the
//! other features show it (a visit, an agreement, a notice), and the references to a provider and
//! a site that their answers carry.

use crate::geo::{Address, Coordinates};
use crate::refs::SiteRef;

/// A site's name and address, and its provider's name.
#[derive(Debug, Clone)]
pub struct Place {
    pub provider_name: String,
    pub site_name: String,
    pub street_address: String,
    pub postal_code: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
}

impl Place {
    pub fn address(&self) -> Address<'_> {
        Address {
            street: &self.street_address,
            postal_code: &self.postal_code,
            city: &self.city,
        }
    }

    pub fn at(&self) -> Coordinates {
        Coordinates::stored(self.lat, self.lon)
    }
}

pub fn site_ref(site_id: &str, p: &Place) -> SiteRef {
    SiteRef {
        id: site_id.to_string(),
        name: p.site_name.clone(),
        street_address: p.street_address.clone(),
        postal_code: p.postal_code.clone(),
        city: p.city.clone(),
    }
}
