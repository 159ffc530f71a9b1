//! The mail a citizen who left an email gets when their question moves: in their language, with the new
//! state, the agency's public note, the code and a link to the tracker; never the PIN.

use domain::{Lang, QuestionStatus};
use sqlx::AnyConnection;

use crate::agencies::Agency;
use crate::audit::Subject;
use crate::outbox::{self, Mail};

/// What a notification is about.
pub struct Notice<'a> {
    pub agency: &'a Agency,
    pub question_id: i64,
    pub recipient: &'a str,
    pub lang: Lang,
    pub tracking_code: &'a str,
    pub title: &'a str,
    pub status: QuestionStatus,
    pub public_note: Option<&'a str>,
    pub transferred_to: Option<&'a str>,
}

/// Writes the notification for a move into the outbox, inside the move's transaction.
pub async fn enqueue(conn: &mut AnyConnection, notice: &Notice<'_>) -> Result<(), sqlx::Error> {
    let (subject_line, body) = compose(notice);
    let mail = Mail {
        about: Subject::question(notice.question_id),
        recipient: notice.recipient,
        subject_line: &subject_line,
        body: &body,
        unsubscribe_url: None,
    };
    outbox::enqueue(conn, &mail).await
}

/// The mail in the citizen's language: the new state, the agency's public note, the code and a link to the
/// tracker. Never the PIN: mail is read on shared devices and forwarded.
pub fn compose(n: &Notice<'_>) -> (String, String) {
    let label = n.status.label(n.lang);
    let link = n.agency.tracker_link(n.tracking_code);
    let mut body = String::new();
    match n.lang {
        Lang::Vi => {
            body += "Kính gửi ông/bà,\n\n";
            body += &format!(
                "Câu hỏi \"{}\" gửi {} (mã theo dõi {}) đã chuyển sang trạng thái: {}.\n",
                n.title, n.agency.name, n.tracking_code, label
            );
            if let Some(to) = n.transferred_to {
                body += &format!("Câu hỏi đã được chuyển đến: {to}.\n");
            }
            if let Some(note) = n.public_note {
                body += &format!("\nGhi chú của cơ quan:\n{note}\n");
            }
            body += "\n";
            body += &match &link {
                Some(link) => format!("Xem tiến trình xử lý và nội dung trả lời (cần mã PIN bạn nhận khi gửi câu hỏi):\n{link}\n"),
                None => "Tra cứu tiến trình xử lý trên cổng thông tin của cơ quan bằng mã theo dõi và mã PIN bạn nhận khi gửi câu hỏi.\n".into(),
            };
            body += "\nVì an toàn, thư này không bao giờ chứa mã PIN.\nThư được gửi tự động; vui lòng không trả lời thư này.\n";
            (format!("Câu hỏi {}: {}", n.tracking_code, label), body)
        }
        Lang::En => {
            body += "Dear citizen,\n\n";
            body += &format!(
                "Your question \"{}\" to {} (tracking code {}) is now: {}.\n",
                n.title, n.agency.name, n.tracking_code, label
            );
            if let Some(to) = n.transferred_to {
                body += &format!("It has been transferred to: {to}.\n");
            }
            if let Some(note) = n.public_note {
                body += &format!("\nNote from the agency:\n{note}\n");
            }
            body += "\n";
            body += &match &link {
                Some(link) => format!("See its progress and the answer (you need the PIN you got when you asked):\n{link}\n"),
                None => "Follow its progress on the agency's portal with your tracking code and the PIN you got when you asked.\n".into(),
            };
            body += "\nFor your safety, this mail never contains your PIN.\nThis mail was sent automatically; please do not reply.\n";
            (format!("Question {}: {}", n.tracking_code, label), body)
        }
    }
}
