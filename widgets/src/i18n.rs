//! Every text the widgets show, in Vietnamese and English. Validation messages live in the domain crate's
//! catalogue, shared with the server; these are the widgets' own words.

use domain::Lang;

pub struct Texts {
    pub title_label: &'static str,
    pub title_hint: &'static str,
    pub body_label: &'static str,
    pub body_hint: &'static str,
    pub topic_label: &'static str,
    pub topic_choose: &'static str,
    pub contact_legend: &'static str,
    pub contact_hint: &'static str,
    pub name_label: &'static str,
    pub email_label: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub consent_label: &'static str,
    pub publication_notice: &'static str,
    pub honeypot_label: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub error_summary_title: &'static str,
    pub error_prefix: &'static str,
    pub unreachable: &'static str,
    pub unavailable: &'static str,
    pub refused: &'static str,
    pub sent_title: &'static str,
    pub tracking_code: &'static str,
    pub pin: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    /// The visually hidden end of each copy button, so that it names what it copies.
    pub copy_code_suffix: &'static str,
    pub copy_pin_suffix: &'static str,
    pub next_steps: &'static str,
    pub pin_once: &'static str,
    pub ask_another: &'static str,
    pub sending_announcement: &'static str,
    pub errors_announcement: &'static str,
    pub follow_question: &'static str,
    // The tracker's own words.
    pub code_hint: &'static str,
    pub pin_hint: &'static str,
    pub remember_label: &'static str,
    pub remember_hint: &'static str,
    pub look_up: &'static str,
    pub looking_up: &'static str,
    pub looking_up_announcement: &'static str,
    pub remembered_title: &'static str,
    pub forget: &'static str,
    pub forgotten: &'static str,
    pub not_found: &'static str,
    pub lookup_unreachable: &'static str,
    pub lookup_refused: &'static str,
    pub status: &'static str,
    pub sent_on: &'static str,
    pub due_on: &'static str,
    pub overdue_title: &'static str,
    pub answer_title: &'static str,
    pub answered_on: &'static str,
    pub timeline_title: &'static str,
    pub question_title: &'static str,
}

static VI: Texts = Texts {
    title_label: "Tiêu đề",
    title_hint: "Tóm tắt câu hỏi trong một câu ngắn.",
    body_label: "Nội dung câu hỏi",
    body_hint: "Nêu rõ sự việc, thời gian, địa điểm và điều bạn cần cơ quan trả lời.",
    topic_label: "Lĩnh vực",
    topic_choose: "Chọn lĩnh vực",
    contact_legend: "Thông tin liên hệ (không bắt buộc)",
    contact_hint: "Để nhận thông báo qua email khi có trả lời. Thông tin này không bao giờ được công khai.",
    name_label: "Họ và tên",
    email_label: "Email",
    phone_label: "Số điện thoại",
    phone_hint: "Số di động hoặc cố định tại Việt Nam.",
    consent_label: "Tôi đồng ý để cơ quan xử lý thông tin liên hệ trên chỉ nhằm trả lời câu hỏi này (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15).",
    publication_notice: "Câu hỏi và câu trả lời có thể được công bố công khai, không kèm thông tin liên hệ của bạn.",
    honeypot_label: "Không điền vào ô này",
    submit: "Gửi câu hỏi",
    submitting: "Đang gửi…",
    error_summary_title: "Có lỗi cần sửa",
    error_prefix: "Lỗi:",
    unreachable: "Chưa gửi được câu hỏi vì mất kết nối tới máy chủ. Nội dung bạn nhập vẫn còn nguyên; hãy kiểm tra kết nối rồi bấm “Gửi câu hỏi” lần nữa.",
    unavailable: "Chưa gửi được câu hỏi vì hệ thống tạm thời không lưu được dữ liệu. Nội dung bạn nhập vẫn còn nguyên; vui lòng bấm “Gửi câu hỏi” lại sau vài phút.",
    refused: "Trang này hiện không gửi được câu hỏi tới cơ quan. Nội dung bạn nhập vẫn còn nguyên; vui lòng thử lại sau hoặc liên hệ cơ quan theo cách khác.",
    sent_title: "Câu hỏi của bạn đã được gửi",
    tracking_code: "Mã theo dõi",
    pin: "Mã PIN",
    copy: "Sao chép",
    copied: "Đã sao chép",
    copy_code_suffix: " mã theo dõi",
    copy_pin_suffix: " mã PIN",
    next_steps: "Hãy ghi lại mã theo dõi và mã PIN. Bạn cần cả hai để tra cứu tình trạng xử lý và nhận câu trả lời. Cơ quan trả lời trong thời hạn quy định.",
    pin_once: "Mã PIN chỉ hiển thị một lần này.",
    ask_another: "Gửi câu hỏi khác",
    sending_announcement: "Đang gửi câu hỏi…",
    errors_announcement: "Biểu mẫu có lỗi cần sửa.",
    follow_question: "Theo dõi câu hỏi này",
    code_hint: "Gồm 10 ký tự, ví dụ K7M4Q-X9PRT, có trong thông báo khi bạn gửi câu hỏi.",
    pin_hint: "Gồm 6 chữ số, chỉ hiển thị một lần khi bạn gửi câu hỏi.",
    remember_label: "Ghi nhớ mã theo dõi trên thiết bị này",
    remember_hint: "Chỉ lưu mã theo dõi, không bao giờ lưu mã PIN. Không nên chọn trên máy dùng chung.",
    look_up: "Tra cứu",
    looking_up: "Đang tra cứu…",
    looking_up_announcement: "Đang tra cứu câu hỏi…",
    remembered_title: "Mã theo dõi đã lưu trên thiết bị này",
    forget: "Xoá",
    forgotten: "Đã xoá mã theo dõi khỏi thiết bị này.",
    not_found: "Không có câu hỏi nào khớp với mã theo dõi và mã PIN này. Hãy kiểm tra lại cả hai mã rồi tra cứu lần nữa.",
    lookup_unreachable: "Chưa tra cứu được vì mất kết nối tới máy chủ. Mã bạn nhập vẫn còn nguyên; hãy kiểm tra kết nối rồi bấm “Tra cứu” lần nữa.",
    lookup_refused: "Trang này hiện không tra cứu được câu hỏi. Vui lòng thử lại sau hoặc liên hệ cơ quan theo cách khác.",
    status: "Tình trạng",
    sent_on: "Ngày gửi",
    due_on: "Hạn trả lời",
    overdue_title: "Đã quá hạn trả lời",
    answer_title: "Trả lời của cơ quan",
    answered_on: "Ngày trả lời",
    timeline_title: "Quá trình xử lý",
    question_title: "Nội dung câu hỏi",
};

