//! What the kill test loads and sends: the people and places the writes need, the writes, and
//! what the database holds of what they make.

use std::collections::{HashMap, HashSet};

use base64::Engine;
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde_json::{json, Value};
use seteli::billing::Month;
use seteli::db::schema::{
    agreements, billing_lines, billing_submissions, chat_messages, intro_slots, intro_visits,
    mandates, vouchers,
};
use seteli::db::{write_transaction, DatabaseUrl, DbConnection};
use seteli::error::AppError;

use super::{stamp, Kind, Write, BILLED_DAYS, CASEWORKERS, CHATTERS, EACH};
use crate::crash::heinola_days::{
    heinola_caseworker, person, provider_with_site, staff_of, voucher_and_agreement, Place,
};
use crate::faults::call;
use crate::helpers::random_test_code;

/// A set-up request that must succeed: its JSON body.
async fn must(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Value,
) -> Value {
    let answer = call(http, method, &url, token, None, Some(&body))
        .await
        .unwrap();
    let (status, body) = (answer.status, answer.body);
    assert!((200..300).contains(&status), "{url}: {status} {body}");
    body
}

/// The people and places the writes need, loaded straight into the database, with their tokens.
pub(super) struct World {
    today: NaiveDate,
    /// Caseworkers of Heinola: their tokens.
    caseworkers: Vec<String>,
    /// Clients to be issued a voucher.
    issued: Vec<String>,
    /// Clients who give a power of attorney: (id, token).
    givers: Vec<(String, String)>,
    /// Clients with a voucher who book an intro visit: (id, token, voucher).
    bookers: Vec<(String, String, String)>,
    /// Clients who write to their caseworkers: token.
    chatters: Vec<String>,
    /// A provider near the bookers, with its site and a member of staff's token.
    host: (String, String, String),
    /// Providers with last month's days to bill: (provider, staff token).
    billers: Vec<(String, String)>,
}

/// Migrates a fresh database and loads a [`World`], with tokens signed with `key` as the
/// server will sign them.
pub(super) fn load(url: &str, key: &str) -> World {
    let mut conn = DatabaseUrl::parse(url).unwrap().connect().unwrap();
    seteli::db::run_migrations(&mut conn).unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(key)
        .unwrap();
    let tokens =
        seteli::auth::tokens::TokenService::new(&seteli::config::AuthSettings::default(), &bytes);
    let now = Utc::now();
    let at = now.naive_utc();
    let today = seteli::clock::helsinki_date(now);
    let last = Month::of(Month::of(today).first() - Days::new(1));
    let from = last.first() - Days::new(7);
    write_transaction(&mut conn, |conn| {
        let token = |conn: &mut DbConnection, who: &str| -> Result<String, AppError> {
            let (session, _) = seteli::auth::repo::start_session(conn, who, now, 1)?;
            tokens.issue(who, &session, now).map_err(AppError::internal)
        };
        let client = |conn: &mut DbConnection, name: &str| -> Result<String, AppError> {
            let id = person(conn, random_test_code().as_str(), name, at)?;
            seteli::persons::repo::make_client(
                conn,
                &id,
                "heinola",
                None,
                Some((61.2, 26.0)),
                now,
            )?;
            Ok(id)
        };
        let code = || random_test_code().as_str().to_string();
        let caseworker = heinola_caseworker(conn, &code(), "Helena Heinola", now)?;
        let (provider, site) =
            provider_with_site(conn, ("Työpaja ry", "Työpaja"), (61.2045, 26.0372), at)?;
        let place = Place {
            provider_id: &provider,
            site_id: &site,
            caseworker: &caseworker,
        };
        let (host, host_site) =
            provider_with_site(conn, ("Kipinä ry", "Kipinä"), (61.21, 26.01), at)?;
        let host_staff = staff_of(conn, &code(), "Jari Kipinä", &host, now)?;
        let mut w = World {
            today,
            caseworkers: vec![token(conn, &caseworker)?],
            issued: Vec::new(),
            givers: Vec::new(),
            bookers: Vec::new(),
            chatters: Vec::new(),
            host: (host, host_site, token(conn, &host_staff)?),
            billers: Vec::new(),
        };
        for i in 0..EACH {
            w.issued.push(client(conn, &format!("Saaja {i}"))?);
            let giver = client(conn, &format!("Antaja {i}"))?;
            w.givers.push((giver.clone(), token(conn, &giver)?));
            let booker = client(conn, &format!("Varaaja {i}"))?;
            let number = format!("FAULT-B-{i:04}");
            let (voucher, _) = voucher_and_agreement(conn, &booker, number, &place, (today, at))?;
            w.bookers
                .push((booker.clone(), token(conn, &booker)?, voucher));
            // A provider of its own, with one client and last month's days confirmed.
            let (biller, biller_site) = provider_with_site(
                conn,
                (&format!("Paja {i} ry"), &format!("Paja {i}")),
                (61.2045, 26.0372),
                at,
            )?;
            let staff = staff_of(conn, &code(), &format!("Ohjaaja {i}"), &biller, now)?;
            let billed = client(conn, &format!("Asiakas {i}"))?;
            let place = Place {
                provider_id: &biller,
                site_id: &biller_site,
                caseworker: &caseworker,
            };
            let number = format!("FAULT-P-{i:04}");
            let (voucher, agreement) =
                voucher_and_agreement(conn, &billed, number, &place, (today, at))?;
            diesel::update(vouchers::table.find(&voucher))
                .set((
                    vouchers::valid_from.eq(from),
                    vouchers::decision_date.eq(from),
                ))
                .execute(conn)?;
            diesel::update(agreements::table.find(&agreement))
                .set(agreements::starts_on.eq(from))
                .execute(conn)?;
            let days = (0..31)
                .map(|d| last.first() + Days::new(d))
                .filter(|d| d.weekday().num_days_from_monday() < 4 && Month::of(*d) == last)
                .take(BILLED_DAYS);
            for day in days {
                let row = seteli::attendance::repo::DayRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    voucher_id: voucher.clone(),
                    agreement_id: agreement.clone(),
                    client_id: billed.clone(),
                    provider_id: biller.clone(),
                    site_id: biller_site.clone(),
                    meeting_id: None,
                    day,
                    status: "confirmed".into(),
                    arrived_at: None,
                    claimed_hours: None,
                    remote: false,
                    verified: true,
                    code_step: None,
                    late: false,
                    units: 1,
                    guidance_hours: None,
                    absence: None,
                    reason_code: None,
                    reason: None,
                    recorded_by: billed.clone(),
                    recorded_as: "self".into(),
                    created_at: at,
                    decided_by: Some(staff.clone()),
                    decided_at: Some(at),
                };
                seteli::attendance::repo::insert_day(conn, &row)?;
            }
            w.billers.push((biller, token(conn, &staff)?));
        }
        for i in 1..CASEWORKERS {
            let caseworker = heinola_caseworker(conn, &code(), &format!("Työntekijä {i}"), now)?;
            w.caseworkers.push(token(conn, &caseworker)?);
        }
        for i in 0..CHATTERS {
            let chatter = client(conn, &format!("Kirjoittaja {i}"))?;
            w.chatters.push(token(conn, &chatter)?);
        }
        Ok::<_, AppError>(w)
    })
    .unwrap()
}

