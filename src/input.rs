//! What a stranger sends, parsed at the edge into types that say in the document what they
//! accept: a JSON object that is one of several shapes told apart by a tag.

/// A JSON object that is one of several named shapes, told apart by a tag property (`op`,
/// `grant_type`). Each shape is a struct of its own with the tag as a field whose type accepts
/// its one value; the union's schema is `oneOf` those shapes with a discriminator, so generated
/// clients get a named class for each. Reading one reads the tag first: a missing or unknown tag,
/// and then a missing or unknown field of the shape, are each told exactly.
#[macro_export]
macro_rules! one_of {
    (
        $(#[doc = $doc:literal])*
        $name:ident by $tag:literal {
            $( $variant:ident($shape:ty) = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug)]
        pub enum $name {
            $( $variant($shape) ),+
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error;
                let value = serde_json::Value::deserialize(d)?;
                let tag = match value.get($tag) {
                    None => return Err(D::Error::missing_field($tag)),
                    Some(tag) => tag.as_str().unwrap_or_default().to_string(),
                };
                match tag.as_str() {
                    $( $value => serde_path_to_error::deserialize(value)
                        .map($name::$variant)
                        .map_err(|e| D::Error::custom($crate::input::inner(&e))), )+
                    other => Err(D::Error::unknown_variant(other, &[$($value),+])),
                }
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::ToSchema;
                let doc: &str = concat!($($doc, "\n"),*);
                let mut discriminator = utoipa::openapi::schema::Discriminator::new($tag);
                $(
                    discriminator.mapping.insert(
                        $value.to_string(),
                        format!("#/components/schemas/{}", <$shape>::name()),
                    );
                )+
                utoipa::openapi::schema::OneOfBuilder::new()
                    $( .item(utoipa::openapi::Ref::from_schema_name(<$shape>::name())) )+
                    .discriminator(Some(discriminator))
                    .description(Some(doc.trim()).filter(|d| !d.is_empty()))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }

            fn schemas(
                schemas: &mut Vec<(
                    String,
                    utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
                )>,
            ) {
                use utoipa::PartialSchema;
                $(
                    schemas.push((<$shape>::name().into(), <$shape>::schema()));
                    <$shape>::schemas(schemas);
                )+
            }
        }
    };
}

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use actix_web::{web, FromRequest, HttpRequest};
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

use crate::error::{AppError, ErrorCode};
use crate::text::{self, TextFault};

/// The first and the last day a person may send: a window around today wide enough for every
/// rule, narrow enough that no arithmetic on it overflows and both databases store it alike.
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};
pub const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// What an input type says went wrong, carried through serde to [`Json`], which names the field.
const MARK: &str = "seteli:";

fn out_of_range<E: serde::de::Error>() -> E {
    E::custom(format!("{MARK}date.out_of_range"))
}

/// A day a person sends (`YYYY-MM-DD`), between 2000-01-01 and 2100-12-31. Checked as it is read,
/// before any arithmetic, so a date out of that window reaches no rule and no database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Day(NaiveDate);

impl Day {
    pub fn new(date: NaiveDate) -> Option<Day> {
        (FIRST_DAY..=LAST_DAY).contains(&date).then_some(Day(date))
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }
}

impl From<Day> for NaiveDate {
    fn from(d: Day) -> NaiveDate {
        d.0
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let s = String::deserialize(d)?;
        let invalid = || D::Error::custom(format!("{MARK}date.invalid"));
        let date = NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| invalid())?;
        // chrono also reads `2024-1-5`, `+2024-01-05` and ` 2024-01-05`: only the form the
        // document states, the one a day prints as, is a day.
        if date.format("%Y-%m-%d").to_string() != s {
            return Err(invalid());
        }
        Day::new(date).ok_or_else(out_of_range)
    }
}

impl PartialSchema for Day {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .pattern(Some(
                "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
            ))
            .description(Some("A day, from 2000-01-01 to 2100-12-31."))
            .into()
    }
}

impl ToSchema for Day {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Day")
    }
}

/// An instant a person sends (RFC 3339), in the years 2000–2100 (see [`Day`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Moment(DateTime<Utc>);

impl Moment {
    pub fn new(at: DateTime<Utc>) -> Option<Moment> {
        Day::new(at.date_naive()).map(|_| Moment(at))
    }

    pub fn at(self) -> DateTime<Utc> {
        self.0
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Moment, D::Error> {
        let s = String::deserialize(d)?;
        let at = DateTime::parse_from_rfc3339(&s)
            .map_err(|_| D::Error::custom(format!("{MARK}date.invalid")))?;
        // The day as written is within the years too, as the document's pattern says: not only
        // the instant (`1999-12-31T23:00:00-05:00` is in 2000 in UTC).
        Day::new(at.date_naive()).ok_or_else(out_of_range)?;
        Moment::new(at.with_timezone(&Utc)).ok_or_else(out_of_range)
    }
}

impl PartialSchema for Moment {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .pattern(Some("^(20[0-9]{2}|2100)-"))
            .description(Some("An instant (RFC 3339), in the years 2000 to 2100."))
            .into()
    }
}

