//! JSON through the browser's own `JSON.parse`/`JSON.stringify`. serde_json would add its parser, its float
//! formatting and its error machinery to every citizen's download, and serde-wasm-bindgen about 17 KB
//! (brotli) of derived code (measured: see ARCHITECTURE.md); the engine already has all of that.
//!
//! The shapes are the domain crate's types, whose serde names the server writes. The mapping is written over
//! [`Json`], so the native tests run it on serde_json's values: every wire type is decoded from the server's
//! real answers (`tests/browser/wire.json`, which `wire.test.mjs` keeps true to the server) and must serialise
//! back to them, and encoding must give what the domain's serde derives give. A missing, renamed or
//! mistyped key is an error, never a default; `null` is `None` where the domain type has an `Option`.

use domain::archive::{ArchivePage, ArchivedQuestion, FollowReceipt, FollowRequest, SameQuestionReceipt};
use domain::consultation::{
    ArticleCounts, Attachment, CommentPage, CommentReceipt, CommentResponse, CommentStatus, CommenterKind,
    ConsultationList, ConsultationState, ConsultationSummary, DocumentType, NewComment, Outcome, OwnComment,
    PublicComment, PublicConsultation, PublicNote, Stance,
};
use domain::draft::{Article, Clause, Draft, Heading, HeadingLevel, Point};
use domain::rating::{CriterionSummary, Figures, HelpfulCounts, Period, PublishedComment, Share};
use domain::tracker::AgencyRef;
use domain::{
    AgencyPublic, ContactHeld, Field, FieldErrors, LookupRequest, MessageKey, NewQuestion, QuestionReceipt,
    QuestionStatus, TimelineStep, Topic, TrackedQuestion,
};
use domain::{Criterion, NewRating, RatingReceipt, RatingScope, RatingSummary};
use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A parsed JSON value, as far as the mapping needs one: the browser's (`JsValue`) in the widgets,
/// serde_json's in the native tests.
pub trait Json: Sized {
    /// The member `key` of an object; `None` when it is missing, or this is not an object.
    fn member(&self, key: &str) -> Option<Self>;
    fn as_text(&self) -> Option<String>;
    fn as_flag(&self) -> Option<bool>;
    fn as_number(&self) -> Option<f64>;
    fn items(&self) -> Option<Vec<Self>>;
    fn keys(&self) -> Option<Vec<String>>;
    fn is_null(&self) -> bool;
    fn object(members: Vec<(&str, Self)>) -> Self;
    fn text(text: &str) -> Self;
    fn flag(flag: bool) -> Self;
    fn number(number: f64) -> Self;
    fn null() -> Self;
}

fn text<J: Json>(value: &J, key: &str) -> Option<String> {
    value.member(key)?.as_text()
}

fn flag<J: Json>(value: &J, key: &str) -> Option<bool> {
    value.member(key)?.as_flag()
}

/// A member that must be there, and may be `null`.
fn optional<J: Json, T>(value: &J, key: &str, read: impl Fn(&J) -> Option<T>) -> Option<Option<T>> {
    let member = value.member(key)?;
    if member.is_null() { Some(None) } else { read(&member).map(Some) }
}

fn optional_text<J: Json>(value: &J, key: &str) -> Option<Option<String>> {
    optional(value, key, J::as_text)
}

/// An array member whose every item reads. A loop rather than `collect` into an `Option`: the adapter that
/// collect uses is instantiated for every item type, and weighed 1.7 KB brotli more in the wasm.
fn list<J: Json, T>(value: &J, key: &str, read: impl Fn(&J) -> Option<T>) -> Option<Vec<T>> {
    let items = value.member(key)?.items()?;
    let mut list = Vec::with_capacity(items.len());
    for item in &items {
        list.push(read(item)?);
    }
    Some(list)
}

/// A whole number from 0 up: a count.
fn count<J: Json>(value: &J) -> Option<u32> {
    let number = value.as_number()?;
    (number >= 0.0 && number <= f64::from(u32::MAX) && number.fract() == 0.0).then_some(number as u32)
}

fn status<J: Json>(value: &J) -> Option<QuestionStatus> {
    QuestionStatus::parse(&text(value, "status")?)
}

pub fn agency<J: Json>(value: &J) -> Option<AgencyPublic> {
    let topic =
        |t: &J| Some(Topic { slug: text(t, "slug")?, name_vi: text(t, "name_vi")?, name_en: text(t, "name_en")? });
    Some(AgencyPublic { slug: text(value, "slug")?, name: text(value, "name")?, topics: list(value, "topics", topic)? })
}

pub fn receipt<J: Json>(value: &J) -> Option<QuestionReceipt> {
    Some(QuestionReceipt {
        tracking_code: text(value, "tracking_code")?,
        pin: text(value, "pin")?,
        status: status(value)?,
        created_at: text(value, "created_at")?,
    })
}

