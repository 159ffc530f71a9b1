//! `<tuongtac-tracker>`: a citizen follows a question with its tracking code and PIN, and reads its status,
//! the steps of its handling, the due date and, once given, the answer.

mod i18n;
mod remembered;

use std::rc::Rc;

use domain::{Field, FieldErrors, Lang, LookupRequest, TrackedQuestion, TrackingCode};
use web_sys::HtmlElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::announce::announce;
use crate::api::{Lookup, erase_question_contact, lookup_question};
use crate::registry::{self, Attributes, Widget};
use crate::ui::i18n::{clock_after, date, day_of, text_lang};
use crate::ui::{
    ALERT_ID, Alert, Checkbox, ERROR_SUMMARY_ID, ErrorSummary, FocusRequest, TextField, field_id, fire, revalidate,
    use_focus_after_render,
};
use i18n::{
    code_suffix, contact_held, contact_erased, duplicate_notice, found_announcement, locked_out, overdue_notice,
    texts, transferred_notice,
};

const RESULT_TITLE_ID: &str = "tt-result-title";
const REMEMBERED_TITLE_ID: &str = "tt-remembered-title";
const CONTACT_TITLE_ID: &str = "tt-contact-title";
const ERASE_OPEN_ID: &str = "tt-erase-open";
const ERASE_CONFIRM_ID: &str = "tt-erase-confirm-title";

#[derive(Properties, PartialEq, Clone)]
pub struct TrackerProps {
    /// The agency's slug (`agency` attribute).
    pub agency: AttrValue,
    pub lang: Lang,
    /// A tracking code to fill in (`code` attribute). Without it, the page address's `tt-code` parameter.
    pub code: Option<AttrValue>,
    /// The server's origin (`api` attribute; the loader's own origin by default).
    pub api: AttrValue,
    /// The custom element, on which `tuongtac-lookup` is fired.
    pub host: HtmlElement,
}

impl Widget for Tracker {
    const ELEMENT: registry::CustomElement = include!("element.rs");

    fn props(attributes: &Attributes) -> TrackerProps {
        TrackerProps {
            agency: attributes.agency(),
            lang: attributes.lang(),
            code: attributes.get("code"),
            api: attributes.api(),
            host: attributes.host(),
        }
    }
}

#[derive(Clone, Default)]
enum Phase {
    #[default]
    Editing,
    Looking,
    Found(Rc<TrackedQuestion>),
    NotFound,
    /// Too many failed attempts; the clock time after which to try again, if the server said.
    Locked(Option<String>),
    Unreachable,
    Refused,
}

/// Where the citizen stands in withdrawing consent and erasing the contact details of a found question.
#[derive(Clone, Default)]
enum Erasure {
    #[default]
    Offered,
    /// The citizen asked to erase; what it means is shown, with a button to confirm and one to keep them.
    Confirming,
    Erasing,
    /// Why the erasure did not happen; the confirmation stays open so the citizen can try again.
    Failed(AttrValue),
}

// Not `PartialEq`: comparing whole questions would cost code in every citizen's download, and the effects
// only need the focus request.
#[derive(Clone, Default)]
struct TrackerState {
    draft: LookupRequest,
    remember: bool,
    errors: FieldErrors,
    phase: Phase,
    /// The codes remembered on this device; `None` when the browser lets the page store nothing.
    remembered: Option<Vec<String>>,
    focus: FocusRequest,
    /// The code and PIN that found the shown question, kept in memory only, so erasing its contact details
    /// does not depend on what is typed in the form since.
    found_with: Option<LookupRequest>,
    erasure: Erasure,
}

enum Action {
    Edit(Field, String),
    SetRemember(bool),
    /// Re-checks a field that shows an error, so the error goes once it is fixed.
    Revalidate(Field),
    /// Fills in the code given by the page (attribute or address), as if typed.
    Prefill(String),
    /// Fills in a remembered code; the PIN is what is still missing.
    Pick(String),
    Remembered(Option<Vec<String>>),
    Forgot(Vec<String>),
    Invalid(FieldErrors),
    Looking(LookupRequest),
    /// The lookup's outcome, with the clock time to try again after if it was locked out.
    Finished(Lookup, Option<String>),
    AskErase,
    KeepContact,
    Erasing,
    /// The contact details are erased: the question as it now stands.
    Erased(TrackedQuestion),
    /// Why they could not be erased.
    EraseFailed(AttrValue),
}

