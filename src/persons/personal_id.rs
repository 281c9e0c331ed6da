//! Finnish personal identity code (henkilötunnus).
//!
//! Format: `DDMMYYCNNNK` where `DDMMYY` is the date of birth, `C` the century
//! sign, `NNN` the individual number and `K` the check character.
//!
//! The full code is sensitive personal data. [`PersonalId`] therefore has no
//! `Display` implementation and its `Debug` output only shows the masked form.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// Check characters indexed by `(DDMMYYNNN as a number) mod 31`.
const CHECK_CHARS: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

/// Length of a personal identity code in characters.
const LEN: usize = 11;

/// A validated Finnish personal identity code in canonical (uppercase) form.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonalId(String);

/// Reasons a personal identity code can be rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PersonalIdError {
    #[error("personal identity code must be 11 characters long")]
    Length,
    #[error("personal identity code has an invalid format")]
    Format,
    #[error("personal identity code has an invalid century sign")]
    CenturySign,
    #[error("personal identity code contains an invalid date of birth")]
    Date,
    #[error("personal identity code has an invalid individual number")]
    IndividualNumber,
    #[error("temporary personal identity codes are not accepted")]
    Temporary,
    #[error("personal identity code has an invalid check character")]
    Checksum,
}

impl PersonalIdError {
    /// Stable machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            PersonalIdError::Length => "personal_id.length",
            PersonalIdError::Format => "personal_id.format",
            PersonalIdError::CenturySign => "personal_id.century_sign",
            PersonalIdError::Date => "personal_id.date",
            PersonalIdError::IndividualNumber => "personal_id.individual_number",
            PersonalIdError::Temporary => "personal_id.temporary",
            PersonalIdError::Checksum => "personal_id.checksum",
        }
    }
}

/// Base year (first year of the century) for a century sign.
fn century_base(sign: u8) -> Option<i32> {
    match sign {
        b'+' => Some(1800),
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => Some(1900),
        b'A' | b'B' | b'C' | b'D' | b'E' | b'F' => Some(2000),
        _ => None,
    }
}

/// Parses a run of ASCII digits (caller guarantees they are digits).
fn digits_value(digits: &[u8]) -> u32 {
    digits
        .iter()
        .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
}

/// Computes the check character for the given date digits and individual number.
fn check_char(ddmmyy: u32, individual: u32) -> u8 {
    let n = ddmmyy * 1000 + individual;
    CHECK_CHARS[(n % 31) as usize]
}

/// Parses and validates a personal identity code.
///
/// Surrounding whitespace is ignored and lowercase letters are accepted; the
/// result is stored in canonical uppercase form.
pub fn parse(input: &str) -> Result<PersonalId, PersonalIdError> {
    parse_inner(input, false)
}

/// Like [`parse`], but also accepts individual numbers 900–999: the codes used for test
/// identities (for example in Suomi.fi's test environment and in our demo data), which never
/// belong to a real person.
pub fn parse_allowing_test_codes(input: &str) -> Result<PersonalId, PersonalIdError> {
    parse_inner(input, true)
}

fn parse_inner(input: &str, allow_test_codes: bool) -> Result<PersonalId, PersonalIdError> {
    let trimmed = input.trim();
    if trimmed.chars().count() != LEN {
        return Err(PersonalIdError::Length);
    }
    if !trimmed.is_ascii() {
        return Err(PersonalIdError::Format);
    }
    let code = trimmed.to_ascii_uppercase();
    let bytes = code.as_bytes();

    let date_digits = &bytes[0..6];
    let individual_digits = &bytes[7..10];
    if !date_digits.iter().all(u8::is_ascii_digit)
        || !individual_digits.iter().all(u8::is_ascii_digit)
        || !bytes[10].is_ascii_alphanumeric()
    {
        return Err(PersonalIdError::Format);
    }

    let base = century_base(bytes[6]).ok_or(PersonalIdError::CenturySign)?;

    let day = digits_value(&date_digits[0..2]);
    let month = digits_value(&date_digits[2..4]);
    let yy = digits_value(&date_digits[4..6]);
    // yy is at most 99, so the cast cannot truncate.
    NaiveDate::from_ymd_opt(base + yy as i32, month, day).ok_or(PersonalIdError::Date)?;

    let individual = digits_value(individual_digits);
    if individual < 2 {
        return Err(PersonalIdError::IndividualNumber);
    }
    if individual >= 900 && !allow_test_codes {
        return Err(PersonalIdError::Temporary);
    }

    if check_char(digits_value(date_digits), individual) != bytes[10] {
        return Err(PersonalIdError::Checksum);
    }

    Ok(PersonalId(code))
}