impl ToSchema for Moment {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Moment")
    }
}

/// The characters no text a person sends may hold, as a pattern class: control characters (a
/// paragraph keeps its line breaks and tabs), direction marks and overrides, zero-width and other
/// invisible characters, and line and paragraph separators (see `text`).
const HIDDEN: &str =
    r"\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF";
const HIDDEN_IN_PARAGRAPH: &str = r"\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF";

/// A text schema: 1 to `max` characters, at least one of them visible, none hidden.
fn text_schema(max: usize, hidden: &str, description: String) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(format!("^[^{hidden}]*[^{hidden}\\s][^{hidden}]*$")))
        .description(Some(description))
        .into()
}

/// A one-line text a person sends (a name, an address), at most `MAX` characters. It reads as
/// any string; [`Line::checked`] checks it as [`text::line`] does, with the same limit the
/// document states.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Line<const MAX: usize>(pub String);

impl<const MAX: usize> Line<MAX> {
    pub fn checked(&self) -> Result<String, TextFault> {
        text::line(&self.0, MAX)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> From<&str> for Line<MAX> {
    fn from(s: &str) -> Line<MAX> {
        Line(s.to_string())
    }
}

impl<const MAX: usize> std::ops::Deref for Line<MAX> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> PartialSchema for Line<MAX> {
    fn schema() -> RefOr<Schema> {
        let about = format!("One line of text, 1 to {MAX} characters.");
        text_schema(MAX, HIDDEN, about)
    }
}

impl<const MAX: usize> ToSchema for Line<MAX> {
    fn name() -> Cow<'static, str> {
        Cow::Owned(format!("Line{MAX}"))
    }
}

/// A text of one or more lines a person sends (a reason, a note, a description), at most `MAX`
/// characters; see [`Line`] and [`text::paragraph`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Paragraph<const MAX: usize>(pub String);

impl<const MAX: usize> Paragraph<MAX> {
    pub fn checked(&self) -> Result<String, TextFault> {
        text::paragraph(&self.0, MAX)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> From<&str> for Paragraph<MAX> {
    fn from(s: &str) -> Paragraph<MAX> {
        Paragraph(s.to_string())
    }
}

impl<const MAX: usize> std::ops::Deref for Paragraph<MAX> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> PartialSchema for Paragraph<MAX> {
    fn schema() -> RefOr<Schema> {
        let about = format!("Text of one or more lines, 1 to {MAX} characters.");
        text_schema(MAX, HIDDEN_IN_PARAGRAPH, about)
    }
}

impl<const MAX: usize> ToSchema for Paragraph<MAX> {
    fn name() -> Cow<'static, str> {
        Cow::Owned(format!("Paragraph{MAX}"))
    }
}

/// A JSON request body, read so that whatever in it is wrong is named by its path in the body
/// (`deadline_anchors.place_agreed_on`): the size, the media type and the JSON itself are checked
/// as every body is (the application's `JsonConfig`), then the value is read into `T`.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Json<T>, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = whole_numbers(value.await?.into_inner());
            // Every body is an object; serde would also read a struct from an array of its
            // fields in order (`[null, null]`), which no client means.
            if !value.is_object() {
                let e = serde_json::from_value::<serde_json::Map<String, serde_json::Value>>(value)
                    .expect_err("only an object reads as a map");
                return Err(body_error("", &e).into());
            }
            serde_path_to_error::deserialize(value)
                .map(Json)
                .map_err(|e| body_error(&e.path().to_string(), e.inner()).into())
        })
    }
}

