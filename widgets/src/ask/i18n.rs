//! The ask widget's words, in Vietnamese and English. A text missing in one language does not compile.

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
    pub unreachable: &'static str,
    pub unavailable: &'static str,
    pub refused: &'static str,
    pub sent_title: &'static str,
    pub next_steps: &'static str,
    pub pin_once: &'static str,
    pub ask_another: &'static str,
    pub sending_announcement: &'static str,
    pub follow_question: &'static str,
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
    unreachable: "Chưa gửi được câu hỏi vì mất kết nối tới máy chủ. Nội dung bạn nhập vẫn còn nguyên; hãy kiểm tra kết nối rồi bấm “Gửi câu hỏi” lần nữa.",
    unavailable: "Chưa gửi được câu hỏi vì hệ thống tạm thời không lưu được dữ liệu. Nội dung bạn nhập vẫn còn nguyên; vui lòng bấm “Gửi câu hỏi” lại sau vài phút.",
    refused: "Trang này hiện không gửi được câu hỏi tới cơ quan. Nội dung bạn nhập vẫn còn nguyên; vui lòng thử lại sau hoặc liên hệ cơ quan theo cách khác.",
    sent_title: "Câu hỏi của bạn đã được gửi",
    next_steps: "Hãy ghi lại mã theo dõi và mã PIN. Bạn cần cả hai để tra cứu tình trạng xử lý và nhận câu trả lời. Cơ quan trả lời trong thời hạn quy định.",
    pin_once: "Mã PIN chỉ hiển thị một lần này.",
    ask_another: "Gửi câu hỏi khác",
    sending_announcement: "Đang gửi câu hỏi…",
    follow_question: "Theo dõi câu hỏi này",
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
    unreachable: "Your question has not been sent because the server could not be reached. Everything you typed is still here; check your connection and select “Send question” again.",
    unavailable: "Your question has not been sent because the service cannot store questions right now. Everything you typed is still here; select “Send question” again in a few minutes.",
    refused: "This page cannot send questions to the agency at the moment. Everything you typed is still here; please try again later or contact the agency another way.",
    sent_title: "Your question has been sent",
    next_steps: "Write down the tracking code and the PIN. You need both to follow your question and read the answer. The agency answers within the time the law sets.",
    pin_once: "The PIN is shown only this once.",
    ask_another: "Ask another question",
    sending_announcement: "Sending your question…",
    follow_question: "Follow this question",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// What is announced once a question is stored.
pub fn sent_announcement(code: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Đã gửi câu hỏi. Mã theo dõi của bạn là {code}."),
        Lang::En => format!("Your question has been sent. Your tracking code is {code}."),
    }
}
