//! `seteli demo | serve | migrate | openapi`

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand};
use seteli::clock::{Clock, SystemClock};
use seteli::config::{Secret, Settings};
use seteli::db::DatabaseUrl;

#[derive(Parser)]
#[command(
    name = "seteli",
    version,
    about = "Service vouchers for rehabilitative work and social rehabilitation"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run on an embedded SQLite file with demo data and demo sign-in (the quickest start).
    Demo {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// Where the database file and the demo signing key are kept.
        #[arg(long, default_value = "data")]
        data_dir: PathBuf,
        /// Use this database instead, e.g. postgres://postgres@127.0.0.1/seteli_demo.
        #[arg(long)]
        database_url: Option<String>,
        /// Writes a person may send a minute, and at once (`auth.writes_per_minute`): a fuzzer
        /// or a load test raises it to reach what lies behind the limit.
        #[arg(long)]
        writes_per_minute: Option<u32>,
    },
    /// Run in production: settings from the file, then SETELI_* environment variables.
    Serve {
        /// Settings file (TOML). Optional unless given here.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[arg(long)]
        config: Option<PathBuf>,
        /// Overrides the settings' database URL.
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Print the OpenAPI document (committed as openapi/openapi.json).
    Openapi,
    /// A push service for the demo: prints each push to Aino's demo phone, decrypted, with its
    /// signature checked.
    PushReceiver {
        /// Address to listen on: the demo's subscription points here.
        #[arg(long, default_value = seteli::demo::push::RECEIVER)]
        bind: String,
    },
}

fn settings_from(config: Option<&Path>) -> Result<Settings, String> {
    let (path, required) = match config {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from("seteli.toml"), false),
    };
    Settings::load(&path, required, std::env::vars()).map_err(|e| e.to_string())
}

fn demo_signing_key(data_dir: &Path) -> std::io::Result<String> {
    let path = data_dir.join("signing.key");
    match std::fs::read_to_string(&path) {
        Ok(key) if !key.trim().is_empty() => Ok(key.trim().to_string()),
        _ => {
            std::fs::create_dir_all(data_dir)?;
            let key = seteli::auth::tokens::new_signing_key();
            std::fs::write(&path, &key)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
            }
            Ok(key)
        }
    }
}

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("seteli: {message}");
    std::process::exit(2);
}

#[actix_web::main]
async fn main() {
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi => print!("{}", seteli::openapi_json()),
        Command::PushReceiver { bind } => {
            eprintln!("Demo push service on http://{bind}: one line per push. Stop with Ctrl-C.");
            if let Err(e) = seteli::demo::push::receive(&bind).await {
                fail(format!("cannot listen on {bind}: {e}"));
            }
        }
        Command::Migrate {
            config,
            database_url,
        } => {
            let mut settings = Settings::load_unvalidated(
                config.as_deref().unwrap_or(Path::new("seteli.toml")),
                config.is_some(),
                std::env::vars(),
            )
            .unwrap_or_else(|e| fail(e));
            if let Some(url) = database_url {
                settings.database_url = url;
            }
            let url = DatabaseUrl::parse(&settings.database_url).unwrap_or_else(|e| fail(e));
            let mut conn = url
                .connect()
                .unwrap_or_else(|e| fail(format!("cannot open the database: {e}")));
            let applied = seteli::db::run_migrations(&mut conn).unwrap_or_else(|e| fail(e));
            println!("applied {} migration(s)", applied.len());
            for m in applied {
                println!("  {m}");
            }
        }
        Command::Serve { config } => {
            let settings = settings_from(config.as_deref()).unwrap_or_else(|e| fail(e));
            seteli::telemetry::init(settings.log_format);
            let app = seteli::Application::build(settings.clone(), Arc::new(SystemClock))
                .unwrap_or_else(|e| fail(format!("{e:#}")));
            tracing::info!(address = %settings.bind, "serving");
            if let Err(e) = app.run_until_stopped().await {
                fail(e);
            }
        }
        Command::Demo {
            bind,
            data_dir,
            database_url,
            writes_per_minute,
        } => {
            let key = demo_signing_key(&data_dir).unwrap_or_else(|e| {
                fail(format!(
                    "cannot keep the demo key in {}: {e}",
                    data_dir.display()
                ))
            });
            let settings = Settings {
                bind,
                database_url: database_url.unwrap_or_else(|| {
                    format!("sqlite://{}", data_dir.join("seteli.db").display())
                }),
                dev_login: true,
                auth: {
                    let mut auth = seteli::config::AuthSettings {
                        signing_key: Some(Secret::new(key)),
                        ..Default::default()
                    };
                    if let Some(n) = writes_per_minute {
                        (auth.writes_per_minute, auth.write_burst) = (n, n);
                    }
                    auth
                },
                push: seteli::config::PushSettings {
                    vapid_key_file: data_dir.join("vapid.key").display().to_string(),
                    // Aino's demo phone: `seteli push-receiver` on loopback.
                    allow_loopback: true,
                    ..Default::default()
                },
                ..Default::default()
            };
            seteli::telemetry::init(settings.log_format);
            let clock = Arc::new(SystemClock);
            let app = seteli::Application::build(settings.clone(), clock.clone())
                .unwrap_or_else(|e| fail(format!("{e:#}")));
            let state = app.state();
            let added = state
                .db
                .get()
                .map_err(|e| e.to_string())
                .and_then(|mut conn| {
                    seteli::demo::seed_with(&mut conn, clock.now(), &state.site_codes)
                        .map_err(|e| e.to_string())
                })
                .unwrap_or_else(|e| fail(format!("cannot seed demo data: {e}")));
            let base = format!("http://{}", settings.bind.replace("0.0.0.0", "127.0.0.1"));
            println!();
            println!(
                "Seteli demo is running at {base}  (database: {})",
                redact(&settings.database_url)
            );
            if added > 0 {
                println!("Seeded {added} demo personas.");
            }
            println!();
            println!("Try first:");
            println!("  API docs:       {base}/docs/");
            println!("  Demo personas:  curl -s {base}/api/v1/auth/dev-personas");
            println!("  Sign in:        curl -s -X POST {base}/api/v1/auth/dev-login -H 'Content-Type: application/json' -d '{{\"persona\":\"client-heinola\"}}'");
            println!(
                "  Who am I:       curl -s {base}/api/v1/me -H \"Authorization: Bearer $TOKEN\""
            );
            println!(
                "  My vouchers:    curl -s {base}/api/v1/clients/me/vouchers -H \"Authorization: Bearer $TOKEN\""
            );
            println!();
            println!("Stop with Ctrl-C.");
            if let Err(e) = app.run_until_stopped().await {
                fail(e);
            }
        }
    }
}

/// A database URL without its password, for printing.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}
