//! The authorization matrix: every route of the OpenAPI document, every method, against every
//! kind of caller. The route list comes from the document, so a new route without a row fails
//! this test.
//!
//! To add a route: add one [`Row`] to [`rows`] — method, path template, the scope a helper needs,
//! how to build a valid request, and the expected status for each caller in [`CALLERS`] order.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use reqwest::Method;
use serde_json::{json, Value};
use seteli::clock::Clock;
use seteli::mandates::Scope;
use seteli::persons::Role;

use crate::helpers::{random_test_code, spawn_app, Person, TestApp};

/// Who calls. Every helper (`Proxy*`) holds a mandate from the client in the named state; the
/// ones in force hold every scope but the one they are named without.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Caller {
    /// No token at all.
    Anonymous,
    /// The client themself.
    Client,
    /// A helper whose mandate is in force and carries the scope the route needs.
    ProxyWithScope,
    /// A helper whose mandate is in force but lacks that scope.
    ProxyWithoutScope,
    ProxyPending,
    ProxyRejected,
    ProxyRevoked,
    ProxyExpired,
    ProxyNotYetValid,
    /// Another client of the same municipality.
    OtherClient,
    /// Staff of the provider whose site the provider routes name; no relation to the client.
    OwnStaff,
    /// Staff of another provider, with no relation to the client.
    UnrelatedStaff,
    /// A caseworker of the client's municipality.
    Caseworker,
    /// A caseworker of another municipality.
    OtherCaseworker,
}

use Caller::*;

pub const CALLERS: [Caller; 14] = [
    Anonymous,
    Client,
    ProxyWithScope,
    ProxyWithoutScope,
    ProxyPending,
    ProxyRejected,
    ProxyRevoked,
    ProxyExpired,
    ProxyNotYetValid,
    OtherClient,
    OwnStaff,
    UnrelatedStaff,
    Caseworker,
    OtherCaseworker,
];

/// A request to send: the path with every parameter filled in, and a body.
pub struct Req {
    pub path: String,
    pub body: Option<Value>,
}

/// One route of the table.
pub struct Row {
    pub method: Method,
    /// The template exactly as in the OpenAPI document.
    pub path: &'static str,
    /// The scope a helper's mandate must carry; `None` when no helper may use the route.
    pub proxy_scope: Option<Scope>,
    /// A valid request. Called once per caller, so a route that changes something can make a
    /// fresh target each time.
    pub build: fn(&World) -> Req,
    /// The route ends the caller's session: each caller sends it with a session of its own.
    pub ends_session: bool,
    /// The expected status per caller, in [`CALLERS`] order.
    pub expect: [u16; 14],
}

fn row(
    method: Method,
    path: &'static str,
    proxy_scope: Option<Scope>,
    build: fn(&World) -> Req,
    expect: [u16; 14],
) -> Row {
    Row {
        method,
        path,
        proxy_scope,
        build,
        ends_session: false,
        expect,
    }
}

// Columns of the table: anonymous, client, proxy+scope, proxy-scope, pending, rejected, revoked,
// expired, not-yet-valid, other client, own staff, unrelated staff, caseworker, other
// municipality's caseworker.

/// Whoever signed in.
const SIGNED_IN: [u16; 14] = [
    401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
];
/// The client alone: what is theirs is nobody else's to find.
const CLIENT_ONLY: [u16; 14] = [
    401, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404,
];
/// Anyone, signed in or not.
const ANYONE: [u16; 14] = [200; 14];
/// The client, a helper with the scope, the client's caseworker.
const CLIENT_HELPER_CASEWORKER: [u16; 14] = [
    401, 200, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404,
];
/// The client and their caseworker.
const CLIENT_CASEWORKER: [u16; 14] = [
    401, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404,
];
/// The client's caseworker; others are no caseworker at all (403) or not this client's (404).
const CASEWORKER_ONLY: [u16; 14] = [
    401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404,
];
/// The client's caseworker; to anyone else the target does not exist.
const CASEWORKER_OF_CLIENT: [u16; 14] = [
    401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404,
];
/// Any caseworker, each for their own municipality.
const ANY_CASEWORKER: [u16; 14] = [
    401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200,
];
/// The client, a helper with the scope, the client's caseworker, and the staff of the provider
/// that serves the client.
const CLIENT_HELPER_CASEWORKER_STAFF: [u16; 14] = [
    401, 200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200, 404,
];
/// The client, a helper with the scope, and the staff of the provider that serves the client: a
/// chat thread's people (the city's caseworkers have a thread of their own).
const CLIENT_HELPER_STAFF: [u16; 14] = [
    401, 200, 200, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404, 404,
];
/// The client and a helper with the scope.
const CLIENT_HELPER: [u16; 14] = [
    401, 200, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404,
];
/// Any provider's staff, each for their own organisation.
const ANY_STAFF: [u16; 14] = [
    401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403,
];
/// Staff of the provider that serves the client; other staff find nothing, anyone else is no
/// staff at all.
const SERVING_STAFF: [u16; 14] = [
    401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403,
];
/// Staff of the provider; other staff find nothing, anyone else is no staff at all.
const OWN_STAFF: [u16; 14] = [
    401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403,
];

fn with_status(mut expect: [u16; 14], ok: u16) -> [u16; 14] {
    for e in expect.iter_mut().filter(|e| **e == 200) {
        *e = ok;
    }
    expect
}

