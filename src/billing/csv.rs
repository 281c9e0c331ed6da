//! The billing lines as CSV for a finance system: `;` between cells, UTF-8 with a byte-order
//! mark, a decimal comma, a header row in the reader's language and one of stable column codes.
//! A text cell that a spreadsheet would run as a formula (`= + - @`, a tab or a carriage return
//! first) gets a `'` in front; amounts are numbers and stay as they are.

use chrono::NaiveDate;

use super::view::{BillingLine, SubmissionView};
use crate::error::AppError;
use crate::i18n::{Lang, Localizer};

/// The columns, by their stable codes; each has a header `billing-column-<code>`.
pub const COLUMNS: [&str; 18] = [
    "provider",
    "municipality",
    "month",
    "line",
    "voucher_number",
    "client",
    "service",
    "unit",
    "confirmed_units",
    "no_show_units",
    "units",
    "unit_price",
    "amount",
    "corrects_day",
    "interrupted_on",
    "ended_on",
    "status",
    "submitted_at",
];

/// A cell: text (made safe), a whole number, an amount in cents, or a date.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Amount(i64),
    Date(Option<NaiveDate>),
}

impl Cell {
    fn render(&self) -> String {
        match self {
            Cell::Text(s) => safe_text(s),
            Cell::Int(n) => n.to_string(),
            Cell::Amount(c) => amount(*c),
            Cell::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// Text a spreadsheet shows as text: a `'` before a first character that would start a
/// formula.
pub fn safe_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Cents with a decimal comma and no grouping: `-1234,50`.
pub fn amount(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

/// One row of a line, with the provider's name and where its municipality's part stands.
pub fn row(
    provider: &str,
    month: &str,
    l: &BillingLine,
    part: Option<&SubmissionView>,
) -> Vec<Cell> {
    vec![
        Cell::Text(provider.to_string()),
        Cell::Text(l.municipality.name.clone()),
        Cell::Text(month.to_string()),
        Cell::Text(l.label.clone()),
        Cell::Text(l.voucher.number.clone()),
        Cell::Text(l.client.display_name.clone()),
        Cell::Text(l.service.name.clone()),
        Cell::Text(format!("{:?}", l.unit).to_lowercase()),
        Cell::Int(i64::from(l.confirmed_units)),
        Cell::Int(i64::from(l.no_show_units)),
        Cell::Int(i64::from(l.units)),
        Cell::Amount(l.unit_price.cents),
        Cell::Amount(l.amount.cents),
        Cell::Date(l.corrects_day),
        Cell::Date(l.interrupted_on),
        Cell::Date(l.ended_on),
        Cell::Text(
            part.map(|p| p.status.as_str())
                .unwrap_or("open")
                .to_string(),
        ),
        Cell::Text(
            part.and_then(|p| p.submitted_at)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
        ),
    ]
}

/// The CSV file: the byte-order mark, the headers in `lang`, the column codes, the rows.
pub fn write(i18n: &Localizer, lang: Lang, rows: &[Vec<Cell>]) -> Result<Vec<u8>, AppError> {
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        let labels: Vec<String> = COLUMNS
            .iter()
            .map(|c| {
                safe_text(&i18n.text(
                    lang,
                    &format!("billing-column-{}", c.replace('_', "-")),
                    &vec![],
                ))
            })
            .collect();
        w.write_record(&labels).map_err(AppError::internal)?;
        w.write_record(COLUMNS).map_err(AppError::internal)?;
        for r in rows {
            w.write_record(r.iter().map(Cell::render))
                .map_err(AppError::internal)?;
        }
        w.flush().map_err(AppError::internal)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_text_and_amounts_keep_their_sign() {
        assert_eq!(safe_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for s in ["+1", "-1", "@a", "\tx", "\rx"] {
            assert!(safe_text(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(safe_text("Aino"), "Aino");
        assert_eq!(amount(123450), "1234,50");
        assert_eq!(amount(-4000), "-40,00");
        assert_eq!(amount(5), "0,05");
        assert_eq!(Cell::Amount(-4000).render(), "-40,00");
    }
}
