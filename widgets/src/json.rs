//! JSON through the browser's own `JSON.parse`/`JSON.stringify`. serde_json would add its parser, its float
//! formatting and its error machinery to every citizen's download; the engine already has all of that.
//! The shapes are the domain crate's types, whose serde names the server uses; a test in `domain` keeps the
//! field names in step.

use domain::tracker::AgencyRef;
use domain::{
    AgencyPublic, Field, FieldErrors, LookupRequest, MessageKey, NewQuestion, QuestionReceipt, QuestionStatus, TimelineStep,
    Topic, TrackedQuestion,
};
use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::JsValue;

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string(object: &JsValue, key: &str) -> Option<String> {
    get(object, key).as_string()
}

/// The array at `key`, or an empty one: `Array.from(undefined)` would throw.
fn array(object: &JsValue, key: &str) -> Array {
    let value = get(object, key);
    if Array::is_array(&value) { Array::from(&value) } else { Array::new() }
}

fn status(object: &JsValue) -> Option<QuestionStatus> {
    QuestionStatus::parse(&string(object, "status")?)
}

fn stringify(object: &Object) -> String {
    JSON::stringify(object).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

fn set(object: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value);
}

fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok().filter(JsValue::is_object)
}

pub fn agency(text: &str) -> Option<AgencyPublic> {
    let value = parse(text)?;
    let topics = array(&value, "topics")
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
        status: status(&value)?,
        created_at: string(&value, "created_at")?,
    })
}

/// The `errors` map of a 422: field → message keys. Unknown fields or keys are left out.
pub fn field_errors(text: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let Some(map) = parse(text).map(|v| get(&v, "errors")).filter(JsValue::is_object) else { return errors };
    for &field in Field::ALL {
        for key in array(&map, field.as_str()).iter() {
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
    stringify(&object)
}

/// The `code` of an error answer (`{"error":{"code":…}}`), to tell apart answers that share a status.
pub fn error_code(text: &str) -> Option<String> {
    string(&get(&parse(text)?, "error"), "code")
}

pub fn lookup_request(lookup: &LookupRequest) -> String {
    let object = Object::new();
    set(&object, "tracking_code", JsValue::from_str(&lookup.tracking_code));
    set(&object, "pin", JsValue::from_str(&lookup.pin));
    set(&object, "lang", JsValue::from_str(lookup.lang.as_str()));
    stringify(&object)
}

pub fn tracked_question(text: &str) -> Option<TrackedQuestion> {
    let value = parse(text)?;
    let timeline = array(&value, "timeline")
        .iter()
        .filter_map(|step| {
            Some(TimelineStep { status: status(&step)?, at: string(&step, "at")?, public_note: string(&step, "public_note") })
        })
        .collect();
    let transferred_to = Some(get(&value, "transferred_to"))
        .filter(JsValue::is_object)
        .and_then(|to| Some(AgencyRef { slug: string(&to, "slug")?, name: string(&to, "name")? }));
    Some(TrackedQuestion {
        tracking_code: string(&value, "tracking_code")?,
        title: string(&value, "title")?,
        body: string(&value, "body").unwrap_or_default(),
        topic: string(&value, "topic"),
        status: status(&value)?,
        created_at: string(&value, "created_at")?,
        due_date: string(&value, "due_date").unwrap_or_default(),
        overdue: get(&value, "overdue").as_bool().unwrap_or(false),
        timeline,
        answer: string(&value, "answer"),
        answered_at: string(&value, "answered_at"),
        duplicate_of: string(&value, "duplicate_of"),
        transferred_to,
        published: get(&value, "published").as_bool().unwrap_or(false),
    })
}

/// Tracking codes kept on this device: an array of strings, whatever else was stored.
pub fn codes(text: &str) -> Vec<String> {
    let Ok(value) = JSON::parse(text) else { return Vec::new() };
    if !Array::is_array(&value) {
        return Vec::new();
    }
    Array::from(&value).iter().filter_map(|v| v.as_string()).collect()
}

pub fn codes_to_string(codes: &[String]) -> String {
    let array: Array = codes.iter().map(|c| JsValue::from_str(c)).collect();
    JSON::stringify(&array).ok().and_then(|s| s.as_string()).unwrap_or_default()
}
