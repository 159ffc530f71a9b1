//! The rating widget's words, in Vietnamese and English. A text missing in one language does not compile.

use domain::{Criterion, Lang};

pub struct Texts {
    pub title_page: &'static str,
    pub title_agency: &'static str,
    pub intro: &'static str,
    /// The four questions, in the order of `Criterion::ALL`.
    pub criteria: [&'static str; 4],
    /// Short names of the criteria, for the results.
    pub criteria_short: [&'static str; 4],
    /// From 1 (very dissatisfied) to 5 (very satisfied).
    pub levels: [&'static str; 5],
    pub comment_label: &'static str,
    pub comment_hint: &'static str,
    pub honeypot_label: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub helpful_question: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub more_title: &'static str,
    pub unreachable: &'static str,
    pub unavailable: &'static str,
    pub refused: &'static str,
    pub sent_title: &'static str,
    pub sent_announcement: &'static str,
    pub replaced: &'static str,
    pub change: &'static str,
    pub results_page: &'static str,
    pub results_agency: &'static str,
    pub results_loading: &'static str,
    pub results_unavailable: &'static str,
    pub too_few: &'static str,
    pub level_header: &'static str,
    pub count_header: &'static str,
    pub helpful_title: &'static str,
    pub sending_announcement: &'static str,
}

static VI: Texts = Texts {
    title_page: "Đánh giá thông tin trên trang này",
    title_agency: "Đánh giá cổng thông tin của cơ quan",
    intro: "Trả lời ít nhất một câu hỏi. Không cần cho biết họ tên hay cách liên hệ.",
    criteria: [
        "Giao diện: dễ tìm, dễ sử dụng",
        "Nội dung: đầy đủ, chính xác, cập nhật",
        "Chất lượng thông tin và dịch vụ",
        "Sự hỗ trợ: được giúp đỡ, giải đáp khi cần",
    ],
    criteria_short: ["Giao diện", "Nội dung", "Chất lượng", "Sự hỗ trợ"],
    levels: ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"],
    comment_label: "Góp ý để cải thiện (không bắt buộc)",
    comment_hint: "Xin đừng ghi họ tên, số điện thoại hay email. Góp ý chỉ được công khai nếu cơ quan quyết định như vậy.",
    honeypot_label: "Không điền vào ô này",
    submit: "Gửi đánh giá",
    submitting: "Đang gửi…",
    helpful_question: "Thông tin trên trang này có hữu ích không?",
    yes: "Có",
    no: "Không",
    more_title: "Cảm ơn bạn. Bạn có thể đánh giá chi tiết hơn:",
    unreachable: "Chưa gửi được đánh giá vì mất kết nối tới máy chủ. Các lựa chọn của bạn vẫn còn nguyên; hãy kiểm tra kết nối rồi gửi lại.",
    unavailable: "Chưa gửi được đánh giá vì hệ thống tạm thời không lưu được dữ liệu. Các lựa chọn của bạn vẫn còn nguyên; vui lòng gửi lại sau vài phút.",
    refused: "Trang này hiện không gửi được đánh giá tới cơ quan. Vui lòng thử lại sau.",
    sent_title: "Cảm ơn bạn đã đánh giá",
    sent_announcement: "Đã gửi đánh giá. Cảm ơn bạn.",
    replaced: "Đánh giá này thay cho đánh giá bạn đã gửi cho trang này hôm nay.",
    change: "Sửa đánh giá",
    results_page: "Kết quả đánh giá trang này trong 90 ngày qua",
    results_agency: "Kết quả đánh giá cơ quan trong 90 ngày qua",
    results_loading: "Đang tải kết quả…",
    results_unavailable: "Chưa tải được kết quả. Đánh giá của bạn đã được ghi nhận.",
    too_few: "Chưa đủ 5 đánh giá để công bố kết quả.",
    level_header: "Mức độ",
    count_header: "Số đánh giá",
    helpful_title: "Thông tin hữu ích",
    sending_announcement: "Đang gửi đánh giá…",
};

static EN: Texts = Texts {
    title_page: "Rate the information on this page",
    title_agency: "Rate the agency's portal",
    intro: "Answer at least one question. You are not asked for your name or contact details.",
    criteria: [
        "Interface: easy to find and to use",
        "Content: complete, correct and up to date",
        "Quality of the information and the service",
        "Support: help and answers when you need them",
    ],
    criteria_short: ["Interface", "Content", "Quality", "Support"],
    levels: ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"],
    comment_label: "What should we improve? (optional)",
    comment_hint: "Please do not include your name, phone number or email. A suggestion is published only if the agency decides to.",
    honeypot_label: "Do not fill in this field",
    submit: "Send rating",
    submitting: "Sending…",
    helpful_question: "Was the information on this page useful?",
    yes: "Yes",
    no: "No",
    more_title: "Thank you. You can rate it in more detail:",
    unreachable: "Your rating has not been sent because the server could not be reached. Your choices are still here; check your connection and send it again.",
    unavailable: "Your rating has not been sent because the service cannot store ratings right now. Your choices are still here; send it again in a few minutes.",
    refused: "This page cannot send ratings to the agency at the moment. Please try again later.",
    sent_title: "Thank you for your rating",
    sent_announcement: "Rating sent. Thank you.",
    replaced: "This rating replaces the one you sent for this page earlier today.",
    change: "Change your rating",
    results_page: "Ratings of this page in the last 90 days",
    results_agency: "Ratings of the agency in the last 90 days",
    results_loading: "Loading the results…",
    results_unavailable: "The results could not be loaded. Your rating has been recorded.",
    too_few: "Fewer than 5 ratings so far: not published yet.",
    level_header: "Level",
    count_header: "Ratings",
    helpful_title: "Useful information",
    sending_announcement: "Sending your rating…",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

impl Texts {
    pub fn criterion(&self, criterion: Criterion) -> &'static str {
        self.criteria[criterion as usize]
    }

    pub fn criterion_short(&self, criterion: Criterion) -> &'static str {
        self.criteria_short[criterion as usize]
    }
}

/// "12 đánh giá; hài lòng 75 % (khoảng tin cậy 95 %: 47–91 %)": the figures a table's caption reads out.
/// Percentages are whole numbers: written without float formatting, which would weigh on the wasm.
pub fn figures_caption(lang: Lang, n: u32, satisfied: Option<(u32, u32, u32)>) -> String {
    let ratings = match lang {
        Lang::Vi => format!("{n} đánh giá"),
        Lang::En if n == 1 => "1 rating".to_owned(),
        Lang::En => format!("{n} ratings"),
    };
    match (satisfied, lang) {
        (None, _) => ratings,
        (Some((share, low, high)), Lang::Vi) => {
            format!("{ratings}; hài lòng {share} % (khoảng tin cậy 95 %: {low}–{high} %)")
        }
        (Some((share, low, high)), Lang::En) => format!("{ratings}; {share}% satisfied (95% interval: {low}–{high}%)"),
    }
}

/// "Có: 12, Không: 3" / "Yes: 12, No: 3".
pub fn helpful_caption(t: &Texts, yes: u32, no: u32) -> String {
    format!("{}: {yes}, {}: {no}", t.yes, t.no)
}
