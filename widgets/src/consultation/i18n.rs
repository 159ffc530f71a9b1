//! The consultation widget's words, in Vietnamese and English. A text missing in one language does not
//! compile. The draft itself is the agency's text and stays Vietnamese.

use domain::Lang;

use crate::ui::i18n::number;

pub struct Texts {
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub document_type: &'static str,
    pub drafting_unit: &'static str,
    pub period: &'static str,
    pub status: &'static str,
    pub attachments_title: &'static str,
    pub notes_title: &'static str,
    pub report_html: &'static str,
    pub report_csv: &'static str,
    pub toc_title: &'static str,
    pub draft_title: &'static str,
    pub draft_hint: &'static str,
    /// Said on English pages, where the draft's Vietnamese text would otherwise surprise.
    pub draft_language: Option<&'static str>,
    pub general_title: &'static str,
    pub general_button: &'static str,
    pub general_target: &'static str,
    pub no_comments: &'static str,
    pub stance_legend: &'static str,
    pub clause_label: &'static str,
    pub clause_whole: &'static str,
    pub body_label: &'static str,
    pub body_hint: &'static str,
    pub commenter_legend: &'static str,
    pub individual: &'static str,
    pub organisation: &'static str,
    pub name_individual: &'static str,
    pub name_organisation: &'static str,
    pub organisation_public: &'static str,
    pub publish_name: &'static str,
    pub publish_name_hint: &'static str,
    pub email_label: &'static str,
    pub email_hint: &'static str,
    pub consent_label: &'static str,
    pub publication_notice: &'static str,
    pub honeypot_label: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub close_form: &'static str,
    pub sending_announcement: &'static str,
    pub unreachable: &'static str,
    pub unavailable: &'static str,
    pub refused: &'static str,
    pub not_open: &'static str,
    pub sent_title: &'static str,
    pub next_steps: &'static str,
    pub pin_once: &'static str,
    pub back_to_draft: &'static str,
    pub comments_loading: &'static str,
    pub comments_failed: &'static str,
    pub more_comments: &'static str,
    pub response_title: &'static str,
    pub lookup_title: &'static str,
    pub lookup_hint: &'static str,
    pub code_hint: &'static str,
    pub pin_hint: &'static str,
    pub look_up: &'static str,
    pub looking_up: &'static str,
    pub looking_up_announcement: &'static str,
    pub not_found: &'static str,
    pub lookup_unreachable: &'static str,
    pub lookup_refused: &'static str,
    pub own_title: &'static str,
    pub own_target: &'static str,
    pub own_stance: &'static str,
    pub own_submitted: &'static str,
    pub own_status: &'static str,
    pub status_received: &'static str,
    pub status_published: &'static str,
    pub status_hidden: &'static str,
    pub hidden_reason: &'static str,
    pub no_response_yet: &'static str,
    pub erase_title: &'static str,
    pub erase_hint: &'static str,
    pub erase_button: &'static str,
    pub erased: &'static str,
    pub erase_failed: &'static str,
    pub nothing_held: &'static str,
}

