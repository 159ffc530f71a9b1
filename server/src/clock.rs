//! Timestamps as the database stores them: UTC text that sorts in time order.

use time::OffsetDateTime;
use time::macros::format_description;

/// The current time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now() -> String {
    format(OffsetDateTime::now_utc())
}

pub fn format(at: OffsetDateTime) -> String {
    let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    at.to_offset(time::UtcOffset::UTC).format(&fmt).expect("a UTC time always formats")
}
