//! A draft legal document as a tree, read from the plain text staff paste: Phần / Chương / Mục headings,
//! "Điều N." articles, numbered khoản (clauses) and lettered điểm (points). The tree is flat (headings point
//! into the list of articles), so a widget can draw a table of contents and render only the open article.

use serde::{Deserialize, Serialize};

use crate::text::{lowercase, normalise};

/// The letters Vietnamese drafts number points with, in order: the alphabet without f, j, w and z, with đ.
pub const POINT_LETTERS: [&str; 23] =
    ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HeadingLevel {
    /// Phần: the largest division of a long law.
    Part,
    /// Chương.
    Chapter,
    /// Mục, inside a chapter.
    Section,
}

/// A Phần, Chương or Mục heading; the articles from `first_article` up to the next heading belong to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Heading {
    pub level: HeadingLevel,
    /// "Phần thứ nhất", "Chương I", "Mục 1".
    pub label: String,
    pub title: String,
    /// Index into [`Draft::articles`] of the first article under this heading.
    pub first_article: u32,
}

/// Điều N: an article with its title, the text before its first clause, and its clauses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    pub number: u32,
    /// "Điều 5".
    pub label: String,
    pub title: String,
    /// Paragraphs before the first clause.
    pub text: Vec<String>,
    pub clauses: Vec<Clause>,
}

/// A khoản, numbered 1, 2, 3… within its article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Clause {
    pub number: u32,
    /// Its text; further paragraphs are joined with line feeds.
    pub text: String,
    pub points: Vec<Point>,
}

/// An điểm, lettered a, b, c, d, đ… within its clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Point {
    pub letter: String,
    pub text: String,
}

/// A whole draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Draft {
    /// Lines before the first heading or article: the issuing body, the legal bases ("Căn cứ…").
    pub preamble: Vec<String>,
    pub headings: Vec<Heading>,
    pub articles: Vec<Article>,
}

impl Draft {
    pub fn article(&self, number: u32) -> Option<&Article> {
        self.articles.iter().find(|article| article.number == number)
    }
}

/// A line the parser could not place in the tree, so that the preview can point staff to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnplacedLine {
    /// 1-based, in the pasted text.
    pub line: u32,
    pub text: String,
}

/// What the parser understood, and what it could not place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParsedDraft {
    pub draft: Draft,
    pub unplaced: Vec<UnplacedLine>,
}

/// What the next plain line continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cursor {
    /// Before any heading or article.
    Preamble,
    /// Right after a heading that had no title on its own line: the next line is its title.
    HeadingWithoutTitle,
    /// After a heading and its title, before its first article.
    Heading,
    Article,
    Clause,
    Point,
    /// After an article that could not be placed: its lines cannot be placed either.
    Lost,
}

/// Reads pasted draft text into a tree. Never fails: what cannot be placed is listed with its line number.
pub fn parse_draft(text: &str) -> ParsedDraft {
    let mut parsed = ParsedDraft::default();
    let mut cursor = Cursor::Preamble;
    for (index, raw) in text.lines().enumerate() {
        let line = squeeze_spaces(&normalise(raw));
        if line.is_empty() {
            continue;
        }
        let line_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        cursor = place(&mut parsed, cursor, line, line_number);
    }
    parsed
}

