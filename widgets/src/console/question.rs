//! One question: what the citizen wrote, their contact details (for the roles that may see them), the
//! timeline with internal notes; the moves the lifecycle table allows from here, each with what it needs; the
//! answer with a preview as the tracker shows it; publication and moderation. A conflict (someone else moved
//! it first) is explained and the screen shows the question as it now stands.

use std::rc::Rc;

use domain::lifecycle::ANSWER_MAX;
use domain::staff::{ModerationRequest, PublicationRequest, StaffQuestion, Unit};
use domain::text::normalise;
use domain::{AnswerRequest, Field, FieldErrors, Lang, QuestionStatus, Role, TransitionRequest};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::api::{self, Reply, encode};
use super::i18n::{channel, texts};
use super::{Link, Route, Shell, TITLE_ID, say};
use crate::ui::i18n::{date, day_of, text_lang};
use crate::ui::{
    ALERT_ID, Alert, ErrorSummary, FocusRequest, Select, TextArea, TextField, field_id, revalidate,
    use_focus_after_render,
};

const MOVE_SUMMARY: &str = "move-errors";
const ANSWER_SUMMARY: &str = "answer-errors";
const HIDE_SUMMARY: &str = "hide-errors";

#[derive(Properties, PartialEq)]
pub struct QuestionScreenProps {
    pub shell: Shell,
    pub code: AttrValue,
}

#[derive(Clone, PartialEq, Default)]
struct QuestionState {
    question: Option<Rc<StaffQuestion>>,
    units: Rc<Vec<Unit>>,
    /// Why the question cannot be shown or a write failed; it takes focus.
    problem: Option<AttrValue>,
    /// What the last write did, shown beside the screen's title.
    done: Option<AttrValue>,
    transition: TransitionRequest,
    move_errors: FieldErrors,
    answer: String,
    answer_errors: FieldErrors,
    reason: String,
    hide_errors: FieldErrors,
    busy: bool,
    focus: FocusRequest,
}

enum Action {
    Loaded(StaffQuestion),
    Units(Vec<Unit>),
    Edit(Field, String),
    Revalidate(Field),
    Invalid(&'static str, FieldErrors),
    Busy,
    /// A write succeeded: the question as it now stands, and what to say.
    Done(StaffQuestion, AttrValue),
    /// A write failed; `Some` question when it was reloaded after a conflict.
    Failed(AttrValue, Option<StaffQuestion>),
}

impl QuestionState {
    fn errors_mut(&mut self, field: Field) -> &mut FieldErrors {
        match field {
            Field::Answer => &mut self.answer_errors,
            Field::Reason => &mut self.hide_errors,
            _ => &mut self.move_errors,
        }
    }
}

impl Reducible for QuestionState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Loaded(question) => {
                next.answer = question.answer.clone().unwrap_or_default();
                next.question = Some(Rc::new(question));
            }
            Action::Units(units) => next.units = Rc::new(units),
            Action::Edit(field, value) => {
                let t = &mut next.transition;
                match field {
                    Field::To => {
                        t.to = QuestionStatus::parse(&value);
                        next.move_errors = FieldErrors::default();
                    }
                    Field::PublicNote => t.public_note = value,
                    Field::InternalNote => t.internal_note = value,
                    Field::Unit => t.unit = Some(value),
                    Field::DuplicateOf => t.duplicate_of = Some(value),
                    Field::TransferTo => t.transfer_to = Some(value),
                    Field::Answer => next.answer = value,
                    Field::Reason => next.reason = value,
                    _ => return self,
                }
            }
            Action::Revalidate(field) => {
                let now = match field {
                    Field::Answer => AnswerRequest { body: next.answer.clone() }.validate().err(),
                    Field::Reason => ModerationRequest { hidden: true, reason: next.reason.clone() }.validate().err(),
                    _ => next.transition.validate().err(),
                };
                let keys = now.map(|e| e.get(field).to_vec()).unwrap_or_default();
                if !revalidate(next.errors_mut(field), field, || keys) {
                    return self;
                }
            }
            Action::Invalid(summary, errors) => {
                next.busy = false;
                match summary {
                    ANSWER_SUMMARY => next.answer_errors = errors,
                    HIDE_SUMMARY => next.hide_errors = errors,
                    _ => next.move_errors = errors,
                }
                next.focus.to(summary);
            }
            Action::Busy => {
                next.busy = true;
                next.problem = None;
                next.done = None;
            }
            Action::Done(question, message) => {
                next.busy = false;
                next.transition = TransitionRequest::default();
                next.move_errors = FieldErrors::default();
                next.answer_errors = FieldErrors::default();
                next.hide_errors = FieldErrors::default();
                next.reason.clear();
                next.answer = question.answer.clone().unwrap_or_default();
                next.question = Some(Rc::new(question));
                next.done = Some(message);
                next.focus.to("question-done");
            }
            Action::Failed(problem, question) => {
                next.busy = false;
                if let Some(question) = question {
                    next.question = Some(Rc::new(question));
                    next.transition = TransitionRequest::default();
                }
                next.problem = Some(problem);
                next.focus.to(ALERT_ID);
            }
        }
        Rc::new(next)
    }
}

