//! The explanation report as open data (CSV) and as a printable page laid out as the official four-column
//! table (article / clause — who commented — the comment — accepted, or why not), ready for the dossier.

use domain::{Lang, Report, ReportRow};

use crate::platform::csv;
use crate::platform::html::escape;

const COLUMNS: [&str; 8] =
    ["article", "clause", "commenters", "stance", "comment", "outcome", "explanation", "group_size"];

pub fn to_csv(report: &Report) -> String {
    let mut out = csv::line(&COLUMNS);
    for row in &report.rows {
        out += &csv::line(&[
            row.article.map(|a| a.to_string()).unwrap_or_default(),
            row.clause.map(|c| c.to_string()).unwrap_or_default(),
            row.commenters.join("; "),
            row.stance.as_str().to_owned(),
            row.comment.clone(),
            row.outcome.as_str().to_owned(),
            row.explanation.clone(),
            row.group_size.to_string(),
        ]);
    }
    out
}

fn paragraphs(text: &str) -> String {
    text.split('\n').map(escape).collect::<Vec<_>>().join("<br>")
}

fn where_cell(row: &ReportRow) -> String {
    match (row.article, row.clause) {
        (None, _) => "Toàn bộ dự thảo".into(),
        (Some(article), None) => format!("Điều {article}"),
        (Some(article), Some(clause)) => format!("Khoản {clause} Điều {article}"),
    }
}

/// The printable page, in Vietnamese as the official table is; every stored text is escaped.
pub fn to_html(report: &Report) -> String {
    let c = &report.consultation;
    let mut rows = String::new();
    for (number, row) in report.rows.iter().enumerate() {
        let commenters = row.commenters.iter().map(|n| escape(n)).collect::<Vec<_>>().join("<br>");
        let grouped =
            if row.group_size > 1 { format!("<br>({} ý kiến giống nhau)", row.group_size) } else { String::new() };
        rows += &format!(
            "<tr><td>{}</td><td>{}</td><td>{commenters}{grouped}</td><td><p class=\"stance\">{}</p>{}</td>\
             <td><p class=\"outcome\">{}</p>{}</td></tr>\n",
            number + 1,
            escape(&where_cell(row)),
            row.stance.label(Lang::Vi),
            paragraphs(&row.comment),
            row.outcome.label(Lang::Vi),
            paragraphs(&row.explanation),
        );
    }
    let t = &report.totals;
    format!(
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Bảng tổng hợp ý kiến, tiếp thu, giải trình: {title}</title>\n<style>\n\
         body {{ font-family: \"Times New Roman\", serif; margin: 2rem; color: #000; background: #fff; }}\n\
         h1 {{ font-size: 1.3rem; text-align: center; text-transform: uppercase; }}\n\
         p.meta {{ text-align: center; }}\n\
         table {{ border-collapse: collapse; width: 100%; }}\n\
         th, td {{ border: 1px solid #000; padding: .4rem; vertical-align: top; text-align: left; }}\n\
         th {{ background: #eee; }}\n p.stance, p.outcome {{ font-weight: bold; margin: 0 0 .3rem; }}\n\
         @media print {{ body {{ margin: 0; }} th {{ background: none; }} }}\n</style>\n</head>\n<body>\n\
         <h1>Bảng tổng hợp ý kiến, tiếp thu, giải trình</h1>\n<p class=\"meta\">{title}</p>\n\
         <p class=\"meta\">Cơ quan chủ trì soạn thảo: {unit}. Thời gian lấy ý kiến: {opens} – {closes}. \
         Công bố ngày {published}.</p>\n\
         <p>Tổng số ý kiến: {comments} (tán thành {agree}, không tán thành {disagree}, ý kiến khác {other}); \
         tiếp thu {accepted}, tiếp thu một phần {partly}, không tiếp thu {not}.</p>\n\
         <table>\n<thead><tr><th scope=\"col\">STT</th><th scope=\"col\">Điều, khoản</th>\
         <th scope=\"col\">Cơ quan, tổ chức, cá nhân góp ý</th><th scope=\"col\">Nội dung góp ý</th>\
         <th scope=\"col\">Tiếp thu, giải trình</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</body>\n</html>\n",
        title = escape(&c.title),
        unit = escape(&c.drafting_unit),
        opens = domain::consultation::vietnam_day(&c.opens_at),
        closes = domain::consultation::vietnam_day(&c.closes_at),
        published = domain::consultation::vietnam_day(&report.published_at),
        comments = t.comments,
        agree = t.agree,
        disagree = t.disagree,
        other = t.other,
        accepted = t.accepted,
        partly = t.partly_accepted,
        not = t.not_accepted,
    )
}
