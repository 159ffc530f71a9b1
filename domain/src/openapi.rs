//! OpenAPI schemas the derive cannot write (only with the `openapi` feature, for the server).

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// A string that takes one of `values`.
pub fn string_enum(values: impl Iterator<Item = &'static str>) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values)).build().into()
}