fn question_path(code: &str) -> String {
    format!("/api/v1/staff/questions/{}", encode(code))
}

#[component]
pub fn QuestionScreen(props: &QuestionScreenProps) -> Html {
    let state = use_reducer(QuestionState::default);
    let base = use_focus_after_render(state.focus.clone());
    let shell = props.shell.clone();
    let lang = shell.lang;
    let t = texts(lang);
    let code = props.code.clone();

    {
        let (state, shell) = (state.clone(), shell.clone());
        use_effect_with(code.clone(), move |code| {
            let code = code.clone();
            spawn_local(async move {
                match api::get::<StaffQuestion>(&question_path(&code)).await {
                    Reply::Ok(question) => state.dispatch(Action::Loaded(question)),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(Action::Failed(problem, None));
                        }
                    }
                }
                if let Reply::Ok(units) = api::get::<Vec<Unit>>("/api/v1/staff/units").await {
                    state.dispatch(Action::Units(units));
                }
            });
        });
    }

    // Sends a write and handles what every write can meet: a 422 goes to its form, a 409 reloads the question
    // and explains, a 401 ends the session.
    let send = {
        let (state, shell, code) = (state.clone(), shell.clone(), code.clone());
        move |summary: &'static str,
              run: Rc<dyn Fn() -> futures_reply::Pending>,
              done: AttrValue,
              conflict: &'static str| {
            let (state, shell, code) = (state.clone(), shell.clone(), code.clone());
            state.dispatch(Action::Busy);
            spawn_local(async move {
                match run().await {
                    Reply::Ok(question) => {
                        say(&done, shell.lang);
                        state.dispatch(Action::Done(question, done));
                    }
                    Reply::Invalid(errors) => state.dispatch(Action::Invalid(summary, errors)),
                    Reply::Conflict(_) => {
                        let now = match api::get::<StaffQuestion>(&question_path(&code)).await {
                            Reply::Ok(question) => Some(question),
                            _ => None,
                        };
                        state.dispatch(Action::Failed(conflict.into(), now));
                    }
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(Action::Failed(problem, None));
                        }
                    }
                }
            });
        }
    };

    let edit = |field: Field| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(Action::Edit(field, value)))
    };
    let blur = |field: Field| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Revalidate(field)))
    };

    let title =
        html! { <h1 id={TITLE_ID} tabindex="-1">{ t.question_title }{ " " }<span translate="no">{ &code }</span></h1> };
    let back = html! {
        <p><Link route={Route::Queue} navigate={shell.navigate.clone()}>{ t.back_to_queue }</Link></p>
    };
    let Some(question) = state.question.clone() else {
        // The same shape as the loaded screen, so that its heading, which has focus, stays the same element.
        let waiting = match &state.problem {
            Some(problem) => html! { <Alert message={problem.clone()} /> },
            None => html! { <p>{ t.loading }</p> },
        };
        return html! { <div ref={base} class="console-question">{ back }{ title }{ waiting }</div> };
    };
    let role = shell.me.role;

    let on_move = {
        let (state, send) = (state.clone(), send.clone());
        let code = code.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.busy {
                return;
            }
            let request = state.transition.clone();
            if let Err(errors) = request.validate() {
                say(crate::ui::i18n::texts(lang).errors_announcement, lang);
                state.dispatch(Action::Invalid(MOVE_SUMMARY, errors));
                return;
            }
            let label = request.to.map(|to| to.label(lang)).unwrap_or_default();
            let path = format!("{}/transitions", question_path(&code));
            let run: Rc<dyn Fn() -> futures_reply::Pending> = Rc::new(move || {
                let (path, request) = (path.clone(), request.clone());
                Box::pin(async move { api::write("POST", &path, &request).await })
            });
            send(MOVE_SUMMARY, run, format!("{} {label}", t.moved).into(), t.conflict);
        })
    };
    let on_answer = {
        let (state, send) = (state.clone(), send.clone());
        let code = code.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.busy {
                return;
            }
            let request = AnswerRequest { body: state.answer.clone() };
            if let Err(errors) = request.validate() {
                say(crate::ui::i18n::texts(lang).errors_announcement, lang);
                state.dispatch(Action::Invalid(ANSWER_SUMMARY, errors));
                return;
            }
            let path = format!("{}/answer", question_path(&code));
            let run: Rc<dyn Fn() -> futures_reply::Pending> = Rc::new(move || {
                let (path, request) = (path.clone(), request.clone());
                Box::pin(async move { api::write("PUT", &path, &request).await })
            });
            send(ANSWER_SUMMARY, run, t.answer_saved.into(), t.conflict);
        })
    };
    let on_publish = {
        let (send, code) = (send.clone(), code.clone());
        let published = question.published_at.is_some();
        Callback::from(move |_: MouseEvent| {
            let path = format!("{}/publication", question_path(&code));
            let request = PublicationRequest { published: !published };
            let run: Rc<dyn Fn() -> futures_reply::Pending> = Rc::new(move || {
                let (path, request) = (path.clone(), request.clone());
                Box::pin(async move { api::write("POST", &path, &request).await })
            });
            let done = if published { t.withdraw_done } else { t.publish_done };
            send(HIDE_SUMMARY, run, done.into(), t.publish_hidden);
        })
    };
    let on_hide = {
        let (state, send, code) = (state.clone(), send.clone(), code.clone());
        let hidden = question.hidden_at.is_some();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = ModerationRequest {
                hidden: !hidden,
                reason: if hidden { String::new() } else { state.reason.clone() },
            };
            if let Err(errors) = request.validate() {
                say(crate::ui::i18n::texts(lang).errors_announcement, lang);
                state.dispatch(Action::Invalid(HIDE_SUMMARY, errors));
                return;
            }
            let path = format!("{}/moderation", question_path(&code));
            let run: Rc<dyn Fn() -> futures_reply::Pending> = Rc::new(move || {
                let (path, request) = (path.clone(), request.clone());
                Box::pin(async move { api::write("POST", &path, &request).await })
            });
            let done = if hidden { t.unhide_done } else { t.hide_done };
            send(HIDE_SUMMARY, run, done.into(), t.conflict);
        })
    };

    let moves = question.status.next();
    let tr = &state.transition;
    let move_section = if !role.includes(Role::Officer) {
        html! {}
    } else if moves.is_empty() {
        html! {
            <section class="console-section" aria-labelledby="moves-title">
                <h2 id="moves-title">{ t.moves_title }</h2>
                <p>{ t.no_moves }</p>
            </section>
        }
    } else {
        let options: Vec<(AttrValue, AttrValue)> =
            moves.iter().map(|s| (s.as_str().into(), s.label(lang).into())).collect();
        let units: Vec<(AttrValue, AttrValue)> =
            state.units.iter().map(|u| (u.slug.clone().into(), u.name.clone().into())).collect();
        let errors = &state.move_errors;
        html! {
            <section class="console-section" aria-labelledby="moves-title">
                <h2 id="moves-title">{ t.moves_title }</h2>
                <ErrorSummary errors={errors.clone()} {lang} id={MOVE_SUMMARY} />
                <form class="tt-form" onsubmit={on_move} novalidate=true>
                    <Select id={field_id(Field::To)} label={t.move_to} {lang} placeholder={t.choose_move} {options}
                        value={tr.to.map(|s| AttrValue::from(s.as_str()))} errors={errors.get(Field::To).to_vec()}
                        onchange={edit(Field::To)} />
                    if tr.to == Some(QuestionStatus::Assigned) {
                        <Select id={field_id(Field::Unit)} label={t.unit} {lang} placeholder={t.choose_unit} options={units}
                            value={tr.unit.clone().filter(|u| !u.is_empty()).map(AttrValue::from)}
                            errors={errors.get(Field::Unit).to_vec()} onchange={edit(Field::Unit)} onblur={blur(Field::Unit)} />
                    }
                    if tr.to == Some(QuestionStatus::Duplicate) {
                        <TextField id={field_id(Field::DuplicateOf)} label={t.duplicate_of} {lang}
                            hint={Some(AttrValue::from(t.duplicate_of_hint))} value={tr.duplicate_of.clone().unwrap_or_default()}
                            autocomplete={Some(AttrValue::from("off"))} autocapitalize={Some(AttrValue::from("characters"))}
                            errors={errors.get(Field::DuplicateOf).to_vec()} oninput={edit(Field::DuplicateOf)}
                            onblur={blur(Field::DuplicateOf)} />
                    }
                    if tr.to == Some(QuestionStatus::Transferred) {
                        <TextField id={field_id(Field::TransferTo)} label={t.transfer_to} {lang}
                            hint={Some(AttrValue::from(t.transfer_to_hint))} value={tr.transfer_to.clone().unwrap_or_default()}
                            autocomplete={Some(AttrValue::from("off"))} autocapitalize={Some(AttrValue::from("none"))}
                            errors={errors.get(Field::TransferTo).to_vec()} oninput={edit(Field::TransferTo)}
                            onblur={blur(Field::TransferTo)} />
                    }
                    <TextArea id={field_id(Field::PublicNote)} label={t.public_note} {lang} rows={3}
                        hint={Some(AttrValue::from(t.public_note_hint))} value={tr.public_note.clone()}
                        max_chars={Some(domain::lifecycle::NOTE_MAX)} errors={errors.get(Field::PublicNote).to_vec()}
                        oninput={edit(Field::PublicNote)} onblur={blur(Field::PublicNote)} />
                    <TextArea id={field_id(Field::InternalNote)} label={t.internal_note} {lang} rows={3}
                        hint={Some(AttrValue::from(t.internal_note_hint))} value={tr.internal_note.clone()}
                        max_chars={Some(domain::lifecycle::NOTE_MAX)} errors={errors.get(Field::InternalNote).to_vec()}
                        oninput={edit(Field::InternalNote)} onblur={blur(Field::InternalNote)} />
                    <div><button type="submit" class="tt-button" aria-disabled={state.busy.then_some("true")}>{ t.do_move }</button></div>
                </form>
            </section>
        }
    };

    let answer_section = if role.includes(Role::Officer) && question.status.accepts_answer() {
        let preview = normalise(&state.answer);
        html! {
            <section class="console-section" aria-labelledby="answer-title">
                <h2 id="answer-title">{ t.answer_title }</h2>
                <ErrorSummary errors={state.answer_errors.clone()} {lang} id={ANSWER_SUMMARY} />
                <div class="console-answer">
                    <form class="tt-form" onsubmit={on_answer} novalidate=true>
                        <TextArea id={field_id(Field::Answer)} label={t.answer_label} {lang} rows={12}
                            hint={Some(AttrValue::from(t.answer_hint))} value={state.answer.clone()} max_chars={Some(ANSWER_MAX)}
                            errors={state.answer_errors.get(Field::Answer).to_vec()} oninput={edit(Field::Answer)}
                            onblur={blur(Field::Answer)} />
                        <div><button type="submit" class="tt-button" aria-disabled={state.busy.then_some("true")}>{ t.save_answer }</button></div>
                    </form>
                    <section class="console-preview" aria-labelledby="preview-title">
                        <h3 id="preview-title">{ t.preview_title }</h3>
                        <p class="tt-hint">{ t.preview_hint }</p>
                        // The tracker's own markup and classes (its CSS is in the console's bundle), in the
                        // citizen's language, with the text normalised as the server will store it.
                        <div class="tt-answer" lang={question.lang.as_str()}>
                            <h4 class="console-preview-heading">{ texts(question.lang).tracker_answer_title }</h4>
                            if preview.is_empty() {
                                <p class="tt-hint">{ t.preview_empty }</p>
                            } else {
                                <p class="tt-text" lang={text_lang(&preview)}>{ preview }</p>
                            }
                        </div>
                    </section>
                </div>
            </section>
        }
    } else if let Some(answer) = &question.answer {
        html! {
            <section class="console-section" aria-labelledby="answer-title">
                <h2 id="answer-title">{ t.answer_title }</h2>
                <p class="tt-text" lang={text_lang(answer)}>{ answer }</p>
            </section>
        }
    } else {
        html! {}
    };

    let moderation_section = if role.includes(Role::Moderator) {
        let hidden = question.hidden_at.is_some();
        html! {
            <section class="console-section" aria-labelledby="moderation-title">
                <h2 id="moderation-title">{ t.moderation_title }</h2>
                if let Some(at) = &question.published_at {
                    <p>{ t.published_on }{ " " }<time datetime={at.clone()}>{ day_of(at, lang) }</time>{ "." }</p>
                } else {
                    <p>{ t.not_published }</p>
                }
                <div>
                    <button type="button" class="tt-button" onclick={on_publish} aria-disabled={state.busy.then_some("true")}>
                        { if question.published_at.is_some() { t.withdraw } else { t.publish } }
                    </button>
                </div>
                <ErrorSummary errors={state.hide_errors.clone()} {lang} id={HIDE_SUMMARY} />
                <form class="tt-form console-hide" onsubmit={on_hide} novalidate=true>
                    if hidden {
                        <p>{ t.hidden_because }{ " " }{ question.hidden_reason.clone().unwrap_or_default() }</p>
                    } else {
                        <TextArea id={field_id(Field::Reason)} label={t.hide_reason} {lang} rows={3}
                            hint={Some(AttrValue::from(t.hide_reason_hint))} value={state.reason.clone()}
                            errors={state.hide_errors.get(Field::Reason).to_vec()} oninput={edit(Field::Reason)}
                            onblur={blur(Field::Reason)} />
                    }
                    <div><button type="submit" class="tt-button tt-button--secondary">{ if hidden { t.unhide } else { t.hide } }</button></div>
                </form>
            </section>
        }
    } else {
        html! {}
    };

    let rest = html! {
        <>
            if let Some(problem) = &state.problem { <Alert message={problem.clone()} /> }
            if let Some(done) = &state.done {
                <p id="question-done" class="console-done" tabindex="-1">{ done }</p>
            }
            <section class="console-section" aria-labelledby="question-heading">
                <h2 id="question-heading" lang={text_lang(&question.title)}>{ &question.title }</h2>
                <dl class="console-facts">
                    <div><dt>{ t.status }</dt><dd>{ question.status.label(lang) }</dd></div>
                    <div><dt>{ t.due }</dt><dd>
                        <time datetime={question.due_date.clone()}>{ date(&question.due_date, lang) }</time>
                        if question.overdue { { " " }<strong class="console-tag console-tag--overdue">{ t.overdue }</strong> }
                    </dd></div>
                    <div><dt>{ t.received }</dt><dd><time datetime={question.created_at.clone()}>{ day_of(&question.created_at, lang) }</time></dd></div>
                    <div><dt>{ t.channel }</dt><dd>{ channel(question.channel, lang) }</dd></div>
                    <div><dt>{ t.topic }</dt><dd>{ question.topic.clone().unwrap_or_default() }</dd></div>
                    <div><dt>{ t.unit }</dt><dd>{ question.unit.clone().unwrap_or_default() }</dd></div>
                </dl>
                <h3>{ t.citizen_text }</h3>
                <p class="tt-text" lang={text_lang(&question.body)}>{ &question.body }</p>
                { contact(&question, role, lang) }
            </section>
            { timeline(&question, lang) }
            { move_section }
            { answer_section }
            { moderation_section }
        </>
    };
    html! { <div ref={base} class="console-question">{ back }{ title }{ rest }</div> }
}

