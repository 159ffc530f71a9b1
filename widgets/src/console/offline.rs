//! Recording a question received by letter, phone, email or in person: the same form and rules as the web
//! form plus the channel and the day received, then a receipt with the tracking code and PIN laid out to be
//! printed (the print stylesheet keeps only the receipt) or read out.

use std::rc::Rc;

use domain::staff::OfflineQuestion;
use domain::{AgencyPublic, Channel, Date, Field, FieldErrors, NewQuestion, QuestionReceipt};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::api::{self, Reply, encode};
use super::i18n::{channel, texts};
use super::{Link, Route, Shell, TITLE_ID, say};
use crate::ui::i18n::day_of;
use crate::ui::{
    ALERT_ID, Alert, Checkbox, ERROR_SUMMARY_ID, ErrorSummary, FocusRequest, Receipt, Select, TextArea, TextField,
    field_id, revalidate, use_focus_after_render,
};

const RECEIPT_TITLE_ID: &str = "receipt-title";
const CHANNELS: [Channel; 4] = [Channel::Letter, Channel::Phone, Channel::Email, Channel::InPerson];

#[derive(Properties, PartialEq)]
pub struct RecordOfflineProps {
    pub shell: Shell,
}

#[derive(Clone, PartialEq)]
struct RecordState {
    draft: OfflineQuestion,
    errors: FieldErrors,
    agency: Option<Rc<AgencyPublic>>,
    sending: bool,
    problem: Option<AttrValue>,
    receipt: Option<Rc<QuestionReceipt>>,
    focus: FocusRequest,
}

enum Action {
    Edit(Field, String),
    Consent(bool),
    Revalidate(Field),
    Agency(AgencyPublic),
    Invalid(FieldErrors),
    Sending,
    Recorded(QuestionReceipt),
    Failed(AttrValue),
    Again,
}

fn blank(lang: domain::Lang) -> OfflineQuestion {
    OfflineQuestion {
        channel: Channel::Letter,
        received_on: None,
        question: NewQuestion { lang, ..NewQuestion::default() },
    }
}

/// Today in Vietnam, as the server counts it.
fn today() -> Date {
    let now = String::from(js_sys::Date::new_0().to_iso_string());
    Date::in_vietnam_at(&now).unwrap_or_else(|| Date::parse("2026-01-01").expect("a date"))
}

impl RecordState {
    fn check(&self) -> Result<(), FieldErrors> {
        let topics = self.agency.as_ref().map(|a| a.topics.as_slice()).unwrap_or_default();
        self.draft.validate(topics, today()).map(|_| ())
    }
}

impl Reducible for RecordState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(field, value) => {
                let q = &mut next.draft.question;
                match field {
                    Field::Channel => next.draft.channel = Channel::parse(&value).unwrap_or(Channel::Letter),
                    Field::ReceivedOn => next.draft.received_on = Some(value),
                    Field::Title => q.title = value,
                    Field::Body => q.body = value,
                    Field::Topic => q.topic = (!value.is_empty()).then_some(value),
                    Field::Name => q.name = value,
                    Field::Email => q.email = value,
                    Field::Phone => q.phone = value,
                    _ => return self,
                }
            }
            Action::Consent(on) => next.draft.question.consent = on,
            Action::Revalidate(field) => {
                let keys = next.check().err().map(|e| e.get(field).to_vec()).unwrap_or_default();
                if !revalidate(&mut next.errors, field, || keys) {
                    return self;
                }
            }
            Action::Agency(agency) => next.agency = Some(Rc::new(agency)),
            Action::Invalid(errors) => {
                next.sending = false;
                next.errors = errors;
                next.focus.to(ERROR_SUMMARY_ID);
            }
            Action::Sending => {
                next.sending = true;
                next.problem = None;
            }
            Action::Recorded(receipt) => {
                next.sending = false;
                next.receipt = Some(Rc::new(receipt));
                next.errors = FieldErrors::default();
                next.focus.to(RECEIPT_TITLE_ID);
            }
            Action::Failed(problem) => {
                next.sending = false;
                next.problem = Some(problem);
                next.focus.to(ALERT_ID);
            }
            Action::Again => {
                next.receipt = None;
                next.draft = blank(next.draft.question.lang);
                next.focus.to(TITLE_ID);
            }
        }
        Rc::new(next)
    }
}

