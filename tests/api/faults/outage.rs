//! PostgreSQL stopped under a running server, then started again. The server must tell at once
//! that it cannot serve (`/readyz` and every request 503 with `Retry-After`, none of them held
//! longer than the pool waits for a connection), and serve again by itself once the database
//! is back, its background threads included: a message sent after the outage reaches the other
//! side's screen, events and phone.
//!
//! The test makes a PostgreSQL cluster of its own in a temporary directory, on a free port, so
//! that stopping it touches no other test's database. It needs the PostgreSQL server's programs
//! and root (to run them as `postgres`); without them it says so and passes.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::chat::{history, open, say};
use crate::helpers::{spawn_app_with, Response};
use crate::push_receiver::Receiver;

/// How long the pool waits for a connection (`db::pool`), and what a request may take on top.
const POOL_WAIT: Duration = Duration::from_secs(5);
const MARGIN: Duration = Duration::from_secs(3);
/// How long the server may take to serve again once the database is back.
const RECOVERY: Duration = Duration::from_secs(15);

/// A PostgreSQL cluster of the test's own, stopped at once when dropped.
struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

impl Cluster {
    /// Makes a cluster with trust authentication and starts it; or says why it cannot.
    fn make() -> Result<Cluster, String> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .map_err(|e| format!("no PostgreSQL under /usr/lib/postgresql: {e}"))?
            .filter_map(|v| Some(v.ok()?.path().join("bin")))
            .filter(|bin| bin.join("initdb").exists())
            .max()
            .ok_or("no initdb under /usr/lib/postgresql")?;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let owned = Command::new("chown")
            .arg("postgres:postgres")
            .arg(dir.path())
            .status();
        if !owned.is_ok_and(|s| s.success()) {
            return Err("the directory cannot be given to the postgres user".into());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let cluster = Cluster { dir, bin, port };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"],
        )?;
        cluster.start()?;
        Ok(cluster)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// Runs one of PostgreSQL's programs as the `postgres` user.
    fn run(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let out = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join(program))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("runuser: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    fn start(&self) -> Result<(), String> {
        let dir = self.dir.path().display().to_string();
        let options = format!(
            "-p {} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port
        );
        let log = Path::new(&dir).join("log").display().to_string();
        let data = self.data();
        self.run(
            "pg_ctl",
            &[
                "-D", &data, "-l", &log, "-o", &options, "-w", "-t", "30", "start",
            ],
        )
    }

    fn stop(&self, mode: &str) -> Result<(), String> {
        let data = self.data();
        self.run(
            "pg_ctl",
            &["-D", &data, "-m", mode, "-w", "-t", "30", "stop"],
        )
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.stop("immediate");
    }
}

/// The answer to `request`, and how long it took.
async fn timed(request: impl Future<Output = Response>) -> (Response, Duration) {
    let started = Instant::now();
    let res = request.await;
    (res, started.elapsed())
}

/// A 503 problem with `Retry-After`, within the pool's wait and a margin.
fn unavailable(what: &str, (res, took): &(Response, Duration)) {
    assert_eq!(res.status(), 503, "{what}");
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        header("content-type").starts_with("application/problem+json"),
        "{what}: {}",
        header("content-type")
    );
    assert!(
        header("retry-after").parse::<u64>().is_ok_and(|s| s > 0),
        "{what} says when to retry"
    );
    assert!(
        *took < POOL_WAIT + MARGIN,
        "{what} was held {took:?} while the database was down"
    );
}

