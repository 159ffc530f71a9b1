//! `<tuongtac-ask>`: a citizen asks the agency a question and receives a tracking code and a PIN.

use std::rc::Rc;

use domain::text::{char_count, normalise};
use domain::question::BODY_MAX;
use domain::{Field, FieldErrors, Lang, NewQuestion, QuestionReceipt, Topic};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::announce::announce;
use crate::api::{Submission, fetch_agency, new_idempotency_key, submit_question};
use crate::i18n::{characters_left, sent_announcement, texts};
use crate::ui::{ErrorSummary, error_id, field_errors, field_id, fire, hint_id};

#[derive(Properties, PartialEq, Clone)]
pub struct AskProps {
    /// The agency's slug (`agency` attribute).
    pub agency: AttrValue,
    pub lang: Lang,
    /// A topic slug fixed by the page (`topic` attribute); the citizen is then not asked to choose.
    pub topic: Option<AttrValue>,
    /// The server's origin (`api` attribute; the loader's own origin by default).
    pub api: AttrValue,
    /// The page with the agency's tracker (`tracker-url` attribute), which the confirmation links to.
    pub tracker_url: Option<AttrValue>,
    /// The custom element, on which `tuongtac-submit` is fired.
    pub host: HtmlElement,
}

#[derive(Clone, PartialEq, Default)]
enum Phase {
    #[default]
    Editing,
    Sending,
    Unreachable,
    /// The server cannot store questions now (a full disk); what the citizen typed is kept.
    Unavailable,
    Refused,
    Sent(QuestionReceipt),
}

#[derive(Clone, PartialEq, Default)]
struct AskState {
    draft: NewQuestion,
    errors: FieldErrors,
    phase: Phase,
    topics: Vec<Topic>,
    /// Counts the times the error summary was shown, so each showing moves focus to it.
    summary_shown: u32,
    /// The key and question of the last send: sending the same question again reuses the key, so a question
    /// that did reach the server before the network failed is not stored twice.
    last_sent: Option<(String, NewQuestion)>,
}

enum Action {
    Edit(Field, String),
    SetConsent(bool),
    SetHoneypot(String),
    /// Re-checks a field that shows an error, so the error goes once it is fixed.
    Revalidate(Field),
    TopicsLoaded(Vec<Topic>),
    Invalid(FieldErrors),
    Sending(String, NewQuestion),
    Finished(Submission),
    AskAnother,
}

impl Reducible for AskState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(field, value) => {
                let slot = match field {
                    Field::Title => &mut next.draft.title,
                    Field::Body => &mut next.draft.body,
                    Field::Name => &mut next.draft.name,
                    Field::Email => &mut next.draft.email,
                    Field::Phone => &mut next.draft.phone,
                    Field::Topic => {
                        next.draft.topic = (!value.is_empty()).then_some(value);
                        return next.into();
                    }
                    _ => return self,
                };
                *slot = value;
            }
            Action::SetConsent(consent) => next.draft.consent = consent,
            Action::SetHoneypot(value) => next.draft.website = value,
            Action::Revalidate(field) => {
                if next.errors.get(field).is_empty() {
                    return self;
                }
                let keys = next.draft.validate_field(field, &next.topics);
                if keys.is_empty() {
                    next.errors.errors.remove(&field);
                } else {
                    next.errors.errors.insert(field, keys);
                }
            }
            Action::TopicsLoaded(topics) => next.topics = topics,
            Action::Invalid(errors) => {
                next.errors = errors;
                next.summary_shown += 1;
                next.phase = Phase::Editing;
            }
            Action::Sending(key, question) => {
                next.errors = FieldErrors::default();
                next.phase = Phase::Sending;
                next.last_sent = Some((key, question));
            }
            Action::Finished(Submission::Stored(receipt)) => {
                next.draft = NewQuestion::default();
                next.last_sent = None;
                next.phase = Phase::Sent(receipt);
            }
            Action::Finished(Submission::Invalid(errors)) => return Rc::new(next).reduce(Action::Invalid(errors)),
            Action::Finished(Submission::Unreachable) => next.phase = Phase::Unreachable,
            Action::Finished(Submission::Unavailable) => next.phase = Phase::Unavailable,
            Action::Finished(Submission::Refused) => next.phase = Phase::Refused,
            Action::AskAnother => next.phase = Phase::Editing,
        }
        next.into()
    }
}

