//! The words every widget shares, in Vietnamese and English, and how numbers and dates are written. Each
//! widget keeps its own words in its folder's `i18n.rs`; validation messages live in the domain crate's
//! catalogue, shared with the server. A text missing in one language does not compile.

use domain::Lang;

pub struct Texts {
    pub error_summary_title: &'static str,
    /// Said before each field error, for screen readers.
    pub error_prefix: &'static str,
    /// Said when the error summary takes focus.
    pub errors_announcement: &'static str,
    pub tracking_code: &'static str,
    pub pin: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    /// The visually hidden end of each copy button, so that it names what it copies.
    pub copy_code_suffix: &'static str,
    pub copy_pin_suffix: &'static str,
}

static VI: Texts = Texts {
    error_summary_title: "Có lỗi cần sửa",
    error_prefix: "Lỗi:",
    errors_announcement: "Biểu mẫu có lỗi cần sửa.",
    tracking_code: "Mã theo dõi",
    pin: "Mã PIN",
    copy: "Sao chép",
    copied: "Đã sao chép",
    copy_code_suffix: " mã theo dõi",
    copy_pin_suffix: " mã PIN",
};

static EN: Texts = Texts {
    error_summary_title: "There is a problem",
    error_prefix: "Error:",
    errors_announcement: "The form has errors to fix.",
    tracking_code: "Tracking code",
    pin: "PIN",
    copy: "Copy",
    copied: "Copied",
    copy_code_suffix: " the tracking code",
    copy_pin_suffix: " the PIN",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// "4.980" in Vietnamese, "4,980" in English.
pub fn number(n: usize, lang: Lang) -> String {
    let separator = if lang == Lang::Vi { '.' } else { ',' };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// What a character count says.
pub fn characters_left(left: isize, lang: Lang) -> String {
    let n = number(left.unsigned_abs(), lang);
    match (lang, left >= 0) {
        (Lang::Vi, true) => format!("Còn {n} ký tự"),
        (Lang::Vi, false) => format!("Vượt quá {n} ký tự"),
        (Lang::En, true) if left == 1 => "You have 1 character remaining".to_owned(),
        (Lang::En, true) => format!("You have {n} characters remaining"),
        (Lang::En, false) if left == -1 => "You have 1 character too many".to_owned(),
        (Lang::En, false) => format!("You have {n} characters too many"),
    }
}

/// A calendar day (`YYYY-MM-DD`) as people write it: "22/11/2026" in Vietnamese, "22 November 2026" in
/// English. Anything else is shown as it came.
pub fn date(day: &str, lang: Lang) -> String {
    let (Some(year), Some(month), Some(d)) = (day.get(..4), day.get(5..7), day.get(8..10)) else {
        return day.to_owned();
    };
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match (lang, month.parse::<usize>().ok().and_then(|m| MONTHS.get(m.wrapping_sub(1)))) {
        (Lang::En, Some(name)) => format!("{} {name} {year}", d.trim_start_matches('0')),
        _ => format!("{d}/{month}/{year}"),
    }
}

/// The day in Vietnam at an instant the server sent (RFC 3339, UTC), as people write it.
pub fn day_of(instant: &str, lang: Lang) -> String {
    domain::Date::in_vietnam_at(instant).map_or_else(|| instant.to_owned(), |day| date(&day.to_string(), lang))
}

/// The language of people's own text (questions, answers, notes), as far as letters tell: `vi` when it uses
/// a letter only Vietnamese has (ă, đ, ơ, ư, ĩ, ũ or any of U+1EA0–U+1EF9, such as ạ, ế, ộ), so that a screen
/// reader on an English page reads it with a Vietnamese voice. Otherwise `None`: the widget's language holds.
pub fn text_lang(text: &str) -> Option<&'static str> {
    let vietnamese = |c: char| {
        matches!(c, 'ă' | 'Ă' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'..='\u{1EF9}')
    };
    text.chars().any(vietnamese).then_some("vi")
}

/// The time on the citizen's own clock `secs` from now, rounded up to the minute so that "after 14:36" is
/// true; with the day too when that is not today.
pub fn clock_after(secs: u32, lang: Lang) -> String {
    const MINUTE_MS: f64 = 60_000.0;
    let now = js_sys::Date::new_0();
    let at_ms = ((now.get_time() + f64::from(secs) * 1_000.0) / MINUTE_MS).ceil() * MINUTE_MS;
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms));
    let time = format!("{:02}:{:02}", at.get_hours(), at.get_minutes());
    if at.to_date_string() == now.to_date_string() {
        return time;
    }
    let day = format!("{:04}-{:02}-{:02}", at.get_full_year(), at.get_month() + 1, at.get_date());
    format!("{time} {}", date(&day, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_counts_and_dates_are_written_as_people_write_them() {
        assert_eq!(number(4_992, Lang::Vi), "4.992");
        assert_eq!(number(1_234_567, Lang::En), "1,234,567");
        assert_eq!(characters_left(1, Lang::En), "You have 1 character remaining");
        assert_eq!(characters_left(-12, Lang::Vi), "Vượt quá 12 ký tự");
        assert_eq!(date("2026-11-02", Lang::En), "2 November 2026");
        assert_eq!(date("2026-11-02", Lang::Vi), "02/11/2026");
        assert_eq!(text_lang("Giờ làm việc"), Some("vi"));
        assert_eq!(text_lang("Opening hours"), None);
    }
}
