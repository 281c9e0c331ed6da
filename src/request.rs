//! What the middleware works out about a request before any handler runs: its id and the
//! language `Accept-Language` asked for. Handlers and extractors read it from the request.

use actix_web::{HttpMessage, HttpRequest};

use crate::i18n::{self, Lang};

/// The most header bytes (names and values) a request may send, and the most headers. Ours are
/// below actix's own (128 KiB, 96 headers), whose 431 has no body: a client's oversized header
/// gets a problem in its language from us, not a bare status.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
pub const MAX_HEADERS: usize = 64;

/// Per-request facts the middleware works out before the handler runs.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub request_id: String,
    /// The language `Accept-Language` asked for, if it named one of ours.
    pub header_lang: Option<Lang>,
}

impl RequestMeta {
    /// The request's id (a caller's own, when short and plain, so logs can be joined across
    /// hops) and the language its `Accept-Language` header names.
    pub fn of(headers: &actix_web::http::header::HeaderMap) -> RequestMeta {
        let request_id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .filter(|v| {
                !v.is_empty()
                    && v.len() <= 64
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
            .map(str::to_string)
            .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
        RequestMeta {
            request_id,
            header_lang: headers
                .get(actix_web::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(i18n::negotiate),
        }
    }

    /// The language of the answer's texts: the one `Accept-Language` asked for, else the
    /// signed-in person's own choice (left on `req` once they are known), else Finnish.
    pub fn answer_lang(&self, req: &HttpRequest) -> Lang {
        self.header_lang
            .or_else(|| req.extensions().get::<PersonLang>().map(|p| p.0))
            .unwrap_or_default()
    }

    /// What the middleware left on `req` (empty for a request it never saw).
    pub fn from_request(req: &HttpRequest) -> RequestMeta {
        req.extensions()
            .get::<RequestMeta>()
            .cloned()
            .unwrap_or_default()
    }
}

/// The signed-in person's own choice of language, left on the request for the error renderer.
#[derive(Debug, Clone, Copy)]
pub struct PersonLang(pub Lang);

/// The language for a request that has no signed-in person.
pub fn request_lang(req: &HttpRequest) -> Lang {
    req.extensions()
        .get::<RequestMeta>()
        .and_then(|m| m.header_lang)
        .unwrap_or_default()
}