#[component]
pub fn Ask(props: &AskProps) -> Html {
    let state = use_reducer(AskState::default);
    let lang = props.lang;
    let t = texts(lang);
    let summary_ref = use_node_ref();
    let status_ref = use_node_ref();
    let count_timer = use_mut_ref(|| None::<Timeout>);

    {
        let dispatcher = state.dispatcher();
        use_effect_with((props.api.clone(), props.agency.clone()), move |(api, agency)| {
            let (api, agency) = (api.clone(), agency.clone());
            spawn_local(async move {
                if let Some(found) = fetch_agency(&api, &agency).await {
                    dispatcher.dispatch(Action::TopicsLoaded(found.topics));
                }
            });
        });
    }
    {
        let summary_ref = summary_ref.clone();
        use_effect_with(state.summary_shown, move |shown| {
            if *shown > 0 {
                if let Some(summary) = summary_ref.cast::<HtmlElement>() {
                    let _ = summary.focus();
                }
                announce(t.errors_announcement, lang);
            }
        });
    }
    {
        let status_ref = status_ref.clone();
        let host = props.host.clone();
        use_effect_with(state.phase.clone(), move |phase| {
            // A message that takes focus is read out as it does: the live region stays silent rather than
            // say it twice. The confirmation's heading does not hold the code, so the code is spoken.
            let message = match phase {
                Phase::Sent(receipt) => {
                    // Never the PIN: the page is not the citizen's.
                    fire(&host, "tuongtac-submit", &[("trackingCode", &receipt.tracking_code)]);
                    sent_announcement(&receipt.tracking_code, lang)
                }
                Phase::Unreachable | Phase::Unavailable | Phase::Refused => String::new(),
                Phase::Sending => return announce(t.sending_announcement, lang),
                Phase::Editing => return,
            };
            if let Some(status) = status_ref.cast::<HtmlElement>() {
                let _ = status.focus();
            }
            announce(&message, lang);
        });
    }

    let fixed_topic = props.topic.as_ref().filter(|slug| state.topics.iter().any(|t| t.slug == slug.as_str())).cloned();

    let onsubmit = {
        let state = state.clone();
        let props = props.clone();
        let fixed_topic = fixed_topic.clone();
        let count_timer = count_timer.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.phase == Phase::Sending {
                return;
            }
            // A count still waiting would be spoken over what sending says.
            count_timer.borrow_mut().take();
            let mut question = state.draft.clone();
            question.lang = lang;
            if let Some(topic) = &fixed_topic {
                question.topic = Some(topic.to_string());
            }
            if let Err(errors) = question.validate(&state.topics) {
                state.dispatch(Action::Invalid(errors));
                return;
            }
            let key = match &state.last_sent {
                Some((key, sent)) if *sent == question => key.clone(),
                _ => new_idempotency_key(),
            };
            state.dispatch(Action::Sending(key.clone(), question.clone()));
            let dispatcher = state.dispatcher();
            let (api, agency) = (props.api.clone(), props.agency.clone());
            spawn_local(async move {
                let outcome = submit_question(&api, &agency, &question, &key).await;
                dispatcher.dispatch(Action::Finished(outcome));
            });
        })
    };

    let edit = |field: Field| {
        let state = state.clone();
        let count_timer = count_timer.clone();
        Callback::from(move |e: InputEvent| {
            let value = input_value(&e);
            if field == Field::Body {
                // Spoken once typing pauses, never on every keystroke.
                let left = BODY_MAX as isize - char_count(&normalise(&value)) as isize;
                *count_timer.borrow_mut() = Some(Timeout::new(1_000, move || announce(&characters_left(left, lang), lang)));
            }
            state.dispatch(Action::Edit(field, value));
        })
    };
    let revalidate = |field: Field| {
        let state = state.clone();
        Callback::from(move |_: FocusEvent| state.dispatch(Action::Revalidate(field)))
    };

    if let Phase::Sent(receipt) = &state.phase {
        let ask_another = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::AskAnother))
        };
        return html! {
            <div part="base" class="tt" lang={lang.as_str()}>
                <Confirmation receipt={receipt.clone()} {lang} heading_ref={status_ref} onaskanother={ask_another}
                    agency={props.agency.clone()} tracker_url={props.tracker_url.clone()} />
            </div>
        };
    }

    let sending = state.phase == Phase::Sending;
    let failure = match state.phase {
        Phase::Unreachable => Some(t.unreachable),
        Phase::Unavailable => Some(t.unavailable),
        Phase::Refused => Some(t.refused),
        _ => None,
    };
    let body_left = BODY_MAX as isize - char_count(&normalise(&state.draft.body)) as isize;
    let show_topics = !state.topics.is_empty() && fixed_topic.is_none();
    let described = |field: Field, hint: bool| {
        let mut ids = Vec::new();
        if hint {
            ids.push(hint_id(field));
        }
        if !state.errors.get(field).is_empty() {
            ids.push(error_id(field));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let invalid = |field: Field| (!state.errors.get(field).is_empty()).then_some("true");
    let group_class = |field: Field| classes!("tt-field", (!state.errors.get(field).is_empty()).then_some("tt-field--error"));
    // A one-line text control with its label, optional hint and errors. Only free text is spell-checked.
    let text_input = |field: Field, label: &'static str, hint: Option<&'static str>, kind: &'static str,
                      autocomplete: Option<&'static str>, value: &str| {
        html! {
            <div class={group_class(field)} part="field">
                <label class="tt-label" part="label" for={field_id(field)}>{ label }</label>
                if let Some(hint) = hint {
                    <p class="tt-hint" part="hint" id={hint_id(field)}>{ hint }</p>
                }
                { field_errors(state.errors.get(field), field, lang) }
                <input class="tt-input" part="input" id={field_id(field)} type={kind} autocomplete={autocomplete}
                    spellcheck={if autocomplete.is_none() { "true" } else { "false" }} value={value.to_owned()}
                    oninput={edit(field)} onblur={revalidate(field)}
                    aria-describedby={described(field, hint.is_some())} aria-invalid={invalid(field)} />
            </div>
        }
    };

    html! {
        <div part="base" class="tt" lang={lang.as_str()}>
            <ErrorSummary errors={state.errors.clone()} {lang} node_ref={summary_ref} />
            if let Some(failure) = failure {
                <div class="tt-alert" part="error" role="alert" tabindex="-1" ref={status_ref.clone()}>
                    <p>{ failure }</p>
                </div>
            }
            <form class="tt-form" part="form" novalidate=true {onsubmit} aria-busy={sending.then_some("true")}>
                { text_input(Field::Title, t.title_label, Some(t.title_hint), "text", None, &state.draft.title) }

                <div class={group_class(Field::Body)} part="field">
                    <label class="tt-label" part="label" for={field_id(Field::Body)}>{ t.body_label }</label>
                    <p class="tt-hint" part="hint" id={hint_id(Field::Body)}>{ t.body_hint }</p>
                    { field_errors(state.errors.get(Field::Body), Field::Body, lang) }
                    <textarea class="tt-input tt-textarea" part="input" id={field_id(Field::Body)} rows="8" spellcheck="true"
                        value={state.draft.body.clone()} oninput={edit(Field::Body)} onblur={revalidate(Field::Body)}
                        aria-describedby={described(Field::Body, true)} aria-invalid={invalid(Field::Body)} />
                    <p class={classes!("tt-count", (body_left < 0).then_some("tt-count--over"))} aria-hidden="true">
                        { characters_left(body_left, lang) }
                    </p>
                </div>

                if show_topics {
                    <div class={group_class(Field::Topic)} part="field">
                        <label class="tt-label" part="label" for={field_id(Field::Topic)}>{ t.topic_label }</label>
                        { field_errors(state.errors.get(Field::Topic), Field::Topic, lang) }
                        <select class="tt-input tt-select" part="input" id={field_id(Field::Topic)}
                            onchange={select_topic(&state)} onblur={revalidate(Field::Topic)}
                            aria-describedby={described(Field::Topic, false)} aria-invalid={invalid(Field::Topic)}>
                            <option value="" selected={state.draft.topic.is_none()}>{ t.topic_choose }</option>
                            { for state.topics.iter().map(|topic| html! {
                                <option value={topic.slug.clone()} selected={state.draft.topic.as_deref() == Some(topic.slug.as_str())}>
                                    { topic.name(lang) }
                                </option>
                            }) }
                        </select>
                    </div>
                }

                <fieldset class="tt-fieldset" part="field" aria-describedby="tt-contact-hint">
                    <legend class="tt-legend" part="label">{ t.contact_legend }</legend>
                    <p class="tt-hint" part="hint" id="tt-contact-hint">{ t.contact_hint }</p>
                    { text_input(Field::Name, t.name_label, None, "text", Some("name"), &state.draft.name) }
                    { text_input(Field::Email, t.email_label, None, "email", Some("email"), &state.draft.email) }
                    { text_input(Field::Phone, t.phone_label, Some(t.phone_hint), "tel", Some("tel"), &state.draft.phone) }
                    if state.draft.has_contact() {
                        <div class={classes!(group_class(Field::Consent), "tt-checkbox")}>
                            { field_errors(state.errors.get(Field::Consent), Field::Consent, lang) }
                            <input class="tt-checkbox-input" part="input" id={field_id(Field::Consent)} type="checkbox"
                                checked={state.draft.consent} onchange={toggle_consent(&state)}
                                aria-describedby={described(Field::Consent, false)} aria-invalid={invalid(Field::Consent)} />
                            <label class="tt-checkbox-label" part="label" for={field_id(Field::Consent)}>{ t.consent_label }</label>
                        </div>
                    }
                </fieldset>

                <div class="tt-honeypot" aria-hidden="true">
                    <label for="tt-website">{ t.honeypot_label }</label>
                    <input id="tt-website" type="text" tabindex="-1" autocomplete="off" value={state.draft.website.clone()}
                        oninput={set_honeypot(&state)} />
                </div>

                <p class="tt-notice">{ t.publication_notice }</p>
                <button class="tt-button" part="button" type="submit" aria-disabled={sending.then_some("true")}>
                    { if sending { t.submitting } else { t.submit } }
                </button>
            </form>
        </div>
    }
}