static EN: Texts = Texts {
    title_label: "Title",
    title_hint: "Sum up your question in one short sentence.",
    body_label: "Your question",
    body_hint: "Say what happened, when and where, and what you need the agency to answer.",
    topic_label: "Topic",
    topic_choose: "Choose a topic",
    contact_legend: "Contact details (optional)",
    contact_hint: "To be told by email when there is an answer. These details are never published.",
    name_label: "Full name",
    email_label: "Email",
    phone_label: "Phone number",
    phone_hint: "A Vietnamese mobile or landline number.",
    consent_label: "I agree that the agency may process these contact details only to answer this question (Law on Personal Data Protection No. 91/2025/QH15).",
    publication_notice: "Questions and answers may be published, without your contact details.",
    honeypot_label: "Leave this field empty",
    submit: "Send question",
    submitting: "Sending…",
    error_summary_title: "There is a problem",
    error_prefix: "Error:",
    unreachable: "Your question has not been sent because the server could not be reached. Everything you typed is still here; check your connection and select “Send question” again.",
    unavailable: "Your question has not been sent because the service cannot store questions right now. Everything you typed is still here; select “Send question” again in a few minutes.",
    refused: "This page cannot send questions to the agency at the moment. Everything you typed is still here; please try again later or contact the agency another way.",
    sent_title: "Your question has been sent",
    tracking_code: "Tracking code",
    pin: "PIN",
    copy: "Copy",
    copied: "Copied",
    copy_code_suffix: " the tracking code",
    copy_pin_suffix: " the PIN",
    next_steps: "Write down the tracking code and the PIN. You need both to follow your question and read the answer. The agency answers within the time the law sets.",
    pin_once: "The PIN is shown only this once.",
    ask_another: "Ask another question",
    sending_announcement: "Sending your question…",
    errors_announcement: "The form has errors to fix.",
    follow_question: "Follow this question",
    code_hint: "10 characters, like K7M4Q-X9PRT, shown when you sent your question.",
    pin_hint: "6 digits, shown only once, when you sent your question.",
    remember_label: "Remember the tracking code on this device",
    remember_hint: "Only the tracking code is kept, never the PIN. Do not choose this on a shared computer.",
    look_up: "Look up",
    looking_up: "Looking up…",
    looking_up_announcement: "Looking up your question…",
    remembered_title: "Tracking codes remembered on this device",
    forget: "Forget",
    forgotten: "The tracking code has been forgotten on this device.",
    not_found: "No question matches this tracking code and PIN. Check both and look up again.",
    lookup_unreachable: "Your question could not be looked up because the server could not be reached. What you typed is still here; check your connection and select “Look up” again.",
    lookup_refused: "This page cannot look up questions at the moment. Please try again later or contact the agency another way.",
    status: "Status",
    sent_on: "Sent on",
    due_on: "Answer due by",
    overdue_title: "The answer is overdue",
    answer_title: "The agency's answer",
    answered_on: "Answered on",
    timeline_title: "Handling so far",
    question_title: "Your question",
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
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// What the character counter says.
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

/// What is announced once a question is stored.
pub fn sent_announcement(code: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Đã gửi câu hỏi. Mã theo dõi của bạn là {code}."),
        Lang::En => format!("Your question has been sent. Your tracking code is {code}."),
    }
}

