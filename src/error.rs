//! One error type for the whole service. Every error has a stable machine-readable code, an HTTP
//! status, and a localized title and detail, rendered as `application/problem+json` by
//! [`render_problem`] (which the middleware calls, knowing the caller's language). A 5xx logs its
//! cause and shows none of it.

use std::fmt;

use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::i18n::Localizer;
use crate::request::RequestMeta;

macro_rules! error_codes {
    ($( $variant:ident = $code:literal => $status:ident ),* $(,)?) => {
        /// Every error code the API can answer with. Each has a title and a detail in every locale
        /// (`error-<code>` and its `.detail` attribute, dots replaced by dashes).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode { $( $variant ),* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant ),* ];

            pub fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $code ),* }
            }

            pub fn status(self) -> StatusCode {
                match self { $( ErrorCode::$variant => StatusCode::$status ),* }
            }
        }
    };
}

error_codes! {
    RouteNotFound = "request.not_found" => NOT_FOUND,
    MethodNotAllowed = "request.method_not_allowed" => METHOD_NOT_ALLOWED,
    BadRequest = "request.bad_request" => BAD_REQUEST,
    MalformedJson = "request.malformed_json" => BAD_REQUEST,
    UnknownField = "request.unknown_field" => BAD_REQUEST,
    MissingField = "request.missing_field" => BAD_REQUEST,
    InvalidValue = "request.invalid_value" => BAD_REQUEST,
    InvalidField = "request.invalid_field" => BAD_REQUEST,
    DateInvalid = "date.invalid" => BAD_REQUEST,
    DateOutOfRange = "date.out_of_range" => UNPROCESSABLE_ENTITY,
    InvalidQuery = "request.invalid_query" => BAD_REQUEST,
    InvalidCursor = "request.invalid_cursor" => BAD_REQUEST,
    BodyTooLarge = "request.body_too_large" => PAYLOAD_TOO_LARGE,
    UnsupportedMediaType = "request.unsupported_media_type" => UNSUPPORTED_MEDIA_TYPE,
    HeadersTooLarge = "request.headers_too_large" => REQUEST_HEADER_FIELDS_TOO_LARGE,
    TextTooLong = "text.too_long" => UNPROCESSABLE_ENTITY,
    TextInvalidCharacters = "text.invalid_characters" => UNPROCESSABLE_ENTITY,
    NotFound = "resource.not_found" => NOT_FOUND,
    MissingToken = "auth.missing_token" => UNAUTHORIZED,
    InvalidToken = "auth.invalid_token" => UNAUTHORIZED,
    SessionEnded = "auth.session_ended" => UNAUTHORIZED,
    InvalidIdToken = "auth.invalid_id_token" => UNAUTHORIZED,
    IdTokenNotAccepted = "auth.id_token_not_accepted" => BAD_REQUEST,
    InvalidRefreshToken = "auth.invalid_refresh_token" => UNAUTHORIZED,
    RefreshTokenReused = "auth.refresh_token_reused" => UNAUTHORIZED,
    RateLimited = "auth.rate_limited" => TOO_MANY_REQUESTS,
    TooManyWrites = "auth.too_many_writes" => TOO_MANY_REQUESTS,
    UnknownPersona = "auth.unknown_persona" => UNPROCESSABLE_ENTITY,
    UnsupportedLanguage = "person.unsupported_language" => UNPROCESSABLE_ENTITY,
    CaseworkerOnly = "auth.caseworker_only" => FORBIDDEN,
    VoucherServiceNotOffered = "voucher.service_not_offered" => UNPROCESSABLE_ENTITY,
    VoucherInvalidPeriod = "voucher.invalid_period" => UNPROCESSABLE_ENTITY,
    VoucherValidityTooShort = "voucher.validity_too_short" => UNPROCESSABLE_ENTITY,
    VoucherValidityTooLong = "voucher.validity_too_long" => UNPROCESSABLE_ENTITY,
    VoucherExtensionTooLong = "voucher.extension_too_long" => UNPROCESSABLE_ENTITY,
    VoucherExceptionNotAllowed = "voucher.exception_not_allowed" => UNPROCESSABLE_ENTITY,
    VoucherPerWeekRequired = "voucher.per_week_required" => UNPROCESSABLE_ENTITY,
    VoucherPerWeekOutOfRange = "voucher.per_week_out_of_range" => UNPROCESSABLE_ENTITY,
    VoucherHoursPerDayRequired = "voucher.hours_per_day_required" => UNPROCESSABLE_ENTITY,
    VoucherHoursPerDayOutOfRange = "voucher.hours_per_day_out_of_range" => UNPROCESSABLE_ENTITY,
    VoucherTermNotApplicable = "voucher.term_not_applicable" => UNPROCESSABLE_ENTITY,
    VoucherGroupJoinClosed = "voucher.group_join_closed" => UNPROCESSABLE_ENTITY,
    VoucherUnitsTooFew = "voucher.units_too_few" => UNPROCESSABLE_ENTITY,
    VoucherUnitsOverCap = "voucher.units_over_cap" => UNPROCESSABLE_ENTITY,
    VoucherUnitsOverPlan = "voucher.units_over_plan" => UNPROCESSABLE_ENTITY,
    VoucherOverlaps = "voucher.overlaps" => UNPROCESSABLE_ENTITY,
    VoucherLevelsOverlap = "voucher.levels_overlap" => UNPROCESSABLE_ENTITY,
    VoucherConsecutiveTooLong = "voucher.consecutive_too_long" => UNPROCESSABLE_ENTITY,
    VoucherExtensionReasonRequired = "voucher.extension_reason_required" => UNPROCESSABLE_ENTITY,
    VoucherAnchorInFuture = "voucher.anchor_in_future" => UNPROCESSABLE_ENTITY,
    VoucherClientAgeOutOfRange = "voucher.client_age_out_of_range" => UNPROCESSABLE_ENTITY,
    VoucherTotalDurationExceeded = "voucher.total_duration_exceeded" => UNPROCESSABLE_ENTITY,
    VoucherLongTermNeedsMoreDays = "voucher.long_term_needs_more_days" => UNPROCESSABLE_ENTITY,
    VoucherDecisionInFuture = "voucher.decision_in_future" => UNPROCESSABLE_ENTITY,
    VoucherStartsBeforeDecision = "voucher.starts_before_decision" => UNPROCESSABLE_ENTITY,
    VoucherReasonRequired = "voucher.reason_required" => UNPROCESSABLE_ENTITY,
    VoucherNotChangeable = "voucher.not_changeable" => CONFLICT,
    VoucherExtensionShortens = "voucher.extension_shortens" => UNPROCESSABLE_ENTITY,
    InvalidIdempotencyKey = "idempotency.invalid_key" => BAD_REQUEST,
    IdempotencyKeyReused = "idempotency.key_reused" => UNPROCESSABLE_ENTITY,
    IdempotencyKeyInUse = "idempotency.in_progress" => CONFLICT,
    MandateInvalidPersonalId = "mandate.invalid_personal_id" => UNPROCESSABLE_ENTITY,
    MandateInvalidName = "mandate.invalid_name" => UNPROCESSABLE_ENTITY,
    MandateSelf = "mandate.self" => UNPROCESSABLE_ENTITY,
    MandateNoScopes = "mandate.no_scopes" => UNPROCESSABLE_ENTITY,
    MandateInvalidPeriod = "mandate.invalid_period" => UNPROCESSABLE_ENTITY,
    MandateTooLong = "mandate.too_long" => UNPROCESSABLE_ENTITY,
    MandateReasonRequired = "mandate.reason_required" => UNPROCESSABLE_ENTITY,
    MandateDuplicate = "mandate.duplicate" => CONFLICT,
    MandateWrongState = "mandate.wrong_state" => CONFLICT,
    MandateTooMany = "mandate.too_many" => TOO_MANY_REQUESTS,
    MandateGuardianNotRevocable = "mandate.guardian_not_revocable" => CONFLICT,
    MandateNotGuardian = "mandate.not_guardian" => CONFLICT,
    MandateDecisionReferenceRequired = "mandate.decision_reference_required" => UNPROCESSABLE_ENTITY,
    ProviderSearchRadius = "provider_search.radius_out_of_range" => UNPROCESSABLE_ENTITY,
    ProviderSearchNoHome = "provider_search.no_home" => UNPROCESSABLE_ENTITY,
    ProviderCompareCount = "provider_search.compare_count" => UNPROCESSABLE_ENTITY,
    ProviderSearchVoucherEnded = "provider_search.voucher_ended" => CONFLICT,
    ProviderNotAvailable = "provider_search.not_available" => UNPROCESSABLE_ENTITY,
    ProviderStaffOnly = "provider.staff_only" => FORBIDDEN,
    ProviderLegalFormNotAllowed = "provider.legal_form_not_allowed" => UNPROCESSABLE_ENTITY,
    ProviderServiceNotOffered = "provider.service_not_offered" => UNPROCESSABLE_ENTITY,
    ProviderNotApprovedYet = "provider.not_approved_yet" => CONFLICT,
    ProviderBusinessIdTaken = "provider.business_id_taken" => CONFLICT,
    BusinessIdFormat = "business_id.format" => UNPROCESSABLE_ENTITY,
    BusinessIdChecksum = "business_id.checksum" => UNPROCESSABLE_ENTITY,
    ProviderInvalidCoordinates = "provider.invalid_coordinates" => UNPROCESSABLE_ENTITY,
    ProviderTextRequired = "provider.text_required" => UNPROCESSABLE_ENTITY,
    ProviderTextNotPlain = "provider.text_not_plain" => UNPROCESSABLE_ENTITY,
    InvalidContact = "contact.invalid" => UNPROCESSABLE_ENTITY,
    ProviderTooFewWorkTasks = "provider.too_few_work_tasks" => UNPROCESSABLE_ENTITY,
    ProviderGroupTooLarge = "provider.group_too_large" => UNPROCESSABLE_ENTITY,
    SlotInPast = "slot.in_past" => UNPROCESSABLE_ENTITY,
    SlotTooFar = "slot.too_far" => UNPROCESSABLE_ENTITY,
    SlotInvalidPeriod = "slot.invalid_period" => UNPROCESSABLE_ENTITY,
    SlotTooLong = "slot.too_long" => UNPROCESSABLE_ENTITY,
    SlotCapacity = "slot.capacity_out_of_range" => UNPROCESSABLE_ENTITY,
    SlotHasBookings = "slot.has_bookings" => CONFLICT,
    SlotWithdrawn = "slot.withdrawn" => CONFLICT,
    SlotStarted = "slot.started" => CONFLICT,
    SlotServiceNotOffered = "slot.service_not_offered" => UNPROCESSABLE_ENTITY,
    VisitSlotFull = "visit.slot_full" => CONFLICT,
    VisitStarted = "visit.started" => CONFLICT,
    VisitNotYet = "visit.not_yet" => CONFLICT,
    VisitWrongState = "visit.wrong_state" => CONFLICT,
    VisitAlreadyBooked = "visit.already_booked" => CONFLICT,
    VisitMoveOtherProvider = "visit.move_other_provider" => UNPROCESSABLE_ENTITY,
    VisitVoucherNotActive = "visit.voucher_not_active" => CONFLICT,
    VisitAfterVoucher = "visit.after_voucher" => UNPROCESSABLE_ENTITY,
    QueueStartOutOfRange = "visit.queue_start_out_of_range" => UNPROCESSABLE_ENTITY,
    VisitServiceMismatch = "visit.service_mismatch" => UNPROCESSABLE_ENTITY,
    AgreementInvalidPeriod = "agreement.invalid_period" => UNPROCESSABLE_ENTITY,
    AgreementOutsideVoucher = "agreement.outside_voucher" => UNPROCESSABLE_ENTITY,
    AgreementPerWeek = "agreement.per_week_out_of_range" => UNPROCESSABLE_ENTITY,
    AgreementTermNotApplicable = "agreement.term_not_applicable" => UNPROCESSABLE_ENTITY,
    AgreementHoursPerDay = "agreement.hours_per_day_out_of_range" => UNPROCESSABLE_ENTITY,
    AgreementMeetingPlace = "agreement.meeting_place_required" => UNPROCESSABLE_ENTITY,
    AgreementMeetingPlaceTooFar = "agreement.meeting_place_too_far" => UNPROCESSABLE_ENTITY,
    AgreementInForceElsewhere = "agreement.in_force_elsewhere" => CONFLICT,
    AgreementVoucherNotValid = "agreement.voucher_not_valid" => CONFLICT,
    AgreementEnded = "agreement.ended" => CONFLICT,
    AgreementEndingDay = "agreement.ending_day" => UNPROCESSABLE_ENTITY,
    AgreementEndingReason = "agreement.ending_reason_not_allowed" => UNPROCESSABLE_ENTITY,
    AgreementEndingPending = "agreement.ending_pending" => CONFLICT,
    AgreementNoEnding = "agreement.no_ending" => CONFLICT,
    AgreementDayOutside = "agreement.day_outside" => UNPROCESSABLE_ENTITY,
    AgreementGroupStarted = "agreement.group_started" => CONFLICT,
    AgreementGroupDelay = "agreement.group_delay_too_long" => UNPROCESSABLE_ENTITY,
    AttendanceInFuture = "attendance.in_future" => UNPROCESSABLE_ENTITY,
    AttendanceTooLate = "attendance.too_late" => UNPROCESSABLE_ENTITY,
    AttendanceArrivalNotOnDay = "attendance.arrival_not_on_day" => UNPROCESSABLE_ENTITY,
    AttendanceOutsideVoucher = "attendance.outside_voucher" => UNPROCESSABLE_ENTITY,
    AttendanceOutsideAgreement = "attendance.outside_agreement" => UNPROCESSABLE_ENTITY,
    AttendanceNoAgreement = "attendance.no_agreement" => CONFLICT,
    AttendanceInterrupted = "attendance.interrupted" => CONFLICT,
    AttendanceTwice = "attendance.twice" => CONFLICT,
    AttendanceWeekFull = "attendance.week_full" => UNPROCESSABLE_ENTITY,
    AttendanceUnitsUsedUp = "attendance.units_used_up" => UNPROCESSABLE_ENTITY,
    AttendanceHoursRequired = "attendance.hours_required" => UNPROCESSABLE_ENTITY,
    AttendanceHoursOutOfRange = "attendance.hours_out_of_range" => UNPROCESSABLE_ENTITY,
    AttendanceHoursNotTaken = "attendance.hours_not_taken" => UNPROCESSABLE_ENTITY,
    AttendanceRemoteNotAllowed = "attendance.remote_not_allowed" => UNPROCESSABLE_ENTITY,
    AttendanceRemoteShare = "attendance.remote_share" => UNPROCESSABLE_ENTITY,
    AttendanceCodeWrong = "attendance.code_wrong" => UNPROCESSABLE_ENTITY,
    AttendanceCodeTries = "attendance.code_tries" => TOO_MANY_REQUESTS,
    AttendanceDayDecided = "attendance.day_decided" => CONFLICT,
    AttendanceAbsenceTooFar = "attendance.absence_too_far" => UNPROCESSABLE_ENTITY,
    MeetingNotForService = "meeting.not_for_service" => UNPROCESSABLE_ENTITY,
    MeetingInPast = "meeting.in_past" => UNPROCESSABLE_ENTITY,
    MeetingDayTaken = "meeting.day_taken" => CONFLICT,
    MeetingNotScheduled = "meeting.not_scheduled" => CONFLICT,
    MeetingNotYet = "meeting.not_yet" => CONFLICT,
    ChatNoRelation = "chat.no_relation" => CONFLICT,
    ChatThreadClosed = "chat.thread_closed" => CONFLICT,
    ChatTooMany = "chat.too_many" => TOO_MANY_REQUESTS,
    BillingMonthNotOver = "billing.month_not_over" => CONFLICT,
    BillingNothingToSubmit = "billing.nothing_to_submit" => CONFLICT,
    PushEndpointRefused = "push.endpoint_refused" => UNPROCESSABLE_ENTITY,
    PushBadKeys = "push.bad_keys" => UNPROCESSABLE_ENTITY,
    PushTooMany = "push.too_many" => CONFLICT,
    NotASocket = "request.not_a_socket" => BAD_REQUEST,
    Unavailable = "server.unavailable" => SERVICE_UNAVAILABLE,
    Internal = "server.internal" => INTERNAL_SERVER_ERROR,
}