/// The body with every number that is whole written as an integer: JSON has one number type,
/// and JSON Schema counts `2.0` as an integer, so a client that writes it so means `2`.
fn whole_numbers(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(whole_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, whole_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

/// How a shape inside a union tells the union's reader where it went wrong: `at `path`: …`.
pub fn inner(e: &serde_path_to_error::Error<serde_json::Error>) -> String {
    format!("at `{}`: {}", e.path(), e.inner())
}

/// The most helpful code for a body that did not read, naming the field where one is known
/// (`path`, empty or `.` for the whole body).
pub fn body_error(path: &str, e: &serde_json::Error) -> AppError {
    use serde_json::error::Category;
    let mut message = e.to_string();
    let mut path = path.to_string();
    // A shape inside a union (see `one_of!`) names where in it the error is.
    if let Some(rest) = message.strip_prefix("at `") {
        if let Some((inner, rest)) = rest.split_once("`: ") {
            path = match (path.as_str(), inner) {
                ("" | ".", inner) => inner.to_string(),
                (outer, "" | ".") => outer.to_string(),
                (outer, inner) => format!("{outer}.{inner}"),
            };
            message = rest.to_string();
        }
    }
    let path = path.as_str();
    let at = |leaf: &str| match path {
        "" | "." => leaf.to_string(),
        p if leaf.is_empty() => p.to_string(),
        p => format!("{p}.{leaf}"),
    };
    match e.classify() {
        Category::Syntax | Category::Eof => AppError::new(ErrorCode::MalformedJson),
        Category::Io => AppError::new(ErrorCode::BadRequest),
        Category::Data => {
            let quoted = |prefix: &str| {
                let start = message.find(prefix)? + prefix.len();
                let len = message[start..].find('`')?;
                Some(
                    message[start..start + len]
                        .chars()
                        .take(64)
                        .collect::<String>(),
                )
            };
            if let Some(code) = message.strip_prefix(MARK) {
                let code = code.split_whitespace().next().unwrap_or_default();
                let code = match code {
                    "date.out_of_range" => ErrorCode::DateOutOfRange,
                    _ => ErrorCode::DateInvalid,
                };
                AppError::new(code).arg("field", at(""))
            } else if let Some(field) = quoted("unknown field `") {
                AppError::new(ErrorCode::UnknownField).arg("field", at(&field))
            } else if let Some(field) = quoted("missing field `") {
                AppError::new(ErrorCode::MissingField).arg("field", at(&field))
            } else if path.is_empty() || path == "." {
                AppError::new(ErrorCode::InvalidValue)
            } else {
                AppError::new(ErrorCode::InvalidField).arg("field", at(""))
            }
        }
    }
}

/// A text of one or more lines that may be left empty (one language of a note), at most `MAX`
/// characters, none hidden.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Note<const MAX: usize>(pub String);

impl<const MAX: usize> Note<MAX> {
    /// The text, trimmed; empty when it was left blank.
    pub fn checked(&self) -> Result<String, TextFault> {
        match self.0.trim().is_empty() && self.0.chars().count() <= MAX {
            true => Ok(String::new()),
            false => text::paragraph(&self.0, MAX),
        }
    }
}

impl<const MAX: usize> From<&str> for Note<MAX> {
    fn from(s: &str) -> Note<MAX> {
        Note(s.to_string())
    }
}

impl<const MAX: usize> std::ops::Deref for Note<MAX> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> PartialSchema for Note<MAX> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(MAX))
            .pattern(Some(format!("^[^{HIDDEN_IN_PARAGRAPH}]*$")))
            .description(Some(format!(
                "Text of one or more lines, at most {MAX} characters; may be empty."
            )))
            .into()
    }
}

impl<const MAX: usize> ToSchema for Note<MAX> {
    fn name() -> Cow<'static, str> {
        Cow::Owned(format!("Note{MAX}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Result<Day, String> {
        serde_json::from_value(serde_json::json!(s)).map_err(|e| e.to_string())
    }

    /// Found by the parsers' property test: chrono reads fields without their zeros, with a
    /// sign, or after spaces, and the day then printed other than it was sent.
    #[test]
    fn a_day_is_exactly_yyyy_mm_dd() {
        for bad in [
            "2000-1-1",
            "2024- 1-05",
            "+2024-01-05",
            " 2024-01-05",
            "2024-01-5",
        ] {
            let e = day(bad).unwrap_err();
            assert!(e.contains("seteli:date.invalid"), "{bad:?}: {e}");
        }
        let ok = day("2000-01-01").unwrap();
        assert_eq!(
            serde_json::to_value(ok).unwrap(),
            serde_json::json!("2000-01-01")
        );
        let far = day("+262142-12-31").unwrap_err();
        assert!(far.contains("seteli:date.out_of_range"), "{far}");
    }

    /// The document's pattern reads the year as written, and the instant is kept in UTC: both
    /// are within the years (an instant written in 1999 is in 2000 in UTC, and was taken).
    #[test]
    fn a_moment_is_within_the_years_as_written_and_in_utc() {
        let moment = |s: &str| serde_json::from_value::<Moment>(serde_json::json!(s));
        for outside in [
            "1999-12-31T23:00:00-05:00",
            "2000-01-01T04:00:00+05:00",
            "2100-12-31T23:00:00-05:00",
        ] {
            let e = moment(outside).unwrap_err().to_string();
            assert!(e.contains("seteli:date.out_of_range"), "{outside}: {e}");
        }
        let inside = moment("2100-12-31T20:00:00-03:00").unwrap();
        assert_eq!(inside.at().to_rfc3339(), "2100-12-31T23:00:00+00:00");
    }
}