/// A calendar day (`YYYY-MM-DD`) as people write it: "22/11/2026" in Vietnamese, "22 November 2026" in
/// English. Anything else is shown as it came.
pub fn date(day: &str, lang: Lang) -> String {
    let (Some(year), Some(month), Some(d)) = (day.get(..4), day.get(5..7), day.get(8..10)) else { return day.to_owned() };
    const MONTHS: [&str; 12] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
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

/// Why the answer is late, naming the day it was due.
pub fn overdue_notice(due: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Cơ quan chưa trả lời dù đã qua hạn {due}. Bạn có thể liên hệ cơ quan và nêu mã theo dõi để được giải đáp."),
        Lang::En => format!("The agency has not answered although the answer was due by {due}. You may contact the agency, quoting the tracking code."),
    }
}

/// Why the lookup is paused and when to try again: a clock time, today or on a later day.
pub fn locked_out(retry_at: Option<&str>, lang: Lang) -> String {
    let when = match (lang, retry_at) {
        (Lang::Vi, Some(at)) => format!("sau {at}"),
        (Lang::Vi, None) => "sau ít phút".to_owned(),
        (Lang::En, Some(at)) => format!("after {at}"),
        (Lang::En, None) => "in a few minutes".to_owned(),
    };
    match lang {
        Lang::Vi => format!("Đã có quá nhiều lần nhập sai mã theo dõi hoặc mã PIN nên việc tra cứu tạm dừng để bảo vệ câu hỏi. Vui lòng thử lại {when}."),
        Lang::En => format!("There have been too many attempts with a wrong tracking code or PIN, so looking up is paused to protect questions. Please try again {when}."),
    }
}

/// What is announced once a question is found: its status and, when late, that the answer is overdue.
pub fn found_announcement(code: &str, status: &str, overdue: bool, lang: Lang) -> String {
    let mut said = match lang {
        Lang::Vi => format!("Đã tìm thấy câu hỏi {code}. Tình trạng: {status}."),
        Lang::En => format!("Question {code} found. Status: {status}."),
    };
    if overdue {
        said.push(' ');
        said.push_str(texts(lang).overdue_title);
        said.push('.');
    }
    said
}

/// The language of people's own text (questions, answers, notes), as far as letters tell: `vi` when it uses
/// a letter only Vietnamese has (ă, đ, ơ, ư, ĩ, ũ or any of U+1EA0–U+1EF9, such as ạ, ế, ộ), so that a screen
/// reader on an English page reads it with a Vietnamese voice. Otherwise `None`: the widget's language holds.
pub fn text_lang(text: &str) -> Option<&'static str> {
    let vietnamese = |c: char| matches!(c, 'ă' | 'Ă' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'..='\u{1EF9}');
    text.chars().any(vietnamese).then_some("vi")
}

/// The visually hidden end of a remembered code's buttons, so each button names its code.
pub fn code_suffix(code: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(" mã {code}"),
        Lang::En => format!(" code {code}"),
    }
}

/// A question that duplicates one already answered.
pub fn duplicate_notice(code: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Câu hỏi này trùng với câu hỏi đã được trả lời có mã {code}. Mời bạn xem câu trả lời của câu hỏi đó."),
        Lang::En => format!("This question duplicates question {code}, which has already been answered. Please read the answer to that question."),
    }
}

/// A question sent on to the agency that can answer it.
pub fn transferred_notice(agency: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Câu hỏi đã được chuyển đến {agency}, cơ quan có thẩm quyền trả lời."),
        Lang::En => format!("The question has been sent on to {agency}, the agency that can answer it."),
    }
}
