//! Table-driven checks of every rule a question obeys.

use domain::MessageKey::*;
use domain::contact::normalise_vn_phone;
use domain::messages::QUOTED_LIMITS;
use domain::{Field, Lang, MessageKey, NewQuestion, Pin, Topic, TrackingCode};

fn topics() -> Vec<Topic> {
    vec![Topic { slug: "giay-phep".into(), name_vi: "Cấp giấy phép".into(), name_en: "Licences".into() }]
}

fn valid() -> NewQuestion {
    NewQuestion {
        title: "Thủ tục cấp giấy phép".into(),
        body: "Xin hỏi hồ sơ gồm những gì?".into(),
        topic: Some("giay-phep".into()),
        ..NewQuestion::default()
    }
}

/// Applies `edit` to a valid question and checks the errors of one field.
fn check(edit: impl FnOnce(&mut NewQuestion), field: Field, expected: &[MessageKey]) {
    let mut question = valid();
    edit(&mut question);
    let got = match question.validate(&topics()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.get(field).to_vec(),
    };
    assert_eq!(got, expected, "{field:?} of {question:?}");
}

#[test]
fn a_plain_question_is_valid() {
    let v = valid().validate(&topics()).unwrap();
    assert_eq!(v.title, "Thủ tục cấp giấy phép");
    assert_eq!((v.name, v.email, v.phone, v.consent), (None, None, None, false));
}

#[test]
fn title_rules() {
    check(|q| q.title = String::new(), Field::Title, &[TitleRequired]);
    check(|q| q.title = "   \n\t ".into(), Field::Title, &[TitleRequired]);
    check(|q| q.title = "ệ".repeat(200), Field::Title, &[]);
    check(|q| q.title = "ệ".repeat(201), Field::Title, &[TitleTooLong]);
    check(|q| q.title = "a".repeat(199), Field::Title, &[]);
    check(|q| q.title = "Dòng một\nDòng hai".into(), Field::Title, &[TitleForbiddenChars]);
    check(|q| q.title = "Chuông\u{7}".into(), Field::Title, &[TitleForbiddenChars]);
    check(|q| q.title = "abc\u{202E}cba".into(), Field::Title, &[TitleForbiddenChars]);
    check(|q| q.title = "Cảm ơn 🙏👨‍👩‍👧".into(), Field::Title, &[]);
    check(|q| q.title = format!("{}\u{0}", "x".repeat(201)), Field::Title, &[TitleTooLong, TitleForbiddenChars]);
}

#[test]
fn decomposed_vietnamese_is_normalised_and_counted_as_composed() {
    // "ệ" typed as e + combining circumflex + combining dot below: three code points, one character.
    let nfd = "e\u{302}\u{323}";
    check(|q| q.title = nfd.repeat(200), Field::Title, &[]);
    let mut q = valid();
    q.title = format!("  Nguy{}n Văn A  ", nfd);
    assert_eq!(q.validate(&topics()).unwrap().title, "Nguyện Văn A");
}

#[test]
fn body_rules() {
    check(|q| q.body = String::new(), Field::Body, &[BodyRequired]);
    check(|q| q.body = "đ".repeat(5_000), Field::Body, &[]);
    check(|q| q.body = "đ".repeat(5_001), Field::Body, &[BodyTooLong]);
    check(|q| q.body = "Dòng 1\r\nDòng 2\n\tThụt lề".into(), Field::Body, &[]);
    check(|q| q.body = "Xoá\u{8}".into(), Field::Body, &[BodyForbiddenChars]);
    let mut q = valid();
    q.body = "a\r\nb\rc".into();
    assert_eq!(q.validate(&topics()).unwrap().body, "a\nb\nc");
}

#[test]
fn topic_rules() {
    check(|q| q.topic = None, Field::Topic, &[TopicRequired]);
    check(|q| q.topic = Some(" ".into()), Field::Topic, &[TopicRequired]);
    check(|q| q.topic = Some("thue".into()), Field::Topic, &[TopicUnknown]);
    // An agency with no topics takes questions without one, and refuses one it does not have.
    let mut q = valid();
    q.topic = None;
    assert!(q.validate(&[]).is_ok());
    q.topic = Some("thue".into());
    assert_eq!(q.validate(&[]).unwrap_err().get(Field::Topic), &[TopicUnknown]);
}

