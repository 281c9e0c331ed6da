//! The load benchmark's chat sockets: the people whose app is open hold a socket
//! (`GET /api/v1/ws`, the token in the subprotocol) for the whole run, and each `message.new`
//! a socket reads is kept with the instant it came, so that each message's delivery (from the
//! instant before its request was written to the instant a recipient's socket read it) can be
//! measured afterwards. Tokens are renewed on the socket before they expire, as the app does.
//! (Included by `#[path]`.)

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::{SinkExt, StreamExt};
use seteli::auth::tokens::TokenService;
use tokio::sync::{oneshot, Semaphore};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::header::{HeaderValue, SEC_WEBSOCKET_PROTOCOL};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// How long a socket may take from its connection to its `ready`.
const OPEN_WITHIN: Duration = Duration::from_secs(30);
/// A socket sends a new token this long before its token expires.
const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(120);

/// A person whose socket to open: their index (as the load's people are numbered), and their
/// session, for tokens.
pub struct SocketPerson {
    pub index: u32,
    pub person_id: String,
    pub session_id: String,
}

/// A `message.new` event a socket read: the message (its UUID as a number), whose socket read
/// it, and when.
pub struct Receipt {
    pub message: u128,
    pub person: u32,
    pub at: Instant,
}

/// What the sockets saw, by the end of the run.
#[derive(Default)]
pub struct SocketsOut {
    pub receipts: Vec<Receipt>,
    pub opened: usize,
    pub open_failures: Vec<String>,
    /// Why open sockets ended before the run did.
    pub ended: Vec<String>,
}

/// Counts all reader threads keep, for the main thread to follow.
#[derive(Default)]
pub struct Progress {
    pub opened: AtomicUsize,
    pub failed: AtomicUsize,
    pub ended: AtomicUsize,
}

/// The sockets, open, read by a few threads until [`Sockets::stop`].
pub struct Sockets {
    stops: Vec<oneshot::Sender<()>>,
    readers: Vec<std::thread::JoinHandle<SocketsOut>>,
    pub progress: Arc<Progress>,
}

type Socket = WebSocketStream<tokio::net::TcpStream>;

/// The UUID in `text` as a number.
pub fn uuid_number(text: &str) -> Option<u128> {
    uuid::Uuid::parse_str(text).ok().map(|u| u.as_u128())
}

impl Sockets {
    /// Opens every person's socket to `port`, at most `at_once` opening at a time, from
    /// `threads` threads; returns once each opened or failed.
    pub fn open(
        port: u16,
        people: Vec<SocketPerson>,
        tokens: Arc<TokenService>,
        threads: usize,
        at_once: usize,
    ) -> Sockets {
        let total = people.len();
        let gate = Arc::new(Semaphore::new(at_once.max(1)));
        let progress = Arc::new(Progress::default());
        let mut by_thread: Vec<Vec<SocketPerson>> =
            (0..threads.max(1)).map(|_| Vec::new()).collect();
        let n = by_thread.len();
        for (i, p) in people.into_iter().enumerate() {
            by_thread[i % n].push(p);
        }
        let (stops, readers) = by_thread
            .into_iter()
            .map(|people| {
                let (stop, stopped) = oneshot::channel();
                let (gate, progress, tokens) = (gate.clone(), progress.clone(), tokens.clone());
                let reader = std::thread::Builder::new()
                    .name("sockets".into())
                    .spawn(move || reader_thread(port, people, gate, progress, tokens, stopped))
                    .expect("a reader thread");
                (stop, reader)
            })
            .unzip();
        let sockets = Sockets {
            stops,
            readers,
            progress,
        };
        let settled =
            |p: &Progress| p.opened.load(Ordering::Relaxed) + p.failed.load(Ordering::Relaxed);
        while settled(&sockets.progress) < total && !sockets.readers.iter().any(|r| r.is_finished())
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        sockets
    }

    /// Closes the sockets and answers what they saw.
    pub fn stop(self) -> SocketsOut {
        for stop in self.stops {
            let _ = stop.send(());
        }
        let mut all = SocketsOut::default();
        for reader in self.readers {
            let out = reader.join().expect("a reader thread");
            all.receipts.extend(out.receipts);
            all.opened += out.opened;
            all.open_failures.extend(out.open_failures);
            all.ended.extend(out.ended);
        }
        all
    }
}

fn reader_thread(
    port: u16,
    people: Vec<SocketPerson>,
    gate: Arc<Semaphore>,
    progress: Arc<Progress>,
    tokens: Arc<TokenService>,
    stop: oneshot::Receiver<()>,
) -> SocketsOut {
    actix_web::rt::System::new().block_on(async move {
        let out = Rc::new(RefCell::new(SocketsOut::default()));
        for person in people {
            actix_web::rt::spawn(socket_task(
                port,
                person,
                gate.clone(),
                progress.clone(),
                out.clone(),
                tokens.clone(),
            ));
        }
        let _ = stop.await;
        let seen = std::mem::take(&mut *out.borrow_mut());
        seen
    })
}