impl TrackerState {
    fn looking(&self) -> bool {
        matches!(self.phase, Phase::Looking)
    }
}

impl Reducible for TrackerState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(Field::TrackingCode, value) => next.draft.tracking_code = value,
            Action::Edit(Field::Pin, value) => next.draft.pin = value,
            Action::Edit(..) => return self,
            Action::SetRemember(remember) => next.remember = remember,
            Action::Revalidate(field) => {
                let draft = &next.draft;
                if !revalidate(&mut next.errors, field, || draft.validate_field(field)) {
                    return self;
                }
            }
            Action::Prefill(code) => {
                next.draft.tracking_code = TrackingCode::parse(&code).map_or_else(|| code.trim().to_owned(), |c| c.to_string());
                next.errors.errors.remove(&Field::TrackingCode);
                // A result shown for another code would now be misleading.
                if !next.looking() {
                    next.phase = Phase::Editing;
                }
            }
            Action::Pick(code) => {
                let mut next = Rc::new(next).reduce(Action::Prefill(code));
                Rc::make_mut(&mut next).focus.to(field_id(Field::Pin));
                return next;
            }
            Action::Remembered(codes) => next.remembered = codes,
            Action::Forgot(codes) => {
                if codes.is_empty() {
                    next.focus.to(field_id(Field::TrackingCode));
                } else {
                    next.focus.to(REMEMBERED_TITLE_ID);
                }
                next.remembered = Some(codes);
            }
            Action::Invalid(errors) => {
                next.errors = errors;
                next.phase = Phase::Editing;
                next.focus.to(ERROR_SUMMARY_ID);
            }
            Action::Looking(lookup) => {
                next.errors = FieldErrors::default();
                next.phase = Phase::Looking;
                next.found_with = Some(lookup);
                next.erasure = Erasure::Offered;
            }
            Action::Finished(Lookup::Invalid(errors), _) => return Rc::new(next).reduce(Action::Invalid(errors)),
            Action::Finished(outcome, retry_at) => {
                next.phase = match outcome {
                    Lookup::Found(question) => Phase::Found(Rc::new(question)),
                    Lookup::NotFound => Phase::NotFound,
                    Lookup::Locked(_) => Phase::Locked(retry_at),
                    Lookup::Unreachable => Phase::Unreachable,
                    Lookup::Refused | Lookup::Invalid(_) => Phase::Refused,
                };
                next.focus.to(if matches!(next.phase, Phase::Found(_)) { RESULT_TITLE_ID } else { ALERT_ID });
            }
            Action::AskErase => {
                next.erasure = Erasure::Confirming;
                next.focus.to(ERASE_CONFIRM_ID);
            }
            Action::KeepContact => {
                next.erasure = Erasure::Offered;
                next.focus.to(ERASE_OPEN_ID);
            }
            Action::Erasing => next.erasure = Erasure::Erasing,
            Action::Erased(question) => {
                next.phase = Phase::Found(Rc::new(question));
                next.erasure = Erasure::Offered;
                next.focus.to(CONTACT_TITLE_ID);
            }
            Action::EraseFailed(message) => {
                next.erasure = Erasure::Failed(message);
                next.focus.to(ALERT_ID);
            }
        }
        next.into()
    }
}

