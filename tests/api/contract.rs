use crate::helpers::spawn_app;

#[test]
fn committed_openapi_matches_the_code() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .expect("openapi/openapi.json is committed");
    let generated = seteli::openapi_json();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `cargo run -- openapi > openapi/openapi.json`"
    );
}

/// Every `$ref` names a schema the document has: a client generated from it must not break.
#[test]
fn every_reference_of_the_document_resolves() {
    let committed = crate::conformance::document();
    assert_eq!(
        crate::conformance::unresolved_refs(committed),
        Vec::<String>::new()
    );
    let generated = serde_json::to_value(seteli::openapi()).unwrap();
    assert_eq!(
        crate::conformance::unresolved_refs(&generated),
        Vec::<String>::new()
    );
    // The check itself finds a missing one.
    let broken = serde_json::json!({"a": {"$ref": "#/components/schemas/Nowhere"}});
    assert_eq!(
        crate::conformance::unresolved_refs(&broken),
        ["#/components/schemas/Nowhere"]
    );
}

/// The document keeps one schema per name: two types of one name would overwrite each other, and
/// one of them would be documented as the other. Every handler's schemas, nested ones included,
/// must agree on what each name means.
#[test]
fn no_two_types_share_a_schema_name() {
    use std::collections::BTreeMap;
    let mut seen: BTreeMap<String, (String, &str)> = BTreeMap::new();
    let mut clashes = Vec::new();
    for (handler, schemas) in seteli::schemas_by_handler() {
        for (name, schema) in schemas {
            let text = serde_json::to_string(&schema).unwrap();
            match seen.get(&name) {
                Some((first, by)) if *first != text => {
                    clashes.push(format!("{name}: in {by} and in {handler}"))
                }
                Some(_) => {}
                None => {
                    seen.insert(name, (text, handler));
                }
            }
        }
    }
    assert!(
        clashes.is_empty(),
        "schema names used by two types: {clashes:#?}"
    );
    assert!(seen.contains_key("VoucherEventKind") && seen.contains_key("MandateEventKind"));
}

/// The check every test's answers go through fails on an answer the contract does not allow.
#[test]
#[should_panic(expected = "does not match the contract")]
fn an_answer_that_breaks_the_contract_fails_the_test() {
    crate::conformance::check(
        "GET",
        "/healthz",
        None,
        200,
        Some("application/json"),
        &[],
        br#"{"status": 7}"#,
    );
}

#[test]
#[should_panic(expected = "does not match the contract")]
fn a_member_the_contract_does_not_name_fails_the_test() {
    crate::conformance::check(
        "GET",
        "/healthz",
        None,
        200,
        Some("application/json"),
        &[],
        br#"{"status": "ok", "secret": "x"}"#,
    );
}

#[test]
#[should_panic(expected = "which the contract does not list")]
fn a_status_the_contract_does_not_list_fails_the_test() {
    crate::conformance::check(
        "GET",
        "/healthz",
        None,
        418,
        Some("application/json"),
        &[],
        b"{}",
    );
}

#[test]
#[should_panic(expected = "which the contract does not declare")]
fn a_header_the_contract_does_not_declare_fails_the_test() {
    crate::conformance::check(
        "GET",
        "/healthz",
        None,
        200,
        Some("application/json"),
        &["x-request-id", "content-language", "etag"],
        br#"{"status": "ok"}"#,
    );
}

#[test]
#[should_panic(expected = "which the contract does not list")]
fn a_status_the_contract_does_not_list_fails_a_head_too() {
    crate::conformance::check("HEAD", "/healthz", None, 304, None, &[], b"");
}

