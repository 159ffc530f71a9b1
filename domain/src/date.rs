//! Calendar dates and working days, for due dates. The agency works on Vietnamese time (UTC+7, no daylight
//! saving), so a question sent at 23:30 UTC on a Sunday arrives on Monday.

use std::fmt;

/// A day of the Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// Vietnam's offset from UTC, in seconds.
const VIETNAM_OFFSET_SECS: i64 = 7 * 3600;

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(date)
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse(input: &str) -> Option<Date> {
        let bytes = input.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &input[range];
            part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
        };
        Date::new(number(0..4)? as i32, number(5..7)? as u8, number(8..10)? as u8)
    }

    /// The date in Vietnam at an instant written as RFC 3339 in UTC (`YYYY-MM-DDTHH:MM:SSZ`, as the server
    /// stores instants).
    pub fn in_vietnam_at(instant: &str) -> Option<Date> {
        let date = Date::parse(instant.get(..10)?)?;
        let time = instant.get(11..19)?;
        let hours: i64 = time.get(..2)?.parse().ok()?;
        let minutes: i64 = time.get(3..5)?.parse().ok()?;
        let seconds: i64 = time.get(6..8)?.parse().ok()?;
        let local = hours * 3600 + minutes * 60 + seconds + VIETNAM_OFFSET_SECS;
        Some(date.add_days(local.div_euclid(86_400)))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        const DAYS: [Weekday; 7] = [
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
        ];
        DAYS[self.days_since_epoch().rem_euclid(7) as usize]
    }

    /// The Monday of this day's week, which names the week in trends.
    pub fn week_start(self) -> Date {
        // 1970-01-05 was a Monday.
        let days = self.days_since_epoch();
        Date::from_days_since_epoch(days - (days - 4).rem_euclid(7))
    }

    pub fn is_weekend(self) -> bool {
        matches!(self.weekday(), Weekday::Saturday | Weekday::Sunday)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The day a question received on `received` must be answered by: `working_days` working days later,
/// skipping weekends and the agency's holidays. The day of receipt does not count; a question received on a
/// day off is counted from the next working day.
pub fn due_date(received: Date, working_days: u32, holidays: &[Date]) -> Date {
    let is_working = |day: Date| !day.is_weekend() && !holidays.contains(&day);
    let mut day = received;
    let mut left = working_days;
    while left > 0 {
        day = day.add_days(1);
        if is_working(day) {
            left -= 1;
        }
    }
    day
}

/// The default handling time, in working days, of an agency that has not set its own.
pub const DEFAULT_HANDLING_DAYS: u32 = 10;

/// Reads an instant as people and programs write it, `YYYY-MM-DDTHH:MM[:SS]` with `Z` or an offset such as
/// `+07:00` (a space may stand for the `T`); without an offset it is Vietnam time, where agencies work.
/// Answers it as the server stores instants: `YYYY-MM-DDTHH:MM:SSZ`, in UTC.
pub fn parse_instant(input: &str) -> Option<String> {
    let input = input.trim();
    let date = Date::parse(input.get(..10)?)?;
    if !matches!(input.as_bytes().get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let rest = input.get(11..)?;
    let two = |text: &str| -> Option<i64> {
        (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
    };
    let (hours, minutes) = (two(rest.get(..2)?)?, two(rest.get(3..5)?)?);
    if rest.as_bytes().get(2) != Some(&b':') || hours > 23 || minutes > 59 {
        return None;
    }
    let (seconds, zone) = match rest.get(5..6) {
        Some(":") => (two(rest.get(6..8)?)?, rest.get(8..)?),
        _ => (0, rest.get(5..)?),
    };
    if seconds > 59 {
        return None;
    }
    let offset = match zone {
        "" => VIETNAM_OFFSET_SECS,
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if zone.len() != 6 || zone.as_bytes()[3] != b':' {
                return None;
            }
            let (h, m) = (two(zone.get(1..3)?)?, two(zone.get(4..6)?)?);
            if h > 14 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    let local = date.days_since_epoch() * 86_400 + hours * 3600 + minutes * 60 + seconds;
    Some(format_instant(local - offset))
}

/// Seconds since 1970 (UTC) as the server stores instants: `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_instant(seconds: i64) -> String {
    let day = Date::from_days_since_epoch(seconds.div_euclid(86_400));
    let time = seconds.rem_euclid(86_400);
    format!("{day}T{:02}:{:02}:{:02}Z", time / 3600, time % 3600 / 60, time % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_starts_on_its_monday() {
        let monday = Date::parse("2026-11-30").unwrap();
        assert_eq!(monday.weekday(), Weekday::Monday);
        for offset in 0..7 {
            assert_eq!(monday.add_days(offset).week_start(), monday);
        }
        assert_eq!(monday.add_days(-1).week_start(), monday.add_days(-7));
    }
}
