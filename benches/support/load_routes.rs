//! The load benchmark's requests: what each is, the group it is reported in, its weight in the
//! mix of a day's traffic, and everyone's tokens to send them with. (Included by `#[path]`.)

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use seteli::auth::tokens::TokenService;

use super::load_town::Member;

/// A token is made again when it is this old (the service's live 15 minutes).
const TOKEN_AGE: Duration = Duration::from_secs(600);

/// What a request is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Route {
    ClientHome,
    StaffHome,
    HelperHome,
    Wallet,
    Days,
    Agreements,
    Search,
    IntroSlots,
    IntroVisits,
    Book,
    CancelVisit,
    CheckIn,
    Pending,
    Confirm,
    Threads,
    Messages,
    Send,
    MarkRead,
    Notifications,
    Me,
    ProviderBilling,
    CityBilling,
    Inbox,
    Deadlines,
}

impl Route {
    pub const ALL: [Route; 24] = [
        Route::ClientHome,
        Route::StaffHome,
        Route::HelperHome,
        Route::Wallet,
        Route::Days,
        Route::Agreements,
        Route::Search,
        Route::IntroSlots,
        Route::IntroVisits,
        Route::Book,
        Route::CancelVisit,
        Route::CheckIn,
        Route::Pending,
        Route::Confirm,
        Route::Threads,
        Route::Messages,
        Route::Send,
        Route::MarkRead,
        Route::Notifications,
        Route::Me,
        Route::ProviderBilling,
        Route::CityBilling,
        Route::Inbox,
        Route::Deadlines,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The request, as the API documents it.
    pub fn name(self) -> &'static str {
        match self {
            Route::ClientHome => "GET /clients/{c}/home",
            Route::StaffHome => "GET /provider/home",
            Route::HelperHome => "GET /clients/{c}/home (relative)",
            Route::Wallet => "GET /clients/{c}/vouchers",
            Route::Days => "GET /clients/{c}/vouchers/{v}/days",
            Route::Agreements => "GET /clients/{c}/agreements",
            Route::Search => "GET /clients/{c}/vouchers/{v}/providers",
            Route::IntroSlots => "GET /providers/{p}/intro-slots",
            Route::IntroVisits => "GET /clients/{c}/intro-visits",
            Route::Book => "POST /clients/{c}/intro-visits",
            Route::CancelVisit => "DELETE /clients/{c}/intro-visits/{i}",
            Route::CheckIn => "POST /clients/{c}/vouchers/{v}/check-ins",
            Route::Pending => "GET /provider/check-ins?status=pending",
            Route::Confirm => "POST /provider/check-ins/{d}/confirm",
            Route::Threads => "GET /threads",
            Route::Messages => "GET /threads/{t}/messages",
            Route::Send => "POST /threads/{t}/messages",
            Route::MarkRead => "POST /threads/{t}/read",
            Route::Notifications => "GET /me/notifications",
            Route::Me => "GET /me",
            Route::ProviderBilling => "GET /provider/billing/{month}",
            Route::CityBilling => "GET /caseworker/billing/{month}",
            Route::Inbox => "GET /caseworker/inbox",
            Route::Deadlines => "GET /caseworker/deadlines",
        }
    }

    /// The group it is reported in.
    pub fn group(self) -> &'static str {
        match self {
            Route::ClientHome | Route::StaffHome | Route::HelperHome => "home screens",
            Route::Wallet | Route::Days | Route::Agreements => "wallet",
            Route::Search => "provider search",
            Route::IntroSlots | Route::IntroVisits | Route::Book | Route::CancelVisit => {
                "intro visits"
            }
            Route::CheckIn => "check-ins",
            Route::Pending | Route::Confirm => "staff confirmations",
            Route::Threads | Route::Messages | Route::Send | Route::MarkRead => "chat",
            Route::Notifications | Route::Me => "notifications, me",
            Route::ProviderBilling | Route::CityBilling => "billing reads",
            Route::Inbox | Route::Deadlines => "caseworker",
        }
    }

    pub fn is_write(self) -> bool {
        matches!(
            self,
            Route::Book
                | Route::CancelVisit
                | Route::CheckIn
                | Route::Confirm
                | Route::Send
                | Route::MarkRead
        )
    }

    /// A refusal the app answers in the ordinary course of things: a slot that filled up
    /// between the list and the booking.
    pub fn expects(self, status: u16) -> bool {
        matches!((self, status), (Route::Book, 409))
    }
}

/// The groups, in the order they are reported.
pub const GROUPS: [&str; 10] = [
    "home screens",
    "wallet",
    "provider search",
    "intro visits",
    "check-ins",
    "staff confirmations",
    "chat",
    "notifications, me",
    "billing reads",
    "caseworker",
];

/// Each request's weight in the traffic (its share is its weight over the sum). `Book` stands for a starting client's
/// visit: booked when they have none, else cancelled (so a booking client writes twice).
pub const MIX: &[(Route, u32)] = &[
    (Route::ClientHome, 1600),
    (Route::StaffHome, 400),
    (Route::HelperHome, 150),
    (Route::Wallet, 1000),
    (Route::Days, 400),
    (Route::Agreements, 200),
    (Route::Search, 900),
    (Route::IntroSlots, 300),
    (Route::IntroVisits, 200),
    (Route::Book, 110),
    (Route::CheckIn, 500),
    (Route::Pending, 400),
    (Route::Confirm, 450),
    (Route::Threads, 400),
    (Route::Messages, 400),
    (Route::Send, 400),
    (Route::MarkRead, 150),
    (Route::Notifications, 500),
    (Route::Me, 200),
    (Route::ProviderBilling, 50),
    (Route::CityBilling, 1),
    (Route::Inbox, 12),
    (Route::Deadlines, 6),
];

/// The share of `route` in [`MIX`].
pub fn share(route: Route) -> f64 {
    let all: u32 = MIX.iter().map(|(_, w)| w).sum();
    let of: u32 = MIX
        .iter()
        .filter(|(r, _)| *r == route)
        .map(|(_, w)| w)
        .sum();
    f64::from(of) / f64::from(all)
}

/// The share of requests that are staff's writes: every confirmation, and about half of the
/// messages and of the marks read.
pub fn staff_write_share() -> f64 {
    share(Route::Confirm) + (share(Route::Send) + share(Route::MarkRead)) / 2.0
}

/// A token, and when it was made.
type Made = (Instant, Arc<str>);

/// Everyone's tokens, made with the service's key and made again before they expire.
pub struct Tokens {
    service: TokenService,
    people: Vec<Member>,
    made: Vec<Mutex<Option<Made>>>,
}

impl Tokens {
    pub fn new(service: TokenService, people: Vec<Member>) -> Tokens {
        let made = people.iter().map(|_| Mutex::new(None)).collect();
        Tokens {
            service,
            people,
            made,
        }
    }

    pub fn of(&self, person: u32) -> Arc<str> {
        let mut made = self.made[person as usize]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match &*made {
            Some((at, token)) if at.elapsed() < TOKEN_AGE => token.clone(),
            _ => {
                let m = &self.people[person as usize];
                let token: Arc<str> = self
                    .service
                    .issue(&m.person_id, &m.session_id, Utc::now())
                    .expect("a token")
                    .into();
                *made = Some((Instant::now(), token.clone()));
                token
            }
        }
    }
}