impl World {
    /// Makes through the API what the writes need besides (the host's offer and a slot, the
    /// chatters' threads), and answers the writes, the kinds taking turns.
    pub(super) async fn writes(&self, http: &reqwest::Client, base: &str) -> Vec<Write> {
        use reqwest::Method;
        let api = format!("{base}/api/v1");
        let (host, site, staff) = &self.host;
        must(
            http,
            Method::PUT,
            format!("{api}/provider/sites/{site}/services/rwa_basic"),
            staff,
            crate::providers::offering(json!({})),
        )
        .await;
        must(
            http,
            Method::POST,
            format!("{api}/caseworker/approvals"),
            &self.caseworkers[0],
            json!({"provider_id": host, "service": "rwa_basic", "status": "approved"}),
        )
        .await;
        let starts = Utc::now() + chrono::Duration::days(2);
        let slot = must(
            http,
            Method::POST,
            format!("{api}/provider/intro-slots"),
            staff,
            json!({"site_id": site, "service": "rwa_basic", "starts_at": starts,
                   "ends_at": starts + chrono::Duration::hours(1),
                   "capacity": seteli::visits::SLOT_MAX_CAPACITY, "languages": ["fi"],
                   "note": {"fi": "Soita ovikelloa.", "sv": "Ring på.", "en": "Ring the bell."}}),
        )
        .await["id"]
            .as_str()
            .unwrap()
            .to_string();
        let mut threads = Vec::new();
        for token in &self.chatters {
            let thread = must(
                http,
                Method::POST,
                format!("{api}/threads"),
                token,
                json!({"client_id": "me"}),
            )
            .await;
            threads.push((thread["id"].as_str().unwrap().to_string(), token.clone()));
        }
        let last = Month::of(Month::of(self.today).first() - Days::new(1)).code();
        let write = |kind, path: String, token: &str, body: Option<Value>, subject: &str| Write {
            kind,
            path: format!("/api/v1{path}"),
            token: token.to_string(),
            key: uuid::Uuid::now_v7().to_string(),
            body,
            subject: subject.to_string(),
        };
        let mut writes = Vec::new();
        for i in 0..EACH {
            let issued = &self.issued[i];
            writes.push(write(
                Kind::Voucher,
                "/caseworker/vouchers".into(),
                &self.caseworkers[i % CASEWORKERS],
                Some(json!({
                    "client_id": issued, "service": "rwa_basic",
                    "decision_date": self.today, "valid_from": self.today,
                    "valid_until": seteli::rulebooks::last_day_of(self.today, 6),
                    "granted_units": 50, "per_week": 2, "hours_per_day": 5,
                })),
                issued,
            ));
            let (giver, token) = &self.givers[i];
            writes.push(write(
                Kind::Mandate,
                "/clients/me/mandates".into(),
                token,
                Some(json!({
                    "proxy_personal_id": random_test_code().as_str(),
                    "proxy_name": "Kalle Virtanen", "scopes": ["view", "message"],
                    "valid_until": self.today + Days::new(365),
                })),
                giver,
            ));
            let (booker, token, voucher) = &self.bookers[i];
            writes.push(write(
                Kind::Booking,
                "/clients/me/intro-visits".into(),
                token,
                Some(json!({"voucher_id": voucher, "slot_id": slot})),
                booker,
            ));
            let (thread, token) = &threads[i % CHATTERS];
            let text = format!("Viesti {i}: tulen huomenna bussilla.");
            writes.push(write(
                Kind::Message,
                format!("/threads/{thread}/messages"),
                token,
                Some(json!({ "text": text })),
                &text,
            ));
            let (biller, token) = &self.billers[i];
            writes.push(write(
                Kind::Billing,
                format!("/provider/billing/{last}/submit"),
                token,
                None,
                biller,
            ));
        }
        writes
    }

