//! The HTTP of intro visits, by audience: `client.rs` (the client, a helper who may book visits,
//! the caseworker), `staff.rs` (the provider's slots), `answers.rs` (the provider's answers),
//! `caseworker.rs` (late clocks), `public.rs` (open slots, for anyone).

pub mod answers;
pub mod caseworker;
pub mod client;
pub mod public;
pub mod staff;

use super::repo::{self, Shown, VisitRow};
use super::view::{render, Texts, Visit};
use crate::access::Access;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

/// The texts of the reader's language.
fn texts(state: &AppState, lang: Lang) -> Texts<'_> {
    Texts {
        i18n: &state.i18n,
        lang,
    }
}

/// One visit as the caller of `access` reads it, after a change, with what showing it took
/// (an agreement made with it names the client from there).
fn render_one(
    conn: &mut DbConnection,
    texts: Texts<'_>,
    access: &Access,
    row: VisitRow,
) -> Result<(Visit, Shown), AppError> {
    let rows = vec![row];
    let shown = repo::shown(conn, access.client_id(), &rows)?;
    let visit = render(texts, access.acting_as, access.client_id(), &rows, &shown)?
        .pop()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("a visit vanished")))?;
    Ok((visit, shown))
}