impl ErrorCode {
    /// The Fluent message id that holds this code's title (and `.detail`).
    pub fn message_id(self) -> String {
        format!("error-{}", self.as_str().replace('.', "-"))
    }

    /// The closest code for a bare status, for responses that did not come from an `AppError`.
    pub fn for_status(status: StatusCode) -> ErrorCode {
        match status.as_u16() {
            401 => ErrorCode::InvalidToken,
            404 => ErrorCode::RouteNotFound,
            405 => ErrorCode::MethodNotAllowed,
            413 => ErrorCode::BodyTooLarge,
            415 => ErrorCode::UnsupportedMediaType,
            431 => ErrorCode::HeadersTooLarge,
            429 => ErrorCode::RateLimited,
            503 => ErrorCode::Unavailable,
            s if s >= 500 => ErrorCode::Internal,
            _ => ErrorCode::BadRequest,
        }
    }
}

pub use crate::i18n::{ArgValue, Args};

#[derive(thiserror::Error)]
pub struct AppError {
    pub code: ErrorCode,
    pub args: Args,
    /// Seconds after which a retry may succeed (429, 503).
    pub retry_after: Option<u64>,
    /// Methods the route allows (405).
    pub allow: Option<String>,
    /// The existing thing the request conflicts with, for the answer to name.
    pub conflict: Option<Box<crate::refs::Link>>,
    /// What went wrong inside; logged for 5xx, never shown.
    #[source]
    pub cause: Option<anyhow::Error>,
}

