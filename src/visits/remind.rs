//! The reminder the day before an intro visit. A thread of its own looks, every minute, for the
//! bookings whose visit is tomorrow (a Helsinki date) and puts a reminder in each client's inbox,
//! once per booking however often it looks and however many processes look. The same thread
//! tells of overdue duties (`agreements::remind`).

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use chrono::{DateTime, Days, Utc};

use super::repo;
use crate::clock::{helsinki_date, start_of_day, SharedClock};
use crate::db::Db;
use crate::error::AppError;
use crate::notifications::repo::{notify, reminder_key};
use crate::notifications::{Facts, Kind};

/// How often the thread looks.
const EVERY: Duration = Duration::from_secs(60);

/// Puts a reminder in the inbox of each client whose visit is tomorrow and who has none yet;
/// returns how many such bookings it found.
pub fn sweep(db: &Db, now: DateTime<Utc>) -> Result<usize, AppError> {
    let tomorrow = helsinki_date(now) + Days::new(1);
    let (from, until) = (
        start_of_day(tomorrow),
        start_of_day(tomorrow + Days::new(1)),
    );
    let due =
        db.write_blocking(|conn| repo::to_remind(conn, from.naive_utc(), until.naive_utc()))?;
    for (visit_id, client_id, slot_id) in &due {
        db.write_blocking(|conn| {
            let Some(slot) = repo::find_slot(conn, slot_id)? else {
                return Ok(());
            };
            let place = crate::providers::repo::place(conn, &slot.site_id)?;
            let facts = Facts {
                provider: place.as_ref().map(|p| p.provider_name.clone()),
                site: place.as_ref().map(|p| p.site_name.clone()),
                address: place.as_ref().map(|p| p.address().line()),
                starts_at: Some(slot.starts()),
                ..Facts::default()
            };
            let once = reminder_key(visit_id, slot_id);
            notify(
                conn,
                client_id,
                Kind::VisitReminder,
                &facts,
                Some(visit_id),
                Some(&once),
                now,
            )
        })?;
    }
    Ok(due.len())
}

/// The thread; it stops when this handle is dropped.
pub struct Reminders {
    _stop: mpsc::Sender<()>,
}

impl Reminders {
    pub fn start(db: Db, clock: SharedClock) -> std::io::Result<Reminders> {
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("reminders".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
                    if let Err(e) = sweep(&db, clock.now()) {
                        tracing::warn!(error = %e, "the reminders could not be made");
                    }
                    let now = clock.now();
                    let duties =
                        db.write_blocking(|conn| crate::agreements::remind::sweep(conn, now));
                    if let Err(e) = duties {
                        tracing::warn!(error = %e, "the overdue duties could not be told");
                    }
                }
            })?;
        Ok(Reminders { _stop: stop })
    }
}
