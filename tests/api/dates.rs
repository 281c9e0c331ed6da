//! Every date a person sends is bounded before any arithmetic. Read from the document: every
//! date and instant field of every request body and query is sent with dates far out of the
//! window and just outside it, and each answer is a 4xx that names the field, never a 5xx, on
//! either database; the window's own first and last days are read as dates.

use reqwest::Method;
use serde_json::{json, Map, Value};

use crate::helpers::{json_of, spawn_app, TestApp};

const FAR_DATES: &[&str] = &[
    "+262142-12-31",
    "-262143-01-01",
    "0000-01-01",
    "1999-12-31",
    "2101-01-01",
    "3000-01-01",
    "9999-12-31",
];
const FAR_INSTANTS: &[&str] = &[
    "+262142-12-31T23:59:59Z",
    "1999-12-31T23:59:59Z",
    "2101-01-01T00:00:00Z",
    "3000-01-01T09:00:00Z",
    "9999-12-31T23:59:59+02:00",
];

fn document() -> Value {
    serde_json::from_str(&seteli::openapi_json()).unwrap()
}

/// The schema itself, where `schema` refers to it.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => resolve(
            doc,
            &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
        ),
        None => schema,
    }
}

/// The shapes a schema may take: each of a `oneOf`, or itself.
fn shapes<'a>(doc: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    let schema = resolve(doc, schema);
    match schema["oneOf"].as_array() {
        Some(all) => all
            .iter()
            .map(|s| resolve(doc, s))
            .filter(|s| s["type"] != "null")
            .collect(),
        None => vec![schema],
    }
}

/// A value of the schema's type that reads, whatever the rules say of it after.
fn sample(doc: &Value, schema: &Value) -> Value {
    let schema = shapes(doc, schema)[0];
    if let Some(values) = schema["enum"].as_array() {
        return values[0].clone();
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds.iter().find(|k| *k != "null").cloned(),
        kind => Some(kind.clone()),
    };
    match (
        kind.as_ref().and_then(Value::as_str),
        schema["format"].as_str(),
    ) {
        (Some("string"), Some("date")) => json!("2026-03-02"),
        (Some("string"), Some("date-time")) => json!("2026-03-03T09:00:00Z"),
        (Some("string"), Some("uuid")) => json!(uuid::Uuid::now_v7().to_string()),
        (Some("string"), _) => json!("x"),
        (Some("integer"), _) => json!(1),
        (Some("number"), _) => json!(61.2),
        (Some("boolean"), _) => json!(true),
        (Some("array"), _) => json!([sample(doc, &schema["items"])]),
        _ => {
            let mut object = Map::new();
            for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                object.insert(name.clone(), sample(doc, property));
            }
            Value::Object(object)
        }
    }
}

/// Every date or instant field of the schema: its path and whether it is an instant.
fn dates(doc: &Value, schema: &Value, at: &[String], out: &mut Vec<(Vec<String>, bool)>) {
    for shape in shapes(doc, schema) {
        match shape["format"].as_str() {
            Some("date") => out.push((at.to_vec(), false)),
            Some("date-time") => out.push((at.to_vec(), true)),
            _ => {}
        }
        for (name, property) in shape["properties"].as_object().into_iter().flatten() {
            let mut path = at.to_vec();
            path.push(name.clone());
            dates(doc, property, &path, out);
        }
    }
}

fn set(body: &mut Value, path: &[String], value: &str) {
    let (last, parents) = path.split_last().unwrap();
    let mut at = body;
    for name in parents {
        if !at[name].is_object() {
            at[name] = json!({});
        }
        at = &mut at[name];
    }
    at[last] = json!(value);
}

