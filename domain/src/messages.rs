//! Validation messages in Vietnamese and English. A key travels between server and widget; each side turns
//! it into text in the citizen's language from this one catalogue.

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::lifecycle::{ANSWER_MAX, NOTE_MAX};
use crate::question::{BODY_MAX, NAME_MAX, TITLE_MAX};

macro_rules! message_keys {
    ($($variant:ident = $key:literal, $vi:expr, $en:expr;)*) => {
        /// One reason a field was refused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum MessageKey {
            $(#[serde(rename = $key)] $variant,)*
        }

        impl MessageKey {
            pub const ALL: &[MessageKey] = &[$(MessageKey::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(MessageKey::$variant => $key,)* }
            }

            pub fn parse(key: &str) -> Option<MessageKey> {
                match key { $($key => Some(MessageKey::$variant),)* _ => None }
            }

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((MessageKey::$variant, Lang::Vi) => $vi, (MessageKey::$variant, Lang::En) => $en,)*
                }
            }
        }
    };
}

// The limits appear in the texts; a test checks each text against the constant it names.
message_keys! {
    TitleRequired = "title.required", "Nhập tiêu đề câu hỏi.", "Enter a title for your question.";
    TitleTooLong = "title.too_long", "Tiêu đề không được dài quá 200 ký tự.", "The title must be 200 characters or fewer.";
    TitleForbiddenChars = "title.forbidden_chars", "Tiêu đề chứa ký tự điều khiển không hợp lệ.", "The title contains control characters that are not allowed.";
    BodyRequired = "body.required", "Nhập nội dung câu hỏi.", "Enter your question.";
    BodyTooLong = "body.too_long", "Nội dung không được dài quá 5.000 ký tự.", "Your question must be 5,000 characters or fewer.";
    BodyForbiddenChars = "body.forbidden_chars", "Nội dung chứa ký tự điều khiển không hợp lệ.", "Your question contains control characters that are not allowed.";
    TopicRequired = "topic.required", "Chọn lĩnh vực của câu hỏi.", "Choose the topic of your question.";
    TopicUnknown = "topic.unknown", "Lĩnh vực đã chọn không có ở cơ quan này.", "The chosen topic does not exist at this agency.";
    NameTooLong = "name.too_long", "Họ và tên không được dài quá 100 ký tự.", "Your name must be 100 characters or fewer.";
    NameForbiddenChars = "name.forbidden_chars", "Họ và tên chứa ký tự không hợp lệ.", "Your name contains characters that are not allowed.";
    EmailInvalid = "email.invalid", "Nhập địa chỉ email đúng dạng, ví dụ ten@example.vn.", "Enter an email address in the correct format, like name@example.com.";
    PhoneInvalid = "phone.invalid", "Nhập số điện thoại Việt Nam đúng dạng, ví dụ 0912 345 678.", "Enter a Vietnamese phone number, like 0912 345 678.";
    ConsentRequired = "consent.required", "Bạn cần đồng ý cho cơ quan xử lý thông tin liên hệ, hoặc xoá thông tin liên hệ.", "Agree to the processing of your contact details, or remove them.";
    TrackingCodeRequired = "tracking_code.required", "Nhập mã theo dõi.", "Enter your tracking code.";
    TrackingCodeInvalid = "tracking_code.invalid", "Mã theo dõi gồm 10 ký tự, ví dụ K7M4Q-X9PRT. Kiểm tra lại từng ký tự.", "A tracking code has 10 characters, like K7M4Q-X9PRT. Check each character.";
    PinRequired = "pin.required", "Nhập mã PIN.", "Enter your PIN.";
    PinInvalid = "pin.invalid", "Mã PIN gồm 6 chữ số.", "The PIN is 6 digits.";
    ToRequired = "to.required", "Chọn trạng thái mới.", "Choose the new state.";
    ReasonRequired = "public_note.reason_required", "Nhập lý do từ chối; người hỏi sẽ thấy lý do này.", "Enter the reason for rejecting; the citizen will see it.";
    NoteTooLong = "note.too_long", "Ghi chú không được dài quá 2.000 ký tự.", "A note must be 2,000 characters or fewer.";
    NoteForbiddenChars = "note.forbidden_chars", "Ghi chú chứa ký tự điều khiển không hợp lệ.", "The note contains control characters that are not allowed.";
    UnitRequired = "unit.required", "Chọn đơn vị xử lý.", "Choose the unit that will handle it.";
    UnitUnknown = "unit.unknown", "Đơn vị đã chọn không có ở cơ quan này.", "The chosen unit does not exist at this agency.";
    DuplicateOfRequired = "duplicate_of.required", "Nhập mã theo dõi của câu hỏi đã trả lời và công bố mà câu hỏi này trùng.", "Enter the tracking code of the answered, published question it duplicates.";
    DuplicateOfUnknown = "duplicate_of.unknown", "Không có câu hỏi đã trả lời và công bố nào mang mã này.", "No answered, published question has this tracking code.";
    TransferToRequired = "transfer_to.required", "Chọn cơ quan tiếp nhận.", "Choose the agency it goes to.";
    TransferToUnknown = "transfer_to.unknown", "Không có cơ quan nào mang mã này, hoặc đó là chính cơ quan này.", "There is no other agency with this identifier.";
    AnswerRequired = "answer.required", "Nhập nội dung trả lời.", "Enter the answer.";
    AnswerTooLong = "answer.too_long", "Nội dung trả lời không được dài quá 20.000 ký tự.", "The answer must be 20,000 characters or fewer.";
    ChannelOfflineOnly = "channel.offline_only", "Chọn kênh tiếp nhận: thư, điện thoại, email hoặc trực tiếp.", "Choose how it was received: letter, phone, email or in person.";
    ReceivedOnInvalid = "received_on.invalid", "Nhập ngày tiếp nhận dạng NNNN-TT-NN, không sau hôm nay và không quá một năm trước.", "Enter the day it was received as YYYY-MM-DD, not in the future and not more than a year ago.";
    AnswerForbiddenChars = "answer.forbidden_chars", "Nội dung trả lời chứa ký tự điều khiển không hợp lệ.", "The answer contains control characters that are not allowed.";
}

/// The limits the texts above quote, so a test can keep them in step.
pub const QUOTED_LIMITS: &[(MessageKey, usize)] = &[
    (MessageKey::TitleTooLong, TITLE_MAX),
    (MessageKey::BodyTooLong, BODY_MAX),
    (MessageKey::NameTooLong, NAME_MAX),
    (MessageKey::NoteTooLong, NOTE_MAX),
    (MessageKey::AnswerTooLong, ANSWER_MAX),
];
