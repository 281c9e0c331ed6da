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