/// The `errors` map of a 422: field → message keys. A field or key this widget does not know is an error.
pub fn field_errors<J: Json>(value: &J) -> Option<FieldErrors> {
    let map = value.member("errors")?;
    let mut errors = FieldErrors::default();
    for name in map.keys()? {
        let field = Field::parse(&name)?;
        for key in map.member(&name)?.items()? {
            errors.add(field, MessageKey::parse(&key.as_text()?)?);
        }
    }
    Some(errors)
}

/// The `code` of an error answer (`{"error":{"code":…}}`), to tell apart answers that share a status.
pub fn error_code<J: Json>(value: &J) -> Option<String> {
    text(&value.member("error")?, "code")
}

pub fn tracked_question<J: Json>(value: &J) -> Option<TrackedQuestion> {
    let step = |step: &J| {
        let public_note = optional_text(step, "public_note")?;
        Some(TimelineStep { status: status(step)?, at: text(step, "at")?, public_note })
    };
    let agency = |to: &J| Some(AgencyRef { slug: text(to, "slug")?, name: text(to, "name")? });
    let contact = contact_held(&value.member("contact")?)?;
    Some(TrackedQuestion {
        tracking_code: text(value, "tracking_code")?,
        title: text(value, "title")?,
        body: text(value, "body")?,
        topic: optional_text(value, "topic")?,
        status: status(value)?,
        created_at: text(value, "created_at")?,
        due_date: text(value, "due_date")?,
        overdue: flag(value, "overdue")?,
        timeline: list(value, "timeline", step)?,
        answer: optional_text(value, "answer")?,
        answered_at: optional_text(value, "answered_at")?,
        duplicate_of: optional_text(value, "duplicate_of")?,
        transferred_to: optional(value, "transferred_to", agency)?,
        published: flag(value, "published")?,
        contact,
    })
}

/// A count that may pass `u32` (a total, a +1 count).
fn big<J: Json>(value: &J, key: &str) -> Option<u64> {
    let number = value.member(key)?.as_number()?;
    ((0.0..9.0e15).contains(&number) && number.fract() == 0.0).then_some(number as u64)
}

pub fn archived_question<J: Json>(value: &J) -> Option<ArchivedQuestion> {
    Some(ArchivedQuestion {
        tracking_code: text(value, "tracking_code")?,
        title: text(value, "title")?,
        body: text(value, "body")?,
        topic: optional_text(value, "topic")?,
        status: status(value)?,
        asked_at: text(value, "asked_at")?,
        published_at: text(value, "published_at")?,
        answer: optional_text(value, "answer")?,
        answered_at: optional_text(value, "answered_at")?,
        due_date: text(value, "due_date")?,
        deadline_working_days: number(value, "deadline_working_days")?,
        answer_working_days: optional(value, "answer_working_days", count)?,
        answered_on_time: optional(value, "answered_on_time", J::as_flag)?,
        same_question_count: big(value, "same_question_count")?,
    })
}

pub fn archive_page<J: Json>(value: &J) -> Option<ArchivePage> {
    Some(ArchivePage {
        items: list(value, "items", archived_question)?,
        page: number(value, "page")?,
        per_page: number(value, "per_page")?,
        total: big(value, "total")?,
        next: optional_text(value, "next")?,
    })
}

pub fn same_question_receipt<J: Json>(value: &J) -> Option<SameQuestionReceipt> {
    Some(SameQuestionReceipt {
        same_question_count: big(value, "same_question_count")?,
        counted: flag(value, "counted")?,
    })
}

pub fn follow_receipt<J: Json>(value: &J) -> Option<FollowReceipt> {
    Some(FollowReceipt { following: flag(value, "following")? })
}

pub fn follow_request<J: Json>(follow: &FollowRequest) -> J {
    J::object(vec![
        ("email", J::text(&follow.email)),
        ("consent", J::flag(follow.consent)),
        ("lang", J::text(follow.lang.as_str())),
    ])
}

pub fn new_question<J: Json>(question: &NewQuestion) -> J {
    J::object(vec![
        ("title", J::text(&question.title)),
        ("body", J::text(&question.body)),
        ("topic", question.topic.as_deref().map_or_else(J::null, J::text)),
        ("name", J::text(&question.name)),
        ("email", J::text(&question.email)),
        ("phone", J::text(&question.phone)),
        ("consent", J::flag(question.consent)),
        ("lang", J::text(question.lang.as_str())),
        ("website", J::text(&question.website)),
    ])
}

