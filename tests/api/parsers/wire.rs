//! What comes over the wire: `Accept-Language`, push endpoints, the socket's frames,
//! `Idempotency-Key` and one-line texts (see `parsers`).

use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT_LANGUAGE};
use actix_web::FromRequest;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};
use seteli::error::ErrorCode;
use seteli::events::{token_in_protocols, ClientFrame};
use seteli::i18n::{negotiate, Lang};
use seteli::idempotency::IdempotencyKey;
use seteli::input::Line;
use seteli::push::{endpoint, public_address};
use seteli::request::RequestMeta;
use seteli::text::{is_hidden, TextFault};

use super::{bytes, config, schema_valid, text, KEY_SCHEMA, LINE60_SCHEMA};

// ---- Accept-Language. Its value is a language, printed as its code: `negotiate(code)` is
// ---- that language again, in any case.

const OURS: &[(&str, Lang)] = &[
    ("fi", Lang::Fi),
    ("FI", Lang::Fi),
    ("fi-FI", Lang::Fi),
    ("sv", Lang::Sv),
    ("sv_FI", Lang::Sv),
    ("Sv-SE", Lang::Sv),
    ("en", Lang::En),
    ("en-GB", Lang::En),
    ("EN-us", Lang::En),
];
const FOREIGN: &[&str] = &["de", "fr-FR", "*", "x-klingon", "", "fin", "e", "svenska"];

/// An item of the header: its text, our language it names, and its weight in thousandths.
fn language_item() -> impl Strategy<Value = (String, Option<Lang>, u32)> {
    let tag = prop_oneof![
        prop::sample::select(OURS).prop_map(|(t, l)| (t.to_string(), Some(l))),
        prop::sample::select(FOREIGN).prop_map(|t| (t.to_string(), None)),
    ];
    let weight = prop_oneof![Just(None), (0u32..=1000).prop_map(Some)];
    (
        tag,
        weight,
        prop::sample::select(vec!["q", "Q"]),
        any::<bool>(),
    )
        .prop_map(|((tag, lang), weight, q, pad)| {
            let sp = if pad { " " } else { "" };
            match weight {
                None => (format!("{sp}{tag}"), lang, 1000),
                Some(w) => {
                    let text = format!("{sp}{tag}{sp};{sp}{q}={}.{:03}", w / 1000, w % 1000);
                    (text, lang, w)
                }
            }
        })
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn accept_language_never_panics_and_names_a_language_it_was_given(
        s in prop_oneof![text(40), "([a-zA-Z_*-]{0,6}(;[ ]?[qQ]=[0-9.a-z-]{0,6})?,?){0,4}"]
    ) {
        if let Some(lang) = negotiate(&s) {
            let named = s.split(',').any(|item| {
                let tag = item.split(';').next().unwrap_or("").trim();
                tag.split(['-', '_']).next().unwrap_or("").eq_ignore_ascii_case(lang.code())
            });
            prop_assert!(named, "{s:?} gave {lang:?}");
            prop_assert_eq!(negotiate(lang.code()), Some(lang));
        }
    }

    /// Through the middleware's reading of the raw header bytes.
    #[test]
    fn accept_language_bytes_never_panic(raw in bytes(64)) {
        if let Ok(value) = HeaderValue::from_bytes(&raw) {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT_LANGUAGE, value.clone());
            let meta = RequestMeta::of(&headers);
            prop_assert_eq!(meta.header_lang, value.to_str().ok().and_then(negotiate));
        }
    }

    /// The highest weight above 0 wins, the earlier one among equals; `*` and others name none.
    #[test]
    fn accept_language_picks_the_heaviest_of_ours(
        items in prop::collection::vec(language_item(), 0..6),
    ) {
        let header = items.iter().map(|(t, _, _)| t.as_str()).collect::<Vec<_>>().join(",");
        let mut expected: Option<(u32, Lang)> = None;
        for (_, lang, w) in &items {
            if let Some(lang) = lang {
                if *w > 0 && expected.is_none_or(|(best, _)| *w > best) {
                    expected = Some((*w, *lang));
                }
            }
        }
        prop_assert_eq!(negotiate(&header), expected.map(|(_, l)| l), "{:?}", header);
    }
}