impl PersonalId {
    /// Parses and validates a personal identity code. See [`parse`].
    pub fn parse(input: &str) -> Result<PersonalId, PersonalIdError> {
        parse(input)
    }

    /// Builds a valid code for the given birth date and individual number,
    /// using the standard century sign (`+`, `-` or `A`).
    ///
    /// Returns `None` if `individual` is outside `2..=899` or the year is
    /// outside `1800..=2099`.
    pub fn from_parts(birth_date: NaiveDate, individual: u16) -> Option<PersonalId> {
        if !(2..=899).contains(&individual) {
            return None;
        }
        Self::build(birth_date, individual)
    }

    fn build(birth_date: NaiveDate, individual: u16) -> Option<PersonalId> {
        let year = birth_date.year();
        let sign = match year {
            1800..=1899 => '+',
            1900..=1999 => '-',
            2000..=2099 => 'A',
            _ => return None,
        };
        let (day, month, yy) = (birth_date.day(), birth_date.month(), year.rem_euclid(100));
        let ddmmyy = day * 10_000 + month * 100 + yy as u32;
        let check = check_char(ddmmyy, u32::from(individual)) as char;
        Some(PersonalId(format!(
            "{ddmmyy:06}{sign}{individual:03}{check}"
        )))
    }

    /// A test code (individual number 900–999) for the given birth date; `None` outside that
    /// range. Such codes never belong to a real person.
    pub fn test_code(birth_date: NaiveDate, individual: u16) -> Option<PersonalId> {
        if !(900..=999).contains(&individual) {
            return None;
        }
        Self::build(birth_date, individual)
    }

    /// Whether this is a test code (individual number 900–999).
    pub fn is_test_code(&self) -> bool {
        digits_value(&self.0.as_bytes()[7..10]) >= 900
    }

    /// The full code. Use only for storage; never log or display it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Date of birth encoded in the code.
    pub fn birth_date(&self) -> NaiveDate {
        let bytes = self.0.as_bytes();
        let day = digits_value(&bytes[0..2]);
        let month = digits_value(&bytes[2..4]);
        let yy = digits_value(&bytes[4..6]);
        let base = century_base(bytes[6]).expect("validated century sign");
        NaiveDate::from_ymd_opt(base + yy as i32, month, day).expect("validated birth date")
    }

    /// Date of birth and century sign followed by `****`, e.g. `131052-****`.
    pub fn masked(&self) -> String {
        format!("{}****", &self.0[..7])
    }
}

impl fmt::Debug for PersonalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PersonalId").field(&self.masked()).finish()
    }
}

impl FromStr for PersonalId {
    type Err = PersonalIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn documented_example_is_valid() {
        // 131052308 mod 31 = 25 -> 'T'
        let id = parse("131052-308T").unwrap();
        assert_eq!(id.as_str(), "131052-308T");
        assert_eq!(id.birth_date(), date(1952, 10, 13));
    }

    #[test]
    fn known_valid_codes() {
        // Hand-verified: 010594202 mod 31 = 14 ('E'), 290200123 mod 31 = 9,
        // 311299456 mod 31 = 29 ('X'), 010101202 mod 31 = 7.
        let cases = [
            ("010594Y202E", date(1994, 5, 1)),
            ("290200A1239", date(2000, 2, 29)),
            ("311299-456X", date(1999, 12, 31)),
            ("010101+2027", date(1801, 1, 1)),
            ("131052-308T", date(1952, 10, 13)),
        ];
        for (code, birth) in cases {
            let id = parse(code).unwrap_or_else(|e| panic!("{code}: {e:?}"));
            assert_eq!(id.as_str(), code);
            assert_eq!(id.birth_date(), birth, "{code}");
        }
    }

    #[test]
    fn every_century_sign() {
        // The check character does not depend on the century sign.
        let cases = [
            ('+', 1801),
            ('-', 1901),
            ('Y', 1901),
            ('X', 1901),
            ('W', 1901),
            ('V', 1901),
            ('U', 1901),
            ('A', 2001),
            ('B', 2001),
            ('C', 2001),
            ('D', 2001),
            ('E', 2001),
            ('F', 2001),
        ];
        for (sign, year) in cases {
            let code = format!("010101{sign}2027");
            let id = parse(&code).unwrap_or_else(|e| panic!("{code}: {e:?}"));
            assert_eq!(id.birth_date(), date(year, 1, 1), "{code}");
        }
    }

