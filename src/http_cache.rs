//! What a cache may keep, and the language every answer says it is in.
//!
//! A few reads are the same for everyone who asks in one language: a provider's profile, its
//! intro-visit slots, a municipality's rulebooks, the OpenAPI document. Their successful
//! answers may be kept by any cache for a short while (`Cache-Control: public, max-age`), carry a
//! strong `ETag` of their bytes and language, vary by `Accept-Language`, and answer a request
//! whose `If-None-Match` names their tag with `304 Not Modified`. Everything else under `/api/`
//! is personal data or tokens: `no-store` (RFC 6749 §5.1 asks it for tokens).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::HttpResponse;

use crate::i18n::Lang;

/// A route whose successful GET any cache may keep, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Public {
    /// The route's template, as the route table writes it.
    pub route: &'static str,
    /// Seconds a cache may serve it without asking again.
    pub max_age: u32,
}

/// The one list of public, cacheable reads. A route not named here is never cached.
///
/// A profile or a rulebook changes seldom and by a person's hand: five minutes late is harmless,
/// and after that a cache asks again and mostly gets a 304. Slots fill as people book, so a
/// minute at most; a booking checks the free places anyway. The document changes only with a
/// release.
pub const PUBLIC: &[Public] = &[
    Public {
        route: "/api/v1/providers/{provider_id}",
        max_age: 300,
    },
    Public {
        route: "/api/v1/providers/{provider_id}/intro-slots",
        max_age: 60,
    },
    Public {
        route: "/api/v1/municipalities/{municipality}/rulebooks",
        max_age: 300,
    },
    Public {
        route: "/openapi.json",
        max_age: 300,
    },
];

/// How long a cache may keep a successful GET of `route` (a template), if it may keep it at all.
pub fn max_age(route: &str) -> Option<u32> {
    PUBLIC.iter().find(|p| p.route == route).map(|p| p.max_age)
}

/// The strong entity tag of an answer: a digest of its language and its bytes, quoted.
pub fn etag(body: &[u8], lang: Lang) -> String {
    let mut input = Vec::with_capacity(body.len() + 3);
    input.extend_from_slice(lang.code().as_bytes());
    input.push(b'\n');
    input.extend_from_slice(body);
    let digest = crate::digest::sha256_hex_of(&input);
    format!("\"{}\"", &digest[..32])
}

/// Whether `If-None-Match` (its values, each a list of tags or `*`) names `etag`, compared
/// weakly as RFC 9110 §13.1.2 asks: `W/"x"` and `"x"` are the same tag. A value that does not
/// parse names nothing.
pub fn none_match<'a>(values: impl IntoIterator<Item = &'a str>, etag: &str) -> bool {
    let ours = opaque(etag);
    values.into_iter().any(|value| {
        if value.trim() == "*" {
            return true;
        }
        tags(value).is_some_and(|tags| tags.iter().any(|t| Some(*t) == ours))
    })
}

/// The quoted part of a tag, without a weak prefix: `W/"x"` and `"x"` are both `"x"`. None
/// unless it is a tag (RFC 9110 §8.8.3: visible characters but `"`, in quotes).
fn opaque(tag: &str) -> Option<&str> {
    let tag = tag.trim();
    let tag = tag.strip_prefix("W/").unwrap_or(tag);
    let inner = tag.strip_prefix('"')?.strip_suffix('"')?;
    inner
        .bytes()
        .all(|b| b == 0x21 || (0x23..=0x7e).contains(&b) || b >= 0x80)
        .then_some(tag)
}

/// The tags of a list such as `"a", W/"b"`: each opaque tag in its quotes, or None if the list
/// does not parse. A tag may hold a comma, so the list is read tag by tag, not split on commas.
fn tags(list: &str) -> Option<Vec<&str>> {
    let mut found = Vec::new();
    let mut rest = list.trim_start_matches([' ', '\t', ',']);
    while !rest.is_empty() {
        let start = usize::from(rest.starts_with("W/")) * 2;
        let body = rest.get(start..)?.strip_prefix('"')?;
        let end = start + 2 + body.find('"')?;
        found.push(opaque(&rest[..end])?);
        rest = rest[end..].trim_start_matches([' ', '\t']);
        if !rest.is_empty() {
            rest = rest.strip_prefix(',')?.trim_start_matches([' ', '\t', ',']);
        }
    }
    Some(found)
}

/// The OpenAPI document and its page are written in English, whatever the caller asked.
fn in_english(path: &str) -> bool {
    path == "/openapi.json" || path.starts_with("/docs/")
}

