//! The lifecycle table, due dates and the tracker's lookup rules.

use domain::QuestionStatus::{self, *};
use domain::{Date, Field, LookupRequest, MessageKey, TransitionRequest, due_date};

#[test]
fn only_listed_transitions_are_allowed() {
    // Every (from, to) pair, as the issue's lifecycle describes it.
    let allowed: &[(QuestionStatus, &[QuestionStatus])] = &[
        (Received, &[Accepted, Rejected, Duplicate, Transferred]),
        (Accepted, &[Assigned, Rejected, Duplicate, Transferred]),
        (Assigned, &[Assigned, InProgress, Transferred]),
        (InProgress, &[Assigned, Answered, Transferred]),
        (Answered, &[Closed]),
        (Rejected, &[]),
        (Duplicate, &[]),
        (Closed, &[]),
        (Transferred, &[]),
    ];
    for (from, targets) in allowed {
        for to in QuestionStatus::ALL {
            assert_eq!(from.can_move_to(to), targets.contains(&to), "{from:?} → {to:?}");
        }
    }
    assert_eq!(allowed.len(), QuestionStatus::ALL.len());
}

#[test]
fn only_open_questions_await_an_answer() {
    let awaiting: Vec<_> = QuestionStatus::ALL.into_iter().filter(|s| s.awaits_answer()).collect();
    assert_eq!(awaiting, [Received, Accepted, Assigned, InProgress]);
    for status in QuestionStatus::ALL {
        assert_eq!(QuestionStatus::parse(status.as_str()), Some(status));
        assert_ne!(status.label(domain::Lang::Vi), status.label(domain::Lang::En));
    }
}

fn transition(json: &str) -> Result<domain::ValidTransition, domain::FieldErrors> {
    serde_json::from_str::<TransitionRequest>(json).unwrap().validate()
}

#[test]
fn each_transition_carries_what_it_needs() {
    let cases: &[(&str, Option<(Field, MessageKey)>)] = &[
        (r#"{}"#, Some((Field::To, MessageKey::ToRequired))),
        (r#"{"to":"accepted"}"#, None),
        (r#"{"to":"rejected"}"#, Some((Field::PublicNote, MessageKey::ReasonRequired))),
        (r#"{"to":"rejected","public_note":"  "}"#, Some((Field::PublicNote, MessageKey::ReasonRequired))),
        (r#"{"to":"rejected","public_note":"Không thuộc thẩm quyền."}"#, None),
        (r#"{"to":"assigned"}"#, Some((Field::Unit, MessageKey::UnitRequired))),
        (r#"{"to":"assigned","unit":"phong-cntt"}"#, None),
        (r#"{"to":"duplicate"}"#, Some((Field::DuplicateOf, MessageKey::DuplicateOfRequired))),
        (
            r#"{"to":"duplicate","duplicate_of":"nonsense"}"#,
            Some((Field::DuplicateOf, MessageKey::TrackingCodeInvalid)),
        ),
        (r#"{"to":"transferred"}"#, Some((Field::TransferTo, MessageKey::TransferToRequired))),
        (r#"{"to":"transferred","transfer_to":"so-gtvt"}"#, None),
        (r#"{"to":"closed","internal_note":"a\u0007b"}"#, Some((Field::InternalNote, MessageKey::NoteForbiddenChars))),
    ];
    for (json, expected) in cases {
        match (transition(json), expected) {
            (Ok(_), None) => {}
            (Err(errors), Some((field, key))) => assert_eq!(errors.get(*field), [*key], "{json}"),
            (got, _) => panic!("{json}: {got:?}"),
        }
    }
    let long = format!(r#"{{"to":"accepted","public_note":"{}"}}"#, "x".repeat(2_001));
    assert_eq!(transition(&long).unwrap_err().get(Field::PublicNote), [MessageKey::NoteTooLong]);
    // Data that does not belong to the move is dropped, not stored.
    let accepted = transition(r#"{"to":"accepted","unit":"x","public_note":" Đã nhận. "}"#).unwrap();
    assert_eq!((accepted.unit, accepted.public_note.as_deref()), (None, Some("Đã nhận.")));
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[test]
fn due_dates_skip_weekends_and_holidays() {
    // 2026-04-30 and 2026-05-01 are public holidays; 2026-04-27 (Hùng Kings' day) too.
    let holidays = [date("2026-04-27"), date("2026-04-30"), date("2026-05-01")];
    let cases = [
        // received, working days, due
        ("2026-11-16", 10, "2026-11-30"), // Monday: two full weeks.
        ("2026-11-20", 1, "2026-11-23"),  // Friday → Monday.
        ("2026-11-21", 1, "2026-11-23"),  // Saturday counts from Monday.
        ("2026-11-22", 5, "2026-11-27"),  // Sunday.
        ("2026-11-23", 0, "2026-11-23"),
        ("2026-04-24", 1, "2026-04-28"), // Friday, then the Monday holiday.
        ("2026-04-29", 2, "2026-05-05"), // 30/4, 1/5, weekend.
        ("2026-12-31", 1, "2027-01-01"), // Across the year.
        ("2028-02-28", 1, "2028-02-29"), // Leap day.
    ];
    for (received, days, due) in cases {
        assert_eq!(due_date(date(received), days, &holidays).to_string(), due, "{received} + {days}");
    }
}

#[test]
fn dates_are_counted_in_vietnam() {
    assert_eq!(Date::in_vietnam_at("2026-11-22T16:59:59Z"), Some(date("2026-11-22")));
    assert_eq!(Date::in_vietnam_at("2026-11-22T17:00:00Z"), Some(date("2026-11-23")));
    assert_eq!(Date::in_vietnam_at("2026-12-31T20:00:00Z"), Some(date("2027-01-01")));
    assert_eq!(Date::in_vietnam_at("garbage"), None);
    for bad in ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "20261101xx", "２０２６-01-01"] {
        assert_eq!(Date::parse(bad), None, "{bad}");
    }
    assert_eq!(date("1970-01-01").days_since_epoch(), 0);
    assert_eq!(date("2026-11-22").weekday(), domain::date::Weekday::Sunday);
    for days in [-800_000, -1, 0, 59, 365, 20_000, 1_000_000] {
        assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
    }
}

#[test]
fn lookups_read_codes_as_people_type_them() {
    let code = domain::TrackingCode::from_entropy([3, 1, 4, 1, 5, 9, 2, 6, 5]).to_string();
    let lookup = |c: &str, p: &str| LookupRequest { tracking_code: c.into(), pin: p.into(), ..Default::default() };
    assert!(lookup(&code.to_lowercase(), " 123 456 ").validate().is_ok());
    let errors = lookup("", "").validate().unwrap_err();
    assert_eq!(errors.get(Field::TrackingCode), [MessageKey::TrackingCodeRequired]);
    assert_eq!(errors.get(Field::Pin), [MessageKey::PinRequired]);
    let errors = lookup("ABCDE-FGHJK", "12345").validate().unwrap_err();
    assert_eq!(errors.get(Field::TrackingCode), [MessageKey::TrackingCodeInvalid]);
    assert_eq!(errors.get(Field::Pin), [MessageKey::PinInvalid]);
}