impl AppError {
    pub fn new(code: ErrorCode) -> Self {
        AppError {
            code,
            args: Vec::new(),
            retry_after: None,
            allow: None,
            conflict: None,
            cause: None,
        }
    }

    /// Names the existing thing the request conflicts with (a booking already made, say).
    pub fn conflicting(mut self, with: crate::refs::Link) -> Self {
        self.conflict = Some(Box::new(with));
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<ArgValue>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn not_found() -> Self {
        AppError::new(ErrorCode::NotFound)
    }

    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        AppError {
            cause: Some(cause.into()),
            ..AppError::new(ErrorCode::Internal)
        }
    }

    pub fn unavailable(cause: impl fmt::Display) -> Self {
        AppError {
            cause: Some(anyhow::anyhow!("{cause}")),
            retry_after: Some(5),
            ..AppError::new(ErrorCode::Unavailable)
        }
    }

    pub fn with_cause(mut self, cause: impl Into<anyhow::Error>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    pub fn status(&self) -> StatusCode {
        self.code.status()
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.as_str())?;
        if let Some(cause) = &self.cause {
            write!(f, ": {cause:#}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        if is_unavailable(&e) {
            AppError::unavailable(e)
        } else {
            AppError::internal(e)
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    /// The body is written by the problem middleware, which knows the caller's language; this
    /// response only carries the status. The middleware finds the `AppError` on the response.
    fn error_response(&self) -> HttpResponse {
        HttpResponse::new(self.code.status())
    }
}

/// True when the error means the database could not be reached, was too busy, or had no room
/// for the write (a full disk: SQLite's `SQLITE_FULL`, PostgreSQL's `disk_full`), rather than a
/// problem with the query. Nothing was written, and a retry succeeds once the cause is gone.
pub fn is_unavailable(e: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match e {
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)
        | Error::DatabaseError(DatabaseErrorKind::UnableToSendCommand, _) => true,
        Error::DatabaseError(_, info) => {
            let m = info.message();
            m.contains("database is locked")
                || m.contains("database is busy")
                || m.contains("database or disk is full")
                || m.contains("No space left on device")
        }
        _ => false,
    }
}

/// An error, as RFC 9457 `application/problem+json`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// `urn:seteli:problem:<code>`
    #[serde(rename = "type")]
    pub problem_type: String,
    /// What went wrong, in the caller's language.
    pub title: String,
    pub status: u16,
    /// What to do about it, in the caller's language.
    pub detail: String,
    /// Stable machine-readable code, e.g. `auth.invalid_token`.
    pub code: String,
    /// The request's field the error is about, where it is about one, e.g. `proxy_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The existing thing the request conflicts with, where there is one: the booking already
    /// made with this provider, the voucher this one would overlap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<crate::refs::Link>,
    /// Quote this when asking for help.
    pub request_id: String,
}

/// The `WWW-Authenticate` challenge of a 401 (RFC 6750 §3): a token that is not valid, has
/// expired or whose sign-in has ended is `invalid_token`; a request with no token gets the bare
/// challenge, as does a refused grant at the token endpoint.
pub fn bearer_challenge(code: ErrorCode, status: StatusCode) -> Option<&'static str> {
    if status != StatusCode::UNAUTHORIZED {
        return None;
    }
    Some(match code {
        ErrorCode::InvalidToken | ErrorCode::SessionEnded => {
            r#"Bearer realm="seteli", error="invalid_token""#
        }
        _ => r#"Bearer realm="seteli""#,
    })
}