fn place(parsed: &mut ParsedDraft, cursor: Cursor, line: String, line_number: u32) -> Cursor {
    let ParsedDraft { draft, unplaced: lost } = parsed;
    let mut unplaced = |text: String, next: Cursor| {
        lost.push(UnplacedLine { line: line_number, text });
        next
    };
    if let Some((level, label, title)) = heading(&line) {
        let first_article = u32::try_from(draft.articles.len()).unwrap_or(u32::MAX);
        let next = if title.is_empty() { Cursor::HeadingWithoutTitle } else { Cursor::Heading };
        draft.headings.push(Heading { level, label, title, first_article });
        return next;
    }
    if let Some((number, title)) = article(&line) {
        if draft.articles.last().is_some_and(|last| last.number >= number) {
            return unplaced(line, Cursor::Lost);
        }
        let label = format!("Điều {number}");
        draft.articles.push(Article { number, label, title, text: Vec::new(), clauses: Vec::new() });
        return Cursor::Article;
    }
    if let Some((number, text)) = clause(&line) {
        let Some(article) = draft.articles.last_mut().filter(|_| in_article(cursor)) else {
            return unplaced(line, cursor);
        };
        if article.clauses.last().is_some_and(|last| last.number >= number) {
            return unplaced(line, cursor);
        }
        article.clauses.push(Clause { number, text, points: Vec::new() });
        return Cursor::Clause;
    }
    if let Some((letter, text)) = point(&line) {
        let clause = draft.articles.last_mut().and_then(|a| a.clauses.last_mut());
        let Some(clause) = clause.filter(|_| matches!(cursor, Cursor::Clause | Cursor::Point)) else {
            return unplaced(line, cursor);
        };
        let order = |letter: &str| POINT_LETTERS.iter().position(|l| *l == letter);
        if clause.points.last().is_some_and(|last| order(&last.letter) >= order(letter)) {
            return unplaced(line, cursor);
        }
        clause.points.push(Point { letter: letter.to_owned(), text });
        return Cursor::Point;
    }
    match cursor {
        Cursor::Preamble => draft.preamble.push(line),
        Cursor::HeadingWithoutTitle => {
            if let Some(heading) = draft.headings.last_mut() {
                heading.title = line;
            }
            return Cursor::Heading;
        }
        // A heading's title in capitals may wrap onto a second line; anything else there is out of place.
        Cursor::Heading => match draft.headings.last_mut() {
            Some(heading) if !line.chars().any(char::is_lowercase) => {
                heading.title.push(' ');
                heading.title.push_str(&line);
            }
            _ => return unplaced(line, cursor),
        },
        Cursor::Article => {
            if let Some(article) = draft.articles.last_mut() {
                article.text.push(line);
            }
        }
        Cursor::Clause => {
            if let Some(clause) = draft.articles.last_mut().and_then(|a| a.clauses.last_mut()) {
                clause.text.push('\n');
                clause.text.push_str(&line);
            }
        }
        Cursor::Point => {
            let point = draft.articles.last_mut().and_then(|a| a.clauses.last_mut()).and_then(|c| c.points.last_mut());
            if let Some(point) = point {
                point.text.push('\n');
                point.text.push_str(&line);
            }
        }
        Cursor::Lost => return unplaced(line, cursor),
    }
    cursor
}

fn in_article(cursor: Cursor) -> bool {
    matches!(cursor, Cursor::Article | Cursor::Clause | Cursor::Point)
}

/// Turns every run of whitespace (tabs, no-break spaces) into one space.
fn squeeze_spaces(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rest of `line` after `keyword` (compared without case), or `None`.
fn after_keyword<'a>(line: &'a str, keyword: &str) -> Option<&'a str> {
    let length = keyword.chars().count();
    let end = line.char_indices().nth(length).map_or(line.len(), |(at, _)| at);
    let head = line.get(..end)?;
    (lowercase(head) == keyword).then(|| &line[end..])
}

/// Splits "5. Title" into the leading number-like word and the rest after an optional separator.
fn number_and_rest(rest: &str) -> (&str, &str) {
    let rest = rest.trim_start();
    let end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
    (&rest[..end], &rest[end..])
}

/// The title after a label: what follows ".", ":", "-", "–" or "—", or a space and a capital, or nothing. `None` when the
/// label runs straight into other words, as in "Mục 2 của Chương này…", which is running text.
fn title_after(rest: &str) -> Option<String> {
    let trimmed = rest.trim_start();
    if trimmed.is_empty() {
        return Some(String::new());
    }
    if let Some(title) = trimmed.strip_prefix(['.', ':', '-', '–', '—']) {
        return Some(title.trim().to_owned());
    }
    let spaced = rest.starts_with(' ');
    let capital = trimmed.chars().next().is_some_and(char::is_uppercase);
    (spaced && capital).then(|| trimmed.to_owned())
}

