//! The rules for what staff and admins send: each refused input names its field, as the citizens' forms do.

use domain::agency::normalise_origin;
use domain::staff::{ModerationRequest, NewAccount, OriginRequest, Role, SettingsRequest, Unit, validate_topic};
use domain::{Date, Field, MessageKey, Topic};

fn fields(errors: &domain::FieldErrors) -> Vec<(Field, MessageKey)> {
    errors.errors.iter().flat_map(|(field, keys)| keys.iter().map(move |key| (*field, *key))).collect()
}

#[test]
fn origins_are_stored_as_browsers_send_them() {
    let cases = [
        ("https://Portal.Example.gov.vn/", Some("https://portal.example.gov.vn")),
        ("https://portal.example.gov.vn:443", Some("https://portal.example.gov.vn")),
        ("http://portal.example.gov.vn:80", Some("http://portal.example.gov.vn")),
        ("https://portal.example.gov.vn:8443", Some("https://portal.example.gov.vn:8443")),
        ("http://127.0.0.1:8080", Some("http://127.0.0.1:8080")),
        ("portal.example.gov.vn", None),
        ("https://portal.example.gov.vn/hoi-dap", None),
        ("ftp://portal.example.gov.vn", None),
        ("https://user@portal.example.gov.vn", None),
    ];
    for (input, expected) in cases {
        assert_eq!(normalise_origin(input).as_deref(), expected, "{input}");
    }
    let refused = OriginRequest { origin: "cong.example.gov.vn/trang".into() }.validate().unwrap_err();
    assert_eq!(fields(&refused), [(Field::Origin, MessageKey::OriginInvalid)]);
}

#[test]
fn units_and_topics_need_a_slug_and_a_name() {
    let unit = Unit { slug: "phong-cntt".into(), name: "  Phòng CNTT ".into() }.validate().unwrap();
    assert_eq!(unit.name, "Phòng CNTT");
    let refused = Unit { slug: "Phòng".into(), name: " ".into() }.validate().unwrap_err();
    assert_eq!(fields(&refused), [(Field::Name, MessageKey::LabelRequired), (Field::Slug, MessageKey::SlugInvalid)]);
    let long = "x".repeat(201);
    let refused = validate_topic(&Topic { slug: "-a".into(), name_vi: "Tên\u{7}".into(), name_en: long }).unwrap_err();
    assert_eq!(
        fields(&refused),
        [
            (Field::Slug, MessageKey::SlugInvalid),
            (Field::NameVi, MessageKey::LabelForbiddenChars),
            (Field::NameEn, MessageKey::LabelTooLong),
        ]
    );
    let topic =
        validate_topic(&Topic { slug: "giay-phep".into(), name_vi: "Cấp phép".into(), name_en: String::new() });
    assert!(topic.is_ok());
}

#[test]
fn settings() {
    let valid = SettingsRequest {
        handling_days: 15,
        holidays: vec!["2026-09-02".into()],
        tracker_url: Some(" https://cong.example.gov.vn/tra-cuu ".into()),
        contact_retention_days: Some(365),
    }
    .validate()
    .unwrap();
    assert_eq!(valid.contact_retention_days, Some(365));
    assert_eq!(valid.holidays, vec![Date::parse("2026-09-02").unwrap()]);
    assert_eq!(valid.tracker_url.as_deref(), Some("https://cong.example.gov.vn/tra-cuu"));
    for days in [0, 61] {
        let refused = SettingsRequest { handling_days: days, ..Default::default() }.validate().unwrap_err();
        assert_eq!(fields(&refused), [(Field::HandlingDays, MessageKey::HandlingDaysRange)], "{days}");
    }
    let refused = SettingsRequest {
        handling_days: 10,
        holidays: vec!["2/9/2026".into()],
        tracker_url: Some("javascript:alert(1)".into()),
        contact_retention_days: None,
    }
    .validate()
    .unwrap_err();
    assert_eq!(
        fields(&refused),
        [(Field::Holidays, MessageKey::HolidayInvalid), (Field::TrackerUrl, MessageKey::TrackerUrlInvalid)]
    );
    // Contact details are kept a month to ten years; absent, the agency's period stays as it is.
    for (days, accepted) in [(29, false), (30, true), (730, true), (3650, true), (3651, false)] {
        let request = SettingsRequest { handling_days: 10, contact_retention_days: Some(days), ..Default::default() };
        match request.validate() {
            Ok(settings) => assert!(accepted, "{days}: {settings:?}"),
            Err(refused) => {
                assert!(!accepted, "{days}");
                assert_eq!(fields(&refused), [(Field::ContactRetentionDays, MessageKey::ContactRetentionRange)]);
            }
        }
    }
}

#[test]
fn new_accounts() {
    let account = |username: &str, password: &str| NewAccount {
        username: username.into(),
        display_name: String::new(),
        role: Role::Officer,
        password: password.into(),
    };
    let valid = account("nguyen.van.a", "mười hai ký tự").validate().unwrap();
    assert_eq!(valid.display_name, "nguyen.van.a", "the username stands in for an empty display name");
    let refused = account("Nguyễn", "ngắn").validate().unwrap_err();
    assert_eq!(
        fields(&refused),
        [(Field::Username, MessageKey::UsernameInvalid), (Field::Password, MessageKey::PasswordTooShort)]
    );
}

#[test]
fn hiding_needs_a_reason() {
    let refused = ModerationRequest { hidden: true, reason: "  ".into() }.validate().unwrap_err();
    assert_eq!(fields(&refused), [(Field::Reason, MessageKey::HideReasonRequired)]);
    assert_eq!(ModerationRequest { hidden: false, reason: String::new() }.validate().unwrap(), "");
    assert_eq!(ModerationRequest { hidden: true, reason: " Quảng cáo ".into() }.validate().unwrap(), "Quảng cáo");
}