/// The table, in the order it runs.
fn rows() -> Vec<Row> {
    let get = Method::GET;
    let post = Method::POST;
    let put = Method::PUT;
    let view = Some(Scope::View);
    vec![
        // Operations and public reading.
        row(
            get.clone(),
            "/healthz",
            None,
            |_| Req::at("/healthz"),
            ANYONE,
        ),
        row(get.clone(), "/readyz", None, |_| Req::at("/readyz"), ANYONE),
        row(
            get.clone(),
            "/api/v1/municipalities/{municipality}/rulebooks",
            None,
            |_| Req::at("/api/v1/municipalities/heinola/rulebooks"),
            ANYONE,
        ),
        row(
            put.clone(),
            "/api/v1/me/work-contact",
            None,
            |_| Req {
                path: "/api/v1/me/work-contact".into(),
                body: Some(json!({"phone": "044 000 0101", "email": "work@heinola.example"})),
            },
            ANY_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/providers/{provider_id}",
            None,
            |w| Req::at(&format!("/api/v1/providers/{}", w.provider_id)),
            ANYONE,
        ),
        // Signing in.
        row(
            post.clone(),
            "/api/v1/auth/token",
            None,
            |w| Req {
                path: "/api/v1/auth/token".into(),
                body: Some(json!({
                    "grant_type": "id_token",
                    "id_token": w.app.sign_id_token(&w.app.id_claims(&random_test_code(), "New"), None),
                })),
            },
            ANYONE,
        ),
        row(
            get.clone(),
            "/api/v1/auth/dev-personas",
            None,
            |_| Req::at("/api/v1/auth/dev-personas"),
            ANYONE,
        ),
        // No persona is seeded in tests: the same answer whoever asks.
        row(
            post.clone(),
            "/api/v1/auth/dev-login",
            None,
            |_| Req {
                path: "/api/v1/auth/dev-login".into(),
                body: Some(json!({"persona": "client-heinola"})),
            },
            [422; 14],
        ),
        // The signed-in person's own.
        row(
            get.clone(),
            "/api/v1/me",
            None,
            |_| Req::at("/api/v1/me"),
            SIGNED_IN,
        ),
        row(
            put.clone(),
            "/api/v1/me/language",
            None,
            |_| Req {
                path: "/api/v1/me/language".into(),
                body: Some(json!({"language": "fi"})),
            },
            with_status(SIGNED_IN, 204),
        ),
        row(
            get.clone(),
            "/api/v1/me/mandates",
            None,
            |_| Req::at("/api/v1/me/mandates"),
            SIGNED_IN,
        ),
        // The helper's own step: only the helper the mandate names.
        row(
            post.clone(),
            "/api/v1/me/mandates/{mandate_id}/decline",
            None,
            |w| {
                let id = w.fresh_mandate(Some(ProxyPending), false);
                Req::post(&format!("/api/v1/me/mandates/{id}/decline"))
            },
            [
                401, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404,
            ],
        ),
        row(
            post.clone(),
            "/api/v1/me/mandates/{mandate_id}/renounce",
            None,
            |w| {
                let id = w.fresh_mandate(Some(ProxyWithScope), true);
                Req::post(&format!("/api/v1/me/mandates/{id}/renounce"))
            },
            [
                401, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404,
            ],
        ),
        // A client's data.
        row(
            get.clone(),
            "/api/v1/clients/{client_id}",
            view,
            |w| w.get("/api/v1/clients/{client_id}"),
            CLIENT_HELPER_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/access-log",
            None,
            |w| w.get("/api/v1/clients/{client_id}/access-log"),
            CLIENT_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/mandates",
            None,
            |w| w.get("/api/v1/clients/{client_id}/mandates"),
            CLIENT_CASEWORKER,
        ),
        row(
            post.clone(),
            "/api/v1/clients/{client_id}/mandates",
            None,
            |w| Req {
                path: w.fill("/api/v1/clients/{client_id}/mandates", &[]),
                body: Some(new_mandate_body(
                    w.today(),
                    &random_test_code(),
                    &["view"],
                    30,
                )),
            },
            [
                401, 201, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404,
            ],
        ),
        row(
            Method::DELETE,
            "/api/v1/clients/{client_id}/mandates/{mandate_id}",
            None,
            |w| {
                let id = w.fresh_mandate(None, false);
                Req {
                    path: w.fill(
                        "/api/v1/clients/{client_id}/mandates/{mandate_id}",
                        &[("mandate_id", &id)],
                    ),
                    body: None,
                }
            },
            [
                401, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404,
            ],
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/mandates/{mandate_id}",
            None,
            |w| {
                let id = w.fresh_mandate(None, false);
                Req {
                    path: w.fill(
                        "/api/v1/clients/{client_id}/mandates/{mandate_id}",
                        &[("mandate_id", &id)],
                    ),
                    body: None,
                }
            },
            CLIENT_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/home",
            view,
            |w| w.get("/api/v1/clients/{client_id}/home"),
            CLIENT_HELPER_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/vouchers",
            view,
            |w| w.get("/api/v1/clients/{client_id}/vouchers"),
            CLIENT_HELPER_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/vouchers/{voucher_id}",
            view,
            |w| Req {
                path: w.fill(
                    "/api/v1/clients/{client_id}/vouchers/{voucher_id}",
                    &[("voucher_id", &w.voucher_id)],
                ),
                body: None,
            },
            CLIENT_HELPER_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/vouchers/{voucher_id}/providers",
            view,
            |w| Req {
                path: w.fill(
                    "/api/v1/clients/{client_id}/vouchers/{voucher_id}/providers",
                    &[("voucher_id", &w.voucher_id)],
                ),
                body: None,
            },
            CLIENT_HELPER_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/vouchers/{voucher_id}/providers/compare",
            view,
            |w| Req {
                path: format!(
                    "{}?ids={}",
                    w.fill(
                        "/api/v1/clients/{client_id}/vouchers/{voucher_id}/providers/compare",
                        &[("voucher_id", &w.voucher_id)],
                    ),
                    w.providers.join(",")
                ),
                body: None,
            },
            CLIENT_HELPER_CASEWORKER,
        ),
        // A caseworker's work.
        row(
            post.clone(),
            "/api/v1/caseworker/vouchers",
            None,
            |w| Req {
                path: "/api/v1/caseworker/vouchers".into(),
                body: Some(voucher_body(w.today(), &w.fresh_client())),
            },
            with_status(CASEWORKER_ONLY, 201),
        ),
        row(
            Method::PATCH,
            "/api/v1/caseworker/vouchers/{voucher_id}",
            None,
            |w| Req {
                path: format!("/api/v1/caseworker/vouchers/{}", w.voucher_id),
                body: Some(json!({"op": "permit_out_of_area", "reason": "No place near."})),
            },
            CASEWORKER_ONLY,
        ),
        row(
            get.clone(),
            "/api/v1/caseworker/mandates",
            None,
            |_| Req::at("/api/v1/caseworker/mandates"),
            ANY_CASEWORKER,
        ),
        row(
            post.clone(),
            "/api/v1/caseworker/mandates",
            None,
            |w| {
                let mut body = new_mandate_body(w.today(), &random_test_code(), &["view"], 30);
                body["client_id"] = json!(w.client.id);
                body["basis"] = json!("paper");
                Req {
                    path: "/api/v1/caseworker/mandates".into(),
                    body: Some(body),
                }
            },
            with_status(CASEWORKER_OF_CLIENT, 201),
        ),
        row(
            post.clone(),
            "/api/v1/caseworker/mandates/{mandate_id}/approve",
            None,
            |w| {
                let id = w.fresh_mandate(None, false);
                Req::post(&format!("/api/v1/caseworker/mandates/{id}/approve"))
            },
            CASEWORKER_OF_CLIENT,
        ),
        row(
            post.clone(),
            "/api/v1/caseworker/mandates/{mandate_id}/reject",
            None,
            |w| {
                let id = w.fresh_mandate(None, false);
                Req {
                    path: format!("/api/v1/caseworker/mandates/{id}/reject"),
                    body: Some(json!({"reason": "No signature."})),
                }
            },
            CASEWORKER_OF_CLIENT,
        ),
        row(
            post.clone(),
            "/api/v1/caseworker/mandates/{mandate_id}/end",
            None,
            |w| {
                let id = w.fresh_guardian();
                Req {
                    path: format!("/api/v1/caseworker/mandates/{id}/end"),
                    body: Some(json!({"decision_reference": "KO 2026/17"})),
                }
            },
            CASEWORKER_OF_CLIENT,
        ),
        row(
            post.clone(),
            "/api/v1/caseworker/providers",
            None,
            |_| Req {
                path: "/api/v1/caseworker/providers".into(),
                body: Some(
                    json!({"name": "Uusi ry", "business_id": fresh_business_id(),
                                  "legal_form": "association"}),
                ),
            },
            with_status(ANY_CASEWORKER, 201),
        ),
        row(
            post.clone(),
            "/api/v1/caseworker/approvals",
            None,
            |w| Req {
                path: "/api/v1/caseworker/approvals".into(),
                body: Some(json!({"provider_id": w.provider_id, "service": "rwa_basic",
                                  "status": "approved", "municipality": "heinola"})),
            },
            CASEWORKER_ONLY,
        ),
        // A provider's own data.
        row(
            post.clone(),
            "/api/v1/provider/sites",
            None,
            |w| {
                let mut body = site_body();
                body["provider_id"] = json!(w.provider_id);
                Req {
                    path: "/api/v1/provider/sites".into(),
                    body: Some(body),
                }
            },
            with_status(OWN_STAFF, 201),
        ),
        row(
            put.clone(),
            "/api/v1/provider/sites/{site_id}",
            None,
            |w| Req {
                path: format!("/api/v1/provider/sites/{}", w.site_id),
                body: Some(site_body()),
            },
            OWN_STAFF,
        ),
        row(
            put.clone(),
            "/api/v1/provider/sites/{site_id}/services/{service_code}",
            None,
            |w| Req {
                path: format!("/api/v1/provider/sites/{}/services/rwa_basic", w.site_id),
                body: Some(crate::providers::offering(json!({}))),
            },
            OWN_STAFF,
        ),
        // Intro visits and agreements.
        row(
            get.clone(),
            "/api/v1/providers/{provider_id}/intro-slots",
            None,
            |w| Req::at(&format!("/api/v1/providers/{}/intro-slots", w.provider_id)),
            ANYONE,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/intro-visits",
            view,
            |w| w.get("/api/v1/clients/{client_id}/intro-visits"),
            CLIENT_HELPER_CASEWORKER_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/clients/{client_id}/intro-visits",
            Some(Scope::BookVisits),
            |w| Req {
                path: w.fill("/api/v1/clients/{client_id}/intro-visits", &[]),
                body: Some(json!({"voucher_id": w.fresh_voucher(), "slot_id": w.slot_id})),
            },
            with_status(CLIENT_HELPER_CASEWORKER, 201),
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/intro-visits/{visit_id}.ics",
            view,
            |w| Req {
                path: w.fill(
                    "/api/v1/clients/{client_id}/intro-visits/{visit_id}.ics",
                    &[("visit_id", &w.visit_id)],
                ),
                body: None,
            },
            CLIENT_HELPER_CASEWORKER_STAFF,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/intro-visits/{visit_id}",
            view,
            |w| Req {
                path: w.fill(
                    "/api/v1/clients/{client_id}/intro-visits/{visit_id}",
                    &[("visit_id", &w.visit_id)],
                ),
                body: None,
            },
            CLIENT_HELPER_CASEWORKER_STAFF,
        ),
        row(
            Method::PATCH,
            "/api/v1/clients/{client_id}/intro-visits/{visit_id}",
            Some(Scope::BookVisits),
            |w| {
                let id = w.fresh_visit(seteli::visits::Status::Booked, 48);
                Req {
                    path: w.fill(
                        "/api/v1/clients/{client_id}/intro-visits/{visit_id}",
                        &[("visit_id", &id)],
                    ),
                    body: Some(json!({"slot_id": w.fresh_slot(72)})),
                }
            },
            CLIENT_HELPER_CASEWORKER,
        ),
        row(
            Method::DELETE,
            "/api/v1/clients/{client_id}/intro-visits/{visit_id}",
            Some(Scope::BookVisits),
            |w| {
                let id = w.fresh_visit(seteli::visits::Status::Booked, 48);
                Req {
                    path: w.fill(
                        "/api/v1/clients/{client_id}/intro-visits/{visit_id}",
                        &[("visit_id", &id)],
                    ),
                    body: None,
                }
            },
            CLIENT_HELPER_CASEWORKER,
        ),
        row(
            post.clone(),
            "/api/v1/clients/{client_id}/intro-visits/{visit_id}/queue",
            Some(Scope::BookVisits),
            |w| {
                let id = w.fresh_visit(seteli::visits::Status::Queued, -48);
                Req {
                    path: w.fill(
                        "/api/v1/clients/{client_id}/intro-visits/{visit_id}/queue",
                        &[("visit_id", &id)],
                    ),
                    body: Some(json!({"accept": true})),
                }
            },
            CLIENT_HELPER_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/agreements",
            view,
            |w| w.get("/api/v1/clients/{client_id}/agreements"),
            CLIENT_HELPER_CASEWORKER_STAFF,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/agreements/{agreement_id}",
            view,
            |w| {
                let id = w.fresh_agreement(false);
                w.get(&format!("/api/v1/clients/{{client_id}}/agreements/{id}"))
            },
            CLIENT_HELPER_CASEWORKER_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/clients/{client_id}/agreements/{agreement_id}/confirm",
            Some(Scope::BookVisits),
            |w| {
                let id = w.fresh_agreement(false);
                w.get(&format!(
                    "/api/v1/clients/{{client_id}}/agreements/{id}/confirm"
                ))
            },
            CLIENT_HELPER,
        ),
        row(
            post.clone(),
            "/api/v1/clients/{client_id}/agreements/{agreement_id}/ending",
            Some(Scope::BookVisits),
            |w| {
                let id = w.fresh_agreement(false);
                Req {
                    path: w.fill(
                        &format!("/api/v1/clients/{{client_id}}/agreements/{id}/ending"),
                        &[],
                    ),
                    body: Some(w.ending_body()),
                }
            },
            CLIENT_HELPER,
        ),
        row(
            post.clone(),
            "/api/v1/provider/agreements/{agreement_id}/ending",
            None,
            |w| {
                let id = w.fresh_agreement(false);
                Req {
                    path: format!("/api/v1/provider/agreements/{id}/ending"),
                    body: Some(w.ending_body()),
                }
            },
            SERVING_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/agreements/{agreement_id}/interruptions",
            None,
            |w| {
                let id = w.fresh_agreement(false);
                Req {
                    path: format!("/api/v1/provider/agreements/{id}/interruptions"),
                    body: Some(json!({"on": w.today().to_string(),
                                      "explanation": "Asiakas ei ole tullut viikkoon."})),
                }
            },
            with_status(SERVING_STAFF, 201),
        ),
        row(
            post.clone(),
            "/api/v1/provider/agreements/{agreement_id}/documents",
            None,
            |w| {
                let id = w.fresh_agreement(false);
                Req {
                    path: format!("/api/v1/provider/agreements/{id}/documents"),
                    body: Some(json!({"kind": "interim_assessment", "title": "Väliarvio",
                                      "body": "Edistynyt hyvin.",
                                      "written_on": w.today().to_string()})),
                }
            },
            with_status(SERVING_STAFF, 201),
        ),
        row(
            post.clone(),
            "/api/v1/caseworker/agreements/{agreement_id}/ending/consent",
            None,
            |w| {
                let id = w.fresh_agreement(true);
                Req {
                    path: format!("/api/v1/caseworker/agreements/{id}/ending/consent"),
                    body: Some(json!({})),
                }
            },
            CASEWORKER_ONLY,
        ),
        row(
            post.clone(),
            "/api/v1/caseworker/agreements/{agreement_id}/ending/decline",
            None,
            |w| {
                let id = w.fresh_agreement(true);
                Req {
                    path: format!("/api/v1/caseworker/agreements/{id}/ending/decline"),
                    body: Some(json!({"reason": "Jatketaan vielä kuukausi."})),
                }
            },
            CASEWORKER_ONLY,
        ),
        row(
            post.clone(),
            "/api/v1/caseworker/agreements/{agreement_id}/end",
            None,
            |w| {
                let id = w.fresh_agreement(false);
                Req {
                    path: format!("/api/v1/caseworker/agreements/{id}/end"),
                    body: Some(json!({"last_day": w.today().to_string(),
                                      "explanation": "Palvelu ei vastaa tarvetta."})),
                }
            },
            CASEWORKER_ONLY,
        ),
        // Activity days.
        row(
            post.clone(),
            "/api/v1/clients/{client_id}/vouchers/{voucher_id}/check-ins",
            None,
            |w| {
                let (voucher, _) = w.confirmed_agreement();
                Req {
                    path: w.fill(
                        "/api/v1/clients/{client_id}/vouchers/{voucher_id}/check-ins",
                        &[("voucher_id", &voucher)],
                    ),
                    body: Some(json!({"day": w.today().to_string()})),
                }
            },
            // Presence is the client's own: no helper, no caseworker.
            [
                401, 201, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404,
            ],
        ),
        row(
            post.clone(),
            "/api/v1/clients/{client_id}/vouchers/{voucher_id}/absences",
            Some(Scope::ReportAbsence),
            |w| {
                let (voucher, _) = w.confirmed_agreement();
                Req {
                    path: w.fill(
                        "/api/v1/clients/{client_id}/vouchers/{voucher_id}/absences",
                        &[("voucher_id", &voucher)],
                    ),
                    body: Some(json!({"day": w.today().to_string(), "reason": "sick"})),
                }
            },
            with_status(CLIENT_HELPER, 201),
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/days/{day_id}",
            view,
            |w| {
                let day = w.fresh_day();
                Req {
                    path: w.fill(
                        "/api/v1/clients/{client_id}/days/{day_id}",
                        &[("day_id", &day)],
                    ),
                    body: None,
                }
            },
            CLIENT_HELPER_CASEWORKER_STAFF,
        ),
        row(
            get.clone(),
            "/api/v1/clients/{client_id}/vouchers/{voucher_id}/days",
            view,
            |w| {
                let (voucher, _) = w.confirmed_agreement();
                Req {
                    path: w.fill(
                        "/api/v1/clients/{client_id}/vouchers/{voucher_id}/days",
                        &[("voucher_id", &voucher)],
                    ),
                    body: None,
                }
            },
            CLIENT_HELPER_CASEWORKER_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/clients/{client_id}/vouchers/{voucher_id}/meetings/{meeting_id}/cancel",
            Some(Scope::ReportAbsence),
            |w| {
                let (agreement, meeting) = w.fresh_meeting();
                let mut conn = w.app.state.db.get().unwrap();
                let a = seteli::agreements::repo::find(&mut conn, &agreement)
                    .unwrap()
                    .unwrap();
                Req {
                    path: w.fill(
                        "/api/v1/clients/{client_id}/vouchers/{voucher_id}/meetings/{meeting_id}/cancel",
                        &[("voucher_id", &a.voucher_id), ("meeting_id", &meeting)],
                    ),
                    body: None,
                }
            },
            CLIENT_HELPER,
        ),
        row(
            get.clone(),
            "/api/v1/provider/check-ins",
            None,
            |_| Req::at("/api/v1/provider/check-ins?status=pending"),
            ANY_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/check-ins/{day_id}/confirm",
            None,
            |w| Req {
                path: format!("/api/v1/provider/check-ins/{}/confirm", w.fresh_day()),
                body: Some(json!({})),
            },
            SERVING_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/check-ins/{day_id}/correct",
            None,
            |w| Req {
                path: format!("/api/v1/provider/check-ins/{}/correct", w.fresh_day()),
                body: Some(json!({"reason": "Tuli myöhässä."})),
            },
            SERVING_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/check-ins/{day_id}/reject",
            None,
            |w| Req {
                path: format!("/api/v1/provider/check-ins/{}/reject", w.fresh_day()),
                body: Some(json!({"reason": "Ei ollut paikalla."})),
            },
            SERVING_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/agreements/{agreement_id}/days",
            None,
            |w| {
                let (_, id) = w.confirmed_agreement();
                Req {
                    path: format!("/api/v1/provider/agreements/{id}/days"),
                    body: Some(json!({"day": w.today().to_string()})),
                }
            },
            with_status(SERVING_STAFF, 201),
        ),
        row(
            post.clone(),
            "/api/v1/provider/absences",
            None,
            |w| {
                let (_, id) = w.confirmed_agreement();
                Req {
                    path: "/api/v1/provider/absences".into(),
                    body: Some(json!({"agreement_id": id, "day": w.today().to_string(),
                                      "kind": "authorised", "reason": "Sairausloma."})),
                }
            },
            with_status(SERVING_STAFF, 201),
        ),
        // The world's service is counted in days: it has no meetings, so the staff who reach
        // the agreement are refused by the rule (422), everyone else by the door.
        row(
            post.clone(),
            "/api/v1/provider/agreements/{agreement_id}/meetings",
            None,
            |w| {
                let (_, id) = w.confirmed_agreement();
                Req {
                    path: format!("/api/v1/provider/agreements/{id}/meetings"),
                    body: Some(json!({"starts_at": w.app.clock.now() + Duration::days(1)})),
                }
            },
            with_status(SERVING_STAFF, 422),
        ),
        row(
            Method::PATCH,
            "/api/v1/provider/agreements/{agreement_id}/meetings/{meeting_id}",
            None,
            |w| {
                let (a, m) = w.fresh_meeting();
                Req {
                    path: format!("/api/v1/provider/agreements/{a}/meetings/{m}"),
                    body: Some(json!({"starts_at": w.app.clock.now() + Duration::days(2)})),
                }
            },
            with_status(SERVING_STAFF, 422),
        ),
        row(
            post.clone(),
            "/api/v1/provider/agreements/{agreement_id}/meetings/{meeting_id}/cancel",
            None,
            |w| {
                let (a, m) = w.fresh_meeting();
                Req {
                    path: format!("/api/v1/provider/agreements/{a}/meetings/{m}/cancel"),
                    body: Some(json!({"reason": "Valmentaja sairastui."})),
                }
            },
            with_status(SERVING_STAFF, 422),
        ),
        row(
            post.clone(),
            "/api/v1/provider/agreements/{agreement_id}/meetings/{meeting_id}/no-show",
            None,
            |w| {
                let (a, m) = w.fresh_meeting();
                Req {
                    path: format!("/api/v1/provider/agreements/{a}/meetings/{m}/no-show"),
                    body: None,
                }
            },
            with_status(SERVING_STAFF, 422),
        ),
        row(
            get.clone(),
            "/api/v1/provider/sites/{site_id}/code",
            None,
            |w| Req::at(&format!("/api/v1/provider/sites/{}/code", w.site_id)),
            OWN_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/closed-groups/delay",
            None,
            |w| Req {
                path: "/api/v1/provider/closed-groups/delay".into(),
                body: Some(json!({"service": "sr_group",
                                  "starts_on": (w.today() + Duration::days(10)).to_string(),
                                  "delayed_to": (w.today() + Duration::days(12)).to_string(),
                                  "reason": "Ryhmässä on vielä tilaa."})),
            },
            // The world has no closed group: staff find none of theirs.
            with_status(ANY_STAFF, 404),
        ),
        row(
            post.clone(),
            "/api/v1/provider/closed-groups/cancel",
            None,
            |w| Req {
                path: "/api/v1/provider/closed-groups/cancel".into(),
                body: Some(json!({"service": "sr_group",
                                  "starts_on": (w.today() + Duration::days(10)).to_string(),
                                  "reason": "Ryhmä ei täyttynyt."})),
            },
            with_status(ANY_STAFF, 404),
        ),
        row(
            get.clone(),
            "/api/v1/caseworker/inbox",
            None,
            |_| Req::at("/api/v1/caseworker/inbox"),
            ANY_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/provider/intro-slots",
            None,
            |_| Req::at("/api/v1/provider/intro-slots"),
            ANY_STAFF,
        ),
        row(
            get.clone(),
            "/api/v1/provider/home",
            None,
            |_| Req::at("/api/v1/provider/home"),
            ANY_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/intro-slots",
            None,
            |w| {
                let start = w.app.clock.now() + Duration::days(20);
                Req {
                    path: "/api/v1/provider/intro-slots".into(),
                    body: Some(json!({"site_id": w.site_id, "service": "rwa_basic",
                                      "starts_at": start, "ends_at": start + Duration::hours(1),
                                      "capacity": 3, "languages": ["fi", "sv"]})),
                }
            },
            with_status(OWN_STAFF, 201),
        ),
        row(
            put.clone(),
            "/api/v1/provider/intro-slots/{slot_id}",
            None,
            |w| {
                let id = w.fresh_slot(72);
                let start = w.app.clock.now() + Duration::days(4);
                Req {
                    path: format!("/api/v1/provider/intro-slots/{id}"),
                    body: Some(json!({"site_id": w.site_id, "service": "rwa_basic",
                                      "starts_at": start, "ends_at": start + Duration::hours(1),
                                      "capacity": 4, "languages": ["fi"]})),
                }
            },
            OWN_STAFF,
        ),
        row(
            get.clone(),
            "/api/v1/provider/intro-slots/{slot_id}",
            None,
            |w| {
                Req::at(&format!(
                    "/api/v1/provider/intro-slots/{}",
                    w.fresh_slot(72)
                ))
            },
            OWN_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/intro-slots/{slot_id}/withdraw",
            None,
            |w| {
                let id = w.fresh_slot(72);
                Req {
                    path: format!("/api/v1/provider/intro-slots/{id}/withdraw"),
                    body: Some(json!({"reason": "Our instructor is ill."})),
                }
            },
            OWN_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/intro-visits/{visit_id}/outcome",
            None,
            |w| {
                let id = w.fresh_visit(seteli::visits::Status::Booked, -2);
                Req {
                    path: format!("/api/v1/provider/intro-visits/{id}/outcome"),
                    body: Some(json!({"held": true})),
                }
            },
            SERVING_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/intro-visits/{visit_id}/accept",
            None,
            |w| {
                let id = w.fresh_visit(seteli::visits::Status::Held, -2);
                Req {
                    path: format!("/api/v1/provider/intro-visits/{id}/accept"),
                    body: Some(json!({
                        "starts_on": (w.today() + Duration::days(7)).to_string(),
                        "days_per_week": 2, "hours_per_day": 5,
                        "goals": "Päivärytmi ja uusia taitoja.",
                        "responsible_person": "Olli Ohjaaja", "instructor": "Iida Ohjaaja",
                    })),
                }
            },
            SERVING_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/intro-visits/{visit_id}/refuse",
            None,
            |w| {
                let id = w.fresh_visit(seteli::visits::Status::Held, -2);
                Req {
                    path: format!("/api/v1/provider/intro-visits/{id}/refuse"),
                    body: Some(json!({"reason_code": "no_place",
                                      "explanation": "Kaikki paikat on täynnä kesään asti."})),
                }
            },
            SERVING_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/intro-visits/{visit_id}/queue",
            None,
            |w| {
                let id = w.fresh_visit(seteli::visits::Status::Held, -2);
                Req {
                    path: format!("/api/v1/provider/intro-visits/{id}/queue"),
                    body: Some(json!({"expected_start_on":
                                      (w.today() + Duration::days(30)).to_string()})),
                }
            },
            SERVING_STAFF,
        ),
        row(
            get.clone(),
            "/api/v1/caseworker/deadlines",
            None,
            |_| Req::at("/api/v1/caseworker/deadlines"),
            ANY_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/me/notifications",
            None,
            |_| Req::at("/api/v1/me/notifications"),
            SIGNED_IN,
        ),
        row(
            post.clone(),
            "/api/v1/me/notifications/read",
            None,
            |_| Req {
                path: "/api/v1/me/notifications/read".into(),
                body: Some(json!({"up_to": uuid::Uuid::now_v7().to_string()})),
            },
            SIGNED_IN,
        ),
        // Push: each person's own devices and settings.
        row(
            get.clone(),
            "/api/v1/push/vapid-public-key",
            None,
            |_| Req::at("/api/v1/push/vapid-public-key"),
            ANYONE,
        ),
        row(
            post.clone(),
            "/api/v1/me/push-subscriptions",
            None,
            |_| Req {
                path: "/api/v1/me/push-subscriptions".into(),
                body: Some(World::device()),
            },
            with_status(SIGNED_IN, 201),
        ),
        row(
            get.clone(),
            "/api/v1/me/push-subscriptions",
            None,
            |_| Req::at("/api/v1/me/push-subscriptions"),
            SIGNED_IN,
        ),
        row(
            get.clone(),
            "/api/v1/me/push-subscriptions/{id}",
            None,
            |w| {
                Req::at(&format!(
                    "/api/v1/me/push-subscriptions/{}",
                    w.client_device()
                ))
            },
            CLIENT_ONLY,
        ),
        row(
            Method::DELETE,
            "/api/v1/me/push-subscriptions/{id}",
            None,
            |w| Req {
                path: format!("/api/v1/me/push-subscriptions/{}", w.client_device()),
                body: None,
            },
            with_status(CLIENT_ONLY, 204),
        ),
        row(
            get.clone(),
            "/api/v1/me/push-settings",
            None,
            |_| Req::at("/api/v1/me/push-settings"),
            SIGNED_IN,
        ),
        row(
            put.clone(),
            "/api/v1/me/push-settings",
            None,
            |_| Req {
                path: "/api/v1/me/push-settings".into(),
                body: Some(
                    json!({"muted": ["reminders"], "quiet_hours": {"from": "22:00", "until": "07:00"}}),
                ),
            },
            SIGNED_IN,
        ),
        // Chat: the client's thread with the provider that serves them.
        row(
            get.clone(),
            "/api/v1/threads",
            None,
            |_| Req::at("/api/v1/threads"),
            SIGNED_IN,
        ),
        row(
            post.clone(),
            "/api/v1/threads",
            Some(Scope::Message),
            |w| {
                w.no_thread();
                Req {
                    path: "/api/v1/threads".into(),
                    body: Some(json!({"client_id": w.client.id, "provider_id": w.provider_id})),
                }
            },
            with_status(CLIENT_HELPER_STAFF, 201),
        ),
        row(
            get.clone(),
            "/api/v1/threads/{thread_id}",
            Some(Scope::Message),
            |w| Req::at(&format!("/api/v1/threads/{}", w.fresh_thread())),
            CLIENT_HELPER_STAFF,
        ),
        row(
            get.clone(),
            "/api/v1/threads/{thread_id}/messages",
            Some(Scope::Message),
            |w| Req::at(&format!("/api/v1/threads/{}/messages", w.fresh_thread())),
            CLIENT_HELPER_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/threads/{thread_id}/messages",
            Some(Scope::Message),
            |w| Req {
                path: format!("/api/v1/threads/{}/messages", w.fresh_thread()),
                body: Some(json!({"text": "Hei!"})),
            },
            with_status(CLIENT_HELPER_STAFF, 201),
        ),
        row(
            post.clone(),
            "/api/v1/threads/{thread_id}/read",
            Some(Scope::Message),
            |w| Req {
                path: format!("/api/v1/threads/{}/read", w.fresh_thread()),
                body: Some(json!({"up_to": uuid::Uuid::now_v7().to_string()})),
            },
            CLIENT_HELPER_STAFF,
        ),
        // Billing: the provider's month and its submission, and the city's month.
        row(
            get.clone(),
            "/api/v1/provider/billing/{month}",
            None,
            |w| {
                Req::at(&format!(
                    "/api/v1/provider/billing/{}?provider_id={}",
                    w.billed_month(),
                    w.provider_id
                ))
            },
            OWN_STAFF,
        ),
        row(
            post.clone(),
            "/api/v1/provider/billing/{month}/submit",
            None,
            |w| Req {
                path: format!(
                    "/api/v1/provider/billing/{}/submit?provider_id={}",
                    w.billed_month(),
                    w.provider_id
                ),
                body: None,
            },
            OWN_STAFF,
        ),
        row(
            get.clone(),
            "/api/v1/caseworker/billing/{month}",
            None,
            |w| Req::at(&format!("/api/v1/caseworker/billing/{}", w.billed_month())),
            ANY_CASEWORKER,
        ),
        row(
            get.clone(),
            "/api/v1/me/events",
            None,
            |_| Req::at("/api/v1/me/events"),
            SIGNED_IN,
        ),
        // The socket signs in inside the WebSocket protocol; a plain GET is no handshake.
        row(
            get.clone(),
            "/api/v1/ws",
            None,
            |_| Req::at("/api/v1/ws"),
            [400; 14],
        ),
        // Signing out: each caller with a session of its own, so the rows above keep theirs.
        Row {
            ends_session: true,
            ..row(
                post.clone(),
                "/api/v1/auth/logout",
                None,
                |_| Req::post("/api/v1/auth/logout"),
                with_status(SIGNED_IN, 204),
            )
        },
        Row {
            ends_session: true,
            ..row(
                Method::DELETE,
                "/api/v1/me/sessions",
                None,
                |_| Req {
                    path: "/api/v1/me/sessions".into(),
                    body: None,
                },
                with_status(SIGNED_IN, 204),
            )
        },
    ]
}

