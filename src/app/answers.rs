//! What the document says of every answer that no handler writes itself: the 304 of the public
//! reads, and the response headers, from the same facts the server acts on. The middleware gives
//! every answer an id and a language and says what a cache may keep (`http_cache`), an error says
//! when to retry or how to sign in (`error`), a retried creation says it is a replay
//! (`idempotency`), a creation where the new thing is, a calendar file what to call it.

use utoipa::openapi::header::{Header, HeaderBuilder};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{Object, Ref, RefOr, Response, ResponseBuilder, Type};

/// Each header the server sends that a client may act on: its name (and the name of its
/// component) and what it says.
const HEADERS: &[(&str, &str)] = &[
    (
        X_REQUEST_ID,
        "The request's id: the caller's own `X-Request-Id` when it is at most 64 letters, digits, \
         `-` or `_`, else a new one. Quote it when asking for help.",
    ),
    (
        CONTENT_LANGUAGE,
        "The language of the answer's texts: the one Accept-Language asked for, else the \
         signed-in person's own choice, else fi.",
    ),
    (
        CACHE_CONTROL,
        "`no-store`: no answer under /api/ is kept, as they hold personal data or tokens. The \
         public reads say `public, max-age=N` instead.",
    ),
    (RETRY_AFTER, "Seconds to wait before trying again."),
    (
        WWW_AUTHENTICATE,
        "The bearer challenge (RFC 6750 §3): `Bearer realm=\"seteli\"`, with \
         `error=\"invalid_token\"` when a token was sent and is not valid or its sign-in ended.",
    ),
    (
        ETAG,
        "A strong tag of this answer's bytes and language. Send it in If-None-Match to be told \
         304 while it is the same.",
    ),
    (
        VARY,
        "`Accept-Language`: the answer depends on the language asked for.",
    ),
    (
        IDEMPOTENT_REPLAYED,
        "`true` when this is the stored answer to an earlier request with the same \
         Idempotency-Key; absent on the first answer.",
    ),
    (LOCATION, "The address of what was created."),
    (CONTENT_DISPOSITION, "`attachment` with the file's name."),
];

const X_REQUEST_ID: &str = "X-Request-Id";
const CONTENT_LANGUAGE: &str = "Content-Language";
const CACHE_CONTROL: &str = "Cache-Control";
const RETRY_AFTER: &str = "Retry-After";
const WWW_AUTHENTICATE: &str = "WWW-Authenticate";
const ETAG: &str = "ETag";
const VARY: &str = "Vary";
const IDEMPOTENT_REPLAYED: &str = "Idempotent-Replayed";
const LOCATION: &str = "Location";
const CONTENT_DISPOSITION: &str = "Content-Disposition";

/// The component of one header: a string, but `Retry-After` (seconds) and `Content-Language`
/// (one of ours).
fn component(name: &str, description: &str) -> Header {
    let schema = match name {
        RETRY_AFTER => Object::builder()
            .schema_type(Type::Integer)
            .minimum(Some(0)),
        CONTENT_LANGUAGE => Object::builder()
            .schema_type(Type::String)
            .enum_values(Some(["fi", "sv", "en"])),
        _ => Object::builder().schema_type(Type::String),
    };
    HeaderBuilder::new()
        .schema(Some(schema.build()))
        .description(Some(description))
        .build()
}

/// Adds the 304 of every public read: its answer is cached, and a client that has it sends its
/// tag back.
pub(super) fn document_not_modified(doc: &mut utoipa::openapi::OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let Some(get) = item.get.as_mut() else {
            continue;
        };
        if crate::http_cache::max_age(path).is_some() {
            get.responses.responses.insert(
                "304".into(),
                RefOr::T(
                    ResponseBuilder::new()
                        .description(
                            "Not modified: the tag in If-None-Match is still this answer's. No body.",
                        )
                        .build(),
                ),
            );
        }
    }
}

/// Adds the headers as components and names them on every answer that carries them.
pub(super) fn document_headers(doc: &mut utoipa::openapi::OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    for (name, description) in HEADERS {
        components
            .headers
            .insert(name.to_string(), RefOr::T(component(name, description)));
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        let public = crate::http_cache::max_age(path).is_some();
        let operations = [
            (&mut item.get, public),
            (&mut item.put, false),
            (&mut item.post, false),
            (&mut item.delete, false),
            (&mut item.patch, false),
        ];
        for (op, public) in operations {
            if let Some(op) = op.as_mut() {
                document_operation(path, op, public);
            }
        }
    }
}

fn document_operation(path: &str, op: &mut Operation, public: bool) {
    let mut retried = false;
    for p in op.parameters.iter_mut().flatten() {
        let RefOr::T(p) = p else {
            continue;
        };
        if p.parameter_in == ParameterIn::Header
            && p.name.eq_ignore_ascii_case(crate::idempotency::HEADER)
        {
            retried = true;
            p.schema = Some(idempotency_key());
        }
    }
    for (status, response) in op.responses.responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        let status: u16 = status.parse().unwrap_or(0);
        let calendar = response.content.contains_key("text/calendar");
        let cached = public && matches!(status, 200 | 304);
        let carries = [
            (X_REQUEST_ID, true),
            (CONTENT_LANGUAGE, true),
            (CACHE_CONTROL, path.starts_with("/api/")),
            (RETRY_AFTER, matches!(status, 429 | 503)),
            (WWW_AUTHENTICATE, status == 401),
            (ETAG, cached),
            (VARY, cached),
            (IDEMPOTENT_REPLAYED, retried && (200..300).contains(&status)),
            (LOCATION, status == 201),
            (CONTENT_DISPOSITION, calendar && status == 200),
        ];
        for (name, _) in carries.iter().filter(|(_, carried)| *carried) {
            refer(response, name);
        }
    }
}

/// What an `Idempotency-Key` may be: 1 to 255 visible ASCII characters (a UUID will do).
fn idempotency_key() -> RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(crate::idempotency::MAX_KEY_LEN))
        .pattern(Some("^[!-~]+$"))
        .into()
}

fn refer(response: &mut Response, name: &str) {
    response.headers.insert(
        name.to_string(),
        RefOr::Ref(Ref::new(format!("#/components/headers/{name}"))),
    );
}
