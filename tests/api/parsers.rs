//! Every parser a stranger feeds, under random input (proptest): none panics on any string or
//! bytes, and what one accepts prints back as itself. "Exact" parsers print exactly what they
//! read; "normalising" ones print one canonical form (named in each section), which reads back
//! to the same value. Valid values are also built here from their own rules (check characters,
//! check digits, Luhn mod 32) and must read and print back exactly. Where the document states
//! a pattern, what a parser takes must match it.
//!
//! The tests are pure (no app, no database). Each runs a fixed seed, so a failure repeats;
//! `PROPTEST_RNG_SEED=<n>` explores other cases. A failure prints its smallest input.
//!
//! Here: identity codes, business ids, voucher numbers and site codes; `dates`: dates, months,
//! times and cursors; `wire`: headers, push endpoints, socket frames and one-line texts.

mod dates;
mod wire;

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Value};
use seteli::attendance::code::{Sealer, SiteSecret, STEP_SECONDS};
use seteli::persons::personal_id::{self, PersonalIdError};
use seteli::providers::business_id::{self, BusinessId, BusinessIdError};
use seteli::vouchers::number::VoucherNumber;

/// `cases` random cases from a fixed seed, unless `PROPTEST_RNG_SEED` names another; no
/// regression files (a failure prints its input, which is then kept as a plain test).
fn config(cases: u32) -> Config {
    let mut c = Config::with_cases(cases);
    c.failure_persistence = None;
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(0x5e7e11);
    }
    c
}

/// Any string of up to `max` characters, control characters and every plane included.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..=max).prop_map(String::from_iter)
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..=max)
}

/// The document's rules (as the app writes it; `contract` checks it is the committed one), read
/// once, to check that what a parser takes is what the document says it takes.
static DOC: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(&seteli::openapi_json()).unwrap());

/// A validator of one schema of the document.
fn validator(schema: Value) -> jsonschema::Validator {
    jsonschema::validator_for(&schema).unwrap()
}

/// The schema of the first parameter of this name and place in the document.
fn parameter(name: &str, place: &str) -> Value {
    let paths = DOC["paths"].as_object().unwrap();
    let found = paths
        .values()
        .flat_map(|item| item.as_object().unwrap().values());
    found
        .flat_map(|op| op["parameters"].as_array().cloned().unwrap_or_default())
        .find(|p| p["name"] == name && p["in"] == place)
        .map(|p| p["schema"].clone())
        .unwrap_or_else(|| panic!("no {place} parameter {name}"))
}

type Schema = LazyLock<jsonschema::Validator>;
static DAY_SCHEMA: Schema =
    LazyLock::new(|| validator(DOC["components"]["schemas"]["Day"].clone()));
static LINE60_SCHEMA: Schema =
    LazyLock::new(|| validator(DOC["components"]["schemas"]["Line60"].clone()));
static HHMM_SCHEMA: Schema = LazyLock::new(|| {
    validator(DOC["components"]["schemas"]["QuietHoursView"]["properties"]["from"].clone())
});
static MONTH_SCHEMA: Schema = LazyLock::new(|| validator(parameter("month", "query")));
static KEY_SCHEMA: Schema = LazyLock::new(|| validator(parameter("Idempotency-Key", "header")));

fn schema_valid(schema: &Schema, value: &str) -> bool {
    schema.is_valid(&json!(value))
}

// ---- Personal identity code (henkilötunnus). Normalising: surrounding whitespace is dropped
// ---- and letters are upper case; the canonical form is `trim().to_ascii_uppercase()`.

const HETU_CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
const FIRST_BIRTH: NaiveDate = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap();

/// A code from its parts, with the check character from DVV's rule: `DDMMYYNNN mod 31`.
fn hetu(date: NaiveDate, sign_pick: usize, individual: u32) -> String {
    let signs: &[char] = match date.year() {
        1800..=1899 => &['+'],
        1900..=1999 => &['-', 'Y', 'X', 'W', 'V', 'U'],
        _ => &['A', 'B', 'C', 'D', 'E', 'F'],
    };
    let sign = signs[sign_pick % signs.len()];
    let ddmmyy = format!(
        "{:02}{:02}{:02}",
        date.day(),
        date.month(),
        date.year() % 100
    );
    let n: u64 = format!("{ddmmyy}{individual:03}").parse().unwrap();
    let check = HETU_CHECK[(n % 31) as usize] as char;
    format!("{ddmmyy}{sign}{individual:03}{check}")
}

