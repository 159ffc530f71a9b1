//! Validation messages in Vietnamese and English. A key travels between server and widget; each side turns
//! it into text in the citizen's language from this one catalogue. Keys only staff meet exist with the
//! `staff` feature (the server, the staff console), so their texts stay out of the citizens' wasm.

use serde::{Deserialize, Serialize};

use crate::Lang;
#[cfg(feature = "staff")]
use crate::lifecycle::{ANSWER_MAX, NOTE_MAX};
use crate::question::{BODY_MAX, NAME_MAX, TITLE_MAX};

macro_rules! message_keys {
    ($($(#[$cfg:meta])* $variant:ident = $key:literal, $vi:expr, $en:expr;)*) => {
        /// One reason a field was refused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum MessageKey {
            $($(#[$cfg])* #[serde(rename = $key)] $variant,)*
        }

        impl MessageKey {
            pub const ALL: &[MessageKey] = &[$($(#[$cfg])* MessageKey::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $($(#[$cfg])* MessageKey::$variant => $key,)* }
            }

            pub fn parse(key: &str) -> Option<MessageKey> {
                match key { $($(#[$cfg])* $key => Some(MessageKey::$variant),)* _ => None }
            }

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        $(#[$cfg])* (MessageKey::$variant, Lang::Vi) => $vi,
                        $(#[$cfg])* (MessageKey::$variant, Lang::En) => $en,
                    )*
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
    RatingRequired = "rating.required", "Chọn mức độ hài lòng cho ít nhất một tiêu chí.", "Choose how satisfied you are for at least one question.";
    ScoreInvalid = "score.invalid", "Chọn một trong năm mức, từ “Rất không hài lòng” đến “Rất hài lòng”.", "Choose one of the five levels, from “Very dissatisfied” to “Very satisfied”.";
    RaterInvalid = "rater.invalid", "Mã trình duyệt của đánh giá không hợp lệ; hãy tải lại trang.", "The rating's browser token is not valid; please reload the page.";
    PageInvalid = "page.invalid", "Trang này không thuộc cổng thông tin của cơ quan nên không đánh giá được.", "This page is not on the agency's portal, so it cannot be rated.";
    CommentTooLong = "comment.too_long", "Góp ý không được dài quá 2.000 ký tự.", "Your suggestion must be 2,000 characters or fewer.";
    CommentForbiddenChars = "comment.forbidden_chars", "Góp ý chứa ký tự điều khiển không hợp lệ.", "Your suggestion contains control characters that are not allowed.";
    ArticleUnknown = "article.unknown", "Dự thảo không có điều này.", "The draft has no such article.";
    ClauseUnknown = "clause.unknown", "Điều đã chọn không có khoản này.", "The chosen article has no such clause.";
    StanceRequired = "stance.required", "Chọn ý kiến của bạn: tán thành, không tán thành hoặc ý kiến khác.", "Choose your view: agree, disagree or other.";
    CommentRequired = "body.comment_required", "Nhập nội dung góp ý.", "Enter your comment.";
    CommentBodyTooLong = "body.comment_too_long", "Nội dung góp ý không được dài quá 5.000 ký tự.", "Your comment must be 5,000 characters or fewer.";
    OrganisationRequired = "name.organisation_required", "Nhập tên cơ quan, tổ chức góp ý.", "Enter the name of your organisation.";
    PublishedNameRequired = "name.publish_required", "Nhập họ và tên để công bố cùng góp ý, hoặc bỏ chọn công bố tên.", "Enter your name to publish it with your comment, or untick publishing it.";
    #[cfg(feature = "staff")]
    ToRequired = "to.required", "Chọn trạng thái mới.", "Choose the new state.";
    #[cfg(feature = "staff")]
    ReasonRequired = "public_note.reason_required", "Nhập lý do từ chối; người hỏi sẽ thấy lý do này.", "Enter the reason for rejecting; the citizen will see it.";
    #[cfg(feature = "staff")]
    NoteTooLong = "note.too_long", "Ghi chú không được dài quá 2.000 ký tự.", "A note must be 2,000 characters or fewer.";
    #[cfg(feature = "staff")]
    NoteForbiddenChars = "note.forbidden_chars", "Ghi chú chứa ký tự điều khiển không hợp lệ.", "The note contains control characters that are not allowed.";
    #[cfg(feature = "staff")]
    UnitRequired = "unit.required", "Chọn đơn vị xử lý.", "Choose the unit that will handle it.";
    #[cfg(feature = "staff")]
    UnitUnknown = "unit.unknown", "Đơn vị đã chọn không có ở cơ quan này.", "The chosen unit does not exist at this agency.";
    #[cfg(feature = "staff")]
    DuplicateOfRequired = "duplicate_of.required", "Nhập mã theo dõi của câu hỏi đã trả lời và công bố mà câu hỏi này trùng.", "Enter the tracking code of the answered, published question it duplicates.";
    #[cfg(feature = "staff")]
    DuplicateOfUnknown = "duplicate_of.unknown", "Không có câu hỏi đã trả lời và công bố nào mang mã này.", "No answered, published question has this tracking code.";
    #[cfg(feature = "staff")]
    TransferToRequired = "transfer_to.required", "Chọn cơ quan tiếp nhận.", "Choose the agency it goes to.";
    #[cfg(feature = "staff")]
    TransferToUnknown = "transfer_to.unknown", "Không có cơ quan nào mang mã này, hoặc đó là chính cơ quan này.", "There is no other agency with this identifier.";
    #[cfg(feature = "staff")]
    AnswerRequired = "answer.required", "Nhập nội dung trả lời.", "Enter the answer.";
    #[cfg(feature = "staff")]
    AnswerTooLong = "answer.too_long", "Nội dung trả lời không được dài quá 20.000 ký tự.", "The answer must be 20,000 characters or fewer.";
    #[cfg(feature = "staff")]
    ChannelOfflineOnly = "channel.offline_only", "Chọn kênh tiếp nhận: thư, điện thoại, email hoặc trực tiếp.", "Choose how it was received: letter, phone, email or in person.";
    #[cfg(feature = "staff")]
    ReceivedOnInvalid = "received_on.invalid", "Nhập ngày tiếp nhận dạng NNNN-TT-NN, không sau hôm nay và không quá một năm trước.", "Enter the day it was received as YYYY-MM-DD, not in the future and not more than a year ago.";
    #[cfg(feature = "staff")]
    AnswerForbiddenChars = "answer.forbidden_chars", "Nội dung trả lời chứa ký tự điều khiển không hợp lệ.", "The answer contains control characters that are not allowed.";
    #[cfg(feature = "staff")]
    HideReasonRequired = "reason.required", "Nhập lý do ẩn nội dung.", "Enter why the content is hidden.";
    #[cfg(feature = "staff")]
    SlugInvalid = "slug.invalid", "Mã gồm 1–64 chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ phong-cntt.", "Use 1 to 64 lowercase letters, digits and dashes, like phong-cntt.";
    #[cfg(feature = "staff")]
    LabelRequired = "label.required", "Nhập tên.", "Enter a name.";
    #[cfg(feature = "staff")]
    LabelTooLong = "label.too_long", "Tên không được dài quá 200 ký tự.", "A name must be 200 characters or fewer.";
    #[cfg(feature = "staff")]
    LabelForbiddenChars = "label.forbidden_chars", "Tên chứa ký tự điều khiển không hợp lệ.", "The name contains control characters that are not allowed.";
    #[cfg(feature = "staff")]
    HandlingDaysRange = "handling_days.range", "Thời hạn trả lời phải từ 1 đến 60 ngày làm việc.", "The time to answer must be 1 to 60 working days.";
    #[cfg(feature = "staff")]
    HolidayInvalid = "holidays.invalid", "Nhập mỗi ngày nghỉ dạng NNNN-TT-NN, ví dụ 2026-09-02.", "Enter each day off as YYYY-MM-DD, like 2026-09-02.";
    #[cfg(feature = "staff")]
    TrackerUrlInvalid = "tracker_url.invalid", "Nhập địa chỉ trang tra cứu, bắt đầu bằng https:// hoặc http://.", "Enter the tracker page's address, starting with https:// or http://.";
    #[cfg(feature = "staff")]
    ContactRetentionRange = "contact_retention_days.range", "Thời hạn lưu thông tin liên hệ phải từ 30 đến 3650 ngày.", "Contact details must be kept 30 to 3650 days.";
    #[cfg(feature = "staff")]
    OriginInvalid = "origin.invalid", "Nhập nguồn dạng https://cong.example.gov.vn, không có đường dẫn.", "Enter an origin like https://portal.example.gov.vn, with no path.";
    #[cfg(feature = "staff")]
    UsernameInvalid = "username.invalid", "Tên đăng nhập gồm 1–64 chữ thường không dấu, chữ số và các dấu . - _ @.", "A username has 1 to 64 lowercase letters, digits and . - _ @.";
    #[cfg(feature = "staff")]
    PasswordTooShort = "password.too_short", "Mật khẩu phải có ít nhất 12 ký tự.", "The password must be at least 12 characters.";
    #[cfg(feature = "staff")]
    ConsultationSlugInvalid = "slug.consultation_invalid", "Mã gồm 3–80 chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ du-thao-luat-x.", "Use 3 to 80 lowercase letters, digits and dashes, like draft-law-x.";
    #[cfg(feature = "staff")]
    ConsultationTitleRequired = "title.consultation_required", "Nhập tên dự thảo.", "Enter the draft's title.";
    #[cfg(feature = "staff")]
    ConsultationTitleTooLong = "title.consultation_too_long", "Tên dự thảo không được dài quá 500 ký tự.", "The draft's title must be 500 characters or fewer.";
    #[cfg(feature = "staff")]
    SummaryTooLong = "summary.too_long", "Tóm tắt không được dài quá 5.000 ký tự.", "The summary must be 5,000 characters or fewer.";
    #[cfg(feature = "staff")]
    SummaryForbiddenChars = "summary.forbidden_chars", "Tóm tắt chứa ký tự điều khiển không hợp lệ.", "The summary contains control characters that are not allowed.";
    #[cfg(feature = "staff")]
    DraftingUnitRequired = "drafting_unit.required", "Nhập cơ quan, đơn vị chủ trì soạn thảo.", "Enter the unit drafting the document.";
    #[cfg(feature = "staff")]
    OpensAtInvalid = "opens_at.invalid", "Nhập thời điểm bắt đầu dạng NNNN-TT-NNTHH:MM (giờ Việt Nam).", "Enter the opening time as YYYY-MM-DDTHH:MM (Vietnam time).";
    #[cfg(feature = "staff")]
    ClosesAtInvalid = "closes_at.invalid", "Nhập thời điểm kết thúc dạng NNNN-TT-NNTHH:MM (giờ Việt Nam).", "Enter the closing time as YYYY-MM-DDTHH:MM (Vietnam time).";
    #[cfg(feature = "staff")]
    ClosesBeforeOpens = "closes_at.before_opens", "Thời điểm kết thúc phải sau thời điểm bắt đầu.", "The closing time must be after the opening time.";
    #[cfg(feature = "staff")]
    ExtendLater = "closes_at.not_later", "Thời hạn mới phải sau thời hạn hiện tại và sau lúc này.", "The new closing time must be later than the current one and than now.";
    #[cfg(feature = "staff")]
    ReportExpectedByInvalid = "report_expected_by.invalid", "Nhập ngày dự kiến công bố báo cáo dạng NNNN-TT-NN.", "Enter the report's expected day as YYYY-MM-DD.";
    #[cfg(feature = "staff")]
    AttachmentInvalid = "attachments.invalid", "Mỗi tài liệu kèm theo cần tên và địa chỉ bắt đầu bằng https:// hoặc http:// (tối đa 20 tài liệu).", "Each attachment needs a title and an address starting with https:// or http:// (at most 20).";
    #[cfg(feature = "staff")]
    DraftTextRequired = "text.required", "Dán toàn văn dự thảo vào đây.", "Paste the draft's full text here.";
    #[cfg(feature = "staff")]
    DraftTextTooLong = "text.too_long", "Văn bản dự thảo không được dài quá 2.000.000 ký tự.", "The draft's text must be 2,000,000 characters or fewer.";
    #[cfg(feature = "staff")]
    DraftWithoutArticles = "text.no_articles", "Không tìm thấy điều nào. Mỗi điều cần bắt đầu bằng “Điều 1.”, “Điều 2.”…", "No article was found. Each article must start with “Điều 1.”, “Điều 2.”…";
    #[cfg(feature = "staff")]
    PeriodNoteRequired = "public_note.period_required", "Nhập lý do thay đổi thời hạn; người dân sẽ thấy lý do này.", "Enter why the period changes; the public will see it.";
    #[cfg(feature = "staff")]
    GroupTooSmall = "comment_ids.too_few", "Chọn từ 2 đến 1.000 góp ý khác nhau để gộp.", "Choose 2 to 1,000 different comments to group.";
    #[cfg(feature = "staff")]
    OutcomeRequired = "outcome.required", "Chọn kết quả: tiếp thu, tiếp thu một phần hoặc không tiếp thu.", "Choose the outcome: accepted, partly accepted or not accepted.";
    #[cfg(feature = "staff")]
    ExplanationRequired = "explanation.required", "Nhập nội dung giải trình.", "Enter the explanation.";
    #[cfg(feature = "staff")]
    ExplanationTooLong = "explanation.too_long", "Nội dung giải trình không được dài quá 10.000 ký tự.", "The explanation must be 10,000 characters or fewer.";
    #[cfg(feature = "staff")]
    ExplanationForbiddenChars = "explanation.forbidden_chars", "Nội dung giải trình chứa ký tự điều khiển không hợp lệ.", "The explanation contains control characters that are not allowed.";
}

/// The limits the texts above quote, so a test can keep them in step.
pub const QUOTED_LIMITS: &[(MessageKey, usize)] = &[
    (MessageKey::TitleTooLong, TITLE_MAX),
    (MessageKey::BodyTooLong, BODY_MAX),
    (MessageKey::NameTooLong, NAME_MAX),
    (MessageKey::CommentTooLong, crate::rating::COMMENT_MAX),
    (MessageKey::CommentBodyTooLong, crate::consultation::COMMENT_MAX),
    #[cfg(feature = "staff")]
    (MessageKey::ConsultationTitleTooLong, crate::consultation::staff::TITLE_MAX),
    #[cfg(feature = "staff")]
    (MessageKey::SummaryTooLong, crate::consultation::staff::SUMMARY_MAX),
    #[cfg(feature = "staff")]
    (MessageKey::ExplanationTooLong, crate::consultation::staff::EXPLANATION_MAX),
    #[cfg(feature = "staff")]
    (MessageKey::DraftTextTooLong, crate::consultation::staff::TEXT_MAX),
    #[cfg(feature = "staff")]
    (MessageKey::GroupTooSmall, crate::consultation::staff::GROUP_MAX),
    #[cfg(feature = "staff")]
    (MessageKey::NoteTooLong, NOTE_MAX),
    #[cfg(feature = "staff")]
    (MessageKey::AnswerTooLong, ANSWER_MAX),
    #[cfg(feature = "staff")]
    (MessageKey::LabelTooLong, crate::staff::LABEL_MAX),
    #[cfg(feature = "staff")]
    (MessageKey::PasswordTooShort, crate::staff::PASSWORD_MIN_CHARS),
];

// The derive would list the variants' Rust names; the wire carries their keys.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for MessageKey {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::openapi::string_enum(MessageKey::ALL.iter().map(|key| key.as_str()))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for MessageKey {}
