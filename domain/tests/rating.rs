//! The rating's rules, the Wilson interval and the publication rule, as tables of values worked out by hand.

use domain::rating::{Figures, HelpfulCounts, NewRating, RatingScope, publishable, rated_page, wilson};
use domain::{Criterion, Field, MessageKey};

fn origins() -> Vec<String> {
    vec!["https://sotttt.example.gov.vn".to_owned()]
}

fn rating() -> NewRating {
    NewRating { page: "https://sotttt.example.gov.vn/thu-tuc".into(), content: Some(4), ..Default::default() }
}

/// What a refused rating is refused for.
type Refusals = Vec<(Field, MessageKey)>;

fn errors_of(rating: NewRating) -> Refusals {
    match rating.validate(&origins()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.errors.iter().flat_map(|(f, keys)| keys.iter().map(move |k| (*f, *k))).collect(),
    }
}

#[test]
fn a_rating_needs_one_answer_in_range_on_an_allowed_page() {
    let cases: Vec<(&str, NewRating, Refusals)> = vec![
        ("one criterion", rating(), vec![]),
        ("only the yes/no", NewRating { content: None, helpful: Some(false), ..rating() }, vec![]),
        (
            "nothing answered",
            NewRating { content: None, ..rating() },
            vec![(Field::Interface, MessageKey::RatingRequired)],
        ),
        ("zero", NewRating { quality: Some(0), ..rating() }, vec![(Field::Quality, MessageKey::ScoreInvalid)]),
        ("six", NewRating { support: Some(6), ..rating() }, vec![(Field::Support, MessageKey::ScoreInvalid)]),
        ("negative", NewRating { interface: Some(-1), ..rating() }, vec![(Field::Interface, MessageKey::ScoreInvalid)]),
        (
            "a comment too long",
            NewRating { comment: "ý".repeat(2_001), ..rating() },
            vec![(Field::Comment, MessageKey::CommentTooLong)],
        ),
        ("a comment of 2,000", NewRating { comment: "ý".repeat(2_000), ..rating() }, vec![]),
        (
            "a control character",
            NewRating { comment: "a\u{1b}b".into(), ..rating() },
            vec![(Field::Comment, MessageKey::CommentForbiddenChars)],
        ),
        (
            "a foreign page",
            NewRating { page: "https://evil.example.com/x".into(), ..rating() },
            vec![(Field::Page, MessageKey::PageInvalid)],
        ),
        ("no page", NewRating { page: String::new(), ..rating() }, vec![(Field::Page, MessageKey::PageInvalid)]),
        ("the agency needs no page", NewRating { page: String::new(), scope: RatingScope::Agency, ..rating() }, vec![]),
        ("a rater token", NewRating { rater: "aZ09-_aZ09-_aZ09".into(), ..rating() }, vec![]),
        (
            "a rater token of 15",
            NewRating { rater: "a".repeat(15), ..rating() },
            vec![(Field::Rater, MessageKey::RaterInvalid)],
        ),
        (
            "a rater token of 65",
            NewRating { rater: "a".repeat(65), ..rating() },
            vec![(Field::Rater, MessageKey::RaterInvalid)],
        ),
        (
            "a rater token with a space",
            NewRating { rater: "aaaaaaaa aaaaaaaa".into(), ..rating() },
            vec![(Field::Rater, MessageKey::RaterInvalid)],
        ),
    ];
    for (case, rating, expected) in cases {
        assert_eq!(errors_of(rating), expected, "{case}");
    }
    let valid = NewRating { comment: "  Khó tìm biểu mẫu. ".into(), interface: Some(2), ..rating() }
        .validate(&origins())
        .unwrap();
    assert_eq!(valid.scores, [Some(2), Some(4), None, None]);
    assert_eq!(valid.comment.as_deref(), Some("Khó tìm biểu mẫu."));
    assert_eq!(valid.rater, None, "no token: the rating stands alone");
}

#[test]
fn the_rated_page_is_origin_and_path_only() {
    let cases = [
        ("https://sotttt.example.gov.vn/thu-tuc?id=3#muc-2", Some("https://sotttt.example.gov.vn/thu-tuc")),
        ("https://SOTTTT.example.gov.vn:443", Some("https://sotttt.example.gov.vn/")),
        (
            "https://sotttt.example.gov.vn/h%E1%BB%8Fi-%C4%91%C3%A1p/",
            Some("https://sotttt.example.gov.vn/h%E1%BB%8Fi-%C4%91%C3%A1p/"),
        ),
        ("http://sotttt.example.gov.vn/", None),
        ("https://sotttt.example.gov.vn.evil.com/", None),
        ("https://sotttt.example.gov.vn/a b", None),
        ("sotttt.example.gov.vn/thu-tuc", None),
    ];
    for (url, expected) in cases {
        assert_eq!(rated_page(url, &origins()).as_deref(), expected, "{url}");
    }
}

#[test]
fn wilson_intervals_match_values_worked_by_hand() {
    // (successes, n, share, low, high) to four places.
    let cases = [
        (4, 5, 0.8, 0.3755, 0.9638),
        (0, 10, 0.0, 0.0, 0.2775),
        (50, 100, 0.5, 0.4038, 0.5962),
        (10, 10, 1.0, 0.7225, 1.0),
    ];
    for (successes, n, value, low, high) in cases {
        let share = wilson(successes, n).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 0.000_1;
        assert!(
            close(share.value, value) && close(share.low, low) && close(share.high, high),
            "{successes}/{n}: {share:?}"
        );
    }
    assert_eq!(wilson(0, 0), None);
}

#[test]
fn figures_count_means_and_the_share_of_fours_and_fives() {
    let figures = Figures::of([1, 0, 1, 2, 1]);
    assert_eq!(figures.n, 5);
    assert_eq!(figures.mean, Some(3.4));
    assert_eq!(figures.satisfied.map(|s| s.value), Some(0.6));
    assert_eq!(Figures::of([0; 5]).mean, None);
}

#[test]
fn per_page_figures_under_five_are_held_back_and_agency_figures_never() {
    let four = [0, 0, 1, 2, 1];
    let five = [0, 0, 1, 2, 2];
    let helpful = HelpfulCounts { yes: 3, no: 1 };
    let (criteria, shown) = publishable(true, [four, five, [0; 5], five], helpful);
    let published: Vec<(Criterion, bool)> = criteria.iter().map(|c| (c.criterion, c.figures.is_some())).collect();
    assert_eq!(
        published,
        [
            (Criterion::Interface, false),
            (Criterion::Content, true),
            (Criterion::Quality, false),
            (Criterion::Support, true)
        ]
    );
    assert_eq!(shown, None, "four yes/no answers are held back on a page");
    let (criteria, shown) = publishable(false, [four, five, [0; 5], five], helpful);
    assert!(criteria.iter().all(|c| c.figures.is_some()));
    assert_eq!(shown, Some(helpful));
}