    #[test]
    fn invalid_century_sign() {
        assert_eq!(parse("010101G2027"), Err(PersonalIdError::CenturySign));
        assert_eq!(parse("010101Z2027"), Err(PersonalIdError::CenturySign));
        assert_eq!(parse("010101*2027"), Err(PersonalIdError::CenturySign));
    }

    #[test]
    fn invalid_date() {
        // 30 February does not exist.
        assert_eq!(parse("300290-123A"), Err(PersonalIdError::Date));
        assert_eq!(parse("000190-123A"), Err(PersonalIdError::Date));
        assert_eq!(parse("011390-123A"), Err(PersonalIdError::Date));
        // 29 Feb 1900 does not exist, 29 Feb 2000 does.
        assert_eq!(parse("290200-123A"), Err(PersonalIdError::Date));
        let leap = PersonalId::from_parts(date(2000, 2, 29), 123).unwrap();
        assert!(leap.as_str().starts_with("290200A123"));
        assert!(parse(leap.as_str()).is_ok());
    }

    #[test]
    fn wrong_check_character() {
        assert_eq!(parse("131052-308U"), Err(PersonalIdError::Checksum));
        assert_eq!(parse("131052-3080"), Err(PersonalIdError::Checksum));
        // Letters never used as check characters.
        assert_eq!(parse("131052-308G"), Err(PersonalIdError::Checksum));
        assert_eq!(parse("131052-308Z"), Err(PersonalIdError::Checksum));
    }

    #[test]
    fn bad_length() {
        assert_eq!(parse(""), Err(PersonalIdError::Length));
        assert_eq!(parse("131052-308"), Err(PersonalIdError::Length));
        assert_eq!(parse("131052-308TT"), Err(PersonalIdError::Length));
        assert_eq!(parse("131052308T"), Err(PersonalIdError::Length));
    }

    #[test]
    fn bad_format() {
        assert_eq!(parse("13105X-308T"), Err(PersonalIdError::Format));
        assert_eq!(parse("131052-3O8T"), Err(PersonalIdError::Format));
        assert_eq!(parse("131052-308!"), Err(PersonalIdError::Format));
        assert_eq!(parse("131052-308Ä"), Err(PersonalIdError::Format));
        assert_eq!(parse("131052 308T"), Err(PersonalIdError::CenturySign));
    }

    #[test]
    fn individual_number_range() {
        // 000 and 001 are not used (check chars computed for each).
        let c000 = check_char(131052, 0) as char;
        let c001 = check_char(131052, 1) as char;
        assert_eq!(
            parse(&format!("131052-000{c000}")),
            Err(PersonalIdError::IndividualNumber)
        );
        assert_eq!(
            parse(&format!("131052-001{c001}")),
            Err(PersonalIdError::IndividualNumber)
        );
        let c002 = check_char(131052, 2) as char;
        assert!(parse(&format!("131052-002{c002}")).is_ok());
        let c899 = check_char(131052, 899) as char;
        assert!(parse(&format!("131052-899{c899}")).is_ok());
    }

    #[test]
    fn temporary_codes_rejected() {
        for n in [900u32, 901, 950, 999] {
            let c = check_char(131052, n) as char;
            assert_eq!(
                parse(&format!("131052-{n}{c}")),
                Err(PersonalIdError::Temporary)
            );
        }
        // DVV's published examples use temporary numbers; their check
        // characters are right (010594902 mod 31 = 1, 020594903 mod 31 = 22
        // -> 'P', 010516903 mod 31 = 29 -> 'X') but they must be rejected.
        for code in ["010594Y9021", "020594X903P", "010516B903X"] {
            let b = code.as_bytes();
            let expected = check_char(digits_value(&b[0..6]), digits_value(&b[7..10]));
            assert_eq!(expected, b[10], "{code}");
            assert_eq!(parse(code), Err(PersonalIdError::Temporary), "{code}");
        }
    }

    #[test]
    fn lowercase_and_whitespace_accepted() {
        let id = parse("  131052-308t\n").unwrap();
        assert_eq!(id.as_str(), "131052-308T");
        let id = parse("010516b903x");
        assert_eq!(id, Err(PersonalIdError::Temporary));
        let id = parse("010101a2027").unwrap();
        assert_eq!(id.as_str(), "010101A2027");
        assert_eq!(id, parse("010101A2027").unwrap());
    }

    #[test]
    fn masked_output() {
        assert_eq!(parse("131052-308T").unwrap().masked(), "131052-****");
        assert_eq!(parse("010101a2027").unwrap().masked(), "010101A****");
    }