/// The headers the contract declares, it declares where the server sends them.
#[test]
fn the_document_declares_the_headers_where_they_are_sent() {
    let doc = crate::conformance::document();
    let response = |path: &str, method: &str, status: &str| {
        let r = &doc["paths"][path][method]["responses"][status];
        let headers: Vec<String> = r["headers"]
            .as_object()
            .map(|h| h.keys().cloned().collect())
            .unwrap_or_default();
        headers
    };
    let has = |headers: &[String], name: &str| headers.iter().any(|h| h == name);
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, _) in op["responses"].as_object().unwrap() {
                let headers = response(path, method, status);
                let at = format!("{method} {path} {status}");
                assert!(has(&headers, "X-Request-Id"), "{at}");
                assert!(has(&headers, "Content-Language"), "{at}");
                assert_eq!(
                    has(&headers, "Cache-Control"),
                    path.starts_with("/api/"),
                    "{at}"
                );
                let retry = ["429", "503"].contains(&status.as_str());
                assert_eq!(has(&headers, "Retry-After"), retry, "{at}");
                assert_eq!(has(&headers, "WWW-Authenticate"), status == "401", "{at}");
                assert_eq!(has(&headers, "Location"), status == "201", "{at}");
            }
        }
    }
    for op in [
        ("/api/v1/auth/token", "post"),
        ("/api/v1/auth/dev-login", "post"),
    ] {
        assert!(
            has(&response(op.0, op.1, "429"), "Retry-After"),
            "{op:?} can answer 429"
        );
    }
    let cached = response("/api/v1/providers/{provider_id}", "get", "200");
    for name in ["ETag", "Cache-Control", "Vary"] {
        assert!(has(&cached, name), "{name}");
    }
    let not_modified = response("/api/v1/providers/{provider_id}", "get", "304");
    assert!(has(&not_modified, "ETag"));
    assert!(response("/api/v1/me", "get", "304").is_empty());
    assert!(!has(&response("/api/v1/me", "get", "200"), "ETag"));
    let replayed = response("/api/v1/clients/{client_id}/intro-visits", "post", "201");
    assert!(has(&replayed, "Idempotent-Replayed"));
    let calendar = response(
        "/api/v1/clients/{client_id}/intro-visits/{visit_id}.ics",
        "get",
        "200",
    );
    assert!(has(&calendar, "Content-Disposition"));
    for name in crate::conformance::WATCHED_HEADERS {
        if *name != "allow" {
            let found = doc["components"]["headers"]
                .as_object()
                .unwrap()
                .keys()
                .any(|k| k.eq_ignore_ascii_case(name));
            assert!(found, "{name} has no component");
        }
    }
}

#[actix_web::test]
async fn the_document_is_served_and_the_docs_page_loads_nothing_from_the_internet() {
    let app = spawn_app().await;
    let served: serde_json::Value = app.get_json("/openapi.json").await;
    assert_eq!(served, serde_json::to_value(seteli::openapi()).unwrap());

    let page = app.get("/docs/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger"), "the docs page is Swagger UI");
    for needle in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(
            !html.contains(needle),
            "docs page loads {needle} from outside"
        );
    }
    let init = app.get("/docs/swagger-initializer.js").await;
    assert_eq!(init.status(), 200);
    assert!(init.text().await.unwrap().contains("/openapi.json"));
}

#[test]
fn every_error_code_has_a_title_and_detail_in_every_locale() {
    let l = seteli::i18n::Localizer::new().unwrap();
    for code in seteli::error::ErrorCode::ALL {
        for lang in seteli::i18n::Lang::ALL {
            let id = code.message_id();
            assert!(l.has(lang, &id), "{lang:?} lacks {id}");
            assert!(
                l.attr(lang, &id, "detail", &vec![]).is_some(),
                "{lang:?} lacks {id}.detail"
            );
        }
    }
    // Every action about a client's data is written in their access log, and read there.
    for action in seteli::access::Action::all().filter(|a| a.is_about_a_client()) {
        let id = seteli::access::Action::message_id(action.code());
        for lang in seteli::i18n::Lang::ALL {
            assert!(l.has(lang, &id), "{lang:?} lacks {id}");
        }
    }
}

