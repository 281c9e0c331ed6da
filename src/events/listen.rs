//! On PostgreSQL, the events other servers on the same database committed: one connection of
//! its own, outside the pool, `LISTEN`s in a thread of its own and polls (diesel reads
//! notifications by polling). A payload names recipients and numbers only; the rows are read
//! from the database and handed to the [`Hub`]. `NOTIFY` keeps nothing for a connection that
//! was lost, so after every (re)connection every socket catches up from the database.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

use super::hub::Hub;
use crate::db::events::{self, Note};
use crate::db::{Db, DbConnection};

/// How often the listener polls its connection.
const POLL: Duration = Duration::from_millis(2);
/// How often the listener asks its connection whether it is alive.
const CHECK_EVERY: Duration = Duration::from_secs(2);
/// The longest wait before connecting again.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The listener's health, for `/readyz`.
#[derive(Debug, Default)]
pub struct Listener {
    healthy: AtomicBool,
}

impl Listener {
    pub fn healthy(&self) -> bool {
        self.healthy.load(Ordering::Relaxed)
    }

    /// Starts listening in a thread of its own; it runs as long as the process.
    pub fn start(db: Db, hub: Arc<Hub>) -> std::io::Result<Arc<Listener>> {
        let listener = Arc::new(Listener::default());
        let me = listener.clone();
        std::thread::Builder::new()
            .name("event-listener".into())
            .spawn(move || me.run(&db, &hub))?;
        Ok(listener)
    }

    fn run(&self, db: &Db, hub: &Hub) {
        let mut backoff = Duration::from_millis(100);
        loop {
            // Two connections of its own: one listens, one reads the rows the notes name, so
            // that the listener never waits for the pool behind the requests.
            match (db.url().connect(), db.url().connect()) {
                (Ok(DbConnection::Postgres(mut conn)), Ok(mut reader)) => {
                    if conn
                        .batch_execute(&format!("LISTEN {}", events::CHANNEL))
                        .is_ok()
                    {
                        self.healthy.store(true, Ordering::Relaxed);
                        backoff = Duration::from_millis(100);
                        hub.catch_up_all();
                        let why = self.listen(&mut conn, &mut reader, hub);
                        tracing::warn!(error = %why, "the listener of events lost its connection");
                    }
                }
                (Ok(DbConnection::Sqlite(_)), _) => return,
                (Err(e), _) | (_, Err(e)) => {
                    tracing::warn!(error = %e, "the listener of events cannot connect")
                }
            }
            self.healthy.store(false, Ordering::Relaxed);
            std::thread::sleep(backoff);
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    /// Polls until the connection fails; answers why.
    fn listen(
        &self,
        conn: &mut PgConnection,
        reader: &mut DbConnection,
        hub: &Hub,
    ) -> diesel::result::Error {
        let mut checked = Instant::now();
        loop {
            let mut notes: Vec<Note> = Vec::new();
            for n in conn.notifications_iter() {
                match n {
                    Ok(n) => match events::parse_payload(&n.payload) {
                        Some((from, found)) if from != events::instance() => notes.extend(found),
                        Some(_) => {}
                        None => tracing::warn!("a notification of events could not be read"),
                    },
                    Err(e) => return e,
                }
            }
            if !notes.is_empty() {
                match events::noted(reader, &notes) {
                    Ok(rows) => hub.route(rows),
                    Err(e) => {
                        // The sockets read what they missed; the reader connects again.
                        hub.catch_up_all();
                        return e;
                    }
                }
            }
            if checked.elapsed() >= CHECK_EVERY {
                checked = Instant::now();
                if let Err(e) = conn.batch_execute("SELECT 1") {
                    return e;
                }
            }
            std::thread::sleep(POLL);
        }
    }
}