/// Finishes an answer: says its language (`Content-Language`, unless it says so already), and
/// what a cache may do with it. A public read of `PUBLIC` that succeeded gets its tag, age and
/// `Vary`, or becomes a 304 when the request's `If-None-Match` names its tag; any other answer
/// under `/api/` gets `no-store`. `lang` is the language the request negotiated.
pub fn finish(res: ServiceResponse<BoxBody>, lang: Lang) -> ServiceResponse<BoxBody> {
    let req = res.request();
    let lang = if res.status().is_success() && in_english(req.path()) {
        Lang::En
    } else {
        lang
    };
    let is_api = req.path().starts_with("/api/");
    // HEAD arrives here as GET (the middleware serves it so).
    let public = (req.method() == Method::GET && res.status() == StatusCode::OK)
        .then(|| req.match_pattern())
        .flatten()
        .and_then(|route| max_age(&route));
    let mut res = match public {
        Some(seconds) => cacheable(res, lang, seconds),
        None => res,
    };
    let headers = res.headers_mut();
    if !headers.contains_key(header::CONTENT_LANGUAGE) {
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
    }
    if public.is_none() && is_api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// A public answer with its validators; a 304 with the same ones when the client has it already.
fn cacheable(res: ServiceResponse<BoxBody>, lang: Lang, max_age: u32) -> ServiceResponse<BoxBody> {
    let (req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let bytes = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        // A streamed body has no tag we could compute up front: it is sent as it is, uncached.
        Err(body) => {
            let mut res = head.set_body(body);
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            return ServiceResponse::new(req, res);
        }
    };
    let tag = etag(&bytes, lang);
    let mut validators = HeaderMap::new();
    let mut put = |name, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            validators.insert(name, value);
        }
    };
    put(header::ETAG, tag.clone());
    put(header::CACHE_CONTROL, format!("public, max-age={max_age}"));
    put(header::VARY, "Accept-Language".into());
    put(header::CONTENT_LANGUAGE, lang.code().into());
    let asked = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok());
    let mut res = if none_match(asked, &tag) {
        HttpResponse::NotModified().finish()
    } else {
        head.set_body(BoxBody::new(bytes))
    };
    for (name, value) in validators.iter() {
        res.headers_mut().insert(name.clone(), value.clone());
    }
    ServiceResponse::new(req, res)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAG: &str = "\"abc\"";

    #[test]
    fn a_tag_is_strong_and_follows_the_bytes_and_the_language() {
        let fi = etag(b"{}", Lang::Fi);
        assert!(
            fi.starts_with('"') && fi.ends_with('"') && fi.len() == 34,
            "{fi}"
        );
        assert_eq!(fi, etag(b"{}", Lang::Fi));
        assert_ne!(fi, etag(b"{}", Lang::Sv));
        assert_ne!(fi, etag(b"[]", Lang::Fi));
    }

    #[test]
    fn if_none_match_compares_weakly_and_reads_lists() {
        for value in [
            TAG,
            "W/\"abc\"",
            "\"x\", \"abc\"",
            "\"x\",W/\"abc\"",
            " \"abc\" ",
            "*",
            "\"a,b\", \"abc\"",
        ] {
            assert!(none_match([value], TAG), "{value}");
        }
        assert!(none_match([TAG], "W/\"abc\""));
        assert!(none_match(["\"x\"", TAG], TAG), "one of several fields");
        for value in [
            "",
            "\"abcd\"",
            "abc",
            "\"abc",
            "w/\"abc\"",
            "\"x\" \"abc\"",
            "\"a,b\"",
            "**",
        ] {
            assert!(!none_match([value], TAG), "{value}");
        }
        assert!(!none_match(Vec::<&str>::new(), TAG));
    }

    #[test]
    fn only_the_listed_public_reads_are_cached() {
        assert_eq!(max_age("/api/v1/providers/{provider_id}"), Some(300));
        assert_eq!(
            max_age("/api/v1/providers/{provider_id}/intro-slots"),
            Some(60)
        );
        assert_eq!(
            max_age("/api/v1/municipalities/{municipality}/rulebooks"),
            Some(300)
        );
        assert_eq!(max_age("/openapi.json"), Some(300));
        for personal in [
            "/api/v1/me",
            "/api/v1/clients/{client_id}",
            "/api/v1/clients/{client_id}/vouchers",
            "/api/v1/auth/token",
            "/api/v1/providers/{provider_id}/",
            "/api/v1/providers/kipina",
            "/healthz",
        ] {
            assert_eq!(max_age(personal), None, "{personal}");
        }
    }
}