fn is_roman(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c.to_ascii_uppercase(), 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

fn is_number(word: &str) -> bool {
    !word.is_empty() && word.len() <= 6 && word.bytes().all(|b| b.is_ascii_digit())
}

fn heading(line: &str) -> Option<(HeadingLevel, String, String)> {
    if let Some(rest) = after_keyword(line, "phần") {
        let rest = rest.trim_start();
        if let Some(ordinal) = after_keyword(rest, "thứ") {
            let (word, tail) = number_and_rest(ordinal);
            if word.is_empty() || !ordinal.starts_with(' ') {
                return None;
            }
            let title = title_after(tail)?;
            return Some((HeadingLevel::Part, format!("Phần thứ {}", lowercase(word)), title));
        }
        let (number, tail) = number_and_rest(rest);
        return numbered(HeadingLevel::Part, "Phần", number, tail);
    }
    if let Some(rest) = after_keyword(line, "chương") {
        let (number, tail) = number_and_rest(rest);
        return numbered(HeadingLevel::Chapter, "Chương", number, tail);
    }
    if let Some(rest) = after_keyword(line, "mục") {
        let (number, tail) = number_and_rest(rest);
        return numbered(HeadingLevel::Section, "Mục", number, tail);
    }
    None
}

fn numbered(level: HeadingLevel, keyword: &str, number: &str, tail: &str) -> Option<(HeadingLevel, String, String)> {
    if !(is_number(number) || is_roman(number)) {
        return None;
    }
    let title = title_after(tail)?;
    Some((level, format!("{keyword} {}", number.to_ascii_uppercase()), title))
}

fn article(line: &str) -> Option<(u32, String)> {
    let rest = after_keyword(line, "điều")?;
    let (number, tail) = number_and_rest(rest);
    if !is_number(number) {
        return None;
    }
    let title = title_after(tail)?;
    Some((number.parse().ok()?, title))
}

/// "1. Text" or "1) Text"; "1.5 triệu đồng" is not a clause.
fn clause(line: &str) -> Option<(u32, String)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = &line[digits..];
    let text = match rest.strip_prefix('.') {
        Some(after) if !after.starts_with(|c: char| c.is_ascii_digit()) => after,
        Some(_) => return None,
        None => rest.strip_prefix(')')?,
    };
    Some((line[..digits].parse().ok()?, text.trim().to_owned()))
}