#[component]
pub fn Tracker(props: &TrackerProps) -> Html {
    let state = use_reducer(TrackerState::default);
    let lang = props.lang;
    let t = texts(lang);
    let base_ref = use_focus_after_render(state.focus.clone());

    {
        // The page may set `code` at any time (the ask widget does, once a question is sent).
        let dispatcher = state.dispatcher();
        use_effect_with((props.agency.clone(), props.code.clone()), move |(agency, code)| {
            dispatcher.dispatch(Action::Remembered(remembered::available().then(|| remembered::load(agency))));
            if let Some(code) = code.as_ref().map(|c| c.to_string()).or_else(code_from_address) {
                dispatcher.dispatch(Action::Prefill(code));
            }
        });
    }
    {
        // Once focus has moved: a message that takes focus is read out as it does, so the live region stays
        // silent rather than say it twice. A found question's heading is its title, so the status is spoken.
        let (phase, host) = (state.phase.clone(), props.host.clone());
        use_effect_with(state.focus.clone(), move |focus| {
            let message = match (focus.target(), &phase) {
                (Some(ERROR_SUMMARY_ID), _) => crate::ui::i18n::texts(lang).errors_announcement.to_owned(),
                (Some(RESULT_TITLE_ID), Phase::Found(question)) => {
                    fire(&host, "tuongtac-lookup", &[
                        ("trackingCode", &question.tracking_code),
                        ("status", question.status.as_str()),
                    ]);
                    found_announcement(&question.tracking_code, question.status.label(lang), question.overdue, lang)
                }
                (Some(ALERT_ID), _) => String::new(),
                (Some(CONTACT_TITLE_ID), _) => texts(lang).erased_announcement.to_owned(),
                _ => return,
            };
            announce(&message, lang);
        });
    }

    let onsubmit = {
        let state = state.clone();
        let (api, agency) = (props.api.clone(), props.agency.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.looking() {
                return;
            }
            let (code, pin) = match state.draft.validate() {
                Ok(valid) => valid,
                Err(errors) => return state.dispatch(Action::Invalid(errors)),
            };
            let lookup = LookupRequest { tracking_code: code.to_string(), pin: pin.as_str().to_owned(), lang };
            let remember = state.remember && state.remembered.is_some();
            state.dispatch(Action::Looking(lookup.clone()));
            announce(t.looking_up_announcement, lang);
            let dispatcher = state.dispatcher();
            let (api, agency) = (api.clone(), agency.clone());
            spawn_local(async move {
                let outcome = lookup_question(&api, &agency, &lookup).await;
                let retry_at = match outcome {
                    Lookup::Locked(Some(secs)) => Some(clock_after(secs, lang)),
                    _ => None,
                };
                if let (true, Lookup::Found(question)) = (remember, &outcome) {
                    // Only the code: the PIN never leaves memory.
                    dispatcher.dispatch(Action::Remembered(Some(remembered::remember(&agency, &question.tracking_code))));
                }
                dispatcher.dispatch(Action::Finished(outcome, retry_at));
            });
        })
    };
    let edit = |field: Field| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(Action::Edit(field, value)))
    };
    let revalidate = |field: Field| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Revalidate(field)))
    };
    let toggle_remember = {
        let state = state.clone();
        Callback::from(move |remember: bool| state.dispatch(Action::SetRemember(remember)))
    };
    let pick = |code: &str| {
        let (state, code) = (state.clone(), code.to_owned());
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Pick(code.clone())))
    };
    let forget = |code: &str| {
        let (state, code, agency) = (state.clone(), code.to_owned(), props.agency.clone());
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Forgot(remembered::forget(&agency, &code)));
            announce(t.forgotten, lang);
        })
    };

    let ask_erase = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::AskErase))
    };
    let keep_contact = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::KeepContact))
    };
    let erase = {
        let state = state.clone();
        let (api, agency) = (props.api.clone(), props.agency.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(lookup) = state.found_with.clone() else { return };
            if matches!(state.erasure, Erasure::Erasing) {
                return;
            }
            state.dispatch(Action::Erasing);
            announce(t.erasing_announcement, lang);
            let dispatcher = state.dispatcher();
            let (api, agency) = (api.clone(), agency.clone());
            spawn_local(async move {
                dispatcher.dispatch(match erase_question_contact(&api, &agency, &lookup).await {
                    Lookup::Found(question) => Action::Erased(question),
                    Lookup::Locked(secs) => {
                        Action::EraseFailed(locked_out(secs.map(|secs| clock_after(secs, lang)).as_deref(), lang).into())
                    }
                    Lookup::Unreachable => Action::EraseFailed(t.erase_unreachable.into()),
                    _ => Action::EraseFailed(t.erase_refused.into()),
                });
            });
        })
    };

    let looking = state.looking();
    // Codes are neither spell-checked nor auto-filled.
    let code_input = |field: Field, label: &'static str, hint: &'static str, inputmode: &'static str,
                      class: &'static str, value: &str| html! {
        <TextField id={field_id(field)} {label} {hint} errors={state.errors.get(field).to_vec()} {lang}
            autocomplete="off" {inputmode} autocapitalize="characters" {class} value={value.to_owned()}
            oninput={edit(field)} onblur={revalidate(field)} />
    };
    let alert = match &state.phase {
        Phase::NotFound => Some(AttrValue::from(t.not_found)),
        Phase::Locked(retry_at) => Some(locked_out(retry_at.as_deref(), lang).into()),
        Phase::Unreachable => Some(t.lookup_unreachable.into()),
        Phase::Refused => Some(t.lookup_refused.into()),
        _ => None,
    };

    html! {
        <div part="base" class="tt" lang={lang.as_str()} ref={base_ref}>
            <ErrorSummary errors={state.errors.clone()} {lang} />
            if let Some(message) = alert {
                <Alert {message} />
            }
            if let Some(codes) = state.remembered.as_ref().filter(|codes| !codes.is_empty()) {
                <section class="tt-remembered" part="remembered" aria-labelledby={REMEMBERED_TITLE_ID}>
                    <h2 id={REMEMBERED_TITLE_ID} class="tt-remembered-title" tabindex="-1">{ t.remembered_title }</h2>
                    <ul class="tt-remembered-list">
                        { for codes.iter().map(|code| html! {
                            <li class="tt-remembered-item">
                                <span class="tt-code" translate="no">{ code }</span>
                                <button type="button" class="tt-button tt-button--secondary" part="button" onclick={pick(code)}>
                                    { t.look_up }<span class="tt-visually-hidden">{ code_suffix(code, lang) }</span>
                                </button>
                                <button type="button" class="tt-button tt-button--secondary" part="button" onclick={forget(code)}>
                                    { t.forget }<span class="tt-visually-hidden">{ code_suffix(code, lang) }</span>
                                </button>
                            </li>
                        }) }
                    </ul>
                </section>
            }
            <form class="tt-form" part="form" novalidate=true {onsubmit} aria-busy={looking.then_some("true")}>
                { code_input(Field::TrackingCode, t.tracking_code, t.code_hint, "text", "tt-input--code",
                    &state.draft.tracking_code) }
                { code_input(Field::Pin, t.pin, t.pin_hint, "numeric", "tt-input--pin", &state.draft.pin) }
                if state.remembered.is_some() {
                    <Checkbox id="tt-remember" label={t.remember_label} hint={t.remember_hint} {lang}
                        checked={state.remember} onchange={toggle_remember} />
                }
                <button class="tt-button" part="button" type="submit" aria-disabled={looking.then_some("true")}>
                    { if looking { t.looking_up } else { t.look_up } }
                </button>
            </form>
            if let Phase::Found(question) = &state.phase {
                { tracked(question, lang, contact(question, &state.erasure, lang, ask_erase, keep_contact, erase)) }
            }
        </div>
    }
}

