use serde::{Deserialize, Deserializer, Serialize};

/// The language a citizen uses. Vietnamese is the default everywhere. Read leniently, like a `lang`
/// attribute: `"EN"`, `"en-US"` are English, anything else Vietnamese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Reads a `lang` attribute or field; anything that is not English falls back to Vietnamese.
    pub fn from_tag(tag: &str) -> Lang {
        let tag = tag.trim();
        // Bytes, not a string slice: a tag may start with any character, and must never panic.
        if tag.as_bytes().get(..2).is_some_and(|start| start.eq_ignore_ascii_case(b"en")) { Lang::En } else { Lang::Vi }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Lang, D::Error> {
        let tag = String::deserialize(deserializer)?;
        Ok(Lang::from_tag(&tag))
    }
}