/// "a) Text" or "đ) Text".
fn point(line: &str) -> Option<(&'static str, String)> {
    let (head, text) = line.split_once(')')?;
    let letter = POINT_LETTERS.iter().find(|letter| **letter == head)?;
    Some((letter, text.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(parsed: &ParsedDraft) -> Vec<(u32, &str)> {
        parsed.draft.articles.iter().map(|a| (a.number, a.title.as_str())).collect()
    }

    #[test]
    fn a_law_with_parts_chapters_sections_articles_clauses_and_points() {
        let text = "QUỐC HỘI\nLUẬT TIẾP CẬN THÔNG TIN\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\n\
            PHẦN THỨ NHẤT\nNHỮNG QUY ĐỊNH CHUNG\nChương I\nQUY ĐỊNH CHUNG\n\
            Điều 1. Phạm vi điều chỉnh\nLuật này quy định về việc thực hiện quyền tiếp cận thông tin.\n\
            Điều 2. Giải thích từ ngữ\nTrong Luật này, các từ ngữ dưới đây được hiểu như sau:\n\
            1. Thông tin là tin, dữ liệu được chứa đựng trong văn bản.\n\
            2. Tiếp cận thông tin là việc đọc, xem, nghe:\na) Tại trụ sở;\nb) Qua mạng;\nđ) Qua bưu điện.\n\
            Chương II - THỰC HIỆN QUYỀN\nMục 1\nCÔNG KHAI THÔNG TIN\nĐiều 3: Thông tin được công khai\n\
            1) Văn bản quy phạm pháp luật;\nđoạn tiếp theo của khoản 1.\n";
        let parsed = parse_draft(text);
        assert_eq!(parsed.unplaced, vec![]);
        let draft = &parsed.draft;
        assert_eq!(draft.preamble.len(), 3);
        let headings: Vec<_> =
            draft.headings.iter().map(|h| (h.level, h.label.as_str(), h.title.as_str(), h.first_article)).collect();
        assert_eq!(
            headings,
            vec![
                (HeadingLevel::Part, "Phần thứ nhất", "NHỮNG QUY ĐỊNH CHUNG", 0),
                (HeadingLevel::Chapter, "Chương I", "QUY ĐỊNH CHUNG", 0),
                (HeadingLevel::Chapter, "Chương II", "THỰC HIỆN QUYỀN", 2),
                (HeadingLevel::Section, "Mục 1", "CÔNG KHAI THÔNG TIN", 2),
            ]
        );
        assert_eq!(
            titles(&parsed),
            vec![(1, "Phạm vi điều chỉnh"), (2, "Giải thích từ ngữ"), (3, "Thông tin được công khai")]
        );
        let second = &draft.articles[1];
        assert_eq!(second.label, "Điều 2");
        assert_eq!(second.text, vec!["Trong Luật này, các từ ngữ dưới đây được hiểu như sau:"]);
        assert_eq!(second.clauses.len(), 2);
        let letters: Vec<_> = second.clauses[1].points.iter().map(|p| p.letter.as_str()).collect();
        assert_eq!(letters, vec!["a", "b", "đ"]);
        assert_eq!(second.clauses[1].points[2].text, "Qua bưu điện.");
        assert_eq!(draft.articles[2].clauses[0].text, "Văn bản quy phạm pháp luật;\nđoạn tiếp theo của khoản 1.");
    }

    #[test]
    fn labels_and_titles_in_every_common_spelling() {
        // (line, what it is read as)
        let table: &[(&str, Option<(u32, &str)>)] = &[
            ("Điều 5. Tên điều", Some((5, "Tên điều"))),
            ("Điều 5: Tên điều", Some((5, "Tên điều"))),
            ("Điều 5 Tên điều", Some((5, "Tên điều"))),
            ("Điều   5 .   Tên   điều", Some((5, "Tên điều"))),
            ("\tĐiều\u{a0}5.\tTên điều  ", Some((5, "Tên điều"))),
            ("ĐIỀU 5. TÊN ĐIỀU", Some((5, "TÊN ĐIỀU"))),
            ("điều 5.", Some((5, ""))),
            ("Điều 12", Some((12, ""))),
            ("Điều5. Dính liền", Some((5, "Dính liền"))),
            // Decomposed (NFD) Vietnamese, as some keyboards send it.
            ("Đie\u{302}\u{300}u 7. Hie\u{302}\u{323}u lực", Some((7, "Hiệu lực"))),
            ("Điều 5 của Luật này quy định", None),
            ("Điều kiện cấp phép", None),
            ("Điều khoản chuyển tiếp", None),
        ];
        for (line, expected) in table {
            let parsed = parse_draft(line);
            let got = parsed.draft.articles.first().map(|a| (a.number, a.title.as_str()));
            assert_eq!(got, *expected, "{line:?}");
        }
    }

    #[test]
    fn headings_in_every_common_spelling() {
        type Expected<'a> = Option<(HeadingLevel, &'a str, &'a str)>;
        let table: &[(&str, Expected)] = &[
            ("Chương I", Some((HeadingLevel::Chapter, "Chương I", ""))),
            ("CHƯƠNG IV. TỔ CHỨC THỰC HIỆN", Some((HeadingLevel::Chapter, "Chương IV", "TỔ CHỨC THỰC HIỆN"))),
            ("chương ii: Điều khoản thi hành", Some((HeadingLevel::Chapter, "Chương II", "Điều khoản thi hành"))),
            ("Chương 3 – QUYỀN", Some((HeadingLevel::Chapter, "Chương 3", "QUYỀN"))),
            ("Mục 2", Some((HeadingLevel::Section, "Mục 2", ""))),
            ("MỤC 2. TIẾP NHẬN", Some((HeadingLevel::Section, "Mục 2", "TIẾP NHẬN"))),
            ("Phần thứ hai", Some((HeadingLevel::Part, "Phần thứ hai", ""))),
            ("PHẦN THỨ HAI. QUY ĐỊNH CỤ THỂ", Some((HeadingLevel::Part, "Phần thứ hai", "QUY ĐỊNH CỤ THỂ"))),
            ("Phần I", Some((HeadingLevel::Part, "Phần I", ""))),
            ("Mục tiêu của chính sách", None),
            ("Mục 2 của Chương này", None),
            ("Chương trình phát triển", None),
            ("Phần lớn người dân", None),
        ];
        for (line, expected) in table {
            let parsed = parse_draft(line);
            let got = parsed.draft.headings.first().map(|h| (h.level, h.label.as_str(), h.title.as_str()));
            assert_eq!(got, *expected, "{line:?}");
        }
    }

    #[test]
    fn clauses_and_points() {
        let table: &[(&str, Option<(u32, &str)>)] = &[
            ("1. Khoản một", Some((1, "Khoản một"))),
            ("1) Khoản một", Some((1, "Khoản một"))),
            ("12.   Nhiều   dấu cách", Some((12, "Nhiều dấu cách"))),
            ("1.5 triệu đồng là mức phạt", None),
            ("2026 là năm", None),
            ("3.Không dấu cách", Some((3, "Không dấu cách"))),
        ];
        for (line, expected) in table {
            let parsed = parse_draft(&format!("Điều 1. Một\n{line}"));
            let got = parsed.draft.articles[0].clauses.first().map(|c| (c.number, c.text.as_str()));
            assert_eq!(got, *expected, "{line:?}");
        }
        let parsed = parse_draft("Điều 1. Một\n1. Khoản\na) Điểm a\nđ) Điểm đ\ny) Điểm y\nf) không phải điểm");
        let clause = &parsed.draft.articles[0].clauses[0];
        let letters: Vec<_> = clause.points.iter().map(|p| p.letter.as_str()).collect();
        assert_eq!(letters, vec!["a", "đ", "y"]);
        assert_eq!(clause.points[2].text, "Điểm y\nf) không phải điểm");
    }

    #[test]
    fn lines_that_cannot_be_placed_are_listed_with_their_line_numbers() {
        let text = "Căn cứ Luật;\n1. Khoản trước mọi điều\na) Điểm trước mọi khoản\nChương I\nQUY ĐỊNH CHUNG\n\
            văn bản lạc giữa chương và điều\nĐiều 1. Một\na) Điểm không có khoản\n1. Khoản một\n1. Khoản một lần nữa\n\
            b) Điểm b\na) Điểm a sau b\n\nĐiều 3. Ba\nĐiều 2. Hai sau ba\n1. Khoản của điều lạc\nĐiều 3. Ba lần nữa\n\
            Điều 4. Bốn";
        let parsed = parse_draft(text);
        let unplaced: Vec<_> = parsed.unplaced.iter().map(|u| (u.line, u.text.as_str())).collect();
        assert_eq!(
            unplaced,
            vec![
                (2, "1. Khoản trước mọi điều"),
                (3, "a) Điểm trước mọi khoản"),
                (6, "văn bản lạc giữa chương và điều"),
                (8, "a) Điểm không có khoản"),
                (10, "1. Khoản một lần nữa"),
                (12, "a) Điểm a sau b"),
                (15, "Điều 2. Hai sau ba"),
                (16, "1. Khoản của điều lạc"),
                (17, "Điều 3. Ba lần nữa"),
            ]
        );
        assert_eq!(titles(&parsed), vec![(1, "Một"), (3, "Ba"), (4, "Bốn")]);
        assert_eq!(parsed.draft.preamble, vec!["Căn cứ Luật;"]);
    }

    #[test]
    fn gaps_in_numbering_are_kept_and_windows_line_endings_counted_once() {
        let parsed = parse_draft("Điều 1. Một\r\n\r\nĐiều 5. Năm\r\n1. Khoản\r\n3. Khoản ba\r\nx\u{301}");
        assert_eq!(parsed.unplaced, vec![]);
        assert_eq!(titles(&parsed), vec![(1, "Một"), (5, "Năm")]);
        let numbers: Vec<_> = parsed.draft.articles[1].clauses.iter().map(|c| c.number).collect();
        assert_eq!(numbers, vec![1, 3]);
    }

    #[test]
    fn a_generated_200_article_draft() {
        let mut text = String::from("CHÍNH PHỦ\nNGHỊ ĐỊNH\nQuy định chi tiết\n");
        for article in 1..=200u32 {
            if article % 20 == 1 {
                text.push_str(&format!("Chương {}\nCHƯƠNG SỐ {}\n", roman(article / 20 + 1), article / 20 + 1));
            }
            if article % 10 == 1 {
                text.push_str(&format!("Mục {}. Mục số {}\n", article % 20 / 10 + 1, article));
            }
            text.push_str(&format!("Điều {article}. Tiêu đề điều {article}\n"));
            for clause in 1..=(article % 4 + 1) {
                text.push_str(&format!("{clause}. Nội dung khoản {clause} của Điều {article}:\n"));
                for letter in POINT_LETTERS.iter().take((article % 3) as usize) {
                    text.push_str(&format!("{letter}) Điểm {letter};\n"));
                }
            }
        }
        let parsed = parse_draft(&text);
        assert_eq!(parsed.unplaced, vec![]);
        let draft = &parsed.draft;
        assert_eq!(draft.articles.len(), 200);
        assert!(draft.articles.iter().zip(1..).all(|(a, n)| a.number == n && a.title == format!("Tiêu đề điều {n}")));
        assert_eq!(draft.headings.iter().filter(|h| h.level == HeadingLevel::Chapter).count(), 10);
        assert_eq!(draft.headings.iter().filter(|h| h.level == HeadingLevel::Section).count(), 20);
        assert_eq!(draft.headings.last().map(|h| h.first_article), Some(190));
        let last = &draft.articles[199];
        assert_eq!(last.clauses.len(), 1);
        assert_eq!(last.clauses[0].points.len(), 2);
        assert_eq!(draft.articles[2].clauses.len(), 4);
    }

    fn roman(n: u32) -> &'static str {
        ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"][n as usize]
    }
}