pub fn new_rating<J: Json>(rating: &NewRating) -> J {
    let score = |score: Option<i64>| score.map_or_else(J::null, |s| J::number(s as f64));
    J::object(vec![
        (
            "scope",
            J::text(match rating.scope {
                RatingScope::Page => "page",
                RatingScope::Agency => "agency",
            }),
        ),
        ("page", J::text(&rating.page)),
        ("helpful", rating.helpful.map_or_else(J::null, J::flag)),
        ("interface", score(rating.interface)),
        ("content", score(rating.content)),
        ("quality", score(rating.quality)),
        ("support", score(rating.support)),
        ("comment", J::text(&rating.comment)),
        ("lang", J::text(rating.lang.as_str())),
        ("website", J::text(&rating.website)),
        ("rater", J::text(&rating.rater)),
    ])
}

pub fn rating_receipt<J: Json>(value: &J) -> Option<RatingReceipt> {
    Some(RatingReceipt { replaced: flag(value, "replaced")?, created_at: text(value, "created_at")? })
}

pub fn rating_summary<J: Json>(value: &J) -> Option<RatingSummary> {
    let share = |share: &J| {
        Some(Share {
            value: share.member("value")?.as_number()?,
            low: share.member("low")?.as_number()?,
            high: share.member("high")?.as_number()?,
        })
    };
    let figures = |figures: &J| {
        let distribution: Vec<u32> = list(figures, "distribution", count)?;
        Some(Figures {
            n: count(&figures.member("n")?)?,
            mean: optional(figures, "mean", J::as_number)?,
            distribution: distribution.try_into().ok()?,
            satisfied: optional(figures, "satisfied", share)?,
        })
    };
    let criterion = |item: &J| {
        Some(CriterionSummary {
            criterion: Criterion::parse(&text(item, "criterion")?)?,
            figures: optional(item, "figures", figures)?,
        })
    };
    let helpful =
        |counts: &J| Some(HelpfulCounts { yes: count(&counts.member("yes")?)?, no: count(&counts.member("no")?)? });
    let comment = |item: &J| {
        Some(PublishedComment {
            page: optional_text(item, "page")?,
            comment: text(item, "comment")?,
            day: text(item, "day")?,
        })
    };
    Some(RatingSummary {
        agency: text(value, "agency")?,
        page: optional_text(value, "page")?,
        period: Period::parse(&text(value, "period")?)?,
        generated_at: text(value, "generated_at")?,
        complete: flag(value, "complete")?,
        helpful: optional(value, "helpful", helpful)?,
        criteria: list(value, "criteria", criterion)?,
        comments: list(value, "comments", comment)?,
    })
}

pub fn lookup_request<J: Json>(lookup: &LookupRequest) -> J {
    J::object(vec![
        ("tracking_code", J::text(&lookup.tracking_code)),
        ("pin", J::text(&lookup.pin)),
        ("lang", J::text(lookup.lang.as_str())),
    ])
}

fn texts<J: Json>(value: &J, key: &str) -> Option<Vec<String>> {
    list(value, key, J::as_text)
}

fn number<J: Json>(value: &J, key: &str) -> Option<u32> {
    count(&value.member(key)?)
}

/// A member read as one of the domain's snake_case names with `parse`.
fn named<J: Json, T>(value: &J, key: &str, parse: fn(&str) -> Option<T>) -> Option<T> {
    parse(&text(value, key)?)
}

fn contact_held<J: Json>(contact: &J) -> Option<ContactHeld> {
    Some(ContactHeld {
        name: flag(contact, "name")?,
        email: flag(contact, "email")?,
        phone: flag(contact, "phone")?,
        erased_at: optional_text(contact, "erased_at")?,
    })
}

fn consultation_state(name: &str) -> Option<ConsultationState> {
    [
        ConsultationState::Upcoming,
        ConsultationState::Open,
        ConsultationState::Closed,
        ConsultationState::ReportPublished,
    ]
    .into_iter()
    .find(|state| state.as_str() == name)
}

fn heading_level(name: &str) -> Option<HeadingLevel> {
    match name {
        "part" => Some(HeadingLevel::Part),
        "chapter" => Some(HeadingLevel::Chapter),
        "section" => Some(HeadingLevel::Section),
        _ => None,
    }
}

fn draft<J: Json>(value: &J) -> Option<Draft> {
    let heading = |h: &J| {
        Some(Heading {
            level: named(h, "level", heading_level)?,
            label: text(h, "label")?,
            title: text(h, "title")?,
            first_article: number(h, "first_article")?,
        })
    };
    let point = |p: &J| Some(Point { letter: text(p, "letter")?, text: text(p, "text")? });
    let clause = |c: &J| {
        Some(Clause { number: number(c, "number")?, text: text(c, "text")?, points: list(c, "points", point)? })
    };
    let article = |a: &J| {
        Some(Article {
            number: number(a, "number")?,
            label: text(a, "label")?,
            title: text(a, "title")?,
            text: texts(a, "text")?,
            clauses: list(a, "clauses", clause)?,
        })
    };
    Some(Draft {
        preamble: texts(value, "preamble")?,
        headings: list(value, "headings", heading)?,
        articles: list(value, "articles", article)?,
    })
}

