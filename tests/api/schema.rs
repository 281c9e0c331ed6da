//! Both backends' migrations give the same tables and columns, and every migration runs up, down
//! and up again.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use seteli::db::{DatabaseUrl, DbConnection};

use crate::helpers::{drop_database, fresh_database};

#[derive(QueryableByName)]
struct Col {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
}

fn family(t: &str) -> &'static str {
    let t = t.to_ascii_lowercase();
    if t.starts_with("timestamp") {
        "timestamp"
    } else if t == "text" || t.starts_with("character") {
        "text"
    } else if t.starts_with("double") || t == "real" {
        "double"
    } else if t == "integer" || t == "int4" {
        "integer"
    } else if t == "bigint" || t == "int8" {
        "bigint"
    } else if t.starts_with("bool") {
        "bool"
    } else if t == "date" {
        "date"
    } else {
        "other"
    }
}

type Shape = BTreeMap<String, BTreeMap<String, (String, bool)>>;

fn shape(conn: &mut DbConnection) -> Shape {
    let cols: Vec<Col> = match conn {
        DbConnection::Sqlite(_) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type,
                    CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 0 ELSE 1 END AS nullable
             FROM sqlite_master m JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__diesel%'
             UNION ALL
             SELECT m.name, p.name, p.type, CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 0 ELSE 1 END
             FROM reads.sqlite_master m JOIN pragma_table_info(m.name, 'reads') p
             WHERE m.type = 'table' AND m.name != '__reads_schema_migrations'",
        )
        .load(conn)
        .unwrap(),
        DbConnection::Postgres(_) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type,
                    CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name NOT LIKE '__diesel%'",
        )
        .load(conn)
        .unwrap(),
    };
    let mut out: Shape = BTreeMap::new();
    for c in cols {
        out.entry(c.table_name).or_default().insert(
            c.column_name,
            (family(&c.data_type).to_string(), c.nullable == 1),
        );
    }
    out
}

fn migrated_shape(url: &str) -> Shape {
    let mut conn = DatabaseUrl::parse(url).unwrap().connect().unwrap();
    seteli::db::run_migrations(&mut conn).unwrap();
    shape(&mut conn)
}

#[test]
fn migrations_run_up_down_and_up_again() {
    let dir = tempfile::tempdir().unwrap();
    let (url, pg) = fresh_database(dir.path());
    let mut conn = DatabaseUrl::parse(&url).unwrap().connect().unwrap();
    let up = seteli::db::run_migrations(&mut conn).unwrap();
    assert!(!up.is_empty());
    let first = shape(&mut conn);
    let down = seteli::db::revert_all_migrations(&mut conn).unwrap();
    assert_eq!(down.len(), up.len());
    // On SQLite the read log is not these migrations' (it has a file of its own, with its own
    // migrations, applied on connect).
    let mut left = shape(&mut conn);
    if pg.is_none() {
        assert!(left.remove("read_log").is_some());
        assert!(left.remove("read_log_recent").is_some());
    }
    assert!(left.is_empty(), "down removes every table");
    seteli::db::run_migrations(&mut conn).unwrap();
    assert_eq!(shape(&mut conn), first);
    drop(conn);
    drop_database(&pg);
}

#[test]
fn both_backends_have_the_same_tables_columns_and_versions() {
    let names = |dir: &str| {
        let mut v: Vec<String> =
            std::fs::read_dir(format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR")))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect();
        v.sort();
        v
    };
    assert_eq!(
        names("sqlite"),
        names("postgres"),
        "same migration versions"
    );

    let dir = tempfile::tempdir().unwrap();
    let sqlite = migrated_shape(&format!("sqlite://{}", dir.path().join("s.db").display()));
    assert!(sqlite.contains_key("access_log"));
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|s| !s.is_empty()) {
        let (url, pg) = fresh_database(dir.path());
        let postgres = migrated_shape(&url);
        drop_database(&pg);
        assert_eq!(sqlite, postgres, "the two schemas differ");
    } else {
        eprintln!("TEST_DATABASE_URL is not set: compared SQLite only with itself");
    }
}

/// The server keeps rulebooks in memory once read; that is right only if no row ever changes.
#[test]
fn rulebook_rows_cannot_be_changed_or_removed_only_versioned() {
    let dir = tempfile::tempdir().unwrap();
    let (url, pg) = fresh_database(dir.path());
    let mut conn = DatabaseUrl::parse(&url).unwrap().connect().unwrap();
    seteli::db::run_migrations(&mut conn).unwrap();
    for sql in [
        "UPDATE rulebooks SET unit_price_cents = unit_price_cents + 1",
        "DELETE FROM rulebooks",
        "UPDATE rulebook_price_tiers SET unit_price_cents = 1",
        "DELETE FROM rulebook_price_tiers",
        "UPDATE rulebook_rules SET extension_needs_reason = TRUE",
        "DELETE FROM rulebook_rules",
        "UPDATE rulebook_holiday_periods SET last_day = 1",
        "DELETE FROM rulebook_holiday_periods",
        "UPDATE services SET unit = 'hour'",
        "DELETE FROM services",
    ] {
        let refused = diesel::sql_query(sql).execute(&mut conn);
        assert!(refused.is_err(), "{sql} was allowed");
    }
    drop(conn);
    drop_database(&pg);
}
