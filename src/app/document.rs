//! What the document says of every operation, beyond what its handler documents.

use actix_web::http::Method;
use utoipa::openapi::RefOr;

/// Answers any operation can give, whatever its handler says: a request that is not valid,
/// a sign-in that is missing (where one is needed), a body too large or not JSON (where one is
/// sent), and the server's own failures. Added where a handler did not document them itself.
pub(super) fn common_answers(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let problem = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/problem+json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("Problem")))
                        .build(),
                )
                .build(),
        )
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        let operations = [
            (Method::GET, &mut item.get),
            (Method::PUT, &mut item.put),
            (Method::POST, &mut item.post),
            (Method::DELETE, &mut item.delete),
            (Method::PATCH, &mut item.patch),
        ];
        for (method, op) in operations {
            let Some(op) = op else { continue };
            let signed_in = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let has_body = op.request_body.is_some();
            let answers = &mut op.responses.responses;
            let mut add = |status: &str, description: &str| {
                answers
                    .entry(status.to_string())
                    .or_insert_with(|| problem(description));
            };
            add(
                "400",
                "The request is not valid: its JSON, a field, a header, the query or a page marker",
            );
            if signed_in {
                add(
                    "401",
                    "Not signed in, or the sign-in is not valid any more (see WWW-Authenticate)",
                );
            }
            if has_body {
                add("413", "The body is larger than the server accepts");
                add("415", "The body is not JSON");
                add(
                    "422",
                    "A field is not possible: a date out of range, a text too long or with hidden characters",
                );
            }
            if signed_in && crate::auth::limits::counts(&method, path) {
                add(
                    "429",
                    "You sent many changes in a short time; try again (see Retry-After)",
                );
            }
            add("431", "The request's headers are too large");
            add("500", "Something went wrong on the server");
            add(
                "503",
                "The database does not answer now; try again (see Retry-After)",
            );
        }
    }
}
