//! Monthly billing on a year of history. Not a test: it prints figures and asserts nothing.
//!
//! ```sh
//! cargo bench --bench billing                  # SQLite
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench billing
//!                                              # SQLite, then PostgreSQL
//! ```
//!
//! Loads 4 Heinola providers with 250 clients each, every client with a voucher and an agreement
//! in force for 13 months and four confirmed days a week over the last 12 months (about 200,000
//! days). Provider 0 submitted each of those months on its 3rd; afterwards 100 of its old days
//! were rejected, so this month's open report carries 100 correction lines. Then it runs the
//! real server in-process and times, one request after another (`BENCH_REPEAT`, default 20,
//! each): the provider's submitted last month (frozen lines), its open month (live days and the
//! corrections, which reads the provider's whole history), the same last month as CSV, the
//! caseworker's last month (one submitted provider and three open ones, live), and one
//! submission of a month by another provider. Prints the median and the slowest.

use std::time::{Duration, Instant};

use chrono::{Datelike, Days, Utc, Weekday};
use diesel::prelude::*;
use seteli::billing::Month;
use seteli::clock::{helsinki_date, start_of_day};
use seteli::db::schema::{agreements, persons, vouchers};
use seteli::db::{write_transaction, DbConnection};
use seteli::error::AppError;

#[allow(dead_code)]
#[path = "support/in_process.rs"]
mod in_process;

#[allow(dead_code)]
#[path = "support/heinola_days.rs"]
mod heinola_days;
use heinola_days::{
    heinola_caseworker, person, provider_with_site, staff_of, voucher_and_agreement, Place,
};

const PROVIDERS: usize = 4;
const CLIENTS_PER_PROVIDER: usize = 250;
const MONTHS: u32 = 12;
const CORRECTED: usize = 100;

fn main() {
    let repeat: usize = std::env::var("BENCH_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    println!(
        "Billing benchmark: {PROVIDERS} providers × {CLIENTS_PER_PROVIDER} clients, {MONTHS} months \
         of days; each request {repeat} times, one at a time"
    );
    in_process::on_each_database("billing.db", |label, url| run(label, url, repeat));
}

/// What the load made: the providers, a staff token of each, the caseworker's token.
struct Seeded {
    providers: Vec<String>,
    staff: Vec<String>,
    caseworker: String,
    days: usize,
    lines: usize,
}

