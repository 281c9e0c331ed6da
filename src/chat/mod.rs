//! Chat between a client and the staff of a provider they have a booking or an agreement with,
//! or the caseworkers of their municipality. A helper with the `message` scope writes for the
//! client, shown as such. Every message has one receipt per person of the other side, with when
//! they read it: the sender sees "read", and by whom. A thread with a provider stays readable
//! after the relation ends, but takes no new messages.
//!
//! The rules are here; the SQL in `repo`, the work in `work`, what a person reads in `view`.

pub mod repo;
pub mod routes;
pub mod view;
pub mod work;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use utoipa::ToSchema;

use crate::access::{Access, ActingAs};
use crate::text::TextFault;

/// The longest message, in characters.
pub const MESSAGE_MAX: usize = 4000;

/// Which side of a thread a person writes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ChatSide)]
pub enum Side {
    /// The client, or a helper for them.
    Client,
    /// The provider's staff.
    Provider,
    /// The municipality's caseworkers.
    City,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Provider => "provider",
            Side::City => "city",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        [Side::Client, Side::Provider, Side::City]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// Whom a thread is with, besides the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum With {
    Provider(String),
    /// The caseworkers of this municipality.
    City(String),
}

impl With {
    /// The other side than the client's.
    pub fn side(&self) -> Side {
        match self {
            With::Provider(_) => Side::Provider,
            With::City(_) => Side::City,
        }
    }
}

/// The side the caller decided by the door takes in a thread with `with`; `None` when they take
/// no part in it (a caseworker in a thread with a provider, staff of another provider), which
/// is answered as if the thread were not there.
pub fn side_of(access: &Access, with: &With) -> Option<Side> {
    let decided = Decided {
        acting_as: access.acting_as,
        organisations: access.rows.organisations(),
        municipality: &access.client.municipality_code,
    };
    decided.side_in(with)
}

/// What of the door's decision says a person's side: how they act for the client, the
/// organisations a staff member reaches, and the client's municipality.
pub struct Decided<'a> {
    pub acting_as: ActingAs,
    pub organisations: Option<&'a [String]>,
    pub municipality: &'a str,
}

impl Decided<'_> {
    pub fn side_in(&self, with: &With) -> Option<Side> {
        match (self.acting_as, with) {
            (ActingAs::Myself | ActingAs::Proxy, _) => Some(Side::Client),
            (ActingAs::ProviderStaff, With::Provider(p)) => self
                .organisations
                .is_some_and(|orgs| orgs.contains(p))
                .then_some(Side::Provider),
            (ActingAs::Caseworker, With::City(m)) => (self.municipality == m).then_some(Side::City),
            _ => None,
        }
    }
}

/// Whether a character stays in a message: line breaks and tabs do, other control characters
/// and hidden ones do not.
fn kept_in_message(c: char) -> bool {
    let control = c.is_control() && c != '\n' && c != '\t';
    !control && !crate::text::is_hidden(c)
}

/// A message as it is kept: Unicode NFC, `\r\n` as `\n`, control characters other than line
/// breaks and tabs taken out, hidden direction and zero-width characters too, trimmed; 1 to
/// [`MESSAGE_MAX`] characters.
pub fn message_text(s: &str) -> Result<String, TextFault> {
    if s.chars().count() > MESSAGE_MAX {
        return Err(TextFault::TooLong { max: MESSAGE_MAX });
    }
    let kept: String = s
        .replace("\r\n", "\n")
        .nfc()
        .filter(|&c| kept_in_message(c))
        .collect();
    let kept = kept.trim();
    if kept.is_empty() {
        return Err(TextFault::Missing);
    }
    Ok(kept.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_(acting_as: ActingAs, orgs: Option<&[String]>) -> Decided<'_> {
        Decided {
            acting_as,
            organisations: orgs,
            municipality: "heinola",
        }
    }

    #[test]
    fn each_takes_part_only_in_their_own_threads() {
        let kipina = With::Provider("kipina".into());
        let city = With::City("heinola".into());
        let other_city = With::City("kuopio".into());
        let me = as_(ActingAs::Myself, None);
        assert_eq!(me.side_in(&kipina), Some(Side::Client));
        assert_eq!(me.side_in(&city), Some(Side::Client));
        assert_eq!(
            as_(ActingAs::Proxy, None).side_in(&kipina),
            Some(Side::Client)
        );
        let orgs = vec!["kipina".to_string()];
        let staff = as_(ActingAs::ProviderStaff, Some(&orgs));
        assert_eq!(staff.side_in(&kipina), Some(Side::Provider));
        assert_eq!(staff.side_in(&With::Provider("polku".into())), None);
        assert_eq!(staff.side_in(&city), None);
        let caseworker = as_(ActingAs::Caseworker, None);
        assert_eq!(caseworker.side_in(&city), Some(Side::City));
        assert_eq!(caseworker.side_in(&other_city), None);
        assert_eq!(caseworker.side_in(&kipina), None);
    }
    #[test]
    fn a_message_is_normalised_and_stripped() {
        // "e" and a combining acute accent become one "é".
        assert_eq!(message_text("Cafe\u{301}").unwrap(), "Caf\u{e9}");
        assert_eq!(
            message_text("  Hei\r\nhuomenna\u{0}\u{7}\u{202E} klo 9\t!  ").unwrap(),
            "Hei\nhuomenna klo 9\t!"
        );
        assert_eq!(message_text(" \u{200B}\n "), Err(TextFault::Missing));
        assert_eq!(
            message_text(&"a".repeat(MESSAGE_MAX)).unwrap().len(),
            MESSAGE_MAX
        );
        assert_eq!(
            message_text(&"a".repeat(MESSAGE_MAX + 1)),
            Err(TextFault::TooLong { max: MESSAGE_MAX })
        );
        assert_eq!(
            message_text("ä".repeat(MESSAGE_MAX).as_str())
                .unwrap()
                .chars()
                .count(),
            MESSAGE_MAX
        );
    }

    #[test]
    fn sides_read_back() {
        for s in [Side::Client, Side::Provider, Side::City] {
            assert_eq!(Side::parse(s.as_str()), Some(s));
        }
    }
}
