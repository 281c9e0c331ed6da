//! Texts people send: names, reasons, descriptions, contacts. Each is trimmed and checked at the
//! edge, and what is wrong with it is told apart: missing, too long (naming the limit), or
//! holding characters no text needs. A 60,000-character reason is "too long, at most 500", not
//! "a reason is needed"; a NUL in a name is "characters not allowed", not "the name is missing".

use crate::error::{AppError, ErrorCode};

/// What is wrong with a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFault {
    /// Empty, or only spaces.
    Missing,
    /// Longer than `max` characters, after trimming.
    TooLong { max: usize },
    /// A control character (NUL, escape, a line break in a one-line text) or a hidden
    /// direction mark, which can make a text read differently from what it holds.
    Characters,
}

impl TextFault {
    /// The error for `field`. An empty field answers with the feature's own code (`missing`),
    /// as before; the other faults have codes of their own that name the field and the limit.
    pub fn error(self, field: &'static str, missing: ErrorCode) -> AppError {
        match self {
            TextFault::Missing => AppError::new(missing).arg("field", field),
            TextFault::TooLong { max } => AppError::new(ErrorCode::TextTooLong)
                .arg("field", field)
                .arg("max", max as i64),
            TextFault::Characters => {
                AppError::new(ErrorCode::TextInvalidCharacters).arg("field", field)
            }
        }
    }
}

/// Characters a person does not see that change how a text reads or where it breaks: direction
/// marks, overrides, embeddings and isolates (U+061C, U+200E–U+200F, U+202A–U+202E,
/// U+2066–U+2069), zero-width and invisible characters (U+00AD, U+180E, U+200B–U+200D,
/// U+2060–U+2065, U+FEFF), and line and paragraph separators (U+2028–U+2029). The document's
/// text patterns (`input::Line`, `input::Paragraph`) name the same ones.
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

fn check(s: &str, max: usize, allowed: impl Fn(char) -> bool) -> Result<String, TextFault> {
    // The limit counts what was sent, as the document's `maxLength` does.
    if s.chars().count() > max {
        return Err(TextFault::TooLong { max });
    }
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Err(TextFault::Missing);
    }
    // What is trimmed away is checked too: the document's pattern refuses a tab or a direction
    // mark at either end as it does inside, and the server says the same.
    if s.chars()
        .any(|c| (c.is_control() && !allowed(c)) || is_hidden(c))
    {
        return Err(TextFault::Characters);
    }
    Ok(trimmed.to_string())
}

/// A one-line text such as a name or an address: trimmed, 1..=max characters, no control
/// characters at all.
pub fn line(s: &str, max: usize) -> Result<String, TextFault> {
    check(s, max, |_| false)
}

/// A text of one or more lines such as a reason or a description: trimmed, 1..=max characters;
/// line breaks and tabs are allowed, other control characters are not. `\r\n` becomes `\n`.
pub fn paragraph(s: &str, max: usize) -> Result<String, TextFault> {
    if s.chars().count() > max {
        return Err(TextFault::TooLong { max });
    }
    check(&s.replace("\r\n", "\n"), max, |c| c == '\n' || c == '\t')
}

/// A person's free text that must be there (a reason, goals, a note; see [`paragraph`]): an empty
/// one answers `missing_field` naming the field; each other fault its own code.
pub fn required(value: &str, field: &'static str, max: usize) -> Result<String, AppError> {
    paragraph(value, max).map_err(|f| f.error(field, ErrorCode::MissingField))
}

