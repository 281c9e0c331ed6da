//! Faults the server must come through with nothing acknowledged lost and nothing done twice:
//! a `SIGKILL` in the middle of a stream of writes of every kind ([`kill`]), PostgreSQL stopped
//! and started under a running server ([`outage`]), and a full disk under SQLite ([`disk`]).
//! The kill and disk tests run the real binary on SQLite, whichever database the suite runs on.

mod disk;
mod kill;
mod outage;

use std::time::Duration;

use serde_json::Value;

/// A plain HTTP client: the requests in flight at the kill end in broken connections.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// An answer: its status, headers and JSON body (null if none).
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// Whether it is the stored answer to an earlier request with the same key.
    fn replayed(&self) -> bool {
        self.header("Idempotent-Replayed") == "true"
    }
}

/// Sends a request, with an `Idempotency-Key` if given.
async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: &str,
    key: Option<&str>,
    body: Option<&Value>,
) -> Result<Answer, reqwest::Error> {
    let mut req = http.request(method, url).bearer_auth(token);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    if let Some(body) = body {
        req = req.json(body);
    }
    let res = req.send().await?;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let bytes = res.bytes().await?;
    Ok(Answer {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    })
}