/// The path with each parameter filled: `me` for a client, a fresh id for anything else.
fn fill(template: &str) -> String {
    template
        .split('/')
        .map(|part| match part {
            "{client_id}" => "me".to_string(),
            p if p.starts_with('{') => p.replace(
                &p[..=p.find('}').unwrap()],
                &uuid::Uuid::now_v7().to_string(),
            ),
            p => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn send(app: &TestApp, method: &str, path: &str, token: &str, body: Value) -> (u16, Value) {
    let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap();
    let res = app.send(method, path, token, Some(&body)).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[actix_web::test]
async fn every_date_a_person_sends_is_bounded_before_any_rule_sees_it() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Aino Asiakas").await;
    let doc = document();
    let mut tried = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let content = &op["requestBody"]["content"]["application/json"]["schema"];
            if content.is_null() {
                continue;
            }
            for shape in shapes(&doc, content) {
                let mut fields = Vec::new();
                dates(&doc, shape, &[], &mut fields);
                for (path, instant) in fields {
                    let far = if instant { FAR_INSTANTS } else { FAR_DATES };
                    for value in far {
                        let mut body = sample(&doc, shape);
                        set(&mut body, &path, value);
                        let (status, problem) =
                            send(&app, method, &fill(template), &client.token, body).await;
                        let field = path.join(".");
                        let what = format!("{method} {template} {field}={value}: {problem}");
                        assert!(
                            ["date.out_of_range", "date.invalid"]
                                .contains(&problem["code"].as_str().unwrap_or_default()),
                            "{what}"
                        );
                        assert!((400..500).contains(&status), "{what}");
                        assert_eq!(problem["field"], json!(field), "{what}");
                        tried += 1;
                    }
                    // The window's own first and last days read as dates.
                    for value in ["2000-01-01", "2100-12-31"] {
                        let value = if instant {
                            format!("{value}T12:00:00Z")
                        } else {
                            value.to_string()
                        };
                        let mut body = sample(&doc, shape);
                        set(&mut body, &path, &value);
                        let (status, problem) =
                            send(&app, method, &fill(template), &client.token, body).await;
                        assert!(status < 500, "{method} {template}: {problem}");
                        assert!(
                            !problem["code"]
                                .as_str()
                                .unwrap_or_default()
                                .starts_with("date."),
                            "{method} {template} {value}: {problem}"
                        );
                    }
                }
            }
        }
    }
    // Vouchers, anchors, mandates, slots, agreements and queue offers all send dates.
    assert!(tried > 100, "only {tried} dates were tried");
}

/// A slot far ahead could once be stored, and then every list of the provider's open slots
/// failed on PostgreSQL; a date far out in a voucher's anchors failed in the holiday count. Both
/// are refused at the door now, and the lists answer.
#[actix_web::test]
async fn far_dates_are_refused_before_they_reach_a_slot_or_a_clock() {
    let app = spawn_app().await;
    {
        let mut conn = app.state.db.get().unwrap();
        seteli::demo::seed(&mut conn, seteli::clock::Clock::now(&app.clock)).unwrap();
    }
    let login = |persona: &'static str| {
        let app = &app;
        async move {
            let res = app
                .post_json("/api/v1/auth/dev-login", &json!({ "persona": persona }))
                .await;
            json_of(res, 200).await["access_token"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let staff = login("staff-heinola").await;
    let site = "0190a000-0000-7000-8000-0000000000d1";
    for (starts, status, code) in [
        ("3000-01-01T09:00:00Z", 422, "date.out_of_range"),
        ("+262142-12-31T09:00:00Z", 400, "date.invalid"),
        ("2100-12-31T09:00:00Z", 422, "slot.too_far"),
    ] {
        let res = app
            .post_auth(
                "/api/v1/provider/intro-slots",
                &staff,
                &json!({"site_id": site, "service": "rwa_basic", "starts_at": starts,
                        "ends_at": starts.replace("T09", "T10"), "capacity": 2,
                        "languages": ["fi"]}),
            )
            .await;
        assert_eq!(json_of(res, status).await["code"], code, "{starts}");
    }
    let res = app
        .get("/api/v1/providers/0190a000-0000-7000-8000-000000000001/intro-slots")
        .await;
    assert_eq!(res.status(), 200);

    let caseworker = login("caseworker-heinola").await;
    let res = app
        .patch_auth(
            "/api/v1/caseworker/vouchers/0190a000-0000-7000-8000-0000000000a2",
            &caseworker,
            &json!({"op": "set_anchors", "group_starts_on": "+262142-12-31"}),
        )
        .await;
    let problem = json_of(res, 422).await;
    assert_eq!(problem["code"], "date.out_of_range");
    assert_eq!(problem["field"], "group_starts_on");
    let client = login("client-heinola").await;
    let res = app.get_auth("/api/v1/clients/me/vouchers", &client).await;
    assert_eq!(res.status(), 200);
}
