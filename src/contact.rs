//! Contact details a person sends: a phone number, an e-mail address, a website. Each is
//! optional (blank is none), trimmed, and checked for its shape; a detail that does not pass
//! answers `contact.invalid` naming its field.

use crate::error::{AppError, ErrorCode};
use crate::text::TextFault;

/// The longest contact details accepted, in characters.
pub const MAX_PHONE_CHARS: usize = 30;
pub const MAX_EMAIL_CHARS: usize = 200;
pub const MAX_WEBSITE_CHARS: usize = 300;

fn too_long(v: &str, max: usize, field: &'static str) -> Result<(), AppError> {
    if v.chars().count() > max {
        return Err(TextFault::TooLong { max }.error(field, ErrorCode::InvalidContact));
    }
    Ok(())
}

/// The detail as given, trimmed; `None` when it is absent or blank. Its length counts as sent,
/// as the document's limit does.
fn given<'a>(
    v: Option<&'a str>,
    max: usize,
    field: &'static str,
) -> Result<Option<&'a str>, AppError> {
    let Some(v) = v else {
        return Ok(None);
    };
    too_long(v, max, field)?;
    Ok(Some(v.trim()).filter(|v| !v.is_empty()))
}

fn invalid(field: &'static str) -> AppError {
    AppError::new(ErrorCode::InvalidContact).arg("field", field)
}

/// A phone number: 5 to 15 digits, with spaces, `+`, `-` and brackets between.
pub fn phone(v: Option<&str>, field: &'static str) -> Result<Option<String>, AppError> {
    let Some(v) = given(v, MAX_PHONE_CHARS, field)? else {
        return Ok(None);
    };
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let ok = (5..=15).contains(&digits)
        && v.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'));
    ok.then(|| Some(v.to_string()))
        .ok_or_else(|| invalid(field))
}

/// An e-mail address: something, `@`, and a domain with a dot; no spaces.
pub fn email(v: Option<&str>, field: &'static str) -> Result<Option<String>, AppError> {
    let Some(v) = given(v, MAX_EMAIL_CHARS, field)? else {
        return Ok(None);
    };
    let ok = !v.contains(char::is_whitespace)
        && !v.contains(char::is_control)
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        });
    ok.then(|| Some(v.to_string()))
        .ok_or_else(|| invalid(field))
}

/// The pattern the document gives a website, which [`website`] checks the same way.
pub const WEBSITE_PATTERN: &str = "^\\s*([hH][tT][tT][pP][sS]?://([A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*(:[0-9]{1,4})?([/?#][!-~]*)?)?\\s*$";

/// Whether `v` is an `http` or `https` address with a host name (letters, digits, hyphens, dots;
/// the last label starting with a letter), maybe a port, and the rest printable ASCII: the
/// [`WEBSITE_PATTERN`] in code.
fn web_address(v: &str) -> bool {
    let rest = ["http://", "https://"].iter().find_map(|p| {
        v.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &v[p.len()..])
    });
    let Some(rest) = rest else {
        return false;
    };
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    let (host, mut rest) = rest.split_at(end);
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok =
        |l: &&str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !labels.iter().all(label_ok)
        || !labels
            .last()
            .is_some_and(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        return false;
    }
    if let Some(port) = rest.strip_prefix(':') {
        let digits = port.find(['/', '?', '#']).unwrap_or(port.len());
        if !(1..=4).contains(&digits) || !port[..digits].chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
        rest = &port[digits..];
    }
    rest.is_empty()
        || (rest.starts_with(['/', '?', '#']) && rest.chars().all(|c| ('!'..='~').contains(&c)))
}

/// A website: an `http` or `https` address with a host.
pub fn website(v: Option<&str>) -> Result<Option<String>, AppError> {
    let Some(v) = given(v, MAX_WEBSITE_CHARS, "website")? else {
        return Ok(None);
    };
    if !web_address(v) {
        return Err(invalid("website"));
    }
    let url = url::Url::parse(v).map_err(|_| invalid("website"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid("website"));
    }
    Ok(Some(url.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_trimmed_checked_and_blank_is_none() {
        assert_eq!(
            phone(Some(" 040 123 4567 "), "phone").unwrap().as_deref(),
            Some("040 123 4567")
        );
        assert_eq!(phone(Some("  "), "phone").unwrap(), None);
        let blank = " ".repeat(31);
        assert_eq!(
            phone(Some(&blank), "phone").unwrap_err().code,
            ErrorCode::TextTooLong
        );
        assert_eq!(
            phone(Some("1234"), "phone").unwrap_err().code,
            ErrorCode::InvalidContact
        );
        assert_eq!(
            phone(Some("12345x"), "phone").unwrap_err().code,
            ErrorCode::InvalidContact
        );
        assert_eq!(
            phone(Some(&"1".repeat(31)), "phone").unwrap_err().code,
            ErrorCode::TextTooLong
        );
        assert_eq!(
            email(Some("a@b.fi"), "email").unwrap().as_deref(),
            Some("a@b.fi")
        );
        for bad in ["a b@c.fi", "@c.fi", "a@cfi", "a@b@c.fi"] {
            assert_eq!(
                email(Some(bad), "email").unwrap_err().code,
                ErrorCode::InvalidContact,
                "{bad}"
            );
        }
        let long = format!("{}@example.fi", "a".repeat(200));
        assert_eq!(
            email(Some(&long), "email").unwrap_err().code,
            ErrorCode::TextTooLong
        );
        assert!(website(Some("ftp://example.fi")).is_err());
        // Found by schemathesis: a host of control and symbol characters.
        assert!(website(Some("http://\u{90}\u{9f}|x|")).is_err());
        for bad in [
            "http://999.1.1.1/",
            "http://a..b",
            "http://a:123456",
            "https://a/ b",
        ] {
            assert!(website(Some(bad)).is_err(), "{bad}");
        }
        for good in [
            "HTTP://Example.fi",
            "https://paja.example:8080/a?b=c#d",
            "http://localhost",
        ] {
            assert!(website(Some(good)).is_ok(), "{good}");
        }
        assert_eq!(
            website(Some("https://example.fi")).unwrap().as_deref(),
            Some("https://example.fi/")
        );
    }
}
