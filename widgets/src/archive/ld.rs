//! The shown question's schema.org `QAPage` data, for search engines. It must be in the page's own document
//! to be read, so this is the widget's one write outside its shadow root besides the announcer (see
//! ARCHITECTURE.md, Invariants): one `<script type="application/ld+json">` in the head, a data block that the
//! browser never runs, so no Content-Security-Policy stands in its way.

use domain::archive::ArchivedQuestion;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

const ID: &str = "tuongtac-archive-ld";

fn object(members: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in members {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

/// Puts the data of `question`, found at `url`, in the head, replacing any earlier one.
pub fn show(question: &ArchivedQuestion, url: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let s = |text: &str| JsValue::from_str(text);
    let answers = Array::new();
    if let Some(answer) = &question.answer {
        let mut members = vec![("@type", s("Answer")), ("text", s(answer)), ("url", s(url))];
        if let Some(at) = &question.answered_at {
            members.push(("dateCreated", s(at)));
        }
        answers.push(&object(&members));
    }
    let mut main = vec![
        ("@type", s("Question")),
        ("name", s(&question.title)),
        ("text", s(&question.body)),
        ("dateCreated", s(&question.asked_at)),
        ("answerCount", JsValue::from(answers.length())),
    ];
    if answers.length() > 0 {
        main.push(("acceptedAnswer", answers.get(0)));
    }
    let data = object(&[
        ("@context", s("https://schema.org")),
        ("@type", s("QAPage")),
        ("url", s(url)),
        ("mainEntity", object(&main)),
    ]);
    // `<` escaped, so the text can never close the script element, even if the page is saved as HTML.
    let text = crate::json::stringify(&data).replace('<', "\\u003c");
    remove();
    let Ok(script) = document.create_element("script") else { return };
    script.set_id(ID);
    let _ = script.set_attribute("type", "application/ld+json");
    script.set_text_content(Some(&text));
    if let Ok(Some(head)) = document.query_selector("head") {
        let _ = head.append_child(&script);
    }
}

/// Takes the data away once the question is no longer shown.
pub fn remove() {
    if let Some(old) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(ID)) {
        old.remove();
    }
}
