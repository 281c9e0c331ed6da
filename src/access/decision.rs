//! How the door decides: the facts about a caller and a target, gathered in the work's own
//! transaction, and [`decide`](super::decide) on them; the row scope a decision hands out; the
//! area of a caseworker's action. The door ([`super::door`]) runs these and the work.

use chrono::{DateTime, Utc};

use super::{
    decide, repo, Access, ActingAs, Action, ClientRef, ClientWrite, Facts, MunicipalityAction,
    Refusal, Rows,
};
use crate::auth::Actor;
use crate::clock::helsinki_date;
use crate::db::cache::Reading;
use crate::db::DbConnection;
use crate::error::AppError;

/// Finds, in the work's own transaction, a row and whom it belongs to (a client, an
/// organisation): `None` is 404.
pub type Owner<R> =
    Box<dyn FnOnce(&mut DbConnection) -> Result<Option<(String, R)>, AppError> + Send>;

/// Which client a change is about, and what the door hands the work with its decision.
pub enum Target<R> {
    /// As named in the path: `me` or an id.
    Path(String, R),
    /// The client a row belongs to (a voucher's, a mandate's), found in the change's own
    /// transaction and handed to the work.
    Of(Owner<R>),
    /// The client of the mandate `id`, for the helper it names (to decline or renounce it).
    NamedOnMandate(String, R),
}

impl Target<()> {
    pub fn path(client: &str) -> Target<()> {
        Target::Path(client.to_string(), ())
    }

    pub fn named_on_mandate(mandate_id: &str) -> Target<()> {
        Target::NamedOnMandate(mandate_id.to_string(), ())
    }
}

impl<R> Target<R> {
    /// The row `find` reads, with the client it belongs to.
    pub fn of(
        find: impl FnOnce(&mut DbConnection) -> Result<Option<(String, R)>, AppError> + Send + 'static,
    ) -> Target<R> {
        Target::Of(Box::new(find))
    }
}

/// A decided caseworker action: the municipality it is for (the one named, or the caller's only
/// one), every municipality the caseworker serves, and when.
#[derive(Debug, Clone)]
pub struct Area {
    pub municipality: Option<String>,
    pub all: Vec<String>,
    pub actor_id: String,
    pub now: DateTime<Utc>,
}

/// Whether a list's item of `organisation` is within what `access` reaches.
pub(super) fn within(access: &Access, organisation: Option<&str>) -> bool {
    match access.rows.organisations() {
        None => true,
        Some(_) => organisation.is_some_and(|o| access.rows.reaches(o)),
    }
}