fn input_value(e: &InputEvent) -> String {
    let target = e.target();
    if let Some(input) = target.clone().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
        input.value()
    } else if let Some(area) = target.and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
        area.value()
    } else {
        String::new()
    }
}

fn select_topic(state: &UseReducerHandle<AskState>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
            state.dispatch(Action::Edit(Field::Topic, select.value()));
            state.dispatch(Action::Revalidate(Field::Topic));
        }
    })
}

fn toggle_consent(state: &UseReducerHandle<AskState>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            state.dispatch(Action::SetConsent(input.checked()));
            state.dispatch(Action::Revalidate(Field::Consent));
        }
    })
}

fn set_honeypot(state: &UseReducerHandle<AskState>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.dispatch(Action::SetHoneypot(input_value(&e))))
}

/// The tracker page's address with the code in its `tt-code` parameter, keeping the page's own query and
/// fragment.
fn tracker_link(url: &str, code: &str) -> String {
    let (address, fragment) = url.split_once('#').map_or((url, None), |(address, fragment)| (address, Some(fragment)));
    let separator = match address.find('?') {
        None => "?",
        Some(_) if address.ends_with(['?', '&']) => "",
        Some(_) => "&",
    };
    let mut link = format!("{address}{separator}tt-code={code}");
    if let Some(fragment) = fragment {
        link.push('#');
        link.push_str(fragment);
    }
    link
}

