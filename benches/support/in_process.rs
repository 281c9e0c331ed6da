//! The real server, in this process, on a database URL: what the benchmarks that load their
//! data through its state and then measure it over HTTP start alike. (Included by `#[path]`.)

use std::sync::{mpsc, Arc};

use base64::Engine;
use seteli::clock::SystemClock;
use seteli::config::{Secret, Settings};

/// A running server: its port, its state (the database, the token issuer), and how to stop it.
pub struct InProcess {
    pub port: u16,
    pub state: actix_web::web::Data<seteli::AppState>,
    handle: actix_web::dev::ServerHandle,
    thread: std::thread::JoinHandle<std::io::Result<()>>,
}

/// Starts the server on `url` with a pool of 8, on a free port, with a fixed signing key.
pub fn start(url: &str) -> InProcess {
    let settings = Settings {
        bind: "127.0.0.1:0".into(),
        database_url: url.to_string(),
        database_pool_size: 8,
        auth: seteli::config::AuthSettings {
            signing_key: Some(Secret::new(
                base64::engine::general_purpose::STANDARD.encode([7u8; 32]),
            )),
            ..Default::default()
        },
        push: seteli::config::PushSettings {
            vapid_key_file: std::env::temp_dir()
                .join("seteli-bench-vapid.key")
                .display()
                .to_string(),
            allow_loopback: true,
            ..Default::default()
        },
        dev_login: true,
        ..Default::default()
    };
    let (tx, rx) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app = seteli::Application::build(settings, Arc::new(SystemClock))
                .expect("the application builds");
            tx.send((app.port(), app.state(), app.handle())).unwrap();
            app.run_until_stopped().await
        })
    });
    let (port, state, handle) = rx.recv().expect("the server starts");
    InProcess {
        port,
        state,
        handle,
        thread,
    }
}

impl InProcess {
    /// Stops the server and waits for it.
    pub fn stop(self) {
        actix_web::rt::System::new().block_on(self.handle.stop(true));
        let _ = self.thread.join();
    }
}

/// Runs `run(label, url)` on a SQLite file named `file` (in `BENCH_DATA_DIR`, kept for a look at
/// query plans afterwards, or in a temporary directory), then, with `TEST_DATABASE_URL`, on a new
/// PostgreSQL database that is dropped afterwards.
pub fn on_each_database(file: &str, run: impl Fn(&str, &str)) {
    use diesel::prelude::*;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data_dir = std::env::var("BENCH_DATA_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().to_path_buf());
    run(
        "SQLite",
        &format!("sqlite://{}", data_dir.join(file).display()),
    );
    let Some(admin) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        println!("(set TEST_DATABASE_URL to also measure PostgreSQL)");
        return;
    };
    let name = format!("seteli_bench_{}", uuid::Uuid::now_v7().simple());
    let mut conn = diesel::pg::PgConnection::establish(&admin).expect("connect PostgreSQL");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .expect("create the bench database");
    let mut url = url::Url::parse(&admin).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    run("PostgreSQL", url.as_str());
    let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn);
}