pub fn public_consultation<J: Json>(value: &J) -> Option<PublicConsultation> {
    let attachment = |a: &J| Some(Attachment { title: text(a, "title")?, url: text(a, "url")? });
    let note = |n: &J| Some(PublicNote { at: text(n, "at")?, text: text(n, "text")? });
    let counts = |c: &J| {
        Some(ArticleCounts {
            article: optional(c, "article", count)?,
            agree: number(c, "agree")?,
            disagree: number(c, "disagree")?,
            other: number(c, "other")?,
            published: number(c, "published")?,
        })
    };
    Some(PublicConsultation {
        slug: text(value, "slug")?,
        title: text(value, "title")?,
        summary: text(value, "summary")?,
        document_type: named(value, "document_type", DocumentType::parse)?,
        drafting_unit: text(value, "drafting_unit")?,
        opens_at: text(value, "opens_at")?,
        closes_at: text(value, "closes_at")?,
        state: named(value, "state", consultation_state)?,
        report_published_at: optional_text(value, "report_published_at")?,
        attachments: list(value, "attachments", attachment)?,
        notes: list(value, "notes", note)?,
        report_expected_by: optional_text(value, "report_expected_by")?,
        draft: draft(&value.member("draft")?)?,
        counts: list(value, "counts", counts)?,
    })
}

fn comment_response<J: Json>(value: &J) -> Option<CommentResponse> {
    Some(CommentResponse {
        outcome: named(value, "outcome", Outcome::parse)?,
        explanation: text(value, "explanation")?,
    })
}

pub fn comment_page<J: Json>(value: &J) -> Option<CommentPage> {
    let comment = |c: &J| {
        Some(PublicComment {
            id: c.member("id")?.as_number().filter(|n| n.fract() == 0.0)? as i64,
            article: optional(c, "article", count)?,
            clause: optional(c, "clause", count)?,
            stance: named(c, "stance", Stance::parse)?,
            body: text(c, "body")?,
            commenter: named(c, "commenter", CommenterKind::parse)?,
            name: optional_text(c, "name")?,
            created_on: text(c, "created_on")?,
            group_size: number(c, "group_size")?,
            response: optional(c, "response", comment_response)?,
        })
    };
    Some(CommentPage {
        comments: list(value, "comments", comment)?,
        page: number(value, "page")?,
        per_page: number(value, "per_page")?,
        total: number(value, "total")?,
    })
}

pub fn comment_receipt<J: Json>(value: &J) -> Option<CommentReceipt> {
    Some(CommentReceipt {
        tracking_code: text(value, "tracking_code")?,
        pin: text(value, "pin")?,
        consultation: text(value, "consultation")?,
        article: optional(value, "article", count)?,
    })
}

fn consultation_summary<J: Json>(summary: &J) -> Option<ConsultationSummary> {
    Some(ConsultationSummary {
        slug: text(summary, "slug")?,
        title: text(summary, "title")?,
        summary: text(summary, "summary")?,
        document_type: named(summary, "document_type", DocumentType::parse)?,
        drafting_unit: text(summary, "drafting_unit")?,
        opens_at: text(summary, "opens_at")?,
        closes_at: text(summary, "closes_at")?,
        state: named(summary, "state", consultation_state)?,
        report_published_at: optional_text(summary, "report_published_at")?,
    })
}

pub fn consultation_list<J: Json>(value: &J) -> Option<ConsultationList> {
    Some(ConsultationList { consultations: list(value, "consultations", consultation_summary)? })
}

pub fn own_comment<J: Json>(value: &J) -> Option<OwnComment> {
    let consultation = consultation_summary(&value.member("consultation")?)?;
    Some(OwnComment {
        tracking_code: text(value, "tracking_code")?,
        consultation,
        article: optional(value, "article", count)?,
        clause: optional(value, "clause", count)?,
        stance: named(value, "stance", Stance::parse)?,
        body: text(value, "body")?,
        status: named(value, "status", CommentStatus::parse)?,
        hidden_reason: optional_text(value, "hidden_reason")?,
        submitted_on: text(value, "submitted_on")?,
        response: optional(value, "response", comment_response)?,
        contact: contact_held(&value.member("contact")?)?,
    })
}

pub fn new_comment<J: Json>(comment: &NewComment) -> J {
    let number = |n: Option<u32>| n.map_or_else(J::null, |n| J::number(f64::from(n)));
    J::object(vec![
        ("article", number(comment.article)),
        ("clause", number(comment.clause)),
        ("stance", comment.stance.map_or_else(J::null, |s| J::text(s.as_str()))),
        ("body", J::text(&comment.body)),
        ("commenter", J::text(comment.commenter.as_str())),
        ("name", J::text(&comment.name)),
        ("publish_name", J::flag(comment.publish_name)),
        ("email", J::text(&comment.email)),
        ("consent", J::flag(comment.consent)),
        ("lang", J::text(comment.lang.as_str())),
        ("website", J::text(&comment.website)),
    ])
}