impl Req {
    fn at(path: &str) -> Req {
        Req {
            path: path.into(),
            body: None,
        }
    }

    fn post(path: &str) -> Req {
        Req {
            path: path.into(),
            body: Some(json!({})),
        }
    }
}

fn site_body() -> Value {
    json!({"name": "Paja", "street_address": "Testikatu 3", "postal_code": "18100",
           "city": "Heinola", "lat": 61.21, "lon": 26.01})
}

pub fn fresh_business_id() -> String {
    use seteli::providers::business_id::BusinessId;
    loop {
        let n = u32::from_le_bytes(crate::helpers::random_bytes::<4>()) % 9_000_000 + 1_000_000;
        if let Some(id) = BusinessId::from_number(n) {
            break id.as_str().to_string();
        }
    }
}

/// A body for `POST /caseworker/vouchers`: rehabilitative work for six months from today.
fn voucher_body(today: NaiveDate, client: &str) -> Value {
    json!({
        "client_id": client,
        "service": "rwa_basic",
        "decision_date": today.to_string(),
        "valid_from": today.to_string(),
        "valid_until": seteli::rulebooks::last_day_of(today, 6).to_string(),
        "granted_units": 50,
        "per_week": 2,
        "hours_per_day": 5,
    })
}

/// A body for `POST /clients/{c}/mandates`: from today, for `days` days.
pub fn new_mandate_body(
    today: NaiveDate,
    code: &seteli::persons::PersonalId,
    scopes: &[&str],
    days: i64,
) -> Value {
    json!({
        "proxy_personal_id": code.as_str(),
        "proxy_name": "Helper",
        "scopes": scopes,
        "valid_until": (today + Duration::days(days)).to_string(),
    })
}

