//! The tracker widget's words, in Vietnamese and English. A text missing in one language does not compile.

use domain::{ContactHeld, Lang};

pub struct Texts {
    pub tracking_code: &'static str,
    pub pin: &'static str,
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
    pub contact_title: &'static str,
    pub no_contact: &'static str,
    pub erase_open: &'static str,
    pub erase_confirm_title: &'static str,
    pub erase_confirm_text: &'static str,
    pub erase_confirm: &'static str,
    pub erase_keep: &'static str,
    pub erasing: &'static str,
    pub erasing_announcement: &'static str,
    pub erased_announcement: &'static str,
    pub erase_unreachable: &'static str,
    pub erase_refused: &'static str,
}

static VI: Texts = Texts {
    tracking_code: "Mã theo dõi",
    pin: "Mã PIN",
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
    contact_title: "Thông tin liên hệ của bạn",
    no_contact: "Bạn không để lại thông tin liên hệ nào cùng câu hỏi này.",
    erase_open: "Rút lại sự đồng ý và xoá thông tin liên hệ",
    erase_confirm_title: "Xoá thông tin liên hệ của bạn?",
    erase_confirm_text: "Câu hỏi và câu trả lời vẫn được giữ, và bạn vẫn tra cứu được bằng mã theo dõi và mã PIN. Cơ quan sẽ không còn biết thông tin liên hệ của bạn và không gửi thư cho bạn nữa. Việc xoá không thể hoàn tác.",
    erase_confirm: "Xoá thông tin liên hệ",
    erase_keep: "Giữ lại",
    erasing: "Đang xoá…",
    erasing_announcement: "Đang xoá thông tin liên hệ…",
    erased_announcement: "Đã xoá thông tin liên hệ của bạn.",
    erase_unreachable: "Chưa xoá được vì mất kết nối tới máy chủ. Hãy kiểm tra kết nối rồi thử lại.",
    erase_refused: "Hiện chưa xoá được thông tin liên hệ. Vui lòng thử lại sau hoặc liên hệ cơ quan theo cách khác.",
};

static EN: Texts = Texts {
    tracking_code: "Tracking code",
    pin: "PIN",
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
    contact_title: "Your contact details",
    no_contact: "You left no contact details with this question.",
    erase_open: "Withdraw consent and erase my contact details",
    erase_confirm_title: "Erase your contact details?",
    erase_confirm_text: "Your question and its answer stay, and you can still look them up with the tracking code and PIN. The agency will no longer hold your contact details and will not write to you any more. Erasing cannot be undone.",
    erase_confirm: "Erase my contact details",
    erase_keep: "Keep them",
    erasing: "Erasing…",
    erasing_announcement: "Erasing your contact details…",
    erased_announcement: "Your contact details have been erased.",
    erase_unreachable: "Your contact details could not be erased because the server could not be reached. Check your connection and try again.",
    erase_refused: "Your contact details cannot be erased at the moment. Please try again later or contact the agency another way.",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
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

/// Which contact details the agency holds for the question, and why: the kinds, never the details.
pub fn contact_held(held: &ContactHeld, lang: Lang) -> String {
    let kinds: Vec<&str> = [
        (held.name, ["họ tên", "name"]),
        (held.email, ["địa chỉ email", "email address"]),
        (held.phone, ["số điện thoại", "phone number"]),
    ]
    .into_iter()
    .filter(|(held, _)| *held)
    .map(|(_, words)| words[usize::from(lang == Lang::En)])
    .collect();
    let list = match kinds.as_slice() {
        [one] => (*one).to_owned(),
        [rest @ .., last] => {
            format!("{} {} {last}", rest.join(", "), if lang == Lang::En { "and" } else { "và" })
        }
        [] => String::new(),
    };
    match lang {
        Lang::Vi => format!("Cơ quan đang lưu {list} bạn để lại cùng câu hỏi này, để liên hệ với bạn và báo cho bạn khi có trả lời."),
        Lang::En => format!("The agency holds the {list} you left with this question, to contact you and to tell you when it is answered."),
    }
}

/// Contact details erased, by the citizen or by the agency's retention period, and on which day.
pub fn contact_erased(day: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Thông tin liên hệ của bạn đã được xoá ngày {day}. Cơ quan không còn lưu và sẽ không gửi thư cho bạn nữa."),
        Lang::En => format!("Your contact details were erased on {day}. The agency no longer holds them and will not write to you any more."),
    }
}
