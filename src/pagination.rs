//! Cursor pagination for every list: `?after=<the last id seen>&limit=N`. Ids are UUIDv7, so a
//! list ordered by id has a stable cursor that no insert can shift.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use crate::error::{AppError, ErrorCode};

/// `?after=&limit=` of a list: up to 100 items a page, 20 when the limit is left out.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// The `next_after` of the previous page.
    #[param(format = Uuid)]
    pub after: Option<String>,
    /// Items per page.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<i64>,
}

/// `?after=&limit=` of a long list (the access log, a caseworker's late clocks): up to 200
/// items a page, 50 when the limit is left out.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LongPageQuery {
    /// The `next_after` of the previous page.
    #[param(format = Uuid)]
    pub after: Option<String>,
    /// Items per page.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<i64>,
}

impl LongPageQuery {
    /// The page asked for (see [`PageQuery::page`]).
    pub fn page(&self) -> Result<PageRequest, AppError> {
        checked(self.after.as_deref(), self.limit, 50, 200)
    }
}

/// One page of a list: its items and, when more follow, the cursor of the next page.
#[derive(Debug, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_after: Option<String>,
}

/// How `next_after` is described where a page says no more of it.
pub const NEXT_AFTER: &str = "Pass as `after` for the next page; absent on the last page.";

/// What the document says of a list's page of this type of item: the page schema's name (e.g.
/// `VisitPage`), how its items are ordered, and what its cursor is.
pub trait Paged: ToSchema {
    const PAGE: &'static str;
    const ORDER: Option<&'static str>;
    const NEXT: Option<&'static str>;
}

impl<T: Paged> PartialSchema for Page<T> {
    fn schema() -> RefOr<Schema> {
        let items = ArrayBuilder::new()
            .items(Ref::from_schema_name(T::name()))
            .description(T::ORDER);
        let next = ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .description(T::NEXT);
        ObjectBuilder::new()
            .property("items", items)
            .required("items")
            .property("next_after", next)
            .into()
    }
}

impl<T: Paged> ToSchema for Page<T> {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed(T::PAGE)
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((T::name().into(), T::schema()));
        T::schemas(schemas);
    }
}

/// A checked page request.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// Items come after (in the list's order) this id.
    pub after: Option<String>,
    pub limit: i64,
}

impl PageQuery {
    /// The page asked for: a limit within 1..=100 (20 when absent) and a cursor that is an id;
    /// anything else is a 400 with its own code.
    pub fn page(&self) -> Result<PageRequest, AppError> {
        checked(self.after.as_deref(), self.limit, 20, 100)
    }
}

/// A limit within 1..=max (`default` when absent) and a cursor that is an id.
pub fn checked(
    after: Option<&str>,
    limit: Option<i64>,
    default: i64,
    max: i64,
) -> Result<PageRequest, AppError> {
    let limit = limit.unwrap_or(default);
    if !(1..=max).contains(&limit) {
        return Err(AppError::new(ErrorCode::InvalidQuery));
    }
    let after = after
        .map(|a| {
            uuid::Uuid::parse_str(a)
                .map(|u| u.hyphenated().to_string())
                .map_err(|_| AppError::new(ErrorCode::InvalidCursor))
        })
        .transpose()?;
    Ok(PageRequest { after, limit })
}

impl PageRequest {
    /// How many rows to read: one more than the page, to learn whether another page follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// The page's items and, when more follow, the cursor of the next page.
    pub fn finish<T>(
        &self,
        mut items: Vec<T>,
        id: impl Fn(&T) -> &str,
    ) -> (Vec<T>, Option<String>) {
        let has_more = items.len() as i64 > self.limit;
        items.truncate(self.limit.max(0) as usize);
        let next = if has_more {
            items.last().map(|i| id(i).to_string())
        } else {
            None
        };
        (items, next)
    }
}

/// One page of a boxed diesel query by its `id` column (UUIDv7, so in time order): the rows
/// after the cursor `after` (an `Option` of an id), at most `fetch` of them. `newest_first`
/// goes down the ids, `oldest_first` up. The one shape of every list's keyset page.
#[macro_export]
macro_rules! newest_first {
    ($query:expr, $id:expr, $after:expr, $fetch:expr) => {{
        let mut q = $query;
        if let Some(after) = $after {
            q = q.filter($id.lt(after.to_string()));
        }
        q.order($id.desc()).limit($fetch)
    }};
}

/// See [`newest_first!`].
#[macro_export]
macro_rules! oldest_first {
    ($query:expr, $id:expr, $after:expr, $fetch:expr) => {{
        let mut q = $query;
        if let Some(after) = $after {
            q = q.filter($id.gt(after.to_string()));
        }
        q.order($id.asc()).limit($fetch)
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(after: Option<&str>, limit: Option<i64>) -> PageQuery {
        PageQuery {
            after: after.map(str::to_string),
            limit,
        }
    }

    #[test]
    fn limits_and_cursors_are_checked() {
        assert_eq!(q(None, None).page().unwrap().limit, 20);
        assert_eq!(q(None, Some(100)).page().unwrap().limit, 100);
        assert_eq!(
            q(None, Some(101)).page().unwrap_err().code,
            ErrorCode::InvalidQuery
        );
        assert_eq!(
            q(None, Some(0)).page().unwrap_err().code,
            ErrorCode::InvalidQuery
        );
        assert_eq!(
            q(Some("nope"), None).page().unwrap_err().code,
            ErrorCode::InvalidCursor
        );
    }

    #[test]
    fn one_extra_row_tells_a_next_page_follows() {
        let page = q(None, Some(2)).page().unwrap();
        assert_eq!(page.fetch(), 3);
        let (items, next) = page.finish(vec!["a", "b", "c"], |s| s);
        assert_eq!(items, vec!["a", "b"]);
        assert_eq!(next.as_deref(), Some("b"));
        let (items, next) = page.finish(vec!["a", "b"], |s| s);
        assert_eq!(items.len(), 2);
        assert_eq!(next, None);
    }
}
