//! Finnish business id (Y-tunnus), format `NNNNNNN-C`.

use std::fmt;
use std::str::FromStr;

/// Weights applied to the seven digits of the number part.
const WEIGHTS: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];

/// Largest number part (seven digits).
const MAX_NUMBER: u32 = 9_999_999;

/// A validated Finnish business id in canonical `NNNNNNN-C` form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BusinessId(String);

/// Reasons a business id can be rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BusinessIdError {
    #[error("business id must have the form NNNNNNN-C")]
    Format,
    #[error("business id has an invalid check digit")]
    Checksum,
}

impl BusinessIdError {
    /// Stable machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            BusinessIdError::Format => "business_id.format",
            BusinessIdError::Checksum => "business_id.checksum",
        }
    }
}

/// Check digit for the number part, or `None` when no valid id exists for it
/// (weighted sum mod 11 equals 1) or it has more than seven digits.
fn check_digit(number: u32) -> Option<u32> {
    if number > MAX_NUMBER {
        return None;
    }
    let mut rest = number;
    let mut sum = 0;
    for weight in WEIGHTS.iter().rev() {
        sum += (rest % 10) * weight;
        rest /= 10;
    }
    match sum % 11 {
        0 => Some(0),
        1 => None,
        r => Some(11 - r),
    }
}

/// Parses and validates a business id.
///
/// Surrounding whitespace is ignored. The old six-digit form (`NNNNNN-C`) is
/// accepted and normalised by left-padding the number with a zero.
pub fn parse(input: &str) -> Result<BusinessId, BusinessIdError> {
    let (number, check) = input
        .trim()
        .split_once('-')
        .ok_or(BusinessIdError::Format)?;
    if !(number.len() == 6 || number.len() == 7)
        || check.len() != 1
        || !number.bytes().all(|b| b.is_ascii_digit())
        || !check.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(BusinessIdError::Format);
    }
    let number: u32 = number.parse().map_err(|_| BusinessIdError::Format)?;
    let check: u32 = check.parse().map_err(|_| BusinessIdError::Format)?;
    match check_digit(number) {
        Some(expected) if expected == check => Ok(BusinessId(format!("{number:07}-{check}"))),
        _ => Err(BusinessIdError::Checksum),
    }
}

impl BusinessId {
    /// Parses and validates a business id. See [`parse`].
    pub fn parse(input: &str) -> Result<BusinessId, BusinessIdError> {
        parse(input)
    }

    /// Builds a business id from its number part by appending the check digit.
    ///
    /// Returns `None` if `n` exceeds seven digits or no valid check digit
    /// exists for it.
    pub fn from_number(n: u32) -> Option<BusinessId> {
        let check = check_digit(n)?;
        Some(BusinessId(format!("{n:07}-{check}")))
    }

    /// The id in canonical `NNNNNNN-C` form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BusinessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for BusinessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BusinessId").field(&self.0).finish()
    }
}

impl FromStr for BusinessId {
    type Err = BusinessIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_id() {
        // 0*7 + 7*9 + 3*10 + 7*5 + 5*8 + 4*4 + 6*2 = 196; 196 mod 11 = 9;
        // 11 - 9 = 2.
        let id = parse("0737546-2").unwrap();
        assert_eq!(id.as_str(), "0737546-2");
        assert_eq!(id.to_string(), "0737546-2");
        assert_eq!(format!("{id:?}"), "BusinessId(\"0737546-2\")");
    }

    #[test]
    fn more_hand_checked_ids() {
        // 1234567: 7+18+30+20+40+24+14 = 153; 153 mod 11 = 10 -> 1.
        assert!(parse("1234567-1").is_ok());
        // 0000000: sum 0 -> check 0.
        assert!(parse("0000000-0").is_ok());
        // 1000000: 7 mod 11 = 7 -> 4.
        assert!(parse("1000000-4").is_ok());
        // 0100000: 9 -> 2.
        assert!(parse("0100000-2").is_ok());
        // 0000004: 8 mod 11 = 8 -> 3.
        assert!(parse("0000004-3").is_ok());
    }