#[test]
fn names_with_diacritics_and_limits() {
    let consenting = |name: &str| {
        let name = name.to_owned();
        move |q: &mut NewQuestion| {
            q.name = name;
            q.consent = true;
        }
    };
    check(consenting("Nguyễn Thị Ánh Tuyết"), Field::Name, &[]);
    check(consenting("Đặng Hữu Phước"), Field::Name, &[]);
    check(consenting("H'Hen Niê"), Field::Name, &[]);
    check(consenting(&"ơ".repeat(100)), Field::Name, &[]);
    check(consenting(&"ơ".repeat(101)), Field::Name, &[NameTooLong]);
    check(consenting("Tên\u{1b}[31m"), Field::Name, &[NameForbiddenChars]);
}

#[test]
fn email_rules() {
    let email = |e: &'static str| {
        move |q: &mut NewQuestion| {
            q.email = e.into();
            q.consent = true;
        }
    };
    for good in ["ten@example.vn", "ten.ho+pakn@so-tttt.gov.vn", "A_B@Example.COM", "x@ví-dụ.vn"] {
        check(email(good), Field::Email, &[]);
    }
    for bad in [
        "ten",
        "ten@",
        "@example.vn",
        "ten@example",
        "ten@@example.vn",
        "ten@example..vn",
        ".ten@example.vn",
        "ten.@example.vn",
        "te..n@example.vn",
        "ten @example.vn",
        "ten@-example.vn",
        "ten@example.v",
        "ten@example.123",
        "tên@example.vn",
    ] {
        check(email(bad), Field::Email, &[EmailInvalid]);
    }
    let mut q = valid();
    q.email = " Ten.Ho@Example.VN ".into();
    q.consent = true;
    assert_eq!(q.validate(&topics()).unwrap().email.as_deref(), Some("Ten.Ho@example.vn"));
}

#[test]
fn vietnamese_phone_numbers() {
    let cases: &[(&str, Option<&str>)] = &[
        ("0912345678", Some("0912345678")),
        ("0912 345 678", Some("0912345678")),
        ("0912.345.678", Some("0912345678")),
        ("+84 912 345 678", Some("0912345678")),
        ("84912345678", Some("0912345678")),
        ("0387-654-321", Some("0387654321")),
        ("(024) 3825 1234", Some("02438251234")),
        ("0112345678", None),
        ("091234567", None),
        ("09123456789", None),
        ("+1 202 555 0100", None),
        ("0912345abc", None),
        ("09+12345678", None),
        ("", None),
    ];
    for (input, expected) in cases {
        assert_eq!(normalise_vn_phone(input).as_deref(), *expected, "{input}");
    }
    check(
        |q| {
            q.phone = "0912 345 678".into();
            q.consent = true;
        },
        Field::Phone,
        &[],
    );
    check(
        |q| {
            q.phone = "12345".into();
            q.consent = true;
        },
        Field::Phone,
        &[PhoneInvalid],
    );
}

#[test]
fn consent_is_required_exactly_when_contact_data_is_given() {
    check(|q| q.name = "Lê Văn Tám".into(), Field::Consent, &[ConsentRequired]);
    check(|q| q.email = "ten@example.vn".into(), Field::Consent, &[ConsentRequired]);
    check(|q| q.phone = "0912345678".into(), Field::Consent, &[ConsentRequired]);
    check(|q| q.phone = "   ".into(), Field::Consent, &[]);
    check(|q| q.consent = true, Field::Consent, &[]);
    // Consent without any contact data is not recorded as consent to anything.
    let mut q = valid();
    q.consent = true;
    assert!(!q.validate(&topics()).unwrap().consent);
}

#[test]
fn every_error_is_reported_at_once() {
    let q = NewQuestion { email: "x".into(), phone: "1".into(), ..NewQuestion::default() };
    let errors = q.validate(&topics()).unwrap_err();
    let fields: Vec<Field> = errors.errors.keys().copied().collect();
    assert_eq!(fields, [Field::Title, Field::Body, Field::Topic, Field::Email, Field::Phone, Field::Consent]);
}

#[test]
fn errors_serialise_as_a_field_to_keys_map() {
    let errors = NewQuestion::default().validate(&[]).unwrap_err();
    let json = serde_json::to_value(&errors).unwrap();
    assert_eq!(json, serde_json::json!({"errors": {"title": ["title.required"], "body": ["body.required"]}}));
    let back: domain::FieldErrors = serde_json::from_value(json).unwrap();
    assert_eq!(back, errors);
}

