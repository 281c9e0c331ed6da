//! The sender: a thread of its own with its own small runtime, so a slow push service never
//! holds up a request of the API. It leases due jobs (`repo::claim`), sends each with `TTL`,
//! `Urgency` and `Topic`, at most `push.in_flight` at once and each within
//! `push.timeout_seconds`, and records how each ended. It wakes when a write queues jobs, and
//! looks anyway every `push.poll_millis`.
//!
//! On PostgreSQL several servers send from one queue: a job leased by one is skipped by the
//! others, and a lease a dead server left runs out. On SQLite one process sends, and frees at
//! start the leases a killed one left. A kill between a commit and its send loses nothing: the
//! job waits in the table. A kill during a send may send that one push again; its payload's id
//! lets the app show it once.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{watch, Semaphore};

use super::repo::{self, Claimed, Finish};
use super::view::{title, Payload};
use super::{endpoint, held_in_quiet_hours, outcome, Category, Outcome, QuietHours};
use crate::clock::SharedClock;
use crate::config::PushSettings;
use crate::db::{Backend, Db};
use crate::i18n::{Lang, Localizer};
use crate::notifications::Kind as NotificationKind;

/// What the sender works with.
pub struct Sending {
    pub db: Db,
    pub clock: SharedClock,
    pub i18n: Arc<Localizer>,
    pub vapid: Arc<super::vapid::Vapid>,
    pub settings: PushSettings,
}

/// The sender's threads: encrypting a payload costs two P-256 multiplications, so under load
/// one thread is the limit.
const SENDER_THREADS: usize = 2;

/// Jobs leased in one claim at most.
const BATCH: usize = 100;

/// The running sender; it stops when this handle is dropped.
pub struct Worker {
    stop: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Worker {
    /// The sender, when the settings say this process sends (`push.send`).
    pub fn start_if_sending(state: Sending) -> anyhow::Result<Option<Worker>> {
        if !state.settings.send {
            return Ok(None);
        }
        Worker::start(state).map(Some)
    }

    pub fn start(state: Sending) -> anyhow::Result<Worker> {
        let settings = &state.settings;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(settings.timeout_seconds))
            .connect_timeout(Duration::from_secs(settings.timeout_seconds))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(endpoint::GuardedResolver {
                allow_loopback: settings.allow_loopback,
            }))
            .user_agent(concat!("seteli/", env!("CARGO_PKG_VERSION")))
            .build()?;
        if state.db.backend() == Backend::Sqlite {
            let freed = state.db.write_blocking(repo::release_leases)?;
            if freed > 0 {
                tracing::info!(jobs = freed, "freed the push leases of an earlier process");
            }
        }
        let state = Arc::new(state);
        let (stop, stopped) = watch::channel(false);
        let thread = std::thread::Builder::new()
            .name("push".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(SENDER_THREADS)
                    .thread_name("push-send")
                    .enable_all()
                    .build();
                match runtime {
                    Ok(rt) => rt.block_on(run(state, client, stopped)),
                    Err(e) => tracing::error!(error = %e, "the push sender cannot start"),
                }
            })?;
        Ok(Worker {
            stop,
            thread: Some(thread),
        })
    }
}

async fn run(state: Arc<Sending>, client: reqwest::Client, mut stopped: watch::Receiver<bool>) {
    let settings = state.settings.clone();
    let permits = Arc::new(Semaphore::new(settings.in_flight));
    let bell = state.db.push_bell();
    let poll = Duration::from_millis(settings.poll_millis);
    let lease = chrono::Duration::seconds(2 * settings.timeout_seconds as i64 + 30);
    let (done, ended) = tokio::sync::mpsc::unbounded_channel();
    let finisher = tokio::spawn(finish_all(state.clone(), ended));
    while !*stopped.borrow() {
        let free = permits.available_permits().min(BATCH);
        if free == 0 {
            tokio::select! {
                p = permits.clone().acquire_owned() => drop(p),
                _ = stopped.changed() => break,
            }
            continue;
        }
        let now = state.clock.now();
        let db = state.db.clone();
        let claimed = tokio::task::spawn_blocking(move || {
            db.write_blocking(|c| repo::claim(c, now, now + lease, free as i64))
        })
        .await;
        let jobs = match claimed {
            Ok(Ok(jobs)) => jobs,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "could not lease pushes");
                Vec::new()
            }
            Err(e) => {
                tracing::error!(error = %e, "the push lease panicked");
                Vec::new()
            }
        };
        let full = jobs.len() == free;
        for job in jobs {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            let (state, client, done) = (state.clone(), client.clone(), done.clone());
            tokio::spawn(async move {
                send(&state, &client, job, &done).await;
                drop(permit);
            });
        }
        if full {
            continue;
        }
        tokio::select! {
            _ = bell.notified() => {}
            _ = tokio::time::sleep(poll) => {}
            _ = stopped.changed() => break,
        }
    }
    // What is in flight ends within the request timeout; then the finisher writes the last.
    drop(done);
    let last = Duration::from_secs(settings.timeout_seconds + 1);
    let _ = tokio::time::timeout(last, finisher).await;
}

/// What kind of push a job is, and whether a person of the client's side wrote its message.
fn kind_of(job: &Claimed) -> Option<(Category, bool)> {
    match job.job.event_kind.as_str() {
        "message.new" => Some((
            Category::Messages,
            job.message_side.as_deref().is_some_and(|s| s != "client"),
        )),
        "notification.new" => {
            let kind = NotificationKind::parse(job.notification_kind.as_deref()?)?;
            Some((Category::of_notification(kind), false))
        }
        _ => None,
    }
}

