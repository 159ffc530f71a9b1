//! The components' ARIA wiring, rendered to HTML natively (Yew's server renderer): labels point at their
//! controls, hints and errors are tied by `aria-describedby`, errors set `aria-invalid`, radios are named by
//! their fieldset's legend. The browser contract checks the same on the widgets; this checks every variant,
//! including the radio group no widget uses yet.

use domain::{Field, FieldErrors, Lang, MessageKey};
use yew::{BaseComponent, Callback, ServerRenderer};

use super::alert::{AlertProps, ErrorSummaryProps};
use super::field::{CheckboxProps, RadioGroupProps, SelectProps, TextAreaProps, TextFieldProps};
use super::*;

fn render<C: BaseComponent>(props: impl FnOnce() -> C::Properties + Send + 'static) -> String {
    futures::executor::block_on(ServerRenderer::<C>::with_props(props).hydratable(false).render())
}

/// The opening tag of the element with `id`.
fn tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no id {id} in {html}"));
    let start = html[..at].rfind('<').unwrap();
    &html[start..at + html[at..].find('>').unwrap() + 1]
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[at..at + tag[at..].find('"')?].to_owned())
}

const KEY: MessageKey = MessageKey::ALL[0];

#[test]
fn a_text_field_ties_its_hint_and_errors_to_its_input() {
    let with_error = render::<TextField>(|| TextFieldProps {
        id: "tt-title".into(),
        label: "Tiêu đề".into(),
        hint: Some("Một câu ngắn.".into()),
        errors: vec![KEY],
        lang: Lang::Vi,
        value: "".into(),
        kind: "text".into(),
        autocomplete: None,
        inputmode: None,
        autocapitalize: None,
        class: Default::default(),
        oninput: Callback::noop(),
        onblur: Callback::noop(),
    });
    let input = tag(&with_error, "tt-title");
    assert!(input.starts_with("<input"), "{input}");
    assert_eq!(attr(input, "aria-describedby").as_deref(), Some("tt-title-hint tt-title-error"));
    assert_eq!(attr(input, "aria-invalid").as_deref(), Some("true"));
    assert_eq!(attr(input, "spellcheck").as_deref(), Some("true"), "free text is spell-checked");
    assert!(with_error.contains("for=\"tt-title\""), "the label names the input: {with_error}");
    let error = tag(&with_error, "tt-title-error");
    assert!(with_error[with_error.find(error).unwrap()..].contains(&format!("Lỗi: </span>{}", KEY.text(Lang::Vi))));
    assert!(tag(&with_error, "tt-title-hint").starts_with("<p"));
    assert!(with_error.find("tt-title-error").unwrap() < with_error.find("<input").unwrap(), "errors above the input");

    let plain = render::<TextField>(|| TextFieldProps {
        id: "tt-name".into(),
        label: "Họ và tên".into(),
        hint: None,
        errors: vec![],
        lang: Lang::Vi,
        value: "Lan".into(),
        kind: "text".into(),
        autocomplete: Some("name".into()),
        inputmode: None,
        autocapitalize: None,
        class: Default::default(),
        oninput: Callback::noop(),
        onblur: Callback::noop(),
    });
    let input = tag(&plain, "tt-name");
    assert_eq!(attr(input, "aria-describedby"), None);
    assert_eq!(attr(input, "aria-invalid"), None);
    assert_eq!(attr(input, "autocomplete").as_deref(), Some("name"));
    assert_eq!(attr(input, "spellcheck").as_deref(), Some("false"), "what the browser fills in is not");
}

#[test]
fn a_text_area_shows_its_count_to_the_eye_only() {
    let html = render::<TextArea>(|| TextAreaProps {
        id: "tt-body".into(),
        label: "Nội dung".into(),
        hint: None,
        errors: vec![],
        lang: Lang::Vi,
        value: "Xin chào".into(),
        rows: 8,
        max_chars: Some(5_000),
        oninput: Callback::noop(),
        onblur: Callback::noop(),
    });
    assert!(tag(&html, "tt-body").starts_with("<textarea"));
    let count = &html[..html.find(">Còn 4.992 ký tự</p>").expect("the count is shown")];
    let count = &count[count.rfind("<p").unwrap()..];
    assert_eq!(attr(count, "aria-hidden").as_deref(), Some("true"), "{html}");
}