/// Writes the problem+json body of an error response in the caller's language, and logs 5xx
/// causes. Responses that are not errors, or already problems, pass through untouched.
/// `json_limit_bytes` is the configured body limit, which a 413's text names.
pub fn render_problem(
    res: ServiceResponse<BoxBody>,
    meta: &RequestMeta,
    i18n: &Localizer,
    json_limit_bytes: usize,
) -> ServiceResponse<BoxBody> {
    let status = res.status();
    if status.as_u16() < 400 {
        return res;
    }
    let already = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    if already {
        return res;
    }
    let from_handler = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    let (code, mut args, retry_after, allow, conflict) = match from_handler {
        Some(e) => (
            e.code,
            e.args.clone(),
            e.retry_after,
            e.allow.clone(),
            e.conflict.as_deref().cloned(),
        ),
        None => (ErrorCode::for_status(status), Vec::new(), None, None, None),
    };
    let status = if from_handler.is_some() {
        code.status()
    } else {
        status
    };
    // Every 429 and 503 says when a retry may succeed, as the document promises.
    let retry_after = retry_after.or(match status {
        StatusCode::TOO_MANY_REQUESTS if code == ErrorCode::MandateTooMany => Some(3600),
        StatusCode::TOO_MANY_REQUESTS => Some(60),
        StatusCode::SERVICE_UNAVAILABLE => Some(5),
        _ => None,
    });
    if status.is_server_error() {
        let cause = res
            .response()
            .error()
            .map(|e| e.to_string())
            .unwrap_or_default();
        tracing::error!(code = code.as_str(), %cause, "request failed");
    }
    let lang = meta.answer_lang(res.request());
    // Placeholders that follow from the error's own fields or the settings are filled here, in
    // one place, so no error site has to repeat them.
    args.push(("request_id", meta.request_id.clone().into()));
    match code {
        ErrorCode::BodyTooLarge => {
            args.push(("limit_kb", ((json_limit_bytes / 1024) as u64).into()))
        }
        ErrorCode::HeadersTooLarge => args.push((
            "limit_kb",
            ((crate::request::MAX_HEADER_BYTES / 1024) as u64).into(),
        )),
        ErrorCode::RateLimited | ErrorCode::TooManyWrites => {
            args.push(("seconds", retry_after.unwrap_or(60).into()))
        }
        ErrorCode::AttendanceCodeTries => args.push(("seconds", retry_after.unwrap_or(60).into())),
        ErrorCode::ChatTooMany => args.push(("seconds", retry_after.unwrap_or(60).into())),
        ErrorCode::MandateTooMany => {
            args.push(("minutes", retry_after.unwrap_or(3600).div_ceil(60).into()))
        }
        ErrorCode::MethodNotAllowed => {
            args.push(("allow", allow.clone().unwrap_or_default().into()))
        }
        _ => {}
    }
    let id = code.message_id();
    let problem = Problem {
        problem_type: format!("urn:seteli:problem:{}", code.as_str()),
        title: i18n.text(lang, &id, &args),
        status: status.as_u16(),
        detail: i18n.attr(lang, &id, "detail", &args).unwrap_or_default(),
        code: code.as_str().to_string(),
        field: args.iter().find_map(|(name, value)| match value {
            ArgValue::Text(field) if *name == "field" => Some(field.clone()),
            _ => None,
        }),
        conflict,
        request_id: meta.request_id.clone(),
    };
    let mut builder = HttpResponse::build(status);
    builder
        .content_type("application/problem+json")
        .insert_header((header::CONTENT_LANGUAGE, lang.code()));
    if let Some(seconds) = retry_after {
        builder.insert_header((header::RETRY_AFTER, seconds.to_string()));
    }
    if let Some(allow) = allow {
        builder.insert_header((header::ALLOW, allow));
    }
    if let Some(challenge) = bearer_challenge(code, status) {
        builder.insert_header((header::WWW_AUTHENTICATE, challenge));
    }
    let body = serde_json::to_string(&problem).unwrap_or_default();
    res.into_response(builder.body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_snake_case_with_an_area() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            let (area, name) = s.split_once('.').expect("area.name");
            for part in [area, name] {
                assert!(
                    !part.is_empty()
                        && part
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()),
                    "{s} is not snake_case"
                );
            }
        }
    }

    /// A 429 or 503 that no `AppError` made still says when to retry.
    #[test]
    fn every_429_and_503_says_when_to_retry() {
        use actix_web::test::TestRequest;
        let i18n = Localizer::new().unwrap();
        for (status, seconds) in [
            (StatusCode::TOO_MANY_REQUESTS, "60"),
            (StatusCode::SERVICE_UNAVAILABLE, "5"),
        ] {
            let res = ServiceResponse::new(
                TestRequest::default().to_http_request(),
                HttpResponse::new(status),
            );
            let res = render_problem(res, &RequestMeta::default(), &i18n, 1024);
            let retry = res.headers().get(header::RETRY_AFTER);
            assert_eq!(retry.and_then(|v| v.to_str().ok()), Some(seconds));
        }
    }

    #[test]
    fn display_keeps_the_cause_for_logs() {
        let e = AppError::internal(anyhow::anyhow!("disk full"));
        assert_eq!(e.to_string(), "server.internal: disk full");
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