fn contact(question: &StaffQuestion, role: Role, lang: Lang) -> Html {
    if !role.sees_contact() {
        return html! {};
    }
    let t = texts(lang);
    let rows: Vec<(&str, &String)> = [(t.name, &question.name), (t.email, &question.email), (t.phone, &question.phone)]
        .into_iter()
        .filter_map(|(label, value)| value.as_ref().map(|v| (label, v)))
        .collect();
    html! {
        <>
            <h3>{ t.contact }</h3>
            if let Some(erased) = &question.contact_erased {
                <p>{ t.contact_erased }{ " (" }<time datetime={erased.at.clone()}>{ day_of(&erased.at, lang) }</time>{ ")." }</p>
            } else if rows.is_empty() {
                <p>{ t.no_contact }</p>
            } else {
                <dl class="console-facts">
                    { for rows.into_iter().map(|(label, value)| html! { <div><dt>{ label }</dt><dd>{ value }</dd></div> }) }
                </dl>
            }
        </>
    }
}

fn timeline(question: &StaffQuestion, lang: Lang) -> Html {
    let t = texts(lang);
    html! {
        <section class="console-section" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{ t.timeline }</h2>
            <ol class="console-timeline">
                { for question.events.iter().map(|event| html! {
                    <li>
                        <p><strong>{ event.status.label(lang) }</strong>{ " · " }
                            <time datetime={event.at.clone()}>{ day_of(&event.at, lang) }</time>{ " · " }
                            { event.by.clone().unwrap_or_else(|| t.by_citizen.to_owned()) }</p>
                        if let Some(note) = &event.public_note {
                            <p>{ t.public_note }{ ": " }<span lang={text_lang(note)}>{ note }</span></p>
                        }
                        if let Some(note) = &event.internal_note {
                            <p class="console-internal">{ t.internal_note }{ ": " }<span lang={text_lang(note)}>{ note }</span></p>
                        }
                    </li>
                }) }
            </ol>
        </section>
    }
}

/// A write's future, boxed so that each form hands the shared `send` its own request.
mod futures_reply {
    use std::future::Future;
    use std::pin::Pin;

    use domain::staff::StaffQuestion;

    use super::Reply;

    pub type Pending = Pin<Box<dyn Future<Output = Reply<StaffQuestion>>>>;
}