    #[test]
    fn invalid_check_digit() {
        for c in 0..=9 {
            if c != 2 {
                assert_eq!(
                    parse(&format!("0737546-{c}")),
                    Err(BusinessIdError::Checksum)
                );
            }
        }
    }

    #[test]
    fn remainder_one_numbers_have_no_valid_id() {
        // 0000005: 5*2 = 10 -> 10 mod 11 = 10 -> 1 (valid, sanity check).
        assert!(parse("0000005-1").is_ok());
        // Weighted sums congruent to 1 mod 11:
        // 0000006: 6*2 = 12; 0000030: 3*4 = 12; 0000102: 1*8 + 2*2 = 12.
        for n in [6u32, 30, 102] {
            assert!(BusinessId::from_number(n).is_none(), "{n}");
            for c in 0..=9 {
                assert_eq!(
                    parse(&format!("{n:07}-{c}")),
                    Err(BusinessIdError::Checksum)
                );
            }
        }
    }

    #[test]
    fn old_six_digit_form_is_padded() {
        let id = parse("737546-2").unwrap();
        assert_eq!(id.as_str(), "0737546-2");
        assert_eq!(id, parse("0737546-2").unwrap());
        assert_eq!(parse("737546-3"), Err(BusinessIdError::Checksum));
    }

    #[test]
    fn bad_format() {
        for input in [
            "",
            "0737546",
            "07375462",
            "0737546-",
            "0737546-22",
            "07375-2",
            "07375460-2",
            "073754a-2",
            "0737546-a",
            "0737546_2",
            "+737546-2",
            "07375 6-2",
            "0737546--2",
            "०७३७५४६-२",
        ] {
            assert_eq!(parse(input), Err(BusinessIdError::Format), "{input:?}");
        }
    }

    #[test]
    fn whitespace_is_trimmed() {
        assert_eq!(parse("  0737546-2\n").unwrap().as_str(), "0737546-2");
    }

    #[test]
    fn from_str_works() {
        let id: BusinessId = "0737546-2".parse().unwrap();
        assert_eq!(id.as_str(), "0737546-2");
        assert_eq!(BusinessId::parse("0737546-2"), Ok(id));
        assert_eq!(
            "0737546-1".parse::<BusinessId>(),
            Err(BusinessIdError::Checksum)
        );
    }

    #[test]
    fn from_number() {
        assert_eq!(
            BusinessId::from_number(737_546).unwrap().as_str(),
            "0737546-2"
        );
        assert_eq!(
            BusinessId::from_number(1_234_567).unwrap().as_str(),
            "1234567-1"
        );
        assert_eq!(BusinessId::from_number(0).unwrap().as_str(), "0000000-0");
        // 9 * (7+9+10+5+8+4+2) = 405; 405 mod 11 = 9 -> 2.
        assert_eq!(
            BusinessId::from_number(9_999_999).unwrap().as_str(),
            "9999999-2"
        );
        assert!(BusinessId::from_number(10_000_000).is_none());
        assert!(BusinessId::from_number(u32::MAX).is_none());
    }

    #[test]
    fn from_number_round_trips_and_skips_remainder_one() {
        let mut valid = 0;
        let mut invalid = 0;
        for n in (0..=MAX_NUMBER).step_by(997) {
            match BusinessId::from_number(n) {
                Some(id) => {
                    assert_eq!(parse(id.as_str()), Ok(id.clone()));
                    assert_eq!(id.as_str().len(), 9);
                    valid += 1;
                }
                None => invalid += 1,
            }
        }
        // Roughly one number in eleven has no valid check digit.
        assert!(invalid > 0 && valid > invalid * 5, "{valid} {invalid}");
    }

    #[test]
    fn error_codes_are_stable() {
        assert_eq!(BusinessIdError::Format.code(), "business_id.format");
        assert_eq!(BusinessIdError::Checksum.code(), "business_id.checksum");
    }
}
