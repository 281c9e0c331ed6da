//! The tables, by hand, in types both backends share. A test checks that both backends'
//! migrations produce these same tables and columns.

diesel::table! {
    municipalities (code) {
        code -> Text,
        name_fi -> Text,
        name_sv -> Text,
        name_en -> Text,
    }
}

diesel::table! {
    persons (id) {
        id -> Text,
        personal_id -> Text,
        display_name -> Text,
        language -> Nullable<Text>,
        created_at -> Timestamp,
        last_sign_in_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    providers (id) {
        id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    role_grants (id) {
        id -> Text,
        person_id -> Text,
        role -> Text,
        municipality_code -> Nullable<Text>,
        provider_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    clients (person_id) {
        person_id -> Text,
        municipality_code -> Text,
        home_address -> Nullable<Text>,
        home_lat -> Nullable<Double>,
        home_lon -> Nullable<Double>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        person_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        session_id -> Text,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    demo_personas (slug) {
        slug -> Text,
        person_id -> Text,
        sort_order -> Integer,
    }
}

diesel::table! {
    access_log (id) {
        id -> Text,
        client_id -> Text,
        actor_id -> Text,
        acting_as -> Text,
        action -> Text,
        resource -> Text,
        request_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    mandates (id) {
        id -> Text,
        client_id -> Text,
        proxy_personal_id -> Text,
        proxy_name -> Text,
        proxy_person_id -> Nullable<Text>,
        scopes -> Text,
        valid_from -> Date,
        valid_until -> Date,
        basis -> Text,
        status -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    mandate_events (id) {
        id -> Text,
        mandate_id -> Text,
        event -> Text,
        actor_id -> Text,
        acting_as -> Text,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (person_id, idempotency_key) {
        person_id -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        status -> Integer,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(role_grants -> persons (person_id));
diesel::joinable!(clients -> persons (person_id));
diesel::joinable!(sessions -> persons (person_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(demo_personas -> persons (person_id));
diesel::joinable!(mandate_events -> mandates (mandate_id));
diesel::joinable!(mandate_events -> persons (actor_id));

diesel::allow_tables_to_appear_in_same_query!(
    municipalities,
    persons,
    providers,
    role_grants,
    clients,
    sessions,
    refresh_tokens,
    demo_personas,
    access_log,
    mandates,
    mandate_events,
    idempotency_keys,
);