#[test]
fn each_language_reads_back_from_its_code() {
    for lang in Lang::ALL {
        for code in [lang.code().to_string(), lang.code().to_ascii_uppercase()] {
            assert_eq!(negotiate(&code), Some(lang));
            assert_eq!(code.parse::<Lang>(), Ok(lang));
        }
        let json = serde_json::to_value(lang).unwrap();
        assert_eq!(json, json!(lang.code()));
        assert_eq!(serde_json::from_value::<Lang>(json).unwrap(), lang);
    }
}

// ---- Push endpoints. Normalising: the URL in `url`'s serialization (lower-case scheme and
// ---- host, an IPv4 address in dotted form, a path of at least `/`), which reads as itself.

fn ipv6() -> impl Strategy<Value = std::net::Ipv6Addr> {
    let first = prop::sample::select(vec![
        0u16, 0x64, 0x2001, 0x2002, 0x2a00, 0xfc00, 0xfd12, 0xfe80, 0xfec0, 0xff02,
    ]);
    prop_oneof![
        any::<u128>().prop_map(std::net::Ipv6Addr::from),
        (first, any::<u128>()).prop_map(|(f, rest)| {
            std::net::Ipv6Addr::from((u128::from(f) << 112) | (rest >> 16))
        }),
        any::<u32>().prop_map(|v4| std::net::Ipv4Addr::from(v4).to_ipv6_mapped()),
    ]
}

fn check_endpoint(s: &str, allow_loopback: bool) -> Result<(), TestCaseError> {
    if let Ok(url) = endpoint::parse(s, allow_loopback) {
        prop_assert!(url.scheme() == "https" || (allow_loopback && url.scheme() == "http"));
        prop_assert!(url.username().is_empty() && url.password().is_none());
        if let Some(ip) = endpoint::literal(&url) {
            prop_assert!(endpoint::allowed(ip, allow_loopback), "{s:?} reaches {ip}");
        }
        prop_assert!(url.host().is_some() && s.len() <= endpoint::MAX_LENGTH);
        prop_assert_eq!(endpoint::parse(url.as_str(), allow_loopback), Ok(url));
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn an_endpoint_never_panics_and_prints_its_canonical_form(
        s in prop_oneof![
            text(60),
            concat!(
                "(https?|HTTPS|ftp|data):(//)?([a-z]{1,4}(:[a-z]*)?@)?",
                "([a-z0-9.-]{0,16}|\\[[0-9a-f:.]{2,24}\\]|(0x)?[0-9.]{1,16})",
                "(:[0-9]{0,6})?(/[ -~]{0,16})?",
            ),
        ],
        allow_loopback in any::<bool>(),
    ) {
        check_endpoint(&s, allow_loopback)?;
    }

    /// Every way to write an IPv4 address names it, and only a public one is let in.
    #[test]
    fn an_endpoint_at_an_ipv4_address_is_judged_by_it(
        raw in any::<u32>(), form in 0usize..3, allow_loopback in any::<bool>(),
    ) {
        let ip = std::net::Ipv4Addr::from(raw);
        // Addresses inside a network or the host, by the ranges' own definitions.
        let [a, b, ..] = ip.octets();
        let inside = matches!(a, 0 | 10 | 127 | 224..)
            || (a, b) == (169, 254)
            || (a, b) == (192, 168)
            || (a == 172 && (16..32).contains(&b))
            || (a == 100 && (64..128).contains(&b));
        let host = match form {
            0 => ip.to_string(),
            1 => raw.to_string(),
            _ => format!("{raw:#x}"),
        };
        for scheme in ["https", "http"] {
            let s = format!("{scheme}://{host}:8443/push/1");
            check_endpoint(&s, allow_loopback)?;
            let ok = endpoint::parse(&s, allow_loopback).is_ok();
            let let_in = (scheme == "https" || allow_loopback)
                && endpoint::allowed(ip.into(), allow_loopback);
            prop_assert_eq!(ok, let_in, "{}", s);
            if inside && !(allow_loopback && a == 127) {
                prop_assert!(!ok, "{} reaches an inside address", s);
            }
            // An address needs no lookup: the full check says the same.
            prop_assert_eq!(endpoint::check(&s, allow_loopback).is_ok(), ok);
        }
    }

    #[test]
    fn an_endpoint_at_an_ipv6_address_is_judged_by_it(ip in ipv6()) {
        let s = format!("https://[{ip}]/push");
        check_endpoint(&s, false)?;
        prop_assert_eq!(endpoint::parse(&s, false).is_ok(), public_address(ip.into()), "{}", s);
        prop_assert_eq!(endpoint::check(&s, false).is_ok(), public_address(ip.into()));
    }

    #[test]
    fn a_plain_endpoint_reads_exactly(
        host in "[a-z][a-z0-9]{0,12}(\\.[a-z][a-z0-9-]{0,8}[a-z0-9]){1,2}",
        port in prop::option::of(1024u16..), path in "(/[A-Za-z0-9_~-]{1,12}){1,3}",
    ) {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        let s = format!("https://{host}{port}{path}");
        prop_assert_eq!(endpoint::parse(&s, false).map(String::from), Ok(s));
    }
}

// ---- The socket's frames. The app's frame is exact as values: what one reads, written again
// ---- as JSON, reads as the same token and `after`. The token subprotocol (`bearer.<token>`)
// ---- is exact.

fn frame_field() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!("auth")),
        Just(json!("Auth")),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e3f64..1e3).prop_map(Value::from),
        text(12).prop_map(Value::from),
        Just(json!([])),
        Just(json!({})),
    ]
}