    #[test]
    fn debug_does_not_leak() {
        let id = parse("131052-308T").unwrap();
        let debug = format!("{id:?}");
        assert!(debug.contains("131052-****"), "{debug}");
        assert!(!debug.contains("308T"), "{debug}");
        let pretty = format!("{:#?}", Some(&id));
        assert!(!pretty.contains("308"), "{pretty}");
    }

    #[test]
    fn from_str_works() {
        let id: PersonalId = "131052-308T".parse().unwrap();
        assert_eq!(id.as_str(), "131052-308T");
        assert_eq!(
            "131052-308U".parse::<PersonalId>(),
            Err(PersonalIdError::Checksum)
        );
        assert_eq!(PersonalId::parse("131052-308T"), Ok(id));
    }

    #[test]
    fn from_parts_known() {
        let id = PersonalId::from_parts(date(1952, 10, 13), 308).unwrap();
        assert_eq!(id.as_str(), "131052-308T");
        let id = PersonalId::from_parts(date(1801, 1, 1), 202).unwrap();
        assert_eq!(id.as_str(), "010101+2027");
        let id = PersonalId::from_parts(date(2016, 5, 1), 2).unwrap();
        assert!(id.as_str().starts_with("010516A002"));
    }

    #[test]
    fn from_parts_rejects_out_of_range() {
        let d = date(1990, 1, 1);
        assert!(PersonalId::from_parts(d, 0).is_none());
        assert!(PersonalId::from_parts(d, 1).is_none());
        assert!(PersonalId::from_parts(d, 900).is_none());
        assert!(PersonalId::from_parts(d, 999).is_none());
        assert!(PersonalId::from_parts(d, 2).is_some());
        assert!(PersonalId::from_parts(d, 899).is_some());
        assert!(PersonalId::from_parts(date(1799, 12, 31), 100).is_none());
        assert!(PersonalId::from_parts(date(2100, 1, 1), 100).is_none());
        assert!(PersonalId::from_parts(date(1800, 1, 1), 100).is_some());
        assert!(PersonalId::from_parts(date(2099, 12, 31), 100).is_some());
    }

    #[test]
    fn from_parts_round_trips_through_parse() {
        let mut d = date(1800, 1, 1);
        let end = date(2099, 12, 31);
        let mut individual: u16 = 2;
        let mut count = 0;
        while d <= end {
            let id = PersonalId::from_parts(d, individual).unwrap();
            let parsed = parse(id.as_str()).unwrap_or_else(|e| panic!("{id:?}: {e:?}"));
            assert_eq!(parsed, id);
            assert_eq!(parsed.birth_date(), d);
            assert_eq!(parsed.as_str().len(), 11);
            let lower = parse(&id.as_str().to_ascii_lowercase()).unwrap();
            assert_eq!(lower, id);
            d += chrono::Duration::days(13);
            individual = (individual - 2 + 7) % 898 + 2; // cycles through 2..=899
            count += 1;
        }
        assert!(count > 8000);
    }

    #[test]
    fn error_codes_are_stable() {
        assert_eq!(PersonalIdError::Length.code(), "personal_id.length");
        assert_eq!(PersonalIdError::Format.code(), "personal_id.format");
        assert_eq!(
            PersonalIdError::CenturySign.code(),
            "personal_id.century_sign"
        );
        assert_eq!(PersonalIdError::Date.code(), "personal_id.date");
        assert_eq!(
            PersonalIdError::IndividualNumber.code(),
            "personal_id.individual_number"
        );
        assert_eq!(PersonalIdError::Temporary.code(), "personal_id.temporary");
        assert_eq!(PersonalIdError::Checksum.code(), "personal_id.checksum");
    }

    #[test]
    fn test_codes_are_accepted_only_when_asked_for() {
        let code = PersonalId::test_code(date(1980, 2, 1), 952).unwrap();
        assert!(code.is_test_code());
        assert_eq!(parse(code.as_str()), Err(PersonalIdError::Temporary));
        assert_eq!(parse_allowing_test_codes(code.as_str()).unwrap(), code);
        assert!(PersonalId::test_code(date(1980, 2, 1), 899).is_none());
        let real = PersonalId::from_parts(date(1980, 2, 1), 123).unwrap();
        assert!(!real.is_test_code());
        assert_eq!(
            parse_allowing_test_codes("010280-952X"),
            Err(PersonalIdError::Checksum)
        );
    }
}