/// The data every row runs against: one client in Heinola, a provider near them, and a caller of
/// each kind.
pub struct World<'a> {
    pub app: &'a TestApp,
    pub client: Person,
    callers: BTreeMap<Caller, Person>,
    /// Helpers in force holding every scope but the key.
    without: BTreeMap<Scope, Person>,
    /// A voucher of the client.
    pub voucher_id: String,
    /// Two approved providers near the client offering the voucher's service.
    pub providers: Vec<String>,
    /// The first of them, whose staff is [`Caller::OwnStaff`], and one of its sites.
    pub provider_id: String,
    pub site_id: String,
    /// A slot there with plenty of places, and the client's booking of it: the relation through
    /// which the provider's staff reach the client.
    pub slot_id: String,
    pub visit_id: String,
}

impl World<'_> {
    /// Today in Helsinki, by the app's clock.
    pub fn today(&self) -> NaiveDate {
        seteli::clock::helsinki_date(self.app.clock.now())
    }

    /// A template with `{client_id}` and the given parameters filled in.
    pub fn fill(&self, template: &str, params: &[(&str, &str)]) -> String {
        let mut path = template.replace("{client_id}", &self.client.id);
        for (name, value) in params {
            path = path.replace(&format!("{{{name}}}"), value);
        }
        assert!(!path.contains('{'), "unfilled parameter in {path}");
        path
    }

    pub fn get(&self, template: &str) -> Req {
        Req {
            path: self.fill(template, &[]),
            body: None,
        }
    }

    /// A new mandate of the client, straight into the database: pending or active, naming the
    /// caller `proxy` (a helper nobody knows when `None`).
    pub fn fresh_mandate(&self, proxy: Option<Caller>, active: bool) -> String {
        use seteli::mandates::repo::{insert, NewMandate};
        use seteli::mandates::{Basis, Scopes, StoredStatus, Validity};
        let now = self.app.clock.now();
        let today = seteli::clock::helsinki_date(now);
        let mut conn = self.app.state.db.get().unwrap();
        let code = proxy.map_or_else(random_test_code, |c| self.callers[&c].code.clone());
        let (basis, status) = if active {
            (Basis::Paper, StoredStatus::Active)
        } else {
            (Basis::Client, StoredStatus::PendingApproval)
        };
        insert(
            &mut conn,
            NewMandate {
                client_id: &self.client.id,
                proxy: &code,
                proxy_name: "Fresh",
                scopes: &Scopes::new(Scope::ALL).unwrap(),
                validity: Validity::new(None, today + Duration::days(30), today).unwrap(),
                basis,
                status,
                created_by: &self.client.id,
                acting_as: seteli::access::ActingAs::Myself,
            },
            now,
        )
        .unwrap()
        .id
    }

    /// A new voucher of the client like the first, straight into the database. Returns its id.
    pub fn fresh_voucher(&self) -> String {
        let mut conn = self.app.state.db.get().unwrap();
        let mut row = seteli::vouchers::repo::find(&mut conn, &self.voucher_id)
            .unwrap()
            .unwrap();
        row.id = uuid::Uuid::now_v7().to_string();
        row.number = format!("T-{}", &row.id[24..]);
        seteli::vouchers::repo::insert_issued(&mut conn, &row, &row.caseworker_id.clone()).unwrap();
        row.id
    }

    /// A slot at the provider's site, straight into the database: `hours` from now (negative:
    /// already begun).
    pub fn fresh_slot(&self, hours: i64) -> String {
        use seteli::visits::repo::{insert_slot, SlotRow};
        let mut conn = self.app.state.db.get().unwrap();
        let now = self.app.clock.now();
        let start = (now + Duration::hours(hours)).naive_utc();
        let row = SlotRow {
            id: uuid::Uuid::now_v7().to_string(),
            provider_id: self.provider_id.clone(),
            site_id: self.site_id.clone(),
            service_code: "rwa_basic".into(),
            starts_at: start,
            ends_at: start + Duration::hours(1),
            capacity: 5,
            booked: 0,
            languages: ",fi,".into(),
            note_fi: String::new(),
            note_sv: String::new(),
            note_en: String::new(),
            withdrawn_at: None,
            withdraw_reason: None,
            created_by: self.client.id.clone(),
            created_at: now.naive_utc(),
            updated_at: now.naive_utc(),
        };
        insert_slot(&mut conn, &row).unwrap();
        row.id
    }

    /// A new agreement of the client with the own staff's provider, from ten days ago for two
    /// months, straight into the database; with a proposed ending waiting where `ending`.
    pub fn fresh_agreement(&self, ending: bool) -> String {
        use seteli::agreements::repo::{insert, insert_ending, AgreementRow, EndingRow};
        let voucher = self.fresh_voucher();
        let mut conn = self.app.state.db.get().unwrap();
        let now = self.app.clock.now().naive_utc();
        let today = self.today();
        let row = AgreementRow {
            id: uuid::Uuid::now_v7().to_string(),
            voucher_id: voucher,
            client_id: self.client.id.clone(),
            provider_id: self.provider_id.clone(),
            site_id: self.site_id.clone(),
            visit_id: None,
            starts_on: today - Duration::days(10),
            ends_on: today + Duration::days(60),
            days_per_week: Some(2),
            hours_per_day: Some(5),
            goals: "Päivärytmi.".into(),
            responsible_person: "Olli".into(),
            instructor: "Iida".into(),
            meeting_place: None,
            meeting_distance_km: None,
            remote: false,
            unit_price_cents: 4000,
            created_by: self.client.id.clone(),
            created_at: now,
            ended_at: None,
            confirmed_at: None,
            ended_on: None,
            end_reason: None,
        };
        insert(&mut conn, &row).unwrap();
        if ending {
            let e = EndingRow {
                id: uuid::Uuid::now_v7().to_string(),
                agreement_id: row.id.clone(),
                side: "client".into(),
                reason_code: "travel".into(),
                explanation: "Matka on liian pitkä.".into(),
                last_day: today + Duration::days(14),
                proposed_by: self.client.id.clone(),
                proposed_at: now,
                decision: None,
                decided_by: None,
                decided_at: None,
                decision_reason: None,
            };
            insert_ending(&mut conn, &e).unwrap();
        }
        row.id
    }

    /// An agreement in force (the client confirmed it), straight into the database: (its
    /// voucher, its id).
    pub fn confirmed_agreement(&self) -> (String, String) {
        use diesel::prelude::*;
        use seteli::db::schema::agreements;
        let id = self.fresh_agreement(false);
        let mut conn = self.app.state.db.get().unwrap();
        diesel::update(agreements::table.find(&id))
            .set(agreements::confirmed_at.eq(Some(self.app.clock.now().naive_utc())))
            .execute(&mut *conn)
            .unwrap();
        let a = seteli::agreements::repo::find(&mut conn, &id)
            .unwrap()
            .unwrap();
        (a.voucher_id, id)
    }

    /// The client's thread with [`World::provider_id`], straight into the database: its id.
    pub fn fresh_thread(&self) -> String {
        use seteli::chat::{repo, With};
        let mut conn = self.app.state.db.get().unwrap();
        let with = With::Provider(self.provider_id.clone());
        if let Some(t) = repo::thread_with(&mut conn, &self.client.id, &with).unwrap() {
            return t.id;
        }
        let id = uuid::Uuid::now_v7().to_string();
        let row = repo::ThreadRow {
            id: id.clone(),
            client_id: self.client.id.clone(),
            provider_id: Some(self.provider_id.clone()),
            municipality_code: None,
            created_at: self.app.clock.now().naive_utc(),
            activity: id.clone(),
        };
        repo::insert_thread(&mut conn, &row).unwrap();
        id
    }

    /// A device as a browser subscribes it: a fresh endpoint on loopback (tests allow it).
    pub fn device() -> Value {
        use base64::Engine;
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let key = seteli::push::vapid::new_key()
            .public_key()
            .to_encoded_point(false);
        json!({
            "endpoint": format!("http://127.0.0.1:9/push/{}", uuid::Uuid::now_v7()),
            "keys": {"p256dh": b64.encode(key.as_bytes()), "auth": b64.encode([7u8; 16])},
            "label": "Puhelin",
        })
    }

    /// A new device of the client's; answers its id.
    pub fn client_device(&self) -> String {
        let d = Self::device();
        let mut conn = self.app.state.db.get().unwrap();
        let row = seteli::push::repo::SubscriptionRow {
            id: uuid::Uuid::now_v7().to_string(),
            person_id: self.client.id.clone(),
            endpoint: d["endpoint"].as_str().unwrap().into(),
            p256dh: d["keys"]["p256dh"].as_str().unwrap().into(),
            auth: d["keys"]["auth"].as_str().unwrap().into(),
            label: "Puhelin".into(),
            created_at: self.app.clock.now().naive_utc(),
            last_delivered_at: None,
        };
        use diesel::prelude::*;
        diesel::insert_into(seteli::db::schema::push_subscriptions::table)
            .values(&row)
            .execute(&mut *conn)
            .unwrap();
        row.id
    }

    /// The client has no thread with [`World::provider_id`]: a request opens a new one.
    pub fn no_thread(&self) {
        use diesel::prelude::*;
        use seteli::db::schema::{chat_messages, chat_receipts, chat_threads};
        let mut conn = self.app.state.db.get().unwrap();
        let threads = chat_threads::table
            .filter(chat_threads::client_id.eq(&self.client.id))
            .select(chat_threads::id);
        let ids: Vec<String> = threads.load(&mut *conn).unwrap();
        diesel::delete(chat_receipts::table.filter(chat_receipts::thread_id.eq_any(&ids)))
            .execute(&mut *conn)
            .unwrap();
        diesel::delete(chat_messages::table.filter(chat_messages::thread_id.eq_any(&ids)))
            .execute(&mut *conn)
            .unwrap();
        diesel::delete(chat_threads::table.filter(chat_threads::id.eq_any(&ids)))
            .execute(&mut *conn)
            .unwrap();
    }

    /// A check-in of today waiting for the provider, straight into the database: its id.
    pub fn fresh_day(&self) -> String {
        let row = self.day_row(self.today());
        let mut conn = self.app.state.db.get().unwrap();
        seteli::attendance::repo::insert_day(&mut conn, &row).unwrap();
        row.id
    }

    /// A check-in of the client on `day` under a confirmed agreement, waiting for staff.
    fn day_row(&self, day: NaiveDate) -> seteli::attendance::repo::DayRow {
        let (voucher, agreement) = self.confirmed_agreement();
        let now = self.app.clock.now().naive_utc();
        seteli::attendance::repo::DayRow {
            id: uuid::Uuid::now_v7().to_string(),
            voucher_id: voucher,
            agreement_id: agreement,
            client_id: self.client.id.clone(),
            provider_id: self.provider_id.clone(),
            site_id: self.site_id.clone(),
            meeting_id: None,
            day,
            status: "pending".into(),
            arrived_at: Some(now),
            claimed_hours: None,
            remote: false,
            verified: false,
            code_step: None,
            late: false,
            units: 1,
            guidance_hours: None,
            absence: None,
            reason_code: None,
            reason: None,
            recorded_by: self.client.id.clone(),
            recorded_as: "self".into(),
            created_at: now,
            decided_by: None,
            decided_at: None,
        }
    }

    /// A day the provider confirmed in last month, straight into the database: the month,
    /// `YYYY-MM`, which has ended and has something to bill.
    pub fn billed_month(&self) -> String {
        let first = seteli::attendance::month_of(self.today()).0;
        let day = first.pred_opt().unwrap();
        let mut row = self.day_row(day);
        row.status = "confirmed".into();
        row.verified = true;
        row.decided_at = Some(row.created_at);
        let mut conn = self.app.state.db.get().unwrap();
        // Recorded once: a second call finds the day there.
        let _ = seteli::attendance::repo::insert_day(&mut conn, &row);
        day.format("%Y-%m").to_string()
    }

    /// A meeting planned for tomorrow on an agreement in force, straight into the database:
    /// (the agreement, the meeting).
    pub fn fresh_meeting(&self) -> (String, String) {
        let (_, agreement) = self.confirmed_agreement();
        let mut conn = self.app.state.db.get().unwrap();
        let now = self.app.clock.now();
        let at = (now + Duration::days(1)).naive_utc();
        let row = seteli::attendance::repo::MeetingRow {
            id: uuid::Uuid::now_v7().to_string(),
            agreement_id: agreement.clone(),
            starts_at: at,
            day: self.today() + Duration::days(1),
            place: None,
            remote: false,
            status: "scheduled".into(),
            cancel_reason: None,
            cancelled_at: None,
            replaces_id: None,
            created_by: self.client.id.clone(),
            created_at: now.naive_utc(),
            updated_at: now.naive_utc(),
        };
        seteli::attendance::repo::insert_meeting(&mut conn, &row).unwrap();
        (agreement, row.id)
    }

    /// A proposal to end an agreement in two weeks that either side may send.
    pub fn ending_body(&self) -> Value {
        json!({"reason": "other", "explanation": "Tavoitteet on saavutettu.",
               "last_day": (self.today() + Duration::days(14)).to_string()})
    }

    /// A booking of the client in `status`, on a fresh voucher and a fresh slot `hours` from now,
    /// straight into the database. Returns its id.
    pub fn fresh_visit(&self, status: seteli::visits::Status, hours: i64) -> String {
        use seteli::visits::repo::{insert_visit, take_place, VisitRow};
        let voucher = self.fresh_voucher();
        let slot = self.fresh_slot(hours);
        let mut conn = self.app.state.db.get().unwrap();
        let now = self.app.clock.now().naive_utc();
        take_place(&mut conn, &slot, now - Duration::days(1)).unwrap();
        let row = VisitRow {
            id: uuid::Uuid::now_v7().to_string(),
            slot_id: slot,
            voucher_id: voucher,
            client_id: self.client.id.clone(),
            provider_id: self.provider_id.clone(),
            status: status.as_str().into(),
            reason_code: None,
            reason: None,
            queue_start_on: None,
            booked_by: self.client.id.clone(),
            created_at: now,
            updated_at: now,
        };
        insert_visit(&mut conn, &row, seteli::access::ActingAs::Myself).unwrap();
        row.id
    }

    /// A new legal guardian's mandate of the client, registered straight into the database.
    pub fn fresh_guardian(&self) -> String {
        use seteli::mandates::repo::{insert, NewMandate};
        use seteli::mandates::{Basis, Scopes, StoredStatus, Validity};
        let now = self.app.clock.now();
        let today = seteli::clock::helsinki_date(now);
        let mut conn = self.app.state.db.get().unwrap();
        insert(
            &mut conn,
            NewMandate {
                client_id: &self.client.id,
                proxy: &random_test_code(),
                proxy_name: "Guardian",
                scopes: &Scopes::new(Scope::ALL).unwrap(),
                validity: Validity::new(None, today + Duration::days(300), today).unwrap(),
                basis: Basis::Guardian,
                status: StoredStatus::Active,
                created_by: &self.callers[&Caseworker].id,
                acting_as: seteli::access::ActingAs::Caseworker,
            },
            now,
        )
        .unwrap()
        .id
    }

    /// A new client of Heinola, straight into the database. Returns their id.
    pub fn fresh_client(&self) -> String {
        let mut conn = self.app.state.db.get().unwrap();
        let code = random_test_code();
        let (person, _) = seteli::persons::repo::find_or_create(
            &mut conn,
            &code,
            Some("Fresh"),
            self.app.clock.now(),
        )
        .unwrap();
        seteli::persons::repo::make_client(
            &mut conn,
            &person.id,
            "heinola",
            None,
            Some((61.2, 26.0)),
            self.app.clock.now(),
        )
        .unwrap();
        person.id
    }

    /// The token a caller sends for a row; `None`: no token at all.
    fn token(&self, caller: Caller, row: &Row) -> Option<String> {
        let person = match caller {
            Anonymous => return None,
            Client => &self.client,
            ProxyWithoutScope => &self.without[&row.proxy_scope.unwrap_or(Scope::View)],
            other => &self.callers[&other],
        };
        Some(if row.ends_session {
            self.app.fresh_token(person)
        } else {
            person.token.clone()
        })
    }
}