static VI: Texts = Texts {
    loading: "Đang tải dự thảo…",
    load_failed: "Không tải được dự thảo. Vui lòng tải lại trang sau ít phút.",
    document_type: "Loại văn bản",
    drafting_unit: "Cơ quan chủ trì soạn thảo",
    period: "Thời gian lấy ý kiến",
    status: "Tình trạng",
    attachments_title: "Tài liệu kèm theo",
    notes_title: "Thông báo về thời gian lấy ý kiến",
    report_html: "Báo cáo tiếp thu, giải trình (bản in)",
    report_csv: "Báo cáo tiếp thu, giải trình (tệp CSV)",
    toc_title: "Mục lục",
    draft_title: "Toàn văn dự thảo",
    draft_hint: "Chọn tên một điều để đọc toàn văn và góp ý cho điều đó.",
    draft_language: None,
    general_title: "Góp ý chung cho toàn bộ dự thảo",
    general_button: "Góp ý chung",
    general_target: "Toàn bộ dự thảo",
    no_comments: "Chưa có góp ý",
    stance_legend: "Quan điểm của bạn",
    clause_label: "Khoản được góp ý (không bắt buộc)",
    clause_whole: "Cả điều",
    body_label: "Nội dung góp ý",
    body_hint: "Nêu rõ điểm cần sửa và lý do; có thể đề xuất cách viết khác.",
    commenter_legend: "Bạn góp ý với tư cách",
    individual: "Cá nhân",
    organisation: "Tổ chức (cơ quan, doanh nghiệp, hiệp hội…)",
    name_individual: "Họ và tên (không bắt buộc)",
    name_organisation: "Tên tổ chức",
    organisation_public: "Tên tổ chức luôn được công khai cùng góp ý, như trong báo cáo tiếp thu, giải trình.",
    publish_name: "Công khai họ tên của tôi cùng góp ý",
    publish_name_hint: "Nếu không chọn, góp ý được công khai với tên “Cá nhân”.",
    email_label: "Email (không bắt buộc)",
    email_hint: "Để nhận thông báo khi cơ quan công bố báo cáo tiếp thu, giải trình. Email không bao giờ được công khai.",
    consent_label: "Tôi đồng ý để cơ quan xử lý email trên chỉ nhằm thông báo về góp ý này (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15).",
    publication_notice: "Góp ý được công khai sau khi kiểm duyệt, không kèm email của bạn.",
    honeypot_label: "Không điền vào ô này",
    submit: "Gửi góp ý",
    submitting: "Đang gửi…",
    close_form: "Đóng biểu mẫu",
    sending_announcement: "Đang gửi góp ý…",
    unreachable: "Chưa gửi được góp ý vì mất kết nối tới máy chủ. Nội dung bạn nhập vẫn còn nguyên; hãy kiểm tra kết nối rồi bấm “Gửi góp ý” lần nữa.",
    unavailable: "Chưa gửi được góp ý vì hệ thống tạm thời không lưu được dữ liệu. Nội dung bạn nhập vẫn còn nguyên; vui lòng bấm “Gửi góp ý” lại sau vài phút.",
    refused: "Trang này hiện không gửi được góp ý tới cơ quan. Nội dung bạn nhập vẫn còn nguyên; vui lòng thử lại sau hoặc gửi góp ý theo cách khác.",
    not_open: "Góp ý chưa được gửi vì dự thảo không còn trong thời gian lấy ý kiến. Nội dung bạn nhập vẫn còn trên trang này.",
    sent_title: "Góp ý của bạn đã được gửi",
    next_steps: "Hãy ghi lại mã theo dõi và mã PIN. Sau khi kết thúc lấy ý kiến, cơ quan soạn thảo công bố báo cáo tiếp thu, giải trình, nói rõ ý kiến nào được tiếp thu và lý do không tiếp thu. Nhập hai mã này ở mục “Xem lại góp ý của bạn” để xem kết quả cho góp ý của mình.",
    pin_once: "Mã PIN chỉ hiển thị một lần này.",
    back_to_draft: "Tiếp tục đọc dự thảo",
    comments_loading: "Đang tải góp ý…",
    comments_failed: "Không tải được góp ý. Vui lòng thử lại sau.",
    more_comments: "Xem thêm góp ý",
    response_title: "Ý kiến của cơ quan soạn thảo",
    lookup_title: "Xem lại góp ý của bạn",
    lookup_hint: "Nhập mã theo dõi và mã PIN nhận được khi gửi góp ý để xem góp ý và kết quả tiếp thu.",
    code_hint: "Gồm 10 ký tự, ví dụ K7M4Q-X9PRT.",
    pin_hint: "Gồm 6 chữ số.",
    look_up: "Tra cứu",
    looking_up: "Đang tra cứu…",
    looking_up_announcement: "Đang tra cứu góp ý…",
    not_found: "Không tìm thấy góp ý nào của dự thảo này với mã theo dõi và mã PIN trên. Hãy kiểm tra lại hai mã.",
    lookup_unreachable: "Chưa tra cứu được vì mất kết nối tới máy chủ. Hãy kiểm tra kết nối rồi thử lại.",
    lookup_refused: "Trang này hiện không tra cứu được góp ý. Vui lòng thử lại sau.",
    own_title: "Góp ý của bạn",
    own_target: "Góp ý cho",
    own_stance: "Quan điểm",
    own_submitted: "Ngày gửi",
    own_status: "Tình trạng",
    status_received: "Đã tiếp nhận, đang chờ kiểm duyệt",
    status_published: "Đã công khai",
    status_hidden: "Không công khai",
    hidden_reason: "Lý do",
    no_response_yet: "Cơ quan soạn thảo chưa công bố ý kiến về góp ý này.",
    erase_title: "Thông tin liên hệ của bạn",
    erase_hint: "Bạn có thể rút lại sự đồng ý: họ tên và email đã để lại sẽ bị xoá, góp ý vẫn được giữ và không kèm tên.",
    erase_button: "Rút lại sự đồng ý và xoá thông tin liên hệ",
    erased: "Thông tin liên hệ của bạn đã được xoá.",
    erase_failed: "Chưa xoá được thông tin liên hệ. Vui lòng thử lại sau.",
    nothing_held: "Cơ quan không giữ họ tên hay email nào của bạn cho góp ý này.",
};