/// The agency's tracker on this same page, if there is one. This, and handing it the code, is the only
/// time a widget looks outside its own shadow root (besides the announcer).
fn tracker_on_page(agency: &str) -> Option<Element> {
    let trackers = web_sys::window()?.document()?.get_elements_by_tag_name("tuongtac-tracker");
    (0..trackers.length()).filter_map(|i| trackers.item(i)).find(|t| t.get_attribute("agency").as_deref() == Some(agency))
}

/// Gives the tracker the code and moves focus to its PIN field, which is all the citizen still has to type.
fn hand_to_tracker(tracker: &Element, code: &str) {
    let _ = tracker.set_attribute("code", code);
    let pin = tracker.shadow_root().and_then(|root| root.get_element_by_id(&field_id(Field::Pin)));
    if let Some(pin) = pin.and_then(|pin| pin.dyn_into::<HtmlElement>().ok()) {
        let _ = pin.focus();
    }
}

#[derive(Properties, PartialEq)]
struct ConfirmationProps {
    receipt: QuestionReceipt,
    lang: Lang,
    heading_ref: NodeRef,
    onaskanother: Callback<MouseEvent>,
    agency: AttrValue,
    tracker_url: Option<AttrValue>,
}

/// What the citizen sees once the question is stored: the code and PIN to write down, and what comes next.
#[component]
fn Confirmation(props: &ConfirmationProps) -> Html {
    let lang = props.lang;
    let t = texts(lang);
    let copied = use_state(|| None::<&'static str>);
    let code = props.receipt.tracking_code.clone();
    let follow = if let Some(url) = &props.tracker_url {
        html! { <p><a href={tracker_link(url, &code)} part="link">{ t.follow_question }</a></p> }
    } else if let Some(tracker) = tracker_on_page(&props.agency) {
        let onclick = Callback::from(move |_: MouseEvent| hand_to_tracker(&tracker, &code));
        html! { <button type="button" class="tt-button" part="button" {onclick}>{ t.follow_question }</button> }
    } else {
        html! {}
    };
    let copy = |label: &'static str, value: String| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(window) = web_sys::window() else { return };
            let promise = window.navigator().clipboard().write_text(&value);
            let copied = copied.clone();
            spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    copied.set(Some(label));
                    announce(t.copied, lang);
                }
            });
        })
    };
    // The name is the visible word plus what it copies ("Copy the PIN", "Copied the PIN"), so it always
    // starts with what is on screen (WCAG 2.5.3), also once the word has changed.
    let copy_button = |suffix: &'static str, value: &str| {
        html! {
            <button type="button" class="tt-button tt-button--secondary" part="button"
                onclick={copy(suffix, value.to_owned())}>
                { if *copied == Some(suffix) { t.copied } else { t.copy } }
                <span class="tt-visually-hidden">{ suffix }</span>
            </button>
        }
    };
    html! {
        <section class="tt-confirmation" part="confirmation" aria-labelledby="tt-confirmation-title">
            <h2 id="tt-confirmation-title" class="tt-confirmation-title" tabindex="-1" ref={props.heading_ref.clone()}>
                { t.sent_title }
            </h2>
            <dl class="tt-receipt">
                <div class="tt-receipt-row">
                    <dt>{ t.tracking_code }</dt>
                    <dd><span class="tt-code" translate="no">{ &props.receipt.tracking_code }</span>
                        { copy_button(t.copy_code_suffix, &props.receipt.tracking_code) }</dd>
                </div>
                <div class="tt-receipt-row">
                    <dt>{ t.pin }</dt>
                    <dd><span class="tt-code" translate="no">{ &props.receipt.pin }</span>
                        { copy_button(t.copy_pin_suffix, &props.receipt.pin) }</dd>
                </div>
            </dl>
            <p>{ t.next_steps }</p>
            <p><strong>{ t.pin_once }</strong></p>
            { follow }
            <button type="button" class="tt-button tt-button--secondary" part="button" onclick={props.onaskanother.clone()}>
                { t.ask_another }
            </button>
        </section>
    }
}
