//! What the document says of every answer that no handler writes itself: the 304 of the public
//! reads, which a cache keeps (`http_cache`).

use utoipa::openapi::{RefOr, ResponseBuilder};

/// Adds the 304 of every public read: its answer is cached, and a client that has it sends its
/// tag back.
pub(super) fn document_not_modified(doc: &mut utoipa::openapi::OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let Some(get) = item.get.as_mut() else {
            continue;
        };
        if crate::http_cache::max_age(path).is_some() {
            get.responses.responses.insert(
                "304".into(),
                RefOr::T(
                    ResponseBuilder::new()
                        .description(
                            "Not modified: the tag in If-None-Match is still this answer's. No body.",
                        )
                        .build(),
                ),
            );
        }
    }
}