fn birth_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..109_572).prop_map(|d| FIRST_BIRTH + Duration::days(d))
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn personal_id_never_panics_and_prints_its_canonical_form(
        s in prop_oneof![text(14), "[ ]?[0-9]{6}[-+A-FU-Ya-fu-y ]?[0-9]{3}[0-9A-Ya-y][ \n]?"]
    ) {
        let read = [personal_id::parse(&s), personal_id::parse_allowing_test_codes(&s)];
        for id in read.into_iter().flatten() {
            prop_assert_eq!(id.as_str(), s.trim().to_ascii_uppercase());
            prop_assert_eq!(personal_id::parse_allowing_test_codes(id.as_str()), Ok(id.clone()));
            prop_assert_eq!(id.masked(), format!("{}****", &id.as_str()[..7]));
            let _ = id.birth_date();
        }
    }

    #[test]
    fn a_valid_personal_id_reads_and_prints_exactly(
        date in birth_date(), sign in 0usize..6, individual in 2u32..=899,
    ) {
        let code = hetu(date, sign, individual);
        let id = personal_id::parse(&code).unwrap();
        prop_assert_eq!(id.as_str(), code.as_str());
        prop_assert_eq!(id.birth_date(), date);
        prop_assert!(!id.is_test_code());
        let typed = format!(" {}\n", code.to_ascii_lowercase());
        prop_assert_eq!(personal_id::parse(&typed), Ok(id));
    }

    #[test]
    fn a_test_personal_id_reads_only_where_test_codes_are_let_in(
        date in birth_date(), sign in 0usize..6, individual in 900u32..=999,
    ) {
        let code = hetu(date, sign, individual);
        prop_assert_eq!(personal_id::parse(&code), Err(PersonalIdError::Temporary));
        let id = personal_id::parse_allowing_test_codes(&code).unwrap();
        prop_assert_eq!(id.as_str(), code.as_str());
        prop_assert!(id.is_test_code());
    }

    /// One digit typed wrong never reads: it moves `DDMMYYNNN mod 31` or the date.
    #[test]
    fn one_wrong_digit_in_a_personal_id_never_reads(
        date in birth_date(), sign in 0usize..6, individual in 2u32..=899,
        at in prop::sample::select(vec![0usize, 1, 2, 3, 4, 5, 7, 8, 9]), digit in 0u8..10,
    ) {
        let mut code = hetu(date, sign, individual).into_bytes();
        prop_assume!(code[at] != b'0' + digit);
        code[at] = b'0' + digit;
        prop_assert!(personal_id::parse(std::str::from_utf8(&code).unwrap()).is_err());
    }
}

// ---- Business id (Y-tunnus). Normalising: whitespace around it is dropped and the old
// ---- six-digit number is padded; the canonical form is `NNNNNNN-C`.

/// The check digit from the rule (weights 7, 9, 10, 5, 8, 4, 2; remainder 1 has none).
fn y_check(number: u32) -> Option<u32> {
    let digits = format!("{number:07}");
    let sum: u32 = digits
        .bytes()
        .zip([7, 9, 10, 5, 8, 4, 2])
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    match sum % 11 {
        0 => Some(0),
        1 => None,
        r => Some(11 - r),
    }
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn business_id_never_panics_and_prints_its_canonical_form(
        s in prop_oneof![text(12), "[ ]?[0-9]{5,8}-[0-9a]{1,2}[ ]?"]
    ) {
        if let Ok(id) = business_id::parse(&s) {
            let (number, check) = s.trim().split_once('-').unwrap();
            prop_assert_eq!(id.to_string(), format!("{:0>7}-{check}", number));
            prop_assert_eq!(BusinessId::parse(&id.to_string()), Ok(id));
        }
    }

    #[test]
    fn a_business_id_reads_exactly_when_its_check_digit_is_right(
        number in 0u32..=9_999_999, check in 0u32..10,
    ) {
        let typed = format!("{number:07}-{check}");
        match y_check(number) {
            Some(c) if c == check => {
                let id = business_id::parse(&typed).unwrap();
                prop_assert_eq!(id.to_string(), typed.clone());
                prop_assert_eq!(BusinessId::from_number(number), Some(id.clone()));
                if number < 1_000_000 {
                    prop_assert_eq!(business_id::parse(&format!("{number:06}-{check}")), Ok(id));
                }
            }
            _ => prop_assert_eq!(business_id::parse(&typed), Err(BusinessIdError::Checksum)),
        }
    }
}