/// No title or detail starts or ends with a space, whichever variant a selector picks.
#[test]
fn no_error_text_has_a_stray_space() {
    use seteli::i18n::ArgValue;
    let l = seteli::i18n::Localizer::new().unwrap();
    let text = |v: &str| ArgValue::Text(v.to_string());
    for variant in 0..2 {
        let pick = |a: &str, b: &str| text(if variant == 0 { a } else { b });
        let args: Vec<(&'static str, ArgValue)> = vec![
            ("field", text("reason")),
            (
                "max",
                ArgValue::Number(if variant == 0 { 1.0 } else { 500.0 }),
            ),
            ("min", ArgValue::Number(2.0)),
            ("service", text("rwa_basic")),
            ("unit", pick("hour", "day")),
            ("per", pick("session", "day")),
            ("form", pick("company", "other")),
            ("exception_max", pick("none", "7")),
            ("months", ArgValue::Number(4.0)),
            ("used", ArgValue::Number(3.0)),
            ("after", ArgValue::Number(12.0)),
            ("per_week", ArgValue::Number(2.0)),
            ("weeks", ArgValue::Number(10.0)),
            (
                "seconds",
                ArgValue::Number(if variant == 0 { 1.0 } else { 30.0 }),
            ),
            (
                "minutes",
                ArgValue::Number(if variant == 0 { 1.0 } else { 30.0 }),
            ),
            ("limit_kb", ArgValue::Number(16.0)),
            ("allow", text("GET, HEAD")),
            ("request_id", text("r-1")),
        ];
        for code in seteli::error::ErrorCode::ALL {
            for lang in seteli::i18n::Lang::ALL {
                let id = code.message_id();
                let title = l.text(lang, &id, &args);
                let detail = l.attr(lang, &id, "detail", &args).unwrap();
                for t in [&title, &detail] {
                    assert_eq!(t.trim(), t, "{lang:?} {id}: {t:?}");
                    assert!(!t.contains("  "), "{lang:?} {id}: {t:?}");
                }
            }
        }
    }
}

