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
        work_phone -> Nullable<Text>,
        work_email -> Nullable<Text>,
    }
}

diesel::table! {
    providers (id) {
        id -> Text,
        name -> Text,
        created_at -> Timestamp,
        business_id -> Nullable<Text>,
        legal_form -> Text,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
        website -> Nullable<Text>,
        description_fi -> Text,
        description_sv -> Text,
        description_en -> Text,
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
    /// The access-log rows of reads; on SQLite in the attached `reads` file.
    read_log (id) {
        id -> Text,
        client_id -> Text,
        actor_id -> Text,
        acting_as -> Text,
        action -> Text,
        resource -> Text,
        request_id -> Text,
        created_at -> Timestamp,
        organisation_id -> Nullable<Text>,
    }
}

diesel::table! {
    read_log_recent (id) {
        id -> Text,
        client_id -> Text,
        actor_id -> Text,
        acting_as -> Text,
        action -> Text,
        resource -> Text,
        request_id -> Text,
        created_at -> Timestamp,
        organisation_id -> Nullable<Text>,
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
        organisation_id -> Nullable<Text>,
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
        location -> Nullable<Text>,
    }
}

diesel::joinable!(role_grants -> persons (person_id));
diesel::joinable!(clients -> persons (person_id));
diesel::joinable!(sessions -> persons (person_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(demo_personas -> persons (person_id));
diesel::joinable!(rulebooks -> services (service_code));
diesel::joinable!(vouchers -> rulebooks (rulebook_id));
diesel::joinable!(rulebook_rules -> rulebooks (rulebook_id));
diesel::joinable!(voucher_events -> vouchers (voucher_id));
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
    read_log,
    read_log_recent,
    services,
    rulebooks,
    rulebook_price_tiers,
    rulebook_rules,
    rulebook_holiday_periods,
    vouchers,
    voucher_events,
    mandates,
    mandate_events,
    idempotency_keys,
    provider_approvals,
    provider_sites,
    site_services,
    intro_slots,
    intro_visits,
    intro_visit_events,
    agreements,
    agreement_meetings,
    activity_days,
    notifications,
);

diesel::joinable!(intro_visits -> intro_slots (slot_id));
diesel::joinable!(intro_slots -> provider_sites (site_id));
diesel::joinable!(intro_visit_events -> intro_visits (visit_id));

diesel::table! {
    services (code) {
        code -> Text,
        family -> Text,
        unit -> Text,
        name_fi -> Text,
        name_sv -> Text,
        name_en -> Text,
        description_fi -> Text,
        description_sv -> Text,
        description_en -> Text,
    }
}

diesel::table! {
    rulebooks (id) {
        id -> Text,
        municipality_code -> Text,
        service_code -> Text,
        in_force_from -> Date,
        unit_price_cents -> BigInt,
        validity_min_months -> Integer,
        validity_max_months -> Integer,
        extended_max_months -> Integer,
        units_cap -> Nullable<Integer>,
        units_cap_exception -> Nullable<Integer>,
        cap_period_months -> Nullable<Integer>,
        per_week_min -> Nullable<Integer>,
        per_week_max -> Nullable<Integer>,
        per_week_max_exception -> Nullable<Integer>,
        hours_per_day_min -> Nullable<Integer>,
        hours_per_day_max -> Nullable<Integer>,
        hours_per_session -> Bool,
        sessions_per_week_min -> Nullable<Integer>,
        group_size_max -> Nullable<Integer>,
        remote_share_max_percent -> Nullable<Integer>,
        intro_visit_within_days -> Nullable<Integer>,
        start_within_days -> Nullable<Integer>,
        start_within_working_days -> Nullable<Integer>,
        billing_report_day -> Integer,
        no_show_units_per_month -> Integer,
        min_work_tasks -> Nullable<Integer>,
        search_radius_km -> Integer,
        long_term_after_months -> Nullable<Integer>,
        long_term_per_week_min -> Nullable<Integer>,
        total_max_months -> Nullable<Integer>,
        allowed_legal_forms -> Nullable<Text>,
        max_radius_without_permission_km -> Nullable<Integer>,
    }
}

diesel::table! {
    rulebook_rules (rulebook_id) {
        rulebook_id -> Text,
        same_time_group -> Nullable<Text>,
        consecutive_max_months -> Nullable<Integer>,
        extension_needs_reason -> Bool,
        total_max_with_reason -> Bool,
        intro_visit_counts_from -> Text,
        start_counts_from -> Text,
        start_skips_holiday_periods -> Bool,
        group_delay_max_working_days -> Nullable<Integer>,
        group_min_fill_percent -> Nullable<Integer>,
        group_fill_checked_days_before -> Nullable<Integer>,
        group_joining_working_days -> Nullable<Integer>,
        client_age_min -> Nullable<Integer>,
        client_age_max -> Nullable<Integer>,
        guidance_hours_min -> Nullable<Integer>,
        guidance_period_months -> Nullable<Integer>,
    }
}

diesel::table! {
    rulebook_holiday_periods (rulebook_id, first_month, first_day) {
        rulebook_id -> Text,
        first_month -> Integer,
        first_day -> Integer,
        last_month -> Integer,
        last_day -> Integer,
    }
}

diesel::table! {
    rulebook_price_tiers (rulebook_id, tier) {
        rulebook_id -> Text,
        tier -> Integer,
        up_to_km -> Nullable<Integer>,
        unit_price_cents -> BigInt,
        remote -> Bool,
    }
}

diesel::table! {
    vouchers (id) {
        id -> Text,
        number -> Text,
        client_id -> Text,
        rulebook_id -> Text,
        caseworker_id -> Text,
        decision_date -> Date,
        valid_from -> Date,
        valid_until -> Date,
        granted_units -> Integer,
        per_week -> Nullable<Integer>,
        hours_per_day -> Nullable<Integer>,
        exception_reason -> Nullable<Text>,
        out_of_area_allowed -> Bool,
        out_of_area_reason -> Nullable<Text>,
        cancelled_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        place_agreed_on -> Nullable<Date>,
        plan_made_on -> Nullable<Date>,
        ordered_on -> Nullable<Date>,
        start_agreed_on -> Nullable<Date>,
        group_starts_on -> Nullable<Date>,
    }
}

diesel::table! {
    voucher_events (id) {
        id -> Text,
        voucher_id -> Text,
        kind -> Text,
        actor_id -> Text,
        valid_until -> Nullable<Date>,
        granted_units -> Nullable<Integer>,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    provider_approvals (provider_id, municipality_code, service_code) {
        provider_id -> Text,
        municipality_code -> Text,
        service_code -> Text,
        status -> Text,
        approved_on -> Date,
        status_since -> Date,
        reason -> Nullable<Text>,
        changed_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    provider_sites (id) {
        id -> Text,
        provider_id -> Text,
        name -> Text,
        street_address -> Text,
        postal_code -> Text,
        city -> Text,
        lat -> Double,
        lon -> Double,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    site_services (site_id, service_code) {
        site_id -> Text,
        service_code -> Text,
        form -> Text,
        work_tasks -> Text,
        group_themes -> Text,
        languages -> Text,
        step_free -> Bool,
        partial_work_ability -> Bool,
        meal_heating -> Bool,
        hot_meal -> Bool,
        group_size_max -> Nullable<Integer>,
        free_places -> Integer,
        queue_length -> Integer,
        next_start_on -> Nullable<Date>,
        responsible_name -> Text,
        responsible_phone -> Nullable<Text>,
        responsible_email -> Nullable<Text>,
        description_fi -> Text,
        description_sv -> Text,
        description_en -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    auth_version (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::table! {
    catalog_version (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::table! {
    client_version (id) {
        id -> Integer,
        version -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(auth_version, catalog_version, client_version);

diesel::table! {
    intro_slots (id) {
        id -> Text,
        provider_id -> Text,
        site_id -> Text,
        service_code -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        capacity -> Integer,
        booked -> Integer,
        languages -> Text,
        note_fi -> Text,
        note_sv -> Text,
        note_en -> Text,
        withdrawn_at -> Nullable<Timestamp>,
        withdraw_reason -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    intro_visits (id) {
        id -> Text,
        slot_id -> Text,
        voucher_id -> Text,
        client_id -> Text,
        provider_id -> Text,
        status -> Text,
        reason_code -> Nullable<Text>,
        reason -> Nullable<Text>,
        queue_start_on -> Nullable<Date>,
        booked_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    intro_visit_events (id) {
        id -> Text,
        visit_id -> Text,
        status -> Text,
        actor_id -> Text,
        acting_as -> Text,
        reason_code -> Nullable<Text>,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreements (id) {
        id -> Text,
        voucher_id -> Text,
        client_id -> Text,
        provider_id -> Text,
        site_id -> Text,
        visit_id -> Nullable<Text>,
        starts_on -> Date,
        ends_on -> Date,
        days_per_week -> Nullable<Integer>,
        hours_per_day -> Nullable<Integer>,
        goals -> Text,
        responsible_person -> Text,
        instructor -> Text,
        meeting_place -> Nullable<Text>,
        meeting_distance_km -> Nullable<Double>,
        remote -> Bool,
        unit_price_cents -> BigInt,
        created_by -> Text,
        created_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        confirmed_at -> Nullable<Timestamp>,
        ended_on -> Nullable<Date>,
        end_reason -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_endings (id) {
        id -> Text,
        agreement_id -> Text,
        side -> Text,
        reason_code -> Text,
        explanation -> Text,
        last_day -> Date,
        proposed_by -> Text,
        proposed_at -> Timestamp,
        decision -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_reason -> Nullable<Text>,
    }
}

diesel::table! {
    agreement_events (id) {
        id -> Text,
        agreement_id -> Text,
        kind -> Text,
        on_date -> Nullable<Date>,
        reason_code -> Nullable<Text>,
        reason -> Nullable<Text>,
        actor_id -> Text,
        acting_as -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agreement_documents (id) {
        id -> Text,
        agreement_id -> Text,
        duty -> Text,
        title -> Text,
        body -> Text,
        written_on -> Date,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    rulebook_duties (rulebook_id, duty) {
        rulebook_id -> Text,
        duty -> Text,
        schedule -> Text,
        months -> Nullable<Integer>,
        days -> Nullable<Integer>,
        preferred_days -> Nullable<Integer>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        recipient_id -> Text,
        kind -> Text,
        params -> Text,
        subject_id -> Nullable<Text>,
        once_key -> Nullable<Text>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    agreement_meetings (id) {
        id -> Text,
        agreement_id -> Text,
        starts_at -> Timestamp,
        day -> Date,
        place -> Nullable<Text>,
        remote -> Bool,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        cancelled_at -> Nullable<Timestamp>,
        replaces_id -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    activity_days (id) {
        id -> Text,
        voucher_id -> Text,
        agreement_id -> Text,
        client_id -> Text,
        provider_id -> Text,
        site_id -> Text,
        meeting_id -> Nullable<Text>,
        day -> Date,
        status -> Text,
        arrived_at -> Nullable<Timestamp>,
        claimed_hours -> Nullable<Integer>,
        remote -> Bool,
        verified -> Bool,
        code_step -> Nullable<BigInt>,
        late -> Bool,
        units -> Integer,
        guidance_hours -> Nullable<Integer>,
        absence -> Nullable<Text>,
        reason_code -> Nullable<Text>,
        reason -> Nullable<Text>,
        recorded_by -> Text,
        recorded_as -> Text,
        created_at -> Timestamp,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    site_code_secrets (site_id) {
        site_id -> Text,
        sealed -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    chat_threads (id) {
        id -> Text,
        client_id -> Text,
        provider_id -> Nullable<Text>,
        municipality_code -> Nullable<Text>,
        created_at -> Timestamp,
        activity -> Text,
    }
}

diesel::table! {
    chat_messages (id) {
        id -> Text,
        thread_id -> Text,
        sender_id -> Text,
        side -> Text,
        on_behalf_of -> Nullable<Text>,
        body -> Text,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    chat_receipts (message_id, recipient_id) {
        message_id -> Text,
        recipient_id -> Text,
        thread_id -> Text,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    events (recipient_id, seq) {
        recipient_id -> Text,
        seq -> BigInt,
        kind -> Text,
        refs -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    event_heads (person_id) {
        person_id -> Text,
        last_seq -> BigInt,
    }
}

diesel::joinable!(chat_messages -> chat_threads (thread_id));
diesel::joinable!(chat_receipts -> chat_messages (message_id));
diesel::allow_tables_to_appear_in_same_query!(chat_threads, chat_messages, chat_receipts);
diesel::allow_tables_to_appear_in_same_query!(chat_threads, persons);
diesel::allow_tables_to_appear_in_same_query!(chat_threads, providers);
diesel::allow_tables_to_appear_in_same_query!(chat_messages, persons);
diesel::allow_tables_to_appear_in_same_query!(chat_receipts, persons);

diesel::table! {
    billing_submissions (id) {
        id -> Text,
        provider_id -> Text,
        municipality_code -> Text,
        month -> Text,
        due_on -> Date,
        submitted_by -> Text,
        submitted_at -> Timestamp,
        late -> Bool,
        total_cents -> BigInt,
    }
}

diesel::table! {
    billing_lines (id) {
        id -> Text,
        submission_id -> Text,
        voucher_id -> Text,
        agreement_id -> Text,
        client_id -> Text,
        day_id -> Nullable<Text>,
        meeting_id -> Nullable<Text>,
        day -> Date,
        kind -> Text,
        units -> Integer,
        unit_price_cents -> BigInt,
        amount_cents -> BigInt,
        reason_code -> Nullable<Text>,
        reason -> Nullable<Text>,
    }
}

diesel::joinable!(billing_lines -> billing_submissions (submission_id));
diesel::allow_tables_to_appear_in_same_query!(billing_lines, billing_submissions);

diesel::table! {
    push_subscriptions (id) {
        id -> Text,
        person_id -> Text,
        endpoint -> Text,
        p256dh -> Text,
        auth -> Text,
        label -> Text,
        created_at -> Timestamp,
        last_delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    push_settings (person_id) {
        person_id -> Text,
        muted -> Text,
        quiet_from -> Nullable<Text>,
        quiet_until -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    push_jobs (id) {
        id -> Text,
        subscription_id -> Text,
        person_id -> Text,
        event_kind -> Text,
        refs -> Text,
        created_at -> Timestamp,
        due_at -> Timestamp,
        attempts -> Integer,
        state -> Text,
        lease_until -> Nullable<Timestamp>,
        last_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        done_at -> Nullable<Timestamp>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(push_jobs, push_subscriptions);
