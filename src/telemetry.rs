//! Structured logs. Every line written while a request runs carries its request id (the span).
//! Personal identity codes, tokens and message contents are never logged.

use std::fmt;
use std::io::IsTerminal;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn,r2d2=warn"));
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let registry = tracing_subscriber::registry()
        .with(ClientMistakes)
        .with(filter);
    let result = match format {
        LogFormat::Json => registry
            .with(fmt.json().with_current_span(true).with_span_list(false))
            .try_init(),
        LogFormat::Text => registry.with(fmt.compact()).try_init(),
    };
    // A second init (as in tests) keeps the first subscriber.
    let _ = result;
}

/// Where actix-http logs what went wrong on a connection.
const ACTIX_DISPATCHER: &str = "actix_http::h1::dispatcher";

/// actix-http logs at ERROR, as "stream error: …", what a client did wrong on its connection: a
/// request head past actix's own limits (which it answers 431 itself), a request it cannot
/// parse (400), a connection that timed out. A client's mistake is no server error: this layer
/// stops those lines and writes them again at INFO under our own name. The text is actix's
/// description of the error, never the request's content. (What a layer logs itself reaches
/// the global logger, as `init` sets it; under a scoped one it would be dropped.)
pub struct ClientMistakes;

struct Message(String);

impl Visit for Message {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 = value.to_string();
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

impl<S: Subscriber> Layer<S> for ClientMistakes {
    fn event_enabled(&self, event: &Event<'_>, _: Context<'_, S>) -> bool {
        let meta = event.metadata();
        if *meta.level() != Level::ERROR || meta.target() != ACTIX_DISPATCHER {
            return true;
        }
        let mut message = Message(String::new());
        event.record(&mut message);
        let Some(error) = message.0.strip_prefix("stream error: ") else {
            return true;
        };
        tracing::info!(
            event = "client_connection_error",
            error,
            "a client's request could not be read"
        );
        false
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// Keeps (target, level, message) of every event it sees.
    #[derive(Clone, Default)]
    struct Seen(Arc<Mutex<Vec<(String, Level, String)>>>);

    impl<S: Subscriber> Layer<S> for Seen {
        fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
            let mut message = Message(String::new());
            event.record(&mut message);
            let meta = event.metadata();
            self.0
                .lock()
                .unwrap()
                .push((meta.target().to_string(), *meta.level(), message.0));
        }
    }

    #[test]
    fn a_clients_broken_connection_is_logged_at_info_not_error() {
        // As in the server: a global logger (a scoped one drops what a layer logs itself).
        let seen = Seen::default();
        let subscriber = tracing_subscriber::registry()
            .with(ClientMistakes)
            .with(seen.clone());
        tracing::subscriber::set_global_default(subscriber).unwrap();
        tracing::error!(target: "actix_http::h1::dispatcher", "stream error: {}", "request head is too large");
        tracing::error!(target: "actix_http::h1::dispatcher", "write zero; closing");
        tracing::error!(target: "seteli::db", "disk full");
        let seen = seen.0.lock().unwrap();
        assert_eq!(seen.len(), 3, "{seen:?}");
        assert!(seen
            .iter()
            .any(|(target, level, _)| target == "seteli::telemetry" && *level == Level::INFO));
        assert!(!seen
            .iter()
            .any(|(_, level, m)| *level == Level::ERROR && m.contains("too large")));
        // Anything else keeps its level.
        assert!(seen
            .iter()
            .any(|(_, level, m)| *level == Level::ERROR && m == "disk full"));
        assert!(seen
            .iter()
            .any(|(_, level, m)| *level == Level::ERROR && m == "write zero; closing"));
    }
}