#[test]
fn field_names_match_their_json_names() {
    for &field in Field::ALL {
        assert_eq!(serde_json::to_value(field).unwrap(), serde_json::json!(field.as_str()));
        assert_eq!(Field::parse(field.as_str()), Some(field));
    }
    assert_eq!(Field::parse("website"), None);
}

#[test]
fn missing_json_fields_read_as_empty() {
    let q: NewQuestion = serde_json::from_str(r#"{"title":"Hỏi"}"#).unwrap();
    assert_eq!((q.body.as_str(), q.lang, q.consent), ("", Lang::Vi, false));
}

#[test]
fn honeypot() {
    assert!(!valid().is_from_robot());
    assert!(NewQuestion { website: "http://spam.example".into(), ..valid() }.is_from_robot());
}

#[test]
fn every_message_exists_in_both_languages_and_quotes_its_limit() {
    for key in MessageKey::ALL {
        assert_eq!(MessageKey::parse(key.as_str()), Some(*key));
        let (vi, en) = (key.text(Lang::Vi), key.text(Lang::En));
        assert!(!vi.is_empty() && !en.is_empty() && vi != en, "{key:?}");
    }
    for (key, limit) in QUOTED_LIMITS {
        // Vietnamese groups thousands with a dot, English with a comma.
        let digits = limit.to_string();
        let groups: Vec<&str> = digits.as_bytes().rchunks(3).rev().map(|c| std::str::from_utf8(c).unwrap()).collect();
        assert!(key.text(Lang::Vi).contains(&groups.join(".")), "{key:?}");
        assert!(key.text(Lang::En).contains(&groups.join(",")), "{key:?}");
    }
}

#[test]
fn tracking_codes() {
    let code = TrackingCode::from_entropy([0, 1, 2, 3, 4, 5, 6, 7, 30]);
    let shown = code.to_string();
    assert_eq!(shown.len(), 11);
    assert!(!shown.contains(['0', '1', 'O', 'I', 'L']));
    assert_eq!(TrackingCode::parse(&shown), Some(code.clone()));
    assert_eq!(TrackingCode::parse(&shown.to_lowercase().replace('-', " ")), Some(code.clone()));
    // Any single mistyped symbol and any swap of neighbouring random symbols is caught.
    let compact = code.as_compact().as_bytes().to_vec();
    for i in 0..compact.len() {
        for replacement in b"23456789ABCDEFGHJKMNPQRSTUVWXYZ" {
            if *replacement != compact[i] {
                let mut typo = compact.clone();
                typo[i] = *replacement;
                assert_eq!(TrackingCode::parse(std::str::from_utf8(&typo).unwrap()), None);
            }
        }
    }
    for i in 0..8 {
        let mut swapped = compact.clone();
        swapped.swap(i, i + 1);
        if swapped != compact {
            assert_eq!(TrackingCode::parse(std::str::from_utf8(&swapped).unwrap()), None);
        }
    }
    assert_eq!(TrackingCode::parse("K7M4Q-X9PR"), None);
    assert_eq!(TrackingCode::parse("O0I1L-X9PRT"), None);
}

#[test]
fn pins() {
    assert_eq!(Pin::from_entropy(42).as_str(), "000042");
    assert_eq!(Pin::from_entropy(4_294_967_295).as_str(), "967295");
    assert_eq!(Pin::parse(" 123 456 ").map(|p| p.as_str().to_owned()).as_deref(), Some("123456"));
    assert_eq!(Pin::parse("12345"), None);
    assert_eq!(Pin::parse("12345a"), None);
}

#[test]
fn lang_tags() {
    assert_eq!(Lang::from_tag("en-GB"), Lang::En);
    assert_eq!(Lang::from_tag("vi"), Lang::Vi);
    assert_eq!(Lang::from_tag(""), Lang::Vi);
    assert_eq!(Lang::from_tag("fr"), Lang::Vi);
    // Found by schemathesis: a tag whose first character takes several bytes once panicked the server.
    for tag in ["\u{a9f0b}", "é", "ẹn", "e\u{301}n"] {
        assert_eq!(Lang::from_tag(tag), Lang::Vi, "{tag:?}");
    }
    for (json, lang) in [
        (r#""en""#, Lang::En),
        (r#""EN""#, Lang::En),
        (r#""en-US""#, Lang::En),
        (r#""vi""#, Lang::Vi),
        (r#""""#, Lang::Vi),
    ] {
        assert_eq!(serde_json::from_str::<Lang>(json).unwrap(), lang, "{json}");
    }
}