/// Whether the person's settings send, hold or skip this push now.
fn decide(
    job: &Claimed,
    category: Category,
    from_staff: bool,
    now: DateTime<Utc>,
) -> Option<Finish> {
    let settings = job.settings.as_ref()?;
    if super::view::muted(&settings.muted).contains(&category) {
        return Some(Finish::Skipped);
    }
    let quiet = QuietHours::parse(
        settings.quiet_from.as_deref()?,
        settings.quiet_until.as_deref()?,
    )?;
    if !held_in_quiet_hours(category, from_staff) {
        return None;
    }
    quiet
        .end_after(now)
        .map(|end| Finish::Hold(end.naive_utc()))
}

/// How a send ended, for the finisher to record.
struct Done {
    job: crate::db::outbox::JobRow,
    finish: Finish,
    status: Option<u16>,
    error: Option<String>,
    at: DateTime<Utc>,
}

/// Sends one job and hands how it ended to the finisher.
async fn send(state: &Sending, client: &reqwest::Client, job: Claimed, done: &Finisher) {
    let now = state.clock.now();
    let (finish, status, error) = match attempt(state, client, &job, now).await {
        Ok(done) => done,
        Err(e) => (Finish::Failed, None, Some(e)),
    };
    if finish != Finish::Sent {
        let service = url::Url::parse(&job.subscription.endpoint)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        tracing::info!(
            event = "push",
            job = %job.job.id,
            service = %service,
            status = status.unwrap_or(0),
            outcome = ?finish,
            "a push was not delivered"
        );
    }
    let _ = done.send(Done {
        job: job.job,
        finish,
        status,
        error,
        at: now,
    });
}

type Finisher = tokio::sync::mpsc::UnboundedSender<Done>;

/// Records how sends ended, many in one transaction: a write per push would take the writers'
/// turn from the API's requests a thousand times a second under load.
async fn finish_all(state: Arc<Sending>, mut done: tokio::sync::mpsc::UnboundedReceiver<Done>) {
    let mut batch = Vec::new();
    while done.recv_many(&mut batch, 200).await > 0 {
        let db = state.db.clone();
        let ended = std::mem::take(&mut batch);
        let count = ended.len();
        let written = tokio::task::spawn_blocking(move || {
            db.write_blocking(|c| {
                for d in &ended {
                    repo::finish(c, &d.job, &d.finish, d.status, d.error.as_deref(), d.at)?;
                }
                Ok(())
            })
        })
        .await;
        if !matches!(written, Ok(Ok(()))) {
            tracing::warn!(
                pushes = count,
                "could not record how pushes ended; their leases will run out"
            );
        }
    }
}

type Attempt = (Finish, Option<u16>, Option<String>);

async fn attempt(
    state: &Sending,
    client: &reqwest::Client,
    job: &Claimed,
    now: DateTime<Utc>,
) -> Result<Attempt, String> {
    let settings = &state.settings;
    let (category, from_staff) = kind_of(job).ok_or("the push's cause is gone")?;
    if let Some(finish) = decide(job, category, from_staff, now) {
        return Ok((finish, None, None));
    }
    let url = endpoint::parse(&job.subscription.endpoint, settings.allow_loopback)
        .map_err(|r| format!("endpoint refused: {r:?}"))?;
    let body = encrypt(state, job, category)?;
    let authorization = state.vapid.authorization(&url).map_err(|e| e.to_string())?;
    let mut request = client
        .post(url)
        .header("TTL", category.ttl().to_string())
        .header("Urgency", category.urgency())
        .header("Content-Encoding", "aes128gcm")
        .header("Content-Type", "application/octet-stream")
        .header("Authorization", authorization)
        .body(body);
    if let Some(topic) = super::topic(category, job.refs.thread_id.as_deref()) {
        request = request.header("Topic", topic);
    }
    let (status, retry_after) = match request.send().await {
        Ok(res) => {
            let wait = res
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| super::retry_after(v, now));
            (Some(res.status().as_u16()), wait)
        }
        Err(_) => (None, None),
    };
    let age = (now - job.job.created_at.and_utc())
        .to_std()
        .unwrap_or_default();
    let give_up = Duration::from_secs(settings.give_up_hours as u64 * 3600);
    let decided = outcome(
        status,
        retry_after,
        job.job.attempts as u32 + 1,
        age,
        give_up,
        rand::random::<f64>(),
    );
    let error = match status {
        None => Some("no answer".to_string()),
        Some(s) if !(200..300).contains(&s) => Some(format!("answered {s}")),
        _ => None,
    };
    let finish = match decided {
        Outcome::Delivered => Finish::Sent,
        Outcome::Gone => Finish::Gone,
        Outcome::Fail => Finish::Failed,
        Outcome::Retry(after) => {
            let at = now + chrono::Duration::from_std(after).unwrap_or_default();
            Finish::Retry(at.naive_utc())
        }
    };
    Ok((finish, status, error))
}

/// The payload, encrypted for the job's device.
fn encrypt(state: &Sending, job: &Claimed, category: Category) -> Result<Vec<u8>, String> {
    let lang = job
        .language
        .as_deref()
        .and_then(|l| l.parse().ok())
        .unwrap_or(Lang::Fi);
    let payload = Payload {
        id: &job.job.id,
        event: &job.job.event_kind,
        kind: category,
        title: title(&state.i18n, lang, category),
        refs: &job.refs,
    };
    let plain = serde_json::to_vec(&payload).map_err(|e| e.to_string())?;
    let (public, auth) = super::device_keys(&job.subscription.p256dh, &job.subscription.auth)
        .ok_or("the device's keys are not valid")?;
    web_push_native::encrypt(plain, &public, &auth.into()).map_err(|e| e.to_string())
}
