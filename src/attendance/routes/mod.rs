//! The HTTP of activity days: the client's side (`client.rs`), staff's days (`staff.rs`), and
//! staff's meetings and the site's code (`meetings.rs`).

pub mod client;
pub mod meetings;
pub mod staff;

use actix_web::web;

use super::view::Texts;
use crate::i18n::Lang;
use crate::state::AppState;

fn texts(state: &web::Data<AppState>, lang: Lang) -> Texts<'_> {
    Texts {
        i18n: &state.i18n,
        lang,
    }
}
