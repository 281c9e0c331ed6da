use serde_json::Value;
use seteli::persons::Role;

use crate::helpers::{read_log_rows, spawn_app};

// Who may use which client route is the authorization matrix, in matrix.rs.

#[actix_web::test]
async fn the_access_log_shows_reads_by_the_client_and_the_caseworker_in_three_languages() {
    let app = spawn_app().await;
    let client = app.new_client("kuopio", "Kaisa Asiakas").await;
    let worker = app
        .new_with_role(Role::Caseworker, Some("kuopio"), "Ville Virkailija")
        .await;
    assert_eq!(
        app.get_auth("/api/v1/clients/me", &client.token)
            .await
            .status(),
        200
    );
    let path = format!("/api/v1/clients/{}", client.id);
    assert_eq!(app.get_auth(&path, &worker.token).await.status(), 200);

    let expected = [
        (
            "fi",
            "Katsoit perustietojasi.",
            "Ville Virkailija (omatyöntekijä) katsoi perustietojasi.",
        ),
        (
            "sv",
            "Du tittade på dina grunduppgifter.",
            "Ville Virkailija (socialarbetare) tittade på dina grunduppgifter.",
        ),
        (
            "en",
            "You viewed your basic details.",
            "Ville Virkailija (caseworker) viewed your basic details.",
        ),
    ];
    for (lang, own_read, worker_read) in expected {
        let res = app
            .http
            .get(app.url("/api/v1/clients/me/access-log"))
            .bearer_auth(&client.token)
            .header("Accept-Language", lang)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let page: Value = res.json().await.unwrap();
        let descriptions: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["description"].as_str().unwrap())
            .collect();
        assert!(descriptions.contains(&own_read), "{lang}: {descriptions:?}");
        assert!(
            descriptions.contains(&worker_read),
            "{lang}: {descriptions:?}"
        );
    }
    // Newest first, with who acted and as whom; the caseworker sees the log too.
    let page: Value = app
        .get_auth_json(
            &format!("/api/v1/clients/{}/access-log", client.id),
            &worker.token,
        )
        .await;
    let first = &page["items"][0];
    assert_eq!(first["action"], "access_log.view");
    assert_eq!(first["acting_as"], "caseworker");
    assert_eq!(first["actor"]["id"], worker.id.as_str());
    let worker_read = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["action"] == "client.view" && i["acting_as"] == "caseworker")
        .expect("the caseworker's read is logged");
    assert_eq!(worker_read["resource"], path.as_str());
}

#[actix_web::test]
async fn the_access_log_pages_with_a_cursor_and_cannot_be_changed() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "A").await;
    // Reads (kept in read_log) and views of the log itself (kept with the changes, in
    // access_log) take turns, so the pages below each mix rows of both. On SQLite the reads of
    // the first rounds are moved from read_log_recent to read_log, the later ones still wait.
    for round in 0..5 {
        app.get_auth("/api/v1/clients/me", &client.token).await;
        app.get_auth("/api/v1/clients/me/access-log?limit=1", &client.token)
            .await;
        if round == 2 {
            app.state
                .db
                .write(seteli::access::repo::move_recent_reads)
                .await
                .unwrap();
        }
    }
    let mut seen = Vec::new();
    let mut actions = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let q = match &after {
            Some(a) => format!("/api/v1/clients/me/access-log?limit=2&after={a}"),
            None => "/api/v1/clients/me/access-log?limit=2".to_string(),
        };
        let page: Value = app.get_auth_json(&q, &client.token).await;
        for i in page["items"].as_array().unwrap() {
            seen.push(i["id"].as_str().unwrap().to_string());
            actions.push(i["action"].as_str().unwrap().to_string());
        }
        match page["next_after"].as_str() {
            Some(a) => after = Some(a.to_string()),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.reverse();
    sorted.dedup();
    assert_eq!(seen, sorted, "newest first, no repeats");
    let count = |a: &str| actions.iter().filter(|x| *x == a).count();
    assert_eq!(count("client.view"), 5, "{actions:?}");
    // Five views before paging, and one for each page while paging.
    assert!(count("access_log.view") >= 6, "{actions:?}");
    assert_eq!(actions[0], "access_log.view");
    let res = app
        .get_auth("/api/v1/clients/me/access-log?after=zzz", &client.token)
        .await;
    assert_eq!(res.status(), 400);
    let res = app
        .get_auth("/api/v1/clients/me/access-log?limit=0", &client.token)
        .await;
    assert_eq!(res.status(), 400);

    use diesel::RunQueryDsl;
    let mut conn = app.state.db.get().unwrap();
    // The rows of reads are kept apart (a file of their own on SQLite), and as unchangeable:
    // on SQLite first where they wait (from where the journal alone takes them, in one
    // transaction with their copy), then where they are moved to.
    let refused = |conn: &mut seteli::db::DbConnection, table: &str| {
        for change in [
            format!("UPDATE {table} SET action = 'x'"),
            format!("DELETE FROM {table}"),
        ] {
            assert!(
                diesel::sql_query(&change).execute(conn).is_err(),
                "{change}"
            );
        }
    };
    refused(&mut conn, "access_log");
    if app.state.db.backend() == seteli::db::Backend::Sqlite {
        // A row of its own, checked in the transaction that writes it: the journal may move
        // the others at any moment.
        let row = seteli::access::LogRow {
            client_id: client.id.clone(),
            actor_id: client.id.clone(),
            acting_as: "self",
            action: "client.view",
            resource: "/api/v1/clients/me".into(),
            request_id: uuid::Uuid::now_v7().to_string(),
            created_at: chrono::Utc::now().naive_utc(),
            organisation_id: None,
        };
        seteli::db::write_transaction(&mut conn, |c| {
            row.insert_read(c)?;
            let change = "UPDATE read_log_recent SET action = 'x'";
            assert!(diesel::sql_query(change).execute(c).is_err(), "{change}");
            Ok::<_, seteli::error::AppError>(())
        })
        .unwrap();
        app.state
            .db
            .write(seteli::access::repo::move_recent_reads)
            .await
            .unwrap();
        let waiting = crate::helpers::reads_logged(&mut conn, "client_id = $1", &client.id)
            - read_log_rows(&mut conn, &client.id);
        assert_eq!(waiting, 0, "every row moved");
    }
    refused(&mut conn, "read_log");
    if app.state.db.backend() == seteli::db::Backend::Sqlite {
        #[derive(diesel::QueryableByName)]
        struct Schema {
            #[diesel(sql_type = diesel::sql_types::Text)]
            name: String,
        }
        let holding = |schema: &str| -> Vec<String> {
            diesel::sql_query(format!(
                "SELECT name FROM {schema}.sqlite_master \
                 WHERE name IN ('read_log', 'read_log_recent') AND type = 'table' ORDER BY name"
            ))
            .load::<Schema>(&mut *app.state.db.get().unwrap())
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect()
        };
        assert!(
            holding("main").is_empty(),
            "read_log is not in the main file"
        );
        assert_eq!(holding("reads"), ["read_log", "read_log_recent"]);
    }
}