static EN: Texts = Texts {
    loading: "Loading the draft…",
    load_failed: "The draft could not be loaded. Please reload the page in a few minutes.",
    document_type: "Type of document",
    drafting_unit: "Drafting body",
    period: "Consultation period",
    status: "Status",
    attachments_title: "Attached documents",
    notes_title: "Notices about the consultation period",
    report_html: "Report on the comments (printable, in Vietnamese)",
    report_csv: "Report on the comments (CSV file)",
    toc_title: "Contents",
    draft_title: "Full text of the draft",
    draft_hint: "Select an article's title to read it in full and comment on it.",
    draft_language: Some("The draft is published in Vietnamese."),
    general_title: "General comments on the whole draft",
    general_button: "Comment on the whole draft",
    general_target: "The whole draft",
    no_comments: "No comments yet",
    stance_legend: "Your position",
    clause_label: "Clause you comment on (optional)",
    clause_whole: "The whole article",
    body_label: "Your comment",
    body_hint: "Say what should change and why; you may suggest other wording.",
    commenter_legend: "You are commenting as",
    individual: "An individual",
    organisation: "An organisation (agency, business, association…)",
    name_individual: "Full name (optional)",
    name_organisation: "Name of the organisation",
    organisation_public: "An organisation's name is always published with its comment, as in the official report.",
    publish_name: "Publish my name with my comment",
    publish_name_hint: "If you leave this unticked, your comment is published as from “an individual”.",
    email_label: "Email (optional)",
    email_hint: "To be told when the agency publishes its report on the comments. Your email is never published.",
    consent_label: "I agree that the agency may process this email only to tell me about this comment (Law on Personal Data Protection No. 91/2025/QH15).",
    publication_notice: "Comments are published after moderation, without your email.",
    honeypot_label: "Leave this field empty",
    submit: "Send comment",
    submitting: "Sending…",
    close_form: "Close the form",
    sending_announcement: "Sending your comment…",
    unreachable: "Your comment has not been sent because the server could not be reached. Everything you typed is still here; check your connection and select “Send comment” again.",
    unavailable: "Your comment has not been sent because the service cannot store comments right now. Everything you typed is still here; select “Send comment” again in a few minutes.",
    refused: "This page cannot send comments to the agency at the moment. Everything you typed is still here; please try again later or send your comment another way.",
    not_open: "Your comment has not been sent because the draft is no longer open for comments. What you typed is still on this page.",
    sent_title: "Your comment has been sent",
    next_steps: "Write down the tracking code and the PIN. Once the consultation closes, the drafting body publishes a report saying which comments it accepted and why it did not accept the others. Enter both codes under “Find your comment” to see what became of yours.",
    pin_once: "The PIN is shown only this once.",
    back_to_draft: "Continue reading the draft",
    comments_loading: "Loading comments…",
    comments_failed: "The comments could not be loaded. Please try again later.",
    more_comments: "Show more comments",
    response_title: "The drafting body's response",
    lookup_title: "Find your comment",
    lookup_hint: "Enter the tracking code and PIN you received when you sent your comment to see it and what became of it.",
    code_hint: "10 characters, for example K7M4Q-X9PRT.",
    pin_hint: "6 digits.",
    look_up: "Look up",
    looking_up: "Looking up…",
    looking_up_announcement: "Looking up your comment…",
    not_found: "No comment on this draft has this tracking code and PIN. Check both codes.",
    lookup_unreachable: "The lookup failed because the server could not be reached. Check your connection and try again.",
    lookup_refused: "This page cannot look up comments at the moment. Please try again later.",
    own_title: "Your comment",
    own_target: "Comment on",
    own_stance: "Position",
    own_submitted: "Sent on",
    own_status: "Status",
    status_received: "Received, awaiting moderation",
    status_published: "Published",
    status_hidden: "Not published",
    hidden_reason: "Reason",
    no_response_yet: "The drafting body has not yet published its response to this comment.",
    erase_title: "Your contact details",
    erase_hint: "You may withdraw your consent: the name and email you left are erased; your comment is kept, without a name.",
    erase_button: "Withdraw consent and erase my contact details",
    erased: "Your contact details have been erased.",
    erase_failed: "Your contact details could not be erased just now. Please try again later.",
    nothing_held: "The agency holds no name or email of yours for this comment.",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// The button that opens an article's form: "Góp ý Điều 5", "Comment on Article 5".
pub fn comment_on(article: u32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Góp ý Điều {article}"),
        Lang::En => format!("Comment on Article {article}"),
    }
}

