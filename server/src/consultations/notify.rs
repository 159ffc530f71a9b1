//! The mail a commenter who left an address gets when the agency publishes its report: in their language,
//! with the code and a link to the consultation's report; never the PIN.

use domain::Lang;
use sqlx::AnyConnection;

use super::store::ConsultationRow;
use crate::agencies::Agency;
use crate::audit::Subject;
use crate::outbox::{self, Mail};

pub struct ReportNotice<'a> {
    pub agency: &'a Agency,
    pub consultation: &'a ConsultationRow,
    pub comment_id: i64,
    pub recipient: &'a str,
    pub lang: Lang,
    pub tracking_code: &'a str,
}

/// Writes the mail into the outbox, inside the publication's transaction, about the comment, so that
/// erasing the commenter's contact details deletes it too.
pub async fn enqueue(conn: &mut AnyConnection, notice: &ReportNotice<'_>) -> Result<(), sqlx::Error> {
    let (subject_line, body) = compose(notice);
    let mail = Mail {
        about: Subject::comment(notice.comment_id),
        recipient: notice.recipient,
        subject_line: &subject_line,
        body: &body,
        unsubscribe_url: None,
    };
    outbox::enqueue(conn, &mail).await
}

/// Never the PIN: mail is read on shared devices and forwarded.
pub fn compose(n: &ReportNotice<'_>) -> (String, String) {
    let title = &n.consultation.title;
    let report = format!("/api/v1/agencies/{}/consultations/{}/report.html", n.agency.slug, n.consultation.slug);
    match n.lang {
        Lang::Vi => (
            format!("Báo cáo tiếp thu, giải trình: {title}"),
            format!(
                "Kính gửi ông/bà,\n\n{} đã công bố báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý đối với \
                 \"{title}\".\nGóp ý của ông/bà có mã theo dõi {}. Ông/bà có thể xem kết quả xử lý góp ý trên \
                 cổng thông tin của cơ quan bằng mã theo dõi và mã PIN nhận được khi gửi góp ý.\n\nBáo cáo \
                 (đường dẫn trên máy chủ của cơ quan): {report}\n\nVì an toàn, thư này không bao giờ chứa mã \
                 PIN.\nThư được gửi tự động; vui lòng không trả lời thư này.\n",
                n.agency.name, n.tracking_code
            ),
        ),
        Lang::En => (
            format!("Report on the comments: {title}"),
            format!(
                "Dear commenter,\n\n{} has published its report on the comments received on \"{title}\", saying \
                 what it accepted and why.\nYour comment's tracking code is {}. See what became of it on the \
                 agency's portal with this code and the PIN you got when you commented.\n\nThe report (a path on \
                 the agency's server): {report}\n\nFor your safety, this mail never contains your PIN.\nThis mail \
                 was sent automatically; please do not reply.\n",
                n.agency.name, n.tracking_code
            ),
        ),
    }
}