/// What the citizen sees of a found question: what matters now first (status, due date, answer), then how
/// it got there, then the question itself. It is one region; its parts are found by their headings, not as
/// more landmarks. People's own text carries its language when letters tell it (`text_lang`).
fn tracked(question: &TrackedQuestion, lang: Lang, contact: Html) -> Html {
    let t = texts(lang);
    let fact = |term: &'static str, value: Html| html! {
        <div class="tt-fact"><dt>{ term }</dt><dd>{ value }</dd></div>
    };
    html! {
        <section class="tt-result" part="result" aria-labelledby="tt-result-title">
            <h2 id={RESULT_TITLE_ID} class="tt-result-title" tabindex="-1" lang={text_lang(&question.title)}>
                { &question.title }
            </h2>
            <dl class="tt-facts">
                { fact(t.tracking_code, html! { <span translate="no">{ &question.tracking_code }</span> }) }
                { fact(t.status, html! {
                    <strong class={format!("tt-status tt-status--{}", question.status.as_str())} part="status">
                        { question.status.label(lang) }
                    </strong>
                }) }
                { fact(t.sent_on, html! { <time datetime={question.created_at.clone()}>{ day_of(&question.created_at, lang) }</time> }) }
                { fact(t.due_on, html! { <time datetime={question.due_date.clone()}>{ date(&question.due_date, lang) }</time> }) }
            </dl>
            if question.overdue {
                <div class="tt-overdue" part="notice">
                    <p><strong>{ t.overdue_title }</strong></p>
                    <p>{ overdue_notice(&date(&question.due_date, lang), lang) }</p>
                </div>
            }
            if let Some(code) = &question.duplicate_of {
                <p class="tt-notice-box" part="notice">{ duplicate_notice(code, lang) }</p>
            }
            if let Some(agency) = &question.transferred_to {
                <p class="tt-notice-box" part="notice">{ transferred_notice(&agency.name, lang) }</p>
            }
            if let Some(answer) = &question.answer {
                <section class="tt-answer" part="answer">
                    <h3 id="tt-answer-title">{ t.answer_title }</h3>
                    if let Some(at) = &question.answered_at {
                        <p class="tt-hint">{ t.answered_on }{ ": " }<time datetime={at.clone()}>{ day_of(at, lang) }</time></p>
                    }
                    <p class="tt-text" lang={text_lang(answer)}>{ answer }</p>
                </section>
            }
            <section>
                <h3 id="tt-timeline-title">{ t.timeline_title }</h3>
                <ol class="tt-timeline" part="timeline">
                    { for question.timeline.iter().map(|step| html! {
                        <li class="tt-timeline-step">
                            <strong class="tt-timeline-status">{ step.status.label(lang) }</strong>
                            <time class="tt-timeline-date" datetime={step.at.clone()}>{ day_of(&step.at, lang) }</time>
                            if let Some(note) = &step.public_note {
                                <p class="tt-text" lang={text_lang(note)}>{ note }</p>
                            }
                        </li>
                    }) }
                </ol>
            </section>
            <section>
                <h3 id="tt-question-title">{ t.question_title }</h3>
                <p class="tt-text" lang={text_lang(&question.body)}>{ &question.body }</p>
            </section>
            { contact }
        </section>
    }
}