    /// What the database holds of what the writes make: for each kind and subject, what was
    /// made (as [`made`] names it).
    pub(super) fn stored(&self, conn: &mut DbConnection) -> HashMap<(Kind, String), Vec<String>> {
        let mut rows: Vec<(Kind, String, String)> = Vec::new();
        let mut add = |kind, found: Vec<(String, String)>| {
            rows.extend(found.into_iter().map(|(s, m)| (kind, s, m)));
        };
        add(
            Kind::Voucher,
            vouchers::table
                .filter(vouchers::client_id.eq_any(&self.issued))
                .select((vouchers::client_id, vouchers::id))
                .load(conn)
                .unwrap(),
        );
        let givers: Vec<&String> = self.givers.iter().map(|g| &g.0).collect();
        add(
            Kind::Mandate,
            mandates::table
                .filter(mandates::client_id.eq_any(givers))
                .select((mandates::client_id, mandates::id))
                .load(conn)
                .unwrap(),
        );
        add(
            Kind::Booking,
            intro_visits::table
                .select((intro_visits::client_id, intro_visits::id))
                .load(conn)
                .unwrap(),
        );
        add(
            Kind::Message,
            chat_messages::table
                .select((chat_messages::body, chat_messages::id))
                .load(conn)
                .unwrap(),
        );
        let billers: Vec<&String> = self.billers.iter().map(|b| &b.0).collect();
        let submitted: Vec<(String, NaiveDateTime)> = billing_submissions::table
            .filter(billing_submissions::provider_id.eq_any(billers))
            .select((
                billing_submissions::provider_id,
                billing_submissions::submitted_at,
            ))
            .load(conn)
            .unwrap();
        add(
            Kind::Billing,
            submitted
                .into_iter()
                .map(|(p, at)| (p, stamp(at)))
                .collect(),
        );
        let mut stored: HashMap<(Kind, String), Vec<String>> = HashMap::new();
        for (kind, subject, made) in rows {
            stored.entry((kind, subject)).or_default().push(made);
        }
        stored
    }

    /// What must agree with what was made: the slot counts each booking once, and each
    /// submission carries all its days.
    pub(super) fn consistent(&self, conn: &mut DbConnection) {
        let booked: i32 = intro_slots::table
            .select(intro_slots::booked)
            .first(conn)
            .unwrap();
        let visits: i64 = intro_visits::table.count().get_result(conn).unwrap();
        assert_eq!(
            i64::from(booked),
            visits,
            "the slot counts each booking once"
        );
        let submissions: Vec<String> = billing_submissions::table
            .select(billing_submissions::id)
            .load(conn)
            .unwrap();
        let lines: Vec<String> = billing_lines::table
            .select(billing_lines::submission_id)
            .load(conn)
            .unwrap();
        let mut per: HashMap<&String, usize> = HashMap::new();
        for s in &lines {
            *per.entry(s).or_default() += 1;
        }
        let whole: HashSet<&String> = submissions.iter().collect();
        for s in &submissions {
            assert_eq!(
                per.get(s),
                Some(&BILLED_DAYS),
                "a submission carries every day of its month"
            );
        }
        assert!(
            per.keys().all(|s| whole.contains(s)),
            "no line lost its submission"
        );
    }
}
