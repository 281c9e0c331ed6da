//! How far from home a client may choose a provider: the radius a search starts with, and how far
//! it may be widened under the voucher's rulebook (K §3; Heinola sets no limit, H §1.10).

use super::Terms;

/// The widest search when a caseworker has lifted the distance limit: all of Finland.
pub const LIFTED_MAX_RADIUS_KM: f64 = 1200.0;

/// Why a requested radius is refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadiusOutOfRange {
    pub max_km: f64,
}

/// How far a voucher's search may reach, from its rulebook and the voucher: where a search
/// starts, and how far the client may widen it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadiusRule {
    /// The rulebook's radius a search starts with (km).
    pub default_km: i32,
    /// The rulebook's maximum without the caseworker's permission; `None`: no limit.
    pub max_without_permission_km: Option<i32>,
    /// The caseworker permitted a provider farther away on this voucher.
    pub permitted: bool,
}

impl RadiusRule {
    /// The rule of a voucher issued under `terms`, where the caseworker has (or has not)
    /// `permitted` a provider farther away.
    pub fn of(terms: &Terms, permitted: bool) -> RadiusRule {
        RadiusRule {
            default_km: terms.rulebook.search_radius_km,
            max_without_permission_km: terms.rulebook.max_radius_without_permission_km,
            permitted,
        }
    }

    /// The largest radius: the rulebook's maximum, or all of Finland where the rulebook sets none
    /// or the caseworker has permitted going farther.
    pub fn max_km(self) -> f64 {
        match self.max_without_permission_km {
            Some(km) if !self.permitted => f64::from(km),
            _ => LIFTED_MAX_RADIUS_KM,
        }
    }

    /// The search radius: `requested`, else the rulebook's default; at most [`Self::max_km`].
    pub fn radius(self, requested: Option<f64>) -> Result<f64, RadiusOutOfRange> {
        let max_km = self.max_km();
        let r = requested.unwrap_or(f64::from(self.default_km).min(max_km));
        if !r.is_finite() || r <= 0.0 || r > max_km {
            return Err(RadiusOutOfRange { max_km });
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::{tenths, within_reach};

    #[test]
    fn radius_defaults_to_the_rulebook_and_only_a_permission_lifts_a_maximum() {
        let kuopio = RadiusRule {
            default_km: 20,
            max_without_permission_km: Some(20),
            permitted: false,
        };
        assert_eq!(kuopio.radius(None), Ok(20.0));
        assert_eq!(kuopio.radius(Some(5.0)), Ok(5.0));
        assert_eq!(kuopio.radius(Some(20.0)), Ok(20.0));
        assert_eq!(
            kuopio.radius(Some(20.1)),
            Err(RadiusOutOfRange { max_km: 20.0 })
        );
        let permitted = RadiusRule {
            permitted: true,
            ..kuopio
        };
        assert_eq!(permitted.radius(Some(50.0)), Ok(50.0));
        assert_eq!(permitted.radius(None), Ok(20.0));
        assert!(permitted.radius(Some(0.0)).is_err());
        assert!(permitted.radius(Some(f64::NAN)).is_err());
        assert!(permitted.radius(Some(1500.0)).is_err());
        // No maximum in the rulebook: the search starts at 20 km and widens freely.
        let heinola = RadiusRule {
            default_km: 20,
            max_without_permission_km: None,
            permitted: false,
        };
        assert_eq!(heinola.radius(None), Ok(20.0));
        assert_eq!(heinola.radius(Some(32.0)), Ok(32.0));
        assert_eq!(heinola.max_km(), LIFTED_MAX_RADIUS_KM);
        assert!(within_reach(tenths(1199.96), heinola.max_km()));
    }
}