#[test]
fn a_select_a_checkbox_and_a_radio_group_are_labelled_and_described() {
    let select = render::<Select>(|| SelectProps {
        id: "tt-topic".into(),
        label: "Lĩnh vực".into(),
        hint: None,
        errors: vec![KEY],
        lang: Lang::En,
        placeholder: "Choose a topic".into(),
        options: vec![("giay-phep".into(), "Permits".into())],
        value: None,
        onchange: Callback::noop(),
        onblur: Callback::noop(),
    });
    assert_eq!(attr(tag(&select, "tt-topic"), "aria-describedby").as_deref(), Some("tt-topic-error"));
    assert!(select.contains(&format!("Error: </span>{}", KEY.text(Lang::En))));

    let checkbox = render::<Checkbox>(|| CheckboxProps {
        id: "tt-remember".into(),
        label: "Remember".into(),
        hint: Some("Only the code.".into()),
        errors: vec![],
        lang: Lang::En,
        checked: true,
        onchange: Callback::noop(),
    });
    let input = tag(&checkbox, "tt-remember");
    assert_eq!(attr(input, "type").as_deref(), Some("checkbox"));
    assert_eq!(attr(input, "aria-describedby").as_deref(), Some("tt-remember-hint"));
    assert!(checkbox.find("<input").unwrap() < checkbox.find("<label").unwrap(), "the box comes before its label");

    let radios = render::<RadioGroup>(|| RadioGroupProps {
        id: "tt-rating-speed".into(),
        legend: "Tốc độ trả lời".into(),
        hint: Some("1 là rất chậm, 5 là rất nhanh.".into()),
        errors: vec![KEY],
        lang: Lang::Vi,
        options: ["1", "2", "3", "4", "5"]
            .map(|v| RadioOption { value: v.into(), label: format!("Mức {v}").into() })
            .to_vec(),
        value: Some("4".into()),
        onchange: Callback::noop(),
    });
    let fieldset = &radios[radios.find("<fieldset").unwrap()..];
    let fieldset = &fieldset[..fieldset.find('>').unwrap() + 1];
    assert_eq!(attr(fieldset, "aria-describedby").as_deref(), Some("tt-rating-speed-hint tt-rating-speed-error"));
    assert_eq!(attr(fieldset, "role").as_deref(), Some("radiogroup"));
    assert_eq!(attr(fieldset, "aria-invalid").as_deref(), Some("true"), "the group is what is invalid");
    assert!(radios.contains("class=\"tt-legend\">Tốc độ trả lời</legend>"), "the legend names the group: {radios}");
    let ids = ["tt-rating-speed", "tt-rating-speed-2", "tt-rating-speed-3", "tt-rating-speed-4", "tt-rating-speed-5"];
    for (i, id) in ids.iter().enumerate() {
        let radio = tag(&radios, id);
        assert_eq!(attr(radio, "type").as_deref(), Some("radio"));
        assert_eq!(attr(radio, "name").as_deref(), Some("tt-rating-speed"), "one group");
        assert_eq!(attr(radio, "value"), Some((i + 1).to_string()));
        let label = &radios[radios.find(&format!("for=\"{id}\"")).expect("each radio has its label")..];
        assert!(label[..label.find("</label>").unwrap()].ends_with(&format!(">Mức {}", i + 1)));
    }
    assert!(tag(&radios, "tt-rating-speed-4").contains("checked"));
    assert!(!tag(&radios, "tt-rating-speed-3").contains("checked"));
}

#[test]
fn the_alert_and_the_error_summary_can_take_focus_and_link_to_fields() {
    let alert = render::<Alert>(|| AlertProps { message: "Chưa gửi được.".into(), id: super::ALERT_ID.into() });
    let div = tag(&alert, ALERT_ID);
    assert_eq!(attr(div, "role").as_deref(), Some("alert"));
    assert_eq!(attr(div, "tabindex").as_deref(), Some("-1"));

    let summary = render::<ErrorSummary>(|| {
        let mut errors = FieldErrors::default();
        errors.add(Field::Title, KEY);
        ErrorSummaryProps { errors, lang: Lang::Vi, id: super::ERROR_SUMMARY_ID.into(), level: 2 }
    });
    let div = tag(&summary, ERROR_SUMMARY_ID);
    assert_eq!(attr(div, "tabindex").as_deref(), Some("-1"));
    assert_eq!(attr(div, "aria-labelledby").as_deref(), Some("tt-error-summary-title"));
    let link = format!("<a href=\"#{}\">{}</a>", field_id(Field::Title), KEY.text(Lang::Vi));
    assert!(summary.contains(&link), "{summary}");
}