/// The area of a caseworker's action (see [`Door::caseworker_area`]).
pub(super) fn caseworker_area(
    actor: &Actor,
    action: MunicipalityAction,
    named: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Area, AppError> {
    let all: Vec<String> = actor
        .caseworker_municipalities()
        .map(str::to_string)
        .collect();
    let municipality = match (named, all.as_slice()) {
        (Some(m), _) => Some(m.to_string()),
        (None, [only]) => Some(only.clone()),
        (None, _) => None,
    };
    let facts = Facts {
        caseworker_anywhere: !all.is_empty(),
        // Without a municipality named the action is about the caseworker's own.
        caseworker_here: match &municipality {
            Some(m) => all.contains(m),
            None => !all.is_empty(),
        },
        ..Facts::default()
    };
    decide(action.into(), &facts)?;
    Ok(Area {
        municipality,
        all,
        actor_id: actor.person_id.clone(),
        now,
    })
}

/// Decides a change in its own transaction: finds the target client, then the facts.
pub(super) fn decide_write<R>(
    conn: &mut DbConnection,
    actor: &Actor,
    action: ClientWrite,
    target: Target<R>,
    now: DateTime<Utc>,
) -> Result<(Access, R), AppError> {
    // A caller without the role the action needs is told so before anything is looked up.
    role_gate(actor, action.into())?;
    let (client_id, named_proxy, row) = match target {
        Target::Path(path, row) => (
            ClientRef::parse(&path)?
                .resolve(&actor.person_id)
                .to_string(),
            false,
            row,
        ),
        Target::Of(find) => {
            let (client_id, row) = find(conn)?.ok_or_else(AppError::not_found)?;
            (client_id, false, row)
        }
        Target::NamedOnMandate(id, row) => {
            let (client_id, proxy) = repo::mandate_parties(conn, &super::parse_id(&id)?)?
                .ok_or_else(AppError::not_found)?;
            let named = proxy.as_deref() == Some(actor.person_id.as_str());
            (client_id, named, row)
        }
    };
    let mut r = Reading::plain(conn);
    let access = client_access(&mut r, actor, &client_id, action.into(), named_proxy, now)?;
    Ok((access, row))
}

/// What the caller's roles alone say: a caseworker somewhere, staff of some provider.
fn role_facts(actor: &Actor) -> Facts {
    Facts {
        caseworker_anywhere: actor.caseworker_municipalities().next().is_some(),
        staff_anywhere: actor.provider_ids().next().is_some(),
        ..Facts::default()
    }
}

/// Refuses at once a caller who lacks the role an action needs (403).
pub(super) fn role_gate(actor: &Actor, action: Action) -> Result<(), AppError> {
    match decide(action, &role_facts(actor)) {
        Err(refusal @ (Refusal::NotCaseworker | Refusal::NotStaff)) => Err(refusal.into()),
        _ => Ok(()),
    }
}

/// The facts about `actor` and the client `client_id`, and the decision on them.
pub(super) fn client_access(
    r: &mut Reading<'_>,
    actor: &Actor,
    client_id: &str,
    action: Action,
    named_proxy: bool,
    now: DateTime<Utc>,
) -> Result<Access, AppError> {
    role_gate(actor, action)?;
    let client = crate::persons::repo::client(r, client_id)?.ok_or_else(AppError::not_found)?;
    let is_client = client.person_id == actor.person_id;
    let mut facts = Facts {
        is_client,
        named_proxy,
        caseworker_here: actor
            .caseworker_municipalities()
            .any(|m| m == client.municipality_code),
        ..role_facts(actor)
    };
    // A helper's powers of attorney are read afresh on every request, so a revocation counts on
    // the very next one; only when a helper could take the action at all.
    if action.proxy_scope().is_some() && !is_client {
        facts.proxy_scopes = repo::in_force_scopes(
            r.conn(),
            &client.person_id,
            &actor.person_id,
            helsinki_date(now),
        )?;
    }
    // Staff reach a client only through a booking or an agreement of their own organisation,
    // live or ended a short while ago.
    let mut serving = Vec::new();
    if facts.staff_anywhere
        && decide(
            action,
            &Facts {
                staff_here: true,
                ..facts.clone()
            },
        )
        .is_ok()
    {
        let mine: Vec<String> = actor.provider_ids().map(str::to_string).collect();
        let lapsed = now - chrono::Duration::days(action.rule().staff_reach_days);
        serving = repo::serving(r.conn(), &client.person_id, &mine, lapsed.naive_utc())?;
        facts.staff_here = !serving.is_empty();
    }
    let acting_as = decide(action, &facts)?;
    let rows = match acting_as {
        ActingAs::ProviderStaff => Rows::of_organisations(&client.person_id, serving),
        _ => Rows::all(&client.person_id),
    };
    Ok(Access {
        client,
        actor_id: actor.person_id.clone(),
        acting_as,
        action,
        rows,
        now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::ClientRead;
    use crate::persons::ClientRow;

    fn access(acting_as: ActingAs, rows: Rows) -> Access {
        Access {
            client: ClientRow {
                person_id: rows.client_id().to_string(),
                municipality_code: "heinola".into(),
                home_address: None,
                home_lat: None,
                home_lon: None,
                created_at: Utc::now().naive_utc(),
            },
            actor_id: "a".into(),
            acting_as,
            action: Action::Read(ClientRead::ViewVisits),
            rows,
            now: Utc::now(),
        }
    }

    /// A staff list keeps to the staff's organisations whatever the work read: an item of
    /// another organisation, or of none, is never shown to them.
    #[test]
    fn a_staff_list_shows_only_its_organisations_rows() {
        let staff = access(
            ActingAs::ProviderStaff,
            Rows::of_organisations("c", vec!["mine".into()]),
        );
        assert!(within(&staff, Some("mine")));
        assert!(!within(&staff, Some("theirs")));
        assert!(!within(&staff, None));
        let caseworker = access(ActingAs::Caseworker, Rows::all("c"));
        assert!(within(&caseworker, Some("theirs")));
        assert!(within(&caseworker, None));
    }
}