/// The three locales carry the same messages, attributes and variables, and the embedded file
/// list is exactly what is in locales/.
#[test]
fn locales_have_the_same_ids_and_variables() {
    use std::collections::BTreeMap;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
    let mut shapes: BTreeMap<&str, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for lang in ["fi", "sv", "en"] {
        let mut files: Vec<String> = std::fs::read_dir(format!("{dir}/{lang}"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        files.sort();
        let mut embedded: Vec<String> = seteli::i18n::LOCALE_FILES
            .iter()
            .map(|s| s.to_string())
            .collect();
        embedded.sort();
        assert_eq!(
            files, embedded,
            "locales/{lang} differs from the embedded list"
        );
        let mut shape = BTreeMap::new();
        for f in files {
            let text = std::fs::read_to_string(format!("{dir}/{lang}/{f}")).unwrap();
            let mut current: Option<String> = None;
            for line in text.lines() {
                let starts_entry = line
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '-');
                if starts_entry && line.contains('=') {
                    let id = line.split('=').next().unwrap().trim().to_string();
                    assert!(
                        shape.insert(id.clone(), Vec::new()).is_none(),
                        "{lang}: duplicate {id}"
                    );
                    current = Some(id);
                } else if line.trim_start().starts_with('.') {
                    let attr = line
                        .trim_start()
                        .split('=')
                        .next()
                        .unwrap()
                        .trim()
                        .to_string();
                    if let Some(id) = &current {
                        shape.get_mut(id).unwrap().push(format!("attr {attr}"));
                    }
                }
                if let Some(id) = &current {
                    let mut rest = line;
                    while let Some(pos) = rest.find("{ $") {
                        let tail = &rest[pos + 3..];
                        let end = tail
                            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .unwrap_or(tail.len());
                        shape
                            .get_mut(id)
                            .unwrap()
                            .push(format!("var {}", &tail[..end]));
                        rest = &tail[end..];
                    }
                }
            }
        }
        for v in shape.values_mut() {
            v.sort();
            v.dedup();
        }
        shapes.insert(lang, shape);
    }
    assert_eq!(shapes["fi"], shapes["sv"], "fi and sv differ");
    assert_eq!(shapes["fi"], shapes["en"], "fi and en differ");
}

/// Every operation has an id of its own that says what it does (`listIntroVisits`,
/// `getVoucher`): generated clients name their methods by it, and a document with two of one id
/// is not valid.
#[test]
fn every_operation_has_a_unique_meaningful_id() {
    let doc = seteli::openapi();
    let mut seen = std::collections::BTreeSet::new();
    for (path, item) in &doc.paths.paths {
        let ops = [&item.get, &item.put, &item.post, &item.delete, &item.patch];
        for op in ops.into_iter().flatten() {
            let id = op.operation_id.clone().unwrap_or_default();
            assert!(
                id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && id.chars().all(|c| c.is_ascii_alphanumeric())
                    && id.chars().any(|c| c.is_ascii_uppercase()),
                "{path}: `{id}` is not a verb and an object in camelCase"
            );
            assert!(seen.insert(id.clone()), "{path}: `{id}` is used twice");
        }
    }
}

/// JSON has one kind of number, and JSON Schema counts `2.0` as an integer: a client that
/// writes a whole number so is read as meaning it.
#[actix_web::test]
async fn a_whole_number_written_with_a_point_is_that_number() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Aino").await;
    let worker = app
        .new_with_role(seteli::persons::Role::Caseworker, Some("heinola"), "Helena")
        .await;
    let today = seteli::clock::helsinki_date(seteli::clock::Clock::now(&app.clock));
    let res = app
        .post_auth(
            "/api/v1/caseworker/vouchers",
            &worker.token,
            &serde_json::json!({
                "client_id": client.id, "service": "rwa_basic",
                "decision_date": today.to_string(), "valid_from": today.to_string(),
                "valid_until": seteli::rulebooks::last_day_of(today, 6).to_string(),
                "granted_units": 50.0, "per_week": 2.0, "hours_per_day": 5.0,
            }),
        )
        .await;
    let voucher = crate::helpers::json_of(res, 201).await;
    assert_eq!(voucher["units"]["granted"], 50);
    assert_eq!(voucher["weekly_terms"]["per_week"], 2);
    // A number that is not whole is still not an integer.
    let res = app
        .post_auth(
            "/api/v1/caseworker/vouchers",
            &worker.token,
            &serde_json::json!({
                "client_id": client.id, "service": "rwa_basic",
                "decision_date": today.to_string(), "valid_from": today.to_string(),
                "valid_until": seteli::rulebooks::last_day_of(today, 6).to_string(),
                "granted_units": 50, "per_week": 2.5, "hours_per_day": 5,
            }),
        )
        .await;
    let problem = crate::helpers::json_of(res, 400).await;
    assert_eq!(problem["field"], "per_week");
    // An inbox request that names nothing marks nothing.
    let res = app
        .post_auth(
            "/api/v1/me/notifications/read",
            &client.token,
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(
        crate::helpers::json_of(res, 200).await["unread"],
        0,
        "a body that names nothing marks nothing"
    );
}

/// Found by schemathesis: serde reads a struct from an array of its fields in order, so
/// `[null, null]` set a caseworker's work contact. Every body is an object.
#[actix_web::test]
async fn a_body_that_is_not_an_object_is_refused() {
    let app = spawn_app().await;
    let worker = app
        .new_with_role(seteli::persons::Role::Caseworker, Some("heinola"), "Helena")
        .await;
    for body in [
        serde_json::json!([null, null]),
        serde_json::json!(["0401234567", "helena@heinola.fi"]),
        serde_json::json!(null),
        serde_json::json!("x"),
    ] {
        let res = app
            .send(
                reqwest::Method::PUT,
                "/api/v1/me/work-contact",
                &worker.token,
                Some(&body),
            )
            .await;
        assert_eq!(res.status(), 400, "{body}");
    }
}

/// The website pattern the document gives is the one the server checks: schemathesis found a
/// host of control characters that the document allowed and the server refused.
#[test]
fn the_website_pattern_is_the_servers() {
    let doc = serde_json::to_value(seteli::openapi()).unwrap();
    let website = &doc["components"]["schemas"]["RegisterProvider"]["properties"]["website"];
    assert_eq!(website["pattern"], seteli::contact::WEBSITE_PATTERN);
}
