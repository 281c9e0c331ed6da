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

diesel::joinable!(role_grants -> persons (person_id));
diesel::joinable!(clients -> persons (person_id));
diesel::joinable!(sessions -> persons (person_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(demo_personas -> persons (person_id));

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
);
