//! The document's examples: for each operation, one real exchange with the server, recorded
//! from the test suite into `openapi/examples.json` (`SETELI_RECORD_EXAMPLES=1 cargo test --test
//! api`), and the demo's personas as the values a demo sign-in takes. A test checks that every
//! operation that answers JSON has an example and that each still fits its schema.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr};

/// The recorded exchanges, as committed.
const RECORDED: &str = include_str!("../../openapi/examples.json");

/// One recorded exchange: the request's body, if it sent one, and the answer's.
#[derive(Debug, Deserialize)]
struct Exchange {
    status: String,
    request: Option<Value>,
    response: Value,
}

/// Puts each operation's recorded request and answer on it as examples.
pub fn document_examples(doc: &mut OpenApi) {
    // Keyed by "METHOD /path/template"; a file that does not parse adds nothing, and the test of
    // the examples then fails.
    let recorded: BTreeMap<String, Exchange> = serde_json::from_str(RECORDED).unwrap_or_default();
    for (path, item) in doc.paths.paths.iter_mut() {
        let operations = [
            ("GET", &mut item.get),
            ("PUT", &mut item.put),
            ("POST", &mut item.post),
            ("DELETE", &mut item.delete),
            ("PATCH", &mut item.patch),
        ];
        for (method, op) in operations {
            if let (Some(op), Some(x)) = (op.as_mut(), recorded.get(&format!("{method} {path}"))) {
                put_example(op, x);
            }
        }
    }
}

fn put_example(op: &mut Operation, x: &Exchange) {
    if let (Some(RefOr::T(body)), Some(example)) = (op.request_body.as_mut(), &x.request) {
        if let Some(RefOr::T(content)) = body.content.get_mut("application/json") {
            content.example = Some(example.clone());
        }
    }
    if let Some(RefOr::T(answer)) = op.responses.responses.get_mut(&x.status) {
        if let Some(RefOr::T(content)) = answer.content.get_mut("application/json") {
            content.example = Some(x.response.clone());
        }
    }
}

/// The demo's personas as the values `DevLoginRequest.persona` takes: a generated client offers
/// them, and a tool that reads the document sends no other.
pub fn document_personas(doc: &mut OpenApi, slugs: &[&str]) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let Some(RefOr::T(Schema::Object(request))) = components.schemas.get_mut("DevLoginRequest")
    else {
        return;
    };
    if let Some(RefOr::T(Schema::Object(persona))) = request.properties.get_mut("persona") {
        persona.enum_values = Some(slugs.iter().map(|s| Value::from(*s)).collect());
    }
}