/// An article named in the interface's language: "Điều 5", "Article 5".
pub fn article_name(article: u32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Điều {article}"),
        Lang::En => format!("Article {article}"),
    }
}

/// The button that opens the commented article: "Xem Điều 5 trong dự thảo".
pub fn show_in_draft(article: String, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Xem {article} trong dự thảo"),
        Lang::En => format!("Show {article} in the draft"),
    }
}

/// A clause named in the interface's language: "Khoản 2", "Clause 2".
pub fn clause_name(clause: u32, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Khoản {clause}"),
        Lang::En => format!("Clause {clause}"),
    }
}

/// How many comments: "6 góp ý", "1 comment".
pub fn comment_count(n: u32, lang: Lang) -> String {
    let count = number(n as usize, lang);
    match lang {
        Lang::Vi => format!("{count} góp ý"),
        Lang::En if n == 1 => "1 comment".to_owned(),
        Lang::En => format!("{count} comments"),
    }
}

/// The button that shows an article's published comments: "Xem 4 góp ý đã công khai".
pub fn show_published(n: u32, lang: Lang) -> String {
    let count = number(n as usize, lang);
    match lang {
        Lang::Vi => format!("Xem {count} góp ý đã công khai"),
        Lang::En if n == 1 => "Show the published comment".to_owned(),
        Lang::En => format!("Show {count} published comments"),
    }
}

/// Where the consultation stands while open: "Đang lấy ý kiến, còn 12 ngày".
pub fn days_left(days: i64, lang: Lang) -> String {
    match (lang, days) {
        (Lang::Vi, ..=0) => "Đang lấy ý kiến, hôm nay là ngày cuối".to_owned(),
        (Lang::Vi, _) => format!("Đang lấy ý kiến, còn {days} ngày"),
        (Lang::En, ..=0) => "Open for comments: today is the last day".to_owned(),
        (Lang::En, 1) => "Open for comments: 1 day left".to_owned(),
        (Lang::En, _) => format!("Open for comments: {days} days left"),
    }
}

pub fn opens_on(day: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Sẽ bắt đầu lấy ý kiến từ ngày {day}"),
        Lang::En => format!("Opens for comments on {day}"),
    }
}

pub fn closed_on(day: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Đã kết thúc lấy ý kiến ngày {day}"),
        Lang::En => format!("Closed for comments on {day}"),
    }
}

pub fn report_expected(day: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Báo cáo tiếp thu, giải trình dự kiến được công bố trước ngày {day}."),
        Lang::En => format!("The report on the comments is expected by {day}."),
    }
}

pub fn report_published(day: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Đã công bố báo cáo tiếp thu, giải trình ngày {day}"),
        Lang::En => format!("The report on the comments was published on {day}"),
    }
}

/// A comment sent as one of a group of identical ones (a campaign): "Cùng nội dung với 11 góp ý khác".
pub fn same_as_others(others: u32, lang: Lang) -> String {
    let count = number(others as usize, lang);
    match lang {
        Lang::Vi => format!("Cùng nội dung với {count} góp ý khác"),
        Lang::En if others == 1 => "Sent identically by 1 other commenter".to_owned(),
        Lang::En => format!("Sent identically by {count} other commenters"),
    }
}

/// What is announced once a comment is stored.
pub fn sent_announcement(code: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("Đã gửi góp ý. Mã theo dõi của bạn là {code}."),
        Lang::En => format!("Your comment has been sent. Your tracking code is {code}."),
    }
}

/// What a lockout says, with the clock time after which to try again when the server gave one.
pub fn locked_out(retry_at: Option<&str>, lang: Lang) -> String {
    match (lang, retry_at) {
        (Lang::Vi, Some(at)) => format!("Đã nhập sai quá nhiều lần. Vui lòng thử lại sau {at}."),
        (Lang::Vi, None) => "Đã nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.".to_owned(),
        (Lang::En, Some(at)) => format!("Too many wrong attempts. Please try again after {at}."),
        (Lang::En, None) => "Too many wrong attempts. Please try again in a few minutes.".to_owned(),
    }
}