// ---- Voucher number and its check symbol. Normalising: dashes and spaces do not count, case
// ---- does not matter, and O, I, L in the symbols read as 0, 1, 1; the canonical form is
// ---- `AAA-XXXX-XXXX` in upper case.

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Luhn mod 32 as a reader checks it: from the right, every second value doubled (its two
/// base-32 digits added), and the sum divisible by 32.
fn luhn32_valid(values: &[u32]) -> bool {
    let sum: u32 = values
        .iter()
        .rev()
        .enumerate()
        .map(|(i, v)| v * (1 + (i % 2) as u32))
        .map(|a| a / 32 + a % 32)
        .sum();
    sum.is_multiple_of(32)
}

fn canonical_voucher(typed: &str) -> String {
    let cleaned: String = typed.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let cleaned = cleaned.to_ascii_uppercase();
    let (prefix, rest) = cleaned.split_at(3);
    let symbols: String = rest
        .chars()
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    format!("{prefix}-{}-{}", &symbols[..4], &symbols[4..])
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn voucher_number_never_panics_and_prints_its_canonical_form(
        s in prop_oneof![text(16), "[A-Za-z]{3}[- ]?[0-9A-Za-z]{4}[- ]?[0-9A-Za-z]{4}"]
    ) {
        if let Some(n) = VoucherNumber::parse(&s) {
            prop_assert_eq!(n.to_string(), canonical_voucher(&s));
            let values: Vec<u32> = n.as_str()[4..].bytes().filter(|b| *b != b'-')
                .map(|b| CROCKFORD.iter().position(|c| *c == b).unwrap() as u32).collect();
            prop_assert!(luhn32_valid(&values));
            prop_assert_eq!(VoucherNumber::parse(n.as_str()), Some(n));
        }
    }

    #[test]
    fn a_voucher_number_with_its_check_symbol_reads_as_typed(
        prefix in "[A-Z]{3}", body in prop::collection::vec(0u32..32, 7),
        lower in any::<bool>(), spaces in any::<bool>(), alike in any::<bool>(),
        at in 0usize..8, other in 1u32..32,
    ) {
        let check = (0..32).find(|c| luhn32_valid(&[body.clone(), vec![*c]].concat())).unwrap();
        let values = [body, vec![check]].concat();
        let symbols: String = values.iter().map(|v| CROCKFORD[*v as usize] as char).collect();
        let canonical = format!("{prefix}-{}-{}", &symbols[..4], &symbols[4..]);
        let n = VoucherNumber::parse(&canonical).unwrap();
        prop_assert_eq!(n.as_str(), canonical.as_str());
        // As a person might type it.
        let mut typed = canonical.replace('-', if spaces { " " } else { "" });
        if alike {
            typed = format!("{}{}", &typed[..3], typed[3..].replace('0', "O").replace('1', "l"));
        }
        if lower {
            typed = typed.to_lowercase();
        }
        prop_assert_eq!(VoucherNumber::parse(&typed), Some(n));
        // One symbol typed wrong never reads.
        let mut wrong = values.clone();
        wrong[at] = (wrong[at] + other) % 32;
        let symbols: String = wrong.iter().map(|v| CROCKFORD[*v as usize] as char).collect();
        prop_assert_eq!(VoucherNumber::parse(&format!("{prefix}{symbols}")), None);
    }
}

// ---- Site presence codes. Exact: a code is six ASCII digits, and one that is accepted is the
// ---- code of the step it is accepted for.

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn a_site_code_never_panics_and_names_its_step(
        code in prop_oneof![text(8), "[0-9 ]{5,7}"], unix in 0u64..u64::MAX / 60,
    ) {
        let secret = SiteSecret::generate();
        if let Some(step) = secret.check(&code, unix) {
            prop_assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
            prop_assert!((step - (unix / STEP_SECONDS) as i64).abs() <= 1);
            prop_assert_eq!(secret.code_at(step as u64 * STEP_SECONDS), code);
        }
    }

    /// The code shown is taken a step either side of its own, and not further (unless another
    /// step's code happens to be the same).
    #[test]
    fn the_code_shown_is_accepted_a_step_either_side(
        unix in 120u64..=u64::MAX / 2, shift in -3i64..=3,
    ) {
        let secret = SiteSecret::generate();
        let code = secret.code_at(unix);
        prop_assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
        let now = unix.checked_add_signed(shift * STEP_SECONDS as i64).unwrap();
        match secret.check(&code, now) {
            Some(step) => prop_assert_eq!(secret.code_at(step as u64 * STEP_SECONDS), code),
            None => prop_assert!(shift.abs() > 1, "refused {} steps away", shift),
        }
    }

    #[test]
    fn a_sealed_secret_never_panics(sealed in prop_oneof![text(80), "[A-Za-z0-9+/]{0,80}"]) {
        let sealer = Sealer::new(b"a server key of thirty-two bytes");
        prop_assert!(sealer.open("site", &sealed).is_none());
        let secret = SiteSecret::generate();
        let opened = sealer.open("site", &sealer.seal("site", &secret)).unwrap();
        prop_assert_eq!(opened.code_at(1_800_000_000), secret.code_at(1_800_000_000));
    }
}