fn read_frame(text: &str) -> Option<(String, Option<i64>)> {
    let ClientFrame::Auth { token, after } = serde_json::from_str(text).ok()?;
    Some((token, after))
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn a_frame_never_panics_and_reads_back_as_written(
        s in prop_oneof![
            text(40),
            r#"\{"type":"auth"(,"token":"[a-z.]{0,6}")?(,"after":-?[0-9.e]{1,4})?\}"#,
        ]
    ) {
        if let Some((token, after)) = read_frame(&s) {
            let written = json!({"type": "auth", "token": token, "after": after}).to_string();
            prop_assert_eq!(read_frame(&written), Some((token, after)));
        }
    }

    /// Exactly `type: auth`, a string `token` and an optional whole `after` read; anything
    /// more or other is refused.
    #[test]
    fn a_frame_reads_exactly_its_one_shape(
        fields in prop::collection::btree_map(
            prop::sample::select(vec!["type", "token", "after", "x"]), frame_field(), 0..5),
    ) {
        let frame = Value::Object(fields.iter().map(|(k, v)| (k.to_string(), v.clone())).collect());
        let token = fields.get("token").and_then(Value::as_str);
        let after = fields.get("after");
        let reads = fields.get("type") == Some(&json!("auth")) && token.is_some()
            && after.is_none_or(|a| a.is_null() || a.as_i64().is_some())
            && !fields.contains_key("x");
        let expected = reads.then(|| (token.unwrap().to_string(), after.and_then(Value::as_i64)));
        prop_assert_eq!(read_frame(&frame.to_string()), expected, "{}", frame);
    }

    #[test]
    fn the_token_subprotocol_never_panics_and_carries_the_token(
        offered in prop::collection::vec(prop_oneof![
            text(24),
            "[ ]?(seteli\\.v1|bearer\\.[a-z.]{0,5})(, ?bearer\\.[a-z]{0,3})?",
        ], 0..3),
        token in "[A-Za-z0-9._~+/=-]{1,40}", separate in any::<bool>(),
    ) {
        if let Some(found) = token_in_protocols(offered.iter().map(String::as_str)) {
            prop_assert!(!found.is_empty() && !found.contains(','));
            let offered_as = format!("bearer.{found}");
            let named = offered.iter().flat_map(|o| o.split(',')).any(|p| p.trim() == offered_as);
            prop_assert!(named, "{:?} gave {:?}", offered, found);
        }
        let sent = if separate {
            vec!["seteli.v1".to_string(), format!("bearer.{token}")]
        } else {
            vec![format!("seteli.v1, bearer.{token}")]
        };
        prop_assert_eq!(token_in_protocols(sent.iter().map(String::as_str)), Some(token.as_str()));
    }
}