#[component]
pub fn RecordOffline(props: &RecordOfflineProps) -> Html {
    let shell = props.shell.clone();
    let lang = shell.lang;
    let t = texts(lang);
    let state = use_reducer(|| RecordState {
        draft: blank(lang),
        errors: FieldErrors::default(),
        agency: None,
        sending: false,
        problem: None,
        receipt: None,
        focus: FocusRequest::default(),
    });
    let base = use_focus_after_render(state.focus.clone());
    {
        let (state, shell) = (state.clone(), shell.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                let path = format!("/api/v1/agencies/{}", encode(&shell.me.agency));
                if let Reply::Ok(agency) = api::get::<AgencyPublic>(&path).await {
                    state.dispatch(Action::Agency(agency));
                }
            });
        });
    }
    let edit = |field: Field| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(Action::Edit(field, value)))
    };
    let blur = |field: Field| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Revalidate(field)))
    };

    if let Some(receipt) = &state.receipt {
        let print = Callback::from(|_: MouseEvent| {
            if let Some(window) = web_sys::window() {
                let _ = window.print();
            }
        });
        let again = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::Again))
        };
        let q = &state.draft.question;
        return html! {
            <div ref={base}>
                <h1 id={TITLE_ID} tabindex="-1" class="console-no-print">{ t.record_title }</h1>
                <section class="console-section console-receipt" aria-labelledby={RECEIPT_TITLE_ID}>
                    <h2 id={RECEIPT_TITLE_ID} tabindex="-1">{ t.receipt_title }</h2>
                    <p>{ t.receipt_intro }</p>
                    <p><strong>{ state.agency.as_ref().map(|a| a.name.clone()).unwrap_or_default() }</strong></p>
                    <Receipt tracking_code={receipt.tracking_code.clone()} pin={receipt.pin.clone()} {lang} />
                    <dl class="console-facts">
                        <div><dt>{ t.title }</dt><dd>{ &q.title }</dd></div>
                        <div><dt>{ t.channel }</dt><dd>{ channel(state.draft.channel, lang) }</dd></div>
                        <div><dt>{ t.received }</dt><dd>{ day_of(&receipt.created_at, lang) }</dd></div>
                    </dl>
                </section>
                <div class="console-actions console-no-print">
                    <button type="button" class="tt-button" onclick={print}>{ t.print }</button>
                    <Link route={Route::Question(receipt.tracking_code.clone())} navigate={shell.navigate.clone()}>{ t.open_question }</Link>
                    <button type="button" class="tt-button tt-button--secondary" onclick={again}>{ t.record_another }</button>
                </div>
            </div>
        };
    }

    let onsubmit = {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.sending {
                return;
            }
            if let Err(errors) = state.check() {
                say(crate::ui::i18n::texts(lang).errors_announcement, lang);
                state.dispatch(Action::Invalid(errors));
                return;
            }
            let mut offline = state.draft.clone();
            offline.received_on = offline.received_on.filter(|d| !d.trim().is_empty());
            state.dispatch(Action::Sending);
            say(t.recording, lang);
            let (state, shell) = (state.clone(), shell.clone());
            spawn_local(async move {
                match api::write::<_, QuestionReceipt>("POST", "/api/v1/staff/questions", &offline).await {
                    Reply::Ok(receipt) => {
                        say(t.receipt_title, lang);
                        state.dispatch(Action::Recorded(receipt));
                    }
                    Reply::Invalid(errors) => state.dispatch(Action::Invalid(errors)),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(Action::Failed(problem));
                        }
                    }
                }
            });
        })
    };
    let errors = &state.errors;
    let err = |field: Field| errors.get(field).to_vec();
    let channels: Vec<(AttrValue, AttrValue)> =
        CHANNELS.iter().map(|c| (AttrValue::from(c.as_str()), AttrValue::from(channel(*c, lang)))).collect();
    let topics: Vec<(AttrValue, AttrValue)> = state
        .agency
        .iter()
        .flat_map(|a| a.topics.iter().map(|topic| (topic.slug.clone().into(), topic.name(lang).to_owned().into())))
        .collect();
    let has_topics = !topics.is_empty();
    let q = &state.draft.question;
    let hint = |text: &'static str| Some(AttrValue::from(text));
    let consent = {
        let state = state.clone();
        Callback::from(move |on| state.dispatch(Action::Consent(on)))
    };
    html! {
        <div ref={base}>
            <h1 id={TITLE_ID} tabindex="-1">{ t.record_title }</h1>
            <p>{ t.record_intro }</p>
            if let Some(problem) = &state.problem { <Alert message={problem.clone()} /> }
            <ErrorSummary errors={errors.clone()} {lang} />
            <form class="tt-form console-section" {onsubmit} novalidate=true>
                <Select id={field_id(Field::Channel)} label={t.channel} {lang} placeholder={t.channel} options={channels}
                    value={Some(AttrValue::from(state.draft.channel.as_str()))} errors={err(Field::Channel)}
                    onchange={edit(Field::Channel)} />
                <TextField id={field_id(Field::ReceivedOn)} label={t.received_on} hint={hint(t.received_on_hint)} {lang}
                    kind="date" value={state.draft.received_on.clone().unwrap_or_default()} errors={err(Field::ReceivedOn)}
                    autocomplete={Some(AttrValue::from("off"))} oninput={edit(Field::ReceivedOn)} onblur={blur(Field::ReceivedOn)} />
                <TextField id={field_id(Field::Title)} label={t.title} {lang} value={q.title.clone()}
                    errors={err(Field::Title)} oninput={edit(Field::Title)} onblur={blur(Field::Title)} />
                <TextArea id={field_id(Field::Body)} label={t.body} {lang} value={q.body.clone()}
                    max_chars={Some(domain::question::BODY_MAX)} errors={err(Field::Body)}
                    oninput={edit(Field::Body)} onblur={blur(Field::Body)} />
                if has_topics {
                    <Select id={field_id(Field::Topic)} label={t.topic} {lang} placeholder={t.choose_topic} options={topics}
                        value={q.topic.clone().map(AttrValue::from)} errors={err(Field::Topic)}
                        onchange={edit(Field::Topic)} onblur={blur(Field::Topic)} />
                }
                <fieldset class="tt-fieldset">
                    <legend class="tt-legend">{ t.contact }</legend>
                    <TextField id={field_id(Field::Name)} label={t.name} {lang} value={q.name.clone()}
                        autocomplete={Some(AttrValue::from("off"))} errors={err(Field::Name)}
                        oninput={edit(Field::Name)} onblur={blur(Field::Name)} />
                    <TextField id={field_id(Field::Email)} label={t.email} {lang} kind="email" value={q.email.clone()}
                        autocomplete={Some(AttrValue::from("off"))} errors={err(Field::Email)}
                        oninput={edit(Field::Email)} onblur={blur(Field::Email)} />
                    <TextField id={field_id(Field::Phone)} label={t.phone} {lang} kind="tel" value={q.phone.clone()}
                        autocomplete={Some(AttrValue::from("off"))} errors={err(Field::Phone)}
                        oninput={edit(Field::Phone)} onblur={blur(Field::Phone)} />
                    <Checkbox id={field_id(Field::Consent)} label={t.consent} hint={hint(t.consent_hint)} {lang}
                        checked={q.consent} errors={err(Field::Consent)} onchange={consent} />
                </fieldset>
                <div><button type="submit" class="tt-button" aria-disabled={state.sending.then_some("true")}>
                    { if state.sending { t.recording } else { t.record } }
                </button></div>
            </form>
        </div>
    }
}