#[actix_web::test]
async fn concurrent_reads_each_leave_exactly_one_log_row() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "A").await;
    let requests = (0..24).map(|_| app.get_auth("/api/v1/clients/me", &client.token));
    for res in futures_util::future::join_all(requests).await {
        assert_eq!(res.status(), 200);
    }
    let page: Value = app
        .get_auth_json("/api/v1/clients/me/access-log?limit=200", &client.token)
        .await;
    let reads = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["action"] == "client.view")
        .count();
    assert_eq!(reads, 24);
}

/// Reads commit their log rows in groups; a row that cannot be written fails only its own
/// request, and every other row of the group is committed.
#[actix_web::test]
async fn one_bad_log_row_fails_alone_and_the_rest_of_its_group_commits() {
    use seteli::access::LogRow;

    let app = spawn_app().await;
    let client = app.new_client("heinola", "A").await;
    let request_id = uuid::Uuid::now_v7().to_string();
    let row = |acting_as: &'static str| LogRow {
        client_id: client.id.clone(),
        actor_id: client.id.clone(),
        acting_as,
        action: "client.view",
        resource: "/api/v1/clients/me".into(),
        request_id: request_id.clone(),
        created_at: chrono::Utc::now().naive_utc(),
        organisation_id: None,
    };
    let journal = app.state.door.journal();
    let results = futures_util::future::join_all((0..40).map(|i| {
        // No one acts as "nobody": the table refuses that row.
        let r = if i == 17 { row("nobody") } else { row("self") };
        journal.record(r)
    }))
    .await;
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.is_ok(), i != 17, "row {i}: {r:?}");
    }
    let mut conn = app.state.db.get().unwrap();
    let written = crate::helpers::reads_logged(&mut conn, "request_id = $1", &request_id);
    assert_eq!(written, 39);
}

/// On SQLite the journal moves the rows of reads to `read_log` by itself, about once a second;
/// a read is in the access log before and after.
#[actix_web::test]
async fn the_journal_moves_the_rows_of_reads_by_itself() {
    let app = spawn_app().await;
    let client = app.new_client("heinola", "A").await;
    for _ in 0..3 {
        assert_eq!(
            app.get_auth("/api/v1/clients/me", &client.token)
                .await
                .status(),
            200
        );
    }
    let mut conn = app.state.db.get().unwrap();
    assert_eq!(
        crate::helpers::reads_logged(&mut conn, "client_id = $1", &client.id),
        3
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while read_log_rows(&mut conn, &client.id) < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "the rows were not moved"
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        crate::helpers::reads_logged(&mut conn, "client_id = $1", &client.id),
        3,
        "each row once"
    );
}