/// Tracking codes kept on this device: the strings of an array, whatever else was stored (storage is the
/// device's, not the server's wire).
pub fn codes<J: Json>(value: &J) -> Vec<String> {
    value.items().unwrap_or_default().iter().filter_map(J::as_text).collect()
}

/// Parses `text` with the browser's `JSON.parse` and reads it with `read`.
pub fn decode<T>(text: &str, read: fn(&JsValue) -> Option<T>) -> Option<T> {
    read(&JSON::parse(text).ok()?)
}

pub fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

pub fn codes_to_string(codes: &[String]) -> String {
    stringify(&codes.iter().map(|c| JsValue::from_str(c)).collect::<Array>())
}

impl Json for JsValue {
    fn member(&self, key: &str) -> Option<JsValue> {
        if !self.is_object() {
            return None;
        }
        Reflect::get(self, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined())
    }

    fn as_text(&self) -> Option<String> {
        self.as_string()
    }

    fn as_flag(&self) -> Option<bool> {
        self.as_bool()
    }

    fn as_number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn items(&self) -> Option<Vec<JsValue>> {
        Array::is_array(self).then(|| Array::from(self).iter().collect())
    }

    fn keys(&self) -> Option<Vec<String>> {
        let object = self.dyn_ref::<Object>().filter(|_| !Array::is_array(self))?;
        Some(Object::keys(object).iter().filter_map(|k| k.as_string()).collect())
    }

    fn is_null(&self) -> bool {
        JsValue::is_null(self)
    }

    fn object(members: Vec<(&str, JsValue)>) -> JsValue {
        let object = Object::new();
        for (key, value) in members {
            let _ = Reflect::set(&object, &JsValue::from_str(key), &value);
        }
        object.into()
    }

    fn text(text: &str) -> JsValue {
        JsValue::from_str(text)
    }

    fn flag(flag: bool) -> JsValue {
        JsValue::from_bool(flag)
    }

    fn number(number: f64) -> JsValue {
        JsValue::from_f64(number)
    }

    fn null() -> JsValue {
        JsValue::NULL
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::*;

    impl Json for Value {
        fn member(&self, key: &str) -> Option<Value> {
            self.as_object()?.get(key).cloned()
        }
        fn as_text(&self) -> Option<String> {
            self.as_str().map(str::to_owned)
        }
        fn as_flag(&self) -> Option<bool> {
            self.as_bool()
        }
        fn as_number(&self) -> Option<f64> {
            self.as_f64()
        }
        fn items(&self) -> Option<Vec<Value>> {
            self.as_array().cloned()
        }
        fn keys(&self) -> Option<Vec<String>> {
            Some(self.as_object()?.keys().cloned().collect())
        }
        fn is_null(&self) -> bool {
            Value::is_null(self)
        }
        fn object(members: Vec<(&str, Value)>) -> Value {
            Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>())
        }
        fn text(text: &str) -> Value {
            Value::from(text)
        }
        fn flag(flag: bool) -> Value {
            Value::from(flag)
        }
        // As serde writes them: whole numbers without a fraction.
        fn number(number: f64) -> Value {
            if number.fract() == 0.0 { Value::from(number as i64) } else { Value::from(number) }
        }
        fn null() -> Value {
            Value::Null
        }
    }

    /// The server's real answers, as `tests/browser/wire.test.mjs` checks them against a running server.
    fn wire(name: &str) -> Value {
        let all: Value = serde_json::from_str(include_str!("../../tests/browser/wire.json")).unwrap();
        all.get(name).unwrap_or_else(|| panic!("wire.json has no {name}")).clone()
    }

    /// Decodes `answer` and checks that the domain type serialises back to exactly it: every key read, none
    /// renamed. Then checks that without any one of its keys, at any depth, it does not decode.
    fn check<T: serde::Serialize>(answer: &Value, read: fn(&Value) -> Option<T>) {
        let decoded = read(answer).unwrap_or_else(|| panic!("does not decode: {answer}"));
        assert_eq!(as_floats(serde_json::to_value(&decoded).unwrap()), as_floats(answer.clone()));
        for (path, without) in each_without_one_key(answer) {
            assert!(read(&without).is_none(), "decodes without {path}: {without}");
        }
    }

