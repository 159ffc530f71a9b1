use serde::{Deserialize, Serialize};

use crate::Lang;

/// A subject area an agency files questions under, e.g. "Cấp giấy phép".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Topic {
    pub slug: String,
    pub name_vi: String,
    pub name_en: String,
}

impl Topic {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.name_en.is_empty() => &self.name_en,
            _ => &self.name_vi,
        }
    }
}

/// What anyone may know about an agency: enough for a widget to render its form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyPublic {
    pub slug: String,
    pub name: String,
    pub topics: Vec<Topic>,
}

/// An agency slug is what a webmaster types into `agency="…"`: lowercase ASCII letters, digits and dashes.
pub fn is_valid_slug(slug: &str) -> bool {
    (1..=64).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Browsers send origins as `scheme://host[:port]` in lowercase with no path: an allowed origin is stored
/// the same way, so that it matches. `None` if `origin` is not one.
pub fn normalise_origin(origin: &str) -> Option<String> {
    let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = origin.split_once("://")?;
    let valid = matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !valid {
        return None;
    }
    // Browsers leave out a scheme's default port, so a stored ":443" would never match.
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    Some(origin.strip_suffix(default_port).map(str::to_owned).unwrap_or(origin))
}
