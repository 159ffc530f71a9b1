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

pub fn parse(stamp: &str) -> Option<OffsetDateTime> {
    let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::PrimitiveDateTime::parse(stamp, &fmt).ok().map(|t| t.assume_utc())
}

/// The stored timestamp `seconds` after `stamp` (which must be one this module wrote).
pub fn after(stamp: &str, seconds: i64) -> String {
    let at = parse(stamp).unwrap_or_else(OffsetDateTime::now_utc);
    format(at + time::Duration::seconds(seconds))
}

/// Today's date in Vietnam, where the agencies work.
pub fn today_in_vietnam() -> domain::Date {
    domain::Date::in_vietnam_at(&now()).expect("now() writes a valid stamp")
}

/// The instant a Vietnamese calendar day begins (midnight UTC+7), as stored.
pub fn start_of_vietnam_day(day: domain::Date) -> String {
    format!("{}T17:00:00Z", day.add_days(-1))
}

/// Microseconds since 1970, for counters shared between processes (not for stored timestamps).
pub fn now_micros() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_micros()).unwrap_or(i64::MAX)
}
