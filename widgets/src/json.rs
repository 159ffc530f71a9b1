//! JSON through the browser's own `JSON.parse`/`JSON.stringify`. serde_json would add its parser, its float
//! formatting and its error machinery to every citizen's download; the engine already has all of that.
//! The shapes are the domain crate's types, whose serde names the server uses; a test in `domain` keeps the
//! field names in step.

use domain::{AgencyPublic, Field, FieldErrors, MessageKey, NewQuestion, QuestionReceipt, QuestionStatus, Topic};
use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::JsValue;

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string(object: &JsValue, key: &str) -> Option<String> {
    get(object, key).as_string()
}

fn set(object: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value);
}

fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok().filter(JsValue::is_object)
}

pub fn agency(text: &str) -> Option<AgencyPublic> {
    let value = parse(text)?;
    let topics = Array::from(&get(&value, "topics"))
        .iter()
        .filter_map(|t| Some(Topic { slug: string(&t, "slug")?, name_vi: string(&t, "name_vi")?, name_en: string(&t, "name_en")? }))
        .collect();
    Some(AgencyPublic { slug: string(&value, "slug")?, name: string(&value, "name")?, topics })
}

pub fn receipt(text: &str) -> Option<QuestionReceipt> {
    let value = parse(text)?;
    Some(QuestionReceipt {
        tracking_code: string(&value, "tracking_code")?,
        pin: string(&value, "pin")?,
        status: QuestionStatus::parse(&string(&value, "status")?)?,
        created_at: string(&value, "created_at")?,
    })
}

/// The `errors` map of a 422: field → message keys. Unknown fields or keys are left out.
pub fn field_errors(text: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let Some(map) = parse(text).map(|v| get(&v, "errors")).filter(JsValue::is_object) else { return errors };
    for field in Field::ALL {
        for key in Array::from(&get(&map, field.as_str())).iter() {
            if let Some(key) = key.as_string().as_deref().and_then(MessageKey::parse) {
                errors.add(field, key);
            }
        }
    }
    errors
}

pub fn new_question(question: &NewQuestion) -> String {
    let object = Object::new();
    for (key, value) in [
        ("title", &question.title),
        ("body", &question.body),
        ("name", &question.name),
        ("email", &question.email),
        ("phone", &question.phone),
        ("website", &question.website),
    ] {
        set(&object, key, JsValue::from_str(value));
    }
    set(&object, "topic", question.topic.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set(&object, "consent", JsValue::from_bool(question.consent));
    set(&object, "lang", JsValue::from_str(question.lang.as_str()));
    JSON::stringify(&object).ok().and_then(|s| s.as_string()).unwrap_or_default()
}