/// A one-line text that must be there (a person's name, a place; see [`line`]): an empty one
/// answers `missing_field` naming the field; each other fault its own code.
pub fn required_line(value: &str, field: &'static str, max: usize) -> Result<String, AppError> {
    line(value, max).map_err(|f| f.error(field, ErrorCode::MissingField))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fault_is_told_apart() {
        assert_eq!(line("  Liisa  ", 10), Ok("Liisa".into()));
        assert_eq!(line(" ", 10), Err(TextFault::Missing));
        assert_eq!(line("abcdefghijk", 10), Err(TextFault::TooLong { max: 10 }));
        assert_eq!(line("Lii\0sa", 10), Err(TextFault::Characters));
        assert_eq!(line("Liisa\nVirtanen", 20), Err(TextFault::Characters));
        assert_eq!(line("abc\u{202E}fed", 20), Err(TextFault::Characters));
        assert_eq!(line("Åsa Öberg-Ääri", 20), Ok("Åsa Öberg-Ääri".into()));
        // Too long wins over bad characters: the limit is the first thing to fix.
        assert_eq!(
            line(&"\0".repeat(11), 10),
            Err(TextFault::TooLong { max: 10 })
        );
    }

    #[test]
    fn a_paragraph_keeps_its_lines_but_no_other_control() {
        assert_eq!(paragraph("One.\r\nTwo.\t3", 20), Ok("One.\nTwo.\t3".into()));
        assert_eq!(paragraph("a\u{1b}[2J", 20), Err(TextFault::Characters));
        assert_eq!(
            paragraph(&"x".repeat(60_000), 500),
            Err(TextFault::TooLong { max: 500 })
        );
        assert_eq!(paragraph("\n \n", 20), Err(TextFault::Missing));
    }

    /// Marks and spaces nobody sees, which make a text read other than it holds or hide
    /// something in it, are refused in a line and in a paragraph alike.
    #[test]
    fn hidden_marks_and_invisible_spaces_are_refused() {
        for hidden in [
            '\u{200F}', '\u{200E}', '\u{061C}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{2028}',
            '\u{2029}', '\u{2066}', '\u{2060}', '\u{00AD}',
        ] {
            let text = format!("Ovi{hidden}B");
            assert_eq!(line(&text, 20), Err(TextFault::Characters), "{hidden:?}");
            assert_eq!(
                paragraph(&text, 20),
                Err(TextFault::Characters),
                "{hidden:?}"
            );
        }
        assert_eq!(paragraph("Ovi B 🙂", 20), Ok("Ovi B 🙂".into()));
    }

    /// The limit counts what was sent, spaces around it too, as the document's `maxLength`.
    #[test]
    fn the_limit_counts_what_was_sent() {
        assert_eq!(line(" abc ", 4), Err(TextFault::TooLong { max: 4 }));
        assert_eq!(paragraph("a\r\nb", 3), Err(TextFault::TooLong { max: 3 }));
        assert_eq!(line(" abc", 4), Ok("abc".into()));
    }

    #[test]
    fn errors_name_the_field_and_the_limit() {
        let e = TextFault::TooLong { max: 500 }.error("reason", ErrorCode::VoucherReasonRequired);
        assert_eq!(e.code, ErrorCode::TextTooLong);
        assert_eq!(e.args.len(), 2);
        let e = TextFault::Missing.error("reason", ErrorCode::VoucherReasonRequired);
        assert_eq!(e.code, ErrorCode::VoucherReasonRequired);
        let e = TextFault::Characters.error("proxy_name", ErrorCode::MandateInvalidName);
        assert_eq!(e.code, ErrorCode::TextInvalidCharacters);
    }

    #[test]
    fn free_text_is_trimmed_bounded_and_plain() {
        assert_eq!(required("  Hello ", "goals", 10).unwrap(), "Hello");
        assert_eq!(
            required("   ", "goals", 10).unwrap_err().code,
            ErrorCode::MissingField
        );
        assert_eq!(
            required(&"x".repeat(11), "goals", 10).unwrap_err().code,
            ErrorCode::TextTooLong
        );
        assert_eq!(
            required("a\u{0}b", "goals", 10).unwrap_err().code,
            ErrorCode::TextInvalidCharacters
        );
        assert_eq!(required("two\nlines", "goals", 10).unwrap(), "two\nlines");
        // A character refused inside is refused at either end too, though trimming would drop it.
        assert_eq!(line("Aino\t", 10), Err(TextFault::Characters));
        assert_eq!(line("\u{200e}Aino", 10), Err(TextFault::Characters));
        assert_eq!(paragraph("goals\r", 10), Err(TextFault::Characters));
        assert_eq!(paragraph("goals\r\n", 10).unwrap(), "goals");
    }
}
