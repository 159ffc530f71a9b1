//! `<tuongtac-ask>`: a citizen asks the agency a question and receives a tracking code and a PIN.

mod i18n;

use std::rc::Rc;

use domain::question::BODY_MAX;
use domain::{Field, FieldErrors, Lang, NewQuestion, QuestionReceipt, Topic};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::announce::announce;
use crate::api::{Submission, fetch_agency, new_idempotency_key, submit_question};
use crate::registry::{self, Attributes, Widget};
use crate::ui::{
    ALERT_ID, Alert, Checkbox, ERROR_SUMMARY_ID, ErrorSummary, FocusRequest, Receipt, Select, TextArea, TextField,
    field_id, fire, revalidate, use_focus_after_render,
};
use i18n::{sent_announcement, texts};

const CONFIRMATION_TITLE_ID: &str = "tt-confirmation-title";

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

impl Widget for Ask {
    const ELEMENT: registry::CustomElement = include!("element.rs");

    fn props(attributes: &Attributes) -> AskProps {
        AskProps {
            agency: attributes.agency(),
            lang: attributes.lang(),
            topic: attributes.get("topic"),
            api: attributes.api(),
            tracker_url: attributes.get("tracker-url"),
            host: attributes.host(),
        }
    }
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
    /// Whether the agency's topics were read (or could not be): the form shows only then, whole, so that no
    /// row appears inside it later and moves what the citizen is reading.
    agency_read: bool,
    focus: FocusRequest,
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
    AgencyRead(Vec<Topic>),
    Invalid(FieldErrors),
    Sending(String, NewQuestion),
    Finished(Submission<QuestionReceipt>),
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
                let (draft, topics) = (&next.draft, &next.topics);
                if !revalidate(&mut next.errors, field, || draft.validate_field(field, topics)) {
                    return self;
                }
            }
            Action::AgencyRead(topics) => {
                next.topics = topics;
                next.agency_read = true;
            }
            Action::Invalid(errors) => {
                next.errors = errors;
                next.focus.to(ERROR_SUMMARY_ID);
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
                next.focus.to(CONFIRMATION_TITLE_ID);
            }
            Action::Finished(Submission::Invalid(errors)) => return Rc::new(next).reduce(Action::Invalid(errors)),
            Action::Finished(failure) => {
                next.phase = match failure {
                    Submission::Unavailable => Phase::Unavailable,
                    Submission::Refused | Submission::Conflict => Phase::Refused,
                    _ => Phase::Unreachable,
                };
                next.focus.to(ALERT_ID);
            }
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
    let base_ref = use_focus_after_render(state.focus.clone());

    {
        let dispatcher = state.dispatcher();
        use_effect_with((props.api.clone(), props.agency.clone()), move |(api, agency)| {
            let (api, agency) = (api.clone(), agency.clone());
            spawn_local(async move {
                let topics = fetch_agency(&api, &agency).await.map(|found| found.topics).unwrap_or_default();
                dispatcher.dispatch(Action::AgencyRead(topics));
            });
        });
    }
    {
        // Once focus has moved: a message that takes focus is read out as it does, so the live region stays
        // silent rather than say it twice. The confirmation's heading does not hold the code, so the code is
        // spoken.
        let (phase, host) = (state.phase.clone(), props.host.clone());
        use_effect_with(state.focus.clone(), move |focus| {
            let message = match (focus.target(), &phase) {
                (None, _) => return,
                (Some(ERROR_SUMMARY_ID), _) => crate::ui::i18n::texts(lang).errors_announcement.to_owned(),
                (_, Phase::Sent(receipt)) => {
                    // Never the PIN: the page is not the citizen's.
                    fire(&host, "tuongtac-submit", &[("trackingCode", &receipt.tracking_code)]);
                    sent_announcement(&receipt.tracking_code, lang)
                }
                _ => String::new(),
            };
            announce(&message, lang);
        });
    }

    let fixed_topic = props.topic.as_ref().filter(|slug| state.topics.iter().any(|t| t.slug == slug.as_str())).cloned();

    let onsubmit = {
        let state = state.clone();
        let props = props.clone();
        let fixed_topic = fixed_topic.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.phase == Phase::Sending {
                return;
            }
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
            // Also drops a character count still waiting to be spoken.
            announce(t.sending_announcement, lang);
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
        Callback::from(move |value: String| state.dispatch(Action::Edit(field, value)))
    };
    let revalidate = |field: Field| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Revalidate(field)))
    };
    let errors = |field: Field| state.errors.get(field).to_vec();

    if let Phase::Sent(receipt) = &state.phase {
        let ask_another = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::AskAnother))
        };
        return html! {
            <div part="base" class="tt" lang={lang.as_str()} ref={base_ref}>
                <Confirmation receipt={receipt.clone()} {lang} onaskanother={ask_another}
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
    let show_topics = !state.topics.is_empty() && fixed_topic.is_none();
    let draft = &state.draft;
    // Only free text is spell-checked: fields with `autocomplete` are not.
    let contact = |field: Field, label: &'static str, hint: Option<&'static str>, kind: &'static str,
                   autocomplete: &'static str, value: &str| html! {
        <TextField id={field_id(field)} label={label} hint={hint.map(AttrValue::from)} errors={errors(field)} {lang}
            kind={kind} autocomplete={autocomplete} value={value.to_owned()} oninput={edit(field)}
            onblur={revalidate(field)} />
    };
    let select_topic = {
        let state = state.clone();
        Callback::from(move |value: String| {
            state.dispatch(Action::Edit(Field::Topic, value));
            state.dispatch(Action::Revalidate(Field::Topic));
        })
    };
    let toggle_consent = {
        let state = state.clone();
        Callback::from(move |consent: bool| {
            state.dispatch(Action::SetConsent(consent));
            state.dispatch(Action::Revalidate(Field::Consent));
        })
    };
    let set_honeypot = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            state.dispatch(Action::SetHoneypot(input.value()));
        })
    };

    if !state.agency_read {
        // The loader keeps the form's space free meanwhile; the agency's answer was fetched with the code.
        return html! { <div part="base" class="tt" lang={lang.as_str()} ref={base_ref} aria-busy="true"></div> };
    }
    html! {
        <div part="base" class="tt" lang={lang.as_str()} ref={base_ref}>
            <ErrorSummary errors={state.errors.clone()} {lang} />
            if let Some(failure) = failure {
                <Alert message={failure} />
            }
            <form class="tt-form" part="form" novalidate=true {onsubmit} aria-busy={sending.then_some("true")}>
                <TextField id={field_id(Field::Title)} label={t.title_label} hint={t.title_hint}
                    errors={errors(Field::Title)} {lang} value={draft.title.clone()} oninput={edit(Field::Title)}
                    onblur={revalidate(Field::Title)} />
                <TextArea id={field_id(Field::Body)} label={t.body_label} hint={t.body_hint}
                    errors={errors(Field::Body)} {lang} value={draft.body.clone()} max_chars={BODY_MAX}
                    oninput={edit(Field::Body)} onblur={revalidate(Field::Body)} />
                if show_topics {
                    <Select id={field_id(Field::Topic)} label={t.topic_label} errors={errors(Field::Topic)} {lang}
                        placeholder={t.topic_choose} value={draft.topic.clone().map(AttrValue::from)}
                        options={state.topics.iter().map(|topic| {
                            (AttrValue::from(topic.slug.clone()), AttrValue::from(topic.name(lang).to_owned()))
                        }).collect::<Vec<_>>()}
                        onchange={select_topic} onblur={revalidate(Field::Topic)} />
                }

                <fieldset class="tt-fieldset" part="field" aria-describedby="tt-contact-hint">
                    <legend class="tt-legend" part="label">{ t.contact_legend }</legend>
                    <p class="tt-hint" part="hint" id="tt-contact-hint">{ t.contact_hint }</p>
                    { contact(Field::Name, t.name_label, None, "text", "name", &draft.name) }
                    { contact(Field::Email, t.email_label, None, "email", "email", &draft.email) }
                    { contact(Field::Phone, t.phone_label, Some(t.phone_hint), "tel", "tel", &draft.phone) }
                    if draft.has_contact() {
                        <Checkbox id={field_id(Field::Consent)} label={t.consent_label} errors={errors(Field::Consent)}
                            {lang} checked={draft.consent} onchange={toggle_consent} />
                    }
                </fieldset>

                <div class="tt-honeypot" aria-hidden="true">
                    <label for="tt-website">{ t.honeypot_label }</label>
                    <input id="tt-website" type="text" tabindex="-1" autocomplete="off" value={draft.website.clone()}
                        oninput={set_honeypot} />
                </div>

                <p class="tt-notice">{ t.publication_notice }</p>
                <button class="tt-button" part="button" type="submit" aria-disabled={sending.then_some("true")}>
                    { if sending { t.submitting } else { t.submit } }
                </button>
            </form>
        </div>
    }
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
    onaskanother: Callback<MouseEvent>,
    agency: AttrValue,
    tracker_url: Option<AttrValue>,
}

