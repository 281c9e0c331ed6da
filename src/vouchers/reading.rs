//! What showing a client's vouchers takes besides them: who reads, the municipality's name and
//! the day, read once with the vouchers; and each voucher rendered for that reader. The wallet's
//! routes and the client's home screen show vouchers alike through it.

use chrono::NaiveDate;

use super::repo::Loaded;
use super::view::{self, Input, Reader, Voucher};
use crate::access::{Access, ActingAs};
use crate::db::cache::Reading;
use crate::error::AppError;
use crate::i18n::{Lang, Localizer, Translations};
use crate::rulebooks;

/// What rendering needs to know about the reader and the client, read with the vouchers.
pub struct Context {
    municipality_code: String,
    municipality: Translations,
    reader: Reader,
    /// The day it is in Helsinki, as the door decided.
    pub today: NaiveDate,
}

impl Context {
    pub fn load(r: &mut Reading<'_>, access: &Access) -> Result<Context, AppError> {
        Ok(Context {
            today: access.today(),
            municipality: rulebooks::repo::municipality(r, &access.client.municipality_code)?,
            municipality_code: access.client.municipality_code.clone(),
            reader: match access.acting_as {
                ActingAs::Myself => Reader::Client,
                ActingAs::Proxy => Reader::Helper,
                ActingAs::Caseworker | ActingAs::ProviderStaff => Reader::Caseworker,
            },
        })
    }

    /// The voucher `l` as this reader reads it, in `lang`.
    pub fn render(&self, i18n: &Localizer, lang: Lang, l: Loaded) -> Voucher {
        view::render(
            i18n,
            lang,
            Input {
                row: &l.row,
                terms: &l.terms,
                used: l.used,
                today: self.today,
                municipality: &rulebooks::view::municipality_ref(
                    &self.municipality_code,
                    &self.municipality,
                    lang,
                ),
                caseworker: &l.caseworker,
                reader: self.reader,
                progress: &l.progress,
                history: l.history,
            },
        )
    }
}