/// The contact details the agency holds for the question (which kinds, never the details themselves), and
/// the citizen's right to withdraw consent and erase them (Law 91/2025/QH15): asked, then confirmed, since
/// it cannot be undone. Once erased, when.
fn contact(
    question: &TrackedQuestion,
    erasure: &Erasure,
    lang: Lang,
    onask: Callback<MouseEvent>,
    onkeep: Callback<MouseEvent>,
    onerase: Callback<MouseEvent>,
) -> Html {
    let t = texts(lang);
    let held = &question.contact;
    let body = if let Some(at) = &held.erased_at {
        html! { <p>{ contact_erased(&day_of(at, lang), lang) }</p> }
    } else if !held.any() {
        html! { <p>{ t.no_contact }</p> }
    } else {
        let erasing = matches!(erasure, Erasure::Erasing);
        html! {
            <>
                <p>{ contact_held(held, lang) }</p>
                if matches!(erasure, Erasure::Offered) {
                    <p>
                        <button id={ERASE_OPEN_ID} type="button" class="tt-button tt-button--secondary" part="button"
                            onclick={onask}>{ t.erase_open }</button>
                    </p>
                } else {
                    <div class="tt-erase-confirm" part="notice">
                        if let Erasure::Failed(message) = erasure {
                            <Alert message={message.clone()} />
                        }
                        <h4 id={ERASE_CONFIRM_ID} tabindex="-1">{ t.erase_confirm_title }</h4>
                        <p>{ t.erase_confirm_text }</p>
                        <div class="tt-actions">
                            <button type="button" class="tt-button" part="button" onclick={onerase}
                                aria-disabled={erasing.then_some("true")}>
                                { if erasing { t.erasing } else { t.erase_confirm } }
                            </button>
                            <button type="button" class="tt-button tt-button--secondary" part="button" onclick={onkeep}
                                disabled={erasing}>{ t.erase_keep }</button>
                        </div>
                    </div>
                }
            </>
        }
    };
    html! {
        <section class="tt-contact" part="contact">
            <h3 id={CONTACT_TITLE_ID} tabindex="-1">{ t.contact_title }</h3>
            { body }
        </section>
    }
}

/// The `tt-code` parameter of the page's address: links in mails and the ask widget's confirmation carry it.
fn code_from_address() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get("tt-code").filter(|code| !code.trim().is_empty())
}
