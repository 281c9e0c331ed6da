//! This process's open sockets, by person, and the handing on of events to them.
//!
//! Each socket has its own bounded queue. An event is put in with `try_send`, which never
//! waits: when a socket's queue is full its app reads too slowly, so the hub lets go of it and
//! the socket closes, and the app resumes from the last event it saw. A slow phone holds at most
//! one queue of memory, and never the writer that committed the event nor another socket.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::mpsc;

use crate::db::events::EventRow;

/// What a socket is handed.
#[derive(Debug, Clone)]
pub enum Delivery {
    Event(Arc<EventRow>),
    /// Events may have been missed (the listener reconnected): read from the database.
    CatchUp,
}

struct Member {
    id: u64,
    tx: mpsc::Sender<Delivery>,
}

/// The open sockets of this process.
pub struct Hub {
    members: Mutex<HashMap<String, Vec<Member>>>,
    next: AtomicU64,
    queue: usize,
}

/// A socket's place in the hub; leaving is dropping it.
pub struct Membership {
    hub: Arc<Hub>,
    person_id: String,
    id: u64,
}

impl Drop for Membership {
    fn drop(&mut self) {
        let mut members = self.hub.lock();
        if let Some(list) = members.get_mut(&self.person_id) {
            list.retain(|m| m.id != self.id);
            if list.is_empty() {
                members.remove(&self.person_id);
            }
        }
    }
}

impl Hub {
    /// A hub whose sockets each queue up to `queue` events.
    pub fn new(queue: usize) -> Arc<Hub> {
        Arc::new(Hub {
            members: Mutex::new(HashMap::new()),
            next: AtomicU64::new(1),
            queue: queue.max(1),
        })
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Vec<Member>>> {
        self.members.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Joins a socket of `person_id`: its queue, and its place.
    pub fn join(self: &Arc<Hub>, person_id: &str) -> (Membership, mpsc::Receiver<Delivery>) {
        let (tx, rx) = mpsc::channel(self.queue);
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock()
            .entry(person_id.to_string())
            .or_default()
            .push(Member { id, tx });
        let membership = Membership {
            hub: self.clone(),
            person_id: person_id.to_string(),
            id,
        };
        (membership, rx)
    }

    /// Hands each event to every socket of its recipient. A socket whose queue is full, or gone,
    /// is let go: its queue's end sees the hub gone, and the socket closes.
    pub fn route(&self, rows: Vec<EventRow>) {
        let mut members = self.lock();
        for row in rows {
            let Some(list) = members.get_mut(&row.recipient_id) else {
                continue;
            };
            let row = Arc::new(row);
            list.retain(|m| m.tx.try_send(Delivery::Event(row.clone())).is_ok());
            if list.is_empty() {
                members.remove(&row.recipient_id);
            }
        }
    }

    /// Tells every socket to read what it may have missed from the database.
    pub fn catch_up_all(&self) {
        let mut members = self.lock();
        for list in members.values_mut() {
            list.retain(|m| m.tx.try_send(Delivery::CatchUp).is_ok());
        }
        members.retain(|_, list| !list.is_empty());
    }

    /// How many sockets are open.
    pub fn sockets(&self) -> usize {
        self.lock().values().map(Vec::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(person: &str, seq: i64) -> EventRow {
        EventRow {
            recipient_id: person.into(),
            seq,
            kind: "message.new".into(),
            refs: "{}".into(),
            created_at: chrono::Utc::now().naive_utc(),
        }
    }

    #[test]
    fn events_reach_only_their_recipients_sockets() {
        let hub = Hub::new(8);
        let (_a1, mut rx_a1) = hub.join("a");
        let (_a2, mut rx_a2) = hub.join("a");
        let (_b, mut rx_b) = hub.join("b");
        hub.route(vec![row("a", 1), row("c", 1)]);
        for rx in [&mut rx_a1, &mut rx_a2] {
            match rx.try_recv() {
                Ok(Delivery::Event(e)) => assert_eq!((e.recipient_id.as_str(), e.seq), ("a", 1)),
                other => panic!("{other:?}"),
            }
        }
        assert!(rx_b.try_recv().is_err());
        assert_eq!(hub.sockets(), 3);
    }

    /// A socket that does not read is let go when its queue is full: the others go on, and its
    /// own queue ends once drained, so it closes and resumes from the database.
    #[test]
    fn a_full_queue_lets_its_socket_go() {
        let hub = Hub::new(2);
        let (_slow, mut slow) = hub.join("a");
        let (_fast, mut fast) = hub.join("a");
        for seq in 1..=3 {
            hub.route(vec![row("a", seq)]);
            assert!(matches!(fast.try_recv(), Ok(Delivery::Event(_))));
        }
        assert_eq!(hub.sockets(), 1);
        assert!(matches!(slow.try_recv(), Ok(Delivery::Event(_))));
        assert!(matches!(slow.try_recv(), Ok(Delivery::Event(_))));
        assert!(matches!(
            slow.try_recv(),
            Err(mpsc::error::TryRecvError::Disconnected)
        ));
    }

    #[test]
    fn leaving_removes_the_socket() {
        let hub = Hub::new(2);
        let (a, _rx) = hub.join("a");
        assert_eq!(hub.sockets(), 1);
        drop(a);
        assert_eq!(hub.sockets(), 0);
        hub.route(vec![row("a", 1)]);
    }
}
