//! The mail a follower gets: that they now follow (so someone given an address not theirs can end it at
//! once), that a followed question's answer changed, that a followed consultation's report is out. Every
//! one carries its own one-click unsubscribe link, in the text and as `List-Unsubscribe`.

use domain::Lang;

/// What a mail to a follower is about.
pub enum Topic<'a> {
    /// The follow was just made.
    Welcome { question: bool, title: &'a str },
    /// A followed question's answer was published or corrected.
    Answer { title: &'a str },
    /// A followed consultation's report was published.
    Report { title: &'a str },
}

/// Subject line and body, in the follower's language. `link` leads to what changed; `unsubscribe` ends the
/// follow in one click, without logging in.
pub fn compose(lang: Lang, agency: &str, topic: &Topic<'_>, link: &str, unsubscribe: &str) -> (String, String) {
    match (lang, topic) {
        (Lang::Vi, Topic::Welcome { question, title }) => (
            format!("Đã đăng ký theo dõi: {title}"),
            format!(
                "Kính gửi ông/bà,\n\nĐịa chỉ email này vừa được đăng ký nhận thư của {agency} khi {} \"{title}\".\n\
                 Xem: {link}\n\nNếu không phải ông/bà đăng ký, hoặc để ngừng nhận thư, bấm vào liên kết sau \
                 (không cần đăng nhập):\n{unsubscribe}\n\nThư được gửi tự động; vui lòng không trả lời thư này.\n",
                if *question {
                    "có trả lời cho câu hỏi"
                } else {
                    "công bố báo cáo tiếp thu, giải trình dự thảo"
                }
            ),
        ),
        (Lang::En, Topic::Welcome { question, title }) => (
            format!("You now follow: {title}"),
            format!(
                "Hello,\n\nThis address was just signed up for mail from {agency} when {} \"{title}\".\nSee: {link}\n\n\
                 If it was not you, or to stop these mails, follow this link (no log-in needed):\n{unsubscribe}\n\n\
                 This mail was sent automatically; please do not reply.\n",
                if *question { "there is an answer to the question" } else { "it publishes its report on the draft" }
            ),
        ),
        (Lang::Vi, Topic::Answer { title }) => (
            format!("Câu hỏi có trả lời mới: {title}"),
            format!(
                "Kính gửi ông/bà,\n\n{agency} đã công bố hoặc cập nhật trả lời cho câu hỏi \"{title}\" mà ông/bà \
                 theo dõi.\nXem: {link}\n\nNgừng nhận thư (không cần đăng nhập):\n{unsubscribe}\n\n\
                 Thư được gửi tự động; vui lòng không trả lời thư này.\n"
            ),
        ),
        (Lang::En, Topic::Answer { title }) => (
            format!("New answer: {title}"),
            format!(
                "Hello,\n\n{agency} has published or updated its answer to the question \"{title}\" you follow.\n\
                 See: {link}\n\nStop these mails (no log-in needed):\n{unsubscribe}\n\n\
                 This mail was sent automatically; please do not reply.\n"
            ),
        ),
        (Lang::Vi, Topic::Report { title }) => (
            format!("Báo cáo tiếp thu, giải trình: {title}"),
            format!(
                "Kính gửi ông/bà,\n\n{agency} đã công bố báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý đối \
                 với \"{title}\" mà ông/bà theo dõi.\nXem: {link}\n\nĐây là thư cuối cùng về dự thảo này; địa chỉ \
                 email của ông/bà đã được xoá khỏi danh sách theo dõi.\n{unsubscribe}\n\n\
                 Thư được gửi tự động; vui lòng không trả lời thư này.\n"
            ),
        ),
        (Lang::En, Topic::Report { title }) => (
            format!("Report on the comments: {title}"),
            format!(
                "Hello,\n\n{agency} has published its report on the comments on \"{title}\", which you follow.\n\
                 See: {link}\n\nThis is the last mail about this draft; your address has been removed from its \
                 followers.\n{unsubscribe}\n\nThis mail was sent automatically; please do not reply.\n"
            ),
        ),
    }
}