// ---- `Idempotency-Key`: exact, 1 to 255 visible ASCII characters. One-line text (`Line<N>`):
// ---- normalising, its canonical form is the text trimmed.

/// Characters a name could hold, and those no line may.
fn line_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        1 => prop::sample::select(vec![
            ' ', '\t', '\n', '\r', '\0', '\u{85}', '\u{a0}', '\u{ad}', '\u{180e}', '\u{200b}',
            '\u{202e}', '\u{2028}', '\u{3000}', '\u{feff}', 'ä', 'Å', '🙂', '\u{1f}', '\u{7f}',
        ]),
        1 => any::<char>(),
    ]
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn an_idempotency_key_reads_exactly_what_was_sent(
        s in prop_oneof![text(20), "[!-~]{1,255}", "[!-~]{250,260}", "[ -~]{1,20}"]
    ) {
        let rule = (1..=255).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic());
        match IdempotencyKey::parse(&s) {
            Ok(key) => prop_assert_eq!(key.as_str(), Some(s.as_str())),
            Err(e) => prop_assert_eq!(e.code, ErrorCode::InvalidIdempotencyKey),
        }
        prop_assert_eq!(IdempotencyKey::parse(&s).is_ok(), rule);
        prop_assert_eq!(schema_valid(&KEY_SCHEMA, &s), rule, "the document differs on {:?}", s);
    }

    /// Through the extractor, from the raw header bytes.
    #[test]
    fn an_idempotency_key_header_never_panics(raw in bytes(300)) {
        if let Ok(value) = HeaderValue::from_bytes(&raw) {
            let req = actix_web::test::TestRequest::default()
                .insert_header((HeaderName::from_static("idempotency-key"), value))
                .to_http_request();
            let read = IdempotencyKey::extract(&req).into_inner();
            if let Ok(key) = read {
                prop_assert_eq!(key.as_str().map(str::as_bytes), Some(raw.as_slice()));
            }
        }
    }

    #[test]
    fn a_line_never_panics_and_prints_its_trimmed_form(
        s in prop_oneof![
            text(70),
            prop::collection::vec(line_char(), 0..70).prop_map(String::from_iter),
        ]
    ) {
        let line: Line<60> = serde_json::from_value(json!(s)).unwrap();
        prop_assert_eq!(serde_json::to_value(&line).unwrap(), json!(s));
        let count = s.chars().count();
        match line.checked() {
            Ok(checked) => {
                prop_assert_eq!(checked.as_str(), s.trim());
                prop_assert!((1..=60).contains(&checked.chars().count()));
                prop_assert!(!checked.chars().any(|c| c.is_control() || is_hidden(c)));
                prop_assert_eq!(Line::<60>::from(checked.as_str()).checked(), Ok(checked.clone()));
                // The document allows the trimmed form (the trimming is the server's).
                prop_assert!(schema_valid(&LINE60_SCHEMA, &checked), "{checked:?}");
                // And what was sent, ends and all: nothing the document refuses is taken.
                prop_assert!(schema_valid(&LINE60_SCHEMA, &s), "the document refuses {s:?}");
            }
            Err(fault) => {
                let expected = if count > 60 {
                    TextFault::TooLong { max: 60 }
                } else if s.trim().is_empty() {
                    TextFault::Missing
                } else {
                    TextFault::Characters
                };
                prop_assert_eq!(fault, expected);
                // What the server refuses the document refuses too.
                prop_assert!(!schema_valid(&LINE60_SCHEMA, &s), "the document allows {s:?}");
            }
        }
    }
}