/// Connects, offers the subprotocol with the token, and waits for `ready`.
async fn open_socket(port: u16, token: &str) -> Result<Socket, String> {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|e| format!("connect: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut request = format!("ws://127.0.0.1:{port}/api/v1/ws")
        .into_client_request()
        .map_err(|e| e.to_string())?;
    request.headers_mut().insert(
        SEC_WEBSOCKET_PROTOCOL,
        HeaderValue::from_str(&format!("seteli.v1, bearer.{token}")).map_err(|e| e.to_string())?,
    );
    // Small buffers: a socket carries a few small frames a second at most.
    let config = WebSocketConfig::default()
        .read_buffer_size(4096)
        .write_buffer_size(0);
    let (mut socket, _) =
        tokio_tungstenite::client_async_with_config(request, stream, Some(config))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
    loop {
        match socket.next().await {
            Some(Ok(Message::Text(text))) if text.as_str().contains(r#""type":"ready""#) => {
                return Ok(socket)
            }
            Some(Ok(Message::Close(frame))) => {
                return Err(format!(
                    "closed before ready: {}",
                    close_text(frame.as_ref())
                ))
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(format!("before ready: {e}")),
            None => return Err("the stream ended before ready".into()),
        }
    }
}

fn close_text(frame: Option<&tokio_tungstenite::tungstenite::protocol::CloseFrame>) -> String {
    match frame {
        Some(f) => format!("close {} {}", u16::from(f.code), f.reason.as_str()),
        None => "close without a code".into(),
    }
}

/// The message a `message.new` frame names.
fn message_new(text: &str) -> Option<u128> {
    #[derive(serde::Deserialize)]
    struct Frame {
        event: Option<EventView>,
    }
    #[derive(serde::Deserialize)]
    struct EventView {
        kind: String,
        message_id: Option<String>,
    }
    if !text.contains("message.new") {
        return None;
    }
    let event = serde_json::from_str::<Frame>(text).ok()?.event?;
    if event.kind != "message.new" {
        return None;
    }
    uuid_number(&event.message_id?)
}

/// One person's socket, from its opening to the end of the run.
async fn socket_task(
    port: u16,
    person: SocketPerson,
    gate: Arc<Semaphore>,
    progress: Arc<Progress>,
    out: Rc<RefCell<SocketsOut>>,
    tokens: Arc<TokenService>,
) {
    let permit = gate.acquire_owned().await;
    let token = tokens
        .issue(&person.person_id, &person.session_id, Utc::now())
        .expect("a token");
    let opened = tokio::time::timeout(OPEN_WITHIN, open_socket(port, &token)).await;
    drop(permit);
    let mut socket = match opened {
        Ok(Ok(socket)) => socket,
        Ok(Err(why)) => {
            out.borrow_mut().open_failures.push(why);
            progress.failed.fetch_add(1, Ordering::Relaxed);
            return;
        }
        Err(_) => {
            out.borrow_mut()
                .open_failures
                .push(format!("no ready within {} s", OPEN_WITHIN.as_secs()));
            progress.failed.fetch_add(1, Ordering::Relaxed);
            return;
        }
    };
    out.borrow_mut().opened += 1;
    progress.opened.fetch_add(1, Ordering::Relaxed);
    let every = Duration::from_secs(tokens.ttl_seconds().max(0) as u64)
        .saturating_sub(RENEW_BEFORE_EXPIRY)
        .max(Duration::from_secs(30));
    let renew = tokio::time::sleep(every);
    tokio::pin!(renew);
    let why = loop {
        tokio::select! {
            frame = socket.next() => {
                let at = Instant::now();
                match frame {
                    Some(Ok(Message::Text(text))) => {
                        if let Some(id) = message_new(text.as_str()) {
                            out.borrow_mut().receipts.push(Receipt {
                                message: id,
                                person: person.index,
                                at,
                            });
                        }
                    }
                    Some(Ok(Message::Close(frame))) => break close_text(frame.as_ref()),
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break e.to_string(),
                    None => break "the stream ended".to_string(),
                }
            }
            _ = &mut renew => {
                let token = tokens
                    .issue(&person.person_id, &person.session_id, Utc::now())
                    .expect("a token");
                let frame = format!(r#"{{"type":"auth","token":"{token}"}}"#);
                if let Err(e) = socket.send(Message::text(frame)).await {
                    break format!("sending a new token: {e}");
                }
                renew.as_mut().reset(tokio::time::Instant::now() + every);
            }
        }
    };
    out.borrow_mut().ended.push(why);
    progress.ended.fetch_add(1, Ordering::Relaxed);
}
