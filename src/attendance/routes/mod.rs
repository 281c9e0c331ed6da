//! The HTTP of activity days: the client's side (`client.rs`), staff's days (`staff.rs`), and
//! staff's meetings and the site's code (`meetings.rs`).

pub mod client;
pub mod meetings;
pub mod staff;

use actix_web::web;

use super::view::Texts;
use crate::access::door::Target;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

/// The agreement a staff route names by its id, as the door's target, and the id.
fn agreement_target(id: &str) -> Result<(Target<()>, String), AppError> {
    let id = crate::access::parse_id(id)?;
    Ok((crate::agreements::work::target(id.clone()), id))
}

fn texts(state: &web::Data<AppState>, lang: Lang) -> Texts<'_> {
    Texts {
        i18n: &state.i18n,
        lang,
    }
}
