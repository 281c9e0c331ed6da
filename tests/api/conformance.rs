//! Every answer the API tests receive is checked against the committed `openapi/openapi.json`:
//! its status must be one the operation documents, each header of [`WATCHED_HEADERS`] it sends
//! must be declared for that status, and its body must validate against the schema documented
//! for that status and media type. A request the server accepted (2xx) must validate
//! against the documented request body too. So a test that passes proves the contract as well.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Value};

/// The committed document, read once per test binary.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
                .expect("openapi/openapi.json is committed");
        serde_json::from_str(&text).expect("openapi/openapi.json is JSON")
    })
}

type Compiled = Arc<jsonschema::Validator>;

/// A validator for one schema of the document, with the document's components beside it so
/// that its `#/components/...` references resolve. Compiled once per schema.
fn validator(schema: &Value) -> Compiled {
    static CACHE: OnceLock<Mutex<HashMap<String, Compiled>>> = OnceLock::new();
    let key = schema.to_string();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(&key) {
        return v.clone();
    }
    let mut root = schema.clone();
    let mut components = document()["components"].clone();
    closed(&mut components);
    closed(&mut root);
    if let Value::Object(map) = &mut root {
        map.insert("components".into(), components);
    } else {
        root = json!({ "allOf": [schema], "components": components });
    }
    let compiled = Arc::new(
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("the schema {key} does not compile: {e}")),
    );
    cache.lock().unwrap().insert(key, compiled.clone());
    compiled
}

/// The same schema with every object closed: a member the contract does not name is an error
/// too, so a field added to an answer without its documentation fails.
fn closed(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(closed);
        }
        Value::Array(items) => items.iter_mut().for_each(closed),
        _ => {}
    }
}

pub fn errors_of(schema: &Value, instance: &Value) -> Vec<String> {
    let v = validator(schema);
    v.iter_errors(instance)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect()
}

/// How a template's segment fits a path's: 2 when it is fixed text and the same, 1 when it is a
/// parameter with fixed text around it (`{visit_id}.ics`) that is there, 0 for a bare parameter,
/// None when it does not fit. A parameter is never empty.
fn fit(template: &str, part: &str) -> Option<u8> {
    match (template.find('{'), template.rfind('}')) {
        (Some(open), Some(close)) if open < close => {
            let (prefix, suffix) = (&template[..open], &template[close + 1..]);
            let fits = part
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(suffix))
                .is_some_and(|param| !param.is_empty() && !param.contains('.'));
            fits.then_some(u8::from(!prefix.is_empty() || !suffix.is_empty()))
        }
        _ => (template == part && !part.is_empty()).then_some(2),
    }
}

/// The document's path template that `path` (no query) stands for: of those it fits, the most
/// specific, segment by segment, as the server reads it.
pub fn operation_path(path: &str) -> Option<&'static str> {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let paths = document()["paths"].as_object()?;
    paths
        .keys()
        .filter_map(|template| {
            let t: Vec<&str> = template.trim_start_matches('/').split('/').collect();
            if t.len() != parts.len() {
                return None;
            }
            let ranks: Option<Vec<u8>> = t.iter().zip(&parts).map(|(t, p)| fit(t, p)).collect();
            ranks.map(|ranks| (ranks, template))
        })
        .max_by(|(a, _), (b, _)| a.cmp(b))
        .map(|(_, template)| template.as_str())
}

