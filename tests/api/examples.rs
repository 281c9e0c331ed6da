//! The document's examples. A recording run (`SETELI_RECORD_EXAMPLES=1 cargo test --test api`)
//! keeps, for each operation, one successful exchange the suite had with the server, and writes
//! them to `openapi/examples.json`; `seteli openapi` puts them into the document. Every run
//! checks that each operation that answers JSON has an example that fits its schema, so a
//! changed answer is recorded anew before it is committed.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use serde_json::{json, Value};

use crate::conformance::{document, errors_of, operation_path};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/examples.json");

/// The largest example kept, in bytes of JSON: a list keeps two items.
const MAX_BYTES: usize = 6000;

/// Whether this run records.
fn recording() -> bool {
    std::env::var_os("SETELI_RECORD_EXAMPLES").is_some()
}

/// Keeps the exchange as its operation's example if it is the richest one yet (the longest that
/// is not too long), and writes the file.
pub fn record(method: &str, path: &str, status: u16, request: Option<&[u8]>, response: &[u8]) {
    if !recording() || !(200..300).contains(&status) || method == "HEAD" {
        return;
    }
    let Some(template) = operation_path(path) else {
        return;
    };
    let Ok(answer) = serde_json::from_slice::<Value>(response) else {
        return;
    };
    let request = request
        .and_then(|b| serde_json::from_slice::<Value>(b).ok())
        .map(tidy);
    let answer = tidy(answer);
    let size = answer.to_string().len();
    if size > MAX_BYTES {
        return;
    }
    static KEPT: OnceLock<Mutex<BTreeMap<String, Value>>> = OnceLock::new();
    let mut kept = KEPT.get_or_init(Default::default).lock().unwrap();
    let key = format!("{method} {template}");
    let richer = kept
        .get(&key)
        .is_none_or(|old| old["response"].to_string().len() < size);
    if richer {
        let exchange =
            json!({"status": status.to_string(), "request": request, "response": answer});
        kept.insert(key, exchange);
        let text = serde_json::to_string_pretty(&*kept).unwrap() + "\n";
        std::fs::write(FILE, text).expect("openapi/examples.json is writable");
    }
}

/// An example as the document shows it: lists cut to two items, and no token, even a test one.
fn tidy(v: Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.into_iter().take(2).map(tidy).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| match k.as_str() {
                    "access_token" | "refresh_token" | "id_token" => (k, json!("eyJ…")),
                    _ => (k, tidy(v)),
                })
                .collect(),
        ),
        other => other,
    }
}

#[test]
fn every_operation_that_answers_json_shows_an_example_that_fits() {
    if recording() {
        return;
    }
    let mut missing = Vec::new();
    let mut unfit = Vec::new();
    for (path, item) in document()["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let answers = op["responses"].as_object().unwrap();
            for (status, answer) in answers.iter().filter(|(s, _)| s.starts_with('2')) {
                let Some(content) = answer["content"].get("application/json") else {
                    continue;
                };
                let name = format!("{} {path} {status}", method.to_uppercase());
                match content.get("example") {
                    None => missing.push(name),
                    Some(example) => {
                        let errors = errors_of(&content["schema"], example);
                        if !errors.is_empty() {
                            unfit.push(format!("{name}: {errors:?}"));
                        }
                    }
                }
            }
            if let Some(example) = op["requestBody"]["content"]["application/json"].get("example") {
                let schema = &op["requestBody"]["content"]["application/json"]["schema"];
                let errors = errors_of(schema, example);
                if !errors.is_empty() {
                    unfit.push(format!(
                        "{} {path} request: {errors:?}",
                        method.to_uppercase()
                    ));
                }
            }
        }
    }
    // An operation answers JSON with more than one success (200 or 201): one example will do.
    missing.retain(|m| {
        let op = m.rsplit_once(' ').unwrap().0;
        !document_has_example(op)
    });
    assert!(
        missing.is_empty() && unfit.is_empty(),
        "record the examples anew (SETELI_RECORD_EXAMPLES=1 cargo test --test api, then \
         cargo run -- openapi > openapi/openapi.json)\nmissing: {missing:#?}\nunfit: {unfit:#?}"
    );
}

/// Whether some success of the operation `METHOD /path` has an example.
fn document_has_example(op: &str) -> bool {
    let (method, path) = op.split_once(' ').unwrap();
    let answers = &document()["paths"][path][method.to_lowercase()]["responses"];
    answers.as_object().unwrap().iter().any(|(status, a)| {
        status.starts_with('2') && a["content"]["application/json"].get("example").is_some()
    })
}