/// Client creates, caseworker decides, through the API. Returns the mandate id.
pub(crate) async fn mandate(
    app: &TestApp,
    client: &Person,
    proxy: &Person,
    scopes: &[Scope],
    from_days: i64,
    until_days: i64,
) -> String {
    let today = seteli::clock::helsinki_date(app.clock.now());
    let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    let res = app
        .post_auth(
            "/api/v1/clients/me/mandates",
            &client.token,
            &json!({
                "proxy_personal_id": proxy.code.as_str(),
                "proxy_name": "Helper",
                "scopes": scopes,
                "valid_from": (today + Duration::days(from_days)).to_string(),
                "valid_until": (today + Duration::days(until_days)).to_string(),
            }),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let body: Value = res.json().await.unwrap();
    body["id"].as_str().unwrap().to_string()
}

pub(crate) async fn approve(app: &TestApp, worker: &Person, id: &str) {
    let res = app
        .post_auth(
            &format!("/api/v1/caseworker/mandates/{id}/approve"),
            &worker.token,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// Builds the world through the API, then moves the clock three days on so the short mandate has
/// expired, and signs everyone in again (access tokens last minutes).
async fn world(app: &TestApp) -> World<'_> {
    let client = app.new_client("heinola", "Aino Asiakas").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Helena Heinola")
        .await;
    let all = Scope::ALL;
    let mut callers = BTreeMap::new();
    let mut without = BTreeMap::new();

    let proxy = app.sign_in(&random_test_code(), "Proxy with scope").await;
    let id = mandate(app, &client, &proxy, &all, 0, 365).await;
    approve(app, &worker, &id).await;
    callers.insert(ProxyWithScope, proxy);

    for scope in all {
        let proxy = app.sign_in(&random_test_code(), "Proxy without").await;
        let rest: Vec<Scope> = all.into_iter().filter(|s| *s != scope).collect();
        let id = mandate(app, &client, &proxy, &rest, 0, 365).await;
        approve(app, &worker, &id).await;
        without.insert(scope, proxy);
    }

    let proxy = app.sign_in(&random_test_code(), "Pending").await;
    mandate(app, &client, &proxy, &all, 0, 365).await;
    callers.insert(ProxyPending, proxy);

    let proxy = app.sign_in(&random_test_code(), "Rejected").await;
    let id = mandate(app, &client, &proxy, &all, 0, 365).await;
    let res = app
        .post_auth(
            &format!("/api/v1/caseworker/mandates/{id}/reject"),
            &worker.token,
            &json!({"reason": "No signature."}),
        )
        .await;
    assert_eq!(res.status(), 200);
    callers.insert(ProxyRejected, proxy);

    let proxy = app.sign_in(&random_test_code(), "Revoked").await;
    let id = mandate(app, &client, &proxy, &all, 0, 365).await;
    approve(app, &worker, &id).await;
    let res = app
        .delete_auth(&format!("/api/v1/clients/me/mandates/{id}"), &client.token)
        .await;
    assert_eq!(res.status(), 200);
    callers.insert(ProxyRevoked, proxy);

    let proxy = app.sign_in(&random_test_code(), "Expired").await;
    let id = mandate(app, &client, &proxy, &all, 0, 1).await;
    approve(app, &worker, &id).await;
    callers.insert(ProxyExpired, proxy);

    let proxy = app.sign_in(&random_test_code(), "Not yet").await;
    let id = mandate(app, &client, &proxy, &all, 30, 365).await;
    approve(app, &worker, &id).await;
    callers.insert(ProxyNotYetValid, proxy);

    callers.insert(OtherClient, app.new_client("heinola", "Other client").await);
    callers.insert(
        OtherCaseworker,
        app.new_with_role(Role::Caseworker, Some("kuopio"), "Kuopio worker")
            .await,
    );
    callers.insert(UnrelatedStaff, unrelated_staff(app).await);
    let voucher_id = voucher(app, &client, &worker).await;
    let (provider_id, site_id, staff) = nearby_provider(app, &worker).await;
    let (other, _, _) = nearby_provider(app, &worker).await;
    // The client books a visit at the provider, through the API.
    let start = app.clock.now() + Duration::days(10);
    let res = app
        .post_auth(
            "/api/v1/provider/intro-slots",
            &staff.token,
            &json!({"site_id": site_id, "service": "rwa_basic", "starts_at": start,
                    "ends_at": start + Duration::hours(2), "capacity": 100,
                    "languages": ["fi"]}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let slot_id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .post_auth(
            "/api/v1/clients/me/intro-visits",
            &client.token,
            &json!({"voucher_id": voucher_id, "slot_id": slot_id}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let visit_id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    callers.insert(OwnStaff, staff);
    callers.insert(Caseworker, worker);

    app.clock.advance(Duration::days(3));
    let client = app.sign_in(&client.code, "Aino Asiakas").await;
    for p in callers.values_mut().chain(without.values_mut()) {
        *p = app.sign_in(&p.code, "again").await;
    }
    World {
        app,
        client,
        callers,
        without,
        voucher_id,
        providers: vec![provider_id.clone(), other],
        provider_id,
        site_id,
        slot_id,
        visit_id,
    }
}

/// An association with a site next to the client's home (61.2, 26.0) offering rehabilitative
/// work, approved in Heinola, all through the API. Returns its id, the site's and its staff.
async fn nearby_provider(app: &TestApp, worker: &Person) -> (String, String, Person) {
    let res = app
        .post_auth(
            "/api/v1/caseworker/providers",
            &worker.token,
            &json!({"name": "Lähipaja ry", "business_id": fresh_business_id(),
                    "legal_form": "association"}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let provider = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let staff = app.sign_in(&random_test_code(), "Staff").await;
    {
        let mut conn = app.state.db.get().unwrap();
        seteli::persons::repo::grant_role(
            &mut conn,
            &staff.id,
            Role::ProviderStaff,
            None,
            Some(&provider),
            app.clock.now(),
        )
        .unwrap();
    }
    let res = app
        .post_auth("/api/v1/provider/sites", &staff.token, &site_body())
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let site = res.json::<Value>().await.unwrap()["site"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .send(
            Method::PUT,
            &format!("/api/v1/provider/sites/{site}/services/rwa_basic"),
            &staff.token,
            Some(&crate::providers::offering(json!({}))),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = app
        .post_auth(
            "/api/v1/caseworker/approvals",
            &worker.token,
            &json!({"provider_id": provider, "service": "rwa_basic", "status": "approved"}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    (provider, site, staff)
}

/// The caseworker issues the client a voucher through the API. Returns its id.
pub async fn voucher(app: &TestApp, client: &Person, worker: &Person) -> String {
    let today = seteli::clock::helsinki_date(app.clock.now());
    let res = app
        .post_auth(
            "/api/v1/caseworker/vouchers",
            &worker.token,
            &json!({
                "client_id": client.id,
                "service": "rwa_basic",
                "decision_date": today.to_string(),
                "valid_from": today.to_string(),
                "valid_until": seteli::rulebooks::last_day_of(today, 6).to_string(),
                "granted_units": 50,
                "per_week": 2,
                "hours_per_day": 5,
            }),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let body: Value = res.json().await.unwrap();
    body["id"].as_str().unwrap().to_string()
}

async fn unrelated_staff(app: &TestApp) -> Person {
    use diesel::prelude::*;
    use seteli::db::schema::providers;
    let person = app.sign_in(&random_test_code(), "Staff").await;
    let provider = uuid::Uuid::now_v7().to_string();
    let mut conn = app.state.db.get().unwrap();
    diesel::insert_into(providers::table)
        .values((
            providers::id.eq(&provider),
            providers::name.eq("Unrelated ry"),
            providers::created_at.eq(app.clock.now().naive_utc()),
        ))
        .execute(&mut *conn)
        .unwrap();
    seteli::persons::repo::grant_role(
        &mut conn,
        &person.id,
        Role::ProviderStaff,
        None,
        Some(&provider),
        app.clock.now(),
    )
    .unwrap();
    person
}

/// The query a route requires, filled with two fresh ids each (e.g. `?ids=a,b`).
fn required_query(path: &str, method: &str) -> String {
    let doc = serde_json::to_value(seteli::openapi()).unwrap();
    let params = doc["paths"][path][method.to_lowercase()]["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let pairs: Vec<String> = params
        .iter()
        .filter(|p| p["in"] == "query" && p["required"] == true)
        .map(|p| {
            let ids = [uuid::Uuid::now_v7(), uuid::Uuid::now_v7()].map(|u| u.to_string());
            format!("{}={}", p["name"].as_str().unwrap(), ids.join(","))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Every (method, path) in the OpenAPI document, and those under `prefix`.
fn documented_routes(prefix: &str) -> BTreeSet<(String, String)> {
    let doc = serde_json::to_value(seteli::openapi()).unwrap();
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with(prefix) {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                out.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

fn documented_client_routes() -> BTreeSet<(String, String)> {
    documented_routes("/api/v1/clients/")
}

#[test]
fn every_route_in_the_document_has_a_row_and_no_row_is_stale() {
    let documented = documented_routes("/");
    let table: BTreeSet<(String, String)> = rows()
        .iter()
        .map(|r| (r.method.as_str().to_string(), r.path.to_string()))
        .collect();
    let missing: Vec<_> = documented.difference(&table).collect();
    let stale: Vec<_> = table.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the authorization matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "rows for routes that do not exist: {stale:?}"
    );
    assert_eq!(rows().len(), table.len(), "one row per route");
}

/// A helper's scope is checked against the action: a row that names a scope lets the helper
/// with it through and stops the helper without it, and no row lets a helper through without
/// naming the scope it needs.
#[test]
fn every_scoped_row_separates_helpers_by_their_scope() {
    let at = |c: Caller| CALLERS.iter().position(|x| *x == c).unwrap();
    for r in rows() {
        let (with, without) = (
            r.expect[at(ProxyWithScope)],
            r.expect[at(ProxyWithoutScope)],
        );
        if r.path.starts_with("/api/v1/clients/") {
            match r.proxy_scope {
                Some(_) => assert!(
                    (200..300).contains(&with) && without == 404,
                    "{} {}",
                    r.method,
                    r.path
                ),
                None => assert!(with == 404 && without == 404, "{} {}", r.method, r.path),
            }
        }
    }
}

#[actix_web::test]
async fn the_authorization_matrix_holds_for_every_route_and_caller() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let mut failures = Vec::new();
    for row in rows() {
        for (caller, expected) in CALLERS.iter().zip(row.expect) {
            let req = (row.build)(&w);
            let mut http = app.http.request(row.method.clone(), app.url(&req.path));
            if let Some(token) = w.token(*caller, &row) {
                http = http.bearer_auth(token);
            }
            if let Some(body) = &req.body {
                http = http.json(body);
            }
            let res = http.send().await.unwrap();
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap_or(Value::Null);
            if status != expected {
                let body: String = body.to_string().chars().take(200).collect();
                failures.push(format!(
                    "{} {} as {caller:?}: expected {expected}, got {status} {body}",
                    row.method, row.path
                ));
            } else if status == 404 && body["code"] != "resource.not_found" {
                failures.push(format!(
                    "{} {} as {caller:?}: a refusal must look like a missing resource, got {body}",
                    row.method, row.path
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A template with every parameter other than the client filled with `value`.
fn other_ids(template: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |e| start + e + 1);
        out.push_str(&rest[..start]);
        out.push_str(value);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[actix_web::test]
async fn me_and_bad_ids_on_every_client_route() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "Me").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("heinola"), "Worker")
        .await;
    for (method, template) in documented_client_routes() {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let today = seteli::clock::helsinki_date(app.clock.now());
        // A body of the right shape, naming nothing that exists.
        let body = (method == Method::POST || method == Method::PATCH).then(|| {
            if method == Method::PATCH {
                json!({"slot_id": uuid::Uuid::now_v7().to_string()})
            } else if template.ends_with("/confirm") {
                json!(null)
            } else if template.ends_with("/ending") {
                json!({"reason": "other", "explanation": "x", "last_day": today.to_string()})
            } else if template.ends_with("/queue") {
                json!({"accept": true})
            } else if template.ends_with("/check-ins") {
                json!({"day": today.to_string()})
            } else if template.ends_with("/absences") {
                json!({"day": today.to_string(), "reason": "sick"})
            } else if template.ends_with("/cancel") {
                json!(null)
            } else if template.ends_with("/intro-visits") {
                json!({"voucher_id": uuid::Uuid::now_v7().to_string(),
                       "slot_id": uuid::Uuid::now_v7().to_string()})
            } else {
                new_mandate_body(today, &random_test_code(), &["view"], 30)
            }
        });
        let query = required_query(&template, method.as_str());
        // A caseworker has no client record of their own: `me` is nobody.
        let own = other_ids(
            &template.replace("{client_id}", "me"),
            &uuid::Uuid::now_v7().to_string(),
        ) + &query;
        let res = app
            .send(method.clone(), &own, &worker.token, body.as_ref())
            .await;
        assert_eq!(res.status(), 404, "{method} {own} as a caseworker");
        // Something that is not an id names nothing.
        let bogus = other_ids(&template.replace("{client_id}", "not-an-id"), "not-an-id") + &query;
        let res = app
            .send(method.clone(), &bogus, &client.token, body.as_ref())
            .await;
        assert_eq!(res.status(), 404, "{method} {bogus}");
    }
}

/// Ends every relation of the world's client with a provider a day longer ago than staff keep
/// reach after one ends, straight in the database: its visits cancelled, its agreements ended.
fn lapse_relations(w: &World) {
    use diesel::prelude::*;
    use seteli::db::schema::{agreements, intro_visits};
    let days = seteli::access::STAFF_REACH_DAYS_AFTER_END + 1;
    let ago = (w.app.clock.now() - Duration::days(days)).naive_utc();
    let mut conn = w.app.state.db.get().unwrap();
    diesel::update(intro_visits::table.filter(intro_visits::client_id.eq(&w.client.id)))
        .set((
            intro_visits::status.eq("cancelled"),
            intro_visits::updated_at.eq(ago),
        ))
        .execute(&mut *conn)
        .unwrap();
    diesel::update(agreements::table.filter(agreements::client_id.eq(&w.client.id)))
        .set((
            agreements::ended_at.eq(Some(ago)),
            agreements::ended_on.eq(Some(ago.date())),
            agreements::end_reason.eq(Some("city_ended")),
        ))
        .execute(&mut *conn)
        .unwrap();
}

#[actix_web::test]
async fn staff_whose_relation_lapsed_read_no_client_route() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let staff = CALLERS.iter().position(|c| *c == OwnStaff).unwrap();
    let mut checked = 0;
    for row in rows() {
        let reads = row.method == Method::GET && row.path.starts_with("/api/v1/clients/");
        if !reads || row.expect[staff] != 200 {
            continue;
        }
        // The request is built first: building it may book a visit, a relation of its own.
        let req = (row.build)(&w);
        lapse_relations(&w);
        let token = w.token(OwnStaff, &row).unwrap();
        let res = app.get_auth(&req.path, &token).await;
        assert_eq!(
            res.status(),
            404,
            "GET {} after the relation lapsed",
            row.path
        );
        checked += 1;
    }
    assert!(checked > 0, "no client route staff may read");
}
