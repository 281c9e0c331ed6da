//! What a stranger sends, parsed at the edge into types that say in the document what they
//! accept: a JSON object that is one of several shapes told apart by a tag.

/// A JSON object that is one of several named shapes, told apart by a tag property (`op`,
/// `grant_type`). Each shape is a struct of its own with the tag as a field whose type accepts
/// its one value; the union's schema is `oneOf` those shapes with a discriminator, so generated
/// clients get a named class for each. Reading one reads the tag first: a missing or unknown tag,
/// and then a missing or unknown field of the shape, are each told exactly.
#[macro_export]
macro_rules! one_of {
    (
        $(#[doc = $doc:literal])*
        $name:ident by $tag:literal {
            $( $variant:ident($shape:ty) = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug)]
        pub enum $name {
            $( $variant($shape) ),+
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error;
                let value = serde_json::Value::deserialize(d)?;
                let tag = match value.get($tag) {
                    None => return Err(D::Error::missing_field($tag)),
                    Some(tag) => tag.as_str().unwrap_or_default().to_string(),
                };
                match tag.as_str() {
                    $( $value => serde_json::from_value(value)
                        .map($name::$variant)
                        .map_err(D::Error::custom), )+
                    other => Err(D::Error::unknown_variant(other, &[$($value),+])),
                }
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::ToSchema;
                let doc: &str = concat!($($doc, "\n"),*);
                let mut discriminator = utoipa::openapi::schema::Discriminator::new($tag);
                $(
                    discriminator.mapping.insert(
                        $value.to_string(),
                        format!("#/components/schemas/{}", <$shape>::name()),
                    );
                )+
                utoipa::openapi::schema::OneOfBuilder::new()
                    $( .item(utoipa::openapi::Ref::from_schema_name(<$shape>::name())) )+
                    .discriminator(Some(discriminator))
                    .description(Some(doc.trim()).filter(|d| !d.is_empty()))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }

            fn schemas(
                schemas: &mut Vec<(
                    String,
                    utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
                )>,
            ) {
                use utoipa::PartialSchema;
                $(
                    schemas.push((<$shape>::name().into(), <$shape>::schema()));
                    <$shape>::schemas(schemas);
                )+
            }
        }
    };
}