    /// Every number as a float: JSON has one kind of number, and `4.0` written by serde is `4` once a
    /// browser has read and written it.
    fn as_floats(value: Value) -> Value {
        match value {
            Value::Number(n) => n.as_f64().map_or(Value::Number(n), |f| json!(f)),
            Value::Array(items) => Value::Array(items.into_iter().map(as_floats).collect()),
            Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, as_floats(v))).collect()),
            other => other,
        }
    }

    fn each_without_one_key(value: &Value) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        match value {
            Value::Object(map) => {
                for (key, member) in map {
                    let mut without = map.clone();
                    without.remove(key);
                    out.push((key.clone(), Value::Object(without)));
                    for (path, inner) in each_without_one_key(member) {
                        let mut changed = map.clone();
                        changed.insert(key.clone(), inner);
                        out.push((format!("{key}.{path}"), Value::Object(changed)));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    for (path, inner) in each_without_one_key(item) {
                        let mut changed = items.clone();
                        changed[i] = inner;
                        out.push((format!("[{i}].{path}"), Value::Array(changed)));
                    }
                }
            }
            _ => {}
        }
        out
    }

    #[test]
    fn every_answer_decodes_field_by_field_and_a_missing_key_is_an_error() {
        check(&wire("agency"), agency);
        check(&wire("receipt"), receipt);
        check(&wire("tracked"), tracked_question);
        check(&wire("tracked_received"), tracked_question);
    }

    #[test]
    fn null_is_none_where_the_domain_has_an_option_and_an_error_elsewhere() {
        let mut tracked = wire("tracked");
        for key in ["topic", "answer", "answered_at", "duplicate_of", "transferred_to"] {
            tracked[key] = Value::Null;
        }
        tracked["timeline"][0]["public_note"] = Value::Null;
        check(&tracked, tracked_question);
        tracked["transferred_to"] = json!({ "slug": "so-khac", "name": "Sở Khác" });
        tracked["duplicate_of"] = json!("K7M4Q-X9PRT");
        check(&tracked, tracked_question);
        for key in ["title", "status", "overdue", "timeline"] {
            let mut broken = wire("tracked");
            broken[key] = Value::Null;
            assert_eq!(tracked_question(&broken), None, "{key}: null");
        }
        let mut renamed = wire("receipt");
        renamed["status"] = json!("sent");
        assert_eq!(receipt(&renamed), None, "an unknown status");
    }

    #[test]
    fn field_errors_and_error_codes_are_read_from_the_servers_error_answers() {
        let invalid = wire("invalid");
        let errors = field_errors(&invalid).expect("a 422 decodes");
        assert_eq!(serde_json::to_value(&errors.errors).unwrap(), invalid["errors"]);
        assert!(!errors.is_empty());
        assert_eq!(error_code(&invalid).as_deref(), Some("validation"));
        assert_eq!(error_code(&wire("not_found")).as_deref(), Some("lookup_failed"));
        assert_eq!(error_code(&wire("locked")).as_deref(), Some("too_many_requests"));
        assert_eq!(error_code(&wire("unavailable")).as_deref(), Some("storage_unavailable"));
        assert_eq!(field_errors(&wire("not_found")), None, "no errors map");
        assert_eq!(field_errors(&json!({ "errors": { "titel": ["title.required"] } })), None, "a renamed field");
        assert_eq!(field_errors(&json!({ "errors": { "title": ["title.requird"] } })), None, "a renamed key");
        assert_eq!(error_code(&json!({ "code": "lookup_failed" })), None);
    }

    #[test]
    fn requests_are_written_as_the_domain_types_serialise() {
        let question = NewQuestion {
            title: "Tiêu đề".into(),
            body: "Nội dung".into(),
            topic: Some("giay-phep".into()),
            name: "Lan".into(),
            email: "lan@example.vn".into(),
            phone: "0912345678".into(),
            consent: true,
            lang: domain::Lang::En,
            website: String::new(),
        };
        assert_eq!(new_question::<Value>(&question), serde_json::to_value(&question).unwrap());
        let without_topic = NewQuestion { topic: None, ..question };
        assert_eq!(new_question::<Value>(&without_topic), serde_json::to_value(&without_topic).unwrap());
        let lookup =
            LookupRequest { tracking_code: "K7M4Q-X9PRT".into(), pin: "123456".into(), lang: domain::Lang::Vi };
        assert_eq!(lookup_request::<Value>(&lookup), serde_json::to_value(&lookup).unwrap());
        let rating = NewRating {
            scope: RatingScope::Page,
            page: "https://portal.example.gov.vn/thu-tuc".into(),
            helpful: Some(false),
            interface: Some(2),
            content: None,
            quality: Some(5),
            support: None,
            comment: "Khó tìm".into(),
            lang: domain::Lang::Vi,
            website: String::new(),
            rater: "0123456789abcdef0123456789abcdef".into(),
        };
        assert_eq!(new_rating::<Value>(&rating), serde_json::to_value(&rating).unwrap());
        let agency = NewRating { scope: RatingScope::Agency, helpful: None, ..rating };
        assert_eq!(new_rating::<Value>(&agency), serde_json::to_value(&agency).unwrap());
    }

    #[test]
    fn ratings_decode_field_by_field() {
        check(&wire("rating_receipt"), rating_receipt);
        check(&wire("rating_summary"), rating_summary);
        check(&wire("rating_summary_too_few"), rating_summary);
    }

    #[test]
    fn stored_codes_are_read_leniently() {
        assert_eq!(codes(&json!(["K7M4Q-X9PRT", 3, null])), vec!["K7M4Q-X9PRT".to_owned()]);
        assert_eq!(codes(&json!({ "codes": [] })), Vec::<String>::new());
    }

    /// A consultation as the server writes it, from the domain's own serde: every key is read, none renamed.
    fn sample_consultation() -> PublicConsultation {
        let clause = Clause {
            number: 1,
            text: "Quy chế này áp dụng với:".into(),
            points: vec![Point { letter: "a".into(), text: "Cơ quan nhà nước;".into() }],
        };
        PublicConsultation {
            slug: "du-thao-quy-che".into(),
            title: "Dự thảo Quy chế cung cấp thông tin".into(),
            summary: "Tóm tắt".into(),
            document_type: DocumentType::Decision,
            drafting_unit: "Văn phòng Sở".into(),
            opens_at: "2026-03-01T01:00:00Z".into(),
            closes_at: "2026-04-30T16:59:59Z".into(),
            state: ConsultationState::Open,
            report_published_at: None,
            attachments: vec![Attachment {
                title: "Tờ trình".into(),
                url: "https://example.gov.vn/to-trinh.pdf".into(),
            }],
            notes: vec![PublicNote { at: "2026-03-02T02:00:00Z".into(), text: "Gia hạn.".into() }],
            report_expected_by: Some("2026-05-30".into()),
            draft: Draft {
                preamble: vec!["Căn cứ Luật Tiếp cận thông tin;".into()],
                headings: vec![Heading {
                    level: HeadingLevel::Chapter,
                    label: "Chương I".into(),
                    title: "Quy định chung".into(),
                    first_article: 0,
                }],
                articles: vec![Article {
                    number: 1,
                    label: "Điều 1".into(),
                    title: "Phạm vi điều chỉnh".into(),
                    text: vec![],
                    clauses: vec![clause],
                }],
            },
            counts: vec![
                ArticleCounts { article: None, agree: 1, disagree: 0, other: 2, published: 1 },
                ArticleCounts { article: Some(1), agree: 0, disagree: 3, other: 0, published: 0 },
            ],
        }
    }

    fn sample_comment() -> PublicComment {
        PublicComment {
            id: 7,
            article: Some(1),
            clause: Some(1),
            stance: Stance::Disagree,
            body: "Nên bổ sung đơn vị sự nghiệp.".into(),
            commenter: CommenterKind::Organisation,
            name: Some("Hiệp hội Doanh nghiệp tỉnh".into()),
            created_on: "2026-03-05".into(),
            group_size: 3,
            response: Some(CommentResponse { outcome: Outcome::PartlyAccepted, explanation: "Đã bổ sung.".into() }),
        }
    }

    #[test]
    fn consultations_decode_field_by_field_and_a_missing_key_is_an_error() {
        check(&value(&sample_consultation()), public_consultation);
        let mut published = sample_consultation();
        published.state = ConsultationState::ReportPublished;
        published.report_published_at = Some("2026-05-20T03:00:00Z".into());
        published.report_expected_by = None;
        check(&value(&published), public_consultation);
        let individual = PublicComment {
            name: None,
            commenter: CommenterKind::Individual,
            response: None,
            clause: None,
            ..sample_comment()
        };
        let page = CommentPage { comments: vec![sample_comment(), individual], page: 1, per_page: 20, total: 2 };
        check(&value(&page), comment_page);
        let receipt = CommentReceipt {
            tracking_code: "K7M4Q-X9PRT".into(),
            pin: "123456".into(),
            consultation: "du-thao-quy-che".into(),
            article: None,
        };
        check(&value(&receipt), comment_receipt);
        let own = OwnComment {
            tracking_code: "K7M4Q-X9PRT".into(),
            consultation: sample_consultation().summary(),
            article: Some(1),
            clause: None,
            stance: Stance::Agree,
            body: "Đồng ý.".into(),
            status: CommentStatus::Hidden,
            hidden_reason: Some("Trùng lặp".into()),
            submitted_on: "2026-03-05".into(),
            response: None,
            contact: ContactHeld { name: true, email: false, phone: false, erased_at: None },
        };
        check(&value(&own), own_comment);
        let mut renamed = value(&sample_consultation());
        renamed["state"] = json!("opened");
        assert!(public_consultation(&renamed).is_none(), "an unknown state");
    }

    #[test]
    fn the_servers_consultation_answers_decode_field_by_field_and_a_missing_key_is_an_error() {
        check(&wire("consultation"), public_consultation);
        check(&wire("comment_receipt"), comment_receipt);
        check(&wire("comment_page_before_report"), comment_page);
        check(&wire("comment_page"), comment_page);
        check(&wire("own_comment"), own_comment);
        // The recorded answers hold what the widget shows: counts, a response only once the report is out.
        let consultation = public_consultation(&wire("consultation")).unwrap();
        assert!(consultation.counts.iter().any(|c| c.article == Some(1) && c.published == 1));
        assert!(consultation.draft.articles[0].clauses[0].points.len() > 1);
        let before = comment_page(&wire("comment_page_before_report")).unwrap();
        assert_eq!(before.comments[0].response, None, "no response before the report");
        let after = comment_page(&wire("comment_page")).unwrap();
        assert_eq!(after.comments[0].response.as_ref().map(|r| r.outcome), Some(Outcome::PartlyAccepted));
        let own = own_comment(&wire("own_comment")).unwrap();
        assert_eq!(own.tracking_code, comment_receipt(&wire("comment_receipt")).unwrap().tracking_code);
        assert_eq!(own.consultation.state, ConsultationState::ReportPublished);
        assert!(own.response.is_some());
        assert_eq!(error_code(&wire("consultation_not_open")).as_deref(), Some("consultation_not_open"));
        assert_eq!(field_errors(&wire("consultation_not_open")), None, "no errors map");
    }

    #[test]
    fn a_comment_is_written_as_the_domain_type_serialises() {
        let comment = NewComment {
            article: Some(3),
            clause: Some(2),
            stance: Some(Stance::Other),
            body: "Góp ý".into(),
            commenter: CommenterKind::Individual,
            name: "Lan".into(),
            publish_name: true,
            email: "lan@example.vn".into(),
            consent: true,
            lang: domain::Lang::En,
            website: String::new(),
        };
        assert_eq!(new_comment::<Value>(&comment), serde_json::to_value(&comment).unwrap());
        let general = NewComment { article: None, clause: None, stance: None, ..comment };
        assert_eq!(new_comment::<Value>(&general), serde_json::to_value(&general).unwrap());
    }

    fn sample_archived() -> ArchivedQuestion {
        ArchivedQuestion {
            tracking_code: "K7M4Q-X9PRT".into(),
            title: "Thủ tục cấp giấy phép".into(),
            body: "Hồ sơ gồm gì?".into(),
            topic: Some("giay-phep".into()),
            status: QuestionStatus::Answered,
            asked_at: "2026-03-02T03:00:00Z".into(),
            published_at: "2026-03-06T08:00:00Z".into(),
            answer: Some("Đơn và bản sao.".into()),
            answered_at: Some("2026-03-05T02:00:00Z".into()),
            due_date: "2026-03-16".into(),
            deadline_working_days: 10,
            answer_working_days: Some(3),
            answered_on_time: Some(true),
            same_question_count: 4,
        }
    }

    #[test]
    fn the_archive_decodes_field_by_field_and_a_missing_key_is_an_error() {
        let unanswered = ArchivedQuestion {
            topic: None,
            status: QuestionStatus::InProgress,
            answer: None,
            answered_at: None,
            answer_working_days: None,
            answered_on_time: None,
            ..sample_archived()
        };
        check(&value(&sample_archived()), archived_question);
        check(&value(&unanswered), archived_question);
        let page = ArchivePage {
            items: vec![sample_archived(), unanswered],
            page: 1,
            per_page: 20,
            total: 2,
            next: Some("/api/v1/agencies/demo/archive?page=2".into()),
        };
        check(&value(&page), archive_page);
        check(&value(&ArchivePage { next: None, items: vec![], ..page }), archive_page);
        check(&value(&SameQuestionReceipt { same_question_count: 5, counted: false }), same_question_receipt);
        check(&value(&FollowReceipt { following: true }), follow_receipt);
        let list = ConsultationList { consultations: vec![sample_consultation().summary()] };
        check(&value(&list), consultation_list);
        let mut broken = value(&sample_archived());
        broken["same_question_count"] = json!(-1);
        assert_eq!(archived_question(&broken), None, "a negative count");
    }

    #[test]
    fn the_servers_archive_answers_decode_field_by_field_and_a_missing_key_is_an_error() {
        check(&wire("archive_page"), archive_page);
        check(&wire("archived"), archived_question);
        check(&wire("same_question"), same_question_receipt);
        check(&wire("follow"), follow_receipt);
        check(&wire("consultation_list"), consultation_list);
        let page = archive_page(&wire("archive_page")).unwrap();
        assert!(page.items.iter().any(|q| q.answer.is_some()), "an answered question is recorded");
    }

    #[test]
    fn a_follow_is_written_as_the_domain_type_serialises() {
        let follow = FollowRequest { email: "lan@example.vn".into(), consent: true, lang: domain::Lang::En };
        assert_eq!(follow_request::<Value>(&follow), serde_json::to_value(&follow).unwrap());
    }

    /// A domain value as the server's serde writes it.
    fn value<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).unwrap()
    }
}