fn media_type(content_type: Option<&str>) -> String {
    content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The response headers a client acts on: an answer that sends one must be documented with it.
pub const WATCHED_HEADERS: &[&str] = &[
    "x-request-id",
    "content-language",
    "cache-control",
    "retry-after",
    "www-authenticate",
    "allow",
    "etag",
    "vary",
    "idempotent-replayed",
    "location",
    "content-disposition",
];

/// Checks one exchange; panics with what does not match the contract. `headers` are the names
/// of the answer's headers, in lowercase.
pub fn check(
    method: &str,
    path: &str,
    request_body: Option<&[u8]>,
    status: u16,
    content_type: Option<&str>,
    headers: &[&str],
    body: &[u8],
) {
    let media = media_type(content_type);
    let json_body = || -> Value {
        serde_json::from_slice(body).unwrap_or_else(|e| {
            panic!(
                "{method} {path} answered {status} {media} that is not JSON ({e}): {}",
                String::from_utf8_lossy(body)
            )
        })
    };
    let problem = json!({ "$ref": "#/components/schemas/Problem" });
    // HEAD is answered as GET is, without the body.
    let head = method == "HEAD";
    let as_method = if head {
        "get"
    } else {
        &method.to_ascii_lowercase()
    };
    let operation = operation_path(path).and_then(|template| {
        let op = &document()["paths"][template][as_method];
        (!op.is_null()).then_some((template, op))
    });
    let Some((template, op)) = operation else {
        // Not an operation of the document (a wrong address or method, the docs page): an error
        // is still a problem (a HEAD's has no body to check).
        if media == "application/problem+json" && !head {
            let errors = errors_of(&problem, &json_body());
            assert!(
                errors.is_empty(),
                "{method} {path}: the problem does not match the contract: {errors:#?}"
            );
        }
        return;
    };
    let responses = &op["responses"];
    let documented = &responses[status.to_string()];
    let documented = if documented.is_null() {
        &responses["default"]
    } else {
        documented
    };
    assert!(
        !documented.is_null(),
        "{method} {template} answered {status}, which the contract does not list (it lists {:?})",
        responses.as_object().map(|o| o.keys().collect::<Vec<_>>())
    );
    let declared = documented.get("headers").and_then(Value::as_object);
    let undeclared: Vec<&str> = headers
        .iter()
        .copied()
        .filter(|name| WATCHED_HEADERS.contains(name))
        .filter(|name| !declared.is_some_and(|d| d.keys().any(|k| k.eq_ignore_ascii_case(name))))
        .collect();
    assert!(
        undeclared.is_empty(),
        "{method} {template} answered {status} with {undeclared:?}, which the contract does not \
         declare for it (it declares {:?})",
        declared.map(|d| d.keys().collect::<Vec<_>>())
    );
    if head {
        return;
    }
    match documented.get("content").and_then(Value::as_object) {
        None => assert!(
            body.is_empty(),
            "{method} {template} {status} has no body in the contract, but answered {} bytes",
            body.len()
        ),
        Some(content) => {
            let schema = content
                .get(&media)
                .map(|c| &c["schema"])
                .unwrap_or_else(|| {
                    panic!(
                        "{method} {template} {status} answered {media:?}; the contract has {:?}",
                        content.keys().collect::<Vec<_>>()
                    )
                });
            if media.contains("json") && !schema.is_null() {
                let instance = json_body();
                let errors = errors_of(schema, &instance);
                assert!(
                    errors.is_empty(),
                    "{method} {template} {status}: the body does not match the contract: \
                     {errors:#?}\nbody: {instance}"
                );
            }
        }
    }
    // A request the server accepted is one the contract allows.
    if (200..300).contains(&status) {
        if let Some(sent) = request_body.filter(|b| !b.is_empty()) {
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            if let (false, Ok(instance)) = (schema.is_null(), serde_json::from_slice(sent)) {
                let errors = errors_of(schema, &instance);
                assert!(
                    errors.is_empty(),
                    "{method} {template}: an accepted request does not match the contract: \
                     {errors:#?}\nrequest: {instance}"
                );
            }
        }
    }
}

/// Every `$ref` of the document names something the document has.
pub fn unresolved_refs(doc: &Value) -> Vec<String> {
    fn walk(doc: &Value, at: &Value, out: &mut Vec<String>) {
        match at {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "$ref" {
                        let target = v.as_str().unwrap_or_default();
                        let found = target
                            .strip_prefix('#')
                            .is_some_and(|pointer| doc.pointer(pointer).is_some());
                        if !found {
                            out.push(target.to_string());
                        }
                    } else {
                        walk(doc, v, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(doc, v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, doc, &mut out);
    out.sort();
    out.dedup();
    out
}