/// What the citizen sees once the question is stored: the code and PIN to write down, and what comes next.
#[component]
fn Confirmation(props: &ConfirmationProps) -> Html {
    let lang = props.lang;
    let t = texts(lang);
    let code = props.receipt.tracking_code.clone();
    let follow = if let Some(url) = &props.tracker_url {
        html! { <p><a href={tracker_link(url, &code)} part="link">{ t.follow_question }</a></p> }
    } else if let Some(tracker) = tracker_on_page(&props.agency) {
        let onclick = Callback::from(move |_: MouseEvent| hand_to_tracker(&tracker, &code));
        html! { <button type="button" class="tt-button" part="button" {onclick}>{ t.follow_question }</button> }
    } else {
        html! {}
    };
    html! {
        <section class="tt-confirmation" part="confirmation" aria-labelledby="tt-confirmation-title">
            <h2 id={CONFIRMATION_TITLE_ID} class="tt-confirmation-title" tabindex="-1">
                { t.sent_title }
            </h2>
            <Receipt tracking_code={props.receipt.tracking_code.clone()} pin={props.receipt.pin.clone()} {lang} />
            <p>{ t.next_steps }</p>
            <p><strong>{ t.pin_once }</strong></p>
            { follow }
            <button type="button" class="tt-button tt-button--secondary" part="button" onclick={props.onaskanother.clone()}>
                { t.ask_another }
            </button>
        </section>
    }
}
