//! Money: integer cents inside, a display string in the reader's language outside (`2 400,00 €`,
//! `€2,400.00`), and amounts known only between two bounds until a price is fixed.

use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{format_money, format_money_range, Lang};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Money {
    pub cents: i64,
    /// For reading, e.g. `2 400,00 €` or `€2,400.00`.
    pub display: String,
}

impl Money {
    pub fn new(cents: i64, lang: Lang) -> Money {
        Money {
            cents,
            display: format_money(cents, lang),
        }
    }
}

/// An amount in cents, known exactly or only between two bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub min: i64,
    pub max: i64,
}

impl Span {
    pub fn exact(cents: i64) -> Span {
        Span {
            min: cents,
            max: cents,
        }
    }

    pub fn is_exact(self) -> bool {
        self.min == self.max
    }

    /// `n` times the amount.
    pub fn times(self, n: i64) -> Span {
        Span {
            min: self.min * n,
            max: self.max * n,
        }
    }
}

/// An amount that is fixed, or a range until the meeting place is known.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Amount {
    /// The amount, or the lowest it can be while it is a range.
    pub min: Money,
    /// The same as `min` once the amount is fixed; before, the highest it can be.
    pub max: Money,
    /// For reading: `€40.00`, or `€46.00–€116.00`.
    pub display: String,
}

impl Amount {
    pub fn new(span: Span, lang: Lang) -> Amount {
        Amount {
            min: Money::new(span.min, lang),
            max: Money::new(span.max, lang),
            display: format_money_range(span.min, span.max, lang),
        }
    }
}