fn run(label: &str, url: &str, repeat: usize) {
    println!("\n== {label}");
    let server = in_process::start(url);
    let (port, state) = (server.port, server.state.clone());
    let started = Instant::now();
    let mut conn = state.db.get().expect("a connection");
    let s = load(&mut conn, &state).expect("the data loads");
    diesel::sql_query("ANALYZE")
        .execute(&mut *conn)
        .expect("analyze");
    drop(conn);
    println!(
        "loaded in {:.1} s: {} days, {} submitted lines",
        started.elapsed().as_secs_f64(),
        s.days,
        s.lines
    );
    let today = helsinki_date(Utc::now());
    let this = Month::of(today).code();
    let last = Month::of(Month::of(today).first() - Days::new(1)).code();
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let p0 = &s.providers[0];
    let rt = actix_web::rt::System::new();
    let client = reqwest::Client::new();
    let time = |what: &str, url: String, token: &str, post: bool| {
        let mut took = Vec::with_capacity(repeat);
        let mut size = 0;
        for _ in 0..if post { 1 } else { repeat } {
            let t = Instant::now();
            let (status, body) = rt.block_on(async {
                let req = if post {
                    client.post(&url)
                } else {
                    client.get(&url)
                };
                let res = req.bearer_auth(token).send().await.expect("an answer");
                let status = res.status().as_u16();
                (status, res.bytes().await.expect("a body"))
            });
            took.push(t.elapsed());
            size = body.len();
            assert!(
                status < 300,
                "{what}: {status} {}",
                String::from_utf8_lossy(&body)
            );
        }
        took.sort();
        println!(
            "{what:<48} median {:>8.1} ms   slowest {:>8.1} ms   {:>8} bytes",
            ms(took[took.len() / 2]),
            ms(*took.last().unwrap()),
            size
        );
    };
    let q = format!("?provider_id={p0}");
    time(
        "provider, last month (submitted)",
        format!("{base}/provider/billing/{last}{q}"),
        &s.staff[0],
        false,
    );
    time(
        "provider, this month (open, 100 corrections)",
        format!("{base}/provider/billing/{this}{q}"),
        &s.staff[0],
        false,
    );
    time(
        "provider, last month as CSV",
        format!("{base}/provider/billing/{last}.csv{q}"),
        &s.staff[0],
        false,
    );
    time(
        "caseworker, last month (4 providers)",
        format!("{base}/caseworker/billing/{last}"),
        &s.caseworker,
        false,
    );
    let q1 = format!("?provider_id={}", s.providers[1]);
    time(
        "provider 1 submits last month (once)",
        format!("{base}/provider/billing/{last}/submit{q1}"),
        &s.staff[1],
        true,
    );
    drop(state);
    server.stop();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Loads the providers, staff, clients, a year of confirmed days, provider 0's submissions of
/// every past month, and then the rejection of some of its old days.
fn load(conn: &mut DbConnection, state: &seteli::AppState) -> Result<Seeded, AppError> {
    let now = Utc::now();
    let at = now.naive_utc();
    let today = helsinki_date(now);
    let this = Month::of(today);
    let mut first = this;
    for _ in 0..MONTHS {
        first = Month::of(first.first() - Days::new(1));
    }
    let token = |conn: &mut DbConnection, person: &str| -> Result<String, AppError> {
        let (session, _) = seteli::auth::repo::start_session(conn, person, now, 1)?;
        state
            .tokens
            .issue(person, &session, now)
            .map_err(AppError::internal)
    };
    let mut s = write_transaction(conn, |conn| {
        let caseworker = heinola_caseworker(conn, "bench-bill-cw", "Bench Caseworker", now)?;
        let mut s = Seeded {
            providers: Vec::new(),
            staff: Vec::new(),
            caseworker: token(conn, &caseworker)?,
            days: 0,
            lines: 0,
        };
        let mut values = Vec::new();
        for p in 0..PROVIDERS {
            let (provider, site) = provider_with_site(
                conn,
                (&format!("Työpaja {p} ry"), &format!("Työpaja {p}")),
                (61.2045, 26.0372),
                at,
            )?;
            let staff = staff_of(
                conn,
                &format!("bench-bill-staff-{p}"),
                &format!("Ohjaaja {p}"),
                &provider,
                now,
            )?;
            s.staff.push(token(conn, &staff)?);
            for c in 0..CLIENTS_PER_PROVIDER {
                let client = person(
                    conn,
                    &format!("bench-bill-{p}-{c}"),
                    &format!("Asiakas {p}.{c}"),
                    at,
                )?;
                seteli::persons::repo::make_client(conn, &client, "heinola", None, None, now)?;
                let place = Place {
                    provider_id: &provider,
                    site_id: &site,
                    caseworker: &caseworker,
                };
                let number = format!("BENCH-BILL-{p}-{c:05}");
                let (voucher, agreement) =
                    voucher_and_agreement(conn, &client, number, &place, (today, at))?;
                // In force for the whole history.
                let from = first.first() - Days::new(7);
                diesel::update(vouchers::table.find(&voucher))
                    .set((
                        vouchers::valid_from.eq(from),
                        vouchers::decision_date.eq(from),
                        vouchers::granted_units.eq(400),
                    ))
                    .execute(conn)?;
                diesel::update(agreements::table.find(&agreement))
                    .set(agreements::starts_on.eq(from))
                    .execute(conn)?;
                let mut day = first.first();
                while day < today {
                    if matches!(
                        day.weekday(),
                        Weekday::Mon | Weekday::Tue | Weekday::Wed | Weekday::Thu
                    ) {
                        values.push(format!(
                            "('{}','{voucher}','{agreement}','{client}','{}','{}',NULL,'{day}','confirmed',NULL,NULL,{f},{t},NULL,{f},1,NULL,NULL,NULL,NULL,'{client}','self','{ts}','{staff}','{ts}')",
                            uuid::Uuid::now_v7(),
                            provider,
                            site,
                            f = falsy(conn),
                            t = truthy(conn),
                            ts = start_of_day(day).naive_utc().format("%Y-%m-%d %H:%M:%S"),
                        ));
                    }
                    day = day + Days::new(1);
                }
            }
            s.providers.push(provider);
        }
        s.days = values.len();
        for chunk in values.chunks(500) {
            diesel::sql_query(format!(
                "INSERT INTO activity_days (id, voucher_id, agreement_id, client_id, provider_id, site_id, meeting_id, day, status, arrived_at, claimed_hours, remote, verified, code_step, late, units, guidance_hours, absence, reason_code, reason, recorded_by, recorded_as, created_at, decided_by, decided_at) VALUES {}",
                chunk.join(",")
            ))
            .execute(conn)?;
        }
        Ok::<_, AppError>(s)
    })?;
    // Provider 0 submits every past month on the 3rd of the next.
    let staff0 = persons::table
        .filter(persons::personal_id.eq("bench-bill-staff-0"))
        .select(persons::id)
        .first::<String>(conn)?;
    let mut m = first;
    while m < this {
        let when = start_of_day(m.next().first() + Days::new(2)) + chrono::Duration::hours(9);
        let when = when.min(now - chrono::Duration::minutes(1));
        let done = write_transaction(conn, |c| {
            seteli::billing::work::submit(c, &s.providers[0], m, &staff0, when)
        })?;
        s.lines += done.lines;
        m = m.next();
    }
    // Then some of its old days are rejected: corrections in this month's open report.
    let old: Vec<String> = seteli::db::schema::activity_days::table
        .filter(seteli::db::schema::activity_days::provider_id.eq(&s.providers[0]))
        .filter(seteli::db::schema::activity_days::day.lt(this.first()))
        .select(seteli::db::schema::activity_days::id)
        .order(seteli::db::schema::activity_days::id)
        .limit(CORRECTED as i64 * 37)
        .load(conn)?;
    use seteli::db::schema::activity_days as ad;
    for id in old.iter().step_by(37) {
        diesel::update(ad::table.find(id))
            .set((
                ad::status.eq("rejected"),
                ad::units.eq(0),
                ad::reason.eq(Some("Ei paikalla.")),
                ad::decided_at.eq(Some(at)),
            ))
            .execute(conn)?;
    }
    Ok(s)
}

fn falsy(conn: &DbConnection) -> &'static str {
    match conn {
        DbConnection::Sqlite(_) => "0",
        DbConnection::Postgres(_) => "FALSE",
    }
}

fn truthy(conn: &DbConnection) -> &'static str {
    match conn {
        DbConnection::Sqlite(_) => "1",
        DbConnection::Postgres(_) => "TRUE",
    }
}