/// Polls `ok` until it holds, for at most [`RECOVERY`]; answers how long it took.
async fn until<F: Future<Output = bool>>(what: &str, ok: impl Fn() -> F) -> Duration {
    let started = Instant::now();
    while !ok().await {
        assert!(
            started.elapsed() < RECOVERY,
            "{what} did not come back in {RECOVERY:?}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    started.elapsed()
}

async fn message_on_phone(push: &Receiver, n: usize, message: &Value) {
    let got = push.wait_for_async(n, Duration::from_secs(10)).await;
    assert_eq!(got.len(), n, "the phone got each message once");
    let payload = got[n - 1].payload.as_ref().expect("the payload decrypts");
    assert_eq!(payload["message_id"], message["id"]);
}

#[actix_web::test]
async fn postgresql_stopped_answers_503_at_once_and_started_again_serves_without_a_restart() {
    let started = Instant::now();
    let cluster = match Cluster::make() {
        Ok(cluster) => cluster,
        Err(why) => {
            eprintln!("skipped: no PostgreSQL cluster of the test's own: {why}");
            return;
        }
    };
    let url = cluster.url();
    let app = spawn_app_with(|s| s.database_url = url).await;
    let key = app.get_json("/api/v1/push/vapid-public-key").await;
    let push = Receiver::start(Some(key["public_key"].as_str().unwrap().to_string()));
    let d = crate::attendance::heinola(&app).await;
    let phone = push.subscriber();
    let mut sub = phone.subscription_json();
    sub["label"] = json!("Puhelin");
    let res = app
        .post_auth("/api/v1/me/push-subscriptions", &d.client.token, &sub)
        .await;
    assert_eq!(res.status(), 201);
    let (_, thread) = open(&app, &d.staff, &d.client.id, Some(&d.provider)).await;
    let t = thread["id"].as_str().unwrap().to_string();
    let messages = format!("/api/v1/threads/{t}/messages");

    // Up: ready, and a message goes all the way to the client's phone.
    assert_eq!(app.get("/readyz").await.status(), 200);
    let (status, before) = say(&app, &d.staff, &t, "Tervetuloa huomenna!").await;
    assert_eq!(status, 201, "{before}");
    message_on_phone(&push, 1, &before).await;
    // Reads at once fill the pool with connections, for the stop to break.
    let reads = (0..8).map(|_| app.get_auth(&messages, &d.client.token));
    for res in futures_util::future::join_all(reads).await {
        assert_eq!(res.status(), 200);
    }

    // Down: not ready, and a read and a write each answer 503 within the pool's wait, whether
    // the pool's connections are the ones the stop broke (first) or new ones it cannot make.
    cluster.stop("fast").expect("the cluster stops");
    let down = Instant::now();
    unavailable("/readyz", &timed(app.get("/readyz")).await);
    let hello = json!({"text": "Hei?"});
    let mut slowest = Duration::ZERO;
    for round in ["first", "second"] {
        let (me, read, write) = tokio::join!(
            timed(app.get_auth("/api/v1/me", &d.client.token)),
            timed(app.get_auth(&messages, &d.client.token)),
            timed(app.post_auth(&messages, &d.client.token, &hello)),
        );
        slowest = slowest.max(me.1).max(read.1).max(write.1);
        unavailable(&format!("{round} GET /me"), &me);
        unavailable(&format!("{round} read of the thread"), &read);
        unavailable(&format!("{round} message"), &write);
    }
    let outage = down.elapsed();

    // Up again: the same server serves, ready, by itself.
    cluster.start().expect("the cluster starts again");
    let served = until("a signed-in request", || async {
        app.get_auth("/api/v1/me", &d.client.token).await.status() == 200
    })
    .await;
    let ready = until("readiness", || async {
        app.get("/readyz").await.status() == 200
    })
    .await;

    // And every part of it works: a message reaches the client's screen, events and phone.
    let head = app
        .get_auth_json("/api/v1/me/events", &d.client.token)
        .await["head"]
        .as_i64()
        .unwrap();
    let (status, after) = say(&app, &d.staff, &t, "Oletko huomenna paikalla?").await;
    assert_eq!(status, 201, "{after}");
    let (status, seen) = history(&app, &d.client, &t).await;
    assert_eq!(status, 200);
    assert_eq!(seen["items"][0]["id"], after["id"], "{seen}");
    let events = app
        .get_auth_json(&format!("/api/v1/me/events?after={head}"), &d.client.token)
        .await;
    let new = events["items"].as_array().unwrap();
    assert!(
        new.iter()
            .any(|e| e["kind"] == "message.new" && e["message_id"] == after["id"]),
        "{events}"
    );
    message_on_phone(&push, 2, &after).await;
    let unanswered = app.get_auth(&messages, &d.client.token).await;
    assert!(
        !unanswered.text().await.unwrap().contains("Hei?"),
        "no message refused in the outage was kept"
    );
    eprintln!(
        "while down each request answered 503 within {:.1} s ({:.1} s for two rounds); served \
         again {:.1} s and ready {:.1} s after the start; {:.1} s in all",
        slowest.as_secs_f64(),
        outage.as_secs_f64(),
        served.as_secs_f64(),
        (served + ready).as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
