//! Places on the map, shared by the features: coordinates and the great-circle distance between
//! them, the box a radius search reads, the one rounding every distance a person reads goes
//! through, and a postal address as one line.

/// Mean radius of the Earth (km), for great-circle distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// A point in Finland (WGS84 degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    lat: f64,
    lon: f64,
}

impl Coordinates {
    /// Coordinates from a person: within a generous box around Finland, which also catches
    /// latitude and longitude given the wrong way round.
    pub fn parse(lat: f64, lon: f64) -> Option<Coordinates> {
        let ok = lat.is_finite()
            && lon.is_finite()
            && (59.0..=70.5).contains(&lat)
            && (19.0..=32.0).contains(&lon);
        ok.then_some(Coordinates { lat, lon })
    }

    /// Coordinates read back from the database, where they were parsed on the way in.
    pub fn stored(lat: f64, lon: f64) -> Coordinates {
        Coordinates { lat, lon }
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    pub fn lon(self) -> f64 {
        self.lon
    }

    /// Great-circle (haversine) distance in km.
    pub fn distance_km(self, other: Coordinates) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }

    /// The smallest latitude/longitude box that holds every point within `radius_km`: the
    /// index prefilter. Exact for a sphere (the longitude half-width is taken where the circle
    /// is widest), so no point inside the radius falls outside the box.
    pub fn bounding_box(self, radius_km: f64) -> BoundingBox {
        let angular = radius_km / EARTH_RADIUS_KM;
        let dlat = angular.to_degrees();
        let lat_min = (self.lat - dlat).max(-90.0);
        let lat_max = (self.lat + dlat).min(90.0);
        let cos_lat = self.lat.to_radians().cos();
        let (lon_min, lon_max) = if lat_max >= 90.0 || lat_min <= -90.0 || angular.sin() >= cos_lat
        {
            (-180.0, 180.0)
        } else {
            let dlon = (angular.sin() / cos_lat).asin().to_degrees();
            (self.lon - dlon, self.lon + dlon)
        };
        BoundingBox {
            lat_min,
            lat_max,
            lon_min,
            lon_max,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub lat_min: f64,
    pub lat_max: f64,
    pub lon_min: f64,
    pub lon_max: f64,
}

/// A distance in tenths of a km, as shown (one decimal). Radius and price tier compare this
/// shown value, so what a person reads is what the rules used.
pub fn tenths(km: f64) -> i64 {
    (km * 10.0).round() as i64
}

/// Whether a site `tenths` of a km away (the distance as shown, see [`tenths`]) is within
/// `reach_km`: the one comparison of a radius, for the search and for a booking alike. The
/// reach is always finite.
#[inline]
pub fn within_reach(tenths: i64, reach_km: f64) -> bool {
    tenths as f64 <= reach_km * 10.0 + 1e-9
}

/// A postal address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Address<'a> {
    pub street: &'a str,
    pub postal_code: &'a str,
    pub city: &'a str,
}

impl Address<'_> {
    /// The address on one line, as a person writes it: `Kauppakatu 1, 18100 Heinola`.
    pub fn line(&self) -> String {
        format!("{}, {} {}", self.street, self.postal_code, self.city)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn at(lat: f64, lon: f64) -> Coordinates {
        Coordinates::stored(lat, lon)
    }

    /// A point `km` due north of `from`.
    pub(crate) fn north(from: Coordinates, km: f64) -> Coordinates {
        at(from.lat() + (km / EARTH_RADIUS_KM).to_degrees(), from.lon())
    }

    #[test]
    fn haversine_matches_known_distances() {
        // Helsinki Cathedral to Tampere Cathedral: about 161 km.
        let d = at(60.1705, 24.9522).distance_km(at(61.4989, 23.7706));
        assert!((d - 161.2).abs() < 1.0, "{d}");
        let home = at(61.2045, 26.0372);
        assert!((home.distance_km(north(home, 19.9)) - 19.9).abs() < 1e-9);
        assert_eq!(home.distance_km(home), 0.0);
    }

    #[test]
    fn the_box_holds_every_point_of_the_circle() {
        let home = at(62.8953, 27.6720);
        for r in [0.5, 20.0, 50.0, 1200.0] {
            let b = home.bounding_box(r + 0.05);
            for step in 0..360 {
                let bearing = f64::from(step).to_radians();
                let d = r / EARTH_RADIUS_KM;
                let (p1, l1) = (home.lat().to_radians(), home.lon().to_radians());
                let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * bearing.cos()).asin();
                let l2 =
                    l1 + (bearing.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
                let (lat, lon) = (p2.to_degrees(), l2.to_degrees());
                assert!(
                    lat >= b.lat_min && lat <= b.lat_max && lon >= b.lon_min && lon <= b.lon_max,
                    "r={r} bearing={step}: ({lat}, {lon}) outside {b:?}"
                );
            }
        }
    }

    #[test]
    fn the_reach_counts_the_shown_distance() {
        assert!(within_reach(199, 20.0));
        assert!(within_reach(200, 20.0));
        assert!(!within_reach(201, 20.0));
        assert!(within_reach(tenths(20.04), 20.0));
        assert!(!within_reach(tenths(20.06), 20.0));
        assert!(within_reach(12_000, 1200.0));
    }

    #[test]
    fn coordinates_outside_finland_are_refused() {
        assert!(Coordinates::parse(61.2, 26.0).is_some());
        assert!(Coordinates::parse(26.0, 61.2).is_none());
        assert!(Coordinates::parse(f64::NAN, 26.0).is_none());
    }

    #[test]
    fn an_address_is_one_line() {
        let a = Address {
            street: "Kauppakatu 1",
            postal_code: "18100",
            city: "Heinola",
        };
        assert_eq!(a.line(), "Kauppakatu 1, 18100 Heinola");
    }
}
